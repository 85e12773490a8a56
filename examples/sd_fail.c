/*
 * sd_fail.c - score-draft's --fail-above: what the value means and when a
 * result trips it.
 *
 * The report leads with the risk (0-100) and its level, so the gate takes
 * the same: a risk ("--fail-above 50": exit 1 when a message's risk is
 * above 50) or a level ("--fail-above medium": exit 1 at level high).
 * Input that is not an email (level unreadable) trips any gate: it cannot
 * be judged deliverable.  Values out of range are refused (exit 2).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sd.h"

int sd_fail_above(const char *v, sd_opts *o)
{
    static const char *const levels[] = { "low", "medium", "high" };
    char *end;
    double d;
    size_t i;
    for (i = 0; i < sizeof levels / sizeof levels[0]; i++)
        if (strcmp(v, levels[i]) == 0) {
            o->fail_level = (int)i;
            o->fail_above = -1;
            return 0;
        }
    d = strtod(v, &end);
    if (!*v || *end || !isfinite(d) || d < 0 || d > 100) {
        fprintf(stderr, "score-draft: --fail-above takes a risk from 0 to "
                        "100 or a level (low, medium, high), not '%s'\n", v);
        return -1;
    }
    o->fail_above = d;
    o->fail_level = -1;
    return 0;
}

int sd_fails(const sd_opts *o, const lsc_result *r)
{
    lsc_level lv = lsc_result_level(r);
    if (o->fail_above < 0 && o->fail_level < 0)
        return 0;
    if (lv == LSC_LEVEL_UNREADABLE)
        return 1;
    if (o->fail_level >= 0)
        return (int)lv > o->fail_level;
    return lsc_result_risk(r) > o->fail_above;
}

/*
 * score.c - from hits to points, risk and level.
 *
 * Takes: the hits with their strengths.  Gives: points = weight x strength
 * per hit, each group capped (the cap is shared out in proportion), the
 * total, a 0-100 risk and a level, and the hits sorted worst first.
 *
 * Risk maps points through 100 * (1 - exp(-points / RISK_SCALE)) so that
 * it rises quickly for the first findings and never reaches 100; the level
 * thresholds are on the risk.
 */
#include <math.h>
#include <stdlib.h>

#include "pipeline.h"
#include "result.h"

#define RISK_SCALE 6.0
#define LEVEL_MEDIUM_RISK 35
#define LEVEL_HIGH_RISK 65

static double group_cap(const char *group)
{
    size_t i;
    for (i = 0; i < lsc__group_count; i++)
        if (strcmp(lsc__group_table[i].name, group) == 0)
            return lsc__group_table[i].cap;
    return 1e9;
}

static int by_points(const void *a, const void *b)
{
    const lsc_hit *x = *(const lsc_hit *const *)a;
    const lsc_hit *y = *(const lsc_hit *const *)b;
    if (x->points != y->points)
        return x->points < y->points ? 1 : -1;
    return strcmp(x->id, y->id);
}

int lsc__score_run(lsc__ctx *c)
{
    lsc_result *r = c->res;
    size_t n = r->hits.n, i, j;
    double total = 0.0;

    for (i = 0; i < n; i++) {
        lsc__hit *h = LSC__VEC_AT(&r->hits, lsc__hit *, i);
        h->pub.points = h->pub.weight * h->pub.strength;
    }
    /* Cap each group: scale its hits down together. */
    for (i = 0; i < n; i++) {
        lsc__hit *h = LSC__VEC_AT(&r->hits, lsc__hit *, i);
        double sum = 0.0, cap;
        int first = 1;
        for (j = 0; j < i; j++)
            if (strcmp(LSC__VEC_AT(&r->hits, lsc__hit *, j)->pub.group,
                       h->pub.group) == 0)
                first = 0;
        if (!first)
            continue;
        for (j = i; j < n; j++) {
            lsc__hit *g = LSC__VEC_AT(&r->hits, lsc__hit *, j);
            if (strcmp(g->pub.group, h->pub.group) == 0)
                sum += g->pub.points;
        }
        cap = group_cap(h->pub.group);
        if (sum > cap && sum > 0) {
            for (j = i; j < n; j++) {
                lsc__hit *g = LSC__VEC_AT(&r->hits, lsc__hit *, j);
                if (strcmp(g->pub.group, h->pub.group) == 0)
                    g->pub.points *= cap / sum;
            }
        }
    }
    r->sorted = lsc__arena_alloc(c->ar, (n ? n : 1) * sizeof *r->sorted);
    if (!r->sorted)
        return LSC_ENOMEM;
    for (i = 0; i < n; i++) {
        lsc__hit *h = LSC__VEC_AT(&r->hits, lsc__hit *, i);
        r->sorted[i] = &h->pub;
        total += h->pub.points;
    }
    r->n_sorted = n;
    qsort(r->sorted, n, sizeof *r->sorted, by_points);
    r->points = total;
    r->risk = (int)lround(100.0 * (1.0 - exp(-total / RISK_SCALE)));
    if (r->risk > 100)
        r->risk = 100;
    r->level = r->risk >= LEVEL_HIGH_RISK ? LSC_LEVEL_HIGH
             : r->risk >= LEVEL_MEDIUM_RISK ? LSC_LEVEL_MEDIUM
             : LSC_LEVEL_LOW;
    return 0;
}

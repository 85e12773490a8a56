/*
 * sd_text.c - score-draft --text-json (placeholder until the visible-text
 * issue).
 */
#include "sd.h"

int sd_text_json(FILE *out, const char *path, const lsc_result *r)
{
    (void)out; (void)path; (void)r;
    fprintf(stderr, "score-draft: --text-json is not built yet\n");
    return -1;
}

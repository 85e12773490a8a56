/*
 * sd_mime.c - score-draft --mime-json (placeholder until the MIME issue).
 */
#include "sd.h"

int sd_mime_json(FILE *out, const char *path, const lsc_result *r)
{
    (void)out; (void)path; (void)r;
    fprintf(stderr, "score-draft: --mime-json is not built yet\n");
    return -1;
}

/*
 * sd_parts.c - score-draft's structure dumps (--mime-json, --text-json).
 * Placeholder until the MIME and visible-text issues land.
 */
#include "sd.h"

int sd_mime_json(FILE *out, const char *path, const lsc_result *r)
{
    (void)out; (void)path; (void)r;
    fprintf(stderr, "score-draft: --mime-json is not built yet\n");
    return -1;
}

int sd_text_json(FILE *out, const char *path, const lsc_result *r)
{
    (void)out; (void)path; (void)r;
    fprintf(stderr, "score-draft: --text-json is not built yet\n");
    return -1;
}

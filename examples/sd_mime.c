/*
 * sd_mime.c - score-draft --mime-json: the MIME structure the library read,
 * one JSON object per message in the form of mime_reference.py (path,
 * decoded subject or null, the leaf parts depth-first with content_type,
 * charset, disposition, filename, decoded byte count and SHA-1 of the
 * transfer-decoded body), so compare_mime.py can check it against
 * Python's email package.
 */
#include <string.h>

#include "sd.h"
#include "sd_sha1.h"

static void str_or_null(FILE *out, const char *s)
{
    if (s)
        sd_json_str(out, s, strlen(s));
    else
        fputs("null", out);
}

int sd_mime_json(FILE *out, const char *path, const lsc_result *r)
{
    size_t i, n = lsc_result_part_count(r), len = 0;
    const char *subject = lsc_result_subject(r, &len);
    int first = 1;

    fputs("{\"path\": ", out);
    sd_json_str(out, path, strlen(path));
    fputs(", \"subject\": ", out);
    if (lsc_result_header_value(r, "Subject"))
        sd_json_str(out, subject, len);
    else
        fputs("null", out);
    fputs(", \"parts\": [", out);
    for (i = 0; i < n; i++) {
        const lsc_part *p = lsc_result_part(r, i);
        char hex[41];
        if (p->kind != LSC_PART_LEAF)
            continue;
        sd_sha1_hex(p->body ? (const void *)p->body : "", p->body_bytes, hex);
        fputs(first ? "{" : ", {", out);
        first = 0;
        fputs("\"content_type\": ", out);
        str_or_null(out, p->content_type);
        fputs(", \"charset\": ", out);
        str_or_null(out, p->charset);
        fputs(", \"disposition\": ", out);
        str_or_null(out, p->disposition);
        fputs(", \"filename\": ", out);
        str_or_null(out, p->filename);
        fprintf(out, ", \"bytes\": %zu, \"sha1\": \"%s\"}", p->body_bytes, hex);
    }
    fputs("]}\n", out);
    return 0;
}

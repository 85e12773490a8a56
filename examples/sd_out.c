/*
 * sd_out.c - score-draft's score outputs: the readable report, JSON, TSV.
 */
#include <string.h>

#include "sd.h"

void sd_json_str(FILE *out, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    if (!s) {
        fputs("null", out);
        return;
    }
    fputc('"', out);
    while (i < n) {
        unsigned c = p[i];
        size_t len = 0, k;
        unsigned cp = 0;
        if (c == '"' || c == '\\') {
            fputc('\\', out);
            fputc((int)c, out);
            i++;
            continue;
        }
        if (c < 0x20 || c == 0x7f) {
            if (c == '\n') fputs("\\n", out);
            else if (c == '\r') fputs("\\r", out);
            else if (c == '\t') fputs("\\t", out);
            else fprintf(out, "\\u%04x", c);
            i++;
            continue;
        }
        if (c < 0x80) {
            fputc((int)c, out);
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) len = 2, cp = c & 0x1F;
        else if (c >= 0xE0 && c <= 0xEF) len = 3, cp = c & 0x0F;
        else if (c >= 0xF0 && c <= 0xF4) len = 4, cp = c & 0x07;
        if (len && i + len <= n) {
            for (k = 1; k < len; k++) {
                if ((p[i + k] & 0xC0) != 0x80)
                    break;
                cp = (cp << 6) | (p[i + k] & 0x3F);
            }
            if (k == len && !(len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) &&
                !(len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
                fwrite(p + i, 1, len, out);
                i += len;
                continue;
            }
        }
        fputs("\xEF\xBF\xBD", out);
        i++;
    }
    fputc('"', out);
}

int sd_json(FILE *out, const char *path, const lsc_result *r)
{
    char *js = NULL;
    size_t len = 0;
    if (lsc_result_json(&js, &len, r, 0) != 0)
        return -1;
    /* Put the path first so batches can be joined back to their files. */
    fputs("{\"path\":", out);
    sd_json_str(out, path, strlen(path));
    if (len > 2) {
        fputc(',', out);
        fwrite(js + 1, 1, len - 1, out);
    } else {
        fputc('}', out);
    }
    fputc('\n', out);
    lsc_string_free(js);
    return 0;
}

int sd_tsv(FILE *out, const char *path, const lsc_result *r)
{
    size_t i, n = lsc_result_hit_count(r);
    fprintf(out, "%s\t%.3f\t%d\t%s\t", path, lsc_result_points(r),
            lsc_result_risk(r), lsc_level_name(lsc_result_level(r)));
    for (i = 0; i < n; i++)
        fprintf(out, "%s%s", i ? "," : "", lsc_result_hit(r, i)->id);
    fputc('\n', out);
    return 0;
}

int sd_report(FILE *out, const char *path, const lsc_result *r,
              const sd_opts *o)
{
    size_t i, j, n = lsc_result_hit_count(r);
    const char *bold = o->color ? "\033[1m" : "", *off = o->color ? "\033[0m" : "";
    fprintf(out, "%s%s%s: risk %d/100 (%s), %.1f points\n", bold, path, off,
            lsc_result_risk(r), lsc_level_name(lsc_result_level(r)),
            lsc_result_points(r));
    for (i = 0; i < n; i++) {
        const lsc_hit *h = lsc_result_hit(r, i);
        fprintf(out, "  %+5.1f  %s%s%s  %s\n", h->points, bold, h->id, off,
                h->explanation);
        for (j = 0; j < h->n_evidence && j < 5; j++)
            fprintf(out, "         \"%s\"\n", h->evidence[j].text);
        if (h->suggestion)
            fprintf(out, "         -> %s\n", h->suggestion);
    }
    if (!n)
        fprintf(out, "  no findings\n");
    return 0;
}

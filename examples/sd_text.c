/*
 * sd_text.c - score-draft --text-json: the visible text of every
 * text/plain and text/html leaf, one JSON object per message, in the form
 * of ../shared/tools/text_reference.py ({"path", "parts": [{"index" (the
 * leaf index), "content_type", "text"}]}), so compare_text.py can check
 * the HTML reduction against an independent one.
 */
#include <string.h>

#include "sd.h"

int sd_text_json(FILE *out, const char *path, const lsc_result *r)
{
    size_t i, n = lsc_result_part_count(r);
    int first = 1;
    fputs("{\"path\": ", out);
    sd_json_str(out, path, strlen(path));
    fputs(", \"parts\": [", out);
    for (i = 0; i < n; i++) {
        const lsc_part *p = lsc_result_part(r, i);
        const char *text;
        size_t len;
        if (!p || p->kind != LSC_PART_LEAF ||
            (strcmp(p->content_type, "text/plain") != 0 &&
             strcmp(p->content_type, "text/html") != 0))
            continue;
        /* the visible text; a text leaf the stages did not reduce (an
         * attached .txt, say) shows its UTF-8 body */
        text = p->text ? p->text : p->utf8;
        len = p->text ? p->text_bytes : p->utf8_bytes;
        if (!text) {
            text = "";
            len = 0;
        }
        fprintf(out, "%s{\"index\": %zu, \"content_type\": ", first ? "" : ", ",
                p->leaf_index);
        sd_json_str(out, p->content_type, strlen(p->content_type));
        fputs(", \"text\": ", out);
        sd_json_str(out, text, len);
        fputs("}", out);
        first = 0;
    }
    fputs("]}\n", out);
    return ferror(out) ? -1 : 0;
}

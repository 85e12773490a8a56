/*
 * sd_out.c - score-draft's score outputs: the readable report, JSON, TSV.
 *
 * Takes: a scored result and the tool's options.  Gives: the report (risk
 * and level with what the level means, then every finding worst first with
 * its points, explanation, each piece of evidence quoted with a few words
 * of the visible text around it, and the fix), one JSON object per message,
 * or one TSV line per message.  Colour only when sd_opts.color says so (a
 * terminal and no NO_COLOR); without it the evidence is marked [like this].
 * Limits: SD_MAX_EVIDENCE quotes per finding, SD_CONTEXT_BYTES of context.
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
    if (lsc_result_json(&js, &len, r, 0, NULL) != 0)
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
    /* a line for each of thousands of drafts: no format to parse */
    for (i = 0; i < n; i++) {
        if (i)
            putc(',', out);
        fputs(lsc_result_hit(r, i)->id, out);
    }
    putc('\n', out);
    return 0;
}

/* ---- the readable report ---- */

/* Bytes of context shown on each side of an evidence span: a few words. */
#define SD_CONTEXT_BYTES 40
/* Evidence items shown per finding; the rest are counted. */
#define SD_MAX_EVIDENCE 3

/* Labels end in their own colon ("fix: ", "建议：") and the count of
 * evidence not shown is a whole format: Chinese takes full-width
 * punctuation. */
typedef struct sd_words {
    const char *risk, *level[4], *points_fmt, *finding, *findings, *none, *fix,
        *more_fmt, *subject,
        *link, *attachment, *meaning[4], *fix_this_fmt, *colon;
} sd_words;

static const sd_words sd_en = {
    "risk", { "low", "medium", "high", "unreadable" }, " (%.1f points): ",
    "finding",
    "findings", "no findings", "fix: ", "(+%zu more)", "subject: ", "link: ",
    "attachment: ",
    { "likely to be delivered",
      "some filters may flag it; worth fixing",
      "likely to be filtered or rejected; fix before sending",
      "this is not an email: nothing about its delivery can be judged" },
    "fix this: %+.1f points (risk %d)", ": "
};

static const sd_words sd_zh = {
    "风险", { "低", "中", "高", "无法读取" }, "（%.1f 分）：", "项问题", "项问题",
    "未发现问题", "建议：", "（另有 %zu 处）", "主题：", "链接：", "附件：",
    { "大概率可以正常送达",
      "部分过滤器可能拦截，建议修改",
      "很可能被过滤或退回，发送前请修改",
      "这不是邮件，无法判断投递情况" },
    "修改此项：%+.1f 分（风险 %d）", "："
};

/* Start of the UTF-8 character that contains byte i. */
static size_t utf8_back(const char *s, size_t i)
{
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return i;
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

/* Writes s[0..n) on one line: line breaks and runs of blanks become one
 * space (every blank stays a space when *last_space is -1: inside the
 * evidence itself, where a run of spaces may be the finding), other
 * control bytes are dropped. */
static void put_flat(FILE *out, const char *s, size_t n, int *last_space)
{
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_space(c)) {
            if (*last_space != 1)
                fputc(' ', out);
            if (*last_space != -1)
                *last_space = 1;
        } else if (c < 0x20 || c == 0x7f) {
            continue;
        } else {
            fputc(c, out);
            if (*last_space != -1)
                *last_space = 0;
        }
    }
}

/* The span [s, e) of src quoted with a few words on each side; the span
 * itself is highlighted (colour, or [brackets] without it). */
static void put_in_context(FILE *out, const char *src, size_t len, size_t s,
                           size_t e, const sd_opts *o)
{
    size_t from, to, i;
    int sp = 0;
    if (s > len)
        s = len;
    if (e > len || e < s)
        e = s;
    from = s > SD_CONTEXT_BYTES ? s - SD_CONTEXT_BYTES : 0;
    from = utf8_back(src, from);
    /* Begin at a word: skip the partial word the cut landed in. */
    if (from > 0) {
        for (i = from; i < s; i++)
            if (is_space((unsigned char)src[i])) {
                from = i + 1;
                break;
            }
    }
    to = e + SD_CONTEXT_BYTES < len ? e + SD_CONTEXT_BYTES : len;
    to = utf8_back(src, to);
    if (to < len) {
        for (i = to; i > e; i--)
            if (is_space((unsigned char)src[i - 1])) {
                to = i - 1;
                break;
            }
    }
    fputs(from > 0 ? "\xE2\x80\xA6" : "\"", out);
    put_flat(out, src + from, s - from, &sp);
    fputs(o->color ? "\033[1;31m" : "[", out);
    sp = -1;
    put_flat(out, src + s, e - s, &sp);
    sp = 0;
    fputs(o->color ? "\033[0m" : "]", out);
    put_flat(out, src + e, to - e, &sp);
    fputs(to < len ? "\xE2\x80\xA6" : "\"", out);
}

static void put_evidence(FILE *out, const lsc_result *r, const lsc_evidence *ev,
                         const sd_words *w, const sd_opts *o)
{
    const char *src = NULL;
    size_t len = 0;
    int sp = 0;
    if (ev->where == LSC_WHERE_SUBJECT) {
        src = lsc_result_subject(r, &len);
        fputs(w->subject, out);
    } else if (ev->where == LSC_WHERE_BODY) {
        const lsc_part *p = lsc_result_part(r, ev->part);
        if (p && p->text) {
            src = p->text;
            len = p->text_bytes;
        }
    } else if (ev->where == LSC_WHERE_HEADER && ev->header) {
        src = lsc_result_header_value(r, ev->header);
        len = src ? strlen(src) : 0;
        fprintf(out, "%s: ", ev->header);
    } else if (ev->where == LSC_WHERE_LINK) {
        fputs(w->link, out);
    } else if (ev->where == LSC_WHERE_ATTACHMENT) {
        fputs(w->attachment, out);
    }
    /* Quote from the source only when the span really is there. */
    if (src && ev->end >= ev->start && ev->end <= len && ev->text &&
        strlen(ev->text) == ev->end - ev->start &&
        memcmp(src + ev->start, ev->text, ev->end - ev->start) == 0) {
        put_in_context(out, src, len, ev->start, ev->end, o);
    } else if (ev->text) {
        fputc('"', out);
        put_flat(out, ev->text, strlen(ev->text), &sp);
        fputc('"', out);
    }
    fputc('\n', out);
}

int sd_report(FILE *out, const char *path, const lsc_result *r,
              const sd_opts *o)
{
    size_t i, j, n = lsc_result_hit_count(r);
    const sd_words *w = o->lang == LSC_LANG_ZH ? &sd_zh : &sd_en;
    lsc_level lv = lsc_result_level(r);
    int li = lv == LSC_LEVEL_UNREADABLE ? 3 : lv == LSC_LEVEL_HIGH ? 2
             : lv == LSC_LEVEL_MEDIUM ? 1 : 0;
    static const char *const level_colour[4] = {
        "\033[1;32m", "\033[1;33m", "\033[1;31m", "\033[1;35m"
    };
    const char *bold = o->color ? "\033[1m" : "";
    const char *dim = o->color ? "\033[2m" : "";
    const char *off = o->color ? "\033[0m" : "";

    fprintf(out, "%s%s%s\n", bold, path, off);
    if (li == 3)    /* no risk to give: say what it is */
        fprintf(out, "  %s%s%s%s%s\n", o->color ? level_colour[li] : "",
                w->level[li], off, w->colon, w->meaning[li]);
    else
    {
        fprintf(out, "  %s %d/100 %s%s%s", w->risk, lsc_result_risk(r),
                o->color ? level_colour[li] : "", w->level[li], off);
        fprintf(out, w->points_fmt, lsc_result_points(r));
        fprintf(out, "%s\n", w->meaning[li]);
    }
    if (!n) {
        fprintf(out, "  %s\n\n", w->none);
        return 0;
    }
    fprintf(out, "  %zu %s\n", n, n == 1 ? w->finding : w->findings);
    for (i = 0; i < n; i++) {
        const lsc_hit *h = lsc_result_hit(r, i);
        fprintf(out, "\n  %+5.1f  %s%s%s  %s\n", h->points, bold, h->id, off,
                h->explanation ? h->explanation : "");
        for (j = 0; j < h->n_evidence && j < SD_MAX_EVIDENCE; j++) {
            fputs("         ", out);
            put_evidence(out, r, lsc_hit_evidence(h, j), w, o);
        }
        if (h->n_evidence > SD_MAX_EVIDENCE) {
            fprintf(out, "         %s", dim);
            fprintf(out, w->more_fmt, h->n_evidence - SD_MAX_EVIDENCE);
            fprintf(out, "%s\n", off);
        }
        if (h->suggestion && *h->suggestion)
            fprintf(out, "         %s%s%s%s\n", bold, w->fix, off,
                    h->suggestion);
        /* what fixing it gains, when it is something to show */
        if (h->fix_points <= -0.05) {
            fputs("         ", out);
            fprintf(out, w->fix_this_fmt, h->fix_points, h->fix_risk);
            fputc('\n', out);
        }
    }
    fputc('\n', out);
    return 0;
}

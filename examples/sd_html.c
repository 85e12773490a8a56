/*
 * sd_html.c - score-draft --html: the annotated report pages.
 *
 * Takes: the --html target and every scored result.  Gives: with a target
 * ending in .html/.htm, that one page (one message only); otherwise a
 * directory (created when missing) with one page per message, named after
 * the file, and index.html: a table of file, risk, level and top findings
 * that sorts by any of them without a script (each order is a table of
 * its own, shown when its id is the URL's fragment; :target in CSS).
 * Limits: SD_HTML_MAX_PAGES pages per batch, SD_HTML_TOP findings shown
 * per row of the index.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sd.h"

#define SD_HTML_MAX_PAGES 100000
#define SD_HTML_TOP 3

typedef struct sd_row {
    char *page;        /* file name of the page, safe for an href */
    char *path;        /* the message's path as given */
    int risk, level;
    size_t n_hits;
    char *top;         /* "ID, ID, ID" */
} sd_row;

struct sd_html {
    char *target;
    int dir;
    sd_row *rows;
    size_t n, cap;
    int failed;
};

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

int sd_html_open(sd_html **out, const char *target)
{
    sd_html *h = calloc(1, sizeof *h);
    struct stat st;
    if (!h)
        return -1;
    h->target = strdup(target);
    h->dir = !(ends_with(target, ".html") || ends_with(target, ".htm")) ||
             (stat(target, &st) == 0 && S_ISDIR(st.st_mode));
    if (h->dir && mkdir(target, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "score-draft: %s: %s\n", target, strerror(errno));
        free(h->target);
        free(h);
        return -1;
    }
    *out = h;
    return 0;
}

/* The page's file name: the message's base name, .eml replaced, every
 * byte outside [A-Za-z0-9._-] as '_', numbered when it repeats. */
static char *page_name(const sd_html *h, const char *path)
{
    const char *base = strrchr(path, '/');
    size_t i, n, k;
    char *s;
    base = base ? base + 1 : path;
    if (!*base || strcmp(base, "-") == 0)
        base = "stdin";
    n = strlen(base);
    if (n > 4 && strcmp(base + n - 4, ".eml") == 0)
        n -= 4;
    if (n > 200)
        n = 200;
    s = malloc(n + 32);
    if (!s)
        return NULL;
    for (i = 0; i < n; i++) {
        char c = base[i];
        s[i] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' ? c : '_';
    }
    if (s[0] == '.')
        s[0] = '_';
    strcpy(s + n, ".html");
    for (k = 2; ; k++) {
        size_t j;
        int taken = strcmp(s, "index.html") == 0;
        for (j = 0; j < h->n && !taken; j++)
            taken = strcmp(h->rows[j].page, s) == 0;
        if (!taken)
            return s;
        snprintf(s + n, 32, "-%zu.html", k);
    }
}

int sd_html_page(sd_html *h, const char *path, const lsc_result *r,
                 const sd_opts *o)
{
    lsc_html_options ho;
    lsc_error err;
    char *html = NULL, *file = NULL, *name = NULL;
    size_t len = 0, i, tl = 0;
    FILE *f;
    sd_row *row;
    int rc = -1;

    if (!h->dir && h->n) {
        fprintf(stderr, "score-draft: --html %s takes one message; give a "
                "directory for a batch\n", h->target);
        return -1;
    }
    if (h->n >= SD_HTML_MAX_PAGES)
        return -1;
    lsc_html_options_init(&ho);
    ho.title = path;
    ho.title_len = strlen(path);
    ho.lang = (int)o->lang;
    if (lsc_result_html(&html, &len, r, &ho, &err) != 0) {
        fprintf(stderr, "score-draft: %s: %s\n", path, err.message);
        return -1;
    }
    name = h->dir ? page_name(h, path) : strdup("");
    if (!name)
        goto done;
    file = malloc(strlen(h->target) + strlen(name) + 2);
    if (!file)
        goto done;
    if (h->dir)
        sprintf(file, "%s%s%s", h->target, ends_with(h->target, "/") ? "" : "/",
                name);
    else
        strcpy(file, h->target);
    f = fopen(file, "wb");
    if (!f || fwrite(html, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "score-draft: %s: %s\n", file, strerror(errno));
        goto done;
    }
    if (h->n == h->cap) {
        size_t cap = h->cap ? 2 * h->cap : 64;
        sd_row *nr = realloc(h->rows, cap * sizeof *nr);
        if (!nr)
            goto done;
        h->rows = nr;
        h->cap = cap;
    }
    row = &h->rows[h->n];
    memset(row, 0, sizeof *row);
    row->risk = lsc_result_risk(r);
    row->level = (int)lsc_result_level(r);
    row->n_hits = lsc_result_hit_count(r);
    row->top = calloc(1, SD_HTML_TOP * 64 + 1);
    row->path = strdup(path);
    if (!row->top || !row->path) {
        free(row->top);
        free(row->path);
        goto done;
    }
    for (i = 0; i < row->n_hits && i < SD_HTML_TOP; i++) {
        const char *id = lsc_result_hit(r, i)->id;
        tl += (size_t)snprintf(row->top + tl, 64 + 1, "%s%.60s", i ? ", " : "", id);
    }
    row->page = name;
    name = NULL;
    h->n++;
    rc = 0;
done:
    if (rc != 0)
        h->failed = 1;
    free(name);
    free(file);
    lsc_string_free(html);
    return rc;
}

/* ---- the index ---- */

static void esc(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default:
            if ((unsigned char)*s < 0x20)
                fputc('?', f);
            else
                fputc(*s, f);
        }
    }
}

typedef struct sd_iwords {
    const char *lang, *title, *file, *risk, *level, *findings, *top,
        *levels[4], *note;
} sd_iwords;

static const sd_iwords iw_en = {
    "en", "Delivery check: all messages", "File", "Risk", "Level", "Findings",
    "Top findings", { "Low", "Medium", "High", "Not an email" },
    "Choose a column heading to sort by it."
};
static const sd_iwords iw_zh = {
    "zh", "投递风险检查：全部邮件", "文件", "风险", "等级", "问题数",
    "主要问题", { "低", "中", "高", "不是邮件" }, "点击列标题即可按该列排序。"
};

enum { BY_RISK, BY_LEVEL, BY_FINDINGS, BY_FILE, N_VIEWS };
static const char *const view_id[N_VIEWS] = { "by-risk", "by-level",
                                              "by-findings", "by-file" };

static int cmp_by(int v, const sd_row *x, const sd_row *y)
{
    int d = 0;
    if (v == BY_RISK || v == BY_LEVEL) {
        if (v == BY_LEVEL)
            d = y->level - x->level;
        if (!d)
            d = y->risk - x->risk;
    } else if (v == BY_FINDINGS) {
        d = (y->n_hits > x->n_hits) - (y->n_hits < x->n_hits);
    }
    return d ? d : strcmp(x->path, y->path);
}

static int cmp_risk(const void *a, const void *b) { return cmp_by(BY_RISK, a, b); }
static int cmp_level(const void *a, const void *b) { return cmp_by(BY_LEVEL, a, b); }
static int cmp_findings(const void *a, const void *b) { return cmp_by(BY_FINDINGS, a, b); }
static int cmp_file(const void *a, const void *b) { return cmp_by(BY_FILE, a, b); }

static int (*const view_cmp[N_VIEWS])(const void *, const void *) = {
    cmp_risk, cmp_level, cmp_findings, cmp_file
};

static void th(FILE *f, const char *word, int v, int cur)
{
    if (v == cur)
        fprintf(f, "<th scope=\"col\" aria-sort=\"%s\">%s %s</th>",
                v == BY_FILE ? "ascending" : "descending", word,
                v == BY_FILE ? "\xE2\x96\xB2" : "\xE2\x96\xBC");
    else if (v >= 0)
        fprintf(f, "<th scope=\"col\"><a href=\"#%s\">%s</a></th>", view_id[v],
                word);
    else
        fprintf(f, "<th scope=\"col\">%s</th>", word);
}

static void index_table(FILE *f, const sd_html *h, const sd_iwords *w, int v)
{
    static const char *const icon[4] = { "\xE2\x9C\x93", "\xE2\x9A\xA0",
                                         "\xE2\x9C\x96", "?" };
    size_t i;
    fprintf(f, "<section class=\"view\" id=\"%s\"><table><thead><tr>",
            view_id[v]);
    th(f, w->file, BY_FILE, v);
    th(f, w->risk, BY_RISK, v);
    th(f, w->level, BY_LEVEL, v);
    th(f, w->findings, BY_FINDINGS, v);
    th(f, w->top, -1, v);
    fputs("</tr></thead>\n<tbody>\n", f);
    for (i = 0; i < h->n; i++) {
        const sd_row *r = &h->rows[i];
        int l = r->level < 0 || r->level > 3 ? 0 : r->level;
        fprintf(f, "<tr><td><a href=\"%s\"><bdi>", r->page);
        esc(f, r->path);
        fprintf(f, "</bdi></a></td><td class=\"num\">%d</td><td><span class=\"b b-%d\">"
                "<span aria-hidden=\"true\">%s</span> %s</span></td>"
                "<td class=\"num\">%zu</td><td><code>", r->risk, l, icon[l],
                w->levels[l], r->n_hits);
        esc(f, r->top);
        fputs("</code></td></tr>\n", f);
    }
    fputs("</tbody></table></section>\n", f);
}

static int write_index(sd_html *h, const sd_opts *o)
{
    const sd_iwords *w = o->lang == LSC_LANG_ZH ? &iw_zh : &iw_en;
    char *file = malloc(strlen(h->target) + 16);
    FILE *f;
    int v;
    if (!file)
        return -1;
    sprintf(file, "%s%sindex.html", h->target,
            ends_with(h->target, "/") ? "" : "/");
    f = fopen(file, "wb");
    if (!f) {
        fprintf(stderr, "score-draft: %s: %s\n", file, strerror(errno));
        free(file);
        return -1;
    }
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
            "'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; "
            "form-action 'none'\">\n<meta name=\"viewport\" content=\"width="
            "device-width, initial-scale=1\">\n<title>%s</title>\n<style>"
            "body{font:16px/1.5 system-ui,sans-serif;color:#1f2328;max-width:62rem;"
            "margin:0 auto;padding:1rem}a{color:#0550ae}"
            "table{border-collapse:collapse;width:100%%}"
            "th,td{border:1px solid #d0d7de;padding:.35rem .5rem;text-align:start;"
            "overflow-wrap:anywhere}th{background:#f6f8fa;white-space:nowrap}.num{text-align:end}"
            ".b{font-weight:700;padding:.1rem .5rem;border-radius:1rem;white-space:nowrap}"
            ".b-0{color:#116329;background:#dafbe1}.b-1{color:#7d4e00;background:#fff8c5}"
            ".b-2{color:#a40e26;background:#ffebe9}.b-3{color:#24292f;background:#eaeef2}"
            ".note{color:#57606a}"
            ".view{display:none}.view:target{display:block}#by-file{display:block}"
            ".view:target~#by-file{display:none}"
            "@media print{.view{display:none!important}#by-file{display:block!important}"
            "a{color:#1f2328;text-decoration:none}}"
            "</style>\n</head>\n<body>\n<header><h1>%s</h1>"
            "<p class=\"note\">%s</p></header>\n<main>\n", w->lang, w->title,
            w->title, w->note);
    /* by-file last: the sibling rule hides it when another view is chosen */
    for (v = 0; v < N_VIEWS; v++) {
        qsort(h->rows, h->n, sizeof *h->rows, view_cmp[v]);
        index_table(f, h, w, v);
    }
    fputs("</main>\n</body>\n</html>\n", f);
    if (fclose(f) != 0) {
        free(file);
        return -1;
    }
    fprintf(stderr, "score-draft: %zu page(s) and the index: %s\n", h->n, file);
    free(file);
    return 0;
}

int sd_html_close(sd_html *h, const sd_opts *o)
{
    size_t i;
    int rc = 0;
    if (!h)
        return 0;
    if (h->dir)
        rc = write_index(h, o);
    else if (h->n)
        fprintf(stderr, "score-draft: page: %s\n", h->target);
    for (i = 0; i < h->n; i++) {
        free(h->rows[i].page);
        free(h->rows[i].path);
        free(h->rows[i].top);
    }
    free(h->rows);
    free(h->target);
    rc = rc || h->failed ? -1 : 0;
    free(h);
    return rc;
}

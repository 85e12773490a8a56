/*
 * check_spans.c - every piece of evidence on real mail points at text that
 * is really there (`make check-spans CORPUS=dir`).
 *
 * Takes: directories or files (read recursively like score-draft).  Scores
 * every message with the default engine, in English and in Chinese, and
 * checks every hit: points at most weight x strength and at most what the
 * group cap lets one hit of that size keep (score.c: the sum up to the
 * cap, its logarithm above it),
 * strength in 0..1, an explanation and a suggestion; and every evidence
 * span: SUBJECT, BODY and HEADER spans lie inside their text, start and
 * end on UTF-8 character boundaries, and the quoted text is exactly the
 * bytes there; all evidence text is valid UTF-8.  The same check as
 * tests/unit/test_messages.c, over a whole corpus.
 * Gives: one line per bad span (at most CHECK_MAX_SHOWN), totals, and exit
 * status 1 when anything was wrong.  Limits: CHECK_MAX_DEPTH directories.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "libscore.h"

#define CHECK_MAX_SHOWN 30
#define CHECK_MAX_DEPTH 32
#define CHECK_MAX_FILE ((size_t)128 * 1024 * 1024)

typedef struct stats {
    size_t messages, hits, spans, texts, bad, errors, shown;
} stats;

static int utf8_valid(const unsigned char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i], cp, len, k;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) len = 2, cp = c & 0x1F;
        else if (c >= 0xE0 && c <= 0xEF) len = 3, cp = c & 0x0F;
        else if (c >= 0xF0 && c <= 0xF4) len = 4, cp = c & 0x07;
        else return 0;
        if (i + len > n)
            return 0;
        for (k = 1; k < len; k++) {
            if ((p[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
            return 0;
        i += len;
    }
    return 1;
}

static int boundary(const char *s, size_t len, size_t at)
{
    return at == 0 || at >= len || ((unsigned char)s[at] & 0xC0) != 0x80;
}

static void bad(stats *st, const char *path, const char *id, size_t j,
                const char *why)
{
    st->bad++;
    if (st->shown++ < CHECK_MAX_SHOWN)
        printf("bad: %s: %s evidence %zu: %s\n", path, id, j, why);
}

static void check_result(stats *st, const char *path, const lsc_engine *e,
                         const lsc_result *r)
{
    size_t i, j;
    for (i = 0; i < lsc_result_hit_count(r); i++) {
        const lsc_hit *h = lsc_result_hit(r, i);
        double cap = lsc_engine_group_cap(e, h->group);
        st->hits++;
        if (!(h->strength >= 0.0 && h->strength <= 1.0))
            bad(st, path, h->id, 0, "strength outside 0..1");
        if (!(h->points >= 0.0 && h->points <= h->weight * h->strength + 1e-9))
            bad(st, path, h->id, 0, "points above weight x strength");
        /* a hit's share of its group is largest when it is alone there:
         * cap x (1 + ln(ws / cap)) above the cap (score.c group_total) */
        {
            double ws = h->weight * h->strength;
            double most = cap > 0 && ws > cap ? cap * (1.0 + log(ws / cap)) : ws;
            if (h->points > most + 1e-9)
                bad(st, path, h->id, 0, "points above what the group cap allows");
        }
        if (!h->explanation || !*h->explanation || !h->suggestion ||
            !utf8_valid((const unsigned char *)h->explanation,
                        strlen(h->explanation)))
            bad(st, path, h->id, 0, "no explanation or suggestion");
        if (i > 0 && lsc_result_hit(r, i - 1)->points < h->points)
            bad(st, path, h->id, 0, "hits not sorted worst first");
        for (j = 0; j < h->n_evidence; j++) {
            const lsc_evidence *ev = lsc_hit_evidence(h, j);
            const char *src = NULL;
            size_t len = 0, n;
            if (!ev->text) {
                bad(st, path, h->id, j, "no text");
                continue;
            }
            n = strlen(ev->text);
            if (!utf8_valid((const unsigned char *)ev->text, n))
                bad(st, path, h->id, j, "text is not UTF-8");
            if (ev->where == LSC_WHERE_SUBJECT) {
                src = lsc_result_subject(r, &len);
            } else if (ev->where == LSC_WHERE_BODY) {
                const lsc_part *p = lsc_result_part(r, ev->part);
                if (p && p->text) {
                    src = p->text;
                    len = p->text_bytes;
                }
            } else if (ev->where == LSC_WHERE_HEADER) {
                src = ev->header ? lsc_result_header_value(r, ev->header)
                                 : NULL;
                len = src ? strlen(src) : 0;
            } else {
                st->texts++;
                continue;
            }
            st->spans++;
            if (!src)
                bad(st, path, h->id, j, "no such text to point into");
            else if (ev->start > ev->end || ev->end > len)
                bad(st, path, h->id, j, "span outside its text");
            else if (n != ev->end - ev->start ||
                     memcmp(src + ev->start, ev->text, n) != 0)
                bad(st, path, h->id, j, "quoted text differs from the span");
            else if (!boundary(src, len, ev->start) ||
                     !boundary(src, len, ev->end))
                bad(st, path, h->id, j, "span splits a UTF-8 character");
        }
    }
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    char *buf;
    if (!f)
        return NULL;
    if (fstat(fileno(f), &st) != 0 || (size_t)st.st_size > CHECK_MAX_FILE) {
        fclose(f);
        return NULL;
    }
    buf = malloc((size_t)st.st_size + 1);
    if (buf)
        *len = fread(buf, 1, (size_t)st.st_size, f);
    fclose(f);
    return buf;
}

static void one(stats *st, const char *path, lsc_engine *const *engines)
{
    size_t len = 0, k;
    char *data = read_file(path, &len);
    if (!data) {
        st->errors++;
        printf("error: %s: cannot read\n", path);
        return;
    }
    for (k = 0; engines[k]; k++) {
        lsc_result *r = NULL;
        lsc_error err;
        if (lsc_score(&r, engines[k], data, len, NULL, &err) != 0) {
            st->errors++;
            printf("error: %s: %s\n", path, err.message);
            continue;
        }
        check_result(st, path, engines[k], r);
        lsc_result_free(r);
    }
    st->messages++;
    free(data);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(stats *st, const char *dir, int depth,
                 lsc_engine *const *engines)
{
    DIR *d;
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, cap = 0, i;
    if (depth > CHECK_MAX_DEPTH || !(d = opendir(dir)))
        return;
    while ((de = readdir(d)) != NULL) {
        size_t l = strlen(de->d_name);
        if (de->d_name[0] == '.' ||
            (l > 3 && strcmp(de->d_name + l - 3, ".md") == 0) ||
            (l > 4 && strcmp(de->d_name + l - 4, ".tsv") == 0))
            continue;
        if (n == cap) {
            char **nn = realloc(names, (cap = cap ? cap * 2 : 256) * sizeof *nn);
            if (!nn)
                break;
            names = nn;
        }
        names[n++] = strdup(de->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, by_name);
    for (i = 0; i < n; i++) {
        char path[4096];
        struct stat sb;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (stat(path, &sb) == 0) {
            if (S_ISDIR(sb.st_mode))
                walk(st, path, depth + 1, engines);
            else if (S_ISREG(sb.st_mode))
                one(st, path, engines);
        }
        free(names[i]);
    }
    free(names);
}

int main(int argc, char **argv)
{
    lsc_engine *engines[3] = { NULL, NULL, NULL };
    lsc_options o;
    stats st;
    int i;
    if (argc < 2) {
        fprintf(stderr, "usage: check_spans DIR|FILE ...\n");
        return 2;
    }
    lsc_options_init(&o);
    if (lsc_engine_new(&engines[0], &o, NULL) != 0)
        return 2;
    o.lang = LSC_LANG_ZH;
    if (lsc_engine_new(&engines[1], &o, NULL) != 0)
        return 2;
    memset(&st, 0, sizeof st);
    for (i = 1; i < argc; i++) {
        struct stat sb;
        if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode))
            walk(&st, argv[i], 0, engines);
        else
            one(&st, argv[i], engines);
    }
    printf("check_spans: %zu messages (en + zh), %zu hits, %zu spans checked, "
           "%zu other evidence, %zu bad, %zu errors\n", st.messages, st.hits,
           st.spans, st.texts, st.bad, st.errors);
    lsc_engine_free(engines[0]);
    lsc_engine_free(engines[1]);
    return st.bad || st.errors ? 1 : 0;
}

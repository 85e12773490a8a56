/*
 * compose-demo - plays a mail composer that checks the draft as the user
 * types: it builds an lsc_draft from pieces, scores it through one
 * lsc_draft_cache (so an unchanged attachment is not re-read or
 * re-analysed), and prints each finding with its evidence highlighted in
 * the text it was found in.
 *
 *   compose-demo                 a scripted session: a first draft, then
 *                                the edits a user would make after
 *                                reading the findings
 *   compose-demo [--from A] [--to A] [--cc A] [--subject S]
 *                [--text T | --text-file F] [--html-file F]
 *                [--attach PATH]... [--reply-to-id MSGID]
 *                [--lang zh] [--mime] [--tsv]
 *                                one draft from the command line; --mime
 *                                prints the MIME it stands for instead,
 *                                --tsv one line: points, risk, level, ids
 *
 * Highlighting: ANSI colour on a terminal (unless NO_COLOR), [[...]]
 * otherwise.  Exit status 0, 2 on errors.
 */
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "libscore.h"

#define MAX_ATTACH 32
#define CONTEXT 30   /* bytes of text shown around a span */

static int color;

/* Reads a whole regular file (an attachment the writer picked). */
static char *slurp(const char *path, size_t *len)
{
    struct stat st;
    FILE *f = fopen(path, "rb");
    char *buf;
    if (!f)
        return NULL;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) ||
        (buf = malloc((size_t)st.st_size + 1)) == NULL) {
        fclose(f);
        return NULL;
    }
    *len = fread(buf, 1, (size_t)st.st_size, f);
    fclose(f);
    buf[*len] = '\0';
    return buf;
}

/* Writes s[0..n) on one line (line breaks become spaces). */
static void flat(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        putchar(c == '\r' || c == '\n' || c == '\t' ? ' ' : c);
    }
}

static size_t char_start(const char *s, size_t i)
{
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return i;
}

/* The span [start, end) of src, highlighted, with some text around it. */
static void show_span(const char *src, size_t len, size_t start, size_t end)
{
    size_t from = start > CONTEXT ? char_start(src, start - CONTEXT) : 0;
    size_t to = end + CONTEXT < len ? char_start(src, end + CONTEXT) : len;
    fputs(from ? "..." : "", stdout);
    flat(src + from, start - from);
    fputs(color ? "\033[1;41;97m" : "[[", stdout);
    flat(src + start, end - start);
    fputs(color ? "\033[0m" : "]]", stdout);
    flat(src + end, to - end);
    fputs(to < len ? "...\n" : "\n", stdout);
}

static void show_evidence(const lsc_result *r, const lsc_evidence *e)
{
    const char *src = NULL;
    size_t len = 0;
    switch (e->where) {
    case LSC_WHERE_SUBJECT:
        src = lsc_result_subject(r, &len);
        fputs("      subject: ", stdout);
        break;
    case LSC_WHERE_BODY: {
        const lsc_part *p = lsc_result_part(r, e->part);
        if (p && p->text) {
            src = p->text;
            len = p->text_bytes;
        }
        printf("      %s: ", p && (p->flags & LSC_PART_HTML) ? "html" : "text");
        break;
    }
    case LSC_WHERE_HEADER:
        src = e->header ? lsc_result_header_value(r, e->header) : NULL;
        len = src ? strlen(src) : 0;
        printf("      %s: ", e->header ? e->header : "header");
        break;
    case LSC_WHERE_LINK:
        fputs("      link: ", stdout);
        break;
    case LSC_WHERE_ATTACHMENT:
        fputs("      attachment: ", stdout);
        break;
    default:
        fputs("      message: ", stdout);
        break;
    }
    if (src && e->start <= e->end && e->end <= len)
        show_span(src, len, e->start, e->end);
    else
        printf("\"%s\"\n", e->text ? e->text : "");
}

static void show(const char *title, const lsc_result *r, double ms)
{
    size_t i, j, n = lsc_result_hit_count(r);
    printf("== %s\n   risk %d/100 %s, %.1f points, %zu findings (%.2f ms)\n",
           title, lsc_result_risk(r), lsc_level_name(lsc_result_level(r)),
           lsc_result_points(r), n, ms);
    for (i = 0; i < n; i++) {
        const lsc_hit *h = lsc_result_hit(r, i);
        printf("   %+5.1f %s: %s\n", h->points, h->id,
               h->explanation ? h->explanation : "");
        for (j = 0; j < h->n_evidence && j < 4; j++)
            show_evidence(r, lsc_hit_evidence(h, j));
        if (h->suggestion && *h->suggestion)
            printf("      -> %s\n", h->suggestion);
    }
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int score_and_show(const lsc_engine *e, lsc_draft_cache *cache,
                          const lsc_draft *d, const char *title)
{
    lsc_result *r = NULL;
    lsc_error err;
    double t0 = now_ms();
    int rc = lsc_draft_score(&r, e, d, NULL, cache, &err);
    double t1 = now_ms();
    if (rc != 0) {
        fprintf(stderr, "compose-demo: %s: %s\n", err.source, err.message);
        return 2;
    }
    show(title, r, t1 - t0);
    lsc_result_free(r);
    return 0;
}

/* The scripted session: what a user writes first, then fixes. */
static int play(const lsc_engine *e)
{
    static unsigned char brochure[300000];
    lsc_draft_cache *cache = NULL;
    lsc_draft_attachment att[2];
    lsc_draft d;
    lsc_error err;
    uint64_t hits = 0, misses = 0;
    size_t i;
    int rc = 0;

    /* a stand-in for a real PDF the user attached */
    memcpy(brochure, "%PDF-1.4\n", 9);
    for (i = 9; i < sizeof brochure; i++)
        brochure[i] = (unsigned char)("brochure"[i % 8] + (i / 8 % 7));
    memset(att, 0, sizeof att);
    att[0].filename = "Brochure 2026.pdf";
    att[0].filename_len = LSC_NTS;
    att[0].data = brochure;
    att[0].data_len = sizeof brochure;
    att[1].filename = "price-list.xlsx.exe";
    att[1].filename_len = LSC_NTS;
    att[1].data = "MZ\x90\0\3\0\0\0";
    att[1].data_len = 8;

    if (lsc_draft_cache_new(&cache, e, 0, &err) != 0) {
        fprintf(stderr, "compose-demo: %s\n", err.message);
        return 2;
    }
    lsc_draft_init(&d);
    d.from = "Sales <sales@example.cn>";
    d.from_len = LSC_NTS;
    d.to = "purchasing@example.com";
    d.to_len = LSC_NTS;
    d.subject = "URGENT!!! BEST PRICE - 50% OFF TODAY ONLY";
    d.subject_len = LSC_NTS;
    d.text = "Dear Sir/Madam,\n\nMy name is Tom and I am writing to offer you "
             "a once in a lifetime opportunity: our LED panels at the best "
             "price, 100% guaranteed. Click here to order now!!!\n";
    d.text_len = LSC_NTS;
    d.attachments = att;
    d.n_attachments = 2;
    rc = score_and_show(e, cache, &d, "first draft");

    /* the user takes out the executable and calms the subject down */
    d.n_attachments = 1;
    d.subject = "LED panels for your Hamburg warehouse";
    rc = rc ? rc : score_and_show(e, cache, &d, "subject rewritten, .exe removed");

    /* ... then rewrites the body, keystroke by keystroke */
    d.text = "Dear Ms Brown,\n\nthank you for meeting us at the Hannover fair. "
             "As promised, our brochure with the LED panels we discussed is "
             "attached; the quotation for 400 units follows on Friday.\n\n"
             "Kind regards,\nTom Li\n";
    rc = rc ? rc : score_and_show(e, cache, &d, "body rewritten");
    d.text_len = strlen(d.text) - 9;  /* one word less: "Tom Li\n" */
    rc = rc ? rc : score_and_show(e, cache, &d, "one word deleted");

    lsc_draft_cache_stats(cache, &hits, &misses, NULL);
    printf("== attachment cache: %llu reused, %llu analysed\n",
           (unsigned long long)hits, (unsigned long long)misses);
    lsc_draft_cache_free(cache);
    return rc;
}

int main(int argc, char **argv)
{
    lsc_options o;
    lsc_engine *e = NULL;
    lsc_error err;
    lsc_draft d;
    lsc_draft_attachment att[MAX_ATTACH];
    char *text_buf = NULL, *html_buf = NULL;
    size_t n_att = 0, len;
    int i, mime = 0, tsv = 0, any = 0, rc = 0;
    const char *nc = getenv("NO_COLOR");

    color = isatty(1) && !(nc && *nc);
    lsc_options_init(&o);
    lsc_draft_init(&d);
    memset(att, 0, sizeof att);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = 1;
        if (!strcmp(a, "--mime")) {
            mime = 1;
            takes = 0;
        } else if (!strcmp(a, "--tsv")) {
            tsv = 1;
            takes = 0;
        } else if (!v) {
            fprintf(stderr, "compose-demo: %s needs a value\n", a);
            return 2;
        } else if (!strcmp(a, "--lang")) {
            o.lang = strcmp(v, "zh") == 0 ? LSC_LANG_ZH : LSC_LANG_EN;
        } else if (!strcmp(a, "--from")) {
            d.from = v, d.from_len = LSC_NTS;
        } else if (!strcmp(a, "--to")) {
            d.to = v, d.to_len = LSC_NTS;
        } else if (!strcmp(a, "--cc")) {
            d.cc = v, d.cc_len = LSC_NTS;
        } else if (!strcmp(a, "--subject")) {
            d.subject = v, d.subject_len = LSC_NTS;
        } else if (!strcmp(a, "--reply-to-id")) {
            d.in_reply_to = v, d.in_reply_to_len = LSC_NTS;
        } else if (!strcmp(a, "--text")) {
            d.text = v, d.text_len = LSC_NTS;
        } else if (!strcmp(a, "--text-file") || !strcmp(a, "--html-file")) {
            char *buf = slurp(v, &len);
            if (!buf) {
                fprintf(stderr, "compose-demo: cannot read %s\n", v);
                return 2;
            }
            if (a[2] == 't') {
                free(text_buf);
                text_buf = buf;
                d.text = buf, d.text_len = len;
            } else {
                free(html_buf);
                html_buf = buf;
                d.html = buf, d.html_len = len;
            }
        } else if (!strcmp(a, "--attach")) {
            const char *base = strrchr(v, '/');
            if (n_att == MAX_ATTACH) {
                fprintf(stderr, "compose-demo: at most %d attachments\n",
                        MAX_ATTACH);
                return 2;
            }
            att[n_att].path = v;
            att[n_att].filename = base ? base + 1 : v;
            att[n_att].filename_len = LSC_NTS;
            n_att++;
        } else {
            fprintf(stderr, "compose-demo: unknown option %s\n", a);
            return 2;
        }
        if (takes)
            i++;
        if (strcmp(a, "--lang") && strcmp(a, "--mime") && strcmp(a, "--tsv"))
            any = 1;
    }
    d.attachments = n_att ? att : NULL;
    d.n_attachments = n_att;
    if (lsc_engine_new(&e, &o, &err) != 0) {
        fprintf(stderr, "compose-demo: %s\n", err.message);
        return 2;
    }
    if (!any && !mime && !tsv) {
        rc = play(e);
    } else if (mime) {
        char *m = NULL;
        if (lsc_draft_mime(&m, &len, e, &d, &err) != 0) {
            fprintf(stderr, "compose-demo: %s: %s\n", err.source, err.message);
            rc = 2;
        } else {
            fwrite(m, 1, len, stdout);
            lsc_string_free(m);
        }
    } else if (tsv) {
        lsc_result *r = NULL;
        if (lsc_draft_score(&r, e, &d, NULL, NULL, &err) != 0) {
            fprintf(stderr, "compose-demo: %s: %s\n", err.source, err.message);
            rc = 2;
        } else {
            size_t k;
            printf("%.3f\t%d\t%s\t", lsc_result_points(r), lsc_result_risk(r),
                   lsc_level_name(lsc_result_level(r)));
            for (k = 0; k < lsc_result_hit_count(r); k++)
                printf("%s%s", k ? "," : "", lsc_result_hit(r, k)->id);
            putchar('\n');
            lsc_result_free(r);
        }
    } else {
        rc = score_and_show(e, NULL, &d, "draft");
    }
    free(text_buf);
    free(html_buf);
    lsc_engine_free(e);
    return rc;
}

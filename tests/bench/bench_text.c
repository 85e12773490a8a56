/*
 * bench_text.c - throughput of the visible-text stage (html.c + text.c)
 * on real mail, and the floors under it: libxml2's HTML parser with no
 * callbacks (parse only) and ICU's word break iterator walking the same
 * texts (break only), so it shows how much of the time is ours.
 *
 *   bench_text DIR [PASSES]
 *
 * Reads every file of DIR (recursively), takes with lsc_parse the UTF-8
 * body of every HTML part, the text of every plain part and the subject,
 * then times on one thread, after a warm-up pass:
 *   html      lsc__html_run on each HTML body (a fresh arena per message)
 *   text      lsc__text_split on the subject, plain texts and the visible
 *             text html produced
 *   stage     html + text per message, as messages/s
 *   xml-floor htmlParseDocument with an empty SAX handler on the same bodies
 *   icu-floor ubrk_next over the same texts (UTF-8 UText), nothing else
 * All times are CPU time of the thread (rates per CPU-second), so other
 * work on the machine does not count.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "core/pipeline.h"

typedef struct item {
    char *s;
    size_t n;
} item;

typedef struct mail {
    item *html;     /* UTF-8 bodies of HTML parts */
    size_t n_html;
    item *text;     /* subject and plain texts */
    size_t n_text;
} mail;

typedef struct corpus {
    mail *m;
    size_t n, cap;
    size_t html_bytes, text_bytes;
} corpus;

static lsc_engine *eng;

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static void push(item **v, size_t *n, const char *s, size_t len)
{
    item *nv = realloc(*v, (*n + 1) * sizeof **v);
    if (!nv)
        return;
    *v = nv;
    nv[*n].s = dup_n(s, len);
    nv[*n].n = len;
    if (nv[*n].s)
        (*n)++;
}

static void add_file(corpus *c, const char *path)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    char *d;
    lsc_result *r = NULL;
    mail m;
    size_t i, sl;
    const char *subj;
    if (!f)
        return;
    if (fstat(fileno(f), &st) != 0 || !(d = malloc((size_t)st.st_size + 1)) ||
        fread(d, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
        fclose(f);
        return;
    }
    fclose(f);
    if (lsc_parse(&r, eng, d, (size_t)st.st_size, NULL) != 0) {
        free(d);
        return;
    }
    memset(&m, 0, sizeof m);
    subj = lsc_result_subject(r, &sl);
    push(&m.text, &m.n_text, subj, sl);
    for (i = 0; i < lsc_result_part_count(r); i++) {
        const lsc_part *p = lsc_result_part(r, i);
        if (!(p->flags & LSC_PART_TEXT) || (p->flags & LSC_PART_ATTACHMENT) || !p->utf8)
            continue;
        if (p->flags & LSC_PART_HTML) {
            push(&m.html, &m.n_html, p->utf8, p->utf8_bytes);
            c->html_bytes += p->utf8_bytes;
        } else {
            push(&m.text, &m.n_text, p->utf8, p->utf8_bytes);
            c->text_bytes += p->utf8_bytes;
        }
    }
    lsc_result_free(r);
    free(d);
    if (c->n == c->cap) {
        mail *nm = realloc(c->m, (c->cap = c->cap ? c->cap * 2 : 1024) * sizeof *nm);
        if (!nm)
            return;
        c->m = nm;
    }
    c->m[c->n++] = m;
}

static void walk(corpus *c, const char *dir, int depth)
{
    DIR *d;
    struct dirent *de;
    struct stat st;
    if (depth > 32 || stat(dir, &st) != 0)
        return;
    if (!S_ISDIR(st.st_mode)) {
        add_file(c, dir);
        return;
    }
    if (!(d = opendir(dir)))
        return;
    while ((de = readdir(d)) != NULL) {
        char path[4096];
        if (de->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        walk(c, path, depth + 1);
    }
    closedir(d);
}

/* CPU time of this thread: the machine is shared, wall time is not ours. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The stage on one message: html on its HTML bodies, then words of the
 * subject, plain texts and visible texts.  Returns words found. */
static size_t stage(const mail *m, lsc__text_scratch *scr, double *t_html,
                    double *t_text)
{
    lsc__arena ar;
    lsc__message msg;
    lsc__part *parts = NULL, **pp = NULL;
    lsc__ctx c;
    size_t i, words = 0, budget = eng->limits.max_words;
    int limited = 0;
    double t0 = now(), t1;

    lsc__arena_init(&ar, &eng->al);
    memset(&msg, 0, sizeof msg);
    msg.ar = &ar;
    msg.subject = "";
    if (m->n_html) {
        parts = calloc(m->n_html, sizeof *parts);
        pp = calloc(m->n_html, sizeof *pp);
        if (!parts || !pp)
            exit(2);
        for (i = 0; i < m->n_html; i++) {
            parts[i].pub.flags = LSC_PART_TEXT | LSC_PART_HTML;
            parts[i].pub.utf8 = m->html[i].s;
            parts[i].pub.utf8_bytes = m->html[i].n;
            pp[i] = &parts[i];
        }
        msg.parts = pp;
        msg.n_parts = m->n_html;
        memset(&c, 0, sizeof c);
        c.eng = eng;
        c.ar = &ar;
        c.msg = &msg;
        if (lsc__html_run(&c) != 0)
            exit(2);
    }
    t1 = now();
    *t_html += t1 - t0;
    for (i = 0; i < m->n_text + m->n_html; i++) {
        lsc__text t;
        const char *s = i < m->n_text ? m->text[i].s : parts[i - m->n_text].pub.text;
        size_t n = i < m->n_text ? m->text[i].n : parts[i - m->n_text].pub.text_bytes;
        if (lsc__text_split(scr, &ar, s, n, &t, &budget, &limited, 0) != 0)
            exit(2);
        words += t.n_words;
    }
    *t_text += now() - t1;
    free(parts);
    free(pp);
    lsc__arena_free(&ar);
    return words;
}

static void xml_floor_one(const item *it)
{
    xmlParserCtxtPtr px = htmlCreateMemoryParserCtxt(it->s, (int)it->n);
    if (!px)
        return;
    memset(px->sax, 0, sizeof *px->sax);
    xmlSwitchEncoding(px, XML_CHAR_ENCODING_UTF8);
    htmlCtxtUseOptions(px, HTML_PARSE_RECOVER | HTML_PARSE_NONET |
                               HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                               HTML_PARSE_IGNORE_ENC | HTML_PARSE_NOIMPLIED);
    htmlParseDocument(px);
    htmlFreeParserCtxt(px);
}

static size_t icu_floor_one(UBreakIterator *bi, const char *s, size_t n)
{
    UErrorCode st = U_ZERO_ERROR;
    UText ut = UTEXT_INITIALIZER;
    size_t k = 0;
    utext_openUTF8(&ut, s, (int64_t)n, &st);
    ubrk_setUText(bi, &ut, &st);
    if (U_SUCCESS(st))
        while (ubrk_next(bi) != UBRK_DONE)
            k++;
    utext_close(&ut);
    return k;
}

int main(int argc, char **argv)
{
    corpus c;
    int passes = argc > 2 ? atoi(argv[2]) : 3, p;
    size_t i, j, words = 0, n_html = 0;
    double t_html = 0, t_text = 0, t_xml, t_icu, t0;
    lsc__text_scratch *scr;
    UBreakIterator *bi;
    UErrorCode st = U_ZERO_ERROR;

    if (argc < 2) {
        fprintf(stderr, "usage: bench_text DIR [PASSES]\n");
        return 2;
    }
    if (passes < 1)
        passes = 1;
    if (lsc_engine_new(&eng, NULL, NULL) != 0 || lsc__text_scratch_new(&scr, eng) != 0)
        return 2;
    memset(&c, 0, sizeof c);
    walk(&c, argv[1], 0);
    if (!c.n) {
        printf("bench_text: no messages in %s\n", argv[1]);
        return 0;
    }
    for (i = 0; i < c.n; i++)
        n_html += c.m[i].n_html;

    /* warm-up, then the stage */
    for (i = 0; i < c.n; i++)
        stage(&c.m[i], scr, &t_html, &t_text);
    t_html = t_text = 0;
    for (p = 0; p < passes; p++)
        for (i = 0; i < c.n; i++)
            words += stage(&c.m[i], scr, &t_html, &t_text);

    /* floor: libxml2 parsing the same HTML with no callbacks */
    t0 = now();
    for (p = 0; p < passes; p++)
        for (i = 0; i < c.n; i++)
            for (j = 0; j < c.m[i].n_html; j++)
                xml_floor_one(&c.m[i].html[j]);
    t_xml = now() - t0;

    /* floor: ICU walking word boundaries of the same texts (the plain
     * texts and subjects, and the visible text of the HTML parts) */
    bi = ubrk_open(UBRK_WORD, "", NULL, 0, &st);
    if (U_FAILURE(st))
        return 2;
    {
        /* the visible texts, made once outside the timing */
        item *vis = calloc(n_html ? n_html : 1, sizeof *vis);
        size_t k = 0, b = 0;
        for (i = 0; i < c.n; i++) {
            lsc__arena ar;
            lsc__message msg;
            lsc__part part, *pp = &part;
            lsc__ctx cx;
            for (j = 0; j < c.m[i].n_html; j++) {
                lsc__arena_init(&ar, &eng->al);
                memset(&msg, 0, sizeof msg);
                memset(&part, 0, sizeof part);
                memset(&cx, 0, sizeof cx);
                msg.ar = &ar;
                part.pub.flags = LSC_PART_TEXT | LSC_PART_HTML;
                part.pub.utf8 = c.m[i].html[j].s;
                part.pub.utf8_bytes = c.m[i].html[j].n;
                msg.parts = &pp;
                msg.n_parts = 1;
                cx.eng = eng;
                cx.ar = &ar;
                cx.msg = &msg;
                if (lsc__html_run(&cx) == 0 && part.pub.text) {
                    vis[k].s = dup_n(part.pub.text, part.pub.text_bytes);
                    vis[k].n = part.pub.text_bytes;
                    k++;
                }
                lsc__arena_free(&ar);
            }
        }
        t0 = now();
        for (p = 0; p < passes; p++) {
            for (i = 0; i < c.n; i++)
                for (j = 0; j < c.m[i].n_text; j++)
                    b += icu_floor_one(bi, c.m[i].text[j].s, c.m[i].text[j].n);
            for (i = 0; i < k; i++)
                b += icu_floor_one(bi, vis[i].s, vis[i].n);
        }
        t_icu = now() - t0;
        for (i = 0; i < k; i++)
            free(vis[i].s);
        free(vis);
        if (!b)
            printf("(no boundaries)\n");
    }
    ubrk_close(bi);

    printf("bench_text: %zu messages, %zu HTML parts (%.1f MB), %.1f MB plain text, "
           "%d passes\n", c.n, n_html, c.html_bytes / 1e6, c.text_bytes / 1e6, passes);
    printf("  stage (html+text): %.0f messages per CPU-second  (%.3f s per pass)\n",
           passes * c.n / (t_html + t_text), (t_html + t_text) / passes);
    printf("  html.c:            %.3f s/pass, %.1f MB/s of HTML\n", t_html / passes,
           c.html_bytes / 1e6 / (t_html / passes));
    printf("  libxml2 floor:     %.3f s/pass (parse only, no callbacks): html.c is %.2fx\n",
           t_xml / passes, t_html / t_xml);
    printf("  text.c:            %.3f s/pass, %zu words/pass, %.1f M words/s\n",
           t_text / passes, words / passes, words / t_text / 1e6);
    printf("  ICU floor:         %.3f s/pass (ubrk_next only): text.c is %.2fx\n",
           t_icu / passes, t_text / t_icu);
    lsc__text_scratch_free(scr);
    for (i = 0; i < c.n; i++) {
        for (j = 0; j < c.m[i].n_html; j++)
            free(c.m[i].html[j].s);
        for (j = 0; j < c.m[i].n_text; j++)
            free(c.m[i].text[j].s);
        free(c.m[i].html);
        free(c.m[i].text);
    }
    free(c.m);
    lsc_engine_free(eng);
    return 0;
}

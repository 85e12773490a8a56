/*
 * standin_events.h - libxml2's SAX events on a document as text, parsed
 * as the HTML stage parses it, once as written and once with prune.c's
 * marks put back: the promise of html/standin.c is that they are the
 * same (runs of blanks outside <pre> and its kin read as one blank).
 *
 * Takes: markup.  Gives: same_events(), 1 when the two agree (the two
 * streams printed when not) and how many marks there were;
 * same_when_pruned(), the same promise for prune's dropping of the
 * attributes html.c does not read and of what comments say.  Shared by
 * tests/unit/test_standin.c (generated documents) and the fuzz target
 * fuzz_standin.c (any bytes).  Limits: the documents libxml2 takes (an
 * int length).
 */
#ifndef LSC_STANDIN_EVENTS_H
#define LSC_STANDIN_EVENTS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html/html_parse.h"

typedef struct events {
    char *s;
    size_t n, cap;
    const lsc__standins *sv;    /* put marks back, or NULL */
    int read_only;              /* only the attributes html.c reads */
    lsc__hbuf back;
    int pre;                    /* elements open that keep blanks */
    int last_blank;
} events;

/* The elements html.c keeps the blanks in (K_PRE); outside them a run
 * of blanks reads as one. */
static int keeps_blanks(const char *name)
{
    static const char *const pre[] = { "pre", "xmp", "listing", "textarea",
                                       "plaintext" };
    size_t k;
    for (k = 0; k < LSC__COUNT(pre); k++)
        if (strcmp(name, pre[k]) == 0)
            return 1;
    return 0;
}

static void ev_add(events *e, const char *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        char c = p[i];
        int b = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (!e->pre && b) {
            if (e->last_blank)
                continue;
            c = ' ';
        }
        e->last_blank = b;
        if (e->n + 2 > e->cap) {
            e->cap = e->cap ? e->cap * 2 : 1024;
            e->s = realloc(e->s, e->cap);
            if (!e->s)
                abort();
        }
        e->s[e->n++] = c;
        e->s[e->n] = '\0';
    }
}

static void ev_str(events *e, const char *s)
{
    e->last_blank = 0;
    ev_add(e, s, strlen(s));
    e->last_blank = 0;
}

static void on_start(void *ud, const xmlChar *name, const xmlChar **atts)
{
    events *e = ((xmlParserCtxtPtr)ud)->_private;
    size_t i;
    ev_str(e, "<");
    ev_str(e, (const char *)name);
    e->pre += keeps_blanks((const char *)name);
    for (i = 0; atts && atts[i]; i += 2) {
        const char *v = atts[i + 1] ? (const char *)atts[i + 1] : "";
        if (e->read_only && !lsc__html_attr_read((const char *)atts[i],
                                                 strlen((const char *)atts[i])))
            continue;
        ev_str(e, " ");
        ev_str(e, (const char *)atts[i]);
        ev_str(e, "=\"");
        ev_str(e, e->sv ? lsc__standin_value(e->sv, v) : v);
        ev_str(e, "\"");
    }
    ev_str(e, ">");
}

static void on_end(void *ud, const xmlChar *name)
{
    events *e = ((xmlParserCtxtPtr)ud)->_private;
    ev_str(e, "</");
    ev_str(e, (const char *)name);
    if (keeps_blanks((const char *)name) && e->pre > 0)
        e->pre--;
    ev_str(e, ">");
}

static void on_chars(void *ud, const xmlChar *ch, int len)
{
    events *e = ((xmlParserCtxtPtr)ud)->_private;
    const char *t = (const char *)ch;
    size_t n = (size_t)len;
    if (e->sv)
        t = lsc__standin_text(e->sv, &e->back, t, n, &n);
    if (!t)
        abort();
    ev_add(e, t, n);
}

static void on_comment(void *ud, const xmlChar *c)
{
    (void)c;
    ev_str(((xmlParserCtxtPtr)ud)->_private, "<!---->");
}

/* libxml2 parses as html.c has it parse. */
static void parse(const char *doc, size_t n, events *e)
{
    htmlParserCtxtPtr px;
    if (n == 0)      /* libxml2 takes no empty input */
        return;
    px = lsc__html_parser(doc, n, on_start, on_end, on_chars, on_comment, e);
    if (!px)
        abort();
    htmlParseDocument(px);
    htmlFreeParserCtxt(px);
}

/* 1 when the two event streams a (named na) and b (nb) of doc are the
 * same; prints doc and both when not.  Frees both. */
static int agree(events *a, events *b, const char *na, const char *nb,
                 const char *doc, size_t n)
{
    int same = a->n == b->n && (a->n == 0 || memcmp(a->s, b->s, a->n) == 0);
    if (!same)
        printf("#   document: %.*s\n#   %s %s\n#   %s %s\n",
               (int)LSC__MIN(n, (size_t)4096), doc, na, a->s ? a->s : "",
               nb, b->s ? b->s : "");
    free(a->s);
    free(b->s);
    return same;
}

/* 1 when the events on doc without marks and with them, put back, are the
 * same; prints both when not.  *marks: how many marks there were.  doc:
 * n bytes and a NUL after them, as the stage's parts have. */
static int same_events(const char *doc, size_t n, size_t *marks)
{
    lsc__alloc al;
    lsc__standins sv;
    events a, b;
    char *plain = NULL, *marked = NULL;
    size_t pn = 0, mn = 0;
    int same;
    lsc__alloc_init(&al, NULL);
    lsc__standins_init(&sv, &al);
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    lsc__hbuf_init(&b.back, &al);
    if (lsc__html_rewrite(&al, doc, n, &plain, &pn, NULL) != 0 ||
        lsc__html_rewrite(&al, doc, n, &marked, &mn, &sv) != 0)
        abort();
    b.sv = &sv;
    parse(plain ? plain : doc, pn, &a);
    parse(marked ? marked : doc, mn, &b);
    same = agree(&a, &b, "as written:", "marked:    ", doc, n);
    *marks = sv.n;
    lsc__hbuf_free(&b.back);
    lsc__standins_free(&sv);
    lsc__free(&al, plain);
    lsc__free(&al, marked);
    return same;
}

/* 1 when prune's dropping changes nothing html.c reads: libxml2's events
 * on doc with the "&#" and bogus end tag rewrites alone, and with prune's
 * too (no marks), the attributes html.c does not read left out of both.
 * doc as for same_events. */
static int same_when_pruned(const char *doc, size_t n)
{
    lsc__alloc al;
    events a, b;
    char *before = NULL, *after = NULL;
    size_t bn = 0, an = 0;
    int same;
    lsc__alloc_init(&al, NULL);
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    a.read_only = b.read_only = 1;
    if (lsc__html_rewrite_html5(&al, doc, n, &before, &bn) != 0 ||
        lsc__html_rewrite(&al, doc, n, &after, &an, NULL) != 0)
        abort();
    parse(before ? before : doc, bn, &a);
    parse(after ? after : doc, an, &b);
    same = agree(&a, &b, "unpruned:", "pruned:  ", doc, n);
    lsc__free(&al, before);
    lsc__free(&al, after);
    return same;
}

#endif

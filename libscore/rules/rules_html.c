/*
 * rules_html.c - HTML tricks and links: HTML-only mail, text and HTML
 * parts that differ, image-only mail, hidden text, link text that shows
 * another domain, shorteners, IP links, many links, forms and scripts.
 *
 * Takes: the HTML facts of html.c (lsc__html of every part) and the words
 * of text.c.  Gives: hits with evidence in the part's visible text (the
 * shown text of a link), the link target (LSC_WHERE_LINK) or, for what a
 * reader does not see (hidden text, scripts), the message as a whole.
 * Limits: at most HTML_MAX_EVIDENCE pieces of evidence per hit;
 * HTML_MAX_QUOTE bytes quoted from hidden text.
 */
#include <stdlib.h>

#include "rules/links.h"

#define HTML_MAX_EVIDENCE 5
#define HTML_MAX_QUOTE 120

static int is_html_body(const lsc__part *p)
{
    return lsc__rule_html_body(p);
}

static int is_plain_body(const lsc__part *p)
{
    return p->pub.kind == LSC_PART_LEAF && (p->pub.flags & LSC_PART_TEXT) &&
           !(p->pub.flags & (LSC_PART_HTML | LSC_PART_ATTACHMENT)) && p->pub.text;
}

/* A part whose links the link rules judge: an HTML body, or plain text
 * the reader is shown (not the twin of an HTML alternative). */
static int has_links(const lsc__part *p)
{
    return is_html_body(p) || (is_plain_body(p) && p->shown);
}

/* Quotes n bytes of s, cut back to a UTF-8 character boundary. */
static size_t quote_len(const char *s, size_t n)
{
    return lsc__rule_quote_len(s, n, HTML_MAX_QUOTE);
}

/* Evidence for links with one of these flags: the shown text in the
 * visible text when there is some, and the target. */
static int link_evidence(lsc__ctx *c, lsc__hit *h, unsigned flags)
{
    const lsc__message *m = c->msg;
    size_t i, k, shown = 0;
    for (i = 0; i < m->n_parts && shown < HTML_MAX_EVIDENCE; i++) {
        const lsc__part *p = m->parts[i];
        if (!has_links(p))
            continue;
        for (k = 0; k < p->html.n_links && shown < HTML_MAX_EVIDENCE; k++) {
            const lsc__link *l = &p->html.links[k];
            int rc;
            if (!(l->flags & flags))
                continue;
            if (l->text_end > l->text_start) {
                rc = lsc__evidence(c, h, LSC_WHERE_BODY, i, NULL, l->text_start,
                                   l->text_end);
                if (rc == LSC_ENOMEM)
                    return rc;
            }
            rc = lsc__evidence_text(c, h, LSC_WHERE_LINK, i, l->href,
                                    strlen(l->href));
            if (rc == LSC_ENOMEM)
                return rc;
            shown++;
        }
    }
    return 0;
}

static size_t count_links(const lsc__message *m, unsigned flags,
                          const lsc__link **first)
{
    size_t i, k, n = 0;
    *first = NULL;
    for (i = 0; i < m->n_parts; i++) {
        const lsc__part *p = m->parts[i];
        if (!has_links(p))
            continue;
        for (k = 0; k < p->html.n_links; k++)
            if (!flags || (p->html.links[k].flags & flags)) {
                if (!n)
                    *first = &p->html.links[k];
                n++;
            }
    }
    return n;
}

/* ---- construction of the HTML ---- */

int lsc__rule_html_only(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    size_t i, html = 0, plain = 0;
    lsc__hit *h;
    for (i = 0; i < m->n_parts; i++) {
        const lsc__part *p = m->parts[i];
        /* a forwarded message's plain part is not this letter's */
        if (lsc__part_in_attached_message(m, i))
            continue;
        if (is_html_body(p) && p->text.n_words > 0)
            html++;
        else if (is_plain_body(p) && p->text.n_words > 0)
            plain++;
    }
    if (!html || plain)
        return 0;
    h = lsc__fire(c, 1.0, HTML_ONLY);
    if (!h)
        return LSC_ENOMEM;
    return lsc__evidence_text(c, h, LSC_WHERE_MESSAGE, 0, "text/html", 9) ==
                   LSC_ENOMEM ? LSC_ENOMEM : 0;
}

/* One distinct word of a text and how many times it is there. */
typedef struct hword {
    uint64_t h;
    const char *s;      /* NULL: an empty slot */
    size_t count;
} hword;

/* The slot of word s in tab (mask + 1 slots, never full): its own, or
 * the empty one it would take, its hash set. */
static hword *slot_of(hword *tab, size_t mask, const char *s)
{
    /* strlen, not norm_len: equal exactly when strcmp says so */
    uint64_t h = lsc__hash_bytes(s, strlen(s));
    size_t j = (size_t)h & mask;
    while (tab[j].s && (tab[j].h != h || strcmp(tab[j].s, s) != 0))
        j = (j + 1) & mask;
    tab[j].h = h;
    return &tab[j];
}

/* Word-multiset similarity of two texts (normalized forms): the words
 * in common, each as often as it is in both, over all of them.  The
 * first text's words go into an open-addressing table by hash (compared
 * by strcmp, as the forms are equal), the second's take their matches
 * out of it: one pass each, where sorting both and merging them was
 * most of the rule's time. */
static double overlap(const lsc__text *a, const lsc__text *b, lsc__arena *ar,
                      int *nomem)
{
    hword *tab;
    size_t i, n = a->n_words, k = b->n_words, inter = 0, cap = 16, mask;
    if (!n || !k)
        return 0.0;
    while (cap < 2 * n)
        cap *= 2;
    tab = lsc__arena_zalloc(ar, cap * sizeof *tab);
    if (!tab) {
        *nomem = 1;
        return 0.0;
    }
    mask = cap - 1;
    for (i = 0; i < n; i++) {
        hword *w = slot_of(tab, mask, a->words[i].norm);
        w->s = a->words[i].norm;
        w->count++;
    }
    for (i = 0; i < k; i++) {
        hword *w = slot_of(tab, mask, b->words[i].norm);
        if (w->s && w->count) {
            w->count--;
            inter++;
        }
    }
    return (double)inter / (double)(n + k - inter);
}

int lsc__rule_text_html_differ(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    size_t i, j;
    for (i = 0; i < m->n_parts; i++) {
        const lsc__part *hp = m->parts[i];
        size_t alt = lsc__part_alternative(m, i);  /* through related */
        if (!is_html_body(hp) || alt == LSC__NONE)
            continue;
        for (j = 0; j < m->n_parts; j++) {
            const lsc__part *tp = m->parts[j];
            size_t hw = hp->text.n_words, tw;
            double sim;
            int nomem = 0;
            lsc__hit *h;
            if (j == i || lsc__part_alternative(m, j) != alt || !is_plain_body(tp))
                continue;
            tw = tp->text.n_words;
            if (hw < 20 && tw < 20)
                continue;
            sim = overlap(&hp->text, &tp->text, c->ar, &nomem);
            if (nomem)
                return LSC_ENOMEM;
            if (sim >= 0.5)
                continue;
            h = lsc__fire(c, sim < 0.2 ? 1.0 : 0.6, TEXT_HTML_DIFFER,
                          tw, hw, sim * 100.0);
            if (!h)
                return LSC_ENOMEM;
            if (tp->pub.text_bytes && lsc__evidence(c, h, LSC_WHERE_BODY, j, NULL, 0,
                                                    quote_len(tp->pub.text,
                                                              tp->pub.text_bytes)) ==
                                          LSC_ENOMEM)
                return LSC_ENOMEM;
            if (hp->pub.text_bytes && lsc__evidence(c, h, LSC_WHERE_BODY, i, NULL, 0,
                                                    quote_len(hp->pub.text,
                                                              hp->pub.text_bytes)) ==
                                          LSC_ENOMEM)
                return LSC_ENOMEM;
            return 0;
        }
    }
    return 0;
}

int lsc__rule_image_only(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    size_t i, k, images = 0, words = m->totals.body.words;
    const lsc__image *first = NULL;
    double strength;
    lsc__hit *h;
    for (i = 0; i < m->n_parts; i++) {
        const lsc__part *p = m->parts[i];
        if (!is_html_body(p))
            continue;
        for (k = 0; k < p->html.n_images; k++) {
            const lsc__image *im = &p->html.images[k];
            /* trackers and spacers are not pictures a reader sees */
            if ((im->flags & (LSC__IMG_TRACKER | LSC__IMG_HIDDEN)) ||
                (im->width >= 0 && im->width <= 20 && im->height >= 0 && im->height <= 20))
                continue;
            if (!first)
                first = im;
            images++;
        }
    }
    if (!images)
        return 0;
    if (words < 25)
        strength = 1.0;
    else if (images >= 3 && words < images * 25)
        strength = 0.5;
    else
        return 0;
    h = lsc__fire(c, strength, IMAGE_ONLY, images, words);
    if (!h)
        return LSC_ENOMEM;
    return lsc__evidence_text(c, h, LSC_WHERE_MESSAGE, 0, first->src,
                              quote_len(first->src, strlen(first->src))) == LSC_ENOMEM
               ? LSC_ENOMEM : 0;
}

int lsc__rule_hidden_text(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    size_t i, hidden = 0, visible = 0, tricky = 0;
    const lsc__part *first = NULL;
    unsigned why = 0;
    lsc__hit *h;
    for (i = 0; i < m->n_parts; i++) {
        const lsc__part *p = m->parts[i];
        if (!is_html_body(p) || !p->html.hidden_chars)
            continue;
        hidden += p->html.hidden_chars;
        visible += p->html.visible_chars;
        why |= p->html.hidden_why;
        if (p->html.hidden_why & (LSC__HID_TINY | LSC__HID_COLOR))
            tricky += p->html.hidden_chars;
        if (!first)
            first = p;
    }
    /* A short hidden preview line (a preheader) is ordinary; a lot of
     * hidden text, or text made tiny or the colour of its background, is
     * what filters punish. */
    if (!first || (hidden < 200 && tricky < 20) || (hidden * 5 < visible && tricky < 20))
        return 0;
    h = lsc__fire(c, tricky >= 20 || hidden >= visible ? 1.0 : 0.6, HIDDEN_TEXT,
                  hidden, (why & LSC__HID_DISPLAY) ? "display:none " :
                          (why & LSC__HID_CLIPPED) ? "clipped or off-screen " : "",
                  (why & LSC__HID_VISIBILITY) ? "visibility:hidden " : "",
                  (why & LSC__HID_TINY) ? "tiny font " : "",
                  (why & LSC__HID_COLOR) ? "text colour of the background" : "",
                  visible);
    if (!h)
        return LSC_ENOMEM;
    return lsc__evidence_text(c, h, LSC_WHERE_MESSAGE, 0, first->html.hidden_text,
                              quote_len(first->html.hidden_text,
                                        first->html.hidden_text_len)) == LSC_ENOMEM
               ? LSC_ENOMEM : 0;
}

int lsc__rule_html_form(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    size_t i, forms = 0, inputs = 0;
    lsc__hit *h;
    for (i = 0; i < m->n_parts; i++)
        if (is_html_body(m->parts[i])) {
            forms += m->parts[i]->html.forms;
            inputs += m->parts[i]->html.inputs;
        }
    /* a search box is one field; a form that asks for details has more */
    if (!forms || inputs < 2)
        return 0;
    h = lsc__fire(c, inputs >= 3 ? 1.0 : 0.7, HTML_FORM, forms, inputs);
    if (!h)
        return LSC_ENOMEM;
    return lsc__evidence_text(c, h, LSC_WHERE_MESSAGE, 0, "<form>", 6) == LSC_ENOMEM
               ? LSC_ENOMEM : 0;
}

int lsc__rule_html_script(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    const lsc__link *l;
    size_t i, scripts = 0, frames = 0, objects = 0, js;
    const char *handler = NULL;
    lsc__hit *h;
    for (i = 0; i < m->n_parts; i++)
        if (is_html_body(m->parts[i])) {
            /* an event handler (onmouseover="...") is a script too */
            scripts += m->parts[i]->html.scripts + m->parts[i]->html.handlers;
            if (!handler && !m->parts[i]->html.scripts)
                handler = m->parts[i]->html.handler;
            frames += m->parts[i]->html.iframes;
            objects += m->parts[i]->html.objects;
        }
    js = count_links(m, LSC__LINK_JAVASCRIPT, &l);
    if (!scripts && !frames && !objects && !js)
        return 0;
    h = lsc__fire(c, 1.0, HTML_SCRIPT,
                  scripts, frames, objects, js);
    if (!h)
        return LSC_ENOMEM;
    if (js)
        return link_evidence(c, h, LSC__LINK_JAVASCRIPT);
    if (handler)
        return lsc__evidence_text(c, h, LSC_WHERE_MESSAGE, 0, handler,
                                  strlen(handler)) == LSC_ENOMEM ? LSC_ENOMEM : 0;
    return lsc__evidence_text(c, h, LSC_WHERE_MESSAGE, 0,
                              scripts ? "<script>" : frames ? "<iframe>" : "<object>",
                              8) == LSC_ENOMEM ? LSC_ENOMEM : 0;
}

/* ---- links ---- */

int lsc__rule_link_mismatch(lsc__ctx *c)
{
    const lsc__link *l;
    size_t n = count_links(c->msg, LSC__LINK_MISMATCH, &l);
    lsc__hit *h;
    if (!n)
        return 0;
    h = lsc__fire(c, 1.0, LINK_TEXT_MISMATCH,
                  n, l->text_host, l->host);
    if (!h)
        return LSC_ENOMEM;
    return link_evidence(c, h, LSC__LINK_MISMATCH);
}

int lsc__rule_url_shortener(lsc__ctx *c)
{
    const lsc__link *l;
    size_t n = count_links(c->msg, LSC__LINK_SHORTENER, &l);
    lsc__hit *h;
    if (!n)
        return 0;
    h = lsc__fire(c, n >= 2 ? 1.0 : 0.7, URL_SHORTENER, n, l->host);
    if (!h)
        return LSC_ENOMEM;
    return link_evidence(c, h, LSC__LINK_SHORTENER);
}

int lsc__rule_ip_link(lsc__ctx *c)
{
    const lsc__link *l;
    size_t n = count_links(c->msg, LSC__LINK_IP, &l);
    lsc__hit *h;
    if (!n)
        return 0;
    h = lsc__fire(c, 1.0, IP_LINK, n, l->host);
    if (!h)
        return LSC_ENOMEM;
    return link_evidence(c, h, LSC__LINK_IP);
}

int lsc__rule_many_links(lsc__ctx *c)
{
    const lsc__link *l;
    size_t n = count_links(c->msg, 0, &l), words = c->msg->totals.body.words;
    lsc__hit *h;
    if (n < 25 || n * 5 < words)
        return 0;
    h = lsc__fire(c, (double)(n - 10) / 40.0, MANY_LINKS, n, words);
    if (!h)
        return LSC_ENOMEM;
    return lsc__evidence_text(c, h, LSC_WHERE_LINK, 0, l->href, strlen(l->href)) ==
                   LSC_ENOMEM ? LSC_ENOMEM : 0;
}

/* ---- for rules_links.c (links branch) ---- */

size_t lsc__links_count(const lsc__message *m, unsigned flags,
                        const lsc__link **first)
{
    return count_links(m, flags, first);
}

int lsc__links_evidence(lsc__ctx *c, lsc__hit *h, unsigned flags)
{
    return link_evidence(c, h, flags);
}

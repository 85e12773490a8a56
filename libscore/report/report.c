/*
 * report.c - lsc_result_html: the annotated report page.
 *
 * Takes: a scored result and lsc_html_options.  Gives: one HTML page (or
 * an embeddable fragment) in a string the caller frees with
 * lsc_string_free.  Order of work: every piece of evidence is first given
 * its place (a span of the subject, a header, a body text or a link row;
 * an attachment row; or nowhere, for the message as a whole) and the
 * spans to highlight are picked, so that the findings, written first, know
 * which of their evidence they can link to; then the page is written top
 * to bottom.  Limits: see report.h.
 */
#include <stdio.h>
#include <stdlib.h>

#include "report/report.h"
#include "history/similar.h"

/* Header fields shown above the body, in this order; any other field
 * with evidence follows them. */
static const char *const shown_headers[] = { "From", "To", "Cc", "Reply-To" };
/* Header fields with evidence shown besides those. */
#define REPORT_MAX_HEADERS 16

enum { T_SUBJECT, T_HEADER, T_BODY, T_LINK };

/* A text evidence can point into, and the spans picked over it. */
typedef struct target {
    int kind;
    size_t part, link;
    const char *name;         /* T_HEADER */
    const char *text;
    size_t len;
    size_t first, n;          /* picked spans: page.spans[first..first+n) */
} target;

typedef struct page {
    lsc__rw w;
    const lsc_result *r;
    const lsc__message *m;
    int fragment;
    size_t n_hits, n_ev;
    size_t *ev_base;          /* per hit: index of its first evidence */
    unsigned char *marked;    /* per evidence: highlighted/listed in place */
    size_t *ev_row;           /* per evidence: its link row for LINK, else NONE */
    lsc__rspan *spans;
    size_t n_spans, budget;
    target *t;
    size_t n_t, cap_t;
    size_t primary;           /* part shown as the body, or NONE */
} page;

static int is_body(const lsc__part *p)
{
    return p->pub.kind == LSC_PART_LEAF && (p->pub.flags & LSC_PART_TEXT) &&
           !(p->pub.flags & LSC_PART_ATTACHMENT) && p->pub.text;
}

/* How surely a body part is what the reader sees. */
static int shown_rank(const lsc__part *p)
{
    return 2 * (p->shown != 0) + ((p->pub.flags & LSC_PART_HTML) != 0);
}

/* ---- placing evidence ---- */

static int ev_in_target(const page *pg, const target *t, size_t gi,
                        const lsc_evidence *e)
{
    switch (t->kind) {
    case T_SUBJECT: return e->where == LSC_WHERE_SUBJECT;
    case T_HEADER:
        return e->where == LSC_WHERE_HEADER && e->header &&
               lsc__casecmp(e->header, t->name) == 0;
    case T_BODY: return e->where == LSC_WHERE_BODY && e->part == t->part;
    default:
        return e->where == LSC_WHERE_LINK && pg->ev_row[gi] == t->link;
    }
}

/* Gathers the spans over t and picks those to highlight. */
static void pick_target(page *pg, target *t)
{
    size_t i, e, n = 0;
    t->first = pg->n_spans;
    for (i = 0; i < pg->n_hits; i++) {
        const lsc_hit *h = lsc_result_hit(pg->r, i);
        for (e = 0; e < h->n_evidence; e++) {
            size_t gi = pg->ev_base[i] + e;
            lsc__rspan *s;
            if (!ev_in_target(pg, t, gi, &h->evidence[e]) || pg->marked[gi])
                continue;
            s = &pg->spans[t->first + n++];
            s->start = h->evidence[e].start;
            s->end = h->evidence[e].end;
            s->hit = i + 1;
            s->ev = e;
            s->marked = &pg->marked[gi];
        }
    }
    t->n = lsc__report_pick(pg->spans + t->first, n, t->text, t->len,
                            &pg->budget);
    pg->n_spans += t->n;
}

static target *add_target(page *pg, int kind, const char *text, size_t len)
{
    target *t;
    if (pg->n_t == pg->cap_t)
        return NULL;
    t = &pg->t[pg->n_t++];
    memset(t, 0, sizeof *t);
    t->kind = kind;
    t->text = text ? text : "";
    t->len = text ? len : 0;
    return t;
}

/* Link rows are numbered over the whole message, HTML parts in order. */
static size_t link_rows(const lsc__message *m)
{
    size_t i, n = 0;
    for (i = 0; i < m->n_parts; i++)
        if (is_body(m->parts[i]) && m->parts[i]->html.parsed)
            n += m->parts[i]->html.n_links;
    return LSC__MIN(n, (size_t)LSC__REPORT_MAX_LINKS);
}

static int header_listed(const page *pg, const char *name)
{
    size_t i;
    for (i = 0; i < pg->n_t; i++)
        if (pg->t[i].kind == T_HEADER && lsc__casecmp(pg->t[i].name, name) == 0)
            return 1;
    return 0;
}

static void add_header(page *pg, const char *name)
{
    const char *v = lsc_result_header_value(pg->r, name);
    target *t;
    if (!v || header_listed(pg, name))
        return;
    t = add_target(pg, T_HEADER, v, strlen(v));
    if (t)
        t->name = name;
}

static int place(page *pg)
{
    const lsc__message *m = pg->m;
    size_t i, e, k, row, extra = 0;
    size_t subject_len = 0;
    const char *subject = lsc_result_subject(pg->r, &subject_len);
    pg->cap_t = 1 + LSC__COUNT(shown_headers) + REPORT_MAX_HEADERS +
                m->n_parts + link_rows(m);
    pg->t = lsc__calloc(&pg->r->al, pg->cap_t, sizeof *pg->t);
    if (!pg->t)
        return LSC_ENOMEM;
    /* LINK evidence belongs to the first row with its target. */
    for (i = 0; i < pg->n_hits; i++) {
        const lsc_hit *h = lsc_result_hit(pg->r, i);
        for (e = 0; e < h->n_evidence; e++) {
            const lsc_evidence *ev = &h->evidence[e];
            size_t gi = pg->ev_base[i] + e;
            pg->ev_row[gi] = LSC__NONE;
            if (ev->where == LSC_WHERE_LINK && ev->part < m->n_parts) {
                for (k = 0, row = 0; k < m->n_parts; k++) {
                    const lsc__part *p = m->parts[k];
                    size_t l;
                    if (!is_body(p) || !p->html.parsed)
                        continue;
                    for (l = 0; l < p->html.n_links &&
                                row < LSC__REPORT_MAX_LINKS; l++, row++)
                        if (k == ev->part && pg->ev_row[gi] == LSC__NONE &&
                            strcmp(p->html.links[l].href, ev->text) == 0)
                            pg->ev_row[gi] = row;
                }
            } else if (ev->where == LSC_WHERE_ATTACHMENT) {
                for (k = 0; k < lsc_result_attachment_count(pg->r); k++)
                    if (lsc_result_attachment(pg->r, k)->part == ev->part)
                        pg->marked[gi] = 1;
            }
        }
    }
    pick_target(pg, add_target(pg, T_SUBJECT, subject, subject_len));
    for (i = 0; i < LSC__COUNT(shown_headers); i++)
        add_header(pg, shown_headers[i]);
    for (i = 0; i < pg->n_hits; i++) {
        const lsc_hit *h = lsc_result_hit(pg->r, i);
        for (e = 0; e < h->n_evidence && extra < REPORT_MAX_HEADERS; e++)
            if (h->evidence[e].where == LSC_WHERE_HEADER &&
                h->evidence[e].header &&
                !header_listed(pg, h->evidence[e].header)) {
                add_header(pg, h->evidence[e].header);
                extra++;
            }
    }
    for (i = 1; i < pg->n_t; i++)
        pick_target(pg, &pg->t[i]);
    /* The body the reader sees: one the text stage marked shown, the HTML
     * one first; the others go under "other versions". */
    pg->primary = LSC__NONE;
    for (i = 0; i < m->n_parts; i++)
        if (is_body(m->parts[i]) &&
            (pg->primary == LSC__NONE ||
             shown_rank(m->parts[i]) > shown_rank(m->parts[pg->primary])))
            pg->primary = i;
    for (k = 0; k < 2; k++)
        for (i = 0; i < m->n_parts; i++) {
            const lsc__part *p = m->parts[i];
            target *t;
            if (!is_body(p) || (k == 0) != (i == pg->primary))
                continue;
            t = add_target(pg, T_BODY, p->pub.text, p->pub.text_bytes);
            t->part = i;
            pick_target(pg, t);
        }
    for (k = 0, row = 0; k < m->n_parts; k++) {
        const lsc__part *p = m->parts[k];
        size_t l;
        if (!is_body(p) || !p->html.parsed)
            continue;
        for (l = 0; l < p->html.n_links && row < LSC__REPORT_MAX_LINKS;
             l++, row++) {
            target *t = add_target(pg, T_LINK, p->html.links[l].href,
                                   strlen(p->html.links[l].href));
            t->part = k;
            t->link = row;
            pick_target(pg, t);
        }
    }
    return 0;
}

static const target *find_target(const page *pg, int kind, size_t part)
{
    size_t i;
    for (i = 0; i < pg->n_t; i++)
        if (pg->t[i].kind == kind && pg->t[i].part == part)
            return &pg->t[i];
    return NULL;
}

static void write_target(page *pg, const target *t)
{
    lsc__rw_marked(&pg->w, t->text, t->len, pg->spans + t->first, t->n);
}

/* ---- small writers ---- */

static void text(page *pg, const char *s)
{
    lsc__rw_str(&pg->w, s);
}

static const char *level_icon(lsc_level l)
{
    /* check mark, warning sign, heavy cross */
    return l == LSC_LEVEL_UNREADABLE ? "?"
           : l == LSC_LEVEL_HIGH ? "\xE2\x9C\x96"
           : l == LSC_LEVEL_MEDIUM ? "\xE2\x9A\xA0" : "\xE2\x9C\x93";
}

static void badge(page *pg, lsc_level l)
{
    lsc__rw_fmt(&pg->w, "<span class=\"badge b-%d\"><span aria-hidden=\"true\">"
                "%s</span> ", (int)l, level_icon(l));
    lsc__rw_raw(&pg->w, pg->w.w->level[l]);
    lsc__rw_raw(&pg->w, "</span>");
}

/* ---- the sections ---- */

static void head(page *pg, const char *title, size_t title_len)
{
    const lsc__rwords *wd = pg->w.w;
    const lsc_result *r = pg->r;
    size_t slen;
    const char *subject = lsc_result_subject(r, &slen);
    if (!pg->fragment) {
        lsc__rw_fmt(&pg->w, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
                    "<meta charset=\"utf-8\">\n", wd->lang);
        lsc__rw_raw(&pg->w,
                    "<meta http-equiv=\"Content-Security-Policy\" content=\""
                    "default-src 'none'; style-src 'unsafe-inline'; "
                    "img-src 'none'; base-uri 'none'; form-action 'none'\">\n"
                    "<meta name=\"referrer\" content=\"no-referrer\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, "
                    "initial-scale=1\">\n<title>");
        lsc__rw_fmt(&pg->w, "%s %d \xC2\xB7 ", wd->risk, r->risk);
        if (slen)
            lsc__rw_text(&pg->w, subject, slen, 0);
        else
            lsc__rw_raw(&pg->w, wd->no_subject);
        lsc__rw_raw(&pg->w, "</title>\n<style>");
        lsc__rw_raw(&pg->w, lsc__report_css);
        lsc__rw_fmt(&pg->w, "</style>\n</head>\n<body>\n<div class=\"lsc-report\">\n");
    } else {
        lsc__rw_fmt(&pg->w, "<div class=\"lsc-report\" lang=\"%s\">\n<style>",
                    wd->lang);
        lsc__rw_raw(&pg->w, lsc__report_css);
        lsc__rw_raw(&pg->w, "</style>\n");
    }
    lsc__rw_fmt(&pg->w, "<header>\n<h1>%s</h1>\n", wd->title);
    if (title && title_len) {
        lsc__rw_raw(&pg->w, "<p class=\"sub\"><bdi>");
        lsc__rw_text(&pg->w, title, title_len, 0);
        lsc__rw_raw(&pg->w, "</bdi></p>\n");
    }
}

static void gauge(page *pg)
{
    const lsc__rwords *wd = pg->w.w;
    const lsc_result *r = pg->r;
    int l = (int)r->level;
    double mid, high, far;
    lsc__risk_curve(&mid, &high, &far);
    lsc__rw_fmt(&pg->w, "<div class=\"gauge lv-%d\" id=\"risk\">\n"
                "<div class=\"num\">%d <small>%s</small></div>\n<div>",
                l, r->risk, wd->of100);
    badge(pg, r->level);
    lsc__rw_raw(&pg->w, "<div class=\"note\">");
    lsc__rw_fmt(&pg->w, wd->points_fmt, r->points, r->n_sorted);
    lsc__rw_raw(&pg->w, "</div></div>\n");
    /* The bar, with ticks where medium and high begin. */
    lsc__rw_fmt(&pg->w, "<div class=\"meter\"><div class=\"track\" role=\"img\" "
                "aria-label=\"%s %d %s\"><div class=\"fill f-%d\" "
                "style=\"width:%d%%\"></div>", wd->risk, r->risk, wd->of100, l,
                r->risk < 2 ? 2 : r->risk);
    lsc__rw_fmt(&pg->w, "<span class=\"tick\" style=\"left:%d%%\"></span>"
                "<span class=\"tick\" style=\"left:%d%%\"></span></div>\n",
                lsc__risk_of(mid), lsc__risk_of(high));
    lsc__rw_fmt(&pg->w, "<p class=\"meaning\">%s</p>\n", wd->meaning[l]);
    lsc__rw_raw(&pg->w, "<p class=\"note curve\">");
    lsc__rw_fmt(&pg->w, wd->curve_fmt, mid, lsc__risk_of(mid), high,
                lsc__risk_of(high), far, lsc__risk_of(far));
    lsc__rw_raw(&pg->w, "</p></div>\n</div>\n");
}

static void nav(page *pg)
{
    const lsc__rwords *wd = pg->w.w;
    lsc__rw_fmt(&pg->w, "<nav aria-label=\"%s\"><ul>"
                "<li><a href=\"#findings\">%s</a></li>"
                "<li><a href=\"#message\">%s</a></li>", wd->contents,
                wd->findings, wd->message);
    if (link_rows(pg->m))
        lsc__rw_fmt(&pg->w, "<li><a href=\"#links\">%s</a></li>", wd->links);
    if (lsc_result_attachment_count(pg->r))
        lsc__rw_fmt(&pg->w, "<li><a href=\"#attachments\">%s</a></li>",
                    wd->attachments);
    if (pg->m->similar && pg->m->similar->have_history)
        lsc__rw_fmt(&pg->w, "<li><a href=\"#history\">%s</a></li>", wd->history);
    lsc__rw_raw(&pg->w, "</ul></nav>\n</header>\n");
}

static const char *where_word(const page *pg, const lsc_evidence *e)
{
    const lsc__rwords *wd = pg->w.w;
    /* A header, or the DNS name a DNS check's record was read at. */
    if ((e->where == LSC_WHERE_HEADER || e->where == LSC_WHERE_DNS) && e->header)
        return e->header;
    return wd->where[e->where <= LSC_WHERE_LINK ? e->where : 0];
}

static void finding(page *pg, size_t i)
{
    const lsc__rwords *wd = pg->w.w;
    const lsc_hit *h = lsc_result_hit(pg->r, i);
    int sev = h->points >= 1.5 ? 2 : h->points >= 0.5 ? 1 : 0;
    size_t e;
    lsc__rw_fmt(&pg->w, "<li class=\"finding lv-%d\" id=\"f-%zu\">\n<h3>"
                "<span class=\"badge b-%d pts\">%zu \xC2\xB7 +%.2f</span> ",
                sev, i + 1, sev, i + 1, h->points);
    text(pg, h->description);
    lsc__rw_raw(&pg->w, "</h3>\n<p>");
    text(pg, h->explanation);
    lsc__rw_fmt(&pg->w, "</p>\n<p class=\"fix\"><strong>%s%s</strong>", wd->fix,
                wd->colon);
    text(pg, h->suggestion);
    lsc__rw_fmt(&pg->w, "</p>\n<p class=\"meta\">%s%s", wd->group, wd->colon);
    text(pg, h->group);
    lsc__rw_raw(&pg->w, " \xC2\xB7 <code>");
    text(pg, h->id);
    lsc__rw_raw(&pg->w, "</code> \xC2\xB7 ");
    lsc__rw_fmt(&pg->w, wd->weight_fmt, h->weight, h->strength);
    if (h->fix_points <= -0.05 || h->fix_risk <= -1) {
        lsc__rw_raw(&pg->w, " \xC2\xB7 ");
        lsc__rw_fmt(&pg->w, wd->gain_fmt, h->fix_points, h->fix_risk);
    }
    lsc__rw_raw(&pg->w, "</p>\n");
    if (h->n_evidence) {
        lsc__rw_fmt(&pg->w, "<ul class=\"evl\" aria-label=\"%s\">",
                    wd->evidence);
        for (e = 0; e < h->n_evidence && e < LSC__REPORT_MAX_EVIDENCE; e++) {
            const lsc_evidence *ev = &h->evidence[e];
            int marked = pg->marked[pg->ev_base[i] + e];
            lsc__rw_raw(&pg->w, "<li>");
            if (marked)
                lsc__rw_fmt(&pg->w, "<a href=\"#ev-%zu-%zu\">", i + 1, e);
            lsc__rw_raw(&pg->w, "\xE2\x80\x9C<bdi class=\"q\">");
            text(pg, ev->text);
            lsc__rw_raw(&pg->w, "</bdi>\xE2\x80\x9D");
            if (marked)
                lsc__rw_raw(&pg->w, "</a>");
            lsc__rw_raw(&pg->w, " <span class=\"note\">(");
            text(pg, where_word(pg, ev));
            lsc__rw_raw(&pg->w, ")");
            if (!marked && ev->where != LSC_WHERE_MESSAGE &&
                ev->where != LSC_WHERE_DNS) {    /* not in the message */
                lsc__rw_raw(&pg->w, " ");
                lsc__rw_raw(&pg->w, wd->not_marked);
            }
            lsc__rw_raw(&pg->w, "</span></li>");
        }
        if (h->n_evidence > LSC__REPORT_MAX_EVIDENCE) {
            lsc__rw_raw(&pg->w, "<li class=\"note\">");
            lsc__rw_fmt(&pg->w, wd->more_fmt,
                        h->n_evidence - LSC__REPORT_MAX_EVIDENCE);
            lsc__rw_raw(&pg->w, "</li>");
        }
        lsc__rw_raw(&pg->w, "</ul>\n");
    }
    lsc__rw_raw(&pg->w, "</li>\n");
}

static void findings(page *pg)
{
    const lsc__rwords *wd = pg->w.w;
    size_t i;
    lsc__rw_fmt(&pg->w, "<section id=\"findings\" aria-labelledby=\"h-findings\">"
                "\n<h2 id=\"h-findings\">%s</h2>\n", wd->findings);
    if (!pg->n_hits)
        lsc__rw_fmt(&pg->w, "<p>%s</p>\n", wd->no_findings);
    else
        lsc__rw_raw(&pg->w, "<ol class=\"findings\">\n");
    for (i = 0; i < pg->n_hits; i++)
        finding(pg, i);
    if (pg->n_hits)
        lsc__rw_raw(&pg->w, "</ol>\n");
    lsc__rw_raw(&pg->w, "</section>\n");
}

static void body_part(page *pg, size_t part)
{
    const target *t = find_target(pg, T_BODY, part);
    const lsc__part *p = pg->m->parts[part];
    if (!t)
        return;
    lsc__rw_fmt(&pg->w, "<div class=\"body\"%s id=\"part-%zu\">",
                lsc__report_dir(t->text, t->len), part);
    if (!t->len)
        lsc__rw_fmt(&pg->w, "<span class=\"note\">%s</span>", pg->w.w->empty_body);
    write_target(pg, t);
    if ((p->pub.flags & LSC_PART_TRUNCATED) || p->html.truncated)
        lsc__rw_fmt(&pg->w, "\n<span class=\"warn\">%s</span>", pg->w.w->body_cut);
    lsc__rw_raw(&pg->w, "</div>\n");
}

/* The page's word for a header field it always shows, else its name. */
static const char *header_word(const page *pg, const char *name)
{
    size_t i;
    for (i = 0; i < LSC__COUNT(shown_headers); i++)
        if (lsc__casecmp(name, shown_headers[i]) == 0)
            return pg->w.w->header[i];
    return name;
}

static void message(page *pg)
{
    const lsc__rwords *wd = pg->w.w;
    const lsc__message *m = pg->m;
    size_t i, images = 0, remote = 0, others = 0;
    lsc__rw_fmt(&pg->w, "<section id=\"message\" aria-labelledby=\"h-message\">"
                "\n<h2 id=\"h-message\">%s</h2>\n<dl class=\"hdrs\">\n",
                wd->message);
    for (i = 0; i < pg->n_t; i++) {
        const target *t = &pg->t[i];
        if (t->kind != T_HEADER && t->kind != T_SUBJECT)
            continue;
        lsc__rw_raw(&pg->w, "<dt>");
        text(pg, t->kind == T_SUBJECT ? wd->subject : header_word(pg, t->name));
        lsc__rw_fmt(&pg->w, "</dt><dd%s>", lsc__report_dir(t->text, t->len));
        if (t->kind == T_SUBJECT && !t->len)
            lsc__rw_fmt(&pg->w, "<span class=\"note\">%s</span>", wd->no_subject);
        write_target(pg, t);
        lsc__rw_raw(&pg->w, "</dd>\n");
    }
    lsc__rw_raw(&pg->w, "</dl>\n");
    for (i = 0; i < m->n_parts; i++) {
        size_t k;
        if (!is_body(m->parts[i]))
            continue;
        others += i != pg->primary;
        for (k = 0; k < m->parts[i]->html.n_images; k++) {
            images++;
            remote += (m->parts[i]->html.images[k].flags & LSC__IMG_REMOTE) != 0;
        }
    }
    if (pg->primary != LSC__NONE)
        body_part(pg, pg->primary);
    else
        lsc__rw_fmt(&pg->w, "<div class=\"body\"><span class=\"note\">%s"
                    "</span></div>\n", wd->empty_body);
    if (images) {
        lsc__rw_raw(&pg->w, "<p class=\"note\">");
        lsc__rw_fmt(&pg->w, wd->images_fmt, images, remote);
        lsc__rw_raw(&pg->w, "</p>\n");
    }
    for (i = 0; others && i < m->n_parts; i++) {
        const target *t;
        if (!is_body(m->parts[i]) || i == pg->primary)
            continue;
        t = find_target(pg, T_BODY, i);
        lsc__rw_fmt(&pg->w, "<details%s><summary>%s%s", t && t->n ? " open" : "",
                    wd->other_versions, wd->colon);
        text(pg, m->parts[i]->pub.content_type);
        lsc__rw_raw(&pg->w, "</summary>\n");
        body_part(pg, i);
        lsc__rw_raw(&pg->w, "</details>\n");
    }
    lsc__rw_raw(&pg->w, "</section>\n");
}

static void links(page *pg)
{
    const lsc__rwords *wd = pg->w.w;
    const lsc__message *m = pg->m;
    size_t k, row = 0, total = 0, f;
    if (!link_rows(m))
        return;
    lsc__rw_fmt(&pg->w, "<section id=\"links\" aria-labelledby=\"h-links\">\n"
                "<h2 id=\"h-links\">%s</h2>\n<p class=\"note\">%s</p>\n<table>"
                "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n", wd->links,
                wd->links_inert, wd->shown, wd->target, wd->notes);
    for (k = 0; k < m->n_parts; k++) {
        const lsc__part *p = m->parts[k];
        size_t l;
        if (!is_body(p) || !p->html.parsed)
            continue;
        total += p->html.n_links;
        for (l = 0; l < p->html.n_links && row < LSC__REPORT_MAX_LINKS;
             l++, row++) {
            const lsc__link *lk = &p->html.links[l];
            const target *t = NULL;
            size_t i, first = 1;
            for (i = 0; i < pg->n_t && !t; i++)
                if (pg->t[i].kind == T_LINK && pg->t[i].link == row)
                    t = &pg->t[i];
            lsc__rw_fmt(&pg->w, "<tr id=\"link-%zu\"><td%s>", row,
                        lsc__report_dir(lk->text, strlen(lk->text)));
            if (*lk->text)
                text(pg, lk->text);
            else
                lsc__rw_fmt(&pg->w, "<span class=\"note\">%s</span>", wd->no_text);
            lsc__rw_raw(&pg->w, "</td><td class=\"q\" dir=\"ltr\">");
            if (t)
                write_target(pg, t);
            lsc__rw_raw(&pg->w, "</td><td>");
            for (f = 0; f < 7; f++)
                if (lk->flags & (LSC__LINK_MISMATCH << f)) {
                    lsc__rw_fmt(&pg->w, "%s<span class=\"%s\">%s</span>",
                                first ? "" : "; ", f < 3 || f == 4 ? "warn" : "note",
                                wd->link_note[f]);
                    first = 0;
                }
            lsc__rw_raw(&pg->w, "</td></tr>\n");
        }
    }
    lsc__rw_raw(&pg->w, "</tbody></table>\n");
    if (total > row) {
        lsc__rw_raw(&pg->w, "<p class=\"note\">");
        lsc__rw_fmt(&pg->w, wd->more_fmt, total - row);
        lsc__rw_raw(&pg->w, "</p>\n");
    }
    lsc__rw_raw(&pg->w, "</section>\n");
}

void lsc_html_options_init(lsc_html_options *o)
{
    static const lsc_html_options init = LSC_HTML_OPTIONS_INIT;
    if (o)
        *o = init;
}

int lsc_result_html(char **out, size_t *len, const lsc_result *r,
                    const lsc_html_options *opts, lsc_error *err)
{
    page pg;
    lsc_html_options o = LSC_HTML_OPTIONS_INIT;
    size_t i, title_len;
    int rc = 0;
    if (out)
        *out = NULL;
    if (len)
        *len = 0;
    if (!out || !r)
        return lsc__error(err, LSC_EINVAL, "lsc_result_html",
                          "out or result is NULL");
    if (opts && opts->version != LSC_HTML_OPTIONS_VERSION)
        return lsc__error(err, LSC_EVERSION, "lsc_html_options",
                          "version %u, this library knows %d", opts->version,
                          LSC_HTML_OPTIONS_VERSION);
    if (opts)
        o = *opts;
    if (o.flags & ~LSC_HTML_FRAGMENT)
        return lsc__error(err, LSC_EINVAL, "lsc_html_options",
                          "unknown flags 0x%x", o.flags & ~LSC_HTML_FRAGMENT);
    if (o.lang != LSC_HTML_LANG_ENGINE && o.lang != LSC_LANG_EN &&
        o.lang != LSC_LANG_ZH)
        return lsc__error(err, LSC_EINVAL, "lsc_html_options",
                          "unknown language %d", o.lang);
    title_len = o.title && o.title_len == LSC_NTS ? strlen(o.title) : o.title_len;

    memset(&pg, 0, sizeof pg);
    pg.r = r;
    pg.m = r->msg;
    pg.fragment = (o.flags & LSC_HTML_FRAGMENT) != 0;
    pg.n_hits = r->n_sorted;
    pg.budget = LSC__REPORT_MAX_MARKS;
    pg.w.w = lsc__report_words(o.lang == LSC_HTML_LANG_ENGINE
                                   ? r->lang : (lsc_lang)o.lang);
    lsc__hbuf_init(&pg.w.b, &r->al);
    pg.ev_base = lsc__calloc(&r->al, pg.n_hits + 1, sizeof *pg.ev_base);
    for (i = 0; pg.ev_base && i < pg.n_hits; i++)
        pg.ev_base[i + 1] = pg.ev_base[i] + r->sorted[i]->n_evidence;
    pg.n_ev = pg.ev_base ? pg.ev_base[pg.n_hits] : 0;
    pg.marked = lsc__calloc(&r->al, pg.n_ev + 1, 1);
    pg.ev_row = lsc__calloc(&r->al, pg.n_ev + 1, sizeof *pg.ev_row);
    pg.spans = lsc__calloc(&r->al, pg.n_ev + 1, sizeof *pg.spans);
    if (!pg.ev_base || !pg.marked || !pg.ev_row || !pg.spans ||
        place(&pg) != 0) {
        rc = LSC_ENOMEM;
        goto done;
    }
    /* Most pages are a few times the size of the text they show. */
    lsc__hbuf_reserve(&pg.w.b, 16384 + 4 * r->msg->wire_bytes / 3);
    head(&pg, o.title, title_len);
    gauge(&pg);
    nav(&pg);
    lsc__rw_raw(&pg.w, pg.fragment ? "<div class=\"main\">\n" : "<main>\n");
    findings(&pg);
    message(&pg);
    links(&pg);
    lsc__report_attachments(&pg.w, r);
    lsc__report_history(&pg.w, r);
    lsc__rw_raw(&pg.w, pg.fragment ? "</div>\n" : "</main>\n");
    lsc__rw_raw(&pg.w, "<footer><p>");
    lsc__rw_fmt(&pg.w, pg.w.w->footer_fmt, lsc_version_string());
    lsc__rw_raw(&pg.w, "</p></footer>\n</div>\n");
    if (!pg.fragment)
        lsc__rw_raw(&pg.w, "</body>\n</html>\n");
    if (pg.w.b.failed) {
        rc = LSC_ENOMEM;
        goto done;
    }
    *out = lsc__string_new(&r->al, pg.w.b.p, pg.w.b.len);
    if (!*out)
        rc = LSC_ENOMEM;
    else if (len)
        *len = pg.w.b.len;
done:
    lsc__hbuf_free(&pg.w.b);
    lsc__free(&r->al, pg.ev_base);
    lsc__free(&r->al, pg.marked);
    lsc__free(&r->al, pg.ev_row);
    lsc__free(&r->al, pg.spans);
    lsc__free(&r->al, pg.t);
    if (rc)
        return lsc__error(err, rc, "lsc_result_html", "out of memory");
    return 0;
}

/*
 * report_files.c - the report's attachments and history sections.
 *
 * Takes: the writer and the result.  Gives: the attachments table (real
 * type, size, archive entries, the findings about each file as marks
 * linked to their finding), the message size against the recipients'
 * limit and against each large provider's, and, when the result was
 * scored with a history, how many earlier letters it resembles.
 * Limits: LSC__REPORT_MAX_ENTRIES archive entries per attachment.
 */
#include <stdio.h>
#include <time.h>

#include "report/report.h"
#include "attach/attach.h"
#include "history/similar.h"

static void attachment(lsc__rw *w, const lsc_result *r, const lsc_attachment *a)
{
    const lsc__rwords *wd = w->w;
    char sz[32];
    size_t i, e, shown = 0;
    const char *name = a->filename ? a->filename : "";
    lsc__rw_fmt(w, "<tr id=\"att-%zu\"><td><bdi>", a->part);
    lsc__rw_str(w, name);
    lsc__rw_raw(w, "</bdi>");
    if (a->flags & LSC_ATT_INLINE)
        lsc__rw_fmt(w, "<span class=\"note\">%s%s%s</span>", wd->lparen,
                    wd->inline_part, wd->rparen);
    lsc__rw_raw(w, "</td><td class=\"q\">");
    lsc__rw_str(w, a->declared_type);
    lsc__rw_fmt(w, "</td><td class=\"q%s\">",
                a->flags & LSC_ATT_MISMATCH ? " warn" : "");
    lsc__rw_str(w, a->real_type ? a->real_type : "?");
    lsc__report_size(sz, sizeof sz, a->decoded_bytes);
    lsc__rw_fmt(w, "</td><td>%s</td><td>", sz);
    if (a->n_entries) {
        lsc__rw_raw(w, "<ul class=\"entries\">");
        for (i = 0; i < a->n_entries && i < LSC__REPORT_MAX_ENTRIES; i++) {
            const lsc_archive_entry *en = &a->entries[i];
            lsc__report_size(sz, sizeof sz, en->size);
            /* a blocked entry says so in words, not only in red */
            if (en->flags & LSC_ATT_BLOCKED)
                lsc__rw_fmt(w, "<li class=\"warn\"><span aria-hidden="
                            "\"true\">\xE2\x9C\x96</span> %s%s<bdi>",
                            wd->blocked, wd->colon);
            else
                lsc__rw_raw(w, "<li><bdi>");
            lsc__rw_str(w, en->path ? en->path : en->name);
            lsc__rw_fmt(w, "</bdi>%s%s%s</li>", wd->lparen, sz, wd->rparen);
        }
        lsc__rw_raw(w, "</ul>");
        if (a->n_entries > LSC__REPORT_MAX_ENTRIES) {
            lsc__rw_raw(w, "<span class=\"note\">");
            lsc__rw_fmt(w, wd->more_fmt,
                        a->n_entries - LSC__REPORT_MAX_ENTRIES);
            lsc__rw_raw(w, "</span>");
        }
    }
    lsc__rw_raw(w, "</td><td>");
    /* The findings about this file, each a mark that links back. */
    for (i = 0; i < r->n_sorted; i++) {
        const lsc_hit *h = lsc_result_hit(r, i);
        for (e = 0; e < h->n_evidence; e++) {
            const lsc_evidence *ev = &h->evidence[e];
            if (ev->where != LSC_WHERE_ATTACHMENT || ev->part != a->part)
                continue;
            lsc__rw_fmt(w, "%s<mark class=\"ev\" id=\"ev-%zu-%zu\">",
                        shown++ ? "<br>" : "", i + 1, e);
            lsc__rw_str(w, ev->text);
            lsc__rw_fmt(w, "</mark><a class=\"ref\" href=\"#f-%zu\">%zu</a> "
                        "<span class=\"note\">", i + 1, i + 1);
            lsc__rw_str(w, h->description);
            lsc__rw_raw(w, "</span>");
        }
    }
    lsc__rw_raw(w, "</td></tr>\n");
}

/* The message against each large provider's own limit (providers with
 * the same limit next to each other share a row), then any other. */
static void provider_row(lsc__rw *w, uint64_t size, uint64_t limit)
{
    char a[32];
    lsc__report_size(a, sizeof a, limit);
    lsc__rw_fmt(w, "</td><td>%s</td><td%s>%d%%</td></tr>\n", a,
                size > limit ? " class=\"warn\"" : "",
                (int)(limit ? (100 * size + limit / 2) / limit : 0));
}

static void providers(lsc__rw *w, uint64_t size)
{
    const lsc__rwords *wd = w->w;
    size_t i = 0;
    const char *dom;
    uint64_t lim, cur;
    int have = lsc__attach_provider(0, &dom, &lim), first;
    lsc__rw_fmt(w, "<details><summary>%s</summary>\n<table><thead><tr>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
                wd->providers, wd->provider, wd->limit, wd->msg_size);
    while (have) {
        cur = lim;
        lsc__rw_raw(w, "<tr><td>");
        for (first = 1; have && lim == cur; first = 0) {
            lsc__rw_fmt(w, "%s%s", first ? "" : ", ", dom);
            have = lsc__attach_provider(++i, &dom, &lim);
        }
        provider_row(w, size, cur);
    }
    /* past the table: the limit of any other domain */
    lsc__rw_fmt(w, "<tr><td>%s", wd->other_domains);
    provider_row(w, size, lim);
    lsc__rw_raw(w, "</tbody></table></details>\n");
}

void lsc__report_attachments(lsc__rw *w, const lsc_result *r)
{
    const lsc__rwords *wd = w->w;
    size_t i, n = lsc_result_attachment_count(r);
    const char *dom = NULL;
    uint64_t limit = lsc_result_size_limit(r, &dom);
    uint64_t size = lsc_result_message_bytes(r);
    char a[32], b[32];
    int pct;
    if (!n)
        return;
    lsc__rw_fmt(w, "<section id=\"attachments\" aria-labelledby=\"h-att\">\n"
                "<h2 id=\"h-att\">%s</h2>\n", wd->attachments);
    if (limit) {
        pct = size >= limit ? 100 : (int)(100 * size / limit);
        lsc__report_size(a, sizeof a, size);
        lsc__report_size(b, sizeof b, limit);
        lsc__rw_fmt(w, "<p>%s%s", wd->msg_size, wd->colon);
        lsc__rw_fmt(w, wd->limit_fmt, a, b);
        /* the domain comes from the mail: escaped, never a format argument */
        lsc__rw_fmt(w, "%s<bdi>", wd->lparen);
        if (dom && strcmp(dom, "*") != 0)
            lsc__rw_str(w, dom);
        else
            lsc__rw_raw(w, wd->other_domains);
        lsc__rw_fmt(w, "</bdi>%s", wd->rparen);
        if (size > limit)
            lsc__rw_fmt(w, " <span class=\"warn\">\xE2\x9C\x96 %s</span>",
                        wd->over_limit);
        lsc__rw_fmt(w, "</p>\n<div class=\"meter\"><div class=\"track\" "
                    "role=\"img\" aria-label=\"%d%%\"><div class=\"fill f-%d\" "
                    "style=\"width:%d%%\"></div></div></div>\n", pct,
                    pct >= 100 ? 2 : pct >= 80 ? 1 : 0, pct < 1 ? 1 : pct);
    }
    providers(w, size);
    lsc__rw_fmt(w, "<table><thead><tr><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n", wd->file,
                wd->declared, wd->real, wd->size, wd->contents_of,
                wd->att_flags_title);
    for (i = 0; i < n; i++)
        attachment(w, r, lsc_result_attachment(r, i));
    lsc__rw_raw(w, "</tbody></table>\n</section>\n");
}

void lsc__report_history(lsc__rw *w, const lsc_result *r)
{
    const lsc__rwords *wd = w->w;
    const lsc__sim_facts *f = r->msg->similar;
    if (!f || !f->have_history)
        return;
    lsc__rw_fmt(w, "<section id=\"history\" aria-labelledby=\"h-hist\">\n"
                "<h2 id=\"h-hist\">%s</h2>\n<p>", wd->history);
    if (f->n_similar)
        lsc__rw_fmt(w, wd->hist_similar_fmt, f->n_similar,
                    LSC__TEMPLATE_DAYS, (int)(100.0 * f->max_similarity + 0.5));
    else
        lsc__rw_raw(w, wd->hist_none);
    lsc__rw_raw(w, "</p>\n");
    if (f->have_nearest) {
        char when[32] = "?";
        time_t t = (time_t)f->nearest_time;
        struct tm tm;
        if (gmtime_r(&t, &tm))
            strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
        lsc__rw_raw(w, "<p>");
        lsc__rw_fmt(w, wd->hist_nearest_fmt,
                    (int)(100.0 * f->nearest_similarity + 0.5), when);
        lsc__rw_raw(w, " ");
        lsc__rw_fmt(w, wd->hist_changed_fmt, f->changed_words, f->n_words);
        lsc__rw_raw(w, "</p>\n");
    }
    lsc__rw_raw(w, "</section>\n");
}

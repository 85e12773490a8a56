/*
 * report_esc.c - how text from the mail reaches the report page.
 *
 * Takes: bytes from the mail (any bytes) and evidence spans over them.
 * Gives: HTML text that can only be text: every character that has a
 * meaning in markup is a character reference, ill-formed UTF-8 and
 * control characters are U+FFFD, and characters that would silently
 * change how the page reads (bidi overrides, zero widths) are shown by
 * name.  Spans become nested <mark>s with a footnote link to their
 * finding.  Limits: LSC__REPORT_MAX_OVERLAP marks over one character.
 */
#include <stdio.h>
#include <stdlib.h>

#include "report/report.h"

void lsc__rw_raw(lsc__rw *w, const char *s)
{
    lsc__hbuf_append(&w->b, s, strlen(s));
}

void lsc__rw_str(lsc__rw *w, const char *s)
{
    if (s)
        lsc__rw_text(w, s, strlen(s), 0);
}

void lsc__report_size(char *buf, size_t cap, uint64_t n)
{
    if (n >= 1024 * 1024)
        snprintf(buf, cap, "%.1f MB", (double)n / (1024.0 * 1024.0));
    else if (n >= 1024)
        snprintf(buf, cap, "%.1f KB", (double)n / 1024.0);
    else
        snprintf(buf, cap, "%llu B", (unsigned long long)n);
}

void lsc__rw_fmt(lsc__rw *w, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0)
        lsc__hbuf_append(&w->b, tmp, LSC__MIN((size_t)n, sizeof tmp - 1));
}

/* Characters that change how text reads or hide inside it. */
static int is_invisible(unsigned cp)
{
    return cp == 0x061C || cp == 0x200B || cp == 0x200C || cp == 0x200D ||
           cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
           cp == 0x2060 || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

void lsc__rw_text(lsc__rw *w, const char *s, size_t n, int in_attr)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, run = 0;
    if (!s)
        return;
    while (i < n) {
        unsigned c = p[i], cp = 0;
        size_t k;
        const char *rep = NULL;
        char tmp[64];
        if (c >= 0x20 && c < 0x7F && c != '&' && c != '<' && c != '>' &&
            c != '"' && c != '\'') {
            i++;
            continue;
        }
        /* flush the run of plain bytes before this one */
        if (i > run)
            lsc__hbuf_append(&w->b, p + run, i - run);
        k = 1;
        switch (c) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        case '\n': rep = in_attr ? " " : "\n"; break;
        case '\t': rep = in_attr ? " " : "\t"; break;
        case '\r': rep = ""; break;
        default:
            if (c < 0x80) {
                rep = "\xEF\xBF\xBD";          /* C0 control, DEL */
            } else if ((k = lsc__utf8_char(p + i, n - i, &cp)) == 0) {
                k = 1;
                rep = "\xEF\xBF\xBD";          /* ill-formed */
            } else if (cp < 0xA0 || (cp >= 0xFDD0 && cp <= 0xFDEF) ||
                       (cp & 0xFFFE) == 0xFFFE) {
                rep = "\xEF\xBF\xBD";          /* C1, noncharacters */
            } else if (is_invisible(cp)) {
                if (in_attr)
                    snprintf(tmp, sizeof tmp, "&lt;U+%04X&gt;", cp);
                else
                    snprintf(tmp, sizeof tmp,
                             "<span class=\"ctl\">&lt;U+%04X&gt;</span>", cp);
                rep = tmp;
            }
        }
        if (rep)
            lsc__rw_raw(w, rep);
        else
            lsc__hbuf_append(&w->b, p + i, k);
        i += k;
        run = i;
    }
    if (n > run)
        lsc__hbuf_append(&w->b, p + run, n - run);
}

static int is_rtl(unsigned cp)
{
    return (cp >= 0x0590 && cp <= 0x08FF) || (cp >= 0xFB1D && cp <= 0xFDFF) ||
           (cp >= 0xFE70 && cp <= 0xFEFF) || (cp >= 0x10800 && cp <= 0x10FFF) ||
           (cp >= 0x1E800 && cp <= 0x1EFFF);
}

/* Letters of the left-to-right scripts mail is written in; digits and
 * punctuation are neutral (rule P2 looks for the first strong one). */
static int is_ltr(unsigned cp)
{
    return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
           (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
           (cp >= 0x370 && cp <= 0x52F) || (cp >= 0x900 && cp <= 0x1FFF) ||
           (cp >= 0x3040 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

const char *lsc__report_dir(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (s && i < n) {
        unsigned cp = 0;
        size_t k = lsc__utf8_char(p + i, n - i, &cp);
        if (!k) {
            i++;
            continue;
        }
        if (is_rtl(cp))
            return " dir=\"rtl\"";
        if (is_ltr(cp))
            return " dir=\"ltr\"";
        i += k;
    }
    return "";
}

static int by_start(const void *a, const void *b)
{
    const lsc__rspan *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end > y->end ? -1 : 1;
    if (x->hit != y->hit)
        return x->hit < y->hit ? -1 : 1;
    return x->ev < y->ev ? -1 : x->ev > y->ev;
}

static int on_boundary(const char *s, size_t len, size_t at)
{
    return at == 0 || at >= len || ((unsigned char)s[at] & 0xC0) != 0x80;
}

size_t lsc__report_pick(lsc__rspan *spans, size_t n, const char *text,
                        size_t len, size_t *budget)
{
    size_t ends[LSC__REPORT_MAX_OVERLAP];
    size_t n_ends = 0, kept = 0, i, j;
    if (!n || !text)
        return 0;
    qsort(spans, n, sizeof *spans, by_start);
    for (i = 0; i < n; i++) {
        lsc__rspan s = spans[i];
        if (s.start >= s.end || s.end > len ||
            !on_boundary(text, len, s.start) || !on_boundary(text, len, s.end))
            continue;
        /* Every kept span starts at or before s.start, so the most marks
         * over any character of s are those still open at s.start. */
        for (j = 0; j < n_ends;)
            if (ends[j] <= s.start)
                ends[j] = ends[--n_ends];
            else
                j++;
        if (n_ends >= LSC__REPORT_MAX_OVERLAP || !*budget)
            continue;
        ends[n_ends++] = s.end;
        (*budget)--;
        if (s.marked)
            *s.marked = 1;
        spans[kept++] = s;
    }
    return kept;
}

static void open_mark(lsc__rw *w, const lsc__rspan *s, size_t pos)
{
    lsc__rw_fmt(w, "<mark class=\"ev\" %s=\"ev-%zu-%zu\">",
                s->start == pos ? "id" : "data-for", s->hit, s->ev);
}

void lsc__rw_marked(lsc__rw *w, const char *text, size_t len,
                    const lsc__rspan *spans, size_t n)
{
    const lsc__rspan *act[LSC__REPORT_MAX_OVERLAP];
    size_t n_act = 0, next = 0, pos = 0, i, j;
    while (pos < len || n_act) {
        size_t stop;
        while (next < n && spans[next].start == pos &&
               n_act < LSC__REPORT_MAX_OVERLAP)
            act[n_act++] = &spans[next++];
        stop = next < n ? spans[next].start : len;
        for (i = 0; i < n_act; i++)
            if (act[i]->end < stop)
                stop = act[i]->end;
        if (stop <= pos && !n_act)
            break;   /* nothing further: the picked spans were inconsistent */
        for (i = 0; i < n_act; i++)
            open_mark(w, act[i], pos);
        lsc__rw_text(w, text + pos, stop - pos, 0);
        for (i = 0; i < n_act; i++)
            lsc__rw_raw(w, "</mark>");
        for (i = 0, j = 0; i < n_act; i++) {
            if (act[i]->end <= stop)
                lsc__rw_fmt(w, "<a class=\"ref\" href=\"#f-%zu\">%zu</a>",
                            act[i]->hit, act[i]->hit);
            else
                act[j++] = act[i];
        }
        n_act = j;
        pos = stop;
    }
}

/*
 * visible.c - writes the visible text of an HTML part as a browser shows it.
 *
 * Takes: character data from the parser and the open element's frame.
 * Gives: the visible text (whitespace collapsed, block breaks, U+00A0 as a
 * space), the hidden text kept apart for evidence and its runs (one per
 * stretch of hidden text between visible text, at most LSC__HTML_MAX_RUNS,
 * with where it sits and how close visible text comes), the words a
 * comment splits between two letters, and the markup declarations libxml2
 * passes as text dropped (put_filtered).
 */
#include <stdlib.h>

#include "html/html_parse.h"

/* ---- visible text ---- */

void lsc__html_oom(hstate *s)
{
    if (!s->nomem) {
        s->nomem = 1;
        xmlStopParser(s->px);
    }
}

frame *lsc__html_top(hstate *s)
{
    return &s->st[s->depth];
}

unsigned lsc__html_hidden_now(hstate *s)
{
    frame *f = lsc__html_top(s);
    unsigned h = f->hidden;
    if (s->c->show_hidden)
        return 0;
    if (f->fg >= 0) {
        int known = f->bg_declared || (!s->stylesheet && !f->bg_image);
        int32_t bg = f->bg >= 0 ? f->bg : 0xffffff;
        if (known && !f->bg_image && lsc__html_colors_close(f->fg, bg))
            h |= LSC__HID_COLOR;
    }
    return h;
}

void lsc__html_want_break(hstate *s, int n)
{
    s->hid_space = 1;
    if (s->pend_nl < n)
        s->pend_nl = n;
}

/* ---- runs of hidden text, words split by comments ---- */

/* A character that starts with this byte is a letter or digit: ASCII, or
 * the two-byte range of UTF-8 (Latin, Greek, Cyrillic; not CJK, where
 * words are not spaced and markup between characters is ordinary). */
static int word_lead(unsigned char ch)
{
    return (ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') ||
           (ch >= 0xC3 && ch <= 0xD4);
}

/* The last character of the visible text is a letter or digit. */
static int ends_in_word(const hstate *s)
{
    size_t k = s->out.len;
    while (k > 0 && ((unsigned char)s->out.p[k - 1] & 0xC0) == 0x80 &&
           s->out.len - k < 4)
        k--;
    return k > 0 && word_lead((unsigned char)s->out.p[k - 1]);
}

/* The run that takes the next hidden character: the open one, a new one,
 * or past LSC__HTML_MAX_RUNS the last one again.  NULL when out of
 * memory. */
static lsc__hidden_run *hidden_run(hstate *s)
{
    lsc__hidden_run *r;
    size_t n = s->runs.n;
    if (s->run_open || n == LSC__HTML_MAX_RUNS) {
        s->run_open = 1;
        return &LSC__VEC_AT(&s->runs, lsc__hidden_run, n - 1);
    }
    r = lsc__vec_push(&s->runs, s->c->ar);
    if (!r)
        return NULL;
    memset(r, 0, sizeof *r);
    r->start = s->hid.len;
    r->at = s->out.len;
    r->visible_before = s->p->html.visible_chars;
    if (s->out.len && s->out.p[s->out.len - 1] != '\n' && !s->pend_nl) {
        r->flags |= LSC__RUN_LINE_BEFORE;
        if (!s->pend_space && s->out.p[s->out.len - 1] != ' ')
            r->flags |= LSC__RUN_TOUCH_BEFORE;
    }
    s->run_open = 1;
    return r;
}

/* Visible text follows the open run: how close. */
static void close_run(hstate *s)
{
    lsc__hidden_run *r = &LSC__VEC_AT(&s->runs, lsc__hidden_run, s->runs.n - 1);
    if (!s->pend_nl) {
        r->flags |= LSC__RUN_LINE_AFTER;
        if (!s->pend_space)
            r->flags |= LSC__RUN_TOUCH_AFTER;
    }
    s->run_open = 0;
}

/* Appends text as a browser lays it out: runs of whitespace become one
 * space, breaks owed are written before the next text. */
static void put_text(hstate *s, const unsigned char *t, size_t n)
{
    frame *f = lsc__html_top(s);
    unsigned hid;
    size_t i = 0;

    if (f->skip || s->nomem)
        return;
    hid = lsc__html_hidden_now(s);
    if (hid) {
        lsc__buf *b = &s->hid;
        lsc__hidden_run *r = NULL;
        s->p->html.hidden_why |= hid;
        for (i = 0; i < n; i++) {
            unsigned char ch = t[i];
            if (lsc__html_is_ws(ch)) {
                s->hid_space = 1;
                continue;
            }
            if (s->hid_space && b->len)
                lsc__buf_putc(b, ' ');
            s->hid_space = 0;
            if (!r) {
                if (!(r = hidden_run(s))) {
                    lsc__html_oom(s);
                    return;
                }
                r->why |= hid;
                r->links += s->hid_links;
                s->hid_links = 0;
            }
            lsc__buf_putc(b, ch);
            r->end = b->len;
            if ((ch & 0xc0) != 0x80) {
                s->p->html.hidden_chars++;
                r->chars++;
            }
        }
        if (b->failed)
            lsc__html_oom(s);
        return;
    }
    if (lsc__buf_reserve(&s->out, n + 2) != 0) {
        lsc__html_oom(s);
        return;
    }
    while (i < n) {
        unsigned char ch = t[i];
        if (f->pre && ch == '\r') {
            i++;
            continue;
        }
        if (!f->pre && lsc__html_is_ws(ch)) {
            s->pend_space = s->hid_space = 1;
            i++;
            continue;
        }
        if (ch == 0xc2 && i + 1 < n && t[i + 1] == 0xa0 && !f->pre) {
            s->pend_space = 1;
            i += 2;
            continue;
        }
        if (s->run_open)
            close_run(s);
        if (s->comment_join) {
            /* "te<!--x-->st": a word a browser shows whole */
            if (!s->pend_nl && !s->pend_space && ends_in_word(s) &&
                word_lead(ch)) {
                if (s->p->html.splits < LSC__HTML_MAX_SPLITS)
                    s->split_at[s->p->html.splits] = s->out.len;
                s->p->html.splits++;
            }
            s->comment_join = 0;
        }
        if (s->pend_nl || s->pend_space) {
            if (s->out.len) {
                char last = s->out.p[s->out.len - 1];
                if (s->pend_nl) {
                    int k = s->pend_nl;
                    while (s->out.len && s->out.p[s->out.len - 1] == ' ')
                        s->out.len--;
                    if (s->out.len >= 1 && s->out.p[s->out.len - 1] == '\n') {
                        k--;
                        if (s->out.len >= 2 && s->out.p[s->out.len - 2] == '\n')
                            k--;
                    }
                    while (k-- > 0)
                        s->out.p[s->out.len++] = '\n';
                } else if (last != '\n' && last != ' ') {
                    s->out.p[s->out.len++] = ' ';
                }
            }
            s->pend_nl = 0;
            s->pend_space = 0;
            if (lsc__buf_reserve(&s->out, n - i + 2) != 0) {
                lsc__html_oom(s);
                return;
            }
        }
        if (f->pre && ch == '\n') {
            s->out.p[s->out.len++] = '\n';
            i++;
            continue;
        }
        /* a run of ordinary bytes at once, and outside <pre> the words
         * after it that single blanks part: each blank is the one space
         * the next step would write (what it checks first is settled
         * after this step), so the words are copied in one go */
        {
            size_t j = i, chars = 0, o = s->out.len;
            char *out = s->out.p;
            if (lsc__html_is_ws(t[i]) || t[i] == 0xc2) {
                chars = (t[i] & 0xc0) != 0x80;
                out[o++] = (char)t[i];
                j = i + 1;
            } else {
                for (;;) {
                    while (j < n && !lsc__html_is_ws(t[j]) && t[j] != 0xc2) {
                        chars += (t[j] & 0xc0) != 0x80;
                        out[o++] = (char)t[j++];
                    }
                    if (f->pre || j + 1 >= n || !lsc__html_is_ws(t[j]) ||
                        lsc__html_is_ws(t[j + 1]) || t[j + 1] == 0xc2)
                        break;
                    out[o++] = ' ';
                    j++;
                }
            }
            s->out.len = o;
            s->hid_space = 1;
            s->p->html.visible_chars += chars;
            i = j;
        }
    }
}

/* Where a markup declaration "<!...>" ends (the '>'), or NULL. */
static const unsigned char *decl_end(const unsigned char *t, size_t n)
{
    return memchr(t, '>', n);
}

/* Sends text to put_text without the markup declarations libxml2 hands
 * over as text ("<![if !supportLists]>", "<! font ...>"): a browser takes
 * "<!" and "<?" up to the next '>' as a comment.  libxml2 delivers a '<'
 * that opens no tag as a chunk of its own, so it is held until the next
 * chunk says what follows it. */
/* HTML's legacy named references that a browser reads without their ';'
 * ("&nbsp", "&copy 2002"): libxml2 leaves them as text, a '&' chunk then
 * the name. */
static const struct {
    const char *name;
    const char *text;
} legacy_refs[] = {
    { "nbsp", " " }, { "amp", "&" }, { "lt", "<" }, { "gt", ">" },
    { "quot", "\"" }, { "copy", "\xC2\xA9" }, { "reg", "\xC2\xAE" },
};

void lsc__html_put_filtered(hstate *s, const unsigned char *t, size_t n)
{
    size_t i = 0, start;
    const unsigned char *e;
    if (s->held_amp) {
        size_t k;
        s->held_amp = 0;
        for (k = 0; k < LSC__COUNT(legacy_refs); k++) {
            size_t l = strlen(legacy_refs[k].name);
            if (n >= l && memcmp(t, legacy_refs[k].name, l) == 0) {
                put_text(s, (const unsigned char *)legacy_refs[k].text,
                         strlen(legacy_refs[k].text));
                t += l;
                n -= l;
                break;
            }
        }
        if (k == LSC__COUNT(legacy_refs))
            put_text(s, (const unsigned char *)"&", 1);
    }
    if (n == 1 && t[0] == '&' && !s->bogus && !s->held_lt) {
        s->held_amp = 1;
        return;
    }
    if (s->bogus) {
        if (!(e = decl_end(t, n)))
            return;
        i = (size_t)(e - t) + 1;
        s->bogus = 0;
    }
    if (s->held_lt) {
        s->held_lt = 0;
        if (i < n && (t[i] == '!' || t[i] == '?')) {
            if (!(e = decl_end(t + i, n - i))) {
                s->bogus = 1;
                return;
            }
            i = (size_t)(e - t) + 1;
        } else {
            put_text(s, (const unsigned char *)"<", 1);
        }
    }
    for (start = i; i < n; i++) {
        const unsigned char *lt = memchr(t + i, '<', n - i);
        if (!lt)
            break;
        i = (size_t)(lt - t);
        if (i + 1 == n) {
            put_text(s, t + start, i - start);
            s->held_lt = 1;
            return;
        }
        if (t[i + 1] == '!' || t[i + 1] == '?') {
            put_text(s, t + start, i - start);
            if (!(e = decl_end(t + i, n - i))) {
                s->bogus = 1;
                return;
            }
            i = (size_t)(e - t);
            start = i + 1;
        }
    }
    put_text(s, t + start, n - start);
}

/* An element boundary ends a pending '<' or declaration. */
void lsc__html_flush_held(hstate *s)
{
    if (s->held_amp)
        put_text(s, (const unsigned char *)"&", 1);
    if (s->held_lt)
        put_text(s, (const unsigned char *)"<", 1);
    s->held_lt = s->held_amp = 0;
    s->bogus = 0;
}

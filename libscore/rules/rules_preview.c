/*
 * rules_preview.c - the inbox preview: what a reader sees of a message
 * before opening it, the subject and the line after it (the preheader:
 * a short hidden text at the top of an HTML letter, or else its first
 * visible line).
 *
 * Takes: the decoded subject, the visible and hidden text of the HTML
 * body parts, the phrase matches (text/phrases.c) and the bulk helper.
 * Gives: SUBJECT_TOO_LONG (wider than the ~60 columns most clients show;
 * counted in characters, CJK ones two columns wide; not in a reply, whose
 * subject is its thread's), SUBJECT_EMOJI_LED
 * (a subject that starts with an emoji or is nothing else),
 * PREHEADER_MISSING (a mailing whose preview is empty or "view in
 * browser" boilerplate) and PREHEADER_REPEATS_SUBJECT.
 * Limits: at most PREVIEW_MAX_CHARS code points of the subject are read,
 * PREVIEW_LINE_BYTES of the first line, PREHEADER_MAX_CHARS of hidden
 * text make a preheader.
 */
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "rules/bulk.h"
#include "text/wordlist.h"

#define PREVIEW_MAX_CHARS 4096
/* Columns of the subject most clients show in the message list. */
#define SUBJECT_SHOWN_COLS 60
/* Columns past that at which the rule is at full strength. */
#define SUBJECT_FULL_COLS 100
#define PREVIEW_LINE_BYTES 200
/* Hidden text up to this many characters is a preheader, not a block. */
#define PREHEADER_MAX_CHARS 200
/* A subject shorter than this repeated in the preview says nothing. */
#define REPEAT_MIN_BYTES 8

/* ---- the subject ---- */

/* Columns a code point takes in a message list. */
static int columns(UChar32 ch)
{
    int ea;
    /* every ASCII code point is one column by the properties below
     * (test_ascii checks it against ICU): most subjects are ASCII */
    if (ch < 0x80)
        return 1;
    if (ch == 0x200D || (ch >= 0xFE00 && ch <= 0xFE0F) ||
        u_getCombiningClass(ch) != 0 ||
        u_charType(ch) == U_NON_SPACING_MARK ||
        u_charType(ch) == U_ENCLOSING_MARK ||
        u_hasBinaryProperty(ch, UCHAR_EMOJI_MODIFIER))
        return 0;
    ea = u_getIntPropertyValue(ch, UCHAR_EAST_ASIAN_WIDTH);
    return (ea == U_EA_WIDE || ea == U_EA_FULLWIDTH) ? 2 : 1;
}

int lsc__rule_subject_too_long(lsc__ctx *c)
{
    const uint8_t *s = (const uint8_t *)c->msg->subject;
    int32_t i = 0, n = (int32_t)LSC__MIN(c->msg->subject_len, (size_t)INT32_MAX);
    size_t cols = 0, chars = 0, cut = 0;
    lsc__hit *h;
    /* a reply keeps the subject of its thread: not the writer's choice */
    if (lsc__msg_header(c->msg, "In-Reply-To") ||
        lsc__msg_header(c->msg, "References"))
        return 0;
    while (i < n && chars < PREVIEW_MAX_CHARS) {
        UChar32 ch;
        U8_NEXT(s, i, n, ch);
        if (ch < 0)
            ch = 0xFFFD;
        chars++;
        cols += (size_t)columns(ch);
        if (cols <= SUBJECT_SHOWN_COLS)
            cut = (size_t)i;
    }
    if (cols <= SUBJECT_SHOWN_COLS)
        return 0;
    h = lsc__fire(c, LSC__MIN(1.0, 0.3 + 0.7 * (double)(cols - SUBJECT_SHOWN_COLS) /
                                  (SUBJECT_FULL_COLS - SUBJECT_SHOWN_COLS)),
                  SUBJECT_TOO_LONG, chars, cols, (size_t)SUBJECT_SHOWN_COLS);
    if (!h)
        return LSC_ENOMEM;
    /* the part that is cut off */
    return lsc__evidence(c, h, LSC_WHERE_SUBJECT, 0, NULL, cut,
                         c->msg->subject_len) == LSC_ENOMEM ? LSC_ENOMEM : 0;
}

static int is_emoji(UChar32 ch)
{
    return ch >= 0x2100 && (u_hasBinaryProperty(ch, UCHAR_EMOJI_PRESENTATION) ||
                            u_hasBinaryProperty(ch, UCHAR_EXTENDED_PICTOGRAPHIC));
}

static int is_emoji_glue(UChar32 ch)
{
    return ch == 0x200D || (ch >= 0xFE00 && ch <= 0xFE0F) ||
           u_hasBinaryProperty(ch, UCHAR_EMOJI_MODIFIER) ||
           (ch >= 0xE0020 && ch <= 0xE007F) || /* tag characters of flags */
           u_isUWhiteSpace(ch) || u_ispunct(ch);
}

int lsc__rule_subject_emoji_led(lsc__ctx *c)
{
    const uint8_t *s = (const uint8_t *)c->msg->subject;
    int32_t i = 0, n = (int32_t)LSC__MIN(c->msg->subject_len, (size_t)INT32_MAX);
    int32_t first_end = -1, first_start = 0;
    size_t chars = 0, emoji = 0, other = 0;
    lsc__hit *h;
    while (i < n && chars < PREVIEW_MAX_CHARS) {
        UChar32 ch;
        int32_t at = i;
        U8_NEXT(s, i, n, ch);
        chars++;
        if (ch >= 0 && is_emoji(ch)) {
            if (!emoji && !other) {
                first_start = at;
                first_end = i;
            }
            emoji++;
        } else if (ch < 0 || !is_emoji_glue(ch)) {
            /* the first other character settles it: after an emoji the
             * subject is led by one, before any it is not */
            other++;
            break;
        }
    }
    if (first_end < 0)
        return 0;
    if (!other)
        h = lsc__fire(c, 1.0, SUBJECT_EMOJI_ONLY, emoji);
    else
        h = lsc__fire(c, 0.7, SUBJECT_EMOJI_LED);
    if (!h)
        return LSC_ENOMEM;
    return lsc__evidence(c, h, LSC_WHERE_SUBJECT, 0, NULL, (size_t)first_start,
                         other ? (size_t)first_end : c->msg->subject_len) ==
                   LSC_ENOMEM ? LSC_ENOMEM : 0;
}

/* ---- the preheader ---- */

typedef struct preview {
    size_t part;            /* the HTML body part shown */
    const char *pre;        /* hidden preheader, or NULL */
    size_t pre_len;
    size_t line_start, line_end; /* first visible line in the part's text */
} preview;

/* The preview of the first shown HTML body with text or images; 0 when
 * the message has none. */
static int read_preview(const lsc__message *m, preview *pv)
{
    size_t i;
    memset(pv, 0, sizeof *pv);
    for (i = 0; i < m->n_parts; i++) {
        const lsc__part *p = m->parts[i];
        const char *t = p->pub.text;
        size_t n = p->pub.text_bytes, a = 0, b;
        if (!p->html.parsed || !p->shown ||
            (p->pub.flags & LSC_PART_ATTACHMENT))
            continue;
        pv->part = i;
        if (p->html.hidden_chars > 0 &&
            p->html.hidden_chars <= PREHEADER_MAX_CHARS &&
            p->html.hidden_text_len) {
            pv->pre = p->html.hidden_text;
            pv->pre_len = p->html.hidden_text_len;
        }
        while (t && a < n && (t[a] == ' ' || t[a] == '\n' || t[a] == '\t' ||
                              t[a] == '\r'))
            a++;
        b = a;
        while (t && b < n && t[b] != '\n' && b - a < PREVIEW_LINE_BYTES)
            b++;
        while (b > a && b < n && ((unsigned char)t[b] & 0xC0) == 0x80)
            b--;   /* never cut inside a character */
        while (b > a && (t[b - 1] == ' ' || t[b - 1] == '\r'))
            b--;
        pv->line_start = a;
        pv->line_end = b;
        return 1;
    }
    return 0;
}

/* An unsubscribe-list phrase ("view in browser", "im Browser ansehen")
 * that starts on the first visible line. */
static int line_is_boilerplate(const lsc__message *m, const preview *pv)
{
    const struct lsc__wording *w = m->wording;
    const lsc__text *tx = &m->parts[pv->part]->text;
    size_t i;
    if (!w)
        return 0;
    for (i = 0; i < w->n; i++) {
        const lsc__wmatch *x = &w->m[i];
        if (x->cat != LSC__WL_UNSUBSCRIBE || x->text != pv->part + 1 ||
            x->first >= tx->n_words)
            continue;
        if (tx->words[x->first].start < pv->line_end)
            return 1;
    }
    return 0;
}

int lsc__rule_preheader_missing(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    preview pv;
    lsc__bulk b;
    lsc__hit *h;
    int empty;
    lsc__bulk_read(c, &b);
    if (!lsc__bulk_looks(&b) || !read_preview(m, &pv) || pv.pre)
        return 0;
    empty = pv.line_end == pv.line_start;
    if (!empty && !line_is_boilerplate(m, &pv))
        return 0;
    if (empty)
        return lsc__fire(c, 1.0, PREHEADER_MISSING) ? 0 : LSC_ENOMEM;
    h = lsc__fire_as(c, 0.7, PREHEADER_BOILERPLATE, LSC__TXT_PREHEADER_MISSING);
    if (!h)
        return LSC_ENOMEM;
    return lsc__evidence(c, h, LSC_WHERE_BODY, pv.part, NULL, pv.line_start,
                         pv.line_end) == LSC_ENOMEM ? LSC_ENOMEM : 0;
}

/* a and b say the same once case, spaces and punctuation are set aside
 * (ASCII; other bytes compare as they are). */
static int same_words(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i = 0, j = 0;
    for (;;) {
        while (i < an && (unsigned char)a[i] < 0x80 &&
               !((a[i] | 0x20) >= 'a' && (a[i] | 0x20) <= 'z') &&
               !(a[i] >= '0' && a[i] <= '9'))
            i++;
        while (j < bn && (unsigned char)b[j] < 0x80 &&
               !((b[j] | 0x20) >= 'a' && (b[j] | 0x20) <= 'z') &&
               !(b[j] >= '0' && b[j] <= '9'))
            j++;
        if (i == an || j == bn)
            return i == an && j == bn;
        if (((unsigned char)a[i] < 0x80 ? (a[i] | 0x20) : a[i]) !=
            ((unsigned char)b[j] < 0x80 ? (b[j] | 0x20) : b[j]))
            return 0;
        i++;
        j++;
    }
}

int lsc__rule_preheader_repeats_subject(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    const char *t;
    preview pv;
    lsc__hit *h;
    if (m->subject_len < REPEAT_MIN_BYTES || !read_preview(m, &pv))
        return 0;
    if (pv.pre) {
        if (!same_words(pv.pre, pv.pre_len, m->subject, m->subject_len))
            return 0;
        h = lsc__fire(c, 1.0, PREHEADER_REPEATS_SUBJECT);
        if (!h)
            return LSC_ENOMEM;
        return lsc__evidence(c, h, LSC_WHERE_SUBJECT, 0, NULL, 0,
                             m->subject_len) == LSC_ENOMEM ? LSC_ENOMEM : 0;
    }
    t = m->parts[pv.part]->pub.text;
    if (pv.line_end == pv.line_start ||
        !same_words(t + pv.line_start, pv.line_end - pv.line_start,
                    m->subject, m->subject_len))
        return 0;
    h = lsc__fire(c, 0.7, PREHEADER_REPEATS_SUBJECT);
    if (!h)
        return LSC_ENOMEM;
    return lsc__evidence(c, h, LSC_WHERE_BODY, pv.part, NULL, pv.line_start,
                         pv.line_end) == LSC_ENOMEM ? LSC_ENOMEM : 0;
}

/*
 * rules_shout.c - shouting (ALL-CAPS, !!!, money and percent-off in the
 * subject, emoji) and obfuscated words (F.R.E.E, fr3e, look-alike letters).
 *
 * Takes: the words and counts of text.c (msg->subject_text, each part's
 * text, msg->totals) over the subject and the body text a reader is shown
 * (lsc__part.shown, decided by the text stage).  Gives: hits whose evidence points at the words
 * or marks in the subject or the part's visible text.  Limits: at most
 * SHOUT_MAX_EVIDENCE spans per hit.
 */
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "rules/rules.h"
#include "text/text.h"

#define SHOUT_MAX_EVIDENCE 5

/* ---- where to look ---- */

typedef struct src {
    lsc_where where;
    size_t part;
    const char *text;
    size_t len;
    const lsc__text *words;
} src;

/* The subject, then every shown body text; returns 0 at the end. */
static int next_src(const lsc__ctx *c, size_t *it, src *s)
{
    const lsc__message *m = c->msg;
    if (*it == 0) {
        (*it)++;
        s->where = LSC_WHERE_SUBJECT;
        s->part = 0;
        s->text = m->subject;
        s->len = m->subject_len;
        s->words = &m->subject_text;
        return 1;
    }
    while (*it - 1 < m->n_parts) {
        size_t i = (*it)++ - 1;
        if (!m->parts[i]->shown)
            continue;
        s->where = LSC_WHERE_BODY;
        s->part = i;
        s->text = m->parts[i]->pub.text;
        s->len = m->parts[i]->pub.text_bytes;
        s->words = &m->parts[i]->text;
        return 1;
    }
    return 0;
}

/* Evidence for every word with one of these flags, up to the limit;
 * subject (0), body (1) or both (2). */
static int word_evidence(lsc__ctx *c, lsc__hit *h, uint32_t flags, int which,
                         size_t *shown)
{
    size_t it = 0, k;
    src s;
    while (next_src(c, &it, &s)) {
        if ((which == 0 && s.where != LSC_WHERE_SUBJECT) ||
            (which == 1 && s.where == LSC_WHERE_SUBJECT))
            continue;
        for (k = 0; k < s.words->n_words && *shown < SHOUT_MAX_EVIDENCE; k++) {
            const lsc__word *w = &s.words->words[k];
            int rc;
            if (!(w->flags & flags))
                continue;
            rc = lsc__evidence(c, h, s.where, s.part, NULL, w->start, w->end);
            if (rc == LSC_ENOMEM)
                return rc;
            (*shown)++;
        }
    }
    return 0;
}

/* The first word with one of these flags, for the explanation. */
static const lsc__word *first_word(const lsc__ctx *c, uint32_t flags,
                                   const char **text)
{
    size_t it = 0, k;
    src s;
    while (next_src(c, &it, &s))
        for (k = 0; k < s.words->n_words; k++)
            if (s.words->words[k].flags & flags) {
                *text = s.text;
                return &s.words->words[k];
            }
    return NULL;
}

/* ---- ALL-CAPS ---- */

int lsc__rule_caps_words(lsc__ctx *c)
{
    const lsc__text_stats *b = &c->msg->totals.body;
    double share;
    size_t shown = 0;
    lsc__hit *h;
    if (b->cased_words < 20 || b->caps_words < 5)
        return 0;
    share = (double)b->caps_words / (double)b->cased_words;
    if (share < 0.2)
        return 0;
    h = lsc__fire(c, (share - 0.1) / 0.4, CAPS_WORDS,
                  b->caps_words, b->cased_words, share * 100.0);
    if (!h)
        return LSC_ENOMEM;
    return word_evidence(c, h, LSC__W_UPPER, 1, &shown);
}

int lsc__rule_caps_subject(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    const lsc__text *t = &m->subject_text;
    const lsc__text_stats *s = &m->totals.subject;
    size_t shown = 0, k, skip = 0, caps = 0, cased = s->cased_words;
    double weight = 0.0;
    lsc__hit *h;
    /* a mailing-list tag in front ("[ILUG] ...") is not the sender's */
    if (m->subject_len && m->subject[0] == '[') {
        const char *e = memchr(m->subject, ']', m->subject_len);
        skip = e ? (size_t)(e - m->subject) : 0;
    }
    /* short capitals are often names of things (CVS, PPPD): half each */
    for (k = 0; k < t->n_words; k++) {
        const lsc__word *w = &t->words[k];
        if (w->start < skip) {
            if (cased && (w->flags & LSC__W_ALLCAPS))
                cased--;
            continue;
        }
        if (w->flags & LSC__W_UPPER) {
            caps++;
            weight += w->end - w->start >= 5 ? 1.0 : 0.5;
        }
    }
    if (caps < 2 || weight < 1.5 || caps * 2 < cased)
        return 0;
    h = lsc__fire(c, weight >= 2.5 ? 1.0 : 0.7, CAPS_SUBJECT, caps, cased);
    if (!h)
        return LSC_ENOMEM;
    return word_evidence(c, h, LSC__W_UPPER, 0, &shown);
}

/* ---- exclamation marks ---- */

/* Evidence for runs of marks (min_run or more) in one text. */
static int exclam_evidence(lsc__ctx *c, lsc__hit *h, const src *s,
                           size_t min_run, size_t *shown)
{
    size_t i = 0;
    while (i < s->len && *shown < SHOUT_MAX_EVIDENCE) {
        size_t a = i, n = 0;
        while (i < s->len) {
            const unsigned char *t = (const unsigned char *)s->text + i;
            if (t[0] == '!') {
                i++;
                n++;
            } else if (i + 3 <= s->len && t[0] == 0xEF && t[1] == 0xBC && t[2] == 0x81) {
                i += 3;
                n++;
            } else {
                break;
            }
        }
        if (n >= min_run) {
            int rc = lsc__evidence(c, h, s->where, s->part, NULL, a, i);
            if (rc == LSC_ENOMEM)
                return rc;
            (*shown)++;
        }
        if (n == 0) {
            /* on to the next '!' or the first byte of a '！' */
            const char *bang = memchr(s->text + i + 1, '!', s->len - i - 1);
            size_t lim = bang ? (size_t)(bang - s->text) : s->len;
            const char *wide = memchr(s->text + i + 1, 0xEF, lim - i - 1);
            i = wide ? (size_t)(wide - s->text) : lim;
        }
    }
    return 0;
}

int lsc__rule_exclaim_subject(lsc__ctx *c)
{
    const lsc__text_stats *s = &c->msg->totals.subject;
    size_t shown = 0, it = 0;
    src sr;
    lsc__hit *h;
    if (s->exclamations < 2)
        return 0;
    h = lsc__fire(c, s->exclamations >= 3 ? 1.0 : 0.6, EXCLAIM_SUBJECT, s->exclamations);
    if (!h)
        return LSC_ENOMEM;
    next_src(c, &it, &sr);
    return exclam_evidence(c, h, &sr, 1, &shown);
}

int lsc__rule_exclaim_body(lsc__ctx *c)
{
    const lsc__text_stats *b = &c->msg->totals.body;
    size_t shown = 0, it = 0;
    double strength;
    src sr;
    lsc__hit *h;
    int rc;
    /* a run of marks, or many of them for the length of the text */
    if (b->exclam_runs == 0 && (b->exclamations < 6 || b->exclamations * 40 < b->words))
        return 0;
    strength = b->exclam_runs ? 0.4 + 0.2 * (double)b->exclam_runs : 0.4;
    if (b->max_exclam_run >= 3)
        strength += 0.3;
    h = lsc__fire(c, strength, EXCLAIM_BODY,
                  b->exclamations, b->exclam_runs, b->max_exclam_run);
    if (!h)
        return LSC_ENOMEM;
    while (next_src(c, &it, &sr))
        if (sr.where == LSC_WHERE_BODY &&
            (rc = exclam_evidence(c, h, &sr, b->exclam_runs ? 2 : 1, &shown)) != 0)
            return rc;
    return 0;
}

/* ---- money and percent-off in the subject ---- */

static int is_money_char(const unsigned char *t, size_t n, size_t *len)
{
    static const char *const syms[] = { "\xE2\x82\xAC", "\xC2\xA3", "\xC2\xA5",
                                        "\xEF\xBF\xA5", "\xE2\x82\xB9", "\xE2\x82\xBD" };
    size_t k;
    if (t[0] == '$' || t[0] == '%') {
        *len = 1;
        return 1;
    }
    for (k = 0; k < LSC__COUNT(syms); k++) {
        size_t l = strlen(syms[k]);
        if (l <= n && memcmp(t, syms[k], l) == 0) {
            *len = l;
            return 1;
        }
    }
    if (n >= 3 && t[0] == 0xEF && t[1] == 0xBC && t[2] == 0x85) { /* ％ */
        *len = 3;
        return 1;
    }
    return 0;
}

int lsc__rule_money_subject(lsc__ctx *c)
{
    const lsc__text_stats *s = &c->msg->totals.subject;
    const unsigned char *t = (const unsigned char *)c->msg->subject;
    size_t n = c->msg->subject_len, i = 0, shown = 0;
    lsc__hit *h;
    if (s->currency + s->percent_off + s->money_runs == 0)
        return 0;
    h = lsc__fire(c, s->percent_off || s->money_runs ? 1.0 : 0.7, MONEY_SUBJECT,
                  s->currency + s->money_runs, s->percent_off);
    if (!h)
        return LSC_ENOMEM;
    /* each symbol with the number next to it */
    while (i < n && shown < SHOUT_MAX_EVIDENCE) {
        size_t l, a, b;
        if (!is_money_char(t + i, n - i, &l)) {
            i++;
            continue;
        }
        a = i;
        b = i + l;
        while (a > 0 && ((t[a - 1] >= '0' && t[a - 1] <= '9') || t[a - 1] == '.' ||
                         t[a - 1] == ',' || t[a - 1] == '-'))
            a--;
        while (b < n && ((t[b] >= '0' && t[b] <= '9') || t[b] == '.' || t[b] == ',' ||
                         t[b] == '$'))
            b++;
        if (b - a > l || t[i] == '$') {
            int rc = lsc__evidence(c, h, LSC_WHERE_SUBJECT, 0, NULL, a, b);
            if (rc == LSC_ENOMEM)
                return rc;
            shown++;
        }
        i = b;
    }
    return 0;
}

/* ---- emoji ---- */

/* Evidence for emoji in one text. */
static int emoji_evidence(lsc__ctx *c, lsc__hit *h, const src *s, size_t *shown)
{
    const uint8_t *t = (const uint8_t *)s->text;
    size_t i = 0, n = s->len;
    while (i < n && *shown < SHOUT_MAX_EVIDENCE) {
        size_t a = i;
        UChar32 ch;
        if (t[i] < 0x80) {
            i++;
            continue;
        }
        U8_NEXT(t, i, n, ch);
        if (ch >= 0x2100 && u_hasBinaryProperty(ch, UCHAR_EMOJI_PRESENTATION) &&
            !u_hasBinaryProperty(ch, UCHAR_EMOJI_MODIFIER)) {
            int rc = lsc__evidence(c, h, s->where, s->part, NULL, a, i);
            if (rc == LSC_ENOMEM)
                return rc;
            (*shown)++;
        }
    }
    return 0;
}

int lsc__rule_emoji_density(lsc__ctx *c)
{
    const lsc__text_stats *s = &c->msg->totals.subject, *b = &c->msg->totals.body;
    size_t shown = 0, it = 0;
    int subj = s->emoji >= 2, body = b->emoji >= 6 && b->emoji * 15 >= b->words;
    src sr;
    lsc__hit *h;
    if (!subj && !body)
        return 0;
    h = lsc__fire(c, subj && body ? 1.0 : 0.6, EMOJI_DENSITY,
                  s->emoji, b->emoji, b->words);
    if (!h)
        return LSC_ENOMEM;
    while (next_src(c, &it, &sr)) {
        int rc = emoji_evidence(c, h, &sr, &shown);
        if (rc)
            return rc;
    }
    return 0;
}

/* ---- obfuscation ---- */

/* How much the disguised words weigh: look-alike letters, invisible
 * characters and mathematical letters 1 each; letter-spaced (a heading
 * style too) and digit-for-letter spellings (also in names) half each. */
static double obfuscation_weight(const lsc__ctx *c)
{
    size_t it = 0, k;
    double sum = 0.0;
    src s;
    while (next_src(c, &it, &s))
        for (k = 0; k < s.words->n_words; k++) {
            uint32_t f = s.words->words[k].flags;
            if (!(f & LSC__W_OBFUSCATED))
                continue;
            sum += (f & (LSC__W_SPACED | LSC__W_LEET)) ? 0.5 : 1.0;
        }
    return sum;
}

int lsc__rule_obfuscated_words(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    size_t n = m->totals.subject.obfuscated + m->totals.body.obfuscated, shown = 0;
    const char *text = NULL;
    const lsc__word *w;
    lsc__hit *h;
    double weight;
    if (n == 0 || (weight = obfuscation_weight(c)) < 1.0)
        return 0;
    w = first_word(c, LSC__W_OBFUSCATED, &text);
    if (!w)
        return 0;
    h = lsc__fire(c, weight >= 2.0 ? 1.0 : 0.6, OBFUSCATED_WORDS,
                  n, (int)LSC__MIN(w->end - w->start, 60), text + w->start, w->norm);
    if (!h)
        return LSC_ENOMEM;
    return word_evidence(c, h, LSC__W_OBFUSCATED, 2, &shown);
}

int lsc__rule_mixed_script(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    size_t n = m->totals.subject.mixed_script + m->totals.body.mixed_script, shown = 0;
    const char *text = NULL;
    const lsc__word *w;
    lsc__hit *h;
    if (n == 0)
        return 0;
    w = first_word(c, LSC__W_MIXED_SCRIPT, &text);
    if (!w)
        return 0;
    h = lsc__fire(c, n >= 2 ? 1.0 : 0.7, MIXED_SCRIPT_WORDS,
                  n, (int)LSC__MIN(w->end - w->start, 60), text + w->start);
    if (!h)
        return LSC_ENOMEM;
    return word_evidence(c, h, LSC__W_MIXED_SCRIPT, 2, &shown);
}

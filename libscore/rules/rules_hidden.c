/*
 * rules_hidden.c - hidden text judged by what it hides, and words markup
 * splits for a filter but not for the reader.
 *
 * Takes: the runs of hidden text of every HTML body part (html stage:
 * lsc__html.runs), their words (lsc__html.hidden_words) and phrase-list
 * matches (msg->hidden_wording), the visible words and matches of the
 * subject and shown parts, and the comment-split words (lsc__html.split_at).
 * Gives: HIDDEN_CONTENT when a hidden run that is not a preview line holds
 * sales or opt-out phrases the visible text does not show, links (unless
 * it copies visible text), or words of another topic (40 characters and
 * more), or when zero-size or background-coloured
 * characters sit inside a line of sales words; MARKUP_SPLIT_WORDS when a
 * comment splits a word.  HIDDEN_TEXT (rules_html.c) still judges how much
 * is hidden; these judge what.
 * Limits: HIDDEN_MAX_EVIDENCE pieces of evidence per hit, HIDDEN_MAX_QUOTE
 * bytes quoted from hidden text, HIDDEN_MAX_VOCAB visible words looked up.
 */
#include <stdlib.h>

#include "html/html.h"
#include "rules/rules.h"
#include "text/wordlist.h"

#define HIDDEN_MAX_EVIDENCE 5
#define HIDDEN_MAX_QUOTE 120
#define HIDDEN_MAX_VOCAB 20000
/* A preview line (preheader) comes before this many visible characters
 * and is at most this long. */
#define HIDDEN_PREHEADER_AT 60
#define HIDDEN_PREHEADER_CHARS 250
/* A block "on another topic": this many content words at least, and
 * fewer than a quarter of them in the visible text. */
#define HIDDEN_TOPIC_MIN_WORDS 6
/* Hidden blocks judged for their topic from this size on. */
#define HIDDEN_BLOCK_MIN_CHARS 40
#define HIDDEN_BLOCK_MAX_CHARS 1000
/* Zero-size characters inside a sales line: at least this many. */
#define HIDDEN_SPLIT_MIN_CHARS 3

int lsc__rule_html_body(const lsc__part *p)
{
    return p->html.parsed && (p->pub.flags & LSC_PART_TEXT) &&
           !(p->pub.flags & LSC_PART_ATTACHMENT);
}

size_t lsc__rule_quote_len(const char *s, size_t n, size_t max)
{
    if (n <= max)
        return n;
    n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

/* Sales wording, and the opt-out text a mass mailer hides. */
static int is_sales(unsigned cat)
{
    return cat == LSC__WL_PROMO || cat == LSC__WL_URGENCY ||
           cat == LSC__WL_MONEY || cat == LSC__WL_GUARANTEE ||
           cat == LSC__WL_UNSUBSCRIBE;
}

/* A word that carries a topic: not a short function word.  Numbers and
 * codes count: the random tokens that hide in spam ("KYx6YrKN...",
 * "58497961...") are in no visible text. */
static int content_word(const lsc__word *w)
{
    return (w->flags & (LSC__W_LETTERS | LSC__W_DIGITS)) && w->norm_len >= 4;
}

static int by_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The visible vocabulary: normalized words of the subject and the shown
 * parts, sorted for lookup. */
typedef struct vocab {
    const char **w;
    size_t n;
} vocab;

static int add_words(vocab *v, const lsc__text *t)
{
    size_t i;
    for (i = 0; i < t->n_words && v->n < HIDDEN_MAX_VOCAB; i++)
        if (content_word(&t->words[i]))
            v->w[v->n++] = t->words[i].norm;
    return 0;
}

static int build_vocab(lsc__ctx *c, vocab *v)
{
    const lsc__message *m = c->msg;
    size_t i;
    v->n = 0;
    v->w = lsc__arena_alloc(c->ar, HIDDEN_MAX_VOCAB * sizeof *v->w);
    if (!v->w)
        return LSC_ENOMEM;
    add_words(v, &m->subject_text);
    for (i = 0; i < m->n_parts; i++)
        if (m->parts[i]->shown)
            add_words(v, &m->parts[i]->text);
    qsort(v->w, v->n, sizeof *v->w, by_str);
    return 0;
}

static int seen(const vocab *v, const char *norm)
{
    return bsearch(&norm, v->w, v->n, sizeof *v->w, by_str) != NULL;
}

/* What one run holds. */
typedef struct judged {
    size_t content, known;   /* content words, of them in the visible text */
    size_t sales, sales_new; /* sales phrases, of them with a word not shown */
    const lsc__wmatch *first_new, *first_sales;
} judged;

static void judge_run(const lsc__message *m, size_t part, const lsc__hidden_run *r,
                      const vocab *v, judged *j)
{
    const lsc__text *t = &m->parts[part]->html.hidden_words;
    const struct lsc__wording *hw = m->hidden_wording;
    size_t k;
    memset(j, 0, sizeof *j);
    for (k = 0; k < t->n_words; k++) {
        const lsc__word *w = &t->words[k];
        if (w->start < r->start || w->end > r->end || !content_word(w))
            continue;
        j->content++;
        if (seen(v, w->norm))
            j->known++;
    }
    for (k = 0; hw && k < hw->n; k++) {
        const lsc__wmatch *mt = &hw->m[k];
        uint32_t q;
        int fresh = 0;
        if (mt->text != part + 1 || mt->dropped || !is_sales(mt->cat) ||
            mt->last >= t->n_words || t->words[mt->first].start < r->start ||
            t->words[mt->last].end > r->end)
            continue;
        if (!j->sales)
            j->first_sales = mt;
        j->sales++;
        for (q = mt->first; q <= mt->last; q++)
            if ((t->words[q].flags & LSC__W_LETTERS) && !seen(v, t->words[q].norm))
                fresh = 1;
        if (fresh) {
            if (!j->sales_new)
                j->first_new = mt;
            j->sales_new++;
        }
    }
}

/* The line of the visible text around offset at: [*a, *b). */
static void line_at(const char *s, size_t n, size_t at, size_t *a, size_t *b)
{
    size_t x = at > n ? n : at, y = x;
    while (x > 0 && s[x - 1] != '\n')
        x--;
    while (y < n && s[y] != '\n')
        y++;
    *a = x;
    *b = y;
}

/* The first sales match of the body on the line [a, b) of part i. */
static const lsc__wmatch *sales_on_line(const lsc__message *m, size_t part,
                                        size_t a, size_t b)
{
    const lsc__text *t = &m->parts[part]->text;
    const struct lsc__wording *w = m->wording;
    size_t k;
    for (k = 0; w && k < w->n; k++) {
        const lsc__wmatch *mt = &w->m[k];
        if (mt->text == part + 1 && !mt->dropped && is_sales(mt->cat) &&
            mt->last < t->n_words && t->words[mt->first].start >= a &&
            t->words[mt->last].end <= b)
            return mt;
    }
    return NULL;
}

/* One reported run: where and why. */
typedef struct found {
    size_t part;
    const lsc__hidden_run *r;
    const lsc__wmatch *line_match; /* the sales line's match (split case) */
    size_t line_a, line_b;
    size_t quote_from;
} found;

int lsc__rule_hidden_content(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    found f[HIDDEN_MAX_EVIDENCE];
    size_t nf = 0, i, k, blocks = 0, chars = 0, sales = 0, links = 0,
           off_topic = 0, split_chars = 0;
    const char *phrase = NULL;
    size_t phrase_len = 0;
    double strength = 0.0;
    vocab v;
    lsc__hit *h;
    int have_vocab = 0, rc;

    for (i = 0; i < m->n_parts; i++) {
        const lsc__part *p = m->parts[i];
        if (!lsc__rule_html_body(p) || !p->html.n_runs)
            continue;
        for (k = 0; k < p->html.n_runs; k++) {
            const lsc__hidden_run *r = &p->html.runs[k];
            judged j;
            int top, other, copy, block = 0, split = 0;
            const lsc__wmatch *lm = NULL;
            size_t la = 0, lb = 0;
            if (!r->chars || r->chars > HIDDEN_BLOCK_MAX_CHARS)
                continue;
            if (!have_vocab) {
                if (build_vocab(c, &v) != 0)
                    return LSC_ENOMEM;
                have_vocab = 1;
            }
            judge_run(m, i, r, &v, &j);
            /* another topic: few of its words in the visible text, or
             * none of the few it has */
            other = r->chars >= HIDDEN_BLOCK_MIN_CHARS && j.content &&
                    (j.content >= HIDDEN_TOPIC_MIN_WORDS ? j.known * 4 < j.content
                                                         : j.known == 0);
            copy = j.content && j.known * 10 >= j.content * 8;
            top = r->visible_before <= HIDDEN_PREHEADER_AT &&
                  r->chars <= HIDDEN_PREHEADER_CHARS && !other && !r->links;
            /* a preview line at the top that keeps to the letter's topic
             * is ordinary, whatever words it uses; so is what only Outlook
             * does not show (mso-hide:all), and a hidden copy of visible
             * text holding a link (a fallback button) */
            if (!top && !(r->why & LSC__HID_MSO) &&
                (j.sales_new || other || (r->links && !copy)))
                block = 1;
            /* characters nobody sees inside a line of sales words break
             * the words up for a filter ("FR<span style=font-size:0>xx
             * </span>EE OFFER") */
            if ((r->why & (LSC__HID_TINY | LSC__HID_COLOR)) &&
                (r->flags & LSC__RUN_LINE_BEFORE) && (r->flags & LSC__RUN_LINE_AFTER) &&
                r->chars >= HIDDEN_SPLIT_MIN_CHARS && p->pub.text) {
                line_at(p->pub.text, p->pub.text_bytes, r->at, &la, &lb);
                lm = sales_on_line(m, i, la, lb);
                split = lm != NULL || j.sales > 0;
            }
            if (!block && !split)
                continue;
            if (block) {
                blocks++;
                chars += r->chars;
                sales += j.sales_new;
                links += r->links;
                off_topic += other;
                strength = LSC__MAX(strength, (j.sales_new || r->links) ? 1.0 : 0.8);
            } else {
                split_chars += r->chars;
                if (!phrase) {
                    /* the sales phrase of the line, or of the run */
                    const lsc__text *t = lm ? &p->text : &p->html.hidden_words;
                    const lsc__wmatch *pm = lm ? lm : j.first_sales;
                    const char *src = lm ? p->pub.text : p->html.hidden_text;
                    phrase = src + t->words[pm->first].start;
                    phrase_len = t->words[pm->last].end - t->words[pm->first].start;
                }
                strength = LSC__MAX(strength, 0.8);
            }
            if (nf < HIDDEN_MAX_EVIDENCE) {
                found *e = &f[nf++];
                e->part = i;
                e->r = r;
                e->line_match = split && !block ? lm : NULL;
                e->line_a = la;
                e->line_b = lb;
                e->quote_from = r->start;
                if (j.first_new) {
                    const lsc__text *t = &p->html.hidden_words;
                    size_t from = t->words[j.first_new->first].start;
                    /* quote from a little before the first sales word */
                    e->quote_from = from > r->start + 40 ? from - 40 : r->start;
                    while (e->quote_from > r->start &&
                           ((unsigned char)p->html.hidden_text[e->quote_from] & 0xC0) == 0x80)
                        e->quote_from--;
                }
            }
        }
    }
    if (!nf)
        return 0;
    if (blocks) {
        h = lsc__fire(c, strength, HIDDEN_CONTENT, blocks, chars, sales, links,
                      off_topic);
    } else {
        const char *q = lsc__arena_strndup(
            c->ar, phrase, lsc__rule_quote_len(phrase, phrase_len, HIDDEN_MAX_QUOTE));
        if (!q)
            return LSC_ENOMEM;
        h = lsc__fire(c, strength, HIDDEN_CONTENT_SPLIT, split_chars, q);
    }
    if (!h)
        return LSC_ENOMEM;
    for (k = 0; k < nf; k++) {
        const found *e = &f[k];
        const lsc__part *p = m->parts[e->part];
        if (e->line_match && e->line_b > e->line_a) {
            /* the sales line itself: what the filter reads split */
            rc = lsc__evidence(c, h, LSC_WHERE_BODY, e->part, NULL, e->line_a,
                               e->line_b);
        } else {
            const char *s = p->html.hidden_text + e->quote_from;
            rc = lsc__evidence_text(c, h, LSC_WHERE_MESSAGE, 0, s,
                                    lsc__rule_quote_len(s, e->r->end - e->quote_from,
                                                        HIDDEN_MAX_QUOTE));
        }
        if (rc == LSC_ENOMEM)
            return rc;
    }
    return 0;
}

int lsc__rule_markup_split_words(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    size_t i, k, n = 0, shown = 0;
    const char *first = NULL;
    lsc__hit *h = NULL;
    for (i = 0; i < m->n_parts; i++)
        if (lsc__rule_html_body(m->parts[i]))
            n += m->parts[i]->html.splits;
    if (!n)
        return 0;
    for (i = 0; i < m->n_parts; i++) {
        const lsc__part *p = m->parts[i];
        size_t kept;
        if (!lsc__rule_html_body(p) || !p->html.splits)
            continue;
        kept = LSC__MIN(p->html.splits, (size_t)LSC__HTML_MAX_SPLITS);
        for (k = 0; k < kept && shown < HIDDEN_MAX_EVIDENCE; k++) {
            size_t at = p->html.split_at[k], w;
            for (w = 0; w < p->text.n_words; w++) {
                const lsc__word *wd = &p->text.words[w];
                int rc;
                if (wd->start >= at || wd->end <= at)
                    continue;
                if (!h) {
                    first = lsc__arena_strndup(c->ar, p->pub.text + wd->start,
                                               wd->end - wd->start);
                    if (!first)
                        return LSC_ENOMEM;
                    h = lsc__fire(c, n >= 2 ? 1.0 : 0.7, MARKUP_SPLIT_WORDS, n,
                                  first);
                    if (!h)
                        return LSC_ENOMEM;
                }
                rc = lsc__evidence(c, h, LSC_WHERE_BODY, i, NULL, wd->start, wd->end);
                if (rc == LSC_ENOMEM)
                    return rc;
                shown++;
                break;
            }
        }
    }
    if (!h) {
        /* the joins lie beyond the words read (max_words) */
        h = lsc__fire(c, n >= 2 ? 1.0 : 0.7, MARKUP_SPLIT_WORDS, n, "");
        if (!h)
            return LSC_ENOMEM;
    }
    return 0;
}

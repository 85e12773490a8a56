/*
 * phrases.c - the phrase-list matcher as a stage of its own.
 *
 * Takes: the words of the subject and of every part the text stage marked
 * shown (lsc__part.shown), and the engine's compiled lists (wordlist.c).
 * Gives: msg->wording, every match (category, language, weight, the words
 * it spans), a match inside a longer one of its category and text marked
 * dropped, and the word counts the densities divide by.  A phrase that
 * begins with an imperative verb used as a noun ("the call today") is
 * not a match.  It ran hidden
 * inside the first wording rule; the wording rules now only read it.
 * Limits: LSC__WORDING_MAX_MATCHES matches kept per message (then
 * truncated is set).  The hidden text of HTML parts is matched apart
 * (msg->hidden_wording), for the rules that judge what it hides.
 */
#include <stdlib.h>

#include "text/wordlist.h"

typedef struct collect {
    lsc__ctx *c;
    struct lsc__wording *w;
    uint32_t text;
    const lsc__word *words;
    size_t n_words;
    const char *src;
    size_t src_len;
} collect;

static int norm_in(const lsc__word *w, const char *const *set)
{
    size_t i;
    if (!w->norm)
        return 0;
    for (i = 0; set[i]; i++)
        if (strlen(set[i]) == w->norm_len &&
            memcmp(set[i], w->norm, w->norm_len) == 0)
            return 1;
    return 0;
}

/* "thanks for the call today", "your order today", "a click here and
 * there": a phrase that begins with an imperative verb ("call today",
 * "order today") is a noun after an article or a possessive, and says
 * nothing about pressure.  Only English has such phrases in the lists. */
static int verb_used_as_noun(const collect *co, size_t first)
{
    static const char *const verbs[] = {
        "call", "act", "order", "buy", "reply", "respond", "apply", "shop",
        "join", "click", "start", "claim", "sign", "try", "save", "earn",
        "get", "take", "verify", "confirm", "update", NULL
    };
    static const char *const determiners[] = {
        "the", "a", "an", "our", "your", "my", "this", "that", "his",
        "her", "their", "its", "whose", "next", "last", "first", NULL
    };
    size_t j, k;
    const lsc__word *prev = NULL;
    if (!co->words || first >= co->n_words ||
        !norm_in(&co->words[first], verbs))
        return 0;
    for (j = first; j-- > 0;) {
        if (co->words[j].flags & (LSC__W_LETTERS | LSC__W_DIGITS)) {
            prev = &co->words[j];
            break;
        }
    }
    if (!prev || !norm_in(prev, determiners) || !co->src ||
        prev->end > co->words[first].start ||
        co->words[first].start > co->src_len)
        return 0;
    for (k = prev->end; k < co->words[first].start; k++)
        if (co->src[k] != ' ' && co->src[k] != '\t')
            return 0;   /* only blanks between: one noun phrase */
    return 1;
}

static int on_match(void *ud, const lsc__phrase_match *pm)
{
    collect *co = ud;
    struct lsc__wording *w = co->w;
    lsc__wmatch *m;
    if (verb_used_as_noun(co, pm->first))
        return 0;
    if (w->n == LSC__WORDING_MAX_MATCHES) {
        w->truncated = 1;
        return 1;
    }
    if (w->n == w->cap) {
        size_t nc = w->cap ? w->cap * 2 : 64;
        lsc__wmatch *nm = lsc__arena_alloc(co->c->ar, nc * sizeof *nm);
        if (!nm)
            return LSC_ENOMEM;
        if (w->n)
            memcpy(nm, w->m, w->n * sizeof *nm);
        w->m = nm;
        w->cap = nc;
    }
    m = &w->m[w->n++];
    m->first = (uint32_t)pm->first;
    m->last = (uint32_t)pm->last;
    m->text = co->text;
    m->cat = (uint8_t)pm->category;
    m->lang = (uint8_t)pm->lang;
    m->weight = (float)pm->weight;
    m->dropped = 0;
    return 0;
}

static int by_place(const void *a, const void *b)
{
    const lsc__wmatch *x = a, *y = b;
    if (x->text != y->text)
        return x->text < y->text ? -1 : 1;
    if (x->cat != y->cat)
        return x->cat < y->cat ? -1 : 1;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    if (x->last != y->last)
        return x->last > y->last ? -1 : 1;
    return 0;
}

/* "100% guaranteed" is one guarantee, not two: a match inside a longer
 * one of the same category and text is dropped. */
static void drop_contained(struct lsc__wording *w)
{
    size_t i;
    uint32_t text = (uint32_t)-1, max_last = 0;
    unsigned cat = 256;
    if (w->n == 0)
        return;
    qsort(w->m, w->n, sizeof *w->m, by_place);
    for (i = 0; i < w->n; i++) {
        lsc__wmatch *m = &w->m[i];
        if (m->text != text || m->cat != cat) {
            text = m->text;
            cat = m->cat;
            max_last = m->last;
            continue;
        }
        if (m->last <= max_last)
            m->dropped = 1;
        else
            max_last = m->last;
    }
}

static int count_words(const lsc__text *t)
{
    size_t i, n = 0;
    for (i = 0; i < t->n_words; i++)
        if (t->words[i].flags & (LSC__W_LETTERS | LSC__W_DIGITS))
            n++;
    return (int)LSC__MIN(n, (size_t)INT32_MAX);
}

int lsc__phrases_run(lsc__ctx *c)
{
    lsc__message *m = c->msg;
    struct lsc__wording *w;
    collect co;
    size_t i;
    int rc;
    w = lsc__arena_zalloc(c->ar, sizeof *w);
    if (!w)
        return LSC_ENOMEM;
    co.c = c;
    co.w = w;
    co.text = 0;
    co.words = m->subject_text.words;
    co.n_words = m->subject_text.n_words;
    co.src = m->subject;
    co.src_len = m->subject_len;
    rc = lsc__wordlist_match(c->eng->words, m->subject_text.words,
                             m->subject_text.n_words, m->subject,
                             m->subject_len, on_match, &co);
    w->subject_words = (size_t)count_words(&m->subject_text);
    for (i = 0; i < m->n_parts && rc == 0; i++) {
        if (!m->parts[i]->shown)
            continue;
        co.text = (uint32_t)(i + 1);
        co.words = m->parts[i]->text.words;
        co.n_words = m->parts[i]->text.n_words;
        co.src = m->parts[i]->pub.text;
        co.src_len = m->parts[i]->pub.text_bytes;
        rc = lsc__wordlist_match(c->eng->words, m->parts[i]->text.words,
                                 m->parts[i]->text.n_words,
                                 m->parts[i]->pub.text,
                                 m->parts[i]->pub.text_bytes, on_match, &co);
        w->body_words += (size_t)count_words(&m->parts[i]->text);
    }
    if (rc == LSC_ENOMEM)
        return rc;
    drop_contained(w);
    m->wording = w;
    /* the hidden text's matches, apart: no density or wording rule
     * counts words the reader does not see */
    w = lsc__arena_zalloc(c->ar, sizeof *w);
    if (!w)
        return LSC_ENOMEM;
    co.w = w;
    for (i = 0; i < m->n_parts && rc == 0; i++) {
        const lsc__text *t = &m->parts[i]->html.hidden_words;
        if (!t->n_words)
            continue;
        co.text = (uint32_t)(i + 1);
        rc = lsc__wordlist_match(c->eng->words, t->words, t->n_words,
                                 m->parts[i]->html.hidden_text,
                                 m->parts[i]->html.hidden_text_len, on_match, &co);
        w->body_words += (size_t)count_words(t);
    }
    if (rc == LSC_ENOMEM)
        return rc;
    drop_contained(w);
    m->hidden_wording = w;
    return 0;
}

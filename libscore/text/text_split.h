/*
 * text_split.h - what the files of the text stage share while a text is
 * split into words: the engine's ICU state, the per-call scratch buffers
 * and the splitter (text.c splits and counts; word.c normalizes one word
 * and sets its flags).  Not for other stages: their contract is text.h.
 */
#ifndef LSC_TEXT_SPLIT_H
#define LSC_TEXT_SPLIT_H

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include "text/text.h"

/* Longer words are kept with their offsets but normalized by lower-casing
 * only (no real word is this long; it bounds the scratch buffers). */
#define LSC__TEXT_MAX_WORD 256

/* Word flags that live only while a text is split: word_ascii has counted
 * the letters of [start, end) (fewer than three; some lower case), so
 * lsc__text_word_case need not count them again.  A join that moves a
 * word's end clears them; lsc__text_split clears them before it returns. */
#define LSC__W_CASE_COUNTED 0x10000u
#define LSC__W_CASE_FEW     0x20000u
#define LSC__W_CASE_LOWER   0x40000u
#define LSC__W_CASE_BITS (LSC__W_CASE_COUNTED | LSC__W_CASE_FEW | LSC__W_CASE_LOWER)

struct lsc__text_engine {
    UBreakIterator *tmpl;
    const UNormalizer2 *nfkc_cf;
};

struct lsc__text_scratch {
    const lsc_engine *e;
    UBreakIterator *bi;    /* cloned on the first non-ASCII line */
    UText ut;
    int ut_open;
    UChar u16[LSC__TEXT_MAX_WORD * 2 + 8];
    UChar n16[LSC__TEXT_MAX_WORD * 8 + 8];
    char u8[LSC__TEXT_MAX_WORD * 24 + 8];
    size_t pushes;         /* words pushed (each took one of the budget) */
};

typedef struct seg {
    size_t start, end;
} seg;

typedef struct splitter {
    lsc__text_scratch *s;
    lsc__arena *ar;
    const char *t;
    size_t len;
    lsc__vec words;
    lsc__text_stats *st;
    size_t *budget;
    int *limited;
    int nomem;
    char *pool;          /* room for the normalized ASCII words */
    size_t pool_left;
    int past_ascii;      /* char_counts met a byte past ASCII */
    /* one-byte words in a row, and the most since the line began: a
     * spaced-out word ("F R E E") needs four (lsc__text_join_spaced) */
    size_t ones, ones_max;
} splitter;

/* Shared by text.c (character classes, the splitter's storage) and word.c
 * (one word: emit_word, word_case, the joins). */
uint32_t lsc__text_confusable(uint32_t c);

void lsc__text_emit_word(splitter *sp, size_t a, size_t b);
void lsc__text_emit_ascii_word(splitter *sp, size_t a, size_t b);

int lsc__text_is_acronym(const char *w);

int lsc__text_is_zero_width(uint32_t c);

void lsc__text_join_spaced(splitter *sp, size_t first);

void lsc__text_join_zero_width(splitter *sp, size_t first);

/* n bytes for a normalized word: from the text's pool (one allocation for
 * the ASCII words of a text), else from the arena.  This and the push
 * below run once per word: inline. */
static inline char *lsc__text_norm_alloc(splitter *sp, size_t n)
{
    if (n <= sp->pool_left) {
        char *p = sp->pool;
        sp->pool += n;
        sp->pool_left -= n;
        return p;
    }
    return lsc__arena_alloc(sp->ar, n);
}

/* Pushes a word [a, b) with its normalized form. */
static inline lsc__word *lsc__text_push_word(splitter *sp, size_t a,
                                             size_t b)
{
    lsc__word *w;
    if (*sp->budget == 0) {
        *sp->limited = 1;
        return NULL;
    }
    /* within the capacity the guess reserved: no call, no memset call */
    if (sp->words.n < sp->words.cap) {
        w = (lsc__word *)sp->words.items + sp->words.n++;
        memset(w, 0, sizeof *w);
    } else {
        w = lsc__vec_push(&sp->words, sp->ar);
    }
    if (!w) {
        sp->nomem = 1;
        return NULL;
    }
    (*sp->budget)--;
    sp->s->pushes++;
    w->start = a;
    w->end = b;
    sp->ones = b - a == 1 ? sp->ones + 1 : 0;
    sp->ones_max = sp->ones > sp->ones_max ? sp->ones : sp->ones_max;
    return w;
}

void lsc__text_word_case(splitter *sp, lsc__word *w);

#endif

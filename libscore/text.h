/*
 * text.h - words and counts of a visible text (text.c).
 */
#ifndef LSC_TEXT_H
#define LSC_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Word flags. */
#define LSC__W_LETTERS   0x0001u  /* has letters */
#define LSC__W_DIGITS    0x0002u  /* has digits */
#define LSC__W_UPPER     0x0004u  /* ALL-CAPS word counted as shouting */
#define LSC__W_CASED     0x0008u  /* in a script that has case */
#define LSC__W_OBFUSCATED 0x0010u /* de-obfuscated (F.R.E.E, fr3e, ...) */
#define LSC__W_MIXED_SCRIPT 0x0020u /* letters from several scripts */
#define LSC__W_EMOJI     0x0040u
#define LSC__W_IDEOGRAPHIC 0x0080u /* CJK, Thai, ... (no spaces) */

typedef struct lsc__word {
    size_t start, end;   /* byte offsets into the text */
    const char *norm;    /* normalized for matching (NFKC, folded), NUL-terminated */
    uint32_t norm_len;
    uint32_t flags;      /* LSC__W_* */
    uint32_t id;         /* phrase-list word id, 0 = not in any list */
} lsc__word;

typedef struct lsc__text_stats {
    size_t words;
    size_t letters;
    size_t upper_letters;
    size_t cased_words;      /* words of 3+ letters in a cased script */
    size_t caps_words;       /* of those, ALL-CAPS (acronyms excluded) */
    size_t exclamations;     /* ! and full-width ! */
    size_t exclam_runs;      /* runs of 2 or more */
    size_t currency;         /* currency symbols and codes with amounts */
    size_t percent_off;      /* "50% off", "-70%" */
    size_t emoji;
    size_t obfuscated;       /* words de-obfuscated */
    size_t mixed_script;
    size_t chars;            /* code points of visible text */
} lsc__text_stats;

typedef struct lsc__text {
    lsc__word *words;
    size_t n_words;
    lsc__text_stats stats;
} lsc__text;

typedef struct lsc__text_totals {
    lsc__text_stats body;    /* over all body text parts */
    lsc__text_stats subject;
} lsc__text_totals;

#endif

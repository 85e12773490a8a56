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
#define LSC__W_CODE      0x0100u  /* code-like: ISO9001, SKU-12A, letters+digits */
#define LSC__W_ACRONYM   0x0200u  /* a known acronym (FOB, USD, PDF, ...) */
#define LSC__W_ALLCAPS   0x0400u  /* every cased letter upper case (3+) */
#define LSC__W_SPACED    0x0800u  /* letters joined from F.R.E.E / f r e e */
#define LSC__W_LEET      0x1000u  /* digits read as letters (fr3e) */
#define LSC__W_ZEROWIDTH 0x2000u  /* zero-width characters inside */
#define LSC__W_CONFUSABLE 0x4000u /* look-alike letters mapped to Latin */

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
    size_t percent_off;      /* "50% off", "-70%", "5折" */
    size_t money_runs;       /* runs of 2+ currency symbols ($$$) */
    size_t max_exclam_run;   /* longest run of exclamation marks */
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

/* Words kept per message beyond which the rest is not split (the engine's
 * max_words); the counts above then cover what was read. */

typedef struct lsc__text_totals {
    lsc__text_stats body;    /* over the body text a reader is shown: of a
                                multipart/alternative, the HTML part */
    lsc__text_stats subject;
} lsc__text_totals;

/* Splitting one text outside the pipeline (tests, benchmarks).  A scratch
 * holds the per-call ICU state; budget is the words still allowed (the
 * caller's max_words), decremented; *limited is set when it ran out.
 * force_icu skips the ASCII fast path (to test that both agree). */
struct lsc_engine;
typedef struct lsc__text_scratch lsc__text_scratch;
int lsc__text_scratch_new(lsc__text_scratch **out, const struct lsc_engine *e);
void lsc__text_scratch_free(lsc__text_scratch *s);
struct lsc__arena;
int lsc__text_split(lsc__text_scratch *s, struct lsc__arena *ar,
                    const char *text, size_t len, lsc__text *out,
                    size_t *budget, int *limited, int force_icu);
/* 1 when part i is body text a reader is shown (not an attachment, and
 * not the plain alternative of an HTML part that has words). */
struct lsc__message;
int lsc__text_part_shown(const struct lsc__message *m, size_t i);
/* Adds a's counts to *sum. */
void lsc__text_stats_add(lsc__text_stats *sum, const lsc__text_stats *a);

#endif

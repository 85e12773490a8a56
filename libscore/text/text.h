/*
 * text.h - words and counts of a visible text (text.c).
 */
#ifndef LSC_TEXT_H
#define LSC_TEXT_H

#include "base/engine.h"

#include <stddef.h>
#include <stdint.h>


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
/* Adds a's counts to *sum. */
void lsc__text_stats_add(lsc__text_stats *sum, const lsc__text_stats *a);

/* lsc__text_split of one part's text (force_icu 0), or its words and
 * counts from the caller's state cache when the same bytes were split
 * before with no more of the budget than is left (text_cache.c). */
int lsc__text_split_cached(lsc__ctx *c, lsc__text_scratch *s,
                           const char *text, size_t len, lsc__text *out,
                           size_t *budget, int *limited);
/* Words of hidden HTML text split per message (lsc__html.hidden_words),
 * on a budget of their own so hidden text never pushes visible words out
 * of max_words; past it the rest of the hidden text is not split. */
#define LSC__TEXT_MAX_HIDDEN_WORDS 4096

/* The stage: words and counts of the subject and the visible text. */
int lsc__text_run(lsc__ctx *c);
/* Engine-level state (engine.c calls these). */
int lsc__text_engine_new(lsc_engine *e, lsc_error *err);
void lsc__text_engine_free(lsc_engine *e);

#endif

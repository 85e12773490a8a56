/*
 * content.h - the limits of the content rules (rules_content.c), here so
 * that the tests can put a message at each of them; the shown text they
 * read (and rules_quotes.c too); their engine-wide phrase index.
 */
#ifndef LSC_RULES_CONTENT_H
#define LSC_RULES_CONTENT_H

#include "base/engine.h"

/* Bytes of one part's shown text a content scan reads. */
#define LSC__CONTENT_MAX_SCAN ((size_t)256 * 1024)
/* Evidence spans one content hit keeps (the count goes on). */
#define LSC__CONTENT_MAX_EVIDENCE 5
/* One-character tokens a spaced-out address may have. */
#define LSC__CONTENT_MAX_SPACED 254

/* The text of part i when it is shown, at most LSC__CONTENT_MAX_SCAN
 * bytes of it in *n; NULL for parts a reader does not see. */
const char *lsc__content_shown(const lsc__ctx *c, size_t i, size_t *n);

/* The content rules' phrase lists, indexed once per engine (core/engine.c
 * calls these; the index is read only after). */
int lsc__content_engine_new(lsc_engine *e, lsc_error *err);
void lsc__content_engine_free(lsc_engine *e);

#endif

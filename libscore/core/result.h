/*
 * result.h - the pipeline's entry for the layer above it (draft/): a run
 * over a message with what the caller already holds (base/message.h,
 * lsc__input).  The result object itself is part of the model
 * (base/engine.h).
 */
#ifndef LSC_RESULT_H
#define LSC_RESULT_H

#include "base/engine.h"
#include "rules/rules.h"

/* lsc_score with an input (NULL: plain lsc_score). */
int lsc__score_input(lsc_result **out, const lsc_engine *e,
                     const void *message, size_t len,
                     const lsc_score_options *so, const lsc__input *input,
                     lsc_error *err);

#endif

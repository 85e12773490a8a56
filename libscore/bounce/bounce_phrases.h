/*
 * bounce_phrases.h - the phrase table (bounce_phrases.c) and how the
 * classifier reads it (bounce_reason.c).
 */
#ifndef LSC_BOUNCE_PHRASES_H
#define LSC_BOUNCE_PHRASES_H

#include "bounce/bounce.h"

typedef struct lsc__phrase {
    int reason;              /* lsc_bounce_reason */
    int negate;              /* 1: a match vetoes the reason */
    const char *piece[3];    /* in order; unused pieces NULL */
} lsc__phrase;

extern const lsc__phrase lsc__bounce_phrases[];
extern const size_t lsc__bounce_n_phrases;

#endif

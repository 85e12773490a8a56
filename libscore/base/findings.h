/*
 * findings.h - what a check made outside the pipeline hands to lsc_score.
 *
 * A DNS check (dns/, a later stage than core) begins with this view of its
 * findings, so that core can copy them into a result when a host passes
 * the check in lsc_score_options.check, without calling into dns/.
 */
#ifndef LSC_FINDINGS_H
#define LSC_FINDINGS_H

#include "libscore.h"

typedef struct lsc__findings {
    const lsc_hit **hits;   /* worst first; each with its evidence */
    size_t n;
} lsc__findings;

#endif

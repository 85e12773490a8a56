/*
 * result.h - the result object: its arena, the message model, the hits and
 * the score.
 */
#ifndef LSC_RESULT_H
#define LSC_RESULT_H

#include "base/engine.h"
#include "rules/rules.h"

struct lsc_result {
    lsc__alloc al;            /* copy of the engine's allocator */
    lsc__arena ar;
    lsc__message *msg;
    lsc__vec hits;            /* lsc__hit * */
    const lsc_hit **sorted;   /* public view, worst first */
    size_t n_sorted;
    double points;
    int risk;
    lsc_level level;
    lsc_lang lang;            /* the engine's language (the report's default) */
    lsc_part_kind unused;
};

#endif

/*
 * draft.h - what the draft layer keeps to itself (draft.c).
 *
 * The draft API (lsc_draft_mime, lsc_draft_score, lsc_draft_cache) builds
 * the MIME text and hands it to the pipeline with what it already holds
 * (core/result.h: lsc__score_input, base/message.h: lsc__input); no stage
 * below calls back into this folder.
 */
#ifndef LSC_DRAFT_H
#define LSC_DRAFT_H

#include "base/engine.h"

/* 64-bit content hash (fast, not cryptographic: keys the cache together
 * with the length). */
uint64_t lsc__draft_hash(const void *p, size_t n);

#endif

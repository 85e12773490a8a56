/*
 * history_cache.h - decoded entries a store met lately (history_cache.c),
 * so that a template's copies, met by every query of a draft written from
 * it, are read and decoded once.  Used by both stores.
 */
#ifndef LSC_HISTORY_CACHE_H
#define LSC_HISTORY_CACHE_H

#include "history/history.h"

/* Direct-mapped by id, about 1.5 KB a slot when full.  Ids are never
 * reused, so a slot never goes stale (a pruned entry is no longer reached
 * through the band index). */
#define LSC__FP_CACHE_SLOTS 16384

typedef struct lsc__fp_cache lsc__fp_cache;

/* NULL when there is no memory for it: the stores then read every
 * candidate. */
lsc__fp_cache *lsc__fp_cache_new(void);
void lsc__fp_cache_free(lsc__fp_cache *c);
/* The entry id, or NULL; *time gets its time. */
const lsc_fingerprint *lsc__fp_cache_find(const lsc__fp_cache *c, int64_t id,
                                          int64_t *time);
/* Decodes blob into the cache (replacing whatever held the slot); NULL
 * when it does not decode or there is no memory. */
const lsc_fingerprint *lsc__fp_cache_put(lsc__fp_cache *c, int64_t id,
                                         int64_t time, const void *blob,
                                         size_t len);

#endif

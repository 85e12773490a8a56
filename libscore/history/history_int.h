/*
 * history_int.h - the history handle, shared by history.c (adds, queries,
 * stats) and history_team.c (the team view).  Nothing outside
 * libscore/history/ includes it.
 */
#ifndef LSC_HISTORY_INT_H
#define LSC_HISTORY_INT_H

#include <pthread.h>

#include "history/history.h"

struct lsc_history {
    lsc__alloc al;
    pthread_mutex_t mu;         /* guards everything below and the store */
    void *store;
    const lsc__store_ops *ops;
    unsigned flags;
    int persistent;
    int64_t max_age;
    int64_t fixed_now;
    int64_t last_prune;
    int prune_backlog;          /* the last step was full: more to go */
    int in_batch;               /* lsc__history_batch: no pruning */
    char *sender;               /* lsc_history_set_sender, or NULL */
    uint64_t token_seed, n_adds;
    int pending;                /* the last add failed after the store */
    uint64_t pending_token, pending_hash;
    /* Two blocks a decoded entry lives in while a query judges it (one
     * for a seed, one for the candidates): queries allocate nothing. */
    lsc__alloc scratch_al;
    unsigned char *scratch[2];
    int scratch_used[2];
    struct lsc__bounce_store *bounces;  /* history_bounce.c */
};

/* Bytes of the largest decoded fingerprint (one block, see
 * fingerprint_codec.c's alloc_owned), with room for alignment. */
#define LSC__HISTORY_SCRATCH_BYTES \
    (sizeof(lsc_fingerprint) + 64 + \
     LSC_FINGERPRINT_MAX_DOMAINS * (sizeof(char *) + 8) + \
     LSC__SKETCH_K * sizeof(uint32_t) + LSC__FP_MAX_CHUNKS * sizeof(uint16_t) + \
     LSC_FINGERPRINT_MAX_BYTES)

/* The history's clock (the options' now, else the time). */
int64_t lsc__history_now(const lsc_history *h);
/* lsc__history_visit with the mutex already held. */
int lsc__history_each(lsc_history *h, const lsc_history_filter *q,
                      lsc__hist_visit_fn fn, void *ud, int *capped,
                      lsc_error *err);
/* now - max_age (saturating): entries before it are never answered. */
int64_t lsc__history_cutoff(const lsc_history *h);
/* The live part of a filter's [since, until] (0 = unbounded). */
lsc__store_span lsc__history_span(const lsc_history *h, int64_t since,
                                  int64_t until);
/* Decodes a store row into a scratch block (free it with
 * lsc_fingerprint_free); damage is LSC_ECORRUPT naming
 * the entry. */
int lsc__history_decode(lsc_history *h, const lsc__store_row *r,
                        lsc_fingerprint **fp, lsc_error *err);

#endif

/*
 * history.h - the history of sent mail as the library sees it inside
 * (history.c and its stores): a store of fingerprints, queried by
 * similarity, time and recipient domain.  Uses fingerprint.h; never the
 * similarity stage, which uses it.
 */
#ifndef LSC_HISTORY_H
#define LSC_HISTORY_H

#include "history/fingerprint.h"

/* ---- the history (history.c) ---- */

/* A store keeps encoded fingerprints by increasing id. */
typedef int (*lsc__store_row_fn)(void *ud, int64_t id, int64_t time,
                                 const unsigned char *blob, size_t len);

typedef struct lsc__store_ops {
    const char *name;
    /* Appends one entry and commits; *id gets its id. */
    int (*add)(void *st, const unsigned char *blob, size_t len,
               int64_t time, int64_t *id, lsc_error *err);
    /* Calls fn for every entry with id > after_id and time >= min_time,
     * in id order. */
    int (*load)(void *st, int64_t after_id, int64_t min_time,
                lsc__store_row_fn fn, void *ud, lsc_error *err);
    /* Deletes entries with time < before. */
    int (*prune)(void *st, int64_t before, lsc_error *err);
    void (*close)(void *st);
} lsc__store_ops;

/* SQLite store (history_sqlite.c). */
int lsc__store_sqlite_open(void **st, const lsc__store_ops **ops,
                           const char *path, const lsc_history_options *o,
                           lsc_error *err);

/* Internal view of one match for the rules: the entry's fingerprint is
 * borrowed from the history and valid while its mutex is held. */
typedef struct lsc__hist_match {
    int64_t id;
    int64_t time;
    double similarity;
    const lsc_fingerprint *fp;
} lsc__hist_match;

/* Runs fn over every live entry matching q, with the lock held (the
 * similarity stage uses it to read the matches' fingerprints). */
typedef int (*lsc__hist_visit_fn)(void *ud, const lsc__hist_match *m);
int lsc__history_visit(lsc_history *h, const lsc_history_filter *q,
                       lsc__hist_visit_fn fn, void *ud, lsc_error *err);

#endif

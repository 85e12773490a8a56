/*
 * history.h - the history of sent mail as the library sees it inside
 * (history.c and its stores): a store of fingerprints, queried by
 * similarity, time and recipient domain.  Uses fingerprint.h; never the
 * similarity stage, which uses it.
 */
#ifndef LSC_HISTORY_H
#define LSC_HISTORY_H

#include "history/fingerprint.h"

/* ---- stores (history_sqlite.c, history_pg.c) ----
 *
 * The history keeps nothing of its entries in memory: a store holds the
 * encoded fingerprints and two indexes beside them, the LSH band keys
 * (32 per entry with words, "band, key, id") and the recipient domains
 * with times ("domain, time, id").  A query asks the store for the
 * candidates and judges them here, so every store gives the same
 * answers.  A store serves one handle; the handle's mutex serializes it.
 */

/* Entries removed by one pruning step (a bounded piece of work on an
 * add, so that a history left alone for months never stalls a send). */
#define LSC__HISTORY_PRUNE_STEP 256

/* Ids a similarity query reads from each band (the newest): with at most
 * LSC_HISTORY_MAX_COMPARED compared, a query reads at most 32 times this
 * many index rows however often a template was sent.  Both stores put it
 * in their SQL (hence a plain number). */
#define LSC__HISTORY_BAND_ROWS 32
#define LSC__HISTORY_STR_(x) #x
#define LSC__HISTORY_STR(x) LSC__HISTORY_STR_(x)

/* One stored entry as a store hands it out.  blob is NULL when only ids
 * were asked for, or when fp is given: the entry already decoded (the
 * store's cache; borrowed for the call).  sender is "" when the composer
 * gave none, and always in answers to similar. */
typedef struct lsc__store_row {
    int64_t id;
    int64_t time;
    const unsigned char *blob;
    size_t len;
    const lsc_fingerprint *fp;
    const char *sender;
} lsc__store_row;

typedef int (*lsc__store_row_fn)(void *ud, const lsc__store_row *r);

/* What an add writes: the encoded fingerprint, its band keys (n_keys is
 * 0 for a fingerprint without words, else LSC__LSH_BANDS), its domains,
 * and a token that makes a retried add of the same entry land once. */
typedef struct lsc__store_entry {
    const unsigned char *blob;
    size_t len;
    int64_t time;
    const char *sender;
    uint64_t keys[LSC__LSH_BANDS];
    size_t n_keys;
    char *const *domains;
    size_t n_domains;
    uint64_t token;
} lsc__store_entry;

/* Time bounds of a store query, both inclusive. */
typedef struct lsc__store_span {
    int64_t since, until;
} lsc__store_span;

typedef struct lsc__store_ops {
    const char *name;
    /* Appends one entry with its index rows in one transaction. */
    int (*add)(void *st, const lsc__store_entry *e, int64_t *id,
               lsc_error *err);
    /* Candidates: the newest LSC__HISTORY_BAND_ROWS ids of each band key
     * keys[b].  Hands out those within span, each once, ordered by how
     * many of those band lists hold them (most first), then newest id
     * first; at most LSC_HISTORY_MAX_COMPARED of them.  *capped gets 1
     * when some were within span and either more than that many were or
     * a band list was full (there may be more), else 0. */
    int (*similar)(void *st, const uint64_t *keys, lsc__store_span span,
                   int *capped, lsc__store_row_fn fn, void *ud,
                   lsc_error *err);
    /* Entries within span (sent to domain unless NULL), by increasing id;
     * with_blob 0 hands out ids and times only. */
    int (*scan)(void *st, const char *domain, lsc__store_span span,
                int with_blob, lsc__store_row_fn fn, void *ud,
                lsc_error *err);
    /* How many entries within span (sent to domain unless NULL). */
    int (*count)(void *st, const char *domain, lsc__store_span span,
                 uint64_t *n, lsc_error *err);
    /* The entry id when its time is within span (else fn is not called). */
    int (*get)(void *st, int64_t id, lsc__store_span span,
               lsc__store_row_fn fn, void *ud, lsc_error *err);
    /* Deletes at most max entries older than before, with their index
     * rows; *n gets how many went. */
    int (*prune)(void *st, int64_t before, size_t max, size_t *n,
                 lsc_error *err);
    /* Distinct domains within span, and the one most mail went to (ties:
     * the smallest name); top gets at most top_cap - 1 bytes. */
    int (*domains)(void *st, lsc__store_span span, uint64_t *n_domains,
                   char *top, size_t top_cap, uint64_t *top_count,
                   lsc_error *err);
    /* begin 1: the adds that follow share one transaction, until a call
     * with begin 0 commits them (building big histories at once). */
    int (*batch)(void *st, int begin, lsc_error *err);
    /* Heap the store holds (its page cache, statements). */
    uint64_t (*memory)(void *st);
    void (*close)(void *st);
} lsc__store_ops;

/* The band key b of a fingerprint: 4 MinHash values in 64 bits. */
uint64_t lsc__band_key(const lsc_fingerprint *fp, size_t b);

/* SQLite store (history_sqlite.c): path, or ":memory:" for a private one
 * that lives as long as the handle. */
int lsc__store_sqlite_open(void **st, const lsc__store_ops **ops,
                           const char *path, const lsc_history_options *o,
                           lsc_error *err);
/* PostgreSQL store (history_pg.c): a libpq connection string. */
int lsc__store_pg_open(void **st, const lsc__store_ops **ops,
                       const char *conninfo, const lsc_history_options *o,
                       lsc_error *err);

/* begin 1: the adds that follow share one transaction until begin 0
 * commits them (the bench builds a million entries this way; pruning
 * waits meanwhile).  Holds no lock between the calls: one thread only. */
int lsc__history_batch(lsc_history *h, int begin, lsc_error *err);

/* Internal view of one match for the rules: the entry's fingerprint is
 * borrowed from the history and valid while its mutex is held. */
typedef struct lsc__hist_match {
    int64_t id;
    int64_t time;
    double similarity;
    const lsc_fingerprint *fp;
} lsc__hist_match;

/* Runs fn over every live entry matching q, with the lock held (the
 * similarity stage uses it to read the matches' fingerprints); a
 * similarity query visits the nearest LSC_HISTORY_MAX_COMPARED candidates
 * only, and *capped (may be NULL) says whether there were more. */
typedef int (*lsc__hist_visit_fn)(void *ud, const lsc__hist_match *m);
int lsc__history_visit(lsc_history *h, const lsc_history_filter *q,
                       lsc__hist_visit_fn fn, void *ud, int *capped,
                       lsc_error *err);

#endif

/*
 * similar.h - fingerprints of messages and the history of sent mail
 * (similar.c, history.c, history_sqlite.c, rules_history.c).
 *
 * A fingerprint keeps no text: a MinHash signature over word shingles,
 * an exact hash of the normalized body, 16-bit hashes of content-defined
 * runs of words ("chunks", for personalization depth), recipient domains
 * and the time.  The history indexes fingerprints with LSH banding and
 * keeps them in a store behind a small vtable (SQLite file, or nothing).
 */
#ifndef LSC_SIMILAR_H
#define LSC_SIMILAR_H

#include "base/engine.h"

/* Words per shingle and hashes per signature: chosen from measurements on
 * the corpus (tools/similar_accuracy.c, see its report in the top comment
 * of similar.c).  Changing them changes the encoding version. */
#define LSC__SHINGLE_WORDS 3
#define LSC__MH_K 128
/* LSH banding: 32 bands of 4 rows.  A pair with Jaccard J shares a band
 * with probability 1 - (1 - J^4)^32: 0.99999 at 0.8, 0.987 at 0.6. */
#define LSC__LSH_BANDS 32
#define LSC__LSH_ROWS 4
/* Below this a query scans every entry: banding would miss too much. */
#define LSC__LSH_FLOOR 0.5

/* Bottom-k sketch: the 512 smallest 32-bit shingle hashes.  A message of
 * up to 512 distinct shingles (about 500 words) keeps its whole set, so
 * two such messages get their exact Jaccard; longer ones an estimate with
 * a standard error of sqrt(J(1-J)/512), 0.018 at J = 0.8. */
#define LSC__SKETCH_K 512

/* Bounded so that a decoder and a store never hold much per entry. */
#define LSC__FP_MAX_CHUNKS 1024
#define LSC__FP_MAX_DOMAIN_LEN 253
/* Words of one message read for its fingerprint (a named limit over
 * message-controlled data; lsc_limits.max_words bounds it as well). */
#define LSC__SIM_MAX_WORDS 100000

#define LSC__FP_VERSION 1

struct lsc_fingerprint {
    lsc__alloc al;          /* how it was allocated when owned */
    int owned;              /* 1: decoded or copied, freed as one block */
    int64_t time;
    uint64_t body_hash;     /* exact hash of the normalized body words */
    uint32_t n_words;       /* words read (subject + body) */
    uint32_t n_shingles;    /* distinct shingles; 0 = no words */
    uint16_t mh[LSC__MH_K];   /* MinHash: the LSH bands come from it */
    uint16_t n_sketch;
    uint32_t *sketch;       /* bottom-k shingle hashes, strictly ascending */
    uint16_t n_chunks;
    uint16_t *chunks;       /* chunk hashes in text order */
    size_t n_domains;
    char **domains;         /* sorted, unique, lower case */
};

/* One word with where it came from, in reading order. */
typedef struct lsc__sim_word {
    const char *norm;
    size_t norm_len;
    lsc_where where;        /* LSC_WHERE_SUBJECT or LSC_WHERE_BODY */
    size_t part;
    size_t start, end;      /* offsets in that text */
} lsc__sim_word;

/* ---- fingerprints (similar.c) ---- */

uint64_t lsc__hash64(const void *p, size_t n, uint64_t seed);

/* Distinct shingle hashes of k words each (the whole sequence when it is
 * shorter than k) into out, sorted; returns how many.  out holds n
 * entries (n >= 1 when n_words >= 1).  Words in subject and body are one
 * sequence; n_body_from says where the body starts (shingles never span
 * the subject/body border). */
size_t lsc__shingles(const lsc__sim_word *w, size_t n, size_t n_body_from,
                     size_t k, uint64_t *out);
/* MinHash of a shingle set with k hash functions (b-bit: 16 bits kept). */
void lsc__minhash(const uint64_t *sh, size_t n, size_t k, uint16_t *out);
/* The same with another family of hash functions (seed 0 = the one above;
 * the accuracy program uses others to see how much a result depends on
 * the draw). */
void lsc__minhash_seeded(const uint64_t *sh, size_t n, size_t k,
                         uint64_t seed, uint16_t *out);
/* Jaccard of two fingerprints' shingle sets from their sketches: exact
 * when both sets fit LSC__SKETCH_K, else the bottom-k estimate. */
double lsc__sketch_similarity(const lsc_fingerprint *a,
                              const lsc_fingerprint *b);
/* Fraction of equal positions of two signatures of k hashes. */
double lsc__mh_similarity(const uint16_t *a, const uint16_t *b, size_t k);

/* Builds a fingerprint in the arena from words and domains.  chunk_first
 * (may be NULL) receives for each chunk the index of its first word
 * (LSC__FP_MAX_CHUNKS + 1 entries: the last is where the last chunk ends). */
int lsc__fingerprint_build(lsc_fingerprint **out, lsc__arena *ar,
                           const lsc__sim_word *w, size_t n,
                           size_t n_body_from, char *const *domains,
                           size_t n_domains, int64_t time,
                           uint32_t *chunk_first);
/* A copy as one heap block of al (owned). */
int lsc__fingerprint_copy(lsc_fingerprint **out, const lsc__alloc *al,
                          const lsc_fingerprint *fp);
int lsc__fingerprint_decode_al(lsc_fingerprint **out, const lsc__alloc *al,
                               const void *data, size_t len, lsc_error *err);
size_t lsc__fingerprint_encoded_size(const lsc_fingerprint *fp);

/* ---- what the similarity stage found (for rules_history.c) ---- */

typedef struct lsc__sim_domain_count {
    const char *domain;
    size_t count;           /* earlier messages to it in the burst window */
} lsc__sim_domain_count;

typedef struct lsc__sim_facts {
    lsc_fingerprint *fp;        /* this message (in the arena) */
    lsc__sim_word *words;       /* the words it was built from */
    size_t n_words;
    size_t n_subject_words;     /* the first ones, from the subject */
    uint32_t *chunk_first;      /* first word of each chunk */
    int have_history;
    /* template reuse: earlier messages >= LSC__TEMPLATE_SIMILARITY within
     * LSC__TEMPLATE_DAYS */
    size_t n_similar;
    double max_similarity, min_similarity_seen;
    size_t n_same_body;
    char **similar_domains;     /* their recipient domains, unique */
    size_t n_similar_domains;
    /* the nearest earlier message and how this one differs from it */
    int have_nearest;
    double nearest_similarity;
    int64_t nearest_time;
    size_t changed_words;       /* words of this message in chunks the
                                   nearest lacks */
    unsigned char *chunk_changed;  /* per chunk of this message: 1 when
                                      the nearest lacks it */
    /* domain burst: per recipient domain, earlier messages in the window */
    lsc__sim_domain_count *burst;
    size_t n_burst;
} lsc__sim_facts;

/* Thresholds the stage uses to gather facts (rules read them too). */
#define LSC__TEMPLATE_SIMILARITY 0.8
#define LSC__TEMPLATE_DAYS 7
#define LSC__BURST_WINDOW_SECONDS 3600

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

/* The similarity stage's facts of a result, or NULL. */
const lsc__sim_facts *lsc__sim_facts_of(const lsc__ctx *c);

/* The stage: the fingerprint, and the history facts when one is given. */
int lsc__similar_run(lsc__ctx *c);

#endif

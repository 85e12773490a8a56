/*
 * fingerprint.h - the fingerprint of a message, a value type
 * (fingerprint.c, fingerprint_codec.c).
 *
 * A fingerprint keeps no text: a MinHash signature over word shingles,
 * an exact hash of the normalized body, 16-bit hashes of content-defined
 * runs of words ("chunks", for personalization depth), recipient domains
 * and the time.  It knows nothing of the history that stores it
 * (history.h) nor of the stage that builds it (similar.h).
 */
#ifndef LSC_FINGERPRINT_H
#define LSC_FINGERPRINT_H

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

/* ---- fingerprints (fingerprint.c, fingerprint_codec.c) ---- */

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
/* 1 when d (n bytes) may be a fingerprint's domain: 1..253 bytes, no
 * upper case, space or control bytes (the builder and the decoder agree). */
int lsc__fp_domain_ok(const char *d, size_t n);

/* Two messages at least this similar are copies of one template (the
 * stage's rules and the history's stats both count them). */
#define LSC__TEMPLATE_SIMILARITY 0.8

#endif

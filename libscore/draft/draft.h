/*
 * draft.h - what the draft layer keeps to itself (draft.c).
 *
 * The draft API (lsc_draft_mime, lsc_draft_score, lsc_draft_cache) builds
 * the MIME text and hands it to the pipeline with what it already holds
 * (core/result.h: lsc__score_input, base/message.h: lsc__input); no stage
 * below calls back into this folder.
 *
 * Files: draft.c builds the message and scores it; mime_write.c writes
 * header fields, bodies and base64 (RFC 2045/2047/2231); cache.c resolves
 * attachments (bytes or paths) and keeps them in lsc_draft_cache between
 * scorings.  This header is what they share.
 */
#ifndef LSC_DRAFT_H
#define LSC_DRAFT_H

#include "base/engine.h"


/* The message being built: util.c's heap buffer, which keeps a NUL after
 * the text and remembers a failed allocation so writers need not check. */
typedef lsc__hbuf obuf;

static inline void ob_put(obuf *b, const void *p, size_t n)
{
    lsc__hbuf_append(b, p, n);
}

static inline void ob_s(obuf *b, const char *s)
{
    ob_put(b, s, strlen(s));
}

static inline void ob_c(obuf *b, int c)
{
    lsc__hbuf_putc(b, c);
}

typedef struct str {
    const char *p;
    size_t n;
} str;

typedef struct lsc__draft_entry {
    uint64_t hash;
    size_t len;
    char *encoded;             /* b64_size(len) bytes */
    size_t encoded_len;
    unsigned char *data;       /* owned copy (path attachments), or NULL */
    lsc__pin *pin;             /* the decoded bytes, shared with results */
    void *facts;               /* attach.c's blob, or NULL */
    size_t facts_len;
    /* path identity, when the content came from a file */
    char *path;
    uint64_t dev, ino, size;
    int64_t mtime_s, mtime_ns;
    uint64_t used;             /* generation of last use */
} lsc__draft_entry;

struct lsc_draft_cache {
    const lsc_engine *engine;
    lsc__alloc al;
    lsc__draft_entry **entries;
    size_t n, cap, max;
    uint64_t gen;
    uint64_t hits, misses, facts_reused;
    obuf msg;                  /* the message buffer, reused */
    /* The attachments' end of the last message (draft.c, put_tail): the
     * multipart/mixed attachments and the close delimiter, kept in place
     * at wire + tail_pos so that a keystroke rewrites only the head before
     * it.  It stands while the skeleton (the tail without its bodies) and
     * the entries whose bodies fill it are the same. */
    char *wire;
    size_t wire_cap, tail_pos, tail_len;
    obuf skel;
    lsc__draft_entry **tail_ents;
    uint64_t *tail_keys;       /* hash of each tail entry, at the time */
    size_t n_tail, cap_tail;
    /* The html and text stages' part state (base/message.h,
     * lsc__state_cache): at most DRAFT_STATE_ENTRIES blobs. */
    struct lsc__draft_state *states;
    size_t n_states;
    uint64_t state_hits;
};

/* One attachment, resolved: its bytes and, with a cache, its entry. */
typedef struct att {
    const lsc_draft_attachment *a;
    str filename, ctype, cid;
    const unsigned char *data;
    size_t len;
    unsigned char *owned;      /* read from path without a cache */
    uint64_t hash;
    lsc__draft_entry *entry;
    int is_inline;
} att;

void lsc__draft_b64_encode(char *out, const unsigned char *in, size_t n);

size_t lsc__draft_b64_size(size_t n);

char *lsc__draft_clean_header(const lsc__alloc *al, str s);

str lsc__draft_field(const char *p, size_t n);

int lsc__draft_fits_7bit(const char *p, size_t n);

void lsc__draft_normalize_lines(obuf *o, const char *p, size_t n);

void lsc__draft_put_param(obuf *o, const char *name, str v);

void lsc__draft_put_qp(obuf *o, const char *p, size_t n);

const char *lsc__draft_type_for(str name);

int lsc__draft_valid_ctype(str t);

void lsc__draft_write_addresses(obuf *b, const lsc__alloc *al, const char *name,
                                const char *v, size_t n);

void lsc__draft_write_folded(obuf *b, const char *name, const char *v, size_t n);

void lsc__draft_write_unstructured(obuf *b, const lsc__alloc *al,
                                   const char *name, const char *v, size_t n);

void lsc__draft_cache_trim(lsc_draft_cache *c);

/* Frees what the cache keeps of the last message (wire, skeleton). */
void lsc__draft_cache_drop_tail(lsc_draft_cache *c);

/* The cache as the attach stage sees it (base/message.h): one blob per
 * entry, which that stage writes and reads (attach/attach_cache.c). */
void lsc__draft_fact_cache(lsc_draft_cache *c, lsc__fact_cache *fc);

/* The cache as the html and text stages see it (base/message.h). */
void lsc__draft_state_cache(lsc_draft_cache *c, lsc__state_cache *sc);

int lsc__draft_resolve(att *t, const lsc__alloc *al, lsc_draft_cache *cache,
                       lsc_error *err);

#endif

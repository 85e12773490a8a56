/*
 * draft.h - what the draft path (draft.c) tells the pipeline about the
 * message it built, so that stages can reuse work for unchanged
 * attachments while a composer re-scores as the user types.
 *
 * lsc_draft_score builds the MIME text and records, for every attachment,
 * where its encoded body starts in that text, its decoded bytes and its
 * cache entry.  A stage that finds its part in the hints may take the
 * decoded bytes instead of decoding (decode.c) or the facts stored by an
 * earlier scoring instead of computing them (attach.c).  Without a draft
 * (plain lsc_score) c->draft is NULL and every lookup returns NULL, so the
 * stages behave exactly as before; with one, what they produce must be
 * byte-for-byte the same (tests/unit/test_draft.c checks it).
 */
#ifndef LSC_DRAFT_H
#define LSC_DRAFT_H

#include "base/engine.h"

typedef struct lsc__draft_entry lsc__draft_entry;

typedef struct lsc__draft_part {
    size_t body_off;            /* offset of the encoded body in the message */
    size_t body_len;            /* encoded bytes (base64 lines) */
    const unsigned char *data;  /* the decoded bytes, valid during the call */
    size_t data_len;
    uint64_t hash;              /* content hash (lsc__draft_hash) */
    lsc__draft_entry *entry;    /* cache entry, or NULL without a cache */
} lsc__draft_part;

typedef struct lsc__draft_hints {
    const char *msg;            /* the message text being scored */
    size_t msg_len;
    const lsc__draft_part *parts;
    size_t n_parts;
    lsc_draft_cache *cache;     /* NULL without a cache */
} lsc__draft_hints;

/* 64-bit content hash (fast, not cryptographic: keys the cache together
 * with the length). */
uint64_t lsc__draft_hash(const void *p, size_t n);

/* The draft hint for a leaf whose raw body starts at raw, or NULL. */
const lsc__draft_part *lsc__draft_find(const lsc__ctx *c, const char *raw);

/* mime.c: where to go on reading a leaf body that starts at d + pos (of
 * n readable bytes): the start of its last line when the draft built that
 * body (base64 lines, none of which can end an entity, so the lines before
 * the last need no reading), else pos. */
size_t lsc__draft_body_skip(const lsc__ctx *c, const char *d, size_t pos,
                            size_t n);

/* mime.c: the first body the draft built that lies in d[from..n), as
 * [*bs, *be); 0 when there is none.  Such bodies are base64 lines (no NUL,
 * no bare CR, no line over 76) that start and end at line boundaries, so
 * whole-message byte scans may step over them. */
int lsc__draft_body_at(const lsc__ctx *c, const char *d, size_t from,
                       size_t n, size_t *bs, size_t *be);

/* Attachment-stage reuse: an opaque blob that attach.c stored for this
 * content in an earlier scoring (NULL when none), and the call that stores
 * one (copied into the cache; 0 or LSC_ENOMEM).  Blobs are what attach.c
 * chooses to serialize; the cache only keeps bytes keyed on content. */
const void *lsc__draft_facts_get(const lsc__ctx *c, const lsc__draft_part *dp,
                                 size_t *len);
int lsc__draft_facts_put(lsc__ctx *c, const lsc__draft_part *dp,
                         const void *blob, size_t len);

/* attach.c: the content facts of an attachment (kind, real type, archive
 * entries, the flags its bytes gave) from an earlier scoring of the same
 * bytes under the same file name and declared type.  *loaded is 1 when
 * they were filled in (the stage then skips libmagic, libarchive and the
 * Office/PDF scans), 0 when the stage must compute them.  0 or
 * LSC_ENOMEM. */
int lsc__draft_attach_load(lsc__ctx *c, lsc__part *p, int *loaded);
/* ... and, after computing them, keeps them for the next scoring
 * (flags_before: the part's LSC_ATT_* before the content was looked at). */
int lsc__draft_attach_store(lsc__ctx *c, const lsc__part *p,
                            unsigned flags_before);

/* result.c: lsc_score with draft hints (NULL: plain lsc_score). */
int lsc__score_hinted(lsc_result **out, const lsc_engine *e,
                      const void *message, size_t len,
                      const lsc_score_options *so,
                      const lsc__draft_hints *hints, lsc_error *err);

#endif

/*
 * text_cache.c - one part's words and counts kept in the caller's state
 * cache between scorings (base/message.h, lsc__state_cache).
 *
 * Takes: the text of a part, the stage's scratch and word budget, and the
 * pipeline's input.  Gives: the part's lsc__text, from the cache when the
 * same bytes were split before (checked byte for byte: the blob holds
 * them) and the budget left now is at least the words that split pushed
 * (so the budget cannot have run out in it either); else split afresh
 * and, when the budget did not run out, kept for the next scoring.  The
 * words are copied into this result's arena: results never point into
 * the cache.  Without an input or a state cache it is lsc__text_split.
 */
#include "text/text_split.h"

#define TEXT_TAG 0x4c534354u  /* "LSCT" */

/* The words and counts of the blob into out: 1 when loaded, 0 when the
 * blob does not serve (other bytes, too little budget, damaged),
 * LSC_ENOMEM. */
static int load(lsc__ctx *c, const void *blob, size_t blob_len,
                const char *text, size_t len, lsc__text *out, size_t *budget)
{
    lsc__blob_rd r;
    size_t i, n, pushes, used;
    lsc__word *w;
    int nomem = 0;

    if (!lsc__blob_open(&r, blob, blob_len, TEXT_TAG) ||
        !lsc__blob_same(&r, text, len))
        return 0;
    pushes = (size_t)lsc__blob_get_u64(&r);
    used = (size_t)lsc__blob_get_u64(&r);
    n = (size_t)lsc__blob_get_u64(&r);
    if (r.bad || pushes > *budget || used > *budget || n > r.n)
        return 0;
    memset(out, 0, sizeof *out);
    lsc__blob_get(&r, &out->stats, sizeof out->stats);
    w = n ? lsc__arena_alloc(c->ar, n * sizeof *w) : NULL;
    if (n && !w)
        return LSC_ENOMEM;
    for (i = 0; i < n && !r.bad; i++) {
        size_t nl;
        memset(&w[i], 0, sizeof w[i]);
        w[i].start = (size_t)lsc__blob_get_u64(&r);
        w[i].end = (size_t)lsc__blob_get_u64(&r);
        w[i].flags = lsc__blob_get_u32(&r);
        w[i].id = lsc__blob_get_u32(&r);
        w[i].norm = lsc__blob_get_strdup(&r, c->ar, &nl, &nomem);
        w[i].norm_len = (uint32_t)nl;
        if (nomem)
            return LSC_ENOMEM;
    }
    if (r.bad) {
        memset(out, 0, sizeof *out);
        return 0;
    }
    out->words = w;
    out->n_words = n;
    *budget -= used;
    return 1;
}

static int store(const lsc__state_cache *sc, const lsc_engine *e,
                 uint64_t hash, const char *text, size_t len,
                 const lsc__text *t, size_t pushes, size_t used)
{
    lsc__hbuf b;
    size_t i;
    int rc;
    lsc__hbuf_init(&b, &e->al);
    lsc__blob_u32(&b, TEXT_TAG);
    lsc__blob_mem(&b, text, len);
    lsc__blob_u64(&b, pushes);
    lsc__blob_u64(&b, used);
    lsc__blob_u64(&b, t->n_words);
    lsc__hbuf_append(&b, &t->stats, sizeof t->stats);
    for (i = 0; i < t->n_words; i++) {
        const lsc__word *w = &t->words[i];
        lsc__blob_u64(&b, w->start);
        lsc__blob_u64(&b, w->end);
        lsc__blob_u32(&b, w->flags);
        lsc__blob_u32(&b, w->id);
        lsc__blob_mem(&b, w->norm, w->norm_len);
    }
    if (b.failed) {
        lsc__hbuf_free(&b);
        return LSC_ENOMEM;
    }
    rc = sc->put(sc->self, LSC__STATE_TEXT, hash, len, b.p, b.len);
    lsc__hbuf_free(&b);
    return rc;
}

int lsc__text_split_cached(lsc__ctx *c, lsc__text_scratch *s,
                           const char *text, size_t len, lsc__text *out,
                           size_t *budget, int *limited)
{
    const lsc__state_cache *sc = c->input ? c->input->state : NULL;
    const void *blob;
    size_t blob_len = 0, before = *budget;
    uint64_t hash;
    int rc;
    if (!sc || !text)
        return lsc__text_split(s, c->ar, text, len, out, budget, limited, 0);
    hash = lsc__hash_bytes(text, len);
    blob = sc->get(sc->self, LSC__STATE_TEXT, hash, len, &blob_len);
    if (blob) {
        rc = load(c, blob, blob_len, text, len, out, budget);
        if (rc != 0)
            return rc < 0 ? rc : 0;
    }
    s->pushes = 0;
    rc = lsc__text_split(s, c->ar, text, len, out, budget, limited, 0);
    if (rc != 0 || *limited)
        return rc;
    return store(sc, c->eng, hash, text, len, out, s->pushes, before - *budget);
}

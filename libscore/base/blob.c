/*
 * blob.c - flat blobs for the caches a caller keeps between scorings
 * (internal.h, lsc__blob_*).
 *
 * Takes: numbers and strings to write into a heap buffer, or a blob to
 * read back.  Gives: the blob, or its values with a "bad" flag for a blob
 * that ends early (a reader then computes afresh).  Used by the attach
 * stage's facts (attach/attach_cache.c) and the html and text stages'
 * part state (html/html_cache.c, text/text_cache.c).
 */
#include "base/internal.h"

void lsc__blob_u32(lsc__hbuf *b, uint32_t v)
{
    lsc__hbuf_append(b, &v, sizeof v);
}

void lsc__blob_u64(lsc__hbuf *b, uint64_t v)
{
    lsc__hbuf_append(b, &v, sizeof v);
}

void lsc__blob_mem(lsc__hbuf *b, const void *p, size_t n)
{
    lsc__blob_u32(b, p ? (uint32_t)(n + 1) : 0);
    if (p && n)
        lsc__hbuf_append(b, p, n);
}

void lsc__blob_str(lsc__hbuf *b, const char *s)
{
    lsc__blob_mem(b, s, s ? strlen(s) : 0);
}

int lsc__blob_open(lsc__blob_rd *r, const void *blob, size_t n, uint32_t tag)
{
    memset(r, 0, sizeof *r);
    r->p = blob;
    r->n = n;
    return lsc__blob_get_u32(r) == tag && !r->bad;
}

int lsc__blob_same(lsc__blob_rd *r, const void *p, size_t n)
{
    size_t got;
    const char *s = lsc__blob_get_str(r, &got);
    return s && got == n && memcmp(s, p, n) == 0;
}

void lsc__blob_get(lsc__blob_rd *r, void *v, size_t n)
{
    memset(v, 0, n);
    if (r->bad || r->n - r->at < n) {
        r->bad = 1;
        return;
    }
    memcpy(v, r->p + r->at, n);
    r->at += n;
}

uint32_t lsc__blob_get_u32(lsc__blob_rd *r)
{
    uint32_t v;
    lsc__blob_get(r, &v, sizeof v);
    return v;
}

uint64_t lsc__blob_get_u64(lsc__blob_rd *r)
{
    uint64_t v;
    lsc__blob_get(r, &v, sizeof v);
    return v;
}

const char *lsc__blob_get_str(lsc__blob_rd *r, size_t *len)
{
    uint32_t v = lsc__blob_get_u32(r);
    const char *s;
    *len = 0;
    if (r->bad || v == 0)
        return NULL;
    if (r->n - r->at < (size_t)v - 1) {
        r->bad = 1;
        return NULL;
    }
    s = (const char *)r->p + r->at;
    r->at += v - 1;
    *len = v - 1;
    return s;
}

char *lsc__blob_get_strdup(lsc__blob_rd *r, lsc__arena *ar, size_t *len,
                           int *nomem)
{
    size_t n;
    const char *s = lsc__blob_get_str(r, &n);
    char *d;
    if (len)
        *len = n;
    if (!s)
        return NULL;
    d = lsc__arena_strndup(ar, s, n);
    if (!d)
        *nomem = 1;
    return d;
}

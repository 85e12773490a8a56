/*
 * attach_cache.c - the attach stage's facts about one attachment's bytes,
 * kept in the caller's fact cache between scorings.
 *
 * Takes: a part the stage has named and typed, and the pipeline's input
 * (base/message.h: the bodies the caller already holds and its fact
 * cache).  Gives: the content facts (kind, real type, archive entries,
 * the flags its bytes gave) from an earlier scoring of the same bytes
 * under the same file name and declared type, so that the stage skips
 * libmagic, libarchive and the Office/PDF scans; and, after computing
 * them, a blob of them for the next scoring.  The cache only keeps bytes
 * per slot; what the blob holds is this file's business.  Without an
 * input or a cache both calls do nothing.
 */
#include "attach/attach_scan.h"

/* ---- attachment facts, serialized (base/blob.c) ---- */

#define FACTS_TAG 0x4c534341u  /* "LSCA" */

static int str_same(const char *blob, size_t n, const char *s)
{
    if (!blob || !s)
        return !blob && !s;
    return strlen(s) == n && memcmp(blob, s, n) == 0;
}

/* The known body of this part when a cache can hold its facts, or NULL. */
static const lsc__known_body *cached_body(const lsc__ctx *c,
                                          const lsc__part *p)
{
    const lsc__known_body *kb = lsc__known_body_find(c->input, p->raw);
    if (!kb || !kb->slot || !c->input->cache || !p->pub.body ||
        p->pub.body_bytes != kb->data_len)
        return NULL;
    return kb;
}

int lsc__attach_facts_load(lsc__ctx *c, lsc__part *p, int *loaded)
{
    const lsc__known_body *kb = cached_body(c, p);
    const void *blob;
    size_t blob_len = 0;
    lsc__attach *a = &p->attach;
    const char *fn, *dt, *rt;
    size_t fnl, dtl, rtl, i, n;
    uint32_t kind, flags;
    uint64_t abytes;
    char *real = NULL;
    lsc__blob_rd r;

    *loaded = 0;
    if (!kb)
        return 0;
    blob = c->input->cache->get(c->input->cache->self, kb->slot, &blob_len);
    if (!blob)
        return 0;
    if (!lsc__blob_open(&r, blob, blob_len, FACTS_TAG))
        return 0;
    fn = lsc__blob_get_str(&r, &fnl);
    dt = lsc__blob_get_str(&r, &dtl);
    /* the archive paths start with the file name, and the type checks
     * read the declared type: facts are reused only under the same ones */
    if (r.bad || !str_same(fn, fnl, p->pub.filename) ||
        !str_same(dt, dtl, a->pub.declared_type))
        return 0;
    kind = lsc__blob_get_u32(&r);
    rt = lsc__blob_get_str(&r, &rtl);
    flags = lsc__blob_get_u32(&r);
    abytes = lsc__blob_get_u64(&r);
    n = (size_t)lsc__blob_get_u64(&r);
    if (r.bad || kind >= LSC__KIND_COUNT)
        return 0;
    if (rt) {
        real = lsc__arena_strndup(c->ar, rt, rtl);
        if (!real)
            return LSC_ENOMEM;
    }
    lsc__vec_init(&a->entries, sizeof(lsc_archive_entry));
    for (i = 0; i < n; i++) {
        lsc_archive_entry *e;
        const char *nm, *pa;
        size_t nml, pal;
        nm = lsc__blob_get_str(&r, &nml);
        pa = lsc__blob_get_str(&r, &pal);
        if (r.bad)
            return 0;   /* a damaged blob: compute afresh */
        e = lsc__vec_push(&a->entries, c->ar);
        if (!e)
            return LSC_ENOMEM;
        e->name = nm ? lsc__arena_strndup(c->ar, nm, nml) : NULL;
        e->path = pa ? lsc__arena_strndup(c->ar, pa, pal) : NULL;
        if ((nm && !e->name) || (pa && !e->path))
            return LSC_ENOMEM;
        e->size = lsc__blob_get_u64(&r);
        e->depth = lsc__blob_get_u32(&r);
        e->parent = (size_t)lsc__blob_get_u64(&r);
        e->flags = lsc__blob_get_u32(&r);
    }
    if (r.bad)
        return 0;
    a->kind = (lsc__kind)kind;
    a->pub.real_type = real;
    a->pub.flags |= flags;
    a->pub.archive_bytes = abytes;
    if (n) {
        a->pub.entries = a->entries.items;
        a->pub.n_entries = a->entries.n;
    }
    *loaded = 1;
    c->input->cache->reused(c->input->cache->self);
    return 0;
}

int lsc__attach_facts_store(lsc__ctx *c, const lsc__part *p,
                            unsigned flags_before)
{
    const lsc__known_body *kb = cached_body(c, p);
    const lsc__attach *a = &p->attach;
    lsc__hbuf b;
    size_t i;
    int rc;
    if (!kb)
        return 0;
    lsc__hbuf_init(&b, &c->eng->al);
    lsc__blob_u32(&b, FACTS_TAG);
    lsc__blob_str(&b, p->pub.filename);
    lsc__blob_str(&b, a->pub.declared_type);
    lsc__blob_u32(&b, (uint32_t)a->kind);
    lsc__blob_str(&b, a->pub.real_type);
    lsc__blob_u32(&b, a->pub.flags & ~flags_before);
    lsc__blob_u64(&b, a->pub.archive_bytes);
    lsc__blob_u64(&b, a->pub.n_entries);
    for (i = 0; i < a->pub.n_entries; i++) {
        const lsc_archive_entry *e = &a->pub.entries[i];
        lsc__blob_str(&b, e->name);
        lsc__blob_str(&b, e->path);
        lsc__blob_u64(&b, e->size);
        lsc__blob_u32(&b, e->depth);
        lsc__blob_u64(&b, e->parent);
        lsc__blob_u32(&b, e->flags);
    }
    if (b.failed) {
        lsc__hbuf_free(&b);
        return LSC_ENOMEM;
    }
    rc = c->input->cache->put(c->input->cache->self, kb->slot, b.p, b.len);
    lsc__hbuf_free(&b);
    return rc;
}

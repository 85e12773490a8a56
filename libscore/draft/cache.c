/*
 * cache.c - the attachments of a draft and lsc_draft_cache.
 *
 * Takes: the caller's attachments (bytes, or a path read here) and
 * optionally a caller-owned cache.  Gives: each attachment's bytes and,
 * with a cache, its entry: per content (64-bit hash + length) the encoded
 * body and the attach stage's blob (through the fact cache of
 * base/message.h, lsc__draft_fact_cache), and per path the file's identity
 * (device, inode, size, mtime) so an unchanged file is not read again.
 * The cache holds at most max_entries contents (least recently used go,
 * never one the scoring in progress uses).
 */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include "draft/draft.h"

#define DRAFT_DEFAULT_CACHE_ENTRIES 64
/* Part states kept (a draft has a few text parts; room for the last
 * versions of each), and the largest blob kept. */
#define DRAFT_STATE_ENTRIES 16
#define DRAFT_STATE_MAX_BLOB ((size_t)64 << 20)

typedef struct lsc__draft_state {
    unsigned kind;
    uint64_t hash;
    size_t len;
    void *blob;
    size_t blob_len;
    uint64_t used;             /* generation of last use */
} lsc__draft_state;

static void entry_free(const lsc__alloc *al, lsc__draft_entry *e)
{
    if (!e)
        return;
    lsc__free(al, e->encoded);
    lsc__pin_drop(e->pin);
    lsc__free(al, e->data);
    lsc__free(al, e->facts);
    lsc__free(al, e->path);
    lsc__free(al, e);
}

int lsc_draft_cache_new(lsc_draft_cache **out, const lsc_engine *engine,
                        size_t max_entries, lsc_error *err)
{
    lsc_draft_cache *c;
    if (!out)
        return lsc__error(err, LSC_EINVAL, "lsc_draft_cache_new",
                          "out is NULL");
    *out = NULL;
    if (!engine)
        return lsc__error(err, LSC_EINVAL, "lsc_draft_cache_new",
                          "engine is NULL");
    c = lsc__calloc(&engine->al, 1, sizeof *c);
    if (!c)
        return lsc__error(err, LSC_ENOMEM, "lsc_draft_cache_new",
                          "out of memory");
    c->engine = engine;
    c->al = engine->al;
    c->max = max_entries ? max_entries : DRAFT_DEFAULT_CACHE_ENTRIES;
    c->msg.al = &c->al;
    c->skel.al = &c->al;
    *out = c;
    return 0;
}

void lsc_draft_cache_free(lsc_draft_cache *c)
{
    size_t i;
    lsc__alloc al;
    if (!c)
        return;
    al = c->al;
    for (i = 0; i < c->n; i++)
        entry_free(&al, c->entries[i]);
    lsc__free(&al, c->entries);
    lsc__free(&al, c->msg.p);
    lsc__draft_cache_drop_tail(c);
    lsc__free(&al, c->tail_ents);
    lsc__free(&al, c->tail_keys);
    for (i = 0; c->states && i < DRAFT_STATE_ENTRIES; i++)
        lsc__free(&al, c->states[i].blob);
    lsc__free(&al, c->states);
    lsc__free(&al, c);
}

void lsc_draft_cache_stats(const lsc_draft_cache *c, uint64_t *hits,
                           uint64_t *misses, uint64_t *facts_reused)
{
    if (facts_reused)
        *facts_reused = c ? c->facts_reused : 0;
    if (hits)
        *hits = c ? c->hits : 0;
    if (misses)
        *misses = c ? c->misses : 0;
}

void lsc__draft_cache_drop_tail(lsc_draft_cache *c)
{
    lsc__free(&c->al, c->wire);
    c->wire = NULL;
    c->wire_cap = c->tail_pos = c->tail_len = 0;
    lsc__free(&c->al, c->skel.p);
    memset(&c->skel, 0, sizeof c->skel);
    c->skel.al = &c->al;
    c->n_tail = 0;
}

/* Drops the least recently used entries beyond the cap, never one used by
 * the scoring in progress (generation gen). */
void lsc__draft_cache_trim(lsc_draft_cache *c)
{
    while (c->n > c->max) {
        size_t i, old = LSC__NONE;
        for (i = 0; i < c->n; i++)
            if (c->entries[i]->used != c->gen &&
                (old == LSC__NONE || c->entries[i]->used < c->entries[old]->used))
                old = i;
        if (old == LSC__NONE)
            return;
        for (i = 0; i < c->n_tail; i++)
            if (c->tail_ents[i] == c->entries[old])
                c->n_tail = 0;    /* the kept tail no longer stands */
        entry_free(&c->al, c->entries[old]);
        c->entries[old] = c->entries[--c->n];
    }
}

static int cache_add(lsc_draft_cache *c, lsc__draft_entry *e)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 8;
        lsc__draft_entry **ne =
            lsc__realloc(&c->al, c->entries, cap * sizeof *ne);
        if (!ne)
            return LSC_ENOMEM;
        c->entries = ne;
        c->cap = cap;
    }
    c->entries[c->n++] = e;
    return 0;
}

/* The cache as the attach stage sees it (base/message.h): one blob per
 * entry, which that stage writes and reads (attach/attach_cache.c). */
static const void *facts_get(void *self, void *slot, size_t *len)
{
    const lsc__draft_entry *e = slot;
    (void)self;
    if (!e->facts)
        return NULL;
    *len = e->facts_len;
    return e->facts;
}

static int facts_put(void *self, void *slot, const void *blob, size_t len)
{
    lsc_draft_cache *c = self;
    lsc__draft_entry *e = slot;
    void *copy = lsc__malloc(&c->al, len ? len : 1);
    if (!copy)
        return LSC_ENOMEM;
    if (len)
        memcpy(copy, blob, len);
    lsc__free(&c->al, e->facts);
    e->facts = copy;
    e->facts_len = len;
    return 0;
}

static void facts_reused(void *self)
{
    lsc_draft_cache *c = self;
    c->facts_reused++;
}


static int read_file(const lsc__alloc *al, const char *path,
                     unsigned char **out, size_t *len, struct stat *st,
                     lsc_error *err)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf;
    size_t n, got;
    if (!f)
        return lsc__error(err, errno == ENOENT ? LSC_ENOTFOUND : LSC_EIO,
                          path, "cannot open attachment: %s", strerror(errno));
    if (fstat(fileno(f), st) != 0 || !S_ISREG(st->st_mode)) {
        fclose(f);
        return lsc__error(err, LSC_EIO, path,
                          "attachment is not a regular file");
    }
    n = (size_t)st->st_size;
    buf = lsc__malloc(al, n ? n : 1);
    if (!buf) {
        fclose(f);
        return lsc__error(err, LSC_ENOMEM, path, "out of memory");
    }
    got = n ? fread(buf, 1, n, f) : 0;
    fclose(f);
    if (got != n) {
        lsc__free(al, buf);
        return lsc__error(err, LSC_EIO, path, "short read of attachment");
    }
    *out = buf;
    *len = n;
    return 0;
}

static int same_file(const lsc__draft_entry *e, const char *path,
                     const struct stat *st)
{
    return e->path && strcmp(e->path, path) == 0 &&
           e->dev == (uint64_t)st->st_dev && e->ino == (uint64_t)st->st_ino &&
           e->size == (uint64_t)st->st_size &&
           e->mtime_s == (int64_t)st->st_mtim.tv_sec &&
           e->mtime_ns == (int64_t)st->st_mtim.tv_nsec;
}

/* Keeps a file's path and identity in its entry, so that an unchanged
 * file is not read again.  0 or LSC_ENOMEM. */
static int remember_file(lsc__draft_entry *e, const lsc__alloc *al,
                         const char *path, const struct stat *st)
{
    e->path = lsc__strdup(al, path);
    if (!e->path)
        return LSC_ENOMEM;
    e->dev = (uint64_t)st->st_dev;
    e->ino = (uint64_t)st->st_ino;
    e->size = (uint64_t)st->st_size;
    e->mtime_s = (int64_t)st->st_mtim.tv_sec;
    e->mtime_ns = (int64_t)st->st_mtim.tv_nsec;
    return 0;
}

int lsc__draft_resolve(att *t, const lsc__alloc *al, lsc_draft_cache *cache,
                   lsc_error *err)
{
    const lsc_draft_attachment *a = t->a;
    struct stat st;
    size_t i;
    int rc;

    memset(&st, 0, sizeof st);
    if (!a->data && !a->path)
        return lsc__error(err, LSC_EINVAL, "lsc_draft_attachment",
                          "attachment without data or path");
    if (a->data) {
        t->data = a->data;
        t->len = a->data_len;
        t->hash = lsc__hash_bytes(t->data, t->len);
    } else {
        /* a path: an unchanged file (same identity) is not read again */
        if (cache && stat(a->path, &st) == 0) {
            for (i = 0; i < cache->n; i++) {
                lsc__draft_entry *e = cache->entries[i];
                if (same_file(e, a->path, &st) && e->data) {
                    t->entry = e;
                    t->data = e->data;
                    t->len = e->len;
                    t->hash = e->hash;
                    e->used = cache->gen;
                    cache->hits++;
                    return 0;
                }
            }
        }
        rc = read_file(al, a->path, &t->owned, &t->len, &st, err);
        if (rc != 0)
            return rc;
        t->data = t->owned;
        t->hash = lsc__hash_bytes(t->data, t->len);
    }
    if (!cache)
        return 0;
    for (i = 0; i < cache->n; i++) {
        lsc__draft_entry *e = cache->entries[i];
        if (e->hash == t->hash && e->len == t->len) {
            t->entry = e;
            e->used = cache->gen;
            cache->hits++;
            if (!a->data && !e->data) {
                /* keep the file's bytes so the next call need not read */
                e->data = t->owned;
                t->owned = NULL;
            }
            if (!a->data && !e->path && remember_file(e, al, a->path, &st))
                return lsc__error(err, LSC_ENOMEM, "lsc_draft_score",
                                  "out of memory");
            if (e->data)
                t->data = e->data;
            return 0;
        }
    }
    {
        lsc__draft_entry *e = lsc__calloc(al, 1, sizeof *e);
        if (!e)
            return lsc__error(err, LSC_ENOMEM, "lsc_draft_score",
                              "out of memory");
        e->hash = t->hash;
        e->len = t->len;
        e->used = cache->gen;
        e->encoded_len = lsc__draft_b64_size(t->len);
        e->encoded = lsc__malloc(al, e->encoded_len + 1);
        /* one copy of the bytes that every result of this cache holds
         * instead of copying them (mime/decode.c) */
        e->pin = e->encoded ? lsc__pin_new(al, t->data, t->len) : NULL;
        if (!e->pin || cache_add(cache, e) != 0) {
            entry_free(al, e);
            return lsc__error(err, LSC_ENOMEM, "lsc_draft_score",
                              "out of memory");
        }
        lsc__draft_b64_encode(e->encoded, t->data, t->len);
        if (!a->data) {
            e->data = t->owned;
            t->owned = NULL;
            if (remember_file(e, al, a->path, &st))
                return lsc__error(err, LSC_ENOMEM, "lsc_draft_score",
                                  "out of memory");
        }
        t->entry = e;
        cache->misses++;
    }
    return 0;
}

void lsc__draft_fact_cache(lsc_draft_cache *c, lsc__fact_cache *fc)
{
    fc->self = c;
    fc->get = facts_get;
    fc->put = facts_put;
    fc->reused = facts_reused;
}

/* ---- the html and text stages' part state ---- */

static const void *state_get(void *self, unsigned kind, uint64_t hash,
                             size_t len, size_t *blob_len)
{
    lsc_draft_cache *c = self;
    size_t i;
    for (i = 0; c->states && i < DRAFT_STATE_ENTRIES; i++) {
        lsc__draft_state *st = &c->states[i];
        if (st->blob && st->kind == kind && st->hash == hash && st->len == len) {
            st->used = c->gen;
            c->state_hits++;
            *blob_len = st->blob_len;
            return st->blob;
        }
    }
    return NULL;
}

/* Replaces the entry of the same key, else an empty one, else the least
 * recently used. */
static int state_put(void *self, unsigned kind, uint64_t hash, size_t len,
                     const void *blob, size_t blob_len)
{
    lsc_draft_cache *c = self;
    lsc__draft_state *st = NULL;
    void *copy;
    size_t i;
    if (blob_len > DRAFT_STATE_MAX_BLOB)
        return 0;
    if (!c->states) {
        c->states = lsc__calloc(&c->al, DRAFT_STATE_ENTRIES, sizeof *c->states);
        if (!c->states)
            return LSC_ENOMEM;
    }
    for (i = 0; i < DRAFT_STATE_ENTRIES && !st; i++)
        if (c->states[i].blob && c->states[i].kind == kind &&
            c->states[i].hash == hash && c->states[i].len == len)
            st = &c->states[i];
    for (i = 0; i < DRAFT_STATE_ENTRIES && !st; i++)
        if (!c->states[i].blob)
            st = &c->states[i];
    if (!st) {
        st = &c->states[0];
        for (i = 1; i < DRAFT_STATE_ENTRIES; i++)
            if (c->states[i].used < st->used)
                st = &c->states[i];
    }
    copy = lsc__malloc(&c->al, blob_len ? blob_len : 1);
    if (!copy)
        return LSC_ENOMEM;
    memcpy(copy, blob, blob_len);
    lsc__free(&c->al, st->blob);
    st->blob = copy;
    st->blob_len = blob_len;
    st->kind = kind;
    st->hash = hash;
    st->len = len;
    st->used = c->gen;
    return 0;
}

void lsc__draft_state_cache(lsc_draft_cache *c, lsc__state_cache *sc)
{
    sc->self = c;
    sc->get = state_get;
    sc->put = state_put;
}

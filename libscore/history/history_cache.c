/*
 * history_cache.c - decoded entries a store met lately: a direct-mapped
 * table of LSC__FP_CACHE_SLOTS slots by id (history_cache.h).
 *
 * Takes: ids with their encoded fingerprints.  Gives: the decoded ones
 * back while their slot holds them.  Memory comes from malloc (like the
 * stores' own: SQLite and libpq do not use the history's allocator
 * either); a failure only means a miss.
 */
#include <stdlib.h>

#include "history/history_cache.h"

typedef struct slot {
    int64_t id, time;
    lsc_fingerprint *fp;    /* NULL: empty */
} slot;

struct lsc__fp_cache {
    slot s[LSC__FP_CACHE_SLOTS];
};

static size_t slot_of(int64_t id)
{
    return (size_t)lsc__hash64(&id, sizeof id, 11) &
           (LSC__FP_CACHE_SLOTS - 1);
}

lsc__fp_cache *lsc__fp_cache_new(void)
{
    return calloc(1, sizeof(lsc__fp_cache));
}

void lsc__fp_cache_free(lsc__fp_cache *c)
{
    size_t i;
    if (!c)
        return;
    for (i = 0; i < LSC__FP_CACHE_SLOTS; i++)
        lsc_fingerprint_free(c->s[i].fp);
    free(c);
}

const lsc_fingerprint *lsc__fp_cache_find(const lsc__fp_cache *c, int64_t id,
                                          int64_t *time)
{
    const slot *sl;
    if (!c)
        return NULL;
    sl = &c->s[slot_of(id)];
    if (!sl->fp || sl->id != id)
        return NULL;
    *time = sl->time;
    return sl->fp;
}

const lsc_fingerprint *lsc__fp_cache_put(lsc__fp_cache *c, int64_t id,
                                         int64_t time, const void *blob,
                                         size_t len)
{
    lsc_fingerprint *fp = NULL;
    lsc__alloc al;
    slot *sl;
    if (!c || !blob || !len)
        return NULL;
    lsc__alloc_init(&al, NULL);
    if (lsc__fingerprint_decode_al(&fp, &al, blob, len, NULL) != 0)
        return NULL;
    sl = &c->s[slot_of(id)];
    lsc_fingerprint_free(sl->fp);
    sl->id = id;
    sl->time = time;
    sl->fp = fp;
    return fp;
}

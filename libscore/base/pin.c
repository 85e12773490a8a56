/*
 * pin.c - bytes shared by a cache and the results made from it (internal.h,
 * lsc__pin).
 *
 * Takes: bytes to copy once.  Gives: an immutable copy with a count of
 * holders, freed with the allocator it came from when the last holder
 * lets go.  A draft cache keeps an attachment's bytes in one, so that each
 * re-score's result can hold them instead of copying megabytes into its
 * arena (mime/decode.c), and the result stays valid after the cache is
 * freed.  The count is atomic: one thread may free a result while another
 * scores through the cache.
 */
#include <stdatomic.h>

#include "base/engine.h"

struct lsc__pin {
    atomic_size_t refs;
    lsc__alloc al;
    size_t len;
    unsigned char data[];
};

/* One holder of a pin, in the holding result's arena. */
struct lsc__pin_ref {
    lsc__pin *pin;
    struct lsc__pin_ref *next;
};

lsc__pin *lsc__pin_new(const lsc__alloc *al, const void *data, size_t n)
{
    lsc__pin *p;
    if (n > SIZE_MAX - sizeof *p - 1)
        return NULL;
    p = lsc__malloc(al, sizeof *p + n + 1);
    if (!p)
        return NULL;
    atomic_init(&p->refs, 1);
    p->al = *al;
    p->len = n;
    if (n)
        memcpy(p->data, data, n);
    p->data[n] = '\0';
    return p;
}

const unsigned char *lsc__pin_data(const lsc__pin *p)
{
    return p->data;
}

size_t lsc__pin_len(const lsc__pin *p)
{
    return p->len;
}

void lsc__pin_drop(lsc__pin *p)
{
    lsc__alloc al;
    if (!p || atomic_fetch_sub(&p->refs, 1) != 1)
        return;
    al = p->al;
    lsc__free(&al, p);
}

int lsc__result_hold(lsc_result *r, lsc__pin *p)
{
    struct lsc__pin_ref *ref = lsc__arena_alloc(&r->ar, sizeof *ref);
    if (!ref)
        return LSC_ENOMEM;
    atomic_fetch_add(&p->refs, 1);
    ref->pin = p;
    ref->next = r->pins;
    r->pins = ref;
    return 0;
}

void lsc__result_drop_pins(lsc_result *r)
{
    struct lsc__pin_ref *ref;
    for (ref = r->pins; ref; ref = ref->next)
        lsc__pin_drop(ref->pin);
    r->pins = NULL;
}

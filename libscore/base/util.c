/*
 * util.c - allocation, the result arena, buffers, arrays and error helpers.
 *
 * Takes: the engine's allocator.  Gives: memory that is freed all at once
 * with the result, and the lsc_error plumbing.  No stage allocates any
 * other way, so the out-of-memory tests see every allocation.
 */
#include <stdio.h>
#include <stdlib.h>

#include "base/internal.h"

static void *std_malloc(void *ud, size_t n)
{
    (void)ud;
    return malloc(n);
}

static void *std_realloc(void *ud, void *p, size_t n)
{
    (void)ud;
    return realloc(p, n);
}

static void std_free(void *ud, void *p)
{
    (void)ud;
    free(p);
}

void lsc__alloc_init(lsc__alloc *al, const lsc_allocator *user)
{
    if (user && user->malloc_fn && user->realloc_fn && user->free_fn) {
        al->a = *user;
        return;
    }
    al->a.malloc_fn = std_malloc;
    al->a.realloc_fn = std_realloc;
    al->a.free_fn = std_free;
    al->a.ud = NULL;
}

void *lsc__malloc(const lsc__alloc *al, size_t n)
{
    return al->a.malloc_fn(al->a.ud, n ? n : 1);
}

void *lsc__calloc(const lsc__alloc *al, size_t n, size_t size)
{
    void *p;
    if (size && n > SIZE_MAX / size)
        return NULL;
    p = lsc__malloc(al, n * size);
    if (p)
        memset(p, 0, (n * size) != 0 ? n * size : 1);
    return p;
}

void *lsc__realloc(const lsc__alloc *al, void *p, size_t n)
{
    return al->a.realloc_fn(al->a.ud, p, n ? n : 1);
}

void lsc__free(const lsc__alloc *al, void *p)
{
    if (p)
        al->a.free_fn(al->a.ud, p);
}

char *lsc__strdup(const lsc__alloc *al, const char *s)
{
    size_t n = strlen(s);
    char *d = lsc__malloc(al, n + 1);
    if (d)
        memcpy(d, s, n + 1);
    return d;
}

/* ---- arena ---- */

/* Big enough that a typical message needs a handful of blocks. */
/* make oom builds with a tiny block (-DLSC__ARENA_BLOCK_BYTES=64) so that
 * nearly every arena allocation is an allocator call the out-of-memory
 * walk can fail: every stage's NULL check gets exercised. */
#ifdef LSC__ARENA_BLOCK_BYTES
#define ARENA_BLOCK_BYTES ((size_t)LSC__ARENA_BLOCK_BYTES)
#else
#define ARENA_BLOCK_BYTES ((size_t)32 * 1024)
#endif
#define ARENA_ALIGN 16

struct lsc__arena_block {
    lsc__arena_block *next;
    size_t used, cap;
    /* data follows, aligned */
};

#define BLOCK_HEADER \
    ((sizeof(lsc__arena_block) + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1))

void lsc__arena_init(lsc__arena *ar, const lsc__alloc *al)
{
    ar->al = al;
    ar->head = NULL;
    ar->total = 0;
}

void lsc__arena_free(lsc__arena *ar)
{
    lsc__arena_block *b = ar->head;
    while (b) {
        lsc__arena_block *next = b->next;
        lsc__free(ar->al, b);
        b = next;
    }
    ar->head = NULL;
    ar->total = 0;
}

void *lsc__arena_alloc(lsc__arena *ar, size_t n)
{
    lsc__arena_block *b = ar->head;
    size_t need;
    if (n > SIZE_MAX / 2)
        return NULL;
    need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (need == 0)
        need = ARENA_ALIGN;
    if (!b || b->cap - b->used < need) {
        size_t cap = need > ARENA_BLOCK_BYTES / 4 ? need : ARENA_BLOCK_BYTES;
        lsc__arena_block *nb = lsc__malloc(ar->al, BLOCK_HEADER + cap);
        if (!nb)
            return NULL;
        nb->used = 0;
        nb->cap = cap;
        ar->total += BLOCK_HEADER + cap;
        if (b && cap != ARENA_BLOCK_BYTES && b->cap - b->used > need) {
            /* A big one-off allocation: keep filling the current block. */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            ar->head = nb;
        }
        nb->used = need;
        return (char *)nb + BLOCK_HEADER;
    }
    {
        void *p = (char *)b + BLOCK_HEADER + b->used;
        b->used += need;
        return p;
    }
}

void *lsc__arena_zalloc(lsc__arena *ar, size_t n)
{
    void *p = lsc__arena_alloc(ar, n);
    if (p)
        memset(p, 0, n);
    return p;
}

char *lsc__arena_strndup(lsc__arena *ar, const char *s, size_t n)
{
    char *d = lsc__arena_alloc(ar, n + 1);
    if (!d)
        return NULL;
    if (n)
        memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *lsc__arena_strdup(lsc__arena *ar, const char *s)
{
    return lsc__arena_strndup(ar, s, strlen(s));
}

char *lsc__arena_vprintf(lsc__arena *ar, const char *fmt, va_list ap)
{
    va_list aq;
    int n;
    char *d, small[256];
    /* most texts (explanations, evidence) fit a small buffer: one
     * formatting pass, then a copy; a longer one is formatted again */
    va_copy(aq, ap);
    n = vsnprintf(small, sizeof small, fmt, aq);
    va_end(aq);
    if (n < 0)
        return NULL;
    d = lsc__arena_alloc(ar, (size_t)n + 1);
    if (!d)
        return NULL;
    if ((size_t)n < sizeof small)
        memcpy(d, small, (size_t)n + 1);
    else
        vsnprintf(d, (size_t)n + 1, fmt, ap);
    return d;
}

char *lsc__arena_printf(lsc__arena *ar, const char *fmt, ...)
{
    va_list ap;
    char *d;
    va_start(ap, fmt);
    d = lsc__arena_vprintf(ar, fmt, ap);
    va_end(ap);
    return d;
}

/* ---- arena buffer ---- */

void lsc__buf_init(lsc__buf *b, lsc__arena *ar)
{
    b->ar = ar;
    b->p = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}

/* The capacity a buffer of cap bytes holding len grows to for extra more
 * and a NUL (doubling from first), or 0 when that would overflow. */
static size_t grown_cap(size_t cap, size_t len, size_t extra, size_t first)
{
    if (extra > SIZE_MAX / 4 - len)
        return 0;
    cap = cap ? cap * 2 : first;
    while (cap - len <= extra)
        cap *= 2;
    return cap;
}

int lsc__buf_reserve(lsc__buf *b, size_t extra)
{
    size_t cap;
    char *np;
    if (b->failed)
        return LSC_ENOMEM;
    if (b->cap - b->len > extra)
        return 0;
    cap = grown_cap(b->cap, b->len, extra, 64);
    np = cap ? lsc__arena_alloc(b->ar, cap) : NULL;
    if (!np) {
        b->failed = 1;
        return LSC_ENOMEM;
    }
    if (b->len)
        memcpy(np, b->p, b->len);
    b->p = np;
    b->cap = cap;
    return 0;
}

int lsc__buf_append_slow(lsc__buf *b, const void *p, size_t n)
{
    if (lsc__buf_reserve(b, n) != 0)
        return LSC_ENOMEM;
    if (n)
        memcpy(b->p + b->len, p, n);
    b->len += n;
    return 0;
}

int lsc__buf_putc_slow(lsc__buf *b, int c)
{
    if (lsc__buf_reserve(b, 1) != 0)
        return LSC_ENOMEM;
    b->p[b->len++] = (char)c;
    return 0;
}

char *lsc__buf_finish(lsc__buf *b)
{
    if (lsc__buf_reserve(b, 1) != 0)
        return NULL;
    b->p[b->len] = '\0';
    return b->p;
}

/* ---- arena array ---- */

void lsc__vec_init(lsc__vec *v, size_t item_size)
{
    v->items = NULL;
    v->n = v->cap = 0;
    v->size = item_size;
}

void *lsc__vec_push(lsc__vec *v, lsc__arena *ar)
{
    void *item;
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 8;
        void *ni;
        if (cap > SIZE_MAX / 4 / v->size)
            return NULL;
        ni = lsc__arena_alloc(ar, cap * v->size);
        if (!ni)
            return NULL;
        if (v->n)
            memcpy(ni, v->items, v->n * v->size);
        v->items = ni;
        v->cap = cap;
    }
    item = (char *)v->items + v->n * v->size;
    memset(item, 0, v->size);
    v->n++;
    return item;
}

/* ---- heap buffer ---- */

void lsc__hbuf_init(lsc__hbuf *b, const lsc__alloc *al)
{
    b->al = al;
    b->p = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}

int lsc__hbuf_reserve(lsc__hbuf *b, size_t extra)
{
    size_t cap;
    char *np;
    if (b->failed)
        return LSC_ENOMEM;
    if (b->cap - b->len > extra)
        return 0;
    cap = grown_cap(b->cap, b->len, extra, 256);
    np = cap ? lsc__realloc(b->al, b->p, cap) : NULL;
    if (!np) {
        b->failed = 1;
        return LSC_ENOMEM;
    }
    b->p = np;
    b->cap = cap;
    return 0;
}

int lsc__hbuf_append(lsc__hbuf *b, const void *p, size_t n)
{
    if (lsc__hbuf_reserve(b, n) != 0)
        return LSC_ENOMEM;
    if (n)
        memcpy(b->p + b->len, p, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

int lsc__hbuf_putc(lsc__hbuf *b, int c)
{
    char ch = (char)c;
    return lsc__hbuf_append(b, &ch, 1);
}

void lsc__hbuf_free(lsc__hbuf *b)
{
    lsc__free(b->al, b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

/* ---- caller-owned strings ---- */

typedef union string_head {
    lsc__alloc al;
    max_align_t align;
} string_head;

char *lsc__string_new(const lsc__alloc *al, const char *p, size_t n)
{
    string_head *h;
    char *s;
    if (n > SIZE_MAX - sizeof *h - 1)
        return NULL;
    h = lsc__malloc(al, sizeof *h + n + 1);
    if (!h)
        return NULL;
    h->al = *al;
    s = (char *)(h + 1);
    if (n)
        memcpy(s, p, n);
    s[n] = '\0';
    return s;
}

void lsc_string_free(char *s)
{
    string_head *h;
    lsc__alloc al;
    if (!s)
        return;
    h = (string_head *)s - 1;
    al = h->al;
    lsc__free(&al, h);
}

/* ---- errors ---- */

static void fill_error(lsc_error *err, int code, const char *source, int line,
                       int column, const char *fmt, va_list ap)
{
    /* Format into local copies first: wrapping a lower error passes
     * err->message (or err->source) as an argument, and an overlapping
     * snprintf is undefined (valgrind found it in history.c). */
    char src[sizeof err->source], msg[sizeof err->message];
    snprintf(src, sizeof src, "%s", source ? source : "");
    vsnprintf(msg, sizeof msg, fmt, ap);
    err->code = code;
    err->line = line;
    err->column = column;
    memcpy(err->source, src, sizeof src);
    memcpy(err->message, msg, sizeof msg);
}

int lsc__error(lsc_error *err, int code, const char *source, const char *fmt,
               ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        fill_error(err, code, source, 0, 0, fmt, ap);
        va_end(ap);
    }
    return code;
}

int lsc__error_at(lsc_error *err, int code, const char *source, int line,
                  int column, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        fill_error(err, code, source, line, column, fmt, ap);
        va_end(ap);
    }
    return code;
}

/* ---- strings ---- */

#define lower_ascii lsc__lower_ascii

/* The rest of lsc__casecmp and lsc__ncasecmp (internal.h) after a first
 * byte that matched. */
int lsc__casecmp_slow(const char *a, const char *b)
{
    for (;; a++, b++) {
        int ca = lower_ascii((unsigned char)*a), cb = lower_ascii((unsigned char)*b);
        if (ca != cb || !ca)
            return ca - cb;
    }
}

int lsc__ncasecmp_slow(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        int ca = lower_ascii((unsigned char)*a), cb = lower_ascii((unsigned char)*b);
        if (ca != cb || !ca)
            return ca - cb;
    }
    return 0;
}

static int key_cmp(const void *key, const void *item)
{
    return strcmp((const char *)key, *(const char *const *)item);
}

int lsc__in_sorted(const char *key, const char *const *list, size_t n)
{
    return bsearch(key, list, n, sizeof *list, key_cmp) != NULL;
}

int lsc__memcaseeq(const char *p, size_t n, const char *s)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (!s[i] || lower_ascii((unsigned char)p[i]) != lower_ascii((unsigned char)s[i]))
            return 0;
    }
    return s[n] == '\0';
}

void lsc__lower(char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        s[i] = (char)lower_ascii((unsigned char)s[i]);
}

int lsc__hexval(int ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

size_t lsc__utf8_char(const unsigned char *p, size_t n, unsigned *cp)
{
    unsigned c = p[0], v;
    size_t len, i;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, v = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, v = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, v = c & 0x07;
    else
        return 0;
    if (n < len)
        return 0;
    for (i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (p[i] & 0x3F);
    }
    if ((len == 3 && (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))) ||
        (len == 4 && (v < 0x10000 || v > 0x10FFFF)))
        return 0;
    *cp = v;
    return len;
}

/*
 * internal.h - what every stage shares: allocation through the engine's
 * allocator, the per-result arena, growable buffers and arrays, errors.
 *
 * Everything a result owns lives in its arena, so freeing a result is one
 * walk over a list of blocks and no stage has to free what it made.  An
 * allocation that fails returns NULL; the caller returns LSC_ENOMEM.
 */
#ifndef LSC_INTERNAL_H
#define LSC_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "libscore.h"

#define LSC__UNUSED(x) ((void)(x))
#define LSC__MIN(a, b) ((a) < (b) ? (a) : (b))
#define LSC__MAX(a, b) ((a) > (b) ? (a) : (b))
#define LSC__COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define LSC__NONE ((size_t)-1)

/* ---- allocation through the engine's allocator ---- */

typedef struct lsc__alloc {
    lsc_allocator a;  /* never NULL members: defaults filled in */
} lsc__alloc;

void lsc__alloc_init(lsc__alloc *al, const lsc_allocator *user);
void *lsc__malloc(const lsc__alloc *al, size_t n);
void *lsc__calloc(const lsc__alloc *al, size_t n, size_t size);
void *lsc__realloc(const lsc__alloc *al, void *p, size_t n);
void lsc__free(const lsc__alloc *al, void *p);
char *lsc__strdup(const lsc__alloc *al, const char *s);

/* ---- arena: a result's memory ---- */

typedef struct lsc__arena_block lsc__arena_block;

typedef struct lsc__arena {
    const lsc__alloc *al;
    lsc__arena_block *head;
    size_t total;      /* bytes obtained from the allocator */
} lsc__arena;

void lsc__arena_init(lsc__arena *ar, const lsc__alloc *al);
void lsc__arena_free(lsc__arena *ar);
/* 16-byte aligned; NULL when the allocator fails (or n is absurd). */
void *lsc__arena_alloc(lsc__arena *ar, size_t n);
void *lsc__arena_zalloc(lsc__arena *ar, size_t n);
/* Copies n bytes and appends a NUL. */
char *lsc__arena_strndup(lsc__arena *ar, const char *s, size_t n);
char *lsc__arena_strdup(lsc__arena *ar, const char *s);
/* printf into the arena. */
char *lsc__arena_printf(lsc__arena *ar, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
char *lsc__arena_vprintf(lsc__arena *ar, const char *fmt, va_list ap);

/* ---- growable byte buffer in the arena ---- */

typedef struct lsc__buf {
    lsc__arena *ar;
    char *p;
    size_t len, cap;
    int failed;        /* an append ran out of memory */
} lsc__buf;

void lsc__buf_init(lsc__buf *b, lsc__arena *ar);
int lsc__buf_reserve(lsc__buf *b, size_t extra);
int lsc__buf_append_slow(lsc__buf *b, const void *p, size_t n);
/* n bytes: inline while there is room, else through lsc__buf_reserve. */
static inline int lsc__buf_append(lsc__buf *b, const void *p, size_t n)
{
    if (!b->failed && b->cap - b->len > n) {
        if (n)
            memcpy(b->p + b->len, p, n);
        b->len += n;
        return 0;
    }
    return lsc__buf_append_slow(b, p, n);
}
int lsc__buf_putc_slow(lsc__buf *b, int c);
/* One byte: inline while there is room (the text stages put bytes one at
 * a time), else through lsc__buf_reserve. */
static inline int lsc__buf_putc(lsc__buf *b, int c)
{
    if (!b->failed && b->cap - b->len > 1) {
        b->p[b->len++] = (char)c;
        return 0;
    }
    return lsc__buf_putc_slow(b, c);
}
/* Appends a NUL (not counted in len) and returns the string, or NULL. */
char *lsc__buf_finish(lsc__buf *b);

/* ---- growable array in the arena ---- */

typedef struct lsc__vec {
    void *items;
    size_t n, cap;
    size_t size;       /* bytes per item */
} lsc__vec;

void lsc__vec_init(lsc__vec *v, size_t item_size);
/* Returns a zeroed new item at the end, or NULL. */
void *lsc__vec_push(lsc__vec *v, lsc__arena *ar);
#define LSC__VEC_AT(v, type, i) (((type *)(v)->items)[i])

/* ---- growable heap buffer (engine-lifetime or scratch, not arena) ---- */

typedef struct lsc__hbuf {
    const lsc__alloc *al;
    char *p;
    size_t len, cap;
    int failed;
} lsc__hbuf;

void lsc__hbuf_init(lsc__hbuf *b, const lsc__alloc *al);
/* Room for extra more bytes and a NUL after them. */
int lsc__hbuf_reserve(lsc__hbuf *b, size_t extra);
int lsc__hbuf_append(lsc__hbuf *b, const void *p, size_t n);
int lsc__hbuf_putc(lsc__hbuf *b, int c);
void lsc__hbuf_free(lsc__hbuf *b);

/* ---- bytes shared by a cache and its results (base/pin.c) ----
 * An immutable copy with a count of holders (atomic): the creator holds
 * it once, lsc__pin_drop lets go, the last one frees it. */
typedef struct lsc__pin lsc__pin;
lsc__pin *lsc__pin_new(const lsc__alloc *al, const void *data, size_t n);
const unsigned char *lsc__pin_data(const lsc__pin *p);
size_t lsc__pin_len(const lsc__pin *p);
void lsc__pin_drop(lsc__pin *p);   /* NULL is fine */

/* ---- flat blobs a cache keeps between scorings (base/blob.c) ----
 * Only ever read back by the library that wrote them, in the same
 * process: native byte order.  A string is a 32-bit length + 1 (0 for
 * NULL) and its bytes.  A writer's failure shows in b->failed; a reader
 * past the end sets bad and reads zeros. */
void lsc__blob_u32(lsc__hbuf *b, uint32_t v);
void lsc__blob_u64(lsc__hbuf *b, uint64_t v);
void lsc__blob_str(lsc__hbuf *b, const char *s);
void lsc__blob_mem(lsc__hbuf *b, const void *p, size_t n);

typedef struct lsc__blob_rd {
    const unsigned char *p;
    size_t n, at;
    int bad;
} lsc__blob_rd;

/* Starts reading blob (n bytes): 1 when it opens with tag, else 0. */
int lsc__blob_open(lsc__blob_rd *r, const void *blob, size_t n, uint32_t tag);
/* 1 when the blob's next string is exactly p[0..n) (the bytes it was
 * computed from), else 0. */
int lsc__blob_same(lsc__blob_rd *r, const void *p, size_t n);
void lsc__blob_get(lsc__blob_rd *r, void *v, size_t n);
uint32_t lsc__blob_get_u32(lsc__blob_rd *r);
uint64_t lsc__blob_get_u64(lsc__blob_rd *r);
/* A string of the blob, borrowed (not NUL-terminated): *len, or NULL. */
const char *lsc__blob_get_str(lsc__blob_rd *r, size_t *len);
/* The string as an arena copy with a NUL (NULL stays NULL); *nomem on
 * failure. */
char *lsc__blob_get_strdup(lsc__blob_rd *r, struct lsc__arena *ar,
                           size_t *len, int *nomem);

/* ---- strings handed to the caller ---- */

/* A copy of p[0..n) with a NUL, remembering its allocator so that
 * lsc_string_free() can give it back the same way. */
char *lsc__string_new(const lsc__alloc *al, const char *p, size_t n);

/* ---- errors ---- */

/* Fills err (if not NULL) and returns code. */
int lsc__error(lsc_error *err, int code, const char *source, const char *fmt,
               ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
int lsc__error_at(lsc_error *err, int code, const char *source, int line,
                  int column, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* ---- small string helpers ---- */

int lsc__casecmp_slow(const char *a, const char *b);
int lsc__ncasecmp_slow(const char *a, const char *b, size_t n);
static inline int lsc__lower_ascii(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}
/* Most compares of the rules' scans end at the first byte: that one is
 * decided here, in the caller, without a call (about a million calls a
 * thousand messages). */
static inline int lsc__casecmp(const char *a, const char *b)
{
    int ca = lsc__lower_ascii((unsigned char)*a), cb = lsc__lower_ascii((unsigned char)*b);
    return ca != cb || !ca ? ca - cb : lsc__casecmp_slow(a + 1, b + 1);
}
static inline int lsc__ncasecmp(const char *a, const char *b, size_t n)
{
    int ca, cb;
    if (!n)
        return 0;
    ca = lsc__lower_ascii((unsigned char)*a);
    cb = lsc__lower_ascii((unsigned char)*b);
    return ca != cb || !ca ? ca - cb : lsc__ncasecmp_slow(a + 1, b + 1, n - 1);
}
/* Case-insensitive compare of a pointer+length with a C string. */
int lsc__memcaseeq(const char *p, size_t n, const char *s);
/* Whether key is one of list[0..n), which is sorted by strcmp (bsearch). */
int lsc__in_sorted(const char *key, const char *const *list, size_t n);

/* ---- libraries loaded when first needed (dl.c) ---- */

/* A handle to the first of sonames (NULL-ended) that loads, or NULL. */
void *lsc__dl_open(const char *const *sonames);
/* The address of a function of dl, or NULL. */
void *lsc__dl_sym(void *dl, const char *name);
void lsc__dl_close(void *dl);

/* An API struct holds one pointer per function, named as the function:
 * LIST(LSC__DL_MEMBER) declares them; LIST(LSC__DL_SET), expanded where
 * api_ (the struct's address), dl_ (the handle) and missing_ (a const
 * char *, NULL before) are in scope, fills them and leaves in missing_
 * the first name the library lacks.  (POSIX makes a dlsym address a
 * function's; memcpy carries it into the typed pointer.) */
#define LSC__DL_MEMBER(f) __typeof__(f) *f;
#define LSC__DL_SET(f)                                                  \
    {                                                                   \
        void *a_ = lsc__dl_sym(dl_, #f);                                \
        memcpy(&api_->f, &a_, sizeof a_);                               \
        if (!a_ && !missing_)                                           \
            missing_ = #f;                                              \
    }
void lsc__lower(char *s, size_t n);
/* The value of one hex digit (either case), or -1. */
int lsc__hexval(int ch);

/* ---- classes of ASCII bytes (ascii.c) ---- */

#define LSC__CH_ALPHA  0x01u    /* A-Z a-z */
#define LSC__CH_DIGIT  0x02u    /* 0-9 */
#define LSC__CH_HYPHEN 0x04u    /* - */
#define LSC__CH_USCORE 0x08u    /* _ */
#define LSC__CH_DOT    0x10u    /* . */
#define LSC__CH_AT     0x20u    /* @ */
#define LSC__CH_PATH   0x40u    /* % & + / : = (inside a URL or path) */
extern const unsigned char lsc__ascii_bits[256];
/* Whether byte ch has any of the LSC__CH_* bits in bits. */
#define LSC__CH(ch, bits) \
    ((lsc__ascii_bits[(unsigned char)(ch)] & (bits)) != 0)

/* ---- eight bytes at a time ---- */

/* The high bit of each of eight bytes: a word of text with none set is
 * ASCII. */
#define LSC__HIGH_BITS 0x8080808080808080ULL
/* Non-zero exactly when one of the eight bytes of x is c, for scans that
 * step over text holding none of a few bytes. */
static inline uint64_t lsc__has_byte(uint64_t x, unsigned char c)
{
    uint64_t y = x ^ (0x0101010101010101ULL * c);
    return (y - 0x0101010101010101ULL) & ~y & LSC__HIGH_BITS;
}
/* The high bit of each byte of x that is c, exactly (lsc__has_byte's
 * test can also mark bytes above a true one: enough for a yes or no, not
 * for where). */
static inline uint64_t lsc__bytes_eq(uint64_t x, unsigned char c)
{
    uint64_t y = x ^ (0x0101010101010101ULL * c);
    return ~(((y & 0x7f7f7f7f7f7f7f7fULL) + 0x7f7f7f7f7f7f7f7fULL) | y |
             0x7f7f7f7f7f7f7f7fULL);
}
/* The high bit of each byte of x that lies in [lo, hi]; every byte of x
 * must be ASCII (below 0x80), so that no sum carries into the next. */
static inline uint64_t lsc__bytes_in(uint64_t x, unsigned char lo,
                                     unsigned char hi)
{
    return (x + 0x0101010101010101ULL * (0x80u - lo)) &
           ~(x + 0x0101010101010101ULL * (0x7fu - hi)) & LSC__HIGH_BITS;
}
/* The high bit of each of the eight bytes of x that has one of the
 * LSC__CH_* bits (LSC__CH_PATH aside), read on the low seven bits only:
 * a byte past ASCII may be marked too, so a caller clears those with x's
 * own high bits.  bits is a constant at every call, so the tests it does
 * not ask for fall away. */
static inline uint64_t lsc__ch_mask7(uint64_t x, unsigned bits)
{
    uint64_t a = x & ~LSC__HIGH_BITS, in = 0;
    if (bits & LSC__CH_ALPHA)
        in |= lsc__bytes_in(a | 0x2020202020202020ULL, 'a', 'z');
    if (bits & LSC__CH_DIGIT)
        in |= lsc__bytes_in(a, '0', '9');
    if (bits & LSC__CH_HYPHEN)
        in |= lsc__bytes_in(a, '-', '-');
    if (bits & LSC__CH_USCORE)
        in |= lsc__bytes_in(a, '_', '_');
    if (bits & LSC__CH_DOT)
        in |= lsc__bytes_in(a, '.', '.');
    if (bits & LSC__CH_AT)
        in |= lsc__bytes_in(a, '@', '@');
    return in;
}
/* Where the run of bytes with one of the LSC__CH_* bits that starts at
 * t[i] ends (n at most; the text is t[0..n)): a word stepped over whole.
 * Stepping a word a byte at a time costs a mispredicted branch where it
 * ends, most words end within eight bytes, so eight are tested at once
 * and the first that stops the run is told by counting zero bits (little
 * endian only; LSC__CH_PATH is not among the bits).  The last eight
 * bytes of the text are read from t + n - 8 and shifted down, the bytes
 * past n coming in as 0, which stops every run. */
static inline size_t lsc__ch_run(const char *t, size_t i, size_t n,
                                 unsigned bits)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (!(bits & LSC__CH_PATH) && n >= 8)
        for (; i < n; i += 8) {
            uint64_t x, other;
            if (i + 8 <= n) {
                memcpy(&x, t + i, 8);
            } else {
                memcpy(&x, t + n - 8, 8);
                x >>= 8 * (i + 8 - n);
            }
            other = (x | ~lsc__ch_mask7(x, bits)) & LSC__HIGH_BITS;
            if (other)
                return i + (size_t)__builtin_ctzll(other) / 8;
        }
#endif
    while (i < n && LSC__CH(t[i], bits))
        i++;
    return i;
}
/* How many bytes at p (n in all) are ASCII before the first that is not
 * (once per line of text and per text decoded: inline). */
static inline size_t lsc__ascii_run(const char *p, size_t n)
{
    const unsigned char *in = (const unsigned char *)p;
    size_t i = 0;
    uint64_t x;
    /* eight bytes at a time while no high bit is set */
    while (i + 8 <= n) {
        memcpy(&x, in + i, 8);
        if (x & LSC__HIGH_BITS)
            break;
        i += 8;
    }
    while (i < n && in[i] < 0x80)
        i++;
    return i;
}

/* ---- content hash ---- */

/* 64-bit hash of n bytes (xxHash64, seed 0): fast, not cryptographic.
 * Keys caches of content together with the length (draft/cache.c). */
uint64_t lsc__hash_bytes(const void *p, size_t n);
/* Length (1-4) of the well-formed UTF-8 character at p (n bytes left),
 * with its code point in *cp; 0 when the bytes there are ill-formed. */
size_t lsc__utf8_char(const unsigned char *p, size_t n, unsigned *cp);

#endif

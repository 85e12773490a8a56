/*
 * standin.c - long text and attribute values given to libxml2 as a mark,
 * and put back where the parser hands the mark over.
 *
 * Takes: from prune.c, stretches of character data and quoted attribute
 * values that libxml2 would copy as written; from html.c, the character
 * data and attribute values the SAX callbacks receive.
 * Gives: lsc__standin_add(), the six bytes to write in a stretch's place;
 * lsc__standin_text() and lsc__standin_value(), the callbacks' bytes with
 * every mark replaced by what it stands for.
 *
 * libxml2 2.9 reads character data and attribute values a character at a
 * time: it decodes each UTF-8 sequence, checks it, copies it into a buffer
 * and moves its line and column counters, about a hundred instructions a
 * byte, and an HTML mail is half text.  A mark is two characters: U+FDD0,
 * a noncharacter no mail is written in (a part that holds one gets no
 * marks, lsc__standin_usable), then a private-use character U+E000 + k
 * for the k-th stretch.  Both are characters libxml2 copies as they are,
 * neither a blank nor '<' nor '&', so the parser decides everything as it
 * would on the stretch itself; html.c sees the stretch's own bytes.
 * Limits: LSC__STANDIN_MAX stretches a part (then the rest is left as
 * written).
 */
#include "html/html_parse.h"
#include "mime/mime.h"

/* U+FDD0 */
static const char lead[3] = { '\xEF', '\xB7', '\x90' };

typedef struct span {
    uint32_t at, len;    /* in sv->bytes; a NUL follows each */
} span;

void lsc__standins_init(lsc__standins *sv, const lsc__alloc *al)
{
    memset(sv, 0, sizeof *sv);
    sv->al = al;
}

void lsc__standins_free(lsc__standins *sv)
{
    lsc__free(sv->al, sv->bytes);
    lsc__free(sv->al, sv->spans);
    sv->bytes = NULL;
    sv->spans = NULL;
    sv->n = sv->cap = sv->used = sv->room = 0;
}

int lsc__standin_usable(const char *s, size_t n)
{
    const char *p = s, *end = s + n;
    while (end - p >= 3 && (p = memchr(p, lead[0], (size_t)(end - p - 2))) != NULL) {
        if (p[1] == lead[1] && p[2] == lead[2])
            return 0;
        p++;
    }
    return 1;
}

int lsc__standin_copied(const char *s, size_t n)
{
    const unsigned char *t = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned char c = t[i];
        size_t k, bad;
        if (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, t + i, 8);
            /* eight bytes of ASCII from ' ' on: nothing to check */
            if (!(w & LSC__HIGH_BITS) && !lsc__bytes_in(w, 0, 0x1f)) {
                i += 8;
                continue;
            }
        }
        if (c < 0x80) {
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                return 0;
            i++;
            continue;
        }
        k = lsc__utf8_seq(t + i, n - i, &bad);
        if (!k)
            return -1;
        /* U+FFFE, U+FFFF */
        if (k == 3 && c == 0xEF && t[i + 1] == 0xBF && t[i + 2] >= 0xBE)
            return 0;
        i += k;
    }
    return 1;
}

int lsc__standin_add(lsc__standins *sv, const char *s, size_t n,
                     char mark[LSC__STANDIN_LEN])
{
    span *sp;
    if (sv->n >= LSC__STANDIN_MAX || n > UINT32_MAX - 1 - sv->used)
        return 1;
    if (sv->n == sv->cap) {
        size_t cap = sv->cap ? sv->cap * 2 : 64;
        void *q = lsc__realloc(sv->al, sv->spans, cap * sizeof(span));
        if (!q)
            return LSC_ENOMEM;
        sv->spans = q;
        sv->cap = cap;
    }
    if (sv->used + n + 1 > sv->room) {
        size_t room = LSC__MAX(sv->room * 2, sv->used + n + 1);
        char *q = lsc__realloc(sv->al, sv->bytes, LSC__MAX(room, (size_t)4096));
        if (!q)
            return LSC_ENOMEM;
        sv->bytes = q;
        sv->room = LSC__MAX(room, (size_t)4096);
    }
    sp = (span *)sv->spans + sv->n;
    sp->at = (uint32_t)sv->used;
    sp->len = (uint32_t)n;
    memcpy(sv->bytes + sv->used, s, n);
    sv->bytes[sv->used + n] = '\0';
    sv->used += n + 1;
    memcpy(mark, lead, 3);
    lsc__utf8_encode(0xE000u + (uint32_t)sv->n++, mark + 3);
    return 0;
}

/* The stretch the mark at m (its U+FDD0 found, end past the text) stands
 * for, or NULL when what follows U+FDD0 is no mark of this part. */
static const span *mark_at(const lsc__standins *sv, const char *m,
                           const char *end)
{
    const unsigned char *u = (const unsigned char *)m;
    uint32_t cp;
    if (end - m < LSC__STANDIN_LEN || memcmp(m, lead, 3) != 0 ||
        (u[3] & 0xF0) != 0xE0 || (u[4] & 0xC0) != 0x80 || (u[5] & 0xC0) != 0x80)
        return NULL;
    cp = ((uint32_t)(u[3] & 0x0F) << 12) | ((uint32_t)(u[4] & 0x3F) << 6) |
         (u[5] & 0x3F);
    if (cp < 0xE000 || cp - 0xE000 >= sv->n)
        return NULL;
    return (const span *)sv->spans + (cp - 0xE000);
}

const char *lsc__standin_text(const lsc__standins *sv, lsc__hbuf *back,
                              const char *t, size_t n, size_t *out_n)
{
    const char *p = t, *end = t + n, *m = t;
    *out_n = n;
    if (!sv->n)
        return t;
    back->len = 0;
    while (end - m >= LSC__STANDIN_LEN &&
           (m = memchr(m, lead[0], (size_t)(end - m))) != NULL) {
        const span *sp = mark_at(sv, m, end);
        if (!sp) {
            m++;
            continue;
        }
        if (lsc__hbuf_append(back, p, (size_t)(m - p)) != 0 ||
            lsc__hbuf_append(back, sv->bytes + sp->at, sp->len) != 0)
            return NULL;
        p = m += LSC__STANDIN_LEN;
    }
    if (p == t)
        return t;
    if (lsc__hbuf_append(back, p, (size_t)(end - p)) != 0)
        return NULL;
    *out_n = back->len;
    return back->p;
}

const char *lsc__standin_value(const lsc__standins *sv, const char *v)
{
    const span *sp;
    if (!sv->n || (unsigned char)v[0] != 0xEF)
        return v;
    sp = mark_at(sv, v, v + strnlen(v, LSC__STANDIN_LEN + 1));
    return sp && v[LSC__STANDIN_LEN] == '\0' ? sv->bytes + sp->at : v;
}

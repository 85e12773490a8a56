/*
 * draft.c - scores a composer's draft given as pieces.
 *
 * Takes: an lsc_draft (headers, text, HTML, attachments as bytes or paths)
 * and optionally a caller-owned lsc_draft_cache.  Gives: the MIME message
 * the composer would send (lsc_draft_mime) and its score (lsc_draft_score),
 * which is lsc_score() of that very text, so the two paths cannot drift.
 *
 * The MIME written is RFC 5322 / 2045 / 2046 / 2047 / 2231: CRLF line ends,
 * header lines folded at 78 where there is a space, non-ASCII unstructured
 * headers and display names as UTF-8 B encoded-words of at most 75
 * characters, text bodies 7bit when they are short-lined ASCII and
 * quoted-printable otherwise, attachments base64 in 76-character lines,
 * non-ASCII or long file names as RFC 2231 extended parameters, boundaries
 * of the form "=_lsc..." (which base64 and quoted-printable can never
 * contain; 7bit bodies are checked and the boundary changed if one does).
 *
 * The cache keeps, per attachment content (64-bit hash + length), the
 * encoded body and the blob the attachment stage stored (through the fact
 * cache of base/message.h; attach/attach_cache.c writes it), and per
 * path the file's identity (device, inode, size, mtime) so an unchanged
 * file is not even read again.  Limits: DRAFT_MAX_ATTACHMENTS attachments
 * and DRAFT_MAX_HEADERS extra headers per draft (LSC_EINVAL beyond), and
 * the cache holds at most max_entries contents (least recently used go).
 */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include "draft/draft.h"
#include "core/result.h"

#define DRAFT_MAX_ATTACHMENTS 1000   /* below LSC_DEFAULT_MAX_PARTS */
#define DRAFT_MAX_HEADERS 200
#define DRAFT_DEFAULT_CACHE_ENTRIES 64
#define FOLD_AT 76                   /* RFC 2047 2 for lines with encoded-words;
                                        RFC 5322 2.1.1 asks 78 */
#define LINE_MAX_7BIT 998            /* RFC 5322 2.1.1 "MUST" */
#define EW_MAX_BYTES 45              /* 60 base64 chars: 75-char encoded-word */
#define PARAM_CHUNK 60               /* RFC 2231 continuation size */
#define MAX_BOUNDARY_TRIES 64

/* ------------------------------------------------------------------ */
/* hash                                                                */
/* ------------------------------------------------------------------ */

/* xxHash64's round and avalanche (public domain algorithm by Yann Collet):
 * ~10 GB/s here, so hashing a 5 MB attachment costs about half a ms. */
#define P1 0x9E3779B185EBCA87ULL
#define P2 0xC2B2AE3D27D4EB4FULL
#define P3 0x165667B19E3779F9ULL
#define P4 0x85EBCA77C2B2AE63ULL
#define P5 0x27D4EB2F165667C5ULL

static uint64_t rotl64(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

static uint64_t rd64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static uint32_t rd32(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static uint64_t xround(uint64_t acc, uint64_t in)
{
    acc += in * P2;
    acc = rotl64(acc, 31);
    return acc * P1;
}

static uint64_t xmerge(uint64_t acc, uint64_t v)
{
    acc ^= xround(0, v);
    return acc * P1 + P4;
}

uint64_t lsc__draft_hash(const void *data, size_t n)
{
    const unsigned char *p = data, *end = p + n;
    uint64_t h;
    if (n >= 32) {
        const unsigned char *limit = end - 32;
        uint64_t v1 = P1 + P2, v2 = P2, v3 = 0, v4 = (uint64_t)0 - P1;
        do {
            v1 = xround(v1, rd64(p));
            v2 = xround(v2, rd64(p + 8));
            v3 = xround(v3, rd64(p + 16));
            v4 = xround(v4, rd64(p + 24));
            p += 32;
        } while (p <= limit);
        h = rotl64(v1, 1) + rotl64(v2, 7) + rotl64(v3, 12) + rotl64(v4, 18);
        h = xmerge(h, v1);
        h = xmerge(h, v2);
        h = xmerge(h, v3);
        h = xmerge(h, v4);
    } else {
        h = P5;
    }
    h += (uint64_t)n;
    while (p + 8 <= end) {
        h ^= xround(0, rd64(p));
        h = rotl64(h, 27) * P1 + P4;
        p += 8;
    }
    if (p + 4 <= end) {
        h ^= (uint64_t)rd32(p) * P1;
        h = rotl64(h, 23) * P2 + P3;
        p += 4;
    }
    while (p < end) {
        h ^= (*p) * P5;
        h = rotl64(h, 11) * P1;
        p++;
    }
    h ^= h >> 33;
    h *= P2;
    h ^= h >> 29;
    h *= P3;
    h ^= h >> 32;
    return h;
}

/* ------------------------------------------------------------------ */
/* output buffer                                                       */
/* ------------------------------------------------------------------ */

/* The message being built: util.c's heap buffer, which keeps a NUL after
 * the text and remembers a failed allocation so writers need not check. */
typedef lsc__hbuf obuf;

static void ob_put(obuf *b, const void *p, size_t n)
{
    lsc__hbuf_append(b, p, n);
}

static void ob_s(obuf *b, const char *s)
{
    ob_put(b, s, strlen(s));
}

static void ob_c(obuf *b, int c)
{
    lsc__hbuf_putc(b, c);
}

static const char hexdig[] = "0123456789ABCDEF";

/* ------------------------------------------------------------------ */
/* pieces                                                              */
/* ------------------------------------------------------------------ */

typedef struct str {
    const char *p;
    size_t n;
} str;

static str field(const char *p, size_t n)
{
    str s;
    s.p = p;
    s.n = p ? (n == LSC_NTS ? strlen(p) : n) : 0;
    return s;
}

static int is_ascii(const char *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if ((unsigned char)p[i] >= 0x80)
            return 0;
    return 1;
}

/* A header value: CR and LF become spaces (no header injection). */
static char *clean_header(const lsc__alloc *al, str s)
{
    char *out = lsc__malloc(al, s.n + 1);
    size_t i;
    if (!out)
        return NULL;
    for (i = 0; i < s.n; i++)
        out[i] = (s.p[i] == '\r' || s.p[i] == '\n' || s.p[i] == '\0')
                     ? ' ' : s.p[i];
    out[s.n] = '\0';
    return out;
}

/* Writes "Name: value" folded before spaces so lines stay within FOLD_AT
 * where the words allow; unfolding gives back value exactly. */
static void write_folded(obuf *b, const char *name, const char *v, size_t n)
{
    size_t line = strlen(name) + 1, i = 0;
    int first = 1;
    if (!v) /* an address list that encoded to nothing: NULL + 0 is UB */
        v = "";
    ob_s(b, name);
    ob_c(b, ':');
    while (i <= n) {
        size_t j = i;
        while (j < n && v[j] != ' ')
            j++;
        /* the word v[i..j) comes after one space (the original one, or
         * the one after the colon for the first word) */
        if (!first && j > i && line + 1 + (j - i) > FOLD_AT) {
            ob_put(b, "\r\n", 2);
            line = 0;
        }
        ob_c(b, ' ');
        ob_put(b, v + i, j - i);
        line += 1 + (j - i);
        first = 0;
        if (j >= n)
            break;
        i = j + 1;
    }
    ob_put(b, "\r\n", 2);
}

/* Writes a field built in scratch buffer tmp folded into b, and frees tmp
 * (its failure is b's). */
static void folded_from(obuf *b, const char *name, obuf *tmp)
{
    if (tmp->failed)
        b->failed = 1;
    else
        write_folded(b, name, tmp->p, tmp->len);
    lsc__free(tmp->al, tmp->p);
}

/* Appends UTF-8 B encoded-words for s, space separated, each at most 75
 * characters and never splitting a character. */
static void put_encoded_words(obuf *b, const char *s, size_t n,
                              size_t first_max)
{
    static const char b64[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i = 0;
    int first = 1;
    while (i < n) {
        size_t take = LSC__MIN(first ? first_max : EW_MAX_BYTES, n - i), k;
        if (i + take < n) {
            size_t back = take;
            while (back > 0 && back > take - 3 &&
                   ((unsigned char)s[i + back] & 0xC0) == 0x80)
                back--;
            if (back > 0)
                take = back;
        }
        if (!first)
            ob_c(b, ' ');
        first = 0;
        ob_s(b, "=?UTF-8?B?");
        for (k = 0; k < take; k += 3) {
            unsigned v = (unsigned char)s[i + k] << 16;
            size_t left = take - k;
            char q[4];
            if (left > 1)
                v |= (unsigned char)s[i + k + 1] << 8;
            if (left > 2)
                v |= (unsigned char)s[i + k + 2];
            q[0] = b64[(v >> 18) & 63];
            q[1] = b64[(v >> 12) & 63];
            q[2] = left > 1 ? b64[(v >> 6) & 63] : '=';
            q[3] = left > 2 ? b64[v & 63] : '=';
            ob_put(b, q, 4);
        }
        ob_s(b, "?=");
        i += take;
    }
}

/* An unstructured field (Subject, extra headers): as it is when it is
 * plain ASCII that no decoder could mistake, else encoded-words. */
static int unstructured_needs_ew(const char *v, size_t n)
{
    size_t i, word = 0;
    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)v[i];
        if (ch >= 0x80 || (ch < 0x20 && ch != '\t') || ch == 0x7F)
            return 1;
        if (ch == '=' && i + 1 < n && v[i + 1] == '?')
            return 1;
        word = ch == ' ' ? 0 : word + 1;
        if (word > LINE_MAX_7BIT - 100)
            return 1;
    }
    return 0;
}

static void write_unstructured(obuf *b, const lsc__alloc *al,
                               const char *name, const char *v, size_t n)
{
    obuf tmp;
    if (!unstructured_needs_ew(v, n)) {
        write_folded(b, name, v, n);
        return;
    }
    memset(&tmp, 0, sizeof tmp);
    tmp.al = al;
    /* the first word shares its line with the field name */
    {
        size_t room = FOLD_AT > strlen(name) + 2 + 12 + 4
                          ? (FOLD_AT - strlen(name) - 2 - 12) / 4 * 3 : 3;
        put_encoded_words(&tmp, v, n, LSC__MIN(room, EW_MAX_BYTES));
    }
    folded_from(b, name, &tmp);
}

/* Address lists: ASCII lists go as written (folded); otherwise each
 * mailbox's non-ASCII display name becomes encoded-words and the address
 * itself stays as written (UTF-8 addresses are RFC 6532). */
static void encode_mailbox(obuf *o, const char *p, size_t n)
{
    size_t lt = n, i, s, e;
    int inq = 0;
    while (n && (*p == ' ' || *p == '\t'))
        p++, n--;
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    lt = n;
    for (i = 0; i < n; i++) {
        if (p[i] == '\\' && inq) {
            i++;
            continue;
        }
        if (p[i] == '"')
            inq = !inq;
        else if (p[i] == '<' && !inq)
            lt = i;
    }
    if (lt == n || lt == 0 || is_ascii(p, lt)) {
        ob_put(o, p, n);
        return;
    }
    s = 0;
    e = lt;
    while (e > s && (p[e - 1] == ' ' || p[e - 1] == '\t'))
        e--;
    if (e - s >= 2 && p[s] == '"' && p[e - 1] == '"' && e - s < 512) {
        /* unquote: encoded-words may not appear inside quotes */
        char buf[512];
        size_t k = 0;
        for (i = s + 1; i + 1 < e; i++) {
            if (p[i] == '\\' && i + 2 < e)
                i++;
            buf[k++] = p[i];
        }
        put_encoded_words(o, buf, k, EW_MAX_BYTES);
    } else {
        put_encoded_words(o, p + s, e - s, EW_MAX_BYTES);
    }
    ob_c(o, ' ');
    ob_put(o, p + lt, n - lt);
}

static void write_addresses(obuf *b, const lsc__alloc *al, const char *name,
                            const char *v, size_t n)
{
    obuf tmp;
    size_t i, start = 0;
    int inq = 0, angle = 0, paren = 0, first = 1;
    if (is_ascii(v, n)) {
        write_folded(b, name, v, n);
        return;
    }
    memset(&tmp, 0, sizeof tmp);
    tmp.al = al;
    for (i = 0; i <= n; i++) {
        char ch = i < n ? v[i] : ',';
        if (i < n && ch == '\\' && inq) {
            i++;
            continue;
        }
        if (ch == '"' && !paren)
            inq = !inq;
        else if (!inq && ch == '(')
            paren++;
        else if (!inq && ch == ')' && paren)
            paren--;
        else if (!inq && !paren && ch == '<')
            angle = 1;
        else if (!inq && !paren && ch == '>')
            angle = 0;
        else if (ch == ',' && ((!inq && !paren && !angle) || i == n)) {
            if (!first)
                ob_s(&tmp, ", ");
            first = 0;
            encode_mailbox(&tmp, v + start, i - start);
            start = i + 1;
        }
    }
    folded_from(b, name, &tmp);
}

/* ------------------------------------------------------------------ */
/* bodies                                                              */
/* ------------------------------------------------------------------ */

/* CRLF line ends for a text body (LF, CR and CRLF all become CRLF). */
static void normalize_lines(obuf *o, const char *p, size_t n)
{
    size_t i, run = 0;
    for (i = 0; i < n; i++) {
        if (p[i] == '\r' || p[i] == '\n') {
            ob_put(o, p + run, i - run);
            ob_put(o, "\r\n", 2);
            if (p[i] == '\r' && i + 1 < n && p[i + 1] == '\n')
                i++;
            run = i + 1;
        }
    }
    ob_put(o, p + run, n - run);
}

/* 7bit is honest only for ASCII without NUL and with short lines. */
static int fits_7bit(const char *p, size_t n)
{
    size_t i, line = 0;
    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)p[i];
        if (ch >= 0x80 || ch == 0)
            return 0;
        if (ch == '\n')
            line = 0;
        else if (ch != '\r' && ++line > LINE_MAX_7BIT)
            return 0;
    }
    return 1;
}

/* Quoted-printable (RFC 2045 6.7) of CRLF-normalized text. */
static void put_qp(obuf *o, const char *p, size_t n)
{
    size_t i, line = 0;
    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)p[i];
        char tok[3];
        size_t tl;
        if (ch == '\r' && i + 1 < n && p[i + 1] == '\n') {
            ob_put(o, "\r\n", 2);
            line = 0;
            i++;
            continue;
        }
        if ((ch >= 33 && ch <= 126 && ch != '=') ||
            ((ch == ' ' || ch == '\t') && i + 1 < n && p[i + 1] != '\r')) {
            tok[0] = (char)ch;
            tl = 1;
        } else {
            tok[0] = '=';
            tok[1] = hexdig[ch >> 4];
            tok[2] = hexdig[ch & 15];
            tl = 3;
        }
        if (line + tl > 75) {
            ob_put(o, "=\r\n", 3);
            line = 0;
        }
        ob_put(o, tok, tl);
        line += tl;
    }
}

/* base64 in 76-character lines, CRLF between lines, none after the last. */
static size_t b64_size(size_t n)
{
    size_t chars = (n + 2) / 3 * 4;
    size_t lines = chars ? (chars + 75) / 76 : 0;
    return chars + (lines ? (lines - 1) * 2 : 0);
}

static void b64_encode(char *out, const unsigned char *in, size_t n)
{
    static const char tab[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i = 0, col = 0;
    while (i + 3 <= n) {
        unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
        if (col == 76) {
            *out++ = '\r';
            *out++ = '\n';
            col = 0;
        }
        out[0] = tab[v >> 18];
        out[1] = tab[(v >> 12) & 63];
        out[2] = tab[(v >> 6) & 63];
        out[3] = tab[v & 63];
        out += 4;
        col += 4;
        i += 3;
    }
    if (i < n) {
        unsigned v = (unsigned)in[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)in[i + 1] << 8;
        if (col == 76) {
            *out++ = '\r';
            *out++ = '\n';
        }
        out[0] = tab[v >> 18];
        out[1] = tab[(v >> 12) & 63];
        out[2] = i + 1 < n ? tab[(v >> 6) & 63] : '=';
        out[3] = '=';
    }
}

/* ------------------------------------------------------------------ */
/* attachments and the cache                                           */
/* ------------------------------------------------------------------ */

typedef struct lsc__draft_entry {
    uint64_t hash;
    size_t len;
    char *encoded;             /* b64_size(len) bytes */
    size_t encoded_len;
    unsigned char *data;       /* owned copy (path attachments), or NULL */
    void *facts;               /* attach.c's blob, or NULL */
    size_t facts_len;
    /* path identity, when the content came from a file */
    char *path;
    uint64_t dev, ino, size;
    int64_t mtime_s, mtime_ns;
    uint64_t used;             /* generation of last use */
} lsc__draft_entry;

struct lsc_draft_cache {
    const lsc_engine *engine;
    lsc__alloc al;
    lsc__draft_entry **entries;
    size_t n, cap, max;
    uint64_t gen;
    uint64_t hits, misses, facts_reused;
    obuf msg;                  /* the message buffer, reused */
};

static void entry_free(const lsc__alloc *al, lsc__draft_entry *e)
{
    if (!e)
        return;
    lsc__free(al, e->encoded);
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

/* Drops the least recently used entries beyond the cap, never one used by
 * the scoring in progress (generation gen). */
static void cache_trim(lsc_draft_cache *c)
{
    while (c->n > c->max) {
        size_t i, old = LSC__NONE;
        for (i = 0; i < c->n; i++)
            if (c->entries[i]->used != c->gen &&
                (old == LSC__NONE || c->entries[i]->used < c->entries[old]->used))
                old = i;
        if (old == LSC__NONE)
            return;
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

/* One attachment, resolved: its bytes and, with a cache, its entry. */
typedef struct att {
    const lsc_draft_attachment *a;
    str filename, ctype, cid;
    const unsigned char *data;
    size_t len;
    unsigned char *owned;      /* read from path without a cache */
    uint64_t hash;
    lsc__draft_entry *entry;
    int is_inline;
} att;

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

static int resolve(att *t, const lsc__alloc *al, lsc_draft_cache *cache,
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
        t->hash = lsc__draft_hash(t->data, t->len);
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
        t->hash = lsc__draft_hash(t->data, t->len);
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
            if (!a->data && !e->path) {
                e->path = lsc__strdup(al, a->path);
                if (!e->path)
                    return lsc__error(err, LSC_ENOMEM, "lsc_draft_score",
                                      "out of memory");
                e->dev = (uint64_t)st.st_dev;
                e->ino = (uint64_t)st.st_ino;
                e->size = (uint64_t)st.st_size;
                e->mtime_s = (int64_t)st.st_mtim.tv_sec;
                e->mtime_ns = (int64_t)st.st_mtim.tv_nsec;
            }
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
        e->encoded_len = b64_size(t->len);
        e->encoded = lsc__malloc(al, e->encoded_len + 1);
        if (!e->encoded || cache_add(cache, e) != 0) {
            entry_free(al, e);
            return lsc__error(err, LSC_ENOMEM, "lsc_draft_score",
                              "out of memory");
        }
        b64_encode(e->encoded, t->data, t->len);
        if (!a->data) {
            e->data = t->owned;
            t->owned = NULL;
            e->path = lsc__strdup(al, a->path);
            if (!e->path)
                return lsc__error(err, LSC_ENOMEM, "lsc_draft_score",
                                  "out of memory");
            e->dev = (uint64_t)st.st_dev;
            e->ino = (uint64_t)st.st_ino;
            e->size = (uint64_t)st.st_size;
            e->mtime_s = (int64_t)st.st_mtim.tv_sec;
            e->mtime_ns = (int64_t)st.st_mtim.tv_nsec;
        }
        t->entry = e;
        cache->misses++;
    }
    return 0;
}

/* Content types by extension, for attachments the caller did not type.
 * Only types every composer agrees on; anything else is octet-stream. */
static const struct { const char *ext, *type; } ext_types[] = {
    { "pdf", "application/pdf" },
    { "zip", "application/zip" },
    { "gz", "application/gzip" },
    { "tar", "application/x-tar" },
    { "7z", "application/x-7z-compressed" },
    { "rar", "application/vnd.rar" },
    { "doc", "application/msword" },
    { "dot", "application/msword" },
    { "xls", "application/vnd.ms-excel" },
    { "ppt", "application/vnd.ms-powerpoint" },
    { "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
    { "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
    { "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation" },
    { "docm", "application/vnd.ms-word.document.macroEnabled.12" },
    { "xlsm", "application/vnd.ms-excel.sheet.macroEnabled.12" },
    { "pptm", "application/vnd.ms-powerpoint.presentation.macroEnabled.12" },
    { "odt", "application/vnd.oasis.opendocument.text" },
    { "ods", "application/vnd.oasis.opendocument.spreadsheet" },
    { "odp", "application/vnd.oasis.opendocument.presentation" },
    { "rtf", "application/rtf" },
    { "jpg", "image/jpeg" },
    { "jpeg", "image/jpeg" },
    { "png", "image/png" },
    { "gif", "image/gif" },
    { "webp", "image/webp" },
    { "bmp", "image/bmp" },
    { "tif", "image/tiff" },
    { "tiff", "image/tiff" },
    { "svg", "image/svg+xml" },
    { "txt", "text/plain" },
    { "csv", "text/csv" },
    { "htm", "text/html" },
    { "html", "text/html" },
    { "ics", "text/calendar" },
    { "mp3", "audio/mpeg" },
    { "mp4", "video/mp4" },
    { "json", "application/json" },
    { "xml", "application/xml" },
};

static const char *type_for(str name)
{
    size_t i, dot = LSC__NONE;
    for (i = 0; i < name.n; i++)
        if (name.p[i] == '.')
            dot = i;
    if (dot != LSC__NONE)
        for (i = 0; i < LSC__COUNT(ext_types); i++)
            if (lsc__memcaseeq(name.p + dot + 1, name.n - dot - 1,
                               ext_types[i].ext))
                return ext_types[i].type;
    return "application/octet-stream";
}

static int valid_ctype(str t)
{
    size_t i, slash = 0;
    if (!t.n)
        return 0;
    for (i = 0; i < t.n; i++) {
        unsigned char ch = (unsigned char)t.p[i];
        if (ch == '/') {
            if (slash++ || i == 0 || i + 1 == t.n)
                return 0;
        } else if (ch <= 32 || ch >= 127 || strchr("()<>@,;:\\\"[]?=", ch)) {
            return 0;
        }
    }
    return slash == 1;
}

/* A parameter: name="value" when that is plain, else RFC 2231 extended
 * (and continued when long).  Starts with "; " and a fold. */
static void put_param(obuf *o, const char *name, str v)
{
    size_t i;
    int plain = v.n <= PARAM_CHUNK;
    for (i = 0; plain && i < v.n; i++) {
        unsigned char ch = (unsigned char)v.p[i];
        if (ch < 32 || ch >= 127 || ch == '"' || ch == '\\')
            plain = 0;
    }
    if (plain) {
        ob_s(o, ";\r\n\t");
        ob_s(o, name);
        ob_s(o, "=\"");
        ob_put(o, v.p, v.n);
        ob_c(o, '"');
        return;
    }
    {
        size_t chunk = 0, used = 0, room = PARAM_CHUNK;
        int started = 0;
        char num[32];
        for (i = 0; i < v.n; i++) {
            unsigned char ch = (unsigned char)v.p[i];
            int lit = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                      (ch >= '0' && ch <= '9') || strchr("!#$&+-.^_`|~", ch);
            size_t tl = lit ? 1 : 3, k = i + 1;
            /* a character is never split between segments: some readers
             * decode each segment on its own */
            while (k < v.n && ((unsigned char)v.p[k] & 0xC0) == 0x80 &&
                   ch >= 0xC0)
                k++, tl += 3;
            if (!started || used + tl > room) {
                ob_s(o, ";\r\n\t");
                ob_s(o, name);
                snprintf(num, sizeof num, "*%zu*=", chunk);
                ob_s(o, num);
                if (chunk == 0)
                    ob_s(o, "UTF-8''");
                /* tab, name, "*NN*=", charset on the first, ';' */
                room = FOLD_AT - 1 - strlen(name) - 6 - (chunk ? 0 : 7) - 1;
                chunk++;
                used = 0;
                started = 1;
            }
            if (lit) {
                ob_c(o, ch);
            } else {
                for (; i < k; i++) {
                    unsigned char b = (unsigned char)v.p[i];
                    char e[3] = { '%', hexdig[b >> 4], hexdig[b & 15] };
                    ob_put(o, e, 3);
                }
                i--;
            }
            used += tl;
        }
    }
}

/* ------------------------------------------------------------------ */
/* the message                                                         */
/* ------------------------------------------------------------------ */

typedef struct build {
    const lsc__alloc *al;
    obuf *o;
    const lsc_draft *d;
    att *atts;
    size_t n_atts;
    str text, html;
    char *text_norm, *html_norm;     /* CRLF-normalized bodies */
    size_t text_len, html_len;
    int text_7bit, html_7bit;
    unsigned salt;                   /* changes the boundaries */
    lsc__known_body *hints;          /* one per attachment */
    lsc_error *err;
} build;

static void boundary(char *buf, size_t n, const char *kind, unsigned salt)
{
    snprintf(buf, n, "=_lsc_%s_%u", kind, salt);
}

static int body_has_boundary(const build *bd, const char *kind)
{
    char bnd[64];
    boundary(bnd, sizeof bnd, kind, bd->salt);
    if (bd->text_7bit && bd->text_norm && strstr(bd->text_norm, bnd))
        return 1;
    if (bd->html_7bit && bd->html_norm && strstr(bd->html_norm, bnd))
        return 1;
    return 0;
}

static void put_text_part(build *bd, const char *subtype, const char *body,
                          size_t n, int is7)
{
    obuf *o = bd->o;
    ob_s(o, "Content-Type: text/");
    ob_s(o, subtype);
    ob_s(o, "; charset=\"UTF-8\"\r\n");
    ob_s(o, is7 ? "Content-Transfer-Encoding: 7bit\r\n\r\n"
                : "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
    if (is7)
        ob_put(o, body, n);
    else
        put_qp(o, body, n);
}

static void put_attachment(build *bd, size_t k)
{
    obuf *o = bd->o;
    att *t = &bd->atts[k];
    const char *ctype = t->ctype.n ? NULL : type_for(t->filename);
    size_t enc_len, off;

    ob_s(o, "Content-Type: ");
    if (ctype)
        ob_s(o, ctype);
    else
        ob_put(o, t->ctype.p, t->ctype.n);
    if (t->filename.n)
        put_param(o, "name", t->filename);
    ob_s(o, "\r\nContent-Disposition: ");
    ob_s(o, t->is_inline ? "inline" : "attachment");
    if (t->filename.n)
        put_param(o, "filename", t->filename);
    ob_s(o, "\r\n");
    if (t->cid.n) {
        int angle = t->cid.p[0] == '<';
        ob_s(o, "Content-ID: ");
        if (!angle)
            ob_c(o, '<');
        ob_put(o, t->cid.p, t->cid.n);
        if (!angle)
            ob_c(o, '>');
        ob_s(o, "\r\n");
    }
    ob_s(o, "Content-Transfer-Encoding: base64\r\n\r\n");
    enc_len = t->entry ? t->entry->encoded_len : b64_size(t->len);
    if (lsc__hbuf_reserve(o, enc_len + 1) != 0)
        return;
    off = o->len;
    if (t->entry)
        memcpy(o->p + off, t->entry->encoded, enc_len);
    else
        b64_encode(o->p + off, t->data, t->len);
    o->len += enc_len;
    o->p[o->len] = '\0';
    bd->hints[k].body_off = off;
    bd->hints[k].body_len = enc_len;
    bd->hints[k].data = t->data;
    bd->hints[k].data_len = t->len;
    bd->hints[k].slot = t->entry;
}

/* The alternative (or single) body. */
static void put_body(build *bd)
{
    obuf *o = bd->o;
    if (bd->text.p && bd->html.p) {
        char b[64];
        boundary(b, sizeof b, "alt", bd->salt);
        ob_s(o, "Content-Type: multipart/alternative;\r\n\tboundary=\"");
        ob_s(o, b);
        ob_s(o, "\"\r\n\r\n--");
        ob_s(o, b);
        ob_s(o, "\r\n");
        put_text_part(bd, "plain", bd->text_norm, bd->text_len, bd->text_7bit);
        ob_s(o, "\r\n--");
        ob_s(o, b);
        ob_s(o, "\r\n");
        put_text_part(bd, "html", bd->html_norm, bd->html_len, bd->html_7bit);
        ob_s(o, "\r\n--");
        ob_s(o, b);
        ob_s(o, "--");
    } else if (bd->html.p) {
        put_text_part(bd, "html", bd->html_norm, bd->html_len, bd->html_7bit);
    } else {
        put_text_part(bd, "plain", bd->text_norm ? bd->text_norm : "",
                      bd->text_len, bd->text_7bit);
    }
}

/* multipart/related around the HTML body and its inline images. */
static void put_related(build *bd, size_t n_inline)
{
    obuf *o = bd->o;
    char b[64];
    size_t k;
    if (!n_inline) {
        put_body(bd);
        return;
    }
    boundary(b, sizeof b, "rel", bd->salt);
    ob_s(o, "Content-Type: multipart/related;\r\n\tboundary=\"");
    ob_s(o, b);
    ob_s(o, "\"\r\n\r\n--");
    ob_s(o, b);
    ob_s(o, "\r\n");
    put_body(bd);
    for (k = 0; k < bd->n_atts; k++) {
        if (!bd->atts[k].is_inline)
            continue;
        ob_s(o, "\r\n--");
        ob_s(o, b);
        ob_s(o, "\r\n");
        put_attachment(bd, k);
    }
    ob_s(o, "\r\n--");
    ob_s(o, b);
    ob_s(o, "--");
}

static void put_headers(build *bd)
{
    const lsc_draft *d = bd->d;
    obuf *o = bd->o;
    static const struct { size_t off_p, off_n; const char *name; int addr; } hf[] = {
        { offsetof(lsc_draft, from), offsetof(lsc_draft, from_len), "From", 1 },
        { offsetof(lsc_draft, to), offsetof(lsc_draft, to_len), "To", 1 },
        { offsetof(lsc_draft, cc), offsetof(lsc_draft, cc_len), "Cc", 1 },
        { offsetof(lsc_draft, bcc), offsetof(lsc_draft, bcc_len), "Bcc", 1 },
        { offsetof(lsc_draft, reply_to), offsetof(lsc_draft, reply_to_len), "Reply-To", 1 },
        { offsetof(lsc_draft, subject), offsetof(lsc_draft, subject_len), "Subject", 0 },
        { offsetof(lsc_draft, in_reply_to), offsetof(lsc_draft, in_reply_to_len), "In-Reply-To", 2 },
        { offsetof(lsc_draft, references), offsetof(lsc_draft, references_len), "References", 2 },
    };
    size_t i;
    for (i = 0; i < LSC__COUNT(hf); i++) {
        const char *p = *(const char *const *)((const char *)d + hf[i].off_p);
        size_t n = *(const size_t *)((const char *)d + hf[i].off_n);
        str s = field(p, n);
        char *v;
        if (!p)
            continue;
        v = clean_header(bd->al, s);
        if (!v) {
            o->failed = 1;
            return;
        }
        if (hf[i].addr == 1)
            write_addresses(o, bd->al, hf[i].name, v, s.n);
        else if (hf[i].addr == 2)
            write_folded(o, hf[i].name, v, s.n);   /* msg-ids: never encoded */
        else
            write_unstructured(o, bd->al, hf[i].name, v, s.n);
        lsc__free(bd->al, v);
    }
    for (i = 0; i < d->n_headers; i++) {
        const lsc_draft_header *h = &d->headers[i];
        str nm = field(h->name, h->name_len), val = field(h->value, h->value_len);
        char name[256], *v;
        memcpy(name, nm.p, nm.n);    /* validated: < sizeof name */
        name[nm.n] = '\0';
        v = clean_header(bd->al, val);
        if (!v) {
            o->failed = 1;
            return;
        }
        write_unstructured(o, bd->al, name, v, val.n);
        lsc__free(bd->al, v);
    }
    ob_s(o, "MIME-Version: 1.0\r\n");
}

static void put_message(build *bd)
{
    obuf *o = bd->o;
    size_t k, n_inline = 0, n_mixed = 0;
    char b[64];
    put_headers(bd);
    for (k = 0; k < bd->n_atts; k++) {
        if (bd->atts[k].is_inline)
            n_inline++;
        else
            n_mixed++;
    }
    if (!n_mixed) {
        put_related(bd, n_inline);
        return;
    }
    boundary(b, sizeof b, "mix", bd->salt);
    ob_s(o, "Content-Type: multipart/mixed;\r\n\tboundary=\"");
    ob_s(o, b);
    ob_s(o, "\"\r\n\r\n--");
    ob_s(o, b);
    ob_s(o, "\r\n");
    put_related(bd, n_inline);
    for (k = 0; k < bd->n_atts; k++) {
        if (bd->atts[k].is_inline)
            continue;
        ob_s(o, "\r\n--");
        ob_s(o, b);
        ob_s(o, "\r\n");
        put_attachment(bd, k);
    }
    ob_s(o, "\r\n--");
    ob_s(o, b);
    ob_s(o, "--\r\n");
}

static int check_draft(const lsc_draft *d, lsc_error *err)
{
    size_t i, j;
    if (!d)
        return lsc__error(err, LSC_EINVAL, "lsc_draft", "draft is NULL");
    if (d->version != LSC_DRAFT_VERSION)
        return lsc__error(err, LSC_EVERSION, "lsc_draft",
                          "version %u, this library knows %d", d->version,
                          LSC_DRAFT_VERSION);
    if (d->n_attachments > DRAFT_MAX_ATTACHMENTS || (d->n_attachments && !d->attachments))
        return lsc__error(err, LSC_EINVAL, "lsc_draft",
                          "%zu attachments (at most %d)", d->n_attachments,
                          DRAFT_MAX_ATTACHMENTS);
    if (d->n_headers > DRAFT_MAX_HEADERS || (d->n_headers && !d->headers))
        return lsc__error(err, LSC_EINVAL, "lsc_draft",
                          "%zu extra headers (at most %d)", d->n_headers,
                          DRAFT_MAX_HEADERS);
    for (i = 0; i < d->n_headers; i++) {
        str nm = field(d->headers[i].name, d->headers[i].name_len);
        static const char *const reserved[] = {
            "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
            "Content-Disposition"
        };
        if (!nm.n || nm.n >= 256)
            return lsc__error(err, LSC_EINVAL, "lsc_draft_header",
                              "header %zu: empty or too long name", i);
        for (j = 0; j < nm.n; j++) {
            unsigned char ch = (unsigned char)nm.p[j];
            if (ch <= 32 || ch >= 127 || ch == ':')
                return lsc__error(err, LSC_EINVAL, "lsc_draft_header",
                                  "header %zu: bad character in name", i);
        }
        for (j = 0; j < LSC__COUNT(reserved); j++)
            if (lsc__memcaseeq(nm.p, nm.n, reserved[j]))
                return lsc__error(err, LSC_EINVAL, "lsc_draft_header",
                                  "%s is set by the draft's structure",
                                  reserved[j]);
    }
    for (i = 0; i < d->n_attachments; i++) {
        const lsc_draft_attachment *a = &d->attachments[i];
        str ct = field(a->content_type, a->content_type_len);
        str cid = field(a->content_id, a->content_id_len);
        if (a->content_type && !valid_ctype(ct))
            return lsc__error(err, LSC_EINVAL, "lsc_draft_attachment",
                              "attachment %zu: content type is not type/subtype",
                              i);
        if (a->content_type && (lsc__ncasecmp(ct.p, "multipart/", 10) == 0 ||
                                lsc__ncasecmp(ct.p, "message/", 8) == 0))
            return lsc__error(err, LSC_EINVAL, "lsc_draft_attachment",
                              "attachment %zu: multipart and message types "
                              "cannot be base64 attachments", i);
        for (j = 0; j < cid.n; j++) {
            unsigned char ch = (unsigned char)cid.p[j];
            if (ch <= 32 || ch >= 127)
                return lsc__error(err, LSC_EINVAL, "lsc_draft_attachment",
                                  "attachment %zu: bad content id", i);
        }
    }
    return 0;
}

static void build_free(build *bd)
{
    size_t k;
    for (k = 0; k < bd->n_atts; k++)
        lsc__free(bd->al, bd->atts[k].owned);
    lsc__free(bd->al, bd->atts);
    lsc__free(bd->al, bd->hints);
    lsc__free(bd->al, bd->text_norm);
    lsc__free(bd->al, bd->html_norm);
}

static int norm_body(const lsc__alloc *al, str s, char **out, size_t *len,
                     int *is7)
{
    obuf t;
    memset(&t, 0, sizeof t);
    t.al = al;
    lsc__hbuf_reserve(&t, s.n + s.n / 16 + 2);
    normalize_lines(&t, s.p ? s.p : "", s.n);
    if (!t.p)
        ob_put(&t, "", 0);
    if (t.failed) {
        lsc__free(al, t.p);
        return LSC_ENOMEM;
    }
    *out = t.p;
    *len = t.len;
    *is7 = fits_7bit(t.p, t.len);
    return 0;
}

/* Builds the message into o; hints (one per attachment) are filled. */
static int build_message(build *bd, const lsc__alloc *al, obuf *o,
                         const lsc_draft *d, lsc_draft_cache *cache,
                         lsc_error *err)
{
    size_t k, est;
    int rc = check_draft(d, err);
    memset(bd, 0, sizeof *bd);
    bd->al = al;
    bd->o = o;
    bd->d = d;
    bd->err = err;
    if (rc != 0)
        return rc;
    bd->text = field(d->text, d->text_len);
    bd->html = field(d->html, d->html_len);
    if (d->n_attachments) {
        bd->atts = lsc__calloc(al, d->n_attachments, sizeof *bd->atts);
        bd->hints = lsc__calloc(al, d->n_attachments, sizeof *bd->hints);
        if (!bd->atts || !bd->hints)
            return lsc__error(err, LSC_ENOMEM, "lsc_draft", "out of memory");
    }
    bd->n_atts = d->n_attachments;
    est = 4096 + bd->text.n * 3 + bd->html.n * 3;
    for (k = 0; k < bd->n_atts; k++) {
        att *t = &bd->atts[k];
        t->a = &d->attachments[k];
        t->filename = field(t->a->filename, t->a->filename_len);
        t->ctype = field(t->a->content_type, t->a->content_type_len);
        t->cid = field(t->a->content_id, t->a->content_id_len);
        /* inline images only make sense next to HTML that shows them */
        t->is_inline = (t->a->flags & LSC_ATTACH_INLINE) && bd->html.p;
        rc = resolve(t, al, cache, err);
        if (rc != 0)
            return rc;
        est += b64_size(t->len) + 512 + t->filename.n * 6;
    }
    if (bd->text.p || !bd->html.p) {
        rc = norm_body(al, bd->text, &bd->text_norm, &bd->text_len,
                       &bd->text_7bit);
        if (rc != 0)
            return lsc__error(err, rc, "lsc_draft", "out of memory");
    }
    if (bd->html.p) {
        rc = norm_body(al, bd->html, &bd->html_norm, &bd->html_len,
                       &bd->html_7bit);
        if (rc != 0)
            return lsc__error(err, rc, "lsc_draft", "out of memory");
    }
    while (body_has_boundary(bd, "alt") || body_has_boundary(bd, "rel") ||
           body_has_boundary(bd, "mix")) {
        if (++bd->salt > MAX_BOUNDARY_TRIES)
            return lsc__error(err, LSC_EINTERNAL, "lsc_draft",
                              "no boundary free of the body text");
    }
    o->len = 0;
    o->failed = 0;
    if (lsc__hbuf_reserve(o, est) != 0)
        return lsc__error(err, LSC_ENOMEM, "lsc_draft", "out of memory");
    o->p[0] = '\0';
    put_message(bd);
    if (o->failed)
        return lsc__error(err, LSC_ENOMEM, "lsc_draft", "out of memory");
    return 0;
}

void lsc_draft_init(lsc_draft *d)
{
    static const lsc_draft init = LSC_DRAFT_INIT;
    if (d)
        *d = init;
}

int lsc_draft_mime(char **out, size_t *len, const lsc_engine *engine,
                   const lsc_draft *d, lsc_error *err)
{
    lsc__alloc al;
    obuf o;
    build bd;
    int rc;
    if (!out)
        return lsc__error(err, LSC_EINVAL, "lsc_draft_mime", "out is NULL");
    *out = NULL;
    if (len)
        *len = 0;
    if (engine)
        al = engine->al;
    else
        lsc__alloc_init(&al, NULL);
    memset(&o, 0, sizeof o);
    o.al = &al;
    rc = build_message(&bd, &al, &o, d, NULL, err);
    if (rc == 0) {
        *out = lsc__string_new(&al, o.p, o.len);
        if (!*out)
            rc = lsc__error(err, LSC_ENOMEM, "lsc_draft_mime", "out of memory");
        else if (len)
            *len = o.len;
    }
    build_free(&bd);
    lsc__free(&al, o.p);
    return rc;
}

int lsc_draft_score(lsc_result **out, const lsc_engine *engine,
                    const lsc_draft *d, const lsc_score_options *so,
                    lsc_draft_cache *cache, lsc_error *err)
{
    obuf local, *o;
    build bd;
    lsc__input in;
    int rc;
    if (!out)
        return lsc__error(err, LSC_EINVAL, "lsc_draft_score", "out is NULL");
    *out = NULL;
    if (!engine)
        return lsc__error(err, LSC_EINVAL, "lsc_draft_score",
                          "engine is NULL");
    if (cache && cache->engine != engine)
        return lsc__error(err, LSC_EINVAL, "lsc_draft_score",
                          "the cache belongs to another engine");
    if (cache) {
        cache->gen++;
        o = &cache->msg;
    } else {
        memset(&local, 0, sizeof local);
        local.al = &engine->al;
        o = &local;
    }
    rc = build_message(&bd, &engine->al, o, d, cache, err);
    if (rc == 0) {
        lsc__fact_cache fc = { cache, facts_get, facts_put, facts_reused };
        in.msg = o->p;
        in.msg_len = o->len;
        in.bodies = bd.hints;
        in.n_bodies = bd.n_atts;
        in.cache = cache ? &fc : NULL;
        rc = lsc__score_input(out, engine, o->p, o->len, so, &in, err);
    }
    build_free(&bd);
    if (cache) {
        cache_trim(cache);
        /* a huge message should not pin its buffer between keystrokes */
        if (o->cap > ((size_t)64 << 20)) {
            lsc__free(&cache->al, o->p);
            o->p = NULL;
            o->len = o->cap = 0;
        }
    } else {
        lsc__free(&engine->al, local.p);
    }
    return rc;
}

/*
 * hostile.h - hostile mail built in memory, shared by tests/unit/
 * test_hostile.c (flags and survival) and tests/bench/bench_hostile.c
 * (worst time and peak RSS).
 *
 * Takes: a scale (1 = the sizes the hardening issue names; a larger
 * divisor shrinks the huge cases for memcheck).  Gives: one malloc'ed
 * message per case, never written to disk.  Limits: the biggest case
 * (1,000,000 links) is about 45 MB; the generators use plain malloc, not
 * the library's allocator.
 */
#ifndef LSC_HOSTILE_H
#define LSC_HOSTILE_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>

#include "libscore.h"

/* ---- a growable buffer for building messages ---- */

typedef struct hb {
    char *p;
    size_t len, cap;
} hb;

static inline void hb_need(hb *b, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (b->len + n + 1 > cap)
            cap *= 2;
        b->p = realloc(b->p, cap);
        if (!b->p) {
            fprintf(stderr, "hostile.h: out of memory building a message\n");
            exit(2);
        }
        b->cap = cap;
    }
}

static inline void hb_put(hb *b, const void *s, size_t n)
{
    hb_need(b, n);
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static inline void hb_puts(hb *b, const char *s)
{
    hb_put(b, s, strlen(s));
}

static inline void hb_rep(hb *b, const char *s, size_t times)
{
    size_t n = strlen(s), i;
    hb_need(b, n * times);
    for (i = 0; i < times; i++) {
        memcpy(b->p + b->len, s, n);
        b->len += n;
    }
    b->p[b->len] = '\0';
}

static inline void hb_fill(hb *b, int c, size_t n)
{
    hb_need(b, n);
    memset(b->p + b->len, c, n);
    b->len += n;
    b->p[b->len] = '\0';
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static inline void hb_printf(hb *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    hb_need(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

#define H_HEAD \
    "From: Ann Sender <ann@example.com>\r\nTo: bob@example.org\r\n" \
    "Subject: hostile\r\nMIME-Version: 1.0\r\n"

/* ---- the cases ---- */

/* A multipart/mixed with a short text and a base64 attachment of
 * `encoded` bytes on the wire (76-character lines). */
static inline void h_base64_attachment(hb *b, size_t encoded)
{
    static const char al[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char line[78];
    size_t done = 0, i;
    hb_puts(b, H_HEAD "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
               "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
               "Hello Bob, the file is attached.\r\n"
               "--b1\r\nContent-Type: application/octet-stream; name=\"big.bin\"\r\n"
               "Content-Disposition: attachment; filename=\"big.bin\"\r\n"
               "Content-Transfer-Encoding: base64\r\n\r\n");
    encoded -= encoded % 4;
    while (done < encoded) {
        size_t n = encoded - done < 76 ? encoded - done : 76;
        for (i = 0; i < n; i++)
            line[i] = al[(done + i * 7) % 64];
        line[n] = '\r';
        line[n + 1] = '\n';
        hb_put(b, line, n + 2);
        done += n;
    }
    hb_puts(b, "--b1--\r\n");
}

/* `levels` multiparts, each inside the previous one. */
static inline void h_nested_multipart(hb *b, size_t levels, int close)
{
    size_t i;
    hb_puts(b, H_HEAD);
    for (i = 0; i < levels; i++)
        hb_printf(b, "Content-Type: multipart/mixed; boundary=\"n%zu\"\r\n\r\n"
                     "--n%zu\r\n", i, i);
    hb_puts(b, "Content-Type: text/plain\r\n\r\ninnermost\r\n");
    if (close)
        for (i = levels; i-- > 0;)
            hb_printf(b, "--n%zu--\r\n", i);
}

/* `n` extra top-level header fields (the message has n + 5 in all). */
static inline void h_many_headers(hb *b, size_t n)
{
    size_t i;
    hb_puts(b, H_HEAD);
    for (i = 0; i < n; i++)
        hb_printf(b, "X-Header-%zu: value %zu\r\n", i, i);
    hb_puts(b, "Content-Type: text/plain\r\n\r\nbody after many headers\r\n");
}

/* One Subject of `n` bytes; folded into 78-byte lines when fold. */
static inline void h_long_header(hb *b, size_t n, int fold)
{
    hb_puts(b, "From: ann@example.com\r\nTo: bob@example.org\r\nSubject: ");
    if (!fold) {
        hb_fill(b, 'A', n);
    } else {
        size_t done = 0;
        while (done < n) {
            size_t k = n - done < 70 ? n - done : 70;
            if (done)
                hb_puts(b, "\r\n ");
            hb_fill(b, 'B', k);
            done += k;
        }
    }
    hb_puts(b, "\r\nContent-Type: text/plain\r\n\r\nshort body\r\n");
}

/* A multipart whose close delimiter never comes (and, with parts == 0,
 * whose boundary never appears at all). */
static inline void h_unclosed(hb *b, size_t parts)
{
    size_t i;
    hb_puts(b, H_HEAD "Content-Type: multipart/mixed; boundary=\"never\"\r\n\r\n"
               "preamble\r\n");
    for (i = 0; i < parts; i++)
        hb_printf(b, "--never\r\nContent-Type: text/plain\r\n\r\npart %zu\r\n", i);
    hb_puts(b, "--nevermore is not the boundary\r\n--never-\r\nthe end\r\n");
}

/* NUL bytes in header names, values, boundaries and bodies. */
static inline void h_nuls(hb *b)
{
    static const char m[] =
        "From: ann@exa\0mple.com\r\nTo: bob@example.org\r\nSub\0ject: a\0b\r\n"
        "Subject: nul\0 subject\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/alternative; boundary=\"x\0y\"\r\n\r\n"
        "--x\0y\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nte\0xt\0\0\r\n"
        "--x\0y\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        "<p>ht\0ml <a href=\"http://ex\0ample.com/\">l\0nk</a></p>\r\n"
        "--x\0y\r\nContent-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\nAA\0AA\r\n"
        "--x\0y--\r\n\0";
    size_t i;
    hb_put(b, m, sizeof m - 1);
    for (i = 0; i < 1000; i++)
        hb_put(b, "\0\r\n\0", 4);
}

/* Bodies whose bytes are not what their charset says. */
static inline void h_lying_charsets(hb *b)
{
    hb_puts(b, H_HEAD "Content-Type: multipart/mixed; boundary=\"c\"\r\n\r\n");
    /* invalid UTF-8: overlong, surrogate, truncated, stray continuation */
    hb_puts(b, "--c\r\nContent-Type: text/plain; charset=utf-8\r\n"
               "Content-Transfer-Encoding: 8bit\r\n\r\n"
               "bad \xc0\xaf \xed\xa0\x80 \xe4\xbd \x80\x80 \xff\xfe end\r\n");
    /* says ASCII, is Latin-1 */
    hb_puts(b, "--c\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
               "caf\xe9 na\xefve\r\n");
    /* says GB2312, is random high bytes */
    hb_puts(b, "--c\r\nContent-Type: text/plain; charset=gb2312\r\n\r\n"
               "\xa1\xff\xfe\x80\x81\xa1 \xd6\r\n");
    /* says UTF-16, odd length */
    hb_puts(b, "--c\r\nContent-Type: text/plain; charset=utf-16\r\n"
               "Content-Transfer-Encoding: base64\r\n\r\n//5oAGkAAA==\r\n");
    /* ISO-2022-JP with a broken escape */
    hb_puts(b, "--c\r\nContent-Type: text/plain; charset=iso-2022-jp\r\n\r\n"
               "\x1b$B\x30\x21\x1b(\x1b$\r\n");
    /* a charset that does not exist */
    hb_puts(b, "--c\r\nContent-Type: text/plain; charset=x-no-such-charset\r\n\r\n"
               "text\r\n");
    /* HTML whose meta charset contradicts the header */
    hb_puts(b, "--c\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
               "<meta charset=\"shift_jis\"><p>\x82\xa0 \xc3\x28</p>\r\n");
    /* encoded-words that do not decode */
    hb_puts(b, "--c\r\nContent-Type: text/plain; charset=utf-8\r\n"
               "Content-Disposition: attachment; filename=\"=?utf-8?B?!!!?=\"\r\n\r\n"
               "x\r\n--c--\r\n");
}

/* Lying charset headers at the top level too. */
static inline void h_bad_encoded_words(hb *b)
{
    hb_puts(b, "From: =?utf-8?B?@@@@?= <ann@example.com>\r\nTo: bob@example.org\r\n"
               "Subject: =?utf-8?Q?caf=C3?= =?x-bogus?B?SGk=?= "
               "=?utf-8?B?wK8=?= =?utf-8?Q?=ZZ?=\r\n"
               "Content-Type: text/plain; charset=utf-8\r\n\r\nbody\r\n");
}

/* An HTML part with `n` links. */
static inline void h_links(hb *b, size_t n)
{
    size_t i;
    hb_puts(b, H_HEAD "Content-Type: text/html; charset=utf-8\r\n\r\n"
               "<html><body><p>links</p>\r\n");
    for (i = 0; i < n; i++)
        hb_printf(b, "<a href=\"http://h%zu.example/\">l%zu</a>\r\n", i % 1000, i);
    hb_puts(b, "</body></html>\r\n");
}

/* Plain text with `n` URLs. */
static inline void h_text_links(hb *b, size_t n)
{
    size_t i;
    hb_puts(b, H_HEAD "Content-Type: text/plain; charset=utf-8\r\n\r\n");
    for (i = 0; i < n; i++)
        hb_printf(b, "see https://t%zu.example/p\r\n", i % 1000);
}

/* HTML with `n` nested elements. */
static inline void h_deep_html(hb *b, size_t n)
{
    hb_puts(b, H_HEAD "Content-Type: text/html; charset=utf-8\r\n\r\n"
               "<html><body>");
    hb_rep(b, "<div>", n);
    hb_puts(b, "deep text");
    hb_rep(b, "</div>", n);
    hb_puts(b, "</body></html>\r\n");
}

/* A text body of `n` words. */
static inline void h_words(hb *b, size_t n)
{
    hb_puts(b, "From: ann@example.com\r\nTo: bob@example.org\r\nSubject: w\r\n"
               "Content-Type: text/plain; charset=utf-8\r\n\r\n");
    hb_rep(b, "word ", n);
    hb_puts(b, "\r\n");
}

/* ---- archives (libarchive writes them in memory) ---- */

/* A zip of `entries` files, each `entry_bytes` zero bytes (deflate packs
 * about 1000:1); with nest > 0 that zip is stored inside a zip, nest
 * times.  Returns a malloc'ed buffer, or NULL. */
static inline unsigned char *h_zip(size_t entry_bytes, size_t entries,
                                   int nest, size_t *len)
{
    static const char zeros[65536];
    struct archive *a;
    struct archive_entry *ae;
    size_t cap = entry_bytes / 500 + entries * 200 + 4096, used = 0, i;
    unsigned char *buf = NULL, *inner = NULL;
    size_t inner_len = 0;
    if (nest > 0) {
        inner = h_zip(entry_bytes, entries, nest - 1, &inner_len);
        if (!inner)
            return NULL;
        entries = 1;
        cap = inner_len + 4096;
    }
    for (;;) {
        int ok = 1;
        buf = malloc(cap);
        a = archive_write_new();
        if (!buf || !a)
            exit(2);
        archive_write_set_format_zip(a);
        archive_write_zip_set_compression_deflate(a);
        if (archive_write_open_memory(a, buf, cap, &used) != ARCHIVE_OK)
            ok = 0;
        for (i = 0; ok && i < entries; i++) {
            char name[64];
            size_t left = inner ? inner_len : entry_bytes;
            ae = archive_entry_new();
            if (inner)
                snprintf(name, sizeof name, "level%d.zip", nest - 1);
            else
                snprintf(name, sizeof name, "file%zu.txt", i);
            archive_entry_set_pathname(ae, name);
            archive_entry_set_filetype(ae, AE_IFREG);
            archive_entry_set_perm(ae, 0644);
            archive_entry_set_size(ae, (la_int64_t)left);
            if (archive_write_header(a, ae) != ARCHIVE_OK)
                ok = 0;
            if (inner) {
                if (ok && archive_write_data(a, inner, inner_len) < 0)
                    ok = 0;
            } else {
                while (ok && left > 0) {
                    size_t k = left < sizeof zeros ? left : sizeof zeros;
                    if (archive_write_data(a, zeros, k) < 0)
                        ok = 0;
                    left -= k;
                }
            }
            archive_entry_free(ae);
        }
        if (archive_write_close(a) != ARCHIVE_OK)
            ok = 0;
        archive_write_free(a);
        if (ok)
            break;
        free(buf);
        cap *= 4; /* the memory sink was too small: grow and redo */
    }
    free(inner);
    *len = used;
    return buf;
}

/* A message carrying `zip` base64-encoded as bomb.zip. */
static inline void h_zip_message(hb *b, const unsigned char *zip, size_t n)
{
    static const char al[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i, col = 0;
    hb_puts(b, H_HEAD "Content-Type: multipart/mixed; boundary=\"z\"\r\n\r\n"
               "--z\r\nContent-Type: text/plain\r\n\r\nThe files.\r\n"
               "--z\r\nContent-Type: application/zip; name=\"bomb.zip\"\r\n"
               "Content-Disposition: attachment; filename=\"bomb.zip\"\r\n"
               "Content-Transfer-Encoding: base64\r\n\r\n");
    for (i = 0; i < n; i += 3) {
        unsigned v = (unsigned)zip[i] << 16;
        char q[4];
        if (i + 1 < n)
            v |= (unsigned)zip[i + 1] << 8;
        if (i + 2 < n)
            v |= zip[i + 2];
        q[0] = al[(v >> 18) & 63];
        q[1] = al[(v >> 12) & 63];
        q[2] = i + 1 < n ? al[(v >> 6) & 63] : '=';
        q[3] = i + 2 < n ? al[v & 63] : '=';
        hb_put(b, q, 4);
        col += 4;
        if (col >= 76) {
            hb_puts(b, "\r\n");
            col = 0;
        }
    }
    hb_puts(b, "\r\n--z--\r\n");
}

#endif

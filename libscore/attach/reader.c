/*
 * reader.c - libarchive over memory, the one place that decompresses.
 *
 * Takes: bytes in memory and a scan (lsc__arscan: the byte budget left,
 * the filters this build of libarchive has).  Gives: a reader over them
 * (archive formats, or one compressed stream as a file), an entry's bytes
 * read within the budget (going over marks LSC_ATT_ARCHIVE_BOMB), and the
 * inflation of a zlib stream (lsc__inflate_zlib, for PDF FlateDecode, with
 * zlib itself: libarchive reads gzip members, not RFC 1950 streams).
 * archive.c lists archives with it, office.c's PDF scan inflates with it;
 * it calls neither, so the two no longer call each other.
 */
#include <archive.h>
#include <archive_entry.h>
#include <limits.h>
#include <stdint.h>
#include <zlib.h>

#include "attach/attach_scan.h"

/* raw: read a compressed stream as one file; else list archive formats. */
struct archive *lsc__archive_open_reader(const lsc__arscan *s, int raw,
                                   const unsigned char *p, size_t n)
{
    struct archive *ar = archive_read_new();
    if (!ar)
        return NULL;
    if (raw) {
        archive_read_support_format_raw(ar);
    } else {
        archive_read_support_format_zip(ar);
        archive_read_support_format_rar(ar);
        archive_read_support_format_rar5(ar);
        archive_read_support_format_7zip(ar);
        archive_read_support_format_tar(ar);
        archive_read_support_format_cab(ar);
        archive_read_support_format_iso9660(ar);
    }
    if (s->filters & LSC__FILTER_GZIP)
        archive_read_support_filter_gzip(ar);
    if (s->filters & LSC__FILTER_BZIP2)
        archive_read_support_filter_bzip2(ar);
    if (s->filters & LSC__FILTER_XZ)
        archive_read_support_filter_xz(ar);
    if (s->filters & LSC__FILTER_LZMA)
        archive_read_support_filter_lzma(ar);
    if (s->filters & LSC__FILTER_ZSTD)
        archive_read_support_filter_zstd(ar);
    if (archive_read_open_memory(ar, p, n) != ARCHIVE_OK) {
        /* Opened but unreadable: the caller looks at the error. */
        return ar;
    }
    return ar;
}

/* Reads the current entry into b until it holds cap bytes, the entry
 * ends, or the byte budget is spent (then one more byte tells a bomb). */
int lsc__archive_read_entry(lsc__arscan *s, struct archive *ar, lsc__hbuf *b, size_t cap,
                      int *eof, int *bad)
{
    char tmp[16384];
    while (b->len < cap) {
        size_t want = LSC__MIN(sizeof tmp, cap - b->len);
        la_ssize_t got;
        if (s->budget == 0) {
            got = archive_read_data(ar, tmp, 1);
            if (got > 0) {
                s->a->pub.flags |= LSC_ATT_ARCHIVE_BOMB;
                s->stop = 1;
            } else if (got == 0) {
                *eof = 1;
            } else {
                *bad = 1;
            }
            return 0;
        }
        if (want > s->budget)
            want = (size_t)s->budget;
        got = archive_read_data(ar, tmp, want);
        if (got < 0) {
            *bad = 1;
            return 0;
        }
        if (got == 0) {
            *eof = 1;
            return 0;
        }
        s->budget -= (uint64_t)got;
        if (lsc__hbuf_append(b, tmp, (size_t)got) != 0)
            return LSC_ENOMEM;
    }
    return 0;
}

/* ---- zlib streams (PDF FlateDecode) ---- */

/* Output of one inflate call; the stream is consumed in pieces this big so
 * the cap is honoured without a buffer the size of the cap. */
#define INFLATE_CHUNK 16384

/* zlib's allocator hooks on the engine's allocator (no global state). */
static voidpf z_alloc(voidpf opaque, uInt items, uInt size)
{
    const lsc__alloc *al = opaque;
    if (size && items > (size_t)-1 / size)
        return Z_NULL;
    return lsc__malloc(al, (size_t)items * size);
}

static void z_free(voidpf opaque, voidpf p)
{
    const lsc__alloc *al = opaque;
    lsc__free(al, p);
}

int lsc__inflate_zlib(lsc__ctx *c, const unsigned char *p, size_t n,
                      size_t cap, lsc__hbuf *out)
{
    /* zlib reads RFC 1950 streams itself, header and Adler-32 trailer
     * included; a stream cut short or damaged keeps what inflated before
     * the damage, which is all a scan for names needs. */
    z_stream z;
    unsigned char tmp[INFLATE_CHUNK];
    int zr, rc = 0;
    size_t start = out->len;
    if (n < 2 || (p[0] & 0x0f) != 8 || ((p[0] << 8) | p[1]) % 31 != 0 ||
        (p[1] & 0x20))
        return 0;           /* not a zlib stream, or one with a dictionary */
    memset(&z, 0, sizeof z);
    z.zalloc = z_alloc;
    z.zfree = z_free;
    z.opaque = (voidpf)&c->eng->al;
    zr = inflateInit(&z);
    if (zr != Z_OK)
        return zr == Z_MEM_ERROR ? LSC_ENOMEM : 0;
    /* avail_in is a uInt: a larger stream is read as far as one uInt. */
    z.next_in = (Bytef *)(uintptr_t)p;
    z.avail_in = n > UINT_MAX ? UINT_MAX : (uInt)n;
    do {
        size_t want = LSC__MIN(sizeof tmp, cap - (out->len - start));
        if (want == 0)
            break;
        z.next_out = tmp;
        z.avail_out = (uInt)want;
        zr = inflate(&z, Z_NO_FLUSH);
        if (zr == Z_MEM_ERROR) {
            rc = LSC_ENOMEM;
            break;
        }
        if (want - z.avail_out &&
            lsc__hbuf_append(out, tmp, want - z.avail_out) != 0) {
            rc = LSC_ENOMEM;
            break;
        }
        /* Z_BUF_ERROR: no progress possible (input ended early). */
    } while (zr == Z_OK);
    inflateEnd(&z);
    return rc;
}

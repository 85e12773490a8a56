/*
 * reader.c - libarchive over memory, the one place that decompresses.
 *
 * Takes: bytes in memory and a scan (lsc__arscan: the byte budget left,
 * the filters this build of libarchive has).  Gives: a reader over them
 * (archive formats, or one compressed stream as a file), an entry's bytes
 * read within the budget (going over marks LSC_ATT_ARCHIVE_BOMB), and the
 * inflation of a zlib stream (lsc__inflate_zlib, for PDF FlateDecode).
 * archive.c lists archives with it, office.c's PDF scan inflates with it;
 * it calls neither, so the two no longer call each other.
 */
#include <archive.h>
#include <archive_entry.h>

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


int lsc__inflate_zlib(lsc__ctx *c, const unsigned char *p, size_t n,
                      size_t cap, lsc__hbuf *out)
{
    /* libarchive inflates gzip members, and a zlib stream (RFC 1950) is
     * the same deflate data behind a 2-byte header where gzip has 10: the
     * data is given a gzip header.  The trailers differ and are not
     * checked, so what inflates before the end is all that is used. */
    static const unsigned char gz[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff };
    lsc__arscan s;
    lsc__hbuf in;
    struct archive *ar;
    struct archive_entry *ae;
    int rc = 0, eof = 0, bad = 0;
    if (n < 2 || (p[0] & 0x0f) != 8 || ((p[0] << 8) | p[1]) % 31 != 0 ||
        (p[1] & 0x20))
        return 0;           /* not a zlib stream, or one with a dictionary */
    memset(&s, 0, sizeof s);
    s.c = c;
    s.filters = c->eng->attach ? c->eng->attach->filters : 0;
    if (!(s.filters & LSC__FILTER_GZIP))
        return 0;
    s.budget = cap;
    lsc__hbuf_init(&in, &c->eng->al);
    if (lsc__hbuf_append(&in, gz, sizeof gz) != 0 ||
        lsc__hbuf_append(&in, p + 2, n - 2) != 0) {
        lsc__hbuf_free(&in);
        return LSC_ENOMEM;
    }
    ar = lsc__archive_open_reader(&s, 1, (const unsigned char *)in.p, in.len);
    if (ar && archive_read_next_header(ar, &ae) == ARCHIVE_OK) {
        /* a scan without an attachment: the budget only stops reading */
        lsc__attach none;
        memset(&none, 0, sizeof none);
        s.a = &none;
        rc = lsc__archive_read_entry(&s, ar, out, cap, &eof, &bad);
    }
    if (ar)
        archive_read_free(ar);
    lsc__hbuf_free(&in);
    return rc;
}

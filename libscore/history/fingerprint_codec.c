/*
 * fingerprint_codec.c - owned copies of a fingerprint and its stable
 * binary form (encode, decode, free).
 *
 * Takes: a fingerprint, or bytes claimed to be an encoded one.  Gives: an
 * owned one-block copy, the encoding (versioned, little-endian, with a
 * checksum), or LSC_ECORRUPT / LSC_EVERSION for anything but exactly one
 * well-formed encoding.  Bounded by LSC_FINGERPRINT_MAX_BYTES.
 */
#include <stdlib.h>
#include <zlib.h>

#include "history/fingerprint.h"

/* ---- one-block owned copies ---- */

/* One block: the struct, domain pointers, sketch, chunks, domain bytes
 * (in that order, so each array is aligned). */
static lsc_fingerprint *alloc_owned(const lsc__alloc *al, size_t n_sketch,
                                    size_t n_chunks, size_t n_domains,
                                    size_t dom_bytes)
{
    size_t sz = sizeof(lsc_fingerprint) + n_domains * sizeof(char *) +
                n_sketch * sizeof(uint32_t) + n_chunks * sizeof(uint16_t) +
                dom_bytes;
    lsc_fingerprint *fp = lsc__malloc(al, sz);
    char *p;
    if (!fp)
        return NULL;
    memset(fp, 0, sizeof *fp);
    fp->al = *al;
    fp->owned = 1;
    p = (char *)(fp + 1);
    fp->domains = n_domains ? (char **)(void *)p : NULL;
    p += n_domains * sizeof(char *);
    fp->sketch = n_sketch ? (uint32_t *)(void *)p : NULL;
    p += n_sketch * sizeof(uint32_t);
    fp->chunks = n_chunks ? (uint16_t *)(void *)p : NULL;
    return fp;
}

static char *owned_domain_area(lsc_fingerprint *fp, size_t n_sketch,
                               size_t n_chunks, size_t n_domains)
{
    return (char *)(fp + 1) + n_domains * sizeof(char *) +
           n_sketch * sizeof(uint32_t) + n_chunks * sizeof(uint16_t);
}

int lsc__fingerprint_copy(lsc_fingerprint **out, const lsc__alloc *al,
                          const lsc_fingerprint *src)
{
    size_t i, dom_bytes = 0;
    lsc_fingerprint *fp;
    char *p;
    *out = NULL;
    for (i = 0; i < src->n_domains; i++)
        dom_bytes += strlen(src->domains[i]) + 1;
    fp = alloc_owned(al, src->n_sketch, src->n_chunks, src->n_domains,
                     dom_bytes);
    if (!fp)
        return LSC_ENOMEM;
    fp->time = src->time;
    fp->body_hash = src->body_hash;
    fp->n_words = src->n_words;
    fp->n_shingles = src->n_shingles;
    memcpy(fp->mh, src->mh, sizeof fp->mh);
    fp->n_sketch = src->n_sketch;
    if (src->n_sketch)
        memcpy(fp->sketch, src->sketch, src->n_sketch * sizeof(uint32_t));
    fp->n_chunks = src->n_chunks;
    if (src->n_chunks)
        memcpy(fp->chunks, src->chunks, src->n_chunks * sizeof(uint16_t));
    p = owned_domain_area(fp, src->n_sketch, src->n_chunks, src->n_domains);
    for (i = 0; i < src->n_domains; i++) {
        size_t l = strlen(src->domains[i]) + 1;
        memcpy(p, src->domains[i], l);
        fp->domains[i] = p;
        p += l;
    }
    fp->n_domains = src->n_domains;
    *out = fp;
    return 0;
}

void lsc_fingerprint_free(lsc_fingerprint *fp)
{
    lsc__alloc al;
    if (!fp || !fp->owned)
        return;
    al = fp->al;
    lsc__free(&al, fp);
}

/* ---- binary form, version 1 ----
 *
 *   "LSFP" u8 version=1 u8 flags=0 u16 k=128
 *   i64 time  u64 body_hash  u32 n_words  u32 n_shingles
 *   u16 mh[k]
 *   u16 n_sketch (<= LSC__SKETCH_K, <= n_shingles)
 *   u32 sketch[n_sketch] strictly ascending
 *   u16 n_chunks (<= LSC__FP_MAX_CHUNKS)  u16 chunks[n_chunks]
 *   u8 n_domains (<= LSC_FINGERPRINT_MAX_DOMAINS)
 *      { u8 len (1..253)  bytes[len] } sorted, unique, no upper case,
 *      no space or control bytes
 *   u32 crc32 (IEEE) of everything before it
 * All integers little-endian.  Anything else is LSC_ECORRUPT.
 */

#define FP_HEADER_BYTES (4 + 1 + 1 + 2 + 8 + 8 + 4 + 4)
/* The largest fingerprint must fit the public bound. */
typedef char fp_max_fits[(FP_HEADER_BYTES + 2 * LSC__MH_K + 2 +
                          4 * LSC__SKETCH_K + 2 +
                          2 * LSC__FP_MAX_CHUNKS + 1 +
                          LSC_FINGERPRINT_MAX_DOMAINS *
                              (1 + LSC__FP_MAX_DOMAIN_LEN) + 4 <=
                          LSC_FINGERPRINT_MAX_BYTES) ? 1 : -1];

/* CRC-32 (IEEE) from zlib, which libscore links already (attachments):
 * its word-at-a-time loop is seven times the byte table's speed, and a
 * similarity query that meets a template's copies cold decodes 33 of
 * them (the byte loop was most of a decode, 3.6 of 4.3 us). */
static uint32_t crc32_ieee(const unsigned char *p, size_t n)
{
    return (uint32_t)crc32(crc32(0L, Z_NULL, 0), p, (uInt)n);
}

size_t lsc__fingerprint_encoded_size(const lsc_fingerprint *fp)
{
    size_t n = FP_HEADER_BYTES + 2 * LSC__MH_K + 2 + 4 * (size_t)fp->n_sketch +
               2 + 2 * (size_t)fp->n_chunks + 1 + 4, i;
    for (i = 0; i < fp->n_domains; i++)
        n += 1 + strlen(fp->domains[i]);
    return n;
}

static unsigned char *put_le(unsigned char *p, uint64_t v, int bytes)
{
    int i;
    for (i = 0; i < bytes; i++)
        *p++ = (unsigned char)(v >> (8 * i));
    return p;
}

static int fp_valid(const lsc_fingerprint *fp)
{
    size_t i;
    if (fp->n_chunks > LSC__FP_MAX_CHUNKS ||
        fp->n_domains > LSC_FINGERPRINT_MAX_DOMAINS ||
        fp->n_sketch > LSC__SKETCH_K || fp->n_sketch > fp->n_shingles ||
        fp->n_shingles > fp->n_words || fp->n_words > LSC__SIM_MAX_WORDS ||
        fp->n_chunks > fp->n_words)
        return 0;
    for (i = 1; i < fp->n_sketch; i++)
        if (fp->sketch[i - 1] >= fp->sketch[i])
            return 0;
    for (i = 0; i < fp->n_domains; i++) {
        if (!fp->domains[i] ||
            !lsc__fp_domain_ok(fp->domains[i], strlen(fp->domains[i])))
            return 0;
        if (i && strcmp(fp->domains[i - 1], fp->domains[i]) >= 0)
            return 0;
    }
    return 1;
}

int lsc_fingerprint_encode(unsigned char *buf, size_t cap, size_t *len,
                           const lsc_fingerprint *fp, lsc_error *err)
{
    size_t need, i;
    unsigned char *p;
    if (!fp || !len)
        return lsc__error(err, LSC_EINVAL, "lsc_fingerprint_encode",
                          "fingerprint or len is NULL");
    if (!fp_valid(fp))
        return lsc__error(err, LSC_EINVAL, "lsc_fingerprint_encode",
                          "fingerprint out of its limits");
    need = lsc__fingerprint_encoded_size(fp);
    *len = need;
    if (!buf)
        return 0;
    if (cap < need)
        return lsc__error(err, LSC_ERANGE, "lsc_fingerprint_encode",
                          "buffer of %zu bytes, %zu needed", cap, need);
    p = buf;
    memcpy(p, "LSFP", 4);
    p += 4;
    *p++ = LSC__FP_VERSION;
    *p++ = 0;
    p = put_le(p, LSC__MH_K, 2);
    p = put_le(p, (uint64_t)fp->time, 8);
    p = put_le(p, fp->body_hash, 8);
    p = put_le(p, fp->n_words, 4);
    p = put_le(p, fp->n_shingles, 4);
    for (i = 0; i < LSC__MH_K; i++)
        p = put_le(p, fp->mh[i], 2);
    p = put_le(p, fp->n_sketch, 2);
    for (i = 0; i < fp->n_sketch; i++)
        p = put_le(p, fp->sketch[i], 4);
    p = put_le(p, fp->n_chunks, 2);
    for (i = 0; i < fp->n_chunks; i++)
        p = put_le(p, fp->chunks[i], 2);
    *p++ = (unsigned char)fp->n_domains;
    for (i = 0; i < fp->n_domains; i++) {
        size_t l = strlen(fp->domains[i]);
        *p++ = (unsigned char)l;
        memcpy(p, fp->domains[i], l);
        p += l;
    }
    p = put_le(p, crc32_ieee(buf, (size_t)(p - buf)), 4);
    return 0;
}

typedef struct reader {
    const unsigned char *p;
    size_t left;
} reader;

static uint32_t le32_at(const unsigned char *q)
{
    return (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 |
           (uint32_t)q[3] << 24;
}

static int get_le(reader *r, int bytes, uint64_t *v)
{
    int i;
    if (r->left < (size_t)bytes)
        return 0;
    *v = 0;
    for (i = 0; i < bytes; i++)
        *v |= (uint64_t)r->p[i] << (8 * i);
    r->p += bytes;
    r->left -= (size_t)bytes;
    return 1;
}

#define CORRUPT(why) \
    lsc__error(err, LSC_ECORRUPT, "lsc_fingerprint_decode", "%s", why)

int lsc__fingerprint_decode_al(lsc_fingerprint **out, const lsc__alloc *al,
                               const void *data, size_t len, lsc_error *err)
{
    const unsigned char *d = data;
    reader r;
    uint64_t v, n_chunks, n_domains, crc, n_sketch;
    uint64_t time, body_hash, n_words, n_shingles;
    uint16_t mh[LSC__MH_K];
    size_t i, dom_bytes = 0, chunks_at, domains_at, sketch_at;
    lsc_fingerprint *fp;
    char *area;

    if (!out)
        return lsc__error(err, LSC_EINVAL, "lsc_fingerprint_decode",
                          "out is NULL");
    *out = NULL;
    if (!data && len)
        return lsc__error(err, LSC_EINVAL, "lsc_fingerprint_decode",
                          "data is NULL");
    if (len < FP_HEADER_BYTES + 4 || len > LSC_FINGERPRINT_MAX_BYTES)
        return CORRUPT("length out of range");
    if (memcmp(d, "LSFP", 4) != 0)
        return CORRUPT("not a libscore fingerprint");
    /* The checksum first: a damaged version byte is damage, only an
     * intact fingerprint of another version is LSC_EVERSION. */
    crc = (uint64_t)d[len - 4] | (uint64_t)d[len - 3] << 8 |
          (uint64_t)d[len - 2] << 16 | (uint64_t)d[len - 1] << 24;
    if (crc32_ieee(d, len - 4) != (uint32_t)crc)
        return CORRUPT("checksum mismatch");
    if (d[4] != LSC__FP_VERSION)
        return lsc__error(err, LSC_EVERSION, "lsc_fingerprint_decode",
                          "fingerprint version %u, this library reads %d",
                          d[4], LSC__FP_VERSION);
    r.p = d + 5;
    r.left = len - 4 - 5;
    if (!get_le(&r, 1, &v) || v != 0)
        return CORRUPT("unknown flags");
    if (!get_le(&r, 2, &v) || v != LSC__MH_K)
        return CORRUPT("unexpected signature length");
    if (!get_le(&r, 8, &time) || !get_le(&r, 8, &body_hash) ||
        !get_le(&r, 4, &n_words) || !get_le(&r, 4, &n_shingles))
        return CORRUPT("truncated header");
    if (n_shingles > n_words || n_words > LSC__SIM_MAX_WORDS)
        return CORRUPT("word counts out of range");
    for (i = 0; i < LSC__MH_K; i++) {
        if (!get_le(&r, 2, &v))
            return CORRUPT("truncated signature");
        mh[i] = (uint16_t)v;
    }
    if (!get_le(&r, 2, &n_sketch) || n_sketch > LSC__SKETCH_K ||
        n_sketch > n_shingles || (n_shingles && !n_sketch))
        return CORRUPT("sketch size out of range");
    if (r.left < 4 * n_sketch)
        return CORRUPT("truncated sketch");
    sketch_at = (size_t)(r.p - d);
    for (i = 1; i < n_sketch; i++)
        if (le32_at(d + sketch_at + 4 * (i - 1)) >= le32_at(d + sketch_at + 4 * i))
            return CORRUPT("sketch not ascending");
    r.p += 4 * n_sketch;
    r.left -= 4 * n_sketch;
    if (!get_le(&r, 2, &n_chunks) || n_chunks > LSC__FP_MAX_CHUNKS ||
        n_chunks > n_words)
        return CORRUPT("chunk count out of range");
    if (r.left < 2 * n_chunks)
        return CORRUPT("truncated chunks");
    chunks_at = (size_t)(r.p - d);
    r.p += 2 * n_chunks;
    r.left -= 2 * n_chunks;
    if (!get_le(&r, 1, &n_domains) ||
        n_domains > LSC_FINGERPRINT_MAX_DOMAINS)
        return CORRUPT("domain count out of range");
    domains_at = (size_t)(r.p - d);
    /* First pass: validate the domains without allocating. */
    for (i = 0; i < n_domains; i++) {
        const unsigned char *prev = NULL;
        size_t prev_len = 0;
        if (!get_le(&r, 1, &v) || v == 0 || v > LSC__FP_MAX_DOMAIN_LEN ||
            r.left < v)
            return CORRUPT("bad domain length");
        if (!lsc__fp_domain_ok((const char *)r.p, (size_t)v))
            return CORRUPT("bad domain bytes");
        if (i) {
            /* the previous domain sits right before this length byte */
            const unsigned char *q = d + domains_at;
            size_t j;
            for (j = 0; j + 1 < i; j++)
                q += 1 + q[0];
            prev_len = q[0];
            prev = q + 1;
            {
                size_t m = LSC__MIN(prev_len, (size_t)v);
                int c = memcmp(prev, r.p, m);
                if (c > 0 || (c == 0 && prev_len >= v))
                    return CORRUPT("domains not sorted and unique");
            }
        }
        dom_bytes += (size_t)v + 1;
        r.p += v;
        r.left -= (size_t)v;
    }
    if (r.left != 0)
        return CORRUPT("trailing bytes");
    fp = alloc_owned(al, (size_t)n_sketch, (size_t)n_chunks,
                     (size_t)n_domains, dom_bytes);
    if (!fp)
        return lsc__error(err, LSC_ENOMEM, "lsc_fingerprint_decode",
                          "out of memory");
    fp->time = (int64_t)time;
    fp->body_hash = body_hash;
    fp->n_words = (uint32_t)n_words;
    fp->n_shingles = (uint32_t)n_shingles;
    memcpy(fp->mh, mh, sizeof mh);
    fp->n_sketch = (uint16_t)n_sketch;
    for (i = 0; i < n_sketch; i++)
        fp->sketch[i] = le32_at(d + sketch_at + 4 * i);
    fp->n_chunks = (uint16_t)n_chunks;
    for (i = 0; i < n_chunks; i++)
        fp->chunks[i] = (uint16_t)(d[chunks_at + 2 * i] |
                                   d[chunks_at + 2 * i + 1] << 8);
    area = owned_domain_area(fp, (size_t)n_sketch, (size_t)n_chunks,
                             (size_t)n_domains);
    {
        const unsigned char *q = d + domains_at;
        for (i = 0; i < n_domains; i++) {
            size_t l = q[0];
            memcpy(area, q + 1, l);
            area[l] = '\0';
            fp->domains[i] = area;
            area += l + 1;
            q += 1 + l;
        }
    }
    fp->n_domains = (size_t)n_domains;
    *out = fp;
    return 0;
}

int lsc_fingerprint_decode(lsc_fingerprint **out, const void *data,
                           size_t len, lsc_error *err)
{
    lsc__alloc al;
    lsc__alloc_init(&al, NULL);
    return lsc__fingerprint_decode_al(out, &al, data, len, err);
}

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

/* CRC-32 (IEEE), a byte at a time: loading a history checks every entry,
 * and the bit-by-bit loop was most of the reopen time. */
static uint32_t crc32_ieee(const unsigned char *p, size_t n)
{
    static const uint32_t tab[256] = {
        0x00000000u, 0x77073096u, 0xee0e612cu, 0x990951bau,
        0x076dc419u, 0x706af48fu, 0xe963a535u, 0x9e6495a3u,
        0x0edb8832u, 0x79dcb8a4u, 0xe0d5e91eu, 0x97d2d988u,
        0x09b64c2bu, 0x7eb17cbdu, 0xe7b82d07u, 0x90bf1d91u,
        0x1db71064u, 0x6ab020f2u, 0xf3b97148u, 0x84be41deu,
        0x1adad47du, 0x6ddde4ebu, 0xf4d4b551u, 0x83d385c7u,
        0x136c9856u, 0x646ba8c0u, 0xfd62f97au, 0x8a65c9ecu,
        0x14015c4fu, 0x63066cd9u, 0xfa0f3d63u, 0x8d080df5u,
        0x3b6e20c8u, 0x4c69105eu, 0xd56041e4u, 0xa2677172u,
        0x3c03e4d1u, 0x4b04d447u, 0xd20d85fdu, 0xa50ab56bu,
        0x35b5a8fau, 0x42b2986cu, 0xdbbbc9d6u, 0xacbcf940u,
        0x32d86ce3u, 0x45df5c75u, 0xdcd60dcfu, 0xabd13d59u,
        0x26d930acu, 0x51de003au, 0xc8d75180u, 0xbfd06116u,
        0x21b4f4b5u, 0x56b3c423u, 0xcfba9599u, 0xb8bda50fu,
        0x2802b89eu, 0x5f058808u, 0xc60cd9b2u, 0xb10be924u,
        0x2f6f7c87u, 0x58684c11u, 0xc1611dabu, 0xb6662d3du,
        0x76dc4190u, 0x01db7106u, 0x98d220bcu, 0xefd5102au,
        0x71b18589u, 0x06b6b51fu, 0x9fbfe4a5u, 0xe8b8d433u,
        0x7807c9a2u, 0x0f00f934u, 0x9609a88eu, 0xe10e9818u,
        0x7f6a0dbbu, 0x086d3d2du, 0x91646c97u, 0xe6635c01u,
        0x6b6b51f4u, 0x1c6c6162u, 0x856530d8u, 0xf262004eu,
        0x6c0695edu, 0x1b01a57bu, 0x8208f4c1u, 0xf50fc457u,
        0x65b0d9c6u, 0x12b7e950u, 0x8bbeb8eau, 0xfcb9887cu,
        0x62dd1ddfu, 0x15da2d49u, 0x8cd37cf3u, 0xfbd44c65u,
        0x4db26158u, 0x3ab551ceu, 0xa3bc0074u, 0xd4bb30e2u,
        0x4adfa541u, 0x3dd895d7u, 0xa4d1c46du, 0xd3d6f4fbu,
        0x4369e96au, 0x346ed9fcu, 0xad678846u, 0xda60b8d0u,
        0x44042d73u, 0x33031de5u, 0xaa0a4c5fu, 0xdd0d7cc9u,
        0x5005713cu, 0x270241aau, 0xbe0b1010u, 0xc90c2086u,
        0x5768b525u, 0x206f85b3u, 0xb966d409u, 0xce61e49fu,
        0x5edef90eu, 0x29d9c998u, 0xb0d09822u, 0xc7d7a8b4u,
        0x59b33d17u, 0x2eb40d81u, 0xb7bd5c3bu, 0xc0ba6cadu,
        0xedb88320u, 0x9abfb3b6u, 0x03b6e20cu, 0x74b1d29au,
        0xead54739u, 0x9dd277afu, 0x04db2615u, 0x73dc1683u,
        0xe3630b12u, 0x94643b84u, 0x0d6d6a3eu, 0x7a6a5aa8u,
        0xe40ecf0bu, 0x9309ff9du, 0x0a00ae27u, 0x7d079eb1u,
        0xf00f9344u, 0x8708a3d2u, 0x1e01f268u, 0x6906c2feu,
        0xf762575du, 0x806567cbu, 0x196c3671u, 0x6e6b06e7u,
        0xfed41b76u, 0x89d32be0u, 0x10da7a5au, 0x67dd4accu,
        0xf9b9df6fu, 0x8ebeeff9u, 0x17b7be43u, 0x60b08ed5u,
        0xd6d6a3e8u, 0xa1d1937eu, 0x38d8c2c4u, 0x4fdff252u,
        0xd1bb67f1u, 0xa6bc5767u, 0x3fb506ddu, 0x48b2364bu,
        0xd80d2bdau, 0xaf0a1b4cu, 0x36034af6u, 0x41047a60u,
        0xdf60efc3u, 0xa867df55u, 0x316e8eefu, 0x4669be79u,
        0xcb61b38cu, 0xbc66831au, 0x256fd2a0u, 0x5268e236u,
        0xcc0c7795u, 0xbb0b4703u, 0x220216b9u, 0x5505262fu,
        0xc5ba3bbeu, 0xb2bd0b28u, 0x2bb45a92u, 0x5cb36a04u,
        0xc2d7ffa7u, 0xb5d0cf31u, 0x2cd99e8bu, 0x5bdeae1du,
        0x9b64c2b0u, 0xec63f226u, 0x756aa39cu, 0x026d930au,
        0x9c0906a9u, 0xeb0e363fu, 0x72076785u, 0x05005713u,
        0x95bf4a82u, 0xe2b87a14u, 0x7bb12baeu, 0x0cb61b38u,
        0x92d28e9bu, 0xe5d5be0du, 0x7cdcefb7u, 0x0bdbdf21u,
        0x86d3d2d4u, 0xf1d4e242u, 0x68ddb3f8u, 0x1fda836eu,
        0x81be16cdu, 0xf6b9265bu, 0x6fb077e1u, 0x18b74777u,
        0x88085ae6u, 0xff0f6a70u, 0x66063bcau, 0x11010b5cu,
        0x8f659effu, 0xf862ae69u, 0x616bffd3u, 0x166ccf45u,
        0xa00ae278u, 0xd70dd2eeu, 0x4e048354u, 0x3903b3c2u,
        0xa7672661u, 0xd06016f7u, 0x4969474du, 0x3e6e77dbu,
        0xaed16a4au, 0xd9d65adcu, 0x40df0b66u, 0x37d83bf0u,
        0xa9bcae53u, 0xdebb9ec5u, 0x47b2cf7fu, 0x30b5ffe9u,
        0xbdbdf21cu, 0xcabac28au, 0x53b39330u, 0x24b4a3a6u,
        0xbad03605u, 0xcdd70693u, 0x54de5729u, 0x23d967bfu,
        0xb3667a2eu, 0xc4614ab8u, 0x5d681b02u, 0x2a6f2b94u,
        0xb40bbe37u, 0xc30c8ea1u, 0x5a05df1bu, 0x2d02ef8du
    };
    uint32_t c = 0xffffffffu;
    size_t i;
    for (i = 0; i < n; i++)
        c = (c >> 8) ^ tab[(c ^ p[i]) & 0xffu];
    return c ^ 0xffffffffu;
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

/*
 * fuzz_fingerprint.c - libFuzzer target: the history's fingerprint
 * decoder, and a history fed with what it accepts.
 *
 * Takes: any bytes.  An odd first byte: the rest gets its CRC-32 appended
 * (so the fuzzer gets past the checksum into the fields); an even one: the
 * rest is decoded as it is.  Gives: a crash, a sanitizer report or an
 * abort when a promise breaks: damage is LSC_ECORRUPT/LSC_EVERSION with
 * nothing returned; an accepted fingerprint encodes back to exactly the
 * same bytes (the form is canonical), is fully similar to itself or has no
 * words, and goes into and comes back out of an in-memory history.
 * Limits: inputs over LSC_FINGERPRINT_MAX_BYTES are only decoded.
 */
#include <stdint.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t fz_crc32(const unsigned char *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    size_t i;
    int k;
    for (i = 0; i < n; i++) {
        c ^= p[i];
        for (k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
    }
    return c ^ 0xffffffffu;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *buf, *again = NULL;
    size_t n, len2 = 0, i, nd;
    lsc_fingerprint *fp = NULL, *back = NULL;
    lsc_history *h = NULL;
    lsc_error err;
    int rc;

    if (size < 1)
        return 0;
    n = size - 1;
    buf = malloc(n + 4 + 1);
    if (!buf)
        return 0;
    if (n)
        memcpy(buf, data + 1, n);
    if (data[0] & 1) {
        uint32_t c = fz_crc32(buf, n);
        buf[n++] = (unsigned char)c;
        buf[n++] = (unsigned char)(c >> 8);
        buf[n++] = (unsigned char)(c >> 16);
        buf[n++] = (unsigned char)(c >> 24);
    }
    memset(&err, 0, sizeof err);
    rc = lsc_fingerprint_decode(&fp, buf, n, &err);
    if (rc != 0) {
        FZ_CHECK(fp == NULL);
        FZ_CHECK(rc == LSC_ECORRUPT || rc == LSC_EVERSION || rc == LSC_EINVAL);
        FZ_CHECK(err.code == rc);
        goto done;
    }
    FZ_CHECK(fp != NULL);
    FZ_CHECK(n <= LSC_FINGERPRINT_MAX_BYTES);
    /* canonical: encoding gives back the very bytes */
    rc = lsc_fingerprint_encode(NULL, 0, &len2, fp, NULL);
    FZ_CHECK(rc == 0);
    FZ_CHECK(len2 == n);
    again = malloc(len2 ? len2 : 1);
    if (again) {
        rc = lsc_fingerprint_encode(again, len2, &len2, fp, NULL);
        FZ_CHECK(rc == 0 && len2 == n && memcmp(again, buf, n) == 0);
    }
    nd = lsc_fingerprint_domain_count(fp);
    FZ_CHECK(nd <= LSC_FINGERPRINT_MAX_DOMAINS);
    for (i = 0; i < nd; i++) {
        const char *d = lsc_fingerprint_domain(fp, i);
        FZ_CHECK(d != NULL && *d != '\0');
    }
    FZ_CHECK(lsc_fingerprint_domain(fp, nd) == NULL);
    {
        double s = lsc_fingerprint_similarity(fp, fp);
        FZ_CHECK(s >= 0.0 && s <= 1.0);
    }
    /* into a history and back out */
    {
        lsc_history_options ho;
        lsc_history_filter q = LSC_HISTORY_FILTER_INIT;
        lsc_history_match m[4];
        size_t count = 0, got = 0;
        lsc_history_options_init(&ho);
        ho.now = lsc_fingerprint_time(fp);
        ho.max_age = INT64_MAX / 4;
        if (lsc_history_open(&h, ":memory:", &ho, NULL) != 0)
            goto done;
        rc = lsc_history_add(h, fp, NULL);
        FZ_CHECK(rc == 0 || rc == LSC_ENOMEM);
        if (rc != 0)
            goto done;
        q.like = fp;
        q.min_similarity = 0.0;
        lsc_history_match_init(m, 4);
        rc = lsc_history_query(m, 4, &got, &count, h, &q, NULL);
        FZ_CHECK(rc == 0);
        FZ_CHECK(got <= count && got <= 4);
        if (got > 0) {
            FZ_CHECK(m[0].similarity >= 0.0 && m[0].similarity <= 1.0);
            rc = lsc_history_get(&back, h, m[0].id, NULL);
            FZ_CHECK(rc == 0);
            if (rc == 0)
                FZ_CHECK(lsc_fingerprint_domain_count(back) == nd);
        }
    }
done:
    lsc_history_close(h);
    lsc_fingerprint_free(back);
    lsc_fingerprint_free(fp);
    free(again);
    free(buf);
    return 0;
}

/*
 * fuzz_draft.c - libFuzzer target: the draft API (lsc_draft_mime,
 * lsc_draft_score with and without a cache).
 *
 * Takes: any bytes, cut at 0xFF bytes into the draft's fields in order
 * (from, to, cc, bcc, reply-to, subject, text, html, in-reply-to,
 * references, one extra header's name and value, then attachments as
 * filename, content type, data, content id); the first byte says which
 * fields are absent (NULL) and whether attachments are inline.  Gives: a
 * crash, a sanitizer report or an abort when a promise breaks: the
 * draft's score must equal lsc_score() of lsc_draft_mime()'s text, a
 * cached rescoring must equal the first, and CR/LF in fields must not
 * inject header lines.  Limits: at most 4 attachments; data always in
 * memory (never a path).
 */
#include <stdint.h>

#include "fuzz.h"

#define FZ_DRAFT_FIELDS 12
#define FZ_DRAFT_ATT 4

static lsc_engine *fz_draft_engine;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *fz_draft_json(lsc_result *r)
{
    char *js = NULL;
    size_t len = 0;
    if (!r || lsc_result_json(&js, &len, r, LSC_JSON_PARTS, NULL) != 0)
        return NULL;
    return js;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *f[FZ_DRAFT_FIELDS + 4 * FZ_DRAFT_ATT];
    size_t fl[FZ_DRAFT_FIELDS + 4 * FZ_DRAFT_ATT];
    lsc_draft_attachment att[FZ_DRAFT_ATT];
    lsc_draft_header hdr;
    lsc_draft d;
    lsc_score_options so;
    lsc_result *r1 = NULL, *r2 = NULL, *r3 = NULL;
    lsc_draft_cache *cache = NULL;
    char *mime = NULL, *j1 = NULL, *j2 = NULL, *j3 = NULL;
    size_t mlen = 0, nf = 0, i, pos, start, na = 0;
    unsigned absent;
    int rc, rc2;

    if (!fz_draft_engine && lsc_engine_new(&fz_draft_engine, NULL, NULL) != 0)
        abort();
    if (size < 1)
        return 0;
    absent = data[0];
    memset(f, 0, sizeof f);
    memset(fl, 0, sizeof fl);
    for (pos = 1, start = 1; pos <= size && nf < sizeof f / sizeof f[0]; pos++) {
        if (pos == size || data[pos] == 0xff) {
            f[nf] = (const char *)data + start;
            fl[nf] = pos - start;
            nf++;
            start = pos + 1;
        }
    }
    lsc_draft_init(&d);
    /* bit k (k < 7) of the first byte drops field k; bit 7 makes the
     * attachments that have a content id inline */
#define FZ_FIELD(k, p, l) \
    do { \
        if ((k) < nf && ((k) >= 7 || !(absent & (1u << (k))))) { \
            d.p = f[k]; \
            d.l = fl[k]; \
        } \
    } while (0)
    FZ_FIELD(0, from, from_len);
    FZ_FIELD(1, to, to_len);
    FZ_FIELD(2, cc, cc_len);
    FZ_FIELD(3, bcc, bcc_len);
    FZ_FIELD(4, reply_to, reply_to_len);
    FZ_FIELD(5, subject, subject_len);
    FZ_FIELD(6, text, text_len);
    FZ_FIELD(7, html, html_len);
    FZ_FIELD(8, in_reply_to, in_reply_to_len);
    FZ_FIELD(9, references, references_len);
#undef FZ_FIELD
    if (nf > 11 && fl[10] > 0) {
        hdr.name = f[10];
        hdr.name_len = fl[10];
        hdr.value = f[11];
        hdr.value_len = fl[11];
        d.headers = &hdr;
        d.n_headers = 1;
    }
    memset(att, 0, sizeof att);
    for (i = FZ_DRAFT_FIELDS; i + 2 < nf && na < FZ_DRAFT_ATT; i += 4) {
        lsc_draft_attachment *a = &att[na];
        a->filename = f[i];
        a->filename_len = fl[i];
        if (fl[i + 1]) {
            a->content_type = f[i + 1];
            a->content_type_len = fl[i + 1];
        }
        a->data = f[i + 2];
        a->data_len = fl[i + 2];
        if (i + 3 < nf && fl[i + 3]) {
            a->content_id = f[i + 3];
            a->content_id_len = fl[i + 3];
            if (absent & 0x80)
                a->flags = LSC_ATTACH_INLINE;
        }
        na++;
    }
    d.attachments = na ? att : NULL;
    d.n_attachments = na;

    lsc_score_options_init(&so);
    so.now = 1700000000;
    rc = lsc_draft_mime(&mime, &mlen, fz_draft_engine, &d, NULL);
    rc2 = lsc_draft_score(&r1, fz_draft_engine, &d, &so, NULL, NULL);
    FZ_CHECK((rc == 0) == (rc2 == 0));
    if (rc != 0) {
        FZ_CHECK(rc == LSC_EINVAL || rc == LSC_ENOMEM);
        goto done;
    }
    FZ_CHECK(mime != NULL && mime[mlen] == '\0');
    {
        /* header block: every line is a field or a continuation, and only
         * the fields the draft sets (plus MIME's own) appear */
        const char *end = strstr(mime, "\r\n\r\n");
        const char *p = mime;
        size_t fields = 0;
        FZ_CHECK(end != NULL);
        while (end && p < end) {
            const char *nl = strstr(p, "\r\n");
            if (*p != ' ' && *p != '\t') {
                FZ_CHECK(memchr(p, ':', (size_t)(nl - p)) != NULL);
                fields++;
            }
            p = nl + 2;
        }
        FZ_CHECK(fields <= 16 + d.n_headers);
        for (p = mime; p < mime + mlen; p++)
            FZ_CHECK(*p != '\r' || p[1] == '\n');
    }
    rc = lsc_score(&r2, fz_draft_engine, mime, mlen, &so, NULL);
    FZ_CHECK(rc == 0 && r1 != NULL);
    fz_check_result(r1, 0);
    j1 = fz_draft_json(r1);
    j2 = fz_draft_json(r2);
    FZ_CHECK(j1 && j2 && strcmp(j1, j2) == 0);
    /* twice through a cache: the second is served from it and must agree */
    if (lsc_draft_cache_new(&cache, fz_draft_engine, 4, NULL) == 0) {
        lsc_result_free(r3);
        r3 = NULL;
        rc = lsc_draft_score(&r3, fz_draft_engine, &d, &so, cache, NULL);
        FZ_CHECK(rc == 0);
        lsc_result_free(r3);
        r3 = NULL;
        rc = lsc_draft_score(&r3, fz_draft_engine, &d, &so, cache, NULL);
        FZ_CHECK(rc == 0);
        j3 = fz_draft_json(r3);
        FZ_CHECK(j3 && j1 && strcmp(j1, j3) == 0);
        lsc_draft_cache_free(cache);
    }
done:
    lsc_string_free(j1);
    lsc_string_free(j2);
    lsc_string_free(j3);
    lsc_string_free(mime);
    lsc_result_free(r1);
    lsc_result_free(r2);
    lsc_result_free(r3);
    return 0;
}

/*
 * fuzz_attach.c - libFuzzer target: the attachments stage (libmagic,
 * libarchive, the OLE and PDF readers, file names) on any bytes.
 *
 * Takes: any bytes.  The first byte picks a file name (so that name checks
 * and every content reader are reached), the rest is the attachment's
 * content, sent base64 in a fixed MIME message and scored.  Gives: a crash,
 * a sanitizer report or an abort on a broken invariant of the attachment
 * facts.  A second engine with tiny archive limits reaches the limit paths
 * with short inputs.
 */
#include <stdint.h>

#include "fuzz.h"

static lsc_engine *fz_att_engine, *fz_att_small;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const fz_att_names[] = {
    "a.zip", "a.docx", "a.doc", "a.pdf", "a.exe", "a.tar.gz", "a.7z",
    "a.rar", "a.pdf.exe", ("r\xe2\x80\xae" "fdp.scr"), "a.iso", "a.xlsm",
    "a.bin", "a.gz", "a.xz", "a.bz2"
};

static void fz_att_check(const lsc_result *r)
{
    size_t i, j, n = lsc_result_attachment_count(r);
    for (i = 0; i < n; i++) {
        const lsc_attachment *a = lsc_result_attachment(r, i);
        FZ_CHECK(a != NULL);
        FZ_CHECK(a->declared_type != NULL);
        FZ_CHECK(lsc_result_part(r, a->part) != NULL);
        FZ_CHECK(a->n_entries == 0 || a->entries != NULL);
        for (j = 0; j < a->n_entries; j++) {
            const lsc_archive_entry *e = lsc_attachment_entry(a, j);
            FZ_CHECK(e->name && e->path);
            FZ_CHECK(fz_utf8_ok(e->name, strlen(e->name)));
            FZ_CHECK(e->depth >= 1);
            FZ_CHECK(e->parent == (size_t)-1 || e->parent < j);
        }
    }
    FZ_CHECK(lsc_result_attachment(r, n) == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char b64[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char head[512], *m;
    size_t hl, i, o, cap;
    const uint8_t *body;
    size_t blen;
    int k;

    if (!fz_att_engine) {
        lsc_options o2;
        lsc_options_init(&o2);
        if (lsc_engine_new(&fz_att_engine, &o2, NULL) != 0)
            abort();
        o2.limits.max_archive_entries = 3;
        o2.limits.max_archive_depth = 2;
        o2.limits.max_archive_bytes = 4096;
        if (lsc_engine_new(&fz_att_small, &o2, NULL) != 0)
            abort();
    }
    if (size == 0)
        return 0;
    body = data + 1;
    blen = size - 1;
    hl = (size_t)snprintf(head, sizeof head,
        "From: a@example.com\r\nTo: b@outlook.com\r\nSubject: f\r\n"
        "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n"
        "\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--b\r\n"
        "Content-Type: application/octet-stream\r\n"
        "Content-Disposition: attachment; filename*=UTF-8''%s\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n",
        fz_att_names[data[0] % (sizeof fz_att_names / sizeof fz_att_names[0])]);
    cap = hl + (blen + 2) / 3 * 4 + blen / 57 * 2 + 16;
    m = malloc(cap);
    if (!m)
        return 0;
    memcpy(m, head, hl);
    o = hl;
    for (i = 0; i < blen; i += 3) {
        uint32_t v = (uint32_t)body[i] << 16;
        size_t left = blen - i;
        if (left > 1)
            v |= (uint32_t)body[i + 1] << 8;
        if (left > 2)
            v |= body[i + 2];
        m[o++] = b64[v >> 18];
        m[o++] = b64[(v >> 12) & 63];
        m[o++] = left > 1 ? b64[(v >> 6) & 63] : '=';
        m[o++] = left > 2 ? b64[v & 63] : '=';
        if ((i / 3 + 1) % 19 == 0) {
            m[o++] = '\r';
            m[o++] = '\n';
        }
    }
    memcpy(m + o, "\r\n--b--\r\n", 9);
    o += 9;
    for (k = 0; k < 2; k++) {
        lsc_result *r = NULL;
        int rc = lsc_score(&r, k ? fz_att_small : fz_att_engine, m, o, NULL,
                           NULL);
        FZ_CHECK(rc == 0 || rc == LSC_ENOMEM);
        if (r)
            fz_att_check(r);
        lsc_result_free(r);
    }
    free(m);
    return 0;
}

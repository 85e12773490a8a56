/*
 * test_draft.c - the draft API: the MIME it builds is correct (checked by
 * decoding it back here), scoring a draft equals scoring that MIME (for
 * drafts that touch every rule family, with and without a cache, from
 * bytes and from files), the cache reuses unchanged attachments, errors
 * and limits, and every allocation failure is LSC_ENOMEM without a leak.
 *
 * Equality is asserted between the two paths, never on fixed scores, so
 * it holds whatever the stages and rules do as they land.
 */
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "test.h"

static lsc_engine *eng;
/* What the last same_both_ways saw on its second cached scoring. */
static uint64_t last_facts_reused;
static size_t last_attachments;
/* How same_both_ways scores: mode and history (tests set them). */
static lsc_mode cur_mode = LSC_MODE_DRAFT;
static lsc_history *cur_history;
/* Rules that fired on some draft compared by same_both_ways. */
static char fired_ids[4096];

/* Everything the attachments stage said, as one string. */
static char *attach_sig(const lsc_result *r)
{
    size_t cap = 1 << 16, k = 0, i, j;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    s[0] = '\0';
#define ADD(...) do { if (k < cap) k += (size_t)snprintf(s + k, cap - k, __VA_ARGS__); } while (0)
    ADD("bytes %llu limit %llu;", (unsigned long long)lsc_result_message_bytes(r),
        (unsigned long long)lsc_result_size_limit(r, NULL));
    for (i = 0; i < lsc_result_attachment_count(r); i++) {
        const lsc_attachment *a = lsc_result_attachment(r, i);
        ADD("[%zu %s %s %s %s %s %s %llu %llu %x %llu:", a->part,
            a->filename ? a->filename : "-", a->extension ? a->extension : "-",
            a->extensions ? a->extensions : "-", a->declared_type,
            a->real_type ? a->real_type : "-", a->kind ? a->kind : "-",
            (unsigned long long)a->decoded_bytes,
            (unsigned long long)a->encoded_bytes, a->flags,
            (unsigned long long)a->archive_bytes);
        for (j = 0; j < a->n_entries; j++) {
            const lsc_archive_entry *e = &a->entries[j];
            ADD(" (%s|%s|%llu|%u|%zu|%x)", e->name ? e->name : "-",
                e->path ? e->path : "-", (unsigned long long)e->size,
                e->depth, e->parent, e->flags);
        }
        ADD("]");
    }
#undef ADD
    return s;
}

/* A zip (stored entries) written with libarchive. */
static unsigned char *make_zip(const char *const *names,
                               const unsigned char *const *data,
                               const size_t *lens, size_t n, size_t *out_len)
{
    size_t cap = 65536, used = 0, i;
    unsigned char *buf = malloc(cap);
    struct archive *a = archive_write_new();
    archive_write_set_format_zip(a);
    archive_write_set_options(a, "zip:compression=store");
    archive_write_open_memory(a, buf, cap, &used);
    for (i = 0; i < n; i++) {
        struct archive_entry *e = archive_entry_new();
        archive_entry_set_pathname(e, names[i]);
        archive_entry_set_size(e, (la_int64_t)lens[i]);
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_write_header(a, e);
        archive_write_data(a, data[i], lens[i]);
        archive_entry_free(e);
    }
    archive_write_close(a);
    archive_write_free(a);
    *out_len = used;
    return buf;
}

/* Scores the draft both ways (and twice through one cache) and checks
 * the JSON of all of them is the same.  Returns the MIME path's JSON. */
static int same_both_ways(const lsc_draft *d, const char *name)
{
    char *mime = NULL, *j1 = NULL, *j2 = NULL, *j3 = NULL, *j4 = NULL;
    size_t len = 0;
    lsc_result *r1 = NULL, *r2 = NULL, *r3 = NULL, *r4 = NULL;
    lsc_draft_cache *cache = NULL;
    lsc_score_options so;
    lsc_error err;
    int ok = 1;

    lsc_score_options_init(&so);
    so.now = 1750000000;   /* same clock for every path */
    so.mode = cur_mode;
    so.history = cur_history;
    CHECK_EQ_INT(lsc_draft_mime(&mime, &len, eng, d, &err), 0);
    CHECK(mime && strlen(mime) == len);
    CHECK_EQ_INT(lsc_score(&r1, eng, mime, len, &so, &err), 0);
    CHECK_EQ_INT(lsc_draft_score(&r2, eng, d, &so, NULL, &err), 0);
    CHECK_EQ_INT(lsc_draft_cache_new(&cache, eng, 0, &err), 0);
    CHECK_EQ_INT(lsc_draft_score(&r3, eng, d, &so, cache, &err), 0);
    CHECK_EQ_INT(lsc_draft_score(&r4, eng, d, &so, cache, &err), 0);
    lsc_draft_cache_stats(cache, NULL, NULL, &last_facts_reused);
    last_attachments = lsc_result_attachment_count(r4);
    {
        size_t h;
        for (h = 0; r1 && h < lsc_result_hit_count(r1); h++) {
            const char *id = lsc_result_hit(r1, h)->id;
            char key[80];
            snprintf(key, sizeof key, " %s ", id);
            if (!strstr(fired_ids, key) &&
                strlen(fired_ids) + strlen(key) < sizeof fired_ids) {
                if (!fired_ids[0])
                    strcpy(fired_ids, " ");
                strcat(fired_ids, key + 1);
            }
        }
    }
    j1 = t_result_json(r1);
    j2 = t_result_json(r2);
    j3 = t_result_json(r3);
    j4 = t_result_json(r4);
    {
        /* the attachments stage's facts too, also when reused (r4) */
        char *a1 = attach_sig(r1), *a2 = attach_sig(r2), *a3 = attach_sig(r3),
             *a4 = attach_sig(r4);
        if (!a1 || !a2 || !a3 || !a4 || strcmp(a1, a2) || strcmp(a1, a3) ||
            strcmp(a1, a4)) {
            printf("#   %s: attachment facts differ\n#   mime:   %.400s\n"
                   "#   cached: %.400s\n", name, a1 ? a1 : "-", a4 ? a4 : "-");
            ok = 0;
        }
        free(a1);
        free(a2);
        free(a3);
        free(a4);
    }
    if (!j1 || !j2 || !j3 || !j4 || strcmp(j1, j2) != 0 ||
        strcmp(j1, j3) != 0 || strcmp(j1, j4) != 0) {
        printf("#   %s: draft and MIME results differ\n#   mime: %.300s\n"
               "#   draft: %.300s\n#   cached: %.300s\n", name,
               j1 ? j1 : "-", j2 ? j2 : "-", j4 ? j4 : "-");
        ok = 0;
    }
    CHECK(ok);
    lsc_string_free(j1);
    lsc_string_free(j2);
    lsc_string_free(j3);
    lsc_string_free(j4);
    lsc_result_free(r1);
    lsc_result_free(r2);
    lsc_result_free(r3);
    lsc_result_free(r4);
    lsc_draft_cache_free(cache);
    lsc_string_free(mime);
    return ok;
}

static int is_ascii_only(const char *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if ((unsigned char)p[i] >= 0x80)
            return 0;
    return 1;
}

/* ---- small independent decoders for checking the MIME text ---- */

static int b64v(int ch)
{
    if (ch >= 'A' && ch <= 'Z') return ch - 'A';
    if (ch >= 'a' && ch <= 'z') return ch - 'a' + 26;
    if (ch >= '0' && ch <= '9') return ch - '0' + 52;
    if (ch == '+') return 62;
    if (ch == '/') return 63;
    return -1;
}

static size_t b64_decode(unsigned char *out, const char *in, size_t n)
{
    size_t i, o = 0;
    unsigned acc = 0;
    int bits = 0;
    for (i = 0; i < n; i++) {
        int v = b64v((unsigned char)in[i]);
        if (v < 0)
            continue;
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (unsigned char)(acc >> bits);
        }
    }
    return o;
}

static int hexv(int ch)
{
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

static size_t qp_decode(char *out, const char *in, size_t n)
{
    size_t i, o = 0;
    for (i = 0; i < n; i++) {
        if (in[i] == '=' && i + 2 < n && in[i + 1] == '\r' && in[i + 2] == '\n') {
            i += 2;
        } else if (in[i] == '=' && i + 2 < n && hexv(in[i + 1]) >= 0 &&
                   hexv(in[i + 2]) >= 0) {
            out[o++] = (char)(hexv(in[i + 1]) * 16 + hexv(in[i + 2]));
            i += 2;
        } else {
            out[o++] = in[i];
        }
    }
    return o;
}

/* Unfolds a header value and decodes its B encoded-words (the only kind
 * the builder writes); whitespace between adjacent words is dropped. */
static size_t header_decode(char *out, const char *v, size_t n)
{
    size_t i = 0, o = 0, pending_ws = 0, pend_at = 0;
    int last_ew = 0;
    char unf[4096];
    size_t un = 0;
    for (i = 0; i < n && un < sizeof unf; i++)
        if (v[i] != '\r' && v[i] != '\n')
            unf[un++] = v[i];
    i = 0;
    while (i < un) {
        if (unf[i] == ' ' || unf[i] == '\t') {
            if (!pending_ws)
                pend_at = i;
            pending_ws++;
            i++;
            continue;
        }
        if (un - i > 10 && memcmp(unf + i, "=?UTF-8?B?", 10) == 0) {
            const char *end = strstr(unf + i + 10, "?=");
            size_t k = (size_t)(end - (unf + i + 10));
            if (pending_ws && !last_ew) {
                memcpy(out + o, unf + pend_at, pending_ws);
                o += pending_ws;
            }
            o += b64_decode((unsigned char *)out + o, unf + i + 10, k);
            i += 10 + k + 2;
            last_ew = 1;
        } else {
            if (pending_ws) {
                memcpy(out + o, unf + pend_at, pending_ws);
                o += pending_ws;
            }
            out[o++] = unf[i++];
            last_ew = 0;
        }
        pending_ws = 0;
    }
    if (pending_ws) {
        memcpy(out + o, unf + pend_at, pending_ws);
        o += pending_ws;
    }
    out[o] = '\0';
    return o;
}

/* The raw (folded) value of header name in the top header block. */
static const char *find_header(const char *mime, const char *name, size_t *len)
{
    size_t nl = strlen(name);
    const char *p = mime, *end = strstr(mime, "\r\n\r\n");
    while (p && p < end) {
        if (strncmp(p, name, nl) == 0 && p[nl] == ':') {
            const char *v = p + nl + 1, *e = v;
            while (*v == ' ')
                v++;
            e = v;
            while (e < end && !(e[0] == '\r' && e[1] == '\n' &&
                                e[2] != ' ' && e[2] != '\t'))
                e++;
            *len = (size_t)(e - v);
            return v;
        }
        p = strstr(p, "\r\n");
        if (p)
            p += 2;
    }
    return NULL;
}

static int lines_ok(const char *mime, size_t max)
{
    const char *p = mime;
    while (*p) {
        const char *e = strstr(p, "\r\n");
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n > max)
            return 0;
        if (memchr(p, '\n', n) || memchr(p, '\r', n))
            return 0;   /* bare CR or LF */
        if (!e)
            break;
        p = e + 2;
    }
    return 1;
}

/* ---- the drafts ---- */

/* The setup most drafts share: a fresh draft to one recipient with a
 * subject and, unless text is NULL, a plain-text body (NUL-terminated). */
static void draft_letter(lsc_draft *d, const char *to, const char *subject,
                         const char *text)
{
    lsc_draft_init(d);
    d->to = to;
    d->to_len = LSC_NTS;
    d->subject = subject;
    d->subject_len = LSC_NTS;
    if (text) {
        d->text = text;
        d->text_len = LSC_NTS;
    }
}

static const char *long_para =
    "Thank you for your order of 12 pallets; the shipment leaves Ningbo on "
    "Friday and the bill of lading follows by mail once the vessel sails.";

TEST(init_and_version)
{
    lsc_draft d;
    static const lsc_draft di = LSC_DRAFT_INIT;
    lsc_result *r = NULL;
    lsc_error err;
    memset(&d, 0x5a, sizeof d);
    lsc_draft_init(&d);
    CHECK_EQ_INT(d.version, LSC_DRAFT_VERSION);
    CHECK(d.subject == NULL && d.attachments == NULL && d.n_headers == 0);
    CHECK(memcmp(&d, &di, sizeof d) == 0);
    d.version = 77;
    CHECK_EQ_INT(lsc_draft_score(&r, eng, &d, NULL, NULL, &err), LSC_EVERSION);
    CHECK(r == NULL);
    CHECK(strstr(err.message, "77") != NULL);
    CHECK_EQ_INT(lsc_draft_score(NULL, eng, &d, NULL, NULL, NULL), LSC_EINVAL);
    lsc_draft_init(&d);
    CHECK_EQ_INT(lsc_draft_score(&r, NULL, &d, NULL, NULL, NULL), LSC_EINVAL);
    CHECK_EQ_INT(lsc_draft_score(&r, eng, NULL, NULL, NULL, NULL), LSC_EINVAL);
    lsc_draft_cache_free(NULL);
}

TEST(ascii_text_draft_is_plain_7bit)
{
    lsc_draft d;
    char *m = NULL;
    size_t len = 0, vl = 0;
    const char *v;
    draft_letter(&d, "buyer@example.com", "Quotation for 12 pallets", "Dear Ms Brown,\nplease find our quotation below.\n");
    d.from = "Li Wei <li.wei@example.cn>";
    d.from_len = LSC_NTS;
    CHECK_EQ_INT(lsc_draft_mime(&m, &len, NULL, &d, NULL), 0);
    if (!m)
        return;
    v = find_header(m, "Subject", &vl);
    CHECK(v && vl == 24 && memcmp(v, "Quotation for 12 pallets", 24) == 0);
    v = find_header(m, "From", &vl);
    CHECK(v && vl == strlen(d.from) && memcmp(v, d.from, vl) == 0);
    CHECK(strstr(m, "MIME-Version: 1.0\r\n") != NULL);
    CHECK(strstr(m, "Content-Type: text/plain; charset=\"UTF-8\"\r\n") != NULL);
    CHECK(strstr(m, "Content-Transfer-Encoding: 7bit\r\n\r\n"
                    "Dear Ms Brown,\r\nplease find our quotation below.\r\n") != NULL);
    CHECK(strstr(m, "multipart") == NULL);
    CHECK(lines_ok(m, 78));
    lsc_string_free(m);
    CHECK(same_both_ways(&d, "ascii text"));
}

TEST(non_ascii_headers_become_encoded_words)
{
    lsc_draft d;
    char *m = NULL, dec[4096];
    size_t len = 0, vl = 0;
    const char *v;
    /* long enough to need several encoded-words and folding */
    const char *subj = "关于贵公司询价的报价单（第二版）——请在本周五之前确认数量与交货期，谢谢！"
                       " Ré: quote";
    draft_letter(&d, "Zoë Müller <zoe@example.de>, plain@example.org", subj, "你好");
    d.from = "\"王 伟\" <wang.wei@example.cn>";
    d.from_len = LSC_NTS;
    CHECK_EQ_INT(lsc_draft_mime(&m, &len, eng, &d, NULL), 0);
    if (!m)
        return;
    v = find_header(m, "Subject", &vl);
    CHECK(v != NULL);
    if (v) {
        const char *p = v;
        CHECK(is_ascii_only(v, vl));
        header_decode(dec, v, vl);
        CHECK_STR(dec, subj);
        /* every encoded-word at most 75 characters (RFC 2047 2) */
        while ((p = strstr(p, "=?UTF-8?B?")) != NULL && p < v + vl) {
            const char *e = strstr(p + 10, "?=");
            CHECK(e && e + 2 - p <= 75);
            p = e ? e + 2 : v + vl;
        }
    }
    v = find_header(m, "From", &vl);
    CHECK(v && is_ascii_only(v, vl));
    if (v) {
        header_decode(dec, v, vl);
        CHECK_STR(dec, "王 伟 <wang.wei@example.cn>");
    }
    v = find_header(m, "To", &vl);
    if (v) {
        header_decode(dec, v, vl);
        CHECK_STR(dec, "Zoë Müller <zoe@example.de>, plain@example.org");
    }
    CHECK(strstr(m, "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                    "=E4=BD=A0=E5=A5=BD") != NULL);
    CHECK(lines_ok(m, 998));
    lsc_string_free(m);
    CHECK(same_both_ways(&d, "non-ascii headers"));
}

/* Header injection: CR/LF in a field can never start a new header. */
TEST(header_fields_cannot_inject)
{
    lsc_draft d;
    lsc_draft_header h = { "X-Mailer", LSC_NTS, "Composer 1.0\r\nBcc: evil@example.net", LSC_NTS };
    char *m = NULL;
    size_t len = 0;
    draft_letter(&d, "a@example.com\nCc: evil@example.net", "Hello\r\nBcc: evil@example.net", NULL);
    d.headers = &h;
    d.n_headers = 1;
    CHECK_EQ_INT(lsc_draft_mime(&m, &len, eng, &d, NULL), 0);
    if (!m)
        return;
    CHECK(strstr(m, "\r\nBcc:") == NULL);
    CHECK(strstr(m, "\r\nCc:") == NULL);
    CHECK(strstr(m, "Subject: Hello  Bcc: evil@example.net\r\n") != NULL);
    CHECK(lines_ok(m, 998));
    lsc_string_free(m);
}

TEST(long_and_odd_text_is_quoted_printable)
{
    lsc_draft d;
    char *m = NULL, *body, out[8192], want[8192];
    size_t len = 0, n, i, w = 0;
    char text[6000];
    /* a 3000-byte line, trailing spaces, a NUL, CR-only and LF line ends */
    memset(text, 'x', 3000);
    memcpy(text + 3000, "  \rsecond line\t\nthird = 50%", 27);
    text[3027] = '\0';
    text[10] = ' ';
    lsc_draft_init(&d);
    d.text = text;
    d.text_len = 3027;
    CHECK_EQ_INT(lsc_draft_mime(&m, &len, eng, &d, NULL), 0);
    if (!m)
        return;
    CHECK(strstr(m, "quoted-printable") != NULL);
    CHECK(lines_ok(m, 76));
    body = strstr(m, "\r\n\r\n");
    if (body) {
        body += 4;
        n = qp_decode(out, body, strlen(body));
        for (i = 0; i < 3027; i++) {
            if (text[i] == '\r' || text[i] == '\n') {
                want[w++] = '\r';
                want[w++] = '\n';
            } else {
                want[w++] = text[i];
            }
        }
        CHECK_EQ_INT(n, w);
        CHECK(n == w && memcmp(out, want, n) == 0);
        /* whitespace before a line break is encoded, never bare */
        CHECK(strstr(body, " \r\n") == NULL && strstr(body, "\t\r\n") == NULL);
    }
    lsc_string_free(m);
    CHECK(same_both_ways(&d, "qp"));
}

TEST(attachments_are_base64_in_mixed)
{
    lsc_draft d;
    lsc_draft_attachment a[2];
    unsigned char bin[1000], back[1100];
    char *m = NULL, *p;
    size_t len = 0, i, n;
    for (i = 0; i < sizeof bin; i++)
        bin[i] = (unsigned char)(i * 7 + 3);
    memset(a, 0, sizeof a);
    a[0].filename = "price list.pdf";
    a[0].filename_len = LSC_NTS;
    a[0].data = bin;
    a[0].data_len = sizeof bin;
    a[1].filename = "报价单-2026年第三季度-最终版本-请勿外传-Shanghai-Trading-Co.xlsx";
    a[1].filename_len = LSC_NTS;
    a[1].data = "PK\x03\x04";
    a[1].data_len = 4;
    lsc_draft_init(&d);
    d.subject = "Price list";
    d.subject_len = LSC_NTS;
    d.text = long_para;
    d.text_len = LSC_NTS;
    d.html = "<p>Thank you for your order.</p>";
    d.html_len = LSC_NTS;
    d.attachments = a;
    d.n_attachments = 2;
    CHECK_EQ_INT(lsc_draft_mime(&m, &len, eng, &d, NULL), 0);
    if (!m)
        return;
    CHECK(strstr(m, "Content-Type: multipart/mixed;") != NULL);
    CHECK(strstr(m, "Content-Type: multipart/alternative;") != NULL);
    CHECK(strstr(m, "Content-Type: application/pdf;\r\n\tname=\"price list.pdf\"") != NULL);
    CHECK(strstr(m, "Content-Disposition: attachment;\r\n\tfilename=\"price list.pdf\"") != NULL);
    CHECK(strstr(m, "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;\r\n\tname*0*=UTF-8''%E6%8A%A5") != NULL);
    CHECK(strstr(m, "filename*1*=") != NULL);
    CHECK(lines_ok(m, 998));
    {
        /* every folded parameter line within 76 */
        const char *q = m;
        while ((q = strstr(q, "\r\n\t")) != NULL) {
            const char *e = strstr(q + 2, "\r\n");
            CHECK(e && e - (q + 2) <= 76);
            q += 2;
        }
    }
    p = strstr(m, "filename=\"price list.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
    CHECK(p != NULL);
    if (p) {
        char *e;
        p = strstr(p, "\r\n\r\n") + 4;
        e = strstr(p, "\r\n--");
        CHECK(e != NULL);
        if (e) {
            n = b64_decode(back, p, (size_t)(e - p));
            CHECK_EQ_INT(n, sizeof bin);
            CHECK(n == sizeof bin && memcmp(back, bin, n) == 0);
        }
    }
    /* the close delimiter of every multipart is there */
    CHECK(strstr(m, "--=_lsc_mix_0--\r\n") != NULL);
    CHECK(strstr(m, "--=_lsc_alt_0--") != NULL);
    lsc_string_free(m);
    CHECK(same_both_ways(&d, "attachments"));
}

TEST(inline_image_goes_in_related)
{
    lsc_draft d;
    lsc_draft_attachment a;
    char *m = NULL;
    size_t len = 0;
    memset(&a, 0, sizeof a);
    a.filename = "logo.png";
    a.filename_len = LSC_NTS;
    a.data = "\x89PNG\r\n\x1a\n";
    a.data_len = 8;
    a.content_id = "logo1";
    a.content_id_len = LSC_NTS;
    a.flags = LSC_ATTACH_INLINE;
    lsc_draft_init(&d);
    d.html = "<img src=\"cid:logo1\"><p>Our new catalogue</p>";
    d.html_len = LSC_NTS;
    d.attachments = &a;
    d.n_attachments = 1;
    CHECK_EQ_INT(lsc_draft_mime(&m, &len, eng, &d, NULL), 0);
    if (!m)
        return;
    CHECK(strstr(m, "Content-Type: multipart/related;") != NULL);
    CHECK(strstr(m, "multipart/mixed") == NULL);
    CHECK(strstr(m, "Content-Disposition: inline;") != NULL);
    CHECK(strstr(m, "Content-ID: <logo1>\r\n") != NULL);
    CHECK(strstr(m, "Content-Type: text/html; charset=\"UTF-8\"") != NULL);
    lsc_string_free(m);
    CHECK(same_both_ways(&d, "inline image"));
}

/* A 7bit body that happens to contain the boundary gets another one. */
TEST(boundary_never_occurs_in_a_body)
{
    lsc_draft d;
    char *m = NULL;
    size_t len = 0;
    lsc_draft_init(&d);
    d.text = "see --=_lsc_alt_0 and =_lsc_mix_0 here";
    d.text_len = LSC_NTS;
    d.html = "<p>=_lsc_rel_0</p>";
    d.html_len = LSC_NTS;
    CHECK_EQ_INT(lsc_draft_mime(&m, &len, eng, &d, NULL), 0);
    if (!m)
        return;
    CHECK(strstr(m, "boundary=\"=_lsc_alt_1\"") != NULL);
    lsc_string_free(m);
}

/* Drafts that touch every rule family; each must score the same through
 * the draft API as through its MIME text. */
TEST(every_rule_family_scores_the_same)
{
    static unsigned char exe[512] = { 'M', 'Z', 0x90, 0 };
    static unsigned char zip[] = "PK\x03\x04\x14\x00\x00\x00\x00\x00invoice.exe";
    lsc_draft_attachment bad[3];
    lsc_draft d;
    char many[2048];
    size_t i, k = 0;

    exe[60] = 0x80;
    memcpy(exe + 0x80, "PE\0\0", 4);
    memset(bad, 0, sizeof bad);
    bad[0].filename = "invoice.pdf.exe";
    bad[0].filename_len = LSC_NTS;
    bad[0].data = exe;
    bad[0].data_len = sizeof exe;
    bad[1].filename = "files.zip";
    bad[1].filename_len = LSC_NTS;
    bad[1].data = zip;
    bad[1].data_len = sizeof zip - 1;
    bad[2].filename = "report\xE2\x80\xAEtxt.exe";   /* U+202E */
    bad[2].filename_len = LSC_NTS;
    bad[2].content_type = "application/pdf";
    bad[2].content_type_len = LSC_NTS;
    bad[2].data = exe;
    bad[2].data_len = sizeof exe;

    /* wording + shouting + obfuscation + template */
    draft_letter(&d, "customer@example.com", "URGENT!!! LIMITED TIME OFFER - 70% OFF, ACT NOW $$$", NULL);
    d.from = "Sales Team <sales@example.cn>";
    d.from_len = LSC_NTS;
    d.text = "Dear Sir/Madam,\n\nMy name is Tom. Dear {{first_name}}, this is a "
             "once in a lifetime opportunity: F.R.E.E samples, 100% guaranteed, "
             "risk-free, click here to claim your prize!!! Buy now, best price "
             "$$$, %NAME%, unsubscribe anytime. fr33 g1ft ✨🎁🎉💰\n"
             "Click here to unsubscribe from this list.\n";
    d.text_len = LSC_NTS;
    CHECK(same_both_ways(&d, "wording"));

    /* html tricks and links */
    draft_letter(&d, "buyer@example.org", "Your account statement", NULL);
    d.html = "<html><body><a href=\"http://198.51.100.7/login\">https://www.bank.example.com/</a>"
             "<a href=\"https://bit.ly/3xYz\">track</a>"
             "<div style=\"display:none\">hidden words hidden words</div>"
             "<span style=\"font-size:1px;color:#fff\">tiny text</span>"
             "<img src=\"http://img.example.net/big.jpg\" width=600 height=800>"
             "<form action=\"http://evil.example/\"><input name=p></form>"
             "<script>alert(1)</script></body></html>";
    d.html_len = LSC_NTS;
    CHECK(same_both_ways(&d, "html only"));

    /* image-only HTML next to a text part that says something else */
    d.text = "Hello, here is the newsletter.";
    d.text_len = LSC_NTS;
    d.html = "<html><body><img src=\"https://cdn.example.net/all.png\"></body></html>";
    d.html_len = LSC_NTS;
    CHECK(same_both_ways(&d, "image only"));

    /* construction and recipients: fake Re:, bad addresses, a crowd */
    k = 0;
    for (i = 0; i < 40 && k + 40 < sizeof many; i++)
        k += (size_t)snprintf(many + k, sizeof many - k, "%suser%zu@bigcorp.example",
                              i ? ", " : "", i);
    lsc_draft_init(&d);
    d.from = "me@example.cn";
    d.from_len = LSC_NTS;
    d.to = many;
    d.to_len = k;
    d.cc = "broken@@example..com, name@gmial.com, \"No Host\" <nohost>";
    d.cc_len = LSC_NTS;
    d.bcc = "hidden@example.net";
    d.bcc_len = LSC_NTS;
    d.subject = "Re: Re: RE: Fw: our offer";
    d.subject_len = LSC_NTS;
    d.text = "Short.";
    d.text_len = LSC_NTS;
    CHECK(same_both_ways(&d, "recipients"));

    /* the same as a real reply */
    d.in_reply_to = "<abc.123@mail.example.com>";
    d.in_reply_to_len = LSC_NTS;
    d.references = "<first.1@mail.example.com> <abc.123@mail.example.com>";
    d.references_len = LSC_NTS;
    CHECK(same_both_ways(&d, "reply"));

    /* attachments: blocked type, double extension, RLO, zip with an exe,
     * a zip in a zip, mismatched declared type, on a first contact */
    {
        static const char *const in_names[] = { "setup.exe", "readme.txt" };
        const unsigned char *in_data[2];
        size_t in_lens[2], inner_len = 0, outer_len = 0;
        static const char *const out_names[] = { "inner.zip", "list.csv" };
        const unsigned char *out_data[2];
        size_t out_lens[2];
        unsigned char *inner, *outer;
        lsc_draft_attachment z[2];
        in_data[0] = exe;
        in_lens[0] = sizeof exe;
        in_data[1] = (const unsigned char *)"read me";
        in_lens[1] = 7;
        inner = make_zip(in_names, in_data, in_lens, 2, &inner_len);
        out_data[0] = inner;
        out_lens[0] = inner_len;
        out_data[1] = (const unsigned char *)"a,b\n1,2\n";
        out_lens[1] = 8;
        outer = make_zip(out_names, out_data, out_lens, 2, &outer_len);
        memset(z, 0, sizeof z);
        z[0].filename = "catalogue.zip";
        z[0].filename_len = LSC_NTS;
        z[0].data = outer;
        z[0].data_len = outer_len;
        z[1].filename = "brochure.pdf";
        z[1].filename_len = LSC_NTS;
        z[1].data = "%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\n";
        z[1].data_len = strlen(z[1].data);
        draft_letter(&d, "buyer@gmail.com", "Catalogue", "Catalogue attached.");
        d.attachments = z;
        d.n_attachments = 2;
        CHECK(inner_len > 0 && outer_len > inner_len);
        CHECK(same_both_ways(&d, "nested zip"));
        /* the second scoring through the cache reused both analyses */
        CHECK_EQ_INT(last_attachments, 2);
        CHECK_EQ_INT(last_facts_reused, 2);
        {
            lsc_result *r = NULL;
            CHECK_EQ_INT(lsc_draft_score(&r, eng, &d, NULL, NULL, NULL), 0);
            /* the stage listed the entries, so reusing them is tested */
            CHECK(r && lsc_result_attachment_count(r) == 2 &&
                  lsc_result_attachment(r, 0)->n_entries >= 3);
            lsc_result_free(r);
        }
        free(inner);
        free(outer);
    }
    draft_letter(&d, "new.contact@outlook.com", "Invoice", "Please see the invoice attached.");
    d.attachments = bad;
    d.n_attachments = 3;
    CHECK(same_both_ways(&d, "attachments"));

    /* a subject padded with spaces, a macro workbook, HTML past Gmail's
     * clipping size */
    {
        static char big_html[110000];
        lsc_draft_attachment m;
        size_t k2;
        memset(&m, 0, sizeof m);
        m.filename = "prices.xlsm";
        m.filename_len = LSC_NTS;
        m.data = "PK\x03\x04not really";
        m.data_len = 14;
        k2 = (size_t)snprintf(big_html, sizeof big_html, "<html><body>");
        while (k2 + 64 < sizeof big_html - 32)
            k2 += (size_t)snprintf(big_html + k2, sizeof big_html - k2,
                                   "<p>Line of the price list, item %zu.</p>", k2);
        snprintf(big_html + k2, sizeof big_html - k2, "</body></html>");
        draft_letter(&d, "ann@example.com", "Your order                                        #48213", NULL);
        d.html = big_html;
        d.html_len = LSC_NTS;
        d.attachments = &m;
        d.n_attachments = 1;
        CHECK(same_both_ways(&d, "padding, macro, clipped"));
    }

    /* too large for the recipient's provider (a small limit keeps the
     * test light), and an archive that unpacks past max_archive_bytes */
    {
        static unsigned char zeros[150000];
        static const char *const bn[] = { "zeros.bin" };
        const unsigned char *bd[1];
        size_t bl[1], blen = 0;
        unsigned char *bomb;
        lsc_size_limit sl = { "*", 100000 };
        lsc_options o;
        lsc_engine *saved = eng, *small = NULL;
        lsc_draft_attachment big[2];
        bd[0] = zeros;
        bl[0] = sizeof zeros;
        bomb = make_zip(bn, bd, bl, 1, &blen);
        {
            /* mark the entry encrypted (general purpose bit 0) in its
             * local and central headers, as a password zip has it */
            size_t q;
            for (q = 0; q + 10 < blen; q++) {
                if (!memcmp(bomb + q, "PK\x03\x04", 4))
                    bomb[q + 6] |= 1;
                else if (!memcmp(bomb + q, "PK\x01\x02", 4))
                    bomb[q + 8] |= 1;
            }
        }
        memset(big, 0, sizeof big);
        big[0].filename = "scan.pdf";
        big[0].filename_len = LSC_NTS;
        big[0].data = zeros;
        big[0].data_len = sizeof zeros;
        big[1].filename = "locked.zip";
        big[1].filename_len = LSC_NTS;
        big[1].data = bomb;
        big[1].data_len = blen;
        lsc_options_init(&o);
        o.size_limits = &sl;
        o.n_size_limits = 1;
        o.limits.max_archive_bytes = 50000;
        CHECK_EQ_INT(lsc_engine_new(&small, &o, NULL), 0);
        if (small) {
            eng = small;
            draft_letter(&d, "ann@example.com", "Scans", "The scans.");
            d.in_reply_to = "<x.1@example.com>";
            d.in_reply_to_len = LSC_NTS;
            d.attachments = big;
            d.n_attachments = 2;
            CHECK(same_both_ways(&d, "too large"));
            big[0].data_len = 65000;     /* near the limit, not over */
            d.n_attachments = 1;
            CHECK(same_both_ways(&d, "near the limit"));
            eng = saved;
            lsc_engine_free(small);
        }
        free(bomb);
    }

    /* shouting, emoji, mixed scripts, a form and a crowd of links, a
     * sender name that is an address, replies going elsewhere */
    {
        static char links[8192];
        size_t k3 = 0, q;
        k3 += (size_t)snprintf(links, sizeof links,
                               "<html><body><form action=\"https://pay.example.net/\">"
                               "<input name=card></form>");
        for (q = 0; q < 60 && k3 + 100 < sizeof links; q++)
            k3 += (size_t)snprintf(links + k3, sizeof links - k3,
                                   "<a href=\"https://shop%zu.example.net/p\">item %zu</a> ",
                                   q, q);
        snprintf(links + k3, sizeof links - k3, "</body></html>");
        draft_letter(&d, "ann@example.com", "HUGE CLEARANCE SALE ON EVERY SINGLE ITEM TODAY", NULL);
        d.from = "security@bank.example.com <alerts@mailer.example.net>";
        d.from_len = LSC_NTS;
        d.reply_to = "collect@other.example.org";
        d.reply_to_len = LSC_NTS;
        d.text = "VERIFY YOUR ACCOUNT WITH PАYPAL NOW 🎉🎁💰🔥🎉🎁💰🔥🎉🎁💰🔥 "
                 "Оrder nоw frоm оur shоp 🚀🚀🚀🚀🚀 THIS OFFER WILL NOT LAST";
        d.text_len = LSC_NTS;
        d.html = links;
        d.html_len = LSC_NTS;
        CHECK(same_both_ways(&d, "shouting and links"));
    }

    /* judged as sent mail: no Date, no Message-ID */
    draft_letter(&d, "ann@example.com", "Quotation", "Dear Ann, the quotation is attached.");
    d.from = "li@example.cn";
    d.from_len = LSC_NTS;
    cur_mode = LSC_MODE_SENT;
    CHECK(same_both_ways(&d, "sent mode"));
    cur_mode = LSC_MODE_DRAFT;

    /* against a history of the same letter sent to one company */
    {
        lsc_history *hist = NULL;
        char to[64];
        int q;
        CHECK_EQ_INT(lsc_history_open(&hist, NULL, NULL, NULL), 0);
        d.text = "Dear customer, we are pleased to present our new catalogue "
                 "of LED panels with prices for the coming season; delivery "
                 "takes four weeks and samples are free.";
        for (q = 0; hist && q < 25; q++) {
            lsc_result *r = NULL;
            lsc_score_options so;
            lsc_score_options_init(&so);
            so.now = 1750000000 - 600 + q;
            snprintf(to, sizeof to, "buyer%d@bigcorp.example", q);
            d.to = to;
            if (lsc_draft_score(&r, eng, &d, &so, NULL, NULL) == 0)
                CHECK_EQ_INT(lsc_history_add(hist, lsc_result_fingerprint(r),
                                             NULL), 0);
            lsc_result_free(r);
        }
        d.to = "Dear Mr Schmidt <schmidt@bigcorp.example>";
        d.text = "Dear Mr Schmidt, we are pleased to present our new catalogue "
                 "of LED panels with prices for the coming season; delivery "
                 "takes four weeks and samples are free.";
        cur_history = hist;
        CHECK(same_both_ways(&d, "history"));
        cur_history = NULL;
        lsc_history_close(hist);
    }

    /* empty draft, and a Chinese one */
    lsc_draft_init(&d);
    CHECK(same_both_ways(&d, "empty"));
    d.subject = "【限时优惠】全场五折！！！立即抢购";
    d.subject_len = LSC_NTS;
    d.text = "尊敬的客户：\n恭喜您获得免费大奖，点击链接立即领取！保证百分之百中奖。";
    d.text_len = LSC_NTS;
    d.html = "<p>尊敬的客户：<br>恭喜您获得<b>免费大奖</b>，<a href=\"http://t.cn/abc\">点击领取</a></p>";
    d.html_len = LSC_NTS;
    CHECK(same_both_ways(&d, "chinese"));
}

/* Limits reached while reading: the draft's shortcuts (draft.h) must give
 * exactly what reading the whole text gives. */
TEST(limits_reached_score_the_same)
{
    static unsigned char big[20000];
    lsc_draft_attachment a[3];
    lsc_draft d;
    lsc_options o;
    lsc_engine *saved = eng, *small = NULL;
    size_t i, lim;
    for (i = 0; i < sizeof big; i++)
        big[i] = (unsigned char)(i * 31 + 7);
    memset(a, 0, sizeof a);
    for (i = 0; i < 3; i++) {
        a[i].filename = "part.bin";
        a[i].filename_len = LSC_NTS;
        a[i].data = big;
        a[i].data_len = sizeof big - i * 1000;
    }
    lsc_draft_init(&d);
    d.subject = "limits";
    d.subject_len = LSC_NTS;
    d.text = long_para;
    d.text_len = LSC_NTS;
    d.attachments = a;
    d.n_attachments = 3;
    /* cut inside the first, the second and the third attachment, and
     * too few parts */
    for (lim = 0; lim < 4; lim++) {
        lsc_options_init(&o);
        if (lim < 3)
            o.limits.max_message_bytes = 2000 + lim * 25000;
        else
            o.limits.max_parts = 3;
        CHECK_EQ_INT(lsc_engine_new(&small, &o, NULL), 0);
        if (!small)
            return;
        eng = small;
        CHECK(same_both_ways(&d, "limits"));
        eng = saved;
        lsc_engine_free(small);
        small = NULL;
    }
}

/* Which rules the drafts compared so far reached (informative: rules a
 * draft cannot produce, like base64 text, stay unreached). */
TEST(rule_coverage_of_the_drafts)
{
    size_t i2, n2 = lsc_engine_rule_count(eng), hit = 0;
    char missing[2048] = "";
    for (i2 = 0; i2 < n2; i2++) {
        const lsc_rule_info *ri = lsc_engine_rule(eng, i2);
        char key[80];
        snprintf(key, sizeof key, " %s ", ri->id);
        if (strstr(fired_ids, key))
            hit++;
        else if (strlen(missing) + strlen(ri->id) + 2 < sizeof missing) {
            strcat(missing, " ");
            strcat(missing, ri->id);
        }
    }
    printf("# draft == MIME on drafts that fired %zu of %zu rules; "
           "not reached:%s\n", hit, n2, missing);
    CHECK(hit > 0 || n2 <= 1);
}

static void write_file(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return;
    fwrite(p, 1, n, f);
    fclose(f);
}

TEST(path_attachments_equal_bytes_and_are_cached)
{
    char path[256];
    unsigned char data[5000];
    lsc_draft_attachment a;
    lsc_draft d;
    lsc_draft_cache *cache = NULL;
    lsc_result *r1 = NULL, *r2 = NULL, *r3 = NULL;
    char *j1, *j2, *j3;
    uint64_t hits = 0, misses = 0;
    size_t i;
    lsc_error err;
    struct timespec ts[2];

    for (i = 0; i < sizeof data; i++)
        data[i] = (unsigned char)(i % 251);
    snprintf(path, sizeof path, "/tmp/lsc_test_draft_%ld.bin", (long)getpid());
    write_file(path, data, sizeof data);
    memset(&a, 0, sizeof a);
    a.filename = "data.bin";
    a.filename_len = LSC_NTS;
    a.path = path;
    lsc_draft_init(&d);
    d.text = "see attached";
    d.text_len = LSC_NTS;
    d.attachments = &a;
    d.n_attachments = 1;
    CHECK(same_both_ways(&d, "path"));

    CHECK_EQ_INT(lsc_draft_cache_new(&cache, eng, 2, &err), 0);
    CHECK_EQ_INT(lsc_draft_score(&r1, eng, &d, NULL, cache, &err), 0);
    lsc_draft_cache_stats(cache, &hits, &misses, NULL);
    CHECK_EQ_INT(hits, 0);
    CHECK_EQ_INT(misses, 1);
    CHECK_EQ_INT(lsc_draft_score(&r2, eng, &d, NULL, cache, &err), 0);
    lsc_draft_cache_stats(cache, &hits, &misses, NULL);
    CHECK_EQ_INT(hits, 1);
    CHECK_EQ_INT(misses, 1);
    /* the same bytes given directly hit the same entry */
    a.path = NULL;
    a.data = data;
    a.data_len = sizeof data;
    CHECK_EQ_INT(lsc_draft_score(&r3, eng, &d, NULL, cache, &err), 0);
    lsc_draft_cache_stats(cache, &hits, &misses, NULL);
    CHECK_EQ_INT(hits, 2);
    CHECK_EQ_INT(misses, 1);
    j1 = t_result_json(r1);
    j2 = t_result_json(r2);
    j3 = t_result_json(r3);
    CHECK(j1 && j2 && j3 && strcmp(j1, j2) == 0 && strcmp(j1, j3) == 0);
    lsc_string_free(j1);
    lsc_string_free(j2);
    lsc_string_free(j3);
    lsc_result_free(r1);
    lsc_result_free(r2);
    lsc_result_free(r3);

    /* the file changes (content and mtime): it is read again, a miss */
    data[0] ^= 0xFF;
    write_file(path, data, sizeof data);
    ts[0].tv_sec = ts[1].tv_sec = 1000000000;
    ts[0].tv_nsec = ts[1].tv_nsec = 0;
    utimensat(AT_FDCWD, path, ts, 0);
    a.data = NULL;
    a.path = path;
    r1 = NULL;
    CHECK_EQ_INT(lsc_draft_score(&r1, eng, &d, NULL, cache, &err), 0);
    lsc_draft_cache_stats(cache, &hits, &misses, NULL);
    CHECK_EQ_INT(misses, 2);
    lsc_result_free(r1);

    /* a missing file is an error naming the path */
    unlink(path);
    r1 = NULL;
    CHECK_EQ_INT(lsc_draft_score(&r1, eng, &d, NULL, NULL, &err), LSC_ENOTFOUND);
    CHECK(r1 == NULL);
    CHECK_STR(err.source, path);
    lsc_draft_cache_free(cache);
}

TEST(cache_keeps_at_most_max_entries)
{
    lsc_draft_cache *cache = NULL;
    lsc_draft_attachment a;
    lsc_draft d;
    char buf[64];
    int i;
    uint64_t hits, misses;
    lsc_engine *other = NULL;
    lsc_result *r = NULL;
    CHECK_EQ_INT(lsc_draft_cache_new(&cache, eng, 2, NULL), 0);
    memset(&a, 0, sizeof a);
    a.filename = "a.txt";
    a.filename_len = LSC_NTS;
    a.data = buf;
    lsc_draft_init(&d);
    d.attachments = &a;
    d.n_attachments = 1;
    for (i = 0; i < 4; i++) {
        a.data_len = (size_t)snprintf(buf, sizeof buf, "content %d", i);
        CHECK_EQ_INT(lsc_draft_score(&r, eng, &d, NULL, cache, NULL), 0);
        lsc_result_free(r);
        r = NULL;
    }
    /* content 0 and 1 were dropped (LRU, cap 2): both miss again; 3 hits */
    for (i = 3; i >= 0; i--) {
        a.data_len = (size_t)snprintf(buf, sizeof buf, "content %d", i);
        CHECK_EQ_INT(lsc_draft_score(&r, eng, &d, NULL, cache, NULL), 0);
        lsc_result_free(r);
        r = NULL;
    }
    lsc_draft_cache_stats(cache, &hits, &misses, NULL);
    CHECK_EQ_INT(hits, 2);    /* 3, then 2 */
    CHECK_EQ_INT(misses, 6);
    /* a cache belongs to one engine */
    CHECK_EQ_INT(lsc_engine_new(&other, NULL, NULL), 0);
    CHECK_EQ_INT(lsc_draft_score(&r, other, &d, NULL, cache, NULL), LSC_EINVAL);
    lsc_engine_free(other);
    lsc_draft_cache_free(cache);
}

TEST(bad_drafts_are_refused)
{
    lsc_draft d;
    lsc_draft_attachment a;
    lsc_draft_header h;
    lsc_result *r = NULL;
    lsc_error err;
    lsc_draft_init(&d);
    memset(&a, 0, sizeof a);
    d.attachments = &a;
    d.n_attachments = 1;
    CHECK_EQ_INT(lsc_draft_score(&r, eng, &d, NULL, NULL, &err), LSC_EINVAL);
    a.data = "x";
    a.data_len = 1;
    a.content_type = "not a type";
    a.content_type_len = LSC_NTS;
    CHECK_EQ_INT(lsc_draft_score(&r, eng, &d, NULL, NULL, &err), LSC_EINVAL);
    a.content_type = "multipart/mixed";
    CHECK_EQ_INT(lsc_draft_score(&r, eng, &d, NULL, NULL, &err), LSC_EINVAL);
    a.content_type = "application/x-thing";
    CHECK_EQ_INT(lsc_draft_score(&r, eng, &d, NULL, NULL, &err), 0);
    lsc_result_free(r);
    r = NULL;
    d.n_attachments = 0;
    h.name = "Content-Type";
    h.name_len = LSC_NTS;
    h.value = "text/html";
    h.value_len = LSC_NTS;
    d.headers = &h;
    d.n_headers = 1;
    CHECK_EQ_INT(lsc_draft_score(&r, eng, &d, NULL, NULL, &err), LSC_EINVAL);
    h.name = "Bad Name";
    CHECK_EQ_INT(lsc_draft_score(&r, eng, &d, NULL, NULL, &err), LSC_EINVAL);
    CHECK(r == NULL);
}

/* The named limits, exactly at and one past. */
TEST(attachment_and_header_limits)
{
    static lsc_draft_attachment a[1001];
    static lsc_draft_header h[201];
    lsc_draft d;
    lsc_result *r = NULL;
    size_t i;
    for (i = 0; i < 1001; i++) {
        a[i].filename = "n.txt";
        a[i].filename_len = LSC_NTS;
        a[i].data = "x";
        a[i].data_len = 1;
    }
    for (i = 0; i < 201; i++) {
        h[i].name = "X-Tag";
        h[i].name_len = LSC_NTS;
        h[i].value = "v";
        h[i].value_len = LSC_NTS;
    }
    lsc_draft_init(&d);
    d.attachments = a;
    d.n_attachments = 1000;
    d.headers = h;
    d.n_headers = 200;
    CHECK_EQ_INT(lsc_draft_score(&r, eng, &d, NULL, NULL, NULL), 0);
    lsc_result_free(r);
    r = NULL;
    d.n_attachments = 1001;
    CHECK_EQ_INT(lsc_draft_score(&r, eng, &d, NULL, NULL, NULL), LSC_EINVAL);
    d.n_attachments = 1000;
    d.n_headers = 201;
    CHECK_EQ_INT(lsc_draft_score(&r, eng, &d, NULL, NULL, NULL), LSC_EINVAL);
}

/* ---- out of memory: fail the Nth allocation, for every N ---- */

typedef struct failing {
    long countdown;   /* allocations left; < 0: never fail */
    long live;
} failing;

static void *f_malloc(void *ud, size_t n)
{
    failing *f = ud;
    void *p;
    if (f->countdown == 0)
        return NULL;
    if (f->countdown > 0)
        f->countdown--;
    p = malloc(n);
    if (p)
        f->live++;
    return p;
}

static void *f_realloc(void *ud, void *p, size_t n)
{
    failing *f = ud;
    void *q;
    if (f->countdown == 0)
        return NULL;
    if (f->countdown > 0)
        f->countdown--;
    q = realloc(p, n);
    if (q && !p)
        f->live++;
    return q;
}

static void f_free(void *ud, void *p)
{
    failing *f = ud;
    if (p)
        f->live--;
    free(p);
}

TEST(every_allocation_failure_is_enomem)
{
    failing f = { -1, 0 };
    lsc_allocator al = { f_malloc, f_realloc, f_free, &f };
    lsc_options o;
    lsc_engine *e = NULL;
    lsc_draft d;
    lsc_draft_attachment a;
    lsc_draft_cache *cache = NULL;
    long n, base;
    int done = 0;
    lsc_options_init(&o);
    o.allocator = &al;
    CHECK_EQ_INT(lsc_engine_new(&e, &o, NULL), 0);
    if (!e)
        return;
    memset(&a, 0, sizeof a);
    a.filename = "报价.pdf";
    a.filename_len = LSC_NTS;
    a.data = "%PDF-1.4 hello";
    a.data_len = 14;
    lsc_draft_init(&d);
    d.from = "王 <w@example.cn>";
    d.from_len = LSC_NTS;
    d.subject = "Grüße";
    d.subject_len = LSC_NTS;
    d.text = "Hallo";
    d.text_len = LSC_NTS;
    d.html = "<p>Hallo</p>";
    d.html_len = LSC_NTS;
    d.attachments = &a;
    d.n_attachments = 1;
    base = f.live;
    for (n = 0; n < 100000 && !done; n++) {
        lsc_result *r = NULL;
        char *m = NULL;
        int rc, rc2, rc3;
        f.countdown = n;
        rc = lsc_draft_cache_new(&cache, e, 0, NULL);
        rc2 = rc == 0 ? lsc_draft_score(&r, e, &d, NULL, cache, NULL) : rc;
        lsc_result_free(r);
        r = NULL;
        rc3 = rc2 == 0 ? lsc_draft_mime(&m, NULL, e, &d, NULL) : rc2;
        lsc_string_free(m);
        lsc_draft_cache_free(cache);
        cache = NULL;
        if (rc3 == 0) {
            done = 1;
        } else if (rc3 != LSC_ENOMEM) {
            printf("#   allocation %ld: %d instead of LSC_ENOMEM\n", n, rc3);
            CHECK(0);
            break;
        }
        if (f.live != base) {
            printf("#   allocation %ld: %ld blocks leaked\n", n, f.live - base);
            CHECK(0);
            break;
        }
    }
    CHECK(done);
    printf("# every one of %ld allocations failed once: LSC_ENOMEM, no leak\n",
           n - 1);
    f.countdown = -1;
    lsc_engine_free(e);
    CHECK_EQ_INT(f.live, 0);
}

int main(void)
{
    lsc_options o;
    lsc_options_init(&o);
    if (lsc_engine_new(&eng, &o, NULL) != 0) {
        printf("not ok - engine\n");
        return 1;
    }
    RUN(init_and_version);
    RUN(ascii_text_draft_is_plain_7bit);
    RUN(non_ascii_headers_become_encoded_words);
    RUN(header_fields_cannot_inject);
    RUN(long_and_odd_text_is_quoted_printable);
    RUN(attachments_are_base64_in_mixed);
    RUN(inline_image_goes_in_related);
    RUN(boundary_never_occurs_in_a_body);
    RUN(every_rule_family_scores_the_same);
    RUN(limits_reached_score_the_same);
    RUN(path_attachments_equal_bytes_and_are_cached);
    RUN(cache_keeps_at_most_max_entries);
    RUN(bad_drafts_are_refused);
    RUN(attachment_and_header_limits);
    RUN(every_allocation_failure_is_enomem);
    RUN(rule_coverage_of_the_drafts);
    lsc_engine_free(eng);
    return TEST_DONE();
}

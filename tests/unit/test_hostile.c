/*
 * test_hostile.c - hostile mail: every case must give a result (never an
 * error, crash or abort) with the LSC_MSG_* / LSC_PART_* flags that say
 * what was wrong, and every lsc_limits limit is tested exactly at and one
 * past its value (small limits keep it fast).
 *
 * Takes: LSC_TOP (to see which stages have landed: a stage still marked
 * "placeholder" in libscore/<stage>.c has its flag checks skipped, with a
 * "# skip" line, while survival is checked always).  LSC_VALGRIND=1
 * shrinks the huge cases tenfold (still far past every limit) so memcheck
 * finishes.  Time and memory are measured by tests/bench/bench_hostile.c,
 * not here.
 */
#include <stdint.h>

#include "test.h"

static int h_broken;
#define FZ_FAIL(what) \
    do { \
        h_broken++; \
        printf("#   invariant broken: %s\n", what); \
    } while (0)
#include "../fuzz/fuzz.h"
#include "hostile.h"

static size_t scale = 1;
static int have_mime, have_decode, have_html, have_text, have_attach;

static int landed(const char *stage)
{
    char path[1024];
    size_t len = 0;
    const char *top = getenv("LSC_TOP");
    char *src;
    int yes;
    snprintf(path, sizeof path, "%s/libscore/%s.c", top && *top ? top : ".",
             stage);
    src = t_read_file(path, &len);
    if (!src)
        return 1; /* an installed tree: assume everything is there */
    yes = strstr(src, "placeholder until its stage lands") == NULL;
    free(src);
    if (!yes)
        printf("# skip: %s stage not landed, its flag checks are skipped\n",
               stage);
    return yes;
}

static lsc_engine *engine_with(void (*set)(lsc_limits *))
{
    lsc_engine *e = NULL;
    lsc_options o;
    lsc_options_init(&o);
    if (set)
        set(&o.limits);
    if (lsc_engine_new(&e, &o, NULL) != 0)
        return NULL;
    return e;
}

/* Scores b with e; checks the result is a result and keeps its promises. */
static lsc_result *score(const lsc_engine *e, const hb *b)
{
    lsc_result *r = NULL;
    lsc_score_options so;
    lsc_error err;
    int rc, before = h_broken;
    lsc_score_options_init(&so);
    so.now = 1700000000;
    rc = lsc_score(&r, e, b->p, b->len, &so, &err);
    CHECK_EQ_INT(rc, 0);
    if (rc != 0) {
        printf("#   %s\n", err.message);
        return NULL;
    }
    fz_check_result(r, 1);
    CHECK_EQ_INT(h_broken, before);
    return r;
}

static const lsc_part *part_named(const lsc_result *r, const char *filename)
{
    size_t i;
    for (i = 0; i < lsc_result_part_count(r); i++) {
        const lsc_part *p = lsc_result_part(r, i);
        if (p->filename && strcmp(p->filename, filename) == 0)
            return p;
    }
    return NULL;
}

static unsigned all_part_flags(const lsc_result *r)
{
    unsigned f = 0;
    size_t i;
    for (i = 0; i < lsc_result_part_count(r); i++)
        f |= lsc_result_part(r, i)->flags;
    return f;
}

static unsigned att_flags(const lsc_result *r)
{
    unsigned f = 0;
    size_t i;
    for (i = 0; i < lsc_result_attachment_count(r); i++)
        f |= lsc_result_attachment(r, i)->flags;
    return f;
}

static size_t att_entries(const lsc_result *r, unsigned *max_depth)
{
    size_t i, j, n = 0;
    *max_depth = 0;
    for (i = 0; i < lsc_result_attachment_count(r); i++) {
        const lsc_attachment *a = lsc_result_attachment(r, i);
        n += a->n_entries;
        for (j = 0; j < a->n_entries; j++)
            if (a->entries[j].depth > *max_depth)
                *max_depth = a->entries[j].depth;
    }
    return n;
}

static unsigned max_depth_of(const lsc_result *r)
{
    unsigned d = 0;
    size_t i;
    for (i = 0; i < lsc_result_part_count(r); i++)
        if (lsc_result_part(r, i)->depth > d)
            d = lsc_result_part(r, i)->depth;
    return d;
}

#define FLAG(r, f) ((lsc_result_flags(r) & (f)) != 0)

/* What every huge case below shares: a default engine and a buffer that
 * each builder writes afresh (hx_score scores it, then empties it). */
typedef struct hx {
    lsc_engine *e;
    hb b;
} hx;

static hx hx_open(void)
{
    hx x;
    memset(&x, 0, sizeof x);
    x.e = engine_with(NULL);
    return x;
}

static lsc_result *hx_score(hx *x)
{
    lsc_result *r = score(x->e, &x->b);
    x->b.len = 0;
    return r;
}

static void hx_close(hx *x)
{
    free(x->b.p);
    lsc_engine_free(x->e);
}

/* ---- the huge cases, default limits ---- */

TEST(base64_attachment_50mb)
{
    hx x = hx_open();
    lsc_result *r;
    size_t enc = (size_t)50 * 1024 * 1024 / scale;
    h_base64_attachment(&x.b, enc);
    r = hx_score(&x);
    if (r) {
        CHECK(!FLAG(r, LSC_MSG_TRUNCATED));
        if (have_decode) {
            const lsc_part *p = part_named(r, "big.bin");
            CHECK(p != NULL);
            if (p) {
                CHECK_EQ_INT(p->body_bytes, enc / 4 * 3);
                CHECK(!(p->flags & LSC_PART_BAD_BASE64));
                CHECK(p->flags & LSC_PART_ATTACHMENT);
            }
        }
    }
    lsc_result_free(r);
    hx_close(&x);
}

TEST(multipart_nested_10000)
{
    hx x = hx_open();
    lsc_result *r;
    h_nested_multipart(&x.b, 10000 / scale, 1);
    r = hx_score(&x);
    if (r && have_mime) {
        CHECK(FLAG(r, LSC_MSG_TOO_DEEP));
        CHECK(max_depth_of(r) <= LSC_DEFAULT_MAX_DEPTH);
        CHECK(lsc_result_part_count(r) <= LSC_DEFAULT_MAX_PARTS);
        CHECK(lsc_result_part_count(r) >= LSC_DEFAULT_MAX_DEPTH);
    }
    lsc_result_free(r);
    /* the same, never closed */
    h_nested_multipart(&x.b, 10000 / scale, 0);
    r = hx_score(&x);
    if (r && have_mime) {
        CHECK(FLAG(r, LSC_MSG_TOO_DEEP));
        CHECK(max_depth_of(r) <= LSC_DEFAULT_MAX_DEPTH);
    }
    lsc_result_free(r);
    hx_close(&x);
}

TEST(headers_100000)
{
    hx x = hx_open();
    lsc_result *r;
    h_many_headers(&x.b, 100000 / scale);
    r = hx_score(&x);
    if (r && have_mime) {
        CHECK(FLAG(r, LSC_MSG_TOO_MANY_HEADERS));
        CHECK(lsc_result_header_count(r) <= LSC_DEFAULT_MAX_HEADERS);
        CHECK(lsc_result_header_value(r, "From") != NULL);
    }
    lsc_result_free(r);
    hx_close(&x);
}

TEST(header_line_10mb)
{
    hx x = hx_open();
    lsc_result *r;
    size_t len = 0;
    h_long_header(&x.b, (size_t)10 * 1024 * 1024 / scale, 0);
    r = hx_score(&x);
    if (r && have_mime) {
        CHECK(FLAG(r, LSC_MSG_HEADER_TOO_LONG));
        CHECK(FLAG(r, LSC_MSG_LONG_LINES));
        lsc_result_subject(r, &len);
        CHECK(len <= LSC_DEFAULT_MAX_HEADER_BYTES);
    }
    lsc_result_free(r);
    h_long_header(&x.b, (size_t)10 * 1024 * 1024 / scale, 1);
    r = hx_score(&x);
    if (r && have_mime) {
        CHECK(FLAG(r, LSC_MSG_HEADER_TOO_LONG));
        CHECK(!FLAG(r, LSC_MSG_LONG_LINES));
        lsc_result_subject(r, &len);
        CHECK(len <= LSC_DEFAULT_MAX_HEADER_BYTES);
    }
    lsc_result_free(r);
    hx_close(&x);
}

TEST(boundary_never_closes)
{
    hx x = hx_open();
    lsc_result *r;
    h_unclosed(&x.b, 3);
    r = hx_score(&x);
    if (r && have_mime) {
        CHECK(FLAG(r, LSC_MSG_MISSING_BOUNDARY));
        CHECK(lsc_result_part_count(r) == 4);
        if (lsc_result_part_count(r) > 0)
            CHECK(lsc_result_part(r, 0)->flags & LSC_PART_NOT_CLOSED);
    }
    lsc_result_free(r);
    h_unclosed(&x.b, 0);
    r = hx_score(&x);
    if (r && have_mime)
        CHECK(FLAG(r, LSC_MSG_MISSING_BOUNDARY));
    lsc_result_free(r);
    hx_close(&x);
}

TEST(nul_bytes_everywhere)
{
    hx x = hx_open();
    lsc_result *r;
    h_nuls(&x.b);
    r = hx_score(&x);
    if (r && have_mime)
        CHECK(FLAG(r, LSC_MSG_NUL_BYTES));
    lsc_result_free(r);
    hx_close(&x);
}

TEST(invalid_utf8_and_lying_charsets)
{
    hx x = hx_open();
    lsc_result *r;
    h_lying_charsets(&x.b);
    r = hx_score(&x);
    if (r && have_mime)
        CHECK(lsc_result_part_count(r) == 9);
    if (r && have_decode) {
        const lsc_part *p = lsc_result_part(r, 1);
        CHECK(p && (p->flags & LSC_PART_INVALID_BYTES) && p->invalid_bytes > 0);
        CHECK(all_part_flags(r) & LSC_PART_UNKNOWN_CHARSET);
    }
    lsc_result_free(r);
    h_bad_encoded_words(&x.b);
    r = hx_score(&x);
    if (r && have_mime)
        CHECK(FLAG(r, LSC_MSG_BAD_ENCODED_WORD));
    lsc_result_free(r);
    hx_close(&x);
}

TEST(links_1000000)
{
    hx x = hx_open();
    lsc_result *r;
    h_links(&x.b, 1000000 / scale);
    r = hx_score(&x);
    if (r && have_html) {
        CHECK(FLAG(r, LSC_MSG_TOO_MANY_LINKS));
        /* one <a> element per link, plus html, body and p */
        if (1000000 / scale + 3 > LSC_DEFAULT_MAX_HTML_NODES)
            CHECK(FLAG(r, LSC_MSG_HTML_TOO_BIG));
    }
    lsc_result_free(r);
    h_text_links(&x.b, 1000000 / scale);
    r = hx_score(&x);
    if (r && have_mime)
        CHECK(!FLAG(r, LSC_MSG_TRUNCATED));
    lsc_result_free(r);
    hx_close(&x);
}

TEST(html_nested_100000)
{
    hx x = hx_open();
    lsc_result *r;
    h_deep_html(&x.b, 100000 / scale);
    r = hx_score(&x);
    lsc_result_free(r);
    hx_close(&x);
}

static void lim_archive(lsc_limits *l)
{
    l->max_archive_bytes = 1024 * 1024;
    l->max_archive_entries = 100;
    l->max_archive_depth = 2;
}

/* Zip bombs: one huge entry of zeros, many entries, zips inside zips.
 * Until the attachments stage lands only survival is checked. */
TEST(zip_bombs)
{
    lsc_engine *e = engine_with(lim_archive), *d = engine_with(NULL);
    static const struct { size_t bytes, entries; int nest; } z[] = {
        { (size_t)50 * 1024 * 1024, 1, 0 },  /* 50 MB of zeros in ~50 KB */
        { 10, 5000, 0 },                     /* 5,000 entries */
        { (size_t)1024 * 1024, 1, 6 },       /* 6 zips deep */
    };
    size_t i;
    for (i = 0; i < sizeof z / sizeof z[0]; i++) {
        size_t zl = 0;
        size_t entries = z[i].entries > 1 ? z[i].entries / scale : 1;
        unsigned char *zip = h_zip(z[i].bytes / scale, entries, z[i].nest, &zl);
        hb b = { 0 };
        lsc_result *r;
        CHECK(zip != NULL);
        if (!zip)
            continue;
        h_zip_message(&b, zip, zl);
        r = score(e, &b);
        if (r && have_decode) {
            const lsc_part *p = part_named(r, "bomb.zip");
            CHECK(p != NULL && p->body_bytes == zl);
        }
        if (r && have_attach) {
            unsigned f = att_flags(r), depth = 0;
            size_t n = att_entries(r, &depth);
            CHECK(f & LSC_ATT_ARCHIVE);
            if (i == 0)
                CHECK(f & LSC_ATT_ARCHIVE_BOMB);
            if (i == 1) {
                CHECK(f & LSC_ATT_ARCHIVE_LIMIT);
                CHECK(n <= 100);
            }
            if (i == 2) {
                CHECK(f & LSC_ATT_ARCHIVE_LIMIT);
                CHECK(f & LSC_ATT_NESTED_ARCHIVE);
                CHECK(depth <= 2);
            }
            if (!(f & LSC_ATT_ARCHIVE_LIMIT) && !(f & LSC_ATT_ARCHIVE_BOMB))
                printf("#   zip %zu: flags 0x%x, %zu entries\n", i, f, n);
        }
        lsc_result_free(r);
        r = score(d, &b);
        if (r && have_attach && i == 0 && scale == 1)
            CHECK(!(att_flags(r) & LSC_ATT_ARCHIVE_BOMB)); /* 50 MB < 256 MB */
        lsc_result_free(r);
        free(zip);
        free(b.p);
    }
    lsc_engine_free(e);
    lsc_engine_free(d);
}

/* ---- every limit exactly at and one past its value ---- */

static void lim_bytes(lsc_limits *l) { l->max_message_bytes = 1000; }
static void lim_parts(lsc_limits *l) { l->max_parts = 5; }
static void lim_depth(lsc_limits *l) { l->max_depth = 3; }
static void lim_headers(lsc_limits *l) { l->max_headers = 10; }
static void lim_hbytes(lsc_limits *l) { l->max_header_bytes = 100; }
static void lim_nodes(lsc_limits *l) { l->max_html_nodes = 10; }
static void lim_links(lsc_limits *l) { l->max_links = 3; }
static void lim_words(lsc_limits *l) { l->max_words = 5; }

static void mk_bytes(hb *b, size_t n)
{
    hb_puts(b, "Subject: x\r\nContent-Type: text/plain\r\n\r\n");
    while (b->len + 7 <= n)
        hb_puts(b, "aaaa\r\n");
    hb_fill(b, 'b', n - b->len);
}

static void mk_parts(hb *b, size_t n)   /* n entities: 1 container + n-1 leaves */
{
    size_t i;
    hb_puts(b, H_HEAD "Content-Type: multipart/mixed; boundary=\"p\"\r\n\r\n");
    for (i = 0; i + 1 < n; i++)
        hb_printf(b, "--p\r\nContent-Type: text/plain\r\n\r\nleaf %zu\r\n", i);
    hb_puts(b, "--p--\r\n");
}

static void mk_depth(hb *b, size_t n) { h_nested_multipart(b, n, 1); }
static void mk_headers(hb *b, size_t n) { h_many_headers(b, n - 5); }

static void mk_hbytes(hb *b, size_t n)  /* a Subject field of n bytes */
{
    hb_puts(b, "From: ann@example.com\r\nSubject: ");
    hb_fill(b, 's', n - strlen("Subject: "));
    hb_puts(b, "\r\n\r\nbody\r\n");
}

static void mk_nodes(hb *b, size_t n)   /* html, head, body + n-3 elements */
{
    hb_puts(b, H_HEAD "Content-Type: text/html; charset=utf-8\r\n\r\n"
               "<html><head></head><body>");
    hb_rep(b, "<p>x</p>", n - 3);
    hb_puts(b, "</body></html>\r\n");
}

static void mk_links(hb *b, size_t n) { h_links(b, n); }

static void lim_aentries(lsc_limits *l) { l->max_archive_entries = 100; }
static void lim_adepth(lsc_limits *l) { l->max_archive_depth = 2; }
static void lim_abytes(lsc_limits *l) { l->max_archive_bytes = 100000; }

static void zip_into(hb *b, size_t bytes, size_t entries, int nest)
{
    size_t zl = 0;
    unsigned char *z = h_zip(bytes, entries, nest, &zl);
    if (z)
        h_zip_message(b, z, zl);
    free(z);
}
static void mk_aentries(hb *b, size_t n) { zip_into(b, 10, n, 0); }
/* n levels opened: the attachment and n-1 zips inside it */
static void mk_adepth(hb *b, size_t n) { zip_into(b, 10, 1, (int)n - 1); }
static void mk_abytes(hb *b, size_t n) { zip_into(b, n, 1, 0); }
static void mk_words(hb *b, size_t n) { h_words(b, n - 1); } /* subject "w" */

typedef struct limit_case {
    const char *name;
    void (*set)(lsc_limits *);
    void (*make)(hb *, size_t);
    size_t at;
    unsigned flag;
    int *stage;
    int att;        /* flag is an LSC_ATT_* of an attachment */
} limit_case;

static const limit_case limit_cases[] = {
    { "max_message_bytes", lim_bytes, mk_bytes, 1000, LSC_MSG_TRUNCATED, &have_mime, 0 },
    { "max_parts", lim_parts, mk_parts, 5, LSC_MSG_TOO_MANY_PARTS, &have_mime, 0 },
    { "max_depth", lim_depth, mk_depth, 3, LSC_MSG_TOO_DEEP, &have_mime, 0 },
    { "max_headers", lim_headers, mk_headers, 10, LSC_MSG_TOO_MANY_HEADERS, &have_mime, 0 },
    { "max_header_bytes", lim_hbytes, mk_hbytes, 100, LSC_MSG_HEADER_TOO_LONG, &have_mime, 0 },
    { "max_html_nodes", lim_nodes, mk_nodes, 10, LSC_MSG_HTML_TOO_BIG, &have_html, 0 },
    { "max_links", lim_links, mk_links, 3, LSC_MSG_TOO_MANY_LINKS, &have_html, 0 },
    { "max_words", lim_words, mk_words, 5, LSC_MSG_TOO_MANY_WORDS, &have_text, 0 },
    { "max_archive_entries", lim_aentries, mk_aentries, 100, LSC_ATT_ARCHIVE_LIMIT, &have_attach, 1 },
    { "max_archive_depth", lim_adepth, mk_adepth, 2, LSC_ATT_ARCHIVE_LIMIT, &have_attach, 1 },
    { "max_archive_bytes", lim_abytes, mk_abytes, 100000, LSC_ATT_ARCHIVE_BOMB, &have_attach, 1 },
};

TEST(every_limit_at_and_one_past)
{
    size_t i;
    for (i = 0; i < sizeof limit_cases / sizeof limit_cases[0]; i++) {
        const limit_case *lc = &limit_cases[i];
        lsc_engine *e = engine_with(lc->set);
        hb at = { 0 }, past = { 0 };
        lsc_result *ra, *rp;
        CHECK(e != NULL);
        if (!e)
            continue;
        lc->make(&at, lc->at);
        lc->make(&past, lc->at + 1);
        ra = score(e, &at);
        rp = score(e, &past);
        if (ra && rp && *lc->stage) {
            int fa = lc->att ? (att_flags(ra) & lc->flag) != 0 : FLAG(ra, lc->flag);
            int fp = lc->att ? (att_flags(rp) & lc->flag) != 0 : FLAG(rp, lc->flag);
            if (fa || !fp)
                printf("#   %s: at %zu flagged %d, at %zu flagged %d\n",
                       lc->name, lc->at, fa, lc->at + 1, fp);
            CHECK(!fa);
            CHECK(fp);
        }
        if (ra && rp && lc->flag == LSC_MSG_TOO_MANY_PARTS && *lc->stage) {
            CHECK_EQ_INT(lsc_result_part_count(ra), lc->at);
            CHECK_EQ_INT(lsc_result_part_count(rp), lc->at);
        }
        if (ra && rp && lc->flag == LSC_MSG_TOO_MANY_HEADERS && *lc->stage) {
            CHECK_EQ_INT(lsc_result_header_count(ra), lc->at);
            CHECK_EQ_INT(lsc_result_header_count(rp), lc->at);
        }
        if (ra && rp && lc->flag == LSC_MSG_TOO_DEEP && *lc->stage) {
            CHECK_EQ_INT(max_depth_of(ra), lc->at);
            CHECK(max_depth_of(rp) <= lc->at);
        }
        lsc_result_free(ra);
        lsc_result_free(rp);
        free(at.p);
        free(past.p);
        lsc_engine_free(e);
    }
}

int main(void)
{
    const char *vg = getenv("LSC_VALGRIND");
    if (vg && strcmp(vg, "1") == 0)
        scale = 10;
    have_mime = landed("mime/mime");
    have_decode = have_mime && landed("mime/decode");
    have_html = have_decode && landed("html/html");
    have_text = have_decode && landed("text/text");
    have_attach = have_decode && landed("attach/attach");
    RUN(base64_attachment_50mb);
    RUN(multipart_nested_10000);
    RUN(headers_100000);
    RUN(header_line_10mb);
    RUN(boundary_never_closes);
    RUN(nul_bytes_everywhere);
    RUN(invalid_utf8_and_lying_charsets);
    RUN(links_1000000);
    RUN(html_nested_100000);
    RUN(zip_bombs);
    RUN(every_limit_at_and_one_past);
    return TEST_DONE();
}

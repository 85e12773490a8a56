/*
 * test_mime.c - the MIME reader (mime.c): headers, RFC 2047 words, the
 * parts tree, parameters, line ends, and every limit at and one past it.
 * Messages are built here; nothing comes from the corpus.
 */
#include "test.h"

#include "mime/mime.h"

static lsc_engine *eng;

static lsc_result *parse_n(lsc_engine *e, const char *m, size_t n)
{
    lsc_result *r = NULL;
    lsc_error err;
    if (lsc_parse(&r, e, m, n, &err) != 0) {
        printf("#   lsc_parse failed: %s\n", err.message);
        return NULL;
    }
    return r;
}

static lsc_result *parse(const char *m)
{
    return parse_n(eng, m, strlen(m));
}

/* The k-th leaf, or NULL. */
static const lsc_part *leaf(const lsc_result *r, size_t k)
{
    size_t i;
    for (i = 0; i < lsc_result_part_count(r); i++) {
        const lsc_part *p = lsc_result_part(r, i);
        if (p->kind == LSC_PART_LEAF && p->leaf_index == k)
            return p;
    }
    return NULL;
}

static size_t leaves(const lsc_result *r)
{
    size_t i, n = 0;
    for (i = 0; i < lsc_result_part_count(r); i++)
        n += lsc_result_part(r, i)->kind == LSC_PART_LEAF;
    return n;
}

static int body_is(const lsc_part *p, const char *s)
{
    return p && p->body_bytes == strlen(s) &&
           memcmp(p->body, s, p->body_bytes) == 0;
}

static lsc_engine *engine_limits(const lsc_limits *l)
{
    lsc_options o;
    lsc_engine *e = NULL;
    lsc_options_init(&o);
    o.limits = *l;
    if (lsc_engine_new(&e, &o, NULL) != 0)
        return NULL;
    return e;
}

/* The setup every limit test shares: one engine with a limit, a message
 * exactly at it and one just past it, both parsed (NULL where a step
 * failed, so the CHECKs that follow fail). */
typedef struct at_past {
    lsc_engine *e;
    lsc_result *ra, *rp;
} at_past;

static at_past at_and_past(const lsc_limits *l, const char *at, size_t at_len,
                           const char *past, size_t past_len)
{
    at_past t;
    t.e = engine_limits(l);
    t.ra = t.rp = NULL;
    if (t.e && at && past) {
        t.ra = parse_n(t.e, at, at_len);
        t.rp = parse_n(t.e, past, past_len);
    }
    return t;
}

static void at_past_free(at_past *t)
{
    lsc_result_free(t->ra);
    lsc_result_free(t->rp);
    lsc_engine_free(t->e);
}

TEST(headers_unfolded_and_duplicates)
{
    lsc_result *r = parse("Subject: one\r\n two\r\n\tthree\r\n"
                          "X-Dup: a\r\nX-Dup: b\r\n\r\nbody\r\n");
    const char *name, *value;
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK_STR(lsc_result_subject(r, NULL), "one two\tthree");
    CHECK_EQ_INT(lsc_result_header_count(r), 3);
    CHECK_EQ_INT(lsc_result_header(r, 2, &name, &value), 0);
    CHECK_STR(name, "X-Dup");
    CHECK_STR(value, "b");
    CHECK_STR(lsc_result_header_value(r, "x-dup"), "a");
    CHECK_EQ_INT(lsc_result_header(r, 3, &name, &value), LSC_ENOTFOUND);
    CHECK(body_is(leaf(r, 0), "body\r\n"));
    lsc_result_free(r);
}

/* read_headers keeps the line ends of its first pass for 128 lines and
 * finds the others again: a block of 300 lines (every tenth a folded
 * continuation, around the 128th too) reads the same fields on both
 * sides of that edge, and the body after it. */
TEST(long_header_blocks)
{
    static char m[12000];
    size_t i, o = 0, fields = 0;
    const char *name, *value;
    lsc_result *r;
    for (i = 0; i < 300; i++) {
        if (i % 10 == 9 || i == 127 || i == 128)
            o += (size_t)snprintf(m + o, sizeof m - o, "  more %zu\r\n", i);
        else {
            o += (size_t)snprintf(m + o, sizeof m - o, "X-H%zu: v%zu\r\n", i, i);
            fields++;
        }
    }
    o += (size_t)snprintf(m + o, sizeof m - o, "\r\nbody\r\n");
    r = parse_n(eng, m, o);
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK_EQ_INT(lsc_result_header_count(r), fields);
    CHECK_STR(lsc_result_header_value(r, "X-H126"),
              "v126  more 127  more 128  more 129");
    CHECK_STR(lsc_result_header_value(r, "X-H130"), "v130");
    CHECK_STR(lsc_result_header_value(r, "X-H298"), "v298  more 299");
    CHECK_EQ_INT(lsc_result_header(r, fields - 1, &name, &value), 0);
    CHECK_STR(name, "X-H298");
    CHECK(body_is(leaf(r, 0), "body\r\n"));
    lsc_result_free(r);
}

/* Look-up by name passes over names of another length or first letter
 * before it compares: a longer name sharing the prefix, a shorter one, one
 * differing only in case, and '[' / '{' (which differ by the case bit). */
TEST(header_lookup_by_name_any_case)
{
    lsc_result *r = parse("X-Abc: long\r\nX-A: short\r\nx-AB: two\r\n"
                          "[: bracket\r\nSUBJECT: s\r\n\r\nbody\r\n");
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK_STR(lsc_result_header_value(r, "x-ab"), "two");
    CHECK_STR(lsc_result_header_value(r, "X-ABC"), "long");
    CHECK_STR(lsc_result_header_value(r, "x-a"), "short");
    CHECK_STR(lsc_result_header_value(r, "Subject"), "s");
    CHECK(lsc_result_header_value(r, "X-Abcd") == NULL);
    CHECK(lsc_result_header_value(r, "X") == NULL);
    CHECK(lsc_result_header_value(r, "{") == NULL);
    CHECK(lsc_result_header_value(r, "") == NULL);
    lsc_result_free(r);
}

TEST(subject_never_null)
{
    lsc_result *r = parse("From: a@example.com\n\nhi\n");
    size_t len = 99;
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK_STR(lsc_result_subject(r, &len), "");
    CHECK_EQ_INT(len, 0);
    CHECK(lsc_result_header_value(r, "Subject") == NULL);
    lsc_result_free(r);
}

TEST(line_without_colon_ends_headers)
{
    lsc_result *r = parse("Subject: x\nthis is not a header\nmore\n");
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK(lsc_result_flags(r) & LSC_MSG_BAD_HEADER);
    CHECK(body_is(leaf(r, 0), "this is not a header\nmore\n"));
    lsc_result_free(r);
}

TEST(eight_bit_and_long_lines)
{
    char big[1200];
    char msg[1400];
    lsc_result *r;
    memset(big, 'a', 999);
    big[999] = '\0';
    snprintf(msg, sizeof msg, "Subject: caf\xc3\xa9 \xff\n\n%s\n", big);
    r = parse(msg);
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK(lsc_result_flags(r) & LSC_MSG_8BIT_HEADER);
    CHECK(lsc_result_flags(r) & LSC_MSG_LONG_LINES);
    /* raw 8-bit is read as UTF-8, invalid bytes replaced */
    CHECK_STR(lsc_result_subject(r, NULL), "caf\xc3\xa9 \xef\xbf\xbd");
    lsc_result_free(r);
    big[998] = '\0';
    snprintf(msg, sizeof msg, "Subject: x\n\n%s\n", big);
    r = parse(msg);
    CHECK(r && !(lsc_result_flags(r) & LSC_MSG_LONG_LINES));
    lsc_result_free(r);
}

/* The byte scan steps eight bytes at a time and line ends are found with
 * memchr: a NUL, a bare CR or a line over the limit is seen at every
 * offset against those steps, and a line of exactly 998 bytes is not. */
TEST(byte_scans_at_every_offset)
{
    static char msg[1200], big[1000];
    size_t k, n;
    lsc_result *r;
    memset(big, 'a', sizeof big);
    for (k = 0; k < 17; k++) {
        n = (size_t)snprintf(msg, sizeof msg, "Subject: x\n\n%.*s\nabc\n",
                             (int)k, "bbbbbbbbbbbbbbbbbbbb");
        msg[12 + k] = '\0'; /* NUL k bytes into the body */
        r = parse_n(eng, msg, n);
        CHECK(r && (lsc_result_flags(r) & LSC_MSG_NUL_BYTES));
        CHECK(r && !(lsc_result_flags(r) & LSC_MSG_BARE_CR));
        lsc_result_free(r);
        msg[12 + k] = '\r';   /* a bare CR there instead */
        r = parse_n(eng, msg, n);
        CHECK(r && (lsc_result_flags(r) & LSC_MSG_BARE_CR));
        CHECK(r && !(lsc_result_flags(r) & LSC_MSG_NUL_BYTES));
        lsc_result_free(r);
        n = (size_t)snprintf(msg, sizeof msg, "Subject: x\n\n%.*s\n%.*s\n",
                             (int)k, "cccccccccccccccccccc", 998, big);
        r = parse_n(eng, msg, n);
        CHECK(r && !(lsc_result_flags(r) & LSC_MSG_LONG_LINES));
        lsc_result_free(r);
        n = (size_t)snprintf(msg, sizeof msg, "Subject: x\n\n%.*s\n%.*s\n",
                             (int)k, "cccccccccccccccccccc", 999, big);
        r = parse_n(eng, msg, n);
        CHECK(r && (lsc_result_flags(r) & LSC_MSG_LONG_LINES));
        lsc_result_free(r);
    }
    /* CR, LF and CRLF line ends at odd offsets still cut the header */
    r = parse("Subject: one\rX-A: b\r\nX-B: c\n\nbody\r\n");
    CHECK(r != NULL);
    if (r) {
        CHECK_STR(lsc_result_header_value(r, "X-B"), "c");
        CHECK(body_is(leaf(r, 0), "body\r\n"));
    }
    lsc_result_free(r);
}

/* lsc__mime_byte_facts steps over lines by windows and finds NUL and CR
 * by memchr: on texts of lines around the 998-byte limit (LF, CRLF, a
 * bare CR or a NUL here and there, a last line with and without its
 * end), every length up to 3,100 bytes, it gives the flags of the
 * byte-by-byte reading. */
TEST(byte_facts_agree_with_the_byte_reading)
{
    static char t[3200];
    static const size_t lens[] = { 0, 1, 7, 8, 9, 70, 990, 996, 997, 998,
                                   999, 1000, 1001, 1500 };
    unsigned seed = 7, want, got, seen = 0;
    size_t round, n, i;
    for (round = 0; round < 3000; round++) {
        n = 0;
        while (n < 3100) {
            size_t len, k;
            seed = seed * 1103515245u + 12345u;
            len = lens[(seed >> 16) % LSC__COUNT(lens)];
            for (k = 0; k < len && n < sizeof t - 2; k++)
                t[n++] = 'a' + (char)(k % 26);
            switch ((seed >> 8) % 8) {
            case 0:
                t[n++] = '\r';
                t[n++] = '\n';
                break;
            case 1:
                if (round % 4 == 0)
                    t[n++] = '\r';     /* bare */
                else
                    t[n++] = '\n';
                break;
            case 2:
                if (round % 5 == 0 && n > 0)
                    t[n - 1] = '\0';
                t[n++] = '\n';
                break;
            default:
                t[n++] = '\n';
            }
        }
        /* every length cuts it at another place, also mid-CRLF */
        for (i = (seed >> 4) % 7; i <= n; i += 1 + (seed >> 12) % 97) {
            want = lsc__mime_byte_facts_ref(t, i);
            got = lsc__mime_byte_facts(t, i);
            CHECK_EQ_INT((long)got, (long)want);
            seen |= want;
        }
    }
    /* the texts reach every flag, and lines of both kinds */
    CHECK_EQ_INT((long)seen, (long)(LSC_MSG_NUL_BYTES | LSC_MSG_BARE_CR |
                                    LSC_MSG_LONG_LINES));
}

/* A field without "=?" is kept as it is (only invalid UTF-8 replaced);
 * "=" and "?" apart, or "?=" alone, start no encoded word. */
TEST(fields_without_encoded_word_start)
{
    lsc_result *r = parse("Subject: a = b ? c ?= d =\xff?\n\nx\n");
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK_STR(lsc_result_subject(r, NULL),
              "a = b ? c ?= d =\xef\xbf\xbd?");
    CHECK(!(lsc_result_flags(r) & LSC_MSG_BAD_ENCODED_WORD));
    lsc_result_free(r);
    r = parse("Subject: x =?utf-8?q?caf=C3=A9?= y\n\nx\n");
    CHECK(r && strcmp(lsc_result_subject(r, NULL), "x caf\xc3\xa9 y") == 0);
    lsc_result_free(r);
}

TEST(encoded_words)
{
    static const struct {
        const char *raw, *want;
    } cases[] = {
        {"=?UTF-8?B?5Lit5paH?=", "\xe4\xb8\xad\xe6\x96\x87"},
        {"=?iso-8859-1?q?caf=E9_au_lait?=", "caf\xc3\xa9 au lait"},
        /* blanks between adjacent words are dropped */
        {"=?utf-8?q?a?= =?utf-8?q?b?=  x", "ab  x"},
        /* text around words keeps its blanks */
        {"Re: =?utf-8?q?hi?= there", "Re: hi there"},
        /* a multi-byte character split over two words */
        {"=?utf-8?B?5Lit?= =?utf-8?B?5paH?=", "\xe4\xb8\xad\xe6\x96\x87"},
        {"=?gb2312?B?1tDOxA==?=", "\xe4\xb8\xad\xe6\x96\x87"},
        /* broken words stay as text */
        {"=?utf-8?x?abc?= end", "=?utf-8?x?abc?= end"},
        {"=?utf-8?q?no end", "=?utf-8?q?no end"},
        /* base64 without padding still decodes */
        {"=?utf-8?b?aGk?=", "hi"},
        /* language suffix (RFC 2231) */
        {"=?utf-8*en?q?hello?=", "hello"},
        /* ISO-2022-JP: a shifted run split over two words, and two
         * complete words (shift back, then shift again) */
        {"=?iso-2022-jp?B?GyRCRnw=?= =?iso-2022-jp?B?S1w4bBsoQg==?=",
         "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"},
        {"=?ISO-2022-JP?B?GyRCRnwbKEI=?= =?iso-2022-jp?B?GyRCS1w4bBsoQg==?=",
         "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"},
        /* unknown charset: bytes read as UTF-8 */
        {"=?x-nonsense?q?ok?=", "ok"},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char msg[512];
        lsc_result *r;
        snprintf(msg, sizeof msg, "Subject: %s\n\nx\n", cases[i].raw);
        r = parse(msg);
        CHECK(r != NULL);
        if (!r)
            continue;
        if (strcmp(lsc_result_subject(r, NULL), cases[i].want) != 0)
            printf("#   case %zu\n", i);
        CHECK_STR(lsc_result_subject(r, NULL), cases[i].want);
        lsc_result_free(r);
    }
}

TEST(bad_encoded_word_flag)
{
    lsc_result *r = parse("Subject: =?utf-8?x?abc?=\n\nx\n");
    CHECK(r && (lsc_result_flags(r) & LSC_MSG_BAD_ENCODED_WORD));
    lsc_result_free(r);
    r = parse("Subject: =?utf-8?q?fine?=\n\nx\n");
    CHECK(r && !(lsc_result_flags(r) & LSC_MSG_BAD_ENCODED_WORD));
    lsc_result_free(r);
}

TEST(multipart_tree)
{
    lsc_result *r = parse(
        "Content-Type: Multipart/Mixed; boundary=\"odd'()+_,-./:=? b\"\r\n"
        "\r\n"
        "preamble\r\n"
        "--odd'()+_,-./:=? b\r\n"
        "Content-Type: text/plain; charset=UTF-8\r\n"
        "\r\n"
        "first\r\n"
        "--odd'()+_,-./:=? b  \r\n"
        "\r\n"
        "no headers here\r\n"
        "--odd'()+_,-./:=? b\r\n"
        "Content-Type: message/rfc822\r\n"
        "\r\n"
        "Subject: inner\r\n"
        "Content-Type: multipart/alternative; boundary=in\r\n"
        "\r\n"
        "--in\r\n"
        "Content-Type: text/html\r\n"
        "\r\n"
        "<p>x</p>\r\n"
        "--in--\r\n"
        "--odd'()+_,-./:=? b--\r\n"
        "epilogue\r\n");
    const lsc_part *p;
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK_EQ_INT(lsc_result_part_count(r), 6);
    CHECK_EQ_INT(leaves(r), 3);
    p = lsc_result_part(r, 0);
    CHECK_EQ_INT(p->kind, LSC_PART_MULTIPART);
    CHECK_STR(p->content_type, "multipart/mixed");
    CHECK(body_is(leaf(r, 0), "first"));
    CHECK_STR(leaf(r, 0)->charset, "utf-8");
    p = leaf(r, 1);
    CHECK(p && (p->flags & LSC_PART_NO_HEADERS));
    CHECK_STR(p ? p->content_type : NULL, "text/plain");
    CHECK(body_is(p, "no headers here"));
    p = lsc_result_part(r, 3);
    CHECK_EQ_INT(p->kind, LSC_PART_MESSAGE);
    CHECK_EQ_INT(p->parent, 0);
    p = lsc_result_part(r, 4);
    CHECK_EQ_INT(p->kind, LSC_PART_MULTIPART);
    CHECK_EQ_INT(p->depth, 2);
    CHECK_EQ_INT(p->parent, 3);
    p = leaf(r, 2);
    CHECK_STR(p ? p->content_type : NULL, "text/html");
    CHECK(body_is(p, "<p>x</p>"));
    CHECK_EQ_INT(p ? p->depth : 0, 3);
    CHECK(!(lsc_result_flags(r) & LSC_MSG_MISSING_BOUNDARY));
    lsc_result_free(r);
}

TEST(missing_final_boundary)
{
    lsc_result *r = parse("Content-Type: multipart/mixed; boundary=b\n\n"
                          "--b\nContent-Type: text/plain\n\none\n"
                          "--b\n\ntwo\n");
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK(lsc_result_flags(r) & LSC_MSG_MISSING_BOUNDARY);
    CHECK(lsc_result_part(r, 0)->flags & LSC_PART_NOT_CLOSED);
    CHECK_EQ_INT(leaves(r), 2);
    CHECK(body_is(leaf(r, 1), "two"));
    lsc_result_free(r);
}

TEST(multipart_without_boundary_is_a_leaf)
{
    lsc_result *r = parse("Content-Type: multipart/mixed\n\n--x\nabc\n");
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK(lsc_result_flags(r) & LSC_MSG_MISSING_BOUNDARY);
    CHECK_EQ_INT(lsc_result_part_count(r), 1);
    CHECK(body_is(leaf(r, 0), "--x\nabc\n"));
    lsc_result_free(r);
}

TEST(outer_boundary_ends_inner_part)
{
    /* RFC 2046 5.1.2: the inner multipart is never closed */
    lsc_result *r = parse("Content-Type: multipart/mixed; boundary=outer\n\n"
                          "--outer\n"
                          "Content-Type: multipart/alternative; boundary=inner\n\n"
                          "--inner\n\nin\n"
                          "--outer\n\nafter\n--outer--\n");
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK_EQ_INT(leaves(r), 2);
    CHECK(body_is(leaf(r, 0), "in"));
    CHECK(body_is(leaf(r, 1), "after"));
    CHECK(lsc_result_part(r, 1)->flags & LSC_PART_NOT_CLOSED);
    lsc_result_free(r);
}

/* Bodies are stepped over by their lines that open with "--" when the
 * message has no bare CR, line by line when it has one: dashes inside
 * lines ("--b" too), a signature's "-- ", another boundary's line and a
 * dash at the very end are no boundary either way, and a bare CR in the
 * preamble (the slow path) gives the same parts. */
TEST(dash_lines_in_bodies)
{
    static const char *const pre[] = { "", "pre\ramble\n" };
    size_t k;
    for (k = 0; k < LSC__COUNT(pre); k++) {
        char m[600];
        lsc_result *r;
        snprintf(m, sizeof m,
                 "Content-Type: multipart/mixed; boundary=b\n\n%s"
                 "--b\n\nx-y - z --b\n-- \nsig\n--c\n---\n-\n"
                 "--b\n\nsecond -- part\n--b--\nepilogue\n--b\n-",
                 pre[k]);
        r = parse(m);
        CHECK(r != NULL);
        if (!r)
            continue;
        CHECK_EQ_INT(leaves(r), 2);
        CHECK(body_is(leaf(r, 0), "x-y - z --b\n-- \nsig\n--c\n---\n-"));
        CHECK(body_is(leaf(r, 1), "second -- part"));
        CHECK_EQ_INT(!!(lsc_result_flags(r) & LSC_MSG_BARE_CR), (int)k);
        lsc_result_free(r);
    }
}

TEST(digest_defaults_to_rfc822)
{
    lsc_result *r = parse("Content-Type: multipart/digest; boundary=d\n\n"
                          "--d\n\nSubject: one\n\nbody one\n"
                          "--d--\n");
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK_STR(lsc_result_part(r, 1)->content_type, "message/rfc822");
    CHECK_EQ_INT(lsc_result_part(r, 1)->kind, LSC_PART_MESSAGE);
    CHECK(body_is(leaf(r, 0), "body one"));
    lsc_result_free(r);
}

TEST(content_type_defaults)
{
    static const struct {
        const char *ct, *want;
    } cases[] = {
        {"TEXT/HTML; charset=\"UTF-8\"", "text/html"},
        {"text / plain", "text/plain"},
        {"image/png (a comment)", "image/png"},
        {"garbage", "text/plain"},
        {"", "text/plain"},
        {"a/b/c", "text/plain"},
        {"text/html charset=x", "text/html"},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char msg[256];
        lsc_result *r;
        snprintf(msg, sizeof msg, "Content-Type: %s\n\nx\n", cases[i].ct);
        r = parse(msg);
        CHECK(r != NULL);
        if (!r)
            continue;
        CHECK_STR(lsc_result_part(r, 0)->content_type, cases[i].want);
        lsc_result_free(r);
    }
}

TEST(filenames)
{
    static const struct {
        const char *hdrs, *want;
    } cases[] = {
        {"Content-Disposition: attachment; filename=\"a b.pdf\"", "a b.pdf"},
        {"Content-Type: application/pdf; name=n.pdf", "n.pdf"},
        {"Content-Type: application/pdf; name=n.pdf\n"
         "Content-Disposition: attachment; filename=f.pdf", "f.pdf"},
        {"Content-Disposition: attachment;\n"
         " filename*0*=utf-8''%E4%B8%AD%E6;\n filename*1*=%96%87;\n"
         " filename*2=\".txt\"", "\xe4\xb8\xad\xe6\x96\x87.txt"},
        {"Content-Disposition: attachment; filename*=iso-8859-1'en'caf%E9.doc",
         "caf\xc3\xa9.doc"},
        {"Content-Disposition: attachment; filename=\"=?utf-8?B?5Lit5paH?=.doc\"",
         "\xe4\xb8\xad\xe6\x96\x87.doc"},
        {"Content-Disposition: attachment; filename=\"a\\\"q\\\\.txt\"",
         "a\"q\\.txt"},
        {"Content-Disposition: attachment; filename=\"  spaced.txt  \"",
         "spaced.txt"},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char msg[512];
        lsc_result *r;
        snprintf(msg, sizeof msg, "%s\n\nx\n", cases[i].hdrs);
        r = parse(msg);
        CHECK(r != NULL);
        if (!r)
            continue;
        if (!lsc_result_part(r, 0)->filename ||
            strcmp(lsc_result_part(r, 0)->filename, cases[i].want) != 0)
            printf("#   case %zu\n", i);
        CHECK_STR(lsc_result_part(r, 0)->filename, cases[i].want);
        lsc_result_free(r);
    }
}

TEST(line_ends)
{
    static const char *const msgs[] = {
        "Subject: s\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        "--b\r\n\r\nbody\r\n--b--\r\n",
        "Subject: s\nContent-Type: multipart/mixed; boundary=b\n\n"
        "--b\n\nbody\n--b--\n",
        "Subject: s\rContent-Type: multipart/mixed; boundary=b\r\r"
        "--b\r\rbody\r--b--\r",
    };
    size_t i;
    for (i = 0; i < 3; i++) {
        lsc_result *r = parse(msgs[i]);
        CHECK(r != NULL);
        if (!r)
            continue;
        CHECK_STR(lsc_result_subject(r, NULL), "s");
        CHECK(body_is(leaf(r, 0), "body"));
        CHECK_EQ_INT(!!(lsc_result_flags(r) & LSC_MSG_BARE_CR), i == 2);
        lsc_result_free(r);
    }
}

TEST(mbox_from_line)
{
    lsc_result *r = parse("From someone@example.com Mon Jan  1 00:00:00 2026\n"
                          "Subject: after\n\nbody\n");
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK(lsc_result_flags(r) & LSC_MSG_MBOX_FROM);
    CHECK_STR(lsc_result_subject(r, NULL), "after");
    CHECK_EQ_INT(lsc_result_header_count(r), 1);
    lsc_result_free(r);
}

TEST(no_headers_and_nul_bytes)
{
    static const char m[] = "\nbody\0with nul\n";
    lsc_result *r = parse_n(eng, m, sizeof m - 1);
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK(lsc_result_flags(r) & LSC_MSG_NO_HEADERS);
    CHECK(lsc_result_flags(r) & LSC_MSG_NUL_BYTES);
    CHECK_EQ_INT(leaf(r, 0)->body_bytes, sizeof m - 2);
    lsc_result_free(r);
    r = parse_n(eng, "", 0);
    CHECK(r && lsc_result_part_count(r) == 1);
    lsc_result_free(r);
}

TEST(very_long_header_line)
{
    size_t n = 200000, i;
    char *m = malloc(n + 64);
    lsc_result *r;
    if (!m)
        return;
    strcpy(m, "Subject: ");
    for (i = 9; i < n; i++)
        m[i] = 'x';
    strcpy(m + n, "\n\nbody\n");
    r = parse(m);
    CHECK(r != NULL);
    if (r) {
        size_t len;
        lsc_result_subject(r, &len);
        /* cut at the default max_header_bytes, name and colon included */
        CHECK_EQ_INT(len + 9, LSC_DEFAULT_MAX_HEADER_BYTES);
        CHECK(lsc_result_flags(r) & LSC_MSG_HEADER_TOO_LONG);
        CHECK(body_is(leaf(r, 0), "body\n"));
    }
    lsc_result_free(r);
    free(m);
}

/* ---- limits: exactly at the limit and one past ---- */

static char *nested(size_t levels)
{
    size_t cap = 200 * (levels + 2), i, len = 0;
    char *m = malloc(cap);
    if (!m)
        return NULL;
    for (i = 0; i < levels; i++)
        len += (size_t)snprintf(m + len, cap - len,
                                "Content-Type: multipart/mixed; boundary=n%zu\n\n"
                                "--n%zu\n", i, i);
    len += (size_t)snprintf(m + len, cap - len, "\ninnermost\n");
    for (i = levels; i-- > 0;)
        len += (size_t)snprintf(m + len, cap - len, "--n%zu--\n", i);
    return m;
}

TEST(limit_depth)
{
    lsc_limits l;
    lsc_engine *e;
    char *at, *past;
    lsc_result *ra, *rp;
    memset(&l, 0, sizeof l);
    l.max_depth = 4;
    e = engine_limits(&l);
    at = nested(4);
    past = nested(5);
    CHECK(e && at && past);
    if (!e || !at || !past) {
        free(at);
        free(past);
        lsc_engine_free(e);
        return;
    }
    ra = parse_n(e, at, strlen(at));
    rp = parse_n(e, past, strlen(past));
    CHECK(ra && !(lsc_result_flags(ra) & LSC_MSG_TOO_DEEP));
    CHECK(ra && lsc_result_part_count(ra) == 5);
    CHECK(ra && body_is(leaf(ra, 0), "innermost"));
    CHECK(rp && (lsc_result_flags(rp) & LSC_MSG_TOO_DEEP));
    /* the too-deep container is kept as a leaf: nothing is lost */
    CHECK(rp && lsc_result_part_count(rp) == 5);
    CHECK(rp && leaf(rp, 0) && leaf(rp, 0)->depth == 4);
    lsc_result_free(ra);
    lsc_result_free(rp);
    free(at);
    free(past);
    lsc_engine_free(e);
}

static char *parts_msg(size_t entities)
{
    size_t cap = 100 * (entities + 2), i, len = 0;
    char *m = malloc(cap);
    if (!m)
        return NULL;
    len += (size_t)snprintf(m, cap, "Content-Type: multipart/mixed; boundary=p\n\n");
    for (i = 0; i + 1 < entities; i++)
        len += (size_t)snprintf(m + len, cap - len, "--p\n\nleaf %zu\n", i);
    snprintf(m + len, cap - len, "--p--\n");
    return m;
}

TEST(limit_parts)
{
    lsc_limits l;
    char *at = parts_msg(6), *past = parts_msg(7);
    at_past t;
    lsc_result *ra, *rp;
    memset(&l, 0, sizeof l);
    l.max_parts = 6;
    t = at_and_past(&l, at, at ? strlen(at) : 0, past, past ? strlen(past) : 0);
    ra = t.ra;
    rp = t.rp;
    CHECK(ra && !(lsc_result_flags(ra) & LSC_MSG_TOO_MANY_PARTS));
    CHECK(ra && lsc_result_part_count(ra) == 6);
    CHECK(rp && (lsc_result_flags(rp) & LSC_MSG_TOO_MANY_PARTS));
    CHECK(rp && lsc_result_part_count(rp) == 6);
    CHECK(rp && body_is(leaf(rp, 4), "leaf 4"));
    at_past_free(&t);
    free(at);
    free(past);
}

static char *headers_msg(size_t n)
{
    size_t cap = 40 * (n + 2), i, len = 0;
    char *m = malloc(cap);
    if (!m)
        return NULL;
    for (i = 0; i < n; i++)
        len += (size_t)snprintf(m + len, cap - len, "X-H%zu: v\n", i);
    snprintf(m + len, cap - len, "\nbody\n");
    return m;
}

TEST(limit_headers)
{
    lsc_limits l;
    char *at = headers_msg(8), *past = headers_msg(9);
    at_past t;
    lsc_result *ra, *rp;
    memset(&l, 0, sizeof l);
    l.max_headers = 8;
    t = at_and_past(&l, at, at ? strlen(at) : 0, past, past ? strlen(past) : 0);
    ra = t.ra;
    rp = t.rp;
    CHECK(ra && !(lsc_result_flags(ra) & LSC_MSG_TOO_MANY_HEADERS));
    CHECK(ra && lsc_result_header_count(ra) == 8);
    CHECK(rp && (lsc_result_flags(rp) & LSC_MSG_TOO_MANY_HEADERS));
    CHECK(rp && lsc_result_header_count(rp) == 8);
    CHECK(rp && body_is(leaf(rp, 0), "body\n"));
    at_past_free(&t);
    free(at);
    free(past);
}

TEST(limit_header_bytes)
{
    lsc_limits l;
    /* "Subject: " + 41 = 50 bytes; one more is past */
    const char *at = "Subject: 12345678901234567890123456789012345678901\n\nb\n";
    const char *past = "Subject: 123456789012345678901234567890123456789012\n\nb\n";
    at_past t;
    lsc_result *ra, *rp;
    memset(&l, 0, sizeof l);
    l.max_header_bytes = 50;
    t = at_and_past(&l, at, strlen(at), past, strlen(past));
    ra = t.ra;
    rp = t.rp;
    CHECK(ra && !(lsc_result_flags(ra) & LSC_MSG_HEADER_TOO_LONG));
    CHECK(rp && (lsc_result_flags(rp) & LSC_MSG_HEADER_TOO_LONG));
    CHECK(rp && strlen(lsc_result_subject(rp, NULL)) == 41);
    at_past_free(&t);
}

TEST(limit_message_bytes)
{
    lsc_limits l;
    const char *m = "Subject: s\n\n0123456789";   /* 22 bytes */
    at_past t;
    lsc_result *ra, *rp;
    memset(&l, 0, sizeof l);
    l.max_message_bytes = 22;
    t = at_and_past(&l, m, 22, "Subject: s\n\n0123456789X", 23);
    ra = t.ra;
    rp = t.rp;
    CHECK(ra && !(lsc_result_flags(ra) & LSC_MSG_TRUNCATED));
    CHECK(rp && (lsc_result_flags(rp) & LSC_MSG_TRUNCATED));
    CHECK(rp && body_is(leaf(rp, 0), "0123456789"));
    at_past_free(&t);
}

TEST(delivery_status_blocks)
{
    lsc_result *r = parse("Content-Type: multipart/report; boundary=r\n\n"
                          "--r\n\nIt bounced.\n"
                          "--r\nContent-Type: message/delivery-status\n\n"
                          "Reporting-MTA: dns; mx.example.com\n\n"
                          "Final-Recipient: rfc822; a@example.org\n"
                          "Status: 5.1.1\n"
                          "--r--\n");
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK_EQ_INT(leaves(r), 3);
    CHECK_EQ_INT(lsc_result_part(r, 2)->kind, LSC_PART_MESSAGE);
    lsc_result_free(r);
}

/* The filename as parameter number `pos` (1-based) after pos-1 others. */
static const char *filename_at(size_t pos, lsc_result **keep)
{
    size_t cap = 32 * pos + 128, len, i;
    char *m = malloc(cap);
    lsc_result *r;
    if (!m)
        return NULL;
    len = (size_t)snprintf(m, cap, "Content-Disposition: attachment");
    for (i = 1; i < pos; i++)
        len += (size_t)snprintf(m + len, cap - len, "; x%zu=1", i);
    snprintf(m + len, cap - len, "; filename=f.txt\n\nx\n");
    r = parse(m);
    free(m);
    *keep = r;
    return r ? lsc_result_part(r, 0)->filename : NULL;
}

TEST(limit_params)
{
    lsc_result *ra = NULL, *rp = NULL;
    const char *at = filename_at(LSC__MAX_PARAMS, &ra);
    const char *past = filename_at(LSC__MAX_PARAMS + 1, &rp);
    CHECK(ra && rp);
    CHECK_STR(at, "f.txt");
    CHECK(rp && past == NULL);
    lsc_result_free(ra);
    lsc_result_free(rp);
}

TEST(limit_hard_depth)
{
    /* max_depth above the reader's own bound: the bound holds */
    lsc_limits l;
    lsc_engine *e;
    char *at = nested(LSC__MIME_HARD_DEPTH), *past = nested(LSC__MIME_HARD_DEPTH + 1);
    lsc_result *ra = NULL, *rp = NULL;
    memset(&l, 0, sizeof l);
    l.max_depth = 5 * LSC__MIME_HARD_DEPTH;
    l.max_parts = 10 * LSC__MIME_HARD_DEPTH;
    e = engine_limits(&l);
    if (e && at && past) {
        ra = parse_n(e, at, strlen(at));
        rp = parse_n(e, past, strlen(past));
    }
    CHECK(ra && !(lsc_result_flags(ra) & LSC_MSG_TOO_DEEP));
    CHECK(ra && body_is(leaf(ra, 0), "innermost"));
    CHECK(rp && (lsc_result_flags(rp) & LSC_MSG_TOO_DEEP));
    lsc_result_free(ra);
    lsc_result_free(rp);
    free(at);
    free(past);
    lsc_engine_free(e);
}

int main(void)
{
    lsc_options o;
    lsc_options_init(&o);
    if (lsc_engine_new(&eng, &o, NULL) != 0) {
        printf("not ok - engine\n");
        return 1;
    }
    RUN(headers_unfolded_and_duplicates);
    RUN(long_header_blocks);
    RUN(header_lookup_by_name_any_case);
    RUN(subject_never_null);
    RUN(line_without_colon_ends_headers);
    RUN(eight_bit_and_long_lines);
    RUN(byte_scans_at_every_offset);
    RUN(byte_facts_agree_with_the_byte_reading);
    RUN(fields_without_encoded_word_start);
    RUN(encoded_words);
    RUN(bad_encoded_word_flag);
    RUN(multipart_tree);
    RUN(missing_final_boundary);
    RUN(multipart_without_boundary_is_a_leaf);
    RUN(outer_boundary_ends_inner_part);
    RUN(dash_lines_in_bodies);
    RUN(digest_defaults_to_rfc822);
    RUN(content_type_defaults);
    RUN(filenames);
    RUN(line_ends);
    RUN(mbox_from_line);
    RUN(no_headers_and_nul_bytes);
    RUN(very_long_header_line);
    RUN(limit_depth);
    RUN(limit_parts);
    RUN(limit_headers);
    RUN(limit_header_bytes);
    RUN(limit_message_bytes);
    RUN(delivery_status_blocks);
    RUN(limit_params);
    RUN(limit_hard_depth);
    lsc_engine_free(eng);
    return TEST_DONE();
}

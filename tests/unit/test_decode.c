/*
 * test_decode.c - transfer decoding and charset conversion (decode.c):
 * base64 and quoted-printable as tolerant as Python's email, unknown
 * encodings, every charset family to UTF-8, invalid bytes, detection.
 */
#include "test.h"

static lsc_engine *eng;

/* One text part: headers then body of blen bytes (may hold NULs). */
static lsc_result *one_part(const char *headers, const char *body,
                            size_t blen)
{
    size_t hl = strlen(headers);
    char *m = malloc(hl + 2 + blen);
    lsc_result *r = NULL;
    lsc_error err;
    if (!m)
        return NULL;
    memcpy(m, headers, hl);
    memcpy(m + hl, "\n\n", 2);
    memcpy(m + hl + 2, body, blen);
    if (lsc_parse(&r, eng, m, hl + 2 + blen, &err) != 0)
        printf("#   lsc_parse: %s\n", err.message);
    free(m);
    return r;
}

static const lsc_part *p0(const lsc_result *r)
{
    return r ? lsc_result_part(r, 0) : NULL;
}

static int body_is(const lsc_part *p, const char *s, size_t n)
{
    return p && p->body_bytes == n && memcmp(p->body, s, n) == 0;
}

static int utf8_is(const lsc_part *p, const char *s)
{
    return p && p->utf8 && p->utf8_bytes == strlen(s) &&
           memcmp(p->utf8, s, p->utf8_bytes) == 0;
}

TEST(base64_clean_and_dirty)
{
    static const struct {
        const char *in;
        const char *want;
        int bad;
    } cases[] = {
        {"aGVsbG8gd29ybGQ=\n", "hello world", 0},
        {"aGVs\r\nbG8g\nd29y\r\nbGQ=\n", "hello world", 0},
        {"aGVsbG8gd29ybGQ\n", "hello world", 1},       /* no padding */
        {"aGVs bG8g*d29y!bGQ=\n", "hello world", 1},   /* bad chars */
        {"aGk=trailing junk", "hi", 1},                /* data after pad */
        {"a\n", "a", 1},                               /* undecodable */
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lsc_result *r = one_part("Content-Type: application/octet-stream\n"
                                 "Content-Transfer-Encoding: BASE64",
                                 cases[i].in, strlen(cases[i].in));
        const lsc_part *p = p0(r);
        CHECK(p != NULL);
        if (p) {
            if (!body_is(p, cases[i].want, strlen(cases[i].want)))
                printf("#   case %zu: %zu bytes\n", i, p->body_bytes);
            CHECK(body_is(p, cases[i].want, strlen(cases[i].want)));
            CHECK_EQ_INT(!!(p->flags & LSC_PART_BAD_BASE64), cases[i].bad);
            CHECK(p->flags & LSC_PART_ATTACHMENT);
            CHECK_STR(p->transfer_encoding, "base64");
        }
        lsc_result_free(r);
    }
}

/* Quads of four valid characters are decoded at once, the rest one by
 * one: a line break or a stray byte at every offset of a text leaves the
 * same bytes (and flags the stray one). */
TEST(base64_break_or_stray_byte_at_every_offset)
{
    static const char enc[] = "SGVsbG8sIGJhc2U2NCB3b3JsZCE=";   /* 28 */
    static const char want[] = "Hello, base64 world!";
    const char *ins[] = { "\n", "\r\n", "*", " " };
    size_t k, at;
    for (k = 0; k < sizeof ins / sizeof ins[0]; k++)
        for (at = 0; at <= sizeof enc - 1; at++) {
            char in[64];
            lsc_result *r;
            const lsc_part *p;
            snprintf(in, sizeof in, "%.*s%s%s\n", (int)at, enc, ins[k], enc + at);
            r = one_part("Content-Type: application/octet-stream\n"
                         "Content-Transfer-Encoding: base64", in, strlen(in));
            p = p0(r);
            if (!body_is(p, want, sizeof want - 1))
                printf("#   \"%s\" at %zu\n", ins[k], at);
            CHECK(body_is(p, want, sizeof want - 1));
            /* a stray byte after the padding is data after the end */
            CHECK_EQ_INT(p && (p->flags & LSC_PART_BAD_BASE64) ? 1 : 0,
                         k >= 2 ? 1 : 0);
            lsc_result_free(r);
        }
}

TEST(quoted_printable)
{
    static const struct {
        const char *in, *want;
        int bad;
    } cases[] = {
        {"caf=C3=A9 =\nsoft\n", "caf\xc3\xa9 soft\n", 0},
        {"a=\r\nb", "ab", 0},
        {"50=% off =ZZ", "50=% off =ZZ", 1},   /* bad escapes kept */
        {"lower =c3=a9", "lower \xc3\xa9", 0},
        {"end=", "end", 0},
        {"snake_case and=20more_", "snake_case and more_", 0},  /* '_' is itself in a body */
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lsc_result *r = one_part("Content-Type: text/plain; charset=utf-8\n"
                                 "Content-Transfer-Encoding: quoted-printable",
                                 cases[i].in, strlen(cases[i].in));
        const lsc_part *p = p0(r);
        CHECK(p != NULL);
        if (p) {
            CHECK(body_is(p, cases[i].want, strlen(cases[i].want)));
            CHECK_EQ_INT(!!(p->flags & LSC_PART_BAD_QP), cases[i].bad);
            CHECK(p->flags & LSC_PART_TEXT);
            CHECK(p->text == p->utf8);
        }
        lsc_result_free(r);
    }
}

TEST(pass_through_encodings)
{
    static const char *const tes[] = {"7bit", "8bit", "binary", "x-custom"};
    size_t i;
    for (i = 0; i < 4; i++) {
        char h[128];
        lsc_result *r;
        const lsc_part *p;
        snprintf(h, sizeof h, "Content-Type: application/x-thing\n"
                              "Content-Transfer-Encoding: %s", tes[i]);
        r = one_part(h, "raw =41 data\n", 13);
        p = p0(r);
        CHECK(body_is(p, "raw =41 data\n", 13));
        CHECK_EQ_INT(p ? !!(p->flags & LSC_PART_UNKNOWN_ENCODING) : -1, i == 3);
        lsc_result_free(r);
    }
}

TEST(eight_bit_undeclared)
{
    lsc_result *r = one_part("Content-Type: text/plain; charset=utf-8\n"
                             "Content-Transfer-Encoding: 7bit",
                             "caf\xc3\xa9\n", 6);
    CHECK(p0(r) && (p0(r)->flags & LSC_PART_8BIT_UNDECLARED));
    lsc_result_free(r);
    r = one_part("Content-Type: text/plain; charset=utf-8\n"
                 "Content-Transfer-Encoding: 8bit", "caf\xc3\xa9\n", 6);
    CHECK(p0(r) && !(p0(r)->flags & LSC_PART_8BIT_UNDECLARED));
    lsc_result_free(r);
}

TEST(uuencode)
{
    const char *uu = "begin 644 x.txt\n#86)C\n`\nend\n";
    lsc_result *r = one_part("Content-Type: application/octet-stream\n"
                             "Content-Transfer-Encoding: x-uuencode",
                             uu, strlen(uu));
    CHECK(body_is(p0(r), "abc", 3));
    lsc_result_free(r);
}

static const struct {
    const char *cs, *bytes;
    size_t n;
    const char *utf8;
} charsets[] = {
    {"gb2312", "\xd6\xd0\xce\xc4\xd3\xca\xbc\xfe", 8, "中文邮件"},
    /* a GBK-only character under a GB2312 label (read as GB18030) */
    {"GB2312", "\x8c\xc2", 2, "屄"},
    {"gbk", "\xd6\xd0\xce\xc4", 4, "中文"},
    {"big5", "\xa4\xa4\xa4\xe5\xb6\x6c\xa5\xf3", 8, "中文郵件"},
    {"shift_jis", "\x93\xfa\x96\x7b\x8c\xea", 6, "日本語"},
    {"euc-jp", "\xc6\xfc\xcb\xdc\xb8\xec", 6, "日本語"},
    {"iso-2022-jp", "\x1b\x24\x42\x46\x7c\x4b\x5c\x38\x6c\x1b\x28\x42", 12,
     "日本語"},
    {"euc-kr", "\xc7\xd1\xb1\xb9\xbe\xee", 6, "한국어"},
    {"ks_c_5601-1987", "\xc7\xd1\xb1\xb9\xbe\xee", 6, "한국어"},
    {"koi8-r", "\xf0\xd2\xc9\xd7\xc5\xd4", 6, "Привет"},
    {"windows-1251", "\xcf\xf0\xe8\xe2\xe5\xf2", 6, "Привет"},
    {"iso-8859-2", "\xa3\xf3\x64\xbc", 4, "Łódź"},
    {"utf-7", "Hi Mom -+Jjo--!", 15, "Hi Mom -☺-!"},
    {"utf-16", "\xff\xfe\x48\x00\x69\x00\x20\x00\x3a\x26", 10, "Hi ☺"},
    {"utf-16", "\x48\x00\x69\x00", 4, "Hi"},            /* no BOM, LE */
    {"windows-1252", "caf\xe9 \x80\x35", 7, "café €5"},
    {"iso-8859-1", "\x93quoted\x94", 8, "“quoted”"},  /* as browsers do */
};

TEST(charsets_to_utf8)
{
    size_t i;
    for (i = 0; i < sizeof charsets / sizeof charsets[0]; i++) {
        char h[128];
        lsc_result *r;
        const lsc_part *p;
        snprintf(h, sizeof h, "Content-Type: text/plain; charset=\"%s\"\n"
                              "Content-Transfer-Encoding: 8bit",
                 charsets[i].cs);
        r = one_part(h, charsets[i].bytes, charsets[i].n);
        p = p0(r);
        if (!utf8_is(p, charsets[i].utf8))
            printf("#   %s: got \"%s\"\n", charsets[i].cs,
                   p && p->utf8 ? p->utf8 : "(null)");
        CHECK(utf8_is(p, charsets[i].utf8));
        CHECK(p && !(p->flags & (LSC_PART_INVALID_BYTES |
                                 LSC_PART_UNKNOWN_CHARSET)));
        CHECK(p && p->invalid_bytes == 0);
        lsc_result_free(r);
    }
}

/* UTF-16 read through ICU becomes UTF-8 in runs: ASCII runs are copied
 * straight, next to pairs and the replacement of a lone surrogate. */
TEST(utf16_runs_beside_surrogates)
{
    static const char le[] = "\xff\xfe" "A\0" "\x3d\xd8" "B\0" "C\0"
                             "\x3d\xd8\x00\xde" "D\0" "\x00\xde" "E\0";
    lsc_result *r = one_part("Content-Type: text/plain; charset=utf-16\n"
                             "Content-Transfer-Encoding: 8bit",
                             le, sizeof le - 1);
    const lsc_part *p = p0(r);
    const char *want = "A\xef\xbf\xbd" "BC\xf0\x9f\x98\x80" "D\xef\xbf\xbd" "E";
    if (!utf8_is(p, want))
        printf("#   got \"%s\"\n", p && p->utf8 ? p->utf8 : "(null)");
    CHECK(utf8_is(p, want));
    lsc_result_free(r);
}

TEST(invalid_bytes_counted)
{
    lsc_result *r = one_part("Content-Type: text/plain; charset=utf-8",
                             "ok \xff\xfe end \xe4\xb8", 12);
    const lsc_part *p = p0(r);
    CHECK(p && (p->flags & LSC_PART_INVALID_BYTES));
    CHECK_EQ_INT(p ? p->invalid_bytes : 0, 4);
    CHECK(utf8_is(p, "ok \xef\xbf\xbd\xef\xbf\xbd end \xef\xbf\xbd"));
    lsc_result_free(r);
    r = one_part("Content-Type: text/plain; charset=shift_jis",
                 "\x93\xfa\xff", 3);
    p = p0(r);
    CHECK(p && (p->flags & LSC_PART_INVALID_BYTES) && p->invalid_bytes >= 1);
    lsc_result_free(r);
}

TEST(missing_and_unknown_labels)
{
    lsc_result *r = one_part("Content-Type: text/plain", "plain ascii", 11);
    const lsc_part *p = p0(r);
    CHECK(p && (p->flags & LSC_PART_NO_CHARSET));
    CHECK(p && !(p->flags & LSC_PART_CHARSET_GUESSED));
    CHECK(utf8_is(p, "plain ascii"));
    lsc_result_free(r);

    r = one_part("Content-Type: text/plain", "caf\xc3\xa9", 5);
    p = p0(r);
    CHECK(p && (p->flags & LSC_PART_NO_CHARSET) &&
          (p->flags & LSC_PART_CHARSET_GUESSED));
    CHECK(utf8_is(p, "café"));
    lsc_result_free(r);

    r = one_part("Content-Type: text/plain; charset=x-martian",
                 "caf\xe9 au lait", 12);
    p = p0(r);
    CHECK(p && (p->flags & LSC_PART_UNKNOWN_CHARSET) &&
          (p->flags & LSC_PART_CHARSET_GUESSED));
    CHECK(p && p->utf8 && strstr(p->utf8, "au lait") != NULL);
    CHECK(p && p->utf8 && lsc_result_part(r, 0)->utf8_bytes >= 12);
    lsc_result_free(r);

    /* declared ASCII but 8-bit: the bytes are believed, not the label */
    r = one_part("Content-Type: text/plain; charset=us-ascii",
                 "caf\xc3\xa9", 5);
    p = p0(r);
    CHECK(utf8_is(p, "café"));
    CHECK(p && (p->flags & LSC_PART_CHARSET_GUESSED));
    lsc_result_free(r);
}

TEST(detector_reads_cyrillic)
{
    /* long enough windows-1251 Russian for ICU's detector */
    const char *t = "\xcf\xf0\xe8\xe2\xe5\xf2, \xea\xe0\xea \xe4\xe5\xeb\xe0? "
                    "\xdd\xf2\xee \xef\xf0\xee\xf1\xf2\xee\xe9 \xf2\xe5\xea\xf1\xf2 "
                    "\xed\xe0 \xf0\xf3\xf1\xf1\xea\xee\xec \xff\xe7\xfb\xea\xe5, "
                    "\xea\xee\xf2\xee\xf0\xfb\xe9 \xed\xf3\xe6\xed\xee "
                    "\xf0\xe0\xf1\xef\xee\xe7\xed\xe0\xf2\xfc.";
    lsc_result *r = one_part("Content-Type: text/plain", t, strlen(t));
    const lsc_part *p = p0(r);
    CHECK(p && (p->flags & LSC_PART_CHARSET_GUESSED));
    CHECK(p && p->utf8 && strstr(p->utf8, "Привет") != NULL);
    lsc_result_free(r);
}

TEST(detector_reads_short_big5)
{
    /* "您好，報價單請查收。" in Big5, no label: ten characters are too few
     * for ICU's detector, uchardet reads them */
    const char *t = "\xb1\x7a\xa6\x6e\xa1\x41\xb3\xf8\xbb\xf9\xb3\xe6"
                    "\xbd\xd0\xac\x64\xa6\xac\xa1\x43";
    lsc_result *r = one_part("Content-Type: text/plain", t, strlen(t));
    const lsc_part *p = p0(r);
    CHECK(p && (p->flags & LSC_PART_CHARSET_GUESSED));
    CHECK(utf8_is(p, "您好，報價單請查收。"));
    lsc_result_free(r);
    /* the same in GB18030 stays simplified Chinese */
    t = "\xc4\xfa\xba\xc3\xa3\xac\xb1\xa8\xbc\xdb\xb5\xa5\xc7\xeb"
        "\xb2\xe9\xca\xd5\xa1\xa3";
    r = one_part("Content-Type: text/plain", t, strlen(t));
    p = p0(r);
    CHECK(utf8_is(p, "您好，报价单请查收。"));
    lsc_result_free(r);
}

TEST(text_html_and_attachments)
{
    lsc_result *r;
    const lsc_part *p;
    r = one_part("Content-Type: text/html; charset=utf-8", "<p>x</p>", 8);
    p = p0(r);
    CHECK(p && (p->flags & LSC_PART_TEXT) && (p->flags & LSC_PART_HTML));
    CHECK(utf8_is(p, "<p>x</p>"));
    lsc_result_free(r);
    r = one_part("Content-Type: text/plain\n"
                 "Content-Disposition: attachment; filename=notes.txt",
                 "n", 1);
    p = p0(r);
    CHECK(p && (p->flags & LSC_PART_ATTACHMENT) && !(p->flags & LSC_PART_TEXT));
    CHECK(p && p->text == NULL);
    lsc_result_free(r);
    r = one_part("Content-Type: image/png\nContent-ID: <img1>", "PNG", 3);
    p = p0(r);
    CHECK(p && (p->flags & LSC_PART_ATTACHMENT) &&
          (p->flags & LSC_PART_INLINE_IMAGE));
    lsc_result_free(r);
}

/* Greek "ΑΒΓ δεζ" in ISO-8859-7: too short for the detector, so without
 * the page's <meta> it reads as windows-1252. */
static const char greek[] = "\xc1\xc2\xc3 \xe4\xe5\xe6";

static int meta_html(char *buf, size_t pad, const char *label)
{
    int n = sprintf(buf, "<html><head>");
    memset(buf + n, ' ', pad);
    n += (int)pad;
    n += sprintf(buf + n, "<meta http-equiv=\"Content-Type\" content=\"text/html; "
                 "charset=%s\"></head><body>%s</body></html>", label, greek);
    return n;
}

TEST(html_meta_charset_when_the_label_is_missing_or_unknown)
{
    char buf[2048];
    const char *heads[2] = { "Content-Type: text/html",
                             "Content-Type: text/html; charset=x-no-such" };
    size_t h, lead = strlen("<html><head>");
    size_t meta_len = strlen("<meta http-equiv=\"Content-Type\" content=\"text/html; "
                             "charset=iso-8859-7");
    for (h = 0; h < 2; h++) {
        /* a label that ends at LSC__META_PRESCAN_BYTES is read */
        int n = meta_html(buf, 1024 - lead - meta_len, "iso-8859-7");
        lsc_result *r = one_part(heads[h], buf, (size_t)n);
        const lsc_part *p = p0(r);
        CHECK(p && p->utf8 && strstr(p->utf8, "ΑΒΓ δεζ") != NULL);
        CHECK(p && !(p->flags & LSC_PART_CHARSET_GUESSED));
        CHECK(p && p->text && strstr(p->text, "ΑΒΓ δεζ") != NULL);
        lsc_result_free(r);
        /* one byte further it is cut by the prescan: a guess, which
         * uchardet gets right from the Greek letters themselves */
        n = meta_html(buf, 1024 - lead - meta_len + 1, "iso-8859-7");
        r = one_part(heads[h], buf, (size_t)n);
        p = p0(r);
        CHECK(p && (p->flags & LSC_PART_CHARSET_GUESSED));
        CHECK(p && p->utf8 && strstr(p->utf8, "ΑΒΓ δεζ") != NULL);
        lsc_result_free(r);
    }
    /* a label in the header wins over the page's own */
    {
        int n = meta_html(buf, 0, "iso-8859-7");
        lsc_result *r = one_part("Content-Type: text/html; charset=windows-1252",
                                 buf, (size_t)n);
        const lsc_part *p = p0(r);
        CHECK(p && p->utf8 && strstr(p->utf8, "ÁÂÃ") != NULL);
        lsc_result_free(r);
    }
}

TEST(named_text_parts_that_are_the_body)
{
    /* a whole message, or an inline part, with a file name is shown as
     * the body by every client; a named part among others is a file */
    static const char two[] =
        "Content-Type: multipart/mixed; boundary=b\n\n--b\n"
        "Content-Type: text/plain\n\nbody\n--b\n"
        "Content-Type: text/html; name=page.html\n\n<p>file</p>\n--b\n"
        "Content-Type: text/plain\nContent-Disposition: inline; filename=a.txt\n"
        "\nshown\n--b--\n";
    lsc_result *r = one_part("Content-Type: text/html; charset=us-ascii\n"
                             "Content-Disposition: inline; filename=\"filename.html\"",
                             "<p>Dear Friend</p>", 18);
    const lsc_part *p = p0(r);
    CHECK(p && (p->flags & LSC_PART_TEXT) && !(p->flags & LSC_PART_ATTACHMENT));
    CHECK(p && p->text && strstr(p->text, "Dear Friend") != NULL);
    lsc_result_free(r);
    r = NULL;
    CHECK(lsc_parse(&r, eng, two, strlen(two), NULL) == 0);
    CHECK_EQ_INT(lsc_result_part_count(r), 4);
    if (lsc_result_part_count(r) == 4) {
        CHECK(lsc_result_part(r, 1)->flags & LSC_PART_TEXT);
        CHECK(lsc_result_part(r, 2)->flags & LSC_PART_ATTACHMENT);
        CHECK(lsc_result_part(r, 3)->flags & LSC_PART_TEXT);
    }
    lsc_result_free(r);
}

TEST(decoded_bodies_outlive_input)
{
    /* the result must not point into the caller's buffer */
    char *m = strdup("Content-Type: text/plain; charset=utf-8\n\nkeep me\n");
    lsc_result *r = NULL;
    const lsc_part *p;
    CHECK(lsc_parse(&r, eng, m, strlen(m), NULL) == 0);
    memset(m, 'X', strlen(m));
    free(m);
    p = p0(r);
    CHECK(body_is(p, "keep me\n", 8));
    CHECK(utf8_is(p, "keep me\n"));
    lsc_result_free(r);
}

int main(void)
{
    lsc_options o;
    lsc_options_init(&o);
    if (lsc_engine_new(&eng, &o, NULL) != 0) {
        printf("not ok - engine\n");
        return 1;
    }
    RUN(base64_clean_and_dirty);
    RUN(base64_break_or_stray_byte_at_every_offset);
    RUN(quoted_printable);
    RUN(pass_through_encodings);
    RUN(eight_bit_undeclared);
    RUN(uuencode);
    RUN(charsets_to_utf8);
    RUN(utf16_runs_beside_surrogates);
    RUN(invalid_bytes_counted);
    RUN(missing_and_unknown_labels);
    RUN(detector_reads_cyrillic);
    RUN(detector_reads_short_big5);
    RUN(text_html_and_attachments);
    RUN(html_meta_charset_when_the_label_is_missing_or_unknown);
    RUN(named_text_parts_that_are_the_body);
    RUN(decoded_bodies_outlive_input);
    lsc_engine_free(eng);
    return TEST_DONE();
}

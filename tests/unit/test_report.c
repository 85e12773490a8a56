/*
 * test_report.c - the annotated report (lsc_result_html and its parts):
 * escaping, spans that overlap or touch the ends, empty messages, XSS
 * payloads in every place mail text reaches the page, 10,000 findings,
 * the options.  The same pages are checked in a real browser by
 * tests/cli/report_browser.sh.
 */
#include "test.h"
#include "core/result.h"
#include "report/report.h"

static lsc_engine *engine(lsc_lang lang)
{
    lsc_engine *e = NULL;
    lsc_options o;
    lsc_options_init(&o);
    o.lang = lang;
    if (lsc_engine_new(&e, &o, NULL) != 0)
        return NULL;
    return e;
}

static char *escaped(const char *s, size_t n, int in_attr)
{
    lsc__alloc al;
    lsc__rw w;
    char *out;
    lsc__alloc_init(&al, NULL);
    memset(&w, 0, sizeof w);
    lsc__hbuf_init(&w.b, &al);
    lsc__rw_text(&w, s, n, in_attr);
    out = strdup(w.b.p ? w.b.p : "");
    lsc__hbuf_free(&w.b);
    return out;
}

static char *marked(const char *text, lsc__rspan *spans, size_t n,
                    size_t *kept, size_t budget)
{
    lsc__alloc al;
    lsc__rw w;
    char *out;
    size_t k;
    lsc__alloc_init(&al, NULL);
    memset(&w, 0, sizeof w);
    lsc__hbuf_init(&w.b, &al);
    k = lsc__report_pick(spans, n, text, strlen(text), &budget);
    if (kept)
        *kept = k;
    lsc__rw_marked(&w, text, strlen(text), spans, k);
    out = strdup(w.b.p ? w.b.p : "");
    lsc__hbuf_free(&w.b);
    return out;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    const char *p = hay;
    while ((p = strstr(p, needle)) != NULL) {
        n++;
        p += strlen(needle);
    }
    return n;
}

TEST(escape_text_and_attributes)
{
    char *s = escaped("<script>&\"'x", 12, 0);
    CHECK_STR(s, "&lt;script&gt;&amp;&quot;&#39;x");
    free(s);
    /* ill-formed UTF-8, C0 and C1 controls become U+FFFD */
    s = escaped("a\xFF" "b\x01" "c\xC2\x85" "d\xED\xA0\x80", 11, 0);
    CHECK_STR(s, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD" "d\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    free(s);
    /* a right-to-left override is shown, not obeyed */
    s = escaped("a\xE2\x80\xAE" "b", 5, 0);
    CHECK_STR(s, "a<span class=\"ctl\">&lt;U+202E&gt;</span>b");
    free(s);
    s = escaped("a\xE2\x80\xAE" "b\nc", 7, 1);
    CHECK_STR(s, "a&lt;U+202E&gt;b c");
    free(s);
    /* a truncated sequence at the very end */
    s = escaped("ok\xE4\xB8", 4, 0);
    CHECK_STR(s, "ok\xEF\xBF\xBD\xEF\xBF\xBD");
    free(s);
    s = escaped("\xE4\xB8\xAD\xE6\x96\x87 plain", 12, 0);
    CHECK_STR(s, "\xE4\xB8\xAD\xE6\x96\x87 plain");
    free(s);
}

TEST(direction)
{
    CHECK_STR(lsc__report_dir("123 \xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7", 14),
              " dir=\"rtl\"");
    CHECK_STR(lsc__report_dir("Hello \xD9\x85", 8), " dir=\"ltr\"");
    CHECK_STR(lsc__report_dir("12 !", 4), "");
    CHECK_STR(lsc__report_dir("\xE4\xB8\xAD", 3), " dir=\"ltr\"");
}

TEST(overlapping_spans)
{
    lsc__rspan sp[2] = { { 3, 8, 2, 0, NULL }, { 0, 5, 1, 0, NULL } };
    size_t kept;
    char *s = marked("Hello world", sp, 2, &kept, 100);
    CHECK_EQ_INT(kept, 2);
    CHECK_STR(s, "<mark class=\"ev\" id=\"ev-1-0\">Hel</mark>"
                 "<mark class=\"ev\" data-for=\"ev-1-0\"><mark class=\"ev\" "
                 "id=\"ev-2-0\">lo</mark></mark><a class=\"ref\" href=\"#f-1\">1</a>"
                 "<mark class=\"ev\" data-for=\"ev-2-0\"> wo</mark>"
                 "<a class=\"ref\" href=\"#f-2\">2</a>rld");
    free(s);
}

TEST(spans_at_the_ends_and_identical)
{
    unsigned char m[4] = { 0, 0, 0, 0 };
    lsc__rspan sp[4] = { { 0, 3, 1, 0, &m[0] }, { 0, 3, 2, 0, &m[1] },
                         { 8, 11, 3, 0, &m[2] }, { 0, 10, 4, 0, &m[3] } };
    size_t kept;
    char *s = marked("Hi <b>&you", sp, 4, &kept, 100);
    CHECK_EQ_INT(kept, 3);   /* text is 10 bytes: [8,11) is outside */
    CHECK(m[0] && m[1] && !m[2] && m[3]);
    CHECK_STR(s, "<mark class=\"ev\" id=\"ev-4-0\"><mark class=\"ev\" id=\"ev-1-0\">"
                 "<mark class=\"ev\" id=\"ev-2-0\">Hi </mark></mark></mark>"
                 "<a class=\"ref\" href=\"#f-1\">1</a><a class=\"ref\" href=\"#f-2\">2</a>"
                 "<mark class=\"ev\" data-for=\"ev-4-0\">&lt;b&gt;&amp;you</mark>"
                 "<a class=\"ref\" href=\"#f-4\">4</a>");
    free(s);
}

TEST(spans_refused)
{
    unsigned char m[5] = { 0 };
    /* "\xE4\xB8\xAD" is one character: a span may not split it */
    lsc__rspan sp[5] = { { 1, 3, 1, 0, &m[0] }, { 2, 2, 2, 0, &m[1] },
                         { 3, 2, 3, 0, &m[2] }, { 0, 99, 4, 0, &m[3] },
                         { 0, 3, 5, 0, &m[4] } };
    size_t kept;
    char *s = marked("\xE4\xB8\xAD" "ab", sp, 5, &kept, 100);
    CHECK_EQ_INT(kept, 1);
    CHECK(!m[0] && !m[1] && !m[2] && !m[3] && m[4]);
    free(s);
}

TEST(overlap_and_budget_limits)
{
    lsc__rspan sp[20];
    size_t i, kept;
    char *s;
    for (i = 0; i < 20; i++) {
        sp[i].start = 0;
        sp[i].end = 4;
        sp[i].hit = i + 1;
        sp[i].ev = 0;
        sp[i].marked = NULL;
    }
    s = marked("abcd", sp, 20, &kept, 100);
    CHECK_EQ_INT(kept, LSC__REPORT_MAX_OVERLAP);
    CHECK_EQ_INT(count(s, "<mark"), LSC__REPORT_MAX_OVERLAP);
    free(s);
    for (i = 0; i < 20; i++) {
        sp[i].start = i;
        sp[i].end = i + 1;
    }
    s = marked("abcdefghijklmnopqrst", sp, 20, &kept, 5);
    CHECK_EQ_INT(kept, 5);
    free(s);
    s = marked("", sp, 0, &kept, 5);
    CHECK_STR(s, "");
    free(s);
}

static char *page_of(const lsc_engine *e, const char *msg, size_t len,
                     const lsc_html_options *o, lsc_result **keep)
{
    lsc_result *r = NULL;
    char *html = NULL;
    size_t n = 0;
    if (lsc_score(&r, e, msg, len, NULL, NULL) != 0)
        return NULL;
    if (lsc_result_html(&html, &n, r, o, NULL) != 0)
        html = NULL;
    CHECK(!html || strlen(html) == n);
    if (keep)
        *keep = r;
    else
        lsc_result_free(r);
    return html;
}

/* Every tag in the page is one the generator writes, with attributes it
 * writes: whatever came from the mail is text. */
static int allowed(const char *name, size_t n, const char *const *list)
{
    for (; *list; list++)
        if (strlen(*list) == n && memcmp(*list, name, n) == 0)
            return 1;
    return 0;
}

static void check_inert(const char *html)
{
    static const char *const tags[] = {
        "html", "head", "meta", "title", "style", "body", "div", "header",
        "h1", "h2", "h3", "p", "bdi", "span", "small", "nav", "ul", "ol", "li",
        "a", "main", "section", "strong", "code", "dl", "dt", "dd", "mark",
        "details", "summary", "table", "thead", "tbody", "tr", "th", "td",
        "br", "footer", NULL };
    static const char *const attrs[] = {
        "lang", "charset", "http-equiv", "content", "name", "class", "id",
        "href", "data-for", "dir", "role", "aria-label", "aria-hidden",
        "aria-labelledby", "style", "scope", "open", NULL };
    const char *p = html, *q;
    CHECK_EQ_INT(count(html, "<style"), 1);
    while ((p = strchr(p, '<')) != NULL) {
        p++;
        if (*p == '/' || *p == '!')
            continue;
        for (q = p; *q >= 'a' && *q <= 'z'; q++)
            ;
        for (; *q >= '0' && *q <= '9'; q++)
            ;
        if (!allowed(p, (size_t)(q - p), tags)) {
            printf("#   tag <%.20s\n", p);
            CHECK(0);
        }
        if (q - p == 5 && memcmp(p, "style", 5) == 0) {
            p = strstr(q, "</style>");
            if (!p)
                break;
            continue;
        }
        while (*q && *q != '>') {
            const char *a;
            while (*q == ' ')
                q++;
            for (a = q; (*q >= 'a' && *q <= 'z') || *q == '-'; q++)
                ;
            if (q == a)
                break;
            if (!allowed(a, (size_t)(q - a), attrs)) {
                printf("#   attribute %.20s\n", a);
                CHECK(0);
            }
            /* our own inline styles are widths and positions only */
            if (q - a == 5 && memcmp(a, "style", 5) == 0)
                CHECK(strncmp(q, "=\"width:", 8) == 0 || strncmp(q, "=\"left:", 7) == 0);
            if (q - a == 4 && memcmp(a, "href", 4) == 0)
                CHECK(strncmp(q, "=\"#", 3) == 0);
            if (*q == '=' && q[1] == '"') {
                q = strchr(q + 2, '"');
                if (!q)
                    break;
                q++;
            }
        }
        CHECK(q && *q == '>');
        p = q ? q : p;
        if (!q)
            break;
    }
}

static const char xss_msg[] =
    "From: \"<script>document.title='pwned'</script>\" <a@example.com>\r\n"
    "To: \"<img src=x onerror=alert(1)>\" <b@example.org>\r\n"
    "Subject: <script>alert(1)</script> FREE \"quoted\" & <b>bold</b>\r\n"
    "X-Evil: <svg onload=alert(2)>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"XX\"\r\n"
    "\r\n"
    "--XX\r\n"
    "Content-Type: text/html; charset=utf-8\r\n"
    "\r\n"
    "<html><head><style>p{color:#123}</style>"
    "<script>document.title='pwned'</script></head><body>"
    "<p>Dear Sir/Madam, &lt;script&gt;alert(3)&lt;/script&gt; ACT NOW!!!</p>"
    "<img src=\"http://tracker.example/p.gif\" width=1 height=1>"
    "<p><a href=\"javascript:alert(4)\">&lt;img src=x onerror=alert(5)&gt;</a></p>"
    "<p><a href=\"http://203.0.113.7/&quot;&gt;&lt;script&gt;\">www.bank.example</a></p>"
    "<iframe src=\"http://evil.example/\"></iframe>"
    "</body></html>\r\n"
    "--XX\r\n"
    "Content-Type: application/octet-stream; name=\"x.exe\"\r\n"
    "Content-Disposition: attachment; filename=\"\\\"><img src=x onerror=alert(6)>.pdf.exe\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n"
    "--XX--\r\n";

TEST(xss_payloads_stay_text)
{
    lsc_engine *e = engine(LSC_LANG_EN);
    lsc_result *r = NULL;
    char *html = page_of(e, xss_msg, sizeof xss_msg - 1, NULL, &r);
    size_t i, j;
    CHECK(html != NULL);
    if (html && r) {
        check_inert(html);
        CHECK(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL);
        CHECK(strstr(html, "&lt;img src=x onerror=alert(5)&gt;") != NULL);
        CHECK(strstr(html, "javascript:alert(4)") != NULL);   /* as text */
        CHECK(strstr(html, "&quot;&gt;&lt;img src=x onerror=alert(6)&gt;.pdf.exe") != NULL);
        CHECK(strstr(html, "Content-Security-Policy") != NULL);
        CHECK(strstr(html, "default-src 'none'") != NULL);
        /* every span of every finding is highlighted and linked both ways */
        for (i = 0; i < lsc_result_hit_count(r); i++) {
            const lsc_hit *h = lsc_result_hit(r, i);
            for (j = 0; j < h->n_evidence; j++) {
                char id[64], back[64];
                if (h->evidence[j].where == LSC_WHERE_MESSAGE)
                    continue;
                snprintf(id, sizeof id, "id=\"ev-%zu-%zu\"", i + 1, j);
                snprintf(back, sizeof back, "href=\"#ev-%zu-%zu\"", i + 1, j);
                CHECK_EQ_INT(count(html, id), 1);
                CHECK_EQ_INT(count(html, back), 1);
            }
            {
                char f[32];
                snprintf(f, sizeof f, "id=\"f-%zu\"", i + 1);
                CHECK_EQ_INT(count(html, f), 1);
            }
        }
    }
    lsc_string_free(html);
    lsc_result_free(r);
    lsc_engine_free(e);
}

TEST(empty_message)
{
    lsc_engine *e = engine(LSC_LANG_EN);
    char *html = page_of(e, "", 0, NULL, NULL);
    CHECK(html != NULL);
    if (html) {
        CHECK(strstr(html, "(no subject)") != NULL);
        CHECK(strstr(html, "<main>") != NULL && strstr(html, "</html>") != NULL);
        check_inert(html);
    }
    lsc_string_free(html);
    lsc_engine_free(e);
}

TEST(options_language_fragment_rtl)
{
    static const char ar[] =
        "From: a@example.com\r\nTo: b@example.com\r\nSubject: test\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 FREE!!!\r\n";
    lsc_engine *e = engine(LSC_LANG_ZH);
    lsc_result *r = NULL;
    lsc_html_options o;
    char *html = page_of(e, ar, sizeof ar - 1, NULL, &r);
    lsc_error err;
    CHECK(html && strstr(html, "<html lang=\"zh\">"));
    CHECK(html && strstr(html, "\xE5\x8F\x91\xE7\x8E\xB0\xE7\x9A\x84\xE9\x97\xAE\xE9\xA2\x98"));
    CHECK(html && strstr(html, "class=\"body\" dir=\"rtl\""));
    lsc_string_free(html);
    lsc_html_options_init(&o);
    o.lang = LSC_LANG_EN;
    o.flags = LSC_HTML_FRAGMENT;
    o.title = "a<b>.eml";
    o.title_len = LSC_NTS;
    html = NULL;
    CHECK_EQ_INT(lsc_result_html(&html, NULL, r, &o, NULL), 0);
    CHECK(html && strncmp(html, "<div class=\"lsc-report\" lang=\"en\">", 34) == 0);
    CHECK(html && !strstr(html, "<html") && !strstr(html, "<main"));
    CHECK(html && strstr(html, "a&lt;b&gt;.eml"));
    lsc_string_free(html);
    o.version = 99;
    html = (char *)1;
    CHECK_EQ_INT(lsc_result_html(&html, NULL, r, &o, &err), LSC_EVERSION);
    CHECK(html == NULL);
    o.version = LSC_HTML_OPTIONS_VERSION;
    o.flags = 0x80;
    CHECK_EQ_INT(lsc_result_html(&html, NULL, r, &o, &err), LSC_EINVAL);
    CHECK_EQ_INT(lsc_result_html(NULL, NULL, r, NULL, &err), LSC_EINVAL);
    CHECK_EQ_INT(lsc_result_html(&html, NULL, NULL, NULL, &err), LSC_EINVAL);
    lsc_result_free(r);
    lsc_engine_free(e);
}

/* 10,000 findings, each with a span over the body, many overlapping:
 * the page lists them all, highlights LSC_HTML_MAX_MARKS, and stays
 * well-formed. */
TEST(ten_thousand_findings)
{
    enum { N = 10000 };
    static const char msg[] =
        "From: a@example.com\r\nTo: b@example.com\r\nSubject: many\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do "
        "eiusmod tempor incididunt ut labore et dolore magna aliqua.\r\n";
    lsc_engine *e = engine(LSC_LANG_EN);
    lsc_result *r = NULL;
    lsc_hit *hits = calloc(N, sizeof *hits);
    lsc_evidence *ev = calloc(N, sizeof *ev);
    const lsc_hit **view = calloc(N, sizeof *view);
    const lsc_hit **saved;
    size_t n_saved, i, body = (size_t)-1, tlen = 0;
    char *html = NULL;
    CHECK(e && hits && ev && view);
    if (!e || !hits || !ev || !view || lsc_score(&r, e, msg, sizeof msg - 1, NULL, NULL) != 0)
        goto done;
    for (i = 0; i < lsc_result_part_count(r); i++)
        if (lsc_result_part(r, i)->text) {
            body = i;
            tlen = lsc_result_part(r, i)->text_bytes;
        }
    CHECK(body != (size_t)-1 && tlen > 20);
    for (i = 0; i < N && tlen > 20; i++) {
        ev[i].where = LSC_WHERE_BODY;
        ev[i].part = body;
        ev[i].start = i % (tlen - 10);
        ev[i].end = ev[i].start + 1 + i % 9;
        ev[i].text = "x";
        hits[i].id = "SYNTHETIC";
        hits[i].group = "wording";
        hits[i].points = 0.001;
        hits[i].description = "<d>";
        hits[i].explanation = "e & e";
        hits[i].suggestion = "s";
        hits[i].n_evidence = 1;
        hits[i].evidence = &ev[i];
        view[i] = &hits[i];
    }
    saved = r->sorted;
    n_saved = r->n_sorted;
    r->sorted = view;
    r->n_sorted = N;
    CHECK_EQ_INT(lsc_result_html(&html, NULL, r, NULL, NULL), 0);
    r->sorted = saved;
    r->n_sorted = n_saved;
    CHECK(html != NULL);
    if (html) {
        size_t ids = count(html, "<mark class=\"ev\" id=\"ev-");
        CHECK(strstr(html, "id=\"f-10000\"") != NULL);
        CHECK(ids > 0 && ids <= LSC_HTML_MAX_MARKS);
        CHECK_EQ_INT(count(html, "<mark"), count(html, "</mark>"));
        CHECK_EQ_INT(count(html, "(not highlighted)") + ids, N);
        check_inert(html);
    }
done:
    lsc_string_free(html);
    lsc_result_free(r);
    free(hits);
    free(ev);
    free(view);
    lsc_engine_free(e);
}

/* An archive's entries are listed, a blocked one in words and an icon,
 * and the size stands against every provider's limit. */
TEST(attachments_and_archives)
{
    lsc_engine *e = engine(LSC_LANG_EN);
    size_t len = 0;
    char path[1024];
    const char *top = getenv("LSC_TOP");
    char *msg;
    snprintf(path, sizeof path, "%s/tests/messages/attach_zip_exe.eml",
             top && *top ? top : ".");
    msg = t_read_file(path, &len);
    char *html = msg ? page_of(e, msg, len, NULL, NULL) : NULL;
    CHECK(html != NULL);
    if (html) {
        CHECK(strstr(html, "<bdi>tools.zip &gt; readme.pdf</bdi>") != NULL);
        CHECK(strstr(html, "blocked: <bdi>tools.zip &gt; bin/setup.exe</bdi>") != NULL);
        CHECK(strstr(html, "<td>gmail.com, googlemail.com</td><td>25.0 MB</td>") != NULL);
        CHECK(strstr(html, "<td>any other domain</td><td>10.0 MB</td>") != NULL);
        CHECK(strstr(html, "id=\"att-") != NULL);
        check_inert(html);
    }
    lsc_string_free(html);
    free(msg);
    lsc_engine_free(e);
}

/* Scored against a history that holds the same letter: the page says
 * how many earlier letters it resembles. */
TEST(history_context)
{
    static const char msg[] =
        "From: a@example.com\r\nTo: b@example.com\r\nSubject: Quote\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        "Dear Ann, thank you for the drawings of the panels. Our price for "
        "two thousand pieces is eighteen dollars each, delivery in three "
        "weeks after the deposit, with the test reports attached.\r\n";
    lsc_engine *e = engine(LSC_LANG_EN);
    lsc_history *h = NULL;
    lsc_result *r = NULL;
    lsc_score_options so;
    char *html = NULL;
    int i;
    CHECK_EQ_INT(lsc_history_open(&h, ":memory:", NULL, NULL), 0);
    lsc_score_options_init(&so);
    so.history = h;
    for (i = 0; i < 3 && h; i++) {
        CHECK_EQ_INT(lsc_score(&r, e, msg, sizeof msg - 1, &so, NULL), 0);
        CHECK_EQ_INT(lsc_history_add(h, lsc_result_fingerprint(r), NULL), 0);
        lsc_result_free(r);
        r = NULL;
    }
    if (h && lsc_score(&r, e, msg, sizeof msg - 1, &so, NULL) == 0 &&
        lsc_result_html(&html, NULL, r, NULL, NULL) == 0) {
        CHECK(strstr(html, "<section id=\"history\"") != NULL);
        CHECK(strstr(html, "Resembles 3 letter(s) sent in the last 7 days") != NULL);
        CHECK(strstr(html, "href=\"#history\"") != NULL);
    } else {
        CHECK(0);
    }
    lsc_string_free(html);
    lsc_result_free(r);
    r = NULL;
    html = NULL;
    /* without a history there is no such section */
    CHECK_EQ_INT(lsc_score(&r, e, msg, sizeof msg - 1, NULL, NULL), 0);
    CHECK_EQ_INT(lsc_result_html(&html, NULL, r, NULL, NULL), 0);
    CHECK(html && !strstr(html, "id=\"history\""));
    lsc_string_free(html);
    lsc_result_free(r);
    lsc_history_close(h);
    lsc_engine_free(e);
}

int main(void)
{
    RUN(escape_text_and_attributes);
    RUN(direction);
    RUN(overlapping_spans);
    RUN(spans_at_the_ends_and_identical);
    RUN(spans_refused);
    RUN(overlap_and_budget_limits);
    RUN(xss_payloads_stay_text);
    RUN(empty_message);
    RUN(options_language_fragment_rtl);
    RUN(ten_thousand_findings);
    RUN(history_context);
    RUN(attachments_and_archives);
    return TEST_DONE();
}

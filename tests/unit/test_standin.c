/*
 * test_standin.c - long text and attribute values given to libxml2 as a
 * mark and put back (html/standin.c, html/prune.c): what gets a mark and
 * what stays as written, the limit of marks a part, and, for thousands of
 * generated documents full of the constructs libxml2 reads in odd ways,
 * that libxml2's SAX events on the marked markup, marks put back, are the
 * events on the markup as written.
 */
#include "html/html_parse.h"
#include "test.h"

#include "../fuzz/standin_events.h"

/* ---- what gets a mark ---- */

/* The markup rewritten with marks, each mark written "#k#". */
static char *marked(const char *in)
{
    lsc__alloc al;
    lsc__standins sv;
    char *out = NULL, *show;
    size_t n = 0, i, o = 0;
    lsc__alloc_init(&al, NULL);
    lsc__standins_init(&sv, &al);
    if (lsc__html_rewrite(&al, in, strlen(in), &out, &n, &sv) != 0)
        return NULL;
    if (!out) {
        lsc__standins_free(&sv);
        return strdup(in);
    }
    show = malloc(2 * n + 16);
    for (i = 0; show && i < n; i++) {
        const unsigned char *u = (const unsigned char *)out + i;
        if (i + LSC__STANDIN_LEN <= n && u[0] == 0xEF && u[1] == 0xB7 &&
            u[2] == 0x90) {
            unsigned k = (((unsigned)(u[3] & 0x0F) << 12) |
                          ((unsigned)(u[4] & 0x3F) << 6) | (u[5] & 0x3F)) - 0xE000;
            o += (size_t)sprintf(show + o, "#%u#", k);
            i += LSC__STANDIN_LEN - 1;
            continue;
        }
        show[o++] = out[i];
    }
    if (show)
        show[o] = '\0';
    lsc__free(&al, out);
    lsc__standins_free(&sv);
    return show;
}

#define CHECK_MARKED(in, want) do {                        \
        char *got_ = marked(in);                           \
        CHECK(got_ != NULL);                               \
        if (got_)                                          \
            CHECK_STR(got_, want);                         \
        free(got_);                                        \
    } while (0)

TEST(long_text_and_values_get_marks)
{
    CHECK_MARKED("<p>Hello there, world</p>", "<p>#0#</p>");
    /* blanks around text go with it, but not at the document's start,
     * where libxml2 skips them */
    CHECK_MARKED("  Dear customer, <b>\n hello world \n</b>",
                 "  #0#<b>#1#</b>");
    CHECK_MARKED("<!-- x -->\n Dear customer", "<!---->\n #0#");
    CHECK_MARKED("<!DOCTYPE html>\n Dear customer", "<!DOCTYPE html>\n #0#");
    CHECK_MARKED("\xEF\xBB\xBF Dear customer", "\xEF\xBB\xBF #0#");
    CHECK_MARKED("<a href=\"http://example.com/offer\" title=\"x\">",
                 "<a href=\"#0#\" >");
    CHECK_MARKED("<img src='http://example.com/a.png' alt='a picture'>",
                 "<img src='#0#' alt='#1#'>");
    /* short text and values: as written */
    CHECK_MARKED("<p>Hi</p><a href=\"#top\">", "<p>Hi</p><a href=\"#top\">");
}

TEST(what_libxml2_reads_apart_stays_as_written)
{
    /* a value with a reference, a bare value, meta and html */
    CHECK_MARKED("<a href=\"http://x.example/?a=1&amp;b=2\">",
                 "<a href=\"http://x.example/?a=1&amp;b=2\">");
    CHECK_MARKED("<a href=http://example.com/offer>",
                 "<a href=http://example.com/offer>");
    CHECK_MARKED("<meta content=\"text/html; charset=utf-8\">",
                 "<meta content=\"text/html; charset=utf-8\">");
    /* references and the names after '&': text around them is marked */
    CHECK_MARKED("<p>Our prices &amp; terms for you", "<p>#0#&amp;#1#");
    CHECK_MARKED("<p>Our terms&nbsp and conditions apply",
                 "<p>#0#&nbsp#1#");
    /* a "</" right after a DOCTYPE among the content is text to libxml2 */
    CHECK_MARKED("<p>x<!DOCTYPE a></b>long text here",
                 "<p>x<!DOCTYPE a></b>long text here");
    CHECK_MARKED("<!DOCTYPE a></b>long text here", "<!DOCTYPE a></b>#0#");
    /* after a '<' that is text, up to the next '<' */
    CHECK_MARKED("<p>a < b and many more words<b>", "<p>a < b and many more words<b>");
    /* script and style text, comments (emptied) */
    CHECK_MARKED("<script>var greeting = 1;</script>",
                 "<script>var greeting = 1;</script>");
    CHECK_MARKED("<style>p { color: red }</style>",
                 "<style>p { color: red }</style>");
    /* characters libxml2 drops from text */
    CHECK_MARKED("<p>a control\x01 character here",
                 "<p>a control\x01 character here");
    CHECK_MARKED("<p>not a character \xEF\xBF\xBE here",
                 "<p>not a character \xEF\xBF\xBE here");
}

TEST(blanks_alone_shorten_until_pre)
{
    CHECK_MARKED("<td>\r\n\t\t</td>\n\n<td>", "<td>\r</td>\n<td>");
    /* from a <pre> (or its kin) on, blanks stay as they are */
    CHECK_MARKED("<p>\n\n</p><pre>\n\n</pre><p>\n\n</p>",
                 "<p>\n</p><pre>\n\n</pre><p>\n\n</p>");
    CHECK_MARKED("<TEXTAREA>\n\n</TEXTAREA>\n\n", "<TEXTAREA>\n\n</TEXTAREA>\n\n");
}

TEST(a_part_that_holds_the_marks_lead_gets_none)
{
    /* U+FDD0 anywhere: no marks at all */
    CHECK_MARKED("<p>Hello there, world \xEF\xB7\x90</p><p>more text here</p>",
                 "<p>Hello there, world \xEF\xB7\x90</p><p>more text here</p>");
    CHECK(!lsc__standin_usable("x\xEF\xB7\x90", 4));
    CHECK(lsc__standin_usable("x\xEF\xB7", 3));
}

TEST(bytes_that_are_not_utf8_end_the_marks)
{
    CHECK_EQ_INT(lsc__standin_copied("plain text", 10), 1);
    CHECK_EQ_INT(lsc__standin_copied("tab\tand\r\nnewline", 16), 1);
    CHECK_EQ_INT(lsc__standin_copied("Gr\xC3\xBC\xC3\x9F" "e \xE6\x97\xA5", 11), 1);
    CHECK_EQ_INT(lsc__standin_copied("\xF0\x9F\x98\x80 smile", 10), 1);
    CHECK_EQ_INT(lsc__standin_copied("bell\x07", 5), 0);
    CHECK_EQ_INT(lsc__standin_copied("\xEF\xBF\xBF", 3), 0);
    CHECK_EQ_INT(lsc__standin_copied("bad \xC3", 5), -1);
    CHECK_EQ_INT(lsc__standin_copied("bad \xC0\x80", 6), -1);
    CHECK_EQ_INT(lsc__standin_copied("\xED\xA0\x80", 3), -1);
    CHECK_EQ_INT(lsc__standin_copied("\xF4\x90\x80\x80", 4), -1);
    /* the text before such a byte is marked, nothing after it */
    CHECK_MARKED("<p>first long stretch<p>bad \xFF byte here<p>third long stretch",
                 "<p>#0#<p>bad \xFF byte here<p>third long stretch");
}

TEST(a_lead_that_is_no_mark_is_text)
{
    lsc__alloc al;
    lsc__standins sv;
    lsc__hbuf back;
    char mark[LSC__STANDIN_LEN], text[64];
    const char *got;
    size_t n;
    lsc__alloc_init(&al, NULL);
    lsc__standins_init(&sv, &al);
    lsc__hbuf_init(&back, &al);
    CHECK_EQ_INT(lsc__standin_add(&sv, "stood in", 8, mark), 0);
    /* a mark, then U+FDD0 before an index past the kept ones, then one
     * cut short */
    memcpy(text, mark, sizeof mark);
    memcpy(text + 6, "|\xEF\xB7\x90\xEE\x80\x81|\xEF\xB7\x90\xEE", 12);
    got = lsc__standin_text(&sv, &back, text, 18, &n);
    CHECK(got != NULL);
    if (got) {
        CHECK_EQ_INT(n, 20);
        CHECK(memcmp(got, "stood in|\xEF\xB7\x90\xEE\x80\x81|\xEF\xB7\x90\xEE", 20) == 0);
    }
    /* text without a mark comes back as it is, not copied */
    memcpy(text, "no marks", 9);
    CHECK(lsc__standin_text(&sv, &back, text, 8, &n) == text);
    CHECK_EQ_INT(n, 8);
    memcpy(text, mark, sizeof mark);
    text[6] = '\0';
    CHECK_STR(lsc__standin_value(&sv, text), "stood in");
    text[6] = 'x';
    text[7] = '\0';
    CHECK_STR(lsc__standin_value(&sv, text), text);
    lsc__hbuf_free(&back);
    lsc__standins_free(&sv);
}

TEST(marks_stop_at_their_limit)
{
    /* LSC__STANDIN_MAX + 1 stretches: the last is left as written, and
     * every one reads back */
    size_t k, per = strlen("<p>stretch 00000</p>"), marks = 0;
    size_t n = per * (LSC__STANDIN_MAX + 1);
    char *doc = malloc(n + 1), *m;
    CHECK(doc != NULL);
    if (!doc)
        return;
    for (k = 0; k <= LSC__STANDIN_MAX; k++)
        snprintf(doc + k * per, per + 1, "<p>stretch %05zu</p>", k);
    CHECK(same_events(doc, n, &marks));
    CHECK_EQ_INT(marks, LSC__STANDIN_MAX);
    m = marked(doc);
    CHECK(m != NULL);
    if (m) {
        char last[64];
        snprintf(last, sizeof last, "<p>#%u#</p><p>stretch %05u</p>",
                 LSC__STANDIN_MAX - 1, LSC__STANDIN_MAX);
        CHECK(strstr(m, last) != NULL);
    }
    free(m);
    free(doc);
}

TEST(long_text_and_long_names_before_a_mark)
{
    /* text past libxml2's 1000-byte buffer, blanks with it; then after
     * '&' 300 bytes that may be a name, more than a mark may follow in
     * one read of libxml2's: the text after them stays as written */
    size_t marks;
    char doc[4096];
    size_t o = (size_t)sprintf(doc, "<p>");
    memset(doc + o, 'w', 2500);
    o += 2500;
    o += (size_t)sprintf(doc + o, "</p>&nbsp");
    memset(doc + o, ' ', 300);
    o += 300;
    o += (size_t)sprintf(doc + o, "after the blanks<p>&a,");
    memset(doc + o, 'x', 300);
    o += 300;
    o += (size_t)sprintf(doc + o, " and then more text");
    doc[o] = '\0';
    CHECK(same_events(doc, o, &marks));
    CHECK_EQ_INT(marks, 2);
}

/* ---- generated documents ---- */

static const char *const pieces[] = {
    "hello", "world", " ", "\n", "\r\n\t\t", "   ", "Lorem ipsum dolor sit amet",
    "Gr\xC3\xBC\xC3\x9F" "e aus M\xC3\xBCnchen", "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE3\x81\xAE\xE6\x96\x87",
    "\xEF\xBC\x81 full width", "bell\x07 in text", "\xEF\xBF\xBE nonchar",
    "&amp;", "&nbsp", "&nbsp;", "&#65;", "&#x41;", "&foo;", "&", "& ", "&a,b;c",
    "&#", "&copy 2026", "&lt;b&gt;",
    "<p>", "</p>", "<b>", "</b>", "<i>", "<P ALIGN=center>", "<br>", "<br/>",
    "<a href=\"http://example.com/a/long/path?x=1\">", "</a>",
    "<a href='http://example.com/?a=1&amp;b=2'>", "<a href=http://bare.example/x>",
    "<img src=\"http://example.com/img.png\" alt=\"some alt text here\">",
    "<div style=\"color:red; display:none\">", "</div>", "<span class=\"hidden-x\">",
    "</span>", "<pre>", "</pre>", "<textarea>", "</textarea>", "<title>",
    "</title>", "<html>", "</html>", "<head>", "</head>", "<body bgcolor=\"#ffffff\">",
    "</body>", "<table><tr><td>", "</td></tr></table>", "<font face=\"Arial\" size=2>",
    "</font>", "<meta charset=\"utf-8\">", "<", "< ", "<3", "</ x>", "</_a>",
    "<!x>", "<?pi?>", "<!DOCTYPE html>", "<!-- a comment -->", "<!--",
    "<script>var x = '<b>';</script>", "<style>p{color:red}</style>", "</",
    "<a \"x\">", "<b title=\"unclosed>", "<p title='a > b in a value'>",
    "<ul><li>one<li>two</ul>", "<option>choice one", "<select>", "</select>",
};

static uint32_t rnd(uint32_t *st)
{
    *st = *st * 1664525u + 1013904223u;
    return *st >> 8;
}

TEST(generated_documents_read_the_same)
{
    uint32_t st = 12345;
    size_t d, differ = 0, total_marks = 0;
    char doc[8192];
    for (d = 0; d < 4000 && differ < 5; d++) {
        size_t n = 0, k, parts = 1 + rnd(&st) % 40, marks = 0;
        for (k = 0; k < parts; k++) {
            const char *p = pieces[rnd(&st) % LSC__COUNT(pieces)];
            size_t l = strlen(p);
            if (n + l + 1 >= sizeof doc)
                break;
            memcpy(doc + n, p, l);
            n += l;
        }
        doc[n] = '\0';
        if (!same_events(doc, n, &marks) || !same_when_pruned(doc, n))
            differ++;
        total_marks += marks;
    }
    CHECK_EQ_INT(differ, 0);
    /* and the marks were there to be put back */
    CHECK(total_marks > 4000);
}

int main(void)
{
    RUN(long_text_and_values_get_marks);
    RUN(what_libxml2_reads_apart_stays_as_written);
    RUN(blanks_alone_shorten_until_pre);
    RUN(a_part_that_holds_the_marks_lead_gets_none);
    RUN(bytes_that_are_not_utf8_end_the_marks);
    RUN(a_lead_that_is_no_mark_is_text);
    RUN(marks_stop_at_their_limit);
    RUN(long_text_and_long_names_before_a_mark);
    RUN(generated_documents_read_the_same);
    return TEST_DONE();
}

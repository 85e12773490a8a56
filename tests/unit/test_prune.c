/*
 * test_prune.c - the markup as libxml2 is given it (html/prune.c): the
 * attributes no rule reads dropped whole, every attribute html.c reads
 * kept, comments emptied where libxml2 ends them, and everything libxml2
 * reads another way (script and style text, end tags, declarations, odd
 * tags, NUL bytes) left as written; the name length at its limit.
 */
#include "html/html_parse.h"
#include "test.h"

/* The markup after the rewrites ("" standing for "unchanged"). */
static char *rewritten(const char *in)
{
    lsc__alloc al;
    char *out = NULL, *copy;
    size_t n = 0;
    lsc__alloc_init(&al, NULL);
    if (lsc__html_rewrite(&al, in, strlen(in), &out, &n, NULL) != 0)
        return NULL;
    if (!out)
        return strdup("");
    copy = strlen(out) == n ? strdup(out) : NULL;
    lsc__free(&al, out);
    return copy;
}

#define CHECK_REWRITE(in, want) do {                       \
        char *got_ = rewritten(in);                        \
        CHECK(got_ != NULL);                               \
        if (got_)                                          \
            CHECK_STR(got_, want);                         \
        free(got_);                                        \
    } while (0)

TEST(unread_attributes_are_dropped_whole)
{
    CHECK_REWRITE("<font face=\"Arial\" size=2 color=\"red\">x</font>",
                  "<font color=\"red\">x</font>");
    CHECK_REWRITE("<table border=0 cellpadding='3' WIDTH=\"100%\">",
                  "<table WIDTH=\"100%\">");
    /* glued to the next one, valueless, before "/>", blanks around '=' */
    CHECK_REWRITE("<a face=\"x\"href=\"y\">", "<a href=\"y\">");
    CHECK_REWRITE("<td nowrap width=3>", "<td width=3>");
    CHECK_REWRITE("<p align=center/>", "<p >");
    CHECK_REWRITE("<p align=\"c\"/>", "<p />");
    CHECK_REWRITE("<p align\n =\t'left' >t", "<p >t");
    CHECK_REWRITE("<img src=a.png vspace=2\nhspace=3 alt=x>",
                  "<img src=a.png alt=x>");
    /* a bare value takes a '/' and quotes in it */
    CHECK_REWRITE("<a name=x/y\"z\" href=h>", "<a href=h>");
    /* nothing to drop: no copy */
    CHECK_REWRITE("<p class=c style='color:red'>hi</p>", "");
}

TEST(every_attribute_html_reads_is_kept)
{
    static const char *const read[] = {
        "alt", "background", "bgcolor", "class", "color", "height", "hidden",
        "href", "id", "src", "style", "text", "type", "width", "onclick",
        "onMouseOver", "HREF", "Style"
    };
    size_t i;
    for (i = 0; i < LSC__COUNT(read); i++) {
        char doc[128];
        snprintf(doc, sizeof doc, "<p %s=\"v\" lang=en>x", read[i]);
        CHECK(lsc__html_attr_read(read[i], strlen(read[i])));
        {
            char want[128];
            snprintf(want, sizeof want, "<p %s=\"v\" >x", read[i]);
            CHECK_REWRITE(doc, want);
        }
    }
    CHECK(!lsc__html_attr_read("face", 4));
    CHECK(!lsc__html_attr_read("o", 1));
    CHECK(!lsc__html_attr_read("hrefx", 5));
    CHECK(!lsc__html_attr_read("", 0));
}

TEST(what_libxml2_reads_another_way_is_left_as_written)
{
    /* comments, script and style text, end tags, declarations */
    /* a comment is given empty, ended where libxml2 ends it: at the
     * first "-->" or "--!>" from its fourth byte on */
    CHECK_REWRITE("<!-- <b face=1> --><b face=2>", "<!----><b >");
    CHECK_REWRITE("a<!-- x --!> <b face=1> -->", "a<!----!> <b > -->");
    CHECK_REWRITE("a<!--> y --> z", "a<!----> z");
    CHECK_REWRITE("a<!---> y --> z", "a<!----> z");
    CHECK_REWRITE("a<!----> z<!-- -- - -> -->", "a<!----> z<!---->");
    CHECK_REWRITE("<script type=x>a='<b face=1>'</script><b face=2>",
                  "<script type=x>a='<b face=1>'</script><b >");
    CHECK_REWRITE("<STYLE media=all>p{}<b face=1></Style><b face=2>",
                  "<STYLE media=all>p{}<b face=1></Style><b >");
    CHECK_REWRITE("<script/><b face=1>", "<script/><b >");
    CHECK_REWRITE("</a <b face=1>><b face=2>", "</a <b face=1>><b >");
    CHECK_REWRITE("<!DOCTYPE html PUBLIC \"a>b <i face=1>\"><b face=2>",
                  "<!DOCTYPE html PUBLIC \"a>b <i face=1>\"><b >");
    CHECK_REWRITE("<?xml a='<b face=1>'?><b face=2>",
                  "<?xml a='<b face=1>'?><b >");
    /* libxml2 merges html's and reads meta's itself */
    CHECK_REWRITE("<html lang=en><meta name=x content=y><b face=2>",
                  "<html lang=en><meta name=x content=y><b >");
    /* "<3" and "<!x" are text */
    CHECK_REWRITE("a<3 <!x <b face=1>", "a<3 <!x <b >");
}

TEST(an_odd_tag_or_open_text_ends_the_dropping)
{
    /* a quoted string where a name belongs: the rest is left alone */
    CHECK_REWRITE("<b face=1><a \"x\" size=1><b face=2>",
                  "<b ><a \"x\" size=1><b face=2>");
    /* an unclosed quote, an open comment, open script text */
    CHECK_REWRITE("<b face=1><a title=\"x><b face=2>",
                  "<b ><a title=\"x><b face=2>");
    CHECK_REWRITE("<b face=1><!-- <b face=2>", "<b ><!-- <b face=2>");
    CHECK_REWRITE("<b face=1><script><b face=2>", "<b ><script><b face=2>");
    /* a DOCTYPE ends as libxml2 ends one: a quote is a literal only
     * after SYSTEM or PUBLIC; one left open runs to the end */
    CHECK_REWRITE("<b face=1><!DOCTYPE x \"open><b face=2>",
                  "<b ><!DOCTYPE x \"open><b >");
    CHECK_REWRITE("<!DOCTYPE html PUBLIC \"a>b\" 'c>d'><b face=1>",
                  "<!DOCTYPE html PUBLIC \"a>b\" 'c>d'><b >");
    CHECK_REWRITE("<b face=1><!DOCTYPE x SYSTEM \"open><b face=2>",
                  "<b ><!DOCTYPE x SYSTEM \"open><b face=2>");
    /* "</scriptx" names another element: the script reads on */
    CHECK_REWRITE("<script>a</scriptx>b<b face=1></script><b face=2>",
                  "<script>a</scriptx>b<b face=1></script><b >");
    /* a "</" right after a DOCTYPE among the content is a '<' that is
     * text; text before the DOCTYPE puts it among the content */
    CHECK_REWRITE("x<!DOCTYPE a></b <i face=1>>", "x<!DOCTYPE a></b <i >>");
    CHECK_REWRITE("<!DOCTYPE a></b <i face=1>>", "");   /* unchanged */
    /* a processing instruction without a name is "<?" alone */
    CHECK_REWRITE("<?<b face=1>", "<?<b >");
    CHECK_REWRITE("<? x><b face=1>", "<? x><b >");
    CHECK_REWRITE("<?php \"<b face=1>\"?><b face=2>", "<?php \"<b face=1>\"?><b >");
    /* a tag cut off by the end of the markup */
    CHECK_REWRITE("<b face=1><a size=", "<b ><a size=");
    CHECK_REWRITE("<b face=1><a size", "<b ><a size");
}

TEST(a_nul_byte_leaves_the_markup_alone)
{
    lsc__alloc al;
    static const char doc[] = "<b face=1>x\0<b face=2>";
    char *out = NULL;
    size_t n = 0;
    lsc__alloc_init(&al, NULL);
    CHECK_EQ_INT(lsc__html_rewrite(&al, doc, sizeof doc - 1, &out, &n, NULL), 0);
    CHECK(out == NULL);
    CHECK_EQ_INT(n, sizeof doc - 1);
}

TEST(names_at_their_length_limit)
{
    char doc[512], want[512], name[128];
    memset(name, 'x', 99);
    name[99] = '\0';
    /* an unread attribute name of 99 bytes is dropped */
    snprintf(doc, sizeof doc, "<b %s=1 face=2>", name);
    CHECK_REWRITE(doc, "<b >");
    /* 100 bytes is past libxml2's name buffer: that tag and the rest stay */
    name[99] = 'x';
    name[100] = '\0';
    snprintf(doc, sizeof doc, "<b face=1><b %s=1 face=2><b face=3>", name);
    snprintf(want, sizeof want, "<b ><b %s=1 face=2><b face=3>", name);
    CHECK_REWRITE(doc, want);
    /* an element name of 100 bytes too */
    snprintf(doc, sizeof doc, "<b face=1><%s face=2><b face=3>", name);
    snprintf(want, sizeof want, "<b ><%s face=2><b face=3>", name);
    CHECK_REWRITE(doc, want);
}

TEST(the_earlier_rewrites_still_come_first)
{
    /* "&#" before no number escaped, a bogus end tag dropped, then the
     * attributes */
    CHECK_REWRITE("<p align=left>AT&#T V</ x>IAGRA</p>",
                  "<p >AT&amp;#T VIAGRA</p>");
}

int main(void)
{
    RUN(unread_attributes_are_dropped_whole);
    RUN(every_attribute_html_reads_is_kept);
    RUN(what_libxml2_reads_another_way_is_left_as_written);
    RUN(an_odd_tag_or_open_text_ends_the_dropping);
    RUN(a_nul_byte_leaves_the_markup_alone);
    RUN(names_at_their_length_limit);
    RUN(the_earlier_rewrites_still_come_first);
    return TEST_DONE();
}

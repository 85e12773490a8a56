/*
 * test_html.c - the HTML stage (html.c) on parts built here: visible text,
 * hidden text, links, images, counts, limits at their values, and that
 * broken or hostile markup neither crashes nor prints.
 */
#include "core/pipeline.h"
#include "test.h"

typedef struct th {
    lsc_engine *e;
    lsc__arena ar;
    lsc__message m;
    lsc__part part[4];
    lsc__part *parts[4];
    lsc__ctx c;
    int rc;
} th;

/* Runs the HTML stage over up to 4 HTML parts; limits may be NULL. */
static void run_n(th *t, const lsc_limits *lim, const char *const *html,
                  size_t n)
{
    lsc_options o;
    size_t i;
    memset(t, 0, sizeof *t);
    lsc_options_init(&o);
    if (lim)
        o.limits = *lim;
    if (lsc_engine_new(&t->e, &o, NULL) != 0) {
        t->rc = -100;
        return;
    }
    lsc__arena_init(&t->ar, &t->e->al);
    t->m.ar = &t->ar;
    t->m.subject = "";
    for (i = 0; i < n; i++) {
        t->part[i].pub.flags = LSC_PART_TEXT | LSC_PART_HTML;
        t->part[i].pub.content_type = "text/html";
        t->part[i].pub.index = i;
        t->part[i].pub.utf8 = html[i];
        t->part[i].pub.utf8_bytes = strlen(html[i]);
        t->parts[i] = &t->part[i];
    }
    t->m.parts = t->parts;
    t->m.n_parts = n;
    t->c.eng = t->e;
    t->c.ar = &t->ar;
    t->c.msg = &t->m;
    t->rc = lsc__html_run(&t->c);
}

static lsc__part *run(th *t, const char *html)
{
    run_n(t, NULL, &html, 1);
    return &t->part[0];
}

static void done(th *t)
{
    lsc__arena_free(&t->ar);
    lsc_engine_free(t->e);
}

TEST(visible_text_basics)
{
    th t;
    lsc__part *p = run(&t,
        "<html><head><title>The  title</title><style>p{color:red}</style>"
        "<script>var x = 'no';</script></head><body><!-- a comment -->"
        "<p>Dear   customer,&nbsp;our <b>new</b>\n  catalogue &amp; prices&#33;</p>"
        "<div>line one<br>line two</div><noscript>no script</noscript>"
        "<template>tmpl</template><ul><li>first</li><li>second</li></ul>"
        "<table><tr><td>a</td><td>b</td></tr></table></body></html>");
    CHECK_EQ_INT(t.rc, 0);
    CHECK_STR(p->pub.text,
              "Dear customer, our new catalogue & prices!\n\nline one\nline two\n\n"
              "first\nsecond\n\na b");
    CHECK_EQ_INT(p->pub.text_bytes, strlen(p->pub.text));
    CHECK_STR(p->html.title, "The title");
    CHECK_EQ_INT(p->html.scripts, 1);
    CHECK(p->html.parsed);
    CHECK_EQ_INT(p->html.hidden_chars, 0);
    done(&t);
    {   /* a title keeps 4096 bytes (LSC__HTML_MAX_ATTR), cut before a
         * character: 2-byte ones, the last over the limit */
        static char d[4096 + 64];
        size_t i, o = (size_t)sprintf(d, "<title>");
        for (i = 0; i <= 4096 / 2; i++, o += 2)
            memcpy(d + o, "\xC3\xA9", 2);
        strcpy(d + o, "</title>x");
        CHECK_EQ_INT(strlen(run(&t, d)->html.title), 4096);
        done(&t);
    }
}

TEST(meta_charset_does_not_switch_encoding)
{
    th t;
    lsc__part *p = run(&t, "<html><head><meta charset=\"iso-8859-1\">"
                           "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\">"
                           "</head><body>Café 价格 Цена</body></html>");
    CHECK_STR(p->pub.text, "Café 价格 Цена");
    done(&t);
}

TEST(declarations_and_rows)
{
    th t;
    /* Word's downlevel conditionals and stray declarations are not text;
     * a lone '<' is; every table row is a line */
    lsc__part *p = run(&t, "<p>a <![if !supportLists]>-<![endif]> b <! font face=x> c < d</p>"
                           "<table><tr><td> F </td></tr><tr><td>R</td></tr><tr><td>E</td></tr>"
                           "</table><font color=\"#000\" style=\"background-color:#000\">x<br>"
                           "</font>y");
    CHECK_STR(p->pub.text, "a - b c < d\n\nF\nR\nE\n\ny");
    done(&t);
    /* legacy references without ';' read as a browser reads them */
    p = run(&t, "<p>a&nbspb &copy 2002 &amp co &bogus x&</p>");
    CHECK_STR(p->pub.text, "a b \xC2\xA9 2002 & co &bogus x&");
    done(&t);
}

TEST(pre_keeps_whitespace)
{
    th t;
    lsc__part *p = run(&t, "<p>a   b</p><pre>  x   y\r\n z</pre>");
    CHECK_STR(p->pub.text, "a b\n\n  x   y\n z");
    done(&t);
}

TEST(hidden_text_left_out_and_counted)
{
    th t;
    lsc__part *p = run(&t,
        "<body><p>Visible words here.</p>"
        "<div style=\"display:none\">alpha</div>"
        "<span style=\"visibility: hidden\">beta</span>"
        "<span style=\"font-size:0px\">gamma</span>"
        "<span style=\"font-size:1px\">delta</span>"
        "<font color=\"#ffffff\">epsilon</font>"
        "<span style=\"color:#fefefe\">zeta</span>"
        "<div hidden>eta</div>"
        "<p>FR<span style=\"font-size:0\">xx</span>EE</p></body>");
    CHECK_STR(p->pub.text, "Visible words here.\n\nFREE");
    CHECK(strstr(p->html.hidden_text, "alpha") != NULL);
    CHECK(strstr(p->html.hidden_text, "epsilon") != NULL);
    CHECK(strstr(p->html.hidden_text, "eta") != NULL);
    CHECK_EQ_INT(p->html.hidden_chars, strlen("alphabetagammadeltaepsilonzetaetaxx"));
    CHECK_EQ_INT(p->html.visible_chars, strlen("Visiblewordshere.FREE"));
    CHECK(p->html.hidden_why & LSC__HID_DISPLAY);
    CHECK(p->html.hidden_why & LSC__HID_VISIBILITY);
    CHECK(p->html.hidden_why & LSC__HID_TINY);
    CHECK(p->html.hidden_why & LSC__HID_COLOR);
    done(&t);
}

TEST(colours_that_are_not_hidden)
{
    th t;
    lsc__part *p = run(&t,
        "<body><table bgcolor=\"#000000\"><tr><td><font color=white>light on dark</font>"
        "</td></tr></table><div style=\"background:#003366\"><span style=\"color:#fff\">"
        "button</span></div><span style=\"font-size:0\"><span style=\"font-size:14px\">"
        "reset size</span></span><p style=\"color:#333\">grey text</p></body>");
    CHECK_STR(p->pub.text, "light on dark\n\nbutton\nreset size\n\ngrey text");
    CHECK_EQ_INT(p->html.hidden_chars, 0);
    done(&t);
}

TEST(stylesheet_classes_are_not_trusted_hidden)
{
    th t;
    /* a "desktop-only" block shown by a media query, and a class that may
     * reset a font-size:0 container: unknown is shown */
    lsc__part *p = run(&t,
        "<html><head><style>@media(min-width:480px){.d{display:block!important}}"
        "</style></head><body><div class=\"d\" style=\"display:none\">desktop</div>"
        "<td style=\"font-size:0\"><div class=\"col\">column</div></td>"
        "<div style=\"display:none\">preheader</div></body></html>");
    CHECK(strstr(p->pub.text, "desktop") != NULL);
    CHECK(strstr(p->pub.text, "column") != NULL);
    CHECK(strstr(p->pub.text, "preheader") == NULL);
    done(&t);
}

TEST(stylesheet_rules_that_hide)
{
    th t;
    /* what hiders write: a class, an id, a tag, tag.class, in one sheet
     * with comments (holding braces) and at-rules around them */
    lsc__part *p = run(&t,
        "<html><head><style type=\"text/css\">/* { .shown{display:none} } */"
        "@import url(x.css); @font-face{font-family:X;src:url(x)}"
        ".filler{color:red;display:none} #hid { visibility : hidden }"
        "blockquote{display:none}  p.ghost, .other{opacity:0}"
        "div .deep{display:none} .a.b{display:none} a:hover{display:none}"
        ".flip{display:block} .flip{display:none}"
        "</style></head><body><p>Pay the invoice today.</p>"
        "<div class=\"x filler\">alpha</div><span id=\"hid\">beta</span>"
        "<blockquote>gamma</blockquote><p class=\"ghost\">delta</p>"
        "<div class=\"shown\">kept1</div><div><span class=\"deep\">kept2</span></div>"
        "<div class=\"a b\">kept3</div><span class=\"ghost\">kept4</span>"
        "<div class=\"Filler\">kept5</div><p class=\"flip\">epsilon</p></body></html>");
    CHECK_EQ_INT(t.rc, 0);
    CHECK(strstr(p->pub.text, "Pay the invoice today.") != NULL);
    CHECK(strstr(p->pub.text, "alpha") == NULL);
    CHECK(strstr(p->pub.text, "beta") == NULL);
    CHECK(strstr(p->pub.text, "gamma") == NULL);
    CHECK(strstr(p->pub.text, "delta") == NULL);
    CHECK(strstr(p->html.hidden_text, "alpha") != NULL);
    CHECK(strstr(p->html.hidden_text, "gamma") != NULL);
    /* forms not matched, and class names are case-sensitive */
    CHECK(strstr(p->pub.text, "kept1") != NULL);
    CHECK(strstr(p->pub.text, "kept2") != NULL);
    CHECK(strstr(p->pub.text, "kept3") != NULL);
    CHECK(strstr(p->pub.text, "kept4") != NULL);
    CHECK(strstr(p->pub.text, "kept5") != NULL);
    CHECK(p->html.hidden_why & LSC__HID_DISPLAY);
    CHECK(p->html.hidden_why & LSC__HID_VISIBILITY);
    CHECK(strstr(p->pub.text, "epsilon") == NULL);   /* the later rule wins */
    CHECK_EQ_INT(p->html.hidden_chars, strlen("alphabetagammadeltaepsilon"));
    done(&t);
}

TEST(stylesheet_rules_that_do_not_hide)
{
    th t;
    /* responsive mail: hidden on one screen, shown by @media on another;
     * a later rule showing it again; an inline style showing it; a rule
     * inside @media alone never hides; a sheet after the element */
    lsc__part *p = run(&t,
        "<html><head><style>@media (max-width:600px){.pre{display:block}}"
        ".pre{display:none} .mob{display:none} .later{display:none}"
        ".inl{display:none} @media only screen and (max-width:480px){"
        ".mob{display:block!important} .desk{display:none}}"
        ".later{display:block}</style></head><body><div class=\"pre\">first</div>"
        "<div class=\"mob\">mobile</div><div class=\"desk\">desktop</div>"
        "<div class=\"later\">again</div>"
        "<div class=\"inl\" style=\"display:block\">inline</div>"
        "<div class=\"after\">before the sheet</div>"
        "<style>.after{display:none}</style></body></html>");
    CHECK_STR(p->pub.text, "first\nmobile\ndesktop\nagain\ninline\nbefore the sheet");
    CHECK_EQ_INT(p->html.hidden_chars, 0);
    done(&t);
}

/* Whether a rule ending a sheet of LSC__HTML_MAX_CSS + extra bytes hides
 * (1), shows (0), or the run failed (-1); h has room for the markup. */
static int css_at_limit(char *h, size_t extra)
{
    const char *rule = ".z{display:none}";
    size_t pad = LSC__HTML_MAX_CSS - strlen(rule) + extra, n;
    th t;
    lsc__part *p;
    int hidden;
    n = (size_t)sprintf(h, "<style>");
    memset(h + n, ' ', pad);
    n += pad;
    sprintf(h + n, "%s</style><div class=\"z\">probe</div>", rule);
    p = run(&t, h);
    hidden = t.rc != 0 || !p->pub.text ? -1 : strstr(p->pub.text, "probe") == NULL;
    done(&t);
    return hidden;
}

TEST(stylesheet_limits_at_their_values)
{
    /* LSC__HTML_MAX_HIDERS selectors are kept, one more is not; style
     * text past LSC__HTML_MAX_CSS bytes is not read */
    char *h = malloc(LSC__HTML_MAX_CSS + 4096);
    size_t n = 0, i;
    th t;
    lsc__part *p;
    if (!h)
        return;
    n += (size_t)sprintf(h + n, "<style>");
    for (i = 0; i <= LSC__HTML_MAX_HIDERS; i++)
        n += (size_t)sprintf(h + n, ".h%zu{display:none}", i);
    n += (size_t)sprintf(h + n, "</style><div class=\"h%d\">last kept</div>"
                         "<div class=\"h%d\">one past</div>",
                         LSC__HTML_MAX_HIDERS - 1, LSC__HTML_MAX_HIDERS);
    p = run(&t, h);
    CHECK(strstr(p->pub.text, "last kept") == NULL);
    CHECK(strstr(p->pub.text, "one past") != NULL);
    done(&t);

    /* a sheet of exactly LSC__HTML_MAX_CSS bytes is read to its end; one
     * byte more and its last rule is past what is read */
    CHECK(css_at_limit(h, 0) == 1);
    CHECK(css_at_limit(h, 1) == 0);
    free(h);
}

TEST(elements_the_standard_never_shows_and_object_fallback)
{
    th t;
    lsc__part *p = run(&t,
        "<p>Shown</p><noframes>nf</noframes><noembed>ne</noembed>"
        "<ruby>kan<rp>(</rp><rt>k</rt><rp>)</rp></ruby>"
        "<datalist><option>dl</option></datalist>"
        "<object data=\"http://x/y.swf\"><param name=\"a\" value=\"b\">fallback</object>");
    CHECK(strstr(p->pub.text, "Shown") != NULL);
    CHECK(strstr(p->pub.text, "nf") == NULL);
    CHECK(strstr(p->pub.text, "ne") == NULL);
    CHECK(strstr(p->pub.text, "(") == NULL);
    CHECK(strstr(p->pub.text, "dl") == NULL);
    CHECK(strstr(p->pub.text, "fallback") != NULL);
    CHECK_EQ_INT(p->html.objects, 1);
    done(&t);
}

TEST(ampersand_hash_without_a_number_is_text)
{
    th t;
    /* HTML shows "&#" that starts no number as written; libxml2 alone
     * would drop it and join the words around it */
    lsc__part *p = run(&t, "<p>AT&#T and &#xZZ; and &#;x, &#65;&#x42;&#67</p>");
    CHECK_STR(p->pub.text, "AT&#T and &#xZZ; and &#;x, ABC");
    done(&t);
    p = run(&t, "<p>end&#</p>");
    CHECK_STR(p->pub.text, "end&#");
    done(&t);
}

TEST(links)
{
    th t;
    lsc__part *p = run(&t,
        "<p>Log in at <a href=\"http://login.evil-example.ru/paypal\">www.paypal.com</a>"
        " or <a href=\"https://bit.ly/3abc\">here</a>, <a href=\"http://192.168.10.1/x\">"
        "this</a>, <a href=\"https://www.example.co.uk/a\">example.co.uk</a>, "
        "<a href=\"mailto:Sales@Example.com?subject=x\">mail us</a>, "
        "<a href=\"HTTP://user:pw@Shop.Example.COM:8080/p\">https://shop.example.com/</a>"
        "<a href=\"javascript:void(0)\">js</a><a href=\"http://3232235777/\">n</a></p>");
    const lsc__link *l = p->html.links;
    size_t i;
    CHECK_EQ_INT(p->html.n_links, 8);
    if (p->html.n_links != 8) {
        done(&t);
        return;
    }
    CHECK_STR(l[0].host, "login.evil-example.ru");
    CHECK_STR(l[0].text, "www.paypal.com");
    CHECK_STR(l[0].text_host, "www.paypal.com");
    CHECK(l[0].flags & LSC__LINK_TEXT_IS_URL);
    CHECK(l[0].flags & LSC__LINK_MISMATCH);
    CHECK(l[1].flags & LSC__LINK_SHORTENER);
    CHECK(!(l[1].flags & LSC__LINK_TEXT_IS_URL));
    CHECK(l[2].flags & LSC__LINK_IP);
    CHECK(!(l[3].flags & LSC__LINK_MISMATCH));
    CHECK(l[3].flags & LSC__LINK_TEXT_IS_URL);
    CHECK(l[4].flags & LSC__LINK_MAILTO);
    CHECK_STR(l[4].host, "example.com");
    CHECK_STR(l[5].host, "shop.example.com");
    CHECK(!(l[5].flags & LSC__LINK_MISMATCH));
    CHECK(l[6].flags & LSC__LINK_JAVASCRIPT);
    CHECK(l[7].flags & LSC__LINK_IP);
    /* offsets point at the shown text in the visible text */
    for (i = 0; i < p->html.n_links; i++) {
        CHECK(l[i].text_end <= p->pub.text_bytes);
        CHECK_EQ_INT(l[i].text_end - l[i].text_start, strlen(l[i].text));
        CHECK(memcmp(p->pub.text + l[i].text_start, l[i].text,
                     l[i].text_end - l[i].text_start) == 0);
    }
    done(&t);
}

TEST(link_text_that_is_not_a_domain)
{
    th t;
    lsc__part *p = run(&t,
        "<a href=\"http://a.example.com/\">report.pdf</a>"
        "<a href=\"http://a.example.com/\">Click here to see example.org</a>"
        "<a href=\"http://a.example.com/\">www.example.com</a>");
    CHECK_EQ_INT(p->html.n_links, 3);
    CHECK(!(p->html.links[0].flags & LSC__LINK_TEXT_IS_URL));
    CHECK(!(p->html.links[1].flags & LSC__LINK_TEXT_IS_URL));
    CHECK(!(p->html.links[2].flags & LSC__LINK_MISMATCH));
    done(&t);
}

TEST(images_and_alt_text)
{
    th t;
    lsc__part *p = run(&t,
        "<p>Hi</p><img src=\"http://t.example.com/o.gif\" width=\"1\" height=\"1\">"
        "<img src=\"data:image/png;base64,AAAA\" alt=\"Big sale\">"
        "<img src=\"cid:logo@x\" width=\"600\" height=\"200\" alt=\"Logo\">"
        "<img src=\"https://cdn.example.com/a.png\" style=\"width:300px;height:100px\">"
        "<iframe src=\"http://x\">frame text</iframe><object data=\"x\">obj</object>"
        "<form action=\"http://x\"><input type=\"text\" name=\"card\"><select><option>a"
        "</option></select></form><script>1</script><script>2</script>");
    const lsc__image *im = p->html.images;
    CHECK_EQ_INT(p->html.n_images, 4);
    if (p->html.n_images == 4) {
        CHECK(im[0].flags & LSC__IMG_TRACKER);
        CHECK(im[0].flags & LSC__IMG_REMOTE);
        CHECK(im[1].flags & LSC__IMG_DATA);
        CHECK(im[2].flags & LSC__IMG_CID);
        CHECK_EQ_INT(im[2].width, 600);
        CHECK_EQ_INT(im[2].height, 200);
        CHECK_EQ_INT(im[3].width, 300);
        CHECK_EQ_INT(im[3].height, 100);
        CHECK(!(im[3].flags & LSC__IMG_TRACKER));
    }
    CHECK_STR(p->html.alt_text, "Big sale\nLogo");
    CHECK(strstr(p->pub.text, "Big sale") == NULL);
    CHECK(strstr(p->pub.text, "frame text") == NULL);
    CHECK_EQ_INT(p->html.iframes, 1);
    CHECK_EQ_INT(p->html.objects, 1);
    CHECK_EQ_INT(p->html.forms, 1);
    CHECK_EQ_INT(p->html.inputs, 2);
    CHECK_EQ_INT(p->html.scripts, 2);
    done(&t);
}

static char *repeat(const char *a, size_t n, const char *mid, const char *b,
                    size_t m)
{
    size_t la = strlen(a), lb = strlen(b), lm = strlen(mid), i;
    char *s = malloc(la * n + lb * m + lm + 1), *o = s;
    if (!s)
        return NULL;
    for (i = 0; i < n; i++, o += la)
        memcpy(o, a, la);
    memcpy(o, mid, lm);
    o += lm;
    for (i = 0; i < m; i++, o += lb)
        memcpy(o, b, lb);
    *o = '\0';
    return s;
}

TEST(max_html_nodes_at_its_value)
{
    th t;
    lsc_limits lim;
    char *doc = repeat("<p>x</p>", 10, "", "", 0);
    const char *d = doc;
    memset(&lim, 0, sizeof lim);
    lim.max_html_nodes = 10;
    run_n(&t, &lim, &d, 1);
    CHECK_EQ_INT(t.rc, 0);
    CHECK(!(t.m.flags & LSC_MSG_HTML_TOO_BIG));
    CHECK_EQ_INT(t.part[0].html.elements, 10);
    done(&t);
    lim.max_html_nodes = 9;
    run_n(&t, &lim, &d, 1);
    CHECK(t.m.flags & LSC_MSG_HTML_TOO_BIG);
    CHECK(t.part[0].html.truncated);
    /* what was read before the limit is kept */
    CHECK(t.part[0].pub.text && strncmp(t.part[0].pub.text, "x\n\nx", 4) == 0);
    done(&t);
    free(doc);
}

TEST(max_links_at_its_value_over_parts)
{
    th t;
    lsc_limits lim;
    const char *d[2] = { "<a href=\"http://a.example/\">a</a><a href=\"http://b.example/\">b</a>",
                         "<a href=\"http://c.example/\">c</a>" };
    memset(&lim, 0, sizeof lim);
    lim.max_links = 3;
    run_n(&t, &lim, d, 2);
    CHECK(!(t.m.flags & LSC_MSG_TOO_MANY_LINKS));
    CHECK_EQ_INT(t.part[0].html.n_links + t.part[1].html.n_links, 3);
    done(&t);
    lim.max_links = 2;
    run_n(&t, &lim, d, 2);
    CHECK(t.m.flags & LSC_MSG_TOO_MANY_LINKS);
    CHECK_EQ_INT(t.part[0].html.n_links, 2);
    CHECK_EQ_INT(t.part[1].html.n_links, 0);
    CHECK_STR(t.part[1].pub.text, "c");
    done(&t);
}

TEST(depth_at_its_value_and_far_beyond)
{
    th t;
    char *doc = repeat("<div>", LSC__HTML_MAX_DEPTH, "deep", "</div>",
                       LSC__HTML_MAX_DEPTH);
    const char *d = doc;
    run_n(&t, NULL, &d, 1);
    CHECK(!(t.m.flags & LSC_MSG_HTML_TOO_BIG));
    CHECK_STR(t.part[0].pub.text, "deep");
    done(&t);
    free(doc);
    doc = repeat("<div>", LSC__HTML_MAX_DEPTH + 1, "deep", "</div>",
                 LSC__HTML_MAX_DEPTH + 1);
    d = doc;
    run_n(&t, NULL, &d, 1);
    CHECK(t.m.flags & LSC_MSG_HTML_TOO_BIG);
    done(&t);
    free(doc);
    /* 100,000 deep, then 100,000 stray end tags: stops early, no crash */
    doc = repeat("<b>", 100000, "deep", "</i>", 100000);
    d = doc;
    run_n(&t, NULL, &d, 1);
    CHECK_EQ_INT(t.rc, 0);
    CHECK(t.m.flags & LSC_MSG_HTML_TOO_BIG);
    done(&t);
    free(doc);
}

TEST(broken_markup_is_read_quietly)
{
    static const char *const docs[] = {
        "<<<>>></div></p>&#xFFFFFFF;&#0;&bogus;<a href=>x</a><img src>",
        "<html><body><p>unclosed <b>bold <i>italic <a href=\"http://x.example/\">link",
        "<table><tr><td>cell<td>cell2</table></table></tr>",
        "\xEF\xBB\xBF<!DOCTYPE html><p>bom</p>",
        "<script>never closed",
        "<style>p{}</style><title>only a title",
        "",
    };
    size_t i;
    for (i = 0; i < LSC__COUNT(docs); i++) {
        th t;
        lsc__part *p = run(&t, docs[i]);
        CHECK_EQ_INT(t.rc, 0);
        CHECK(p->pub.text != NULL);
        if (p->pub.text)
            CHECK_EQ_INT(strlen(p->pub.text), p->pub.text_bytes);
        done(&t);
    }
}

TEST(text_parts_are_left_alone)
{
    th t;
    const char *d = "<p>not html</p>";
    run_n(&t, NULL, &d, 1);
    done(&t);
    memset(&t, 0, sizeof t);
    run_n(&t, NULL, &d, 1);
    CHECK(t.part[0].html.parsed);
    done(&t);
    /* a text/plain part keeps what decode.c gave it */
    {
        lsc_engine *e = NULL;
        lsc__arena ar;
        lsc__message m;
        lsc__part part, *pp = &part;
        lsc__ctx c;
        CHECK(lsc_engine_new(&e, NULL, NULL) == 0);
        lsc__arena_init(&ar, &e->al);
        memset(&m, 0, sizeof m);
        memset(&part, 0, sizeof part);
        memset(&c, 0, sizeof c);
        part.pub.flags = LSC_PART_TEXT;
        part.pub.utf8 = part.pub.text = "<p>plain</p>";
        part.pub.utf8_bytes = part.pub.text_bytes = 12;
        m.parts = &pp;
        m.n_parts = 1;
        c.eng = e;
        c.ar = &ar;
        c.msg = &m;
        CHECK_EQ_INT(lsc__html_run(&c), 0);
        CHECK_STR(part.pub.text, "<p>plain</p>");
        CHECK(!part.html.parsed);
        lsc__arena_free(&ar);
        lsc_engine_free(e);
    }
}

TEST(chinese_and_japanese_html)
{
    th t;
    lsc__part *p = run(&t, "<p>尊敬的客户：</p><p>我们的新产品<b>限时优惠</b>！</p>"
                           "<div>詳細は<a href=\"https://example.jp/\">こちら</a>をご覧ください。</div>");
    CHECK_STR(p->pub.text, "尊敬的客户：\n\n我们的新产品限时优惠！\n\n詳細はこちらをご覧ください。");
    CHECK_EQ_INT(p->html.n_links, 1);
    if (p->html.n_links == 1)
        CHECK_STR(p->html.links[0].text, "こちら");
    done(&t);
}

/* ---- hidden branch: runs of hidden text, tokenizing as HTML5 does ---- */

TEST(hidden_runs_where_and_how)
{
    th t;
    lsc__part *p = run(&t,
        "<body><div style=\"display:none\">preview line</div><p>Top text.</p>"
        "<p>FR<span style=\"font-size:0\">xx</span>EE offer</p>"
        "<p>end <span style=\"color:#fff\">white words</span> here</p>"
        "<div style=\"display:none\">see <a href=\"https://x.example/\">this</a></div>"
        "</body>");
    CHECK_STR(p->pub.text, "Top text.\n\nFREE offer\n\nend here");
    CHECK_EQ_INT(p->html.n_runs, 4);
    if (p->html.n_runs == 4) {
        const lsc__hidden_run *r = p->html.runs;
        const char *h = p->html.hidden_text;
        CHECK_EQ_INT(r[0].at, 0);
        CHECK_EQ_INT(r[0].visible_before, 0);
        CHECK_EQ_INT(r[0].chars, strlen("previewline"));
        CHECK(r[0].why == LSC__HID_DISPLAY);
        CHECK(strncmp(h + r[0].start, "preview line", r[0].end - r[0].start) == 0);
        /* inside a word: visible text touches both sides */
        CHECK(strncmp(p->pub.text + r[1].at - 2, "FREE", 4) == 0);
        CHECK(r[1].why == LSC__HID_TINY);
        CHECK((r[1].flags & (LSC__RUN_TOUCH_BEFORE | LSC__RUN_TOUCH_AFTER |
                             LSC__RUN_LINE_BEFORE | LSC__RUN_LINE_AFTER)) ==
              (LSC__RUN_TOUCH_BEFORE | LSC__RUN_TOUCH_AFTER |
               LSC__RUN_LINE_BEFORE | LSC__RUN_LINE_AFTER));
        CHECK_EQ_INT(r[1].end - r[1].start, 2);
        /* between words of one line: in the line, not touching */
        CHECK(r[2].why == LSC__HID_COLOR);
        CHECK(r[2].flags & LSC__RUN_LINE_BEFORE);
        CHECK(r[2].flags & LSC__RUN_LINE_AFTER);
        CHECK(!(r[2].flags & (LSC__RUN_TOUCH_BEFORE | LSC__RUN_TOUCH_AFTER)));
        CHECK(strncmp(h + r[2].start, "white words", r[2].end - r[2].start) == 0);
        /* a block of its own, with a hidden link, at the end */
        CHECK(!(r[3].flags & LSC__RUN_LINE_BEFORE));
        CHECK_EQ_INT(r[3].links, 1);
        CHECK_EQ_INT(r[3].at, p->pub.text_bytes);
    }
    done(&t);
}

TEST(clipped_and_off_screen_text_is_hidden)
{
    th t;
    lsc__part *p = run(&t,
        "<p>a <span style=\"max-height:0px; overflow:hidden\">one</span> b "
        "<span style=\"overflow:hidden;height:0\">two</span> c "
        "<span style=\"position:absolute; left:-9999px\">three</span> d "
        "<span style=\"text-indent:-5000px\">four</span> e "
        "<span style=\"margin-left:-10px\">near</span> "
        "<span style=\"height:0\">tall</span> "
        "<span style=\"overflow:hidden\">wide</span></p>");
    CHECK_STR(p->pub.text, "a b c d e near tall wide");
    CHECK(p->html.hidden_why == LSC__HID_CLIPPED);
    CHECK_EQ_INT(p->html.hidden_chars, strlen("onetwothreefour"));
    done(&t);
}

TEST(hidden_runs_at_their_limit)
{
    th t;
    char *doc = repeat("v<i style=\"display:none\">h</i>", LSC__HTML_MAX_RUNS, "", "", 0);
    const char *d = doc;
    run_n(&t, NULL, &d, 1);
    CHECK_EQ_INT(t.part[0].html.n_runs, LSC__HTML_MAX_RUNS);
    CHECK_EQ_INT(t.part[0].html.runs[LSC__HTML_MAX_RUNS - 1].chars, 1);
    done(&t);
    free(doc);
    /* one more: the last run takes the rest */
    doc = repeat("v<i style=\"display:none\">h</i>", LSC__HTML_MAX_RUNS + 3, "", "", 0);
    d = doc;
    run_n(&t, NULL, &d, 1);
    CHECK_EQ_INT(t.part[0].html.n_runs, LSC__HTML_MAX_RUNS);
    CHECK_EQ_INT(t.part[0].html.runs[LSC__HTML_MAX_RUNS - 1].chars, 4);
    CHECK_EQ_INT(t.part[0].html.hidden_chars, LSC__HTML_MAX_RUNS + 3);
    done(&t);
    free(doc);
}

TEST(bogus_end_tags_and_instructions_read_as_html5)
{
    th t;
    lsc__part *p = run(&t, "<p>V<?x>IAGRA V</>IAGRA V</ x>IAGRA V</3 a>IAGRA a</b>b</p>");
    CHECK_STR(p->pub.text, "VIAGRA VIAGRA VIAGRA VIAGRA ab");
    done(&t);
    /* nothing left once they are dropped: an empty text, not an error */
    p = run(&t, "</ x>");
    CHECK_EQ_INT(t.rc, 0);
    CHECK_STR(p->pub.text, "");
    done(&t);
    /* not inside attribute values, comments, scripts or styles */
    p = run(&t, "<p title=\"x </ y\">one</p><!-- </ z> --><script>if (a </ b) c();</script>"
                "<style>p{}</ x></style><p>two</p>");
    CHECK_STR(p->pub.text, "one\n\ntwo");
    done(&t);
    /* comments with dashes, quotes holding '>' and "</ x>", a script with
     * '<' and a half end tag: each stepped over to its true end */
    p = run(&t, "<!-- a - b -- c -->V</ x>IAGRA<p title='a > </ y' alt=\"q'\">one</p>"
                "<script>a<b; \"</scrip\"; x</ y;</script>V</ x>IAGRA");
    CHECK_STR(p->pub.text, "VIAGRA\n\none\n\nVIAGRA");
    done(&t);
    /* a comment not closed before the end, with "</" in its last bytes */
    p = run(&t, "<p>x</p><!-- - -</");
    CHECK_STR(p->pub.text, "x");
    done(&t);
    /* a '</' with no '>' after it stays as written */
    p = run(&t, "<p>a </ b</p>");
    CHECK(p->pub.text != NULL && strstr(p->pub.text, "a") == p->pub.text);
    done(&t);
    /* the markup is first searched for "</" before a non-letter, eight
     * bytes at a time and the last few one by one: the bogus tag at every
     * offset, the end of the markup included, is found */
    {
        char doc[64];
        size_t k;
        for (k = 0; k < 24; k++) {
            snprintf(doc, sizeof doc, "<p>%.*s V</ x>IA", (int)k,
                     "abcdefghijklmnopqrstuvwxyz");
            p = run(&t, doc);
            CHECK(p->pub.text != NULL && strstr(p->pub.text, "VIA") != NULL);
            done(&t);
        }
    }
}

TEST(comments_that_split_words)
{
    th t;
    lsc__part *p = run(&t, "<p>te<!--x-->st fr<!-- -->e<b></b><!---->e ok<!-- --> go "
                           "end.<!-- x --></p><p>报<!-- x -->价 <!--a-->x</p>");
    CHECK_STR(p->pub.text, "test free ok go end.\n\n报价 x");
    /* te|st, fr|e|e: not before a space, at a line end or between CJK */
    CHECK_EQ_INT(p->html.splits, 3);
    if (p->html.splits == 3) {
        CHECK_EQ_INT(p->html.split_at[0], 2);
        CHECK_EQ_INT(p->html.split_at[1], 7);
        CHECK_EQ_INT(p->html.split_at[2], 8);
    }
    done(&t);
}

TEST(comment_splits_at_their_limit)
{
    th t;
    char *doc = repeat("a<!---->", LSC__HTML_MAX_SPLITS + 5, "", "", 0);
    const char *d = doc;
    run_n(&t, NULL, &d, 1);
    /* every join is counted, the first LSC__HTML_MAX_SPLITS kept */
    CHECK_EQ_INT(t.part[0].html.splits, LSC__HTML_MAX_SPLITS + 4);
    CHECK_EQ_INT(t.part[0].html.split_at[LSC__HTML_MAX_SPLITS - 1], LSC__HTML_MAX_SPLITS);
    done(&t);
    free(doc);
}

TEST(event_handlers_are_scripts)
{
    th t;
    lsc__part *p = run(&t, "<p onmouseover=\"x()\">a</p><img src=\"cid:x\" onerror=\"y()\">"
                           "<p one=\"1\" data-onclick=\"z\" online=\"\">b</p>");
    /* "one" and "online" are no event names, data-onclick no handler */
    CHECK_EQ_INT(p->html.handlers, 2);
    CHECK_STR(p->html.handler, "onmouseover");
    CHECK_EQ_INT(p->html.scripts, 0);
    done(&t);
}

TEST(hidden_words_at_their_budget)
{
    th t;
    char *doc = repeat("word ", LSC__TEXT_MAX_HIDDEN_WORDS + 10, "</div><p>seen words</p>", "", 0);
    char *full = malloc(strlen(doc) + 32);
    const char *d = full;
    sprintf(full, "<div style=\"display:none\">%s", doc);
    run_n(&t, NULL, &d, 1);
    CHECK_EQ_INT(t.rc, 0);
    CHECK_EQ_INT(lsc__text_run(&t.c), 0);
    /* the hidden text stops at its own budget; the visible words are all
     * read and the message is not flagged */
    CHECK_EQ_INT(t.part[0].html.hidden_words.n_words, LSC__TEXT_MAX_HIDDEN_WORDS);
    CHECK_EQ_INT(t.part[0].text.n_words, 2);
    CHECK(!(t.m.flags & LSC_MSG_TOO_MANY_WORDS));
    done(&t);
    free(doc);
    free(full);
}

int main(void)
{
    RUN(visible_text_basics);
    RUN(meta_charset_does_not_switch_encoding);
    RUN(declarations_and_rows);
    RUN(pre_keeps_whitespace);
    RUN(hidden_text_left_out_and_counted);
    RUN(colours_that_are_not_hidden);
    RUN(stylesheet_classes_are_not_trusted_hidden);
    RUN(stylesheet_rules_that_hide);
    RUN(stylesheet_rules_that_do_not_hide);
    RUN(stylesheet_limits_at_their_values);
    RUN(elements_the_standard_never_shows_and_object_fallback);
    RUN(ampersand_hash_without_a_number_is_text);
    RUN(links);
    RUN(link_text_that_is_not_a_domain);
    RUN(images_and_alt_text);
    RUN(max_html_nodes_at_its_value);
    RUN(max_links_at_its_value_over_parts);
    RUN(depth_at_its_value_and_far_beyond);
    RUN(broken_markup_is_read_quietly);
    RUN(text_parts_are_left_alone);
    RUN(chinese_and_japanese_html);
    RUN(hidden_runs_where_and_how);
    RUN(clipped_and_off_screen_text_is_hidden);
    RUN(hidden_runs_at_their_limit);
    RUN(bogus_end_tags_and_instructions_read_as_html5);
    RUN(comments_that_split_words);
    RUN(comment_splits_at_their_limit);
    RUN(event_handlers_are_scripts);
    RUN(hidden_words_at_their_budget);
    return TEST_DONE();
}

/*
 * test_textlinks.c - links found in plain text (html/textlinks.c) and what
 * html/url.c reads in an address: spans into the text, defanged forms,
 * what is no link, canonical IDN hosts, the WHATWG backslash, look-alike
 * hosts, and the limits (max_links, LSC__TEXTLINK_MAX_URL) at their values.
 */
#include <stdlib.h>

#include "core/pipeline.h"
#include "html/url.h"
#include "test.h"

typedef struct tl {
    lsc_engine *e;
    lsc__arena ar;
    lsc__message m;
    lsc__part part;
    lsc__part *pp;
    lsc__ctx c;
    int rc;
} tl;

static lsc__part *run_lim(tl *t, const char *text, size_t max_links)
{
    lsc_options o;
    memset(t, 0, sizeof *t);
    lsc_options_init(&o);
    if (max_links)
        o.limits.max_links = max_links;
    if (lsc_engine_new(&t->e, &o, NULL) != 0) {
        t->rc = -100;
        return &t->part;
    }
    lsc__arena_init(&t->ar, &t->e->al);
    t->m.ar = &t->ar;
    t->m.subject = "";
    t->part.pub.flags = LSC_PART_TEXT;
    t->part.pub.content_type = "text/plain";
    t->part.pub.utf8 = t->part.pub.text = text;
    t->part.pub.utf8_bytes = t->part.pub.text_bytes = strlen(text);
    t->pp = &t->part;
    t->m.parts = &t->pp;
    t->m.n_parts = 1;
    t->c.eng = t->e;
    t->c.ar = &t->ar;
    t->c.msg = &t->m;
    t->rc = lsc__html_run(&t->c);
    return &t->part;
}

static lsc__part *run(tl *t, const char *text)
{
    return run_lim(t, text, 0);
}

static void done(tl *t)
{
    lsc__arena_free(&t->ar);
    lsc_engine_free(t->e);
}

/* The text a link spans. */
static int span_is(const lsc__part *p, size_t k, const char *want)
{
    const lsc__link *l = &p->html.links[k];
    return l->text_end - l->text_start == strlen(want) &&
           memcmp(p->pub.text + l->text_start, want, strlen(want)) == 0;
}

TEST(urls_with_spans_into_the_text)
{
    tl t;
    lsc__part *p = run(&t, "See https://bit.ly/abc, www.example.com and "
                           "drawings at example.org/d.pdf.");
    CHECK_EQ_INT(t.rc, 0);
    CHECK_EQ_INT(p->html.n_links, 3);
    CHECK(span_is(p, 0, "https://bit.ly/abc"));
    CHECK(p->html.links[0].flags & LSC__LINK_SHORTENER);
    CHECK(p->html.links[0].flags & LSC__LINK_PLAIN);
    CHECK(span_is(p, 1, "www.example.com"));
    CHECK_STR(p->html.links[1].host, "www.example.com");
    CHECK(span_is(p, 2, "example.org/d.pdf"));
    CHECK(!p->html.parsed);
    done(&t);
}

TEST(addresses_files_and_numbers_are_no_links)
{
    tl t;
    lsc__part *p = run(&t, "Write to anna.berg@example.com or info.shop@example.com; "
                           "report.pdf, setup.py, photos.zip, 3.14, e.g. v1.2.3, "
                           "the dot com era.");
    CHECK_EQ_INT(t.rc, 0);
    CHECK_EQ_INT(p->html.n_links, 0);
    done(&t);
}

TEST(defanged_forms)
{
    tl t;
    lsc__part *p = run(&t, "hxxp://evil[.]example/x and h**ps://a(.)example "
                           "and shop dot com");
    CHECK_EQ_INT(p->html.n_links, 3);
    CHECK_STR(p->html.links[0].host, "evil.example");
    CHECK_STR(p->html.links[0].href, "http://evil.example/x");
    CHECK(p->html.links[0].flags & LSC__LINK_OBFUSCATED);
    CHECK(span_is(p, 0, "hxxp://evil[.]example/x"));
    CHECK_STR(p->html.links[1].host, "a.example");
    CHECK(p->html.links[1].flags & LSC__LINK_OBFUSCATED);
    /* found, not held against the writer */
    CHECK_STR(p->html.links[2].host, "shop.com");
    CHECK(!(p->html.links[2].flags & LSC__LINK_OBFUSCATED));
    done(&t);
    /* a word's end decides whether a link is read at all: the spaced
     * forms in any case, after words before " d" and a sentence's dot
     * that open none */
    p = run(&t, "Send the data do it. Visit shop DOT com, evil [.] net, "
                "bad [dot] org or worse (dot) info.\nend.");
    CHECK_EQ_INT(p->html.n_links, 4);
    if (p->html.n_links == 4) {
        CHECK_STR(p->html.links[0].host, "shop.com");
        CHECK_STR(p->html.links[1].host, "evil.net");
        CHECK_STR(p->html.links[2].host, "bad.org");
        CHECK_STR(p->html.links[3].host, "worse.info");
        CHECK(p->html.links[1].flags & LSC__LINK_OBFUSCATED);
    }
    done(&t);
}

TEST(hosts_in_one_canonical_form)
{
    tl t;
    lsc__part *p = run(&t, "http://MÜNCHEN.de/a https://www.xn--mnchen-3ya.de "
                           "http:\\\\evil.example\\login 请访问www.example.com查看");
    CHECK_EQ_INT(p->html.n_links, 4);
    CHECK_STR(p->html.links[0].host, "xn--mnchen-3ya.de");
    CHECK_STR(p->html.links[1].host, "www.xn--mnchen-3ya.de");
    CHECK(!(p->html.links[1].flags & LSC__LINK_LOOKALIKE));
    CHECK_STR(p->html.links[2].host, "evil.example");
    CHECK_STR(p->html.links[3].host, "www.example.com");
    CHECK(span_is(p, 3, "www.example.com"));
    done(&t);
}

TEST(what_the_address_hides)
{
    tl t;
    lsc__part *p = run(&t, "https://bank.com@evil.example/ https://u@ftp.example/ "
                           "https://www.xn--pple-43d.com/ https://paypa1.com/ "
                           "https://x.example/r?u=https%3A%2F%2Fy.example%2F "
                           "https://a.top/ https://medium.com/@anna");
    CHECK_EQ_INT(p->html.n_links, 7);
    CHECK_STR(p->html.links[0].host, "evil.example");
    CHECK(p->html.links[0].flags & LSC__LINK_USERINFO_DISGUISE);
    CHECK(p->html.links[1].flags & LSC__LINK_USERINFO);
    CHECK(!(p->html.links[1].flags & LSC__LINK_USERINFO_DISGUISE));
    CHECK(p->html.links[2].flags & LSC__LINK_LOOKALIKE);
    CHECK(p->html.links[3].flags & LSC__LINK_LOOKALIKE);
    CHECK(p->html.links[4].flags & LSC__LINK_REDIRECT);
    CHECK_STR(p->html.links[4].redirect_host, "y.example");
    CHECK(p->html.links[5].flags & LSC__LINK_ABUSED_TLD);
    CHECK(!(p->html.links[6].flags & (LSC__LINK_USERINFO | LSC__LINK_LOOKALIKE)));
    done(&t);
}

TEST(look_alikes_of_well_known_names)
{
    tl t;
    /* rn for m; all-Cyrillic "уаһоо" (one script, yahoo's skeleton); the
     * real names and an honest ASCII name with digits are none */
    lsc__part *p = run(&t, "https://rnicrosoft.com/ https://уаһоо.com/ "
                           "https://microsoft.com/ https://www.apple.com/ "
                           "https://web2print.example/");
    CHECK_EQ_INT(p->html.n_links, 5);
    CHECK(p->html.links[0].flags & LSC__LINK_LOOKALIKE);
    CHECK(p->html.links[1].flags & LSC__LINK_LOOKALIKE);
    CHECK(!(p->html.links[2].flags & LSC__LINK_LOOKALIKE));
    CHECK(!(p->html.links[3].flags & LSC__LINK_LOOKALIKE));
    CHECK(!(p->html.links[4].flags & LSC__LINK_LOOKALIKE));
    done(&t);
}

/* url.c keeps the answer for the last few hosts (LOOK_MEMO, 4): a host
 * met again within them, and again after more than that many others,
 * is judged as when first met. */
TEST(look_alike_answers_kept_for_repeated_hosts)
{
    tl t;
    lsc__part *p = run(&t, "https://paypa1.com/a https://a.example/ "
                           "https://paypa1.com/b https://b.example/ "
                           "https://c.example/ https://d.example/ "
                           "https://e.example/ https://paypa1.com/c "
                           "https://a.example/x https://rnicrosoft.com/");
    size_t i;
    CHECK_EQ_INT(p->html.n_links, 10);
    for (i = 0; i < p->html.n_links; i++)
        CHECK_EQ_INT((p->html.links[i].flags & LSC__LINK_LOOKALIKE) != 0,
                     i == 0 || i == 2 || i == 7 || i == 9);
    done(&t);
}

/* Both lists are searched by bsearch: an entry out of order would be
 * missed without a sound.  Every entry is found, with and without "www."
 * for a shortener, and near misses are not. */
static void check_sorted(const char *const *list, size_t n)
{
    size_t i;
    for (i = 1; i < n; i++)
        CHECK(strcmp(list[i - 1], list[i]) < 0);
}

static uint32_t target_flags(tl *t, const char *url)
{
    lsc__link l;
    lsc__spoof *sp = NULL;
    memset(&l, 0, sizeof l);
    CHECK_EQ_INT(lsc__url_target(t->e, &t->ar, &sp, &l, url, strlen(url), 0), 0);
    return l.flags;
}

TEST(every_shortener_and_abused_tld_is_found)
{
    tl t;
    char url[128];
    size_t i;
    run(&t, "");
    check_sorted(lsc__url_shorteners, lsc__url_n_shorteners);
    check_sorted(lsc__url_abused_tlds, lsc__url_n_abused_tlds);
    for (i = 0; i < lsc__url_n_shorteners; i++) {
        snprintf(url, sizeof url, "https://%s/x", lsc__url_shorteners[i]);
        CHECK(target_flags(&t, url) & LSC__LINK_SHORTENER);
        snprintf(url, sizeof url, "https://www.%s/x", lsc__url_shorteners[i]);
        CHECK(target_flags(&t, url) & LSC__LINK_SHORTENER);
        snprintf(url, sizeof url, "https://a%s/x", lsc__url_shorteners[i]);
        CHECK(!(target_flags(&t, url) & LSC__LINK_SHORTENER));
    }
    for (i = 0; i < lsc__url_n_abused_tlds; i++) {
        snprintf(url, sizeof url, "https://shop.%s/x", lsc__url_abused_tlds[i]);
        CHECK(target_flags(&t, url) & LSC__LINK_ABUSED_TLD);
        snprintf(url, sizeof url, "https://shop.%sa/x", lsc__url_abused_tlds[i]);
        CHECK(!(target_flags(&t, url) & LSC__LINK_ABUSED_TLD));
    }
    CHECK(!(target_flags(&t, "https://bit.ly.example/") & LSC__LINK_SHORTENER));
    CHECK(!(target_flags(&t, "https://www./") & LSC__LINK_SHORTENER));
    done(&t);
}

TEST(max_links_at_its_value)
{
    tl t;
    const char *s = "http://a.example/ http://b.example/ http://c.example/";
    lsc__part *p = run_lim(&t, s, 3);
    CHECK(!(t.m.flags & LSC_MSG_TOO_MANY_LINKS));
    CHECK_EQ_INT(p->html.n_links, 3);
    done(&t);
    p = run_lim(&t, s, 2);
    CHECK(t.m.flags & LSC_MSG_TOO_MANY_LINKS);
    CHECK_EQ_INT(p->html.n_links, 2);
    done(&t);
}

TEST(url_length_at_its_limit_and_beyond)
{
    size_t k;
    for (k = 0; k < 2; k++) {
        tl t;
        size_t n = LSC__TEXTLINK_MAX_URL + k * 5000;
        char *s = malloc(n + 1);
        lsc__part *p;
        memcpy(s, "http://a.example/", 17);
        memset(s + 17, 'x', n - 17);
        s[n] = 0;
        p = run(&t, s);
        CHECK_EQ_INT(t.rc, 0);
        CHECK_EQ_INT(p->html.n_links, 1);
        CHECK(strlen(p->html.links[0].href) <= LSC__TEXTLINK_MAX_URL);
        CHECK_STR(p->html.links[0].host, "a.example");
        done(&t);
        free(s);
    }
}

/* The scan asks eight bytes at a time where a word may go on into a
 * link: each form, at every offset from the start of those eight and
 * near the end of the text, is found alike. */
TEST(each_form_at_every_offset)
{
    static const char *const forms[] = {
        "see example.com now", "x hxxp://evil.example.org/a y",
        "go to example dot com today", "visit example[.]com", "visit "
        "example (dot) com", "at https://a.example.net", "h**p://x.example.com",
        "example.com:8080/x", "write to a@example.com", "the dot com era",
        "f.o.o bar.example.org", "x [dot] example{.}com", "ab:cd (example.com)"
    };
    size_t f, pad;
    for (f = 0; f < LSC__COUNT(forms); f++) {
        tl t0;
        lsc__part *p0 = run(&t0, forms[f]);
        CHECK_EQ_INT(t0.rc, 0);
        for (pad = 1; pad < 18; pad++) {
            char buf[256], tail[256];
            tl t;
            lsc__part *p;
            size_t k;
            memset(buf, 'w', pad - 1);
            buf[pad - 1] = ' ';
            snprintf(buf + pad, sizeof buf - pad, "%s", forms[f]);
            /* and the form as the text's last bytes, after the padding */
            p = run(&t, buf);
            CHECK_EQ_INT(t.rc, 0);
            CHECK_EQ_INT(p->html.n_links, p0->html.n_links);
            for (k = 0; k < p->html.n_links && k < p0->html.n_links; k++) {
                CHECK_STR(p->html.links[k].href, p0->html.links[k].href);
                CHECK_EQ_INT(p->html.links[k].text_start,
                             p0->html.links[k].text_start + pad);
                CHECK_EQ_INT(p->html.links[k].text_end,
                             p0->html.links[k].text_end + pad);
            }
            done(&t);
            /* with text after it, shorter than eight bytes or longer */
            snprintf(tail, sizeof tail, "%s%s", buf,
                     pad % 2 ? " ok" : " and some more words");
            p = run(&t, tail);
            CHECK_EQ_INT(t.rc, 0);
            CHECK_EQ_INT(p->html.n_links, p0->html.n_links);
            done(&t);
        }
        done(&t0);
    }
}

int main(void)
{
    RUN(urls_with_spans_into_the_text);
    RUN(addresses_files_and_numbers_are_no_links);
    RUN(defanged_forms);
    RUN(hosts_in_one_canonical_form);
    RUN(what_the_address_hides);
    RUN(look_alikes_of_well_known_names);
    RUN(look_alike_answers_kept_for_repeated_hosts);
    RUN(every_shortener_and_abused_tld_is_found);
    RUN(max_links_at_its_value);
    RUN(url_length_at_its_limit_and_beyond);
    RUN(each_form_at_every_offset);
    return TEST_DONE();
}

/*
 * test_bulk.c - the bulk helper (rules/bulk.h) and the bulk, hygiene and
 * preview rules at their limits, on messages built here: the signs of bulk
 * and the one verdict UNSUB_ONE_TO_ONE and BULK_NO_UNSUBSCRIBE share, the
 * tracker hosts, the dates the requirements apply from, the postal-address
 * search at LSC__BULK_POSTAL_MAX_WORDS and a data: image at 100 KB.
 */
#include "test.h"
#include "core/pipeline.h"
#include "core/result.h"
#include "rules/bulk.h"
#include "rules/rules.h"

static lsc_engine *eng(void)
{
    lsc_engine *e = NULL;
    if (lsc_engine_new(&e, NULL, NULL) != 0)
        printf("#   engine failed\n");
    return e;
}

static int fires(const lsc_result *r, const char *id)
{
    return r && lsc_result_find_hit(r, id) != NULL;
}

/* A message from headers (each ending in CRLF) and an HTML body. */
static char *msg_of(const char *headers, const char *html)
{
    size_t n = strlen(headers) + strlen(html) + 512;
    char *m = malloc(n);
    if (!m)
        return NULL;
    snprintf(m, n,
             "From: Example Shop <news@shop.example>\r\n"
             "To: li.wei@example.cn\r\n"
             "Message-ID: <1@shop.example>\r\n"
             "MIME-Version: 1.0\r\n"
             "%s"
             "Content-Type: text/html; charset=utf-8\r\n\r\n"
             "<html><body>%s</body></html>\r\n", headers, html);
    return m;
}

static lsc_result *score2(const lsc_engine *e, const char *headers,
                          const char *html)
{
    char *m = msg_of(headers, html);
    lsc_result *r = m ? t_score(e, m) : NULL;
    free(m);
    return r;
}

#define AD "<p>Our special offer: hot deals and the best deal of the year.</p>"
#define FOOTER "<p>You receive this email because you subscribed. " \
               "Click here to unsubscribe.</p>"

/* The signs of bulk of a scored message, read as a rule reads them: the
 * first read keeps them on the context, the second gives the same. */
static void bulk_of(lsc_result *r, lsc__bulk *b)
{
    lsc__ctx c;
    lsc__bulk again;
    memset(&c, 0, sizeof c);
    c.msg = r->msg;
    c.ar = &r->ar;
    lsc__bulk_read(&c, b);
    CHECK(c.bulk != NULL);
    lsc__bulk_read(&c, &again);
    CHECK(again.why == b->why && again.esp == b->esp && again.lu == b->lu &&
          again.unsub_weight == b->unsub_weight && again.rcpt == b->rcpt);
}

TEST(signs_of_bulk)
{
    lsc_engine *e = eng();
    lsc_result *r;
    lsc__bulk b;
    r = score2(e, "Subject: Spring\r\nDate: Mon, 7 Dec 2026 09:00:00 +0000\r\n"
               "X-SG-EID: abc\r\nPrecedence: bulk\r\n", AD FOOTER);
    CHECK(r != NULL);
    if (r) {
        bulk_of(r, &b);
        CHECK(b.why & LSC__BULK_ESP);
        CHECK(b.why & LSC__BULK_PRECEDENCE);
        CHECK(b.why & LSC__BULK_UNSUB_WORDS);
        CHECK(b.why & LSC__BULK_PROMO_WORDS);
        CHECK(!(b.why & LSC__BULK_RCPT));
        CHECK(b.esp && strcmp(b.esp->name, "X-SG-EID") == 0);
        CHECK(lsc__bulk_looks(&b));
        CHECK(!lsc__bulk_posing_personal(&b));
        lsc_result_free(r);
    }
    /* a plain letter shows no sign at all */
    r = score2(e, "Subject: Quote\r\n", "<p>Dear Li Wei, the quote is attached.</p>");
    if (r) {
        bulk_of(r, &b);
        CHECK_EQ_INT(b.why, 0);
        CHECK(!lsc__bulk_looks(&b));
        lsc_result_free(r);
    }
    lsc_engine_free(e);
}

/* The sending service read from a header's name (any case, a name or a
 * prefix) or from the mailer named in X-Mailer or User-Agent (anywhere
 * in the value, any case, short or long); other names and mailers are
 * none. */
TEST(sending_service_by_header)
{
    static const struct {
        const char *header;
        int esp;
    } cases[] = {
        { "x-mailgun-tag: spring\r\n", 1 },
        { "X-MJ-CustomID: 7\r\n", 1 },
        { "X-MJ: 7\r\n", 0 },             /* the prefix without more */
        { "X-SG-EIDX: 7\r\n", 0 },        /* a whole name, not a prefix */
        { "User-Agent: Sendy 4.1\r\n", 1 },
        { "X-Mailer: our PHPList v3\r\n", 1 },
        { "X-Mailer: Thunderbird 115\r\n", 0 },
        { "Y-Mailer: sendy\r\n", 0 },
        { "X-Priority: 3\r\n", 0 },
        /* a value of 255 bytes is lowered in a buffer, a longer one read
         * in place: the mailer at its end either way */
        { "X-Mailer: %0245d MailChimp\r\n", 1 },
        { "X-Mailer: %0246d MailChimp\r\n", 1 },
        { "X-Mailer: %0400d MAILCHIMP\r\n", 1 },
        { "X-Mailer: %0400d MailChim\r\n", 0 },
    };
    lsc_engine *e = eng();
    size_t i;
    for (i = 0; i < sizeof cases / sizeof *cases; i++) {
        char h[600], hv[560];
        lsc_result *r;
        lsc__bulk b;
        snprintf(hv, sizeof hv, cases[i].header, 7);
        snprintf(h, sizeof h, "Subject: Quote\r\n%s", hv);
        r = score2(e, h, "<p>Dear Li Wei, the quote is attached.</p>");
        CHECK(r != NULL);
        if (!r)
            continue;
        bulk_of(r, &b);
        if (((b.why & LSC__BULK_ESP) != 0) != cases[i].esp)
            printf("#   %s", cases[i].header);
        CHECK_EQ_INT((b.why & LSC__BULK_ESP) != 0, cases[i].esp);
        lsc_result_free(r);
    }
    lsc_engine_free(e);
}

/* sender_identity.c: five links to the From domain's brand make a
 * newsletter's identity (the wording rules' factor drops below 1), under
 * any subdomain or public suffix; the brand as a label of another
 * registrable domain, or inside a longer label, is not it. */
TEST(identity_by_links_to_the_senders_brand)
{
    static const struct {
        const char *host;
        int own;
    } cases[] = {
        { "www.shop.example", 1 },
        { "SHOP.example", 1 },
        { "news.shop.co.uk", 1 },
        { "shop.example.evil.test", 0 },
        { "myshop.example", 0 },
        { "shop", 0 },
    };
    lsc_engine *e = eng();
    size_t i, k;
    for (i = 0; i < sizeof cases / sizeof *cases; i++) {
        char html[1024], *o = html;
        lsc_result *r;
        for (k = 0; k < 5; k++)
            o += sprintf(o, "<p><a href=\"https://%s/p%zu\">item %zu</a></p>",
                         cases[i].host, k, k);
        r = score2(e, "Subject: Spring\r\n", html);
        CHECK(r != NULL);
        if (r) {
            lsc__ctx c;
            memset(&c, 0, sizeof c);
            c.msg = r->msg;
            c.ar = &r->ar;
            if ((lsc__identity_factor(&c, "wording") < 1.0) != cases[i].own)
                printf("#   %s\n", cases[i].host);
            CHECK_EQ_INT(lsc__identity_factor(&c, "wording") < 1.0, cases[i].own);
            CHECK(lsc__identity_factor(&c, "links") == 1.0);
            lsc_result_free(r);
        }
    }
    lsc_engine_free(e);
}

/* The footer in a letter sent as personal is UNSUB_ONE_TO_ONE; the same
 * footer sent through a mailing service is BULK_NO_UNSUBSCRIBE; never
 * both. */
TEST(one_verdict_for_the_unsubscribe_footer)
{
    lsc_engine *e = eng();
    lsc_result *r;
    r = score2(e, "Subject: Spring\r\n", AD FOOTER);
    CHECK(fires(r, "UNSUB_ONE_TO_ONE"));
    CHECK(!fires(r, "BULK_NO_UNSUBSCRIBE"));
    lsc_result_free(r);
    r = score2(e, "Subject: Spring\r\nX-Mailgun-Sid: x\r\n", AD FOOTER);
    CHECK(!fires(r, "UNSUB_ONE_TO_ONE"));
    CHECK(fires(r, "BULK_NO_UNSUBSCRIBE"));
    lsc_result_free(r);
    lsc_engine_free(e);
}

TEST(requirements_apply_from_their_dates)
{
    lsc_engine *e = eng();
    lsc_result *r;
    const char *lu = "List-Unsubscribe: <mailto:u@shop.example>\r\n";
    char h[256];
    /* the last second before February 2024, and the first of it */
    snprintf(h, sizeof h, "Subject: S\r\n%sDate: Wed, 31 Jan 2024 23:59:59 +0000\r\n", lu);
    r = score2(e, h, AD FOOTER);
    CHECK(!fires(r, "BULK_NO_ONE_CLICK"));
    lsc_result_free(r);
    snprintf(h, sizeof h, "Subject: S\r\n%sDate: Thu, 1 Feb 2024 00:00:00 +0000\r\n", lu);
    r = score2(e, h, AD FOOTER);
    CHECK(fires(r, "BULK_NO_ONE_CLICK"));
    lsc_result_free(r);
    /* a draft has no date: it is sent now */
    snprintf(h, sizeof h, "Subject: S\r\n%s", lu);
    r = score2(e, h, AD FOOTER);
    CHECK(fires(r, "BULK_NO_ONE_CLICK"));
    CHECK(fires(r, "BULK_NO_POSTAL_ADDRESS"));
    lsc_result_free(r);
    /* CAN-SPAM from 2004 */
    snprintf(h, sizeof h, "Subject: S\r\n%sDate: Wed, 31 Dec 2003 12:00:00 +0000\r\n", lu);
    r = score2(e, h, AD FOOTER);
    CHECK(!fires(r, "BULK_NO_POSTAL_ADDRESS"));
    lsc_result_free(r);
    lsc_engine_free(e);
}

TEST(tracker_hosts)
{
    CHECK_STR(lsc__tracker_host("mailtrack.io"), "Mailtrack");
    CHECK_STR(lsc__tracker_host("x.y.list-manage.com"), "Mailchimp");
    CHECK_STR(lsc__tracker_host("t.sidekickopen03.com"), "HubSpot");
    CHECK(lsc__tracker_host("notmailtrack.io") == NULL);
    CHECK(lsc__tracker_host("mailtrack.io.example") == NULL);
    CHECK(lsc__tracker_host("io") == NULL);
    CHECK(lsc__tracker_host(NULL) == NULL);
}

/* n filler words, then an address whose street word is word n + 2. */
static lsc_result *address_after(const lsc_engine *e, size_t n)
{
    size_t i, len = n * 6 + 256;
    char *html = malloc(len), *p = html;
    lsc_result *r;
    if (!html)
        return NULL;
    p += sprintf(p, "<p>");
    for (i = 0; i < n; i++)
        p += sprintf(p, "lorem ");
    sprintf(p, "120 Market Street</p>");
    r = score2(e, "Subject: special offer, best deal, hot deals\r\n"
               "List-Unsubscribe: <https://shop.example/u>\r\n"
               "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n", html);
    free(html);
    return r;
}

TEST(postal_address_search_at_its_limit)
{
    lsc_engine *e = eng();
    lsc_result *r = address_after(e, LSC__BULK_POSTAL_MAX_WORDS - 3);
    CHECK(r != NULL);
    CHECK(!fires(r, "BULK_NO_POSTAL_ADDRESS"));   /* "Street" is the last word read */
    lsc_result_free(r);
    r = address_after(e, LSC__BULK_POSTAL_MAX_WORDS - 2);
    CHECK(fires(r, "BULK_NO_POSTAL_ADDRESS"));    /* one word too far */
    lsc_result_free(r);
    lsc_engine_free(e);
}

/* CJK addresses are found by their marks (the postal mark, 丁目, 号楼)
 * or a road, a number and 号, each compared where its first byte is; a
 * road without the number and an ASCII text are none. */
TEST(cjk_postal_addresses)
{
    static const struct {
        const char *addr;
        int found;
    } cases[] = {
        { "〒100-0001 東京都千代田区千代田1", 1 },
        { "千代田区千代田1丁目", 1 },
        { "3号楼", 1 },
        { "上海市浦东新区张江路88号", 1 },
        { "台北市中山北路12號", 1 },
        { "张江路很长", 0 },
        { "120 Market", 0 },
    };
    lsc_engine *e = eng();
    size_t i;
    for (i = 0; i < sizeof cases / sizeof *cases; i++) {
        char html[256];
        lsc_result *r;
        snprintf(html, sizeof html, "<p>Our special offer, best deal, hot "
                 "deals.</p><p>示例 %s</p>", cases[i].addr);
        r = score2(e, "Subject: special offer, best deal, hot deals\r\n"
                   "List-Unsubscribe: <https://shop.example/u>\r\n"
                   "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n",
                   html);
        CHECK(r != NULL);
        if (fires(r, "BULK_NO_POSTAL_ADDRESS") == cases[i].found)
            printf("#   %s\n", cases[i].addr);
        CHECK_EQ_INT(fires(r, "BULK_NO_POSTAL_ADDRESS"), !cases[i].found);
        lsc_result_free(r);
    }
    lsc_engine_free(e);
}

/* An HTML letter with one data: image of `bytes` decoded bytes. */
static lsc_result *data_image(const lsc_engine *e, size_t bytes)
{
    size_t b64 = bytes / 3 * 4, i;
    char *html = malloc(b64 + 256), *p = html;
    lsc_result *r;
    if (!html)
        return NULL;
    p += sprintf(p, "<p>Dear Li Wei, the drawing:</p><img alt=\"d\" width=\"9\" "
                 "height=\"9\" src=\"data:image/png;base64,");
    for (i = 0; i < b64; i++)
        *p++ = 'A';
    sprintf(p, "\">");
    r = score2(e, "Subject: Drawing\r\n", html);
    free(html);
    return r;
}

TEST(data_uri_image_at_100_kb)
{
    lsc_engine *e = eng();
    lsc_result *r = data_image(e, LSC__DATA_URI_MAX_BYTES);
    CHECK(r != NULL);
    CHECK(!fires(r, "IMAGE_DATA_URI_LARGE"));
    lsc_result_free(r);
    r = data_image(e, LSC__DATA_URI_MAX_BYTES + 3);
    CHECK(fires(r, "IMAGE_DATA_URI_LARGE"));
    lsc_result_free(r);
    lsc_engine_free(e);
}

TEST(mass_recipients_at_their_limit)
{
    lsc_engine *e = eng();
    char h[4096], *p;
    size_t n, i;
    /* n Bcc recipients besides the one in To */
    for (n = LSC__BULK_MASS_RCPT_MIN - 2; n <= LSC__BULK_MASS_RCPT_MIN - 1; n++) {
        lsc_result *r;
        p = h + sprintf(h, "Subject: Holiday closing\r\nBcc: ");
        for (i = 0; i < n; i++)
            p += sprintf(p, "%sb%zu@c%zu.example", i ? ", " : "", i, i);
        sprintf(p, "\r\n");
        r = score2(e, h, "<p>Our factory is closed from 1 to 7 October.</p>");
        CHECK(r != NULL);
        CHECK_EQ_INT(fires(r, "BULK_NO_UNSUBSCRIBE"),
                     n + 1 >= LSC__BULK_MASS_RCPT_MIN);
        lsc_result_free(r);
    }
    lsc_engine_free(e);
}

int main(void)
{
    RUN(signs_of_bulk);
    RUN(sending_service_by_header);
    RUN(identity_by_links_to_the_senders_brand);
    RUN(one_verdict_for_the_unsubscribe_footer);
    RUN(requirements_apply_from_their_dates);
    RUN(tracker_hosts);
    RUN(postal_address_search_at_its_limit);
    RUN(cjk_postal_addresses);
    RUN(data_uri_image_at_100_kb);
    RUN(mass_recipients_at_their_limit);
    return TEST_DONE();
}

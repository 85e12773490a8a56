/*
 * rules_hygiene.c - link and image hygiene: what mail clients and filters
 * hold against the way links and images are built, and tracking, which is
 * normal in bulk mail and a sign of automation in a personal letter.
 *
 * Takes: the links and images the HTML stage found (lsc__html of every
 * HTML body part) and the bulk helper (bulk.h).  Gives:
 * TRACKING_ONE_TO_ONE (an open-tracking pixel or a click-tracking link in
 * a letter that presents itself as personal), LINK_HTTP_MIXED (plain
 * http: links among https: ones), LINK_PLACEHOLDER (javascript:, "#" and
 * empty links), IMAGES_NO_ALT (pictures without alt text or size in a
 * letter made of pictures), IMAGE_DATA_URI_LARGE (an inline data: image
 * over 100 KB) and MANY_IMAGES (more than ten pictures).
 * Limits: at most LSC__BULK_MAX_ITEMS links and images are read per part (the
 * HTML stage has its own limits below that), HYG_MAX_EVIDENCE pieces of
 * evidence per hit, HYG_MAX_QUOTE bytes of a data: URI quoted.
 */
#include <string.h>

#include "rules/bulk.h"

#define HYG_MAX_EVIDENCE 5
#define HYG_MAX_QUOTE 80
#define HYG_MAX_HOST 255
/* Pictures from which a letter is made of them (and their size matters). */
#define IMG_HEAVY_MIN 3
#define IMG_HEAVY_WORDS_PER_IMAGE 100
/* Pictures a letter may carry before it reads as a catalogue (the
 * newsletter layout of bulk.h). */
#define MANY_IMAGES_MAX LSC__BULK_LAYOUT_PICTURES
#define MANY_IMAGES_FULL 30
/* https: links that make the rest of a letter's links a mixture. */
#define MIXED_MIN_HTTPS 2

/* Open- and click-tracking hosts of well-known services (their public
 * documentation): the host itself or any subdomain of it. */
static const char *const tracker_hosts[][2] = {
    { "mailtrack.io", "Mailtrack" }, { "mltrk.io", "Mailtrack" },
    { "yesware.com", "Yesware" },
    { "mailfoogae.appspot.com", "Streak" },
    { "hubspotlinks.com", "HubSpot" }, { "hubspotemail.net", "HubSpot" },
    { "list-manage.com", "Mailchimp" },
    { "sendgrid.net", "SendGrid" },
    { "mandrillapp.com", "Mandrill" },
    { "rs6.net", "Constant Contact" },
    { "createsend.com", "Campaign Monitor" },
    { "createsend1.com", "Campaign Monitor" },
    { "awstrack.me", "Amazon SES" },
    { "pstmrk.it", "Postmark" },
    { "mjt.lu", "Mailjet" },
    { "klclick.com", "Klaviyo" }, { "klclick1.com", "Klaviyo" },
    { "sparkpostmail.com", "SparkPost" }, { "spgo.io", "SparkPost" },
    { "mlsend.com", "MailerLite" },
    { "exct.net", "Salesforce Marketing Cloud" },
    { "mixmax.com", "Mixmax" },
    { "getmailspring.com", "Mailspring" },
    { "bl-1.com", "Bananatag" },
    { "mailgun.org", "Mailgun" },
};

const char *lsc__tracker_host(const char *host)
{
    size_t i, n;
    if (!host)
        return NULL;
    n = strlen(host);
    /* HubSpot's Sidekick pixels: t.sidekickopen01.com ... */
    if (strstr(host, "sidekickopen"))
        return "HubSpot";
    for (i = 0; i < LSC__COUNT(tracker_hosts); i++) {
        const char *t = tracker_hosts[i][0];
        size_t k = strlen(t);
        if (n == k ? strcmp(host, t) == 0
                   : n > k && host[n - k - 1] == '.' &&
                         strcmp(host + n - k, t) == 0)
            return tracker_hosts[i][1];
    }
    return NULL;
}

static const char *skip_ws(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    return s;
}

static int is_http(const lsc__link *l)
{
    return lsc__ncasecmp(skip_ws(l->href), "http://", 7) == 0;
}

/* The lower-case host of an http(s): or protocol-relative image source
 * into buf, or NULL. */
static const char *src_host(const char *src, char *buf, size_t size)
{
    const char *s = skip_ws(src);
    size_t n = 0;
    if (lsc__ncasecmp(s, "http://", 7) == 0)
        s += 7;
    else if (lsc__ncasecmp(s, "https://", 8) == 0)
        s += 8;
    else if (s[0] == '/' && s[1] == '/')
        s += 2;
    else
        return NULL;
    while (s[n] && s[n] != '/' && s[n] != '?' && s[n] != '#' && s[n] != ':' &&
           s[n] != '\\' && n + 1 < size) {
        char ch = s[n];
        buf[n] = (ch >= 'A' && ch <= 'Z') ? (char)(ch + 32) : ch;
        n++;
    }
    buf[n] = '\0';
    return n ? buf : NULL;
}

/* Bytes of s to quote: at most HYG_MAX_QUOTE, cut at a character. */
static size_t quote_len(const char *s)
{
    size_t n = strlen(s);
    if (n > HYG_MAX_QUOTE) {
        n = HYG_MAX_QUOTE;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    return n;
}

static int link_ev(lsc__ctx *c, lsc__hit *h, size_t part, const char *s)
{
    return lsc__evidence_text(c, h, LSC_WHERE_LINK, part, s, quote_len(s)) ==
                   LSC_ENOMEM ? LSC_ENOMEM : 0;
}

/* Evidence for a picture: its address, about the message (no link). */
static int image_ev(lsc__ctx *c, lsc__hit *h, size_t part, const char *src)
{
    return lsc__evidence_text(c, h, LSC_WHERE_MESSAGE, part, src,
                              quote_len(src)) == LSC_ENOMEM ? LSC_ENOMEM : 0;
}

/* ---- TRACKING_ONE_TO_ONE ---- */

int lsc__rule_tracking_one_to_one(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    const char *pix = NULL, *pix_svc = NULL, *lnk = NULL, *lnk_svc = NULL;
    size_t pixels = 0, links = 0, pix_part = 0, lnk_part = 0;
    char buf[HYG_MAX_HOST + 1];
    lsc__bulk_walk w = { 0, 0 };
    const lsc__image *im;
    const lsc__link *l;
    lsc__bulk b;
    lsc__hit *h;
    lsc__bulk_read(c, &b);
    if (lsc__bulk_looks(&b))
        return 0;
    while ((im = lsc__bulk_next_image(m, &w)) != NULL) {
        const char *svc = lsc__tracker_host(src_host(im->src, buf, sizeof buf));
        if (!svc && !(im->flags & LSC__IMG_TRACKER))
            continue;
        if (!pix || (svc && !pix_svc)) {
            pix = im->src;
            pix_svc = svc;
            pix_part = w.part;
        }
        pixels++;
    }
    memset(&w, 0, sizeof w);
    while ((l = lsc__bulk_next_link(m, &w)) != NULL) {
        const char *svc = lsc__tracker_host(l->host);
        if (!svc)
            continue;
        if (!lnk) {
            lnk = l->href;
            lnk_svc = svc;
            lnk_part = w.part;
        }
        links++;
    }
    if (!pixels && !links)
        return 0;
    if (pixels)
        h = lsc__fire(c, 1.0, TRACKING_ONE_TO_ONE, pixels,
                      pix_svc ? pix_svc
                              : lsc__rule_word(c, LSC__TXT_TRACKER_UNKNOWN));
    else
        h = lsc__fire_as(c, 0.7, TRACKING_ONE_TO_ONE_LINK,
                         LSC__TXT_TRACKING_ONE_TO_ONE, links, lnk_svc);
    if (!h)
        return LSC_ENOMEM;
    if (pix && image_ev(c, h, pix_part, pix) != 0)
        return LSC_ENOMEM;
    if (lnk && link_ev(c, h, lnk_part, lnk) != 0)
        return LSC_ENOMEM;
    return 0;
}

/* ---- LINK_HTTP_MIXED, LINK_PLACEHOLDER ---- */

int lsc__rule_link_http_mixed(lsc__ctx *c)
{
    size_t http = 0, https = 0, shown = 0;
    lsc__bulk_walk w = { 0, 0 };
    const lsc__link *l;
    lsc__hit *h;
    while ((l = lsc__bulk_next_link(c->msg, &w)) != NULL) {
        if (lsc__ncasecmp(skip_ws(l->href), "https://", 8) == 0)
            https++;
        else if (is_http(l))
            http++;
    }
    if (!http || https < MIXED_MIN_HTTPS)
        return 0;
    h = lsc__fire(c, 0.5 + 0.5 * (double)http / (double)(http + https),
                  LINK_HTTP_MIXED, http, http + https);
    if (!h)
        return LSC_ENOMEM;
    memset(&w, 0, sizeof w);
    while (shown < HYG_MAX_EVIDENCE && (l = lsc__bulk_next_link(c->msg, &w)) != NULL) {
        if (!is_http(l))
            continue;
        if (link_ev(c, h, w.part, l->href) != 0)
            return LSC_ENOMEM;
        shown++;
    }
    return 0;
}

/* A link that leads nowhere: javascript:, a bare "#" or an empty target.
 * An in-page anchor ("#prices") is a real link. */
static int is_placeholder(const lsc__link *l)
{
    const char *s = skip_ws(l->href);
    if (l->flags & LSC__LINK_JAVASCRIPT)
        return 1;
    if (*s == '#')
        s = skip_ws(s + 1);
    return *s == '\0';
}

int lsc__rule_link_placeholder(lsc__ctx *c)
{
    size_t n = 0, shown = 0;
    lsc__bulk_walk w = { 0, 0 };
    const lsc__link *l;
    lsc__hit *h;
    while ((l = lsc__bulk_next_link(c->msg, &w)) != NULL)
        n += (size_t)is_placeholder(l);
    if (!n)
        return 0;
    h = lsc__fire(c, LSC__MIN(1.0, 0.5 + (double)n / 6.0), LINK_PLACEHOLDER, n);
    if (!h)
        return LSC_ENOMEM;
    memset(&w, 0, sizeof w);
    while (shown < HYG_MAX_EVIDENCE && (l = lsc__bulk_next_link(c->msg, &w)) != NULL) {
        if (!is_placeholder(l))
            continue;
        if (l->text_end > l->text_start &&
            lsc__evidence(c, h, LSC_WHERE_BODY, w.part, NULL, l->text_start,
                          l->text_end) == LSC_ENOMEM)
            return LSC_ENOMEM;
        shown++;
    }
    return 0;
}

/* ---- images ---- */

typedef struct img_count {
    size_t pictures;        /* is_picture */
    size_t bare;            /* of those, without alt or without any size */
    size_t big_data;        /* data: images over LSC__DATA_URI_MAX_BYTES */
    size_t big_bytes;       /* decoded bytes of the largest */
    const char *first_bare, *first_big;
} img_count;

/* Decoded bytes of a data: URI's payload (base64 or not); src may be cut,
 * its whole length is the HTML stage's src_len. */
static size_t data_uri_bytes(const lsc__image *im)
{
    const char *comma = strchr(im->src, ',');
    size_t head, n;
    if (!comma)
        return 0;
    head = (size_t)(comma + 1 - im->src);
    n = im->src_len > head ? im->src_len - head : 0;
    if (comma - im->src >= 7 && lsc__ncasecmp(comma - 7, ";base64", 7) == 0)
        return n / 4 * 3;
    return n;
}

static void count_images(const lsc__message *m, img_count *ic)
{
    lsc__bulk_walk w = { 0, 0 };
    const lsc__image *im;
    memset(ic, 0, sizeof *ic);
    while ((im = lsc__bulk_next_image(m, &w)) != NULL) {
        if (im->flags & LSC__IMG_DATA) {
            size_t b = data_uri_bytes(im);
            if (b > LSC__DATA_URI_MAX_BYTES) {
                ic->big_data++;
                if (b > ic->big_bytes) {
                    ic->big_bytes = b;
                    ic->first_big = im->src;
                }
            }
        }
        if (!lsc__bulk_is_picture(im))
            continue;
        ic->pictures++;
        if ((im->flags & LSC__IMG_NO_ALT) ||
            (im->width < 0 && im->height < 0)) {
            if (!ic->first_bare)
                ic->first_bare = im->src;
            ic->bare++;
        }
    }
}

int lsc__rule_images_no_alt(lsc__ctx *c)
{
    img_count ic;
    lsc__hit *h;
    size_t words = c->msg->totals.body.words;
    count_images(c->msg, &ic);
    if (ic.pictures < IMG_HEAVY_MIN ||
        words >= ic.pictures * IMG_HEAVY_WORDS_PER_IMAGE ||
        ic.bare * 2 < ic.pictures)
        return 0;
    h = lsc__fire(c, (double)ic.bare / (double)ic.pictures, IMAGES_NO_ALT,
                  ic.bare, ic.pictures);
    if (!h)
        return LSC_ENOMEM;
    return image_ev(c, h, 0, ic.first_bare);
}

int lsc__rule_image_data_uri_large(lsc__ctx *c)
{
    img_count ic;
    lsc__hit *h;
    count_images(c->msg, &ic);
    if (!ic.big_data)
        return 0;
    h = lsc__fire(c, 1.0, IMAGE_DATA_URI_LARGE, ic.big_data,
                  ic.big_bytes / 1024);
    if (!h)
        return LSC_ENOMEM;
    return image_ev(c, h, 0, ic.first_big);
}

int lsc__rule_many_images(lsc__ctx *c)
{
    img_count ic;
    count_images(c->msg, &ic);
    if (ic.pictures <= MANY_IMAGES_MAX)
        return 0;
    return lsc__fire(c, LSC__MIN(1.0, 0.5 + 0.5 *
                                 (double)(ic.pictures - MANY_IMAGES_MAX - 1) /
                                 (MANY_IMAGES_FULL - MANY_IMAGES_MAX)),
                     MANY_IMAGES, ic.pictures, (size_t)MANY_IMAGES_MAX)
               ? 0 : LSC_ENOMEM;
}

/*
 * rules_bulk.c - whether a message looks like bulk mail (the one helper,
 * bulk.h) and what bulk mail owes its readers since Gmail and Yahoo
 * (February 2024) and Outlook.com (May 2025) enforce it: a List-Unsubscribe
 * header, one-click unsubscription (RFC 8058), and for a commercial letter
 * the sender's postal address (CAN-SPAM, 15 U.S.C. 7704(a)(5)).
 *
 * Takes: top-level headers, recipients, phrase matches (text/phrases.c) and
 * the words of the shown parts.  Gives: BULK_NO_UNSUBSCRIBE,
 * BULK_NO_ONE_CLICK, BULK_NO_POSTAL_ADDRESS.
 * Limits: headers are read up to the MIME stage's limits; the postal
 * address search reads at most LSC__BULK_POSTAL_MAX_WORDS words (bulk.h).
 */
#include <string.h>

#include "rules/bulk.h"
#include "text/wordlist.h"

/* Weighted unsubscribe phrases that make a footer (as UNSUB_ONE_TO_ONE
 * has always counted them: one strong phrase or two weak ones). */
#define BULK_UNSUB_MIN 1.0
/* Weighted advertising and money phrases that make a letter commercial. */
#define BULK_PROMO_MIN 2.0
/* Words between a street word and its house number. */
#define POSTAL_NEAR 3

/* Headers that mailing services and campaign tools add (each service's
 * own documentation): a name, or a name prefix ending in '-'. */
/* A string with its length, for the tables compared at every header or
 * word. */
typedef struct lit {
    const char *s;
    size_t n;
} lit;
#define S(str) { str, sizeof str - 1 }

static const lit esp_headers[] = {
    S("X-Mailgun-"),          /* Mailgun */
    S("X-SG-EID"), S("X-SG-ID"), /* SendGrid */
    S("X-SES-Outgoing"),      /* Amazon SES */
    S("X-MC-User"), S("X-Mandrill-User"), /* Mailchimp, Mandrill */
    S("X-Campaign"), S("X-CampaignID"), S("X-Campaign-Id"), S("X-Campaign-"),
    S("X-Mailjet-Campaign"), S("X-MJ-"),   /* Mailjet */
    S("X-Mailin-Campaign"), S("X-Mailin-Client"), /* Brevo (Sendinblue) */
    S("X-CSA-Complaints"),    /* Certified Senders Alliance members */
    S("X-SFMC-Stack"), S("X-Job"), /* Salesforce Marketing Cloud */
    S("X-rpcampaign"),        /* Validity Return Path */
    S("X-Mailer-RecptId"), S("X-Mailer-SID"), /* ActiveCampaign, Acoustic */
    S("X-Listmember"), S("X-List-Unsubscribe"),
};

/* X-Mailer values of mass-mailing programs and services. */
static const char *const esp_mailers[] = {
    "mailchimp", "phplist", "sendblaster", "atomic mail sender",
    "group mail", "sendy", "mailwizz", "interspire", "oempro", "acelle",
    "mass mail", "massmail", "bulk mail", "bulkmail", "ymlp", "mailerlite",
    "getresponse", "constant contact", "campaign monitor", "newsletter",
    "accucast", "lyris", "listmanager", "listserv", "majordomo", "mailman",
    "ezmlm", "exacttarget", "responsys", "strongmail", "messagemedia",
    "e-dialog", "digital impact", "kenshoo", "mailking", "worldmerge",
    "infacta", "gammadyne", "arial software", "campaign enterprise",
};

int lsc__bulk_rule_applies(const lsc__message *m, int64_t since)
{
    const lsc__header *date = lsc__msg_header(m, "Date");
    int ok = 0;
    int64_t t;
    if (!date || !date->value)
        return 1;
    t = lsc__rfc5322_time(date->value, &ok);
    return !ok || t >= since;
}

int lsc__bulk_is_picture(const lsc__image *im)
{
    return !(im->flags & (LSC__IMG_TRACKER | LSC__IMG_HIDDEN)) &&
           !(im->width >= 0 && im->width <= 20 && im->height >= 0 &&
             im->height <= 20);
}

int lsc__bulk_is_html_body(const lsc__part *p)
{
    return p->html.parsed && (p->pub.flags & LSC_PART_TEXT) &&
           !(p->pub.flags & LSC_PART_ATTACHMENT);
}

const lsc__link *lsc__bulk_next_link(const lsc__message *m, lsc__bulk_walk *w)
{
    while (w->part < m->n_parts) {
        const lsc__part *p = m->parts[w->part];
        if (lsc__bulk_is_html_body(p) && w->k < p->html.n_links &&
            w->k < LSC__BULK_MAX_ITEMS)
            return &p->html.links[w->k++];
        w->part++;
        w->k = 0;
    }
    return NULL;
}

const lsc__image *lsc__bulk_next_image(const lsc__message *m,
                                       lsc__bulk_walk *w)
{
    while (w->part < m->n_parts) {
        const lsc__part *p = m->parts[w->part];
        if (lsc__bulk_is_html_body(p) && w->k < p->html.n_images &&
            w->k < LSC__BULK_MAX_ITEMS)
            return &p->html.images[w->k++];
        w->part++;
        w->k = 0;
    }
    return NULL;
}

/* More pictures or links than a letter has: a newsletter's layout. */
static int newsletter_layout(const lsc__message *m)
{
    size_t pictures = 0, links = 0;
    lsc__bulk_walk w = { 0, 0 };
    const lsc__image *im;
    while (lsc__bulk_next_link(m, &w))
        links++;
    memset(&w, 0, sizeof w);
    while ((im = lsc__bulk_next_image(m, &w)) != NULL)
        pictures += (size_t)lsc__bulk_is_picture(im);
    return pictures > LSC__BULK_LAYOUT_PICTURES ||
           links >= LSC__BULK_LAYOUT_LINKS;
}

static int header_is_esp(const lsc__header *hd)
{
    size_t i;
    /* every name of esp_headers opens with "X-" */
    int x_dash = hd->name_len > 2 && (hd->name[0] | 0x20) == 'x' &&
                 hd->name[1] == '-';
    for (i = 0; x_dash && i < LSC__COUNT(esp_headers); i++) {
        const char *e = esp_headers[i].s;
        size_t k = esp_headers[i].n;
        if (e[k - 1] == '-' ? (hd->name_len > k &&
                               lsc__ncasecmp(hd->name, e, k) == 0)
                            : (hd->name_len == k &&
                               lsc__ncasecmp(hd->name, e, k) == 0))
            return 1;
    }
    if (hd->value && (lsc__casecmp(hd->name, "X-Mailer") == 0 ||
                      lsc__casecmp(hd->name, "User-Agent") == 0)) {
        char low[256];
        size_t n = hd->value_len;
        /* every name of esp_mailers is lower case: the value is lowered
         * once and searched by strstr, unless it is long or holds a NUL */
        if (n < sizeof low && !memchr(hd->value, '\0', n)) {
            for (i = 0; i < n; i++)
                low[i] = (char)lsc__lower_ascii((unsigned char)hd->value[i]);
            low[n] = '\0';
            for (i = 0; i < LSC__COUNT(esp_mailers); i++)
                if (strstr(low, esp_mailers[i]))
                    return 1;
            return 0;
        }
        for (i = 0; i < LSC__COUNT(esp_mailers); i++) {
            const char *e = esp_mailers[i];
            size_t k = strlen(e), j;
            /* a first byte that differs settles a position without the
             * call */
            for (j = 0; j + k <= n; j++)
                if (lsc__lower_ascii((unsigned char)hd->value[j]) == e[0] &&
                    lsc__ncasecmp(hd->value + j, e, k) == 0)
                    return 1;
        }
    }
    return 0;
}

static void bulk_read(const lsc__message *m, lsc__bulk *b)
{
    const lsc__header *p = lsc__msg_header(m, "Precedence");
    double promo = 0;
    size_t i;

    memset(b, 0, sizeof *b);
    b->lu = lsc__msg_header(m, "List-Unsubscribe");
    if (b->lu || lsc__msg_header(m, "List-Id") ||
        lsc__msg_header(m, "List-Post"))
        b->why |= LSC__BULK_LIST_HEADER;
    if (p && p->value) {
        const char *v = p->value;
        while (*v == ' ' || *v == '\t')
            v++;
        if (lsc__ncasecmp(v, "bulk", 4) == 0 ||
            lsc__ncasecmp(v, "list", 4) == 0 ||
            lsc__ncasecmp(v, "junk", 4) == 0)
            b->why |= LSC__BULK_PRECEDENCE;
    }
    for (i = 0; i < m->n_headers; i++)
        if (header_is_esp(&m->headers[i])) {
            b->why |= LSC__BULK_ESP;
            b->esp = &m->headers[i];
            break;
        }
    b->rcpt = m->to.n + m->cc.n + m->bcc.n;
    if (b->rcpt > LSC__ONE_TO_ONE_MAX_RCPT)
        b->why |= LSC__BULK_RCPT;
    if (b->rcpt >= LSC__BULK_MASS_RCPT_MIN)
        b->why |= LSC__BULK_MASS_RCPT;
    if (m->wording) {
        const struct lsc__wording *w = m->wording;
        for (i = 0; i < w->n; i++) {
            if (w->m[i].dropped)
                continue;
            if (w->m[i].cat == LSC__WL_UNSUBSCRIBE)
                b->unsub_weight += w->m[i].weight;
            else if (w->m[i].cat == LSC__WL_PROMO ||
                     w->m[i].cat == LSC__WL_MONEY)
                promo += w->m[i].weight;
        }
    }
    if (b->unsub_weight >= BULK_UNSUB_MIN)
        b->why |= LSC__BULK_UNSUB_WORDS;
    if (promo >= BULK_PROMO_MIN)
        b->why |= LSC__BULK_PROMO_WORDS;
    if (newsletter_layout(m))
        b->why |= LSC__BULK_LAYOUT;
}

void lsc__bulk_read(lsc__ctx *c, lsc__bulk *b)
{
    if (c->bulk) {
        *b = *c->bulk;
        return;
    }
    bulk_read(c->msg, b);
    /* without memory for the copy each rule reads them again */
    c->bulk = lsc__arena_alloc(c->ar, sizeof *c->bulk);
    if (c->bulk)
        *c->bulk = *b;
}

/* ---- BULK_NO_UNSUBSCRIBE ---- */

/* Bulk that owes a List-Unsubscribe header: sent to a mass of recipients,
 * or sent through a mailing service, a list or as Precedence: bulk and
 * written as a subscription or an advertisement.  A notification through
 * a mailing service with neither (a receipt, a password reset) owes none;
 * unsubscribe wording in a letter sent as a personal one is
 * UNSUB_ONE_TO_ONE's case, not this one. */
int lsc__rule_bulk_no_unsubscribe(lsc__ctx *c)
{
    lsc__bulk b;
    lsc__hit *h;
    const char *why;
    lsc__bulk_read(c, &b);
    if (b.lu || !lsc__bulk_rule_applies(c->msg, LSC__BULK_RULES_SINCE))
        return 0;
    if (b.why & LSC__BULK_MASS_RCPT) {
        h = lsc__fire(c, 1.0, BULK_NO_UNSUBSCRIBE, b.rcpt);
        return h ? 0 : LSC_ENOMEM;
    }
    if (!(b.why & (LSC__BULK_ESP | LSC__BULK_PRECEDENCE |
                   LSC__BULK_LIST_HEADER)) ||
        !(b.why & (LSC__BULK_UNSUB_WORDS | LSC__BULK_PROMO_WORDS)))
        return 0;
    why = b.esp ? b.esp->name
          : (b.why & LSC__BULK_PRECEDENCE) ? "Precedence"
          : lsc__msg_header(c->msg, "List-Id") ? "List-Id" : "List-Post";
    h = lsc__fire_as(c, 1.0, BULK_NO_UNSUBSCRIBE_SENT,
                     LSC__TXT_BULK_NO_UNSUBSCRIBE, why);
    if (!h)
        return LSC_ENOMEM;
    if (b.esp && b.esp->value)
        return lsc__evidence(c, h, LSC_WHERE_HEADER, 0, b.esp->name, 0,
                             b.esp->value_len) == LSC_ENOMEM ? LSC_ENOMEM : 0;
    return 0;
}

/* ---- BULK_NO_ONE_CLICK ---- */

/* An https: URI among the <...> of a List-Unsubscribe value. */
static int lu_has_https(const char *v, size_t n)
{
    size_t i;
    for (i = 0; i + 9 <= n; i++)
        if (v[i] == '<' && lsc__ncasecmp(v + i + 1, "https://", 8) == 0)
            return 1;
    return 0;
}

static int post_is_one_click(const lsc__header *p)
{
    const char *v;
    if (!p || !p->value)
        return 0;
    v = p->value;
    while (*v == ' ' || *v == '\t')
        v++;
    return lsc__ncasecmp(v, "List-Unsubscribe=One-Click", 26) == 0;
}

int lsc__rule_bulk_no_one_click(lsc__ctx *c)
{
    const lsc__header *post;
    lsc__hit *h;
    int https, one_click;
    lsc__bulk b;
    lsc__bulk_read(c, &b);
    if (!b.lu || !b.lu->value)
        return 0;
    if (!lsc__bulk_rule_applies(c->msg, LSC__BULK_RULES_SINCE))
        return 0;
    post = lsc__msg_header(c->msg, "List-Unsubscribe-Post");
    https = lu_has_https(b.lu->value, b.lu->value_len);
    one_click = post_is_one_click(post);
    if (https && one_click)
        return 0;
    /* RFC 8058 needs both; a mailto: address alone makes the reader's
     * provider send a mail for them, which the 2024 rules do not accept. */
    if (!https)
        h = lsc__fire_as(c, 1.0, BULK_NO_ONE_CLICK_MAILTO,
                         LSC__TXT_BULK_NO_ONE_CLICK);
    else
        h = lsc__fire(c, 0.7, BULK_NO_ONE_CLICK);
    if (!h)
        return LSC_ENOMEM;
    return lsc__evidence(c, h, LSC_WHERE_HEADER, 0, b.lu->name, 0,
                         b.lu->value_len) == LSC_ENOMEM ? LSC_ENOMEM : 0;
}

/* ---- BULK_NO_POSTAL_ADDRESS ---- */

/* Words that name a street, a box or a floor in an address line, folded
 * (the text stage's norm): a house number near one makes an address. */
static const char *const street_words[] = {
    "street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd",
    "suite", "ste", "floor", "lane", "ln", "drive", "dr", "way", "court",
    "place", "plaza", "highway", "hwy", "parkway", "pkwy", "box",
    "strasse", "straße", "str", "weg", "platz", "allee", "gasse",
    "calle", "avenida", "rue", "via", "piazza", "laan", "straat", "ul",
    "улица", "ул", "дом", "д",
};

/* Characters that mark an address in CJK text: 路/街/号/號 with a number,
 * the Japanese postal mark and 丁目. */
static int cjk_address(const char *t, size_t n)
{
    static const char *const marks[] = { "〒", "丁目", "号楼", "號樓" };
    static const char *const roads[] = { "路", "街", "道" };
    size_t i, k;
    const char *c;
    /* every mark and road is past ASCII: an ASCII text has none, and
     * elsewhere each is compared only where its first byte is */
    if (lsc__ascii_run(t, n) == n)
        return 0;
    for (k = 0; k < LSC__COUNT(marks); k++) {
        size_t ml = strlen(marks[k]);
        for (c = memchr(t, marks[k][0], n); c;
             c = memchr(c + 1, marks[k][0], n - (size_t)(c + 1 - t)))
            if ((size_t)(c - t) + ml <= n && memcmp(c, marks[k], ml) == 0)
                return 1;
    }
    /* a road name followed by a number and 号/號 */
    for (k = 0; k < LSC__COUNT(roads); k++) {
        size_t rl = strlen(roads[k]);
        for (c = memchr(t, roads[k][0], n); c;
             c = memchr(c + 1, roads[k][0], n - (size_t)(c + 1 - t))) {
            size_t j, d = 0;
            i = (size_t)(c - t);
            j = i + rl;
            if (i + rl > n || memcmp(t + i, roads[k], rl) != 0)
                continue;
            while (j < n && t[j] >= '0' && t[j] <= '9')
                j++, d++;
            if (d && j + 3 <= n && (memcmp(t + j, "号", 3) == 0 ||
                                    memcmp(t + j, "號", 3) == 0))
                return 1;
        }
    }
    return 0;
}

/* Endings of German and Dutch street names, written as one word with
 * the name (Musterstraße, Hauptweg, Kerkstraat). */
static const lit street_endings[] = {
    S("straße"), S("strasse"), S("weg"), S("platz"), S("allee"), S("gasse"),
    S("damm"), S("ring"), S("straat"), S("laan"), S("gracht"), S("plein"),
    S("kade"),
};

static int is_street_word(const lsc__word *w)
{
    size_t i, n = w->norm_len;
    /* the first byte settles most words without the call */
    for (i = 0; i < LSC__COUNT(street_words); i++)
        if (w->norm[0] == street_words[i][0] &&
            strcmp(w->norm, street_words[i]) == 0)
            return 1;
    for (i = 0; i < LSC__COUNT(street_endings); i++) {
        size_t k = street_endings[i].n;
        if (n > k + 2 && memcmp(w->norm + n - k, street_endings[i].s, k) == 0)
            return 1;
    }
    return 0;
}

/* Two upper-case letters then five digits: a US state and ZIP code. */
static int state_zip(const char *t, const lsc__word *a, const lsc__word *b)
{
    size_t i;
    if (a->end - a->start != 2 || b->end - b->start < 5)
        return 0;
    if (!(t[a->start] >= 'A' && t[a->start] <= 'Z' &&
          t[a->start + 1] >= 'A' && t[a->start + 1] <= 'Z'))
        return 0;
    for (i = b->start; i < b->start + 5; i++)
        if (t[i] < '0' || t[i] > '9')
            return 0;
    return b->end - b->start == 5 || t[b->start + 5] == '-';
}

static int same_line(const char *t, size_t a, size_t b)
{
    return memchr(t + a, '\n', b - a) == NULL;
}

/* Whether the shown text holds something that reads as a postal address. */
static int has_postal_address(const lsc__message *m)
{
    size_t p, read = 0;
    for (p = 0; p < m->n_parts; p++) {
        const lsc__part *pt = m->parts[p];
        const lsc__text *tx = &pt->text;
        const char *t = pt->pub.text;
        size_t i;
        if (!pt->shown || !t)
            continue;
        if (cjk_address(t, pt->pub.text_bytes))
            return 1;
        for (i = 0; i < tx->n_words && read < LSC__BULK_POSTAL_MAX_WORDS;
             i++, read++) {
            const lsc__word *w = &tx->words[i];
            size_t lo, hi, j;
            if (i + 1 < tx->n_words && state_zip(t, w, &tx->words[i + 1]))
                return 1;
            if (!w->norm || !is_street_word(w))
                continue;
            lo = i > POSTAL_NEAR ? i - POSTAL_NEAR : 0;
            hi = LSC__MIN(tx->n_words, i + POSTAL_NEAR + 1);
            for (j = lo; j < hi; j++) {
                const lsc__word *d = &tx->words[j];
                if (j == i || !(d->flags & LSC__W_DIGITS))
                    continue;
                if (same_line(t, LSC__MIN(d->start, w->start),
                              LSC__MAX(d->end, w->end)))
                    return 1;
            }
        }
    }
    return 0;
}

/* A commercial letter sent or written as bulk must give the sender's
 * valid physical postal address (CAN-SPAM); mail that names none reads
 * as the anonymous kind. */
int lsc__rule_bulk_no_postal_address(lsc__ctx *c)
{
    lsc__bulk b;
    lsc__bulk_read(c, &b);
    if (!lsc__bulk_looks(&b) || !(b.why & LSC__BULK_PROMO_WORDS) ||
        !lsc__bulk_rule_applies(c->msg, LSC__CAN_SPAM_SINCE) ||
        has_postal_address(c->msg))
        return 0;
    return lsc__fire(c, 1.0, BULK_NO_POSTAL_ADDRESS) ? 0 : LSC_ENOMEM;
}

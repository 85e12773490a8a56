/*
 * rules_construct.c - how the message is built and who it goes to:
 * headers a composer (or, for delivered mail, the sending server) must
 * set, From/Reply-To tricks, a fake "Re:", undeclared 8-bit text,
 * needless encodings, over-long lines, a missing or blank subject.  The
 * recipient list is judged in
 * rules_rcpt.c.
 *
 * Takes: the top-level headers and the addresses mime.c parsed, the
 * message and part flags, the scoring mode.  Gives: hits with evidence
 * spans into the header or subject they quote.  Draft mode does not
 * expect Date and Message-ID (the sending server adds them); it still
 * judges them when the composer set them wrong.
 *
 * Limits: every loop runs over the parsed addresses (at most
 * LSC__MAX_ADDRESSES per header) or headers (max_headers); evidence is
 * capped at CONSTRUCT_MAX_EVIDENCE spans per hit.
 */
#include <stdio.h>
#include <stdlib.h>

#include "base/domain.h"
#include "mime/mime.h"
#include "rules/construct.h"

#define DATE_FUTURE_SLACK (24 * 3600)        /* clocks and time zones */
#define MAX_LINE 998                         /* RFC 5322 2.1.1 */

/* ---- helpers ---- */

const lsc__header *lsc__construct_hdr(const lsc__ctx *c, const char *name)
{
    return lsc__msg_header(c->msg, name);
}

/* Models built by hand (tests, the draft API) may leave raw or value
 * NULL; rules read them through these. */
static const char *hval(const lsc__header *x)
{
    return x->value ? x->value : x->raw ? x->raw : "";
}

static const char *hraw(const lsc__header *x)
{
    return x->raw ? x->raw : hval(x);
}

const char *lsc__construct_adom(const lsc__address *a)
{
    return a->domain ? a->domain : "";
}

const char *lsc__construct_aaddr(const lsc__address *a)
{
    return a->addr ? a->addr : "";
}

/* s as valid UTF-8 (models from the draft API may hold raw bytes); NULL
 * only when out of memory. */
const char *lsc__construct_safe(lsc__ctx *c, const char *s)
{
    lsc__buf b;
    if (lsc__utf8_valid(s, strlen(s)))
        return s;
    lsc__buf_init(&b, c->ar);
    if (lsc__utf8_sanitize(&b, s, strlen(s), NULL) != 0)
        return NULL;
    return lsc__buf_finish(&b);
}

static size_t hdr_count(const lsc__ctx *c, const char *name)
{
    size_t i, n = 0;
    for (i = 0; i < c->msg->n_headers; i++)
        n += lsc__casecmp(c->msg->headers[i].name, name) == 0;
    return n;
}

/* Evidence: the span of `needle` in the first header `name`, else the
 * needle as text. */
int lsc__construct_ev_in_header(lsc__ctx *c, lsc__hit *h, const char *name,
                        const char *needle)
{
    const lsc__header *x = lsc__construct_hdr(c, name);
    const char *at;
    /* Header values are UTF-8; a raw needle could match inside a U+FFFD. */
    if (needle && !(needle = lsc__construct_safe(c, needle)))
        return LSC_ENOMEM;
    if (x && needle && *needle && (at = strstr(hval(x), needle)) != NULL)
        return lsc__evidence(c, h, LSC_WHERE_HEADER, 0, name,
                             (size_t)(at - hval(x)),
                             (size_t)(at - hval(x)) + strlen(needle));
    if (x && (!needle || !*needle))
        return lsc__evidence(c, h, LSC_WHERE_HEADER, 0, name, 0, strlen(hval(x)));
    needle = needle ? needle : "";
    return lsc__evidence_text(c, h, LSC_WHERE_MESSAGE, 0, needle,
                              strlen(needle));
}

static int is_space(int ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* ---- Date (RFC 5322 3.3, obsolete forms 4.3 accepted) ---- */

static int month_of(const char *s)
{
    static const char *const m[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                    "jul", "aug", "sep", "oct", "nov", "dec"};
    int i;
    for (i = 0; i < 12; i++)
        if (lsc__ncasecmp(s, m[i], 3) == 0)
            return i + 1;
    return 0;
}

static int64_t days_from_civil(int64_t y, int m, int d)
{
    int64_t era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static const char *skip_cfws(const char *p)
{
    for (;;) {
        while (is_space((unsigned char)*p))
            p++;
        if (*p != '(')
            return p;
        {
            int depth = 0;
            do {
                if (*p == '(')
                    depth++;
                else if (*p == ')')
                    depth--;
                p++;
            } while (*p && depth > 0);
        }
    }
}

static int digits(const char **pp, int min, int max, int *out)
{
    const char *p = *pp;
    int n = 0, v = 0;
    while (*p >= '0' && *p <= '9' && n < max) {
        v = v * 10 + (*p - '0');
        p++;
        n++;
    }
    if (n < min || (*p >= '0' && *p <= '9'))
        return 0;
    *out = v;
    *pp = p;
    return 1;
}

/* Seconds since the epoch, or 0 with *ok = 0 when not a date-time. */
int64_t lsc__rfc5322_time(const char *s, int *ok)
{
    const char *p = skip_cfws(s);
    int day, mon, year, hh, mm, ss = 0, zone = 0;
    *ok = 0;
    if (((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))) {
        /* day-name is one of seven three-letter names (RFC 5322 3.3):
         * "Tuesday," and "Tues," are what hand-made senders write */
        static const char days[] = "MonTueWedThuFriSatSun";
        const char *d0 = p;
        size_t k;
        while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
            p++;
        if (p - d0 != 3)
            return 0;
        for (k = 0; k < 7 && lsc__ncasecmp(d0, days + 3 * k, 3) != 0; k++)
            ;
        if (k == 7)
            return 0;
        p = skip_cfws(p);
        if (*p != ',')
            return 0;
        p = skip_cfws(p + 1);
    }
    if (!digits(&p, 1, 2, &day) || day < 1 || day > 31)
        return 0;
    p = skip_cfws(p);
    if (!(mon = month_of(p)))
        return 0;
    p += 3;
    p = skip_cfws(p);
    if (!digits(&p, 2, 4, &year))
        return 0;
    if (year < 50)
        year += 2000;
    else if (year < 1000)
        year += 1900;
    p = skip_cfws(p);
    if (!digits(&p, 1, 2, &hh) || hh > 23)
        return 0;
    p = skip_cfws(p);
    if (*p != ':')
        return 0;
    p = skip_cfws(p + 1);
    if (!digits(&p, 2, 2, &mm) || mm > 59)
        return 0;
    p = skip_cfws(p);
    if (*p == ':') {
        p = skip_cfws(p + 1);
        if (!digits(&p, 2, 2, &ss) || ss > 60)
            return 0;
    }
    p = skip_cfws(p);
    if (*p == '+' || *p == '-') {
        int z, sign = *p == '-' ? -1 : 1;
        p++;
        if (!digits(&p, 4, 4, &z) || z % 100 > 59)
            return 0;
        zone = sign * ((z / 100) * 3600 + (z % 100) * 60);
    } else if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
        /* obsolete alphabetic zones: read as UTC, close enough */
        while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
            p++;
    } else {
        return 0;
    }
    p = skip_cfws(p);
    if (*p)
        return 0;
    *ok = 1;
    return days_from_civil(year, mon, day) * 86400 + hh * 3600 + mm * 60 +
           ss - zone;
}

int lsc__rule_date(lsc__ctx *c)
{
    const lsc__header *d = lsc__construct_hdr(c, "Date");
    lsc__hit *h;
    int ok = 0;
    int64_t t;
    if (!d) {
        if (c->mode != LSC_MODE_SENT)
            return 0;
        h = lsc__fire(c, 1.0, DATE_MISSING_OR_BAD);
        if (!h)
            return LSC_ENOMEM;
        return lsc__evidence_text(c, h, LSC_WHERE_MESSAGE, 0, "Date", 4);
    }
    t = lsc__rfc5322_time(hval(d), &ok);
    if (!ok) {
        h = lsc__fire(c, 1.0, DATE_MISSING_OR_BAD_2,
                      lsc__construct_safe(c, hval(d)));
        if (!h)
            return LSC_ENOMEM;
        return lsc__construct_ev_in_header(c, h, "Date", NULL);
    }
    if (t > c->now + DATE_FUTURE_SLACK) {
        long hours = (long)((t - c->now) / 3600);
        h = lsc__fire(c, LSC__MIN(1.0, 0.5 + hours / 48.0), DATE_MISSING_OR_BAD_3,
                      hours);
        if (!h)
            return LSC_ENOMEM;
        return lsc__construct_ev_in_header(c, h, "Date", NULL);
    }
    return 0;
}

/* ---- Message-ID (RFC 5322 3.6.4) ---- */

static int msgid_ok(const char *v)
{
    const char *p = v, *at = NULL;
    size_t n;
    while (is_space((unsigned char)*p))
        p++;
    n = strlen(p);
    while (n && is_space((unsigned char)p[n - 1]))
        n--;
    if (n < 5 || p[0] != '<' || p[n - 1] != '>')
        return 0;
    for (size_t i = 1; i + 1 < n; i++) {
        unsigned char ch = (unsigned char)p[i];
        unsigned cp;
        size_t l;
        /* RFC 6532 3.2: an internationalised id holds UTF-8 (a domain
         * in Unicode); ill-formed bytes are still no id */
        if (ch >= 0x80) {
            l = lsc__utf8_char((const unsigned char *)p + i, n - 1 - i, &cp);
            if (!l || cp < 0xA0)
                return 0;
            i += l - 1;
            continue;
        }
        if (ch <= ' ' || ch == '<' || ch == '>' || ch == 0x7f)
            return 0;
        if (ch == '@') {
            if (at)
                return 0;
            at = p + i;
        }
    }
    return at && at > p + 1 && at < p + n - 2;
}

int lsc__rule_msgid(lsc__ctx *c)
{
    const lsc__header *d = lsc__construct_hdr(c, "Message-ID");
    lsc__hit *h;
    if (!d) {
        if (c->mode != LSC_MODE_SENT)
            return 0;
        h = lsc__fire(c, 1.0, MESSAGE_ID_MISSING_OR_BAD);
        if (!h)
            return LSC_ENOMEM;
        return lsc__evidence_text(c, h, LSC_WHERE_MESSAGE, 0, "Message-ID", 10);
    }
    if (msgid_ok(hraw(d)))     /* the bytes as sent: 8-bit must be UTF-8 */
        return 0;
    h = lsc__fire(c, 1.0, MESSAGE_ID_MISSING_OR_BAD_2,
                  lsc__construct_safe(c, hval(d)));
    if (!h)
        return LSC_ENOMEM;
    return lsc__construct_ev_in_header(c, h, "Message-ID", NULL);
}

/* ---- From ---- */

int lsc__rule_from(lsc__ctx *c)
{
    const lsc__vec *v = &c->msg->from;
    const lsc__header *f = lsc__construct_hdr(c, "From");
    size_t i, n_from = hdr_count(c, "From");
    lsc__hit *h;
    if (!f) {
        /* a draft gets its From from the account when it is sent, as it
         * gets its Date and Message-ID; what the writer typed is checked */
        if (c->mode != LSC_MODE_SENT)
            return 0;
        h = lsc__fire(c, 1.0, FROM_MISSING_OR_BAD);
        if (!h)
            return LSC_ENOMEM;
        return lsc__evidence_text(c, h, LSC_WHERE_MESSAGE, 0, "From", 4);
    }
    if (n_from > 1) {
        h = lsc__fire(c, 1.0, FROM_MISSING_OR_BAD_2, n_from);
        if (!h)
            return LSC_ENOMEM;
        return lsc__construct_ev_in_header(c, h, "From", NULL);
    }
    for (i = 0; i < v->n; i++) {
        const lsc__address *a = &LSC__VEC_AT(v, lsc__address, i);
        if (a->header != (size_t)(f - c->msg->headers))
            continue;
        if (a->flags & LSC__ADDR_INVALID) {
            h = lsc__fire(c, 1.0, FROM_MISSING_OR_BAD_3, lsc__construct_safe(c, lsc__construct_aaddr(a)));
            if (!h)
                return LSC_ENOMEM;
            return lsc__construct_ev_in_header(c, h, "From", lsc__construct_aaddr(a));
        }
    }
    {
        /* RFC 5322 3.6.2 allows several authors only with a Sender;
         * SpamAssassin and Rspamd flag it either way, and a letter has
         * one sender */
        size_t mailboxes = 0;
        for (i = 0; i < v->n; i++)
            if (LSC__VEC_AT(v, lsc__address, i).header ==
                (size_t)(f - c->msg->headers))
                mailboxes++;
        if (mailboxes > 1) {
            h = lsc__fire(c, 1.0, FROM_MISSING_OR_BAD_5, mailboxes);
            if (!h)
                return LSC_ENOMEM;
            return lsc__construct_ev_in_header(c, h, "From", NULL);
        }
    }
    if (v->n == 0) {
        h = lsc__fire(c, 1.0, FROM_MISSING_OR_BAD_4, lsc__construct_safe(c, hval(f)));
        if (!h)
            return LSC_ENOMEM;
        return lsc__construct_ev_in_header(c, h, "From", NULL);
    }
    return 0;
}

/* An address-like word (x@y.z) in a display name. */
static const char *addr_in_text(const char *s, size_t *len)
{
    const char *at = strchr(s, '@');
    while (at) {
        const char *a = at, *b = at + 1;
        int dot = 0;
        while (a > s && !is_space((unsigned char)a[-1]) && a[-1] != '"' &&
               a[-1] != '<' && a[-1] != '(' && a[-1] != '\'')
            a--;
        while (*b && !is_space((unsigned char)*b) && *b != '"' && *b != '>' &&
               *b != ')' && *b != '\'') {
            dot |= *b == '.';
            b++;
        }
        while (b > at + 1 && (b[-1] == '.' || b[-1] == ','))
            b--;
        if (a < at && dot && b > at + 3) {
            *len = (size_t)(b - a);
            return a;
        }
        at = strchr(at + 1, '@');
    }
    return NULL;
}

int lsc__rule_from_name_addr(lsc__ctx *c)
{
    const lsc__vec *v = &c->msg->from;
    size_t i;
    for (i = 0; i < v->n; i++) {
        const lsc__address *a = &LSC__VEC_AT(v, lsc__address, i);
        const char *shown;
        size_t len;
        char *word;
        lsc__hit *h;
        if (!a->display || !(shown = addr_in_text(a->display, &len)))
            continue;
        word = lsc__arena_strndup(c->ar, shown, len);
        if (!word)
            return LSC_ENOMEM;
        if (lsc__casecmp(word, lsc__construct_aaddr(a)) == 0)
            continue;   /* "a@x.com <a@x.com>": redundant, not deceptive */
        h = lsc__fire(c, 1.0, FROM_NAME_HAS_ADDRESS,
                      lsc__construct_safe(c, word), lsc__construct_safe(c, lsc__construct_aaddr(a)));
        if (!h)
            return LSC_ENOMEM;
        return lsc__construct_ev_in_header(c, h, "From", word);
    }
    return 0;
}

/* ---- Reply-To ---- */

int lsc__rule_reply_to(lsc__ctx *c)
{
    const lsc__vec *f = &c->msg->from, *r = &c->msg->reply_to;
    const lsc__address *fa;
    size_t i;
    if (f->n == 0 || r->n == 0)
        return 0;
    /* a mailing list sets Reply-To to itself: that is no redirection */
    if (lsc__construct_hdr(c, "List-Id") || lsc__construct_hdr(c, "List-Post"))
        return 0;
    fa = &LSC__VEC_AT(f, lsc__address, 0);
    if (!*lsc__construct_adom(fa))
        return 0;
    for (i = 0; i < r->n; i++) {
        const lsc__address *ra = &LSC__VEC_AT(r, lsc__address, i);
        lsc__hit *h;
        size_t k;
        int to_rcpt = 0;
        if (!*lsc__construct_adom(ra) ||
            lsc__same_registrable(lsc__construct_adom(ra), lsc__construct_adom(fa)))
            continue;
        for (k = 0; k < c->msg->to.n + c->msg->cc.n && !to_rcpt; k++) {
            const lsc__address *x =
                k < c->msg->to.n ? &LSC__VEC_AT(&c->msg->to, lsc__address, k)
                                 : &LSC__VEC_AT(&c->msg->cc, lsc__address,
                                                k - c->msg->to.n);
            to_rcpt = lsc__casecmp(lsc__construct_aaddr(x), lsc__construct_aaddr(ra)) == 0;
        }
        if (to_rcpt)
            continue;   /* "reply to all of us": a group or list address */
        h = lsc__fire(c, 1.0, REPLY_TO_OTHER_DOMAIN,
                      lsc__construct_safe(c, lsc__construct_adom(fa)), lsc__construct_safe(c, lsc__construct_adom(ra)));
        if (!h)
            return LSC_ENOMEM;
        return lsc__construct_ev_in_header(c, h, "Reply-To", lsc__construct_aaddr(ra));
    }
    return 0;
}

/* ---- fake reply ---- */

/* Reply and forward prefixes in the languages mail clients write. */
static const char *const reply_prefix[] = {
    "re", "fw", "fwd", "aw", "wg", "sv", "vs", "antw", "rif", "r", "tr",
    "enc", "res", "odp", "doorst", "vl", "ynt", "bls",
    "回复", "回覆", "答复", "转发", "轉寄", "転送", "返信", "답장", "전달",
    "ответ", "пересл",
};

/* Length of a reply prefix at the start of s ("Re:", "RE[2]:", "回复："),
 * or 0. */
static size_t reply_prefix_len(const char *s)
{
    size_t i;
    while (is_space((unsigned char)*s))
        s++;
    for (i = 0; i < LSC__COUNT(reply_prefix); i++) {
        size_t l = strlen(reply_prefix[i]);
        const char *p = s + l;
        if (lsc__ncasecmp(s, reply_prefix[i], l) != 0)
            continue;
        if (*p == '[') {
            while (*p >= '0' && *p <= '9' ? 1 : *p == '[')
                p++;
            if (*p != ']')
                continue;
            p++;
        }
        while (*p == ' ')
            p++;
        if (*p == ':')
            return (size_t)(p + 1 - s);
        if (strncmp(p, "\xef\xbc\x9a", 3) == 0)    /* full-width colon */
            return (size_t)(p + 3 - s);
    }
    return 0;
}

int lsc__rule_fake_reply(lsc__ctx *c)
{
    const char *s = c->msg->subject;
    size_t lead = 0, plen;
    lsc__hit *h;
    /* Outlook threads by Thread-Index and may omit In-Reply-To */
    if (lsc__construct_hdr(c, "In-Reply-To") || lsc__construct_hdr(c, "References") ||
        lsc__construct_hdr(c, "Thread-Index"))
        return 0;
    while (is_space((unsigned char)s[lead]))
        lead++;
    plen = reply_prefix_len(s + lead);
    if (!plen)
        return 0;
    /* A reply from a client that drops In-Reply-To (old list software,
     * web forms) still quotes what it answers; a cold letter dressed as
     * a reply quotes nothing. */
    if (lsc__content_quotes(c))
        return 0;
    h = lsc__fire(c, 1.0, FAKE_REPLY,
                  (int)plen, s + lead);
    if (!h)
        return LSC_ENOMEM;
    return lsc__evidence(c, h, LSC_WHERE_SUBJECT, 0, NULL, lead, lead + plen);
}

/* ---- 8-bit and encodings ---- */

/* Is this 8-bit header an internationalised message id (RFC 6532 3.2:
 * Message-ID, In-Reply-To, References in well-formed UTF-8)?  SMTPUTF8
 * mail carries them raw, and that is declared by the transport, not by
 * MIME. */
static int eai_id_header(const lsc__header *x)
{
    const unsigned char *r = (const unsigned char *)hraw(x);
    size_t n = strlen((const char *)r), i = 0;
    unsigned cp;
    if (lsc__casecmp(x->name, "Message-ID") != 0 &&
        lsc__casecmp(x->name, "In-Reply-To") != 0 &&
        lsc__casecmp(x->name, "References") != 0)
        return 0;
    while (i < n) {
        size_t l = lsc__utf8_char(r + i, n - i, &cp);
        if (!l)
            return 0;
        i += l;
    }
    return 1;
}

static int has_8bit(const lsc__header *x)
{
    const char *r = hraw(x);
    for (; *r; r++)
        if ((unsigned char)*r >= 0x80)
            return 1;
    return 0;
}

/* The first header (the message's, then its parts', the first of which
 * is the message) with raw 8-bit bytes that are not an internationalised
 * id, or NULL. */
static const lsc__header *first_8bit_header(const lsc__message *m)
{
    size_t i, k;
    if (!(m->flags & LSC_MSG_8BIT_HEADER))
        return NULL;
    for (i = 0; i < m->n_headers; i++)
        if (has_8bit(&m->headers[i]) && !eai_id_header(&m->headers[i]))
            return &m->headers[i];
    for (k = 0; k < m->n_parts; k++)
        for (i = 0; i < m->parts[k]->n_headers; i++)
            if (has_8bit(&m->parts[k]->headers[i]) &&
                !eai_id_header(&m->parts[k]->headers[i]))
                return &m->parts[k]->headers[i];
    return NULL;
}

int lsc__rule_8bit(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    size_t i, parts = 0, first = LSC__NONE;
    const lsc__header *x = first_8bit_header(m);
    int hdr8;
    lsc__hit *h;
    for (i = 0; i < m->n_parts; i++) {
        const lsc_part *p = &m->parts[i]->pub;
        if (p->kind != LSC_PART_LEAF)
            continue;
        if ((p->flags & LSC_PART_8BIT_UNDECLARED) ||
            ((p->flags & LSC_PART_TEXT) && (p->flags & LSC_PART_NO_CHARSET) &&
             (p->flags & LSC_PART_CHARSET_GUESSED))) {
            parts++;
            if (first == LSC__NONE)
                first = i;
        }
    }
    hdr8 = x != NULL;
    if (!hdr8 && parts == 0)
        return 0;
    h = lsc__fire(c, parts && hdr8 ? 1.0 : 0.7, UNDECLARED_8BIT,
                  hdr8 ? lsc__rule_word(c, LSC__TXT_UNDECLARED_8BIT_HEADERS)
                       : "",
                  parts);
    if (!h)
        return LSC_ENOMEM;
    if (x && lsc__msg_header(m, x->name) == x)
        return lsc__evidence(c, h, LSC_WHERE_HEADER, 0, x->name, 0,
                             strlen(hval(x)));
    return lsc__evidence_text(c, h, LSC_WHERE_MESSAGE, first == LSC__NONE ? 0 : first,
                              "8bit", 4);
}

int lsc__rule_needless_encoding(lsc__ctx *c)
{
    const lsc__header *s = lsc__construct_hdr(c, "Subject");
    size_t i;
    lsc__hit *h;
    const char *v;
    if (!s || !strstr(hraw(s), "=?") || !strstr(hraw(s), "?="))
        return 0;
    v = hval(s);
    if (!*v)
        return 0;
    for (i = 0; v[i]; i++)
        if ((unsigned char)v[i] >= 0x80)
            return 0;
    if (strcmp(hraw(s), v) == 0)
        return 0;   /* nothing was decoded */
    h = lsc__fire(c, 1.0, NEEDLESS_ENCODED_SUBJECT,
                  strlen(v));
    if (!h)
        return LSC_ENOMEM;
    return lsc__evidence(c, h, LSC_WHERE_SUBJECT, 0, NULL, 0,
                         c->msg->subject_len);
}

int lsc__rule_long_lines(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    size_t i;
    lsc__hit *h;
    if (!(m->flags & LSC_MSG_LONG_LINES))
        return 0;
    h = lsc__fire(c, 1.0, LONG_LINES,
                  MAX_LINE);
    if (!h)
        return LSC_ENOMEM;
    for (i = 0; i < m->n_headers; i++)
        if (m->headers[i].name && m->headers[i].raw &&
            m->headers[i].name_len + 2 + m->headers[i].raw_len > MAX_LINE &&
            lsc__msg_header(m, m->headers[i].name) == &m->headers[i])
        {
            const char *v = hval(&m->headers[i]);
            size_t e = LSC__MIN(strlen(v), (size_t)60);
            while (e > 0 && ((unsigned char)v[e] & 0xC0) == 0x80)
                e--;   /* never cut a UTF-8 sequence */
            return lsc__evidence(c, h, LSC_WHERE_HEADER, 0,
                                 m->headers[i].name, 0, e);
        }
    return lsc__evidence_text(c, h, LSC_WHERE_MESSAGE, 0, "line > 998", 10);
}

/* Blank: what the inbox shows as nothing.  ASCII blanks, the Unicode
 * spaces (U+00A0, U+2000-U+200A, U+202F, U+205F, U+3000) and the zero
 * width space U+200B; any other character is something to read.  Returns
 * the bytes at i that are one blank, or 0. */
static size_t blank_at(const unsigned char *s, size_t n, size_t i)
{
    if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')
        return 1;
    if (i + 1 < n && s[i] == 0xC2 && s[i + 1] == 0xA0)
        return 2;
    if (i + 2 >= n)
        return 0;
    if (s[i] == 0xE2 && s[i + 1] == 0x80 &&
        ((s[i + 2] >= 0x80 && s[i + 2] <= 0x8B) || s[i + 2] == 0xAF))
        return 3;                               /* U+2000-200B, 202F */
    if ((s[i] == 0xE2 && s[i + 1] == 0x81 && s[i + 2] == 0x9F) ||  /* 205F */
        (s[i] == 0xE3 && s[i + 1] == 0x80 && s[i + 2] == 0x80))    /* 3000 */
        return 3;
    return 0;
}

/* SUBJECT_MISSING: no Subject header, or a decoded subject of blanks only
 * (its length is bounded by the header limit; one pass). */
int lsc__rule_subject_missing(lsc__ctx *c)
{
    const unsigned char *s = (const unsigned char *)c->msg->subject;
    size_t n = c->msg->subject_len, i = 0, k;
    lsc__hit *h;
    if (!lsc__construct_hdr(c, "Subject")) {
        h = lsc__fire(c, 1.0, SUBJECT_MISSING);
        if (!h)
            return LSC_ENOMEM;
        return lsc__evidence_text(c, h, LSC_WHERE_MESSAGE, 0, "Subject", 7);
    }
    while (i < n && (k = blank_at(s, n, i)) > 0)
        i += k;
    if (i < n)
        return 0;
    h = lsc__fire(c, 1.0, SUBJECT_MISSING_BLANK);
    if (!h)
        return LSC_ENOMEM;
    return lsc__evidence_text(c, h, LSC_WHERE_MESSAGE, 0, "Subject", 7);
}

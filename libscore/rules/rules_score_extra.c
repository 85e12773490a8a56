/*
 * rules_score_extra.c - rules found by calibrating on real mail: habits of
 * bulk senders that a writer or composer controls and that the other rule
 * families do not look at.
 *
 * Takes: the decoded subject and the parts' transfer encodings and decoded
 * bodies.  Gives: SUBJECT_SPACE_PADDING (a long run of spaces inside the
 * subject, the classic way bulk mailers push a tracking number out of
 * sight) and TEXT_BASE64_ASCII (a text body sent in base64 although it is
 * plain ASCII, which hides the words from simple scanners and is what
 * filters' MIME_BASE64_TEXT-style rules punish; not when it is the habit
 * of the mail program that wrote it, Foxmail, Coremail or QQ Mail, told by
 * its X-Mailer and its construction), ADDRESS_IN_SUBJECT (the
 * recipient's e-mail address written into the subject, the mark of mail
 * merged from an address list rather than written to a person),
 * SUBJECT_AD_LABEL (a subject that labels the mail an advertisement:
 * "ADV:", "[AD]", "(광고)", "未承諾広告" - what the law asks of unsolicited
 * ads in some countries, and what filters file as advertising).
 * Limits: the subject is read once per check (its length is bounded by the
 * header limit); each text body is scanned once up to its decoded length;
 * at most ADDR_SUBJECT_MAX recipients are looked for in the subject.
 */
#include "rules/rules.h"

/* Spaces in one run that no person types and header folding (a line break
 * plus one tab or a few spaces) does not produce. */
#define PADDING_MIN_SPACES 6
/* Recipients looked for in the subject: enough for any personal letter. */
#define ADDR_SUBJECT_MAX 50
/* Shorter addresses could match by chance inside ordinary words. */
#define ADDR_SUBJECT_MIN_LEN 6

int lsc__rule_subject_space_padding(lsc__ctx *c)
{
    const char *s = c->msg->subject;
    size_t n = c->msg->subject_len, i = 0, best_start = 0, best_len = 0;
    size_t token_end = 0;
    lsc__hit *h;

    while (i < n) {
        size_t j = i;
        while (j < n && s[j] == ' ')
            j++;
        /* Only runs with text on both sides: trailing blanks are harmless. */
        if (j - i > best_len && i > 0 && j < n) {
            best_start = i;
            best_len = j - i;
            token_end = j;
            while (token_end < n && s[token_end] != ' ')
                token_end++;
        }
        i = j > i ? j : i + 1;
    }
    if (best_len < PADDING_MIN_SPACES)
        return 0;
    h = lsc__fire(c, 1.0, SUBJECT_SPACE_PADDING, best_len);
    if (!h)
        return LSC_ENOMEM;
    return lsc__evidence(c, h, LSC_WHERE_SUBJECT, 0, NULL, best_start,
                         token_end) == LSC_ENOMEM ? LSC_ENOMEM : 0;
}

static int all_ascii(const unsigned char *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (p[i] >= 0x80)
            return 0;
    return 1;
}

/* Case-insensitive prefix test. */
static int starts_nocase(const char *s, const char *prefix)
{
    return lsc__ncasecmp(s, prefix, strlen(prefix)) == 0;
}

static int contains_nocase(const char *s, const char *needle)
{
    for (; *s; s++)
        if (starts_nocase(s, needle))
            return 1;
    return 0;
}

/* 1 when a multipart entity's boundary begins with prefix (or, when
 * single_ok, when the message has no multipart at all). */
static int boundary_like(const lsc__message *m, const char *prefix,
                         int single_ok)
{
    size_t i, multi = 0;
    for (i = 0; i < m->n_parts; i++) {
        const char *b = m->parts[i]->boundary;
        if (!b)
            continue;
        multi++;
        if (strncmp(b, prefix, strlen(prefix)) == 0)
            return 1;
    }
    return single_ok && multi == 0;
}

/* Foxmail and Coremail (the mail programs of most Chinese businesses, and
 * QQ Mail) base64-encode every text part, even pure ASCII: a habit of a
 * major client, not an attempt to hide words.  The habit is believed when
 * the X-Mailer names the client and the message is built the way that
 * client builds it (its boundaries, its Message-ID or trace header), so a
 * bulk tool that only copies the X-Mailer line is still judged. */
static int base64_client_habit(const lsc__message *m)
{
    const lsc__header *xm = lsc__msg_header(m, "X-Mailer");
    const lsc__header *id = lsc__msg_header(m, "Message-ID");
    const char *v;
    if (!xm || !xm->value)
        return 0;
    v = xm->value;
    while (*v == ' ' || *v == '\t')
        v++;
    if (starts_nocase(v, "foxmail"))
        return boundary_like(m, "----=_001_NextPart", 1) ||   /* 7.x */
               boundary_like(m, "=====001_Dragon", 0);         /* 6.x */
    if (contains_nocase(v, "coremail"))
        return (id && id->value && contains_nocase(id->value, ".coremail.")) ||
               lsc__msg_header(m, "X-CM-TRANSID") != NULL ||
               boundary_like(m, "----=_Part_", 0);
    if (starts_nocase(v, "qqmail"))
        return lsc__msg_header(m, "X-QQ-mid") != NULL ||
               lsc__msg_header(m, "X-QQ-MIME") != NULL;
    return 0;
}

int lsc__rule_text_base64_ascii(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    size_t i, found = 0, first = LSC__NONE;
    lsc__hit *h;

    if (base64_client_habit(m))
        return 0;

    for (i = 0; i < m->n_parts; i++) {
        const lsc_part *p = &m->parts[i]->pub;
        if (p->kind != LSC_PART_LEAF || !(p->flags & LSC_PART_TEXT) ||
            (p->flags & LSC_PART_ATTACHMENT) || !p->transfer_encoding ||
            strcmp(p->transfer_encoding, "base64") != 0 || !p->body ||
            p->body_bytes == 0 || !all_ascii(p->body, p->body_bytes))
            continue;
        if (first == LSC__NONE)
            first = i;
        found++;
    }
    if (!found)
        return 0;
    h = lsc__fire(c, 1.0, TEXT_BASE64_ASCII, found);
    if (!h)
        return LSC_ENOMEM;
    {
        const lsc_part *p = &m->parts[first]->pub;
        char *t = lsc__arena_printf(c->ar, "%s part %zu: "
                                    "Content-Transfer-Encoding: base64",
                                    p->content_type, first);
        if (!t)
            return LSC_ENOMEM;
        return lsc__evidence_text(c, h, LSC_WHERE_MESSAGE, first, t,
                                  strlen(t));
    }
}

/* Case-insensitive search of needle in hay; the offset or LSC__NONE. */
static size_t find_nocase(const char *hay, size_t n, const char *needle,
                          size_t k)
{
    size_t i;
    if (k == 0 || k > n)
        return LSC__NONE;
    for (i = 0; i + k <= n; i++)
        if (lsc__ncasecmp(hay + i, needle, k) == 0)
            return i;
    return LSC__NONE;
}

int lsc__rule_address_in_subject(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    size_t i, at = LSC__NONE, len = 0;
    lsc__hit *h;

    for (i = 0; i < m->to.n && i < ADDR_SUBJECT_MAX; i++) {
        const lsc__address *a = &LSC__VEC_AT(&m->to, lsc__address, i);
        /* An invalid address in the subject is still the address. */
        if (!a->addr || strlen(a->addr) < ADDR_SUBJECT_MIN_LEN ||
            !strchr(a->addr, '@'))
            continue;
        len = strlen(a->addr);
        at = find_nocase(m->subject, m->subject_len, a->addr, len);
        if (at != LSC__NONE)
            break;
    }
    if (at == LSC__NONE)
        return 0;
    h = lsc__fire(c, 1.0, ADDRESS_IN_SUBJECT);
    if (!h)
        return LSC_ENOMEM;
    return lsc__evidence(c, h, LSC_WHERE_SUBJECT, 0, NULL, at, at + len) ==
                   LSC_ENOMEM ? LSC_ENOMEM : 0;
}

/* Labels that mark a message as an advertisement, lower case (ASCII
 * compared without case).  Korean and Japanese law require some of them on
 * unsolicited ads; ADV: was asked for by several US states. */
static const char *const ad_labels[] = {
    "adv", "ad", "advert", "advertisement", "advertising",
    "\xea\xb4\x91\xea\xb3\xa0",                         /* 광고 */
    "\xe5\xb9\xbf\xe5\x91\x8a",                         /* 广告 */
    "\xe5\xbb\xa3\xe5\x91\x8a",                         /* 廣告 */
    "\xe6\x9c\xaa\xe6\x89\xbf\xe8\xab\xbe\xe5\xba\x83\xe5\x91\x8a", /* 未承諾広告 */
};
/* "Re: Fw: ..." prefixes skipped before the label. */
#define AD_LABEL_MAX_PREFIXES 5

static int is_ad_label(const char *p, size_t n)
{
    size_t i;
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    while (n && (*p == ' ' || *p == '\t'))
        p++, n--;
    for (i = 0; i < LSC__COUNT(ad_labels); i++)
        if (strlen(ad_labels[i]) == n && lsc__ncasecmp(p, ad_labels[i], n) == 0)
            return 1;
    return 0;
}

/* Skips blanks and reply/forward prefixes; returns the new offset. */
static size_t skip_prefixes(const char *s, size_t n, size_t i)
{
    int k;
    for (k = 0; k < AD_LABEL_MAX_PREFIXES; k++) {
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i + 3 <= n && lsc__ncasecmp(s + i, "re:", 3) == 0)
            i += 3;
        else if (i + 3 <= n && lsc__ncasecmp(s + i, "fw:", 3) == 0)
            i += 3;
        else if (i + 4 <= n && lsc__ncasecmp(s + i, "fwd:", 4) == 0)
            i += 4;
        else
            break;
    }
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

int lsc__rule_subject_ad_label(lsc__ctx *c)
{
    const char *s = c->msg->subject;
    size_t n = c->msg->subject_len, i = skip_prefixes(s, n, 0), j, end = 0;
    static const char *const open[] = { "[", "(", "\xe3\x80\x90", "\xef\xbc\x88" };
    static const char *const close[] = { "]", ")", "\xe3\x80\x91", "\xef\xbc\x89" };
    size_t k;
    lsc__hit *h;

    /* [AD] (광고) 【广告】 （广告） */
    for (k = 0; k < LSC__COUNT(open) && !end; k++) {
        size_t ol = strlen(open[k]);
        if (i + ol > n || memcmp(s + i, open[k], ol) != 0)
            continue;
        for (j = i + ol; j < n && j < i + ol + 32; j++) {
            size_t cl = strlen(close[k]);
            if (j + cl <= n && memcmp(s + j, close[k], cl) == 0) {
                if (is_ad_label(s + i + ol, j - i - ol))
                    end = j + cl;
                break;
            }
        }
    }
    /* ADV: and 광고: (a colon right after the label), or 未承諾広告 alone */
    if (!end) {
        for (j = i; j < n && j < i + 32 && s[j] != ':'; j++)
            ;
        if (j < n && s[j] == ':' && j > i && is_ad_label(s + i, j - i))
            end = j + 1;
        else if (n - i >= 15 && memcmp(s + i, ad_labels[8], 15) == 0)
            end = i + 15;
    }
    if (!end)
        return 0;
    h = lsc__fire(c, 1.0, SUBJECT_AD_LABEL);
    if (!h)
        return LSC_ENOMEM;
    return lsc__evidence(c, h, LSC_WHERE_SUBJECT, 0, NULL, i, end) ==
                   LSC_ENOMEM ? LSC_ENOMEM : 0;
}

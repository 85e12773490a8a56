/*
 * recipient.c - lsc_recipient_check: can these recipients receive mail?
 *
 * Takes: a header-style address list.  For each distinct domain (at most
 * LSC__DNS_MAX_RECIPIENT_DOMAINS) asks MX; without MX asks A and AAAA
 * (RFC 5321 §5.1 implicit MX).  Gives per address: RCPT_NXDOMAIN,
 * RCPT_NULL_MX (RFC 7505), RCPT_NO_MAIL_HOST, RCPT_A_FALLBACK, and
 * RCPT_TYPO when the domain is one edit (insert, delete, change or swap
 * of two neighbours: Damerau-Levenshtein 1) away from a big provider's
 * domain of at least 8 characters (shorter ones, like qq.com, sit one
 * edit away from too many real domains).  The typo is reported even when
 * the typo domain answers: squatters run mail servers on gmial.com.
 */
#include <stdio.h>

#include "dns/dns.h"
#include "mime/mime.h"

/* Big mailbox providers (2025 market share lists, consumer mail). */
static const char *const providers[] = {
    "gmail.com", "googlemail.com", "yahoo.com", "outlook.com", "hotmail.com",
    "live.com", "icloud.com", "yahoo.co.jp", "yahoo.co.uk", "hotmail.co.uk",
    "protonmail.com", "proton.me", "yandex.ru", "yandex.com", "comcast.net",
    "foxmail.com", "sina.com", "sohu.com", "aol.com", "msn.com", "qq.com",
    "163.com", "126.com", "me.com", "mac.com", "gmx.de", "gmx.net", "web.de",
    "mail.ru", "naver.com", "t-online.de", "orange.fr", "free.fr",
    "libero.it", "wp.pl", "seznam.cz", "rediffmail.com", "yahoo.fr",
    "hotmail.fr", "outlook.fr", "zoho.com", "att.net", "verizon.net",
};

#define TYPO_MIN_LEN 8

/* 1 when a and b are exactly one Damerau-Levenshtein edit apart. */
static int one_edit(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i = 0;
    if (an > bn + 1 || bn > an + 1)
        return 0;
    while (i < an && i < bn && a[i] == b[i])
        i++;
    if (an == bn) {
        if (i == an)
            return 0;    /* equal */
        if (memcmp(a + i + 1, b + i + 1, an - i - 1) == 0)
            return 1;    /* one changed */
        return i + 1 < an && a[i] == b[i + 1] && a[i + 1] == b[i] &&
               memcmp(a + i + 2, b + i + 2, an - i - 2) == 0;   /* swap */
    }
    if (an > bn)
        return memcmp(a + i + 1, b + i, an - i - 1) == 0;
    return memcmp(a + i, b + i + 1, bn - i - 1) == 0;
}

const char *lsc__provider_typo(const char *d, size_t n)
{
    size_t i;
    for (i = 0; i < LSC__COUNT(providers); i++)
        if (lsc__memcaseeq(d, n, providers[i]))
            return NULL;    /* the provider itself */
    for (i = 0; i < LSC__COUNT(providers); i++) {
        size_t pn = strlen(providers[i]);
        if (pn >= TYPO_MIN_LEN && one_edit(d, n, providers[i], pn))
            return providers[i];
    }
    return NULL;
}

typedef struct seen {
    const char *domain;
} seen;

static int check_domain(lsc__check *c, const char *addr, const char *domain)
{
    lsc__dns_answer mx, a4, a6;
    const char *typo = lsc__provider_typo(domain, strlen(domain));
    int rc;
    if (typo && (rc = lsc__finding(c, "RCPT_TYPO", domain, NULL, 0, addr, domain,
                                   typo)) != 0)
        return rc;
    if ((rc = lsc__check_ask(c, domain, LSC__RR_MX, &mx)) != 0)
        return rc;
    if (mx.status == LSC__DNS_TIMEOUT || mx.status == LSC__DNS_FAIL)
        return 0;
    if (mx.status == LSC__DNS_NXDOMAIN)
        return lsc__finding(c, "RCPT_NXDOMAIN", domain, "NXDOMAIN", 8, addr, domain);
    if (mx.status == LSC__DNS_OK) {
        if (mx.n == 1 && (strcmp(mx.rr[0].text, ".") == 0 || mx.rr[0].len == 0))
            return lsc__finding(c, "RCPT_NULL_MX", domain, "MX 0 .", 6, addr, domain);
        return 0;
    }
    if ((rc = lsc__check_ask(c, domain, LSC__RR_A, &a4)) != 0 ||
        (rc = lsc__check_ask(c, domain, LSC__RR_AAAA, &a6)) != 0)
        return rc;
    if (a4.status == LSC__DNS_OK || a6.status == LSC__DNS_OK) {
        const lsc__dns_rr *r = a4.status == LSC__DNS_OK ? &a4.rr[0] : &a6.rr[0];
        return lsc__finding(c, "RCPT_A_FALLBACK", domain, r->text, r->len, addr, domain);
    }
    if (a4.status == LSC__DNS_TIMEOUT || a4.status == LSC__DNS_FAIL ||
        a6.status == LSC__DNS_TIMEOUT || a6.status == LSC__DNS_FAIL)
        return 0;
    return lsc__finding(c, "RCPT_NO_MAIL_HOST", domain, NULL, 0, addr, domain);
}

int lsc__recipient_run(lsc__check *c, const char *list, size_t len)
{
    lsc__arena *ar = lsc__check_arena(c);
    lsc__vec addrs, done;
    size_t i, j;
    int rc;
    lsc__vec_init(&addrs, sizeof(lsc__address));
    lsc__vec_init(&done, sizeof(seen));
    if ((rc = lsc__address_parse(ar, list, len, 0, &addrs)) < 0)
        return rc;
    if ((rc = lsc__fact(c, "recipients", "%zu", addrs.n)) != 0)
        return rc;
    for (i = 0; i < addrs.n; i++) {
        const lsc__address *ad = &LSC__VEC_AT(&addrs, lsc__address, i);
        const char *addr = ad->addr ? ad->addr : "";
        seen *s;
        if (!ad->domain || !ad->domain[0] ||
            !lsc__addr_spec_valid(ad->local ? ad->local : "", ad->local ? strlen(ad->local) : 0,
                                  ad->domain, strlen(ad->domain))) {
            rc = lsc__finding(c, "RCPT_BAD_ADDRESS", ad->domain ? ad->domain : "",
                              NULL, 0, addr);
            if (rc)
                return rc;
            continue;
        }
        if (ad->domain[0] == '[')
            continue;    /* an address literal needs no DNS */
        for (j = 0; j < done.n; j++)
            if (strcmp(LSC__VEC_AT(&done, seen, j).domain, ad->domain) == 0)
                break;
        if (j < done.n)
            continue;
        if (done.n >= LSC__DNS_MAX_RECIPIENT_DOMAINS) {
            rc = lsc__finding(c, "DNS_LIMIT", ad->domain, NULL, 0, ad->domain,
                              "more recipient domains than libscore checks (200)");
            return rc;
        }
        s = lsc__vec_push(&done, ar);
        if (!s)
            return LSC_ENOMEM;
        s->domain = ad->domain;
        if ((rc = check_domain(c, addr, ad->domain)) != 0)
            return rc;
    }
    return lsc__fact(c, "recipient.domains", "%zu", done.n);
}

/*
 * sender.c - lsc_sender_check: is a sending domain set up to be trusted?
 *
 * Takes: the check (options: selectors, sending IP, expected include, the
 * raw message) and the domain.  Asks, in order: TXT at the domain (does
 * it exist; its one SPF record, walked by spf.c), TXT at _dmarc (falling
 * back to the organizational domain, RFC 7489 §6.6.3), TXT at
 * <selector>._domainkey.<d> for each selector given or named by the
 * message's DKIM-Signature fields, MX, and TXT at default._bimi.  Gives
 * findings (findings.def) and facts ("spf.record", "dmarc.policy", ...).
 * Alignment (RFC 7489 §3.1): the From domain against each DKIM d= and the
 * SPF (Return-Path) domain, relaxed by organizational domain (libpsl)
 * unless adkim=s / aspf=s; without a message both are the domain itself.
 */
#include <stdio.h>

#include "dns/dns.h"
#include "mime/mime.h"

typedef struct selector {
    char name[64];
    char domain[LSC__DOMAIN_MAX + 1];
    int from_message;
} selector;

typedef struct sender {
    lsc__check *c;
    const char *domain;
    selector sel[LSC__DNS_MAX_SELECTORS];
    size_t n_sel;
    char from[LSC__DOMAIN_MAX + 1];     /* From domain (the one checked) */
    char spf_domain[LSC__DOMAIN_MAX + 1];
    char dkim_d[LSC__DOMAIN_MAX + 1];   /* first d= of the message, or "" */
    int spf_ok, dkim_ok;                /* usable for DMARC */
} sender;

static void copy_lower(char *dst, size_t cap, const char *s, size_t n)
{
    n = LSC__MIN(n, cap - 1);
    memcpy(dst, s, n);
    dst[n] = 0;
    lsc__lower(dst, n);
}

static void add_selector(sender *s, const char *name, size_t n,
                         const char *domain, size_t dn, int from_message)
{
    size_t i;
    selector *x;
    while (n > 0 && (name[0] == ' ' || name[0] == '\t')) {
        name++;
        n--;
    }
    while (n > 0 && (name[n - 1] == ' ' || name[n - 1] == '\t'))
        n--;
    if (n == 0 || n >= sizeof x->name || dn == 0 || dn > LSC__DOMAIN_MAX)
        return;
    if (s->n_sel >= LSC__DNS_MAX_SELECTORS)
        return;
    for (i = 0; i < s->n_sel; i++)
        if (lsc__memcaseeq(name, n, s->sel[i].name) &&
            lsc__memcaseeq(domain, dn, s->sel[i].domain))
            return;
    x = &s->sel[s->n_sel++];
    copy_lower(x->name, sizeof x->name, name, n);
    copy_lower(x->domain, sizeof x->domain, domain, dn);
    x->from_message = from_message;
}

/* The domain of the first address in a header value. */
static void address_domain(lsc__arena *ar, const char *v, char *out, size_t cap)
{
    lsc__vec addrs;
    lsc__vec_init(&addrs, sizeof(lsc__address));
    if (!v || lsc__address_parse(ar, v, strlen(v), 0, &addrs) < 0 || addrs.n == 0)
        return;
    if (LSC__VEC_AT(&addrs, lsc__address, 0).domain)
        copy_lower(out, cap, LSC__VEC_AT(&addrs, lsc__address, 0).domain,
                   strlen(LSC__VEC_AT(&addrs, lsc__address, 0).domain));
}

/* Selectors, d= and the Return-Path domain from the raw message, read by
 * the MIME stage alone (the pipeline above us is not needed for headers). */
static int read_message(sender *s)
{
    const lsc_dns_options *o = lsc__check_options(s->c);
    lsc__arena *ar = lsc__check_arena(s->c);
    const lsc_engine *eng = lsc__check_engine(s->c);
    lsc_engine bare;
    lsc__ctx ctx;
    size_t i;
    int rc;
    if (!o->message)
        return 0;
    if (!eng) {
        /* no engine given: the MIME reader needs only the limits */
        memset(&bare, 0, sizeof bare);
        lsc__limits_fill(&bare.limits);
        eng = &bare;
    }
    memset(&ctx, 0, sizeof ctx);
    ctx.eng = eng;
    ctx.ar = ar;
    ctx.msg = lsc__message_new(ar);
    if (!ctx.msg)
        return LSC_ENOMEM;
    rc = lsc__mime_parse(&ctx, o->message, o->message_len);
    if (rc)
        return rc == LSC_ENOMEM ? rc : 0;
    for (i = 0; i < ctx.msg->n_headers; i++) {
        const lsc__header *h = &ctx.msg->headers[i];
        const char *sv, *dv;
        size_t sl, dl;
        lsc__tags tags;
        if (!h->name || !h->value)
            continue;
        if (lsc__casecmp(h->name, "Return-Path") == 0 && !s->spf_domain[0])
            address_domain(ar, h->value, s->spf_domain, sizeof s->spf_domain);
        if (lsc__casecmp(h->name, "DKIM-Signature") != 0)
            continue;
        lsc__tags_parse(&tags, h->value, strlen(h->value));
        sv = lsc__tag_get(&tags, "s", &sl);
        dv = lsc__tag_get(&tags, "d", &dl);
        if (sv && dv) {
            if (!s->dkim_d[0])
                copy_lower(s->dkim_d, sizeof s->dkim_d, dv, dl);
            add_selector(s, sv, sl, dv, dl, 1);
        }
    }
    return 0;
}

static int aligned(const char *a, const char *b, int strict)
{
    char oa[LSC__DOMAIN_MAX + 1], ob[LSC__DOMAIN_MAX + 1];
    if (!a[0] || !b[0])
        return 0;
    if (strict)
        return lsc__casecmp(a, b) == 0;
    if (lsc__registrable_domain(oa, sizeof oa, a, strlen(a)) < 0 ||
        lsc__registrable_domain(ob, sizeof ob, b, strlen(b)) < 0)
        return 0;
    return strcmp(oa, ob) == 0;
}

static int check_spf(sender *s, const lsc__dns_answer *a)
{
    lsc__check *c = s->c;
    const char *rec = NULL;
    size_t i, n = 0, len = 0;
    lsc__buf all;
    lsc__spf_walk w;
    char num[16];
    int rc;
    lsc__buf_init(&all, lsc__check_arena(c));
    for (i = 0; i < a->n; i++) {
        if (a->rr[i].cut) {
            rc = lsc__finding(c, "DNS_LIMIT", s->domain, a->rr[i].text, a->rr[i].len,
                              s->domain, "a TXT record longer than 4096 bytes (cut)");
            if (rc)
                return rc;
        }
        if (!lsc__spf_is_record(a->rr[i].text, a->rr[i].len))
            continue;
        if (n++)
            lsc__buf_append(&all, " | ", 3);
        lsc__buf_append(&all, a->rr[i].text, a->rr[i].len);
        rec = a->rr[i].text;
        len = a->rr[i].len;
    }
    if (all.failed || !lsc__buf_finish(&all))
        return LSC_ENOMEM;
    if (a->too_many &&
        (rc = lsc__finding(c, "DNS_LIMIT", s->domain, NULL, 0, s->domain,
                           "more TXT records than libscore reads (64)")) != 0)
        return rc;
    if ((rc = lsc__fact(c, "spf.records", "%zu", n)) != 0)
        return rc;
    if (n == 0)
        return lsc__finding(c, "SPF_MISSING", s->domain, NULL, 0, s->domain);
    if (n > 1) {
        snprintf(num, sizeof num, "%zu", n);
        return lsc__finding(c, "SPF_MULTIPLE", s->domain, all.p, all.len, num,
                            s->domain);
    }
    if ((rc = lsc__fact(c, "spf.record", "%.*s", (int)len, rec)) != 0)
        return rc;
    rc = lsc__spf_walk_run(c, s->domain, rec, len, &w);
    s->spf_ok = rc == 0 && !w.broken && w.lookups <= LSC__SPF_MAX_LOOKUPS;
    return rc;
}

static int check_dmarc(sender *s)
{
    lsc__check *c = s->c;
    char name[LSC__DOMAIN_MAX + 16], org[LSC__DOMAIN_MAX + 1];
    lsc__dns_answer a;
    const char *rec = NULL;
    size_t i, n = 0, len = 0;
    lsc__dmarc d;
    int rc, round;
    static const char *pname[] = { "none", "quarantine", "reject", "?" };

    for (round = 0; round < 2; round++) {
        const char *at = s->domain;
        if (round == 1) {
            if (lsc__registrable_domain(org, sizeof org, s->domain,
                                        strlen(s->domain)) < 0 ||
                strcmp(org, s->domain) == 0)
                break;
            at = org;
        }
        snprintf(name, sizeof name, "_dmarc.%s", at);
        if ((rc = lsc__check_ask(c, name, LSC__RR_TXT, &a)) != 0)
            return rc;
        if (a.status == LSC__DNS_TIMEOUT || a.status == LSC__DNS_FAIL)
            return 0;
        for (i = 0; i < a.n; i++)
            if (lsc__dmarc_is_record(a.rr[i].text, a.rr[i].len)) {
                rec = a.rr[i].text;
                len = a.rr[i].len;
                n++;
            }
        if (n)
            break;
    }
    if (n == 0)
        return lsc__finding(c, "DMARC_MISSING", name, NULL, 0, s->domain, s->domain);
    if ((rc = lsc__fact(c, "dmarc.record", "%.*s", (int)len, rec)) != 0)
        return rc;
    if (n > 1)
        return lsc__finding(c, "DMARC_MULTIPLE", name, rec, len, s->domain);
    lsc__dmarc_parse(&d, rec, len);
    if (!d.valid)
        return lsc__finding(c, "DMARC_SYNTAX", name, rec, len, s->domain);
    if ((rc = lsc__fact(c, "dmarc.policy", "%s", pname[d.p])) != 0 ||
        (rc = lsc__fact(c, "dmarc.pct", "%d", d.pct)) != 0)
        return rc;
    if (d.p == LSC__DMARC_P_NONE)
        rc = lsc__finding(c, "DMARC_POLICY_NONE", name, rec, len, s->domain);
    else
        rc = lsc__finding(c, "DMARC_POLICY", name, rec, len, s->domain, pname[d.p]);
    if (rc == 0 && d.pct < 100) {
        char pct[8];
        snprintf(pct, sizeof pct, "%d", d.pct);
        rc = lsc__finding(c, "DMARC_PCT", name, rec, len, s->domain, pct);
    }
    if (rc == 0 && !d.rua)
        rc = lsc__finding(c, "DMARC_NO_RUA", name, rec, len, s->domain);
    if (rc)
        return rc;
    /* Alignment: DMARC passes when either aligned identifier verifies.
     * Without a message the identifiers are the domain itself. */
    {
        const char *dkim_d = s->dkim_d[0] ? s->dkim_d : s->domain;
        const char *spf_d = s->spf_domain[0] ? s->spf_domain : s->domain;
        int dk = aligned(s->from, dkim_d, d.adkim_strict);
        int sp = aligned(s->from, spf_d, d.aspf_strict);
        if ((rc = lsc__fact(c, "dmarc.dkim_aligned", "%d", dk)) != 0 ||
            (rc = lsc__fact(c, "dmarc.spf_aligned", "%d", sp)) != 0)
            return rc;
        if (!dk && !sp)
            rc = lsc__finding(c, "DMARC_MISALIGNED", name, rec, len, s->from,
                              dkim_d, spf_d);
    }
    return rc;
}

static int check_dkim(sender *s)
{
    lsc__check *c = s->c;
    lsc__arena *ar = lsc__check_arena(c);
    size_t i;
    int rc;
    if (s->n_sel == 0)
        return lsc__finding(c, "DKIM_NO_SELECTOR", s->domain, NULL, 0, s->domain);
    for (i = 0; i < s->n_sel; i++) {
        const selector *x = &s->sel[i];
        char name[LSC__DOMAIN_MAX + 80], fact[128], bits[16];
        lsc__dns_answer a;
        lsc__dkim_key k;
        const char *rec = NULL;
        size_t j, len = 0;
        snprintf(name, sizeof name, "%s._domainkey.%s", x->name, x->domain);
        if ((rc = lsc__check_ask(c, name, LSC__RR_TXT, &a)) != 0)
            return rc;
        if (a.status == LSC__DNS_TIMEOUT || a.status == LSC__DNS_FAIL)
            continue;
        /* A name may hold other TXT records; the key is the one with p=
         * (or v=DKIM1), else the first. */
        for (j = 0; j < a.n && !rec; j++) {
            lsc__tags t;
            lsc__tags_parse(&t, a.rr[j].text, a.rr[j].len);
            if (lsc__tag_get(&t, "p", NULL) || lsc__tag_get(&t, "v", NULL)) {
                rec = a.rr[j].text;
                len = a.rr[j].len;
            }
        }
        if (!rec && a.n) {
            rec = a.rr[0].text;
            len = a.rr[0].len;
        }
        if (!rec) {
            rc = lsc__finding(c, "DKIM_KEY_MISSING", name, NULL, 0, x->name, x->domain);
            if (rc)
                return rc;
            continue;
        }
        if ((rc = lsc__dkim_key_parse(&k, ar, rec, len)) != 0)
            return rc;
        snprintf(fact, sizeof fact, "dkim.%s.bits", x->name);
        if ((rc = lsc__fact(c, fact, "%u", k.bits)) != 0)
            return rc;
        snprintf(bits, sizeof bits, "%u", k.bits);
        if (k.revoked)
            rc = lsc__finding(c, "DKIM_REVOKED", name, rec, len, x->name, x->domain);
        else if (k.no_key || k.bad_version || k.malformed)
            rc = lsc__finding(c, "DKIM_BAD_KEY", name, rec, len, x->name, x->domain,
                              k.no_key ? "no p= tag" : k.bad_version ? "v= is not DKIM1"
                                                                     : "the key does not decode");
        else if (strcmp(k.key_type, "rsa") == 0 && k.bits < 1024)
            rc = lsc__finding(c, "DKIM_WEAK_KEY", name, rec, len, x->name, x->domain, bits);
        else {
            rc = lsc__finding(c, "DKIM_KEY_OK", name, rec, len, x->name, x->domain,
                              k.key_type, bits);
            if (!x->from_message || lsc__casecmp(x->domain, s->dkim_d) == 0)
                s->dkim_ok = 1;
        }
        if (rc == 0 && k.testing)
            rc = lsc__finding(c, "DKIM_TESTING", name, rec, len, x->name, x->domain);
        if (rc)
            return rc;
    }
    return 0;
}

static int check_mx(sender *s)
{
    lsc__dns_answer a;
    lsc__buf b;
    size_t i;
    int rc = lsc__check_ask(s->c, s->domain, LSC__RR_MX, &a);
    if (rc || a.status == LSC__DNS_TIMEOUT || a.status == LSC__DNS_FAIL)
        return rc;
    if (a.status != LSC__DNS_OK)
        return lsc__finding(s->c, "MX_MISSING", s->domain, NULL, 0, s->domain);
    lsc__buf_init(&b, lsc__check_arena(s->c));
    for (i = 0; i < a.n; i++) {
        char tmp[24];
        snprintf(tmp, sizeof tmp, "%s%u ", i ? ", " : "", a.rr[i].pref);
        lsc__buf_append(&b, tmp, strlen(tmp));
        lsc__buf_append(&b, a.rr[i].text, a.rr[i].len);
    }
    if (!lsc__buf_finish(&b))
        return LSC_ENOMEM;
    if ((rc = lsc__fact(s->c, "mx.hosts", "%s", b.p)) != 0)
        return rc;
    /* RFC 7505: one MX, preference 0, host "." (ldns shows it as ".") */
    if (a.n == 1 && (strcmp(a.rr[0].text, ".") == 0 || a.rr[0].len == 0))
        return lsc__finding(s->c, "MX_NULL", s->domain, b.p, b.len, s->domain);
    return 0;
}

static int check_bimi(sender *s)
{
    char name[LSC__DOMAIN_MAX + 16];
    lsc__dns_answer a;
    size_t i;
    int rc;
    snprintf(name, sizeof name, "default._bimi.%s", s->domain);
    if ((rc = lsc__check_ask(s->c, name, LSC__RR_TXT, &a)) != 0)
        return rc;
    for (i = 0; i < a.n; i++)
        if (a.rr[i].len >= 7 && lsc__ncasecmp(a.rr[i].text, "v=BIMI1", 7) == 0)
            return lsc__finding(s->c, "BIMI_PRESENT", name, a.rr[i].text,
                                a.rr[i].len, s->domain);
    return 0;
}

int lsc__sender_run(lsc__check *c, const char *domain)
{
    const lsc_dns_options *o = lsc__check_options(c);
    sender s;
    lsc__dns_answer a;
    size_t n = strlen(domain);
    int rc;

    while (n > 0 && domain[n - 1] == '.')
        n--;
    if (!lsc__addr_spec_valid("a", 1, domain, n) || domain[0] == '[')
        return LSC_EINVAL;
    memset(&s, 0, sizeof s);
    s.c = c;
    s.domain = lsc__arena_strndup(lsc__check_arena(c), domain, n);
    if (!s.domain)
        return LSC_ENOMEM;
    copy_lower(s.from, sizeof s.from, s.domain, n);
    if (o->selectors) {
        const char *p = o->selectors, *end = p + o->selectors_len;
        while (p < end) {
            const char *q = memchr(p, ',', (size_t)(end - p));
            if (!q)
                q = end;
            add_selector(&s, p, (size_t)(q - p), s.domain, n, 0);
            p = q + 1;
        }
    }
    if ((rc = read_message(&s)) != 0)
        return rc;

    if ((rc = lsc__check_ask(c, s.domain, LSC__RR_TXT, &a)) != 0)
        return rc;
    if (a.status == LSC__DNS_NXDOMAIN)
        return lsc__finding(c, "DOMAIN_NXDOMAIN", s.domain, NULL, 0, s.domain);
    if (a.status == LSC__DNS_OK || a.status == LSC__DNS_NODATA)
        rc = check_spf(&s, &a);
    if (rc == 0)
        rc = check_dkim(&s);
    if (rc == 0)
        rc = check_dmarc(&s);
    if (rc == 0)
        rc = check_mx(&s);
    if (rc == 0)
        rc = check_bimi(&s);
    return rc;
}

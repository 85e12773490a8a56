/*
 * rules_rcpt.c - who the message goes to: invalid or mistyped addresses,
 * too many recipients, too many at one domain, everyone's address shown
 * to everyone.
 *
 * Takes: the To/Cc/Bcc addresses mime.c parsed.  Gives: hits with
 * evidence spans into the header that holds each address.  Limits: every
 * loop runs over the parsed addresses (at most LSC__MAX_ADDRESSES per
 * header); evidence is capped at CONSTRUCT_MAX_EVIDENCE spans per hit.
 */
#include <stdio.h>
#include <stdlib.h>

#include "mime/mime.h"
#include "rules/construct.h"

#define MANY_RCPT_MIN 15                     /* To + Cc + Bcc */
#define MANY_RCPT_FULL 60                    /* strength 1.0 */
#define ONE_DOMAIN_MIN 8                     /* recipients at one domain */
#define ONE_DOMAIN_FULL 30
#define VISIBLE_MIN 10                       /* addresses in To + Cc */
#define VISIBLE_FULL 40

/* ---- recipients ---- */

typedef struct rcpt_list {
    const lsc__address **a;
    const char **hname;       /* "To", "Cc", "Bcc" */
    size_t n;
} rcpt_list;

/* The recipients of To, Cc (and Bcc), in the arena; NULL when out of
 * memory. */
static rcpt_list *rcpts(lsc__ctx *c, int with_bcc)
{
    static const char *const names[] = {"To", "Cc", "Bcc"};
    const lsc__vec *v[3];
    rcpt_list *l = lsc__arena_zalloc(c->ar, sizeof *l);
    size_t k, i, total;
    v[0] = &c->msg->to;
    v[1] = &c->msg->cc;
    v[2] = &c->msg->bcc;
    if (!l)
        return NULL;
    total = v[0]->n + v[1]->n + (with_bcc ? v[2]->n : 0);
    l->a = lsc__arena_alloc(c->ar, (total + 1) * sizeof *l->a);
    l->hname = lsc__arena_alloc(c->ar, (total + 1) * sizeof *l->hname);
    if (!l->a || !l->hname)
        return NULL;
    for (k = 0; k < (with_bcc ? 3u : 2u); k++)
        for (i = 0; i < v[k]->n; i++) {
            l->a[l->n] = &LSC__VEC_AT(v[k], lsc__address, i);
            l->hname[l->n] = names[k];
            l->n++;
        }
    return l;
}

/* Evidence on the header that holds address a (only the first header of
 * a name can be quoted as a span). */
static int ev_addr(lsc__ctx *c, lsc__hit *h, const char *hname,
                   const lsc__address *a)
{
    const lsc__header *x = lsc__construct_hdr(c, hname);
    if (x && (size_t)(x - c->msg->headers) == a->header)
        return lsc__construct_ev_in_header(c, h, hname, lsc__construct_aaddr(a));
    {
        const char *t = lsc__construct_safe(c, lsc__construct_aaddr(a));
        if (!t)
            return LSC_ENOMEM;
        return lsc__evidence_text(c, h, LSC_WHERE_MESSAGE, 0, t, strlen(t));
    }
}

/* ---- addresses that cannot exist (content branch) ---- */

/* A typed address with a slip no server accepts: a full-width at sign
 * (＠), a dot at either end of the local part or the domain, two dots in
 * a row; otherwise an ordinary local@domain.tld.  Garbage that relays and
 * list software write ("Undisclosed-Recipient:;", "\"\"@host") is not a
 * slip: it is INVALID_RECIPIENT's. */
static int cannot_exist(const char *a)
{
    const char *at = NULL, *fw = strstr(a, "\xef\xbc\xa0"), *p, *dom, *end;
    const char *tld = NULL;
    int slip = fw != NULL;
    size_t ats = 0;
    for (p = a; *p; p++)
        if (*p == '@') {
            ats++;
            at = p;
        }
    if (ats + (fw ? 1 : 0) != 1 || (fw && strstr(fw + 3, "\xef\xbc\xa0")))
        return 0;
    if (fw)
        at = fw;
    dom = at + (fw ? 3 : 1);
    end = dom + strlen(dom);
    if (at == a || dom == end)
        return 0;
    for (p = a; p < at; p++) {
        unsigned char ch = (unsigned char)*p;
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
              (ch >= '0' && ch <= '9') || ch >= 0x80 || strchr("._%+'-", ch)))
            return 0;
    }
    for (p = dom; p < end; p++) {
        unsigned char ch = (unsigned char)*p;
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
              (ch >= '0' && ch <= '9') || ch == '.' || ch == '-'))
            return 0;
        if (ch == '.' && p + 1 < end && p[1] != '.')
            tld = p + 1;
    }
    if (!tld || end - tld < 2)
        return 0;
    for (p = tld; p < end; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
            return 0;
    slip |= a[0] == '.' || at[-1] == '.' || dom[0] == '.' || end[-1] == '.';
    for (p = a; p + 1 < end; p++)
        if (p[0] == '.' && p[1] == '.')
            slip = 1;
    return slip;
}

static int invalid_not_slip(const lsc__address *a)
{
    return (a->flags & LSC__ADDR_INVALID) && !cannot_exist(lsc__construct_aaddr(a));
}

int lsc__rule_rcpt_cannot_exist(lsc__ctx *c)
{
    rcpt_list *l = rcpts(c, 1);
    size_t i, n = 0, ev = 0;
    const char *first = NULL;
    lsc__hit *h;
    if (!l)
        return LSC_ENOMEM;
    for (i = 0; i < l->n; i++)
        if ((l->a[i]->flags & LSC__ADDR_INVALID) &&
            cannot_exist(lsc__construct_aaddr(l->a[i]))) {
            if (!first)
                first = lsc__construct_aaddr(l->a[i]);
            n++;
        }
    if (!n)
        return 0;
    /* each such copy bounces for certain, like an address that bounced
     * before (RECIPIENT_BOUNCED) */
    h = lsc__fire(c, 1.0, RECIPIENT_CANNOT_EXIST, n, lsc__construct_safe(c, first));
    if (!h)
        return LSC_ENOMEM;
    for (i = 0; i < l->n && ev < CONSTRUCT_MAX_EVIDENCE; i++) {
        if (!(l->a[i]->flags & LSC__ADDR_INVALID) ||
            !cannot_exist(lsc__construct_aaddr(l->a[i])))
            continue;
        if (ev_addr(c, h, l->hname[i], l->a[i]) == LSC_ENOMEM)
            return LSC_ENOMEM;
        ev++;
    }
    return 0;
}

int lsc__rule_bad_rcpt(lsc__ctx *c)
{
    rcpt_list *l = rcpts(c, 1);
    size_t i, bad = 0, ev = 0;
    lsc__hit *h = NULL;
    const char *first = NULL;
    if (!l)
        return LSC_ENOMEM;
    for (i = 0; i < l->n; i++)
        if (invalid_not_slip(l->a[i])) {
            bad++;
            if (!first)
                first = lsc__construct_aaddr(l->a[i]);
        }
    if (!bad)
        return 0;
    h = lsc__fire(c, LSC__MIN(1.0, 0.6 + 0.2 * (double)bad), INVALID_RECIPIENT,
                  bad, l->n, lsc__construct_safe(c, first));
    if (!h)
        return LSC_ENOMEM;
    for (i = 0; i < l->n && ev < CONSTRUCT_MAX_EVIDENCE; i++) {
        if (!invalid_not_slip(l->a[i]))
            continue;
        if (ev_addr(c, h, l->hname[i], l->a[i]) == LSC_ENOMEM)
            return LSC_ENOMEM;
        ev++;
    }
    return 0;
}

/* Mailbox providers whose names are mistyped most often. */
/* Each with the length of its first label (the name before the dot). */
#define P(name, rest) { name "." rest, sizeof name - 1 }
static const struct {
    const char *d;
    size_t label;
} providers[] = {
    P("gmail", "com"), P("googlemail", "com"), P("hotmail", "com"),
    P("outlook", "com"), P("live", "com"), P("yahoo", "com"),
    P("icloud", "com"), P("me", "com"), P("aol", "com"), P("msn", "com"),
    P("qq", "com"), P("163", "com"), P("126", "com"), P("yeah", "net"),
    P("sina", "com"), P("sohu", "com"), P("foxmail", "com"),
    P("aliyun", "com"), P("protonmail", "com"), P("proton", "me"),
    P("gmx", "com"), P("gmx", "de"), P("web", "de"), P("mail", "ru"),
    P("yandex", "ru"), P("naver", "com"), P("daum", "net"),
    P("hotmail", "co.uk"), P("yahoo", "co.uk"), P("yahoo", "co.jp"),
    P("yahoo", "fr"), P("hotmail", "fr"), P("orange", "fr"), P("free", "fr"),
    P("libero", "it"), P("t-online", "de"), P("comcast", "net"),
};
#undef P

/* Real domains one edit away from a provider that must not be flagged. */
static const char *const real_near[] = {
    "mail.com", "email.com", "gmx.net", "gmx.at", "gmx.ch", "live.co.uk",
    "live.fr", "live.de", "outlook.fr", "outlook.de", "hotmail.de",
    "hotmail.it", "hotmail.es", "yahoo.de", "yahoo.it", "yahoo.es",
    "yahoo.ca", "yahoo.in", "sina.cn", "vip.qq.com", "vip.163.com",
    "mac.com", "163.net", "126.net", "aim.com", "ymail.com", "rocketmail.com",
    "yahoo.com.cn", "yahoo.com.tw", "yahoo.com.hk", "msn.cn", "web.com",
};

/* Damerau-Levenshtein distance (adjacent swaps count 1), capped at 2:
 * typo_of only asks whether it is 0, 1 or more.  One edit is one
 * substitution, one adjacent swap, or one byte more or less, so a
 * comparison of the two strings decides it without a table. */
static int edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), i = 0, j;
    if (la > lb) {
        const char *t = a;
        size_t tl = la;
        a = b;
        b = t;
        la = lb;
        lb = tl;
    }
    if (lb > la + 1)
        return 2;
    while (i < la && a[i] == b[i])
        i++;
    if (la == lb) {
        if (i == la)
            return 0;
        /* one substitution, or a swap of i and i + 1 */
        if (strcmp(a + i + 1, b + i + 1) == 0)
            return 1;
        if (i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] &&
            strcmp(a + i + 2, b + i + 2) == 0)
            return 1;
        return 2;
    }
    /* b has one byte more: skip it at the first difference */
    for (j = i; j < la; j++)
        if (a[j] != b[j + 1])
            return 2;
    return 1;
}

/* The provider a domain looks like a typo of, or NULL: at most one edit
 * in the name and one in the top-level part ("gmial.com", "hotmail.con",
 * "0utlook.com"); names of four letters or less (qq, 163, aol) only by
 * their top-level part, since one edit there lands on real domains. */
/* Providers with one domain the world over: a country ending added to
 * them ("gmail.com.br", "qq.com.cn") is a slip, where "yahoo.com.br" and
 * "hotmail.co.uk" are real. */
static const char *const single_domain[] = {
    "gmail.com", "googlemail.com", "icloud.com", "me.com", "mac.com",
    "qq.com", "163.com", "126.com", "foxmail.com", "yeah.net", "aliyun.com",
    "protonmail.com", "proton.me", "naver.com",
};

static const char *typo_of(const char *dom)
{
    const char *dd = strchr(dom, '.');
    char label[64];
    size_t i, k, dl;
    if (!dd)
        return NULL;
    for (i = 0; i < LSC__COUNT(single_domain); i++) {
        size_t sl = strlen(single_domain[i]);
        if (strncmp(dom, single_domain[i], sl) == 0 && dom[sl] == '.' &&
            dom[sl + 1])
            return single_domain[i];
    }
    dl = (size_t)(dd - dom);
    if (dl == 0 || dl >= sizeof label)
        return NULL;
    memcpy(label, dom, dl);
    label[dl] = '\0';
    for (i = 0; i < LSC__COUNT(providers); i++) {
        const char *p = providers[i].d;
        size_t pl = providers[i].label;
        const char *pd = p + pl;
        char plabel[64];
        int el, et;
        /* The distance is at least the difference in length, so most
         * providers are ruled out before any comparison. */
        if (pl >= sizeof plabel || dl > pl + 1 || pl > dl + 1)
            continue;
        et = edit_distance(dd, pd);
        if (et > 1)
            continue;
        memcpy(plabel, p, pl);
        plabel[pl] = '\0';
        el = edit_distance(label, plabel);
        if (el + et == 0 || el > 1 || et > 1)
            continue;
        if (pl <= 4 && el > 0)
            continue;
        /* a provider itself, or a real domain near one: checked only now
         * that there is a near provider (most domains have none) */
        for (k = 0; k < LSC__COUNT(providers); k++)
            if (strcmp(dom, providers[k].d) == 0)
                return NULL;
        for (k = 0; k < LSC__COUNT(real_near); k++)
            if (strcmp(dom, real_near[k]) == 0)
                return NULL;
        return p;
    }
    return NULL;
}

int lsc__rule_typo_domain(lsc__ctx *c)
{
    rcpt_list *l = rcpts(c, 1);
    size_t i, n = 0, ev = 0;
    lsc__buf ex;
    lsc__hit *h = NULL;
    if (!l)
        return LSC_ENOMEM;
    lsc__buf_init(&ex, c->ar);
    for (i = 0; i < l->n; i++) {
        const char *want;
        if ((l->a[i]->flags & LSC__ADDR_INVALID) || !*lsc__construct_adom(l->a[i]))
            continue;
        want = typo_of(lsc__construct_adom(l->a[i]));
        if (!want)
            continue;
        if (n < 3) {
            const char *d = lsc__construct_safe(c, lsc__construct_adom(l->a[i]));
            char *one = d ? lsc__arena_printf(c->ar, "%s%s -> %s",
                                              n ? ", " : "", d, want) : NULL;
            if (!one || lsc__buf_append(&ex, one, strlen(one)) != 0)
                return LSC_ENOMEM;
        }
        n++;
    }
    if (!n)
        return 0;
    if (!lsc__buf_finish(&ex))
        return LSC_ENOMEM;
    h = lsc__fire(c, 1.0, MISTYPED_DOMAIN,
                  n, ex.p);
    if (!h)
        return LSC_ENOMEM;
    for (i = 0; i < l->n && ev < CONSTRUCT_MAX_EVIDENCE; i++) {
        if ((l->a[i]->flags & LSC__ADDR_INVALID) || !*lsc__construct_adom(l->a[i]) ||
            !typo_of(lsc__construct_adom(l->a[i])))
            continue;
        if (ev_addr(c, h, l->hname[i], l->a[i]) == LSC_ENOMEM)
            return LSC_ENOMEM;
        ev++;
    }
    return 0;
}

int lsc__rule_many_rcpt(lsc__ctx *c)
{
    rcpt_list *l = rcpts(c, 1);
    lsc__hit *h;
    if (!l)
        return LSC_ENOMEM;
    if (l->n < MANY_RCPT_MIN)
        return 0;
    h = lsc__fire(c, LSC__MIN(1.0, 0.4 + 0.6 * (double)(l->n - MANY_RCPT_MIN) /
                                          (MANY_RCPT_FULL - MANY_RCPT_MIN)), MANY_RECIPIENTS,
                  l->n);
    if (!h)
        return LSC_ENOMEM;
    return lsc__construct_ev_in_header(c, h, lsc__construct_hdr(c, "To") ? "To" : lsc__construct_hdr(c, "Cc") ? "Cc" : "Bcc",
                        NULL);
}

int lsc__rule_one_domain(lsc__ctx *c)
{
    rcpt_list *l = rcpts(c, 1);
    size_t i, j, best = 0, besti = 0;
    lsc__hit *h;
    if (!l)
        return LSC_ENOMEM;
    if (l->n < ONE_DOMAIN_MIN)
        return 0;
    /* quadratic, but over at most 3 * LSC__MAX_ADDRESSES and only once a
     * message has ONE_DOMAIN_MIN recipients; skip domains already seen */
    for (i = 0; i < l->n; i++) {
        size_t k = 0;
        int seen = 0;
        if (!*lsc__construct_adom(l->a[i]))
            continue;
        for (j = 0; j < i && !seen; j++)
            seen = strcmp(lsc__construct_adom(l->a[j]), lsc__construct_adom(l->a[i])) == 0;
        if (seen)
            continue;
        for (j = i; j < l->n; j++)
            k += strcmp(lsc__construct_adom(l->a[j]), lsc__construct_adom(l->a[i])) == 0;
        if (k > best) {
            best = k;
            besti = i;
        }
    }
    if (best < ONE_DOMAIN_MIN)
        return 0;
    h = lsc__fire(c, LSC__MIN(1.0, 0.4 + 0.6 * (double)(best - ONE_DOMAIN_MIN) /
                                          (ONE_DOMAIN_FULL - ONE_DOMAIN_MIN)), MANY_AT_ONE_DOMAIN,
                  best, lsc__construct_safe(c, lsc__construct_adom(l->a[besti])));
    if (!h)
        return LSC_ENOMEM;
    return ev_addr(c, h, l->hname[besti], l->a[besti]);
}

int lsc__rule_visible_rcpt(lsc__ctx *c)
{
    rcpt_list *l = rcpts(c, 0);
    lsc__hit *h;
    if (!l)
        return LSC_ENOMEM;
    if (l->n < VISIBLE_MIN)
        return 0;
    h = lsc__fire(c, LSC__MIN(1.0, 0.4 + 0.6 * (double)(l->n - VISIBLE_MIN) /
                                          (VISIBLE_FULL - VISIBLE_MIN)), VISIBLE_RECIPIENT_LIST,
                  l->n);
    if (!h)
        return LSC_ENOMEM;
    return lsc__construct_ev_in_header(c, h, lsc__construct_hdr(c, "To") ? "To" : "Cc", NULL);
}

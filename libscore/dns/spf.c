/*
 * spf.c - the SPF tree of a domain (RFC 7208), walked over DNS.
 *
 * Takes: the check (for its questions and findings), the domain and its
 * one SPF record.  Gives, as findings and facts:
 *   - the DNS-lookup terms (include, a, mx, ptr, exists, redirect) counted
 *     over the whole include/redirect tree, against the limit of 10
 *     (§4.6.4), and lookups that find nothing (void lookups, limit 2);
 *   - includes without exactly one valid SPF record, loops (a domain met
 *     again on its own path), nesting deeper than LSC__SPF_MAX_DEPTH;
 *   - +all / ?all at the top;
 *   - whether opts->expect_include is somewhere in the tree;
 *   - with opts->sending_ip: check_host() evaluated for it (§4.6, §5):
 *     first matching mechanism, include and redirect, a/mx with CIDR
 *     lengths (more than LSC__SPF_MAX_MX_NAMES hosts: permerror), ip4/ip6; ptr never matches (deprecated) and terms with
 *     macros are not expanded (they count, but cannot match).
 * Bounded twice: the walk stops descending once the count is past the
 * limit by LSC__SPF_MAX_LOOKUPS more (the answer is already "too many"),
 * and no walk asks more than LSC__SPF_MAX_QUERIES questions.
 */
#include <arpa/inet.h>
#include <stdio.h>

#include "dns/dns.h"

typedef struct walk_ctx {
    lsc__check *c;
    lsc__spf_walk *w;
    const char *path[LSC__SPF_MAX_DEPTH + 2];   /* domains on the way down */
    size_t queries;
    int reported_loop, reported_deep;
    /* evaluation */
    unsigned char ip[16];
    int ip_v6;
    size_t eval_lookups, eval_void;
} walk_ctx;

static int ask(walk_ctx *x, const char *name, uint16_t type, lsc__dns_answer *a)
{
    if (x->queries >= LSC__SPF_MAX_QUERIES) {
        memset(a, 0, sizeof *a);
        a->status = LSC__DNS_FAIL;
        return 0;
    }
    x->queries++;
    return lsc__check_ask(x->c, name, type, a);
}

/* The one SPF record at domain: 1 found (in *rec, *len), 0 none, -1 more
 * than one, -2 no answer.  Negative rc in *rc. */
static int fetch_spf(walk_ctx *x, const char *domain, const char **rec,
                     size_t *len, int *rc)
{
    lsc__dns_answer a;
    size_t i, found = 0;
    *rc = ask(x, domain, LSC__RR_TXT, &a);
    if (*rc)
        return -2;
    if (a.status == LSC__DNS_TIMEOUT || a.status == LSC__DNS_FAIL)
        return -2;
    for (i = 0; i < a.n; i++)
        if (lsc__spf_is_record(a.rr[i].text, a.rr[i].len)) {
            *rec = a.rr[i].text;
            *len = a.rr[i].len;
            found++;
        }
    return found > 1 ? -1 : (int)found;
}

static char *arg_domain(walk_ctx *x, const lsc__spf_term *t, const char *cur)
{
    if (!t->arg)
        return lsc__arena_strdup(lsc__check_arena(x->c), cur);
    return lsc__arena_strndup(lsc__check_arena(x->c), t->arg, t->arg_len);
}

static int on_path(walk_ctx *x, size_t depth, const char *d)
{
    size_t i;
    for (i = 0; i <= depth; i++)
        if (x->path[i] && lsc__casecmp(x->path[i], d) == 0)
            return 1;
    return 0;
}

/* ---- counting walk ---- */

static int count_walk(walk_ctx *x, const char *domain, const char *rec,
                      size_t len, size_t depth);

static int descend(walk_ctx *x, const char *target, size_t depth)
{
    const char *top = x->path[0], *rec = NULL;
    size_t len = 0;
    int rc = 0, got;
    const lsc_dns_options *o = lsc__check_options(x->c);
    if (o->expect_include && lsc__casecmp(o->expect_include, target) == 0)
        x->w->has_include = 1;
    if (lsc__spf_has_macro(target, strlen(target)))
        return 0;
    if (on_path(x, depth, target)) {
        x->w->loop = 1;
        x->w->broken = 1;
        if (!x->reported_loop++)
            return lsc__finding(x->c, "SPF_LOOP", target, NULL, 0, top, target);
        return 0;
    }
    if (depth + 1 > LSC__SPF_MAX_DEPTH) {
        char n[16];
        x->w->broken = 1;
        snprintf(n, sizeof n, "%d", LSC__SPF_MAX_DEPTH);
        if (!x->reported_deep++)
            return lsc__finding(x->c, "SPF_TOO_DEEP", target, NULL, 0, top, n);
        return 0;
    }
    /* Past the limit by a whole limit's worth: the verdict is known. */
    if (x->w->lookups > 2 * LSC__SPF_MAX_LOOKUPS)
        return 0;
    got = fetch_spf(x, target, &rec, &len, &rc);
    if (rc)
        return rc;
    if (got == -2)
        return 0;    /* unknown: the check says so already */
    if (got != 1) {
        x->w->broken = 1;
        return lsc__finding(x->c, "SPF_INCLUDE_BROKEN", target, NULL, 0, top,
                            target);
    }
    return count_walk(x, target, rec, len, depth + 1);
}

static int count_walk(walk_ctx *x, const char *domain, const char *rec,
                      size_t len, size_t depth)
{
    lsc__spf_record *r = lsc__arena_alloc(lsc__check_arena(x->c), sizeof *r);
    size_t i;
    int rc = 0, has_all = 0;
    const lsc__spf_term *redirect = NULL;
    if (!r)
        return LSC_ENOMEM;
    x->path[depth] = domain;
    if (depth > x->w->depth)
        x->w->depth = depth;
    lsc__spf_parse(r, rec, len);
    if (r->error) {
        x->w->broken = 1;
        if (depth == 0) {
            char *why = lsc__arena_printf(lsc__check_arena(x->c), "%s at \"%.40s\"",
                                          r->error, rec + r->error_at);
            if (!why)
                return LSC_ENOMEM;
            rc = lsc__finding(x->c, "SPF_SYNTAX", domain, rec, len, domain, why);
        } else {
            rc = lsc__finding(x->c, "SPF_INCLUDE_BROKEN", domain, rec, len,
                              x->path[0], domain);
        }
        if (rc)
            return rc;
    }
    for (i = 0; i < r->n && rc == 0; i++) {
        const lsc__spf_term *t = &r->terms[i];
        switch (t->kind) {
        case LSC__SPF_INCLUDE: {
            char *target = arg_domain(x, t, domain);
            x->w->lookups++;
            if (!target)
                return LSC_ENOMEM;
            rc = descend(x, target, depth);
            break;
        }
        case LSC__SPF_A:
        case LSC__SPF_MX:
        case LSC__SPF_PTR:
        case LSC__SPF_EXISTS:
            x->w->lookups++;
            break;
        case LSC__SPF_REDIRECT:
            redirect = t;
            break;
        case LSC__SPF_ALL:
            has_all = 1;
            if (depth == 0 && t->qual == '+')
                rc = lsc__finding(x->c, "SPF_PASS_ALL", domain, rec, len, domain);
            else if (depth == 0 && t->qual == '?')
                rc = lsc__finding(x->c, "SPF_NEUTRAL_ALL", domain, rec, len, domain);
            break;
        default:
            break;
        }
    }
    /* §6.1: redirect is ignored when the record has an all. */
    if (rc == 0 && redirect && !has_all) {
        char *target = arg_domain(x, redirect, domain);
        x->w->lookups++;
        if (!target)
            return LSC_ENOMEM;
        rc = descend(x, target, depth);
    }
    return rc;
}

/* ---- evaluation for one IP (check_host) ---- */

static int in_net(const unsigned char *ip, const unsigned char *net, int bits)
{
    int full = bits / 8, rest = bits % 8;
    if (memcmp(ip, net, (size_t)full) != 0)
        return 0;
    if (rest == 0)
        return 1;
    return ((ip[full] ^ net[full]) & (0xff << (8 - rest)) & 0xff) == 0;
}

/* Does any A/AAAA of host fall in the term's network?  1, 0, or 't'. */
static int host_matches(walk_ctx *x, const char *host, const lsc__spf_term *t,
                        int *rc)
{
    lsc__dns_answer a;
    size_t i;
    int bits = x->ip_v6 ? (t->cidr6 >= 0 ? t->cidr6 : 128)
                        : (t->cidr4 >= 0 ? t->cidr4 : 32);
    *rc = ask(x, host, x->ip_v6 ? LSC__RR_AAAA : LSC__RR_A, &a);
    if (*rc)
        return 0;
    if (a.status == LSC__DNS_TIMEOUT || a.status == LSC__DNS_FAIL)
        return 't';
    if (a.status != LSC__DNS_OK)
        x->eval_void++;
    for (i = 0; i < a.n; i++) {
        unsigned char addr[16];
        if (inet_pton(x->ip_v6 ? AF_INET6 : AF_INET, a.rr[i].text, addr) == 1 &&
            in_net(x->ip, addr, bits))
            return 1;
    }
    return 0;
}

/* check_host(): '+', '-', '~', '?', 'n' none, 'e' permerror, 't' temperror. */
static int eval(walk_ctx *x, const char *domain, size_t depth, int *rc)
{
    const char *rec = NULL;
    size_t len = 0, i;
    lsc__spf_record *r;
    const lsc__spf_term *redirect = NULL;
    int got, has_all = 0;

    if (depth > LSC__SPF_MAX_DEPTH)
        return 'e';
    got = fetch_spf(x, domain, &rec, &len, rc);
    if (*rc || got == -2)
        return 't';
    if (got == -1)
        return 'e';
    if (got == 0)
        return 'n';
    r = lsc__arena_alloc(lsc__check_arena(x->c), sizeof *r);
    if (!r) {
        *rc = LSC_ENOMEM;
        return 'e';
    }
    lsc__spf_parse(r, rec, len);
    if (r->error)
        return 'e';
    for (i = 0; i < r->n; i++) {
        const lsc__spf_term *t = &r->terms[i];
        int m = 0;
        char *target;
        if (t->kind == LSC__SPF_INCLUDE || t->kind == LSC__SPF_A ||
            t->kind == LSC__SPF_MX || t->kind == LSC__SPF_PTR ||
            t->kind == LSC__SPF_EXISTS) {
            if (++x->eval_lookups > LSC__SPF_MAX_LOOKUPS)
                return 'e';
        }
        if (t->kind == LSC__SPF_ALL) {
            has_all = 1;
            m = 1;
        } else if (t->kind == LSC__SPF_IP4 || t->kind == LSC__SPF_IP6) {
            if ((t->kind == LSC__SPF_IP6) == x->ip_v6)
                m = in_net(x->ip, t->addr, t->kind == LSC__SPF_IP6
                                               ? (t->cidr6 >= 0 ? t->cidr6 : 128)
                                               : (t->cidr4 >= 0 ? t->cidr4 : 32));
        } else if (t->kind == LSC__SPF_REDIRECT) {
            redirect = t;
        } else if (t->kind == LSC__SPF_INCLUDE || t->kind == LSC__SPF_A ||
                   t->kind == LSC__SPF_MX || t->kind == LSC__SPF_EXISTS) {
            if (t->arg && lsc__spf_has_macro(t->arg, t->arg_len))
                continue;
            target = arg_domain(x, t, domain);
            if (!target) {
                *rc = LSC_ENOMEM;
                return 'e';
            }
            if (t->kind == LSC__SPF_INCLUDE) {
                int sub = eval(x, target, depth + 1, rc);
                if (*rc || sub == 't')
                    return 't';
                if (sub == 'e' || sub == 'n')
                    return 'e';
                m = sub == '+';
            } else if (t->kind == LSC__SPF_A) {
                m = host_matches(x, target, t, rc);
            } else if (t->kind == LSC__SPF_EXISTS) {
                lsc__dns_answer a;
                *rc = ask(x, target, LSC__RR_A, &a);
                m = a.status == LSC__DNS_OK ? 1
                    : (a.status == LSC__DNS_TIMEOUT || a.status == LSC__DNS_FAIL) ? 't' : 0;
            } else {
                lsc__dns_answer a;
                size_t k;
                *rc = ask(x, target, LSC__RR_MX, &a);
                if (a.status == LSC__DNS_TIMEOUT || a.status == LSC__DNS_FAIL)
                    m = 't';
                else if (a.status != LSC__DNS_OK)
                    x->eval_void++;
                /* §4.6.4: more than 10 MX hosts is a permerror. */
                if (!m && !*rc && a.n > LSC__SPF_MAX_MX_NAMES)
                    return 'e';
                for (k = 0; k < a.n && !m && !*rc; k++)
                    m = host_matches(x, a.rr[k].text, t, rc);
            }
            if (*rc || m == 't')
                return 't';
            if (x->eval_void > LSC__SPF_MAX_VOID)
                return 'e';
        }
        if (m == 1)
            return t->qual;
    }
    if (redirect && !has_all) {
        char *target = arg_domain(x, redirect, domain);
        int sub;
        if (!target) {
            *rc = LSC_ENOMEM;
            return 'e';
        }
        if (++x->eval_lookups > LSC__SPF_MAX_LOOKUPS)
            return 'e';
        sub = eval(x, target, depth + 1, rc);
        return sub == 'n' ? 'e' : sub;
    }
    return '?';
}

static const char *result_name(int r)
{
    switch (r) {
    case '+': return "pass";
    case '-': return "fail";
    case '~': return "softfail";
    case '?': return "neutral";
    case 'n': return "none";
    case 't': return "temperror";
    default: return "permerror";
    }
}

int lsc__spf_walk_run(lsc__check *c, const char *domain, const char *record,
                      size_t len, lsc__spf_walk *w)
{
    walk_ctx x;
    const lsc_dns_options *o = lsc__check_options(c);
    int rc;
    char num[32];

    memset(&x, 0, sizeof x);
    memset(w, 0, sizeof *w);
    x.c = c;
    x.w = w;
    x.path[0] = domain;
    rc = count_walk(&x, domain, record, len, 0);
    if (rc)
        return rc;
    if ((rc = lsc__fact(c, "spf.lookups", "%zu", w->lookups)) != 0 ||
        (rc = lsc__fact(c, "spf.depth", "%zu", w->depth)) != 0)
        return rc;
    if (w->lookups > LSC__SPF_MAX_LOOKUPS) {
        snprintf(num, sizeof num, w->lookups > 2 * LSC__SPF_MAX_LOOKUPS
                                      ? "more than %zu" : "%zu",
                 w->lookups > 2 * LSC__SPF_MAX_LOOKUPS ? (size_t)2 * LSC__SPF_MAX_LOOKUPS
                                                       : w->lookups);
        rc = lsc__finding(c, "SPF_TOO_MANY_LOOKUPS", domain, record, len, domain, num);
        if (rc)
            return rc;
    }
    if (o->expect_include && *o->expect_include && !w->has_include) {
        rc = lsc__finding(c, "SPF_SERVICE_MISSING", domain, record, len, domain,
                          o->expect_include);
        if (rc)
            return rc;
    }
    if (o->sending_ip && *o->sending_ip) {
        int res;
        x.ip_v6 = strchr(o->sending_ip, ':') != NULL;
        if (inet_pton(x.ip_v6 ? AF_INET6 : AF_INET, o->sending_ip, x.ip) != 1)
            return LSC_EINVAL;
        res = eval(&x, domain, 0, &rc);
        if (rc)
            return rc;
        w->ip_result = res;
        if ((rc = lsc__fact(c, "spf.result", "%s", result_name(res))) != 0)
            return rc;
        if (x.eval_void > LSC__SPF_MAX_VOID) {
            snprintf(num, sizeof num, "%zu", x.eval_void);
            if ((rc = lsc__finding(c, "SPF_VOID_LOOKUPS", domain, record, len,
                                   domain, num)) != 0)
                return rc;
        }
        if (res != '+' && res != 't')
            rc = lsc__finding(c, "SPF_IP_NOT_AUTHORISED", domain, record, len,
                              o->sending_ip, domain, result_name(res));
    }
    return rc;
}

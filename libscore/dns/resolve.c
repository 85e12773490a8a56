/*
 * resolve.c - questions to DNS through Debian's ldns (NLnet Labs).
 *
 * Takes: the check's options (servers with ports, or resolv.conf; the
 * per-try timeout, the tries, the deadline of the whole check).  Gives:
 * answers as lists of records in text (TXT strings joined, MX preference
 * and host, A/AAAA addresses), the smallest TTL (RFC 2308 negative TTL
 * from the SOA for NODATA/NXDOMAIN), CNAME chains followed (at most
 * LSC__DNS_MAX_CNAMES hops), at most LSC__DNS_MAX_RECORDS records kept and
 * each TXT cut at LSC__DNS_MAX_TXT_BYTES.
 *
 * Why ldns: it parses every record with its TTL (the cache needs them;
 * Debian 12's c-ares 1.18 gives TTLs only for A/AAAA), it sends over UDP
 * with EDNS and falls back to TCP on truncation, and it has no threads or
 * global state of its own.  Its own retry loop sleeps between rounds, so
 * each server gets its own ldns resolver with one try and this file runs
 * the tries itself: every send waits min(timeout, time left), so the
 * deadline holds whatever the servers do.  ldns is loaded by the first
 * resolver (base/dl.c), not linked: a program that never asks DNS does
 * not pay for loading it and the TLS libraries it needs.
 */
#include <ldns/ldns.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "dns/dns.h"

#define MAX_SERVERS 8

/* The ldns functions used here, loaded with ldns on the first resolver
 * (base/dl.c): a process that never asks DNS never loads it. */
#define LDNS_FUNCS(X) \
    X(ldns_dname_compare) \
    X(ldns_dname_new_frm_str) \
    X(ldns_pkt_answer) \
    X(ldns_pkt_authority) \
    X(ldns_pkt_free) \
    X(ldns_pkt_get_rcode) \
    X(ldns_rdf2native_int16) \
    X(ldns_rdf2native_int32) \
    X(ldns_rdf2str) \
    X(ldns_rdf_clone) \
    X(ldns_rdf_data) \
    X(ldns_rdf_deep_free) \
    X(ldns_rdf_new_frm_str) \
    X(ldns_rdf_size) \
    X(ldns_resolver_deep_free) \
    X(ldns_resolver_nameserver_count) \
    X(ldns_resolver_nameservers) \
    X(ldns_resolver_new) \
    X(ldns_resolver_new_frm_file) \
    X(ldns_resolver_push_nameserver) \
    X(ldns_resolver_send) \
    X(ldns_resolver_set_defnames) \
    X(ldns_resolver_set_dnsrch) \
    X(ldns_resolver_set_dnssec) \
    X(ldns_resolver_set_edns_udp_size) \
    X(ldns_resolver_set_fallback) \
    X(ldns_resolver_set_nameserver_rtt) \
    X(ldns_resolver_set_port) \
    X(ldns_resolver_set_random) \
    X(ldns_resolver_set_recursive) \
    X(ldns_resolver_set_retrans) \
    X(ldns_resolver_set_retry) \
    X(ldns_resolver_set_timeout) \
    X(ldns_rr_get_type) \
    X(ldns_rr_list_rr) \
    X(ldns_rr_list_rr_count) \
    X(ldns_rr_owner) \
    X(ldns_rr_rd_count) \
    X(ldns_rr_rdf) \
    X(ldns_rr_ttl)

typedef struct ldns_api {
    LDNS_FUNCS(LSC__DL_MEMBER)
} ldns_api;

struct lsc__resolver {
    const lsc__alloc *al;
    void *dl;
    ldns_api api;
    ldns_resolver *srv[MAX_SERVERS];
    size_t n_srv;
    int timeout_ms, tries;
    double deadline;          /* monotonic seconds */
    size_t queries;
    int expired;
};

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One ldns resolver for one server address and port. */
static int add_server(lsc__resolver *r, const ldns_rdf *addr, uint16_t port)
{
    const ldns_api *l = &r->api;
    ldns_resolver *lr;
    if (r->n_srv >= MAX_SERVERS)
        return 0;
    lr = l->ldns_resolver_new();
    if (!lr)
        return LSC_ENOMEM;
    if (l->ldns_resolver_push_nameserver(lr, addr) != LDNS_STATUS_OK) {
        l->ldns_resolver_deep_free(lr);
        return LSC_ENOMEM;
    }
    l->ldns_resolver_set_port(lr, port);
    l->ldns_resolver_set_retry(lr, 1);
    l->ldns_resolver_set_retrans(lr, 0);
    l->ldns_resolver_set_recursive(lr, true);
    l->ldns_resolver_set_edns_udp_size(lr, 4096);
    l->ldns_resolver_set_fallback(lr, true);
    l->ldns_resolver_set_defnames(lr, false);
    l->ldns_resolver_set_dnsrch(lr, false);
    l->ldns_resolver_set_random(lr, false);
    l->ldns_resolver_set_dnssec(lr, false);
    r->srv[r->n_srv++] = lr;
    return 0;
}

/* "1.2.3.4", "1.2.3.4:5353", "[::1]:5353", "::1". */
static int parse_server(lsc__resolver *r, const char *s, size_t n)
{
    char host[64];
    const char *colon;
    unsigned long port = 53;
    const ldns_api *l = &r->api;
    ldns_rdf *addr;
    int rc;
    if (n == 0 || n >= sizeof host)
        return LSC_ECONFIG;
    if (s[0] == '[') {
        const char *close = memchr(s, ']', n);
        if (!close || (size_t)(close - s) - 1 >= sizeof host)
            return LSC_ECONFIG;
        memcpy(host, s + 1, (size_t)(close - s) - 1);
        host[close - s - 1] = 0;
        colon = close + 1 < s + n && close[1] == ':' ? close + 1 : NULL;
        if (!colon && close + 1 != s + n)
            return LSC_ECONFIG;
    } else {
        const char *first = memchr(s, ':', n);
        int v6 = first && memchr(first + 1, ':', n - (size_t)(first - s) - 1);
        colon = v6 ? NULL : first;
        memcpy(host, s, colon ? (size_t)(colon - s) : n);
        host[colon ? (size_t)(colon - s) : n] = 0;
    }
    if (colon) {
        char num[8], *end;
        size_t pl = (size_t)(s + n - colon - 1);
        if (pl == 0 || pl >= sizeof num)
            return LSC_ECONFIG;
        memcpy(num, colon + 1, pl);
        num[pl] = 0;
        port = strtoul(num, &end, 10);
        if (*end || port == 0 || port > 65535)
            return LSC_ECONFIG;
    }
    addr = l->ldns_rdf_new_frm_str(strchr(host, ':') ? LDNS_RDF_TYPE_AAAA
                                                  : LDNS_RDF_TYPE_A, host);
    if (!addr)
        return LSC_ECONFIG;
    rc = add_server(r, addr, (uint16_t)port);
    l->ldns_rdf_deep_free(addr);
    return rc;
}

int lsc__resolver_new(lsc__resolver **out, const lsc__alloc *al,
                      const lsc_dns_options *o, lsc_error *err)
{
    static const char *const sonames[] = { "libldns.so.3", "libldns.so", NULL };
    lsc__resolver *r = lsc__calloc(al, 1, sizeof *r);
    const ldns_api *l;
    int rc = 0;
    *out = NULL;
    if (!r)
        return lsc__error(err, LSC_ENOMEM, "lsc_dns_options", "out of memory");
    r->al = al;
    l = &r->api;
    r->dl = lsc__dl_open(sonames);
    {
        ldns_api *api_ = &r->api;
        void *dl_ = r->dl;
        const char *missing_ = NULL;
        LDNS_FUNCS(LSC__DL_SET)
        if (!r->dl || missing_) {
            lsc__resolver_free(r);
            return lsc__error(err, LSC_EUNSUPPORTED, "lsc_dns_options",
                              "the DNS checks need ldns (libldns.so.3, "
                              "Debian's libldns3): %s",
                              missing_ ? missing_ : "not found");
        }
    }
    r->timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : LSC_DNS_DEFAULT_TIMEOUT_MS;
    r->tries = o->tries > 0 ? o->tries : LSC_DNS_DEFAULT_TRIES;
    if (r->tries > 10)
        r->tries = 10;
    r->deadline = mono_now() + (o->deadline_ms > 0 ? o->deadline_ms
                                                   : LSC_DNS_DEFAULT_DEADLINE_MS) / 1000.0;
    if (o->servers && *o->servers) {
        const char *s = o->servers;
        while (*s && rc == 0) {
            size_t n = strcspn(s, ", ");
            if (n)
                rc = parse_server(r, s, n);
            s += n;
            while (*s == ',' || *s == ' ')
                s++;
        }
        if (rc == LSC_ECONFIG) {
            lsc__resolver_free(r);
            return lsc__error(err, rc, "lsc_dns_options.servers",
                              "a server that is not IP, IP:PORT or [IPv6]:PORT: '%s'",
                              o->servers);
        }
    } else {
        ldns_resolver *sys = NULL;
        size_t i;
        /* No servers in resolv.conf is not an error: every answer is
         * then "unknown". */
        if (l->ldns_resolver_new_frm_file(&sys, NULL) == LDNS_STATUS_OK && sys) {
            ldns_rdf **ns = l->ldns_resolver_nameservers(sys);
            for (i = 0; i < l->ldns_resolver_nameserver_count(sys) && rc == 0; i++)
                rc = add_server(r, ns[i], 53);
            l->ldns_resolver_deep_free(sys);
        }
    }
    if (rc) {
        lsc__resolver_free(r);
        return lsc__error(err, rc, "lsc_dns_options", "%s", lsc_strerror(rc));
    }
    *out = r;
    return 0;
}

void lsc__resolver_free(lsc__resolver *r)
{
    size_t i;
    if (!r)
        return;
    for (i = 0; i < r->n_srv; i++)
        r->api.ldns_resolver_deep_free(r->srv[i]);
    lsc__dl_close(r->dl);
    lsc__free(r->al, r);
}

size_t lsc__resolver_queries(const lsc__resolver *r)
{
    return r ? r->queries : 0;
}

int lsc__resolver_expired(const lsc__resolver *r)
{
    return r ? r->expired : 0;
}

/* Sends one question: every try over every server, within the deadline.
 * *pkt is the first answer that is not SERVFAIL/REFUSED. */
static lsc__dns_status send_question(lsc__resolver *r, const ldns_rdf *name,
                                     uint16_t type, ldns_pkt **pkt)
{
    const ldns_api *l = &r->api;
    int t;
    size_t s;
    lsc__dns_status st = LSC__DNS_TIMEOUT;
    *pkt = NULL;
    for (t = 0; t < r->tries; t++) {
        for (s = 0; s < r->n_srv; s++) {
            double left = r->deadline - mono_now();
            double wait = LSC__MIN(r->timeout_ms / 1000.0, left);
            struct timeval tv;
            ldns_pkt *p = NULL;
            ldns_status ls;
            if (wait < 0.001) {
                r->expired = 1;
                return LSC__DNS_TIMEOUT;
            }
            tv.tv_sec = (time_t)wait;
            tv.tv_usec = (suseconds_t)((wait - (double)tv.tv_sec) * 1e6);
            l->ldns_resolver_set_timeout(r->srv[s], tv);
            /* ldns marks a server that timed out as unreachable and then
             * skips it without sending: each try here is a real try. */
            l->ldns_resolver_set_nameserver_rtt(r->srv[s], 0, LDNS_RESOLV_RTT_MIN);
            r->queries++;
            ls = l->ldns_resolver_send(&p, r->srv[s], name, (ldns_rr_type)type,
                                    LDNS_RR_CLASS_IN, LDNS_RD);
            if (ls != LDNS_STATUS_OK || !p) {
                l->ldns_pkt_free(p);
                continue;
            }
            if (l->ldns_pkt_get_rcode(p) == LDNS_RCODE_NOERROR ||
                l->ldns_pkt_get_rcode(p) == LDNS_RCODE_NXDOMAIN) {
                *pkt = p;
                return LSC__DNS_OK;
            }
            st = LSC__DNS_FAIL;
            l->ldns_pkt_free(p);
        }
    }
    if (r->deadline - mono_now() < 0.001)
        r->expired = 1;
    return st;
}

/* "host." -> "host" in lower case, into the arena. */
static char *dname_text(const ldns_api *l, lsc__arena *ar, const ldns_rdf *rdf,
                        size_t *len)
{
    char *s = l->ldns_rdf2str(rdf), *out;
    size_t n;
    if (!s)
        return NULL;
    n = strlen(s);
    if (n > 1 && s[n - 1] == '.')
        n--;
    out = lsc__arena_strndup(ar, s, n);
    free(s);
    if (out)
        lsc__lower(out, n);
    if (len)
        *len = n;
    return out;
}

static int same_name(const ldns_api *l, const ldns_rdf *a, const ldns_rdf *b)
{
    return l->ldns_dname_compare(a, b) == 0;
}

/* The record rr as text in out; 0 or LSC_ENOMEM. */
static int rr_text(const ldns_api *l, lsc__arena *ar, const ldns_rr *rr,
                   lsc__dns_rr *out)
{
    size_t i;
    out->type = (uint16_t)l->ldns_rr_get_type(rr);
    if (out->type == LSC__RR_TXT) {
        lsc__buf b;
        lsc__buf_init(&b, ar);
        for (i = 0; i < l->ldns_rr_rd_count(rr); i++) {
            const ldns_rdf *f = l->ldns_rr_rdf(rr, i);
            const uint8_t *d = l->ldns_rdf_data(f);
            size_t n = l->ldns_rdf_size(f), sl;
            if (n < 1)
                continue;
            sl = LSC__MIN((size_t)d[0], n - 1);
            if (b.len + sl > LSC__DNS_MAX_TXT_BYTES) {
                sl = LSC__DNS_MAX_TXT_BYTES - b.len;
                out->cut = 1;
            }
            if (lsc__buf_append(&b, d + 1, sl) < 0)
                return LSC_ENOMEM;
        }
        out->text = lsc__buf_finish(&b);
        out->len = b.len;
        return out->text ? 0 : LSC_ENOMEM;
    }
    if (out->type == LSC__RR_MX && l->ldns_rr_rd_count(rr) >= 2) {
        out->pref = l->ldns_rdf2native_int16(l->ldns_rr_rdf(rr, 0));
        out->text = dname_text(l, ar, l->ldns_rr_rdf(rr, 1), &out->len);
        return out->text ? 0 : LSC_ENOMEM;
    }
    if (l->ldns_rr_rd_count(rr) >= 1) {
        out->text = dname_text(l, ar, l->ldns_rr_rdf(rr, 0), &out->len);
        return out->text ? 0 : LSC_ENOMEM;
    }
    out->text = lsc__arena_strdup(ar, "");
    return out->text ? 0 : LSC_ENOMEM;
}

static uint32_t negative_ttl(const ldns_api *l, const ldns_pkt *p)
{
    ldns_rr_list *auth = l->ldns_pkt_authority(p);
    size_t i;
    for (i = 0; auth && i < l->ldns_rr_list_rr_count(auth); i++) {
        ldns_rr *rr = l->ldns_rr_list_rr(auth, i);
        if (l->ldns_rr_get_type(rr) == LDNS_RR_TYPE_SOA && l->ldns_rr_rd_count(rr) >= 7) {
            uint32_t min = l->ldns_rdf2native_int32(l->ldns_rr_rdf(rr, 6));
            return LSC__MIN(min, l->ldns_rr_ttl(rr));
        }
    }
    return 60;
}

/* Reads the answer to `name`: follows the CNAMEs it holds, keeps the
 * records of `type` at the end of the chain.  *next is set (an ldns name
 * to ask again) when the chain leaves the answer. */
static int read_answer(const ldns_api *l, lsc__arena *ar, const ldns_pkt *p,
                       const ldns_rdf *name, uint16_t type, lsc__dns_answer *a,
                       ldns_rdf **next)
{
    ldns_rr_list *ans = l->ldns_pkt_answer(p);
    const ldns_rdf *cur = name;
    size_t i, n = ans ? l->ldns_rr_list_rr_count(ans) : 0, hops = 0, kept = 0;
    int moved = 1;
    *next = NULL;
    while (moved && hops <= LSC__DNS_MAX_CNAMES) {
        moved = 0;
        for (i = 0; i < n; i++) {
            ldns_rr *rr = l->ldns_rr_list_rr(ans, i);
            if (l->ldns_rr_get_type(rr) == LDNS_RR_TYPE_CNAME && type != LSC__RR_CNAME &&
                same_name(l, l->ldns_rr_owner(rr), cur) && l->ldns_rr_rd_count(rr) >= 1) {
                cur = l->ldns_rr_rdf(rr, 0);
                a->ttl = LSC__MIN(a->ttl, l->ldns_rr_ttl(rr));
                hops++;
                moved = 1;
                break;
            }
        }
    }
    a->cnames += hops;
    if (a->cnames > LSC__DNS_MAX_CNAMES) {
        a->status = LSC__DNS_FAIL;
        return 0;
    }
    for (i = 0; i < n; i++) {
        ldns_rr *rr = l->ldns_rr_list_rr(ans, i);
        if (l->ldns_rr_get_type(rr) == type && same_name(l, l->ldns_rr_owner(rr), cur))
            kept++;
    }
    if (kept == 0) {
        if (hops > 0 && l->ldns_pkt_get_rcode(p) == LDNS_RCODE_NOERROR) {
            *next = l->ldns_rdf_clone(cur);
            return *next ? 0 : LSC_ENOMEM;
        }
        a->status = l->ldns_pkt_get_rcode(p) == LDNS_RCODE_NXDOMAIN ? LSC__DNS_NXDOMAIN
                                                                 : LSC__DNS_NODATA;
        a->ttl = LSC__MIN(a->ttl, negative_ttl(l, p));
        return 0;
    }
    if (kept > LSC__DNS_MAX_RECORDS) {
        a->too_many = 1;
        kept = LSC__DNS_MAX_RECORDS;
    }
    a->rr = lsc__arena_zalloc(ar, kept * sizeof *a->rr);
    if (!a->rr)
        return LSC_ENOMEM;
    for (i = 0; i < n && a->n < kept; i++) {
        ldns_rr *rr = l->ldns_rr_list_rr(ans, i);
        if (l->ldns_rr_get_type(rr) != type || !same_name(l, l->ldns_rr_owner(rr), cur))
            continue;
        if (rr_text(l, ar, rr, &a->rr[a->n]) < 0)
            return LSC_ENOMEM;
        a->ttl = LSC__MIN(a->ttl, l->ldns_rr_ttl(rr));
        a->n++;
    }
    a->status = LSC__DNS_OK;
    return 0;
}

int lsc__resolve(lsc__resolver *r, lsc__arena *ar, const char *name,
                 uint16_t type, lsc__dns_answer *a)
{
    const ldns_api *l = &r->api;
    char fq[LSC__DOMAIN_MAX + 2];
    size_t n = strlen(name);
    ldns_rdf *q;
    int rc = 0, rounds;

    memset(a, 0, sizeof *a);
    a->ttl = UINT32_MAX;
    a->status = LSC__DNS_FAIL;
    if (n == 0 || n > LSC__DOMAIN_MAX)
        return 0;
    memcpy(fq, name, n);
    if (fq[n - 1] != '.')
        fq[n++] = '.';
    fq[n] = 0;
    q = l->ldns_dname_new_frm_str(fq);
    if (!q)
        return 0;    /* not a name DNS can carry: a failed answer */
    if (r->n_srv == 0) {
        a->status = LSC__DNS_TIMEOUT;
        l->ldns_rdf_deep_free(q);
        return 0;
    }
    for (rounds = 0; rounds <= LSC__DNS_MAX_CNAMES; rounds++) {
        ldns_pkt *p = NULL;
        ldns_rdf *next = NULL;
        lsc__dns_status st = send_question(r, q, type, &p);
        if (st != LSC__DNS_OK) {
            a->status = st;
            break;
        }
        rc = read_answer(&r->api, ar, p, q, type, a, &next);
        l->ldns_pkt_free(p);
        if (rc || !next)
            break;
        l->ldns_rdf_deep_free(q);
        q = next;
        a->status = LSC__DNS_FAIL;    /* a chain longer than the rounds */
    }
    l->ldns_rdf_deep_free(q);
    if (a->ttl == UINT32_MAX)
        a->ttl = 0;
    return rc;
}

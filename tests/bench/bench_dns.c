/*
 * bench_dns.c - cost of a DNS readiness check (make bench).
 *
 * Takes: nothing from the corpus (the argument is ignored).  Starts its own
 * nsd on 127.0.0.1 (tests/dns/nsd-start.sh) with a domain set up the way a
 * real sender's is (SPF with an include, DKIM 2048, DMARC, MX, BIMI) and
 * gives: the wall time of one lsc_sender_check (median, p99, max over 200
 * checks, no cache: every question goes to the server; goal < 50 ms), the
 * same with an lsc_dns_cache warm, a recipient check of 5 domains, and
 * against a UDP socket that never answers, how long a check with a 500 ms
 * deadline takes (it must stay within the deadline plus one scheduling
 * slice).  Without nsd it says so and skips (a bench is not a test).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "t_dns.h"
#include "libscore.h"

#define RUNS 200

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void stats(const char *what, double *ms, int n)
{
    qsort(ms, (size_t)n, sizeof *ms, cmp_d);
    printf("  %-34s median %6.2f ms  p99 %6.2f ms  max %6.2f ms\n", what,
           ms[n / 2], ms[n * 99 / 100], ms[n - 1]);
}

int main(void)
{
    static const char zone[] =
        "$ORIGIN bench.test.\n$TTL 300\n"
        "@ IN SOA ns.bench.test. h.bench.test. 1 3600 600 86400 60\n"
        "@ IN NS ns\nns IN A 127.0.0.1\nmx1 IN A 192.0.2.10\nmx2 IN A 192.0.2.11\n"
        "shop IN TXT \"v=spf1 ip4:192.0.2.0/24 include:_spf.bench.test mx -all\"\n"
        "_spf IN TXT \"v=spf1 ip4:198.51.100.0/24 ip6:2001:db8::/32 -all\"\n"
        "shop IN MX 10 mx1.bench.test.\nshop IN MX 20 mx2.bench.test.\n"
        "_dmarc.shop IN TXT \"v=DMARC1; p=quarantine; rua=mailto:d@bench.test\"\n"
        "default._bimi.shop IN TXT \"v=BIMI1; l=https://bench.test/l.svg\"\n"
        "a IN MX 10 mx1.bench.test.\nb IN MX 10 mx1.bench.test.\nc IN A 192.0.2.1\n";
    char rec[4096], text[12000], server[64];
    double ms[RUNS];
    t_nsd ns;
    lsc_dns_options o = LSC_DNS_OPTIONS_INIT;
    lsc_dns_cache *cache = NULL;
    lsc_check *c;
    size_t i, n, l;
    int fd, bad = 0;

    t_dkim_record(rec, 2048);
    n = (size_t)snprintf(text, sizeof text, "%ss1._domainkey.shop IN TXT (", zone);
    for (i = 0, l = strlen(rec); i < l; i += 255)
        n += (size_t)snprintf(text + n, sizeof text - n, " \"%.*s\"",
                              (int)(l - i > 255 ? 255 : l - i), rec + i);
    snprintf(text + n, sizeof text - n, " )\n");
    if (t_nsd_dir(&ns) != 0 || t_write(ns.dir, "bench.test.zone", text) != 0 ||
        t_nsd_start(&ns) != 0) {
        printf("bench_dns: SKIPPED: could not start nsd on 127.0.0.1 "
               "(apt-get install nsd)\n");
        t_nsd_stop(&ns);
        return 0;
    }
    printf("bench_dns: nsd on %s\n", ns.server);
    o.servers = ns.server;
    o.selectors = "s1";
    o.selectors_len = 2;
    o.sending_ip = "198.51.100.20";
    for (i = 0; i < RUNS; i++) {
        double t0 = t_now_ms();
        if (lsc_sender_check(&c, NULL, "shop.bench.test", LSC_NTS, &o, NULL) != 0)
            return 1;
        ms[i] = t_now_ms() - t0;
        if (i == 0)
            printf("  one check: %zu DNS questions, state %s, %.1f points\n",
                   lsc_check_queries(c),
                   lsc_check_state_name(lsc_check_state_of(c)), lsc_check_points(c));
        bad |= lsc_check_state_of(c) != LSC_CHECK_OK;
        lsc_check_free(c);
    }
    stats("sender check, no cache", ms, RUNS);
    printf("  goal < 50 ms: %s\n", ms[RUNS / 2] < 50.0 ? "met" : "NOT MET");
    if (lsc_dns_cache_new(&cache, 0, NULL, NULL) != 0)
        return 1;
    o.cache = cache;
    for (i = 0; i < RUNS; i++) {
        double t0 = t_now_ms();
        lsc_sender_check(&c, NULL, "shop.bench.test", LSC_NTS, &o, NULL);
        ms[i] = t_now_ms() - t0;
        lsc_check_free(c);
    }
    stats("sender check, cache warm", ms, RUNS);
    o.cache = NULL;
    for (i = 0; i < RUNS; i++) {
        double t0 = t_now_ms();
        lsc_recipient_check(&c, NULL, "x@a.bench.test, y@b.bench.test, "
                            "z@c.bench.test, w@gone.bench.test, v@gmial.com",
                            LSC_NTS, &o, NULL);
        ms[i] = t_now_ms() - t0;
        lsc_check_free(c);
    }
    stats("recipient check, 5 domains", ms, RUNS);
    lsc_dns_cache_free(cache);
    t_nsd_stop(&ns);

    fd = t_silent_server(server, sizeof server);
    if (fd < 0)
        return 1;
    o.servers = server;
    o.timeout_ms = 300;
    o.tries = 3;
    o.deadline_ms = 500;
    for (i = 0; i < 5; i++) {
        double t0 = t_now_ms();
        lsc_sender_check(&c, NULL, "shop.bench.test", LSC_NTS, &o, NULL);
        ms[i] = t_now_ms() - t0;
        bad |= lsc_check_state_of(c) != LSC_CHECK_UNKNOWN;
        lsc_check_free(c);
    }
    qsort(ms, 5, sizeof *ms, cmp_d);
    printf("  silent server, deadline 500 ms:    max %6.1f ms -> %s\n", ms[4],
           ms[4] <= 500 + 50 ? "deadline holds" : "DEADLINE EXCEEDED");
    close(fd);
    if (bad)
        printf("bench_dns: unexpected check state\n");
    return bad || ms[4] > 500 + 50;
}

/*
 * test_dns.c - sender and recipient checks against a REAL authoritative
 * DNS server: Debian's nsd, started on 127.0.0.1 on a free port in a temp
 * dir (tests/dns/nsd-start.sh) for zones written here, stopped at the end.
 * Without nsd every case FAILS (never skips).
 *
 * Zone lsc.test holds one configuration per name (good, nospf, twospf,
 * lookups10/11, plusall, ..., see t_dns_zone.h); mailer.example is a sending
 * service; gmial.com a typo domain.  Then: every configuration gives the
 * findings it should; the same findings agree with a reading of the zone
 * file text itself; a UDP socket that never answers gives "unknown"
 * within the deadline; the limits (TXT size, records, CNAME hops, include
 * depth, lookups) are tested at and past them; the cache (memory and the
 * history file) answers without asking; lsc_score shows the findings.
 */
#include <pthread.h>

#include "test.h"
#include "t_dns_zone.h"    /* the zones (zone()), the server, helpers */

/* ---- cases ---- */

TEST(server_started)
{
    if (!ns_ok)
        printf("#   nsd could not be started: every DNS case fails\n");
    CHECK(ns_ok);
}

TEST(good_setup)
{
    lsc_dns_options o = LSC_DNS_OPTIONS_INIT;
    lsc_check *c;
    const lsc_hit *h;
    o.selectors = "s1";
    o.selectors_len = 2;
    o.sending_ip = "198.51.100.7";    /* authorised through the include */
    o.expect_include = "spf.mailer.example";
    c = sender_opts("good.lsc.test", &o);
    if (!c)
        return;
    CHECK_EQ_INT(lsc_check_state_of(c), LSC_CHECK_OK);
    CHECK(lsc_check_points(c) == 0.0);
    EXPECT(c, "DKIM_KEY_OK");
    EXPECT(c, "DMARC_POLICY");
    EXPECT(c, "BIMI_PRESENT");
    CHECK_STR(lsc_check_fact_value(c, "spf.result"), "pass");
    CHECK_STR(lsc_check_fact_value(c, "dkim.s1.bits"), "2048");
    CHECK_STR(lsc_check_fact_value(c, "dmarc.policy"), "reject");
    CHECK_STR(lsc_check_fact_value(c, "mx.hosts"), "10 mx.lsc.test");
    CHECK_STR(lsc_check_fact_value(c, "spf.lookups"), "1");
    h = lsc_check_find_hit(c, "DMARC_POLICY");
    if (h) {
        CHECK_EQ_INT(h->n_evidence, 1);
        CHECK_EQ_INT(h->evidence[0].where, LSC_WHERE_DNS);
        CHECK_STR(h->evidence[0].header, "_dmarc.good.lsc.test");
        CHECK_STR(h->evidence[0].text, "v=DMARC1; p=reject; rua=mailto:dmarc@good.lsc.test");
    }
    lsc_check_free(c);
}

TEST(spf_configurations)
{
    lsc_check *c;
    const lsc_hit *h;
    c = sender("nospf.lsc.test");
    EXPECT(c, "SPF_MISSING");
    CHECK_EQ_INT(lsc_check_state_of(c), LSC_CHECK_PROBLEMS);
    lsc_check_free(c);
    c = sender("twospf.lsc.test");
    EXPECT(c, "SPF_MULTIPLE");
    h = lsc_check_find_hit(c, "SPF_MULTIPLE");
    CHECK(h && strstr(h->evidence[0].text, "v=spf1 -all") &&
          strstr(h->evidence[0].text, "ip4:192.0.2.1"));
    lsc_check_free(c);
    c = sender("badspf.lsc.test");
    EXPECT(c, "SPF_SYNTAX");
    lsc_check_free(c);
    c = sender("lookups10.lsc.test");    /* at the limit: fine */
    EXPECT_NOT(c, "SPF_TOO_MANY_LOOKUPS");
    CHECK_STR(lsc_check_fact_value(c, "spf.lookups"), "10");
    lsc_check_free(c);
    c = sender("lookups11.lsc.test");
    EXPECT(c, "SPF_TOO_MANY_LOOKUPS");
    CHECK_STR(lsc_check_fact_value(c, "spf.lookups"), "11");
    lsc_check_free(c);
    c = sender("plusall.lsc.test");
    EXPECT(c, "SPF_PASS_ALL");
    EXPECT_NOT(c, "SPF_NEUTRAL_ALL");
    lsc_check_free(c);
    c = sender("qall.lsc.test");
    EXPECT(c, "SPF_NEUTRAL_ALL");
    EXPECT_NOT(c, "SPF_PASS_ALL");
    lsc_check_free(c);
    c = sender("loopa.lsc.test");
    EXPECT(c, "SPF_LOOP");
    lsc_check_free(c);
    c = sender("brokeninc.lsc.test");
    EXPECT(c, "SPF_INCLUDE_BROKEN");
    lsc_check_free(c);
}

TEST(spf_include_depth_limit)
{
    lsc_check *c = sender("deep1.lsc.test");    /* 10 levels: the limit */
    EXPECT_NOT(c, "SPF_TOO_DEEP");
    CHECK_STR(lsc_check_fact_value(c, "spf.depth"), "10");
    lsc_check_free(c);
    c = sender("deep0.lsc.test");               /* 11 levels */
    EXPECT(c, "SPF_TOO_DEEP");
    EXPECT(c, "SPF_TOO_MANY_LOOKUPS");
    lsc_check_free(c);
}

TEST(spf_sending_ip_and_service)
{
    lsc_dns_options o = LSC_DNS_OPTIONS_INIT;
    lsc_check *c;
    o.sending_ip = "203.0.113.9";
    o.expect_include = "_spf.google.com";
    c = sender_opts("good.lsc.test", &o);
    EXPECT(c, "SPF_IP_NOT_AUTHORISED");
    EXPECT(c, "SPF_SERVICE_MISSING");
    CHECK_STR(lsc_check_fact_value(c, "spf.result"), "fail");
    lsc_check_free(c);
    o.sending_ip = "192.0.2.10";    /* the MX host's address */
    o.expect_include = NULL;
    c = sender_opts("mxauth.lsc.test", &o);
    EXPECT_NOT(c, "SPF_IP_NOT_AUTHORISED");
    CHECK_STR(lsc_check_fact_value(c, "spf.result"), "pass");
    lsc_check_free(c);
    o.sending_ip = "192.0.2.11";
    c = sender_opts("mxauth.lsc.test", &o);
    EXPECT(c, "SPF_IP_NOT_AUTHORISED");
    lsc_check_free(c);
}

TEST(dkim_configurations)
{
    lsc_dns_options o = LSC_DNS_OPTIONS_INIT;
    lsc_check *c;
    size_t i, weak = 0, ok = 0;
    o.selectors = "k512,k1024,k2048,revoked,bad,gone,cn";
    o.selectors_len = strlen(o.selectors);
    c = sender_opts("dkim.lsc.test", &o);
    if (!c)
        return;
    CHECK_STR(lsc_check_fact_value(c, "dkim.k512.bits"), "512");
    CHECK_STR(lsc_check_fact_value(c, "dkim.k1024.bits"), "1024");
    CHECK_STR(lsc_check_fact_value(c, "dkim.k2048.bits"), "2048");
    CHECK_STR(lsc_check_fact_value(c, "dkim.cn.bits"), "2048");    /* via CNAME */
    for (i = 0; i < lsc_check_hit_count(c); i++) {
        const lsc_hit *h = lsc_check_hit(c, i);
        if (strcmp(h->id, "DKIM_WEAK_KEY") == 0) {
            weak++;
            CHECK_STR(h->evidence[0].header, "k512._domainkey.dkim.lsc.test");
        }
        if (strcmp(h->id, "DKIM_KEY_OK") == 0)
            ok++;
    }
    CHECK_EQ_INT(weak, 1);
    CHECK_EQ_INT(ok, 3);
    EXPECT(c, "DKIM_REVOKED");
    EXPECT(c, "DKIM_BAD_KEY");
    EXPECT(c, "DKIM_KEY_MISSING");
    CHECK_STR(lsc_check_find_hit(c, "DKIM_KEY_MISSING")->evidence[0].header,
              "gone._domainkey.dkim.lsc.test");
    lsc_check_free(c);
}

TEST(dmarc_configurations)
{
    lsc_check *c = sender("dnone.lsc.test");
    EXPECT(c, "DMARC_POLICY_NONE");
    EXPECT(c, "DMARC_NO_RUA");
    lsc_check_free(c);
    c = sender("dquar.lsc.test");
    EXPECT(c, "DMARC_PCT");
    CHECK_STR(lsc_check_fact_value(c, "dmarc.policy"), "quarantine");
    CHECK_STR(lsc_check_fact_value(c, "dmarc.pct"), "50");
    lsc_check_free(c);
    c = sender("drej.lsc.test");
    EXPECT_NOT(c, "DMARC_POLICY_NONE");
    EXPECT_NOT(c, "DMARC_MISSING");
    CHECK_STR(lsc_check_fact_value(c, "dmarc.policy"), "reject");
    lsc_check_free(c);
    c = sender("dmissing.lsc.test");
    EXPECT(c, "DMARC_MISSING");
    lsc_check_free(c);
    c = sender("dsyntax.lsc.test");
    EXPECT(c, "DMARC_SYNTAX");
    lsc_check_free(c);
    c = sender("dcname.lsc.test");    /* _dmarc through two CNAMEs */
    EXPECT_NOT(c, "DMARC_MISSING");
    CHECK_STR(lsc_check_fact_value(c, "dmarc.policy"), "reject");
    lsc_check_free(c);
}

static const char *signed_message(char *buf, size_t cap, const char *from,
                                  const char *d, const char *rp)
{
    snprintf(buf, cap,
             "Return-Path: <bounce@%s>\r\nDKIM-Signature: v=1; a=rsa-sha256; d=%s; s=m1;\r\n"
             " h=from:to:subject; bh=AAAA; b=BBBB\r\nFrom: Ann <ann@%s>\r\nTo: bob@example.org\r\n"
             "Subject: hello\r\n\r\nHello Bob.\r\n", rp, d, from);
    return buf;
}

TEST(dmarc_alignment)
{
    lsc_dns_options o = LSC_DNS_OPTIONS_INIT;
    char msg[1024];
    lsc_check *c;
    o.message = signed_message(msg, sizeof msg, "mis.lsc.test", "mailer.example",
                               "mailer.example");
    o.message_len = strlen(msg);
    c = sender_opts("mis.lsc.test", &o);
    EXPECT(c, "DMARC_MISALIGNED");
    /* The selector came from the DKIM-Signature, the key from d=. */
    CHECK_STR(lsc_check_fact_value(c, "dkim.m1.bits"), "2048");
    lsc_check_free(c);
    o.message = signed_message(msg, sizeof msg, "strict.lsc.test", "lsc.test", "lsc.test");
    o.message_len = strlen(msg);
    c = sender_opts("strict.lsc.test", &o);
    EXPECT(c, "DMARC_MISALIGNED");    /* adkim=s, aspf=s: the parent is not enough */
    lsc_check_free(c);
    o.message = signed_message(msg, sizeof msg, "relaxed.lsc.test", "lsc.test", "lsc.test");
    o.message_len = strlen(msg);
    c = sender_opts("relaxed.lsc.test", &o);
    EXPECT_NOT(c, "DMARC_MISALIGNED");    /* relaxed: the same organization */
    lsc_check_free(c);
}

TEST(mx_and_nxdomain)
{
    lsc_check *c = sender("nomx.lsc.test");
    EXPECT(c, "MX_MISSING");
    lsc_check_free(c);
    c = sender("nullmx.lsc.test");
    EXPECT(c, "MX_NULL");
    lsc_check_free(c);
    c = sender("nothere.lsc.test");
    EXPECT(c, "DOMAIN_NXDOMAIN");
    CHECK_EQ_INT(lsc_check_hit_count(c), 1);
    lsc_check_free(c);
}

TEST(cname_chain_limit)
{
    lsc_check *c = sender("ch1.lsc.test");    /* 8 hops: followed */
    CHECK_STR(lsc_check_fact_value(c, "spf.records"), "1");
    CHECK(lsc_check_state_of(c) != LSC_CHECK_UNKNOWN);
    lsc_check_free(c);
    c = sender("cx1.lsc.test");               /* 9 hops: not followed */
    CHECK(lsc_check_fact_value(c, "spf.records") == NULL);
    CHECK_EQ_INT(lsc_check_state_of(c), LSC_CHECK_UNKNOWN);
    lsc_check_free(c);
}

TEST(record_limits)
{
    lsc_check *c = sender("big4096.lsc.test");
    EXPECT_NOT(c, "DNS_LIMIT");
    lsc_check_free(c);
    c = sender("big5000.lsc.test");    /* also needs TCP: the answer is > 4096 */
    EXPECT(c, "DNS_LIMIT");
    CHECK_STR(lsc_check_fact_value(c, "spf.records"), "1");
    lsc_check_free(c);
    c = sender("many64.lsc.test");
    EXPECT_NOT(c, "DNS_LIMIT");
    CHECK_STR(lsc_check_fact_value(c, "spf.records"), "1");
    lsc_check_free(c);
    c = sender("many65.lsc.test");
    EXPECT(c, "DNS_LIMIT");
    lsc_check_free(c);
}

TEST(spf_void_lookups_and_query_budget)
{
    lsc_dns_options o = LSC_DNS_OPTIONS_INIT;
    lsc_check *c;
    o.sending_ip = "192.0.2.1";
    c = sender_opts("void2.lsc.test", &o);    /* at the limit */
    EXPECT_NOT(c, "SPF_VOID_LOOKUPS");
    CHECK_STR(lsc_check_fact_value(c, "spf.result"), "pass");
    lsc_check_free(c);
    c = sender_opts("void3.lsc.test", &o);
    EXPECT(c, "SPF_VOID_LOOKUPS");
    CHECK_STR(lsc_check_fact_value(c, "spf.result"), "permerror");
    lsc_check_free(c);
    /* MX hosts: 10 are looked up, 11 are a permerror (RFC 7208 §4.6.4) */
    o.sending_ip = "192.0.2.110";    /* the 10th host */
    c = sender_opts("mx10.lsc.test", &o);
    CHECK_STR(lsc_check_fact_value(c, "spf.result"), "pass");
    lsc_check_free(c);
    c = sender_opts("mx11.lsc.test", &o);
    CHECK_STR(lsc_check_fact_value(c, "spf.result"), "permerror");
    EXPECT(c, "SPF_IP_NOT_AUTHORISED");
    lsc_check_free(c);
    o.sending_ip = "192.0.2.1";
    /* 90 lookups in the tree: the walk stops once the verdict is known
     * and asks at most LSC__SPF_MAX_QUERIES questions. */
    c = sender_opts("fan.lsc.test", &o);
    EXPECT(c, "SPF_TOO_MANY_LOOKUPS");
    CHECK(strstr(lsc_check_find_hit(c, "SPF_TOO_MANY_LOOKUPS")->explanation,
                 "more than 20") != NULL);
    CHECK(lsc_check_queries(c) <= 60 + 10);
    lsc_check_free(c);
}

TEST(selector_and_domain_limits)
{
    lsc_dns_options o = LSC_DNS_OPTIONS_INIT;
    lsc_check *c = NULL;
    char sel[512], list[200 * 24 + 64];
    size_t i, n = 0, missing = 0;
    /* 17 selectors: 16 (LSC__DNS_MAX_SELECTORS) are asked */
    for (i = 0; i < 17; i++)
        n += (size_t)snprintf(sel + n, sizeof sel - n, "%sx%zu", i ? "," : "", i);
    o.selectors = sel;
    o.selectors_len = n;
    c = sender_opts("dkim.lsc.test", &o);
    for (i = 0; c && i < lsc_check_hit_count(c); i++)
        missing += strcmp(lsc_check_hit(c, i)->id, "DKIM_KEY_MISSING") == 0;
    CHECK_EQ_INT(missing, 16);
    lsc_check_free(c);
    /* 200 distinct recipient domains are checked; the 201st is a limit */
    for (n = 0, i = 0; i < 201; i++)
        n += (size_t)snprintf(list + n, sizeof list - n, "%sa@d%zu.lsc.test",
                              i ? "," : "", i);
    lsc_dns_options_init(&o);
    o.servers = ns.server;
    c = NULL;
    CHECK_EQ_INT(lsc_recipient_check(&c, NULL, list, n, &o, NULL), 0);
    CHECK(has(c, "DNS_LIMIT"));
    CHECK(lsc_check_fact_value(c, "recipient.domains") == NULL);
    lsc_check_free(c);
    list[n - (sizeof ",a@d200.lsc.test" - 1)] = 0;
    CHECK_EQ_INT(lsc_recipient_check(&c, NULL, list, strlen(list), &o, NULL), 0);
    CHECK(!has(c, "DNS_LIMIT"));
    CHECK_STR(lsc_check_fact_value(c, "recipient.domains"), "200");
    lsc_check_free(c);
}

TEST(recipients)
{
    lsc_dns_options o = LSC_DNS_OPTIONS_INIT;
    lsc_check *c = NULL;
    lsc_error err;
    const char *list = "Ann <ann@good.lsc.test>, b@nothere.lsc.test, c@nullmx.lsc.test, "
                       "d@aonly.lsc.test, e@nothing.lsc.test, f@gmial.com, g@good.lsc.test";
    const lsc_hit *h;
    CHECK(ns_ok);
    if (!ns_ok)
        return;
    o.servers = ns.server;
    CHECK_EQ_INT(lsc_recipient_check(&c, NULL, list, strlen(list), &o, &err), 0);
    if (!c)
        return;
    EXPECT(c, "RCPT_NXDOMAIN");
    EXPECT(c, "RCPT_NULL_MX");
    EXPECT(c, "RCPT_A_FALLBACK");
    EXPECT(c, "RCPT_TYPO");
    h = lsc_check_find_hit(c, "RCPT_TYPO");
    CHECK(h && strstr(h->explanation, "f@gmial.com") && strstr(h->suggestion, "gmail.com"));
    h = lsc_check_find_hit(c, "RCPT_NXDOMAIN");
    CHECK(h && strstr(h->explanation, "b@nothere.lsc.test"));
    CHECK_STR(lsc_check_fact_value(c, "recipient.domains"), "6");
    {
        size_t i, nohost = 0;
        for (i = 0; i < lsc_check_hit_count(c); i++)
            if (strcmp(lsc_check_hit(c, i)->id, "RCPT_NO_MAIL_HOST") == 0)
                nohost++;
        CHECK_EQ_INT(nohost, 2);    /* nothing.lsc.test and gmial.com */
    }
    CHECK_EQ_INT(lsc_check_state_of(c), LSC_CHECK_PROBLEMS);
    lsc_check_free(c);
}

TEST(silent_server_is_unknown_in_time)
{
    lsc_dns_options o = LSC_DNS_OPTIONS_INIT;
    char server[64];
    lsc_check *c = NULL;
    double t0, ms;
    int fd = t_silent_server(server, sizeof server);
    CHECK(fd >= 0);
    if (fd < 0)
        return;
    o.servers = server;
    o.timeout_ms = 200;
    o.tries = 2;
    o.deadline_ms = 600;
    t0 = t_now_ms();
    CHECK_EQ_INT(lsc_sender_check(&c, NULL, "good.lsc.test", LSC_NTS, &o, NULL), 0);
    ms = t_now_ms() - t0;
    CHECK_EQ_INT(lsc_check_state_of(c), LSC_CHECK_UNKNOWN);
    EXPECT(c, "DNS_UNKNOWN");
    EXPECT_NOT(c, "SPF_MISSING");    /* unknown is not "missing" */
    /* Bounded by the deadline (a bound, not a speed measurement). */
    if (ms > 600 + 400)
        printf("#   took %.0f ms with a 600 ms deadline\n", ms);
    CHECK(ms < 600 + 400);
    lsc_check_free(c);
    /* A deadline shorter than one try. */
    o.timeout_ms = 5000;
    o.deadline_ms = 150;
    t0 = t_now_ms();
    CHECK_EQ_INT(lsc_recipient_check(&c, NULL, "a@good.lsc.test", LSC_NTS, &o, NULL), 0);
    ms = t_now_ms() - t0;
    CHECK_EQ_INT(lsc_check_state_of(c), LSC_CHECK_UNKNOWN);
    CHECK(ms < 150 + 400);
    lsc_check_free(c);
    close(fd);
}

TEST(cache_memory_and_history_file)
{
    lsc_dns_options o = LSC_DNS_OPTIONS_INIT;
    lsc_dns_cache *cache = NULL;
    lsc_history *hist = NULL;
    lsc_check *c;
    char path[300], server[64];
    uint64_t hits = 0, misses = 0;
    size_t q1;
    int fd;
    CHECK_EQ_INT(lsc_dns_cache_new(&cache, 0, NULL, NULL), 0);
    o.cache = cache;
    c = sender_opts("good.lsc.test", &o);
    q1 = lsc_check_queries(c);
    CHECK(q1 > 0);
    lsc_check_free(c);
    c = sender_opts("good.lsc.test", &o);
    CHECK_EQ_INT(lsc_check_queries(c), 0);
    CHECK(!has(c, "SPF_MISSING"));
    lsc_dns_cache_stats(cache, &hits, &misses);
    CHECK(hits >= q1);
    lsc_check_free(c);
    /* TTL: an hour later every answer (TTL 300) is asked again. */
    o.now = (int64_t)time(NULL) + 3600;
    c = sender_opts("good.lsc.test", &o);
    CHECK_EQ_INT(lsc_check_queries(c), q1);
    lsc_check_free(c);
    lsc_dns_cache_free(cache);

    /* In the history's file: a new cache in a new "process" starts warm. */
    snprintf(path, sizeof path, "%s/history.db", ns.dir);
    CHECK_EQ_INT(lsc_dns_cache_new(&cache, 0, path, NULL), LSC_EIO);    /* no history yet */
    CHECK_EQ_INT(lsc_history_open(&hist, path, NULL, NULL), 0);
    CHECK_EQ_INT(lsc_dns_cache_new(&cache, 0, path, NULL), 0);
    o.cache = cache;
    o.now = 0;
    c = sender_opts("nospf.lsc.test", &o);
    lsc_check_free(c);
    lsc_dns_cache_free(cache);
    cache = NULL;
    CHECK_EQ_INT(lsc_dns_cache_new(&cache, 0, path, NULL), 0);
    fd = t_silent_server(server, sizeof server);
    o.cache = cache;
    o.servers = server;
    o.deadline_ms = 300;
    CHECK_EQ_INT(lsc_sender_check(&c, NULL, "nospf.lsc.test", LSC_NTS, &o, NULL), 0);
    CHECK_EQ_INT(lsc_check_queries(c), 0);
    CHECK(has(c, "SPF_MISSING"));
    CHECK(lsc_check_state_of(c) != LSC_CHECK_UNKNOWN);
    lsc_check_free(c);
    lsc_dns_cache_free(cache);
    close(fd);
    lsc_history_close(hist);
    /* The history still opens as a history (the table sits beside it). */
    hist = NULL;
    CHECK_EQ_INT(lsc_history_open(&hist, path, NULL, NULL), 0);
    lsc_history_close(hist);
}

typedef struct thread_arg {
    lsc_dns_cache *cache;
    int ok;
} thread_arg;

static void *check_thread(void *p)
{
    thread_arg *a = p;
    int i;
    a->ok = 1;
    for (i = 0; i < 20; i++) {
        lsc_dns_options o = LSC_DNS_OPTIONS_INIT;
        lsc_check *c = NULL;
        o.servers = ns.server;
        o.cache = a->cache;
        o.selectors = "s1";
        o.selectors_len = 2;
        if (lsc_sender_check(&c, NULL, i % 2 ? "good.lsc.test" : "nospf.lsc.test",
                             LSC_NTS, &o, NULL) != 0 ||
            (lsc_check_find_hit(c, "SPF_MISSING") != NULL) != (i % 2 == 0) ||
            lsc_check_state_of(c) == LSC_CHECK_UNKNOWN)
            a->ok = 0;
        lsc_check_free(c);
    }
    return NULL;
}

/* Four threads share one cache (its mutex) and check at once. */
TEST(threads_share_a_cache)
{
    pthread_t t[4];
    thread_arg a[4];
    lsc_dns_cache *cache = NULL;
    int i;
    CHECK(ns_ok);
    if (!ns_ok || lsc_dns_cache_new(&cache, 16, NULL, NULL) != 0)
        return;
    for (i = 0; i < 4; i++) {
        a[i].cache = cache;
        CHECK_EQ_INT(pthread_create(&t[i], NULL, check_thread, &a[i]), 0);
    }
    for (i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        CHECK(a[i].ok);
    }
    lsc_dns_cache_free(cache);
}

TEST(findings_in_score)
{
    lsc_engine *e = NULL;
    lsc_result *r = NULL;
    lsc_score_options so;
    lsc_check *c = sender("nospf.lsc.test");
    const char *msg = "From: a@nospf.lsc.test\r\nTo: b@example.org\r\nSubject: hi\r\n\r\nHello.\r\n";
    const lsc_hit *h;
    char *json = NULL;
    double before;
    if (!c)
        return;
    CHECK_EQ_INT(lsc_engine_new(&e, NULL, NULL), 0);
    lsc_score_options_init(&so);
    CHECK_EQ_INT(lsc_score(&r, e, msg, strlen(msg), &so, NULL), 0);
    before = lsc_result_points(r);
    CHECK(lsc_result_find_hit(r, "SPF_MISSING") == NULL);
    lsc_result_free(r);
    so.check = c;
    CHECK_EQ_INT(lsc_score(&r, e, msg, strlen(msg), &so, NULL), 0);
    lsc_check_free(c);    /* the result keeps its own copies */
    h = lsc_result_find_hit(r, "SPF_MISSING");
    CHECK(h != NULL);
    if (h) {
        CHECK_STR(h->group, "dns");
        CHECK(h->points > 0);
        CHECK_EQ_INT(h->evidence[0].where, LSC_WHERE_DNS);
        CHECK_STR(h->evidence[0].header, "nospf.lsc.test");
    }
    CHECK(lsc_result_points(r) > before);
    CHECK_EQ_INT(lsc_result_json(&json, NULL, r, 0, NULL), 0);
    CHECK(json && strstr(json, "\"where\":\"dns\""));
    lsc_string_free(json);
    /* The report page names the DNS name the record was read at. */
    json = NULL;
    CHECK_EQ_INT(lsc_result_html(&json, NULL, r, NULL, NULL), 0);
    CHECK(json && strstr(json, "SPF_MISSING") && strstr(json, "(nospf.lsc.test)"));
    lsc_string_free(json);
    lsc_result_free(r);
    /* A version 1 options struct is still read (without .check). */
    so.version = 1;
    CHECK_EQ_INT(lsc_score(&r, e, msg, strlen(msg), &so, NULL), 0);
    lsc_result_free(r);
    lsc_engine_free(e);
}

/* ---- the zone file read independently ---- */

/* The joined text of every TXT record of owner (relative name) in the
 * zone text, as this test wrote it: lines "owner IN TXT ..." with the
 * quoted strings concatenated. */
static size_t zone_txts(const char *owner, char out[][8192], size_t max)
{
    const char *p = zone_text;
    size_t n = 0, ol = strlen(owner);
    while (*p && n < max) {
        const char *eol = strchr(p, '\n');
        size_t ll = eol ? (size_t)(eol - p) : strlen(p);
        if (ll > ol + 8 && memcmp(p, owner, ol) == 0 && memcmp(p + ol, " IN TXT ", 8) == 0) {
            const char *q = p + ol + 8;
            size_t o = 0;
            while (q < p + ll) {
                const char *s = memchr(q, '"', (size_t)(p + ll - q)), *e;
                if (!s)
                    break;
                e = memchr(s + 1, '"', (size_t)(p + ll - s - 1));
                if (!e)
                    break;
                memcpy(out[n] + o, s + 1, (size_t)(e - s - 1));
                o += (size_t)(e - s - 1);
                q = e + 1;
            }
            out[n][o] = 0;
            n++;
        }
        p += ll + (eol ? 1 : 0);
    }
    return n;
}

static int zone_has_line(const char *line)
{
    return strstr(zone_text, line) != NULL;
}

TEST(agrees_with_zone_file)
{
    static const char *names[] = {
        "good", "nospf", "twospf", "plusall", "qall", "dnone", "dquar", "drej",
        "dmissing", "nomx", "nullmx", "lookups10", "mis", "dkim",
    };
    static char txt[8][8192];
    size_t i, j;
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        char domain[64], owner[64], line[128];
        size_t n, spf = 0, dm;
        int plus = 0, quest = 0, none = 0, has_mx, null_mx;
        lsc_check *c;
        snprintf(domain, sizeof domain, "%s.lsc.test", names[i]);
        n = zone_txts(names[i], txt, 8);
        for (j = 0; j < n; j++)
            if (strncmp(txt[j], "v=spf1", 6) == 0 && (txt[j][6] == ' ' || !txt[j][6])) {
                spf++;
                plus |= strstr(txt[j], " +all") != NULL;
                quest |= strstr(txt[j], " ?all") != NULL;
            }
        snprintf(owner, sizeof owner, "_dmarc.%s", names[i]);
        dm = zone_txts(owner, txt, 8);
        none = dm == 1 && strstr(txt[0], "p=none") != NULL;
        snprintf(line, sizeof line, "\n%s IN MX ", names[i]);
        has_mx = zone_has_line(line);
        snprintf(line, sizeof line, "\n%s IN MX 0 .\n", names[i]);
        null_mx = zone_has_line(line);
        c = sender(domain);
        if (!c)
            continue;
        CHECK_EQ_INT(has(c, "SPF_MISSING"), spf == 0);
        CHECK_EQ_INT(has(c, "SPF_MULTIPLE"), spf > 1);
        CHECK_EQ_INT(has(c, "SPF_PASS_ALL"), spf == 1 && plus);
        CHECK_EQ_INT(has(c, "SPF_NEUTRAL_ALL"), spf == 1 && quest);
        CHECK_EQ_INT(has(c, "DMARC_MISSING"), dm == 0);
        CHECK_EQ_INT(has(c, "DMARC_POLICY_NONE"), none);
        CHECK_EQ_INT(has(c, "MX_MISSING"), !has_mx);
        CHECK_EQ_INT(has(c, "MX_NULL"), null_mx);
        if (spf == 1) {
            const char *rec = lsc_check_fact_value(c, "spf.record");
            n = zone_txts(names[i], txt, 8);
            for (j = 0; j < n; j++)
                if (strncmp(txt[j], "v=spf1", 6) == 0)
                    CHECK_STR(rec, txt[j]);
        }
        lsc_check_free(c);
    }
}

TEST(bad_arguments)
{
    lsc_check *c = NULL;
    lsc_dns_options o = LSC_DNS_OPTIONS_INIT;
    lsc_error err;
    CHECK_EQ_INT(lsc_sender_check(&c, NULL, "not a domain", LSC_NTS, &o, &err), LSC_EINVAL);
    CHECK(c == NULL);
    o.servers = "127.0.0.1:99999";
    CHECK_EQ_INT(lsc_sender_check(&c, NULL, "example.com", LSC_NTS, &o, &err), LSC_ECONFIG);
    o.servers = "127.0.0.1:53";
    o.sending_ip = "999.1.1.1";
    CHECK_EQ_INT(lsc_sender_check(&c, NULL, "example.com", LSC_NTS, &o, &err), LSC_EINVAL);
    o.sending_ip = NULL;
    o.version = 99;
    CHECK_EQ_INT(lsc_sender_check(&c, NULL, "example.com", LSC_NTS, &o, &err), LSC_EVERSION);
    CHECK_EQ_INT(lsc_sender_check(NULL, NULL, "example.com", LSC_NTS, NULL, &err), LSC_EINVAL);
    lsc_check_free(NULL);
    CHECK_EQ_INT(lsc_check_hit_count(NULL), 0);
}

int main(void)
{
    start_server();
    RUN(server_started);
    RUN(good_setup);
    RUN(spf_configurations);
    RUN(spf_include_depth_limit);
    RUN(spf_sending_ip_and_service);
    RUN(dkim_configurations);
    RUN(dmarc_configurations);
    RUN(dmarc_alignment);
    RUN(mx_and_nxdomain);
    RUN(cname_chain_limit);
    RUN(record_limits);
    RUN(spf_void_lookups_and_query_budget);
    RUN(selector_and_domain_limits);
    RUN(recipients);
    RUN(silent_server_is_unknown_in_time);
    RUN(cache_memory_and_history_file);
    RUN(threads_share_a_cache);
    RUN(findings_in_score);
    RUN(agrees_with_zone_file);
    RUN(bad_arguments);
    t_nsd_stop(&ns);
    return TEST_DONE();
}

/*
 * test_dns.c - sender and recipient checks against a REAL authoritative
 * DNS server: Debian's nsd, started on 127.0.0.1 on a free port in a temp
 * dir (tests/dns/nsd-start.sh) for zones written here, stopped at the end.
 * Without nsd every case FAILS (never skips).
 *
 * Zone lsc.test holds one configuration per name (good, nospf, twospf,
 * lookups10/11, plusall, ..., see zone()); mailer.example is a sending
 * service; gmial.com a typo domain.  Then: every configuration gives the
 * findings it should; the same findings agree with a reading of the zone
 * file text itself; a UDP socket that never answers gives "unknown"
 * within the deadline; the limits (TXT size, records, CNAME hops, include
 * depth, lookups) are tested at and past them; the cache (memory and the
 * history file) answers without asking; lsc_score shows the findings.
 */
#include <stdarg.h>

#include "test.h"
#include "t_dns.h"

#define LSC_TEST_TXT 4096    /* LSC__DNS_MAX_TXT_BYTES */

static t_nsd ns;
static int ns_ok;
static char zone_text[200000];
static size_t zone_len;

static void z(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    zone_len += (size_t)vsnprintf(zone_text + zone_len, sizeof zone_text - zone_len,
                                  fmt, ap);
    va_end(ap);
}

/* A TXT record whose text is split in <=255-byte strings. */
static void z_txt(const char *owner, const char *text)
{
    size_t n = strlen(text), i;
    z("%s IN TXT (", owner);
    for (i = 0; i < n; i += 255)
        z(" \"%.*s\"", (int)(n - i > 255 ? 255 : n - i), text + i);
    if (n == 0)
        z(" \"\"");
    z(" )\n");
}

static void z_dkim(const char *owner, unsigned bits)
{
    char rec[4096];
    t_dkim_record(rec, bits);
    z_txt(owner, rec);
}

static void zone(void)
{
    char big[6000];
    int i;
    zone_len = 0;
    z("$ORIGIN lsc.test.\n$TTL 300\n");
    z("@ IN SOA ns.lsc.test. host.lsc.test. 1 3600 600 86400 60\n@ IN NS ns\nns IN A 127.0.0.1\n");
    z("mx IN A 192.0.2.10\n");
    /* good: everything right */
    z("good IN TXT \"v=spf1 ip4:192.0.2.0/24 include:spf.mailer.example -all\"\n");
    z("good IN MX 10 mx.lsc.test.\n");
    z_dkim("s1._domainkey.good", 2048);
    z("_dmarc.good IN TXT \"v=DMARC1; p=reject; rua=mailto:dmarc@good.lsc.test\"\n");
    z("default._bimi.good IN TXT \"v=BIMI1; l=https://good.lsc.test/logo.svg\"\n");
#define DM(name) z("_dmarc." name " IN TXT \"v=DMARC1; p=reject; rua=mailto:d@lsc.test\"\n" \
                   name " IN MX 10 mx.lsc.test.\n")
    /* SPF */
    z("nospf IN TXT \"google-site-verification=abc\"\n");
    DM("nospf");
    z("twospf IN TXT \"v=spf1 -all\"\ntwospf IN TXT \"v=spf1 ip4:192.0.2.1 -all\"\n");
    DM("twospf");
    z("badspf IN TXT \"v=spf1 ip4:192.0.2.300 -all\"\n");
    DM("badspf");
    z("l2 IN TXT \"v=spf1 a mx -all\"\nl2b IN TXT \"v=spf1 a mx a:x.lsc.test -all\"\n");
    z("l1 IN TXT \"v=spf1 a mx ptr exists:x.lsc.test include:l2.lsc.test -all\"\n");
    z("l1b IN TXT \"v=spf1 a mx ptr exists:x.lsc.test include:l2b.lsc.test -all\"\n");
    z("lookups10 IN TXT \"v=spf1 a mx include:l1.lsc.test -all\"\n");
    DM("lookups10");
    z("lookups11 IN TXT \"v=spf1 a mx include:l1b.lsc.test -all\"\n");
    DM("lookups11");
    z("plusall IN TXT \"v=spf1 +all\"\n");
    DM("plusall");
    z("qall IN TXT \"v=spf1 ?all\"\n");
    DM("qall");
    z("loopa IN TXT \"v=spf1 include:loopb.lsc.test -all\"\n");
    z("loopb IN TXT \"v=spf1 include:loopa.lsc.test -all\"\n");
    DM("loopa");
    z("brokeninc IN TXT \"v=spf1 include:nospf.lsc.test -all\"\n");
    DM("brokeninc");
    for (i = 0; i <= 10; i++)
        z("deep%d IN TXT \"v=spf1 include:deep%d.lsc.test -all\"\n", i, i + 1);
    z("deep11 IN TXT \"v=spf1 -all\"\n");
    DM("deep0");
    DM("deep1");
    z("mxauth IN TXT \"v=spf1 mx -all\"\n");
    DM("mxauth");
    /* DKIM: one domain, one selector per case */
    z("dkim IN TXT \"v=spf1 -all\"\n");
    DM("dkim");
    z_dkim("k512._domainkey.dkim", 512);
    z_dkim("k1024._domainkey.dkim", 1024);
    z_dkim("k2048._domainkey.dkim", 2048);
    z("revoked._domainkey.dkim IN TXT \"v=DKIM1; k=rsa; p=\"\n");
    z("bad._domainkey.dkim IN TXT \"v=DKIM1; k=rsa; p=TWFueSBoYW5kcw==\"\n");
    z("cn._domainkey.dkim IN CNAME m1._domainkey.mailer.example.\n");
    /* DMARC */
    z("dnone IN TXT \"v=spf1 -all\"\n_dmarc.dnone IN TXT \"v=DMARC1; p=none\"\ndnone IN MX 10 mx.lsc.test.\n");
    z("dquar IN TXT \"v=spf1 -all\"\n_dmarc.dquar IN TXT \"v=DMARC1; p=quarantine; pct=50; rua=mailto:d@lsc.test\"\n");
    z("drej IN TXT \"v=spf1 -all\"\n");
    DM("drej");
    z("dmissing IN TXT \"v=spf1 -all\"\ndmissing IN MX 10 mx.lsc.test.\n");
    z("dsyntax IN TXT \"v=spf1 -all\"\n_dmarc.dsyntax IN TXT \"v=DMARC1; p=sometimes\"\n");
    z("dcname IN TXT \"v=spf1 -all\"\n_dmarc.dcname IN CNAME hop1.lsc.test.\n");
    z("hop1 IN CNAME hop2.lsc.test.\nhop2 IN TXT \"v=DMARC1; p=reject; rua=mailto:d@lsc.test\"\n");
    z("mis IN TXT \"v=spf1 -all\"\n");
    DM("mis");
    z("strict IN TXT \"v=spf1 -all\"\nstrict IN MX 10 mx.lsc.test.\n");
    z("_dmarc.strict IN TXT \"v=DMARC1; p=reject; adkim=s; aspf=s; rua=mailto:d@lsc.test\"\n");
    z("relaxed IN TXT \"v=spf1 -all\"\n");
    DM("relaxed");
    /* MX */
    z("nomx IN TXT \"v=spf1 -all\"\n_dmarc.nomx IN TXT \"v=DMARC1; p=reject; rua=mailto:d@lsc.test\"\n");
    z("nullmx IN TXT \"v=spf1 -all\"\nnullmx IN MX 0 .\n");
    z("aonly IN A 192.0.2.20\n");
    z("nothing IN TXT \"hello\"\n");
    /* CNAME chains: ch1 -> ... -> ch9 is 8 hops (the limit), cx1 -> cx10 is 9 */
    for (i = 1; i <= 8; i++)
        z("ch%d IN CNAME ch%d.lsc.test.\n", i, i + 1);
    z("ch9 IN TXT \"v=spf1 -all\"\n");
    for (i = 1; i <= 9; i++)
        z("cx%d IN CNAME cx%d.lsc.test.\n", i, i + 1);
    z("cx10 IN TXT \"v=spf1 -all\"\n");
    /* Limits: a TXT of exactly 4096 bytes, one of 5000, 64 and 65 records */
    memset(big, 'x', sizeof big);
    big[LSC_TEST_TXT] = 0;
    z("big4096 IN TXT \"v=spf1 -all\"\n");
    z_txt("big4096", big);
    big[LSC_TEST_TXT] = 'x';
    big[5000] = 0;
    z("big5000 IN TXT \"v=spf1 -all\"\n");
    z_txt("big5000", big);
    for (i = 0; i < 65; i++) {
        if (i < 63)
            z("many64 IN TXT \"r%d\"\n", i);
        z("many65 IN TXT \"r%d\"\n", i);
    }
    z("many64 IN TXT \"v=spf1 -all\"\n");
}


static const char *mailer_zone(void)
{
    static char text[8000];
    char rec[4096];
    size_t n;
    t_dkim_record(rec, 2048);
    n = (size_t)snprintf(text, sizeof text,
        "$ORIGIN mailer.example.\n$TTL 300\n"
        "@ IN SOA ns.mailer.example. h.mailer.example. 1 3600 600 86400 60\n"
        "@ IN NS ns\nns IN A 127.0.0.1\n"
        "spf IN TXT \"v=spf1 ip4:198.51.100.0/24 -all\"\n"
        "m1._domainkey IN TXT (");
    {
        size_t i, l = strlen(rec);
        for (i = 0; i < l; i += 255)
            n += (size_t)snprintf(text + n, sizeof text - n, " \"%.*s\"",
                                  (int)(l - i > 255 ? 255 : l - i), rec + i);
    }
    snprintf(text + n, sizeof text - n, " )\n");
    return text;
}

static void start_server(void)
{
    zone();
    if (t_nsd_dir(&ns) != 0) {
        printf("# no temp dir\n");
        return;
    }
    if (t_write(ns.dir, "lsc.test.zone", zone_text) != 0 ||
        t_write(ns.dir, "mailer.example.zone", mailer_zone()) != 0 ||
        t_write(ns.dir, "gmial.com.zone",
                "$ORIGIN gmial.com.\n$TTL 300\n@ IN SOA ns h 1 3600 600 86400 60\n"
                "@ IN NS ns\nns IN A 127.0.0.1\n") != 0) {
        printf("# cannot write zones\n");
        return;
    }
    ns_ok = t_nsd_start(&ns) == 0;
}

/* ---- helpers ---- */

static lsc_check *sender_opts(const char *domain, lsc_dns_options *o)
{
    lsc_check *c = NULL;
    lsc_error err;
    int rc;
    CHECK(ns_ok);
    if (!ns_ok)
        return NULL;
    o->servers = ns.server;
    if (!o->timeout_ms)
        o->timeout_ms = 1000;
    rc = lsc_sender_check(&c, NULL, domain, LSC_NTS, o, &err);
    CHECK_EQ_INT(rc, 0);
    if (rc)
        printf("#   %s\n", err.message);
    return c;
}

static lsc_check *sender(const char *domain)
{
    lsc_dns_options o = LSC_DNS_OPTIONS_INIT;
    return sender_opts(domain, &o);
}

static int has(const lsc_check *c, const char *id)
{
    return lsc_check_find_hit(c, id) != NULL;
}

static void dump(const lsc_check *c)
{
    size_t i;
    for (i = 0; i < lsc_check_hit_count(c); i++)
        printf("#     %s %.1f %s\n", lsc_check_hit(c, i)->id,
               lsc_check_hit(c, i)->points, lsc_check_hit(c, i)->explanation);
}

#define EXPECT(c, id) do { if (!has(c, id)) { printf("#   %s missing on %s\n", id, lsc_check_subject(c)); dump(c); } CHECK(has(c, id)); } while (0)
#define EXPECT_NOT(c, id) do { if (has(c, id)) { printf("#   %s unexpected on %s\n", id, lsc_check_subject(c)); dump(c); } CHECK(!has(c, id)); } while (0)

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
    CHECK_EQ_INT(lsc_result_json(&json, NULL, r, 0), 0);
    CHECK(json && strstr(json, "\"where\":\"dns\""));
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
    RUN(recipients);
    RUN(silent_server_is_unknown_in_time);
    RUN(cache_memory_and_history_file);
    RUN(findings_in_score);
    RUN(agrees_with_zone_file);
    RUN(bad_arguments);
    t_nsd_stop(&ns);
    return TEST_DONE();
}

/*
 * t_dns_zone.h - the zones test_dns.c serves from a real nsd: lsc.test with
 * one configuration per name (good, nospf, twospf, lookups10/11, plusall,
 * qall, loops, deep includes, DKIM 512/1024/2048/revoked/bad, DMARC
 * none/quarantine/reject/missing/syntax/CNAME/strict/relaxed, no MX, null
 * MX, A only, CNAME chains, big and many TXT records, void lookups, a
 * fan-out tree), mailer.example (a sending service) and gmial.com (a typo
 * domain); the server's start, and the helpers the cases share.
 */
#ifndef T_DNS_ZONE_H
#define T_DNS_ZONE_H

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
    /* Void lookups: 2 is the limit (RFC 7208 §4.6.4), 3 is past it */
    z("void2 IN TXT \"v=spf1 a:n1.lsc.test a:n2.lsc.test ip4:192.0.2.0/24 -all\"\n");
    z("void3 IN TXT \"v=spf1 a:n1.lsc.test a:n2.lsc.test a:n3.lsc.test ip4:192.0.2.0/24 -all\"\n");
    /* mx10 has 10 MX hosts (the limit), mx11 11: permerror */
    z("mx10 IN TXT \"v=spf1 mx -all\"\nmx11 IN TXT \"v=spf1 mx -all\"\n");
    for (i = 1; i <= 11; i++) {
        z("h%d IN A 192.0.2.%d\n", i, 100 + i);
        if (i <= 10)
            z("mx10 IN MX %d h%d.lsc.test.\n", i, i);
        z("mx11 IN MX %d h%d.lsc.test.\n", i, i);
    }
    /* A fan-out tree: 9 includes of 9 includes each (90 lookups) */
    z("fan IN TXT \"v=spf1");
    for (i = 1; i <= 9; i++)
        z(" include:f%d.lsc.test", i);
    z(" -all\"\n");
    for (i = 1; i <= 9; i++) {
        int j;
        z("f%d IN TXT \"v=spf1", i);
        for (j = 1; j <= 9; j++)
            z(" include:g%d.lsc.test", j);
        z(" -all\"\n");
    }
    for (i = 1; i <= 9; i++)
        z("g%d IN TXT \"v=spf1 -all\"\n", i);
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


#endif

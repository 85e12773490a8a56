/*
 * test_dns_records.c - the DNS record parsers without any network: SPF
 * terms and syntax errors, tag lists, DMARC, DKIM keys (sizes read from
 * DER built by t_dns.h and from real keys made by OpenSSL), the
 * registrable domain, provider typos, and the named limits.
 */
#include "test.h"
#include "t_dns.h"
#include "dns/dns.h"

static lsc__spf_record rec;

static void spf(const char *s)
{
    lsc__spf_parse(&rec, s, strlen(s));
}

TEST(spf_terms)
{
    spf("v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 a mx:mail.example.com/28//64 "
        "include:_spf.google.com ~all");
    CHECK(rec.error == NULL);
    CHECK_EQ_INT(rec.n, 6);
    CHECK_EQ_INT(rec.terms[0].kind, LSC__SPF_IP4);
    CHECK_EQ_INT(rec.terms[0].cidr4, 24);
    CHECK_EQ_INT(rec.terms[0].addr[0], 192);
    CHECK_EQ_INT(rec.terms[1].kind, LSC__SPF_IP6);
    CHECK_EQ_INT(rec.terms[1].cidr6, 32);
    CHECK_EQ_INT(rec.terms[2].kind, LSC__SPF_A);
    CHECK(rec.terms[2].arg == NULL);
    CHECK_EQ_INT(rec.terms[3].kind, LSC__SPF_MX);
    CHECK_EQ_INT(rec.terms[3].cidr4, 28);
    CHECK_EQ_INT(rec.terms[3].cidr6, 64);
    CHECK_EQ_INT(rec.terms[3].arg_len, strlen("mail.example.com"));
    CHECK_EQ_INT(rec.terms[4].kind, LSC__SPF_INCLUDE);
    CHECK_EQ_INT(rec.terms[5].kind, LSC__SPF_ALL);
    CHECK_EQ_INT(rec.terms[5].qual, '~');
    spf("v=spf1 redirect=_spf.example.com");
    CHECK(rec.error == NULL);
    CHECK_EQ_INT(rec.terms[0].kind, LSC__SPF_REDIRECT);
    spf("V=SPF1 -ALL");
    CHECK(rec.error == NULL);
    CHECK_EQ_INT(rec.terms[0].qual, '-');
    spf("v=spf1 exists:%{i}._spf.example.com -all");
    CHECK(rec.error == NULL);
    CHECK(lsc__spf_has_macro(rec.terms[0].arg, rec.terms[0].arg_len));
}

TEST(spf_errors)
{
    static const char *bad[] = {
        "v=spf1 ip4:192.0.2.300 -all", "v=spf1 ip4:192.0.2.0/33", "v=spf1 foo:bar",
        "v=spf1 include", "v=spf1 include:", "v=spf1 all:x", "v=spf1 ip6:zz::1",
        "v=spf1 redirect=a.example redirect=b.example", "v=spf1 a:bad..example",
        "v=spf1 ptr/24", "v=spf1 ip6:2001:db8::/129", "v=spf1 ip4:1.2.3.4//64",
        "v=spf1 a:/24", "v=spf1 mx:",
    };
    size_t i;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        spf(bad[i]);
        if (rec.error == NULL)
            printf("#   parsed without error: %s\n", bad[i]);
        CHECK(rec.error != NULL);
    }
    CHECK(lsc__spf_is_record("v=spf1", 6));
    CHECK(lsc__spf_is_record("v=spf1 -all", 11));
    CHECK(!lsc__spf_is_record("v=spf10 -all", 12));
    CHECK(!lsc__spf_is_record("spf1", 4));
    /* An unknown modifier is allowed (RFC 7208 §6). */
    spf("v=spf1 foo=bar -all");
    CHECK(rec.error == NULL);
    spf("v=spf1 a");    /* a mechanism at the very end (fuzz regression) */
    CHECK(rec.error == NULL && rec.n == 1 && rec.terms[0].arg == NULL);
}

TEST(spf_term_limit)
{
    char buf[LSC__SPF_MAX_TERMS * 16 + 32];
    size_t i, n = 0;
    n += (size_t)sprintf(buf, "v=spf1");
    for (i = 0; i < LSC__SPF_MAX_TERMS; i++)
        n += (size_t)sprintf(buf + n, " ip4:10.0.0.%zu", i % 250);
    lsc__spf_parse(&rec, buf, n);
    CHECK(rec.error == NULL);
    CHECK_EQ_INT(rec.n, LSC__SPF_MAX_TERMS);
    n += (size_t)sprintf(buf + n, " -all");
    lsc__spf_parse(&rec, buf, n);
    CHECK(rec.too_many_terms);
    CHECK(rec.error != NULL);
    CHECK_EQ_INT(rec.n, LSC__SPF_MAX_TERMS);
}

TEST(tags_and_dmarc)
{
    lsc__tags t;
    lsc__dmarc d;
    size_t n;
    const char *v;
    const char *r = "v=DMARC1; p=quarantine; pct=50; rua=mailto:d@example.com; adkim=s;";
    lsc__tags_parse(&t, " a = 1 ; b=two words ;", 22);
    CHECK_EQ_INT(t.n, 2);
    v = lsc__tag_get(&t, "b", &n);
    CHECK(v && n == 9 && memcmp(v, "two words", 9) == 0);
    lsc__tags_parse(&t, "a=1; a=2", 8);
    CHECK(t.bad);
    CHECK(lsc__dmarc_is_record(r, strlen(r)));
    lsc__dmarc_parse(&d, r, strlen(r));
    CHECK(d.valid);
    CHECK_EQ_INT(d.p, LSC__DMARC_P_QUARANTINE);
    CHECK_EQ_INT(d.pct, 50);
    CHECK(d.adkim_strict && !d.aspf_strict);
    CHECK(d.rua != NULL);
    lsc__dmarc_parse(&d, "v=DMARC1; p=maybe", 17);
    CHECK(!d.valid);
    lsc__dmarc_parse(&d, "p=reject; v=DMARC1", 18);
    CHECK(!d.valid);
    lsc__dmarc_parse(&d, "v=DMARC1; p=none; pct=101", 25);
    CHECK(!d.valid);
    CHECK(!lsc__dmarc_is_record("v=DMARC10; p=none", 17));
}

TEST(tag_limit)
{
    char buf[LSC__TAG_MAX * 8 + 16];
    size_t i, n = 0;
    lsc__tags t;
    for (i = 0; i < LSC__TAG_MAX; i++)
        n += (size_t)sprintf(buf + n, "t%zu=1;", i);
    lsc__tags_parse(&t, buf, n);
    CHECK_EQ_INT(t.n, LSC__TAG_MAX);
    CHECK(!t.too_many);
    n += (size_t)sprintf(buf + n, "x=1");
    lsc__tags_parse(&t, buf, n);
    CHECK(t.too_many);
}

static unsigned key_bits(const char *txt, int *revoked, int *malformed)
{
    lsc__alloc al;
    lsc__arena ar;
    lsc__dkim_key k;
    lsc__alloc_init(&al, NULL);
    lsc__arena_init(&ar, &al);
    CHECK_EQ_INT(lsc__dkim_key_parse(&k, &ar, txt, strlen(txt)), 0);
    lsc__arena_free(&ar);
    if (revoked)
        *revoked = k.revoked;
    if (malformed)
        *malformed = k.malformed;
    return k.bits;
}

TEST(dkim_keys)
{
    static const unsigned sizes[] = { 384, 512, 767, 1024, 1025, 2048, 4096 };
    char txt[4096];
    unsigned char der[1200];
    size_t i, n;
    int revoked, bad;
    for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        t_dkim_record(txt, sizes[i]);
        CHECK_EQ_INT(key_bits(txt, NULL, NULL), sizes[i]);
        n = t_rsa_der(der, sizes[i], 1);
        CHECK_EQ_INT(lsc__rsa_der_bits(der, n), sizes[i]);
        /* Every cut of the DER is refused, never read past. */
        CHECK_EQ_INT(lsc__rsa_der_bits(der, n - 1), 0);
    }
    /* Real keys made by OpenSSL: SPKI 1024, bare RSAPublicKey 2048, ed25519. */
    CHECK_EQ_INT(key_bits("v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC+PMH1dZfHxzlfPsrmVLRXBA3WI1/eyOMf+zOjhzpL0FbF+iXcVzr3xozQ4QoKh/xv9ZKaWrzcvzYLjLgWovKBoorHfvALMjCiKiEH+mU+7LBvUHG3eONUxdw1MCVSd6sEnXnBafiy/fxf5hMHNASiLnd1QCLlzhpWpFxd7kZYkwIDAQAB", NULL, NULL), 1024);
    CHECK_EQ_INT(key_bits("p=MIIBCgKCAQEArsUxVa73ldEs6sAxn9M8vcqSFygbdTrxxwuLzkRyrQXdnUU+f3z/pBE6fFgSLZVTvrnOiViOMcsNQ18a0BaSVt9AyvVMiTk4gA1udZX/KcWjA59Bk/gWRvxtT5kb/qWaapos3538TGvB2qVLAVpkLz57Rv8LyAm+TG914i9h86SXx+RYcIkuNiUThHfWEWX9/0uzivRnfy3Nq5yGnHe9A7pstZKRl0AQ/gb4wl/o7Ssf12vI4DhIUZpY/Vudrxqkpw9//y8aATttFzKy/UL6ZbjMBEGbm0IjSz3XIc4gbSvTt9UPfqzqunx8AP+zIHrXYdTdupyYsbnatRwxwgm3SwIDAQAB", NULL, NULL), 2048);
    CHECK_EQ_INT(key_bits("v=DKIM1; k=ed25519; p=q/V8hM0NL4jv1AT4Vv5lcGjHBOSmq6soC15E6FrB4+c=", NULL, NULL), 256);
    key_bits("v=DKIM1; p=", &revoked, &bad);
    CHECK(revoked && !bad);
    key_bits("v=DKIM1; p=!!notbase64", &revoked, &bad);
    CHECK(!revoked && bad);
    key_bits("v=DKIM1; p=TWFu", &revoked, &bad);    /* "Man": not DER */
    CHECK(!revoked && bad);
}

TEST(der_depth_and_lengths)
{
    /* Indefinite length, a length past the end, an absurd length. */
    static const unsigned char a[] = { 0x30, 0x80, 0x02, 0x01, 0x01, 0x00, 0x00 };
    static const unsigned char b[] = { 0x30, 0x05, 0x02, 0x01 };
    static const unsigned char c[] = { 0x30, 0x85, 0xff, 0xff, 0xff, 0xff, 0xff };
    CHECK_EQ_INT(lsc__rsa_der_bits(a, sizeof a), 0);
    CHECK_EQ_INT(lsc__rsa_der_bits(b, sizeof b), 0);
    CHECK_EQ_INT(lsc__rsa_der_bits(c, sizeof c), 0);
    CHECK_EQ_INT(lsc__rsa_der_bits(NULL, 0), 0);
}

TEST(registrable_domain)
{
    char out[LSC__DOMAIN_MAX + 1];
    CHECK_EQ_INT(lsc__registrable_domain(out, sizeof out, "Mail.Example.CO.UK.", 19), 0);
    CHECK_STR(out, "example.co.uk");
    CHECK_EQ_INT(lsc__registrable_domain(out, sizeof out, "a.b.example.com", 15), 0);
    CHECK_STR(out, "example.com");
    CHECK_EQ_INT(lsc__registrable_domain(out, sizeof out, "co.uk", 5), 0);
    CHECK_STR(out, "co.uk");
    CHECK(lsc__registrable_domain(out, sizeof out, "", 0) < 0);
    CHECK(lsc__registrable_domain(out, 4, "example.com", 11) < 0);
}

/* Same site or not: the answers decided before the Public Suffix List
 * (same name, another TLD) agree with comparing the registrable domains,
 * and so do those after it. */
TEST(same_registrable)
{
    static const char *const hosts[] = {
        "example.com", "EXAMPLE.com", "a.example.com", "example.com.",
        "example.co.uk", "b.example.co.uk", "co.uk", "example.org",
        "example.com.evil.org", "xn--mnchen-3ya.de", "a.XN--MNCHEN-3YA.DE",
        "localhost", "LOCALHOST", "1.2.3.4", "com", ".", "",
    };
    size_t i, j;
    for (i = 0; i < LSC__COUNT(hosts); i++)
        for (j = 0; j < LSC__COUNT(hosts); j++) {
            char ra[LSC__DOMAIN_MAX + 1], rb[LSC__DOMAIN_MAX + 1];
            int want;
            if (lsc__registrable_domain(ra, sizeof ra, hosts[i], strlen(hosts[i])) < 0 ||
                lsc__registrable_domain(rb, sizeof rb, hosts[j], strlen(hosts[j])) < 0)
                want = lsc__casecmp(hosts[i], hosts[j]) == 0;
            else
                want = strcmp(ra, rb) == 0;
            if (lsc__same_registrable(hosts[i], hosts[j]) != want)
                printf("#   %s / %s\n", hosts[i], hosts[j]);
            CHECK_EQ_INT(lsc__same_registrable(hosts[i], hosts[j]), want);
        }
    CHECK(lsc__same_registrable("a.example.com", "B.Example.COM"));
    CHECK(lsc__same_registrable("example.com.", "example.com"));
    CHECK(!lsc__same_registrable("example.com", "example.com.evil.org"));
}

TEST(provider_typos)
{
    CHECK_STR(lsc__provider_typo("gmial.com", 9), "gmail.com");
    CHECK_STR(lsc__provider_typo("gmail.con", 9), "gmail.com");
    CHECK_STR(lsc__provider_typo("gmai.com", 8), "gmail.com");
    CHECK_STR(lsc__provider_typo("hotmial.com", 11), "hotmail.com");
    CHECK_STR(lsc__provider_typo("yahooo.com", 10), "yahoo.com");
    CHECK_STR(lsc__provider_typo("outlok.com", 10), "outlook.com");
    CHECK(lsc__provider_typo("gmail.com", 9) == NULL);
    CHECK(lsc__provider_typo("example.com", 11) == NULL);
    CHECK(lsc__provider_typo("qq.co", 5) == NULL);    /* short names: no guess */
    CHECK(lsc__provider_typo("gmx.com", 7) == NULL);
}

int main(void)
{
    RUN(spf_terms);
    RUN(spf_errors);
    RUN(spf_term_limit);
    RUN(tags_and_dmarc);
    RUN(tag_limit);
    RUN(dkim_keys);
    RUN(der_depth_and_lengths);
    RUN(registrable_domain);
    RUN(same_registrable);
    RUN(provider_typos);
    return TEST_DONE();
}

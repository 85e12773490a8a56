/*
 * fuzz_records.c - libFuzzer target: the DNS record parsers (dns/records.c)
 * and the name helpers, no network.
 *
 * Takes: any bytes.  The first byte picks the parser, the rest is the
 * record text: 0 SPF, 1 DMARC, 2 DKIM key record, 3 RSA key DER, 4 tag
 * list, 5 registrable domain and provider typo.  Gives: a crash, a
 * sanitizer report or an abort when a parser reads outside its input,
 * keeps more than its named limit, or reports something impossible (a
 * term whose argument is not inside the record, a pct over 100, a revoked
 * key with a size).
 */
#include <stdint.h>

#include "fuzz.h"
#include "dns/dns.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fz_inside(const char *p, size_t n, const char *base, size_t len)
{
    return !p || (p >= base && n <= len && (size_t)(p - base) <= len - n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static lsc__spf_record rec;
    const char *txt = (const char *)data + 1;
    size_t n = size ? size - 1 : 0, i;
    if (size == 0)
        return 0;
    switch (data[0] % 6) {
    case 0:
        lsc__spf_parse(&rec, txt, n);
        FZ_CHECK(rec.n <= LSC__SPF_MAX_TERMS);
        FZ_CHECK(rec.error_at <= n);
        FZ_CHECK(!rec.too_many_terms || rec.error);
        for (i = 0; i < rec.n; i++) {
            const lsc__spf_term *t = &rec.terms[i];
            FZ_CHECK(fz_inside(t->arg, t->arg_len, txt, n));
            FZ_CHECK(t->cidr4 <= 32 && t->cidr6 <= 128);
            FZ_CHECK(t->qual == '+' || t->qual == '-' || t->qual == '~' || t->qual == '?');
        }
        FZ_CHECK(lsc__spf_is_record(txt, n) || rec.error);
        break;
    case 1: {
        lsc__dmarc d;
        lsc__dmarc_parse(&d, txt, n);
        FZ_CHECK(d.pct >= -1 && d.pct <= 100);
        FZ_CHECK(d.tags.n <= LSC__TAG_MAX);
        FZ_CHECK(fz_inside(d.rua, d.rua_len, txt, n));
        FZ_CHECK(!d.valid || d.p != LSC__DMARC_P_BAD);
        (void)lsc__dmarc_is_record(txt, n);
        break;
    }
    case 2: {
        lsc__alloc al;
        lsc__arena ar;
        lsc__dkim_key k;
        lsc__alloc_init(&al, NULL);
        lsc__arena_init(&ar, &al);
        FZ_CHECK(lsc__dkim_key_parse(&k, &ar, txt, n) == 0);
        FZ_CHECK(!k.revoked || k.bits == 0);
        FZ_CHECK(k.bits <= 8 * 8192);
        FZ_CHECK(memchr(k.key_type, 0, sizeof k.key_type) != NULL);
        lsc__arena_free(&ar);
        break;
    }
    case 3:
        FZ_CHECK(lsc__rsa_der_bits((const unsigned char *)txt, n) <= 8 * n);
        break;
    case 4: {
        lsc__tags t;
        lsc__tags_parse(&t, txt, n);
        FZ_CHECK(t.n <= LSC__TAG_MAX);
        for (i = 0; i < t.n; i++) {
            FZ_CHECK(fz_inside(t.t[i].name, t.t[i].name_len, txt, n));
            FZ_CHECK(fz_inside(t.t[i].value, t.t[i].value_len, txt, n));
            FZ_CHECK(t.t[i].name_len > 0);
        }
        break;
    }
    default: {
        char out[LSC__DOMAIN_MAX + 1];
        const char *p = lsc__provider_typo(txt, n);
        if (lsc__registrable_domain(out, sizeof out, txt, n) == 0)
            FZ_CHECK(strlen(out) <= LSC__DOMAIN_MAX);
        FZ_CHECK(!p || strlen(p) < 20);
        break;
    }
    }
    return 0;
}

/*
 * domain.c - the registrable (organizational) domain of a host name, by
 * the Public Suffix List (Debian's libpsl and its built-in list).
 *
 * Takes: a host name (pointer + length, any case, an optional final dot).
 * Gives: its registrable domain in lower case ("mail.example.co.uk" ->
 * "example.co.uk"), which DMARC (RFC 7489 §3.2) calls the organizational
 * domain.  A public suffix itself, or a name libpsl cannot place, gives
 * the name unchanged, which is what DMARC's relaxed alignment falls back
 * to.  Also whether a name ends in a top-level domain the list knows
 * (a URL written without scheme in plain text).  Names longer than LSC__DOMAIN_MAX are refused.
 */
#include <libpsl.h>

#include "base/domain.h"

int lsc__registrable_domain(char *out, size_t cap, const char *name,
                            size_t len)
{
    char host[LSC__DOMAIN_MAX + 1];
    const char *reg;
    size_t i, n;

    if (!out || cap == 0 || !name)
        return LSC_EINVAL;
    while (len > 0 && name[len - 1] == '.')
        len--;
    if (len == 0 || len > LSC__DOMAIN_MAX)
        return LSC_EINVAL;
    for (i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)name[i];
        if (ch == 0)
            return LSC_EINVAL;
        host[i] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
    }
    host[len] = 0;
    /* psl_builtin() is a static table: no state, safe from any thread. */
    reg = psl_registrable_domain(psl_builtin(), host);
    if (!reg)
        reg = host;
    n = strlen(reg);
    if (n + 1 > cap)
        return LSC_EINVAL;
    memcpy(out, reg, n + 1);
    return 0;
}

int lsc__domain_known_tld(const char *name, size_t len)
{
    char tld[64];
    size_t i = len;
    while (i > 0 && name[i - 1] != '.')
        i--;
    if (len - i == 0 || len - i >= sizeof tld)
        return 0;
    for (len -= i, name += i, i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)name[i];
        tld[i] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
    }
    tld[len] = 0;
    /* without the "*" default rule an unknown label is no suffix */
    return psl_is_public_suffix2(psl_builtin(), tld,
                                 PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE) != 0;
}

/* The last label of name[0..len) without trailing dots, as *at, *n. */
static void last_label(const char *name, size_t len, const char **at, size_t *n)
{
    size_t e = len, i;
    while (e > 0 && name[e - 1] == '.')
        e--;
    i = e;
    while (i > 0 && name[i - 1] != '.')
        i--;
    *at = name + i;
    *n = e - i;
}

int lsc__same_registrable(const char *a, const char *b)
{
    char ra[LSC__DOMAIN_MAX + 1], rb[LSC__DOMAIN_MAX + 1];
    const char *la, *lb;
    size_t al = strlen(a), bl = strlen(b), na, nb;
    /* Decided without the Public Suffix List (a look-up each, ~8,000
     * instructions) where it cannot matter: the same name, or names under
     * different TLDs (each registrable domain ends with its name's last
     * label, and the fallback below compares the whole names). */
    if (lsc__casecmp(a, b) == 0)
        return 1;
    last_label(a, al, &la, &na);
    last_label(b, bl, &lb, &nb);
    if (na != nb || lsc__ncasecmp(la, lb, na) != 0)
        return 0;
    /* names that are no domain are the same only as the same name, and
     * these differ */
    if (lsc__registrable_domain(ra, sizeof ra, a, al) < 0 ||
        lsc__registrable_domain(rb, sizeof rb, b, bl) < 0)
        return 0;
    return strcmp(ra, rb) == 0;
}

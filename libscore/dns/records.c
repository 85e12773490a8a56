/*
 * records.c - the record parsers of the DNS stage: pure functions over
 * text, no network, fuzzed by tests/fuzz/fuzz_records.c.
 *
 * Takes: the text of one TXT record (strings already joined).  Gives:
 *   SPF (RFC 7208 §4.6, §12): the terms in order, each with qualifier,
 *     kind, argument, CIDR lengths and the ip4/ip6 network; the first
 *     syntax error and where it is.  At most LSC__SPF_MAX_TERMS terms.
 *   tag=value lists (RFC 6376 §3.2, RFC 7489 §6.4): at most LSC__TAG_MAX.
 *   DMARC: version, p, sp, pct, adkim, aspf, rua.
 *   DKIM key records: v, k, p, t; revoked (empty p=), and the key's size:
 *     RSA keys are SubjectPublicKeyInfo DER (or a bare RSAPublicKey),
 *     read by a bounded DER reader (definite lengths only, the fixed
 *     three-level shape of a key and nothing deeper, every length checked
 *     against what is left); ed25519 keys are 32 raw bytes (RFC 8463).
 * Nothing here allocates except the decoded key bytes (in the arena).
 */
#include <arpa/inet.h>
#include <stdlib.h>

#include "dns/dns.h"
#include "mime/mime.h"

static int is_sp(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

static int is_alpha(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

static int is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

/* ---- SPF ---- */

int lsc__spf_is_record(const char *txt, size_t n)
{
    return txt && n >= 6 && lsc__ncasecmp(txt, "v=spf1", 6) == 0 &&
           (n == 6 || txt[6] == ' ');
}

int lsc__spf_has_macro(const char *s, size_t n)
{
    return s && memchr(s, '%', n) != NULL;
}

typedef struct mech_name {
    const char *name;
    lsc__spf_kind kind;
    int arg;              /* 0 none, 1 optional domain, 2 required */
} mech_name;

static const mech_name mechs[] = {
    { "all", LSC__SPF_ALL, 0 },       { "include", LSC__SPF_INCLUDE, 2 },
    { "a", LSC__SPF_A, 1 },           { "mx", LSC__SPF_MX, 1 },
    { "ptr", LSC__SPF_PTR, 1 },       { "ip4", LSC__SPF_IP4, 2 },
    { "ip6", LSC__SPF_IP6, 2 },       { "exists", LSC__SPF_EXISTS, 2 },
};

/* A number of at most 3 digits in [0, max]; -1 when not. */
static int small_number(const char *s, size_t n, int max)
{
    int v = 0;
    size_t i;
    if (n == 0 || n > 3)
        return -1;
    for (i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    if (n > 1 && s[0] == '0')
        return -1;
    return v <= max ? v : -1;
}

/* Splits "/24//64" (or "/24", "//64") off the end of an argument. */
static int cut_cidr(lsc__spf_term *t, const char *s, size_t *n, int v6_only)
{
    const char *slash = memchr(s, '/', *n);
    size_t rest;
    if (!slash)
        return 0;
    rest = *n - (size_t)(slash - s);
    *n = (size_t)(slash - s);
    if (rest >= 2 && slash[1] == '/') {
        t->cidr6 = small_number(slash + 2, rest - 2, 128);
        return t->cidr6 < 0 ? -1 : 0;
    }
    {
        const char *dbl = NULL;
        size_t i, l4;
        for (i = 1; i + 1 < rest; i++)
            if (slash[i] == '/' && slash[i + 1] == '/') {
                dbl = slash + i;
                break;
            }
        l4 = dbl ? (size_t)(dbl - slash) - 1 : rest - 1;
        if (v6_only) {
            t->cidr6 = small_number(slash + 1, l4, 128);
            return t->cidr6 < 0 || dbl ? -1 : 0;
        }
        t->cidr4 = small_number(slash + 1, l4, 32);
        if (t->cidr4 < 0)
            return -1;
        if (dbl) {
            t->cidr6 = small_number(dbl + 2, rest - (size_t)(dbl - slash) - 2,
                                    128);
            if (t->cidr6 < 0)
                return -1;
        }
    }
    return 0;
}

/* A domain-spec: printable ASCII without spaces, labels not empty (a
 * macro may stand anywhere).  RFC 7208 §7.1 and §4.8. */
static int domain_spec_ok(const char *s, size_t n)
{
    size_t i, label = 0;
    if (n == 0 || n > LSC__DOMAIN_MAX)
        return 0;
    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch <= 0x20 || ch >= 0x7f)
            return 0;
        if (ch == '.') {
            if (label == 0 && !lsc__spf_has_macro(s, n))
                return 0;
            label = 0;
        } else {
            label++;
        }
    }
    return 1;
}

static int parse_ip(lsc__spf_term *t, const char *s, size_t n)
{
    char tmp[64];
    if (n == 0 || n >= sizeof tmp)
        return -1;
    memcpy(tmp, s, n);
    tmp[n] = 0;
    if (t->kind == LSC__SPF_IP4)
        return inet_pton(AF_INET, tmp, t->addr) == 1 ? 0 : -1;
    return inet_pton(AF_INET6, tmp, t->addr) == 1 ? 0 : -1;
}

static const char *parse_term(lsc__spf_record *rec, lsc__spf_term *t,
                              const char *s, size_t n)
{
    size_t i, name_len = 0;
    const char *p = s;
    memset(t, 0, sizeof *t);
    t->cidr4 = t->cidr6 = -1;
    t->qual = '+';
    while (name_len < n && (is_alpha(s[name_len]) || is_digit(s[name_len]) ||
                            s[name_len] == '-' || s[name_len] == '_' ||
                            s[name_len] == '.'))
        name_len++;
    /* A modifier: name "=" macro-string. */
    if (name_len > 0 && name_len < n && s[name_len] == '=' && is_alpha(s[0])) {
        const char *v = s + name_len + 1;
        size_t vn = n - name_len - 1;
        if (lsc__memcaseeq(s, name_len, "redirect"))
            t->kind = LSC__SPF_REDIRECT;
        else if (lsc__memcaseeq(s, name_len, "exp"))
            t->kind = LSC__SPF_EXP;
        else
            t->kind = LSC__SPF_UNKNOWN_MOD;
        t->arg = v;
        t->arg_len = vn;
        if (t->kind != LSC__SPF_UNKNOWN_MOD && !domain_spec_ok(v, vn))
            return "a modifier without a valid domain";
        for (i = 0; i < rec->n; i++)
            if (t->kind != LSC__SPF_UNKNOWN_MOD && rec->terms[i].kind == t->kind)
                return "a modifier given twice";
        return NULL;
    }
    if (n > 0 && (*p == '+' || *p == '-' || *p == '~' || *p == '?')) {
        t->qual = *p;
        p++;
        n--;
    }
    for (i = 0; i < LSC__COUNT(mechs); i++) {
        size_t ml = strlen(mechs[i].name);
        const char *arg;
        size_t an;
        int colon;
        if (n < ml || lsc__ncasecmp(p, mechs[i].name, ml) != 0)
            continue;
        if (n > ml && p[ml] != ':' && p[ml] != '/')
            continue;
        t->kind = mechs[i].kind;
        arg = p + ml;
        an = n - ml;
        if (mechs[i].arg == 0)
            return an ? "'all' takes no argument" : NULL;
        colon = an > 0 && arg[0] == ':';
        if (colon) {
            arg++;
            an--;
            if (an == 0)
                return "an empty argument after ':'";
        } else if (mechs[i].arg == 2) {
            return "a mechanism without its required argument";
        } else if (an > 0 && (t->kind == LSC__SPF_PTR)) {
            return "ptr takes no CIDR length";
        }
        if (t->kind == LSC__SPF_A || t->kind == LSC__SPF_MX ||
            t->kind == LSC__SPF_IP4 || t->kind == LSC__SPF_IP6) {
            if (cut_cidr(t, arg, &an, t->kind == LSC__SPF_IP6) < 0)
                return "a bad CIDR length";
            if (t->kind == LSC__SPF_IP4 && t->cidr6 >= 0)
                return "a bad CIDR length";
        }
        if (colon && an == 0)
            return "an empty domain";    /* "a:/24" */
        t->arg = an ? arg : NULL;
        t->arg_len = an;
        if (t->kind == LSC__SPF_IP4 || t->kind == LSC__SPF_IP6)
            return parse_ip(t, arg, an) < 0 ? "an address that does not read" : NULL;
        if (an && !domain_spec_ok(arg, an))
            return "a domain that is not valid";
        return NULL;
    }
    return "an unknown mechanism";
}

void lsc__spf_parse(lsc__spf_record *rec, const char *txt, size_t n)
{
    size_t i = 6;
    rec->n = 0;
    rec->too_many_terms = 0;
    rec->error = NULL;
    rec->error_at = 0;
    if (!lsc__spf_is_record(txt, n)) {
        rec->error = "not an SPF record (no v=spf1)";
        return;
    }
    while (i < n) {
        size_t start, end;
        const char *e;
        while (i < n && txt[i] == ' ')
            i++;
        if (i >= n)
            break;
        start = i;
        while (i < n && txt[i] != ' ')
            i++;
        end = i;
        if (rec->n >= LSC__SPF_MAX_TERMS) {
            rec->too_many_terms = 1;
            rec->error = "more terms than libscore reads";
            rec->error_at = start;
            return;
        }
        e = parse_term(rec, &rec->terms[rec->n], txt + start, end - start);
        if (e) {
            rec->error = e;
            rec->error_at = start;
            return;
        }
        rec->n++;
    }
}

/* ---- tag=value lists ---- */

void lsc__tags_parse(lsc__tags *tags, const char *txt, size_t n)
{
    size_t i = 0;
    tags->n = 0;
    tags->too_many = 0;
    tags->bad = 0;
    if (!txt)
        return;
    while (i < n) {
        size_t s = i, e, eq, ns, ne, vs, ve, k, vs2;
        while (i < n && txt[i] != ';')
            i++;
        e = i;
        if (i < n)
            i++;
        /* Trim, find '='. */
        while (s < e && is_sp(txt[s]))
            s++;
        ne = e;
        while (ne > s && is_sp(txt[ne - 1]))
            ne--;
        if (s == ne)
            continue;    /* an empty element: a trailing ';' is allowed */
        for (eq = s; eq < ne && txt[eq] != '='; eq++)
            ;
        if (eq == ne) {
            tags->bad = 1;
            continue;
        }
        ns = s;
        k = eq;
        while (k > ns && is_sp(txt[k - 1]))
            k--;
        vs = eq + 1;
        ve = ne;
        while (vs < ve && is_sp(txt[vs]))
            vs++;
        if (k == ns) {
            tags->bad = 1;
            continue;
        }
        for (vs2 = 0; vs2 < tags->n; vs2++)
            if (tags->t[vs2].name_len == k - ns &&
                lsc__ncasecmp(tags->t[vs2].name, txt + ns, k - ns) == 0)
                tags->bad = 1;    /* RFC 6376 §3.2: a tag given twice */
        if (tags->n >= LSC__TAG_MAX) {
            tags->too_many = 1;
            return;
        }
        tags->t[tags->n].name = txt + ns;
        tags->t[tags->n].name_len = k - ns;
        tags->t[tags->n].value = txt + vs;
        tags->t[tags->n].value_len = ve - vs;
        tags->n++;
    }
}

const char *lsc__tag_get(const lsc__tags *tags, const char *name, size_t *len)
{
    size_t i;
    if (len)
        *len = 0;
    for (i = 0; i < tags->n; i++)
        if (lsc__memcaseeq(tags->t[i].name, tags->t[i].name_len, name)) {
            if (len)
                *len = tags->t[i].value_len;
            return tags->t[i].value;
        }
    return NULL;
}

/* ---- DMARC ---- */

int lsc__dmarc_is_record(const char *txt, size_t n)
{
    size_t i = 0;
    while (i < n && is_sp(txt[i]))
        i++;
    if (n - i < 8 || lsc__ncasecmp(txt + i, "v", 1) != 0)
        return 0;
    i++;
    while (i < n && is_sp(txt[i]))
        i++;
    if (i >= n || txt[i] != '=')
        return 0;
    i++;
    while (i < n && is_sp(txt[i]))
        i++;
    return n - i >= 6 && memcmp(txt + i, "DMARC1", 6) == 0 &&
           (n - i == 6 || txt[i + 6] == ';' || is_sp(txt[i + 6]));
}

static lsc__dmarc_policy policy_of(const char *v, size_t n)
{
    if (lsc__memcaseeq(v, n, "none"))
        return LSC__DMARC_P_NONE;
    if (lsc__memcaseeq(v, n, "quarantine"))
        return LSC__DMARC_P_QUARANTINE;
    if (lsc__memcaseeq(v, n, "reject"))
        return LSC__DMARC_P_REJECT;
    return LSC__DMARC_P_BAD;
}

void lsc__dmarc_parse(lsc__dmarc *d, const char *txt, size_t n)
{
    const char *v;
    size_t vn;
    memset(d, 0, sizeof *d);
    d->pct = 100;
    d->p = d->sp = LSC__DMARC_P_BAD;
    lsc__tags_parse(&d->tags, txt, n);
    /* RFC 7489 §6.4: v first, then p (p may be absent only with rua for
     * a reporting-only record; receivers then treat it as none). */
    if (d->tags.n == 0 || !lsc__memcaseeq(d->tags.t[0].name,
                                          d->tags.t[0].name_len, "v") ||
        d->tags.t[0].value_len != 6 ||
        memcmp(d->tags.t[0].value, "DMARC1", 6) != 0)
        return;
    v = lsc__tag_get(&d->tags, "p", &vn);
    d->p = v ? policy_of(v, vn) : LSC__DMARC_P_BAD;
    v = lsc__tag_get(&d->tags, "sp", &vn);
    d->sp = v ? policy_of(v, vn) : d->p;
    v = lsc__tag_get(&d->tags, "pct", &vn);
    if (v)
        d->pct = small_number(v, vn, 100);
    v = lsc__tag_get(&d->tags, "adkim", &vn);
    d->adkim_strict = v && lsc__memcaseeq(v, vn, "s");
    v = lsc__tag_get(&d->tags, "aspf", &vn);
    d->aspf_strict = v && lsc__memcaseeq(v, vn, "s");
    d->rua = lsc__tag_get(&d->tags, "rua", &d->rua_len);
    d->valid = d->p != LSC__DMARC_P_BAD && d->pct >= 0;
}

/* ---- DER (only what a public key needs) ---- */

typedef struct der {
    const unsigned char *p;
    size_t n;
} der;

/* Reads one TLV: *tag, and the content in *in.  -1 when it does not fit. */
static int der_next(der *d, unsigned *tag, der *in)
{
    size_t len = 0, i, nl;
    if (d->n < 2)
        return -1;
    *tag = d->p[0];
    if ((*tag & 0x1f) == 0x1f)
        return -1;    /* high tag numbers never occur in a key */
    if (d->p[1] < 0x80) {
        len = d->p[1];
        i = 2;
    } else {
        nl = d->p[1] & 0x7f;
        if (nl == 0 || nl > 4 || d->n < 2 + nl)
            return -1;    /* indefinite or absurd lengths */
        for (i = 0; i < nl; i++)
            len = (len << 8) | d->p[2 + i];
        i = 2 + nl;
    }
    if (len > d->n - i)
        return -1;
    in->p = d->p + i;
    in->n = len;
    d->p += i + len;
    d->n -= i + len;
    return 0;
}

/* Bits of an unsigned big-endian INTEGER (leading zero bytes skipped). */
static unsigned int_bits(der v)
{
    unsigned bits;
    unsigned char top;
    while (v.n > 0 && v.p[0] == 0) {
        v.p++;
        v.n--;
    }
    if (v.n == 0 || v.n > 8192)
        return 0;
    bits = (unsigned)(v.n - 1) * 8;
    for (top = v.p[0]; top; top >>= 1)
        bits++;
    return bits;
}

/* RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } */
static unsigned rsa_public_key_bits(der d)
{
    der seq, mod, ex;
    unsigned tag;
    if (der_next(&d, &tag, &seq) < 0 || tag != 0x30 || d.n != 0)
        return 0;
    if (der_next(&seq, &tag, &mod) < 0 || tag != 0x02)
        return 0;
    if (der_next(&seq, &tag, &ex) < 0 || tag != 0x02 || seq.n != 0)
        return 0;
    return int_bits(mod);
}

static const unsigned char rsa_oid[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d,
                                         0x01, 0x01, 0x01 };

unsigned lsc__rsa_der_bits(const unsigned char *p, size_t n)
{
    der d = { p, n }, spki, alg, oid, bits;
    unsigned tag;
    if (!p)
        return 0;
    /* SubjectPublicKeyInfo ::= SEQUENCE { AlgorithmIdentifier, BIT STRING } */
    if (der_next(&d, &tag, &spki) < 0 || tag != 0x30 || d.n != 0)
        return 0;
    if (der_next(&spki, &tag, &alg) < 0 || tag != 0x30) {
        d.p = p;
        d.n = n;
        return rsa_public_key_bits(d);
    }
    if (tag == 0x30 && alg.n > 0 && alg.p[0] == 0x02) {
        /* The first element is an INTEGER: a bare RSAPublicKey. */
        d.p = p;
        d.n = n;
        return rsa_public_key_bits(d);
    }
    if (der_next(&alg, &tag, &oid) < 0 || tag != 0x06 ||
        oid.n != sizeof rsa_oid || memcmp(oid.p, rsa_oid, sizeof rsa_oid) != 0)
        return 0;
    if (der_next(&spki, &tag, &bits) < 0 || tag != 0x03 || bits.n < 1 ||
        bits.p[0] != 0 || spki.n != 0)
        return 0;
    bits.p++;
    bits.n--;
    return rsa_public_key_bits(bits);
}

/* ---- DKIM key records ---- */

int lsc__dkim_key_parse(lsc__dkim_key *k, lsc__arena *ar, const char *txt,
                        size_t n)
{
    const char *v, *p;
    size_t vn, pn, i;
    lsc__buf clean, raw;
    int bad = 0;

    memset(k, 0, sizeof *k);
    lsc__tags_parse(&k->tags, txt, n);
    v = lsc__tag_get(&k->tags, "v", &vn);
    /* RFC 6376 §3.6.1: v=, when present, must be first and DKIM1. */
    if (v && (!lsc__memcaseeq(v, vn, "DKIM1") ||
              !lsc__memcaseeq(k->tags.t[0].name, k->tags.t[0].name_len, "v")))
        k->bad_version = 1;
    v = lsc__tag_get(&k->tags, "k", &vn);
    if (!v) {
        v = "rsa";
        vn = 3;
    }
    vn = LSC__MIN(vn, sizeof k->key_type - 1);
    for (i = 0; i < vn; i++)
        k->key_type[i] = (char)((v[i] >= 'A' && v[i] <= 'Z') ? v[i] + 32 : v[i]);
    k->key_type[vn] = 0;
    v = lsc__tag_get(&k->tags, "t", &vn);
    for (i = 0; v && i < vn; i++)
        if (v[i] == 'y' && (i == 0 || v[i - 1] == ':' || is_sp(v[i - 1])))
            k->testing = 1;
    p = lsc__tag_get(&k->tags, "p", &pn);
    if (!p) {
        k->no_key = 1;
        return 0;
    }
    lsc__buf_init(&clean, ar);
    for (i = 0; i < pn; i++) {
        if (is_sp(p[i]))
            continue;
        if (!(is_alpha(p[i]) || is_digit(p[i]) || p[i] == '+' ||
              p[i] == '/' || p[i] == '=')) {
            k->malformed = 1;
            return 0;
        }
        if (lsc__buf_putc(&clean, p[i]) < 0)
            return LSC_ENOMEM;
    }
    if (clean.len == 0) {
        k->revoked = 1;
        return 0;
    }
    lsc__buf_init(&raw, ar);
    if (lsc__base64_decode(&raw, clean.p, clean.len, &bad) < 0)
        return LSC_ENOMEM;
    if (bad || raw.len == 0) {
        k->malformed = 1;
        return 0;
    }
    if (strcmp(k->key_type, "ed25519") == 0) {
        if (raw.len == 32)
            k->bits = 256;
        else
            k->malformed = 1;
    } else if (strcmp(k->key_type, "rsa") == 0) {
        k->bits = lsc__rsa_der_bits((const unsigned char *)raw.p, raw.len);
        if (k->bits == 0)
            k->malformed = 1;
    }
    return 0;
}

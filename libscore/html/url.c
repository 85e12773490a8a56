/*
 * url.c - where a link leads and what its address hides.
 *
 * Takes: a link target as written (an href, or a URL found in plain text)
 * and the text shown for it.  Gives: the target's host in one canonical
 * form (IDNA 2008 A-labels by libidn2, lower case), so that "münchen.de",
 * "xn--mnchen-3ya.de" and "MÜNCHEN.DE" compare equal; the registrable
 * domain by the Public Suffix List (base/domain.c) for "same site"; and
 * the tricks of the address itself: a name before the host
 * ("https://bank.com@evil.example/"), several @, a URL of another site
 * nested in the query (an open redirect), a much-abused TLD, and a host
 * that looks like another (ICU uspoof: mixed scripts in one label, or the
 * same skeleton as a well-known name or as the name shown).
 *
 * Hosts are read as WHATWG's URL parser reads them for http, https and
 * ftp: any run of / and \ after the scheme, "\" ends the host, the host is
 * after the last "@" of the authority.
 * Limits: LSC__DOMAIN_MAX bytes of a host, LSC__URL_MAX_NESTED bytes
 * searched for a nested URL.
 */
#include <stdlib.h>

#include <idn2.h>
#include <unicode/uspoof.h>

#include "base/domain.h"
#include "html/url.h"

/* ---- the checker of look-alike names ---- */

/* Names phishing imitates most (brands of the big phishing reports and
 * of this product's users' trade: mail, cloud, pay, carriers, banks). */
static const char *const well_known[] = {
    "adobe", "alibaba", "aliexpress", "amazon", "apple", "binance",
    "chase", "citibank", "coinbase", "dhl", "docusign", "dropbox", "ebay",
    "facebook", "fedex", "github", "gmail", "google", "hsbc", "icloud",
    "instagram", "linkedin", "microsoft", "netflix", "office", "outlook",
    "paypal", "taobao", "wellsfargo", "whatsapp", "yahoo",
};
#define SKEL_MAX 128

/* Hosts whose look-alike answer is kept: the links of one message or
 * part mostly lead to a few hosts, and the Public Suffix List look-up
 * behind each answer was most of the link stage's time. */
#define LOOK_MEMO 4

struct lsc__url_engine {
    USpoofChecker *sc;      /* configured once; only const calls after */
    char skel[LSC__COUNT(well_known)][SKEL_MAX];
};

struct lsc__spoof {
    char memo[LOOK_MEMO][LSC__DOMAIN_MAX + 1];
    signed char memo_look[LOOK_MEMO];
    unsigned memo_next;
};

/* The checker and the skeletons of the well-known names are the same for
 * every message: made with the engine, not per message (opening the
 * checker and taking 31 skeletons cost ~150,000 instructions a message
 * with a suspect link).  ICU's check and skeleton calls take a const
 * checker and are safe from many threads at once (uspoof.h). */
int lsc__url_engine_new(lsc_engine *e, lsc_error *err)
{
    UErrorCode st = U_ZERO_ERROR;
    size_t i;
    lsc__url_engine *u = lsc__calloc(&e->al, 1, sizeof *u);
    if (!u)
        return lsc__error(err, LSC_ENOMEM, "lsc_engine_new", "out of memory");
    u->sc = uspoof_open(&st);
    if (U_SUCCESS(st)) {
        uspoof_setChecks(u->sc, USPOOF_RESTRICTION_LEVEL | USPOOF_INVISIBLE |
                                    USPOOF_MIXED_NUMBERS, &st);
        uspoof_setRestrictionLevel(u->sc, USPOOF_HIGHLY_RESTRICTIVE);
    }
    for (i = 0; i < LSC__COUNT(well_known) && U_SUCCESS(st); i++)
        uspoof_getSkeletonUTF8(u->sc, 0, well_known[i], -1, u->skel[i],
                               SKEL_MAX, &st);
    if (U_FAILURE(st)) {
        if (u->sc)
            uspoof_close(u->sc);
        lsc__free(&e->al, u);
        return lsc__error(err, st == U_MEMORY_ALLOCATION_ERROR ? LSC_ENOMEM
                                                               : LSC_EINTERNAL,
                          "ICU", "spoof checker: %s", u_errorName(st));
    }
    e->url = u;
    return 0;
}

void lsc__url_engine_free(lsc_engine *e)
{
    if (!e || !e->url)
        return;
    uspoof_close(e->url->sc);
    lsc__free(&e->al, e->url);
    e->url = NULL;
}

/* The look-alike memo of one message or part. */
static lsc__spoof *spoof_state(lsc__arena *ar, lsc__spoof **sp)
{
    lsc__spoof *s = *sp;
    if (s)
        return s;
    s = lsc__arena_alloc(ar, sizeof *s);
    if (!s)
        return NULL;
    memset(s->memo, 0, sizeof s->memo);
    s->memo_next = 0;
    *sp = s;
    return s;
}

/* The Unicode form of the first label of host's registrable domain
 * ("www.xn--pple-43d.com" -> "аpple"), in out[cap]; 0 or -1. */
static int reg_label(char *out, size_t cap, const char *host)
{
    char reg[LSC__DOMAIN_MAX + 1];
    char *u = NULL;
    const char *src, *dot;
    size_t n;
    if (lsc__registrable_domain(reg, sizeof reg, host, strlen(host)) < 0)
        return -1;
    src = reg;
    if (strstr(reg, "xn--") && idn2_to_unicode_8z8z(reg, &u, 0) == IDN2_OK)
        src = u;
    dot = strchr(src, '.');
    n = dot ? (size_t)(dot - src) : strlen(src);
    if (n == 0 || n + 1 > cap) {
        idn2_free(u);
        return -1;
    }
    memcpy(out, src, n);
    out[n] = 0;
    idn2_free(u);
    return 0;
}

/* Whether host reads as another name: a label mixing scripts (Cyrillic
 * "а" in "аpple"), or a registrable name whose skeleton (UTS #39) is a
 * well-known name's while the name is not that name ("paypa1", "уаһоо"). */
static int lookalike_label(const lsc__url_engine *ue, const char *host)
{
    const USpoofChecker *sc = ue->sc;
    char label[LSC__DOMAIN_MAX + 1], skel[SKEL_MAX];
    UErrorCode st = U_ZERO_ERROR;
    size_t i;
    int wide = 0, odd = 0;
    if (reg_label(label, sizeof label, host) < 0)
        return 0;
    /* A lower-case ASCII label has a well-known name's skeleton only
     * through 0/o, 1/l, rn/m, vv/w or cl/d: the checker (and its cost)
     * is for labels with one of those or with other scripts. */
    for (i = 0; label[i]; i++) {
        unsigned char ch = (unsigned char)label[i];
        wide |= ch >= 0x80;
        odd |= (ch >= '0' && ch <= '9') ||
               (label[i + 1] && ((ch == 'r' && label[i + 1] == 'n') ||
                                 (ch == 'v' && label[i + 1] == 'v') ||
                                 (ch == 'c' && label[i + 1] == 'l')));
    }
    if (!wide && !odd)
        return 0;
    if (wide && uspoof_checkUTF8(sc, label, -1, NULL, &st) != 0 &&
        U_SUCCESS(st))
        return 1;
    st = U_ZERO_ERROR;
    uspoof_getSkeletonUTF8(sc, 0, label, -1, skel, sizeof skel, &st);
    if (U_FAILURE(st))
        return 0;
    for (i = 0; i < LSC__COUNT(well_known); i++)
        if (strcmp(skel, ue->skel[i]) == 0 && strcmp(label, well_known[i]) != 0)
            return 1;
    return 0;
}

/* Whether some label of host could be one lookalike_label looks at: a
 * byte past ASCII or an A-label (another script), a digit, or rn, vv, cl
 * (the label is part of the host, so a host without any has none). */
static int may_look_alike(const char *host, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)host[i], nx;
        if (ch >= 0x80 || (ch >= '0' && ch <= '9'))
            return 1;
        nx = (unsigned char)(host[i + 1] | 0x20);
        ch |= 0x20;
        if ((ch == 'r' && nx == 'n') || (ch == 'v' && nx == 'v') ||
            (ch == 'c' && nx == 'l') ||
            (ch == 'x' && nx == 'n' && host[i + 2] == '-' &&
             host[i + 3] == '-'))
            return 1;
    }
    return 0;
}

/* lookalike_label, answered at once for a host that cannot have such a
 * label, and from the memo for a host met lately. */
static int lookalike(const lsc_engine *e, lsc__arena *ar, lsc__spoof **sp,
                     const char *host)
{
    lsc__spoof *s;
    size_t i, n = strlen(host);
    int look;
    if (!may_look_alike(host, n))
        return 0;
    s = spoof_state(ar, sp);
    if (!s || n > LSC__DOMAIN_MAX)
        return lookalike_label(e->url, host);
    for (i = 0; i < LOOK_MEMO; i++)
        if (s->memo[i][0] && strcmp(s->memo[i], host) == 0)
            return s->memo_look[i];
    look = lookalike_label(e->url, host);
    i = s->memo_next++ % LOOK_MEMO;
    memcpy(s->memo[i], host, n + 1);
    s->memo_look[i] = (signed char)look;
    return look;
}

/* ---- hosts ---- */

static int is_ip_host(const char *h)
{
    int parts = 0, digits = 0, hexlike = 0;
    const char *s = h;
    if (!*h)
        return 0;
    if (*h == '[')
        return 1;
    if (h[0] == '0' && (h[1] == 'x' || h[1] == 'X'))
        hexlike = 1;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9') {
            digits++;
        } else if (*s == '.') {
            if (!digits)
                return 0;
            parts++;
            digits = 0;
        } else if (hexlike && lsc__hexval((unsigned char)*s) >= 0) {
            digits++;
        } else if (hexlike && (*s == 'x' || *s == 'X')) {
            ;
        } else {
            return 0;
        }
    }
    /* dotted quad, or one number (http://3232235777/) */
    return digits && (parts == 3 || parts == 0);
}

/* Sorted (strcmp) for bsearch; test_textlinks checks the order. */
const char *const lsc__url_shorteners[] = {
    "adf.ly", "bit.do", "bit.ly", "bitly.com", "bl.ink", "buff.ly",
    "cli.gs", "cutt.ly", "db.tt", "goo.gl", "is.gd", "j.mp", "lnkd.in",
    "mcaf.ee", "ow.ly", "po.st", "qr.net", "rb.gy", "rebrand.ly",
    "s.id", "short.io", "shorturl.at", "snip.ly", "soo.gd", "t.co",
    "t.ly", "tiny.cc", "tinyurl.com", "tr.im", "u.to", "urlzs.com",
    "v.gd", "x.co", "yourls.org",
};
const size_t lsc__url_n_shorteners = LSC__COUNT(lsc__url_shorteners);

static int is_shortener(const char *host)
{
    if (strlen(host) > 4 && memcmp(host, "www.", 4) == 0)
        host += 4;
    return lsc__in_sorted(host, lsc__url_shorteners, lsc__url_n_shorteners);
}

/* TLDs where most names seen in mail are abuse (Spamhaus's and
 * Interisle's yearly "most abused TLDs" reports, 2022-2024; the former
 * Freenom TLDs; .zip and .mov, which read as file names).  Kept short:
 * .xyz, .shop and .online carry too much honest business to judge.
 * Sorted, as above. */
const char *const lsc__url_abused_tlds[] = {
    "bid", "bond", "buzz", "cam", "cf", "cfd", "click", "country", "cyou",
    "date", "download", "faith", "ga", "gq", "icu", "loan", "ml", "monster",
    "mov", "party", "quest", "racing", "rest", "review", "sbs", "science",
    "stream", "tk", "top", "win", "xin", "zip",
};
const size_t lsc__url_n_abused_tlds = LSC__COUNT(lsc__url_abused_tlds);

static int abused_tld(const char *host)
{
    const char *t = strrchr(host, '.');
    return t && lsc__in_sorted(t + 1, lsc__url_abused_tlds, lsc__url_n_abused_tlds);
}

char *lsc__url_canon_host(lsc__arena *ar, const char *host, size_t n,
                          int *nomem)
{
    char buf[LSC__DOMAIN_MAX + 1], *out = NULL, *r;
    size_t i, o = 0;
    int ascii = 1, rc;
    while (n > 0 && host[n - 1] == '.')
        n--;
    if (n == 0)
        return NULL;
    /* %-escapes in a host are decoded by browsers (WHATWG host parser) */
    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)host[i];
        if (o >= LSC__DOMAIN_MAX)
            return NULL;
        if (ch == '%' && i + 2 < n + 0 && lsc__hexval((unsigned char)host[i + 1]) >= 0 &&
            lsc__hexval((unsigned char)host[i + 2]) >= 0) {
            ch = (unsigned char)(lsc__hexval((unsigned char)host[i + 1]) * 16 +
                                 lsc__hexval((unsigned char)host[i + 2]));
            i += 2;
        }
        if (ch == 0)
            return NULL;
        if (ch >= 0x80)
            ascii = 0;
        buf[o++] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
    }
    buf[o] = 0;
    if (ascii || buf[0] == '[')
        r = lsc__arena_strndup(ar, buf, o);
    else {
        rc = idn2_to_ascii_8z(buf, &out, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
        if (rc != IDN2_OK)
            rc = idn2_to_ascii_8z(buf, &out, IDN2_TRANSITIONAL | IDN2_NFC_INPUT);
        if (rc != IDN2_OK)
            return NULL;
        r = lsc__arena_strndup(ar, out, strlen(out));
        idn2_free(out);
    }
    if (!r)
        *nomem = 1;
    return r;
}

/* The authority of an absolute http(s)/ftp URL (or "//host", or a bare
 * "www." when allowed): [*as, *ae) in u; 0 when u is no such URL. */
static int authority(const char *u, size_t n, int allow_bare, size_t *as,
                     size_t *ae)
{
    size_t i = 0, s;
    while (i < n && ((unsigned char)u[i] <= ' '))
        i++;
    if (n - i >= 5 && lsc__ncasecmp(u + i, "http:", 5) == 0)
        i += 5;
    else if (n - i >= 6 && lsc__ncasecmp(u + i, "https:", 6) == 0)
        i += 6;
    else if (n - i >= 4 && lsc__ncasecmp(u + i, "ftp:", 4) == 0)
        i += 4;
    else if (n - i >= 2 && (u[i] == '/' || u[i] == '\\') &&
             (u[i + 1] == '/' || u[i + 1] == '\\'))
        ;
    else if (!(allow_bare && n - i >= 4 && lsc__ncasecmp(u + i, "www.", 4) == 0))
        return 0;
    /* WHATWG: a special scheme ignores any run of / and \ ("http:\\x") */
    while (i < n && (u[i] == '/' || u[i] == '\\'))
        i++;
    s = i;
    while (i < n && u[i] != '/' && u[i] != '?' && u[i] != '#' && u[i] != '\\' &&
           (unsigned char)u[i] > ' ')
        i++;
    *as = s;
    *ae = i;
    return i > s;
}

/* Host [*hs, *he) of the authority [as, ae): after the last @, before a
 * port; the number of @ in *ats. */
static void host_of(const char *u, size_t as, size_t ae, size_t *hs,
                    size_t *he, size_t *ats)
{
    size_t k, s = as, e = ae;
    *ats = 0;
    for (k = as; k < ae; k++)
        if (u[k] == '@') {
            (*ats)++;
            s = k + 1;
        }
    if (s < e && u[s] == '[') {
        for (k = s; k < e && u[k] != ']'; k++)
            ;
        if (k < e)
            e = k + 1;
    } else {
        for (k = s; k < e; k++)
            if (u[k] == ':') {
                e = k;
                break;
            }
    }
    *hs = s;
    *he = e;
}

/* The host of a URL nested after the authority (a query parameter
 * "?url=https%3A%2F%2Fshop.example%2F" or a path "/https://..."). */
static char *nested_host(lsc__arena *ar, const char *u, size_t n, int *nomem)
{
    char buf[LSC__URL_MAX_NESTED];
    size_t i, o = 0, as, ae, hs, he, ats;
    /* decode %-escapes (twice-escaped %253A too) into a bounded copy */
    for (i = 0; i < n && o < sizeof buf; i++) {
        int a, b;
        if (u[i] == '%' && i + 2 < n && u[i + 1] == '2' && u[i + 2] == '5') {
            buf[o++] = '%';
            i += 2;
            continue;
        }
        if (u[i] == '%' && i + 2 < n && (a = lsc__hexval((unsigned char)u[i + 1])) >= 0 &&
            (b = lsc__hexval((unsigned char)u[i + 2])) >= 0) {
            buf[o++] = (char)(a * 16 + b);
            i += 2;
        } else {
            buf[o++] = u[i];
        }
    }
    for (i = 0; i + 7 < o; i++) {
        if ((buf[i] | 0x20) != 'h' || (i > 0 && ((buf[i - 1] | 0x20) >= 'a' &&
                                                 (buf[i - 1] | 0x20) <= 'z')))
            continue;
        if (lsc__ncasecmp(buf + i, "http://", 7) != 0 &&
            !(o - i > 8 && lsc__ncasecmp(buf + i, "https://", 8) == 0))
            continue;
        if (!authority(buf + i, o - i, 0, &as, &ae))
            continue;
        host_of(buf + i, as, ae, &hs, &he, &ats);
        if (he > hs)
            return lsc__url_canon_host(ar, buf + i + hs, he - hs, nomem);
    }
    return NULL;
}

int lsc__url_target(const lsc_engine *e, lsc__arena *ar, lsc__spoof **sp,
                    lsc__link *l,
                    const char *href, size_t n, int allow_bare)
{
    size_t as, ae, hs, he, ats;
    int nomem = 0;
    if (!authority(href, n, allow_bare, &as, &ae))
        return 0;
    host_of(href, as, ae, &hs, &he, &ats);
    if (he == hs)
        return 0;
    l->host = lsc__url_canon_host(ar, href + hs, he - hs, &nomem);
    if (nomem)
        return LSC_ENOMEM;
    if (!l->host)
        return 0;
    if (ats) {
        /* "https://bank.com@evil.example/": the reader sees bank.com */
        size_t k, ul = hs - 1 - as;
        int dotted = 0;
        for (k = as; k < hs - 1; k++)
            if (href[k] == '.')
                dotted = 1;
        l->flags |= LSC__LINK_USERINFO;
        if (ats > 1 || dotted || ul >= LSC__URL_LONG_USERINFO)
            l->flags |= LSC__LINK_USERINFO_DISGUISE;
    }
    if (is_ip_host(l->host)) {
        l->flags |= LSC__LINK_IP;
        return 0;
    }
    if (is_shortener(l->host))
        l->flags |= LSC__LINK_SHORTENER;
    if (abused_tld(l->host))
        l->flags |= LSC__LINK_ABUSED_TLD;
    l->redirect_host = nested_host(ar, href + ae, LSC__MIN(n - ae, (size_t)LSC__URL_MAX_NESTED),
                                   &nomem);
    if (nomem)
        return LSC_ENOMEM;
    if (l->redirect_host && !lsc__same_registrable(l->redirect_host, l->host))
        l->flags |= LSC__LINK_REDIRECT;
    if (lookalike(e, ar, sp, l->host))
        l->flags |= LSC__LINK_LOOKALIKE;
    return 0;
}

/* ---- the text shown for a link ---- */

char *lsc__url_shown_host(lsc__arena *ar, const char *t, size_t n, int *nomem)
{
    size_t i, hs, he, labels = 1, tld = 0;
    int scheme = 0, wide = 0;
    for (i = 0; i < n; i++)
        if ((unsigned char)t[i] <= ' ' || t[i] == '@')
            return NULL;
    i = 0;
    if (n >= 7 && lsc__ncasecmp(t, "http://", 7) == 0)
        i = 7, scheme = 1;
    else if (n >= 8 && lsc__ncasecmp(t, "https://", 8) == 0)
        i = 8, scheme = 1;
    hs = i;
    while (i < n && t[i] != '/' && t[i] != '?' && t[i] != '#' && t[i] != ':')
        i++;
    he = i;
    while (he > hs && t[he - 1] == '.')
        he--;
    if (he == hs)
        return NULL;
    for (i = hs; i < he; i++) {
        unsigned char ch = (unsigned char)t[i];
        if (ch == '.') {
            if (i == hs || t[i - 1] == '.')
                return NULL;
            labels++;
            tld = 0;
        } else if (((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') || ch >= 0x80) {
            /* letters of any script: "www.münchen.de" is a host */
            tld++;
            wide |= ch >= 0x80;
        } else if ((ch >= '0' && ch <= '9') || ch == '-') {
            tld = 0;
            if (i + 1 == he)
                return NULL;
        } else {
            return NULL;
        }
    }
    if (labels < 2 || tld < 2)
        return NULL;
    /* "report.pdf", "index.html": a file name, not a domain, unless a
     * scheme says so. */
    if (!scheme) {
        static const char *const ext[] = { "asp", "aspx", "cgi", "csv", "doc",
            "docx", "exe", "gif", "htm", "html", "jpeg", "jpg", "js", "php",
            "png", "ppt", "pptx", "rar", "txt", "xls", "xlsx", "zip", "pdf" };
        const char *tl = t + he - tld;
        size_t k;
        for (k = 0; k < LSC__COUNT(ext); k++)
            if (strlen(ext[k]) == tld && lsc__ncasecmp(tl, ext[k], tld) == 0)
                return NULL;
    }
    (void)wide;
    return lsc__url_canon_host(ar, t + hs, he - hs, nomem);
}

void lsc__url_compare(const lsc_engine *e, lsc__link *l)
{
    char a[LSC__DOMAIN_MAX + 1], b[LSC__DOMAIN_MAX + 1];
    const USpoofChecker *sc = e->url->sc;
    UErrorCode st = U_ZERO_ERROR;
    char ska[SKEL_MAX], skb[SKEL_MAX];
    if (!l->host || !l->text_host || (l->flags & LSC__LINK_MAILTO))
        return;
    if (lsc__same_registrable(l->host, l->text_host))
        return;
    /* a tracker that names the shown site as where it sends the reader
     * ("click.esp.example/?url=https://shop.example/") leads there */
    if (l->redirect_host && lsc__same_registrable(l->redirect_host, l->text_host))
        return;
    l->flags |= LSC__LINK_MISMATCH;
    /* "paypal.com" shown over "paypa1.com": a confusable of the shown name */
    if (reg_label(a, sizeof a, l->host) < 0 || reg_label(b, sizeof b, l->text_host) < 0 ||
        strcmp(a, b) == 0)
        return;
    uspoof_getSkeletonUTF8(sc, 0, a, -1, ska, sizeof ska, &st);
    uspoof_getSkeletonUTF8(sc, 0, b, -1, skb, sizeof skb, &st);
    if (U_SUCCESS(st) && strcmp(ska, skb) == 0)
        l->flags |= LSC__LINK_LOOKALIKE;
}

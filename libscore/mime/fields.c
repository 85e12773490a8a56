/*
 * fields.c - what a header field's value holds beyond its text.
 *
 * Takes: an unfolded field value.  Gives: a parameter of a structured
 * field (lsc__mime_param: RFC 2045 5.1 tokens and quoted strings, RFC 2231
 * continuations, charsets and percent-encoding) and the value with its
 * RFC 2047 encoded words decoded to UTF-8 (lsc__decode_words), both in the
 * result's arena, the type/subtype of a Content-Type
 * (lsc__mime_content_type) and the first token of a field
 * (lsc__mime_token).  mime.c reads the fields themselves and the bodies.
 */
#include "mime/mime.h"

/* ---- parameters (RFC 2045 5.1, RFC 2231) ---- */

typedef struct param {
    const char *name;       /* lower case, without the '*' suffixes */
    size_t name_len;
    const char *val;        /* raw value, still quoted */
    size_t val_len;
    int section;            /* -1 when none */
    int extended;           /* name ended with '*' */
} param;

/* Narrows s[*a, *b) past white space and line breaks at both ends (the
 * name and the value of a parameter alike). */
static void trim_fws(const char *s, size_t *a, size_t *b)
{
    while (*a < *b && (lsc__mime_is_wsp((unsigned char)s[*a]) ||
                       s[*a] == '\r' || s[*a] == '\n'))
        (*a)++;
    while (*b > *a && (lsc__mime_is_wsp((unsigned char)s[*b - 1]) ||
                       s[*b - 1] == '\r' || s[*b - 1] == '\n'))
        (*b)--;
}

/* Splits a value at ';' outside quoted strings, as email.message's
 * _parseparam does.  The first piece (the type) is skipped. */

static int split_params(const char *s, size_t n, param *out, size_t max)
{
    size_t i = 0, np = 0;
    /* skip the type / disposition token */
    {
        int q = 0;
        while (i < n) {
            if (s[i] == '"' && (i == 0 || s[i - 1] != '\\'))
                q = !q;
            else if (s[i] == ';' && !q)
                break;
            i++;
        }
    }
    while (i < n && np < max) {
        size_t st, en, eq, a, b;
        int q = 0;
        i++; /* the ';' */
        st = i;
        while (i < n) {
            if (s[i] == '"' && s[i - 1] != '\\')
                q = !q;
            else if (s[i] == ';' && !q)
                break;
            i++;
        }
        en = i;
        eq = st;
        while (eq < en && s[eq] != '=')
            eq++;
        if (eq == en)
            continue;
        a = st;
        b = eq;
        trim_fws(s, &a, &b);
        if (a == b)
            continue;
        {
            param *pm = &out[np];
            size_t k, star = LSC__NONE;
            pm->section = -1;
            pm->extended = 0;
            if (s[b - 1] == '*') {
                pm->extended = 1;
                b--;
            }
            for (k = a; k < b; k++)
                if (s[k] == '*') {
                    star = k;
                    break;
                }
            if (star != LSC__NONE) {
                size_t d = star + 1;
                int sec = 0, ok = d < b;
                for (; d < b; d++) {
                    if (s[d] < '0' || s[d] > '9' || sec > 100000) {
                        ok = 0;
                        break;
                    }
                    sec = sec * 10 + (s[d] - '0');
                }
                if (ok) {
                    pm->section = sec;
                    b = star;
                } else if (!pm->extended) {
                    /* not an RFC 2231 name: keep it whole */
                } else {
                    b = star;
                }
            }
            pm->name = s + a;
            pm->name_len = b - a;
            a = eq + 1;
            b = en;
            trim_fws(s, &a, &b);
            pm->val = s + a;
            pm->val_len = b - a;
            np++;
        }
    }
    return (int)np;
}

/* Removes one pair of quotes (a backslash quotes the next character,
 * RFC 5322 3.2.4; a quote left open runs to the end) or of angle
 * brackets. */
static int unquote(lsc__buf *b, const char *v, size_t n)
{
    size_t i, e;
    if (n > 0 && v[0] == '"') {
        e = n > 1 && v[n - 1] == '"' ? n - 1 : n;
        for (i = 1; i < e; i++) {
            if (v[i] == '\\' && i + 1 < e)
                i++;
            if (lsc__buf_putc(b, v[i]) != 0)
                return LSC_ENOMEM;
        }
        return 0;
    }
    if (n > 1 && v[0] == '<' && v[n - 1] == '>')
        return lsc__buf_append(b, v + 1, n - 2);
    return lsc__buf_append(b, v, n);
}

static int pct_decode(lsc__buf *b, const char *v, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        int hi = -1, lo = -1;
        if (v[i] == '%' && i + 2 < n) {
            hi = lsc__hexval((unsigned char)v[i + 1]);
            lo = lsc__hexval((unsigned char)v[i + 2]);
        }
        if (hi >= 0 && lo >= 0) {
            if (lsc__buf_putc(b, hi * 16 + lo) != 0)
                return LSC_ENOMEM;
            i += 2;
        } else if (lsc__buf_putc(b, v[i]) != 0) {
            return LSC_ENOMEM;
        }
    }
    return 0;
}

static int name_is(const param *pm, const char *name)
{
    size_t l = strlen(name);
    return pm->name_len == l && lsc__ncasecmp(pm->name, name, l) == 0;
}

int lsc__mime_param(lsc__arena *ar, const char *value, size_t n,
                    const char *name, char **out)
{
    param ps[LSC__MAX_PARAMS];
    int np = split_params(value, n, ps, LSC__MAX_PARAMS), i;
    lsc__buf b, raw;
    int have_2231 = 0, extended = 0, next;

    *out = NULL;
    /* A plain parameter wins (Python lists RFC 2231 ones after them). */
    for (i = 0; i < np; i++) {
        if (ps[i].section < 0 && !ps[i].extended && name_is(&ps[i], name)) {
            lsc__buf_init(&b, ar);
            if (unquote(&b, ps[i].val, ps[i].val_len) != 0)
                return LSC_ENOMEM;
            if (lsc__utf8_valid(b.p ? b.p : "", b.len)) {
                *out = lsc__buf_finish(&b);
            } else {
                lsc__buf u;
                lsc__buf_init(&u, ar);
                if (lsc__utf8_sanitize(&u, b.p, b.len, NULL) != 0)
                    return LSC_ENOMEM;
                *out = lsc__buf_finish(&u);
            }
            return *out ? 0 : LSC_ENOMEM;
        }
        if (name_is(&ps[i], name))
            have_2231 = 1;
    }
    if (!have_2231)
        return 0;
    /* RFC 2231: sections in order (name* counts as section 0). */
    lsc__buf_init(&raw, ar);
    for (next = -1; next < LSC__MAX_PARAMS; next++) {
        int found = 0;
        for (i = 0; i < np; i++) {
            const param *pm = &ps[i];
            size_t vs = pm->val_len;
            if (!name_is(pm, name) || (pm->section < 0 && !pm->extended))
                continue;
            if (pm->section != next && !(next == -1 && pm->section < 0))
                continue;
            found = 1;
            if (pm->extended) {
                lsc__buf t;
                extended = 1;
                lsc__buf_init(&t, ar);
                if (unquote(&t, pm->val, vs) != 0 ||
                    pct_decode(&raw, t.p ? t.p : "", t.len) != 0)
                    return LSC_ENOMEM;
            } else if (unquote(&raw, pm->val, vs) != 0) {
                return LSC_ENOMEM;
            }
            break;
        }
        if (!found && next >= 0)
            break;
    }
    lsc__buf_init(&b, ar);
    if (extended && raw.len) {
        /* charset'language'text */
        const char *s = raw.p, *q1 = memchr(s, '\'', raw.len), *q2 = NULL;
        if (q1)
            q2 = memchr(q1 + 1, '\'', raw.len - (size_t)(q1 + 1 - s));
        if (q1 && q2) {
            const char *txt = q2 + 1;
            size_t tl = raw.len - (size_t)(txt - s), inv = 0;
            int rc = q1 > s ? lsc__charset_to_utf8(&b, s, (size_t)(q1 - s),
                                                   txt, tl, &inv)
                            : LSC__CS_UNKNOWN;
            if (rc < 0)
                return rc;
            if (rc == LSC__CS_UNKNOWN) {
                b.len = 0;
                if (lsc__utf8_valid(txt, tl)) {
                    if (lsc__buf_append(&b, txt, tl) != 0)
                        return LSC_ENOMEM;
                } else if (lsc__charset_to_utf8(&b, "iso-8859-1", 10, txt,
                                                tl, &inv) < 0) {
                    return LSC_ENOMEM;
                }
            }
            *out = lsc__buf_finish(&b);
            return *out ? 0 : LSC_ENOMEM;
        }
    }
    if (lsc__utf8_sanitize(&b, raw.p ? raw.p : "", raw.len, NULL) != 0)
        return LSC_ENOMEM;
    *out = lsc__buf_finish(&b);
    return *out ? 0 : LSC_ENOMEM;
}

/* ---- RFC 2047 ---- */

/* Finds "?=" in s[from..n). */
static size_t find_qe(const char *s, size_t from, size_t n)
{
    size_t i;
    for (i = from; i + 1 < n; i++)
        if (s[i] == '?' && s[i + 1] == '=')
            return i;
    return LSC__NONE;
}

/* rfc2047_matcher.search over tok[0..n): =?[^?]*?[qQbB]?.*?= */
/* 1 when "=?" occurs in t[0..n). */
static int has_ew_start(const char *t, size_t n)
{
    const char *q = n ? memchr(t, '?', n) : NULL;
    while (q) {
        size_t at = (size_t)(q - t);
        if (at > 0 && t[at - 1] == '=')
            return 1;
        q = at + 1 < n ? memchr(q + 1, '?', n - at - 1) : NULL;
    }
    return 0;
}

static int has_ew(const char *t, size_t n)
{
    size_t k;
    for (k = 0; k + 1 < n; k++) {
        size_t j;
        if (t[k] != '=' || t[k + 1] != '?')
            continue;
        j = k + 2;
        while (j < n && t[j] != '?')
            j++;
        if (j + 2 < n && (t[j + 1] == 'q' || t[j + 1] == 'Q' ||
                          t[j + 1] == 'b' || t[j + 1] == 'B') &&
            t[j + 2] == '?' && find_qe(t, j + 3, n) != LSC__NONE)
            return 1;
    }
    return 0;
}

enum { EW_OK, EW_INVALID, EW_PARSE };

/* One encoded word at s[0..n) (s starts with "=?"), as
 * _header_value_parser.get_encoded_word: its decoded bytes go to `bytes`,
 * its charset label to *cs; *used is what it spans.  Defects inside a
 * word (bad base64) still decode. */
static int one_word(lsc__buf *bytes, const char *s, size_t n, size_t *used,
                    const char **cs, size_t *cslen, int *bad)
{
    size_t e = find_qe(s, 2, n), tend, rest, q1, q2, i, tlen;
    size_t nq = 0;
    const char *txt;
    int rc, b64 = 0, wbad = 0;

    if (e == LSC__NONE)
        return EW_PARSE;
    tend = e;          /* token s[2..tend) */
    rest = e + 2;
    for (i = 2; i < tend; i++)
        nq += s[i] == '?';
    if (n - rest > 1 && lsc__hexval((unsigned char)s[rest]) >= 0 &&
        lsc__hexval((unsigned char)s[rest + 1]) >= 0 && nq < 2) {
        size_t e2 = find_qe(s, rest, n);
        if (e2 == LSC__NONE) {
            tend = n;
            rest = n;
        } else {
            tend = e2;
            rest = e2 + 2;
        }
        nq = 0;
        for (i = 2; i < tend; i++)
            nq += s[i] == '?';
    }
    if (nq != 2)
        return EW_INVALID;
    q1 = 2;
    while (s[q1] != '?')
        q1++;
    q2 = q1 + 1;
    while (s[q2] != '?')
        q2++;
    if (q2 != q1 + 2)
        return EW_INVALID;
    if (s[q1 + 1] == 'b' || s[q1 + 1] == 'B')
        b64 = 1;
    else if (s[q1 + 1] != 'q' && s[q1 + 1] != 'Q')
        return EW_INVALID;
    *cs = s + 2;
    *cslen = q1 - 2;
    for (i = 0; i < *cslen; i++)
        if ((*cs)[i] == '*') {
            *cslen = i;
            break;
        }
    txt = s + q2 + 1;
    tlen = tend - (q2 + 1);
    rc = b64 ? lsc__base64_decode(bytes, txt, tlen, &wbad)
             : lsc__qp_decode(bytes, txt, tlen, 1, &wbad);
    if (rc)
        return rc;
    if (wbad)
        *bad = 1;
    *used = rest;
    return EW_OK;
}

/* BOM-led and base64-like encodings restart in every word (a second BOM
 * is text).  ISO-2022 words are joined: senders split a shifted run over
 * words (see append_word). */
static int joinable(const char *cs, size_t n)
{
    static const char *const no[] = {"utf-16", "utf-32", "utf-7", "hz",
                                     "ucs"};
    size_t i, k;
    for (k = 0; k < LSC__COUNT(no); k++) {
        size_t l = strlen(no[k]);
        for (i = 0; i + l <= n; i++)
            if (lsc__ncasecmp(cs + i, no[k], l) == 0)
                return 0;
    }
    return 1;
}

/* Appends a word's bytes to the run.  ICU refuses an ISO-2022 shift
 * straight after another, so a shift back to ASCII that ends the run is
 * dropped when the next word opens with a shift of its own. */
static int append_word(lsc__buf *pend, const lsc__buf *word)
{
    if (pend->len >= 3 && word->len && word->p[0] == 0x1b &&
        pend->p[pend->len - 3] == 0x1b && pend->p[pend->len - 2] == '(' &&
        (pend->p[pend->len - 1] == 'B' || pend->p[pend->len - 1] == 'J'))
        pend->len -= 3;
    return lsc__buf_append(pend, word->p, word->len);
}

/* Converts the bytes of a run of adjacent words in one charset.  Words
 * are joined before conversion because senders split multi-byte
 * characters across words (RFC 2047 6.2 forbids it; readers cope). */
static int flush_words(lsc__buf *out, lsc__buf *pend, const char *cs,
                       size_t cslen, int *bad)
{
    size_t inv = 0;
    int rc;
    if (pend->len == 0)
        return 0;
    rc = lsc__charset_to_utf8(out, cs, cslen, pend->p, pend->len, &inv);
    if (rc < 0)
        return rc;
    if (rc == LSC__CS_UNKNOWN) {
        /* Python reads an unknown charset's bytes as UTF-8 (sanitized) */
        if (lsc__utf8_sanitize(out, pend->p, pend->len, NULL) != 0)
            return LSC_ENOMEM;
        *bad = 1;
    }
    if (inv)
        *bad = 1;
    pend->len = 0;
    return 0;
}

int lsc__decode_words(lsc__arena *ar, const char *in, size_t n, char **out,
                      size_t *out_len, int *badp)
{
    lsc__buf b, fin, pend, word;
    size_t i = 0, held_at = 0, held_len = 0, pcslen = 0;
    const char *pcs = NULL;
    int bad = 0, held = 0, rc;

    /* Without "=?" there is no encoded word: the loop below would copy
     * every run of the field unchanged, so only the sanitizing is left. */
    if (!has_ew_start(in, n)) {
        lsc__buf_init(&fin, ar);
        if (lsc__utf8_sanitize(&fin, n ? in : "", n, NULL) != 0)
            return LSC_ENOMEM;
        *out_len = fin.len;
        *out = lsc__buf_finish(&fin);
        return *out ? 0 : LSC_ENOMEM;
    }
    lsc__buf_init(&b, ar);
    lsc__buf_init(&pend, ar);
    lsc__buf_init(&word, ar);
    while (i < n) {
        size_t j;
        int valid = 1;
        if (lsc__mime_is_wsp((unsigned char)in[i])) {
            j = i;
            while (j < n && lsc__mime_is_wsp((unsigned char)in[j]))
                j++;
            if (pend.len) {
                /* dropped if another word follows */
                held = 1;
                held_at = i;
                held_len = j - i;
            } else if (lsc__buf_append(&b, in + i, j - i) != 0) {
                return LSC_ENOMEM;
            }
            i = j;
            continue;
        }
        if (n - i >= 2 && in[i] == '=' && in[i + 1] == '?') {
            size_t used = 0, cslen = 0;
            const char *cs = NULL;
            word.len = 0;
            rc = one_word(&word, in + i, n - i, &used, &cs, &cslen, &bad);
            if (rc < 0)
                return rc;
            if (rc == EW_OK) {
                if (pend.len && !(cslen == pcslen &&
                                  lsc__ncasecmp(cs, pcs, cslen) == 0 &&
                                  joinable(cs, cslen))) {
                    rc = flush_words(&b, &pend, pcs, pcslen, &bad);
                    if (rc)
                        return rc;
                }
                held = 0;
                pcs = cs;
                pcslen = cslen;
                if (word.len && append_word(&pend, &word) != 0)
                    return LSC_ENOMEM;
                if (!pend.len) {
                    /* an empty word still joins its neighbours */
                    if (lsc__buf_reserve(&pend, 1) != 0)
                        return LSC_ENOMEM;
                }
                i += used;
                continue;
            }
            if (rc == EW_INVALID) {
                valid = 0;
                bad = 1;
            }
        }
        rc = flush_words(&b, &pend, pcs, pcslen, &bad);
        if (rc)
            return rc;
        if (held && lsc__buf_append(&b, in + held_at, held_len) != 0)
            return LSC_ENOMEM;
        held = 0;
        j = i;
        while (j < n && !lsc__mime_is_wsp((unsigned char)in[j]))
            j++;
        if (valid && has_ew(in + i, j - i)) {
            size_t k = i;
            while (k + 1 < j && !(in[k] == '=' && in[k + 1] == '?'))
                k++;
            if (k > i)
                j = k;
        }
        if (lsc__buf_append(&b, in + i, j - i) != 0)
            return LSC_ENOMEM;
        i = j;
    }
    rc = flush_words(&b, &pend, pcs, pcslen, &bad);
    if (rc)
        return rc;
    if (held && lsc__buf_append(&b, in + held_at, held_len) != 0)
        return LSC_ENOMEM;
    lsc__buf_init(&fin, ar);
    if (lsc__utf8_sanitize(&fin, b.p ? b.p : "", b.len, NULL) != 0)
        return LSC_ENOMEM;
    *out_len = fin.len;
    *out = lsc__buf_finish(&fin);
    if (!*out)
        return LSC_ENOMEM;
    if (badp && bad)
        *badp = 1;
    return 0;
}

/* ---- the type and the first token of a field ---- */

/* type "/" subtype (RFC 2045 5.1): tokens, blanks and comments around
 * the slash allowed, the subtype ending at a blank, ';' or '('; lower
 * case.  "" when there is no such pair (Python then says text/plain). */
char *lsc__mime_content_type(lsc__arena *ar, const char *v, size_t n)
{
    lsc__buf b;
    size_t i = 0;
    int part = 0;   /* 0 type, 1 after slash, 2 in subtype */
    lsc__buf_init(&b, ar);
    while (i < n) {
        char ch = v[i];
        if (ch == '(') {
            int depth = 1;
            if (part == 2)
                break;
            for (i++; i < n && depth; i++) {
                if (v[i] == '\\')
                    i++;
                else if (v[i] == '(')
                    depth++;
                else if (v[i] == ')')
                    depth--;
            }
            continue;
        }
        if (ch == ';')
            break;
        if (lsc__mime_is_wsp((unsigned char)ch) || ch == '\r' || ch == '\n' ||
            ch == '"') {
            if (part == 2)
                break;
            i++;
            continue;
        }
        if (ch == '/') {
            if (part != 0 || b.len == 0)
                return (char *)"";
            part = 1;
        } else if (part == 1) {
            part = 2;
        }
        if (lsc__buf_putc(&b, ch) != 0)
            return NULL;
        i++;
    }
    if (part != 2)
        return (char *)"";
    if (!lsc__buf_finish(&b))
        return NULL;
    lsc__lower(b.p, b.len);
    return b.p;
}

/* The first token (disposition, transfer encoding), lower case, in *out;
 * *out stays NULL when the field has none.  Returns 0 or LSC_ENOMEM, so
 * that a failed copy is never mistaken for an empty field. */
int lsc__mime_token(lsc__arena *ar, const char *v, size_t n,
                    const char **out)
{
    size_t a = 0, e;
    char *s;
    *out = NULL;
    while (a < n && (lsc__mime_is_wsp((unsigned char)v[a]) || v[a] == '"'))
        a++;
    e = a;
    while (e < n && v[e] != ';' && v[e] != '(' && v[e] != '"' &&
           !lsc__mime_is_wsp((unsigned char)v[e]))
        e++;
    if (e == a)
        return 0;
    s = lsc__arena_strndup(ar, v + a, e - a);
    if (!s)
        return LSC_ENOMEM;
    lsc__lower(s, e - a);
    *out = s;
    return 0;
}

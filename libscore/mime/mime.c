/*
 * mime.c - the parts tree and headers from raw bytes (RFC 5322, 2045,
 * 2046, 2047, 2231).
 *
 * Takes: the message as bytes (an mbox "From " line first is allowed).
 * Gives: msg->headers (unfolded, RFC 2047-decoded), msg->subject, the
 * addresses of From/To/Cc/Bcc/Reply-To, and every entity depth-first in
 * msg->parts with its type, parameters, transfer encoding and raw body
 * (pointers into the input, valid during the scoring call).
 *
 * The reading follows Python's email.feedparser line by line, so that the
 * structure agrees with an independent parser on real mail: lines end at
 * CRLF, LF or a bare CR; a header block ends at the first line that is
 * neither a field, a continuation nor "From "; a boundary line is
 * "--boundary" (or "--boundary--") followed only by blanks, and the
 * boundary of any enclosing multipart ends an inner part (RFC 2046 5.1.2);
 * the line end before a boundary belongs to the boundary.
 *
 * Limits (engine limits): max_message_bytes (input cut), max_parts
 * (parsing stops), max_depth (a deeper container is kept as a leaf),
 * max_headers per entity (further fields skipped), max_header_bytes (a
 * field is cut).  Each sets its LSC_MSG_* flag; what was read is kept.
 * LSC__MIME_HARD_DEPTH bounds recursion whatever the options say.
 */
#include "draft/draft.h"
#include "mime/mime.h"

/* RFC 5322 2.1.1: lines longer than this are flagged. */
#define LSC__MAX_LINE 998

enum { M_BOUNDARY, M_BLANK };

typedef struct matcher {
    int kind;
    const char *b;          /* boundary (without the leading "--") */
    size_t blen;
} matcher;

typedef struct mp {
    lsc__ctx *c;
    lsc__message *m;
    const lsc_limits *lim;
    const char *d;
    size_t n, pos;
    matcher *stack;
    size_t nstack, capstack;
    lsc__vec parts;         /* lsc__part * */
    lsc__part *last;        /* feedparser's _last: the newest entity */
    size_t max_depth;
    int stop;               /* max_parts reached */
} mp;

/* ---- lines ---- */

/* End of the line starting at pos (after its line end); *ce is the end of
 * its content (before CR/LF). */
static size_t line_end(const mp *p, size_t pos, size_t *ce)
{
    const char *d = p->d;
    size_t i = pos, n = p->n;
    while (i < n && d[i] != '\n' && d[i] != '\r')
        i++;
    *ce = i;
    if (i < n) {
        if (d[i] == '\r' && i + 1 < n && d[i + 1] == '\n')
            return i + 2;
        return i + 1;
    }
    return i;
}

/* 0: not a boundary line, 1: "--b", 2: "--b--". */
static int boundary_kind(const mp *p, size_t pos, size_t ce, const char *b,
                         size_t blen)
{
    const char *s = p->d + pos;
    size_t len = ce - pos, i;
    if (len < blen + 2 || s[0] != '-' || s[1] != '-' ||
        memcmp(s + 2, b, blen) != 0)
        return 0;
    i = blen + 2;
    if (len - i >= 2 && s[i] == '-' && s[i + 1] == '-') {
        size_t j = i + 2;
        while (j < len && (s[j] == ' ' || s[j] == '\t'))
            j++;
        if (j == len)
            return 2;
    }
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i == len ? 1 : 0;
}

/* feedparser's false EOF: the end of input or a line that ends an
 * enclosing entity. */
static int at_eof(const mp *p, size_t pos)
{
    size_t ce, k;
    char c0;
    if (pos >= p->n)
        return 1;
    c0 = p->d[pos];
    if (c0 != '-' && c0 != '\r' && c0 != '\n')
        return 0;
    line_end(p, pos, &ce);
    for (k = p->nstack; k-- > 0;) {
        const matcher *mt = &p->stack[k];
        if (mt->kind == M_BLANK) {
            if (c0 == '\r' || c0 == '\n')
                return 1;
        } else if (c0 == '-' &&
                   boundary_kind(p, pos, ce, mt->b, mt->blen)) {
            return 1;
        }
    }
    return 0;
}

/* Reads lines up to the false EOF; returns where they end. */
static size_t skip_to_eof(mp *p)
{
    size_t ce;
    while (!at_eof(p, p->pos))
        p->pos = line_end(p, p->pos, &ce);
    return p->pos;
}

/* ---- header fields ---- */

static int is_wsp(int ch)
{
    return ch == ' ' || ch == '\t';
}

/* feedparser's headerRE: "From ", a continuation, or ftext* ":". */
static int header_line(const char *s, size_t len)
{
    size_t i;
    if (len == 0)
        return 0;
    if (is_wsp((unsigned char)s[0]))
        return 1;
    if (len >= 5 && memcmp(s, "From ", 5) == 0)
        return 1;
    for (i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == ':')
            return 1;
        if (ch < 0x21 || ch > 0x7e)
            return 0;
    }
    return 0;
}

static int push_matcher(mp *p, int kind, const char *b, size_t blen)
{
    if (p->nstack == p->capstack) {
        size_t cap = p->capstack ? p->capstack * 2 : 8;
        matcher *ns = lsc__arena_alloc(p->c->ar, cap * sizeof *ns);
        if (!ns)
            return LSC_ENOMEM;
        if (p->nstack)
            memcpy(ns, p->stack, p->nstack * sizeof *ns);
        p->stack = ns;
        p->capstack = cap;
    }
    p->stack[p->nstack].kind = kind;
    p->stack[p->nstack].b = b;
    p->stack[p->nstack].blen = blen;
    p->nstack++;
    return 0;
}

/* Builds one field from its lines [start, end): name up to the colon,
 * value unfolded the way Python's policy does (leading blanks of the first
 * line dropped, CR/LF removed, continuation blanks kept). */
static int add_field(mp *p, lsc__vec *fields, size_t start, size_t end,
                     size_t colon, unsigned *pflags)
{
    lsc__arena *ar = p->c->ar;
    lsc__header *h;
    lsc__buf b;
    size_t i = colon + 1, max = p->lim->max_header_bytes, pre;
    int bad = 0;

    if (fields->n >= p->lim->max_headers) {
        p->m->flags |= LSC_MSG_TOO_MANY_HEADERS;
        return 0;
    }
    h = lsc__vec_push(fields, ar);
    if (!h)
        return LSC_ENOMEM;
    h->name = lsc__arena_strndup(ar, p->d + start, colon - start);
    if (!h->name)
        return LSC_ENOMEM;
    h->name_len = colon - start;
    while (i < end && is_wsp((unsigned char)p->d[i]))
        i++;
    /* the limit is on the whole unfolded field, name and colon included */
    pre = i - start;
    max = max > pre ? max - pre : 0;
    lsc__buf_init(&b, ar);
    while (i < end) {
        size_t j = i;
        while (j < end && p->d[j] != '\r' && p->d[j] != '\n')
            j++;
        if (j > i && lsc__buf_append(&b, p->d + i, j - i) != 0)
            return LSC_ENOMEM;
        i = j;
        while (i < end && (p->d[i] == '\r' || p->d[i] == '\n'))
            i++;
        if (b.len > max)
            break;
    }
    if (b.len > max) {
        b.len = max;
        p->m->flags |= LSC_MSG_HEADER_TOO_LONG;
    }
    for (i = 0; i < b.len; i++) {
        if ((unsigned char)b.p[i] >= 0x80) {
            *pflags |= LSC_MSG_8BIT_HEADER;
            break;
        }
    }
    h->raw_len = b.len;
    h->raw = lsc__buf_finish(&b);
    if (!h->raw)
        return LSC_ENOMEM;
    if (lsc__decode_words(ar, h->raw, h->raw_len, &h->value, &h->value_len,
                          &bad) != 0)
        return LSC_ENOMEM;
    if (bad)
        p->m->flags |= LSC_MSG_BAD_ENCODED_WORD;
    return 0;
}

/* Reads the header block of the entity starting at p->pos and leaves
 * p->pos at its body.  Returns the number of fields, or LSC_ENOMEM. */
static int read_headers(mp *p, lsc__part *part, int top)
{
    size_t hstart = p->pos, hend, body, ce, pos;
    int blank = 0, rc;
    size_t lineno = 0, nlines = 0;
    size_t fstart = LSC__NONE, fcolon = 0, fend = 0;
    lsc__vec fields;
    unsigned flags = 0;

    /* First pass: where the header lines end. */
    pos = hstart;
    while (!at_eof(p, pos)) {
        size_t le = line_end(p, pos, &ce);
        if (!header_line(p->d + pos, ce - pos)) {
            if (ce == pos)
                blank = 1;
            else if (pos > hstart)
                p->m->flags |= LSC_MSG_BAD_HEADER;
            break;
        }
        pos = le;
        nlines++;
    }
    hend = pos;
    body = blank ? line_end(p, pos, &ce) : pos;

    /* Second pass: the fields, as feedparser._parse_headers. */
    lsc__vec_init(&fields, sizeof(lsc__header));
    pos = hstart;
    for (lineno = 0; pos < hend; lineno++) {
        size_t le = line_end(p, pos, &ce);
        const char *s = p->d + pos;
        if (is_wsp((unsigned char)s[0])) {
            if (fstart != LSC__NONE)
                fend = le;
            pos = le;
            continue;
        }
        if (fstart != LSC__NONE) {
            rc = add_field(p, &fields, fstart, fend, fcolon, &flags);
            if (rc)
                return rc;
            fstart = LSC__NONE;
        }
        if (ce - pos >= 5 && memcmp(s, "From ", 5) == 0) {
            if (lineno == 0) {
                if (top)
                    p->m->flags |= LSC_MSG_MBOX_FROM;
            } else if (lineno == nlines - 1) {
                /* Probably the first body line: give it back. */
                body = pos;
                break;
            }
            pos = le;
            continue;
        }
        {
            const char *colon = memchr(s, ':', ce - pos);
            size_t ci = colon ? (size_t)(colon - p->d) : pos;
            if (ci > pos) {
                fstart = pos;
                fcolon = ci;
                fend = le;
            }
        }
        pos = le;
    }
    if (fstart != LSC__NONE) {
        rc = add_field(p, &fields, fstart, fend, fcolon, &flags);
        if (rc)
            return rc;
    }
    p->m->flags |= flags;
    part->headers = fields.items;
    part->n_headers = fields.n;
    p->pos = body;
    return (int)LSC__MIN(fields.n, (size_t)0x7fffffff);
}

/* ---- parameters (RFC 2045 5.1, RFC 2231) ---- */

typedef struct param {
    const char *name;       /* lower case, without the '*' suffixes */
    size_t name_len;
    const char *val;        /* raw value, still quoted */
    size_t val_len;
    int section;            /* -1 when none */
    int extended;           /* name ended with '*' */
} param;

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
        while (a < b && (is_wsp((unsigned char)s[a]) || s[a] == '\r' ||
                         s[a] == '\n'))
            a++;
        while (b > a && (is_wsp((unsigned char)s[b - 1]) ||
                         s[b - 1] == '\r' || s[b - 1] == '\n'))
            b--;
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
            while (a < b && (is_wsp((unsigned char)s[a]) || s[a] == '\r' ||
                             s[a] == '\n'))
                a++;
            while (b > a && (is_wsp((unsigned char)s[b - 1]) ||
                             s[b - 1] == '\r' || s[b - 1] == '\n'))
                b--;
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

static int hexval(int ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

static int pct_decode(lsc__buf *b, const char *v, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        int hi = -1, lo = -1;
        if (v[i] == '%' && i + 2 < n) {
            hi = hexval((unsigned char)v[i + 1]);
            lo = hexval((unsigned char)v[i + 2]);
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
    if (n - rest > 1 && hexval((unsigned char)s[rest]) >= 0 &&
        hexval((unsigned char)s[rest + 1]) >= 0 && nq < 2) {
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

    lsc__buf_init(&b, ar);
    lsc__buf_init(&pend, ar);
    lsc__buf_init(&word, ar);
    while (i < n) {
        size_t j;
        int valid = 1;
        if (is_wsp((unsigned char)in[i])) {
            j = i;
            while (j < n && is_wsp((unsigned char)in[j]))
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
        while (j < n && !is_wsp((unsigned char)in[j]))
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

/* ---- entities ---- */

static const lsc__header *field(const lsc__part *pt, const char *name)
{
    return lsc__part_header(pt, name);
}

/* type "/" subtype (RFC 2045 5.1): tokens, blanks and comments around
 * the slash allowed, the subtype ending at a blank, ';' or '('; lower
 * case.  "" when there is no such pair (Python then says text/plain). */
static char *content_type_of(lsc__arena *ar, const char *v, size_t n)
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
        if (is_wsp((unsigned char)ch) || ch == '\r' || ch == '\n' ||
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
static int token_of(lsc__arena *ar, const char *v, size_t n,
                    const char **out)
{
    size_t a = 0, e;
    char *s;
    *out = NULL;
    while (a < n && (is_wsp((unsigned char)v[a]) || v[a] == '"'))
        a++;
    e = a;
    while (e < n && v[e] != ';' && v[e] != '(' && v[e] != '"' &&
           !is_wsp((unsigned char)v[e]))
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

static int is_maintype(const char *ct, const char *mt)
{
    size_t l = strlen(mt);
    return strncmp(ct, mt, l) == 0 && ct[l] == '/';
}

static int trim_filename(char **fn)
{
    char *s = *fn;
    size_t n;
    if (!s)
        return 0;
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
                 s[n - 1] == '\n'))
        s[--n] = '\0';
    *fn = s;
    return 0;
}

/* Type, parameters and encoding of an entity from its fields. */
static int describe(mp *p, lsc__part *pt, const char *default_type)
{
    lsc__arena *ar = p->c->ar;
    const lsc__header *ct = field(pt, "Content-Type");
    const lsc__header *cd = field(pt, "Content-Disposition");
    const lsc__header *te = field(pt, "Content-Transfer-Encoding");
    char *type = NULL, *fn = NULL;
    int rc;

    if (ct) {
        type = content_type_of(ar, ct->value, ct->value_len);
        if (!type)
            return LSC_ENOMEM;
        if (!*type)
            type = (char *)"text/plain";
    } else {
        type = (char *)default_type;
    }
    pt->pub.content_type = type;
    if (ct) {
        char *cs = NULL;
        rc = lsc__mime_param(ar, ct->value, ct->value_len, "charset", &cs);
        if (rc)
            return rc;
        if (cs) {
            size_t l;
            trim_filename(&cs);
            l = strlen(cs);
            lsc__lower(cs, l);
            pt->pub.charset = l ? cs : NULL;
        }
    }
    if (cd) {
        rc = token_of(ar, cd->value, cd->value_len, &pt->pub.disposition);
        if (rc)
            return rc;
        rc = lsc__mime_param(ar, cd->value, cd->value_len, "filename", &fn);
        if (rc)
            return rc;
    }
    if (!fn && ct) {
        rc = lsc__mime_param(ar, ct->value, ct->value_len, "name", &fn);
        if (rc)
            return rc;
    }
    trim_filename(&fn);
    pt->pub.filename = fn;
    if (te)
        return token_of(ar, te->value, te->value_len,
                        &pt->pub.transfer_encoding);
    return 0;
}

static int parse_entity(mp *p, size_t parent, unsigned depth,
                        const char *default_type);

/* feedparser: the line end before a boundary belongs to the boundary. */
static void strip_last_eol(mp *p)
{
    lsc__part *l = p->last;
    if (!l || is_maintype(l->pub.content_type, "multipart") ||
        l->pub.kind != LSC_PART_LEAF || !l->raw || l->raw_len == 0)
        return;
    if (l->raw[l->raw_len - 1] == '\n') {
        l->raw_len--;
        if (l->raw_len && l->raw[l->raw_len - 1] == '\r')
            l->raw_len--;
    } else if (l->raw[l->raw_len - 1] == '\r') {
        l->raw_len--;
    }
}

static void leaf_body(mp *p, lsc__part *pt)
{
    size_t st = p->pos;
    pt->pub.kind = LSC_PART_LEAF;
    pt->raw = p->d + st;
    /* a body lsc_draft_score wrote itself: its lines need no reading */
    p->pos = lsc__draft_body_skip(p->c, p->d, st, p->n);
    pt->raw_len = skip_to_eof(p) - st;
}

static int parse_multipart(mp *p, lsc__part *pt, unsigned depth)
{
    const char *b = pt->boundary;
    size_t blen = strlen(b), pre = p->pos, ce, le;
    int capturing = 1, closed = 0, rc;
    int digest = strcmp(pt->pub.content_type, "multipart/digest") == 0;

    pt->pub.kind = LSC_PART_MULTIPART;
    while (!p->stop && !at_eof(p, p->pos)) {
        int k;
        le = line_end(p, p->pos, &ce);
        k = boundary_kind(p, p->pos, ce, b, blen);
        if (!k) {
            p->pos = le;   /* preamble */
            continue;
        }
        if (k == 2) {
            closed = 1;
            if (capturing)
                break;
            p->pos = le;
            break;
        }
        if (capturing) {
            capturing = 0;
            continue;
        }
        p->pos = le;
        /* doubled boundary lines make no empty parts */
        while (!at_eof(p, p->pos)) {
            le = line_end(p, p->pos, &ce);
            if (!boundary_kind(p, p->pos, ce, b, blen))
                break;
            p->pos = le;
        }
        rc = push_matcher(p, M_BOUNDARY, b, blen);
        if (rc)
            return rc;
        rc = parse_entity(p, pt->pub.index, depth + 1,
                          digest ? "message/rfc822" : "text/plain");
        p->nstack--;
        if (rc)
            return rc;
        strip_last_eol(p);
        p->last = pt;
    }
    if (p->stop)
        return 0;
    if (capturing) {
        /* no first boundary: the multipart is a leaf of its preamble */
        pt->pub.kind = LSC_PART_LEAF;
        pt->raw = p->d + pre;
        pt->raw_len = p->pos - pre;
        pt->pub.flags |= LSC_PART_NOT_CLOSED;
        p->m->flags |= LSC_MSG_MISSING_BOUNDARY;
        skip_to_eof(p);
        return 0;
    }
    if (!closed) {
        pt->pub.flags |= LSC_PART_NOT_CLOSED;
        p->m->flags |= LSC_MSG_MISSING_BOUNDARY;
        return 0;
    }
    skip_to_eof(p);   /* epilogue */
    return 0;
}

static int parse_delivery_status(mp *p, lsc__part *pt, unsigned depth)
{
    size_t guard = 0, ce;
    int rc;
    pt->pub.kind = LSC_PART_MESSAGE;
    while (!p->stop) {
        size_t before = p->pos;
        rc = push_matcher(p, M_BLANK, NULL, 0);
        if (rc)
            return rc;
        rc = parse_entity(p, pt->pub.index, depth + 1, "text/plain");
        p->nstack--;
        if (rc)
            return rc;
        if (!at_eof(p, p->pos))
            p->pos = line_end(p, p->pos, &ce);
        if (at_eof(p, p->pos))
            break;
        if (p->pos == before || ++guard > p->lim->max_parts)
            break;
    }
    return 0;
}

static int parse_entity(mp *p, size_t parent, unsigned depth,
                        const char *default_type)
{
    lsc__part *pt, **slot;
    const char *ct;
    int rc;

    if (p->stop)
        return 0;
    if (p->parts.n >= p->lim->max_parts) {
        p->m->flags |= LSC_MSG_TOO_MANY_PARTS;
        p->stop = 1;
        p->pos = p->n;
        return 0;
    }
    pt = lsc__arena_zalloc(p->c->ar, sizeof *pt);
    slot = lsc__vec_push(&p->parts, p->c->ar);
    if (!pt || !slot)
        return LSC_ENOMEM;
    *slot = pt;
    pt->pub.index = p->parts.n - 1;
    pt->pub.leaf_index = LSC__NONE;
    pt->pub.parent = parent;
    pt->pub.depth = depth;
    p->last = pt;

    rc = read_headers(p, pt, depth == 0);
    if (rc < 0)
        return rc;
    if (pt->n_headers == 0) {
        pt->pub.flags |= LSC_PART_NO_HEADERS;
        if (depth == 0)
            p->m->flags |= LSC_MSG_NO_HEADERS;
    }
    rc = describe(p, pt, default_type);
    if (rc)
        return rc;
    ct = pt->pub.content_type;

    if (is_maintype(ct, "multipart") || is_maintype(ct, "message")) {
        if (depth + 1 > p->max_depth) {
            p->m->flags |= LSC_MSG_TOO_DEEP;
            leaf_body(p, pt);
            return 0;
        }
    }
    if (strcmp(ct, "message/delivery-status") == 0) {
        pt->raw = p->d + p->pos;
        rc = parse_delivery_status(p, pt, depth);
        pt->raw_len = (size_t)(p->d + p->pos - pt->raw);
        return rc;
    }
    if (is_maintype(ct, "message")) {
        pt->pub.kind = LSC_PART_MESSAGE;
        pt->raw = p->d + p->pos;
        rc = parse_entity(p, pt->pub.index, depth + 1, "text/plain");
        pt->raw_len = (size_t)(p->d + p->pos - pt->raw);
        return rc;
    }
    if (is_maintype(ct, "multipart")) {
        const lsc__header *h = field(pt, "Content-Type");
        char *b = NULL;
        rc = lsc__mime_param(p->c->ar, h->value, h->value_len, "boundary",
                             &b);
        if (rc)
            return rc;
        if (b) {
            size_t l = strlen(b);
            while (l && (b[l - 1] == ' ' || b[l - 1] == '\t'))
                b[--l] = '\0';
        }
        if (!b) {
            p->m->flags |= LSC_MSG_MISSING_BOUNDARY;
            pt->pub.flags |= LSC_PART_NOT_CLOSED;
            leaf_body(p, pt);
            return 0;
        }
        pt->boundary = b;
        pt->raw = p->d + p->pos;
        rc = parse_multipart(p, pt, depth);
        if (pt->pub.kind == LSC_PART_MULTIPART)
            pt->raw_len = (size_t)(p->d + p->pos - pt->raw);
        return rc;
    }
    leaf_body(p, pt);
    return 0;
}

/* Whole-message facts: NUL bytes, bare CR, lines over 998 bytes. */
static void scan_bytes(lsc__message *m, const char *d, size_t n)
{
    size_t i, line = 0;
    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)d[i];
        if (ch > '\r') {
            line++;
            continue;
        }
        if (ch == '\n') {
            if (line > LSC__MAX_LINE)
                m->flags |= LSC_MSG_LONG_LINES;
            line = 0;
        } else if (ch == '\r') {
            if (i + 1 >= n || d[i + 1] != '\n') {
                m->flags |= LSC_MSG_BARE_CR;
                if (line > LSC__MAX_LINE)
                    m->flags |= LSC_MSG_LONG_LINES;
                line = 0;
            }
        } else {
            if (ch == 0)
                m->flags |= LSC_MSG_NUL_BYTES;
            line++;
        }
    }
    if (line > LSC__MAX_LINE)
        m->flags |= LSC_MSG_LONG_LINES;
}

static int addresses(lsc__ctx *c)
{
    static const char *const names[] = {"From", "To", "Cc", "Bcc",
                                        "Reply-To"};
    lsc__message *m = c->msg;
    lsc__vec *vecs[5];
    size_t i, k;
    vecs[0] = &m->from;
    vecs[1] = &m->to;
    vecs[2] = &m->cc;
    vecs[3] = &m->bcc;
    vecs[4] = &m->reply_to;
    for (i = 0; i < m->n_headers; i++) {
        const lsc__header *h = &m->headers[i];
        for (k = 0; k < LSC__COUNT(names); k++) {
            if (lsc__casecmp(h->name, names[k]) == 0) {
                int rc = lsc__address_parse(c->ar, h->raw, h->raw_len, i,
                                            vecs[k]);
                if (rc)
                    return rc;
            }
        }
    }
    return 0;
}

int lsc__mime_parse(lsc__ctx *c, const char *data, size_t len)
{
    lsc__message *m = c->msg;
    mp p;
    size_t i, leaves = 0;
    int rc;

    memset(&p, 0, sizeof p);
    p.c = c;
    p.m = m;
    p.lim = &c->eng->limits;
    m->wire_bytes = len;
    if (len > p.lim->max_message_bytes) {
        len = p.lim->max_message_bytes;
        m->flags |= LSC_MSG_TRUNCATED;
    }
    p.d = data;
    p.n = len;
    p.max_depth = LSC__MIN(p.lim->max_depth, (size_t)LSC__MIME_HARD_DEPTH);
    lsc__vec_init(&p.parts, sizeof(lsc__part *));
    {
        /* bodies lsc_draft_score wrote itself are base64 lines (draft.h):
         * only the bytes around them need the scan */
        size_t at = 0, bs, be;
        while (lsc__draft_body_at(c, data, at, len, &bs, &be)) {
            scan_bytes(m, data + at, bs - at);
            at = be;
        }
        scan_bytes(m, data + at, len - at);
    }

    rc = parse_entity(&p, LSC__NONE, 0, "text/plain");
    if (rc)
        return rc;
    m->parts = p.parts.items;
    m->n_parts = p.parts.n;
    for (i = 0; i < m->n_parts; i++) {
        lsc__part *pt = m->parts[i];
        pt->pub.encoded_bytes = pt->raw_len;
        if (pt->pub.kind == LSC_PART_LEAF)
            pt->pub.leaf_index = leaves++;
    }
    if (m->n_parts) {
        const lsc__header *s;
        m->headers = m->parts[0]->headers;
        m->n_headers = m->parts[0]->n_headers;
        s = lsc__msg_header(m, "Subject");
        if (s) {
            m->subject = s->value;
            m->subject_len = s->value_len;
        }
    }
    return addresses(c);
}

lsc__message *lsc__message_new(lsc__arena *ar)
{
    lsc__message *m = lsc__arena_zalloc(ar, sizeof *m);
    if (!m)
        return NULL;
    m->ar = ar;
    m->subject = "";
    lsc__vec_init(&m->from, sizeof(lsc__address));
    lsc__vec_init(&m->to, sizeof(lsc__address));
    lsc__vec_init(&m->cc, sizeof(lsc__address));
    lsc__vec_init(&m->bcc, sizeof(lsc__address));
    lsc__vec_init(&m->reply_to, sizeof(lsc__address));
    return m;
}

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
 * neither a field, a continuation nor "From " (LSC_MSG_BAD_HEADER when it
 * is not blank; msg->bad_header keeps it); "From :" is the From field
 * with a blank before its colon (RFC 5322 4.5.3), not an mbox line, where
 * Python drops it; a boundary line is
 * "--boundary" (or "--boundary--") followed only by blanks, and the
 * boundary of any enclosing multipart ends an inner part (RFC 2046 5.1.2);
 * the line end before a boundary belongs to the boundary.
 *
 * Limits (engine limits): max_message_bytes (input cut), max_parts
 * (parsing stops), max_depth (a deeper container is kept as a leaf),
 * max_headers per entity (further fields skipped), max_header_bytes (a
 * field is cut).  Each sets its LSC_MSG_* flag; what was read is kept.
 * LSC__MIME_HARD_DEPTH bounds recursion whatever the options say.
 * Parameters, encoded words, the type and the first token of a field
 * value are read by fields.c.
 */
#include "mime/mime.h"

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
    const char *d = p->d, *nl, *cr;
    size_t i, n = p->n, lim;
    /* memchr scans a word or a vector at a time: first the LF, then a CR
     * before it (the line ends at whichever comes first). */
    if (pos >= n) {
        *ce = n;
        return n;
    }
    nl = memchr(d + pos, '\n', n - pos);
    lim = nl ? (size_t)(nl - d) : n;
    cr = memchr(d + pos, '\r', lim - pos);
    i = cr ? (size_t)(cr - d) : lim;
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

/* The first line after the one at pos that opens with "--" (where it
 * starts), n for none, in a text whose lines all start after an LF (no
 * bare CR).  memchr finds the dashes, most of them inside lines. */
static size_t next_dash_line(const char *d, size_t pos, size_t n)
{
    size_t i = pos + 1;
    while (i + 1 < n) {
        const char *q = memchr(d + i, '-', n - 1 - i);
        if (!q)
            break;
        i = (size_t)(q - d);
        if (d[i - 1] == '\n' && d[i + 1] == '-')
            return i;
        i++;
    }
    return n;
}

/* Reads lines up to the false EOF; returns where they end.  Outside any
 * multipart nothing ends a body but the end of input.  Without a bare CR
 * every line starts after an LF, and while no blank-line matcher
 * (delivery-status) is open only a line opening "--" may end the entity:
 * the lines between are stepped over by dashes, not one by one. */
static size_t skip_to_eof(mp *p)
{
    size_t ce, k;
    int blank = 0;
    if (p->nstack == 0) {
        p->pos = LSC__MAX(p->pos, p->n);
        return p->pos;
    }
    for (k = 0; k < p->nstack; k++)
        blank |= p->stack[k].kind == M_BLANK;
    if (!blank && !(p->m->flags & LSC_MSG_BARE_CR)) {
        while (!at_eof(p, p->pos))
            p->pos = next_dash_line(p->d, p->pos, p->n);
        return p->pos;
    }
    while (!at_eof(p, p->pos))
        p->pos = line_end(p, p->pos, &ce);
    return p->pos;
}

/* ---- header fields ---- */

int lsc__mime_is_wsp(int ch)
{
    return ch == ' ' || ch == '\t';
}

/* feedparser's headerRE: "From ", a continuation, or ftext* ":". */
/* "From " opening an mbox envelope line, not "From :" (a From field
 * with blanks before its colon, RFC 5322 4.5.3). */
static int mbox_from(const char *s, size_t len)
{
    size_t i = 4;
    if (len < 5 || memcmp(s, "From ", 5) != 0)
        return 0;
    while (i < len && lsc__mime_is_wsp((unsigned char)s[i]))
        i++;
    return i >= len || s[i] != ':';
}

static int header_line(const char *s, size_t len)
{
    size_t i;
    if (len == 0)
        return 0;
    if (lsc__mime_is_wsp((unsigned char)s[0]))
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
 * line dropped, CR/LF removed, continuation blanks kept).  one_end is
 * where the content of a field of one line ends (before its CR/LF),
 * LSC__NONE for a folded one. */
static int add_field(mp *p, lsc__vec *fields, size_t start, size_t end,
                     size_t colon, size_t one_end, unsigned *pflags)
{
    lsc__arena *ar = p->c->ar;
    lsc__header *h;
    lsc__buf b;
    size_t i = colon + 1, max = p->lim->max_header_bytes, pre;
    int bad = 0, ascii;

    if (fields->n >= p->lim->max_headers) {
        p->m->flags |= LSC_MSG_TOO_MANY_HEADERS;
        return 0;
    }
    h = lsc__vec_push(fields, ar);
    if (!h)
        return LSC_ENOMEM;
    pre = colon;   /* "Subject :" names Subject (RFC 5322 4.5.3) */
    while (pre > start && lsc__mime_is_wsp((unsigned char)p->d[pre - 1]))
        pre--;
    h->name = lsc__arena_strndup(ar, p->d + start, pre - start);
    if (!h->name)
        return LSC_ENOMEM;
    h->name_len = pre - start;
    h->key = lsc__header_key(h->name);
    while (i < end && lsc__mime_is_wsp((unsigned char)p->d[i]))
        i++;
    /* the limit is on the whole unfolded field, name and colon included */
    pre = i - start;
    max = max > pre ? max - pre : 0;
    lsc__buf_init(&b, ar);
    /* one line: its content, which holds no CR or LF */
    if (one_end != LSC__NONE && i <= one_end) {
        if (one_end > i && lsc__buf_append(&b, p->d + i, one_end - i) != 0)
            return LSC_ENOMEM;
        i = end;
    }
    while (i < end) {
        /* up to the first CR or LF: memchr for each, not a byte loop */
        const char *nl = memchr(p->d + i, '\n', end - i);
        size_t j = nl ? (size_t)(nl - p->d) : end;
        const char *cr = memchr(p->d + i, '\r', j - i);
        if (cr)
            j = (size_t)(cr - p->d);
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
    ascii = lsc__mime_all_ascii(b.p, b.len);
    if (!ascii)
        *pflags |= LSC_MSG_8BIT_HEADER;
    h->raw_len = b.len;
    h->raw = lsc__buf_finish(&b);
    if (!h->raw)
        return LSC_ENOMEM;
    /* ASCII without '=' has no encoded word and nothing to sanitize:
     * lsc__decode_words would copy it as it is */
    if (ascii && !memchr(h->raw, '=', h->raw_len)) {
        h->value = h->raw;
        h->value_len = h->raw_len;
        return 0;
    }
    if (lsc__decode_words(ar, h->raw, h->raw_len, &h->value, &h->value_len,
                          &bad) != 0)
        return LSC_ENOMEM;
    if (bad)
        p->m->flags |= LSC_MSG_BAD_ENCODED_WORD;
    return 0;
}

/* Header lines whose ends the first pass of read_headers keeps. */
#define HEADER_LINES_KEPT 128

/* Reads the header block of the entity starting at p->pos and leaves
 * p->pos at its body.  Returns the number of fields, or LSC_ENOMEM. */
static int read_headers(mp *p, lsc__part *part, int top)
{
    size_t hstart = p->pos, hend, body, ce, pos;
    int blank = 0, rc;
    size_t lineno = 0, nlines = 0;
    size_t fstart = LSC__NONE, fcolon = 0, fend = 0, fone = LSC__NONE;
    lsc__vec fields;
    unsigned flags = 0;
    /* the first pass's line ends, for the second (most blocks fit) */
    size_t ends[HEADER_LINES_KEPT][2];

    /* First pass: where the header lines end. */
    pos = hstart;
    while (!at_eof(p, pos)) {
        size_t le = line_end(p, pos, &ce);
        if (nlines < HEADER_LINES_KEPT) {
            ends[nlines][0] = le;
            ends[nlines][1] = ce;
        }
        if (!header_line(p->d + pos, ce - pos)) {
            if (ce == pos) {
                blank = 1;
            } else if (pos > hstart) {
                /* A line without a colon among the fields ends the block
                 * and opens the body, as Python reads it (check-mime
                 * holds the structure to that); the line is kept so the
                 * rules can say so (HEADER_BROKEN), never silently. */
                p->m->flags |= LSC_MSG_BAD_HEADER;
                if (top && !p->m->bad_header_len) {
                    p->m->bad_header = p->d + pos;
                    p->m->bad_header_len = ce - pos;
                }
            }
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
        size_t le;
        const char *s = p->d + pos;
        if (lineno < HEADER_LINES_KEPT) {
            le = ends[lineno][0];
            ce = ends[lineno][1];
        } else {
            le = line_end(p, pos, &ce);
        }
        if (lsc__mime_is_wsp((unsigned char)s[0])) {
            if (fstart != LSC__NONE) {
                fend = le;
                fone = LSC__NONE;
            }
            pos = le;
            continue;
        }
        if (fstart != LSC__NONE) {
            rc = add_field(p, &fields, fstart, fend, fcolon, fone, &flags);
            if (rc)
                return rc;
            fstart = LSC__NONE;
        }
        if (mbox_from(s, ce - pos)) {
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
                fone = ce;
            }
        }
        pos = le;
    }
    if (fstart != LSC__NONE) {
        rc = add_field(p, &fields, fstart, fend, fcolon, fone, &flags);
        if (rc)
            return rc;
    }
    p->m->flags |= flags;
    part->headers = fields.items;
    part->n_headers = fields.n;
    p->pos = body;
    return (int)LSC__MIN(fields.n, (size_t)0x7fffffff);
}

/* ---- entities ---- */

static const lsc__header *field(const lsc__part *pt, const char *name)
{
    return lsc__part_header(pt, name);
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
        type = lsc__mime_content_type(ar, ct->value, ct->value_len);
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
        rc = lsc__mime_token(ar, cd->value, cd->value_len, &pt->pub.disposition);
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
        return lsc__mime_token(ar, te->value, te->value_len,
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
    /* a body the caller already holds (a draft's attachment,
     * base/message.h): its lines need no reading */
    p->pos = lsc__known_body_skip(p->c->input, p->d, st, p->n);
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
        /* bodies the caller already holds are base64 lines
         * (base/message.h): only the bytes around them need the scan */
        size_t at = 0, bs, be;
        while (lsc__known_body_at(c->input, data, at, len, &bs, &be)) {
            m->flags |= lsc__mime_byte_facts(data + at, bs - at);
            at = be;
        }
        m->flags |= lsc__mime_byte_facts(data + at, len - at);
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

/*
 * decode.c - transfer decoding of every leaf, and the stage that turns
 * body text into UTF-8.
 *
 * Takes: the parts tree from mime.c (raw bodies point into the input).
 * Gives: pub.body/body_bytes (base64, quoted-printable and uuencode
 * decoded; 7bit/8bit/binary and unknown encodings passed through), and for
 * body text parts (text/plain, text/html that are not attachments)
 * pub.utf8/utf8_bytes through charset.c; plain text parts get pub.text =
 * pub.utf8 (html.c fills text for HTML parts).
 *
 * The decoders are as tolerant as Python's email package (the reference
 * the MIME reader is checked against): base64 ignores line breaks anywhere
 * and skips bad characters, quoted-printable keeps bad escapes.  Limits: a
 * body is never longer than the input (max_message_bytes).
 */
#include "mime/mime.h"

/* ---- transfer encodings ---- */

static const signed char b64val[256] = {
    ['A'] = 0,  ['B'] = 1,  ['C'] = 2,  ['D'] = 3,  ['E'] = 4,  ['F'] = 5,
    ['G'] = 6,  ['H'] = 7,  ['I'] = 8,  ['J'] = 9,  ['K'] = 10, ['L'] = 11,
    ['M'] = 12, ['N'] = 13, ['O'] = 14, ['P'] = 15, ['Q'] = 16, ['R'] = 17,
    ['S'] = 18, ['T'] = 19, ['U'] = 20, ['V'] = 21, ['W'] = 22, ['X'] = 23,
    ['Y'] = 24, ['Z'] = 25, ['a'] = 26, ['b'] = 27, ['c'] = 28, ['d'] = 29,
    ['e'] = 30, ['f'] = 31, ['g'] = 32, ['h'] = 33, ['i'] = 34, ['j'] = 35,
    ['k'] = 36, ['l'] = 37, ['m'] = 38, ['n'] = 39, ['o'] = 40, ['p'] = 41,
    ['q'] = 42, ['r'] = 43, ['s'] = 44, ['t'] = 45, ['u'] = 46, ['v'] = 47,
    ['w'] = 48, ['x'] = 49, ['y'] = 50, ['z'] = 51, ['0'] = 52, ['1'] = 53,
    ['2'] = 54, ['3'] = 55, ['4'] = 56, ['5'] = 57, ['6'] = 58, ['7'] = 59,
    ['8'] = 60, ['9'] = 61, ['+'] = 62, ['/'] = 63,
};

static int b64ok(unsigned char ch)
{
    return ch == 'A' || b64val[ch] != 0;
}

/* binascii.a2b_base64 over in[0..n) without its CR/LF, followed by `pad`
 * extra '=' characters.  Returns 0, or 1 when binascii would raise (the
 * output is then to be discarded). */
static int a2b_base64(lsc__buf *out, const char *in, size_t n, int pad,
                      int strict)
{
    size_t i, total = n + (size_t)pad;
    int quad = 0, pads = 0, started = 0;
    unsigned left = 0;
    for (i = 0; i < total; i++) {
        unsigned char ch;
        /* four valid characters at the start of a quad: three bytes at
         * once (a line of base64 is nothing else); the rest one by one */
        while (quad == 0 && !started && i + 4 <= n) {
            const unsigned char *q = (const unsigned char *)in + i;
            unsigned v;
            if (!b64ok(q[0]) || !b64ok(q[1]) || !b64ok(q[2]) || !b64ok(q[3]))
                break;
            v = (unsigned)b64val[q[0]] << 18 | (unsigned)b64val[q[1]] << 12 |
                (unsigned)b64val[q[2]] << 6 | (unsigned)b64val[q[3]];
            out->p[out->len++] = (char)(v >> 16);
            out->p[out->len++] = (char)(v >> 8);
            out->p[out->len++] = (char)v;
            i += 4;
        }
        if (i >= total)
            break;
        ch = i < n ? (unsigned char)in[i] : '=';
        if (ch == '\r' || ch == '\n')
            continue;
        if (ch == '=') {
            started = 1;
            if (strict && quad == 0)
                return 1;
            if (quad >= 2 && quad + ++pads >= 4) {
                if (strict) {
                    size_t j;
                    for (j = i + 1; j < total; j++) {
                        unsigned char c2 = j < n ? (unsigned char)in[j] : '=';
                        if (c2 != '\r' && c2 != '\n')
                            return 1;
                    }
                }
                return 0;
            }
            continue;
        }
        if (!b64ok(ch)) {
            if (strict)
                return 1;
            continue;
        }
        if (strict && started)
            return 1;
        pads = 0;
        switch (quad) {
        case 0:
            quad = 1;
            left = (unsigned)b64val[ch];
            break;
        case 1:
            quad = 2;
            out->p[out->len++] = (char)((left << 2) | ((unsigned)b64val[ch] >> 4));
            left = (unsigned)b64val[ch] & 0x0f;
            break;
        case 2:
            quad = 3;
            out->p[out->len++] = (char)((left << 4) | ((unsigned)b64val[ch] >> 2));
            left = (unsigned)b64val[ch] & 0x03;
            break;
        default:
            quad = 0;
            out->p[out->len++] = (char)((left << 6) | (unsigned)b64val[ch]);
            left = 0;
            break;
        }
    }
    return quad != 0;
}

int lsc__base64_decode(lsc__buf *out, const char *in, size_t n, int *bad)
{
    size_t i, len = 0, mark = out->len;
    int pad_err, pad;
    for (i = 0; i < n; i++)
        if (in[i] != '\r' && in[i] != '\n')
            len++;
    if (lsc__buf_reserve(out, len + 8) != 0)
        return LSC_ENOMEM;
    /* email._encoded_words.decode_b, step by step */
    pad_err = (int)(len % 4);
    pad = pad_err ? 4 - pad_err : 0;
    if (a2b_base64(out, in, n, pad, 1) == 0) {
        if (pad_err)
            *bad = 1;
        return 0;
    }
    *bad = 1;
    out->len = mark;
    if (a2b_base64(out, in, n, 0, 0) == 0)
        return 0;
    out->len = mark;
    if (a2b_base64(out, in, n, 2, 0) == 0)
        return 0;
    out->len = mark;
    /* undecodable length: Python hands back the text without CR/LF */
    for (i = 0; i < n; i++)
        if (in[i] != '\r' && in[i] != '\n')
            out->p[out->len++] = in[i];
    return 0;
}

int lsc__qp_decode(lsc__buf *out, const char *in, size_t n, int header,
                   int *bad)
{
    size_t i = 0;
    if (lsc__buf_reserve(out, n + 1) != 0)
        return LSC_ENOMEM;
    while (i < n) {
        char ch = in[i];
        if (ch == '=') {
            i++;
            if (i >= n)
                break;
            if (in[i] == '\n' || in[i] == '\r') {
                /* soft line break (binascii skips to the next LF) */
                if (in[i] != '\n')
                    while (i < n && in[i] != '\n')
                        i++;
                if (i < n)
                    i++;
            } else if (in[i] == '=') {
                out->p[out->len++] = '=';
                i++;
                *bad = 1;
            } else if (i + 1 < n && lsc__hexval((unsigned char)in[i]) >= 0 &&
                       lsc__hexval((unsigned char)in[i + 1]) >= 0) {
                out->p[out->len++] =
                    (char)(lsc__hexval((unsigned char)in[i]) * 16 +
                           lsc__hexval((unsigned char)in[i + 1]));
                i += 2;
            } else {
                out->p[out->len++] = '=';
                *bad = 1;
            }
        } else if (header && ch == '_') {
            out->p[out->len++] = ' ';
            i++;
        } else if (!header) {
            /* a body's bytes up to the next '=' are themselves */
            const char *eq = memchr(in + i, '=', n - i);
            size_t e = eq ? (size_t)(eq - in) : n;
            memcpy(out->p + out->len, in + i, e - i);
            out->len += e - i;
            i = e;
        } else {
            out->p[out->len++] = ch;
            i++;
        }
    }
    return 0;
}

/* binascii.a2b_uu of one line; 1 when binascii would raise. */
static int a2b_uu(lsc__buf *out, const unsigned char *s, size_t n)
{
    size_t want, i = 1, got = 0;
    unsigned left = 0;
    int bits = 0;
    if (n == 0)
        want = 0;
    else
        want = (size_t)((s[0] - ' ') & 077);
    while (got < want) {
        unsigned ch = i < n ? s[i] : 0;
        if (i < n && (ch == '\n' || ch == '\r'))
            ch = 0;
        else if (i < n && (ch < ' ' || ch > ' ' + 64))
            return 1;
        else if (i < n)
            ch = (ch - ' ') & 077;
        i++;
        left = (left << 6) | ch;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out->p[out->len++] = (char)((left >> bits) & 0xff);
            left &= (1u << bits) - 1;
            got++;
        }
    }
    for (; i < n; i++) {
        unsigned ch = s[i];
        if (ch != ' ' && ch != ' ' + 64 && ch != '\n' && ch != '\r')
            return 1;
    }
    return 0;
}

/* email.message._decode_uu; 1 when there is no begin line. */
static int uu_decode(lsc__buf *out, const char *in, size_t n)
{
    size_t i = 0, mark = out->len;
    int begun = 0;
    if (lsc__buf_reserve(out, n + 64) != 0)
        return LSC_ENOMEM;
    while (i < n) {
        size_t st = i, e;
        while (i < n && in[i] != '\r' && in[i] != '\n')
            i++;
        e = i;
        if (i < n && in[i] == '\r' && i + 1 < n && in[i + 1] == '\n')
            i += 2;
        else if (i < n)
            i++;
        if (!begun) {
            size_t k = st + 6;
            if (e - st >= 6 && memcmp(in + st, "begin ", 6) == 0) {
                size_t m0 = k;
                while (k < e && in[k] >= '0' && in[k] <= '7')
                    k++;
                if (k > m0 && (k == e || in[k] == ' '))
                    begun = 1;
            }
            continue;
        }
        {
            size_t a = st, b = e;
            if (e == st) {
                out->len = mark;
                return 1;    /* "Truncated input": raw body */
            }
            while (a < b && strchr(" \t\f", in[a]))
                a++;
            while (b > a && strchr(" \t\f", in[b - 1]))
                b--;
            if (b - a == 3 && memcmp(in + a, "end", 3) == 0)
                break;
            if (lsc__buf_reserve(out, 64) != 0)
                return LSC_ENOMEM;
            {
                size_t m1 = out->len;
                if (a2b_uu(out, (const unsigned char *)in + st, e - st)) {
                    size_t nb = (size_t)(((((unsigned char)in[st]) - 32) & 63) * 4 + 5) / 3;
                    out->len = m1;
                    if (a2b_uu(out, (const unsigned char *)in + st,
                               LSC__MIN(nb, e - st))) {
                        out->len = mark;
                        return 1;
                    }
                }
            }
        }
    }
    if (!begun) {
        out->len = mark;
        return 1;
    }
    return 0;
}

/* ---- the stage ---- */

static int te_is(const char *te, const char *name)
{
    return te && strcmp(te, name) == 0;
}

/* The result outlives the input: bodies are copied into the arena. */
static int copy_body(lsc__ctx *c, lsc_part *pub, const char *raw, size_t n)
{
    char *d = lsc__arena_strndup(c->ar, raw, n);
    if (!d)
        return LSC_ENOMEM;
    pub->body = (const unsigned char *)d;
    pub->body_bytes = n;
    return 0;
}

static int decode_body(lsc__ctx *c, lsc__part *pt)
{
    lsc_part *pub = &pt->pub;
    const char *te = pub->transfer_encoding;
    const char *raw = pt->raw ? pt->raw : "";
    size_t n = pt->raw_len;
    lsc__buf b;
    int bad = 0, rc = 0;

    if (te_is(te, "base64")) {
        /* a body the caller already holds (a draft's attachment, which
         * lsc_draft_score encoded itself): its bytes are known */
        const lsc__known_body *kb = lsc__known_body_find(c->input, pt->raw);
        if (kb && n == kb->body_len && kb->pin && c->res &&
            lsc__pin_len(kb->pin) == kb->data_len) {
            /* shared with the caller's cache: held, not copied */
            if (lsc__result_hold(c->res, kb->pin) != 0)
                return LSC_ENOMEM;
            pub->body = lsc__pin_data(kb->pin);
            pub->body_bytes = kb->data_len;
            return 0;
        }
        if (kb && n == kb->body_len)
            return copy_body(c, pub, (const char *)kb->data, kb->data_len);
        lsc__buf_init(&b, c->ar);
        rc = lsc__base64_decode(&b, raw, n, &bad);
        if (bad)
            pub->flags |= LSC_PART_BAD_BASE64;
    } else if (te_is(te, "quoted-printable")) {
        lsc__buf_init(&b, c->ar);
        rc = lsc__qp_decode(&b, raw, n, 0, &bad);
        if (bad)
            pub->flags |= LSC_PART_BAD_QP;
    } else if (te_is(te, "x-uuencode") || te_is(te, "uuencode") ||
               te_is(te, "uue") || te_is(te, "x-uue")) {
        lsc__buf_init(&b, c->ar);
        rc = uu_decode(&b, raw, n);
        if (rc == 1)
            return copy_body(c, pub, raw, n);
    } else {
        if (te && !te_is(te, "7bit") && !te_is(te, "8bit") &&
            !te_is(te, "binary"))
            pub->flags |= LSC_PART_UNKNOWN_ENCODING;
        if ((!te || te_is(te, "7bit")) && !lsc__mime_all_ascii(raw, n))
            pub->flags |= LSC_PART_8BIT_UNDECLARED;
        return copy_body(c, pub, raw, n);
    }
    if (rc)
        return rc;
    if (!lsc__buf_finish(&b))
        return LSC_ENOMEM;
    pub->body = (const unsigned char *)b.p;
    pub->body_bytes = b.len;
    return 0;
}

static int to_utf8(lsc__ctx *c, lsc__part *pt)
{
    lsc_part *pub = &pt->pub;
    const char *in = (const char *)pub->body;
    size_t n = pub->body_bytes, inv = 0;
    lsc__buf b;
    int rc, html = (pub->flags & LSC_PART_HTML) != 0;

    lsc__buf_init(&b, c->ar);
    if (!pub->charset) {
        pub->flags |= LSC_PART_NO_CHARSET;
        rc = lsc__mime_guess(&b, in, n, &inv, &pub->flags, html);
    } else if (lsc__mime_is_ascii_label(pub->charset) && !lsc__mime_all_ascii(in, n)) {
        /* declared ASCII but 8-bit: the label is wrong, not the bytes */
        rc = lsc__mime_guess(&b, in, n, &inv, &pub->flags, html);
    } else {
        rc = lsc__charset_to_utf8(&b, pub->charset, strlen(pub->charset), in,
                                  n, &inv);
        if (rc == LSC__CS_UNKNOWN) {
            pub->flags |= LSC_PART_UNKNOWN_CHARSET;
            b.len = 0;
            inv = 0;
            rc = lsc__mime_guess(&b, in, n, &inv, &pub->flags, html);
        }
    }
    if (rc)
        return rc;
    if (!lsc__buf_finish(&b))
        return LSC_ENOMEM;
    pub->utf8 = b.p;
    pub->utf8_bytes = b.len;
    pub->invalid_bytes = inv;
    if (inv)
        pub->flags |= LSC_PART_INVALID_BYTES;
    return 0;
}

static int has_field(const lsc__part *pt, const char *name)
{
    return lsc__part_header(pt, name) != NULL;
}

int lsc__decode_run(lsc__ctx *c)
{
    lsc__message *m = c->msg;
    size_t i;
    for (i = 0; i < m->n_parts; i++) {
        lsc__part *pt = m->parts[i];
        lsc_part *pub = &pt->pub;
        const char *ct = pub->content_type;
        int text, html, alt, attached, rc;

        if (pub->kind != LSC_PART_LEAF)
            continue;
        rc = decode_body(c, pt);
        if (rc)
            return rc;
        if (pt->raw_len > 0 && pub->body_bytes == 0 &&
            te_is(pub->transfer_encoding, "base64"))
            pub->flags |= LSC_PART_BAD_BASE64;
        if (strncmp(ct, "multipart/", 10) == 0 ||
            strncmp(ct, "message/", 8) == 0)
            continue;
        text = strcmp(ct, "text/plain") == 0;
        html = strcmp(ct, "text/html") == 0;
        alt = pub->parent < m->n_parts &&
              strcmp(m->parts[pub->parent]->pub.content_type,
                     "multipart/alternative") == 0;
        attached = pub->disposition && strcmp(pub->disposition, "attachment") == 0;
        /* A named text part is a file, unless it is the whole message, an
         * alternative of the body (clients that put name= on every part,
         * content branch) or says inline: every client shows those as the
         * body. */
        if ((text || html) && !attached &&
            (!pub->filename || pub->depth == 0 || alt ||
             (pub->disposition && strcmp(pub->disposition, "inline") == 0))) {
            pub->flags |= LSC_PART_TEXT;
            if (html)
                pub->flags |= LSC_PART_HTML;
            rc = to_utf8(c, pt);
            if (rc)
                return rc;
            if (text) {
                pub->text = pub->utf8;
                pub->text_bytes = pub->utf8_bytes;
            }
        } else if (alt && !attached && !pub->filename &&
                   strncmp(ct, "text/", 5) == 0) {
            /* text/calendar (an invitation), text/enriched, text/x-amp-html
             * beside the body: another rendering of the same letter, not a
             * file offered to the reader (content branch) */
        } else {
            pub->flags |= LSC_PART_ATTACHMENT;
            if (strncmp(ct, "image/", 6) == 0 &&
                ((pub->disposition && strcmp(pub->disposition, "inline") == 0) ||
                 has_field(pt, "Content-ID")))
                pub->flags |= LSC_PART_INLINE_IMAGE;
        }
    }
    return 0;
}

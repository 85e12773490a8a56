/*
 * mime_write.c - writes the pieces of a message the draft builds.
 *
 * Takes: header values, bodies and attachment names as the caller gave
 * them (UTF-8).  Gives, into the message buffer: header fields folded at
 * FOLD_AT where there is a space, non-ASCII unstructured values and
 * display names as RFC 2047 B encoded-words of at most 75 characters,
 * address lists, bodies with CRLF line ends as 7bit or quoted-printable,
 * base64 in 76-character lines, content types by extension, and
 * parameters as RFC 2231 extended values when they are not plain.
 */
#include <stdio.h>

#include "draft/draft.h"

#define FOLD_AT 76                   /* RFC 2047 2 for lines with encoded-words;
                                        RFC 5322 2.1.1 asks 78 */
#define LINE_MAX_7BIT 998            /* RFC 5322 2.1.1 "MUST" */
#define EW_MAX_BYTES 45              /* 60 base64 chars: 75-char encoded-word */
#define PARAM_CHUNK 60               /* RFC 2231 continuation size */

static const char hexdig[] = "0123456789ABCDEF";

/* ------------------------------------------------------------------ */
/* pieces                                                              */
/* ------------------------------------------------------------------ */


str lsc__draft_field(const char *p, size_t n)
{
    str s;
    s.p = p;
    s.n = p ? (n == LSC_NTS ? strlen(p) : n) : 0;
    return s;
}

static int is_ascii(const char *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if ((unsigned char)p[i] >= 0x80)
            return 0;
    return 1;
}

/* A header value: CR and LF become spaces (no header injection). */
char *lsc__draft_clean_header(const lsc__alloc *al, str s)
{
    char *out = lsc__malloc(al, s.n + 1);
    size_t i;
    if (!out)
        return NULL;
    for (i = 0; i < s.n; i++)
        out[i] = (s.p[i] == '\r' || s.p[i] == '\n' || s.p[i] == '\0')
                     ? ' ' : s.p[i];
    out[s.n] = '\0';
    return out;
}

/* Writes "Name: value" folded before spaces so lines stay within FOLD_AT
 * where the words allow; unfolding gives back value exactly. */
void lsc__draft_write_folded(obuf *b, const char *name, const char *v, size_t n)
{
    size_t line = strlen(name) + 1, i = 0;
    int first = 1;
    if (!v) /* an address list that encoded to nothing: NULL + 0 is UB */
        v = "";
    ob_s(b, name);
    ob_c(b, ':');
    while (i <= n) {
        size_t j = i;
        while (j < n && v[j] != ' ')
            j++;
        /* the word v[i..j) comes after one space (the original one, or
         * the one after the colon for the first word) */
        if (!first && j > i && line + 1 + (j - i) > FOLD_AT) {
            ob_put(b, "\r\n", 2);
            line = 0;
        }
        ob_c(b, ' ');
        ob_put(b, v + i, j - i);
        line += 1 + (j - i);
        first = 0;
        if (j >= n)
            break;
        i = j + 1;
    }
    ob_put(b, "\r\n", 2);
}

/* Writes a lsc__draft_field built in scratch buffer tmp folded into b, and frees tmp
 * (its failure is b's). */
static void folded_from(obuf *b, const char *name, obuf *tmp)
{
    if (tmp->failed)
        b->failed = 1;
    else
        lsc__draft_write_folded(b, name, tmp->p, tmp->len);
    lsc__free(tmp->al, tmp->p);
}

/* Appends UTF-8 B encoded-words for s, space separated, each at most 75
 * characters and never splitting a character. */
static void put_encoded_words(obuf *b, const char *s, size_t n,
                              size_t first_max)
{
    static const char b64[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i = 0;
    int first = 1;
    while (i < n) {
        size_t take = LSC__MIN(first ? first_max : EW_MAX_BYTES, n - i), k;
        if (i + take < n) {
            size_t back = take;
            while (back > 0 && back > take - 3 &&
                   ((unsigned char)s[i + back] & 0xC0) == 0x80)
                back--;
            if (back > 0)
                take = back;
        }
        if (!first)
            ob_c(b, ' ');
        first = 0;
        ob_s(b, "=?UTF-8?B?");
        for (k = 0; k < take; k += 3) {
            unsigned v = (unsigned char)s[i + k] << 16;
            size_t left = take - k;
            char q[4];
            if (left > 1)
                v |= (unsigned char)s[i + k + 1] << 8;
            if (left > 2)
                v |= (unsigned char)s[i + k + 2];
            q[0] = b64[(v >> 18) & 63];
            q[1] = b64[(v >> 12) & 63];
            q[2] = left > 1 ? b64[(v >> 6) & 63] : '=';
            q[3] = left > 2 ? b64[v & 63] : '=';
            ob_put(b, q, 4);
        }
        ob_s(b, "?=");
        i += take;
    }
}

/* An unstructured lsc__draft_field (Subject, extra headers): as it is when it is
 * plain ASCII that no decoder could mistake, else encoded-words. */
static int unstructured_needs_ew(const char *v, size_t n)
{
    size_t i, word = 0;
    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)v[i];
        if (ch >= 0x80 || (ch < 0x20 && ch != '\t') || ch == 0x7F)
            return 1;
        if (ch == '=' && i + 1 < n && v[i + 1] == '?')
            return 1;
        word = ch == ' ' ? 0 : word + 1;
        if (word > LINE_MAX_7BIT - 100)
            return 1;
    }
    return 0;
}

void lsc__draft_write_unstructured(obuf *b, const lsc__alloc *al,
                               const char *name, const char *v, size_t n)
{
    obuf tmp;
    if (!unstructured_needs_ew(v, n)) {
        lsc__draft_write_folded(b, name, v, n);
        return;
    }
    memset(&tmp, 0, sizeof tmp);
    tmp.al = al;
    /* the first word shares its line with the lsc__draft_field name */
    {
        size_t room = FOLD_AT > strlen(name) + 2 + 12 + 4
                          ? (FOLD_AT - strlen(name) - 2 - 12) / 4 * 3 : 3;
        put_encoded_words(&tmp, v, n, LSC__MIN(room, EW_MAX_BYTES));
    }
    folded_from(b, name, &tmp);
}

/* Address lists: ASCII lists go as written (folded); otherwise each
 * mailbox's non-ASCII display name becomes encoded-words and the address
 * itself stays as written (UTF-8 addresses are RFC 6532). */
static void encode_mailbox(obuf *o, const char *p, size_t n)
{
    size_t lt = n, i, s, e;
    int inq = 0;
    while (n && (*p == ' ' || *p == '\t'))
        p++, n--;
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    lt = n;
    for (i = 0; i < n; i++) {
        if (p[i] == '\\' && inq) {
            i++;
            continue;
        }
        if (p[i] == '"')
            inq = !inq;
        else if (p[i] == '<' && !inq)
            lt = i;
    }
    if (lt == n || lt == 0 || is_ascii(p, lt)) {
        ob_put(o, p, n);
        return;
    }
    s = 0;
    e = lt;
    while (e > s && (p[e - 1] == ' ' || p[e - 1] == '\t'))
        e--;
    if (e - s >= 2 && p[s] == '"' && p[e - 1] == '"' && e - s < 512) {
        /* unquote: encoded-words may not appear inside quotes */
        char buf[512];
        size_t k = 0;
        for (i = s + 1; i + 1 < e; i++) {
            if (p[i] == '\\' && i + 2 < e)
                i++;
            buf[k++] = p[i];
        }
        put_encoded_words(o, buf, k, EW_MAX_BYTES);
    } else {
        put_encoded_words(o, p + s, e - s, EW_MAX_BYTES);
    }
    ob_c(o, ' ');
    ob_put(o, p + lt, n - lt);
}

void lsc__draft_write_addresses(obuf *b, const lsc__alloc *al, const char *name,
                            const char *v, size_t n)
{
    obuf tmp;
    size_t i, start = 0;
    int inq = 0, angle = 0, paren = 0, first = 1;
    if (is_ascii(v, n)) {
        lsc__draft_write_folded(b, name, v, n);
        return;
    }
    memset(&tmp, 0, sizeof tmp);
    tmp.al = al;
    for (i = 0; i <= n; i++) {
        char ch = i < n ? v[i] : ',';
        if (i < n && ch == '\\' && inq) {
            i++;
            continue;
        }
        if (ch == '"' && !paren)
            inq = !inq;
        else if (!inq && ch == '(')
            paren++;
        else if (!inq && ch == ')' && paren)
            paren--;
        else if (!inq && !paren && ch == '<')
            angle = 1;
        else if (!inq && !paren && ch == '>')
            angle = 0;
        else if (ch == ',' && ((!inq && !paren && !angle) || i == n)) {
            if (!first)
                ob_s(&tmp, ", ");
            first = 0;
            encode_mailbox(&tmp, v + start, i - start);
            start = i + 1;
        }
    }
    folded_from(b, name, &tmp);
}

/* ------------------------------------------------------------------ */
/* bodies                                                              */
/* ------------------------------------------------------------------ */

/* CRLF line ends for a text body (LF, CR and CRLF all become CRLF). */
void lsc__draft_normalize_lines(obuf *o, const char *p, size_t n)
{
    size_t i, run = 0;
    for (i = 0; i < n; i++) {
        if (p[i] == '\r' || p[i] == '\n') {
            ob_put(o, p + run, i - run);
            ob_put(o, "\r\n", 2);
            if (p[i] == '\r' && i + 1 < n && p[i + 1] == '\n')
                i++;
            run = i + 1;
        }
    }
    ob_put(o, p + run, n - run);
}

/* 7bit is honest only for ASCII without NUL and with short lines. */
int lsc__draft_fits_7bit(const char *p, size_t n)
{
    size_t i, line = 0;
    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)p[i];
        if (ch >= 0x80 || ch == 0)
            return 0;
        if (ch == '\n')
            line = 0;
        else if (ch != '\r' && ++line > LINE_MAX_7BIT)
            return 0;
    }
    return 1;
}

/* Quoted-printable (RFC 2045 6.7) of CRLF-normalized text. */
void lsc__draft_put_qp(obuf *o, const char *p, size_t n)
{
    size_t i, line = 0;
    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)p[i];
        char tok[3];
        size_t tl;
        if (ch == '\r' && i + 1 < n && p[i + 1] == '\n') {
            ob_put(o, "\r\n", 2);
            line = 0;
            i++;
            continue;
        }
        if ((ch >= 33 && ch <= 126 && ch != '=') ||
            ((ch == ' ' || ch == '\t') && i + 1 < n && p[i + 1] != '\r')) {
            tok[0] = (char)ch;
            tl = 1;
        } else {
            tok[0] = '=';
            tok[1] = hexdig[ch >> 4];
            tok[2] = hexdig[ch & 15];
            tl = 3;
        }
        if (line + tl > 75) {
            ob_put(o, "=\r\n", 3);
            line = 0;
        }
        ob_put(o, tok, tl);
        line += tl;
    }
}

/* base64 in 76-character lines, CRLF between lines, none after the last. */
size_t lsc__draft_b64_size(size_t n)
{
    size_t chars = (n + 2) / 3 * 4;
    size_t lines = chars ? (chars + 75) / 76 : 0;
    return chars + (lines ? (lines - 1) * 2 : 0);
}

void lsc__draft_b64_encode(char *out, const unsigned char *in, size_t n)
{
    static const char tab[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i = 0, col = 0;
    while (i + 3 <= n) {
        unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
        if (col == 76) {
            *out++ = '\r';
            *out++ = '\n';
            col = 0;
        }
        out[0] = tab[v >> 18];
        out[1] = tab[(v >> 12) & 63];
        out[2] = tab[(v >> 6) & 63];
        out[3] = tab[v & 63];
        out += 4;
        col += 4;
        i += 3;
    }
    if (i < n) {
        unsigned v = (unsigned)in[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)in[i + 1] << 8;
        if (col == 76) {
            *out++ = '\r';
            *out++ = '\n';
        }
        out[0] = tab[v >> 18];
        out[1] = tab[(v >> 12) & 63];
        out[2] = i + 1 < n ? tab[(v >> 6) & 63] : '=';
        out[3] = '=';
    }
}

/* Content types by extension, for attachments the caller did not type.
 * Only types every composer agrees on; anything else is octet-stream. */
static const struct { const char *ext, *type; } ext_types[] = {
    { "pdf", "application/pdf" },
    { "zip", "application/zip" },
    { "gz", "application/gzip" },
    { "tar", "application/x-tar" },
    { "7z", "application/x-7z-compressed" },
    { "rar", "application/vnd.rar" },
    { "doc", "application/msword" },
    { "dot", "application/msword" },
    { "xls", "application/vnd.ms-excel" },
    { "ppt", "application/vnd.ms-powerpoint" },
    { "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
    { "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
    { "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation" },
    { "docm", "application/vnd.ms-word.document.macroEnabled.12" },
    { "xlsm", "application/vnd.ms-excel.sheet.macroEnabled.12" },
    { "pptm", "application/vnd.ms-powerpoint.presentation.macroEnabled.12" },
    { "odt", "application/vnd.oasis.opendocument.text" },
    { "ods", "application/vnd.oasis.opendocument.spreadsheet" },
    { "odp", "application/vnd.oasis.opendocument.presentation" },
    { "rtf", "application/rtf" },
    { "jpg", "image/jpeg" },
    { "jpeg", "image/jpeg" },
    { "png", "image/png" },
    { "gif", "image/gif" },
    { "webp", "image/webp" },
    { "bmp", "image/bmp" },
    { "tif", "image/tiff" },
    { "tiff", "image/tiff" },
    { "svg", "image/svg+xml" },
    { "txt", "text/plain" },
    { "csv", "text/csv" },
    { "htm", "text/html" },
    { "html", "text/html" },
    { "ics", "text/calendar" },
    { "mp3", "audio/mpeg" },
    { "mp4", "video/mp4" },
    { "json", "application/json" },
    { "xml", "application/xml" },
};

const char *lsc__draft_type_for(str name)
{
    size_t i, dot = LSC__NONE;
    for (i = 0; i < name.n; i++)
        if (name.p[i] == '.')
            dot = i;
    if (dot != LSC__NONE)
        for (i = 0; i < LSC__COUNT(ext_types); i++)
            if (lsc__memcaseeq(name.p + dot + 1, name.n - dot - 1,
                               ext_types[i].ext))
                return ext_types[i].type;
    return "application/octet-stream";
}

int lsc__draft_valid_ctype(str t)
{
    size_t i, slash = 0;
    if (!t.n)
        return 0;
    for (i = 0; i < t.n; i++) {
        unsigned char ch = (unsigned char)t.p[i];
        if (ch == '/') {
            if (slash++ || i == 0 || i + 1 == t.n)
                return 0;
        } else if (ch <= 32 || ch >= 127 || strchr("()<>@,;:\\\"[]?=", ch)) {
            return 0;
        }
    }
    return slash == 1;
}

/* A parameter: name="value" when that is plain, else RFC 2231 extended
 * (and continued when long).  Starts with "; " and a fold. */
void lsc__draft_put_param(obuf *o, const char *name, str v)
{
    size_t i;
    int plain = v.n <= PARAM_CHUNK;
    for (i = 0; plain && i < v.n; i++) {
        unsigned char ch = (unsigned char)v.p[i];
        if (ch < 32 || ch >= 127 || ch == '"' || ch == '\\')
            plain = 0;
    }
    if (plain) {
        ob_s(o, ";\r\n\t");
        ob_s(o, name);
        ob_s(o, "=\"");
        ob_put(o, v.p, v.n);
        ob_c(o, '"');
        return;
    }
    {
        size_t chunk = 0, used = 0, room = PARAM_CHUNK;
        int started = 0;
        char num[32];
        for (i = 0; i < v.n; i++) {
            unsigned char ch = (unsigned char)v.p[i];
            int lit = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                      (ch >= '0' && ch <= '9') || strchr("!#$&+-.^_`|~", ch);
            size_t tl = lit ? 1 : 3, k = i + 1;
            /* a character is never split between segments: some readers
             * decode each segment on its own */
            while (k < v.n && ((unsigned char)v.p[k] & 0xC0) == 0x80 &&
                   ch >= 0xC0)
                k++, tl += 3;
            if (!started || used + tl > room) {
                ob_s(o, ";\r\n\t");
                ob_s(o, name);
                snprintf(num, sizeof num, "*%zu*=", chunk);
                ob_s(o, num);
                if (chunk == 0)
                    ob_s(o, "UTF-8''");
                /* tab, name, "*NN*=", charset on the first, ';' */
                room = FOLD_AT - 1 - strlen(name) - 6 - (chunk ? 0 : 7) - 1;
                chunk++;
                used = 0;
                started = 1;
            }
            if (lit) {
                ob_c(o, ch);
            } else {
                for (; i < k; i++) {
                    unsigned char b = (unsigned char)v.p[i];
                    char e[3] = { '%', hexdig[b >> 4], hexdig[b & 15] };
                    ob_put(o, e, 3);
                }
                i--;
            }
            used += tl;
        }
    }
}

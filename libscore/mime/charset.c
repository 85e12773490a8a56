/*
 * charset.c - text in any charset to UTF-8.
 *
 * Takes: bytes and the label they came with (or none).  Gives: UTF-8
 * through ICU, invalid bytes replaced by U+FFFD and counted; a missing,
 * unknown or contradicted label is detected (valid UTF-8, else for HTML a
 * <meta> charset in the first LSC__META_PRESCAN_BYTES as browsers read
 * it, else uchardet, else ICU's detector, else windows-1252) and flagged
 * (lsc__mime_guess).
 *
 * uchardet comes first because it reads short CJK text that ICU's
 * detector gets wrong (ten Big5 characters come out of ICU as Shift_JIS
 * or GB18030 mojibake); ICU stays behind it for what uchardet leaves
 * open or names a charset ICU cannot convert.
 *
 * ICU converters and both detectors are opened per call and closed before
 * returning; nothing global, and neither prints.  A long text in a charset
 * of one byte per character is converted through a table of its 256 bytes
 * that ICU's own converter fills for that call (sbcs_build), not a byte at
 * a time through UTF-16.  Limits: the detectors read at most
 * LSC__DETECT_BYTES.
 */
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucnv_err.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>
#include <uchardet/uchardet.h>

#include "mime/mime.h"

#define LSC__DETECT_BYTES ((size_t)8 * 1024)
/* Bytes of an HTML part searched for a <meta> charset (the HTML standard's
 * prescan reads 1024). */
#define LSC__META_PRESCAN_BYTES ((size_t)1024)
/* Below this confidence (0..100) the detector's answer is not taken. */
#define LSC__DETECT_MIN_CONFIDENCE 20

/* ---- UTF-8 ---- */

size_t lsc__utf8_seq(const unsigned char *s, size_t n, size_t *bad)
{
    unsigned char c = s[0];
    size_t need, i;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        *bad = 1;
        return 0;
    }
    for (i = 1; i < need; i++) {
        unsigned char x;
        if (i >= n) {
            *bad = i;
            return 0;
        }
        x = s[i];
        if (i == 1 ? (x < lo || x > hi) : (x < 0x80 || x > 0xBF)) {
            *bad = i;
            return 0;
        }
    }
    return need;
}

int lsc__utf8_valid(const char *in, size_t n)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i = 0, bad;
    while (i < n) {
        size_t k;
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        k = lsc__utf8_seq(s + i, n - i, &bad);
        if (!k)
            return 0;
        i += k;
    }
    return 1;
}

int lsc__utf8_sanitize(lsc__buf *out, const char *in, size_t n,
                       size_t *invalid)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i = 0, run = 0;
    if (lsc__buf_reserve(out, n + 1) != 0)
        return LSC_ENOMEM;
    while (i < n) {
        size_t k, bad = 0;
        if (s[i] < 0x80) {
            k = lsc__ascii_run((const char *)s + i, n - i);
            i += k;
            run += k;
            continue;
        }
        k = lsc__utf8_seq(s + i, n - i, &bad);
        if (k) {
            i += k;
            run += k;
            continue;
        }
        if (run && lsc__buf_append(out, s + i - run, run) != 0)
            return LSC_ENOMEM;
        run = 0;
        if (lsc__buf_append(out, "\xEF\xBF\xBD", 3) != 0)
            return LSC_ENOMEM;
        if (invalid)
            *invalid += bad;
        i += bad;
    }
    if (run && lsc__buf_append(out, s + n - run, run) != 0)
        return LSC_ENOMEM;
    return 0;
}

/* ---- charsets through ICU ---- */

/* Labels ICU reads too narrowly or not at all, mapped to the superset
 * mail clients really mean. */
static const struct {
    const char *label, *icu;
} charset_alias[] = {
    {"gb2312", "GB18030"},
    {"gb_2312-80", "GB18030"},
    {"csgb2312", "GB18030"},
    {"euc-cn", "GB18030"},
    {"x-euc-cn", "GB18030"},
    {"gbk", "GB18030"},
    {"x-gbk", "GB18030"},
    {"cp936", "GB18030"},
    {"ms936", "GB18030"},
    {"windows-936", "GB18030"},
    {"chinese", "GB18030"},
    {"ks_c_5601-1987", "windows-949"},
    {"ks_c_5601", "windows-949"},
    {"ksc5601", "windows-949"},
    {"euc-kr", "windows-949"},
    {"x-euc-kr", "windows-949"},
    {"big5", "windows-950"},
    {"x-big5", "windows-950"},
    {"shift_jis", "windows-31j"},
    {"shift-jis", "windows-31j"},
    {"x-sjis", "windows-31j"},
    {"sjis", "windows-31j"},
    {"iso-8859-1", "windows-1252"},
    {"latin1", "windows-1252"},
    {"iso-8859-8-i", "ISO-8859-8"},
    {"x-user-defined", "windows-1252"},
    {"utf8", "UTF-8"},
    {"x-unknown", ""},
    {"unknown-8bit", ""},
};

typedef struct cb_state {
    size_t invalid;
    unsigned char *bad;   /* or NULL: each byte counted invalid, marked */
} cb_state;

static void U_CALLCONV count_cb(const void *ctx, UConverterToUnicodeArgs *a,
                                const char *units, int32_t len,
                                UConverterCallbackReason reason,
                                UErrorCode *err)
{
    cb_state *st = (cb_state *)ctx;
    static const UChar fffd = 0xFFFD;
    if (reason > UCNV_IRREGULAR)
        return;
    st->invalid += len > 0 ? (size_t)len : 1;
    if (st->bad)
        for (int32_t k = 0; k < len; k++)
            st->bad[(unsigned char)units[k]] = 1;
    *err = U_ZERO_ERROR;
    ucnv_cbToUWriteUChars(a, &fffd, 1, 0, err);
}

size_t lsc__utf8_encode(uint32_t cp, char *o)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Appends UTF-16 u[0..n) as UTF-8; a lead surrogate at the end is left
 * in *pending for the next chunk. */
static int put_utf16(lsc__buf *out, const UChar *u, size_t n,
                     UChar *pending)
{
    size_t i;
    if (lsc__buf_reserve(out, n * 3 + 4) != 0)
        return LSC_ENOMEM;
    for (i = 0; i < n; i++) {
        uint32_t cp = u[i];
        char *o;
        if (cp < 0x80 && !*pending) {
            /* a run of ASCII, one byte each: most of a Latin text */
            size_t k = i;
            while (k < n && u[k] < 0x80)
                k++;
            if (out->cap - out->len <= k - i &&
                lsc__buf_reserve(out, k - i + 4) != 0)
                return LSC_ENOMEM;
            for (o = out->p + out->len; i < k; i++)
                *o++ = (char)u[i];
            out->len = (size_t)(o - out->p);
            i--;
            continue;
        }
        if (*pending) {
            if (cp >= 0xDC00 && cp <= 0xDFFF) {
                cp = 0x10000 + (((uint32_t)*pending - 0xD800) << 10) +
                     (cp - 0xDC00);
                *pending = 0;
            } else {
                *pending = 0;
                if (lsc__buf_append(out, "\xEF\xBF\xBD", 3) != 0)
                    return LSC_ENOMEM;
            }
        }
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            *pending = (UChar)cp;
            continue;
        }
        if (cp >= 0xDC00 && cp <= 0xDFFF)
            cp = 0xFFFD;
        /* the call only when the room reserved above ran short (after
         * replacement characters); most characters need no call */
        if (out->cap - out->len <= 4 && lsc__buf_reserve(out, 4) != 0)
            return LSC_ENOMEM;
        out->len += lsc__utf8_encode(cp, out->p + out->len);
    }
    return 0;
}

static int is_utf8_label(const char *l)
{
    return lsc__casecmp(l, "utf-8") == 0 || lsc__casecmp(l, "utf8") == 0;
}

int lsc__mime_is_ascii_label(const char *l)
{
    return lsc__casecmp(l, "us-ascii") == 0 || lsc__casecmp(l, "ascii") == 0;
}

int lsc__mime_all_ascii(const char *in, size_t n)
{
    return lsc__ascii_run(in, n) == n;
}

/* A label ICU (or our alias table) knows whose ASCII range is ASCII:
 * ASCII input then needs no converter at all. */
static int ascii_compatible(const char *name)
{
    UErrorCode err = U_ZERO_ERROR;
    size_t i;
    if (strncmp(name, "utf-16", 6) == 0 || strncmp(name, "utf-32", 6) == 0 ||
        strncmp(name, "utf-7", 5) == 0 || strstr(name, "ucs") ||
        strstr(name, "ebcdic") || strncmp(name, "ibm", 3) == 0 ||
        strncmp(name, "cp0", 3) == 0 || strstr(name, "2022") ||
        strstr(name, "hz"))
        return 0;
    for (i = 0; i < LSC__COUNT(charset_alias); i++)
        if (strcmp(name, charset_alias[i].label) == 0)
            return charset_alias[i].icu[0] != '\0';
    return ucnv_getAlias(name, 0, &err) != NULL && U_SUCCESS(err);
}

/* A single-byte charset's 256 bytes as UTF-8, read off ICU in one call:
 * ICU takes a long text through UTF-16 a byte at a time, and the table
 * writes it at a fraction of that (a Latin-1 or windows-1252 mail is most
 * of the 8-bit mail there is).  Only for a text of SBCS_TABLE_MIN bytes
 * or more, where reading the table off pays. */
#define SBCS_TABLE_MIN 2048

typedef struct sbcs_table {
    unsigned char len[256];       /* UTF-8 bytes of each byte's character */
    unsigned char utf8[256][3];
    unsigned char bad[256];       /* counted invalid, as count_cb counts */
    int ascii_same;               /* 0x00-0x7F are themselves */
} sbcs_table;

/* 1 when cv (a converter of one byte per character, its callback not yet
 * set) gave each byte exactly one UTF-16 unit, in order: then *tb says
 * what the streaming conversion would write for each. */
static int sbcs_build(UConverter *cv, sbcs_table *tb)
{
    char src[256];
    UChar u[512];
    int32_t offs[512];
    const char *s = src;
    UChar *t = u;
    UErrorCode err = U_ZERO_ERROR;
    cb_state st;
    int k;
    if (ucnv_getMaxCharSize(cv) != 1 || ucnv_getMinCharSize(cv) != 1)
        return 0;
    for (k = 0; k < 256; k++)
        src[k] = (char)k;
    memset(tb->bad, 0, sizeof tb->bad);
    st.invalid = 0;
    st.bad = tb->bad;
    ucnv_setToUCallBack(cv, count_cb, &st, NULL, NULL, &err);
    ucnv_toUnicode(cv, &t, u + LSC__COUNT(u), &s, src + 256, offs, 1, &err);
    ucnv_resetToUnicode(cv);
    if (U_FAILURE(err) || t - u != 256)
        return 0;
    tb->ascii_same = 1;
    for (k = 0; k < 256; k++) {
        uint32_t cp = u[k];
        if (offs[k] != k || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        if (k < 0x80 && cp != (uint32_t)k)
            tb->ascii_same = 0;
        /* one UTF-16 unit, no surrogate: at most three bytes */
        tb->len[k] = (unsigned char)lsc__utf8_encode(cp, (char *)tb->utf8[k]);
    }
    return 1;
}

static int sbcs_convert(lsc__buf *out, const sbcs_table *tb, const char *in,
                        size_t n, size_t *invalid)
{
    const unsigned char *p = (const unsigned char *)in;
    size_t i = 0, bad = 0;
    unsigned char *o;
    if (lsc__buf_reserve(out, n * 3 + 4) != 0)
        return LSC_ENOMEM;
    o = (unsigned char *)out->p + out->len;
    while (i < n) {
        if (tb->ascii_same && p[i] < 0x80) {
            /* a run of ASCII, copied whole: most of a Latin text */
            size_t k = i + lsc__ascii_run(in + i, n - i);
            memcpy(o, p + i, k - i);
            o += k - i;
            i = k;
            continue;
        }
        memcpy(o, tb->utf8[p[i]], 3);
        o += tb->len[p[i]];
        bad += tb->bad[p[i]];
        i++;
    }
    out->len = (size_t)((char *)o - out->p);
    *invalid += bad;
    return 0;
}

/* Converts with an ICU converter of that name; LSC__CS_UNKNOWN when ICU
 * cannot open it. */
static int icu_convert(lsc__buf *out, const char *name, const char *in,
                       size_t n, size_t *invalid)
{
    UErrorCode err = U_ZERO_ERROR;
    UConverter *cv = ucnv_open(name, &err);
    cb_state st;
    const char *src = in, *end = in + n;
    UChar buf[4096], pending = 0;
    int rc = 0;

    if (U_FAILURE(err) || !cv) {
        if (cv)
            ucnv_close(cv);
        return LSC__CS_UNKNOWN;
    }
    if (n >= SBCS_TABLE_MIN) {
        sbcs_table tb;
        if (sbcs_build(cv, &tb)) {
            ucnv_close(cv);
            return sbcs_convert(out, &tb, in, n, invalid);
        }
    }
    st.invalid = 0;
    st.bad = NULL;
    ucnv_setToUCallBack(cv, count_cb, &st, NULL, NULL, &err);
    if (U_FAILURE(err)) {
        ucnv_close(cv);
        return LSC__CS_UNKNOWN;
    }
    for (;;) {
        UChar *t = buf;
        err = U_ZERO_ERROR;
        ucnv_toUnicode(cv, &t, buf + LSC__COUNT(buf), &src, end, NULL, 1,
                       &err);
        if (put_utf16(out, buf, (size_t)(t - buf), &pending) != 0) {
            rc = LSC_ENOMEM;
            break;
        }
        if (err == U_BUFFER_OVERFLOW_ERROR)
            continue;
        if (U_FAILURE(err))
            st.invalid += (size_t)(end - src);
        break;
    }
    if (rc == 0 && pending &&
        lsc__buf_append(out, "\xEF\xBF\xBD", 3) != 0)
        rc = LSC_ENOMEM;
    ucnv_close(cv);
    *invalid += st.invalid;
    return rc;
}

int lsc__charset_to_utf8(lsc__buf *out, const char *label, size_t label_len,
                         const char *in, size_t n, size_t *invalid)
{
    char name[LSC__CHARSET_NAME_MAX + 1];
    size_t i, a = 0;
    const char *icu;

    while (a < label_len && (label[a] == ' ' || label[a] == '\t' ||
                             label[a] == '"'))
        a++;
    while (label_len > a && (label[label_len - 1] == ' ' ||
                             label[label_len - 1] == '\t' ||
                             label[label_len - 1] == '"'))
        label_len--;
    label += a;
    label_len -= a;
    if (label_len == 0 || label_len > LSC__CHARSET_NAME_MAX)
        return LSC__CS_UNKNOWN;
    for (i = 0; i < label_len; i++) {
        unsigned char ch = (unsigned char)label[i];
        if (ch < 0x21 || ch >= 0x7f)
            return LSC__CS_UNKNOWN;
        name[i] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
    }
    name[label_len] = '\0';
    if (is_utf8_label(name) || (lsc__mime_all_ascii(in, n) && ascii_compatible(name)))
        return lsc__utf8_sanitize(out, in, n, invalid);
    icu = name;
    if ((strcmp(name, "utf-16") == 0 || strcmp(name, "unicode") == 0) &&
        n >= 2 && !((unsigned char)in[0] == 0xFE && (unsigned char)in[1] == 0xFF) &&
        !((unsigned char)in[0] == 0xFF && (unsigned char)in[1] == 0xFE)) {
        /* No BOM: RFC 2781 says big-endian, Windows writes little-endian;
         * the zero bytes of Latin text tell which. */
        size_t even = 0, odd = 0;
        for (i = 0; i + 1 < n && i < 4096; i += 2) {
            even += in[i] == 0;
            odd += in[i + 1] == 0;
        }
        icu = odd > even ? "UTF-16LE" : "UTF-16BE";
    }
    for (i = 0; i < LSC__COUNT(charset_alias); i++) {
        if (strcmp(name, charset_alias[i].label) == 0) {
            icu = charset_alias[i].icu;
            break;
        }
    }
    if (!*icu)
        return LSC__CS_UNKNOWN;
    return icu_convert(out, icu, in, n, invalid);
}

/* ICU's detector over the first LSC__DETECT_BYTES; NULL when unsure. */
static const char *detect(const char *in, size_t n, char *name, size_t cap)
{
    UErrorCode err = U_ZERO_ERROR;
    UCharsetDetector *d = ucsdet_open(&err);
    const UCharsetMatch *mt;
    const char *res = NULL;
    if (U_FAILURE(err) || !d) {
        if (d)
            ucsdet_close(d);
        return NULL;
    }
    ucsdet_setText(d, in, (int32_t)LSC__MIN(n, LSC__DETECT_BYTES), &err);
    mt = U_SUCCESS(err) ? ucsdet_detect(d, &err) : NULL;
    if (mt && U_SUCCESS(err) &&
        ucsdet_getConfidence(mt, &err) >= LSC__DETECT_MIN_CONFIDENCE) {
        const char *nm = ucsdet_getName(mt, &err);
        if (U_SUCCESS(err) && nm && strlen(nm) < cap) {
            strcpy(name, nm);
            res = name;
        }
    }
    ucsdet_close(d);
    return res;
}

/* uchardet over the first LSC__DETECT_BYTES; NULL when it has no answer
 * or only says ASCII (the caller has ruled that out already). */
static const char *detect_uchardet(const char *in, size_t n, char *name,
                                   size_t cap)
{
    uchardet_t ud = uchardet_new();
    const char *nm, *res = NULL;
    if (!ud)
        return NULL;
    if (uchardet_handle_data(ud, in, LSC__MIN(n, LSC__DETECT_BYTES)) == 0) {
        uchardet_data_end(ud);
        nm = uchardet_get_charset(ud);
        if (nm && *nm && lsc__casecmp(nm, "ASCII") != 0 &&
            strlen(nm) < cap) {
            strcpy(name, nm);
            res = name;
        }
    }
    uchardet_delete(ud);
    return res;
}

/* 1 when at most a tenth of the 8-bit bytes sit next to another one. */
static int mostly_lone_high(const char *in, size_t n)
{
    size_t i, high = 0, paired = 0;
    for (i = 0; i < n; i++) {
        if ((unsigned char)in[i] < 0x80)
            continue;
        high++;
        if ((i > 0 && (unsigned char)in[i - 1] >= 0x80) ||
            (i + 1 < n && (unsigned char)in[i + 1] >= 0x80))
            paired++;
    }
    return paired * 10 <= high;
}

/* The charset a <meta charset=X> or <meta http-equiv=Content-Type
 * content="...; charset=X"> names in the first LSC__META_PRESCAN_BYTES of
 * HTML, into name; NULL when none. */
static const char *meta_charset(const char *in, size_t n, char *name,
                                size_t cap)
{
    size_t i, lim = LSC__MIN(n, LSC__META_PRESCAN_BYTES), k;
    for (i = 0; i + 5 <= lim; i++) {
        size_t end, j;
        if (in[i] != '<' || lsc__ncasecmp(in + i + 1, "meta", 4) != 0)
            continue;
        for (end = i + 5; end < lim && in[end] != '>'; end++)
            ;
        for (j = i + 5; j + 8 <= end; j++) {
            if (lsc__ncasecmp(in + j, "charset=", 8) != 0)
                continue;
            j += 8;
            while (j < end && (in[j] == '"' || in[j] == '\'' || in[j] == ' '))
                j++;
            for (k = 0; j + k < end && k + 1 < cap; k++) {
                char ch = in[j + k];
                if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                      (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' ||
                      ch == '.' || ch == ':'))
                    break;
                name[k] = ch;
            }
            name[k] = '\0';
            return k ? name : NULL;
        }
    }
    return NULL;
}

/* Converts in as charset nm: 0 done, 1 when nm does not read it (out is
 * left as it was), LSC_ENOMEM. */
static int convert_as(lsc__buf *out, const char *nm, const char *in, size_t n,
                      size_t *invalid)
{
    size_t mark = out->len, inv = 0;
    int rc = lsc__charset_to_utf8(out, nm, strlen(nm), in, n, &inv);
    if (rc < 0)
        return rc;
    if (rc == LSC__CS_OK) {
        *invalid += inv;
        return 0;
    }
    out->len = mark;
    return 1;
}

/* Text without a usable label: ASCII, UTF-8, for HTML its <meta>,
 * uchardet, ICU's detector, windows-1252. */
int lsc__mime_guess(lsc__buf *out, const char *in, size_t n, size_t *invalid,
                 unsigned *flags, int html)
{
    char name[LSC__CHARSET_NAME_MAX];
    const char *nm;
    int rc;
    if (lsc__mime_all_ascii(in, n) || lsc__utf8_valid(in, n)) {
        if (!lsc__mime_all_ascii(in, n))
            *flags |= LSC_PART_CHARSET_GUESSED;
        return lsc__utf8_sanitize(out, in, n, invalid);
    }
    if (html && (nm = meta_charset(in, n, name, sizeof name)) != NULL &&
        lsc__casecmp(nm, "utf-8") != 0 && !lsc__mime_is_ascii_label(nm)) {
        /* what a browser reads; the label is the page's own, no lsc__mime_guess */
        rc = convert_as(out, nm, in, n, invalid);
        if (rc <= 0)
            return rc;
    }
    *flags |= LSC_PART_CHARSET_GUESSED;
    /* Accented Latin text has lone 8-bit bytes between ASCII letters;
     * Cyrillic, Greek and CJK legacy text has runs of them.  Only the
     * latter needs the (costly) detectors. */
    if (!mostly_lone_high(in, LSC__MIN(n, LSC__DETECT_BYTES))) {
        nm = detect_uchardet(in, n, name, sizeof name);
        if (nm && lsc__casecmp(nm, "UTF-8") != 0) {
            rc = convert_as(out, nm, in, n, invalid);
            if (rc <= 0)
                return rc;
        }
        nm = detect(in, n, name, sizeof name);
        if (nm && lsc__casecmp(nm, "UTF-8") != 0) {
            rc = convert_as(out, nm, in, n, invalid);
            if (rc <= 0)
                return rc;
        }
    }
    rc = icu_convert(out, "windows-1252", in, n, invalid);
    return rc == LSC__CS_UNKNOWN ? lsc__utf8_sanitize(out, in, n, invalid)
                                 : rc;
}

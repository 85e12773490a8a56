/*
 * office.c - what a file is by its bytes, and the dangerous features of
 * Office and PDF files.
 *
 * Takes: a file's bytes (an attachment or an archive entry).  Gives: its
 * kind by signature (programs, archives, Office containers, PDF, disk
 * images), and flags for macros, encryption and active PDF content.
 * Limits: the OLE reader follows at most as many sectors as the file
 * holds (so loops in the FAT end) and reads at most OLE_MAX_DIR_ENTRIES
 * directory entries and LSC__OLE_MAX_BIFF_RECORDS records of a workbook's
 * globals (for encryption and Excel 4.0 macro sheets); the PDF scan reads names, in the file and in at
 * most LSC__PDF_MAX_OBJSTMS compressed object streams (PDF 1.5: where /JS and
 * /OpenAction hide from a plain scan), each inflated to at most
 * LSC__PDF_MAX_INFLATED bytes; PDF_DICT_BACK bytes before a stream are read
 * for its dictionary.
 */
#include "attach/attach_scan.h"

#define OLE_MAX_DIR_ENTRIES 65536
#define PDF_MAX_NAME 64
#define PDF_DICT_BACK 4096

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static uint16_t le16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           (uint32_t)p[3];
}

static int at(const unsigned char *p, size_t n, size_t off, const void *sig,
              size_t sl)
{
    return off <= n && sl <= n - off && memcmp(p + off, sig, sl) == 0;
}

static const char *const kind_names[LSC__KIND_COUNT] = {
    NULL, "pe", "elf", "macho", "zip", "rar", "7z", "gzip", "bzip2", "xz",
    "zstd", "tar", "cab", "iso", "ole", "pdf", "lnk", "chm", "vhd", "dmg",
    "jpeg", "png", "gif", "ooxml", "odf", "jar", "apk", "msi", "text",
    "html", "rtf"
};

const char *lsc__kind_name(lsc__kind k)
{
    return (unsigned)k < LSC__KIND_COUNT ? kind_names[k] : NULL;
}

int lsc__kind_is_archive(lsc__kind k)
{
    switch (k) {
    case LSC__KIND_ZIP: case LSC__KIND_RAR: case LSC__KIND_7Z:
    case LSC__KIND_GZIP: case LSC__KIND_BZIP2: case LSC__KIND_XZ:
    case LSC__KIND_ZSTD: case LSC__KIND_TAR: case LSC__KIND_CAB:
    case LSC__KIND_ISO:
        return 1;
    default:
        return 0;
    }
}

int lsc__kind_is_blocked(lsc__kind k)
{
    switch (k) {
    case LSC__KIND_PE: case LSC__KIND_ELF: case LSC__KIND_MACHO:
    case LSC__KIND_LNK: case LSC__KIND_CHM: case LSC__KIND_ISO:
    case LSC__KIND_VHD: case LSC__KIND_DMG: case LSC__KIND_CAB:
    case LSC__KIND_MSI: case LSC__KIND_JAR: case LSC__KIND_APK:
        return 1;
    default:
        return 0;
    }
}

/* Text: no NUL and no control bytes but tab, line ends, form feed and
 * escape in the first TEXT_SNIFF_BYTES (any 8-bit charset passes). */
#define TEXT_SNIFF_BYTES 4096

static lsc__kind text_kind(const unsigned char *p, size_t n)
{
    size_t i, m = LSC__MIN(n, TEXT_SNIFF_BYTES);
    for (i = 0; i < m; i++) {
        unsigned char ch = p[i];
        if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r' &&
            ch != '\f' && ch != 0x1b)
            return LSC__KIND_NONE;
        if (ch == 0x7f)
            return LSC__KIND_NONE;
    }
    /* A UTF-8 byte order mark and leading blank lines say nothing. */
    i = m >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF ? 3 : 0;
    while (i < m && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
                     p[i] == '\n'))
        i++;
    if (at(p, m, i, "{\\rtf", 5))
        return LSC__KIND_RTF;
    if (m - i >= 5 && (lsc__ncasecmp((const char *)p + i, "<html", 5) == 0 ||
                       (m - i >= 14 && lsc__ncasecmp((const char *)p + i,
                                                     "<!doctype html", 14) == 0)))
        return LSC__KIND_HTML;
    return LSC__KIND_TEXT;
}

lsc__kind lsc__sniff(const unsigned char *p, size_t n, size_t total)
{
    static const unsigned char lnk[20] = {
        0x4C, 0, 0, 0, 0x01, 0x14, 0x02, 0, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0,
        0, 0x46 };
    size_t i;
    if (!p || n < 4)
        return LSC__KIND_NONE;
    if (p[0] == 'M' && p[1] == 'Z' && n >= 0x40) {
        uint32_t pe = le32(p + 0x3C);
        if (pe >= 0x40 && at(p, n, pe, "PE\0\0", 4))
            return LSC__KIND_PE;
    }
    if (at(p, n, 0, "\x7f" "ELF", 4) && n >= 6 && (p[4] == 1 || p[4] == 2) &&
        (p[5] == 1 || p[5] == 2))
        return LSC__KIND_ELF;
    {
        uint32_t m = be32(p);
        if (m == 0xFEEDFACEu || m == 0xFEEDFACFu || m == 0xCEFAEDFEu ||
            m == 0xCFFAEDFEu)
            return LSC__KIND_MACHO;
        /* Java classes share CAFEBABE; their version makes the next word
         * 45 or more, a universal binary holds a handful of slices. */
        if (m == 0xCAFEBABEu && n >= 8 && be32(p + 4) >= 1 &&
            be32(p + 4) <= 20)
            return LSC__KIND_MACHO;
    }
    if (at(p, n, 0, "PK\3\4", 4) || at(p, n, 0, "PK\5\6", 4) ||
        at(p, n, 0, "PK\7\x08", 4))
        return LSC__KIND_ZIP;
    if (at(p, n, 0, "Rar!\x1a\x07", 6))
        return LSC__KIND_RAR;
    if (at(p, n, 0, "7z\xbc\xaf\x27\x1c", 6))
        return LSC__KIND_7Z;
    if (p[0] == 0x1f && p[1] == 0x8b && p[2] == 8)
        return LSC__KIND_GZIP;
    if (at(p, n, 0, "BZh", 3) && p[3] >= '1' && p[3] <= '9' &&
        at(p, n, 4, "1AY&SY", 6))
        return LSC__KIND_BZIP2;
    if (at(p, n, 0, "\xfd" "7zXZ\0", 6))
        return LSC__KIND_XZ;
    if (at(p, n, 0, "\x28\xb5\x2f\xfd", 4))
        return LSC__KIND_ZSTD;
    if (at(p, n, 0, "MSCF\0\0\0\0", 8))
        return LSC__KIND_CAB;
    if (at(p, n, 0, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8))
        return LSC__KIND_OLE;
    if (at(p, n, 0, lnk, sizeof lnk))
        return LSC__KIND_LNK;
    if (at(p, n, 0, "ITSF", 4) && n >= 8 && le32(p + 4) == 3)
        return LSC__KIND_CHM;
    if (at(p, n, 0, "vhdxfile", 8) || at(p, n, 0, "conectix", 8))
        return LSC__KIND_VHD;
    if (at(p, n, 0, "\xff\xd8\xff", 3))
        return LSC__KIND_JPEG;
    if (at(p, n, 0, "\x89PNG\r\n\x1a\n", 8))
        return LSC__KIND_PNG;
    if (at(p, n, 0, "GIF87a", 6) || at(p, n, 0, "GIF89a", 6))
        return LSC__KIND_GIF;
    /* PDF readers accept the header anywhere in the first KiB. */
    for (i = 0; i + 5 <= n && i < 1024; i++)
        if (p[i] == '%' && memcmp(p + i, "%PDF-", 5) == 0)
            return LSC__KIND_PDF;
    if (at(p, n, 257, "ustar", 5))
        return LSC__KIND_TAR;
    if (at(p, n, 0x8001, "CD001", 5) || at(p, n, 0x8801, "CD001", 5) ||
        at(p, n, 0x9001, "CD001", 5))
        return LSC__KIND_ISO;
    /* Trailers: only when the whole file is at hand. */
    if (total == n && n >= 512) {
        if (at(p, n, n - 512, "koly", 4))
            return LSC__KIND_DMG;
        if (at(p, n, n - 512, "conectix", 8))
            return LSC__KIND_VHD;
    }
    return text_kind(p, n);
}

/* ---- OLE compound files ---- */

typedef struct ole {
    const unsigned char *p;
    size_t n;
    unsigned shift;        /* sector size = 1 << shift */
    size_t nsec;           /* sectors the file can hold */
} ole;

static size_t sec_off(const ole *o, uint32_t s)
{
    return ((size_t)s + 1) << o->shift;
}

/* The FAT sector that holds entry idx: from the header's 109 DIFAT slots,
 * then the DIFAT chain (bounded by the sector count). */
static int fat_sector(const ole *o, size_t k, uint32_t *out)
{
    size_t per = ((size_t)1 << o->shift) / 4;
    uint32_t d;
    size_t steps = 0;
    if (k < 109) {
        *out = le32(o->p + 0x4C + 4 * k);
        return 0;
    }
    k -= 109;
    d = le32(o->p + 0x44);
    while (k >= per - 1) {
        size_t off = sec_off(o, d);
        if (d >= 0xFFFFFFFAu || off + (per * 4) > o->n || ++steps > o->nsec)
            return -1;
        d = le32(o->p + off + 4 * (per - 1));
        k -= per - 1;
    }
    {
        size_t off = sec_off(o, d);
        if (d >= 0xFFFFFFFAu || off + (per * 4) > o->n)
            return -1;
        *out = le32(o->p + off + 4 * k);
    }
    return 0;
}

static int fat_next(const ole *o, uint32_t s, uint32_t *next)
{
    size_t per = ((size_t)1 << o->shift) / 4;
    uint32_t fs;
    size_t off;
    if (fat_sector(o, s / per, &fs) != 0 || fs >= 0xFFFFFFFAu)
        return -1;
    off = sec_off(o, fs) + 4 * (s % per);
    if (off + 4 > o->n)
        return -1;
    *next = le32(o->p + off);
    return 0;
}

/* ASCII view of a directory entry name (UTF-16LE); non-ASCII becomes '?'. */
static void ole_name(const unsigned char *e, char *out, size_t cap)
{
    size_t len = le16(e + 0x40), i, k = 0;
    if (len > 64)
        len = 64;
    for (i = 0; i + 1 < len && k + 1 < cap; i += 2) {
        unsigned ch = le16(e + i);
        if (!ch)
            break;
        out[k++] = ch < 0x80 ? (char)ch : '?';
    }
    out[k] = '\0';
}

/* A stream in regular sectors read forward through its FAT chain. */
typedef struct ole_stream {
    const ole *o;
    uint32_t sec;     /* sector holding byte idx * sector size */
    size_t idx, size, steps;
} ole_stream;

static int stream_open(ole_stream *st, const ole *o, const unsigned char *e)
{
    st->o = o;
    st->sec = le32(e + 0x74);
    st->size = le32(e + 0x78);
    st->idx = st->steps = 0;
    /* streams under 4096 bytes live in the mini stream: not read */
    return st->size >= 4096 && st->sec < 0xFFFFFFFAu ? 0 : -1;
}

/* The byte at off; offsets must not go back a sector. */
static int stream_byte(ole_stream *st, size_t off, unsigned *out)
{
    size_t ss = (size_t)1 << st->o->shift, fo;
    if (off >= st->size || off / ss < st->idx)
        return -1;
    while (off / ss > st->idx) {
        if (++st->steps > st->o->nsec || fat_next(st->o, st->sec, &st->sec) != 0 ||
            st->sec >= 0xFFFFFFFAu)
            return -1;
        st->idx++;
    }
    fo = sec_off(st->o, st->sec) + off % ss;
    if (fo >= st->o->n)
        return -1;
    *out = st->o->p[fo];
    return 0;
}

static int stream_u16(ole_stream *st, size_t off, unsigned *out)
{
    unsigned a, b;
    if (stream_byte(st, off, &a) != 0 || stream_byte(st, off + 1, &b) != 0)
        return -1;
    *out = a | b << 8;
    return 0;
}

static int word_encrypted(const ole *o, const unsigned char *e)
{
    ole_stream st;
    unsigned ident, flags;
    /* FIB: wIdent 0xA5EC, flags at 0x0A, fEncrypted = bit 8. */
    return stream_open(&st, o, e) == 0 && stream_u16(&st, 0, &ident) == 0 &&
           ident == 0xA5EC && stream_u16(&st, 0x0A, &flags) == 0 &&
           (flags & 0x0100);
}

/* FILEPASS follows BOF among this many first records of the globals. */
#define EXCEL_FILEPASS_RECORDS 16

/* What a BIFF8 workbook's globals say, read in one pass: FILEPASS among
 * the first records and before any sheet means the rest is encrypted
 * (LSC_ATT_ENCRYPTED, nothing more can be read); a BOUNDSHEET of sheet
 * type 1 is an Excel 4.0 macro sheet (LSC_ATT_MACRO: XLM formulas such as
 * EXEC and CALL run on open, without any VBA project). */
static unsigned excel_globals(const ole *o, const unsigned char *e)
{
    ole_stream st;
    size_t off = 0, rec;
    int sheets = 0;
    if (stream_open(&st, o, e) != 0)
        return 0;
    for (rec = 0; rec < LSC__OLE_MAX_BIFF_RECORDS; rec++) {
        unsigned type, len, dt;
        if (stream_u16(&st, off, &type) != 0 || stream_u16(&st, off + 2, &len) != 0)
            return 0;
        if ((rec == 0 && type != 0x0809) || type == 0x000A)
            return 0;           /* not BIFF, end of the globals */
        if (type == 0x002F)     /* FILEPASS; after a sheet it is data */
            return !sheets && rec < EXCEL_FILEPASS_RECORDS ? LSC_ATT_ENCRYPTED : 0;
        if (type == 0x0085) {   /* BOUNDSHEET: byte 5 is the sheet type */
            sheets = 1;
            if (len >= 6 && stream_byte(&st, off + 4 + 5, &dt) == 0 && dt == 0x01)
                return LSC_ATT_MACRO;
        }
        off += 4 + len;
    }
    return 0;
}

unsigned lsc__ole_scan(const unsigned char *p, size_t n, lsc__kind *kind)
{
    static const unsigned char msi_clsid[3][16] = {
        { 0x84, 0x10, 0x0C, 0, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46 },
        { 0x86, 0x10, 0x0C, 0, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46 },
        { 0x82, 0x10, 0x0C, 0, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46 } };
    ole o;
    unsigned flags = 0;
    uint32_t s;
    size_t steps = 0, seen = 0, ss, i;
    if (n < 512 || !at(p, n, 0, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8))
        return LSC_ATT_DAMAGED;
    memset(&o, 0, sizeof o);
    o.p = p;
    o.n = n;
    o.shift = le16(p + 0x1E);
    if (o.shift != 9 && o.shift != 12)
        return LSC_ATT_DAMAGED;
    ss = (size_t)1 << o.shift;
    o.nsec = n / ss;
    s = le32(p + 0x30);
    while (s < 0xFFFFFFFAu) {
        size_t off = sec_off(&o, s);
        if (off + ss > n || ++steps > o.nsec) {
            flags |= LSC_ATT_DAMAGED;
            break;
        }
        for (i = 0; i < ss / 128 && seen < OLE_MAX_DIR_ENTRIES; i++, seen++) {
            const unsigned char *e = p + off + 128 * i;
            char name[40];
            unsigned type = e[0x42];
            if (type == 0)
                continue;
            ole_name(e, name, sizeof name);
            if (type == 5 && kind) {
                size_t k;
                for (k = 0; k < 3; k++)
                    if (memcmp(e + 0x50, msi_clsid[k], 16) == 0)
                        *kind = LSC__KIND_MSI;
            }
            if (lsc__casecmp(name, "_VBA_PROJECT") == 0 ||
                lsc__casecmp(name, "_VBA_PROJECT_CUR") == 0 ||
                (type == 1 && (lsc__casecmp(name, "VBA") == 0 ||
                               lsc__casecmp(name, "Macros") == 0)))
                flags |= LSC_ATT_MACRO;
            if (lsc__casecmp(name, "EncryptedPackage") == 0 ||
                lsc__casecmp(name, "EncryptedSummary") == 0)
                flags |= LSC_ATT_ENCRYPTED;
            if (type == 2 && lsc__casecmp(name, "WordDocument") == 0 &&
                word_encrypted(&o, e))
                flags |= LSC_ATT_ENCRYPTED;
            if (type == 2 && (lsc__casecmp(name, "Workbook") == 0 ||
                              lsc__casecmp(name, "Book") == 0))
                flags |= excel_globals(&o, e);
        }
        if (seen >= OLE_MAX_DIR_ENTRIES)
            break;
        if (fat_next(&o, s, &s) != 0) {
            flags |= LSC_ATT_DAMAGED;
            break;
        }
    }
    return flags;
}

/* ---- PDF ---- */

static int pdf_delim(unsigned char ch)
{
    return ch <= ' ' || ch == '/' || ch == '(' || ch == ')' || ch == '<' ||
           ch == '>' || ch == '[' || ch == ']' || ch == '{' || ch == '}' ||
           ch == '%' || ch >= 0x7f;
}

/* The names a scan looks for. */
typedef struct pdf_names {
    int js, autorun, launch, encrypt, objstm, flate;
} pdf_names;

static void scan_names(const unsigned char *p, size_t n, pdf_names *f)
{
    const unsigned char *q = p, *end = p + n;
    while (q < end) {
        char name[PDF_MAX_NAME + 1];
        size_t k = 0;
        const unsigned char *slash = memchr(q, '/', (size_t)(end - q));
        if (!slash)
            break;
        q = slash + 1;
        /* Names may hide letters as #xx escapes (/J#61vaScript). */
        while (q < end && !pdf_delim(*q)) {
            int ch = *q;
            if (ch == '#' && end - q >= 3 && lsc__hexval(q[1]) >= 0 &&
                lsc__hexval(q[2]) >= 0) {
                ch = lsc__hexval(q[1]) * 16 + lsc__hexval(q[2]);
                q += 2;
            }
            q++;
            if (k < PDF_MAX_NAME)
                name[k++] = (char)ch;
            else
                k = PDF_MAX_NAME + 1;  /* too long: matches nothing */
        }
        if (k > PDF_MAX_NAME)
            continue;
        name[k] = '\0';
        if (strcmp(name, "JavaScript") == 0 || strcmp(name, "JS") == 0)
            f->js = 1;
        else if (strcmp(name, "Launch") == 0)
            f->launch = 1;
        else if (strcmp(name, "OpenAction") == 0 || strcmp(name, "AA") == 0)
            f->autorun = 1;
        else if (strcmp(name, "Encrypt") == 0)
            f->encrypt = 1;
        else if (strcmp(name, "ObjStm") == 0)
            f->objstm = 1;
        else if (strcmp(name, "FlateDecode") == 0)
            f->flate = 1;
    }
}

/* The first "stream" in [q, end), or NULL. */
static const unsigned char *find_stream(const unsigned char *q,
                                        const unsigned char *end)
{
    while (end - q >= 6 && (q = memchr(q, 's', (size_t)(end - q - 5))) != NULL) {
        if (memcmp(q, "stream", 6) == 0)
            return q;
        q++;
    }
    return NULL;
}

int lsc__pdf_scan(lsc__ctx *c, const unsigned char *p, size_t n,
                  unsigned *flags)
{
    pdf_names f;
    const unsigned char *q = p, *end = p + n, *from = p, *s;
    size_t streams = 0;
    memset(&f, 0, sizeof f);
    scan_names(p, n, &f);
    /* Every "stream" keyword whose dictionary says /ObjStm /FlateDecode:
     * its objects are dictionaries like any other once inflated. */
    while (streams < LSC__PDF_MAX_OBJSTMS && q < end &&
           (s = find_stream(q, end)) != NULL) {
        const unsigned char *data = s + 6, *dict;
        pdf_names d;
        q = data;
        if (s > p && s[-1] == 'd')      /* endstream */
            continue;
        if (data < end && *data == '\r')
            data++;
        if (data >= end || *data != '\n')
            continue;
        data++;
        dict = (size_t)(s - from) > PDF_DICT_BACK ? s - PDF_DICT_BACK : from;
        from = data;
        memset(&d, 0, sizeof d);
        scan_names(dict, (size_t)(s - dict), &d);
        if (d.objstm && d.flate) {
            lsc__hbuf b;
            int rc;
            streams++;
            lsc__hbuf_init(&b, &c->eng->al);
            rc = lsc__inflate_zlib(c, data, (size_t)(end - data),
                                   LSC__PDF_MAX_INFLATED, &b);
            if (rc == 0 && b.len)
                scan_names((const unsigned char *)b.p, b.len, &f);
            lsc__hbuf_free(&b);
            if (rc)
                return rc;
        }
    }
    if (f.launch)
        *flags |= LSC_ATT_PDF_LAUNCH;
    if (f.encrypt)
        *flags |= LSC_ATT_ENCRYPTED;
    if (f.js)
        *flags |= LSC_ATT_PDF_JS;
    if (f.js && f.autorun)
        *flags |= LSC_ATT_PDF_AUTO_JS;
    return 0;
}

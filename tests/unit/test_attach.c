/*
 * test_attach.c - the attachments stage and its rules, on attachments the
 * test builds itself: PE and ELF headers, zips written by hand (stored
 * entries, encrypted flags, zips in zips), a .docm with a VBA project, OLE
 * files with a VBA project or an EncryptedPackage, PDFs with JavaScript,
 * disguised names, a 30 MB file to an outlook.com recipient, a zip bomb
 * (written with libarchive), and ordinary files that must raise nothing.
 *
 * Each case builds the message model the MIME stages would (parts with
 * decoded bodies, names, types, recipients), runs the attachments stage,
 * the rules and the score, and asserts the exact set of attachment rules
 * that fire.
 */
#include <archive.h>
#include <archive_entry.h>

#include "test.h"
#include "core/pipeline.h"
#include "core/result.h"
#include "rules/rules.h"
#include "attach/attach_scan.h"
#include "t_ole.h"

/* ---- byte builders ---- */

typedef struct bytes {
    unsigned char *p;
    size_t n, cap;
} bytes;

static void put(bytes *b, const void *p, size_t n)
{
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + n)
            cap *= 2;
        b->p = realloc(b->p, cap);
        b->cap = cap;
    }
    memcpy(b->p + b->n, p, n);
    b->n += n;
}

static void put16(bytes *b, unsigned v)
{
    unsigned char t[2] = { (unsigned char)v, (unsigned char)(v >> 8) };
    put(b, t, 2);
}

static void put32(bytes *b, uint32_t v)
{
    unsigned char t[4] = { (unsigned char)v, (unsigned char)(v >> 8),
                           (unsigned char)(v >> 16), (unsigned char)(v >> 24) };
    put(b, t, 4);
}

static void puts_(bytes *b, const char *s)
{
    put(b, s, strlen(s));
}

static uint32_t crc32_of(const unsigned char *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    size_t i;
    int k;
    for (i = 0; i < n; i++) {
        c ^= p[i];
        for (k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return c ^ 0xFFFFFFFFu;
}

/* CRC-32 of n zero bytes; 0 for big n (bombs are never read to their
 * end, where libarchive would check it). */
static uint32_t zeros_crc(size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    size_t i;
    int k;
    if (n > 1024 * 1024)
        return 0;
    for (i = 0; i < n; i++)
        for (k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    return c ^ 0xFFFFFFFFu;
}

typedef struct zentry {
    const char *name;
    const unsigned char *data;
    size_t len;
    int encrypted;
    uint32_t inflated;   /* non-zero: data is deflate of this many bytes */
} zentry;

/* A zip of stored entries, written by hand (APPNOTE 4.3). */
static bytes make_zip(const zentry *e, size_t n)
{
    bytes z = { 0 }, cd = { 0 };
    size_t i;
    uint32_t *offs = calloc(n ? n : 1, sizeof *offs);
    for (i = 0; i < n; i++) {
        uint32_t crc = e[i].inflated ? zeros_crc(e[i].inflated)
                                     : crc32_of(e[i].data, e[i].len);
        unsigned flags = e[i].encrypted ? 1 : 0;
        size_t extra = e[i].encrypted ? 12 : 0;  /* PKWARE header */
        uint32_t usize = e[i].inflated ? e[i].inflated : (uint32_t)e[i].len;
        offs[i] = (uint32_t)z.n;
        put32(&z, 0x04034b50);
        put16(&z, 20); put16(&z, flags); put16(&z, e[i].inflated ? 8 : 0);
        put16(&z, 0); put16(&z, 0x21);
        put32(&z, crc); put32(&z, (uint32_t)(e[i].len + extra));
        put32(&z, usize);
        put16(&z, (unsigned)strlen(e[i].name)); put16(&z, 0);
        puts_(&z, e[i].name);
        if (extra) {
            unsigned char hdr[12];
            memset(hdr, 0x5A, sizeof hdr);
            put(&z, hdr, sizeof hdr);
        }
        put(&z, e[i].data, e[i].len);
    }
    for (i = 0; i < n; i++) {
        uint32_t crc = e[i].inflated ? zeros_crc(e[i].inflated)
                                     : crc32_of(e[i].data, e[i].len);
        size_t extra = e[i].encrypted ? 12 : 0;
        uint32_t usize = e[i].inflated ? e[i].inflated : (uint32_t)e[i].len;
        put32(&cd, 0x02014b50);
        put16(&cd, 20); put16(&cd, 20); put16(&cd, e[i].encrypted ? 1 : 0);
        put16(&cd, e[i].inflated ? 8 : 0); put16(&cd, 0); put16(&cd, 0x21);
        put32(&cd, crc); put32(&cd, (uint32_t)(e[i].len + extra));
        put32(&cd, usize);
        put16(&cd, (unsigned)strlen(e[i].name)); put16(&cd, 0); put16(&cd, 0);
        put16(&cd, 0); put16(&cd, 0); put32(&cd, 0); put32(&cd, offs[i]);
        puts_(&cd, e[i].name);
    }
    {
        uint32_t cd_off = (uint32_t)z.n;
        put(&z, cd.p, cd.n);
        put32(&z, 0x06054b50);
        put16(&z, 0); put16(&z, 0);
        put16(&z, (unsigned)n); put16(&z, (unsigned)n);
        put32(&z, (uint32_t)cd.n); put32(&z, cd_off);
        put16(&z, 0);
    }
    free(cd.p);
    free(offs);
    return z;
}

/* A Windows PE: DOS header, stub, PE signature, COFF header, PE32
 * optional header and one section header. */
static bytes make_pe(void)
{
    bytes b = { 0 };
    unsigned char dos[0x80];
    size_t i;
    memset(dos, 0, sizeof dos);
    dos[0] = 'M'; dos[1] = 'Z';
    dos[2] = 0x90; dos[4] = 3; dos[8] = 4; dos[0x0C] = 0xFF; dos[0x0D] = 0xFF;
    dos[0x10] = 0xB8; dos[0x18] = 0x40;
    dos[0x3C] = 0x80;
    memcpy(dos + 0x40, "\x0e\x1f\xba\x0e\x00\xb4\x09\xcd\x21\xb8\x01\x4c\xcd\x21"
           "This program cannot be run in DOS mode.\r\r\n$", 14 + 42);
    put(&b, dos, sizeof dos);
    puts_(&b, "PE");
    put16(&b, 0);
    put16(&b, 0x014C);       /* i386 */
    put16(&b, 1);            /* sections */
    put32(&b, 0x5F000000); put32(&b, 0); put32(&b, 0);
    put16(&b, 0xE0);         /* optional header size */
    put16(&b, 0x0102);       /* executable, 32-bit */
    put16(&b, 0x010B);       /* PE32 */
    for (i = 0; i < 0xE0 - 2; i++) {
        unsigned char z = 0;
        if (i == 0x44 - 2)
            z = 2;           /* subsystem: GUI (low byte) */
        put(&b, &z, 1);
    }
    puts_(&b, ".text\0\0\0");
    for (i = 0; i < 32; i++)
        put(&b, "\0", 1);
    while (b.n < 1024)
        put(&b, "\0", 1);
    return b;
}

static bytes make_elf(void)
{
    bytes b = { 0 };
    static const unsigned char h[64] = {
        0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        2, 0, 0x3E, 0, 1, 0, 0, 0, 0x78, 0, 0x40, 0, 0, 0, 0, 0,
        0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0x40, 0, 0x38, 0, 1, 0, 0x40, 0, 0, 0, 0, 0 };
    put(&b, h, sizeof h);
    while (b.n < 512)
        put(&b, "\0", 1);
    return b;
}

/* A compound file (v3, 512-byte sectors): header, one FAT sector, one
 * directory sector holding a root and up to three entries, and for
 * streams a data run of data_sectors (8 to 120) sectors, so that they
 * live in regular sectors. */
static bytes make_ole_sized(const char *const *names, const int *types,
                            size_t n, size_t data_sectors)
{
    bytes b = { 0 };
    unsigned char hdr[512], fat[512], dir[512];
    size_t i, k;
    t_ole_header(hdr, fat);
    for (k = 0; k < data_sectors; k++) {     /* data run from sector 2 */
        uint32_t next = k + 1 == data_sectors ? 0xFFFFFFFEu : (uint32_t)(3 + k);
        fat[4 * (2 + k)] = (unsigned char)next;
        fat[4 * (2 + k) + 1] = (unsigned char)(next >> 8);
        fat[4 * (2 + k) + 2] = (unsigned char)(next >> 16);
        fat[4 * (2 + k) + 3] = (unsigned char)(next >> 24);
    }
    memset(dir, 0, sizeof dir);
    for (i = 0; i <= n && i < 4; i++) {
        unsigned char *e = dir + 128 * i;
        const char *nm = i == 0 ? "Root Entry" : names[i - 1];
        for (k = 0; nm[k] && k < 31; k++)
            e[2 * k] = (unsigned char)nm[k];
        e[0x40] = (unsigned char)(2 * (k + 1));
        e[0x42] = (unsigned char)(i == 0 ? 5 : types[i - 1]);
        memset(e + 0x44, 0xFF, 12);
        if (i == 0 && n)
            e[0x4C] = 1, e[0x4D] = e[0x4E] = e[0x4F] = 0;  /* child */
        if (i > 0 && i < n)
            e[0x48] = (unsigned char)(i + 1), e[0x49] = e[0x4A] = e[0x4B] = 0;
        if (i > 0 && types[i - 1] == 2) {
            size_t size = 512 * data_sectors;
            e[0x74] = 2;                     /* start sector */
            e[0x78] = (unsigned char)size;
            e[0x79] = (unsigned char)(size >> 8);
            e[0x7A] = (unsigned char)(size >> 16);
        } else {
            memset(e + 0x74, 0xFE, 1);
            memset(e + 0x75, 0xFF, 3);
        }
    }
    put(&b, hdr, sizeof hdr);
    put(&b, fat, sizeof fat);
    put(&b, dir, sizeof dir);
    for (k = 0; k < 512 * data_sectors; k++)
        put(&b, "\0", 1);
    return b;
}

static bytes make_ole(const char *const *names, const int *types, size_t n)
{
    return make_ole_sized(names, types, n, 8);
}

static bytes text_bytes(const char *s)
{
    bytes b = { 0 };
    puts_(&b, s);
    return b;
}

static const char pdf_plain[] =
    "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>\nendobj\n"
    "trailer\n<< /Root 1 0 R >>\n%%EOF\n";

static const char pdf_js[] =
    "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>\n"
    "endobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    "4 0 obj\n<< /S /JavaScript /JS (app.alert\\('hi'\\);) >>\nendobj\n"
    "trailer\n<< /Root 1 0 R >>\n%%EOF\n";

static bytes make_jpeg(void)
{
    static const unsigned char j[] = {
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00, 0x01,
        0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xDB, 0x00, 0x43,
        0x00 };
    bytes b = { 0 };
    put(&b, j, sizeof j);
    while (b.n < 600)
        put(&b, "\x10", 1);
    put(&b, "\xff\xd9", 2);
    return b;
}

static bytes make_png(void)
{
    bytes b = { 0 };
    unsigned char ihdr[17] = { 'I', 'H', 'D', 'R', 0, 0, 0, 16, 0, 0, 0, 16,
                               8, 2, 0, 0, 0 };
    uint32_t crc = crc32_of(ihdr, sizeof ihdr);
    unsigned char be[4];
    put(&b, "\x89PNG\r\n\x1a\n", 8);
    put(&b, "\0\0\0\x0d", 4);
    put(&b, ihdr, sizeof ihdr);
    be[0] = (unsigned char)(crc >> 24); be[1] = (unsigned char)(crc >> 16);
    be[2] = (unsigned char)(crc >> 8); be[3] = (unsigned char)crc;
    put(&b, be, 4);
    put(&b, "\0\0\0\0IEND\xae\x42\x60\x82", 12);
    return b;
}

static const char ct_docx[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas."
    "openxmlformats.org/package/2006/content-types\"><Override PartName=\""
    "/word/document.xml\" ContentType=\"application/vnd.openxmlformats-"
    "officedocument.wordprocessingml.document.main+xml\"/></Types>";

static bytes make_ooxml(const char *dir, int with_vba)
{
    char main_name[64], vba_name[64];
    bytes vba = { 0 };
    zentry e[4];
    size_t n = 0;
    bytes z;
    static const char rels[] = "<?xml version=\"1.0\"?><Relationships/>";
    static const char doc[] = "<?xml version=\"1.0\"?><document>Hello</document>";
    const char *names[2] = { "VBA", "_VBA_PROJECT" };
    int types[2] = { 1, 2 };
    snprintf(main_name, sizeof main_name, "%s/%s", dir,
             strcmp(dir, "xl") == 0 ? "workbook.xml" : "document.xml");
    snprintf(vba_name, sizeof vba_name, "%s/vbaProject.bin", dir);
    e[n++] = (zentry){ "[Content_Types].xml", (const unsigned char *)ct_docx,
                       strlen(ct_docx), 0, 0 };
    e[n++] = (zentry){ "_rels/.rels", (const unsigned char *)rels,
                       strlen(rels), 0, 0 };
    e[n++] = (zentry){ main_name, (const unsigned char *)doc, strlen(doc), 0, 0 };
    if (with_vba) {
        vba = make_ole(names, types, 2);
        e[n++] = (zentry){ vba_name, vba.p, vba.n, 0, 0 };
    }
    z = make_zip(e, n);
    free(vba.p);
    return z;
}

/* A deflate stream (RFC 1951, one fixed-Huffman block) of 1 + 258 * k
 * zero bytes: a literal 0, then k copies of <length 258, distance 1>, 13
 * bits each.  Written by hand, so the bomb costs nothing to build. */
typedef struct bits {
    bytes b;
    uint32_t acc;
    int n;
} bits;

static void put_bits(bits *w, uint32_t v, int n)   /* LSB first */
{
    w->acc |= v << w->n;
    w->n += n;
    while (w->n >= 8) {
        unsigned char ch = (unsigned char)w->acc;
        put(&w->b, &ch, 1);
        w->acc >>= 8;
        w->n -= 8;
    }
}

static void put_code(bits *w, uint32_t code, int n)  /* Huffman: MSB first */
{
    int i;
    for (i = n - 1; i >= 0; i--)
        put_bits(w, (code >> i) & 1u, 1);
}

static bytes deflate_zeros(size_t k)
{
    bits w;
    size_t i;
    memset(&w, 0, sizeof w);
    put_bits(&w, 1, 1);          /* BFINAL */
    put_bits(&w, 1, 2);          /* BTYPE 01: fixed Huffman */
    put_code(&w, 0x30, 8);       /* literal 0 */
    for (i = 0; i < k; i++) {
        put_code(&w, 0xC5, 8);   /* length symbol 285: 258 */
        put_code(&w, 0, 5);      /* distance code 0: 1 */
    }
    put_code(&w, 0, 7);          /* end of block */
    if (w.n)
        put_bits(&w, 0, 8 - w.n);
    return w.b;
}

/* A zlib stream (RFC 1950) of 1 + 258 * k zero bytes (none when k is 0)
 * then the bytes of tail as fixed-Huffman literals: compressed, so the
 * names in tail do not show in the file. */
static bytes zlib_stream(size_t k, const char *tail)
{
    bits w;
    size_t i, n = strlen(tail);
    uint32_t a = 1, b = 0;
    unsigned char be[4];
    memset(&w, 0, sizeof w);
    put(&w.b, "\x78\x01", 2);
    put_bits(&w, 1, 1);
    put_bits(&w, 1, 2);
    if (k) {
        put_code(&w, 0x30, 8);
        for (i = 0; i < k; i++) {
            put_code(&w, 0xC5, 8);
            put_code(&w, 0, 5);
        }
        for (i = 0; i < 1 + 258 * k; i++)
            b = (b + a) % 65521;    /* zeros leave a as it is */
    }
    for (i = 0; i < n; i++) {
        unsigned ch = (unsigned char)tail[i];
        if (ch < 144)
            put_code(&w, 0x30 + ch, 8);
        else
            put_code(&w, 0x190 + ch - 144, 9);
        a = (a + ch) % 65521;
        b = (b + a) % 65521;
    }
    put_code(&w, 0, 7);
    if (w.n)
        put_bits(&w, 0, 8 - w.n);
    a |= b << 16;
    be[0] = (unsigned char)(a >> 24);
    be[1] = (unsigned char)(a >> 16);
    be[2] = (unsigned char)(a >> 8);
    be[3] = (unsigned char)a;
    put(&w.b, be, 4);
    return w.b;
}

/* ---- the message model ---- *//* ---- the message model ---- */

typedef struct tpart {
    const char *ctype;
    const char *filename;
    const bytes *body;
    int inline_;
    size_t fake_size;    /* pretend the body is this big (size tests) */
} tpart;

typedef struct tmsg {
    const char *to;      /* recipient domain(s), comma-separated, or NULL */
    int reply;           /* In-Reply-To present */
    const char *html;    /* an HTML body, or NULL */
    size_t html_bytes;   /* its size when generated */
} tmsg;

static size_t b64_size(size_t n)
{
    size_t enc = (n + 2) / 3 * 4;
    return enc + enc / 76 * 2;
}

static lsc__part *new_part(lsc__arena *ar, size_t index, lsc_part_kind kind,
                           const char *ctype)
{
    lsc__part *p = lsc__arena_zalloc(ar, sizeof *p);
    p->pub.index = index;
    p->pub.kind = kind;
    p->pub.parent = index ? 0 : LSC__NONE;
    p->pub.depth = index ? 1 : 0;
    p->pub.content_type = ctype;
    return p;
}

/* Builds the model as mime.c + decode.c would, then runs the stage, the
 * rules and the score.  The caller frees the result. */
static lsc_result *run_model(const lsc_engine *e, const tmsg *tm,
                             const tpart *parts, size_t n)
{
    lsc_result *r = lsc__calloc(&e->al, 1, sizeof *r);
    lsc__ctx c;
    lsc__message *m;
    size_t i, wire = 600, np = 0;
    char *html = NULL;
    r->al = e->al;
    lsc__arena_init(&r->ar, &r->al);
    lsc__vec_init(&r->hits, sizeof(lsc__hit *));
    memset(&c, 0, sizeof c);
    c.eng = e;
    c.ar = &r->ar;
    c.res = r;
    c.now = 1700000000;
    m = lsc__arena_zalloc(&r->ar, sizeof *m);
    m->ar = &r->ar;
    m->subject = "Documents";
    m->subject_len = 9;
    lsc__vec_init(&m->from, sizeof(lsc__address));
    lsc__vec_init(&m->to, sizeof(lsc__address));
    lsc__vec_init(&m->cc, sizeof(lsc__address));
    lsc__vec_init(&m->bcc, sizeof(lsc__address));
    lsc__vec_init(&m->reply_to, sizeof(lsc__address));
    r->msg = m;
    c.msg = m;
    if (tm->to) {
        const char *p = tm->to;
        while (*p) {
            const char *comma = strchr(p, ',');
            size_t l = comma ? (size_t)(comma - p) : strlen(p);
            lsc__address *ad = lsc__vec_push(&m->to, &r->ar);
            ad->domain = lsc__arena_strndup(&r->ar, p, l);
            ad->addr = lsc__arena_printf(&r->ar, "someone@%s", ad->domain);
            p += l + (comma ? 1 : 0);
        }
    }
    m->headers = lsc__arena_zalloc(&r->ar, 2 * sizeof *m->headers);
    m->headers[0].name = "Subject";
    m->headers[0].name_len = 7;
    m->headers[0].key = lsc__header_key("Subject");
    m->headers[0].value = "Documents";
    m->headers[0].value_len = 9;
    m->n_headers = 1;
    if (tm->reply) {
        m->headers[1].name = "In-Reply-To";
        m->headers[1].name_len = 11;
        m->headers[1].key = lsc__header_key("In-Reply-To");
        m->headers[1].value = "<a@b>";
        m->headers[1].value_len = 5;
        m->n_headers = 2;
    }
    m->parts = lsc__arena_zalloc(&r->ar, (n + 3) * sizeof *m->parts);
    m->parts[np++] = new_part(&r->ar, 0, LSC_PART_MULTIPART, "multipart/mixed");
    {
        lsc__part *t = new_part(&r->ar, np, LSC_PART_LEAF, "text/plain");
        t->pub.flags = LSC_PART_TEXT;
        t->pub.body = (const unsigned char *)"Please find the files attached.";
        t->pub.body_bytes = strlen((const char *)t->pub.body);
        t->pub.encoded_bytes = t->pub.body_bytes;
        m->parts[np++] = t;
    }
    if (tm->html) {
        lsc__part *t = new_part(&r->ar, np, LSC_PART_LEAF, "text/html");
        size_t len = tm->html_bytes ? tm->html_bytes : strlen(tm->html);
        html = lsc__arena_alloc(&r->ar, len + 1);
        for (i = 0; i < len; i++)
            html[i] = tm->html[i % strlen(tm->html)];
        html[len] = '\0';
        t->pub.flags = LSC_PART_TEXT | LSC_PART_HTML;
        t->pub.body = (const unsigned char *)html;
        t->pub.body_bytes = len;
        t->pub.encoded_bytes = len;
        wire += len;
        m->parts[np++] = t;
    }
    for (i = 0; i < n; i++) {
        lsc__part *p = new_part(&r->ar, np, LSC_PART_LEAF, parts[i].ctype);
        size_t size = parts[i].fake_size ? parts[i].fake_size : parts[i].body->n;
        p->pub.filename = parts[i].filename;
        p->pub.disposition = parts[i].inline_ ? "inline" : "attachment";
        p->pub.transfer_encoding = "base64";
        p->pub.body = parts[i].body->p;
        p->pub.body_bytes = parts[i].body->n;
        p->pub.encoded_bytes = b64_size(size);
        if (parts[i].inline_)
            p->pub.flags = LSC_PART_INLINE_IMAGE;
        else
            p->pub.flags = LSC_PART_ATTACHMENT;
        wire += p->pub.encoded_bytes + 200;
        m->parts[np++] = p;
    }
    m->n_parts = np;
    m->wire_bytes = wire;
    if (lsc__phrases_run(&c) != 0 || lsc__attach_run(&c) != 0 ||
        lsc__rules_run(&c) != 0 ||
        lsc__score_run(&c) != 0) {
        printf("#   a stage failed\n");
        lsc_result_free(r);
        return NULL;
    }
    return r;
}

/* The attachment-group rules that fired, space-separated, sorted by id. */
static const char *fired(const lsc_result *r)
{
    static char buf[1024];
    const char *ids[64];
    size_t n = 0, i, j;
    buf[0] = '\0';
    for (i = 0; r && i < lsc_result_hit_count(r) && n < 64; i++) {
        const lsc_hit *h = lsc_result_hit(r, i);
        if (strncmp(h->id, "ATTACH_", 7) == 0 || strcmp(h->id, "HTML_CLIPPED") == 0)
            ids[n++] = h->id;
    }
    for (i = 1; i < n; i++)
        for (j = i; j > 0 && strcmp(ids[j - 1], ids[j]) > 0; j--) {
            const char *t = ids[j];
            ids[j] = ids[j - 1];
            ids[j - 1] = t;
        }
    for (i = 0; i < n; i++) {
        if (i)
            strcat(buf, " ");
        strcat(buf, ids[i]);
    }
    return buf;
}

static lsc_engine *eng_with(unsigned flags, size_t entries, size_t depth,
                            uint64_t max_bytes)
{
    lsc_engine *e = NULL;
    lsc_options o;
    lsc_options_init(&o);
    o.flags = flags;
    o.limits.max_archive_entries = entries;
    o.limits.max_archive_depth = depth;
    o.limits.max_archive_bytes = max_bytes;
    if (lsc_engine_new(&e, &o, NULL) != 0)
        printf("#   engine failed\n");
    return e;
}

/* An engine without the first-contact rule, so each case shows only the
 * findings about its file. */
static lsc_engine *eng(void)
{
    return eng_with(LSC_OPT_NO_FIRST_CONTACT, 0, 0, 0);
}

static lsc_result *one_file(const lsc_engine *e, const char *ctype,
                            const char *name, const bytes *b)
{
    tmsg tm = { "example.com", 1, NULL, 0 };
    tpart p = { ctype, name, b, 0, 0 };
    return run_model(e, &tm, &p, 1);
}

/* The setup of most cases: one file attached to a letter, scored with the
 * default engine; its attachment (NULL when scoring failed). */
typedef struct one_att {
    lsc_engine *e;
    lsc_result *r;
    const lsc_attachment *a;
} one_att;

static one_att score_one(const char *ctype, const char *name, const bytes *b)
{
    one_att t;
    t.e = eng();
    t.r = one_file(t.e, ctype, name, b);
    t.a = lsc_result_attachment(t.r, 0);
    return t;
}

/* Frees the result, the engine and the file's bytes. */
static void one_att_free(one_att *t, bytes *b)
{
    lsc_result_free(t->r);
    free(b->p);
    lsc_engine_free(t->e);
}

static const lsc_hit *hit(const lsc_result *r, const char *id)
{
    return lsc_result_find_hit(r, id);
}

static int has_evidence(const lsc_hit *h, const char *text)
{
    size_t i;
    for (i = 0; h && i < h->n_evidence; i++)
        if (h->evidence[i].where == LSC_WHERE_ATTACHMENT &&
            strcmp(h->evidence[i].text, text) == 0)
            return 1;
    return 0;
}

/* ---- cases ---- */

TEST(pe_named_pdf_is_blocked_by_content)
{
    bytes pe = make_pe();
    one_att t = score_one("application/pdf", "invoice.pdf", &pe);
    lsc_result *r = t.r;
    const lsc_attachment *a = t.a;
    CHECK_EQ_INT(lsc_result_attachment_count(r), 1);
    CHECK(a && (a->flags & LSC_ATT_EXECUTABLE));
    CHECK(a && (a->flags & LSC_ATT_BLOCKED_CONTENT));
    CHECK(a && !(a->flags & LSC_ATT_BLOCKED_NAME));
    CHECK(a && (a->flags & LSC_ATT_MISMATCH));
    CHECK_STR(a ? a->kind : NULL, "pe");
    CHECK_STR(a ? a->real_type : NULL,
              "application/vnd.microsoft.portable-executable");
    CHECK_STR(a ? a->extension : NULL, "pdf");
    CHECK_STR(fired(r), "ATTACH_BLOCKED_TYPE ATTACH_TYPE_MISMATCH");
    CHECK(has_evidence(hit(r, "ATTACH_BLOCKED_TYPE"), "invoice.pdf"));
    CHECK(hit(r, "ATTACH_TYPE_MISMATCH") &&
          hit(r, "ATTACH_TYPE_MISMATCH")->strength == 1.0);
    CHECK(lsc_result_part(r, a ? a->part : 0)->real_type != NULL);
    CHECK_EQ_INT(lsc_result_level(r), LSC_LEVEL_HIGH);
    one_att_free(&t, &pe);
}

TEST(elf_named_jpg_is_blocked_by_content)
{
    bytes elf = make_elf();
    one_att t = score_one("image/jpeg", "photo.jpg", &elf);
    lsc_result *r = t.r;
    const lsc_attachment *a = t.a;
    CHECK_STR(a ? a->kind : NULL, "elf");
    CHECK(a && a->real_type && strstr(a->real_type, "application/x-") != NULL);
    CHECK(a && (a->flags & LSC_ATT_EXECUTABLE));
    CHECK_STR(fired(r), "ATTACH_BLOCKED_TYPE ATTACH_TYPE_MISMATCH");
    one_att_free(&t, &elf);
}

TEST(pdf_exe_is_blocked_and_double)
{
    lsc_engine *e = eng();
    bytes pe = make_pe();
    lsc_result *r = one_file(e, "application/octet-stream", "invoice.pdf.exe",
                             &pe);
    const lsc_attachment *a = lsc_result_attachment(r, 0);
    CHECK_STR(a ? a->extensions : NULL, "pdf.exe");
    CHECK(a && (a->flags & LSC_ATT_DOUBLE_EXT) && (a->flags & LSC_ATT_BLOCKED_NAME));
    CHECK_STR(fired(r), "ATTACH_BLOCKED_TYPE ATTACH_DOUBLE_EXTENSION");
    CHECK(has_evidence(hit(r, "ATTACH_DOUBLE_EXTENSION"), "invoice.pdf.exe"));
    CHECK(strstr(hit(r, "ATTACH_DOUBLE_EXTENSION")->explanation, ".pdf") != NULL);
    lsc_result_free(r);
    free(pe.p);
    lsc_engine_free(e);
}

TEST(rtl_override_in_name)
{
    lsc_engine *e = eng();
    bytes html = text_bytes("<html><body><p>Your invoice</p></body></html>\n");
    /* "report<U+202E>fdp.html" shows as "reportlmth.pdf". */
    lsc_result *r = one_file(e, "text/html", "report\xe2\x80\xae" "fdp.html",
                             &html);
    const lsc_attachment *a = lsc_result_attachment(r, 0);
    CHECK(a && (a->flags & LSC_ATT_RTL_OVERRIDE) &&
          (a->flags & LSC_ATT_HIDDEN_CHARS));
    CHECK_STR(fired(r), "ATTACH_HIDDEN_NAME_CHARS");
    CHECK(has_evidence(hit(r, "ATTACH_HIDDEN_NAME_CHARS"),
                       "report<U+202E>fdp.html"));
    CHECK(hit(r, "ATTACH_HIDDEN_NAME_CHARS")->strength == 1.0);
    lsc_result_free(r);
    free(html.p);
    lsc_engine_free(e);
}

TEST(rtl_override_hiding_a_screensaver)
{
    lsc_engine *e = eng();
    bytes pe = make_pe();
    lsc_result *r = one_file(e, "application/octet-stream",
                             "SPL\xe2\x80\xae" "gpj.scr", &pe);
    CHECK_STR(fired(r), "ATTACH_BLOCKED_TYPE ATTACH_HIDDEN_NAME_CHARS");
    lsc_result_free(r);
    free(pe.p);
    lsc_engine_free(e);
}

TEST(padding_spaces_before_the_real_extension)
{
    lsc_engine *e = eng();
    bytes pe = make_pe();
    lsc_result *r = one_file(e, "application/octet-stream",
                             "invoice.pdf          .exe", &pe);
    CHECK_STR(fired(r), "ATTACH_BLOCKED_TYPE ATTACH_DOUBLE_EXTENSION "
                        "ATTACH_HIDDEN_NAME_CHARS");
    lsc_result_free(r);
    free(pe.p);
    lsc_engine_free(e);
}

TEST(zip_holding_an_exe)
{
    lsc_engine *e = eng();
    bytes pe = make_pe();
    bytes pdf = text_bytes(pdf_plain);
    zentry ze[2] = { { "docs/readme.pdf", pdf.p, pdf.n, 0, 0 },
                     { "docs/setup.exe", pe.p, pe.n, 0, 0 } };
    bytes z = make_zip(ze, 2);
    lsc_result *r = one_file(e, "application/zip", "docs.zip", &z);
    const lsc_attachment *a = lsc_result_attachment(r, 0);
    CHECK(a && (a->flags & LSC_ATT_ARCHIVE));
    CHECK(a && (a->flags & LSC_ATT_BLOCKED_INSIDE));
    CHECK(a && !(a->flags & LSC_ATT_BLOCKED_NAME));
    CHECK_EQ_INT(a ? a->n_entries : 0, 2);
    if (a && a->n_entries == 2) {
        CHECK_STR(a->entries[1].name, "docs/setup.exe");
        CHECK_STR(a->entries[1].path, "docs.zip > docs/setup.exe");
        CHECK_EQ_INT(a->entries[1].size, pe.n);
        CHECK_EQ_INT(a->entries[1].depth, 1);
        CHECK(a->entries[1].flags & LSC_ATT_EXECUTABLE);
        CHECK(a->entries[1].flags & LSC_ATT_BLOCKED_NAME);
        CHECK(!(a->entries[0].flags & LSC_ATT_BLOCKED));
    }
    CHECK_STR(fired(r), "ATTACH_BLOCKED_TYPE");
    CHECK(has_evidence(hit(r, "ATTACH_BLOCKED_TYPE"), "docs.zip > docs/setup.exe"));
    lsc_result_free(r);
    free(z.p); free(pe.p); free(pdf.p);
    lsc_engine_free(e);
}

TEST(zip_inside_zip_with_exe_at_depth_two)
{
    lsc_engine *e = eng();
    bytes pe = make_pe();
    zentry in[1] = { { "tool.exe", pe.p, pe.n, 0, 0 } };
    bytes inner = make_zip(in, 1);
    zentry out[1] = { { "inner.zip", inner.p, inner.n, 0, 0 } };
    bytes z = make_zip(out, 1);
    lsc_result *r = one_file(e, "application/zip", "outer.zip", &z);
    const lsc_attachment *a = lsc_result_attachment(r, 0);
    CHECK(a && (a->flags & LSC_ATT_NESTED_ARCHIVE));
    CHECK_EQ_INT(a ? a->n_entries : 0, 2);
    if (a && a->n_entries == 2) {
        CHECK(a->entries[0].flags & LSC_ATT_ARCHIVE);
        CHECK_EQ_INT(a->entries[1].depth, 2);
        CHECK_EQ_INT(a->entries[1].parent, 0);
        CHECK_STR(a->entries[1].path, "outer.zip > inner.zip > tool.exe");
    }
    CHECK_STR(fired(r), "ATTACH_BLOCKED_TYPE ATTACH_NESTED_ARCHIVE");
    lsc_result_free(r);
    free(z.p); free(inner.p); free(pe.p);
    lsc_engine_free(e);
}

TEST(encrypted_zip)
{
    lsc_engine *e = eng();
    bytes pdf = text_bytes(pdf_plain);
    zentry ze[1] = { { "price-list.pdf", pdf.p, pdf.n, 1, 0 } };
    bytes z = make_zip(ze, 1);
    lsc_result *r = one_file(e, "application/zip", "prices.zip", &z);
    const lsc_attachment *a = lsc_result_attachment(r, 0);
    CHECK(a && (a->flags & LSC_ATT_ENCRYPTED));
    CHECK(a && a->n_entries == 1 && (a->entries[0].flags & LSC_ATT_ENCRYPTED));
    CHECK_STR(fired(r), "ATTACH_ENCRYPTED");
    CHECK(hit(r, "ATTACH_ENCRYPTED")->strength == 1.0);
    CHECK(has_evidence(hit(r, "ATTACH_ENCRYPTED"), "prices.zip"));
    lsc_result_free(r);
    free(z.p); free(pdf.p);
    lsc_engine_free(e);
}

TEST(docm_with_vba_project)
{
    bytes d = make_ooxml("word", 1);
    one_att t = score_one("application/vnd.ms-word.document.macroEnabled.12",
                             "order.docm", &d);
    lsc_result *r = t.r;
    const lsc_attachment *a = t.a;
    CHECK(a && (a->flags & LSC_ATT_MACRO) && (a->flags & LSC_ATT_OFFICE));
    CHECK(a && !(a->flags & LSC_ATT_ARCHIVE));
    CHECK_STR(a ? a->kind : NULL, "ooxml");
    CHECK_STR(fired(r), "ATTACH_MACRO");
    one_att_free(&t, &d);
}

TEST(macro_docx_named_innocently_is_found_by_content)
{
    bytes d = make_ooxml("word", 1);
    one_att t = score_one("application/vnd.openxmlformats-officedocument."
                             "wordprocessingml.document", "order.docx", &d);
    lsc_result *r = t.r;
    const lsc_attachment *a = t.a;
    CHECK(a && (a->flags & LSC_ATT_MACRO));
    CHECK_STR(fired(r), "ATTACH_MACRO");
    one_att_free(&t, &d);
}

TEST(ole_doc_with_vba_and_encrypted_ooxml)
{
    lsc_engine *e = eng();
    const char *vn[2] = { "Macros", "_VBA_PROJECT" };
    int vt[2] = { 1, 2 };
    const char *en[2] = { "EncryptionInfo", "EncryptedPackage" };
    int et[2] = { 2, 2 };
    bytes vba = make_ole(vn, vt, 2), enc = make_ole(en, et, 2);
    lsc_result *r = one_file(e, "application/msword", "letter.doc", &vba);
    const lsc_attachment *a = lsc_result_attachment(r, 0);
    CHECK(a && (a->flags & LSC_ATT_MACRO) && !(a->flags & LSC_ATT_DAMAGED));
    CHECK_STR(fired(r), "ATTACH_MACRO");
    lsc_result_free(r);
    r = one_file(e, "application/vnd.openxmlformats-officedocument."
                 "spreadsheetml.sheet", "budget.xlsx", &enc);
    a = lsc_result_attachment(r, 0);
    CHECK(a && (a->flags & LSC_ATT_ENCRYPTED) && !(a->flags & LSC_ATT_MACRO));
    CHECK_STR(fired(r), "ATTACH_ENCRYPTED");
    lsc_result_free(r);
    free(vba.p); free(enc.p);
    lsc_engine_free(e);
}

TEST(pdf_with_javascript_on_open)
{
    bytes p = text_bytes(pdf_js);
    one_att t = score_one("application/pdf", "form.pdf", &p);
    lsc_result *r = t.r;
    const lsc_attachment *a = t.a;
    CHECK(a && (a->flags & LSC_ATT_PDF_JS) && (a->flags & LSC_ATT_PDF_AUTO_JS));
    CHECK(a && !(a->flags & LSC_ATT_PDF_LAUNCH));
    CHECK_STR(a ? a->real_type : NULL, "application/pdf");
    CHECK_STR(fired(r), "ATTACH_PDF_ACTIVE");
    CHECK(hit(r, "ATTACH_PDF_ACTIVE")->strength == 1.0);
    one_att_free(&t, &p);
}

TEST(pdf_names_with_hex_escapes_and_launch)
{
    lsc_engine *e = eng();
    lsc__ctx c;
    unsigned f = 0;
    memset(&c, 0, sizeof c);
    c.eng = e;
    CHECK_EQ_INT(lsc__pdf_scan(&c, (const unsigned char *)
        "%PDF-1.7 /J#61vaScript /Launch /JSX /Encrypt", 45, &f), 0);
    CHECK(f & LSC_ATT_PDF_JS);
    CHECK(f & LSC_ATT_PDF_LAUNCH);
    CHECK(f & LSC_ATT_ENCRYPTED);
    CHECK(!(f & LSC_ATT_PDF_AUTO_JS));
    f = 0;
    CHECK_EQ_INT(lsc__pdf_scan(&c, (const unsigned char *)
        "%PDF-1.7 /JSX /JavaScripts", 26, &f), 0);
    CHECK_EQ_INT(f, 0);
    lsc_engine_free(e);
}

/* A PDF whose catalog opens object 1 on load and whose objects sit in n
 * compressed object streams; the last holds js_tail after k*258+1 zeros,
 * the others a harmless dictionary.  objstm 0: plain streams instead. */
static bytes pdf_with_streams(size_t n, size_t k, const char *js_tail, int objstm)
{
    bytes b = { 0 };
    size_t i;
    char head[160];
    puts_(&b, "%PDF-1.7\n9 0 obj\n<< /Type /Catalog /OpenAction 1 0 R >>\nendobj\n");
    for (i = 0; i < n; i++) {
        int last = i + 1 == n;
        bytes z = zlib_stream(last ? k : 0,
                              last ? js_tail : "2 0 << /Type /Font /Name /F1 >>");
        snprintf(head, sizeof head, "%zu 0 obj\n<< %s/N 1 /First 4 "
                 "/Filter /FlateDecode /Length %zu >>\nstream\r\n", 10 + i,
                 objstm ? "/Type /ObjStm " : "", z.n);
        puts_(&b, head);
        put(&b, z.p, z.n);
        puts_(&b, "\nendstream\nendobj\n");
        free(z.p);
    }
    puts_(&b, "trailer\n<< /Root 9 0 R >>\n%%EOF\n");
    return b;
}

static unsigned pdf_flags(lsc_engine *e, const bytes *b)
{
    lsc_result *r = one_file(e, "application/pdf", "invoice.pdf", b);
    const lsc_attachment *a = lsc_result_attachment(r, 0);
    unsigned f = a ? a->flags : 0xffffffffu;
    lsc_result_free(r);
    return f;
}

static int has_bytes(const bytes *b, const char *s)
{
    size_t i, n = strlen(s);
    for (i = 0; i + n <= b->n; i++)
        if (memcmp(b->p + i, s, n) == 0)
            return 1;
    return 0;
}

TEST(pdf_javascript_inside_compressed_object_streams)
{
    static const char js[] = "1 0 << /S /JavaScript /JS (app.alert\\(1\\)) >>";
    lsc_engine *e = eng();
    bytes b = pdf_with_streams(1, 0, js, 1);
    unsigned f;
    CHECK(!has_bytes(&b, "JavaScript"));   /* hidden from a plain scan */
    f = pdf_flags(e, &b);
    CHECK(f & LSC_ATT_PDF_JS);
    CHECK(f & LSC_ATT_PDF_AUTO_JS);
    free(b.p);
    /* a compressed stream that is not an object stream (page content) is
     * not read for names */
    b = pdf_with_streams(1, 0, js, 0);
    CHECK(!(pdf_flags(e, &b) & LSC_ATT_PDF_JS));
    free(b.p);
    /* LSC__PDF_MAX_OBJSTMS streams are read, the one past is not */
    b = pdf_with_streams(LSC__PDF_MAX_OBJSTMS, 0, js, 1);
    CHECK(pdf_flags(e, &b) & LSC_ATT_PDF_JS);
    free(b.p);
    b = pdf_with_streams(LSC__PDF_MAX_OBJSTMS + 1, 0, js, 1);
    CHECK(!(pdf_flags(e, &b) & LSC_ATT_PDF_JS));
    free(b.p);
    /* LSC__PDF_MAX_INFLATED bytes of a stream are read: JS that ends
     * within them is found, JS that starts past them is not */
    b = pdf_with_streams(1, (LSC__PDF_MAX_INFLATED - sizeof js) / 258, js, 1);
    CHECK(pdf_flags(e, &b) & LSC_ATT_PDF_JS);
    free(b.p);
    b = pdf_with_streams(1, LSC__PDF_MAX_INFLATED / 258 + 1, js, 1);
    CHECK(!(pdf_flags(e, &b) & LSC_ATT_PDF_JS));
    free(b.p);
    lsc_engine_free(e);
}

TEST(thirty_mb_to_outlook)
{
    lsc_engine *e = eng();
    size_t big = (size_t)30 * 1024 * 1024;
    bytes p = { 0 };
    tmsg tm = { "outlook.com", 1, NULL, 0 };
    tpart tp = { "application/pdf", "brochure.pdf", &p, 0, 0 };
    lsc_result *r;
    const char *dom = NULL;
    p.p = malloc(big);
    p.n = big;
    memset(p.p, ' ', big);
    memcpy(p.p, pdf_plain, strlen(pdf_plain));
    r = run_model(e, &tm, &tp, 1);
    CHECK_STR(fired(r), "ATTACH_TOO_LARGE");
    CHECK_EQ_INT(lsc_result_size_limit(r, &dom), 20 * 1024 * 1024);
    CHECK_STR(dom, "outlook.com");
    CHECK(strstr(hit(r, "ATTACH_TOO_LARGE")->explanation, "20.0 MB") != NULL);
    CHECK(strstr(hit(r, "ATTACH_TOO_LARGE")->explanation, "outlook.com") != NULL);
    CHECK(lsc_result_attachment(r, 0)->encoded_bytes > big);
    lsc_result_free(r);
    free(p.p);
    lsc_engine_free(e);
}

TEST(size_limit_is_the_smallest_recipient_and_overridable)
{
    lsc_engine *e = eng(), *o = NULL;
    bytes p = text_bytes(pdf_plain);
    tmsg tm = { "qq.com,gmail.com,icloud.com", 1, NULL, 0 };
    tpart tp = { "application/pdf", "a.pdf", &p, 0, 0 };
    lsc_result *r = run_model(e, &tm, &tp, 1);
    const char *dom = NULL;
    lsc_options opt;
    lsc_size_limit sl[2] = { { "icloud.com", 5000000 }, { "*", 3000000 } };
    CHECK_EQ_INT(lsc_result_size_limit(r, &dom), 20 * 1024 * 1024);
    CHECK_STR(dom, "icloud.com");
    lsc_result_free(r);
    tm.to = "example.org";
    r = run_model(e, &tm, &tp, 1);
    CHECK_EQ_INT(lsc_result_size_limit(r, &dom), 10 * 1024 * 1024);
    CHECK_STR(dom, "*");
    lsc_result_free(r);
    lsc_options_init(&opt);
    opt.flags = LSC_OPT_NO_FIRST_CONTACT;
    opt.size_limits = sl;
    opt.n_size_limits = 2;
    CHECK_EQ_INT(lsc_engine_new(&o, &opt, NULL), 0);
    tm.to = "qq.com,icloud.com";
    r = run_model(o, &tm, &tp, 1);
    CHECK_EQ_INT(lsc_result_size_limit(r, &dom), 5000000);
    CHECK_STR(dom, "icloud.com");
    lsc_result_free(r);
    tm.to = "example.org,qq.com";
    r = run_model(o, &tm, &tp, 1);
    CHECK_EQ_INT(lsc_result_size_limit(r, &dom), 3000000);
    CHECK_STR(dom, "*");
    lsc_result_free(r);
    lsc_engine_free(o);
    free(p.p);
    lsc_engine_free(e);
}

/* The size rules at their limits: wire size == limit is not over, one
 * byte more is; 70% of the limit warns, one byte less does not. */
TEST(size_rules_at_their_limits)
{
    lsc_engine *o = NULL;
    lsc_options opt;
    lsc_size_limit sl[1] = { { "*", 0 } };
    bytes p = text_bytes(pdf_plain);
    tmsg tm = { "example.org", 1, NULL, 0 };
    tpart tp = { "application/pdf", "a.pdf", &p, 0, 0 };
    lsc_result *r;
    size_t wire;
    lsc_options_init(&opt);
    opt.flags = LSC_OPT_NO_FIRST_CONTACT;
    /* Learn the wire size of this message with a huge limit first. */
    sl[0].bytes = 1000000000;
    opt.size_limits = sl;
    opt.n_size_limits = 1;
    CHECK_EQ_INT(lsc_engine_new(&o, &opt, NULL), 0);
    r = run_model(o, &tm, &tp, 1);
    wire = (size_t)lsc_result_message_bytes(r);
    CHECK(wire > 0);
    lsc_result_free(r);
    lsc_engine_free(o);
    {
        struct { uint64_t limit; const char *want; } cases[4];
        size_t i;
        cases[0].limit = wire;       cases[0].want = "ATTACH_NEAR_SIZE_LIMIT";
        cases[1].limit = wire - 1;   cases[1].want = "ATTACH_TOO_LARGE";
        /* 70%: size >= 0.7 * limit warns. */
        cases[2].limit = (uint64_t)((double)wire / 0.70);
        cases[2].want = "ATTACH_NEAR_SIZE_LIMIT";
        cases[3].limit = (uint64_t)((double)wire / 0.70) + 2;
        cases[3].want = "";
        for (i = 0; i < 4; i++) {
            o = NULL;
            sl[0].bytes = cases[i].limit;
            CHECK_EQ_INT(lsc_engine_new(&o, &opt, NULL), 0);
            r = run_model(o, &tm, &tp, 1);
            if (strcmp(fired(r), cases[i].want) != 0)
                printf("#   limit %llu (wire %zu): got \"%s\"\n",
                       (unsigned long long)cases[i].limit, wire, fired(r));
            CHECK_STR(fired(r), cases[i].want);
            lsc_result_free(r);
            lsc_engine_free(o);
        }
    }
    free(p.p);
}

TEST(html_over_gmail_clip_size)
{
    lsc_engine *e = eng();
    tmsg tm = { "gmail.com", 1, "<p>Our new catalogue</p>\n", 102 * 1024 };
    lsc_result *r = run_model(e, &tm, NULL, 0);
    CHECK_STR(fired(r), "");
    lsc_result_free(r);
    tm.html_bytes = 102 * 1024 + 1;
    r = run_model(e, &tm, NULL, 0);
    CHECK_STR(fired(r), "HTML_CLIPPED");
    CHECK(strstr(hit(r, "HTML_CLIPPED")->explanation, "104449") != NULL);
    lsc_result_free(r);
    lsc_engine_free(e);
}

TEST(first_contact_with_attachment_is_mild_and_switchable)
{
    lsc_engine *e = eng_with(0, 0, 0, 0), *off = eng();
    bytes p = text_bytes(pdf_plain), img = make_png();
    tmsg tm = { "example.com", 0, NULL, 0 };
    tpart tp = { "application/pdf", "offer.pdf", &p, 0, 0 };
    tpart logo = { "image/png", "logo.png", &img, 1, 0 };
    lsc_result *r = run_model(e, &tm, &tp, 1);
    CHECK_STR(fired(r), "ATTACH_FIRST_CONTACT");
    CHECK(has_evidence(hit(r, "ATTACH_FIRST_CONTACT"), "offer.pdf"));
    CHECK_EQ_INT(lsc_result_level(r), LSC_LEVEL_LOW);
    lsc_result_free(r);
    r = run_model(off, &tm, &tp, 1);
    CHECK_STR(fired(r), "");
    lsc_result_free(r);
    /* An inline logo is not an attachment offered to a stranger. */
    r = run_model(e, &tm, &logo, 1);
    CHECK_STR(fired(r), "");
    CHECK(lsc_result_attachment(r, 0) &&
          (lsc_result_attachment(r, 0)->flags & LSC_ATT_INLINE));
    lsc_result_free(r);
    tm.reply = 1;
    r = run_model(e, &tm, &tp, 1);
    CHECK_STR(fired(r), "");
    lsc_result_free(r);
    free(p.p); free(img.p);
    lsc_engine_free(e);
    lsc_engine_free(off);
}

TEST(ordinary_files_raise_nothing)
{
    lsc_engine *e = eng();
    bytes pdf = text_bytes(pdf_plain), jpg = make_jpeg(), png = make_png();
    bytes xlsx = make_ooxml("xl", 0), docx = make_ooxml("word", 0);
    bytes pdf2 = text_bytes(pdf_plain);
    zentry ze[2] = { { "a.pdf", pdf.p, pdf.n, 0, 0 }, { "b.pdf", pdf2.p, pdf2.n, 0, 0 } };
    bytes zip = make_zip(ze, 2);
    tmsg tm = { "gmail.com", 1, "<p>Hello</p>", 0 };
    tpart tp[6] = {
        { "application/pdf", "quote.pdf", &pdf, 0, 0 },
        { "image/jpeg", "photo.jpg", &jpg, 0, 0 },
        { "image/png", "logo.png", &png, 1, 0 },
        { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          "prices.xlsx", &xlsx, 0, 0 },
        { "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          "letter.docx", &docx, 0, 0 },
        { "application/zip", "manuals.zip", &zip, 0, 0 } };
    lsc_result *r = run_model(e, &tm, tp, 6);
    size_t i;
    CHECK_EQ_INT(lsc_result_attachment_count(r), 6);
    CHECK_STR(fired(r), "");
    for (i = 0; i < lsc_result_attachment_count(r); i++) {
        const lsc_attachment *a = lsc_result_attachment(r, i);
        const unsigned bad = LSC_ATT_BLOCKED | LSC_ATT_MISMATCH |
            LSC_ATT_MACRO | LSC_ATT_ENCRYPTED | LSC_ATT_DAMAGED |
            LSC_ATT_NESTED_ARCHIVE | LSC_ATT_HIDDEN_CHARS | LSC_ATT_DOUBLE_EXT;
        if (a->flags & bad)
            printf("#   %s: flags 0x%x real %s\n", a->filename, a->flags,
                   a->real_type ? a->real_type : "-");
        CHECK(!(a->flags & bad));
        CHECK(a->real_type != NULL);
    }
    CHECK_STR(lsc_result_attachment(r, 0)->real_type, "application/pdf");
    CHECK_STR(lsc_result_attachment(r, 1)->real_type, "image/jpeg");
    CHECK_STR(lsc_result_attachment(r, 2)->real_type, "image/png");
    CHECK(lsc_result_attachment(r, 5)->flags & LSC_ATT_ARCHIVE);
    CHECK_EQ_INT(lsc_result_attachment(r, 5)->n_entries, 2);
    CHECK_STR(lsc_result_attachment(r, 3)->kind, "ooxml");
    lsc_result_free(r);
    free(pdf.p); free(jpg.p); free(png.p); free(xlsx.p); free(docx.p);
    free(pdf2.p); free(zip.p);
    lsc_engine_free(e);
}

TEST(zip_bomb_is_a_finding)
{
    lsc_engine *e = eng();
    /* Three entries of 100 MiB of zeros each: 300 MiB unpacked from
     * about 2 MB, over the default 256 MiB. */
    size_t k = (size_t)100 * 1024 * 1024 / 258;
    bytes d = deflate_zeros(k);
    zentry ze[3] = { { "a.bin", d.p, d.n, 0, (uint32_t)(1 + 258 * k) },
                     { "b.bin", d.p, d.n, 0, (uint32_t)(1 + 258 * k) },
                     { "c.bin", d.p, d.n, 0, (uint32_t)(1 + 258 * k) } };
    bytes z = make_zip(ze, 3);
    lsc_result *r = one_file(e, "application/zip", "update.zip", &z);
    const lsc_attachment *a = lsc_result_attachment(r, 0);
    CHECK(z.n < 3 * 1024 * 1024);
    CHECK(a && (a->flags & LSC_ATT_ARCHIVE_BOMB));
    CHECK_EQ_INT(a ? a->n_entries : 0, 3);
    CHECK_STR(fired(r), "ATTACH_ARCHIVE_BOMB");
    CHECK(strstr(hit(r, "ATTACH_ARCHIVE_BOMB")->explanation, "268435456") != NULL);
    lsc_result_free(r);
    free(z.p);
    free(d.p);
    lsc_engine_free(e);
}

/* The hand-made deflate stream really inflates to zeros (read through
 * libarchive), so the bomb above is a real one. */
TEST(hand_made_deflate_inflates)
{
    bytes d = deflate_zeros(100);
    zentry ze[1] = { { "z.bin", d.p, d.n, 0, 1 + 258 * 100 } };
    bytes z = make_zip(ze, 1);
    struct archive *a = archive_read_new();
    struct archive_entry *ae;
    static unsigned char buf[65536];
    la_ssize_t got;
    size_t i, nonzero = 0;
    archive_read_support_format_zip(a);
    CHECK_EQ_INT(archive_read_open_memory(a, z.p, z.n), ARCHIVE_OK);
    CHECK_EQ_INT(archive_read_next_header(a, &ae), ARCHIVE_OK);
    got = archive_read_data(a, buf, sizeof buf);
    CHECK_EQ_INT(got, 1 + 258 * 100);
    for (i = 0; got > 0 && i < (size_t)got; i++)
        nonzero += buf[i] != 0;
    CHECK_EQ_INT(nonzero, 0);
    archive_read_free(a);
    free(z.p);
    free(d.p);
}

/* max_archive_bytes: declared sizes at the limit pass, one byte over is a
 * bomb; the same for bytes read from an undeclared (gzip) stream. */
TEST(archive_bytes_limit_at_its_value)
{
    bytes d = { 0 };
    zentry ze[1];
    bytes z;
    lsc_engine *at, *under;
    lsc_result *r;
    d.p = calloc(1, 1000);
    d.n = 1000;
    ze[0] = (zentry){ "data.bin", d.p, d.n, 0, 0 };
    z = make_zip(ze, 1);
    at = eng_with(LSC_OPT_NO_FIRST_CONTACT, 0, 0, 1000);
    under = eng_with(LSC_OPT_NO_FIRST_CONTACT, 0, 0, 999);
    r = one_file(at, "application/zip", "a.zip", &z);
    CHECK_STR(fired(r), "");
    lsc_result_free(r);
    r = one_file(under, "application/zip", "a.zip", &z);
    CHECK_STR(fired(r), "ATTACH_ARCHIVE_BOMB");
    lsc_result_free(r);
    free(z.p);
    {
        /* gzip: the size is only known by reading. */
        struct archive *a = archive_write_new();
        struct archive_entry *ae = archive_entry_new();
        bytes g = { 0 };
        size_t used = 0;
        g.p = malloc(65536);
        archive_write_set_format_raw(a);
        archive_write_add_filter_gzip(a);
        archive_write_open_memory(a, g.p, 65536, &used);
        archive_entry_set_filetype(ae, AE_IFREG);
        archive_write_header(a, ae);
        archive_write_data(a, d.p, d.n);
        archive_write_close(a);
        archive_write_free(a);
        archive_entry_free(ae);
        g.n = used;
        r = one_file(at, "application/gzip", "data.bin.gz", &g);
        CHECK_STR(fired(r), "");
        CHECK_EQ_INT(lsc_result_attachment(r, 0)->n_entries, 1);
        if (lsc_result_attachment(r, 0)->n_entries == 1) {
            CHECK_EQ_INT(lsc_result_attachment(r, 0)->entries[0].size, 1000);
            CHECK_STR(lsc_result_attachment(r, 0)->entries[0].name, "data.bin");
        }
        lsc_result_free(r);
        r = one_file(under, "application/gzip", "data.bin.gz", &g);
        CHECK_STR(fired(r), "ATTACH_ARCHIVE_BOMB");
        lsc_result_free(r);
        free(g.p);
    }
    free(d.p);
    lsc_engine_free(at);
    lsc_engine_free(under);
}

TEST(archive_entries_limit_at_its_value)
{
    static const unsigned char one[1] = { 'x' };
    zentry ze[5];
    char names[5][16];
    size_t i;
    bytes z;
    lsc_engine *at = eng_with(LSC_OPT_NO_FIRST_CONTACT, 5, 0, 0);
    lsc_engine *under = eng_with(LSC_OPT_NO_FIRST_CONTACT, 4, 0, 0);
    lsc_result *r;
    for (i = 0; i < 5; i++) {
        snprintf(names[i], sizeof names[i], "f%zu.txt", i);
        ze[i] = (zentry){ names[i], one, 1, 0, 0 };
    }
    z = make_zip(ze, 5);
    r = one_file(at, "application/zip", "a.zip", &z);
    CHECK_EQ_INT(lsc_result_attachment(r, 0)->n_entries, 5);
    CHECK(!(lsc_result_attachment(r, 0)->flags & LSC_ATT_ARCHIVE_LIMIT));
    CHECK_STR(fired(r), "");
    lsc_result_free(r);
    r = one_file(under, "application/zip", "a.zip", &z);
    CHECK_EQ_INT(lsc_result_attachment(r, 0)->n_entries, 4);
    CHECK(lsc_result_attachment(r, 0)->flags & LSC_ATT_ARCHIVE_LIMIT);
    CHECK_STR(fired(r), "ATTACH_ARCHIVE_BOMB");
    CHECK(hit(r, "ATTACH_ARCHIVE_BOMB")->strength == 0.5);
    lsc_result_free(r);
    free(z.p);
    lsc_engine_free(at);
    lsc_engine_free(under);
}

TEST(archive_depth_limit_at_its_value)
{
    bytes pe = make_pe();
    zentry l3e[1] = { { "deep.exe", pe.p, pe.n, 0, 0 } };
    bytes l3 = make_zip(l3e, 1);
    zentry l2e[1] = { { "l3.zip", l3.p, l3.n, 0, 0 } };
    bytes l2 = make_zip(l2e, 1);
    zentry l1e[1] = { { "l2.zip", l2.p, l2.n, 0, 0 } };
    bytes l1 = make_zip(l1e, 1);
    lsc_engine *at = eng_with(LSC_OPT_NO_FIRST_CONTACT, 0, 3, 0);
    lsc_engine *under = eng_with(LSC_OPT_NO_FIRST_CONTACT, 0, 2, 0);
    lsc_result *r = one_file(at, "application/zip", "l1.zip", &l1);
    const lsc_attachment *a = lsc_result_attachment(r, 0);
    /* Depth 3 opens l1 > l2 > l3 and finds the program. */
    CHECK_EQ_INT(a->n_entries, 3);
    CHECK(!(a->flags & LSC_ATT_ARCHIVE_LIMIT));
    CHECK_STR(fired(r), "ATTACH_BLOCKED_TYPE ATTACH_NESTED_ARCHIVE");
    lsc_result_free(r);
    r = one_file(under, "application/zip", "l1.zip", &l1);
    a = lsc_result_attachment(r, 0);
    CHECK_EQ_INT(a->n_entries, 2);
    CHECK(a->flags & LSC_ATT_ARCHIVE_LIMIT);
    CHECK(a->entries[1].flags & LSC_ATT_ARCHIVE_LIMIT);
    CHECK_STR(fired(r), "ATTACH_ARCHIVE_BOMB ATTACH_NESTED_ARCHIVE");
    lsc_result_free(r);
    free(pe.p); free(l3.p); free(l2.p); free(l1.p);
    lsc_engine_free(at);
    lsc_engine_free(under);
}

TEST(name_checks)
{
    lsc__name_info ni;
    lsc__name_check("Report.2024.PDF", 15, &ni);
    CHECK_STR(ni.ext, "pdf");
    CHECK_STR(ni.inner, "2024");
    CHECK_EQ_INT(ni.flags, 0);
    lsc__name_check("setup.exe. ", 11, &ni);
    CHECK_STR(ni.ext, "exe");
    CHECK(ni.flags & LSC_ATT_BLOCKED_NAME);
    lsc__name_check("photo.jpg.zip", 13, &ni);
    CHECK_EQ_INT(ni.flags, 0);
    lsc__name_check("scan.pdf.html", 13, &ni);
    CHECK(ni.flags & LSC_ATT_DOUBLE_EXT);
    lsc__name_check("archive.tar.gz", 14, &ni);
    CHECK_EQ_INT(ni.flags, 0);
    lsc__name_check("a\xe2\x80\x8b.txt", 8, &ni);
    CHECK(ni.flags & LSC_ATT_HIDDEN_CHARS);
    CHECK(!(ni.flags & LSC_ATT_RTL_OVERRIDE));
    lsc__name_check(".exe", 4, &ni);
    CHECK_STR(ni.ext, "");
    lsc__name_check("x.EX_", 5, &ni);
    CHECK(ni.flags & LSC_ATT_BLOCKED_NAME);
}

TEST(no_magic_and_no_archives_options)
{
    lsc_engine *e = eng_with(LSC_OPT_NO_FIRST_CONTACT | LSC_OPT_NO_MAGIC |
                             LSC_OPT_NO_ARCHIVES, 0, 0, 0);
    bytes pe = make_pe();
    zentry ze[1] = { { "setup.exe", pe.p, pe.n, 0, 0 } };
    bytes z = make_zip(ze, 1);
    lsc_result *r = one_file(e, "application/pdf", "invoice.pdf", &pe);
    CHECK(lsc_result_attachment(r, 0)->real_type == NULL);
    /* The sniffer still knows a program. */
    CHECK_STR(fired(r), "ATTACH_BLOCKED_TYPE ATTACH_TYPE_MISMATCH");
    lsc_result_free(r);
    r = one_file(e, "application/zip", "docs.zip", &z);
    CHECK_EQ_INT(lsc_result_attachment(r, 0)->n_entries, 0);
    CHECK_STR(fired(r), "");
    lsc_result_free(r);
    free(pe.p); free(z.p);
    lsc_engine_free(e);
}

TEST(damaged_archives_and_ole_do_not_crash)
{
    lsc_engine *e = eng();
    bytes pe = make_pe();
    zentry ze[1] = { { "setup.exe", pe.p, pe.n, 0, 0 } };
    bytes z = make_zip(ze, 1);
    const char *vn[1] = { "_VBA_PROJECT" };
    int vt[1] = { 2 };
    bytes o = make_ole(vn, vt, 1);
    size_t cut;
    /* Every prefix of a zip and of an OLE file: no crash, no error. */
    for (cut = 0; cut <= z.n; cut += 7) {
        bytes part = { z.p, cut, cut };
        lsc_result *r = one_file(e, "application/zip", "docs.zip", &part);
        CHECK(r != NULL);
        lsc_result_free(r);
    }
    for (cut = 0; cut <= o.n; cut += 97) {
        bytes part = { o.p, cut, cut };
        lsc_result *r = one_file(e, "application/msword", "a.doc", &part);
        CHECK(r != NULL);
        lsc_result_free(r);
    }
    /* An OLE file whose FAT chains loop back on themselves. */
    o.p[512 + 4] = 1;
    o.p[512 + 5] = o.p[512 + 6] = o.p[512 + 7] = 0;
    CHECK(lsc__ole_scan(o.p, o.n, NULL) & LSC_ATT_MACRO);
    free(pe.p); free(z.p); free(o.p);
    lsc_engine_free(e);
}

TEST(chinese_explanations)
{
    lsc_engine *e = NULL;
    lsc_options o;
    bytes pe = make_pe();
    lsc_result *r;
    lsc_options_init(&o);
    o.lang = LSC_LANG_ZH;
    o.flags = LSC_OPT_NO_FIRST_CONTACT;
    CHECK_EQ_INT(lsc_engine_new(&e, &o, NULL), 0);
    r = one_file(e, "application/octet-stream", "invoice.pdf.exe", &pe);
    CHECK(hit(r, "ATTACH_BLOCKED_TYPE") &&
          strstr(hit(r, "ATTACH_BLOCKED_TYPE")->explanation, "附件") != NULL);
    CHECK(hit(r, "ATTACH_DOUBLE_EXTENSION") &&
          strstr(hit(r, "ATTACH_DOUBLE_EXTENSION")->suggestion, "改名") != NULL);
    lsc_result_free(r);
    free(pe.p);
    lsc_engine_free(e);
}


/* An archive written by libarchive in the given format and filter, holding
 * a readme and a program. */
static bytes make_archive(int (*format)(struct archive *),
                          int (*filter)(struct archive *), const bytes *exe)
{
    bytes out = { 0 };
    struct archive *a = archive_write_new();
    size_t cap = 4 * 1024 * 1024, used = 0, i;
    static const char readme[] = "Install notes\n";
    const char *names[2] = { "readme.txt", "setup.exe" };
    const void *data[2];
    size_t lens[2];
    data[0] = readme; lens[0] = strlen(readme);
    data[1] = exe->p; lens[1] = exe->n;
    out.p = malloc(cap);
    format(a);
    if (filter)
        filter(a);
    archive_write_open_memory(a, out.p, cap, &used);
    for (i = 0; i < 2; i++) {
        struct archive_entry *e = archive_entry_new();
        archive_entry_set_pathname(e, names[i]);
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_size(e, (la_int64_t)lens[i]);
        archive_write_header(a, e);
        archive_write_data(a, data[i], lens[i]);
        archive_entry_free(e);
    }
    archive_write_close(a);
    archive_write_free(a);
    out.n = used;
    return out;
}

TEST(programs_inside_every_archive_format)
{
    static const struct {
        const char *name, *kind;
        int (*format)(struct archive *);
        int (*filter)(struct archive *);
    } f[] = {
        { "a.7z", "7z", archive_write_set_format_7zip, NULL },
        { "a.tar", "tar", archive_write_set_format_pax_restricted, NULL },
        { "a.tar.gz", "gzip", archive_write_set_format_pax_restricted,
          archive_write_add_filter_gzip },
        { "a.tar.bz2", "bzip2", archive_write_set_format_pax_restricted,
          archive_write_add_filter_bzip2 },
        { "a.tar.xz", "xz", archive_write_set_format_pax_restricted,
          archive_write_add_filter_xz },
        { "a.iso", "iso", archive_write_set_format_iso9660, NULL },
    };
    lsc_engine *e = eng();
    bytes pe = make_pe();
    size_t i;
    for (i = 0; i < LSC__COUNT(f); i++) {
        bytes b = make_archive(f[i].format, f[i].filter, &pe);
        lsc_result *r = one_file(e, "application/octet-stream", f[i].name, &b);
        const lsc_attachment *a = lsc_result_attachment(r, 0);
        size_t j, programs = 0;
        CHECK(a != NULL);
        if (!a)
            continue;
        for (j = 0; j < a->n_entries; j++)
            if ((a->entries[j].flags & LSC_ATT_EXECUTABLE) &&
                strcmp(a->entries[j].name, "setup.exe") == 0)
                programs++;
        if (programs != 1 || strcmp(a->kind ? a->kind : "", f[i].kind) != 0)
            printf("#   %s: kind %s, %zu entries, flags 0x%x\n", f[i].name,
                   a->kind ? a->kind : "-", a->n_entries, a->flags);
        CHECK_EQ_INT(programs, 1);
        CHECK_STR(a->kind, f[i].kind);
        CHECK(a->flags & LSC_ATT_ARCHIVE);
        CHECK(a->flags & LSC_ATT_BLOCKED_INSIDE);
        /* .iso is on the blocked list itself. */
        CHECK_STR(fired(r), "ATTACH_BLOCKED_TYPE");
        lsc_result_free(r);
        free(b.p);
    }
    free(pe.p);
    lsc_engine_free(e);
}

TEST(encrypted_word_97_document)
{
    const char *names[1] = { "WordDocument" };
    int types[1] = { 2 };
    bytes o = make_ole(names, types, 1);
    /* FIB at the stream's first sector (sector 2): wIdent, fEncrypted. */
    CHECK_EQ_INT(lsc__ole_scan(o.p, o.n, NULL), 0);
    o.p[3 * 512] = 0xEC;
    o.p[3 * 512 + 1] = 0xA5;
    CHECK_EQ_INT(lsc__ole_scan(o.p, o.n, NULL), 0);
    o.p[3 * 512 + 0x0B] = 0x01;
    CHECK_EQ_INT(lsc__ole_scan(o.p, o.n, NULL), LSC_ATT_ENCRYPTED);
    free(o.p);
}

TEST(encrypted_excel_97_workbook)
{
    const char *names[1] = { "Workbook" };
    int types[1] = { 2 };
    bytes o = make_ole(names, types, 1);
    unsigned char *w = o.p + 3 * 512;
    /* BOF (0x0809, 16 bytes), then FILEPASS (0x002F) among the globals. */
    w[0] = 0x09; w[1] = 0x08; w[2] = 16;
    CHECK_EQ_INT(lsc__ole_scan(o.p, o.n, NULL), 0);
    w[20] = 0x2F; w[22] = 4;
    CHECK_EQ_INT(lsc__ole_scan(o.p, o.n, NULL), LSC_ATT_ENCRYPTED);
    /* A BOUNDSHEET first ends the search: FILEPASS after it is data. */
    w[20] = 0x85; w[22] = 4; w[28] = 0x2F;
    CHECK_EQ_INT(lsc__ole_scan(o.p, o.n, NULL), 0);
    free(o.p);
}

/* BIFF record type and length at w + off; returns the next offset. */
static size_t biff(unsigned char *w, size_t off, unsigned type, unsigned len)
{
    w[off] = (unsigned char)type;
    w[off + 1] = (unsigned char)(type >> 8);
    w[off + 2] = (unsigned char)len;
    w[off + 3] = (unsigned char)(len >> 8);
    return off + 4 + len;
}

TEST(excel_4_macro_sheet_in_a_workbook)
{
    const char *names[1] = { "Workbook" };
    int types[1] = { 2 };
    size_t off, k;
    bytes o = make_ole_sized(names, types, 1, 40);
    unsigned char *w = o.p + 3 * 512;
    /* BOF, a filler record, then a BOUNDSHEET that starts in the first
     * sector of the stream and has its sheet type (byte 5) in the next */
    off = biff(w, 0, 0x0809, 16);
    off = biff(w, off, 0x00E1, 508 - off - 4);
    CHECK_EQ_INT(off, 508);
    biff(w, off, 0x0085, 8);
    CHECK_EQ_INT(lsc__ole_scan(o.p, o.n, NULL), 0);          /* worksheet */
    w[off + 4 + 5] = 0x01;                                   /* macro sheet */
    CHECK_EQ_INT(lsc__ole_scan(o.p, o.n, NULL), LSC_ATT_MACRO);
    /* behind FILEPASS the records are encrypted: not read */
    biff(w, 20, 0x002F, 484);
    CHECK_EQ_INT(lsc__ole_scan(o.p, o.n, NULL), LSC_ATT_ENCRYPTED);
    free(o.p);

    /* LSC__OLE_MAX_BIFF_RECORDS records are read, not one more */
    for (k = 0; k < 2; k++) {
        size_t i;
        o = make_ole_sized(names, types, 1, 40);
        w = o.p + 3 * 512;
        off = biff(w, 0, 0x0809, 16);
        for (i = 0; i + 2 < LSC__OLE_MAX_BIFF_RECORDS + k; i++)
            off = biff(w, off, 0x00E1, 0);
        biff(w, off, 0x0085, 8);
        w[off + 4 + 5] = 0x01;
        CHECK_EQ_INT(lsc__ole_scan(o.p, o.n, NULL), k == 0 ? LSC_ATT_MACRO : 0);
        free(o.p);
    }
}

/* Through the real MIME stages: a 30 MB PDF, base64 in a message to an
 * outlook.com recipient. */
TEST(thirty_mb_through_mime)
{
    static const char b64[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    lsc_engine *e = eng();
    size_t raw = (size_t)30 * 1024 * 1024, i, o = 0;
    unsigned char *file = malloc(raw);
    const char *head =
        "From: Anna <a@lichtbau.example>\r\nTo: Bob <bob@outlook.com>\r\n"
        "Subject: Brochure\r\nIn-Reply-To: <x@outlook.com>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n"
        "\r\n--b\r\nContent-Type: text/plain\r\n\r\nThe brochure.\r\n"
        "--b\r\nContent-Type: application/pdf\r\n"
        "Content-Disposition: attachment; filename=\"brochure.pdf\"\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n";
    size_t cap = strlen(head) + raw / 3 * 4 + raw / 57 * 2 + 64;
    char *m = malloc(cap);
    lsc_result *r = NULL;
    const lsc_attachment *a;
    const char *dom = NULL;
    memset(file, ' ', raw);
    memcpy(file, pdf_plain, strlen(pdf_plain));
    o = strlen(head);
    memcpy(m, head, o);
    for (i = 0; i + 3 <= raw; i += 3) {
        uint32_t v = (uint32_t)file[i] << 16 | (uint32_t)file[i + 1] << 8 |
                     file[i + 2];
        m[o++] = b64[v >> 18];
        m[o++] = b64[(v >> 12) & 63];
        m[o++] = b64[(v >> 6) & 63];
        m[o++] = b64[v & 63];
        if ((i / 3 + 1) % 19 == 0) {
            m[o++] = '\r';
            m[o++] = '\n';
        }
    }
    memcpy(m + o, "\r\n--b--\r\n", 10);
    o += 10;
    CHECK_EQ_INT(lsc_score(&r, e, m, o, NULL, NULL), 0);
    a = lsc_result_attachment(r, 0);
    CHECK_EQ_INT(lsc_result_attachment_count(r), 1);
    CHECK(a && a->decoded_bytes == raw);
    CHECK(a && a->encoded_bytes > raw / 3 * 4);
    CHECK_STR(a ? a->filename : NULL, "brochure.pdf");
    CHECK_EQ_INT(lsc_result_message_bytes(r), o);
    CHECK_EQ_INT(lsc_result_size_limit(r, &dom), 20 * 1024 * 1024);
    CHECK_STR(dom, "outlook.com");
    CHECK_STR(fired(r), "ATTACH_TOO_LARGE");
    lsc_result_free(r);
    free(m);
    free(file);
    lsc_engine_free(e);
}

TEST(json_lists_attachments_with_parts)
{
    lsc_engine *e = eng();
    bytes pe = make_pe();
    zentry ze[1] = { { "setup.exe", pe.p, pe.n, 0, 0 } };
    bytes z = make_zip(ze, 1);
    lsc_result *r = one_file(e, "application/zip", "tools.zip", &z);
    char *js = NULL, *plain = NULL;
    CHECK_EQ_INT(lsc_result_json(&js, NULL, r, LSC_JSON_PARTS, NULL), 0);
    CHECK(js && strstr(js, "\"attachments\":[{\"part\":2,\"filename\":\"tools.zip\"") != NULL);
    CHECK(js && strstr(js, "\"path\":\"tools.zip > setup.exe\"") != NULL);
    CHECK(js && strstr(js, "\"size_limit_domain\":\"*\"") != NULL);
    CHECK_EQ_INT(lsc_result_json(&plain, NULL, r, 0, NULL), 0);
    CHECK(plain && strstr(plain, "\"attachments\":[") == NULL);
    lsc_string_free(js);
    lsc_string_free(plain);
    lsc_result_free(r);
    free(pe.p); free(z.p);
    lsc_engine_free(e);
}

/* However deep max_archive_depth is set, no more than ARCHIVE_DEPTH_CAP
 * (64) levels are opened: 70 zips inside each other stop at 64. */
TEST(archive_nesting_is_capped)
{
    lsc_engine *e = eng_with(LSC_OPT_NO_FIRST_CONTACT, 0, 1000, 0);
    bytes cur = text_bytes("deep");
    size_t level;
    lsc_result *r;
    const lsc_attachment *a;
    unsigned deepest = 0;
    size_t i;
    for (level = 0; level < 70; level++) {
        zentry ze[1] = { { level ? "in.zip" : "deep.txt", cur.p, cur.n, 0, 0 } };
        bytes z = make_zip(ze, 1);
        free(cur.p);
        cur = z;
    }
    r = one_file(e, "application/zip", "nest.zip", &cur);
    a = lsc_result_attachment(r, 0);
    for (i = 0; a && i < a->n_entries; i++)
        if (a->entries[i].depth > deepest)
            deepest = a->entries[i].depth;
    CHECK_EQ_INT(deepest, 64);
    CHECK(a && (a->flags & LSC_ATT_ARCHIVE_LIMIT));
    lsc_result_free(r);
    free(cur.p);
    lsc_engine_free(e);
}

int main(void)
{
    RUN(pe_named_pdf_is_blocked_by_content);
    RUN(elf_named_jpg_is_blocked_by_content);
    RUN(pdf_exe_is_blocked_and_double);
    RUN(rtl_override_in_name);
    RUN(rtl_override_hiding_a_screensaver);
    RUN(padding_spaces_before_the_real_extension);
    RUN(zip_holding_an_exe);
    RUN(zip_inside_zip_with_exe_at_depth_two);
    RUN(encrypted_zip);
    RUN(docm_with_vba_project);
    RUN(macro_docx_named_innocently_is_found_by_content);
    RUN(ole_doc_with_vba_and_encrypted_ooxml);
    RUN(pdf_with_javascript_on_open);
    RUN(pdf_names_with_hex_escapes_and_launch);
    RUN(pdf_javascript_inside_compressed_object_streams);
    RUN(thirty_mb_to_outlook);
    RUN(size_limit_is_the_smallest_recipient_and_overridable);
    RUN(size_rules_at_their_limits);
    RUN(html_over_gmail_clip_size);
    RUN(first_contact_with_attachment_is_mild_and_switchable);
    RUN(ordinary_files_raise_nothing);
    RUN(zip_bomb_is_a_finding);
    RUN(hand_made_deflate_inflates);
    RUN(archive_bytes_limit_at_its_value);
    RUN(archive_entries_limit_at_its_value);
    RUN(archive_depth_limit_at_its_value);
    RUN(name_checks);
    RUN(no_magic_and_no_archives_options);
    RUN(damaged_archives_and_ole_do_not_crash);
    RUN(chinese_explanations);
    RUN(programs_inside_every_archive_format);
    RUN(encrypted_word_97_document);
    RUN(encrypted_excel_97_workbook);
    RUN(excel_4_macro_sheet_in_a_workbook);
    RUN(thirty_mb_through_mime);
    RUN(json_lists_attachments_with_parts);
    RUN(archive_nesting_is_capped);
    return TEST_DONE();
}

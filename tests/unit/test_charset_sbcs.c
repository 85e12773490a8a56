/*
 * test_charset_sbcs.c - single-byte charsets converted through a table
 * read off ICU (mime/charset.c, texts of 2,048 bytes or more) write what
 * ICU's own conversion writes, byte for byte, and count the same invalid
 * bytes: every byte value, in charsets with unassigned bytes, one whose
 * ASCII is not ASCII (EBCDIC), and labels that are aliases.
 */
#include "test.h"
#include "base/internal.h"
#include "mime/mime.h"

static lsc__alloc al;

/* in[0..n) converted whole (the table) and in pieces shorter than the
 * table's minimum (ICU's conversion), compared. */
static void same_both_ways(const char *cs, const unsigned char *in, size_t n)
{
    lsc__arena ar;
    lsc__buf whole, parts;
    size_t inv_whole = 0, inv_parts = 0, i;
    int rc = 0;
    lsc__arena_init(&ar, &al);
    lsc__buf_init(&whole, &ar);
    lsc__buf_init(&parts, &ar);
    CHECK_EQ_INT(lsc__charset_to_utf8(&whole, cs, strlen(cs), (const char *)in,
                                      n, &inv_whole), LSC__CS_OK);
    for (i = 0; i < n && rc == 0; i += 1000)
        rc = lsc__charset_to_utf8(&parts, cs, strlen(cs), (const char *)in + i,
                                  n - i < 1000 ? n - i : 1000, &inv_parts);
    CHECK_EQ_INT(rc, LSC__CS_OK);
    if (whole.len != parts.len || memcmp(whole.p, parts.p, whole.len) != 0)
        printf("#   %s: %zu bytes whole, %zu in pieces\n", cs, whole.len,
               parts.len);
    CHECK(whole.len == parts.len && memcmp(whole.p, parts.p, whole.len) == 0);
    CHECK_EQ_INT(inv_whole, inv_parts);
    lsc__arena_free(&ar);
}

TEST(every_byte_as_icu_writes_it)
{
    static const char *const charsets[] = {
        "windows-1252", "ISO-8859-1", "latin1", "iso-8859-2", "iso-8859-7",
        "iso-8859-15", "koi8-r", "windows-1251", "windows-1253",
        "windows-874", "ibm037", "cp437"
    };
    unsigned char in[6000];
    uint32_t x = 12345;
    size_t i, k;
    /* every value in order, then a Latin-looking text with every value
     * sprinkled in */
    for (i = 0; i < sizeof in; i++) {
        x = x * 1103515245u + 12345u;
        in[i] = i < 256 ? (unsigned char)i
                        : (x >> 16) % 5 ? (unsigned char)('a' + (x >> 8) % 26)
                                        : (unsigned char)(x >> 24);
    }
    for (k = 0; k < LSC__COUNT(charsets); k++)
        same_both_ways(charsets[k], in, sizeof in);
}

TEST(the_table_counts_invalid_bytes)
{
    /* iso-8859-7 has no character at 0xAE, 0xD2 and 0xFF */
    unsigned char in[3000];
    lsc__arena ar;
    lsc__buf b;
    size_t inv = 0;
    memset(in, 'a', sizeof in);
    in[10] = 0xAE;
    in[2000] = 0xD2;
    in[2999] = 0xFF;
    lsc__arena_init(&ar, &al);
    lsc__buf_init(&b, &ar);
    CHECK_EQ_INT(lsc__charset_to_utf8(&b, "iso-8859-7", 10, (const char *)in,
                                      sizeof in, &inv), LSC__CS_OK);
    CHECK_EQ_INT(inv, 3);
    CHECK_EQ_INT(b.len, sizeof in - 3 + 3 * 3);   /* three U+FFFD */
    lsc__arena_free(&ar);
}

int main(void)
{
    lsc__alloc_init(&al, NULL);
    RUN(every_byte_as_icu_writes_it);
    RUN(the_table_counts_invalid_bytes);
    return TEST_DONE();
}

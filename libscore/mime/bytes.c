/*
 * bytes.c - whole-message facts about the bytes, before any structure is
 * read: NUL bytes, bare CR line ends, lines over LSC__MAX_LINE bytes
 * (RFC 5322 2.1.1).
 *
 * Takes: the bytes (pointer and length).  Gives: LSC_MSG_NUL_BYTES,
 * LSC_MSG_BARE_CR and LSC_MSG_LONG_LINES, for mime.c to put on the
 * message.
 */
#include "mime/mime.h"

/* Whole-message facts, byte by byte: NUL bytes, bare CR, lines over
 * LSC__MAX_LINE bytes (a line ends at an LF or a bare CR; the CR of a
 * CRLF is not counted).  The exact reading, kept for texts with a bare
 * CR; lsc__mime_byte_facts gives the same for all. */
static unsigned bytes_one_by_one(const char *d, size_t n)
{
    size_t i, line = 0;
    unsigned f = 0;
    for (i = 0; i < n; i++) {
        unsigned char ch;
        /* Eight bytes at once while none is at or below CR (the test is
         * exact as a yes/no: "has a byte below 14", for 14 <= 128). */
        while (i + 8 <= n) {
            uint64_t x;
            memcpy(&x, d + i, 8);
            if ((x - 0x0e0e0e0e0e0e0e0eULL) & ~x & 0x8080808080808080ULL)
                break;
            line += 8;
            i += 8;
        }
        if (i >= n)
            break;
        ch = (unsigned char)d[i];
        if (ch > '\r') {
            line++;
            continue;
        }
        if (ch == '\n') {
            if (line > LSC__MAX_LINE)
                f |= LSC_MSG_LONG_LINES;
            line = 0;
        } else if (ch == '\r') {
            if (i + 1 >= n || d[i + 1] != '\n') {
                f |= LSC_MSG_BARE_CR;
                if (line > LSC__MAX_LINE)
                    f |= LSC_MSG_LONG_LINES;
                line = 0;
            }
        } else {
            if (ch == 0)
                f |= LSC_MSG_NUL_BYTES;
            line++;
        }
    }
    if (line > LSC__MAX_LINE)
        f |= LSC_MSG_LONG_LINES;
    return f;
}

/* Where the last LF of p[0..w) is, SIZE_MAX for none: eight bytes at a
 * time from the end (lsc__bytes_eq is exact for every byte). */
static size_t last_lf(const char *p, size_t w)
{
    size_t e = w;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (; e >= 8; e -= 8) {
        uint64_t x, z;
        memcpy(&x, p + e - 8, 8);
        z = lsc__bytes_eq(x, '\n');
        if (z)
            return e - 8 + (size_t)(63 - __builtin_clzll(z)) / 8;
    }
#endif
    while (e > 0)
        if (p[--e] == '\n')
            return e;
    return SIZE_MAX;
}

/* The same facts as bytes_one_by_one, which steps through every line
 * (a mispredicted branch at each line's end).  NUL bytes and CRs are
 * found by memchr; without a bare CR every line ends at an LF, and no
 * line is long while each window of LSC__MAX_LINE + 1 bytes from a
 * line's start holds an LF: the next line to test starts after the last
 * LF of the window, most windows stepping over a dozen lines at once. */
unsigned lsc__mime_byte_facts(const char *d, size_t n)
{
    const char *cr;
    unsigned f = 0;
    size_t s = 0;
    if (n == 0)
        return 0;
    for (cr = memchr(d, '\r', n); cr;
         cr = memchr(cr + 1, '\r', n - (size_t)(cr + 1 - d)))
        if (cr + 1 == d + n || cr[1] != '\n')
            return bytes_one_by_one(d, n);
    if (memchr(d, '\0', n))
        f |= LSC_MSG_NUL_BYTES;
    while (n - s > LSC__MAX_LINE) {
        size_t q = last_lf(d + s, LSC__MAX_LINE + 1);
        if (q != SIZE_MAX) {
            s += q + 1;
            continue;
        }
        /* LSC__MAX_LINE + 1 bytes before the line's LF: one too many
         * unless the last is the CR of a CRLF */
        if (s + LSC__MAX_LINE + 1 < n && d[s + LSC__MAX_LINE + 1] == '\n' &&
            d[s + LSC__MAX_LINE] == '\r') {
            s += LSC__MAX_LINE + 2;
            continue;
        }
        f |= LSC_MSG_LONG_LINES;
        break;
    }
    return f;
}

/* The exact reading, for tests/unit/test_mime.c to compare with. */
unsigned lsc__mime_byte_facts_ref(const char *d, size_t n)
{
    return bytes_one_by_one(d, n);
}

/*
 * test_ascii.c - base/ascii.c's byte classes against the sets they name:
 * every one of the 256 bytes, each class on its own, and the unions the
 * content rules and the plain-text link scan test; and the case-blind
 * compares (base/internal.h, util.c) against a byte-by-byte reference;
 * the runs of a class stepped eight bytes at a time against a byte loop;
 * and formatted strings in an arena at the edge of their first buffer.
 */
#include <unicode/uchar.h>

#include "test.h"
#include "base/internal.h"

static int in(const char *set, int ch)
{
    return ch != 0 && strchr(set, ch) != NULL;
}

TEST(each_class_is_its_set)
{
    int ch;
    for (ch = 0; ch < 256; ch++) {
        CHECK_EQ_INT(LSC__CH(ch, LSC__CH_ALPHA),
                     (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z'));
        CHECK_EQ_INT(LSC__CH(ch, LSC__CH_DIGIT), ch >= '0' && ch <= '9');
        CHECK_EQ_INT(LSC__CH(ch, LSC__CH_HYPHEN), ch == '-');
        CHECK_EQ_INT(LSC__CH(ch, LSC__CH_USCORE), ch == '_');
        CHECK_EQ_INT(LSC__CH(ch, LSC__CH_DOT), ch == '.');
        CHECK_EQ_INT(LSC__CH(ch, LSC__CH_AT), ch == '@');
        CHECK_EQ_INT(LSC__CH(ch, LSC__CH_PATH), in("%&+/:=", ch));
        /* a byte past ASCII is in no class (UTF-8 lead and trail bytes) */
        if (ch >= 0x80)
            CHECK_EQ_INT(lsc__ascii_bits[ch], 0);
    }
}

TEST(a_signed_char_reads_as_its_byte)
{
    const char s[] = "\xc3\xa9-A";
    CHECK(!LSC__CH(s[0], LSC__CH_ALPHA | LSC__CH_DIGIT));
    CHECK(!LSC__CH(s[1], LSC__CH_ALPHA | LSC__CH_DIGIT));
    CHECK(LSC__CH(s[2], LSC__CH_HYPHEN));
    CHECK(LSC__CH(s[3], LSC__CH_ALPHA));
}

static int ref_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Reference: compares at most n bytes, stopping after a NUL. */
static int ref_ncase(const char *a, const char *b, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        int ca = ref_lower((unsigned char)a[i]), cb = ref_lower((unsigned char)b[i]);
        if (ca != cb || !ca)
            return ca - cb;
    }
    return 0;
}

static int sign(int v)
{
    return (v > 0) - (v < 0);
}

/* Every pair of strings of up to three bytes from an alphabet with both
 * cases, a byte past ASCII and the bytes next to the letters ('@' '['
 * '`' '{'), every n up to one past their length: the same sign as the
 * reference, the first byte (decided inline) as much as the rest. */
TEST(case_blind_compares_agree_with_a_reference)
{
    static const char alpha[] = "aAzZ@[`{\xe9";
    const size_t k = sizeof alpha - 1;
    char strs[1 + 10 + 100 + 1000][4];
    size_t ns = 0, i, j, n, len;
    for (len = 0; len <= 3; len++) {
        size_t count = 1, c;
        for (c = 0; c < len; c++)
            count *= k;
        for (c = 0; c < count; c++) {
            size_t v = c, q;
            for (q = 0; q < len; q++, v /= k)
                strs[ns][q] = alpha[v % k];
            strs[ns++][len] = '\0';
        }
    }
    for (i = 0; i < ns; i++)
        for (j = 0; j < ns; j += 7) {
            CHECK_EQ_INT(sign(lsc__casecmp(strs[i], strs[j])),
                         sign(ref_ncase(strs[i], strs[j], 8)));
            for (n = 0; n <= 4; n++)
                CHECK_EQ_INT(sign(lsc__ncasecmp(strs[i], strs[j], n)),
                             sign(ref_ncase(strs[i], strs[j], n)));
        }
}

/* Reference for lsc__ch_run: a byte at a time. */
static size_t ref_run(const char *t, size_t i, size_t n, unsigned bits)
{
    while (i < n && LSC__CH(t[i], bits))
        i++;
    return i;
}

/* lsc__ch_run tests eight bytes at once and reads the last eight of a
 * text shifted: for every class it is used with, every start in texts of
 * every length up to 40 made of in-class bytes, bytes next to the
 * classes' ranges, NUL and bytes past ASCII, it ends where a byte-by-byte
 * run does, never past n. */
TEST(class_runs_agree_with_a_byte_loop)
{
    static const unsigned sets[] = {
        LSC__CH_ALPHA | LSC__CH_DIGIT,
        LSC__CH_ALPHA | LSC__CH_DIGIT | LSC__CH_HYPHEN,
        LSC__CH_ALPHA | LSC__CH_DIGIT | LSC__CH_AT | LSC__CH_USCORE,
        LSC__CH_DOT, LSC__CH_ALPHA | LSC__CH_PATH,
    };
    static const char bytes[] = "aZ09-_.@ `{[/:\x2f\x3a\x40\x5b\x60\x7b\x7f\x80\xc3\xff";
    unsigned seed = 12345;
    size_t s, n, i, round;
    char t[48];
    for (round = 0; round < 400; round++)
        for (n = 0; n <= 40; n++) {
            for (i = 0; i < n; i++) {
                seed = seed * 1103515245u + 12345u;
                /* mostly letters, so that runs are long */
                t[i] = (seed >> 16) % 3 ? "abcXYZ019"[(seed >> 8) % 9]
                                       : bytes[(seed >> 20) % (sizeof bytes)];
            }
            for (s = 0; s < LSC__COUNT(sets); s++)
                for (i = 0; i <= n; i++)
                    CHECK_EQ_INT((long)lsc__ch_run(t, i, n, sets[s]),
                                 (long)ref_run(t, i, n, sets[s]));
        }
}

/* rules_preview.c counts every ASCII code point of a subject as one
 * column without asking ICU: by ICU's properties none is a mark, joiner,
 * variation selector or emoji modifier, and none is wide. */
TEST(ascii_code_points_are_one_column)
{
    UChar32 ch;
    for (ch = 0; ch < 0x80; ch++) {
        int ea = u_getIntPropertyValue(ch, UCHAR_EAST_ASIAN_WIDTH);
        CHECK_EQ_INT(u_getCombiningClass(ch), 0);
        CHECK(u_charType(ch) != U_NON_SPACING_MARK);
        CHECK(u_charType(ch) != U_ENCLOSING_MARK);
        CHECK(!u_hasBinaryProperty(ch, UCHAR_EMOJI_MODIFIER));
        CHECK(ea != U_EA_WIDE && ea != U_EA_FULLWIDTH);
    }
}

/* lsc__arena_printf formats once into a 256-byte buffer and again only
 * when the text is longer: every length around that edge comes out whole. */
TEST(arena_printf_around_its_buffer)
{
    static const size_t lens[] = { 0, 1, 254, 255, 256, 257, 1000 };
    lsc__alloc al;
    lsc__arena ar;
    char want[1001];
    size_t i;
    lsc__alloc_init(&al, NULL);
    lsc__arena_init(&ar, &al);
    for (i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        size_t n = lens[i], k;
        char *got;
        for (k = 0; k < n; k++)
            want[k] = (char)('a' + k % 26);
        want[n] = '\0';
        got = lsc__arena_printf(&ar, "%s", want);
        CHECK(got != NULL && strcmp(got, want) == 0);
        got = lsc__arena_printf(&ar, "%.*s-%d", (int)n, want, 7);
        CHECK(got != NULL && strlen(got) == n + 2 && got[n + 1] == '7');
    }
    lsc__arena_free(&ar);
}

int main(void)
{
    RUN(each_class_is_its_set);
    RUN(a_signed_char_reads_as_its_byte);
    RUN(case_blind_compares_agree_with_a_reference);
    RUN(class_runs_agree_with_a_byte_loop);
    RUN(ascii_code_points_are_one_column);
    RUN(arena_printf_around_its_buffer);
    return TEST_DONE();
}

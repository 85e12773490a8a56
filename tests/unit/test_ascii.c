/*
 * test_ascii.c - base/ascii.c's byte classes against the sets they name:
 * every one of the 256 bytes, each class on its own, and the unions the
 * content rules and the plain-text link scan test.
 */
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

int main(void)
{
    RUN(each_class_is_its_set);
    RUN(a_signed_char_reads_as_its_byte);
    return TEST_DONE();
}

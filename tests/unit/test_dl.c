/*
 * test_dl.c - libraries loaded when first asked for (base/dl.c): the
 * first soname that loads wins, a missing one or a missing function is
 * NULL, and NULL handles are taken.
 */
#include "base/internal.h"
#include "test.h"

TEST(the_first_soname_that_loads_wins)
{
    static const char *const none[] = { "libnot-there-lsc.so.0", NULL };
    static const char *const second[] = { "libnot-there-lsc.so.0",
                                          "libc.so.6", NULL };
    void *h;
    CHECK(lsc__dl_open(none) == NULL);
    h = lsc__dl_open(second);
    CHECK(h != NULL);
    CHECK(lsc__dl_sym(h, "strlen") != NULL);
    CHECK(lsc__dl_sym(h, "lsc_no_such_function") == NULL);
    lsc__dl_close(h);
}

/* A struct of typed pointers filled by name, as the stores fill theirs. */
#define TEST_FUNCS(X) X(strlen) X(memcmp)
typedef struct test_api {
    TEST_FUNCS(LSC__DL_MEMBER)
} test_api;

TEST(typed_pointers_filled_by_name)
{
    static const char *const libc[] = { "libc.so.6", NULL };
    test_api api, *api_ = &api;
    const char *missing_ = NULL;
    void *dl_ = lsc__dl_open(libc);
    CHECK(dl_ != NULL);
    TEST_FUNCS(LSC__DL_SET)
    CHECK(missing_ == NULL);
    CHECK(api.strlen != NULL && api.strlen("four") == 4);
    CHECK(api.memcmp != NULL && api.memcmp("ab", "ac", 2) < 0);
    lsc__dl_close(dl_);
}

TEST(null_handles_are_taken)
{
    CHECK(lsc__dl_sym(NULL, "strlen") == NULL);
    lsc__dl_close(NULL);
}

int main(void)
{
    RUN(the_first_soname_that_loads_wins);
    RUN(typed_pointers_filled_by_name);
    RUN(null_handles_are_taken);
    return TEST_DONE();
}

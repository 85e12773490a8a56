/*
 * test_address.c - mailbox lists (address.c): display names, groups,
 * comments, encoded words, the syntax check, and the per-header limit.
 */
#include "test.h"

#include "mime/mime.h"

static lsc__alloc al;

typedef struct want {
    const char *display, *addr, *domain;
    int invalid;
} want;

static void check_list(const char *raw, const want *w, size_t n)
{
    lsc__arena ar;
    lsc__vec v;
    size_t i;
    lsc__arena_init(&ar, &al);
    lsc__vec_init(&v, sizeof(lsc__address));
    CHECK_EQ_INT(lsc__address_parse(&ar, raw, strlen(raw), 3, &v), 0);
    if (v.n != n)
        printf("#   \"%s\": %zu addresses\n", raw, v.n);
    CHECK_EQ_INT(v.n, n);
    for (i = 0; i < n && i < v.n; i++) {
        const lsc__address *a = &LSC__VEC_AT(&v, lsc__address, i);
        if (w[i].display)
            CHECK_STR(a->display, w[i].display);
        else
            CHECK(a->display == NULL);
        CHECK_STR(a->addr, w[i].addr);
        CHECK_STR(a->domain, w[i].domain);
        CHECK_EQ_INT(!!(a->flags & LSC__ADDR_INVALID), w[i].invalid);
        CHECK_EQ_INT(a->header, 3);
    }
    lsc__arena_free(&ar);
}

TEST(simple_lists)
{
    static const want w1[] = {
        {"Ann Lee", "ann@Example.COM", "example.com", 0},
        {NULL, "bob@example.org", "example.org", 0},
        {"Lee, Carl", "carl@example.net", "example.net", 0},
    };
    static const want w2[] = {
        {"Dee", "dee@example.com", "example.com", 0},
    };
    static const want w3[] = {
        {"中文", "zh@example.cn", "example.cn", 0},
    };
    check_list("Ann Lee <ann@Example.COM>, bob@example.org,\t"
               "\"Lee, Carl\" <carl@example.net>", w1, 3);
    check_list("dee@example.com (Dee)", w2, 1);
    check_list("=?utf-8?B?5Lit5paH?= <zh@example.cn>", w3, 1);
    check_list("", NULL, 0);
    check_list(" , ,", NULL, 0);
}

TEST(groups)
{
    static const want w[] = {
        {NULL, "a@example.com", "example.com", 0},
        {NULL, "b@example.com", "example.com", 0},
        {NULL, "c@example.com", "example.com", 0},
    };
    lsc__arena ar;
    lsc__vec v;
    check_list("Team: a@example.com, b@example.com;, c@example.com", w, 3);
    check_list("undisclosed-recipients:;", NULL, 0);
    lsc__arena_init(&ar, &al);
    lsc__vec_init(&v, sizeof(lsc__address));
    lsc__address_parse(&ar, "T: a@example.com;", 17, 0, &v);
    CHECK(v.n == 1 && (LSC__VEC_AT(&v, lsc__address, 0).flags & LSC__ADDR_GROUP));
    lsc__arena_free(&ar);
}

TEST(invalid_addresses)
{
    static const char *const bad[] = {
        "no-at-sign", "a@", "@example.com", "a..b@example.com",
        ".a@example.com", "a@example", "a@-example.com", "a@exa_mple.com",
        "a b@example.com", "a@example..com", "a@example.123",
        "<a@example.com",
    };
    static const char *const good[] = {
        "a@example.com", "first.last+tag@sub.example.co.uk",
        "\"quoted name\"@example.com", "x@[192.0.2.1]",
        "o'brien@example.ie", "a@xn--fiqs8s.cn",
    };
    size_t i;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        lsc__arena ar;
        lsc__vec v;
        lsc__arena_init(&ar, &al);
        lsc__vec_init(&v, sizeof(lsc__address));
        CHECK_EQ_INT(lsc__address_parse(&ar, bad[i], strlen(bad[i]), 0, &v), 0);
        if (!(v.n == 1 &&
              (LSC__VEC_AT(&v, lsc__address, 0).flags & LSC__ADDR_INVALID)))
            printf("#   \"%s\" was taken as valid\n", bad[i]);
        CHECK(v.n == 1 &&
              (LSC__VEC_AT(&v, lsc__address, 0).flags & LSC__ADDR_INVALID));
        lsc__arena_free(&ar);
    }
    for (i = 0; i < sizeof good / sizeof good[0]; i++) {
        lsc__arena ar;
        lsc__vec v;
        lsc__arena_init(&ar, &al);
        lsc__vec_init(&v, sizeof(lsc__address));
        CHECK_EQ_INT(lsc__address_parse(&ar, good[i], strlen(good[i]), 0, &v), 0);
        if (!(v.n == 1 &&
              !(LSC__VEC_AT(&v, lsc__address, 0).flags & LSC__ADDR_INVALID)))
            printf("#   \"%s\" was refused\n", good[i]);
        CHECK(v.n == 1 &&
              !(LSC__VEC_AT(&v, lsc__address, 0).flags & LSC__ADDR_INVALID));
        lsc__arena_free(&ar);
    }
}

TEST(address_limit)
{
    /* LSC__MAX_ADDRESSES kept, the rest of the header ignored */
    size_t n = LSC__MAX_ADDRESSES + 1, i, len = 0;
    char *raw = malloc(n * 20);
    lsc__arena ar;
    lsc__vec v;
    if (!raw)
        return;
    for (i = 0; i < n; i++)
        len += (size_t)sprintf(raw + len, "u%zu@example.com,", i);
    lsc__arena_init(&ar, &al);
    lsc__vec_init(&v, sizeof(lsc__address));
    CHECK_EQ_INT(lsc__address_parse(&ar, raw, len, 0, &v), 0);
    CHECK_EQ_INT(v.n, LSC__MAX_ADDRESSES);
    lsc__arena_free(&ar);
    lsc__arena_init(&ar, &al);
    lsc__vec_init(&v, sizeof(lsc__address));
    len = 0;
    for (i = 0; i + 1 < n; i++)
        len += (size_t)sprintf(raw + len, "u%zu@example.com,", i);
    CHECK_EQ_INT(lsc__address_parse(&ar, raw, len, 0, &v), 0);
    CHECK_EQ_INT(v.n, LSC__MAX_ADDRESSES);
    lsc__arena_free(&ar);
    free(raw);
}

TEST(message_addresses)
{
    /* From/To/Cc of a message reach the model through the public parse */
    lsc_engine *e = NULL;
    lsc_result *r = NULL;
    const char *m = "From: Ann <ann@example.com>\nTo: b@example.org, "
                    "c@example.org\nCc: d@example.net\nSubject: s\n\nx\n";
    CHECK(lsc_engine_new(&e, NULL, NULL) == 0);
    CHECK(e && lsc_parse(&r, e, m, strlen(m), NULL) == 0);
    CHECK_STR(r ? lsc_result_header_value(r, "To") : NULL,
              "b@example.org, c@example.org");
    lsc_result_free(r);
    lsc_engine_free(e);
}

int main(void)
{
    lsc__alloc_init(&al, NULL);
    RUN(simple_lists);
    RUN(groups);
    RUN(invalid_addresses);
    RUN(address_limit);
    RUN(message_addresses);
    return TEST_DONE();
}

/*
 * test_api.c - the public API contract: engine options and config,
 * errors, versions, result accessors, JSON, the allocator hook.
 */
#include "test.h"

TEST(version_matches_header)
{
    CHECK_EQ_INT(lsc_version(), LSC_VERSION_NUMBER);
    CHECK_STR(lsc_version_string(), LSC_VERSION_STRING);
}

/* The lsc_limits growth rule (libscore.h): its layout belongs to
 * LSC_OPTIONS_VERSION.  Growing it without a new options version fails
 * here. */
TEST(limits_layout_follows_options_version)
{
    CHECK_EQ_INT(LSC_OPTIONS_VERSION, 1);
    CHECK_EQ_INT((int)sizeof(lsc_limits),
                 (int)(10 * sizeof(size_t) + sizeof(uint64_t)));
    CHECK_EQ_INT((int)offsetof(lsc_limits, max_archive_bytes),
                 (int)(10 * sizeof(size_t)));
    CHECK_EQ_INT((int)offsetof(lsc_options, allocator),
                 (int)(offsetof(lsc_options, limits) + sizeof(lsc_limits)));
}

TEST(strerror_covers_every_code)
{
    int c;
    for (c = LSC_OK; c >= LSC_ERANGE; c--)
        CHECK(strcmp(lsc_strerror(c), "unknown error") != 0);
    CHECK_STR(lsc_strerror(-999), "unknown error");
}

TEST(engine_defaults_and_free_null)
{
    lsc_engine *e = NULL;
    CHECK_EQ_INT(lsc_engine_new(&e, NULL, NULL), 0);
    CHECK(e != NULL);
    CHECK(lsc_engine_rule_count(e) > 0);
    CHECK(lsc_engine_rule(e, lsc_engine_rule_count(e)) == NULL);
    CHECK(lsc_engine_rule(e, 0)->description != NULL);
    lsc_engine_free(e);
    lsc_engine_free(NULL);
    lsc_result_free(NULL);
    lsc_string_free(NULL);
}

TEST(engine_rejects_unknown_options_version)
{
    lsc_engine *e = NULL;
    lsc_options o;
    lsc_error err;
    lsc_options_init(&o);
    o.version = 999;
    CHECK_EQ_INT(lsc_engine_new(&e, &o, &err), LSC_EVERSION);
    CHECK(e == NULL);
    CHECK_EQ_INT(err.code, LSC_EVERSION);
    CHECK(strstr(err.message, "999") != NULL);
    CHECK_EQ_INT(lsc_engine_new(NULL, &o, NULL), LSC_EINVAL);
}

TEST(config_sets_weights_and_reports_bad_lines)
{
    lsc_engine *e = NULL;
    lsc_options o;
    lsc_error err;
    const lsc_rule_info *ri;
    const char *good = "# comment\nweight MIME_LIMIT_REACHED 2.5\n"
                       "disable MIME_LIMIT_REACHED\nlang zh\nlimit max_parts 7\n"
                       "size_limit example.com 1000\n";
    const char *bad = "weight MIME_LIMIT_REACHED 1\n\nweight NO_SUCH_RULE 1\n";
    lsc_options_init(&o);
    o.config = good;
    o.config_len = strlen(good);
    CHECK_EQ_INT(lsc_engine_new(&e, &o, &err), 0);
    ri = lsc_engine_rule(e, 0);
    CHECK(ri && strcmp(ri->id, "MIME_LIMIT_REACHED") == 0);
    if (ri) {
        CHECK(ri->weight == 2.5);
        CHECK(ri->default_weight != 2.5);
        CHECK_EQ_INT(ri->enabled, 0);
    }
    /* the config's "lang" is the engine's language (hosts label by it) */
    CHECK_EQ_INT(lsc_engine_lang(e), LSC_LANG_ZH);
    lsc_engine_free(e);
    e = NULL;
    CHECK_EQ_INT(lsc_engine_lang(NULL), LSC_LANG_EN);
    o.config = NULL;
    o.config_len = 0;
    CHECK_EQ_INT(lsc_engine_new(&e, &o, &err), 0);
    CHECK_EQ_INT(lsc_engine_lang(e), LSC_LANG_EN);
    lsc_engine_free(e);
    e = NULL;
    o.config = bad;
    o.config_len = strlen(bad);
    CHECK_EQ_INT(lsc_engine_new(&e, &o, &err), LSC_ECONFIG);
    CHECK_EQ_INT(err.line, 3);
    CHECK_EQ_INT(err.column, 8);
    CHECK(strstr(err.message, "NO_SUCH_RULE") != NULL);
    CHECK(e == NULL);
}

TEST(rule_settings_override_config)
{
    lsc_engine *e = NULL;
    lsc_options o;
    lsc_rule_setting s = { "MIME_LIMIT_REACHED", 4.0, 1 };
    lsc_rule_setting bad = { "NOPE", 1.0, 1 };
    lsc_error err;
    lsc_options_init(&o);
    o.rules = &s;
    o.n_rules = 1;
    CHECK_EQ_INT(lsc_engine_new(&e, &o, &err), 0);
    CHECK(lsc_engine_rule(e, 0)->weight == 4.0);
    lsc_engine_free(e);
    o.rules = &bad;
    CHECK_EQ_INT(lsc_engine_new(&e, &o, &err), LSC_ECONFIG);
}

TEST(config_file_missing_is_eio)
{
    lsc_engine *e = NULL;
    lsc_options o;
    lsc_error err;
    lsc_options_init(&o);
    o.config_path = "/nonexistent/libscore.conf";
    CHECK_EQ_INT(lsc_engine_new(&e, &o, &err), LSC_EIO);
    CHECK(strstr(err.source, "nonexistent") != NULL);
}

TEST(score_rejects_bad_arguments)
{
    lsc_engine *e = NULL;
    lsc_result *r = (lsc_result *)1;
    lsc_score_options so;
    CHECK_EQ_INT(lsc_engine_new(&e, NULL, NULL), 0);
    CHECK_EQ_INT(lsc_score(&r, NULL, "x", 1, NULL, NULL), LSC_EINVAL);
    CHECK(r == NULL);
    CHECK_EQ_INT(lsc_score(&r, e, NULL, 5, NULL, NULL), LSC_EINVAL);
    lsc_score_options_init(&so);
    so.version = 42;
    CHECK_EQ_INT(lsc_score(&r, e, "x", 1, &so, NULL), LSC_EVERSION);
    lsc_engine_free(e);
}

TEST(empty_message_is_not_an_email)
{
    lsc_engine *e = NULL;
    lsc_result *r = NULL;
    size_t len = 99;
    CHECK_EQ_INT(lsc_engine_new(&e, NULL, NULL), 0);
    CHECK_EQ_INT(lsc_score(&r, e, "", 0, NULL, NULL), 0);
    CHECK(r != NULL);
    CHECK_EQ_INT(lsc_result_level(r), LSC_LEVEL_UNREADABLE);
    CHECK_EQ_INT(lsc_result_risk(r), 0);
    CHECK_STR(lsc_result_subject(r, &len), "");
    CHECK_EQ_INT(len, 0);
    CHECK(lsc_result_hit(r, 1000) == NULL);
    CHECK(lsc_result_part(r, 1000) == NULL);
    CHECK(lsc_result_find_hit(r, "NOPE") == NULL);
    lsc_result_free(r);
    lsc_engine_free(e);
}

TEST(json_is_an_object)
{
    lsc_engine *e = NULL;
    lsc_result *r = NULL;
    char *js = NULL;
    size_t len = 0;
    CHECK_EQ_INT(lsc_engine_new(&e, NULL, NULL), 0);
    r = t_score(e, "Subject: hi\r\n\r\nhello\r\n");
    CHECK(r != NULL);
    CHECK_EQ_INT(lsc_result_json(&js, &len, r, LSC_JSON_PARTS, NULL), 0);
    CHECK(js && js[0] == '{' && js[len - 1] == '}' && strlen(js) == len);
    CHECK(js && strstr(js, "\"level\":\"low\"") != NULL);
    lsc_string_free(js);
    CHECK_EQ_INT(lsc_result_json(NULL, NULL, r, 0, NULL), LSC_EINVAL);
    lsc_result_free(r);
    lsc_engine_free(e);
}

/* lsc_result_json reports through lsc_error like every other call. */
TEST(json_fills_the_error)
{
    lsc_engine *e = NULL;
    lsc_result *r = NULL;
    lsc_error err;
    char *js = NULL;
    CHECK_EQ_INT(lsc_engine_new(&e, NULL, NULL), 0);
    r = t_score(e, "Subject: hi\r\n\r\nhello\r\n");
    CHECK(r != NULL);
    memset(&err, 0, sizeof err);
    CHECK_EQ_INT(lsc_result_json(&js, NULL, NULL, 0, &err), LSC_EINVAL);
    CHECK_EQ_INT(err.code, LSC_EINVAL);
    CHECK(strstr(err.message, "result is NULL") != NULL);
    CHECK(js == NULL);
    memset(&err, 0, sizeof err);
    CHECK_EQ_INT(lsc_result_json(&js, NULL, r, 0x80u, &err), LSC_EINVAL);
    CHECK(strstr(err.message, "unknown flags 0x80") != NULL);
    CHECK(strcmp(err.source, "lsc_result_json") == 0);
    lsc_result_free(r);
    lsc_engine_free(e);
}

typedef struct counting {
    long allocs, frees, fail_at;
} counting;

static void *c_malloc(void *ud, size_t n)
{
    counting *c = ud;
    if (c->fail_at && c->allocs + 1 == c->fail_at)
        return NULL;
    c->allocs++;
    return malloc(n);
}

static void *c_realloc(void *ud, void *p, size_t n)
{
    counting *c = ud;
    if (c->fail_at && c->allocs + 1 == c->fail_at)
        return NULL;
    if (!p)
        c->allocs++;
    return realloc(p, n);
}

static void c_free(void *ud, void *p)
{
    counting *c = ud;
    if (p)
        c->frees++;
    free(p);
}

TEST(allocator_hook_sees_every_allocation)
{
    counting cnt = { 0, 0, 0 };
    lsc_allocator al = { c_malloc, c_realloc, c_free, &cnt };
    lsc_options o;
    lsc_engine *e = NULL;
    lsc_result *r = NULL;
    char *js = NULL;
    lsc_options_init(&o);
    o.allocator = &al;
    CHECK_EQ_INT(lsc_engine_new(&e, &o, NULL), 0);
    r = t_score(e, "Subject: x\r\nFrom: a@b.example\r\n\r\nbody\r\n");
    CHECK(r != NULL);
    CHECK_EQ_INT(lsc_result_json(&js, NULL, r, 0, NULL), 0);
    lsc_string_free(js);
    lsc_result_free(r);
    lsc_engine_free(e);
    CHECK(cnt.allocs > 0);
    CHECK_EQ_INT(cnt.allocs, cnt.frees);
}

/* SUBJECT_MISSING through the draft API: no subject, one of blanks, and
 * a one-word near miss that must not fire. */
TEST(draft_without_subject_fires_subject_missing)
{
    static const struct { const char *subject; int fires; } cases[] = {
        { NULL, 1 }, { "", 1 }, { " \t\xe3\x80\x80 ", 1 }, { "Quote", 0 },
    };
    lsc_engine *e = NULL;
    size_t i;
    CHECK_EQ_INT(lsc_engine_new(&e, NULL, NULL), 0);
    for (i = 0; e && i < sizeof cases / sizeof cases[0]; i++) {
        lsc_draft d;
        lsc_result *r = NULL;
        lsc_draft_init(&d);
        d.from = "li.wei@example.com";
        d.from_len = LSC_NTS;
        d.to = "ann@example.org";
        d.to_len = LSC_NTS;
        d.subject = cases[i].subject;
        d.subject_len = LSC_NTS;
        d.text = "Dear Ann, the pumps leave on Friday.";
        d.text_len = LSC_NTS;
        CHECK_EQ_INT(lsc_draft_score(&r, e, &d, NULL, NULL, NULL), 0);
        if (!r)
            continue;
        if ((lsc_result_find_hit(r, "SUBJECT_MISSING") != NULL) != cases[i].fires)
            printf("#   case %zu: SUBJECT_MISSING %s\n", i,
                   cases[i].fires ? "did not fire" : "fired");
        CHECK((lsc_result_find_hit(r, "SUBJECT_MISSING") != NULL) == cases[i].fires);
        lsc_result_free(r);
    }
    lsc_engine_free(e);
}

int main(void)
{
    RUN(draft_without_subject_fires_subject_missing);
    RUN(version_matches_header);
    RUN(strerror_covers_every_code);
    RUN(engine_defaults_and_free_null);
    RUN(engine_rejects_unknown_options_version);
    RUN(config_sets_weights_and_reports_bad_lines);
    RUN(rule_settings_override_config);
    RUN(config_file_missing_is_eio);
    RUN(score_rejects_bad_arguments);
    RUN(empty_message_is_not_an_email);
    RUN(json_is_an_object);
    RUN(json_fills_the_error);
    RUN(limits_layout_follows_options_version);
    RUN(allocator_hook_sees_every_allocation);
    return TEST_DONE();
}

/*
 * test_oom.c - out of memory on every allocation: an lsc_allocator that
 * fails the Nth call, walked over N = 1, 2, ... for engine creation (with
 * config text and a phrase-list directory) and for scoring, parsing and
 * JSON of every sample message, until a run makes no further allocation.
 * Each run must end in LSC_ENOMEM (with lsc_error filled and nothing
 * allocated left over) or in a result whose JSON equals the one made with
 * no failure.  A leak shows here as a live block count above zero and under
 * make asan as a LeakSanitizer report.
 *
 * Takes: LSC_TOP (tests/messages/NAME.eml join the built-in samples).
 * Limits: only the library's own allocations go through the hook;
 * libxml2, ICU and libmagic allocate on their own.  WALK_MAX bounds the
 * walk per message (reported if reached).
 */
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"
#include "samples.h"

#define WALK_MAX 20000

typedef struct failing {
    long calls;     /* malloc/realloc calls so far */
    long fail_at;   /* the call that fails (1-based); 0 = never */
    long failed;    /* how many calls were made to fail */
    long live;      /* blocks handed out and not yet freed */
} failing;

/* Under a sanitizer, LSC_OOM_TRACE=N prints where the Nth call was made
 * (to find a silently swallowed failure); LSC_OOM_ONLY=NAME walks only
 * that sample. */
void __sanitizer_print_stack_trace(void) __attribute__((weak));
static long trace_at = -1;

static void maybe_trace(const failing *f)
{
    if (f->calls == trace_at && __sanitizer_print_stack_trace)
        __sanitizer_print_stack_trace();
}

static void *f_malloc(void *ud, size_t n)
{
    failing *f = ud;
    void *p;
    if (++f->calls == f->fail_at) {
        f->failed++;
        maybe_trace(f);
        return NULL;
    }
    p = malloc(n);
    if (p)
        f->live++;
    return p;
}

static void *f_realloc(void *ud, void *old, size_t n)
{
    failing *f = ud;
    void *p;
    if (++f->calls == f->fail_at) {
        f->failed++;
        maybe_trace(f);
        return NULL;
    }
    p = realloc(old, n);
    if (p && !old)
        f->live++;
    return p;
}

static void f_free(void *ud, void *p)
{
    failing *f = ud;
    if (p)
        f->live--;
    free(p);
}

static failing fa;
static const lsc_allocator fail_alloc = { f_malloc, f_realloc, f_free, &fa };
static long total_runs;

static void arm(long at)
{
    fa.calls = 0;
    fa.fail_at = at;
    fa.failed = 0;
}

/* JSON of a score (rules) or parse (no rules) with engine e; NULL on any
 * failure, *rc says which. */
static char *run_once(const lsc_engine *e, const sample *m, int rules, int *rc)
{
    lsc_score_options so;
    lsc_result *r = NULL;
    lsc_error err;
    char *js = NULL;
    size_t len = 0;
    memset(&err, 0, sizeof err);
    lsc_score_options_init(&so);
    so.now = 1700000000;
    *rc = rules ? lsc_score(&r, e, m->p, m->len, &so, &err)
                : lsc_parse(&r, e, m->p, m->len, &err);
    if (*rc != 0) {
        if (*rc == LSC_ENOMEM && err.code != LSC_ENOMEM)
            *rc = -999; /* error not filled */
        if (r != NULL)
            *rc = -998; /* failure must leave *out NULL */
        return NULL;
    }
    *rc = lsc_result_json(&js, &len, r, LSC_JSON_PARTS, NULL);
    if (*rc == 0) {
        /* the report page too: a failure is LSC_ENOMEM, nothing leaks */
        char *page = NULL;
        *rc = lsc_result_html(&page, NULL, r, NULL, &err);
        if (*rc == LSC_ENOMEM && err.code != LSC_ENOMEM)
            *rc = -999;
        if (*rc != 0 && page != NULL)
            *rc = -998;
        lsc_string_free(page);
        if (*rc != 0) {
            lsc_string_free(js);
            js = NULL;
        }
    }
    lsc_result_free(r);
    return *rc == 0 ? js : NULL;
}

/* Walks N over every allocation of one call; returns the count of
 * allocations the call makes when nothing fails. */
static long walk_message(const lsc_engine *e, const sample *m, int rules)
{
    long base_live, n, allocs;
    int rc;
    char *ref;
    const char *only = getenv("LSC_OOM_ONLY");
    if (only && strcmp(only, m->name) != 0)
        return 0;
    arm(0);
    base_live = fa.live;
    ref = run_once(e, m, rules, &rc);
    allocs = fa.calls;
    CHECK_EQ_INT(rc, 0);
    if (!ref)
        return 0;
    /* the reference JSON stays out, everything else went back */
    CHECK_EQ_INT(fa.live, base_live + 1);
    base_live = fa.live;
    for (n = 1; n <= WALK_MAX; n++) {
        char *js;
        arm(n);
        js = run_once(e, m, rules, &rc);
        total_runs++;
        if (fa.failed == 0) {       /* ran to the end before call n */
            CHECK_EQ_INT(rc, 0);
            lsc_string_free(js);
            break;
        }
        if (rc != 0 && rc != LSC_ENOMEM) {
            printf("#   %s: fail at %ld gave %d\n", m->name, n, rc);
            CHECK_EQ_INT(rc, LSC_ENOMEM);
        }
        if (rc == 0 && strcmp(js, ref) != 0) {
            /* the library went on without the memory and produced a
             * different result without saying so */
            printf("#   %s: fail at %ld changed the result silently\n",
                   m->name, n);
            CHECK(0);
        }
        lsc_string_free(js);
        if (fa.live != base_live) {
            printf("#   %s: fail at %ld leaked %ld blocks\n", m->name, n,
                   fa.live - base_live);
            CHECK_EQ_INT(fa.live, base_live);
            break;
        }
    }
    CHECK(n <= WALK_MAX);
    lsc_string_free(ref);
    return allocs;
}

static sample msgs[SAMPLES_MAX];
static size_t n_msgs;

TEST(oom_walk_scoring_every_message)
{
    lsc_engine *e = NULL;
    lsc_options o;
    long before = total_runs, allocs = 0;
    size_t i;
    lsc_options_init(&o);
    o.allocator = &fail_alloc;
    arm(0);
    CHECK_EQ_INT(lsc_engine_new(&e, &o, NULL), 0);
    if (!e)
        return;
    for (i = 0; i < n_msgs; i++) {
        allocs += walk_message(e, &msgs[i], 1);
        allocs += walk_message(e, &msgs[i], 0);
    }
    lsc_engine_free(e);
    CHECK_EQ_INT(fa.live, 0);
    printf("# %zu messages: %ld allocations, %ld failing runs\n", n_msgs,
           allocs, total_runs - before);
    CHECK(allocs > 0);
}

/* The same with small limits, so that the limit paths are walked too. */
TEST(oom_walk_with_small_limits)
{
    lsc_engine *e = NULL;
    lsc_options o;
    long before = total_runs;
    size_t i;
    lsc_options_init(&o);
    o.allocator = &fail_alloc;
    o.limits.max_parts = 2;
    o.limits.max_depth = 1;
    o.limits.max_headers = 3;
    o.limits.max_header_bytes = 20;
    o.limits.max_html_nodes = 4;
    o.limits.max_links = 1;
    o.limits.max_words = 3;
    o.limits.max_message_bytes = 400;
    arm(0);
    CHECK_EQ_INT(lsc_engine_new(&e, &o, NULL), 0);
    if (!e)
        return;
    for (i = 0; i < n_msgs; i++)
        walk_message(e, &msgs[i], 1);
    lsc_engine_free(e);
    CHECK_EQ_INT(fa.live, 0);
    printf("# %ld failing runs\n", total_runs - before);
}

static char tmpdir[256];

static void make_wordlist_dir(void)
{
    const char *t = getenv("TMPDIR");
    char path[512];
    FILE *f;
    snprintf(tmpdir, sizeof tmpdir, "%s/lsc-oom-XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(tmpdir)) {
        tmpdir[0] = '\0';
        return;
    }
    snprintf(path, sizeof path, "%s/en", tmpdir);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/en/promo.txt", tmpdir);
    f = fopen(path, "w");
    if (f) {
        fputs("# extra phrases\nspecial discount today\nact before friday\n", f);
        fclose(f);
    }
}

static void remove_wordlist_dir(void)
{
    char path[512];
    if (!tmpdir[0])
        return;
    snprintf(path, sizeof path, "%s/en/promo.txt", tmpdir);
    unlink(path);
    snprintf(path, sizeof path, "%s/en", tmpdir);
    rmdir(path);
    rmdir(tmpdir);
}

TEST(oom_walk_engine_creation)
{
    static const char config[] =
        "weight MIME_LIMIT_REACHED 2.5\nlang zh\nlimit max_parts 50\n"
        "size_limit example.com 1000000\nsize_limit example.org 2000000\n";
    static const lsc_size_limit sl[] = { { "example.net", 5000000 } };
    lsc_options o;
    lsc_engine *e = NULL;
    lsc_error err;
    long n, allocs;
    int rc;
    char *ref = NULL;
    lsc_options_init(&o);
    o.allocator = &fail_alloc;
    o.config = config;
    o.config_len = sizeof config - 1;
    o.size_limits = sl;
    o.n_size_limits = 1;
    if (tmpdir[0])
        o.wordlist_dir = tmpdir;
    arm(0);
    rc = lsc_engine_new(&e, &o, &err);
    allocs = fa.calls;
    CHECK_EQ_INT(rc, 0);
    if (rc != 0) {
        printf("#   %s\n", err.message);
        return;
    }
    ref = run_once(e, &msgs[0], 1, &rc);
    lsc_engine_free(e);
    CHECK_EQ_INT(fa.live, 1); /* the reference JSON */
    for (n = 1; n <= WALK_MAX; n++) {
        e = NULL;
        memset(&err, 0, sizeof err);
        arm(n);
        rc = lsc_engine_new(&e, &o, &err);
        total_runs++;
        if (fa.failed == 0) {
            CHECK_EQ_INT(rc, 0);
            lsc_engine_free(e);
            break;
        }
        if (rc == 0) {
            /* it coped without that block: it must still score the same */
            char *js;
            arm(0);
            js = run_once(e, &msgs[0], 1, &rc);
            CHECK(js && ref && strcmp(js, ref) == 0);
            lsc_string_free(js);
        } else {
            CHECK_EQ_INT(rc, LSC_ENOMEM);
            CHECK_EQ_INT(err.code, LSC_ENOMEM);
            CHECK(e == NULL);
        }
        lsc_engine_free(e);
        if (fa.live != 1) {
            printf("#   engine: fail at %ld leaked %ld blocks\n", n, fa.live - 1);
            CHECK_EQ_INT(fa.live, 1);
            break;
        }
    }
    lsc_string_free(ref);
    printf("# engine creation: %ld allocations walked\n", allocs);
    CHECK(allocs > 0);
}

int main(void)
{
    int rc;
    if (getenv("LSC_OOM_TRACE"))
        trace_at = atol(getenv("LSC_OOM_TRACE"));
    n_msgs = samples_load(msgs, 16);
    make_wordlist_dir();
    RUN(oom_walk_engine_creation);
    RUN(oom_walk_scoring_every_message);
    RUN(oom_walk_with_small_limits);
    printf("# %ld failing runs in all\n", total_runs);
    rc = TEST_DONE();
    remove_wordlist_dir();
    samples_free(msgs, n_msgs);
    return rc;
}

/*
 * test_threads.c - one engine shared by several threads that score and
 * parse different messages at the same time; every result must be
 * byte-for-byte the JSON that single-threaded scoring gave.  Engines are
 * also built and freed concurrently (library-wide initialisation of
 * libxml2/ICU/libmagic must be safe), and one in-memory history is read
 * by all threads through lsc_score_options.history.  make tsan runs this file under
 * ThreadSanitizer.
 *
 * Takes: LSC_TOP (tests/messages/NAME.eml join the built-in samples).
 * Limits: THREADS threads, ROUNDS passes each; small enough for TSan.
 */
#include <pthread.h>
#include <stdint.h>

#include "test.h"
#include "samples.h"

#define THREADS 4
#define ROUNDS 3

static sample msgs[SAMPLES_MAX];
static size_t n_msgs;
static char *ref_score[SAMPLES_MAX], *ref_parse[SAMPLES_MAX];
static char *ref_zh[SAMPLES_MAX], *ref_hist[SAMPLES_MAX];
static lsc_engine *shared_en, *shared_zh;
static lsc_history *shared_hist; /* read by every thread through lsc_score */

static char *json_of_h(const lsc_engine *e, const sample *m, int rules,
                       lsc_history *h)
{
    lsc_score_options so;
    lsc_result *r = NULL;
    char *js = NULL;
    size_t len = 0;
    int rc;
    lsc_score_options_init(&so);
    so.now = 1700000000;
    so.mode = (m->len & 1) ? LSC_MODE_SENT : LSC_MODE_DRAFT;
    so.history = h;
    rc = rules ? lsc_score(&r, e, m->p, m->len, &so, NULL)
               : lsc_parse(&r, e, m->p, m->len, NULL);
    if (rc != 0)
        return NULL;
    if (lsc_result_json(&js, &len, r, LSC_JSON_PARTS | LSC_JSON_PRETTY, NULL) != 0)
        js = NULL;
    lsc_result_free(r);
    return js;
}

static char *json_of(const lsc_engine *e, const sample *m, int rules)
{
    return json_of_h(e, m, rules, NULL);
}

typedef struct worker {
    int id;
    long compared, mismatched, failed;
    char first_bad[64];
} worker;

static void compare(worker *w, char *got, const char *want, const char *name)
{
    if (!got) {
        w->failed++;
        return;
    }
    w->compared++;
    if (!want || strcmp(got, want) != 0) {
        if (!w->mismatched)
            snprintf(w->first_bad, sizeof w->first_bad, "%s", name);
        w->mismatched++;
    }
    lsc_string_free(got);
}

static void *work(void *arg)
{
    worker *w = arg;
    lsc_engine *own = NULL;
    size_t round, k;
    /* Build an engine while the others score with theirs. */
    if (lsc_engine_new(&own, NULL, NULL) != 0) {
        w->failed++;
    } else {
        compare(w, json_of(own, &msgs[w->id % n_msgs], 1),
                ref_score[w->id % n_msgs], msgs[w->id % n_msgs].name);
        lsc_engine_free(own);
    }
    for (round = 0; round < ROUNDS; round++) {
        for (k = 0; k < n_msgs; k++) {
            /* each thread walks the list from its own place, so different
             * messages are in flight at once */
            size_t i = (k + (size_t)w->id * 3 + round) % n_msgs;
            compare(w, json_of(shared_en, &msgs[i], 1), ref_score[i], msgs[i].name);
            compare(w, json_of_h(shared_en, &msgs[i], 1, shared_hist),
                    ref_hist[i], msgs[i].name);
            if ((i + round) % 2 == 0)
                compare(w, json_of(shared_en, &msgs[i], 0), ref_parse[i],
                        msgs[i].name);
            else
                compare(w, json_of(shared_zh, &msgs[i], 1), ref_zh[i],
                        msgs[i].name);
        }
    }
    return NULL;
}

TEST(threads_share_one_engine)
{
    pthread_t th[THREADS];
    worker w[THREADS];
    long compared = 0;
    size_t i;
    int started = 0;
    for (i = 0; i < n_msgs; i++) {
        ref_score[i] = json_of(shared_en, &msgs[i], 1);
        ref_parse[i] = json_of(shared_en, &msgs[i], 0);
        ref_zh[i] = json_of(shared_zh, &msgs[i], 1);
        ref_hist[i] = json_of_h(shared_en, &msgs[i], 1, shared_hist);
        CHECK(ref_score[i] && ref_parse[i] && ref_zh[i] && ref_hist[i]);
    }
    {
        /* the history must change some results, or it was not read */
        int differ = 0;
        for (i = 0; i < n_msgs; i++)
            if (ref_hist[i] && ref_score[i] && strcmp(ref_hist[i], ref_score[i]))
                differ++;
        printf("# %d results change with the history\n", differ);
        CHECK(differ > 0);
    }
    for (i = 0; i < THREADS; i++) {
        memset(&w[i], 0, sizeof w[i]);
        w[i].id = (int)i;
        if (pthread_create(&th[i], NULL, work, &w[i]) == 0)
            started++;
    }
    CHECK_EQ_INT(started, THREADS);
    for (i = 0; i < (size_t)started; i++)
        pthread_join(th[i], NULL);
    for (i = 0; i < THREADS; i++) {
        CHECK_EQ_INT(w[i].failed, 0);
        CHECK_EQ_INT(w[i].mismatched, 0);
        if (w[i].mismatched)
            printf("#   thread %zu: %ld results differ, first in %s\n", i,
                   w[i].mismatched, w[i].first_bad);
        compared += w[i].compared;
    }
    printf("# %zu messages, %ld results compared\n", n_msgs, compared);
    CHECK(compared >= (long)(THREADS * ROUNDS * n_msgs * 3));
    for (i = 0; i < n_msgs; i++) {
        lsc_string_free(ref_score[i]);
        lsc_string_free(ref_parse[i]);
        lsc_string_free(ref_zh[i]);
        lsc_string_free(ref_hist[i]);
    }
}

TEST(zh_engine_differs_from_en)
{
    /* guards the comparison above: the two engines must not give the same
     * text when a rule fired, or a mixed-up engine would go unseen */
    size_t i;
    int differ = 0, any_hit = 0;
    for (i = 0; i < n_msgs; i++) {
        char *a = json_of(shared_en, &msgs[i], 1);
        char *b = json_of(shared_zh, &msgs[i], 1);
        if (a && b && strstr(a, "\"explanation\"")) {
            any_hit = 1;
            differ |= strcmp(a, b) != 0;
        }
        lsc_string_free(a);
        lsc_string_free(b);
    }
    if (any_hit)
        CHECK(differ);
    else
        printf("# no rule fired on the samples yet: en/zh check idle\n");
}

int main(void)
{
    lsc_options o;
    int rc;
    n_msgs = samples_load(msgs, 24);
    lsc_options_init(&o);
    if (lsc_engine_new(&shared_en, &o, NULL) != 0)
        return 1;
    o.lang = LSC_LANG_ZH;
    if (lsc_engine_new(&shared_zh, &o, NULL) != 0)
        return 1;
    {
        /* a history of the samples themselves, so template rules fire */
        lsc_history_options ho;
        size_t i;
        lsc_history_options_init(&ho);
        ho.now = 1700000000;
        if (lsc_history_open(&shared_hist, ":memory:", &ho, NULL) != 0)
            return 1;
        for (i = 0; i < n_msgs; i++) {
            lsc_result *r = NULL;
            lsc_score_options so;
            lsc_score_options_init(&so);
            so.now = 1700000000 - 3600;
            if (lsc_score(&r, shared_en, msgs[i].p, msgs[i].len, &so, NULL) == 0 &&
                lsc_result_fingerprint(r))
                lsc_history_add(shared_hist, lsc_result_fingerprint(r), NULL);
            lsc_result_free(r);
        }
    }
    RUN(threads_share_one_engine);
    RUN(zh_engine_differs_from_en);
    rc = TEST_DONE();
    lsc_history_close(shared_hist);
    lsc_engine_free(shared_en);
    lsc_engine_free(shared_zh);
    samples_free(msgs, n_msgs);
    return rc;
}

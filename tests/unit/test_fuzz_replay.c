/*
 * test_fuzz_replay.c - replays every input a fuzz target ever crashed on
 * (tests/fuzz/regress/<target>/) and the hand-written seeds
 * (tests/fuzz/seeds/<target>/) through the same target code, without
 * libFuzzer, so that make test and make asan keep the fixes fixed.
 *
 * Takes: LSC_TOP (the source tree).  Gives: one case per target; a broken
 * invariant (fuzz.h) is a failed check here instead of an abort, a crash
 * or sanitizer report fails the whole run.  Limits: inputs are read whole
 * into memory; keep regressions small (libFuzzer -minimize_crash helps).
 */
#include <dirent.h>
#include <stdint.h>

#include "test.h"

static int fz_broken;
#define FZ_FAIL(what) \
    do { \
        fz_broken++; \
        printf("#   invariant broken: %s (%s:%d)\n", what, __FILE__, \
               __LINE__); \
    } while (0)

#define LLVMFuzzerTestOneInput fz_one_score
#include "../fuzz/fuzz_score.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fz_one_mime
#include "../fuzz/fuzz_mime.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fz_one_html
#include "../fuzz/fuzz_html.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fz_one_config
#include "../fuzz/fuzz_config.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fz_one_draft
#include "../fuzz/fuzz_draft.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fz_one_attach
#include "../fuzz/fuzz_attach.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fz_one_fingerprint
#include "../fuzz/fuzz_fingerprint.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fz_one_records
#include "../fuzz/fuzz_records.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fz_one_bounce
#include "../fuzz/fuzz_bounce.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fz_one_standin
#include "../fuzz/fuzz_standin.c"
#undef LLVMFuzzerTestOneInput

typedef int (*fz_fn)(const uint8_t *, size_t);

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs fn over every regular file of top/sub, in name order; returns the
 * number of inputs replayed. */
static int replay_dir(const char *top, const char *sub, fz_fn fn)
{
    char dir[1024], path[2048];
    char *names[4096];
    size_t n = 0, i;
    struct dirent *de;
    DIR *d;
    int done = 0;

    snprintf(dir, sizeof dir, "%s/%s", top, sub);
    d = opendir(dir);
    if (!d)
        return 0;
    while ((de = readdir(d)) != NULL && n < sizeof names / sizeof names[0]) {
        if (de->d_name[0] == '.')
            continue;
        names[n++] = strdup(de->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof names[0], cmp_str);
    for (i = 0; i < n; i++) {
        size_t len = 0;
        char *data;
        int before = fz_broken;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        data = t_read_file(path, &len);
        if (data) {
            fn((const uint8_t *)data, len);
            done++;
            if (fz_broken != before)
                printf("#   in %s\n", path);
        }
        free(data);
        free(names[i]);
    }
    return done;
}

static const char *top(void)
{
    const char *t = getenv("LSC_TOP");
    return t && *t ? t : ".";
}

static void replay(const char *target, fz_fn fn)
{
    char sub[256];
    int before = fz_broken, n;
    snprintf(sub, sizeof sub, "tests/fuzz/regress/%s", target);
    n = replay_dir(top(), sub, fn);
    snprintf(sub, sizeof sub, "tests/fuzz/seeds/%s", target);
    n += replay_dir(top(), sub, fn);
    printf("# %s: replayed %d inputs\n", target, n);
    CHECK_EQ_INT(fz_broken, before);
}

/* The message tests' inputs are the seeds of every message target. */
static void replay_messages(fz_fn fn)
{
    int before = fz_broken;
    int n = replay_dir(top(), "tests/messages", fn);
    n += replay_dir(top(), "examples/drafts", fn);
    printf("# replayed %d messages\n", n);
    CHECK(n > 0);
    CHECK_EQ_INT(fz_broken, before);
}

TEST(replay_score) { replay("score", fz_one_score); replay_messages(fz_one_score); }
TEST(replay_mime) { replay("mime", fz_one_mime); replay_messages(fz_one_mime); }
TEST(replay_html) { replay("html", fz_one_html); }
TEST(replay_config) { replay("config", fz_one_config); }
TEST(replay_draft) { replay("draft", fz_one_draft); }
TEST(replay_attach) { replay("attach", fz_one_attach); }
TEST(replay_fingerprint) { replay("fingerprint", fz_one_fingerprint); }
TEST(replay_records) { replay("records", fz_one_records); }
TEST(replay_bounce)
{
    int before = fz_broken;
    replay("bounce", fz_one_bounce);
    CHECK(replay_dir(top(), "tests/messages/bounce", fz_one_bounce) > 0);
    fz_one_bounce(NULL, 0);
    CHECK_EQ_INT(fz_broken, before);
}

TEST(targets_survive_empty_and_tiny_inputs)
{
    static const uint8_t one[] = { 0 }, two[] = { 1, '\n' };
    int before = fz_broken;
    fz_one_score(NULL, 0);
    fz_one_score(one, 1);
    fz_one_mime(NULL, 0);
    fz_one_mime(two, 2);
    fz_one_html(NULL, 0);
    fz_one_config(NULL, 0);
    fz_one_config(one, 1);
    fz_one_config(two, 2);
    fz_one_draft(NULL, 0);
    fz_one_draft(one, 1);
    fz_one_draft(two, 2);
    fz_one_records(NULL, 0);
    fz_one_records(one, 1);
    fz_one_records(two, 2);
    fz_one_standin(NULL, 0);
    fz_one_standin(one, 1);
    fz_one_standin(two, 2);
    CHECK_EQ_INT(fz_broken, before);
}

TEST(replay_standin) { replay("standin", fz_one_standin); }

int main(void)
{
    int rc;
    RUN(targets_survive_empty_and_tiny_inputs);
    RUN(replay_score);
    RUN(replay_mime);
    RUN(replay_html);
    RUN(replay_config);
    RUN(replay_draft);
    RUN(replay_bounce);
    RUN(replay_attach);
    RUN(replay_fingerprint);
    RUN(replay_records);
    RUN(replay_standin);
    rc = TEST_DONE();
    lsc_engine_free(fz_score_engine);
    lsc_engine_free(fz_mime_engine);
    lsc_engine_free(fz_mime_small);
    lsc_engine_free(fz_html_engine);
    lsc_engine_free(fz_draft_engine);
    lsc_engine_free(fz_att_engine);
    lsc_engine_free(fz_att_small);
    return rc;
}

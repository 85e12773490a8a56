/*
 * bench_wordlist.c - throughput of phrase matching alone.
 *
 * Takes: a directory of messages (make bench CORPUS=dir).  Every file (up
 * to BENCH_MAX_FILES, each cut at BENCH_MAX_BYTES) is split into words by
 * the text stage (lsc__text_split, untimed), and right after, while the
 * words are in the cache as they are in the pipeline, the engine's
 * embedded lists are matched over them PASSES times (timed).
 * Gives: messages, words and megabytes per second of matching on one
 * thread, and the matches found per message.  A report, not a test.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/engine.h"
#include "base/internal.h"
#include "text/wordlist.h"

#define BENCH_MAX_FILES 20000
#define BENCH_MAX_BYTES ((size_t)1024 * 1024)
#define PASSES 5

typedef struct msg {
    lsc__word *w;
    size_t n;
    const char *text;
    size_t bytes;
} msg;

static msg *msgs;
static size_t n_msgs;
static lsc__text_scratch *scratch;
static lsc__arena arena;
static const lsc_engine *bench_engine;
static double match_secs;
static size_t n_matches;
static size_t n_known;     /* words that are in some list */

static int count(void *ud, const lsc__phrase_match *pm)
{
    (void)pm;
    (*(size_t *)ud)++;
    return 0;
}

static int visit(const char *path, const struct stat *st, int type,
                 struct FTW *f)
{
    static char rd[BENCH_MAX_BYTES];
    FILE *fp;
    char *buf;
    size_t len, budget = LSC_DEFAULT_MAX_WORDS;
    int limited = 0;
    lsc__text t;
    msg *m;
    (void)st;
    (void)f;
    if (type != FTW_F || n_msgs >= BENCH_MAX_FILES)
        return 0;
    fp = fopen(path, "rb");
    if (!fp)
        return 0;
    len = fread(rd, 1, BENCH_MAX_BYTES, fp);
    fclose(fp);
    buf = lsc__arena_alloc(&arena, len + 1);
    if (!buf)
        return 1;
    memcpy(buf, rd, len);
    /* the whole raw file as text: headers and bodies give words alike */
    if (lsc__text_split(scratch, &arena, buf, len, &t, &budget, &limited,
                        0) != 0)
        return 1;
    {
        size_t k;
        for (k = 0; k < t.n_words; k++)
            if (t.words[k].norm &&
                lsc__wordlist_word_id(bench_engine->words, t.words[k].norm,
                                      t.words[k].norm_len))
                n_known++;
    }
    m = &msgs[n_msgs++];
    m->w = t.words;
    m->n = t.n_words;
    m->text = buf;
    m->bytes = len;
    {
        struct timespec a, b;
        int p;
        clock_gettime(CLOCK_MONOTONIC, &a);
        for (p = 0; p < PASSES; p++)
            lsc__wordlist_match(bench_engine->words, m->w, m->n, m->text,
                                m->bytes, count, &n_matches);
        clock_gettime(CLOCK_MONOTONIC, &b);
        match_secs += (double)(b.tv_sec - a.tv_sec) +
                      (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    }
    return 0;
}

int main(int argc, char **argv)
{
    lsc_engine *e = NULL;
    lsc__alloc al;
    size_t i, words = 0, bytes = 0;
    double secs;
    const char *dir = argc > 1 ? argv[1] : "../shared/corpus/spamassassin";

    if (lsc_engine_new(&e, NULL, NULL) != 0) {
        fprintf(stderr, "engine failed\n");
        return 1;
    }
    lsc__alloc_init(&al, NULL);
    lsc__arena_init(&arena, &al);
    if (lsc__text_scratch_new(&scratch, e) != 0)
        return 1;
    bench_engine = e;
    msgs = calloc(BENCH_MAX_FILES, sizeof *msgs);
    if (!msgs)
        return 1;
    if (nftw(dir, visit, 16, FTW_PHYS) != 0 && n_msgs == 0) {
        fprintf(stderr, "cannot read %s\n", dir);
        return 1;
    }
    for (i = 0; i < n_msgs; i++) {
        words += msgs[i].n;
        bytes += msgs[i].bytes;
    }
    secs = match_secs;
    printf("wordlist match: %zu messages, %zu words, %.1f MB, %zu phrases "
           "in %zu languages\n", n_msgs, words, (double)bytes / 1e6,
           lsc__wordlist_phrase_count(e->words, -1, -1),
           lsc__wordlist_lang_count(e->words));
    if (secs > 0)
        printf("  %.0f messages/s, %.1f M words/s, %.0f MB/s of mail, "
               "%.1f matches per message (one thread)\n",
               (double)n_msgs * PASSES / secs,
               (double)words * PASSES / secs / 1e6,
               (double)bytes * PASSES / secs / 1e6,
               n_msgs ? (double)n_matches / PASSES / (double)n_msgs : 0.0);
    printf("  %.1f%% of the words are in some list\n",
           words ? 100.0 * (double)n_known / (double)words : 0.0);
    free(msgs);
    lsc__text_scratch_free(scratch);
    lsc__arena_free(&arena);
    lsc_engine_free(e);
    return 0;
}

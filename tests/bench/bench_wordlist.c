/*
 * bench_wordlist.c - throughput of phrase matching alone.
 *
 * Takes: a directory of messages (make bench CORPUS=dir).  Every file (up
 * to BENCH_MAX_FILES, each cut at BENCH_MAX_BYTES) is split into words
 * once, untimed, the way the text stage splits visible text; then the
 * engine's embedded lists are matched over all of them PASSES times.
 * Gives: messages, words and megabytes per second of matching on one
 * thread, and the matches found per message.  A report, not a test.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine.h"
#include "internal.h"
#include "wordlist.h"

#define BENCH_MAX_FILES 20000
#define BENCH_MAX_BYTES ((size_t)1024 * 1024)
#define PASSES 5

typedef struct msg {
    lsc__word *w;
    size_t n, cap;
    char *norms;           /* all normalized words, NUL-separated */
    size_t nlen, ncap;
    size_t bytes;
} msg;

static msg *msgs;
static size_t n_msgs;
static lsc__wl_tokenizer *tok;

static int push(void *ud, const char *norm, size_t len, size_t start,
                size_t end)
{
    msg *m = ud;
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 1024;
        m->w = realloc(m->w, m->cap * sizeof *m->w);
        if (!m->w)
            return LSC_ENOMEM;
    }
    while (m->nlen + len + 1 > m->ncap) {
        m->ncap = m->ncap ? m->ncap * 2 : 8192;
        m->norms = realloc(m->norms, m->ncap);
        if (!m->norms)
            return LSC_ENOMEM;
    }
    memcpy(m->norms + m->nlen, norm, len + 1);
    m->w[m->n].start = start;
    m->w[m->n].end = end;
    m->w[m->n].norm = (const char *)(uintptr_t)m->nlen;  /* fixed up below */
    m->w[m->n].norm_len = (uint32_t)len;
    m->w[m->n].flags = LSC__W_LETTERS;
    m->w[m->n].id = 0;
    m->nlen += len + 1;
    m->n++;
    return 0;
}

static int visit(const char *path, const struct stat *st, int type,
                 struct FTW *f)
{
    FILE *fp;
    char *buf;
    size_t len, i;
    msg *m;
    (void)st;
    (void)f;
    if (type != FTW_F || n_msgs >= BENCH_MAX_FILES)
        return 0;
    fp = fopen(path, "rb");
    if (!fp)
        return 0;
    buf = malloc(BENCH_MAX_BYTES);
    if (!buf) {
        fclose(fp);
        return 1;
    }
    len = fread(buf, 1, BENCH_MAX_BYTES, fp);
    fclose(fp);
    m = &msgs[n_msgs];
    memset(m, 0, sizeof *m);
    m->bytes = len;
    if (lsc__wl_tokenize(tok, buf, len, push, m) != 0) {
        /* raw mail is not always UTF-8: read the rest as ASCII */
        m->n = 0;
        m->nlen = 0;
        for (i = 0; i < len; i++)
            if ((unsigned char)buf[i] >= 0x80)
                buf[i] = ' ';
        if (lsc__wl_tokenize(tok, buf, len, push, m) != 0) {
            free(buf);
            return 0;
        }
    }
    for (i = 0; i < m->n; i++)
        m->w[i].norm = m->norms + (uintptr_t)m->w[i].norm;
    free(buf);
    n_msgs++;
    return 0;
}

static int count(void *ud, const lsc__phrase_match *pm)
{
    (void)pm;
    (*(size_t *)ud)++;
    return 0;
}

int main(int argc, char **argv)
{
    lsc_engine *e = NULL;
    lsc__alloc al;
    struct timespec a, b;
    size_t i, p, words = 0, bytes = 0, matches = 0;
    double secs;
    const char *dir = argc > 1 ? argv[1] : "../shared/corpus/spamassassin";

    if (lsc_engine_new(&e, NULL, NULL) != 0) {
        fprintf(stderr, "engine failed\n");
        return 1;
    }
    lsc__alloc_init(&al, NULL);
    if (lsc__wl_tokenizer_new(&tok, &al) != 0)
        return 1;
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
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (p = 0; p < PASSES; p++)
        for (i = 0; i < n_msgs; i++)
            lsc__wordlist_match(e->words, msgs[i].w, msgs[i].n, NULL, 0, count,
                                &matches);
    clock_gettime(CLOCK_MONOTONIC, &b);
    secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
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
               n_msgs ? (double)matches / PASSES / (double)n_msgs : 0.0);
    for (i = 0; i < n_msgs; i++) {
        free(msgs[i].w);
        free(msgs[i].norms);
    }
    free(msgs);
    lsc__wl_tokenizer_free(tok);
    lsc_engine_free(e);
    return 0;
}

/*
 * bench_history.c - cost of the history of sent mail (make bench).
 *
 * Takes: nothing from the corpus (the argument is ignored): fingerprints
 * are synthetic, with random signatures, a 256-value sketch, 100 chunk
 * hashes, one or two of
 * 1,000 recipient domains and increasing times; one in ten is a near copy
 * (a few signature values changed) of an earlier one, so template groups
 * exist.  Gives, for histories of 1k, 100k and 1M entries in memory: add
 * latency (median, p99, max: the max includes a table doubling), query
 * latency for "similar >= 0.8" and "messages to one domain in the last
 * hour" (median, p99), memory per entry (the index's own count and the
 * process's resident growth), and for an SQLite file: add latency (each
 * add a committed transaction) and the time to reopen and load it.
 * Query time should stay nearly flat while the history grows 1000-fold.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "history/similar.h"

#define N_QUERIES 2000
#define N_DOMAINS 1000

static uint64_t rng = 88172645463325252ULL;

static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Per-operation latencies are this thread's CPU time: the machine is
 * shared, and wall time would measure the other processes' load in the
 * tail.  Whole-run figures (reopen) are wall time. */
static double now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static double wall_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static long rss_kb(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long pages = 0, res = 0;
    if (!f)
        return 0;
    if (fscanf(f, "%ld %ld", &pages, &res) != 2)
        res = 0;
    fclose(f);
    return res * (sysconf(_SC_PAGESIZE) / 1024);
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void pct(double *v, size_t n, double *med, double *p99, double *max)
{
    qsort(v, n, sizeof *v, cmp_d);
    *med = v[n / 2];
    *p99 = v[(size_t)((double)n * 0.99)];
    *max = v[n - 1];
}

static char domain_names[N_DOMAINS][32];

typedef struct synth {
    lsc_fingerprint fp;
    uint16_t chunks[100];
    uint32_t sketch[256];
    char *doms[2];
} synth;

/* Fingerprint number i; every tenth is a near copy of an earlier one. */
static void make_fp(synth *s, size_t i, synth *earlier)
{
    size_t j;
    memset(&s->fp, 0, sizeof s->fp);
    if (earlier && i % 10 == 9) {
        memcpy(s->fp.mh, earlier->fp.mh, sizeof s->fp.mh);
        for (j = 0; j < 8; j++)
            s->fp.mh[next_rand() % LSC__MH_K] = (uint16_t)next_rand();
    } else {
        for (j = 0; j < LSC__MH_K; j++)
            s->fp.mh[j] = (uint16_t)next_rand();
    }
    for (j = 0; j < 100; j++)
        s->chunks[j] = (uint16_t)next_rand();
    if (earlier && i % 10 == 9) {
        memcpy(s->sketch, earlier->sketch, sizeof s->sketch);
        for (j = 0; j < 8; j++) {
            size_t at = 1 + next_rand() % 254;
            s->sketch[at] = s->sketch[at - 1] +
                            (s->sketch[at + 1] - s->sketch[at - 1]) / 2;
        }
    } else {
        uint32_t v = 0;
        for (j = 0; j < 256; j++) {
            v += 1 + (uint32_t)(next_rand() % 16000000u);
            s->sketch[j] = v;
        }
    }
    s->fp.sketch = s->sketch;
    s->fp.n_sketch = 256;
    s->fp.chunks = s->chunks;
    s->fp.n_chunks = 100;
    s->fp.n_words = 300;
    s->fp.n_shingles = 256;
    s->fp.body_hash = next_rand();
    s->fp.time = 1700000000 + (int64_t)i;
    {
        size_t a = next_rand() % N_DOMAINS, b = next_rand() % N_DOMAINS;
        int lo = strcmp(domain_names[a], domain_names[b]) < 0;
        s->doms[0] = domain_names[lo ? a : b];
        s->doms[1] = domain_names[lo ? b : a];
        s->fp.domains = s->doms;
        s->fp.n_domains = a == b || i % 2 ? 1 : 2;
    }
}

static int run_memory(size_t n)
{
    lsc_history *h = NULL;
    lsc_history_options o;
    lsc_history_summary st;
    double *add = malloc(n * sizeof *add);
    double *q = malloc(N_QUERIES * sizeof *q);
    double *qd = malloc(N_QUERIES * sizeof *qd);
    double *qt = malloc(N_QUERIES * sizeof *qt);
    synth s, keep[64];
    size_t i, total_found = 0;
    long rss0, rss1;
    lsc_error err;
    double med, p99, max, t;
    lsc_history_options_init(&o);
    o.now = 1700000000 + (int64_t)n;
    o.max_age = (int64_t)10 * 365 * 86400;
    rss0 = rss_kb();
    if (lsc_history_open(&h, NULL, &o, NULL) != 0)
        return -1;
    memset(keep, 0, sizeof keep);
    for (i = 0; i < n; i++) {
        make_fp(&s, i, i >= 64 ? &keep[next_rand() % 64] : NULL);
        if (i < 64 || i % 997 == 0) {
            synth *k = &keep[i < 64 ? i : (i / 997) % 64];
            *k = s;
            k->fp.chunks = k->chunks;
            k->fp.sketch = k->sketch;
            k->fp.domains = k->doms;
        }
        t = now_us();
        if (lsc_history_add(h, &s.fp, &err) != 0) {
            fprintf(stderr, "bench_history: add: %s\n", err.message);
            return -1;
        }
        add[i] = now_us() - t;
    }
    rss1 = rss_kb();
    pct(add, n, &med, &p99, &max);
    printf("%9zu  add                 median %7.2f us  p99 %7.2f us  max "
           "%9.1f us (a table doubling)\n", n, med, p99, max);
    for (i = 0; i < N_QUERIES; i++) {
        lsc_history_filter f = LSC_HISTORY_FILTER_INIT;
        lsc_history_match m[8];
        size_t count = 0, nm = 0;
        synth probe;
        /* a new letter: shares nothing with the history */
        make_fp(&probe, n + 10 * i, NULL);
        f.like = &probe.fp;
        f.min_similarity = 0.8;
        t = now_us();
        if (lsc_history_query(h, &f, &count, m, 8, &nm, NULL) != 0)
            return -1;
        q[i] = now_us() - t;
        /* a copy of a template sent many times */
        make_fp(&probe, 9, &keep[i % 64]);
        t = now_us();
        if (lsc_history_query(h, &f, &count, m, 8, &nm, NULL) != 0)
            return -1;
        qt[i] = now_us() - t;
        total_found += count;
        f.like = NULL;
        f.min_similarity = 0;
        f.domain = domain_names[i % N_DOMAINS];
        f.since = o.now - 3600;
        t = now_us();
        if (lsc_history_query(h, &f, &count, NULL, 0, NULL, NULL) != 0)
            return -1;
        qd[i] = now_us() - t;
    }
    pct(q, N_QUERIES, &med, &p99, &max);
    printf("%9zu  similar, new text   median %7.2f us  p99 %7.2f us\n", n,
           med, p99);
    pct(qt, N_QUERIES, &med, &p99, &max);
    printf("%9zu  similar, template   median %7.2f us  p99 %7.2f us  (%.1f "
           "matches per query)\n", n, med, p99,
           (double)total_found / N_QUERIES);
    pct(qd, N_QUERIES, &med, &p99, &max);
    printf("%9zu  domain, last hour   median %7.2f us  p99 %7.2f us\n", n,
           med, p99);
    if (lsc_history_stats(h, &st, NULL) != 0)
        return -1;
    printf("%9zu  memory              %.0f bytes/entry (index count), %.0f bytes/entry "
           "(resident growth)\n", n, (double)st.memory_bytes / (double)n,
           (double)(rss1 - rss0) * 1024.0 / (double)n);
    lsc_history_close(h);
    free(add);
    free(q);
    free(qd);
    free(qt);
    return 0;
}

static int run_sqlite(size_t n)
{
    char dir[] = "/tmp/lsc-bench-XXXXXX", path[128], cmd[160];
    lsc_history *h = NULL;
    lsc_history_options o;
    lsc_history_summary st;
    double *add = malloc(n * sizeof *add), med, p99, max, t;
    synth s;
    size_t i;
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof path, "%s/h.db", dir);
    lsc_history_options_init(&o);
    o.now = 1700000000 + (int64_t)n;
    o.max_age = (int64_t)10 * 365 * 86400;
    if (lsc_history_open(&h, path, &o, NULL) != 0)
        return -1;
    for (i = 0; i < n; i++) {
        make_fp(&s, i, NULL);
        t = now_us();
        if (lsc_history_add(h, &s.fp, NULL) != 0)
            return -1;
        add[i] = now_us() - t;
    }
    lsc_history_close(h);
    pct(add, n, &med, &p99, &max);
    printf("%9zu  sqlite add          median %7.2f us  p99 %7.2f us  "
           "(CPU; each a committed transaction, synchronous=NORMAL)\n", n,
           med, p99);
    t = wall_us();
    if (lsc_history_open(&h, path, &o, NULL) != 0)
        return -1;
    t = wall_us() - t;
    if (lsc_history_stats(h, &st, NULL) != 0)
        return -1;
    printf("%9zu  sqlite reopen and load %.1f ms wall (%llu entries)\n", n,
           t / 1000.0, (unsigned long long)st.entries);
    lsc_history_close(h);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench_history: could not remove %s\n", dir);
    free(add);
    return 0;
}

int main(int argc, char **argv)
{
    static const size_t sizes[] = { 1000, 100000, 1000000 };
    size_t i;
    (void)argc;
    (void)argv;
    for (i = 0; i < N_DOMAINS; i++)
        snprintf(domain_names[i], sizeof domain_names[i], "d%zu.example", i);
    printf("history (in memory, LSH %d bands x %d rows of %d hashes)\n",
           LSC__LSH_BANDS, LSC__LSH_ROWS, LSC__MH_K);
    for (i = 0; i < LSC__COUNT(sizes); i++)
        if (run_memory(sizes[i]) != 0) {
            fprintf(stderr, "bench_history: failed at %zu\n", sizes[i]);
            return 1;
        }
    if (run_sqlite(10000) != 0) {
        fprintf(stderr, "bench_history: sqlite failed\n");
        return 1;
    }
    return 0;
}

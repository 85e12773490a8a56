/*
 * bench_history.c - cost of the history of sent mail (make bench), on
 * SQLite and on PostgreSQL.
 *
 * Takes: nothing from the corpus (the argument is ignored).  Fingerprints
 * are synthetic: random signatures, a 256-value sketch, 100 chunk hashes,
 * one or two of 1,000 recipient domains and increasing times; one in ten
 * is a near copy (a few values changed) of an earlier one, so template
 * groups exist.  Gives, per backend and size (1k, 100k, 1M entries): the
 * time to open a history, the process's resident memory after open and
 * after the queries, query latency (median, p99; wall time, a round trip
 * included on PostgreSQL) for "similar >= 0.8" with a new text and with a
 * copy of a template, and for "letters to one domain in the last hour",
 * add latency (each add its own committed transaction), and on both
 * backends the adds per second of 4 processes adding at once.
 *
 * Histories are built once, in one transaction (lsc__history_batch), and
 * kept under build/bench-cache (SQLite files; a PostgreSQL data folder
 * served by tests/support/pg_server.sh on a free port while the bench
 * runs); the adds a run measures are removed again afterwards.
 * Latencies are wall time (on a shared machine the tail includes other
 * processes' load); for queries the measuring thread's CPU time is shown
 * beside it (on SQLite all of the work, pread calls included).
 * Environment: LSC_BENCH_HISTORY_SIZES (default "1000,100000,1000000"),
 * LSC_BENCH_HISTORY_BACKENDS (default "sqlite,postgresql"),
 * LSC_BENCH_CACHE (default build/bench-cache).
 */
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "history/history.h"

#define N_QUERIES 2000
#define N_ADDS 1000
#define N_DOMAINS 1000
#define N_WRITERS 4
#define WRITER_ADDS 500
#define BASE_TIME ((int64_t)1700000000)
#define BENCH_SENDER "bench-add"

static uint64_t rng;
static char domain_names[N_DOMAINS][32];
static char cache[512];
static char pg_base[256];   /* postgresql://...:port (no database) */

static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static double cpu_us(void)
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

/* VmRSS (or VmHWM, the peak) of this process in KiB. */
static long status_kb(const char *key)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = 0;
    size_t kl = strlen(key);
    if (!f)
        return 0;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, key, kl) == 0 && line[kl] == ':')
            v = strtol(line + kl + 1, NULL, 10);
    fclose(f);
    return v;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void pct(double *v, size_t n, double *med, double *p99)
{
    qsort(v, n, sizeof *v, cmp_d);
    *med = v[n / 2];
    *p99 = v[(size_t)((double)n * 0.99)];
}

typedef struct synth {
    lsc_fingerprint fp;
    uint16_t chunks[100];
    uint32_t sketch[256];
    char *doms[2];
} synth;

/* Fingerprint number i; every tenth is a near copy of an earlier one. */
static void make_fp(synth *s, size_t i, const synth *earlier)
{
    size_t j;
    memset(&s->fp, 0, sizeof s->fp);
    if (earlier && i % 10 == 9) {
        memcpy(s->fp.mh, earlier->fp.mh, sizeof s->fp.mh);
        for (j = 0; j < 8; j++)
            s->fp.mh[next_rand() % LSC__MH_K] = (uint16_t)next_rand();
        memcpy(s->sketch, earlier->sketch, sizeof s->sketch);
        for (j = 0; j < 8; j++) {
            size_t at = 1 + next_rand() % 254;
            s->sketch[at] = s->sketch[at - 1] +
                            (s->sketch[at + 1] - s->sketch[at - 1]) / 2;
        }
    } else {
        uint32_t v = 0;
        for (j = 0; j < LSC__MH_K; j++)
            s->fp.mh[j] = (uint16_t)next_rand();
        for (j = 0; j < 256; j++) {
            v += 1 + (uint32_t)(next_rand() % 16000000u);
            s->sketch[j] = v;
        }
    }
    for (j = 0; j < 100; j++)
        s->chunks[j] = (uint16_t)next_rand();
    s->fp.sketch = s->sketch;
    s->fp.n_sketch = 256;
    s->fp.chunks = s->chunks;
    s->fp.n_chunks = 100;
    s->fp.n_words = 300;
    s->fp.n_shingles = 256;
    s->fp.body_hash = next_rand();
    s->fp.time = BASE_TIME + (int64_t)i;
    {
        size_t a = next_rand() % N_DOMAINS, b = next_rand() % N_DOMAINS;
        int lo = strcmp(domain_names[a], domain_names[b]) < 0;
        s->doms[0] = domain_names[lo ? a : b];
        s->doms[1] = domain_names[lo ? b : a];
        s->fp.domains = s->doms;
        s->fp.n_domains = a == b || i % 2 ? 1 : 2;
    }
}

static void keep_copy(synth *k, const synth *s)
{
    *k = *s;
    k->fp.chunks = k->chunks;
    k->fp.sketch = k->sketch;
    k->fp.domains = k->doms;
}

/* The n fingerprints of a history of size n, in order: added to h when
 * h is given, else only generated again (to know the templates). */
static int generate(lsc_history *h, size_t n, synth keep[64])
{
    synth s;
    size_t i;
    lsc_error err;
    rng = 88172645463325252ULL;
    memset(keep, 0, 64 * sizeof *keep);
    for (i = 0; i < n; i++) {
        make_fp(&s, i, i >= 64 ? &keep[next_rand() % 64] : NULL);
        if (i < 64 || i % 997 == 0)
            keep_copy(&keep[i < 64 ? i : (i / 997) % 64], &s);
        if (h && lsc_history_add(h, &s.fp, &err) != 0) {
            fprintf(stderr, "bench_history: add: %s\n", err.message);
            return -1;
        }
    }
    return 0;
}

static lsc_history_options bench_opts(size_t n)
{
    lsc_history_options o;
    lsc_history_options_init(&o);
    o.now = BASE_TIME + (int64_t)n;
    o.max_age = (int64_t)10 * 365 * 86400;
    o.busy_timeout_ms = 60000;
    return o;
}

static size_t count_all(lsc_history *h)
{
    lsc_history_filter q = LSC_HISTORY_FILTER_INIT;
    size_t c = 0;
    if (lsc_history_query(NULL, 0, NULL, &c, h, &q, NULL) != 0)
        return (size_t)-1;
    return c;
}

/* ---- databases ---- */

static int sh(const char *cmd)
{
    int rc;
    fflush(stdout);
    rc = system(cmd);
    return rc == 0 ? 0 : -1;
}

static const char *psql(void)
{
    static char p[300];
    FILE *f = popen("ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1",
                    "r");
    p[0] = 0;
    if (f) {
        if (fgets(p, sizeof p - 8, f))
            p[strcspn(p, "\n")] = 0;
        pclose(f);
    }
    strcat(p, "/psql");
    return p;
}

static void url_of(char *out, size_t cap, const char *backend, size_t n)
{
    if (strcmp(backend, "sqlite") == 0)
        snprintf(out, cap, "%s/history-%zu.db", cache, n);
    else
        snprintf(out, cap, "%s/bench_%zu", pg_base, n);
}

/* Drops everything a history of this size holds (a rebuild). */
static int reset_db(const char *backend, const char *url, size_t n)
{
    char cmd[1024];
    if (strcmp(backend, "sqlite") == 0) {
        snprintf(cmd, sizeof cmd, "rm -f '%s' '%s-wal' '%s-shm'", url, url,
                 url);
        return sh(cmd);
    }
    snprintf(cmd, sizeof cmd, "'%s' -q '%s/postgres' -c 'DROP DATABASE IF "
             "EXISTS bench_%zu' -c 'CREATE DATABASE bench_%zu' >/dev/null",
             psql(), pg_base, n, n);
    return sh(cmd);
}

/* Removes the entries a run added (sender BENCH_SENDER). */
static void remove_bench_adds(const char *backend, const char *url)
{
    static const char sql[] =
        "DELETE FROM lsc_bands WHERE id IN (SELECT id FROM lsc_fingerprints"
        " WHERE sender = '" BENCH_SENDER "');"
        "DELETE FROM lsc_domains WHERE id IN (SELECT id FROM lsc_fingerprints"
        " WHERE sender = '" BENCH_SENDER "');"
        "DELETE FROM lsc_fingerprints WHERE sender = '" BENCH_SENDER "';";
    if (strcmp(backend, "sqlite") == 0) {
        sqlite3 *db = NULL;
        if (sqlite3_open(url, &db) == SQLITE_OK) {
            sqlite3_busy_timeout(db, 60000);
            sqlite3_exec(db, sql, NULL, NULL, NULL);
        }
        sqlite3_close(db);
    } else {
        PGconn *c = PQconnectdb(url);
        if (PQstatus(c) == CONNECTION_OK)
            PQclear(PQexec(c, sql));
        PQfinish(c);
    }
}

/* The history of n entries at url, built when missing (one transaction). */
static int ensure_built(const char *backend, const char *url, size_t n)
{
    lsc_history *h = NULL;
    lsc_history_options o = bench_opts(n);
    synth keep[64];
    lsc_error err;
    double t;
    if (lsc_history_open(&h, url, &o, NULL) == 0) {
        size_t have = count_all(h);
        lsc_history_close(h);
        if (have == n)
            return 0;
    }
    h = NULL;
    if (reset_db(backend, url, n) != 0)
        return -1;
    t = wall_us();
    if (lsc_history_open(&h, url, &o, &err) != 0 ||
        lsc__history_batch(h, 1, &err) != 0 ||
        generate(h, n, keep) != 0 || lsc__history_batch(h, 0, &err) != 0) {
        fprintf(stderr, "bench_history: building %s: %s\n", url,
                err.message);
        lsc_history_close(h);
        return -1;
    }
    t = wall_us() - t;
    lsc_history_close(h);
    printf("%-10s %9zu  built in %.1f s (one transaction, %.0f adds/s), "
           "cached in %s\n", backend, n, t / 1e6, (double)n / (t / 1e6),
           cache);
    return 0;
}

/* ---- one measured run (in a child, so that memory is its own) ---- */

static int measure(const char *backend, const char *url, size_t n)
{
    lsc_history *h = NULL;
    lsc_history_options o = bench_opts(n);
    static double q[N_QUERIES], qt[N_QUERIES], qd[N_QUERIES], add[N_ADDS];
    static double cq[N_QUERIES], cqt[N_QUERIES];
    double c0;
    static synth keep[64];
    size_t i, found = 0, n_capped = 0;
    long rss0, rss_open, rss_end;
    double t, t_open, med, p99;
    lsc_error err;
    generate(NULL, n, keep);
    rss0 = status_kb("VmRSS");
    t = wall_us();
    if (lsc_history_open(&h, url, &o, &err) != 0) {
        fprintf(stderr, "bench_history: open %s: %s\n", url, err.message);
        return -1;
    }
    t_open = wall_us() - t;
    rss_open = status_kb("VmRSS");
    for (i = 0; i < N_QUERIES; i++) {
        lsc_history_filter f = LSC_HISTORY_FILTER_INIT;
        lsc_history_match m[8];
        size_t count = 0, nm = 0;
        int capped = 0;
        synth probe;
        make_fp(&probe, n + 10 * i, NULL);       /* a new letter */
        f.like = &probe.fp;
        f.min_similarity = 0.8;
        c0 = cpu_us();
        t = wall_us();
        lsc_history_match_init(m, 8);
        if (lsc_history_query(m, 8, &nm, &count, h, &f, &err) != 0)
            goto fail;
        q[i] = wall_us() - t;
        cq[i] = cpu_us() - c0;
        make_fp(&probe, 9, &keep[i % 64]);       /* a template's copy */
        c0 = cpu_us();
        t = wall_us();
        if (lsc_history_query_capped(m, 8, &nm, &count, &capped, h, &f,
                                     &err) != 0)
            goto fail;
        n_capped += (size_t)capped;
        qt[i] = wall_us() - t;
        cqt[i] = cpu_us() - c0;
        found += count;
        f.like = NULL;
        f.min_similarity = 0;
        f.domain = domain_names[i % N_DOMAINS];
        f.since = o.now - 3600;
        t = wall_us();
        if (lsc_history_query(NULL, 0, NULL, &count, h, &f, &err) != 0)
            goto fail;
        qd[i] = wall_us() - t;
    }
    lsc_history_set_sender(h, BENCH_SENDER, NULL);
    for (i = 0; i < N_ADDS; i++) {
        synth s;
        make_fp(&s, n + i, NULL);
        t = wall_us();
        if (lsc_history_add(h, &s.fp, &err) != 0)
            goto fail;
        add[i] = wall_us() - t;
    }
    rss_end = status_kb("VmRSS");
    lsc_history_close(h);
    remove_bench_adds(backend, url);
    printf("%-10s %9zu  open %8.2f ms   resident %6.1f MB after open, "
           "%6.1f MB after the queries and adds (peak %.1f MB; %.1f MB "
           "before open)\n", backend, n, t_open / 1000.0, rss_open / 1024.0,
           rss_end / 1024.0, status_kb("VmHWM") / 1024.0, rss0 / 1024.0);
    pct(q, N_QUERIES, &med, &p99);
    printf("%-10s %9zu  similar, new text   median %8.1f us  p99 %8.1f us",
           backend, n, med, p99);
    pct(cq, N_QUERIES, &med, &p99);
    printf("  (this process's CPU: %.1f / %.1f us)\n", med, p99);
    pct(qt, N_QUERIES, &med, &p99);
    printf("%-10s %9zu  similar, template   median %8.1f us  p99 %8.1f us",
           backend, n, med, p99);
    pct(cqt, N_QUERIES, &med, &p99);
    printf("  (CPU: %.1f / %.1f us; %.1f matches per query, %.0f%% capped "
           "at %d compared)\n", med, p99, (double)found / N_QUERIES,
           100.0 * (double)n_capped / N_QUERIES, LSC_HISTORY_MAX_COMPARED);
    pct(qd, N_QUERIES, &med, &p99);
    printf("%-10s %9zu  domain, last hour   median %8.1f us  p99 %8.1f us\n",
           backend, n, med, p99);
    pct(add, N_ADDS, &med, &p99);
    printf("%-10s %9zu  add (committed)     median %8.1f us  p99 %8.1f us\n",
           backend, n, med, p99);
    fflush(stdout);
    return 0;
fail:
    fprintf(stderr, "bench_history: %s: %s\n", url, err.message);
    lsc_history_close(h);
    return -1;
}

/* Runs measure() in a fresh process (this program again, exec'd): its
 * memory is then the history's, not what building left in this one. */
static int run_measure(const char *backend, const char *url, size_t n)
{
    char size[32];
    int status = 0;
    pid_t pid;
    snprintf(size, sizeof size, "%zu", n);
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        execl("/proc/self/exe", "bench_history", "--measure", backend, url,
              size, (char *)NULL);
        _exit(127);
    }
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0)
        return -1;
    return 0;
}

/* One writer of the concurrency run. */
static int writer(const char *backend, const char *url, size_t k)
{
    lsc_history *h = NULL;
    lsc_history_options o = bench_opts(0);
    size_t i;
    (void)backend;
    if (lsc_history_open(&h, url, &o, NULL) != 0)
        return -1;
    lsc_history_set_sender(h, BENCH_SENDER, NULL);
    rng = 1234567 + k;
    for (i = 0; i < WRITER_ADDS; i++) {
        synth s;
        make_fp(&s, k * WRITER_ADDS + i, NULL);
        if (lsc_history_add(h, &s.fp, NULL) != 0) {
            lsc_history_close(h);
            return -1;
        }
    }
    lsc_history_close(h);
    return 0;
}

static int concurrent(const char *backend, size_t n)
{
    char url[600];
    pid_t kids[N_WRITERS];
    int i, ok = 0, status;
    double t;
    url_of(url, sizeof url, backend, n);
    t = wall_us();
    for (i = 0; i < N_WRITERS; i++) {
        kids[i] = fork();
        if (kids[i] == 0)
            _exit(writer(backend, url, (size_t)i) == 0 ? 0 : 1);
    }
    for (i = 0; i < N_WRITERS; i++)
        if (waitpid(kids[i], &status, 0) == kids[i] && WIFEXITED(status) &&
            WEXITSTATUS(status) == 0)
            ok++;
    t = wall_us() - t;
    remove_bench_adds(backend, url);
    if (ok != N_WRITERS)
        return -1;
    printf("%-10s %9zu  %d processes adding at once: %.0f adds/s "
           "(%d committed adds in %.2f s)\n", backend, n, N_WRITERS,
           N_WRITERS * WRITER_ADDS / (t / 1e6), N_WRITERS * WRITER_ADDS,
           t / 1e6);
    return 0;
}

static int measured(const char *backend, const char *url, size_t n)
{
    return run_measure(backend, url, n);
}

static int bench_backend(const char *backend, const size_t *sizes,
                         size_t n_sizes)
{
    size_t i;
    for (i = 0; i < n_sizes; i++) {
        char url[600];
        url_of(url, sizeof url, backend, sizes[i]);
        if (ensure_built(backend, url, sizes[i]) != 0 ||
            measured(backend, url, sizes[i]) != 0)
            return -1;
    }
    return concurrent(backend, sizes[n_sizes - 1]);
}

static int pg_start(void)
{
    char cmd[1200], path[700];
    FILE *f;
    snprintf(cmd, sizeof cmd, "sh tests/support/pg_server.sh start '%s' "
             ">/dev/null", cache);
    if (sh(cmd) != 0)
        return -1;
    snprintf(path, sizeof path, "%s/pg/url", cache);
    f = fopen(path, "r");
    if (!f || !fgets(pg_base, sizeof pg_base, f)) {
        if (f)
            fclose(f);
        return -1;
    }
    fclose(f);
    pg_base[strcspn(pg_base, "\n")] = 0;
    *strrchr(pg_base, '/') = 0;     /* drop "/postgres" */
    return 0;
}

static void pg_halt(void)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "sh tests/support/pg_server.sh halt '%s'",
             cache);
    if (sh(cmd) != 0)
        fprintf(stderr, "bench_history: could not stop the server\n");
}

int main(int argc, char **argv)
{
    const char *env = getenv("LSC_BENCH_HISTORY_SIZES");
    const char *backends = getenv("LSC_BENCH_HISTORY_BACKENDS");
    const char *c = getenv("LSC_BENCH_CACHE");
    size_t sizes[8], n_sizes = 0, i;
    int rc = 0;
    char *copy, *tok, *save = NULL;
    for (i = 0; i < N_DOMAINS; i++)
        snprintf(domain_names[i], sizeof domain_names[i], "d%zu.example", i);
    if (argc == 5 && strcmp(argv[1], "--measure") == 0)
        return measure(argv[2], argv[3], strtoul(argv[4], NULL, 10)) == 0
                   ? 0 : 1;
    copy = strdup(env && *env ? env : "1000,100000,1000000");
    for (tok = strtok_r(copy, ",", &save); tok && n_sizes < 8;
         tok = strtok_r(NULL, ",", &save))
        if (strtoul(tok, NULL, 10) > 0)
            sizes[n_sizes++] = strtoul(tok, NULL, 10);
    free(copy);
    if (!backends || !*backends)
        backends = "sqlite,postgresql";
    snprintf(cache, sizeof cache, "%s", c && *c ? c : "build/bench-cache");
    mkdir(cache, 0755);
    if (!n_sizes)
        return 1;
    printf("history: LSH %d bands x %d rows; latencies are wall time; "
           "sizes from LSC_BENCH_HISTORY_SIZES\n", LSC__LSH_BANDS,
           LSC__LSH_ROWS);
    if (strstr(backends, "sqlite") && bench_backend("sqlite", sizes,
                                                    n_sizes) != 0) {
        fprintf(stderr, "bench_history: sqlite failed\n");
        rc = 1;
    }
    if (strstr(backends, "postgresql")) {
        if (pg_start() != 0) {
            fprintf(stderr, "bench_history: PostgreSQL did not start\n");
            return 1;
        }
        if (bench_backend("postgresql", sizes, n_sizes) != 0) {
            fprintf(stderr, "bench_history: postgresql failed\n");
            rc = 1;
        }
        pg_halt();
    }
    return rc;
}

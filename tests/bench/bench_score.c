/*
 * bench_score.c - how fast the whole scoring pipeline runs on real mail.
 *
 * Takes: a directory (CORPUS), read recursively; every regular file is one
 * message (dot files, .md and .tsv skipped, like score-draft).  Gives, on
 * stdout: messages per second and MB/s for lsc_parse (structure and visible
 * text only) and for lsc_score (every stage and rule) on one thread, then
 * lsc_score with one thread per online core sharing one engine, and the
 * peak RSS.  Every file is read into memory first and scored once as a
 * warm-up, so the figures are for the library, not the disk.
 * Limits: BENCH_MAX_FILES files, BENCH_MAX_THREADS threads; each timed pass
 * is repeated until it has run BENCH_MIN_SECONDS.
 */
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "libscore.h"

#define BENCH_MAX_FILES 200000
#define BENCH_MAX_THREADS 64
#define BENCH_MIN_SECONDS 1.0

typedef struct msg {
    char *data;
    size_t len;
} msg;

typedef struct corpus {
    msg *m;
    size_t n, cap;
    size_t bytes;
} corpus;

static void add_file(corpus *c, const char *path)
{
    FILE *f;
    struct stat st;
    msg *m;
    if (c->n >= BENCH_MAX_FILES || stat(path, &st) != 0)
        return;
    if (c->n == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 1024;
        msg *nm = realloc(c->m, nc * sizeof *nm);
        if (!nm)
            return;
        c->m = nm;
        c->cap = nc;
    }
    f = fopen(path, "rb");
    if (!f)
        return;
    m = &c->m[c->n];
    m->data = malloc((size_t)st.st_size + 1);
    if (!m->data) {
        fclose(f);
        return;
    }
    m->len = fread(m->data, 1, (size_t)st.st_size, f);
    fclose(f);
    c->bytes += m->len;
    c->n++;
}

static int skip_name(const char *name)
{
    size_t l = strlen(name);
    return name[0] == '.' || (l > 3 && strcmp(name + l - 3, ".md") == 0) ||
           (l > 4 && strcmp(name + l - 4, ".tsv") == 0);
}

static void walk(corpus *c, const char *dir, int depth)
{
    DIR *d;
    struct dirent *de;
    if (depth > 32)
        return;
    d = opendir(dir);
    if (!d)
        return;
    while ((de = readdir(d)) != NULL) {
        char path[4096];
        struct stat st;
        if (skip_name(de->d_name))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            walk(c, path, depth + 1);
        else if (S_ISREG(st.st_mode))
            add_file(c, path);
    }
    closedir(d);
}

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now_s(void)
{
    return clock_s(CLOCK_MONOTONIC);
}

typedef struct job {
    const lsc_engine *e;
    const corpus *c;
    size_t from, to;    /* messages [from, to) */
    int parse_only;     /* 1: lsc_parse; 2: lsc_score without fingerprint */
    size_t errors;
    double points;      /* summed so the work cannot be optimised away */
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    size_t i;
    lsc_score_options so;
    lsc_score_options_init(&so);
    if (j->parse_only == 2)
        so.flags = LSC_SCORE_NO_FINGERPRINT;
    for (i = j->from; i < j->to; i++) {
        lsc_result *r = NULL;
        int rc = j->parse_only == 1
            ? lsc_parse(&r, j->e, j->c->m[i].data, j->c->m[i].len, NULL)
            : lsc_score(&r, j->e, j->c->m[i].data, j->c->m[i].len, &so, NULL);
        if (rc != 0)
            j->errors++;
        else
            j->points += lsc_result_points(r);
        lsc_result_free(r);
    }
    return NULL;
}

/* Runs the corpus split over nthreads until BENCH_MIN_SECONDS have passed;
 * returns messages per second of wall time, and in *per_cpu messages per
 * second of CPU time used by the process (what the figure would be on an
 * idle machine when other work shares the cores). */
static double timed(const lsc_engine *e, const corpus *c, int nthreads,
                    int parse_only, size_t *errors, double *per_cpu)
{
    double c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    pthread_t th[BENCH_MAX_THREADS];
    int started[BENCH_MAX_THREADS];
    job jobs[BENCH_MAX_THREADS];
    double t0 = now_s(), t;
    size_t done = 0;
    int k;
    *errors = 0;
    do {
        for (k = 0; k < nthreads; k++) {
            jobs[k].e = e;
            jobs[k].c = c;
            jobs[k].from = c->n * (size_t)k / (size_t)nthreads;
            jobs[k].to = c->n * (size_t)(k + 1) / (size_t)nthreads;
            jobs[k].parse_only = parse_only;
            jobs[k].errors = 0;
            jobs[k].points = 0;
            started[k] = nthreads > 1 &&
                         pthread_create(&th[k], NULL, run_job, &jobs[k]) == 0;
            if (!started[k])
                run_job(&jobs[k]);
        }
        for (k = 0; k < nthreads; k++) {
            if (started[k])
                pthread_join(th[k], NULL);
            *errors += jobs[k].errors;
        }
        done += c->n;
        t = now_s() - t0;
    } while (t < BENCH_MIN_SECONDS);
    *per_cpu = (double)done / (clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0);
    return (double)done / t;
}

int main(int argc, char **argv)
{
    corpus c;
    lsc_engine *e = NULL;
    lsc_error err;
    struct rusage ru;
    size_t errors, i;
    double rate, cpu;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int nthreads;
    job warm;

    if (argc != 2) {
        fprintf(stderr, "usage: bench_score DIR\n");
        return 2;
    }
    memset(&c, 0, sizeof c);
    walk(&c, argv[1], 0);
    if (!c.n) {
        fprintf(stderr, "bench_score: no files under %s\n", argv[1]);
        return 2;
    }
    if (lsc_engine_new(&e, NULL, &err) != 0) {
        fprintf(stderr, "bench_score: engine: %s\n", err.message);
        return 2;
    }
    nthreads = cores < 1 ? 1 : cores > BENCH_MAX_THREADS ? BENCH_MAX_THREADS
                                                         : (int)cores;
    printf("bench_score: %zu messages, %.1f MB\n", c.n, (double)c.bytes / 1e6);

    memset(&warm, 0, sizeof warm);
    warm.e = e;
    warm.c = &c;
    warm.to = c.n;
    run_job(&warm);
    if (warm.errors)
        printf("  warning: %zu messages failed to score\n", warm.errors);

    rate = timed(e, &c, 1, 1, &errors, &cpu);
    printf("  parse only (lsc_parse), 1 thread:  %8.0f msg/s  %6.1f MB/s"
           "  (%.0f msg per CPU-second)\n", rate,
           rate * (double)c.bytes / (double)c.n / 1e6, cpu);
    rate = timed(e, &c, 1, 0, &errors, &cpu);
    printf("  full score (lsc_score), 1 thread:  %8.0f msg/s  %6.1f MB/s"
           "  (%.0f msg per CPU-second)\n", rate,
           rate * (double)c.bytes / (double)c.n / 1e6, cpu);
    rate = timed(e, &c, 1, 2, &errors, &cpu);
    printf("  full score, no fingerprint, 1 thread: %5.0f msg/s  %6.1f MB/s"
           "  (%.0f msg per CPU-second)\n", rate,
           rate * (double)c.bytes / (double)c.n / 1e6, cpu);
    rate = timed(e, &c, nthreads, 0, &errors, &cpu);
    printf("  full score (lsc_score), %d threads: %8.0f msg/s  %6.1f MB/s"
           "  (%.0f msg per CPU-second)\n", nthreads, rate,
           rate * (double)c.bytes / (double)c.n / 1e6, cpu);
    if (errors)
        printf("  warning: %zu messages failed to score\n", errors);
    {
        double load[1];
        if (getloadavg(load, 1) == 1)
            printf("  load average %.1f on %ld cores: wall-clock rates are "
                   "shared with other work\n", load[0], cores);
    }
    getrusage(RUSAGE_SELF, &ru);
    printf("  peak RSS %.1f MB (corpus held in memory: %.1f MB)\n",
           (double)ru.ru_maxrss / 1024.0, (double)c.bytes / 1e6);

    lsc_engine_free(e);
    for (i = 0; i < c.n; i++)
        free(c.m[i].data);
    free(c.m);
    return 0;
}

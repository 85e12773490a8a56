/*
 * bench_parse.c - throughput of the MIME reader and decoder: lsc_parse
 * (parse + decode + visible text, no rules) over every file of a
 * directory, recursively, single thread, after one warm-up pass.
 * Prints messages/s and MB/s (wall clock and per CPU-second) and the
 * peak RSS (getrusage).
 *
 *   bench_parse DIR [PASSES]
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "libscore.h"

#include "bench_files.h"

static int pass(const lsc_engine *e, const set *s, size_t *parts)
{
    size_t i;
    for (i = 0; i < s->n; i++) {
        lsc_result *r = NULL;
        if (lsc_parse(&r, e, s->m[i].data, s->m[i].len, NULL) != 0)
            return -1;
        *parts += lsc_result_part_count(r);
        lsc_result_free(r);
    }
    return 0;
}

int main(int argc, char **argv)
{
    set s = {0};
    lsc_engine *e = NULL;
    struct rusage ru;
    size_t parts = 0, i;
    int passes = argc > 2 ? atoi(argv[2]) : 1, p;
    double t0, dt, c0, cpu;

    if (argc < 2) {
        fprintf(stderr, "usage: bench_parse DIR [PASSES]\n");
        return 2;
    }
    walk(&s, argv[1], 0);
    if (s.n == 0) {
        fprintf(stderr, "bench_parse: no files in %s\n", argv[1]);
        return 2;
    }
    if (lsc_engine_new(&e, NULL, NULL) != 0)
        return 2;
    if (pass(e, &s, &parts) != 0) {   /* warm-up */
        fprintf(stderr, "bench_parse: lsc_parse failed\n");
        return 1;
    }
    parts = 0;
    if (passes < 1)
        passes = 1;
    t0 = now();
    c0 = (double)clock() / CLOCKS_PER_SEC;
    for (p = 0; p < passes; p++)
        if (pass(e, &s, &parts) != 0)
            return 1;
    dt = now() - t0;
    cpu = (double)clock() / CLOCKS_PER_SEC - c0;
    if (cpu <= 0)
        cpu = dt;
    getrusage(RUSAGE_SELF, &ru);
    printf("parse+decode: %zu messages, %.1f MB, %zu parts, %d pass(es) in %.3f s\n",
           s.n, s.bytes / 1e6, parts / (size_t)passes, passes, dt);
    printf("  %.0f messages/s  %.1f MB/s  peak RSS %.1f MB (corpus in memory %.1f MB)\n",
           s.n * passes / dt, s.bytes * passes / 1e6 / dt, ru.ru_maxrss / 1024.0,
           s.bytes / 1e6);
    /* the cores are shared: CPU time is the steadier figure */
    printf("  per CPU-second: %.0f messages/s  %.1f MB/s\n",
           s.n * passes / cpu, s.bytes * passes / 1e6 / cpu);
    lsc_engine_free(e);
    for (i = 0; i < s.n; i++)
        free(s.m[i].data);
    free(s.m);
    return 0;
}

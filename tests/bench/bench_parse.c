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

typedef struct msg {
    char *data;
    size_t len;
} msg;

typedef struct set {
    msg *m;
    size_t n, cap, bytes;
} set;

static void add_file(set *s, const char *path)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    char *d;
    if (!f)
        return;
    if (fstat(fileno(f), &st) != 0 || st.st_size < 0) {
        fclose(f);
        return;
    }
    d = malloc((size_t)st.st_size + 1);
    if (!d || fread(d, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
        free(d);
        fclose(f);
        return;
    }
    fclose(f);
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 1024;
        msg *nm = realloc(s->m, cap * sizeof *nm);
        if (!nm) {
            free(d);
            return;
        }
        s->m = nm;
        s->cap = cap;
    }
    s->m[s->n].data = d;
    s->m[s->n].len = (size_t)st.st_size;
    s->n++;
    s->bytes += (size_t)st.st_size;
}

static void walk(set *s, const char *dir, int depth)
{
    DIR *d;
    struct dirent *de;
    if (depth > 32 || !(d = opendir(dir)))
        return;
    while ((de = readdir(d)) != NULL) {
        char path[4096];
        struct stat st;
        size_t l = strlen(de->d_name);
        if (de->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            walk(s, path, depth + 1);
        else if (S_ISREG(st.st_mode) &&
                 !(l > 3 && strcmp(de->d_name + l - 3, ".md") == 0) &&
                 !(l > 4 && strcmp(de->d_name + l - 4, ".tsv") == 0))
            add_file(s, path);
    }
    closedir(d);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

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

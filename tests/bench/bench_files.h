/*
 * bench_files.h - what the throughput benchmarks share: every file of a
 * directory read into memory (recursively, *.md and *.tsv left out) and a
 * monotonic clock.  Included by one bench program each (static functions).
 */
#ifndef BENCH_FILES_H
#define BENCH_FILES_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

typedef struct msg {
    char *data;
    size_t len;
} msg;

typedef struct set {
    msg *m;
    size_t n, cap, bytes;
} set;

static inline void add_file(set *s, const char *path)
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

static inline void walk(set *s, const char *dir, int depth)
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

static inline double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

#endif

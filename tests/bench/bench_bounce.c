/*
 * bench_bounce.c - throughput of the bounce reader: lsc_bounce_read over
 * every file of the Sisimai bounce folder (DIR/mime-edge/sisimai-set-of-
 * emails when DIR is a corpus root, else ../shared/corpus's, else DIR
 * itself), single thread, after one warm-up pass.  Prints bounces read per
 * second (wall clock and per CPU-second; goal >= 5,000/s on one core),
 * how many were bounces and how many recipients were found.
 *
 *   bench_bounce DIR [PASSES]
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "libscore.h"

#define SISIMAI_SUBDIR "mime-edge/sisimai-set-of-emails"
#define SHARED_SISIMAI "../shared/corpus/" SISIMAI_SUBDIR

#include "bench_files.h"

static int pass(const lsc_engine *e, const set *s, size_t *bounces,
                size_t *rcpts)
{
    size_t i;
    for (i = 0; i < s->n; i++) {
        lsc_bounce *b = NULL;
        if (lsc_bounce_read(&b, e, s->m[i].data, s->m[i].len, NULL, NULL) != 0)
            return -1;
        *bounces += lsc_bounce_is_bounce(b) ? 1 : 0;
        *rcpts += lsc_bounce_recipient_count(b);
        lsc_bounce_free(b);
    }
    return 0;
}

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int main(int argc, char **argv)
{
    set s = {0};
    lsc_engine *e = NULL;
    struct rusage ru;
    size_t bounces = 0, rcpts = 0, i;
    int passes = argc > 2 ? atoi(argv[2]) : 3, p;
    double t0, dt, c0, cpu;
    char dir[4096];

    if (argc < 2) {
        fprintf(stderr, "usage: bench_bounce DIR [PASSES]\n");
        return 2;
    }
    snprintf(dir, sizeof dir, "%s/%s", argv[1], SISIMAI_SUBDIR);
    if (!is_dir(dir))
        snprintf(dir, sizeof dir, "%s", is_dir(SHARED_SISIMAI) ? SHARED_SISIMAI : argv[1]);
    walk(&s, dir, 0);
    if (s.n == 0) {
        fprintf(stderr, "bench_bounce: no files in %s\n", dir);
        return 2;
    }
    if (lsc_engine_new(&e, NULL, NULL) != 0)
        return 2;
    if (pass(e, &s, &bounces, &rcpts) != 0) {   /* warm-up */
        fprintf(stderr, "bench_bounce: lsc_bounce_read failed\n");
        return 1;
    }
    bounces = rcpts = 0;
    if (passes < 1)
        passes = 1;
    t0 = now();
    c0 = (double)clock() / CLOCKS_PER_SEC;
    for (p = 0; p < passes; p++)
        if (pass(e, &s, &bounces, &rcpts) != 0)
            return 1;
    dt = now() - t0;
    cpu = (double)clock() / CLOCKS_PER_SEC - c0;
    getrusage(RUSAGE_SELF, &ru);
    printf("bounce: %zu messages (%.1f MB) from %s, %d passes\n", s.n,
           s.bytes / 1e6, dir, passes);
    printf("bounce: %.0f messages/s wall, %.0f messages/s per CPU-second "
           "(goal >= 5000), %.1f MB/s\n",
           s.n * passes / dt, s.n * passes / (cpu > 0 ? cpu : dt),
           s.bytes * passes / 1e6 / dt);
    printf("bounce: %zu bounces, %zu recipients per pass; peak RSS %ld KiB\n",
           bounces / passes, rcpts / passes, ru.ru_maxrss);
    for (i = 0; i < s.n; i++)
        free(s.m[i].data);
    free(s.m);
    lsc_engine_free(e);
    return 0;
}

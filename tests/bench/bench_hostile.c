/*
 * bench_hostile.c - worst time and peak memory over the hostile-mail suite
 * (tests/unit/hostile.h) at full size with the default limits.
 *
 * Takes: nothing (the CORPUS argument of make bench is ignored: the mail is
 * built in memory).  Gives: one line per case (input size, lsc_score wall
 * time, peak RSS of the process that scored it, and how much of that the
 * scoring added over the built input), then the worst time and the worst
 * peak RSS.  Each case runs in its own child process so that every peak is
 * its own.  A report, not a test: it fails only when scoring fails.
 */
#include <stdint.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hostile.h"

typedef struct bcase {
    const char *name;
    void (*make)(hb *);
} bcase;

static void c_b64(hb *b) { h_base64_attachment(b, (size_t)50 * 1024 * 1024); }
static void c_nest(hb *b) { h_nested_multipart(b, 10000, 1); }
static void c_nest_open(hb *b) { h_nested_multipart(b, 10000, 0); }
static void c_headers(hb *b) { h_many_headers(b, 100000); }
static void c_hline(hb *b) { h_long_header(b, (size_t)10 * 1024 * 1024, 0); }
static void c_hfold(hb *b) { h_long_header(b, (size_t)10 * 1024 * 1024, 1); }
static void c_unclosed(hb *b) { h_unclosed(b, 10000); }
static void c_nuls(hb *b) { h_nuls(b); }
static void c_charsets(hb *b) { h_lying_charsets(b); }
static void c_words(hb *b) { h_bad_encoded_words(b); }
static void c_links(hb *b) { h_links(b, 1000000); }
static void c_tlinks(hb *b) { h_text_links(b, 1000000); }
static void c_deep(hb *b) { h_deep_html(b, 100000); }
static void c_manywords(hb *b) { h_words(b, 5000000); }

static void zip_case(hb *b, size_t bytes, size_t entries, int nest)
{
    size_t zl = 0;
    unsigned char *z = h_zip(bytes, entries, nest, &zl);
    if (!z)
        exit(5);
    h_zip_message(b, z, zl);
    free(z);
}
static void c_zip1g(hb *b) { zip_case(b, (size_t)1024 * 1024 * 1024, 1, 0); }
static void c_zipmany(hb *b) { zip_case(b, 10, 100000, 0); }
static void c_zipnest(hb *b) { zip_case(b, (size_t)64 * 1024 * 1024, 1, 8); }

static const bcase cases[] = {
    { "base64 attachment 50 MB", c_b64 },
    { "10,000 nested multiparts", c_nest },
    { "10,000 nested, never closed", c_nest_open },
    { "100,000 headers", c_headers },
    { "10 MB header line", c_hline },
    { "10 MB folded header", c_hfold },
    { "boundary never closes x10,000", c_unclosed },
    { "NUL bytes everywhere", c_nuls },
    { "lying charsets", c_charsets },
    { "bad encoded words", c_words },
    { "1,000,000 HTML links", c_links },
    { "1,000,000 text URLs", c_tlinks },
    { "HTML nested 100,000 deep", c_deep },
    { "5,000,000 words", c_manywords },
    { "zip bomb: 1 GB of zeros", c_zip1g },
    { "zip of 100,000 entries", c_zipmany },
    { "zip 8 deep, 64 MB inside", c_zipnest },
};

typedef struct report {
    double secs;
    long rss_before_kb;
    size_t bytes;
    unsigned flags;
    int rc;
} report;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void child(const bcase *c, int fd)
{
    lsc_engine *e = NULL;
    lsc_result *r = NULL;
    lsc_score_options so;
    struct rusage ru;
    report rep;
    hb b = { 0 };
    double t0;
    memset(&rep, 0, sizeof rep);
    if (lsc_engine_new(&e, NULL, NULL) != 0)
        _exit(3);
    c->make(&b);
    rep.bytes = b.len;
    getrusage(RUSAGE_SELF, &ru);
    rep.rss_before_kb = ru.ru_maxrss;
    lsc_score_options_init(&so);
    so.now = 1700000000;
    t0 = now_s();
    rep.rc = lsc_score(&r, e, b.p, b.len, &so, NULL);
    rep.secs = now_s() - t0;
    rep.flags = r ? lsc_result_flags(r) : 0;
    lsc_result_free(r);
    lsc_engine_free(e);
    free(b.p);
    if (write(fd, &rep, sizeof rep) != (ssize_t)sizeof rep)
        _exit(4);
    _exit(0);
}

int main(int argc, char **argv)
{
    double worst_t = 0;
    long worst_rss = 0;
    const char *worst_t_name = "", *worst_rss_name = "";
    size_t i;
    int failures = 0;
    (void)argc;
    (void)argv;
    printf("%-32s %9s %9s %10s %10s %10s\n", "case", "input MB", "seconds",
           "peak MB", "+scoring", "flags");
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int fds[2], status = 0;
        struct rusage ru;
        report rep;
        pid_t pid;
        if (pipe(fds) != 0)
            return 1;
        fflush(stdout);
        pid = fork();
        if (pid < 0)
            return 1;
        if (pid == 0) {
            close(fds[0]);
            child(&cases[i], fds[1]);
        }
        close(fds[1]);
        memset(&rep, 0, sizeof rep);
        if (read(fds[0], &rep, sizeof rep) != (ssize_t)sizeof rep)
            rep.rc = -100;
        close(fds[0]);
        wait4(pid, &status, 0, &ru);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || rep.rc != 0) {
            printf("%-32s FAILED (status %d, rc %d)\n", cases[i].name, status,
                   rep.rc);
            failures++;
            continue;
        }
        printf("%-32s %9.1f %9.3f %10.1f %10.1f 0x%08x\n", cases[i].name,
               rep.bytes / 1048576.0, rep.secs, ru.ru_maxrss / 1024.0,
               (ru.ru_maxrss - rep.rss_before_kb) / 1024.0, rep.flags);
        if (rep.secs > worst_t) {
            worst_t = rep.secs;
            worst_t_name = cases[i].name;
        }
        if (ru.ru_maxrss > worst_rss) {
            worst_rss = ru.ru_maxrss;
            worst_rss_name = cases[i].name;
        }
    }
    printf("worst time %.3f s (%s); worst peak RSS %.1f MB (%s)\n", worst_t,
           worst_t_name, worst_rss / 1024.0, worst_rss_name);
    return failures ? 1 : 0;
}

/*
 * test.h - the unit test harness: every TEST is one case, CHECK records a
 * failure with its line and goes on.  Prints "ok - name" or
 * "not ok - name" per case (tests/run.sh counts them).
 */
#ifndef LSC_TEST_H
#define LSC_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>

#include "libscore.h"

static int t_failed_checks;
static int t_cases_failed;
static int t_cases;
/* Keeps a file that checks by hand (test_messages.c) free of unused
 * warnings. */
static inline int t_counts_(void)
{
    return t_failed_checks + t_cases_failed + t_cases;
}

#define CHECK(cond) \
    do { \
        if (!(cond)) { \
            t_failed_checks++; \
            printf("#   %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
        } \
    } while (0)

#define CHECK_EQ_INT(a, b) \
    do { \
        long long t_a = (long long)(a), t_b = (long long)(b); \
        if (t_a != t_b) { \
            t_failed_checks++; \
            printf("#   %s:%d: %s == %lld, expected %s == %lld\n", __FILE__, \
                   __LINE__, #a, t_a, #b, t_b); \
        } \
    } while (0)

#define CHECK_STR(a, b) \
    do { \
        const char *t_a = (a), *t_b = (b); \
        if (!t_a || !t_b || strcmp(t_a, t_b) != 0) { \
            t_failed_checks++; \
            printf("#   %s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__, \
                   __LINE__, #a, t_a ? t_a : "(null)", t_b ? t_b : "(null)"); \
        } \
    } while (0)

#define TEST(name) static void name(void)

#define RUN(name) \
    do { \
        int t_before = t_failed_checks; \
        t_cases++; \
        name(); \
        if (t_failed_checks != t_before) { \
            t_cases_failed++; \
            printf("not ok - %s\n", #name); \
        } else { \
            printf("ok - %s\n", #name); \
        } \
        fflush(stdout); \
    } while (0)

#define TEST_DONE() \
    (printf("# %d cases, %d failed\n", t_cases, t_cases_failed), \
     t_cases_failed ? 1 : 0)

/* A result's JSON with its parts (lsc_string_free it), or NULL: what
 * tests compare when two ways of scoring must agree exactly. */
static inline char *t_result_json(const lsc_result *r)
{
    char *js = NULL;
    size_t n = 0;
    if (!r || lsc_result_json(&js, &n, r, LSC_JSON_PARTS, NULL) != 0)
        return NULL;
    return js;
}

/* Reads a whole file (tests only); NULL when it cannot. */
static inline char *t_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0, got;
    if (!f)
        return NULL;
    for (;;) {
        if (n + 4096 + 1 > cap) {
            char *nb;
            cap = cap ? cap * 2 : 65536;
            nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n - 1, f);
        if (got == 0)
            break;
        n += got;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Scores a message given as a C string with a default engine. */
static inline lsc_result *t_score(const lsc_engine *e, const char *msg)
{
    lsc_result *r = NULL;
    lsc_error err;
    int rc = lsc_score(&r, e, msg, strlen(msg), NULL, &err);
    if (rc != 0) {
        printf("#   lsc_score failed: %d %s\n", rc, err.message);
        return NULL;
    }
    return r;
}

/* The *.eml files of dir, sorted, into names[max] (each strdup'ed; the
 * caller frees them); their count, or -1 when dir cannot be opened. */
static inline int t_by_name_(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static inline long t_eml_names(const char *dir, char **names, size_t max)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    size_t n = 0;
    if (!d)
        return -1;
    while ((de = readdir(d)) != NULL && n < max) {
        size_t l = strlen(de->d_name);
        if (l > 4 && strcmp(de->d_name + l - 4, ".eml") == 0)
            names[n++] = strdup(de->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, t_by_name_);
    return (long)n;
}

#endif

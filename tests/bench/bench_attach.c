/*
 * bench_attach.c - what the attachments stage finds in real mail and what
 * it costs.
 *
 * Takes: a directory (CORPUS), read recursively; every regular file is one
 * message (dot files, .md and .tsv skipped).  Gives, on stdout: the time
 * of the attachments stage on its own (per message with attachments: mean,
 * median, p99, max; its share of lsc_score), the libmagic cost per call
 * and the cost of opening a handle over the engine's database, then a
 * table of what was found: real types, kinds, flags, and the files that
 * disagree with their names, archives and macro documents.
 * Limits: BENCH_MAX_FILES files; lists print at most LIST_MAX lines.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <magic.h>

#include "libscore.h"
#include "core/result.h"
#include "attach/attach_scan.h"

#define BENCH_MAX_FILES 200000
#define LIST_MAX 60
#define TYPES_MAX 512

typedef struct counter {
    char name[96];
    size_t n;
} counter;

static counter types[TYPES_MAX], kinds[TYPES_MAX];
static size_t n_types, n_kinds;
/* Hits of the attachment rules by corpus label (path holds /ham/, /spam/
 * or neither). */
static counter hits[3][64];
static size_t n_hits[3];

static void count(counter *t, size_t *n, const char *name)
{
    size_t i;
    for (i = 0; i < *n; i++)
        if (strcmp(t[i].name, name) == 0) {
            t[i].n++;
            return;
        }
    if (*n < TYPES_MAX) {
        snprintf(t[*n].name, sizeof t[*n].name, "%s", name);
        t[(*n)++].n = 1;
    }
}

static int by_count(const void *a, const void *b)
{
    const counter *x = a, *y = b;
    return x->n < y->n ? 1 : x->n > y->n ? -1 : strcmp(x->name, y->name);
}

static int by_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

typedef struct paths {
    char **p;
    size_t n, cap;
} paths;

static void walk(paths *ps, const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    if (!d)
        return;
    while ((de = readdir(d)) != NULL && ps->n < BENCH_MAX_FILES) {
        char path[4096];
        struct stat st;
        size_t l = strlen(de->d_name);
        if (de->d_name[0] == '.')
            continue;
        if (l > 3 && (strcmp(de->d_name + l - 3, ".md") == 0 ||
                      strcmp(de->d_name + l - 4, ".tsv") == 0))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            walk(ps, path);
        } else if (S_ISREG(st.st_mode)) {
            if (ps->n == ps->cap) {
                ps->cap = ps->cap ? ps->cap * 2 : 1024;
                ps->p = realloc(ps->p, ps->cap * sizeof *ps->p);
            }
            ps->p[ps->n++] = strdup(path);
        }
    }
    closedir(d);
}

static int by_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const struct { unsigned bit; const char *name; } flag_names[] = {
    { LSC_ATT_BLOCKED, "blocked" }, { LSC_ATT_BLOCKED_NAME, "blocked_name" },
    { LSC_ATT_BLOCKED_CONTENT, "blocked_content" },
    { LSC_ATT_BLOCKED_INSIDE, "blocked_inside" },
    { LSC_ATT_DOUBLE_EXT, "double_ext" }, { LSC_ATT_HIDDEN_CHARS, "hidden_chars" },
    { LSC_ATT_RTL_OVERRIDE, "rtl_override" }, { LSC_ATT_MISMATCH, "mismatch" },
    { LSC_ATT_ARCHIVE, "archive" }, { LSC_ATT_NESTED_ARCHIVE, "nested_archive" },
    { LSC_ATT_ENCRYPTED, "encrypted" }, { LSC_ATT_MACRO, "macro" },
    { LSC_ATT_PDF_JS, "pdf_js" }, { LSC_ATT_PDF_LAUNCH, "pdf_launch" },
    { LSC_ATT_PDF_AUTO_JS, "pdf_auto_js" }, { LSC_ATT_EXECUTABLE, "executable" },
    { LSC_ATT_ARCHIVE_BOMB, "archive_bomb" },
    { LSC_ATT_ARCHIVE_LIMIT, "archive_limit" }, { LSC_ATT_DAMAGED, "damaged" },
    { LSC_ATT_INLINE, "inline" }, { LSC_ATT_OFFICE, "office" },
    { LSC_ATT_PDF, "pdf" },
};

static const char *rel(const char *path, const char *root)
{
    size_t l = strlen(root);
    return strncmp(path, root, l) == 0 ? path + l + (path[l] == '/') : path;
}

int main(int argc, char **argv)
{
    const char *root = argc > 1 ? argv[1] : "examples/drafts";
    paths ps = { 0 };
    lsc_engine *e = NULL;
    size_t i, j, with_att = 0, n_att = 0, n_ok = 0, magic_calls = 0;
    size_t flag_counts[sizeof flag_names / sizeof flag_names[0]];
    uint64_t *stage, stage_total = 0, magic_total = 0, archive_total = 0;
    double score_total = 0;
    char *mism[LIST_MAX], *arch[LIST_MAX], *macro[LIST_MAX], *blk[LIST_MAX];
    size_t n_mism = 0, n_arch = 0, n_macro = 0, n_blk = 0;
    size_t all_mism = 0, all_arch = 0, all_macro = 0, all_blk = 0;
    uint64_t slow_ns[5] = { 0 };
    char *slow_path[5] = { 0 };

    memset(flag_counts, 0, sizeof flag_counts);
    walk(&ps, root);
    qsort(ps.p, ps.n, sizeof *ps.p, by_str);
    if (lsc_engine_new(&e, NULL, NULL) != 0) {
        printf("engine failed\n");
        return 1;
    }
    stage = calloc(ps.n ? ps.n : 1, sizeof *stage);
    for (i = 0; i < ps.n; i++) {
        size_t len = 0;
        FILE *f = fopen(ps.p[i], "rb");
        char *data;
        lsc_result *r = NULL;
        double t0;
        struct stat st;
        if (!f || stat(ps.p[i], &st) != 0) {
            if (f)
                fclose(f);
            continue;
        }
        data = malloc((size_t)st.st_size + 1);
        len = fread(data, 1, (size_t)st.st_size, f);
        fclose(f);
        t0 = now_s();
        if (lsc_score(&r, e, data, len, NULL, NULL) != 0) {
            printf("lsc_score failed on %s\n", ps.p[i]);
            free(data);
            continue;
        }
        score_total += now_s() - t0;
        n_ok++;
        if (r->msg->attach.n) {
            stage[with_att++] = r->msg->attach.stage_ns;
            stage_total += r->msg->attach.stage_ns;
            magic_total += r->msg->attach.magic_ns;
            archive_total += r->msg->attach.archive_ns;
            magic_calls += r->msg->attach.magic_calls;
            {
                size_t k = 5;
                while (k > 0 && slow_ns[k - 1] < r->msg->attach.stage_ns)
                    k--;
                if (k < 5) {
                    free(slow_path[4]);
                    memmove(slow_ns + k + 1, slow_ns + k, (4 - k) * sizeof *slow_ns);
                    memmove(slow_path + k + 1, slow_path + k,
                            (4 - k) * sizeof *slow_path);
                    slow_ns[k] = r->msg->attach.stage_ns;
                    slow_path[k] = strdup(rel(ps.p[i], root));
                }
            }
        }
        for (j = 0; j < lsc_result_hit_count(r); j++) {
            const lsc_hit *h = lsc_result_hit(r, j);
            int label = strstr(ps.p[i], "/ham/") ? 0
                      : strstr(ps.p[i], "/spam/") ? 1 : 2;
            if (strncmp(h->id, "ATTACH_", 7) == 0 ||
                strcmp(h->id, "HTML_CLIPPED") == 0)
                count(hits[label], &n_hits[label], h->id);
        }
        for (j = 0; j < lsc_result_attachment_count(r); j++) {
            const lsc_attachment *a = lsc_result_attachment(r, j);
            char line[1024];
            size_t k;
            n_att++;
            count(types, &n_types, a->real_type ? a->real_type : "(none)");
            count(kinds, &n_kinds, a->kind ? a->kind : "-");
            for (k = 0; k < sizeof flag_names / sizeof flag_names[0]; k++)
                if (a->flags & flag_names[k].bit)
                    flag_counts[k]++;
            snprintf(line, sizeof line, "%s: \"%.60s\" declared %s, real %s%s",
                     rel(ps.p[i], root), a->filename ? a->filename : "-",
                     a->declared_type, a->real_type ? a->real_type : "-",
                     a->n_entries ? "" : "");
            if (a->flags & LSC_ATT_MISMATCH) {
                if (n_mism < LIST_MAX)
                    mism[n_mism++] = strdup(line);
                all_mism++;
            }
            if (a->flags & LSC_ATT_MACRO) {
                if (n_macro < LIST_MAX)
                    macro[n_macro++] = strdup(line);
                all_macro++;
            }
            if (a->flags & LSC_ATT_BLOCKED) {
                if (n_blk < LIST_MAX)
                    blk[n_blk++] = strdup(line);
                all_blk++;
            }
            if (a->flags & LSC_ATT_ARCHIVE) {
                char l2[1400];
                snprintf(l2, sizeof l2, "%s; %zu entries%s%s%s", line,
                         a->n_entries,
                         a->n_entries ? ", first " : "",
                         a->n_entries ? lsc_attachment_entry(a, 0)->name : "",
                         (a->flags & LSC_ATT_ENCRYPTED) ? ", encrypted" : "");
                if (n_arch < LIST_MAX)
                    arch[n_arch++] = strdup(l2);
                all_arch++;
            }
        }
        lsc_result_free(r);
        free(data);
    }

    printf("messages %zu (scored %zu), with attachments %zu, attachments %zu\n",
           ps.n, n_ok, with_att, n_att);
    if (with_att) {
        qsort(stage, with_att, sizeof *stage, by_u64);
        printf("attachments stage per message with attachments: mean %.1f us, "
               "median %.1f us, p99 %.1f us, max %.1f us\n",
               (double)stage_total / (double)with_att / 1e3,
               (double)stage[with_att / 2] / 1e3,
               (double)stage[(size_t)((double)(with_att - 1) * 0.99)] / 1e3,
               (double)stage[with_att - 1] / 1e3);
        printf("attachments stage total %.3f s = %.1f%% of lsc_score time "
               "(%.3f s); in libmagic %.3f s, in archives/office/pdf %.3f s\n",
               (double)stage_total / 1e9,
               100.0 * (double)stage_total / 1e9 / (score_total > 0 ? score_total : 1),
               score_total, (double)magic_total / 1e9,
               (double)archive_total / 1e9);
    }
    for (i = 0; i < 5 && slow_path[i]; i++) {
        printf("slowest %zu: %.1f ms %s\n", i + 1, (double)slow_ns[i] / 1e6,
               slow_path[i]);
        free(slow_path[i]);
    }
    if (magic_calls)
        printf("libmagic: %zu calls, mean %.1f us per call\n", magic_calls,
               (double)magic_total / (double)magic_calls / 1e3);
    if (e->attach && e->attach->magic_buf) {
        /* What a per-call handle costs over the engine's database. */
        int rounds = 200, k;
        double t0 = now_s();
        for (k = 0; k < rounds; k++) {
            magic_t m = magic_open(MAGIC_MIME_TYPE);
            void *bufs[1] = { e->attach->magic_buf };
            size_t sizes[1] = { e->attach->magic_len };
            if (m) {
                magic_load_buffers(m, bufs, sizes, 1);
                magic_close(m);
            }
        }
        printf("magic_open + magic_load_buffers + magic_close: %.1f us "
               "(database %zu bytes, loaded once per engine)\n",
               (now_s() - t0) / rounds * 1e6, e->attach->magic_len);
    }

    qsort(types, n_types, sizeof *types, by_count);
    qsort(kinds, n_kinds, sizeof *kinds, by_count);
    printf("\n| real type (libmagic) | attachments |\n| --- | ---: |\n");
    for (i = 0; i < n_types && i < 30; i++)
        printf("| %s | %zu |\n", types[i].name, types[i].n);
    if (n_types > 30)
        printf("| (%zu more types) | |\n", n_types - 30);
    printf("\n| kind (libscore) | attachments |\n| --- | ---: |\n");
    for (i = 0; i < n_kinds; i++)
        printf("| %s | %zu |\n", kinds[i].name, kinds[i].n);
    printf("\n| flag | attachments |\n| --- | ---: |\n");
    for (i = 0; i < sizeof flag_names / sizeof flag_names[0]; i++)
        printf("| %s | %zu |\n", flag_names[i].name, flag_counts[i]);
    {
        static const char *const labels[3] = { "ham", "spam", "other" };
        size_t l;
        printf("\n| rule | messages | corpus |\n| --- | ---: | --- |\n");
        for (l = 0; l < 3; l++) {
            qsort(hits[l], n_hits[l], sizeof *hits[l], by_count);
            for (i = 0; i < n_hits[l]; i++)
                printf("| %s | %zu | %s |\n", hits[l][i].name, hits[l][i].n,
                       labels[l]);
        }
    }
    printf("\nmismatches (%zu):\n", all_mism);
    for (i = 0; i < n_mism; i++)
        printf("  %s\n", mism[i]), free(mism[i]);
    printf("archives (%zu):\n", all_arch);
    for (i = 0; i < n_arch; i++)
        printf("  %s\n", arch[i]), free(arch[i]);
    printf("macros (%zu):\n", all_macro);
    for (i = 0; i < n_macro; i++)
        printf("  %s\n", macro[i]), free(macro[i]);
    printf("blocked (%zu):\n", all_blk);
    for (i = 0; i < n_blk; i++)
        printf("  %s\n", blk[i]), free(blk[i]);

    for (i = 0; i < ps.n; i++)
        free(ps.p[i]);
    free(ps.p);
    free(stage);
    lsc_engine_free(e);
    return 0;
}

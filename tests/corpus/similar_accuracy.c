/*
 * similar_accuracy.c - how well the history's answers match the truth on
 * real mail (make check-similar [CORPUS="dir ..."] [SIM_ARGS=--sweep]).
 *
 * Takes: folders of messages (default: the shared SpamAssassin spam and
 * the Phishing Pot folders).  Every message is scored by the library, and
 * its visible words give the same shingle set the fingerprint is made
 * from.  Gives, on stdout:
 *   - recall and precision of the LSH index (lsc_history_query at 0.8)
 *     against brute-force exact Jaccard >= 0.8 over every pair;
 *   - the error of the similarity the index reports (exact below 512
 *     shingles, bottom-512 above) and of the MinHash signature alone;
 *   - with --sweep: the same for shingles of 1..5 words and 64/128/256
 *     hashes, plus how a personalized copy (greeting and name changed, one
 *     word in the middle) and unrelated mail score, which is how the
 *     shingle length and the number of hashes were chosen.
 * Exit status 1 when recall or precision is below 0.95.
 *
 * Limits: at most MAX_MESSAGES messages, MAX_FILE_BYTES per file.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/result.h"
#include "history/similar.h"

#define MAX_MESSAGES 20000
#define MAX_FILE_BYTES ((size_t)8 * 1024 * 1024)
#define THRESHOLD 0.8

typedef struct msg {
    char *path;
    lsc__sim_word *w;     /* words (norm strings owned by the arena) */
    size_t n, n_subject;
    uint64_t *sh;         /* exact shingle set for the current k */
    size_t n_sh;
    uint16_t *mh;         /* signature for the current K */
} msg;

static msg *msgs;
static size_t n_msgs;
static lsc_fingerprint **fps;   /* the library's fingerprints */
static lsc__alloc g_al;
static lsc__arena g_ar;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_file(const lsc_engine *e, const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    size_t n;
    lsc_result *r = NULL;
    const lsc__sim_facts *fa;
    msg *m;
    size_t i;
    if (!f || n_msgs >= MAX_MESSAGES) {
        if (f)
            fclose(f);
        return;
    }
    buf = malloc(MAX_FILE_BYTES);
    n = fread(buf, 1, MAX_FILE_BYTES, f);
    fclose(f);
    if (lsc_score(&r, e, buf, n, NULL, NULL) != 0) {
        free(buf);
        return;
    }
    free(buf);
    fa = r->msg->similar;
    m = &msgs[n_msgs++];
    memset(m, 0, sizeof *m);
    m->path = lsc__arena_strdup(&g_ar, path);
    m->n = fa ? fa->n_words : 0;
    m->n_subject = fa ? fa->n_subject_words : 0;
    m->w = lsc__arena_alloc(&g_ar, (m->n + 1) * sizeof *m->w);
    for (i = 0; i < m->n; i++) {
        m->w[i] = fa->words[i];
        m->w[i].norm = lsc__arena_strndup(&g_ar, fa->words[i].norm,
                                          fa->words[i].norm_len);
    }
    lsc_result_free(r);
}

static void walk(const lsc_engine *e, const char *dir, int depth)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, cap = 0, i;
    if (!d || depth > 8) {
        if (d)
            closedir(d);
        return;
    }
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            names = realloc(names, cap * sizeof *names);
        }
        names[n++] = strdup(de->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    for (i = 0; i < n; i++) {
        char p[4096];
        struct stat st;
        size_t l = strlen(names[i]);
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
            walk(e, p, depth + 1);
        else if (S_ISREG(st.st_mode) &&
                 !(l > 3 && strcmp(names[i] + l - 3, ".md") == 0) &&
                 !(l > 4 && strcmp(names[i] + l - 4, ".tsv") == 0))
            add_file(e, p);
        free(names[i]);
    }
    free(names);
}

static void make_shingles(size_t k)
{
    size_t i;
    for (i = 0; i < n_msgs; i++) {
        msg *m = &msgs[i];
        free(m->sh);
        m->sh = malloc((m->n + 1) * sizeof *m->sh);
        m->n_sh = lsc__shingles(m->w, m->n, m->n_subject, k, m->sh);
    }
}

static int g_bits = 16;

static void make_signatures_seeded(size_t K, uint64_t seed, int bits)
{
    size_t i, j;
    g_bits = bits;
    for (i = 0; i < n_msgs; i++) {
        free(msgs[i].mh);
        msgs[i].mh = malloc(K * sizeof(uint16_t));
        lsc__minhash_seeded(msgs[i].sh, msgs[i].n_sh, K, seed, msgs[i].mh);
        if (bits == 8)
            for (j = 0; j < K; j++)
                msgs[i].mh[j] &= 0xff;
    }
}

static void make_signatures(size_t K)
{
    make_signatures_seeded(K, 0, 16);
}

/* The estimate for g_bits-bit values. */
static double estimate(const uint16_t *a, const uint16_t *b, size_t K)
{
    size_t j, eq = 0;
    double c = g_bits == 8 ? 1.0 / 256.0 : 1.0 / 65536.0, f;
    for (j = 0; j < K; j++)
        eq += a[j] == b[j];
    f = ((double)eq / (double)K - c) / (1.0 - c);
    return f < 0 ? 0 : f;
}

static double jaccard(const msg *a, const msg *b)
{
    size_t i = 0, j = 0, inter = 0;
    while (i < a->n_sh && j < b->n_sh) {
        if (a->sh[i] == b->sh[j]) {
            inter++;
            i++;
            j++;
        } else if (a->sh[i] < b->sh[j]) {
            i++;
        } else {
            j++;
        }
    }
    return (double)inter / (double)(a->n_sh + b->n_sh - inter);
}

/* Upper bound of Jaccard from the set sizes alone. */
static double size_bound(const msg *a, const msg *b)
{
    size_t lo = LSC__MIN(a->n_sh, b->n_sh), hi = LSC__MAX(a->n_sh, b->n_sh);
    return hi ? (double)lo / (double)hi : 0.0;
}

typedef struct pairstats {
    size_t truth, pred, both;          /* pairs at the threshold */
    double err_sum, err_sq, err_max;   /* estimate - exact */
    double abs_sum;
    size_t err_n;
    double bg_max;                     /* highest exact J among pairs with
                                          J < 0.5 (unrelated mail) */
    size_t bg_over_03;                 /* pairs with 0.3 <= J < 0.8 */
} pairstats;

/* Brute force over every pair: exact Jaccard, and the estimate from the
 * signatures of K hashes. */
static void brute(size_t K, pairstats *ps)
{
    size_t i, j;
    memset(ps, 0, sizeof *ps);
    for (i = 0; i < n_msgs; i++) {
        if (!msgs[i].n_sh)
            continue;
        for (j = i + 1; j < n_msgs; j++) {
            double ex, est;
            if (!msgs[j].n_sh)
                continue;
            est = estimate(msgs[i].mh, msgs[j].mh, K);
            if (size_bound(&msgs[i], &msgs[j]) < 0.3 && est < THRESHOLD)
                continue; /* exact < 0.3: cannot be a pair we count */
            ex = jaccard(&msgs[i], &msgs[j]);
            if (ex >= THRESHOLD)
                ps->truth++;
            if (est >= THRESHOLD)
                ps->pred++;
            if (ex >= THRESHOLD && est >= THRESHOLD)
                ps->both++;
            if (ex >= 0.3) {
                double d = est - ex;
                ps->err_sum += d;
                ps->abs_sum += fabs(d);
                ps->err_sq += d * d;
                if (fabs(d) > ps->err_max)
                    ps->err_max = fabs(d);
                ps->err_n++;
                if (ex < THRESHOLD)
                    ps->bg_over_03++;
            }
        }
    }
}

/* Pairs the history answers: every message added, then each queried.
 * A query that met more candidates than the history compares
 * (LSC_HISTORY_MAX_COMPARED) says its answer is a floor: its pairs are
 * left out of recall and precision and counted in *n_capped. */
static int index_pairs(size_t *truth, size_t *pred, size_t *both,
                       size_t *n_capped, double *query_ms)
{
    lsc_history *h = NULL;
    lsc_history_options o;
    lsc_error err;
    size_t i, j;
    lsc_history_match *mm = malloc(n_msgs * sizeof *mm);
    unsigned char *hit = calloc(n_msgs, 1);
    struct timespec t0, t1;
    fps = calloc(n_msgs, sizeof *fps);
    lsc_history_options_init(&o);
    o.now = 1000000;
    if (lsc_history_open(&h, NULL, &o, &err) != 0) {
        fprintf(stderr, "similar_accuracy: %s\n", err.message);
        return -1;
    }
    for (i = 0; i < n_msgs; i++) {
        if (lsc__fingerprint_build(&fps[i], &g_ar, msgs[i].w, msgs[i].n,
                                   msgs[i].n_subject, NULL, 0, 1000000,
                                   NULL) != 0 ||
            lsc_history_add(h, fps[i], &err) != 0) {
            fprintf(stderr, "similar_accuracy: add failed\n");
            return -1;
        }
    }
    *truth = *pred = *both = *n_capped = 0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (i = 0; i < n_msgs; i++) {
        lsc_history_filter q = LSC_HISTORY_FILTER_INIT;
        size_t count = 0, nm = 0;
        int capped = 0;
        if (!fps[i]->n_shingles)
            continue;
        q.like = fps[i];
        q.min_similarity = THRESHOLD;
        lsc_history_match_init(mm, n_msgs);
        if (lsc_history_query_capped(mm, n_msgs, &nm, &count, &capped, h, &q,
                                     &err) != 0) {
            fprintf(stderr, "similar_accuracy: query: %s\n", err.message);
            return -1;
        }
        if (capped) {
            (*n_capped)++;
            continue;
        }
        memset(hit, 0, n_msgs);
        for (j = 0; j < nm; j++) {
            size_t k = (size_t)(mm[j].id - 1); /* ids are 1.. in order */
            if (k > i && k < n_msgs) {
                hit[k] = 1;
                (*pred)++;
            }
        }
        for (j = i + 1; j < n_msgs; j++) {
            if (!msgs[j].n_sh || size_bound(&msgs[i], &msgs[j]) < THRESHOLD)
                continue;
            if (jaccard(&msgs[i], &msgs[j]) >= THRESHOLD) {
                (*truth)++;
                if (hit[j])
                    (*both)++;
            }
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    *query_ms = ((t1.tv_sec - t0.tv_sec) * 1e3 +
                 (t1.tv_nsec - t0.tv_nsec) / 1e6);
    lsc_history_close(h);
    free(mm);
    free(hit);
    return 0;
}

/* Error of the similarity the index reports (lsc_fingerprint_similarity:
 * exact under LSC__SKETCH_K shingles, bottom-k above) against the exact
 * Jaccard, over pairs with exact J >= 0.3; "long" = either message has
 * more shingles than the sketch holds. */
static void sketch_errors(void)
{
    size_t i, j, n[2] = { 0, 0 };
    double sum[2] = { 0, 0 }, sq[2] = { 0, 0 }, worst[2] = { 0, 0 };
    int g;
    for (i = 0; i < n_msgs; i++) {
        if (!msgs[i].n_sh)
            continue;
        for (j = i + 1; j < n_msgs; j++) {
            double ex, est, d;
            if (!msgs[j].n_sh || size_bound(&msgs[i], &msgs[j]) < 0.3)
                continue;
            ex = jaccard(&msgs[i], &msgs[j]);
            if (ex < 0.3)
                continue;
            est = lsc_fingerprint_similarity(fps[i], fps[j]);
            d = est - ex;
            g = msgs[i].n_sh > LSC__SKETCH_K || msgs[j].n_sh > LSC__SKETCH_K;
            n[g]++;
            sum[g] += fabs(d);
            sq[g] += d * d;
            if (fabs(d) > worst[g])
                worst[g] = fabs(d);
        }
    }
    for (g = 0; g < 2; g++)
        printf("  similarity error, %s: %zu pairs with exact J >= 0.3, "
               "mean abs %.4f, RMS %.4f, worst %.4f\n",
               g ? "a message over 512 shingles" : "both within 512 shingles",
               n[g], n[g] ? sum[g] / n[g] : 0.0,
               n[g] ? sqrt(sq[g] / n[g]) : 0.0, worst[g]);
}

/* How much a personalized copy keeps: the first two words (greeting and
 * name) and one word in the middle replaced, for messages of 40-400
 * words.  Returns the share of copies whose exact Jaccard stays >= 0.8. */
static double personalized_kept(size_t k, double *mean)
{
    size_t i, n = 0, kept = 0;
    double sum = 0;
    for (i = 0; i < n_msgs; i++) {
        msg *m = &msgs[i], c;
        size_t j;
        static const char *const repl[] = { "dear", "zhangwei", "acmecorp" };
        if (m->n < 40 || m->n > 400)
            continue;
        c = *m;
        c.w = malloc(m->n * sizeof *c.w);
        memcpy(c.w, m->w, m->n * sizeof *c.w);
        for (j = 0; j < 3; j++) {
            size_t at = j < 2 ? m->n_subject + j : m->n_subject + (m->n - m->n_subject) / 2;
            if (at >= m->n)
                continue;
            c.w[at].norm = repl[j];
            c.w[at].norm_len = strlen(repl[j]);
        }
        c.sh = malloc(m->n * sizeof *c.sh);
        c.n_sh = lsc__shingles(c.w, c.n, c.n_subject, k, c.sh);
        {
            double jx = jaccard(m, &c);
            sum += jx;
            kept += jx >= THRESHOLD;
            n++;
        }
        free(c.w);
        free(c.sh);
    }
    *mean = n ? sum / (double)n : 0;
    return n ? (double)kept / (double)n : 0;
}

int main(int argc, char **argv)
{
    lsc_engine *e = NULL;
    lsc_error err;
    int i, sweep = 0, ndirs = 0, rc = 0;
    size_t words = 0, with_words = 0, m;
    const char *defaults[] = { "../shared/corpus/spamassassin/spam",
                               "../shared/corpus/other" };
    lsc__alloc_init(&g_al, NULL);
    lsc__arena_init(&g_ar, &g_al);
    msgs = calloc(MAX_MESSAGES, sizeof *msgs);
    if (lsc_engine_new(&e, NULL, &err) != 0) {
        fprintf(stderr, "similar_accuracy: %s\n", err.message);
        return 2;
    }
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--sweep") == 0)
            sweep = 1;
        else {
            walk(e, argv[i], 0);
            ndirs++;
        }
    }
    if (!ndirs)
        for (i = 0; i < 2; i++)
            walk(e, defaults[i], 0);
    lsc_engine_free(e);
    for (m = 0; m < n_msgs; m++) {
        words += msgs[m].n;
        with_words += msgs[m].n > 0;
    }
    printf("messages: %zu (%zu with words), %.0f words on average\n", n_msgs,
           with_words, n_msgs ? (double)words / (double)n_msgs : 0.0);
    if (with_words < 2) {
        fprintf(stderr, "similar_accuracy: no words: is the text stage built?\n");
        return 2;
    }

    if (sweep) {
        size_t k, K;
        printf("\nshingle  hashes  pairs>=0.8  recall  precision  mean_err  rms_err  "
               "max_err  pairs_0.3-0.8  personalized>=0.8 (mean J)\n");
        for (k = 1; k <= 5 && !getenv("SIM_SKIP_K"); k++) {
            double pmean, pkept;
            make_shingles(k);
            pkept = personalized_kept(k, &pmean);
            for (K = 64; K <= 256; K *= 2) {
                pairstats ps;
                make_signatures(K);
                brute(K, &ps);
                printf("%7zu  %6zu  %10zu  %6.4f  %9.4f  %+8.4f  %7.4f  %7.4f  "
                       "%13zu  %6.3f (%.3f)\n",
                       k, K, ps.truth, ps.truth ? (double)ps.both / ps.truth : 1.0,
                       ps.pred ? (double)ps.both / ps.pred : 1.0,
                       ps.err_n ? ps.err_sum / ps.err_n : 0.0,
                       ps.err_n ? sqrt(ps.err_sq / ps.err_n) : 0.0, ps.err_max,
                       ps.bg_over_03, pkept, pmean);
                fflush(stdout);
            }
        }
    }

    if (sweep) {
        /* How much the result depends on the draw of hash functions, and
         * 8-bit against 16-bit values, for 3-word shingles. */
        static const size_t Ks[] = { 128, 256, 512 };
        size_t ki;
        uint64_t seed;
        int bits;
        make_shingles(3);
        printf("\nshingles of 3: hashes  bits  seed  recall  precision  rms_err\n");
        for (ki = 0; ki < 3; ki++)
            for (bits = 16; bits >= 8; bits -= 8)
                for (seed = 0; seed < 4; seed++) {
                    pairstats ps;
                    make_signatures_seeded(Ks[ki], seed, bits);
                    brute(Ks[ki], &ps);
                    printf("               %6zu  %4d  %4llu  %6.4f  %9.4f  %7.4f\n",
                           Ks[ki], bits, (unsigned long long)seed,
                           ps.truth ? (double)ps.both / ps.truth : 1.0,
                           ps.pred ? (double)ps.both / ps.pred : 1.0,
                           ps.err_n ? sqrt(ps.err_sq / ps.err_n) : 0.0);
                    fflush(stdout);
                }
    }

    /* The library's own configuration, through the index. */
    {
        size_t truth, pred, both, n_capped;
        double ms, recall, precision;
        pairstats ps;
        make_shingles(LSC__SHINGLE_WORDS);
        make_signatures(LSC__MH_K);
        brute(LSC__MH_K, &ps);
        if (index_pairs(&truth, &pred, &both, &n_capped, &ms) != 0)
            return 2;
        recall = truth ? (double)both / truth : 1.0;
        precision = pred ? (double)both / pred : 1.0;
        printf("\nindex (shingles of %d words, %d hashes, %d bands x %d rows), "
               "threshold %.2f:\n", LSC__SHINGLE_WORDS, LSC__MH_K,
               LSC__LSH_BANDS, LSC__LSH_ROWS, THRESHOLD);
        printf("  pairs with exact Jaccard >= %.2f: %zu\n", THRESHOLD, truth);
        printf("  pairs the index returned:        %zu\n", pred);
        printf("  recall    %.4f\n  precision %.4f\n", recall, precision);
        printf("  queries left out (more than %d candidates: their count "
               "is a floor): %zu\n", LSC_HISTORY_MAX_COMPARED, n_capped);
        sketch_errors();
        printf("  MinHash signature alone (the LSH bands' source), %zu pairs "
               "with exact J >= 0.3: mean %+.4f, mean abs %.4f, RMS %.4f, "
               "worst %.4f\n",
               ps.err_n, ps.err_n ? ps.err_sum / ps.err_n : 0.0,
               ps.err_n ? ps.abs_sum / ps.err_n : 0.0,
               ps.err_n ? sqrt(ps.err_sq / ps.err_n) : 0.0, ps.err_max);
        printf("  MinHash estimate alone at 0.8: recall %.4f precision %.4f\n",
               ps.truth ? (double)ps.both / ps.truth : 1.0,
               ps.pred ? (double)ps.both / ps.pred : 1.0);
        printf("  %zu queries in %.1f ms\n", with_words, ms);
        if (recall < 0.95 || precision < 0.95) {
            printf("FAIL: recall and precision must both be >= 0.95\n");
            rc = 1;
        } else {
            printf("ok: recall and precision >= 0.95\n");
        }
    }
    for (m = 0; m < n_msgs; m++) {
        free(msgs[m].sh);
        free(msgs[m].mh);
    }
    free(msgs);
    lsc__arena_free(&g_ar);
    return rc;
}

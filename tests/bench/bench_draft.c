/*
 * bench_draft - how fast a composer can re-check a draft as the user
 * types: a 20 KB draft (10 KB text + 10 KB HTML) with a 5 MB attachment,
 * re-scored after a one-word edit, with and without an lsc_draft_cache.
 *
 * Times are CPU time of the process (the machine may be shared), in ms.
 * Reports (median, p90/p99 and max):
 *   mime        lsc_draft_mime alone (building the message), RUNS times
 *   score-mime  lsc_score of that message (the pipeline alone), RUNS times
 *   no-cache    lsc_draft_score without a cache after each edit, RUNS times
 *   cached      lsc_draft_score through one cache after each of EDITS
 *               one-word edits, with the attachment and without it
 * The argument (make bench's CORPUS) is ignored: the draft is synthetic.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "libscore.h"
#include "bench.h"

#define RUNS 25
#define EDITS 1000
#define ATTACH_BYTES ((size_t)5 * 1024 * 1024)
#define PART_BYTES (10 * 1024)

static void report(const char *name, double *t, int n)
{
    qsort(t, (size_t)n, sizeof *t, cmp_d);
    printf("  %-12s median %8.3f ms   p%d %8.3f ms   max %8.3f ms  (%d runs)\n",
           name, t[n / 2], n >= 100 ? 99 : 90,
           t[n >= 100 ? n * 99 / 100 : n * 9 / 10], t[n - 1], n);
}

/* EDITS one-word edits of text, each re-scored through cache: CPU ms. */
static int edits(const lsc_engine *e, lsc_draft *d, char *text,
                 lsc_draft_cache *cache, double *t)
{
    int r;
    for (r = 0; r < EDITS; r++) {
        lsc_result *res = NULL;
        double t0;
        memcpy(text + 100 + (size_t)(r % 997) * 8, r % 2 ? "quote " : "price ",
               6);
        t0 = cpu_ms();
        if (lsc_draft_score(&res, e, d, NULL, cache, NULL) != 0)
            return -1;
        t[r] = cpu_ms() - t0;
        lsc_result_free(res);
    }
    return 0;
}

static const char *words[] = {
    "quotation", "shipment", "pallets", "container", "delivery", "invoice",
    "warehouse", "samples", "catalogue", "discount", "payment", "terms",
    "the", "for", "and", "our", "your", "order", "we", "will", "please",
    "confirm", "quantity", "price", "panel", "factory", "schedule", "week",
};

/* Fills buf with about n bytes of plausible business prose. */
static size_t prose(char *buf, size_t n, unsigned seed, int html)
{
    size_t k = 0;
    unsigned s = seed;
    if (html)
        k += (size_t)snprintf(buf, n, "<html><body><p>");
    while (k + 40 < n) {
        s = s * 1103515245u + 12345u;
        k += (size_t)snprintf(buf + k, n - k, "%s ",
                              words[(s >> 16) % (sizeof words / sizeof *words)]);
        if ((s >> 8) % 17 == 0)
            k += (size_t)snprintf(buf + k, n - k, html ? ".</p><p>" : ".\n");
    }
    if (html)
        k += (size_t)snprintf(buf + k, n - k, "</p></body></html>");
    return k;
}

int main(int argc, char **argv)
{
    static char text[PART_BYTES + 64], html[PART_BYTES + 64];
    unsigned char *att_data = malloc(ATTACH_BYTES);
    lsc_engine *e = NULL;
    lsc_draft_cache *cache = NULL;
    lsc_draft_attachment att;
    lsc_draft d;
    double t_mime[RUNS], t_score[RUNS], t_nocache[RUNS];
    static double t_cached[EDITS], t_plain[EDITS];
    double first;
    size_t i, tlen, hlen;
    uint64_t hits, misses;
    int r;
    (void)argc;
    (void)argv;

    if (!att_data || lsc_engine_new(&e, NULL, NULL) != 0) {
        fprintf(stderr, "bench_draft: setup failed\n");
        return 1;
    }
    memcpy(att_data, "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n", 15);
    {
        uint64_t x = 88172645463325252ULL;
        for (i = 15; i < ATTACH_BYTES; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            att_data[i] = (unsigned char)x;
        }
    }
    tlen = prose(text, sizeof text, 1, 0);
    hlen = prose(html, sizeof html, 2, 1);
    memset(&att, 0, sizeof att);
    att.filename = "catalogue-2026.pdf";
    att.filename_len = LSC_NTS;
    att.data = att_data;
    att.data_len = ATTACH_BYTES;
    lsc_draft_init(&d);
    d.from = "Li Wei <li.wei@example.cn>";
    d.from_len = LSC_NTS;
    d.to = "Ann Brown <ann.brown@example.com>";
    d.to_len = LSC_NTS;
    d.subject = "Quotation and catalogue for the Hamburg warehouse";
    d.subject_len = LSC_NTS;
    d.text = text;
    d.text_len = tlen;
    d.html = html;
    d.html_len = hlen;
    d.attachments = &att;
    d.n_attachments = 1;

    printf("bench_draft: %zu-byte text + %zu-byte HTML, %zu-byte attachment, "
           "%d runs each\n", tlen, hlen, ATTACH_BYTES, RUNS);
    if (lsc_draft_cache_new(&cache, e, 0, NULL) != 0)
        return 1;
    {
        lsc_result *res = NULL;
        double t0 = cpu_ms();
        if (lsc_draft_score(&res, e, &d, NULL, cache, NULL) != 0)
            return 1;
        first = cpu_ms() - t0;
        lsc_result_free(res);
    }
    for (r = 0; r < RUNS; r++) {
        lsc_result *res = NULL;
        char *m = NULL;
        size_t mlen = 0;
        double t0, t1;
        /* a one-word edit: the user retypes a word of the text */
        memcpy(text + 100 + (size_t)(r % 50) * 8, r % 2 ? "quote " : "price ", 6);

        t0 = cpu_ms();
        if (lsc_draft_mime(&m, &mlen, e, &d, NULL) != 0)
            return 1;
        t1 = cpu_ms();
        t_mime[r] = t1 - t0;
        t0 = cpu_ms();
        if (lsc_score(&res, e, m, mlen, NULL, NULL) != 0)
            return 1;
        t_score[r] = cpu_ms() - t0;
        lsc_result_free(res);
        lsc_string_free(m);

        t0 = cpu_ms();
        if (lsc_draft_score(&res, e, &d, NULL, NULL, NULL) != 0)
            return 1;
        t_nocache[r] = cpu_ms() - t0;
        lsc_result_free(res);
    }
    if (edits(e, &d, text, cache, t_cached) != 0)
        return 1;
    lsc_draft_cache_stats(cache, &hits, &misses, NULL);
    printf("  first scoring through the cache (attachment analysed): %.2f ms\n",
           first);
    report("mime", t_mime, RUNS);
    report("score-mime", t_score, RUNS);
    report("no-cache", t_nocache, RUNS);
    report("cached", t_cached, EDITS);
    printf("  cache: %llu reused, %llu analysed\n", (unsigned long long)hits,
           (unsigned long long)misses);
    d.attachments = NULL;
    d.n_attachments = 0;
    if (edits(e, &d, text, cache, t_plain) != 0)
        return 1;
    report("cached, no attachment", t_plain, EDITS);
    lsc_draft_cache_free(cache);
    lsc_engine_free(e);
    free(att_data);
    return 0;
}

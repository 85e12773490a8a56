/*
 * bench_report - what the annotated report page costs (lsc_result_html).
 *
 * A 20 KB draft (HTML body of business prose salted with the phrases,
 * capitals, exclamation marks and links the rules flag, so the page has
 * many findings and marks) is scored once; then the page is made RUNS
 * times.  Reports the median, p90 and min time per page, the page size,
 * findings and marks, against the goal of < 1 ms.  Then the same for each
 * message file directly in the argument directory (make bench's CORPUS;
 * at most MAX_FILES), as the median and the slowest page over them.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "libscore.h"
#include "bench.h"

#define RUNS 200
#define DRAFT_BYTES (20 * 1024)
#define MAX_FILES 2000
#define FILE_RUNS 5

static const char *words[] = {
    "quotation", "shipment", "pallets", "container", "delivery", "invoice",
    "warehouse", "samples", "catalogue", "payment", "terms", "the", "for",
    "and", "our", "your", "order", "we", "will", "please", "confirm",
    "quantity", "price", "panel", "factory", "schedule", "week",
    "FREE", "ACT NOW", "special offer", "LOWEST PRICE", "100% guaranteed",
    "!!!", "limited time", "click here", "<a href=\"http://bit.ly/x\">our catalogue</a>",
    "<a href=\"http://203.0.113.9/\">www.example.com</a>",
};

static char *draft(size_t *len)
{
    size_t n = DRAFT_BYTES, k = 0;
    unsigned s = 7;
    char *buf = malloc(n + 1024);
    if (!buf)
        return NULL;
    k += (size_t)snprintf(buf, n, "From: Li Wei <li@example.cn>\r\n"
                          "To: buyer@example.com\r\nSubject: BEST PRICE "
                          "quotation, FREE samples!!!\r\nMIME-Version: 1.0\r\n"
                          "Content-Type: text/html; charset=utf-8\r\n\r\n"
                          "<html><body><p>Dear Sir/Madam, ");
    while (k + 120 < n) {
        s = s * 1103515245u + 12345u;
        k += (size_t)snprintf(buf + k, n - k, "%s ",
                              words[(s >> 16) % (sizeof words / sizeof *words)]);
        if ((s >> 8) % 17 == 0)
            k += (size_t)snprintf(buf + k, n - k, "</p>\r\n<p>");
    }
    k += (size_t)snprintf(buf + k, n + 1024 - k, "</p></body></html>\r\n");
    *len = k;
    return buf;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    while ((hay = strstr(hay, needle)) != NULL) {
        n++;
        hay += strlen(needle);
    }
    return n;
}

/* Median time of runs pages of r, in ms; *size the page's bytes. */
static double page_ms(const lsc_result *r, int runs, size_t *size,
                      double *t, char **keep)
{
    int i;
    for (i = 0; i < runs; i++) {
        char *html = NULL;
        size_t len = 0;
        double t0 = now_ms();
        if (lsc_result_html(&html, &len, r, NULL, NULL) != 0)
            return -1;
        t[i] = now_ms() - t0;
        *size = len;
        if (keep && i == runs - 1)
            *keep = html;
        else
            lsc_string_free(html);
    }
    qsort(t, (size_t)runs, sizeof *t, cmp_d);
    return t[runs / 2];
}

int main(int argc, char **argv)
{
    lsc_engine *e = NULL;
    lsc_result *r = NULL;
    size_t len = 0, size = 0, nfiles = 0;
    char *msg = draft(&len), *page = NULL;
    static double t[RUNS], fm[MAX_FILES];
    double med, worst = 0;
    DIR *d;
    struct dirent *de;
    if (!msg || lsc_engine_new(&e, NULL, NULL) != 0 ||
        lsc_score(&r, e, msg, len, NULL, NULL) != 0) {
        fprintf(stderr, "bench_report: cannot score the draft\n");
        return 1;
    }
    med = page_ms(r, RUNS, &size, t, &page);
    printf("report page of a %zu-byte draft (%zu findings, %zu marks, page %zu "
           "bytes), %d runs:\n", len, lsc_result_hit_count(r),
           page ? count(page, "<mark class=\"ev\" id=") : 0, size, RUNS);
    printf("  lsc_result_html  median %.3f ms   p90 %.3f ms   min %.3f ms   "
           "goal < 1 ms: %s\n", med, t[RUNS * 9 / 10], t[0],
           med < 1.0 ? "met" : "NOT MET");
    lsc_string_free(page);
    lsc_result_free(r);
    free(msg);

    d = argc > 1 ? opendir(argv[1]) : NULL;
    while (d && (de = readdir(d)) != NULL && nfiles < MAX_FILES) {
        char path[4096];
        FILE *f;
        char *buf;
        long n;
        double tf[FILE_RUNS];
        if (de->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", argv[1], de->d_name);
        f = fopen(path, "rb");
        if (!f)
            continue;
        if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) <= 0 ||
            fseek(f, 0, SEEK_SET) != 0 || !(buf = malloc((size_t)n))) {
            fclose(f);
            continue;
        }
        if (fread(buf, 1, (size_t)n, f) == (size_t)n &&
            lsc_score(&r, e, buf, (size_t)n, NULL, NULL) == 0) {
            fm[nfiles] = page_ms(r, FILE_RUNS, &size, tf, NULL);
            if (fm[nfiles] > worst)
                worst = fm[nfiles];
            nfiles++;
            lsc_result_free(r);
        }
        free(buf);
        fclose(f);
    }
    if (d)
        closedir(d);
    if (nfiles) {
        qsort(fm, nfiles, sizeof *fm, cmp_d);
        printf("  %zu messages of %s: median %.3f ms per page, slowest %.3f ms\n",
               nfiles, argv[1], fm[nfiles / 2], worst);
    }
    lsc_engine_free(e);
    return 0;
}

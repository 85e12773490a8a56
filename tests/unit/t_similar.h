/*
 * t_similar.h - helpers of test_similar.c and test_history.c: fingerprints
 * built straight from word arrays (before and independent of text.c), and
 * temporary folders.
 */
#ifndef T_SIMILAR_H
#define T_SIMILAR_H

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "history/similar.h"

/* Splits text at spaces and punctuation into lower-case words (pointing
 * into a lowered copy kept in the arena). */
static inline size_t t_words(lsc__arena *ar, const char *text,
                             lsc__sim_word **out)
{
    size_t n = strlen(text), i = 0, k = 0;
    char *low = lsc__arena_strndup(ar, text, n);
    lsc__sim_word *w = lsc__arena_zalloc(ar, (n / 1 + 1) * sizeof *w);
    for (i = 0; i < n; i++)
        low[i] = (char)tolower((unsigned char)low[i]);
    i = 0;
    while (i < n) {
        size_t s;
        while (i < n && !isalnum((unsigned char)low[i]) &&
               !((unsigned char)low[i] & 0x80))
            i++;
        s = i;
        while (i < n && (isalnum((unsigned char)low[i]) ||
                         ((unsigned char)low[i] & 0x80)))
            i++;
        if (i > s) {
            w[k].norm = low + s;
            w[k].norm_len = i - s;
            w[k].where = LSC_WHERE_SUBJECT;
            w[k].start = s;
            w[k].end = i;
            k++;
        }
    }
    *out = w;
    return k;
}

/* A fingerprint of text (all of it counted as body) at time t to the
 * comma-separated domains. */
static inline lsc_fingerprint *t_fp(lsc__arena *ar, const char *text,
                                    const char *domains, int64_t t)
{
    lsc__sim_word *w;
    size_t n = t_words(ar, text, &w), nd = 0;
    char *doms[LSC_FINGERPRINT_MAX_DOMAINS + 8];
    lsc_fingerprint *fp = NULL;
    if (domains && *domains) {
        char *d = lsc__arena_strdup(ar, domains), *save = NULL, *tok;
        for (tok = strtok_r(d, ",", &save); tok && nd < LSC__COUNT(doms);
             tok = strtok_r(NULL, ",", &save))
            doms[nd++] = tok;
    }
    if (lsc__fingerprint_build(&fp, ar, w, n, 0, doms, nd, t, NULL) != 0)
        return NULL;
    return fp;
}

/* A letter of about n words from a fixed vocabulary, seeded. */
static inline char *t_letter(lsc__arena *ar, unsigned seed, size_t n)
{
    static const char *const vocab[] = {
        "order", "price", "quote", "shipment", "container", "factory",
        "sample", "payment", "invoice", "delivery", "quality", "meeting",
        "product", "catalog", "discount", "contract", "supplier", "market",
        "customer", "schedule", "week", "month", "please", "confirm",
        "thank", "you", "we", "our", "your", "the", "a", "of", "to", "in",
        "for", "with", "and", "new", "best", "regards", "team", "line",
        "steel", "cotton", "plastic", "glass", "wood", "paper", "machine",
        "parts", "tools", "boxes", "pallet", "port", "shanghai", "hamburg",
        "rotterdam", "terms", "fob", "cif", "exw", "usd", "eur", "units"
    };
    lsc__buf b;
    size_t i;
    unsigned x = seed * 2654435761u + 1;
    lsc__buf_init(&b, ar);
    for (i = 0; i < n; i++) {
        const char *v;
        x = x * 1103515245u + 12345u;
        v = vocab[(x >> 16) % LSC__COUNT(vocab)];
        if (i)
            lsc__buf_putc(&b, ' ');
        lsc__buf_append(&b, v, strlen(v));
    }
    return lsc__buf_finish(&b);
}

/* A fresh temporary folder (mkdtemp); removed by t_rmdir. */
static inline char *t_tmpdir(char *buf, size_t cap)
{
    const char *base = getenv("TMPDIR");
    snprintf(buf, cap, "%s/lsc-hist-XXXXXX", base && *base ? base : "/tmp");
    return mkdtemp(buf);
}

static inline void t_rmdir(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        printf("#   could not remove %s\n", dir);
}

#endif

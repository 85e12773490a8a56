/*
 * fuzz.h - what the fuzz targets share: invariant checks over a result.
 *
 * Takes: an lsc_result.  Gives: FZ_CHECK, which stops the fuzzer (abort)
 * when a promise of the public header is broken, and counts a failure when
 * the same target is replayed by tests/unit/test_fuzz_replay.c (which
 * defines FZ_FAIL before including the targets).  Limits: checks only what
 * the header promises (bounds, UTF-8, tree shape), not scoring quality.
 */
#ifndef LSC_FUZZ_H
#define LSC_FUZZ_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libscore.h"

#ifndef FZ_FAIL
#define FZ_FAIL(what) \
    do { \
        fprintf(stderr, "fuzz invariant broken: %s (%s:%d)\n", what, \
                __FILE__, __LINE__); \
        abort(); \
    } while (0)
#endif

#define FZ_CHECK(cond) \
    do { \
        if (!(cond)) \
            FZ_FAIL(#cond); \
    } while (0)

/* 1 when p[0..n) is well-formed UTF-8 (no overlongs, no surrogates). */
static inline int fz_utf8_ok(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        size_t k;
        unsigned cp, min;
        if (c < 0x80) { i++; continue; }
        if (c >= 0xc2 && c <= 0xdf) { k = 1; cp = c & 0x1f; min = 0x80; }
        else if (c >= 0xe0 && c <= 0xef) { k = 2; cp = c & 0x0f; min = 0x800; }
        else if (c >= 0xf0 && c <= 0xf4) { k = 3; cp = c & 0x07; min = 0x10000; }
        else return 0;
        if (n - i <= k)
            return 0;
        for (size_t j = 1; j <= k; j++) {
            if ((p[i + j] & 0xc0) != 0x80)
                return 0;
            cp = (cp << 6) | (p[i + j] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return 0;
        i += k + 1;
    }
    return 1;
}

/* Walks everything a result hands out and checks the header's promises;
 * touching every byte also lets ASan see reads past an end. */
static inline void fz_check_result(const lsc_result *r, int with_json)
{
    size_t np = lsc_result_part_count(r), nh = lsc_result_hit_count(r);
    size_t slen = 0, i, j;
    const char *subj = lsc_result_subject(r, &slen);
    unsigned sum = 0;

    FZ_CHECK(subj != NULL);
    /* the subject comes with its length: a NUL from the mail may be in it */
    FZ_CHECK(strlen(subj) <= slen && subj[slen] == '\0');
    FZ_CHECK(fz_utf8_ok(subj, slen));
    FZ_CHECK(lsc_result_risk(r) >= 0 && lsc_result_risk(r) <= 100);
    FZ_CHECK(lsc_result_points(r) >= 0.0);
    for (i = 0; i < np; i++) {
        const lsc_part *p = lsc_result_part(r, i);
        FZ_CHECK(p != NULL);
        FZ_CHECK(p->index == i);
        FZ_CHECK(p->content_type != NULL);
        FZ_CHECK(i == 0 ? p->parent == (size_t)-1 : p->parent < i);
        if (i > 0)
            FZ_CHECK(p->depth == lsc_result_part(r, p->parent)->depth + 1);
        FZ_CHECK(p->body != NULL || p->body_bytes == 0);
        for (j = 0; j < p->body_bytes; j++)
            sum += p->body[j];
        if (p->utf8) {
            FZ_CHECK(p->utf8[p->utf8_bytes] == '\0');
            FZ_CHECK(fz_utf8_ok(p->utf8, p->utf8_bytes));
        }
        if (p->text) {
            FZ_CHECK(p->text[p->text_bytes] == '\0');
            FZ_CHECK(fz_utf8_ok(p->text, p->text_bytes));
        }
        if (p->filename)
            FZ_CHECK(fz_utf8_ok(p->filename, strlen(p->filename)));
    }
    FZ_CHECK(lsc_result_part(r, np) == NULL);
    for (i = 0; i < lsc_result_header_count(r); i++) {
        const char *name = NULL, *value = NULL;
        FZ_CHECK(lsc_result_header(r, i, &name, &value) == 0);
        FZ_CHECK(name != NULL && value != NULL);
        FZ_CHECK(fz_utf8_ok(value, strlen(value)));
        FZ_CHECK(lsc_result_header_value(r, name) != NULL);
    }
    FZ_CHECK(lsc_result_header(r, lsc_result_header_count(r), NULL, NULL) ==
             LSC_ENOTFOUND);
    for (i = 0; i < nh; i++) {
        const lsc_hit *h = lsc_result_hit(r, i);
        FZ_CHECK(h != NULL && h->id != NULL && h->explanation != NULL);
        FZ_CHECK(h->strength >= 0.0 && h->strength <= 1.0);
        FZ_CHECK(h->points >= 0.0);
        if (i > 0)
            FZ_CHECK(lsc_result_hit(r, i - 1)->points >= h->points);
        FZ_CHECK(lsc_result_find_hit(r, h->id) != NULL);
        for (j = 0; j < h->n_evidence; j++) {
            const lsc_evidence *ev = &h->evidence[j];
            FZ_CHECK(ev->start <= ev->end);
            FZ_CHECK(ev->text != NULL);
            FZ_CHECK(fz_utf8_ok(ev->text, strlen(ev->text)));
            if (ev->where == LSC_WHERE_SUBJECT)
                FZ_CHECK(ev->end <= slen);
            if (ev->where == LSC_WHERE_BODY) {
                const lsc_part *p = lsc_result_part(r, ev->part);
                FZ_CHECK(p != NULL && p->text != NULL);
                FZ_CHECK(ev->end <= p->text_bytes);
            }
            if (ev->where == LSC_WHERE_ATTACHMENT)
                FZ_CHECK(lsc_result_part(r, ev->part) != NULL);
        }
    }
    for (i = 0; i < lsc_result_attachment_count(r); i++) {
        const lsc_attachment *a = lsc_result_attachment(r, i);
        FZ_CHECK(a != NULL);
        FZ_CHECK(a->part < np);
        FZ_CHECK(a->declared_type != NULL);
        FZ_CHECK(a->n_entries == 0 || a->entries != NULL);
        if (a->filename)
            FZ_CHECK(fz_utf8_ok(a->filename, strlen(a->filename)));
        for (j = 0; j < a->n_entries; j++) {
            const lsc_archive_entry *en = &a->entries[j];
            FZ_CHECK(en->name != NULL && en->path != NULL);
            FZ_CHECK(en->depth >= 1);
            if (en->parent == (size_t)-1) {
                FZ_CHECK(en->depth == 1);
            } else {
                FZ_CHECK(en->parent < j);
                FZ_CHECK(en->depth == a->entries[en->parent].depth + 1);
            }
        }
    }
    FZ_CHECK(lsc_result_attachment(r, lsc_result_attachment_count(r)) == NULL);
    if (with_json) {
        char *js = NULL;
        size_t jl = 0;
        int rc = lsc_result_json(&js, &jl, r, LSC_JSON_PARTS, NULL);
        FZ_CHECK(rc == 0 || rc == LSC_ENOMEM);
        if (rc == 0) {
            FZ_CHECK(js != NULL && strlen(js) == jl);
            FZ_CHECK(fz_utf8_ok(js, jl));
        }
        lsc_string_free(js);
        /* the report page: whatever the mail, it is whole, UTF-8 and
         * carries no markup of the mail's (the page never writes <script,
         * <img or <iframe itself) */
        rc = lsc_result_html(&js, &jl, r, NULL, NULL);
        FZ_CHECK(rc == 0 || rc == LSC_ENOMEM);
        if (rc == 0) {
            FZ_CHECK(js != NULL && strlen(js) == jl);
            FZ_CHECK(fz_utf8_ok(js, jl));
            FZ_CHECK(!strstr(js, "<script") && !strstr(js, "<img") &&
                     !strstr(js, "<iframe"));
            FZ_CHECK(jl > 8 && strcmp(js + jl - 8, "</html>\n") == 0);
        }
        lsc_string_free(js);
    }
    (void)sum;
}

#endif

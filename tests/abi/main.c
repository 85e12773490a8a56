/*
 * main.c - scores messages with today's libscore.h and checks that the
 * older caller (old_caller.c) reads every evidence span and archive entry
 * right through the accessors.  It also checks that indexing with the old
 * sizeof reads something else, which shows the two layouts really differ
 * (so the first check can fail).  Usage: main EML_WITH_EVIDENCE EML_WITH_ZIP
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libscore.h"
#include "old_caller.h"

static int failed;

static void check(int ok, const char *what)
{
    printf("%s - abi: %s\n", ok ? "ok" : "not ok", what);
    if (!ok)
        failed = 1;
}

static lsc_result *score(lsc_engine *e, const char *path)
{
    FILE *f = fopen(path, "rb");
    static char buf[1 << 20];
    size_t n;
    lsc_result *r = NULL;
    if (!f) {
        printf("not ok - abi: cannot read %s\n", path);
        exit(1);
    }
    n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    if (lsc_score(&r, e, buf, n, NULL, NULL) != LSC_OK) {
        printf("not ok - abi: cannot score %s\n", path);
        exit(1);
    }
    return r;
}

int main(int argc, char **argv)
{
    lsc_engine *e = NULL;
    lsc_result *r;
    size_t i, j, spans = 0, entries = 0;
    int right = 1, differs = 0;

    if (argc != 3 || lsc_engine_new(&e, NULL, NULL) != LSC_OK) {
        printf("not ok - abi: usage or engine\n");
        return 1;
    }
    r = score(e, argv[1]);
    for (i = 0; i < lsc_result_hit_count(r); i++) {
        const lsc_hit *h = lsc_result_hit(r, i);
        if (old_evidence_count(h) != h->n_evidence)
            right = 0;
        for (j = 0; j < h->n_evidence; j++) {
            const lsc_evidence *ev = lsc_hit_evidence(h, j);
            size_t s = 0, en = 0, s2 = 0, e2 = 0;
            int w = old_evidence_span(h, j, 0, &s, &en);
            int w2 = old_evidence_span(h, j, 1, &s2, &e2);
            if (!ev || ev != &h->evidence[j] || w != (int)ev->where ||
                s != ev->start || en != ev->end)
                right = 0;
            if (j > 0 && (w2 != (int)ev->where || s2 != ev->start ||
                          e2 != ev->end))
                differs = 1;
            spans++;
        }
        if (lsc_hit_evidence(h, h->n_evidence) != NULL)
            right = 0;
    }
    check(spans >= 3, "the message gives evidence spans to read");
    check(right, "an older lsc_hit layout reads every span right through lsc_hit_evidence");
    check(differs, "indexing evidence with the older sizeof reads wrong (the layouts differ)");
    lsc_result_free(r);

    r = score(e, argv[2]);
    right = 1;
    differs = 0;
    for (i = 0; i < lsc_result_attachment_count(r); i++) {
        const lsc_attachment *a = lsc_result_attachment(r, i);
        for (j = 0; j < a->n_entries; j++) {
            const lsc_archive_entry *en = lsc_attachment_entry(a, j);
            const char *p = old_entry_path(a, a->entries, j, 0);
            const char *p2 = old_entry_path(a, a->entries, j, 1);
            if (!en || en != &a->entries[j] || p != en->path)
                right = 0;
            if (j > 0 && p2 != en->path)
                differs = 1;
            entries++;
        }
        if (lsc_attachment_entry(a, a->n_entries) != NULL)
            right = 0;
    }
    check(entries >= 2, "the message gives archive entries to read");
    check(right, "an older lsc_archive_entry layout reads every entry right through lsc_attachment_entry");
    check(differs, "indexing entries with the older sizeof reads wrong (the layouts differ)");
    check(lsc_hit_evidence(NULL, 0) == NULL && lsc_attachment_entry(NULL, 0) == NULL,
          "the accessors take NULL");
    lsc_result_free(r);
    lsc_engine_free(e);
    return failed;
}

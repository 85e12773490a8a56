/*
 * fuzz_mime.c - libFuzzer target: the structure reader alone (lsc_parse:
 * MIME, decoding, visible text, no rules).
 *
 * Takes: any bytes as a message.  Gives: a crash, a sanitizer report or an
 * abort on a broken invariant of the parts tree (fuzz.h).  Small limits on
 * a second engine let the fuzzer reach every limit path with short inputs.
 */
#include <stdint.h>

#include "fuzz.h"

static lsc_engine *fz_mime_engine, *fz_mime_small;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lsc_result *r = NULL;
    int rc;

    if (!fz_mime_engine) {
        lsc_options o;
        lsc_options_init(&o);
        if (lsc_engine_new(&fz_mime_engine, &o, NULL) != 0)
            abort();
        o.limits.max_parts = 8;
        o.limits.max_depth = 3;
        o.limits.max_headers = 8;
        o.limits.max_header_bytes = 64;
        o.limits.max_html_nodes = 16;
        o.limits.max_links = 2;
        o.limits.max_words = 16;
        o.limits.max_message_bytes = 2048;
        o.limits.max_archive_entries = 2;
        o.limits.max_archive_depth = 1;
        o.limits.max_archive_bytes = 4096;
        if (lsc_engine_new(&fz_mime_small, &o, NULL) != 0)
            abort();
    }
    rc = lsc_parse(&r, (size & 1) ? fz_mime_small : fz_mime_engine, data,
                   size, NULL);
    FZ_CHECK(rc == 0);
    FZ_CHECK(r != NULL);
    fz_check_result(r, 0);
    lsc_result_free(r);
    return 0;
}

/*
 * fuzz_score.c - libFuzzer target: the whole scoring of a raw message.
 *
 * Takes: any bytes as a message.  Gives: a crash, a sanitizer report or an
 * abort on a broken invariant (fuzz.h).  The mode (draft or sent) comes
 * from the input's length so that seeds stay plain messages.  One engine
 * for the process, as a host would hold it.
 */
#include <stdint.h>

#include "fuzz.h"

static lsc_engine *fz_score_engine;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lsc_score_options so;
    lsc_result *r = NULL;
    lsc_error err;
    int rc;

    if (!fz_score_engine && lsc_engine_new(&fz_score_engine, NULL, NULL) != 0)
        abort();
    lsc_score_options_init(&so);
    so.mode = (size & 1) ? LSC_MODE_SENT : LSC_MODE_DRAFT;
    so.now = 1700000000;
    rc = lsc_score(&r, fz_score_engine, data, size, &so, &err);
    FZ_CHECK(rc == 0);
    FZ_CHECK(r != NULL);
    fz_check_result(r, 1);
    lsc_result_free(r);
    return 0;
}

/*
 * fuzz_bounce.c - libFuzzer target: the bounce reader (lsc_bounce_read).
 *
 * Takes: any bytes as a returned message.  Gives: a crash, a sanitizer
 * report or an abort on a broken promise of the header: reading never
 * fails on bad input, a non-bounce has no recipients, every recipient has
 * an address with an '@', a status that fits, a known reason, and an
 * explanation and suggestion; the recipient count stays within the
 * reader's limit.  Odd-sized inputs use the Chinese texts.
 */
#include <stdint.h>

#include "fuzz.h"

/* The reader keeps at most this many recipients (LSC__BOUNCE_MAX_RCPTS). */
#define FZ_BOUNCE_MAX_RCPTS 500

static lsc_engine *fz_bounce_en, *fz_bounce_zh;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lsc_bounce *b = NULL;
    size_t i, n;
    int rc;

    if (!fz_bounce_en) {
        lsc_options o;
        lsc_options_init(&o);
        if (lsc_engine_new(&fz_bounce_en, &o, NULL) != 0)
            abort();
        o.lang = LSC_LANG_ZH;
        if (lsc_engine_new(&fz_bounce_zh, &o, NULL) != 0)
            abort();
    }
    rc = lsc_bounce_read(&b, (size & 1) ? fz_bounce_zh : fz_bounce_en, data,
                         size, NULL, NULL);
    FZ_CHECK(rc == 0);
    FZ_CHECK(b != NULL);
    n = lsc_bounce_recipient_count(b);
    FZ_CHECK(n <= FZ_BOUNCE_MAX_RCPTS);
    FZ_CHECK((lsc_bounce_get_kind(b) == LSC_BOUNCE_NONE) == (n == 0));
    FZ_CHECK(lsc_bounce_format(b) != NULL);
    FZ_CHECK(lsc_bounce_original_subject(b) != NULL);
    FZ_CHECK(lsc_bounce_original_message_id(b) != NULL);
    for (i = 0; i < n; i++) {
        const char *a = lsc_bounce_address(b, i);
        const char *st = lsc_bounce_status(b, i);
        FZ_CHECK(a != NULL && strchr(a, '@') != NULL);
        FZ_CHECK(st != NULL && strlen(st) < 16);
        FZ_CHECK(lsc_bounce_get_reason(b, i) < LSC_REASON_COUNT);
        FZ_CHECK(lsc_bounce_diagnostic(b, i) != NULL);
        FZ_CHECK(lsc_bounce_explanation(b, i) && *lsc_bounce_explanation(b, i));
        FZ_CHECK(lsc_bounce_suggestion(b, i) && *lsc_bounce_suggestion(b, i));
        FZ_CHECK(lsc_bounce_reply_code(b, i) >= 0 && lsc_bounce_reply_code(b, i) < 600);
    }
    FZ_CHECK(lsc_bounce_address(b, n) == NULL);
    lsc_bounce_free(b);
    return 0;
}

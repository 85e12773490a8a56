/*
 * fuzz_html.c - libFuzzer target: the HTML stage.
 *
 * Takes: any bytes as the body of a UTF-8 text/html message (8bit, so the
 * bytes reach the HTML reader unchanged).  Gives: a crash, a sanitizer
 * report or an abort on a broken invariant (visible text must be UTF-8,
 * evidence inside it).  Going through lsc_score rather than the internal
 * html stage keeps the target valid whatever the stage's internals become,
 * and runs the HTML rules over what the stage produced.
 */
#include <stdint.h>

#include "fuzz.h"

static lsc_engine *fz_html_engine;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char head[] =
        "From: a@example.com\r\nTo: b@example.org\r\nSubject: html\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\n";
    lsc_score_options so;
    lsc_result *r = NULL;
    char *msg;
    int rc;

    if (!fz_html_engine && lsc_engine_new(&fz_html_engine, NULL, NULL) != 0)
        abort();
    msg = malloc(sizeof head - 1 + size + 1);
    if (!msg)
        return 0;
    memcpy(msg, head, sizeof head - 1);
    if (size)
        memcpy(msg + sizeof head - 1, data, size);
    lsc_score_options_init(&so);
    so.now = 1700000000;
    rc = lsc_score(&r, fz_html_engine, msg, sizeof head - 1 + size, &so, NULL);
    FZ_CHECK(rc == 0);
    FZ_CHECK(r != NULL);
    fz_check_result(r, 1);
    lsc_result_free(r);
    free(msg);
    return 0;
}

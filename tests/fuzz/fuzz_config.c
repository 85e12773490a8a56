/*
 * fuzz_config.c - libFuzzer target: the engine's config text and the
 * phrase-list loader.
 *
 * Takes: any bytes.  An even first byte: the rest is config text
 * (lsc_options.config).  An odd one: the rest is written as a phrase list
 * file (<tmp>/en/promo.txt) read through lsc_options.wordlist_dir.  Gives:
 * a crash, a sanitizer report or an abort when a bad config is not an
 * ordinary error (LSC_ECONFIG/LSC_EINVAL with a message) or an engine that
 * was accepted cannot score.  Limits: one temporary directory per process,
 * removed at exit.
 */
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

static char fz_config_dir[256];
static char fz_config_file[300];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fz_config_cleanup(void)
{
    char sub[280];
    if (!fz_config_dir[0])
        return;
    unlink(fz_config_file);
    snprintf(sub, sizeof sub, "%s/en", fz_config_dir);
    rmdir(sub);
    rmdir(fz_config_dir);
}

static int fz_config_setup(void)
{
    const char *t = getenv("TMPDIR");
    char sub[280];
    if (fz_config_dir[0])
        return 0;
    snprintf(fz_config_dir, sizeof fz_config_dir, "%s/lsc-fuzz-XXXXXX",
             t && *t ? t : "/tmp");
    if (!mkdtemp(fz_config_dir)) {
        fz_config_dir[0] = '\0';
        return -1;
    }
    snprintf(sub, sizeof sub, "%s/en", fz_config_dir);
    if (mkdir(sub, 0700) != 0)
        return -1;
    snprintf(fz_config_file, sizeof fz_config_file, "%s/en/promo.txt",
             fz_config_dir);
    atexit(fz_config_cleanup);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char msg[] =
        "From: Ann <ann@example.com>\r\nTo: bob@example.org\r\n"
        "Subject: LIMITED OFFER, act now!!!\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        "Dear Sir/Madam, buy now and save 50% off, 100% guaranteed.\r\n";
    lsc_options o;
    lsc_engine *e = NULL;
    lsc_error err;
    int rc;

    if (size == 0)
        return 0;
    lsc_options_init(&o);
    if ((data[0] & 1) == 0) {
        o.config = (const char *)data + 1;
        o.config_len = size - 1;
    } else {
        FILE *f;
        if (fz_config_setup() != 0)
            return 0;
        f = fopen(fz_config_file, "wb");
        if (!f)
            return 0;
        if (size > 1)
            fwrite(data + 1, 1, size - 1, f);
        fclose(f);
        o.wordlist_dir = fz_config_dir;
        o.wordlist_mode = (data[0] & 2) ? LSC_WORDLISTS_REPLACE
                                        : LSC_WORDLISTS_EXTEND;
    }
    memset(&err, 0, sizeof err);
    rc = lsc_engine_new(&e, &o, &err);
    if (rc != 0) {
        FZ_CHECK(e == NULL);
        FZ_CHECK(rc == LSC_ECONFIG || rc == LSC_EINVAL || rc == LSC_EIO);
        FZ_CHECK(err.code == rc);
        FZ_CHECK(memchr(err.message, '\0', sizeof err.message) != NULL);
        FZ_CHECK(memchr(err.source, '\0', sizeof err.source) != NULL);
        FZ_CHECK(err.line >= 0 && err.column >= 0);
        return 0;
    }
    {
        lsc_score_options so;
        lsc_result *r = NULL;
        size_t i, n = lsc_engine_rule_count(e);
        for (i = 0; i < n; i++) {
            const lsc_rule_info *ri = lsc_engine_rule(e, i);
            FZ_CHECK(ri != NULL && ri->id != NULL && ri->description != NULL);
            FZ_CHECK(ri->weight >= 0.0);
        }
        lsc_score_options_init(&so);
        so.now = 1700000000;
        rc = lsc_score(&r, e, msg, sizeof msg - 1, &so, NULL);
        FZ_CHECK(rc == 0);
        fz_check_result(r, 1);
        lsc_result_free(r);
    }
    lsc_engine_free(e);
    return 0;
}

/*
 * sd_bounce.c - "score-draft bounce": reads returned mail and says why it
 * came back.
 *
 *   score-draft bounce [--json | --format tsv] [--lang en|zh]
 *                      [--history PATH] FILE|DIR|- ...
 *     (default)       one block per bounce: each failed recipient, the
 *                     reason in words and what to do
 *     --json          one JSON object per file
 *     --format tsv    file, recipient, status, replycode, reason, hard
 *                     (one row per recipient; a non-bounce gives one row
 *                     with recipient "-" and reason "not-a-bounce")
 *     --history PATH  record the failed recipients in the sent-mail history
 *     --header        with --format tsv, a first row naming the columns
 *   Options as in score-draft (getopt_long: --opt=VALUE, --); an mbox gives
 *   each of its messages (FILE:N).
 *
 * Exit status: 0, 2 on errors.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sd.h"

enum bformat { B_TEXT, B_JSON, B_TSV };

typedef struct brun {
    enum bformat fmt;
    lsc_engine *engine;
    lsc_history *history;
    const char *history_path;
    int status;
} brun;

/* Directory levels walked below a DIR argument. */
#define SD_BOUNCE_MAX_DEPTH 8

static void tsv_field(FILE *out, const char *s)
{
    for (; s && *s; s++)
        fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, out);
}

static void print_tsv(FILE *out, const char *path, const lsc_bounce *b)
{
    size_t i, n = lsc_bounce_recipient_count(b);
    if (!n) {
        tsv_field(out, path);
        fputs("\t-\t\t\tnot-a-bounce\t0\n", out);
        return;
    }
    for (i = 0; i < n; i++) {
        int rc = lsc_bounce_reply_code(b, i);
        tsv_field(out, path);
        fputc('\t', out);
        tsv_field(out, lsc_bounce_address(b, i));
        fputc('\t', out);
        tsv_field(out, lsc_bounce_status(b, i));
        fputc('\t', out);
        if (rc)
            fprintf(out, "%d", rc);
        fprintf(out, "\t%s\t%d\n",
                lsc_bounce_reason_name(lsc_bounce_get_reason(b, i)),
                lsc_bounce_hard(b, i));
    }
}

static void json_kv(FILE *out, const char *k, const char *v, int comma)
{
    fprintf(out, "\"%s\":", k);
    sd_json_str(out, v ? v : "", v ? strlen(v) : 0);
    if (comma)
        fputc(',', out);
}

static void print_json(FILE *out, const char *path, const lsc_bounce *b)
{
    size_t i, n = lsc_bounce_recipient_count(b);
    static const char *const kinds[] = {"none", "failure", "autoreply",
                                        "feedback", "delivered"};
    fputc('{', out);
    json_kv(out, "file", path, 1);
    fprintf(out, "\"bounce\":%s,", lsc_bounce_is_bounce(b) ? "true" : "false");
    json_kv(out, "kind", kinds[lsc_bounce_get_kind(b)], 1);
    json_kv(out, "format", lsc_bounce_format(b), 1);
    json_kv(out, "original_subject", lsc_bounce_original_subject(b), 1);
    json_kv(out, "original_message_id", lsc_bounce_original_message_id(b), 1);
    json_kv(out, "original_to", lsc_bounce_original_to(b), 1);
    fputs("\"recipients\":[", out);
    for (i = 0; i < n; i++) {
        fputs(i ? ",{" : "{", out);
        json_kv(out, "address", lsc_bounce_address(b, i), 1);
        json_kv(out, "status", lsc_bounce_status(b, i), 1);
        fprintf(out, "\"replycode\":%d,", lsc_bounce_reply_code(b, i));
        json_kv(out, "reason",
                lsc_bounce_reason_name(lsc_bounce_get_reason(b, i)), 1);
        fprintf(out, "\"hard\":%s,", lsc_bounce_hard(b, i) ? "true" : "false");
        json_kv(out, "action", lsc_bounce_action(b, i), 1);
        json_kv(out, "command", lsc_bounce_command(b, i), 1);
        json_kv(out, "diagnostic", lsc_bounce_diagnostic(b, i), 1);
        json_kv(out, "reporting_mta", lsc_bounce_reporting_mta(b, i), 1);
        json_kv(out, "remote_mta", lsc_bounce_remote_mta(b, i), 1);
        json_kv(out, "date", lsc_bounce_date(b, i), 1);
        fprintf(out, "\"time\":%lld,", (long long)lsc_bounce_time(b, i));
        json_kv(out, "explanation", lsc_bounce_explanation(b, i), 1);
        json_kv(out, "suggestion", lsc_bounce_suggestion(b, i), 0);
        fputc('}', out);
    }
    fputs("]}\n", out);
}

static void print_text(FILE *out, const char *path, const lsc_bounce *b)
{
    size_t i, n = lsc_bounce_recipient_count(b);
    if (!lsc_bounce_is_bounce(b)) {
        fprintf(out, "%s: not a bounce\n", path);
        return;
    }
    fprintf(out, "%s: %s bounce, %zu recipient%s\n", path,
            lsc_bounce_format(b), n, n == 1 ? "" : "s");
    if (*lsc_bounce_original_subject(b))
        fprintf(out, "  original: \"%s\"\n", lsc_bounce_original_subject(b));
    for (i = 0; i < n; i++) {
        fprintf(out, "  %s  %s %s%s\n", lsc_bounce_address(b, i),
                lsc_bounce_reason_name(lsc_bounce_get_reason(b, i)),
                lsc_bounce_status(b, i), lsc_bounce_hard(b, i) ? " (hard)" : "");
        fprintf(out, "    %s\n    -> %s\n", lsc_bounce_explanation(b, i),
                lsc_bounce_suggestion(b, i));
        if (*lsc_bounce_diagnostic(b, i))
            fprintf(out, "    server said: %.300s\n", lsc_bounce_diagnostic(b, i));
    }
}

static void bounce_one(void *ud, const char *path, const char *data,
                       size_t len)
{
    brun *r = ud;
    lsc_bounce *b = NULL;
    lsc_error err;
    if (lsc_bounce_read(&b, r->engine, data, len, NULL, &err) != 0) {
        fprintf(stderr, "score-draft: %s: %s\n", path, err.message);
        r->status = 2;
        return;
    }
    if (r->history && lsc_history_add_bounce(r->history, b, NULL, &err) != 0) {
        fprintf(stderr, "score-draft: %s: %s\n", r->history_path, err.message);
        r->status = 2;
    }
    if (r->fmt == B_TSV)
        print_tsv(stdout, path, b);
    else if (r->fmt == B_JSON)
        print_json(stdout, path, b);
    else
        print_text(stdout, path, b);
    lsc_bounce_free(b);
}

/* A file: one bounce, or each message of an mbox. */
static void one(brun *r, const char *path)
{
    char *data = NULL;
    size_t len = 0;
    if (sd_read_path(path, &data, &len) != 0) {
        r->status = 2;
        return;
    }
    if (sd_each_message(path, data, len, bounce_one, r) != 0)
        r->status = 2;
    free(data);
}

/* Files next to test messages that are not mail. */
static int side_file(const char *path)
{
    static const char *const ext[] = {".md", ".tsv", ".want", ".expect", ".py"};
    size_t l = strlen(path), i;
    for (i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        size_t e = strlen(ext[i]);
        if (l > e && strcmp(path + l - e, ext[i]) == 0)
            return 1;
    }
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(brun *r, const char *dir, int depth)
{
    DIR *d;
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, cap = 0, i;
    if (depth > SD_BOUNCE_MAX_DEPTH || !(d = opendir(dir)))
        return;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            char **nn = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof *nn);
            if (!nn)
                break;
            names = nn;
        }
        names[n] = malloc(strlen(dir) + strlen(e->d_name) + 2);
        if (!names[n])
            break;
        sprintf(names[n], "%s/%s", dir, e->d_name);
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    for (i = 0; i < n; i++) {
        struct stat st;
        if (stat(names[i], &st) == 0) {
            if (S_ISDIR(st.st_mode))
                walk(r, names[i], depth + 1);
            else if (S_ISREG(st.st_mode) && !side_file(names[i]))
                one(r, names[i]);
        }
        free(names[i]);
    }
    free(names);
}

static const struct option bounce_options[] = {
    { "json", no_argument, NULL, 'j' },
    { "format", required_argument, NULL, 'f' },
    { "lang", required_argument, NULL, 'l' },
    { "history", required_argument, NULL, 'H' },
    { "header", no_argument, NULL, 'T' },
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, 'V' },
    { NULL, 0, NULL, 0 }
};

int sd_bounce_main(int argc, char **argv)
{
    brun r;
    lsc_options o;
    lsc_error err;
    int i, c, header = 0;
    memset(&r, 0, sizeof r);
    lsc_options_init(&o);
    argv[0] = (char *)"score-draft bounce";
    optind = 1;
    while ((c = getopt_long(argc, argv, "hV", bounce_options, NULL)) != -1) {
        switch (c) {
        case 'j': r.fmt = B_JSON; break;
        case 'f':
            if (strcmp(optarg, "tsv") == 0)
                r.fmt = B_TSV;
            else if (strcmp(optarg, "json") == 0)
                r.fmt = B_JSON;
            else if (strcmp(optarg, "text") == 0)
                r.fmt = B_TEXT;
            else {
                fprintf(stderr, "score-draft: unknown format '%s' "
                                "(text, json or tsv)\n", optarg);
                return 2;
            }
            break;
        case 'l':
            if (sd_lang(optarg, &o.lang) != 0)
                return 2;
            break;
        case 'H': r.history_path = optarg; break;
        case 'T': header = 1; break;
        case 'h': sd_help_bounce(stdout); return 0;
        case 'V': return sd_version();
        default: return sd_usage_error("bounce");
        }
    }
    if (optind >= argc) {
        fputs("score-draft bounce: no bounce to read: name a FILE, a DIR or "
              "- for standard input\n", stderr);
        return sd_usage_error("bounce");
    }
    if (lsc_engine_new(&r.engine, &o, &err) != 0) {
        fprintf(stderr, "score-draft: %s\n", err.message);
        return 2;
    }
    if (r.history_path &&
        lsc_history_open(&r.history, r.history_path, NULL, &err) != 0) {
        fprintf(stderr, "score-draft: %s: %s\n", r.history_path, err.message);
        lsc_engine_free(r.engine);
        return 2;
    }
    if (header && r.fmt == B_TSV)
        fputs("file\trecipient\tstatus\treplycode\treason\thard\n", stdout);
    for (i = optind; i < argc; i++) {
        const char *a = argv[i];
        struct stat st;
        if (strcmp(a, "-") != 0 && stat(a, &st) == 0 && S_ISDIR(st.st_mode))
            walk(&r, a, 0);
        else
            one(&r, a);
    }
    lsc_history_close(r.history);
    lsc_engine_free(r.engine);
    return r.status;
}

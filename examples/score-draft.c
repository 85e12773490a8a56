/*
 * score-draft - scores .eml drafts and says what would get them bounced,
 * filtered or ignored.
 *
 *   score-draft [options] FILE|DIR|- ...
 *     (default)       readable report, worst finding first
 *     --json          one JSON object per message
 *     --format tsv    path, points, risk, level, rule ids (batches)
 *     --mime-json     MIME structure, in ../shared/tools/mime_reference.py form
 *     --text-json     visible text, in ../shared/tools/text_reference.py form
 *     --lang en|zh    language of explanations
 *     --fail-above R  exit 1 when a message's risk is above R (0-100) or
 *                     its level above R (low, medium, high), and for
 *                     input that is not an email
 *     --sent          judge as delivered mail, not as a draft
 *     --history PATH  compare with earlier mail (an SQLite file or a
 *                     postgresql:// URL); --record adds this one,
 *                     --sender NAME says who sent it (the team view)
 *     --config FILE   weights and switches (see libscore.h)
 *     --wordlists DIR extra phrase lists
 *     --html OUT      also write the annotated page: OUT.html for one
 *                     message, or a directory of pages and index.html
 *   score-draft history stats PATH|URL   summary and team view
 *   score-draft bounce [--json | --format tsv] [--lang en|zh]
 *                      [--history PATH] FILE|DIR|- ...   (sd_bounce.c)
 *   score-draft sender DOMAIN, --check-dns FILE            (sd_dns.c)
 *
 * Exit status: 0, 1 when --fail-above was exceeded, 2 on errors (bad
 * options, unreadable files).
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sd.h"

enum format { F_REPORT, F_JSON, F_TSV, F_MIME, F_TEXT };

/* Files beyond this are read only up to the library's own limit anyway. */
#define SD_MAX_FILE ((size_t)256 * 1024 * 1024)

int sd_lang(const char *v, lsc_lang *out)
{
    if (strcmp(v, "zh") == 0)
        *out = LSC_LANG_ZH;
    else if (strcmp(v, "en") == 0)
        *out = LSC_LANG_EN;
    else {
        fprintf(stderr, "score-draft: unknown language '%s'\n", v);
        return -1;
    }
    return 0;
}

int sd_read_all(FILE *f, char **out, size_t *len)
{
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap);
    if (!buf)
        return -1;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *nb;
            if (cap >= SD_MAX_FILE)
                break;
            cap *= 2;
            nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                return -1;
            }
            buf = nb;
        }
    }
    if (ferror(f)) {
        free(buf);
        return -1;
    }
    *out = buf;
    *len = n;
    return 0;
}

int sd_read_path(const char *path, char **out, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    int rc;
    if (!f) {
        fprintf(stderr, "score-draft: %s: %s\n", path, strerror(errno));
        return -1;
    }
    rc = sd_read_all(f, out, len);
    if (f != stdin)
        fclose(f);
    if (rc != 0)
        fprintf(stderr, "score-draft: %s: cannot read\n", path);
    return rc;
}

typedef struct run {
    enum format fmt;
    sd_opts o;
    lsc_engine *engine;
    lsc_history *history;
    lsc_mode mode;
    sd_html *html;         /* --html */
    int status;
    int count;
} run;

static void one(run *r, const char *path)
{
    char *data = NULL;
    size_t len = 0;
    lsc_result *res = NULL;
    lsc_error err;
    lsc_score_options so;
    int rc;

    if (sd_read_path(path, &data, &len) != 0) {
        r->status = 2;
        return;
    }
    lsc_score_options_init(&so);
    so.history = r->history;
    so.mode = r->mode;
    if (!r->o.record)
        so.flags |= LSC_SCORE_NO_FINGERPRINT;
    if (r->fmt == F_MIME || r->fmt == F_TEXT)
        rc = lsc_parse(&res, r->engine, data, len, &err);
    else
        rc = lsc_score(&res, r->engine, data, len, &so, &err);
    free(data);
    if (rc != 0) {
        fprintf(stderr, "score-draft: %s: %s\n", path, err.message);
        r->status = 2;
        return;
    }
    switch (r->fmt) {
    case F_MIME: rc = sd_mime_json(stdout, path, res); break;
    case F_TEXT: rc = sd_text_json(stdout, path, res); break;
    case F_JSON: rc = sd_json(stdout, path, res); break;
    case F_TSV: rc = sd_tsv(stdout, path, res); break;
    default: rc = sd_report(stdout, path, res, &r->o); break;
    }
    if (rc != 0)
        r->status = 2;
    if (r->html && sd_html_page(r->html, path, res, &r->o) != 0)
        r->status = 2;
    if (r->history && r->o.record &&
        lsc_history_add(r->history, lsc_result_fingerprint(res), &err) != 0) {
        fprintf(stderr, "score-draft: %s: %s\n", r->o.history, err.message);
        r->status = 2;
    }
    if (sd_fails(&r->o, res) && r->status == 0)
        r->status = 1;
    r->count++;
    lsc_result_free(res);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Walks like the reference tools: files of a directory sorted by name,
 * skipping dot files and .md/.tsv, then its sub-directories. */
static void walk(run *r, const char *dir, int depth)
{
    DIR *d;
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, cap = 0, i;
    if (depth > 32)
        return;
    d = opendir(dir);
    if (!d) {
        fprintf(stderr, "score-draft: %s: %s\n", dir, strerror(errno));
        r->status = 2;
        return;
    }
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        if (n == cap) {
            char **nn;
            cap = cap ? cap * 2 : 256;
            nn = realloc(names, cap * sizeof *names);
            if (!nn)
                break;
            names = nn;
        }
        names[n++] = strdup(de->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    for (int pass = 0; pass < 2; pass++) {
        for (i = 0; i < n; i++) {
            char path[4096];
            struct stat st;
            size_t l = strlen(names[i]);
            snprintf(path, sizeof path, "%s%s%s", dir,
                     dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
            if (stat(path, &st) != 0)
                continue;
            if (pass == 0 && S_ISREG(st.st_mode)) {
                if ((l > 3 && strcmp(names[i] + l - 3, ".md") == 0) ||
                    (l > 4 && strcmp(names[i] + l - 4, ".tsv") == 0))
                    continue;
                one(r, path);
            } else if (pass == 1 && S_ISDIR(st.st_mode)) {
                walk(r, path, depth + 1);
            }
        }
    }
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

static void usage(FILE *f)
{
    fputs("usage: score-draft [--json | --format tsv | --mime-json | --text-json]\n"
          "                   [--lang en|zh] [--fail-above RISK|LEVEL] [--sent]\n"
          "                   [--history PATH|URL [--record] [--sender NAME]]\n"
          "                   [--config FILE]\n"
          "                   [--wordlists DIR] [--html OUT.html|DIR]\n"
          "                   FILE|DIR|- ...\n"
          "       score-draft history stats PATH|URL [--now EPOCH]\n"
          "       score-draft bounce [--json | --format tsv] [--lang en|zh]\n"
          "                          [--history PATH] FILE|DIR|- ...\n"
          "       score-draft sender DOMAIN [--dns-server IP:PORT] [--json]\n"
          "       score-draft --check-dns FILE [--dns-server IP:PORT] [--json]\n"
          "exit status: 0 all below --fail-above (risk 0-100 or low|medium|high),\n"
          "             1 one above it or not an email, 2 error\n", f);
}

int main(int argc, char **argv)
{
    run r;
    lsc_options o;
    lsc_error err;
    int i, nfiles = 0;
    const char *color_env = getenv("NO_COLOR");
    const char *html = NULL;

    if (argc > 1 && strcmp(argv[1], "history") == 0)
        return sd_history_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "bounce") == 0)
        return sd_bounce_main(argc - 1, argv + 1);
    if (sd_dns_wanted(argc, argv))
        return sd_dns_main(argc, argv);
    memset(&r, 0, sizeof r);
    r.o.fail_above = -1;
    r.o.fail_level = -1;
    r.o.color = isatty(1) && !(color_env && *color_env);
    lsc_options_init(&o);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--json") == 0) {
            r.fmt = F_JSON;
        } else if (strcmp(a, "--mime-json") == 0) {
            r.fmt = F_MIME;
        } else if (strcmp(a, "--text-json") == 0) {
            r.fmt = F_TEXT;
        } else if (strcmp(a, "--format") == 0 && i + 1 < argc) {
            const char *v = argv[++i];
            if (strcmp(v, "tsv") == 0)
                r.fmt = F_TSV;
            else if (strcmp(v, "json") == 0)
                r.fmt = F_JSON;
            else if (strcmp(v, "text") == 0)
                r.fmt = F_REPORT;
            else {
                fprintf(stderr, "score-draft: unknown format '%s'\n", v);
                return 2;
            }
        } else if (strcmp(a, "--lang") == 0 && i + 1 < argc) {
            if (sd_lang(argv[++i], &o.lang) != 0)
                return 2;
        } else if (strcmp(a, "--fail-above") == 0 && i + 1 < argc) {
            if (sd_fail_above(argv[++i], &r.o) != 0)
                return 2;
        } else if (strcmp(a, "--history") == 0 && i + 1 < argc) {
            r.o.history = argv[++i];
        } else if (strcmp(a, "--sent") == 0) {
            r.mode = LSC_MODE_SENT;
        } else if (strcmp(a, "--record") == 0) {
            r.o.record = 1;
        } else if (strcmp(a, "--sender") == 0 && i + 1 < argc) {
            r.o.sender = argv[++i];
        } else if (strcmp(a, "--config") == 0 && i + 1 < argc) {
            o.config_path = argv[++i];
        } else if (strcmp(a, "--wordlists") == 0 && i + 1 < argc) {
            o.wordlist_dir = argv[++i];
        } else if (strcmp(a, "--html") == 0 && i + 1 < argc) {
            html = argv[++i];
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (a[0] == '-' && a[1] == '-') {
            fprintf(stderr, "score-draft: unknown option '%s'\n", a);
            usage(stderr);
            return 2;
        } else {
            nfiles++;
        }
    }
    if (!nfiles) {
        usage(stderr);
        return 2;
    }
    r.o.lang = o.lang;
    if (lsc_engine_new(&r.engine, &o, &err) != 0) {
        if (err.line)
            fprintf(stderr, "score-draft: %s:%d:%d: %s\n", err.source,
                    err.line, err.column, err.message);
        else
            fprintf(stderr, "score-draft: %s: %s\n", err.source, err.message);
        return 2;
    }
    if (r.o.history &&
        (lsc_history_open(&r.history, r.o.history, NULL, &err) != 0 ||
         lsc_history_set_sender(r.history, r.o.sender, &err) != 0)) {
        fprintf(stderr, "score-draft: %s: %s\n", r.o.history, err.message);
        lsc_history_close(r.history);
        lsc_engine_free(r.engine);
        return 2;
    }
    if (html && (r.fmt == F_MIME || r.fmt == F_TEXT ||
                 sd_html_open(&r.html, html) != 0)) {
        fprintf(stderr, "score-draft: --html needs scoring, and a place to write\n");
        lsc_history_close(r.history);
        lsc_engine_free(r.engine);
        return 2;
    }
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        struct stat st;
        if (a[0] == '-' && a[1] == '-') {
            if (strcmp(a, "--format") == 0 || strcmp(a, "--lang") == 0 ||
                strcmp(a, "--fail-above") == 0 || strcmp(a, "--history") == 0 ||
                strcmp(a, "--sender") == 0 ||
                strcmp(a, "--config") == 0 || strcmp(a, "--wordlists") == 0 ||
                strcmp(a, "--html") == 0)
                i++;
            continue;
        }
        if (strcmp(a, "-") != 0 && stat(a, &st) == 0 && S_ISDIR(st.st_mode))
            walk(&r, a, 0);
        else
            one(&r, a);
    }
    if (sd_html_close(r.html, &r.o) != 0 && r.status == 0)
        r.status = 2;
    lsc_history_close(r.history);
    lsc_engine_free(r.engine);
    return r.status;
}

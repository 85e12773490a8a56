/*
 * score-draft - scores .eml drafts and says what would get them bounced,
 * filtered or ignored.
 *
 *   score-draft [options] FILE|DIR|- ...   (score-draft --help lists them;
 *                                           sd_help.c, man score-draft)
 *   score-draft history stats PATH|URL     (sd_history.c)
 *   score-draft bounce [options] FILE ...  (sd_bounce.c)
 *   score-draft sender DOMAIN, --check-dns FILE  (sd_dns.c)
 *
 * Options are read with getopt_long (--opt VALUE, --opt=VALUE, --, options
 * after the files).  A file that is an mbox gives each of its messages
 * (sd_mbox.c).  --list-rules prints the engine's rule table.
 *
 * Exit status: 0, 1 when --fail-above was exceeded, 2 on usage or I/O
 * errors.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sd.h"

enum format { F_REPORT, F_JSON, F_TSV, F_MIME, F_TEXT };

/* Files beyond this are read only up to the library's own limit anyway. */
#define SD_MAX_FILE ((size_t)256 * 1024 * 1024)

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

/* A regular file read whole by its size: one read call where stdio made
 * three (a batch reads thousands of small files).  1 when done, 0 when
 * the file is not such a file or grew while read (the caller reads it
 * through stdio from the start), -1 out of memory or on a read error. */
static int read_by_size(int fd, char **out, size_t *len)
{
    struct stat st;
    size_t want, n = 0;
    char *buf;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
        (size_t)st.st_size >= SD_MAX_FILE)
        return 0;
    want = (size_t)st.st_size + 1;    /* one more byte shows the end */
    if (!(buf = malloc(want)))
        return -1;
    for (;;) {
        ssize_t got = read(fd, buf + n, want - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            free(buf);
            return -1;
        }
        n += (size_t)got;
        /* the size fstat gave, or the end: a regular file reads short
         * only there, so no call is spent to see the end again */
        if (got == 0 || n == want - 1)
            break;
        if (n == want) {
            free(buf);
            return lseek(fd, 0, SEEK_SET) == 0 ? 0 : -1;
        }
    }
    *out = buf;
    *len = n;
    return 1;
}

/* A file the folder listed as regular, read whole without asking its
 * size: one call fewer per file of a batch (the fstat).  1 when done; 0
 * when it read nothing or grew past the buffer's limit (the caller reads
 * it the usual way, from the start); -1 out of memory or on a read error
 * (EAGAIN among them: a pipe put in its place since the listing, opened
 * O_NONBLOCK so that it hangs nothing). */
static int read_listed_regular(int fd, char **out, size_t *len)
{
    size_t cap = 64 * 1024, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        return -1;
    for (;;) {
        ssize_t got = read(fd, buf + n, cap - n);
        char *nb;
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            free(buf);
            return -1;
        }
        n += (size_t)got;
        /* a regular file reads short only at its end */
        if (n < cap)
            break;
        if (cap >= SD_MAX_FILE || !(nb = realloc(buf, cap * 2))) {
            free(buf);
            return lseek(fd, 0, SEEK_SET) == 0 ? 0 : -1;
        }
        buf = nb;
        cap *= 2;
    }
    if (n == 0) {
        /* empty, or no regular file after all: fstat says which */
        free(buf);
        return 0;
    }
    *out = buf;
    *len = n;
    return 1;
}

int sd_read_path(const char *path, char **out, size_t *len)
{
    return sd_read_at(AT_FDCWD, path, path, out, len);
}

/* sd_read_at; listed_regular: the folder listed name as a regular file,
 * which is then read without asking its size. */
static int read_at(int dir, const char *name, const char *path,
                   int listed_regular, char **out, size_t *len)
{
    FILE *f;
    int rc, fd;
    if (strcmp(path, "-") == 0) {
        f = stdin;
    } else {
        fd = openat(dir, name, O_RDONLY | (listed_regular ? O_NONBLOCK : 0));
        if (fd < 0) {
            fprintf(stderr, "score-draft: %s: %s\n", path, strerror(errno));
            return -1;
        }
        rc = listed_regular ? read_listed_regular(fd, out, len) : 0;
        if (rc == 0)
            rc = read_by_size(fd, out, len);
        if (rc != 0) {
            close(fd);
            if (rc < 0)
                fprintf(stderr, "score-draft: %s: cannot read\n", path);
            return rc < 0 ? -1 : 0;
        }
        if (!(f = fdopen(fd, "rb"))) {
            fprintf(stderr, "score-draft: %s: %s\n", path, strerror(errno));
            close(fd);
            return -1;
        }
    }
    rc = sd_read_all(f, out, len);
    if (f != stdin)
        fclose(f);
    if (rc != 0)
        fprintf(stderr, "score-draft: %s: cannot read\n", path);
    return rc;
}

/* name opened in the directory dir (a batch's files by their names in the
 * folder already open, not by a path walked again for each); path is
 * what the messages call it. */
int sd_read_at(int dir, const char *name, const char *path, char **out,
               size_t *len)
{
    return read_at(dir, name, path, 0, out, len);
}

typedef struct run {
    enum format fmt;
    sd_opts o;
    lsc_engine *engine;
    lsc_history *history;
    lsc_mode mode;
    sd_html *html;         /* --html */
    int status;
    int count;             /* messages scored */
    int unread;            /* files or messages that could not be */
    int by_level[8];       /* scored messages per lsc_level */
    int no_mbox;           /* --no-mbox: every file is one message */
} run;

/* Levels counted for the summary line (lsc_level values below this). */
#define SD_LEVELS 8

static void score_one(void *ud, const char *path, const char *data, size_t len)
{
    run *r = ud;
    lsc_result *res = NULL;
    lsc_error err;
    lsc_score_options so;
    int rc;

    lsc_score_options_init(&so);
    so.history = r->history;
    so.mode = r->mode;
    if (!r->o.record)
        so.flags |= LSC_SCORE_NO_FINGERPRINT;
    if (r->fmt == F_MIME || r->fmt == F_TEXT)
        rc = lsc_parse(&res, r->engine, data, len, &err);
    else
        rc = lsc_score(&res, r->engine, data, len, &so, &err);
    if (rc != 0) {
        fprintf(stderr, "score-draft: %s: %s\n", path, err.message);
        r->status = 2;
        r->unread++;
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
    if ((unsigned)lsc_result_level(res) < SD_LEVELS)
        r->by_level[lsc_result_level(res)]++;
    lsc_result_free(res);
}

static void one(run *r, int dir, const char *name, const char *path,
                int listed_regular)
{
    char *data = NULL;
    size_t len = 0;

    if (read_at(dir, name, path, listed_regular, &data, &len) != 0) {
        r->status = 2;
        r->unread++;
        return;
    }
    if (r->no_mbox)
        score_one(r, path, data, len);
    else if (sd_each_message(path, data, len, score_one, r) != 0)
        r->status = 2;
    free(data);
}

/* The report's last line for a batch: how many of each level, worst
 * first, then what was not an email and what could not be read. */
static void summary(const run *r)
{
    static const char *const zh_level[] = { "低", "中", "高", "不是邮件" };
    int zh = r->o.lang == LSC_LANG_ZH, i, v, first = 1;
    if (r->count + r->unread < 2)
        return;
    printf(zh ? "共 %d 封：" : "%d messages: ", r->count + r->unread);
    for (i = 0; i < SD_LEVELS; i++) {
        const char *sep = first ? "" : zh ? "，" : ", ";
        /* high, medium, low, then the levels after high (unreadable) */
        v = i <= (int)LSC_LEVEL_HIGH ? (int)LSC_LEVEL_HIGH - i : i;
        if (!r->by_level[v])
            continue;
        if (zh && v <= (int)LSC_LEVEL_UNREADABLE)
            printf("%s%s %d", sep, zh_level[v], r->by_level[v]);
        else
            printf("%s%d %s", sep, r->by_level[v],
                   lsc_level_name((lsc_level)v));
        first = 0;
    }
    if (r->unread)
        printf(zh ? "%s%d 封无法读取" : "%s%d not read", first ? "" : zh ? "，" : ", ",
               r->unread);
    printf("\n");
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
        char *nm;
        size_t l;
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
        /* the name and, after its NUL, what readdir says it is (a batch
         * of thousands of files should not cost two stat calls each) */
        l = strlen(de->d_name);
        nm = malloc(l + 2);
        if (!nm)
            break;
        memcpy(nm, de->d_name, l + 1);
        nm[l + 1] = de->d_type == DT_REG ? 'f' : de->d_type == DT_DIR ? 'd' : '?';
        names[n++] = nm;
    }
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    for (int pass = 0; pass < 2; pass++) {
        for (i = 0; i < n; i++) {
            char path[4096];
            struct stat st;
            size_t l = strlen(names[i]);
            char kind = names[i][l + 1];
            if ((kind == 'f' && pass == 1) || (kind == 'd' && pass == 0))
                continue;
            snprintf(path, sizeof path, "%s%s%s", dir,
                     dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
            if (kind == '?' && stat(path, &st) != 0)
                continue;
            if (kind == 'f')
                st.st_mode = S_IFREG;
            else if (kind == 'd')
                st.st_mode = S_IFDIR;
            if (pass == 0 && S_ISREG(st.st_mode)) {
                if ((l > 3 && strcmp(names[i] + l - 3, ".md") == 0) ||
                    (l > 4 && strcmp(names[i] + l - 4, ".tsv") == 0))
                    continue;
                one(r, dirfd(d), names[i], path, kind == 'f');
            } else if (pass == 1 && S_ISDIR(st.st_mode)) {
                walk(r, path, depth + 1);
            }
        }
    }
    closedir(d);
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* --list-rules: the engine's rule table, after --config and --lang. */
static int list_rules(const lsc_engine *e, int json)
{
    size_t i, n = lsc_engine_rule_count(e);
    if (json)
        fputc('[', stdout);
    else
        printf("%-24s %-12s %6s  %s\n", "ID", "GROUP", "WEIGHT", "DESCRIPTION");
    for (i = 0; i < n; i++) {
        const lsc_rule_info *ri = lsc_engine_rule(e, i);
        const char *d = ri->description ? ri->description : "";
        if (json) {
            fputs(i ? ",\n {\"id\":" : "\n {\"id\":", stdout);
            sd_json_str(stdout, ri->id, strlen(ri->id));
            fputs(",\"group\":", stdout);
            sd_json_str(stdout, ri->group, strlen(ri->group));
            printf(",\"weight\":%g,\"default_weight\":%g,\"enabled\":%s,"
                   "\"description\":", ri->weight, ri->default_weight,
                   ri->enabled ? "true" : "false");
            sd_json_str(stdout, d, strlen(d));
            fputc('}', stdout);
        } else if (ri->enabled) {
            printf("%-24s %-12s %6.2f  %s\n", ri->id, ri->group, ri->weight, d);
        } else {
            printf("%-24s %-12s %6s  %s\n", ri->id, ri->group, "off", d);
        }
    }
    if (json)
        fputs("\n]\n", stdout);
    return ferror(stdout) ? 2 : 0;
}

enum {
    O_JSON = 256, O_FORMAT, O_MIME, O_TEXT, O_LANG, O_FAIL, O_HISTORY,
    O_SENT, O_RECORD, O_SENDER, O_CONFIG, O_WORDLISTS, O_HTML, O_COLOR,
    O_LIST, O_HEADER, O_NO_MBOX
};

static const struct option sd_options[] = {
    { "json", no_argument, NULL, O_JSON },
    { "format", required_argument, NULL, O_FORMAT },
    { "mime-json", no_argument, NULL, O_MIME },
    { "text-json", no_argument, NULL, O_TEXT },
    { "lang", required_argument, NULL, O_LANG },
    { "fail-above", required_argument, NULL, O_FAIL },
    { "history", required_argument, NULL, O_HISTORY },
    { "sent", no_argument, NULL, O_SENT },
    { "record", no_argument, NULL, O_RECORD },
    { "sender", required_argument, NULL, O_SENDER },
    { "config", required_argument, NULL, O_CONFIG },
    { "wordlists", required_argument, NULL, O_WORDLISTS },
    { "html", required_argument, NULL, O_HTML },
    { "color", optional_argument, NULL, O_COLOR },
    { "colour", optional_argument, NULL, O_COLOR },
    { "list-rules", no_argument, NULL, O_LIST },
    { "header", no_argument, NULL, O_HEADER },
    { "no-mbox", no_argument, NULL, O_NO_MBOX },
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, 'V' },
    { NULL, 0, NULL, 0 }
};

int main(int argc, char **argv)
{
    run r;
    lsc_options o;
    lsc_error err;
    int i, c, list = 0, header = 0, lang_given = 0;
    const char *html = NULL, *color = NULL;
    char lang_line[16];

    /* getopt_long names the program in its messages. */
    argv[0] = (char *)"score-draft";
    if (argc > 1 && strcmp(argv[1], "history") == 0)
        return sd_history_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "bounce") == 0)
        return sd_bounce_main(argc - 1, argv + 1);
    if (sd_dns_wanted(argc, argv))
        return sd_dns_main(argc, argv);
    memset(&r, 0, sizeof r);
    r.o.fail_above = -1;
    r.o.fail_level = -1;
    lsc_options_init(&o);
    opterr = 1;
    while ((c = getopt_long(argc, argv, "hV", sd_options, NULL)) != -1) {
        switch (c) {
        case O_JSON: r.fmt = F_JSON; break;
        case O_MIME: r.fmt = F_MIME; break;
        case O_TEXT: r.fmt = F_TEXT; break;
        case O_FORMAT:
            if (strcmp(optarg, "tsv") == 0)
                r.fmt = F_TSV;
            else if (strcmp(optarg, "json") == 0)
                r.fmt = F_JSON;
            else if (strcmp(optarg, "text") == 0)
                r.fmt = F_REPORT;
            else {
                fprintf(stderr, "score-draft: unknown format '%s' "
                                "(text, json or tsv)\n", optarg);
                return 2;
            }
            break;
        case O_LANG:
            if (sd_lang(optarg, &o.lang) != 0)
                return 2;
            lang_given = 1;
            break;
        case O_FAIL:
            if (sd_fail_above(optarg, &r.o) != 0)
                return 2;
            break;
        case O_HISTORY: r.o.history = optarg; break;
        case O_SENT: r.mode = LSC_MODE_SENT; break;
        case O_RECORD: r.o.record = 1; break;
        case O_SENDER: r.o.sender = optarg; break;
        case O_CONFIG: o.config_path = optarg; break;
        case O_WORDLISTS: o.wordlist_dir = optarg; break;
        case O_HTML: html = optarg; break;
        case O_COLOR: color = optarg ? optarg : "always"; break;
        case O_LIST: list = 1; break;
        case O_HEADER: header = 1; break;
        case O_NO_MBOX: r.no_mbox = 1; break;
        case 'h': sd_help(stdout); return 0;
        case 'V': return sd_version();
        default: return sd_usage_error(NULL);
        }
    }
    if (sd_color(color, 1, &r.o.color) != 0)
        return 2;
    if (optind >= argc && !list) {
        fputs("score-draft: no message to score: name a FILE, a DIR or - "
              "for standard input\n", stderr);
        return sd_usage_error(NULL);
    }
    if ((r.o.record || r.o.sender) && !r.o.history) {
        fprintf(stderr, "score-draft: %s needs --history PATH (the history "
                "to %s)\n", r.o.record ? "--record" : "--sender",
                r.o.record ? "add the messages to" : "count the sender in");
        return 2;
    }
    /* A --lang on the command line wins over the config file's "lang":
     * the options' config text is read after the file. */
    if (lang_given) {
        snprintf(lang_line, sizeof lang_line, "lang %s\n",
                 o.lang == LSC_LANG_ZH ? "zh" : "en");
        o.config = lang_line;
        o.config_len = strlen(lang_line);
    }
    if (lsc_engine_new(&r.engine, &o, &err) != 0) {
        if (err.line)
            fprintf(stderr, "score-draft: %s:%d:%d: %s\n", err.source,
                    err.line, err.column, err.message);
        else
            fprintf(stderr, "score-draft: %s: %s\n", err.source, err.message);
        return 2;
    }
    r.o.lang = lsc_engine_lang(r.engine);
    if (list) {
        int st = list_rules(r.engine, r.fmt == F_JSON);
        lsc_engine_free(r.engine);
        return st;
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
    if (header && r.fmt == F_TSV)
        fputs("path\tpoints\trisk\tlevel\trules\n", stdout);
    for (i = optind; i < argc; i++) {
        const char *a = argv[i];
        struct stat st;
        if (strcmp(a, "-") != 0 && stat(a, &st) == 0 && S_ISDIR(st.st_mode))
            walk(&r, a, 0);
        else
            one(&r, AT_FDCWD, a, a, 0);
    }
    if (r.fmt == F_REPORT)
        summary(&r);
    if (sd_html_close(r.html, &r.o) != 0 && r.status == 0)
        r.status = 2;
    lsc_history_close(r.history);
    lsc_engine_free(r.engine);
    return r.status;
}

/*
 * test_history.c - the history of sent mail: queries in memory and on
 * disk, pruning, several processes adding at once, a process killed with
 * SIGKILL in the middle of adds (nothing committed lost), damaged and
 * foreign database files, the template rules over a history, one handle
 * shared by threads, and every allocation failing in turn.
 * Files are written only under a mkdtemp folder.
 */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "test.h"
#include "t_similar.h"
#include "core/pipeline.h"
#include "core/result.h"

static lsc__alloc t_al;
static lsc__arena t_ar;
static char t_dir[256];

static void setup(void)
{
    lsc__alloc_init(&t_al, NULL);
    lsc__arena_init(&t_ar, &t_al);
}

static void teardown(void)
{
    lsc__arena_free(&t_ar);
}

static const char *path_in(const char *name)
{
    static char p[512];
    snprintf(p, sizeof p, "%s/%s", t_dir, name);
    return p;
}

static lsc_history_options opts_at(int64_t now)
{
    lsc_history_options o;
    lsc_history_options_init(&o);
    o.now = now;
    return o;
}

#define NOW ((int64_t)1764130000)
#define DAY ((int64_t)86400)

static size_t count_like(lsc_history *h, const lsc_fingerprint *fp,
                         double min_sim, int64_t since)
{
    lsc_history_filter q = LSC_HISTORY_FILTER_INIT;
    size_t n = 0;
    q.like = fp;
    q.min_similarity = min_sim;
    q.since = since;
    if (lsc_history_query(NULL, 0, NULL, &n, h, &q, NULL) != 0)
        return (size_t)-1;
    return n;
}

static size_t count_domain(lsc_history *h, const char *d, int64_t since,
                           int64_t until)
{
    lsc_history_filter q = LSC_HISTORY_FILTER_INIT;
    size_t n = 0;
    q.domain = d;
    q.since = since;
    q.until = until;
    if (lsc_history_query(NULL, 0, NULL, &n, h, &q, NULL) != 0)
        return (size_t)-1;
    return n;
}

TEST(memory_history_finds_similar_counts_windows_and_domains)
{
    lsc_history *h = NULL;
    lsc_history_options o = opts_at(NOW);
    lsc_history_match m[4];
    lsc_history_filter q = LSC_HISTORY_FILTER_INIT;
    lsc_history_summary s = LSC_HISTORY_SUMMARY_INIT;
    size_t i, n = 0, nm = 0;
    char *tpl;
    lsc_fingerprint *probe, *got = NULL;
    setup();
    CHECK_EQ_INT(lsc_history_open(&h, NULL, &o, NULL), 0);
    tpl = t_letter(&t_ar, 42, 150);
    /* 5 personalized copies of one template over 5 days, 20 others */
    for (i = 0; i < 5; i++) {
        char *txt = lsc__arena_printf(&t_ar, "dear %s %s",
                                      i % 2 ? "anna" : "li", tpl);
        CHECK_EQ_INT(lsc_history_add(h, t_fp(&t_ar, txt, "acme.com",
                                             NOW - (int64_t)i * DAY), NULL), 0);
    }
    for (i = 0; i < 20; i++)
        CHECK_EQ_INT(lsc_history_add(h, t_fp(&t_ar,
                         t_letter(&t_ar, 100 + (unsigned)i, 150),
                         i < 12 ? "acme.com,other.org" : "zeta.net",
                         NOW - (int64_t)i * 600), NULL), 0);
    probe = t_fp(&t_ar, lsc__arena_printf(&t_ar, "dear boris %s", tpl), "",
                 NOW);
    CHECK_EQ_INT(count_like(h, probe, 0.8, 0), 5);
    CHECK_EQ_INT(count_like(h, probe, 0.8, NOW - 2 * DAY), 3);
    CHECK_EQ_INT(count_like(h, probe, 0.99, 0), 0);
    /* below the LSH floor the query scans: still correct */
    CHECK_EQ_INT(count_like(h, probe, 0.3, 0), 5);
    CHECK_EQ_INT(count_domain(h, "acme.com", 0, 0), 17);
    CHECK_EQ_INT(count_domain(h, "acme.com", NOW - 3600, NOW), 7 + 1);
    CHECK_EQ_INT(count_domain(h, "zeta.net", 0, 0), 8);
    CHECK_EQ_INT(count_domain(h, "nowhere.example", 0, 0), 0);
    q.like = probe;
    q.min_similarity = 0.8;
    lsc_history_match_init(m, 4);
    CHECK_EQ_INT(lsc_history_query(m, 4, &nm, &n, h, &q, NULL), 0);
    CHECK_EQ_INT(n, 5);
    CHECK_EQ_INT(nm, 4);
    for (i = 1; i < nm; i++)
        CHECK(m[i - 1].similarity >= m[i].similarity);
    CHECK(m[0].similarity >= 0.8 && m[0].n_domains == 1);
    CHECK_EQ_INT(lsc_history_get(&got, h, m[0].id, NULL), 0);
    CHECK(got && strcmp(lsc_fingerprint_domain(got, 0), "acme.com") == 0);
    lsc_fingerprint_free(got);
    CHECK_EQ_INT(lsc_history_get(&got, h, 99999, NULL), LSC_ENOTFOUND);
    /* a time window alone */
    q.like = NULL;
    q.min_similarity = 0;
    q.since = NOW - 3 * 3600;
    CHECK_EQ_INT(lsc_history_query(NULL, 0, NULL, &n, h, &q, NULL), 0);
    CHECK_EQ_INT(n, 1 + 19);
    CHECK_EQ_INT(lsc_history_stats(&s, h, NULL), 0);
    CHECK_EQ_INT(s.entries, 25);
    CHECK_EQ_INT(s.domains, 3);
    CHECK_STR(s.top_domain, "acme.com");
    CHECK_EQ_INT(s.top_domain_count, 17);
    CHECK_EQ_INT(s.largest_template, 5);
    CHECK_EQ_INT(s.newest, NOW);
    CHECK_EQ_INT(s.oldest, NOW - 4 * DAY);
    CHECK_EQ_INT(s.persistent, 0);
    lsc_history_close(h);
    lsc_history_close(NULL);
    teardown();
}

TEST(bad_arguments)
{
    lsc_history *h = NULL;
    lsc_history_options o;
    lsc_history_filter q = LSC_HISTORY_FILTER_INIT;
    lsc_error err;
    size_t n;
    lsc_history_options_init(&o);
    o.version = 77;
    CHECK_EQ_INT(lsc_history_open(&h, NULL, &o, &err), LSC_EVERSION);
    CHECK_EQ_INT(lsc_history_open(NULL, NULL, NULL, &err), LSC_EINVAL);
    CHECK_EQ_INT(lsc_history_open(&h, NULL, NULL, &err), 0);
    CHECK_EQ_INT(lsc_history_add(h, NULL, &err), LSC_EINVAL);
    q.min_similarity = 1.5;
    CHECK_EQ_INT(lsc_history_query(NULL, 0, NULL, &n, h, &q, &err),
                 LSC_EINVAL);
    q.min_similarity = 0;
    q.version = 9;
    CHECK_EQ_INT(lsc_history_query(NULL, 0, NULL, &n, h, &q, &err),
                 LSC_EVERSION);
    lsc_history_close(h);
}

/* Caller-allocated outputs carry a version; one this library does not know
 * is refused before anything is written into them. */
TEST(history_outputs_of_unknown_version_are_refused)
{
    lsc_history *h = NULL;
    lsc_history_options o = opts_at(NOW);
    lsc_history_filter q = LSC_HISTORY_FILTER_INIT;
    lsc_history_summary s = LSC_HISTORY_SUMMARY_INIT;
    lsc_history_match m[2];
    lsc_error err;
    size_t n = 7, nm = 7;
    setup();
    CHECK_EQ_INT(lsc_history_open(&h, NULL, &o, NULL), 0);
    CHECK_EQ_INT(lsc_history_add(h, t_fp(&t_ar, t_letter(&t_ar, 5, 80),
                                         "a.example", NOW), NULL), 0);
    lsc_history_match_init(m, 2);
    m[0].version = LSC_HISTORY_MATCH_VERSION + 1;
    m[0].id = -5;
    CHECK_EQ_INT(lsc_history_query(m, 2, &nm, &n, h, &q, &err),
                 LSC_EVERSION);
    CHECK_EQ_INT((int)m[0].id, -5);
    CHECK_EQ_INT((int)nm, 0);
    m[0].version = 0;
    CHECK_EQ_INT(lsc_history_query(m, 2, &nm, &n, h, &q, &err),
                 LSC_EVERSION);
    lsc_history_match_init(m, 2);
    CHECK_EQ_INT(lsc_history_query(m, 2, &nm, &n, h, &q, &err), 0);
    CHECK_EQ_INT((int)nm, 1);
    CHECK_EQ_INT((int)m[0].version, LSC_HISTORY_MATCH_VERSION);
    s.version = LSC_HISTORY_SUMMARY_VERSION + 1;
    s.entries = 99;
    CHECK_EQ_INT(lsc_history_stats(&s, h, &err), LSC_EVERSION);
    CHECK_EQ_INT((int)s.entries, 99);
    lsc_history_summary_init(&s);
    CHECK_EQ_INT(lsc_history_stats(&s, h, &err), 0);
    CHECK_EQ_INT((int)s.entries, 1);
    CHECK_EQ_INT((int)s.version, LSC_HISTORY_SUMMARY_VERSION);
    lsc_history_close(h);
    teardown();
}

TEST(file_history_persists_and_is_shared_between_handles)
{
    lsc_history *a = NULL, *b = NULL;
    lsc_history_options o = opts_at(NOW);
    lsc_history_summary s = LSC_HISTORY_SUMMARY_INIT;
    lsc_error err;
    char *tpl;
    int i;
    setup();
    tpl = t_letter(&t_ar, 5, 100);
    CHECK_EQ_INT(lsc_history_open(&a, path_in("h.db"), &o, &err), 0);
    CHECK_EQ_INT(lsc_history_open(&b, path_in("h.db"), &o, &err), 0);
    for (i = 0; i < 10; i++)
        CHECK_EQ_INT(lsc_history_add(i % 2 ? a : b,
                                     t_fp(&t_ar, tpl, "x.com", NOW - i), &err),
                     0);
    /* each handle sees the other's adds */
    CHECK_EQ_INT(count_like(a, t_fp(&t_ar, tpl, "", NOW), 0.9, 0), 10);
    CHECK_EQ_INT(count_like(b, t_fp(&t_ar, tpl, "", NOW), 0.9, 0), 10);
    lsc_history_close(a);
    lsc_history_close(b);
    CHECK_EQ_INT(lsc_history_open(&a, path_in("h.db"), &o, &err), 0);
    CHECK_EQ_INT(lsc_history_stats(&s, a, &err), 0);
    CHECK_EQ_INT(s.entries, 10);
    CHECK_EQ_INT(s.persistent, 1);
    CHECK_EQ_INT(count_domain(a, "x.com", 0, 0), 10);
    lsc_history_close(a);
    /* read-only handles refuse to add */
    o.flags = LSC_HISTORY_READONLY;
    CHECK_EQ_INT(lsc_history_open(&a, path_in("h.db"), &o, &err), 0);
    CHECK_EQ_INT(lsc_history_add(a, t_fp(&t_ar, tpl, "", NOW), &err),
                 LSC_EINVAL);
    lsc_history_close(a);
    teardown();
}

TEST(old_entries_are_pruned)
{
    lsc_history *h = NULL;
    lsc_history_options o = opts_at(NOW);
    lsc_history_summary s = LSC_HISTORY_SUMMARY_INIT;
    int i;
    setup();
    o.max_age = 10 * DAY;
    CHECK_EQ_INT(lsc_history_open(&h, path_in("prune.db"), &o, NULL), 0);
    for (i = 0; i < 20; i++)
        CHECK_EQ_INT(lsc_history_add(h, t_fp(&t_ar, t_letter(&t_ar, (unsigned)i, 30),
                                             "p.com", NOW - i * DAY), NULL), 0);
    lsc_history_close(h);
    /* reopened: only the last 10 days remain, on disk too */
    CHECK_EQ_INT(lsc_history_open(&h, path_in("prune.db"), &o, NULL), 0);
    CHECK_EQ_INT(lsc_history_stats(&s, h, NULL), 0);
    CHECK_EQ_INT(s.entries, 11);
    CHECK_EQ_INT(s.oldest, NOW - 10 * DAY);
    lsc_history_close(h);
    /* 5 days later, with the default age in a fresh handle: the store
     * lost the old rows for good */
    o.max_age = 0;
    CHECK_EQ_INT(lsc_history_open(&h, path_in("prune.db"), &o, NULL), 0);
    CHECK_EQ_INT(lsc_history_stats(&s, h, NULL), 0);
    CHECK_EQ_INT(s.entries, 11);
    lsc_history_close(h);
    o.now = NOW + 5 * DAY;
    o.max_age = 10 * DAY;
    CHECK_EQ_INT(lsc_history_open(&h, path_in("prune.db"), &o, NULL), 0);
    CHECK_EQ_INT(lsc_history_stats(&s, h, NULL), 0);
    CHECK_EQ_INT(s.entries, 6);
    CHECK_EQ_INT(count_domain(h, "p.com", 0, 0), 6);
    lsc_history_close(h);
    teardown();
}

/* Child: adds fingerprint i (time NOW + i) and writes i to the pipe once
 * lsc_history_add has returned, forever (until killed). */
static void child_adder(const char *path, int fd, int from, int count)
{
    lsc__alloc al;
    lsc__arena ar;
    lsc_history *h = NULL;
    lsc_history_options o = opts_at(NOW);
    lsc_error err0;
    int i;
    lsc__alloc_init(&al, NULL);
    lsc__arena_init(&ar, &al);
    if (lsc_history_open(&h, path, &o, &err0) != 0) {
        printf("#   child %d: open: %s\n", from, err0.message);
        fflush(stdout);
        _exit(3);
    }
    for (i = from; count < 0 || i < from + count; i++) {
        lsc_fingerprint *fp = t_fp(&ar, t_letter(&ar, (unsigned)i, 40),
                                   "kill.example", NOW + i);
        lsc_error err;
        if (lsc_history_add(h, fp, &err) != 0) {
            printf("#   child %d: add %d: %s\n", from, i, err.message);
            fflush(stdout);
            _exit(4);
        }
        if (fd >= 0 && write(fd, &i, sizeof i) != (ssize_t)sizeof i)
            _exit(5);
        if (i % 64 == 0) {
            lsc__arena_free(&ar);
            lsc__arena_init(&ar, &al);
        }
    }
    lsc_history_close(h);
    _exit(0);
}

TEST(sigkill_in_the_middle_of_adds_loses_nothing_committed)
{
    int fds[2], acked = -1, v, round;
    for (round = 0; round < 3; round++) {
        pid_t pid;
        lsc_history *h = NULL;
        lsc_history_options o = opts_at(NOW);
        lsc_history_filter q = LSC_HISTORY_FILTER_INIT;
        size_t n = 0;
        int target = 50 + round * 70, got = 0, missing = 0, i;
        const char *path = path_in("kill.db");
        CHECK(pipe(fds) == 0);
        fflush(stdout);
        pid = fork();
        if (pid == 0) {
            close(fds[0]);
            child_adder(path, fds[1], round * 100000, -1);
        }
        close(fds[1]);
        /* wait for `target` acknowledged adds, then kill mid-stream */
        while (got < target && read(fds[0], &v, sizeof v) == sizeof v) {
            acked = v;
            got++;
        }
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        /* acks already in the pipe were committed too */
        while (read(fds[0], &v, sizeof v) == sizeof v) {
            acked = v;
            got++;
        }
        close(fds[0]);
        CHECK(got >= target);
        CHECK_EQ_INT(lsc_history_open(&h, path, &o, NULL), 0);
        if (!h)
            return;
        for (i = round * 100000; i <= acked; i++) {
            q.since = q.until = NOW + i;
            q.domain = "kill.example";
            if (lsc_history_query(NULL, 0, NULL, &n, h, &q, NULL) != 0 ||
                n != 1)
                missing++;
        }
        printf("# round %d: %d adds acknowledged before SIGKILL, %d lost\n",
               round, got, missing);
        CHECK_EQ_INT(missing, 0);
        lsc_history_close(h);
    }
}

TEST(two_processes_add_at_once)
{
    pid_t p1, p2;
    int st1 = -1, st2 = -1;
    lsc_history *h = NULL;
    lsc_history_options o = opts_at(NOW);
    lsc_history_summary s = LSC_HISTORY_SUMMARY_INIT;
    const char *path = path_in("two.db");
    fflush(stdout);
    /* both start on a file that does not exist yet: creation races too */
    p1 = fork();
    if (p1 == 0)
        child_adder(path, -1, 0, 300);
    p2 = fork();
    if (p2 == 0)
        child_adder(path, -1, 1000, 300);
    waitpid(p1, &st1, 0);
    waitpid(p2, &st2, 0);
    CHECK(WIFEXITED(st1) && WEXITSTATUS(st1) == 0);
    CHECK(WIFEXITED(st2) && WEXITSTATUS(st2) == 0);
    CHECK_EQ_INT(lsc_history_open(&h, path, &o, NULL), 0);
    CHECK_EQ_INT(lsc_history_stats(&s, h, NULL), 0);
    CHECK_EQ_INT(s.entries, 600);
    CHECK_EQ_INT(count_domain(h, "kill.example", NOW, NOW + 299), 300);
    CHECK_EQ_INT(count_domain(h, "kill.example", NOW + 1000, NOW + 1299), 300);
    lsc_history_close(h);
}

static int write_file(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    if (n && fwrite(data, 1, n, f) != n) {
        fclose(f);
        return -1;
    }
    return fclose(f);
}

TEST(damaged_or_foreign_files_are_clear_errors)
{
    lsc_history *h = NULL;
    lsc_error err;
    char junk[8192];
    size_t i;
    sqlite3 *db = NULL;
    for (i = 0; i < sizeof junk; i++)
        junk[i] = (char)(i * 131 + 7);
    /* not a database at all */
    CHECK(write_file(path_in("junk.db"), junk, sizeof junk) == 0);
    CHECK_EQ_INT(lsc_history_open(&h, path_in("junk.db"), NULL, &err),
                 LSC_ECORRUPT);
    CHECK(h == NULL);
    CHECK(strlen(err.message) > 0);
    /* an SQLite header and garbage after it */
    memcpy(junk, "SQLite format 3", 16);
    CHECK(write_file(path_in("half.db"), junk, sizeof junk) == 0);
    CHECK_EQ_INT(lsc_history_open(&h, path_in("half.db"), NULL, &err),
                 LSC_ECORRUPT);
    /* another program's database */
    CHECK(sqlite3_open(path_in("foreign.db"), &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "CREATE TABLE contacts(name, email);"
                           "INSERT INTO contacts VALUES('a','b');",
                       NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    CHECK_EQ_INT(lsc_history_open(&h, path_in("foreign.db"), NULL, &err),
                 LSC_ECORRUPT);
    CHECK(strstr(err.message, "libscore") != NULL);
    /* a history whose marker is from someone else */
    CHECK(sqlite3_open(path_in("marker.db"), &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "CREATE TABLE lsc_meta(key PRIMARY KEY, value);"
                           "INSERT INTO lsc_meta VALUES('format','other');",
                       NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    CHECK_EQ_INT(lsc_history_open(&h, path_in("marker.db"), NULL, &err),
                 LSC_ECORRUPT);
    /* a real history with a damaged fingerprint row */
    {
        lsc_history_options o = opts_at(NOW);
        setup();
        CHECK_EQ_INT(lsc_history_open(&h, path_in("row.db"), &o, &err), 0);
        CHECK_EQ_INT(lsc_history_add(h, t_fp(&t_ar, "a b c d", "", NOW), &err),
                     0);
        lsc_history_close(h);
        h = NULL;
        CHECK(sqlite3_open(path_in("row.db"), &db) == SQLITE_OK);
        CHECK(sqlite3_exec(db, "UPDATE lsc_fingerprints SET fp = x'4c534650'",
                           NULL, NULL, NULL) == SQLITE_OK);
        sqlite3_close(db);
        CHECK_EQ_INT(lsc_history_open(&h, path_in("row.db"), &o, &err),
                     LSC_ECORRUPT);
        CHECK(strstr(err.message, "damaged") != NULL);
        teardown();
    }
    /* a truncated history file */
    {
        lsc_history_options o = opts_at(NOW);
        int k, rc;
        setup();
        CHECK_EQ_INT(lsc_history_open(&h, path_in("trunc.db"), &o, &err), 0);
        for (k = 0; k < 200; k++)
            lsc_history_add(h, t_fp(&t_ar, t_letter(&t_ar, (unsigned)k, 200),
                                    "t.com", NOW), &err);
        lsc_history_close(h);
        h = NULL;
        /* fold the WAL in, then cut the file in the middle */
        CHECK(sqlite3_open(path_in("trunc.db"), &db) == SQLITE_OK);
        sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE",
                     NULL, NULL, NULL);
        sqlite3_close(db);
        {
            struct stat stt;
            CHECK(stat(path_in("trunc.db"), &stt) == 0);
            CHECK(truncate(path_in("trunc.db"), stt.st_size / 2) == 0);
        }
        rc = lsc_history_open(&h, path_in("trunc.db"), &o, &err);
        CHECK(rc == LSC_ECORRUPT || rc == LSC_EIO);
        CHECK(h == NULL);
        lsc_history_close(h);
        teardown();
    }
    /* a folder, and a folder that does not exist */
    CHECK_EQ_INT(lsc_history_open(&h, t_dir, NULL, &err), LSC_EIO);
    CHECK_EQ_INT(lsc_history_open(&h, path_in("no/such/dir/h.db"), NULL, &err),
                 LSC_EIO);
    /* read-only on a missing file */
    {
        lsc_history_options o;
        lsc_history_options_init(&o);
        o.flags = LSC_HISTORY_READONLY;
        CHECK_EQ_INT(lsc_history_open(&h, path_in("missing.db"), &o, &err),
                     LSC_EIO);
    }
}

/* ---- the rules over a history (words given directly, so this does not
 * depend on the text stage) ---- */

typedef struct t_msg {
    lsc_result *r;
    lsc__ctx c;
} t_msg;

/* Scores `subject` as a message of words to domains, with history h. */
static int t_run(t_msg *tm, const lsc_engine *e, lsc_history *h,
                 const char *text, const char *domains, int64_t now)
{
    lsc__message *m;
    lsc__sim_word *sw;
    size_t n, i;
    char *save = NULL, *tok, *d;
    memset(tm, 0, sizeof *tm);
    /* one mail header, so that the input is an email (NOT_EMAIL) */
    if (lsc_parse(&tm->r, e, "MIME-Version: 1.0\r\n\r\n", 19, NULL) != 0)
        return -1;
    m = tm->r->msg;
    tm->c.eng = e;
    tm->c.ar = &tm->r->ar;
    tm->c.res = tm->r;
    tm->c.msg = m;
    tm->c.now = now;
    tm->c.history = h;
    m->subject = lsc__arena_strdup(&tm->r->ar, text);
    m->subject_len = strlen(text);
    n = t_words(&tm->r->ar, text, &sw);
    m->subject_text.words = lsc__arena_zalloc(&tm->r->ar,
                                              (n + 1) * sizeof(lsc__word));
    for (i = 0; i < n; i++) {
        lsc__word *w = &m->subject_text.words[i];
        w->start = sw[i].start;
        w->end = sw[i].end;
        w->norm = sw[i].norm;
        w->norm_len = (uint32_t)sw[i].norm_len;
    }
    m->subject_text.n_words = n;
    d = lsc__arena_strdup(&tm->r->ar, domains);
    for (tok = strtok_r(d, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        lsc__address *a = lsc__vec_push(&m->to, &tm->r->ar);
        a->domain = tok;
        a->addr = tok;
    }
    tm->r->hits.n = 0;
    if (lsc__phrases_run(&tm->c) || lsc__similar_run(&tm->c) ||
        lsc__rules_run(&tm->c) ||
        lsc__score_run(&tm->c))
        return -1;
    return 0;
}

TEST(template_rules_fire_with_numbers_and_evidence)
{
    lsc_engine *e = NULL;
    lsc_history *h = NULL;
    lsc_history_options o = opts_at(NOW);
    t_msg tm;
    const lsc_hit *hit;
    char *tpl;
    static const char *const names[] = { "anna", "boris", "chen", "dmitri",
                                         "elena" };
    int i;
    setup();
    CHECK_EQ_INT(lsc_engine_new(&e, NULL, NULL), 0);
    CHECK_EQ_INT(lsc_history_open(&h, NULL, &o, NULL), 0);
    tpl = t_letter(&t_ar, 77, 120);
    /* the first one against an empty history: nothing fires */
    CHECK_EQ_INT(t_run(&tm, e, h, lsc__arena_printf(&t_ar, "dear %s %s",
                                                    names[0], tpl),
                       "acme.com", NOW - 4 * 3600), 0);
    CHECK(lsc_result_find_hit(tm.r, "TEMPLATE_REUSE") == NULL);
    CHECK(lsc_result_find_hit(tm.r, "SHALLOW_PERSONAL") == NULL);
    CHECK_EQ_INT(lsc_history_add(h, lsc_result_fingerprint(tm.r), NULL), 0);
    lsc_result_free(tm.r);
    for (i = 1; i < 4; i++) {
        CHECK_EQ_INT(t_run(&tm, e, h, lsc__arena_printf(&t_ar, "dear %s %s",
                                                        names[i], tpl),
                           i == 3 ? "acme.com" : "globex.com",
                           NOW - (4 - i) * 3600), 0);
        /* from the second copy on, only the name differs */
        hit = lsc_result_find_hit(tm.r, "SHALLOW_PERSONAL");
        CHECK(hit != NULL);
        if (hit) {
            CHECK(strstr(hit->explanation, "Only 1 of 122 words differs") != NULL);
            CHECK(hit->n_evidence >= 1);
            if (hit->n_evidence)
                CHECK(strstr(hit->evidence[0].text, names[i]) != NULL);
        }
        CHECK((lsc_result_find_hit(tm.r, "TEMPLATE_REUSE") != NULL) == (i >= 3));
        {
            size_t changed = 0, total = 0;
            double sim = 0;
            int64_t when = 0;
            CHECK_EQ_INT(lsc_result_personalization(tm.r, &changed, &total,
                                                    &sim, &when), 0);
            CHECK_EQ_INT(changed, 1);
            CHECK_EQ_INT(total, 122);
            CHECK(sim > 0.9 && sim < 1.0);
            CHECK_EQ_INT(when, NOW - (4 - i + 1) * 3600);
        }
        CHECK_EQ_INT(lsc_history_add(h, lsc_result_fingerprint(tm.r), NULL), 0);
        if (i < 3)
            lsc_result_free(tm.r);
    }
    hit = lsc_result_find_hit(tm.r, "TEMPLATE_REUSE");
    if (hit) {
        printf("# %s\n", hit->explanation);
        CHECK(strstr(hit->explanation, "to 3 messages") != NULL);
        CHECK(strstr(hit->explanation, "or more") == NULL);
        CHECK(strstr(hit->explanation, "acme.com") != NULL);
        CHECK(strstr(hit->explanation, "globex.com") != NULL);
        CHECK(hit->suggestion && *hit->suggestion);
    }
    hit = lsc_result_find_hit(tm.r, "SHALLOW_PERSONAL");
    if (hit)
        printf("# %s\n", hit->explanation);
    lsc_result_free(tm.r);
    /* real new content: no shallow personalization */
    CHECK_EQ_INT(t_run(&tm, e, h, t_letter(&t_ar, 555, 120), "acme.com", NOW),
                 0);
    CHECK(lsc_result_find_hit(tm.r, "SHALLOW_PERSONAL") == NULL);
    CHECK(lsc_result_find_hit(tm.r, "TEMPLATE_REUSE") == NULL);
    CHECK_EQ_INT(lsc_result_personalization(tm.r, NULL, NULL, NULL, NULL),
                 LSC_ENOTFOUND);
    lsc_result_free(tm.r);
    lsc_history_close(h);
    lsc_engine_free(e);
    teardown();
}

/* More copies than a similarity query compares: the count stops at
 * LSC_HISTORY_MAX_COMPARED and the explanation says it is a floor. */
TEST(template_reuse_says_or_more_past_the_compared_limit)
{
    lsc_engine *e = NULL;
    lsc_history *h = NULL;
    lsc_history_options o = opts_at(NOW);
    t_msg tm;
    const lsc_hit *hit;
    char *tpl, want[64];
    int i, bad = 0;
    setup();
    CHECK_EQ_INT(lsc_engine_new(&e, NULL, NULL), 0);
    CHECK_EQ_INT(lsc_history_open(&h, NULL, &o, NULL), 0);
    tpl = t_letter(&t_ar, 78, 120);
    for (i = 0; i < LSC_HISTORY_MAX_COMPARED + 8; i++) {
        if (t_run(&tm, e, h, lsc__arena_printf(&t_ar, "dear c%d %s", i, tpl),
                  "acme.com", NOW - 3600 + i) != 0) {
            bad++;
            continue;
        }
        bad += lsc_history_add(h, lsc_result_fingerprint(tm.r), NULL) != 0;
        lsc_result_free(tm.r);
    }
    CHECK_EQ_INT(bad, 0);
    CHECK_EQ_INT(t_run(&tm, e, h, lsc__arena_printf(&t_ar, "dear zoe %s", tpl),
                       "acme.com", NOW), 0);
    hit = lsc_result_find_hit(tm.r, "TEMPLATE_REUSE");
    CHECK(hit != NULL);
    if (hit) {
        printf("# %s\n", hit->explanation);
        snprintf(want, sizeof want, "to %d messages",
                 LSC_HISTORY_MAX_COMPARED);
        CHECK(strstr(hit->explanation, want) != NULL);
        snprintf(want, sizeof want, "(or more: only the %d nearest",
                 LSC_HISTORY_MAX_COMPARED);
        CHECK(strstr(hit->explanation, want) != NULL);
    }
    lsc_result_free(tm.r);
    lsc_history_close(h);
    lsc_engine_free(e);
    teardown();
}

TEST(domain_burst_fires_at_ten_in_an_hour)
{
    lsc_engine *e = NULL;
    lsc_history *h = NULL;
    lsc_history_options o = opts_at(NOW);
    lsc_options eo;
    t_msg tm;
    const lsc_hit *hit;
    int i;
    setup();
    lsc_options_init(&eo);
    CHECK_EQ_INT(lsc_engine_new(&e, &eo, NULL), 0);
    CHECK_EQ_INT(lsc_history_open(&h, NULL, &o, NULL), 0);
    /* 8 different letters to one domain in the last hour, one older */
    for (i = 0; i < 9; i++)
        CHECK_EQ_INT(lsc_history_add(h, t_fp(&t_ar, t_letter(&t_ar, 900 + (unsigned)i, 80),
                                             "target.example",
                                             i == 8 ? NOW - 7200 : NOW - i * 300),
                                     NULL), 0);
    CHECK_EQ_INT(t_run(&tm, e, h, t_letter(&t_ar, 999, 80), "target.example",
                       NOW), 0);
    CHECK(lsc_result_find_hit(tm.r, "DOMAIN_BURST") == NULL); /* 9th */
    lsc_result_free(tm.r);
    CHECK_EQ_INT(lsc_history_add(h, t_fp(&t_ar, t_letter(&t_ar, 998, 80),
                                         "target.example", NOW - 10), NULL), 0);
    CHECK_EQ_INT(t_run(&tm, e, h, t_letter(&t_ar, 999, 80),
                       "target.example,else.example", NOW), 0);
    hit = lsc_result_find_hit(tm.r, "DOMAIN_BURST");
    CHECK(hit != NULL);
    if (hit) {
        printf("# %s\n", hit->explanation);
        CHECK(strstr(hit->explanation, "message 10 to target.example") != NULL);
        CHECK(hit->n_evidence == 1);
    }
    lsc_result_free(tm.r);
    /* a "now" at the far ends of time is no overflow (UBSan watches) */
    CHECK_EQ_INT(t_run(&tm, e, h, t_letter(&t_ar, 999, 80), "target.example",
                       INT64_MIN + 5), 0);
    lsc_result_free(tm.r);
    CHECK_EQ_INT(t_run(&tm, e, h, t_letter(&t_ar, 999, 80), "target.example",
                       INT64_MAX), 0);
    lsc_result_free(tm.r);
    lsc_history_close(h);
    lsc_engine_free(e);
    teardown();
}

TEST(chinese_explanations)
{
    lsc_engine *e = NULL;
    lsc_history *h = NULL;
    lsc_history_options o = opts_at(NOW);
    lsc_options eo;
    t_msg tm;
    const lsc_hit *hit;
    char *tpl;
    int i;
    setup();
    lsc_options_init(&eo);
    eo.lang = LSC_LANG_ZH;
    CHECK_EQ_INT(lsc_engine_new(&e, &eo, NULL), 0);
    CHECK_EQ_INT(lsc_history_open(&h, NULL, &o, NULL), 0);
    tpl = t_letter(&t_ar, 31, 100);
    for (i = 0; i < 12; i++)
        lsc_history_add(h, t_fp(&t_ar, lsc__arena_printf(&t_ar, "hi n%d %s", i, tpl),
                                "zh.example", NOW - i * 60), NULL);
    CHECK_EQ_INT(t_run(&tm, e, h, lsc__arena_printf(&t_ar, "hi wang %s", tpl),
                       "zh.example", NOW), 0);
    hit = lsc_result_find_hit(tm.r, "TEMPLATE_REUSE");
    CHECK(hit && strstr(hit->explanation, "12 封邮件") != NULL);
    if (hit)
        printf("# %s\n", hit->explanation);
    hit = lsc_result_find_hit(tm.r, "DOMAIN_BURST");
    CHECK(hit && strstr(hit->explanation, "zh.example 的第 13 封") != NULL);
    hit = lsc_result_find_hit(tm.r, "SHALLOW_PERSONAL");
    CHECK(hit && strstr(hit->explanation, "个词中只有") != NULL);
    lsc_result_free(tm.r);
    lsc_history_close(h);
    lsc_engine_free(e);
    teardown();
}

/* ---- threads and out-of-memory ---- */

typedef struct thr_arg {
    lsc_history *h;
    int base;
    int failures;
} thr_arg;

static void *thr_main(void *p)
{
    thr_arg *a = p;
    lsc__alloc al;
    lsc__arena ar;
    int i;
    lsc__alloc_init(&al, NULL);
    lsc__arena_init(&ar, &al);
    for (i = 0; i < 150; i++) {
        lsc_fingerprint *fp = t_fp(&ar, t_letter(&ar, (unsigned)(a->base + i % 10), 60),
                                   "threads.example", NOW - i);
        lsc_history_filter q = LSC_HISTORY_FILTER_INIT;
        lsc_history_match m[4];
        size_t n = 0, nm = 0;
        if (!fp || lsc_history_add(a->h, fp, NULL) != 0)
            a->failures++;
        q.like = fp;
        q.min_similarity = 0.9;
        lsc_history_match_init(m, 4);
        if (lsc_history_query(m, 4, &nm, &n, a->h, &q, NULL) != 0 || n < 1)
            a->failures++;
    }
    lsc__arena_free(&ar);
    return NULL;
}

TEST(one_handle_shared_by_threads)
{
    int mode;
    for (mode = 0; mode < 2; mode++) {
        lsc_history *h = NULL;
        lsc_history_options o = opts_at(NOW);
        lsc_history_summary s = LSC_HISTORY_SUMMARY_INIT;
        pthread_t th[4];
        thr_arg args[4];
        int i;
        CHECK_EQ_INT(lsc_history_open(&h, mode ? path_in("threads.db") : NULL,
                                      &o, NULL), 0);
        if (!h)
            return;
        for (i = 0; i < 4; i++) {
            args[i].h = h;
            args[i].base = 1000 * i;
            args[i].failures = 0;
            CHECK(pthread_create(&th[i], NULL, thr_main, &args[i]) == 0);
        }
        for (i = 0; i < 4; i++) {
            pthread_join(th[i], NULL);
            CHECK_EQ_INT(args[i].failures, 0);
        }
        CHECK_EQ_INT(lsc_history_stats(&s, h, NULL), 0);
        CHECK_EQ_INT(s.entries, 600);
        CHECK_EQ_INT(s.largest_template, 15); /* 40 letters, 15 copies each */
        lsc_history_close(h);
    }
}

typedef struct failing {
    long left;      /* allocations before the first failure; < 0 never */
    long count;
} failing;

static void *f_malloc(void *ud, size_t n)
{
    failing *f = ud;
    f->count++;
    if (f->left == 0)
        return NULL;
    if (f->left > 0)
        f->left--;
    return malloc(n);
}

static void *f_realloc(void *ud, void *p, size_t n)
{
    failing *f = ud;
    f->count++;
    if (f->left == 0)
        return NULL;
    if (f->left > 0)
        f->left--;
    return realloc(p, n);
}

static void f_free(void *ud, void *p)
{
    (void)ud;
    free(p);
}

/* Every allocation of open/add/query/stats/get fails in turn: each call
 * returns LSC_ENOMEM or works, nothing leaks (ASan checks), and the
 * history stays usable. */
TEST(every_allocation_failure_is_enomem)
{
    lsc_fingerprint *fps[40];
    long nth;
    int i, bad = 0, done = 0;
    setup();
    for (i = 0; i < 40; i++)
        fps[i] = t_fp(&t_ar, t_letter(&t_ar, (unsigned)(i % 7), 50),
                      i % 3 ? "a.example,b.example" : "c.example", NOW - i);
    for (nth = 0; nth < 100000 && !done; nth++) {
        failing f = { nth, 0 };
        lsc_allocator a = { f_malloc, f_realloc, f_free, &f };
        lsc_history_options o = opts_at(NOW);
        lsc_history *h = NULL;
        lsc_history_filter q = LSC_HISTORY_FILTER_INIT;
        lsc_history_summary s = LSC_HISTORY_SUMMARY_INIT;
        lsc_history_match m[3];
        lsc_fingerprint *got = NULL;
        size_t n, nm;
        int rc, failed = 0;
        o.allocator = &a;
        rc = lsc_history_open(&h, NULL, &o, NULL);
        if (rc != 0) {
            bad += rc != LSC_ENOMEM || h != NULL;
            continue;
        }
        for (i = 0; i < 40; i++) {
            rc = lsc_history_add(h, fps[i], NULL);
            bad += rc != 0 && rc != LSC_ENOMEM;
            failed |= rc != 0;
        }
        q.like = fps[0];
        q.min_similarity = 0.8;
        lsc_history_match_init(m, 3);
        rc = lsc_history_query(m, 3, &nm, &n, h, &q, NULL);
        bad += rc != 0;
        rc = lsc_history_stats(&s, h, NULL);
        bad += rc != 0;
        {
            /* the counts agree with the entries kept, failures or not */
            lsc_history_filter all = LSC_HISTORY_FILTER_INIT;
            size_t c1 = 0, c2 = 0, c3 = 0;
            lsc_history_query(NULL, 0, NULL, &c1, h, &all, NULL);
            all.domain = "c.example";
            lsc_history_query(NULL, 0, NULL, &c2, h, &all, NULL);
            bad += c1 != s.entries;
            {
                lsc_history_match mm[1];
                /* the same count the slow way, over the entries */
                lsc_history_match_init(mm, 1);
                lsc_history_query(mm, 1, NULL, &c3, h, &all, NULL);
                bad += c2 != c3;
            }
        }
        rc = lsc_history_get(&got, h, 1, NULL);
        bad += rc != 0 && rc != LSC_ENOMEM && rc != LSC_ENOTFOUND;
        failed |= rc != 0;
        lsc_fingerprint_free(got);
        lsc_history_close(h);
        if (!failed && f.left != 0)
            done = 1; /* a run with no failure: every point was reached */
    }
    printf("# %ld allocation points walked\n", nth);
    CHECK(done);
    CHECK_EQ_INT(bad, 0);
    teardown();
}

int main(void)
{
    if (!t_tmpdir(t_dir, sizeof t_dir)) {
        printf("not ok - mkdtemp failed\n");
        return 1;
    }
    RUN(memory_history_finds_similar_counts_windows_and_domains);
    RUN(bad_arguments);
    RUN(history_outputs_of_unknown_version_are_refused);
    RUN(file_history_persists_and_is_shared_between_handles);
    RUN(old_entries_are_pruned);
    RUN(sigkill_in_the_middle_of_adds_loses_nothing_committed);
    RUN(two_processes_add_at_once);
    RUN(damaged_or_foreign_files_are_clear_errors);
    RUN(template_rules_fire_with_numbers_and_evidence);
    RUN(template_reuse_says_or_more_past_the_compared_limit);
    RUN(domain_burst_fires_at_ten_in_an_hour);
    RUN(chinese_explanations);
    RUN(one_handle_shared_by_threads);
    RUN(every_allocation_failure_is_enomem);
    t_rmdir(t_dir);
    return TEST_DONE();
}

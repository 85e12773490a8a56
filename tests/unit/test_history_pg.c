/*
 * test_history_pg.c - the history on a real PostgreSQL server, started
 * here (tests/support/pg_server.sh: initdb + pg_ctl in a temp folder, a
 * free port of 127.0.0.1) and stopped at the end; without PostgreSQL
 * installed every case fails loudly.
 *
 * Cases: one sequence of adds and queries gives the same answers on
 * SQLite and on PostgreSQL (counts, matches, the order the similarity
 * stage visits, stats, the team view, entries read back byte for byte);
 * four processes adding at once (nothing lost, nothing counted twice);
 * the server killed in the middle of adds (LSC_EIO, no crash, the retry
 * lands after the restart, every add exactly once); the schema's version
 * table; a batch of adds in one transaction; a server that is not there;
 * a bounce read on one machine flags the next letter on another, with the
 * same answers as a SQLite history, and lands once when read twice;
 * more near copies of a letter than a query compares (the count
 * saturates and says so, the nearest is still found, both backends
 * agree).
 */
#include <signal.h>
#include <sys/wait.h>

#include "test.h"
#include "t_similar.h"
#include "history/history.h"

#define NOW ((int64_t)1764130000)

static lsc__alloc t_al;
static lsc__arena t_ar;
static char t_dir[256];
static char pg_url[256];
static int pg_up;

static int pg_cmd(const char *what)
{
    char cmd[900];
    const char *top = getenv("LSC_TOP");
    snprintf(cmd, sizeof cmd, "sh '%s/tests/support/pg_server.sh' %s '%s'",
             top && *top ? top : ".", what, t_dir);
    return system(cmd);
}

static int pg_start(void)
{
    char path[512];
    FILE *f;
    if (pg_cmd("start >/dev/null") != 0)
        return -1;
    snprintf(path, sizeof path, "%s/pg/url", t_dir);
    f = fopen(path, "r");
    if (!f || !fgets(pg_url, sizeof pg_url, f)) {
        if (f)
            fclose(f);
        return -1;
    }
    fclose(f);
    pg_url[strcspn(pg_url, "\n")] = 0;
    return 0;
}

/* A database of its own for one case (one server, fresh tables). */
static const char *fresh_db(const char *name)
{
    static char url[400];
    char cmd[700];
    const char *bin = "ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1";
    snprintf(cmd, sizeof cmd,
             "\"$(%s)/psql\" -q '%s' -c 'DROP DATABASE IF EXISTS %s' "
             "-c 'CREATE DATABASE %s' >/dev/null 2>&1", bin, pg_url, name,
             name);
    if (system(cmd) != 0)
        printf("#   could not create database %s\n", name);
    snprintf(url, sizeof url, "%.*s/%s",
             (int)(strrchr(pg_url, '/') - pg_url), pg_url, name);
    return url;
}

static lsc_history_options opts(void)
{
    lsc_history_options o;
    lsc_history_options_init(&o);
    o.now = NOW;
    return o;
}

/* ---- one sequence on both backends ---- */

typedef struct visit_log {
    char text[8192];
    size_t n;
} visit_log;

static int log_visit(void *ud, const lsc__hist_match *m)
{
    visit_log *v = ud;
    int k = snprintf(v->text + v->n, sizeof v->text - v->n, "%lld:%.6f ",
                     (long long)m->id, m->similarity);
    if (k > 0 && (size_t)k < sizeof v->text - v->n)
        v->n += (size_t)k;
    return 0;
}

/* Everything a sequence of queries answers, as text. */
static void describe(lsc_history *h, lsc_fingerprint **probes, size_t n_probes,
                     char *out, size_t cap)
{
    static const double mins[] = { 0.0, 0.3, 0.5, 0.8, 0.95 };
    static const char *const doms[] = { NULL, "a.example", "b.example",
                                        "c.example", "none.example" };
    size_t i, j, k, len = 0;
    lsc_history_summary s = LSC_HISTORY_SUMMARY_INIT;
    lsc_history_team *team = NULL;
#define PUT(...) do { int w_ = snprintf(out + len, cap - len, __VA_ARGS__); \
        if (w_ > 0 && (size_t)w_ < cap - len) len += (size_t)w_; } while (0)
    out[0] = 0;
    for (i = 0; i < n_probes; i++)
        for (j = 0; j < LSC__COUNT(mins); j++)
            for (k = 0; k < LSC__COUNT(doms); k++) {
                lsc_history_filter q = LSC_HISTORY_FILTER_INIT;
                lsc_history_match m[5];
                size_t count = 0, nm = 0, x;
                int capped = -1;
                visit_log v;
                q.like = probes[i];
                q.min_similarity = mins[j];
                q.domain = doms[k];
                q.since = k == 2 ? NOW - 3 * 86400 : 0;
                lsc_history_match_init(m, 5);
                PUT("q%zu/%zu/%zu rc=%d", i, j, k,
                    lsc_history_query_capped(m, 5, &nm, &count, &capped, h,
                                             &q, NULL));
                PUT(" n=%zu%s:", count, capped ? "+" : "");
                for (x = 0; x < nm; x++)
                    PUT(" %lld@%lld=%.6f/%d/%zu", (long long)m[x].id,
                        (long long)m[x].time, m[x].similarity, m[x].same_body,
                        m[x].n_domains);
                v.n = 0;
                v.text[0] = 0;
                PUT(" visit rc=%d", lsc__history_visit(h, &q, log_visit, &v,
                                                       NULL, NULL));
                PUT(" [%s]\n", v.text);
            }
    for (k = 0; k < LSC__COUNT(doms); k++) {
        lsc_history_filter q = LSC_HISTORY_FILTER_INIT;
        size_t count = 0;
        q.domain = doms[k];
        q.since = NOW - 3600 * 30;
        q.until = NOW - 3600;
        lsc_history_query(NULL, 0, NULL, &count, h, &q, NULL);
        PUT("count %s %zu\n", doms[k] ? doms[k] : "*", count);
    }
    if (lsc_history_stats(&s, h, NULL) == 0)
        PUT("stats %llu %lld %lld %llu %s %llu %llu\n",
            (unsigned long long)s.entries, (long long)s.oldest,
            (long long)s.newest, (unsigned long long)s.domains, s.top_domain,
            (unsigned long long)s.top_domain_count,
            (unsigned long long)s.largest_template);
    if (lsc_history_team_stats(&team, h, NOW, NULL) == 0) {
        for (i = 0; i < lsc_history_team_count(team); i++) {
            const lsc_history_team_row *r = lsc_history_team_row_at(team, i);
            PUT("team %s %s %llu %llu %llu %llu\n", r->sender, r->domain,
                (unsigned long long)r->sent_hour,
                (unsigned long long)r->sent_day,
                (unsigned long long)r->similar_hour,
                (unsigned long long)r->similar_day);
        }
        lsc_history_team_free(team);
    }
    for (i = 1; i <= 60; i += 7) {
        lsc_fingerprint *got = NULL;
        unsigned char buf[LSC_FINGERPRINT_MAX_BYTES];
        size_t n = 0;
        int rc = lsc_history_get(&got, h, (int64_t)i, NULL);
        if (rc == 0)
            lsc_fingerprint_encode(buf, sizeof buf, &n, got, NULL);
        PUT("get %zu rc=%d hash=%llx\n", i, rc,
            (unsigned long long)(n ? lsc__hash64(buf, n, 1) : 0));
        lsc_fingerprint_free(got);
    }
#undef PUT
}

/* 60 letters: 6 templates with a word changed, old ones beyond max_age,
 * several domains, senders. */
static void add_sequence(lsc_history *h, int *bad)
{
    static const char *const doms[] = { "a.example", "b.example,a.example",
                                        "c.example", "a.example,d.example" };
    int i;
    for (i = 0; i < 60; i++) {
        char *text = t_letter(&t_ar, (unsigned)(i % 6), 60);
        int64_t t = NOW - (int64_t)(60 - i) * 1800;
        if (i % 5 == 0)
            text[0] = 'x';                  /* one word changed */
        if (i % 11 == 0)
            t = NOW - (int64_t)200 * 86400; /* past max_age: never seen */
        lsc_history_set_sender(h, i % 3 ? "anna@seller.example"
                                        : "boris@seller.example", NULL);
        *bad += lsc_history_add(h, t_fp(&t_ar, text, doms[i % 4], t),
                                NULL) != 0;
    }
}

TEST(same_answers_on_sqlite_and_postgresql)
{
    static char a[1 << 18], b[1 << 18], c[1 << 18];
    lsc_history *sq = NULL, *pg = NULL, *mem = NULL;
    lsc_history_options o = opts();
    lsc_fingerprint *probes[4];
    char path[512];
    int bad = 0;
    CHECK(pg_up);
    snprintf(path, sizeof path, "%s/eq.db", t_dir);
    CHECK_EQ_INT(lsc_history_open(&sq, path, &o, NULL), 0);
    CHECK_EQ_INT(lsc_history_open(&pg, fresh_db("eq"), &o, NULL), 0);
    CHECK_EQ_INT(lsc_history_open(&mem, NULL, &o, NULL), 0);
    if (!sq || !pg || !mem)
        return;
    add_sequence(sq, &bad);
    add_sequence(pg, &bad);
    add_sequence(mem, &bad);
    CHECK_EQ_INT(bad, 0);
    probes[0] = t_fp(&t_ar, t_letter(&t_ar, 2, 60), "", NOW);
    probes[1] = t_fp(&t_ar, t_letter(&t_ar, 5, 40), "a.example", NOW);
    probes[2] = t_fp(&t_ar, t_letter(&t_ar, 99, 60), "", NOW);
    probes[3] = t_fp(&t_ar, "", "a.example", NOW);
    describe(sq, probes, 4, a, sizeof a);
    describe(pg, probes, 4, b, sizeof b);
    describe(mem, probes, 4, c, sizeof c);
    if (getenv("LSC_PG_DUMP"))
        fputs(a, stdout);
    printf("# %zu bytes of answers compared\n", strlen(a));
    CHECK(strlen(a) > 4000);
    CHECK(strstr(a, "team anna@seller.example a.example") != NULL);
    CHECK(strcmp(a, b) == 0);
    CHECK(strcmp(a, c) == 0);
    if (strcmp(a, b) != 0) {
        size_t i = 0;
        while (a[i] && a[i] == b[i])
            i++;
        while (i && a[i - 1] != '\n')
            i--;
        printf("#   sqlite:     %.200s\n#   postgresql: %.200s\n", a + i,
               b + i);
    }
    lsc_history_close(sq);
    lsc_history_close(pg);
    lsc_history_close(mem);
}

/* ---- more near copies than a query compares ---- */

/* Template 7 with k words changed, in the middle of the letter (so that
 * every copy with k changes is exactly as near as the others). */
static lsc_fingerprint *near_copy(unsigned seed, int k, int64_t t)
{
    char *text = t_letter(&t_ar, 7, 60), *p = text;
    int word = 0, j;
    for (j = 0; j < k; j++) {
        int want = 12 + (int)((seed * 7 + (unsigned)j * 11) % 36);
        for (p = text, word = 0; *p && word < want; p++)
            if (*p == ' ')
                word++;
        if (*p)
            *p = (char)('q' + j);
    }
    return t_fp(&t_ar, text, "a.example", t);
}

#define N_COPIES (3 * LSC_HISTORY_MAX_COMPARED + 5)

/* The answers of the bounded query and of a full scan, as text; *best
 * gets the nearest similarity the full scan found. */
static void at_the_limit(lsc_history *h, const lsc_fingerprint *probe,
                         char *out, size_t cap, double *best)
{
    lsc_history_filter q = LSC_HISTORY_FILTER_INIT;
    lsc_history_match m[4], all[1];
    size_t count = 0, n_all = 0, nm = 0, na = 0;
    int capped = -1, capped_all = -1;
    visit_log v;
    q.like = probe;
    q.min_similarity = 0.3;     /* below the bands: every entry compared */
    lsc_history_match_init(all, 1);
    CHECK_EQ_INT(lsc_history_query_capped(all, 1, &na, &n_all, &capped_all,
                                          h, &q, NULL), 0);
    *best = na ? all[0].similarity : -1.0;
    q.min_similarity = 0.5;
    lsc_history_match_init(m, 4);
    CHECK_EQ_INT(lsc_history_query_capped(m, 4, &nm, &count, &capped, h, &q,
                                          NULL), 0);
    v.n = 0;
    v.text[0] = 0;
    CHECK_EQ_INT(lsc__history_visit(h, &q, log_visit, &v, NULL, NULL), 0);
    snprintf(out, cap, "all %zu/%d best %.6f; bounded %zu/%d nearest "
             "%lld=%.6f; visited %s", n_all, capped_all, *best, count, capped,
             nm ? (long long)m[0].id : -1LL, nm ? m[0].similarity : -1.0,
             v.text);
    CHECK_EQ_INT(capped_all, 0);
    CHECK_EQ_INT((int)n_all, N_COPIES);
    /* the count saturates and says so; the nearest is still found */
    CHECK_EQ_INT(capped, 1);
    CHECK_EQ_INT((int)count, LSC_HISTORY_MAX_COMPARED);
    CHECK(nm > 0 && m[0].similarity == *best);
}

TEST(more_copies_than_a_query_compares)
{
    static char a[16384], b[16384], c[16384];
    lsc_history *sq = NULL, *pg = NULL, *mem = NULL, *few = NULL;
    lsc_history *hs[3];
    lsc_history_options o = opts();
    lsc_history_filter q = LSC_HISTORY_FILTER_INIT;
    lsc_fingerprint *probe;
    char path[512];
    double best[3] = { 0, 0, 0 };
    size_t count = 0;
    int i, k, bad = 0, capped = -1;
    CHECK(pg_up);
    snprintf(path, sizeof path, "%s/limit.db", t_dir);
    CHECK_EQ_INT(lsc_history_open(&sq, path, &o, NULL), 0);
    CHECK_EQ_INT(lsc_history_open(&pg, fresh_db("copies"), &o, NULL), 0);
    CHECK_EQ_INT(lsc_history_open(&mem, NULL, &o, NULL), 0);
    CHECK_EQ_INT(lsc_history_open(&few, NULL, &o, NULL), 0);
    if (!sq || !pg || !mem || !few)
        goto done;
    hs[0] = sq;
    hs[1] = pg;
    hs[2] = mem;
    /* 1 to 4 words changed in turn, so the nearest (1) are everywhere */
    for (i = 0; i < N_COPIES; i++)
        for (k = 0; k < 3; k++)
            bad += lsc_history_add(hs[k], near_copy((unsigned)i, 1 + i % 4,
                                                    NOW - 3600 + i), NULL) != 0;
    CHECK_EQ_INT(bad, 0);
    probe = near_copy(999, 0, NOW);
    at_the_limit(sq, probe, a, sizeof a, &best[0]);
    at_the_limit(pg, probe, b, sizeof b, &best[1]);
    at_the_limit(mem, probe, c, sizeof c, &best[2]);
    CHECK(best[0] > 0.8 && best[0] < 1.0);
    CHECK_STR(a, b);
    CHECK_STR(a, c);
    /* below the limit the count is exact and not flagged */
    for (i = 0; i < LSC_HISTORY_MAX_COMPARED / 2; i++)
        bad += lsc_history_add(few, near_copy((unsigned)i, 1 + i % 4,
                                              NOW - 3600 + i), NULL) != 0;
    q.like = probe;
    q.min_similarity = 0.5;
    CHECK_EQ_INT(lsc_history_query_capped(NULL, 0, NULL, &count, &capped, few,
                                          &q, NULL), 0);
    CHECK_EQ_INT(capped, 0);
    CHECK_EQ_INT((int)count, LSC_HISTORY_MAX_COMPARED / 2);
done:
    lsc_history_close(sq);
    lsc_history_close(pg);
    lsc_history_close(mem);
    lsc_history_close(few);
}

/* ---- processes ---- */

/* Adds letters from..from+count-1 (each to its own domain "pN.example"),
 * retrying each until it lands; exits 0, or 3 when the history cannot be
 * opened.  *failures (through the pipe) counts the calls that failed. */
static void child_add(const char *url, int from, int count, int fd)
{
    lsc__alloc al;
    lsc__arena ar;
    lsc_history *h = NULL;
    lsc_history_options o = opts();
    int i, failures = 0, tries;
    lsc__alloc_init(&al, NULL);
    lsc__arena_init(&ar, &al);
    for (tries = 0; tries < 100 && lsc_history_open(&h, url, &o, NULL) != 0;
         tries++)
        usleep(100000);
    if (!h)
        _exit(3);
    for (i = from; i < from + count; i++) {
        char dom[32];
        lsc_fingerprint *fp;
        snprintf(dom, sizeof dom, "p%d.example", from / 1000);
        fp = t_fp(&ar, t_letter(&ar, (unsigned)i, 30), dom, NOW - 100 + i % 50);
        for (tries = 0; tries < 600; tries++) {
            int rc = lsc_history_add(h, fp, NULL);
            if (rc == 0)
                break;
            if (rc != LSC_EIO && rc != LSC_EBUSY)
                _exit(4);
            failures++;
            usleep(50000);
        }
        if (tries == 600)
            _exit(5);
        if (fd >= 0 && write(fd, "+", 1) != 1)
            _exit(6);
    }
    lsc_history_close(h);
    if (fd >= 0) {
        char msg[32];
        int n = snprintf(msg, sizeof msg, "F%d\n", failures);
        if (write(fd, msg, (size_t)n) != n)
            _exit(6);
    }
    lsc__arena_free(&ar);
    _exit(0);
}

static size_t count_domain(lsc_history *h, const char *d)
{
    lsc_history_filter q = LSC_HISTORY_FILTER_INIT;
    size_t n = 0;
    q.domain = d;
    lsc_history_query(NULL, 0, NULL, &n, h, &q, NULL);
    return n;
}

TEST(four_processes_add_at_once)
{
    const char *url;
    pid_t kids[4];
    lsc_history *h = NULL;
    lsc_history_options o = opts();
    lsc_history_summary s = LSC_HISTORY_SUMMARY_INIT;
    int i, status, ok = 0;
    CHECK(pg_up);
    if (!pg_up)
        return;
    url = fresh_db("conc");
    /* no tables yet: the four race to create them too */
    for (i = 0; i < 4; i++) {
        kids[i] = fork();
        if (kids[i] == 0)
            child_add(url, (i + 1) * 1000, 150, -1);
    }
    for (i = 0; i < 4; i++)
        if (waitpid(kids[i], &status, 0) == kids[i] && WIFEXITED(status) &&
            WEXITSTATUS(status) == 0)
            ok++;
    CHECK_EQ_INT(ok, 4);
    CHECK_EQ_INT(lsc_history_open(&h, url, &o, NULL), 0);
    if (!h)
        return;
    CHECK_EQ_INT(lsc_history_stats(&s, h, NULL), 0);
    CHECK_EQ_INT(s.entries, 600);
    for (i = 1; i <= 4; i++) {
        char d[32];
        snprintf(d, sizeof d, "p%d.example", i);
        CHECK_EQ_INT(count_domain(h, d), 150);
    }
    lsc_history_close(h);
}

TEST(server_killed_mid_run)
{
    const char *url;
    lsc_history *h = NULL;
    lsc_history_options o = opts();
    lsc_history_summary s = LSC_HISTORY_SUMMARY_INIT;
    int fds[2], status = -1, failures = -1;
    size_t acked = 0;
    pid_t kid;
    char c;
    FILE *in;
    CHECK(pg_up);
    if (!pg_up)
        return;
    url = fresh_db("kill");
    CHECK(pipe(fds) == 0);
    kid = fork();
    if (kid == 0) {
        close(fds[0]);
        child_add(url, 7000, 400, fds[1]);
    }
    close(fds[1]);
    in = fdopen(fds[0], "r");
    /* let 100 adds land, then pull the plug */
    while (acked < 100 && fread(&c, 1, 1, in) == 1)
        acked += c == '+';
    CHECK_EQ_INT(pg_cmd("kill"), 0);
    /* this process sees the server gone: LSC_EIO, no crash */
    CHECK_EQ_INT(lsc_history_open(&h, url, &o, NULL), LSC_EIO);
    usleep(500000);
    CHECK_EQ_INT(pg_cmd("restart"), 0);
    while (fread(&c, 1, 1, in) == 1) {
        if (c == '+')
            acked++;
        else if (c == 'F' && fscanf(in, "%d", &failures) != 1)
            failures = -1;
    }
    fclose(in);
    CHECK(waitpid(kid, &status, 0) == kid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK_EQ_INT(acked, 400);
    printf("# %d adds failed with LSC_EIO while the server was down\n",
           failures);
    CHECK(failures > 0);
    CHECK_EQ_INT(lsc_history_open(&h, url, &o, NULL), 0);
    if (!h)
        return;
    CHECK_EQ_INT(lsc_history_stats(&s, h, NULL), 0);
    CHECK_EQ_INT(s.entries, 400);       /* none lost, none twice */
    CHECK_EQ_INT(count_domain(h, "p7.example"), 400);
    lsc_history_close(h);
}

TEST(one_handle_lives_through_a_restart)
{
    lsc_history *h = NULL;
    lsc_history_options o = opts();
    lsc_fingerprint *fp;
    size_t n = 0;
    CHECK(pg_up);
    if (!pg_up)
        return;
    CHECK_EQ_INT(lsc_history_open(&h, fresh_db("restart"), &o, NULL), 0);
    if (!h)
        return;
    fp = t_fp(&t_ar, t_letter(&t_ar, 1, 40), "r.example", NOW);
    CHECK_EQ_INT(lsc_history_add(h, fp, NULL), 0);
    CHECK_EQ_INT(pg_cmd("kill"), 0);
    CHECK_EQ_INT(lsc_history_add(h, fp, NULL), LSC_EIO);
    CHECK_EQ_INT(count_domain(h, "r.example"), 0);  /* EIO gives 0 */
    CHECK_EQ_INT(pg_cmd("restart"), 0);
    /* the same fingerprint again: the failed add is retried once */
    CHECK_EQ_INT(lsc_history_add(h, fp, NULL), 0);
    n = count_domain(h, "r.example");
    CHECK_EQ_INT(n, 2);
    lsc_history_close(h);
}

/* A batch (one transaction; pipelined on PostgreSQL) across more adds
 * than travel ahead at once. */
TEST(batch_adds_land_once)
{
    lsc_history *h = NULL;
    lsc_history_options o = opts();
    char path[512];
    int k, i;
    CHECK(pg_up);
    if (!pg_up)
        return;
    snprintf(path, sizeof path, "%s/batch.db", t_dir);
    for (k = 0; k < 2; k++) {
        int bad = 0;
        CHECK_EQ_INT(lsc_history_open(&h, k ? fresh_db("batch") : path, &o,
                                      NULL), 0);
        if (!h)
            return;
        CHECK_EQ_INT(lsc__history_batch(h, 1, NULL), 0);
        for (i = 0; i < 300; i++)
            bad += lsc_history_add(h, t_fp(&t_ar, t_letter(&t_ar,
                                           (unsigned)i, 20), "b.example",
                                           NOW - i), NULL) != 0;
        CHECK_EQ_INT(lsc__history_batch(h, 0, NULL), 0);
        CHECK_EQ_INT(bad, 0);
        CHECK_EQ_INT(count_domain(h, "b.example"), 300);
        lsc_history_close(h);
        h = NULL;
    }
}

TEST(schema_is_versioned)
{
    lsc_history *h = NULL;
    lsc_history_options o = opts();
    lsc_error err;
    char cmd[700];
    const char *url = fresh_db("schema");
    CHECK(pg_up);
    if (!pg_up)
        return;
    /* read-only on an empty database is not a history */
    o.flags = LSC_HISTORY_READONLY;
    CHECK_EQ_INT(lsc_history_open(&h, url, &o, &err), LSC_ECORRUPT);
    o.flags = 0;
    CHECK_EQ_INT(lsc_history_open(&h, url, &o, &err), 0);
    lsc_history_close(h);
    snprintf(cmd, sizeof cmd,
             "\"$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/psql\""
             " -qtA '%s' -c 'SELECT max(version) FROM lsc_schema_version'"
             " | grep -qx 2", url);
    CHECK_EQ_INT(system(cmd), 0);
    /* a newer library's schema is refused, not misread */
    snprintf(cmd, sizeof cmd,
             "\"$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/psql\""
             " -q '%s' -c 'INSERT INTO lsc_schema_version VALUES(99, 0)'",
             url);
    CHECK_EQ_INT(system(cmd), 0);
    CHECK_EQ_INT(lsc_history_open(&h, url, &o, &err), LSC_EVERSION);
    /* no server there */
    CHECK_EQ_INT(lsc_history_open(&h, "postgresql://postgres@127.0.0.1:1/x",
                                  &o, &err), LSC_EIO);
    CHECK(h == NULL);
}

/* ---- bounces shared by the team ---- */

static lsc_engine *engine;

static int add_bounce_file(lsc_history *h, const char *file)
{
    const char *top = getenv("LSC_TOP");
    char path[1024];
    size_t len, added = 0;
    char *data;
    lsc_bounce *b = NULL;
    lsc_error err;
    int rc;
    snprintf(path, sizeof path, "%s/tests/messages/bounce/%s",
             top && *top ? top : ".", file);
    data = t_read_file(path, &len);
    CHECK(data != NULL);
    if (!data)
        return -1;
    rc = lsc_bounce_read(&b, engine, data, len, NULL, &err);
    if (rc == 0)
        rc = lsc_history_add_bounce(h, b, &added, &err);
    if (rc == 0 && added < 1)
        rc = -1;
    lsc_bounce_free(b);
    free(data);
    return rc;
}

/* The hits a letter to `to` gets from the bounces of h, as text. */
static void bounce_hits(lsc_history *h, const char *to, char *out, size_t cap)
{
    char msg[512];
    lsc_score_options so;
    lsc_result *r = NULL;
    const char *ids[] = { "RECIPIENT_BOUNCED", "RECIPIENT_SOFT_BOUNCED",
                          "SENDER_REJECTED_BY_DOMAIN" };
    size_t i, n = 0;
    snprintf(msg, sizeof msg, "From: anna@sender.test\nTo: %s\n"
             "Subject: Hello\nDate: Mon, 07 Dec 2026 10:00:00 +0000\n"
             "Message-ID: <t@sender.test>\n\nDear colleague, following our"
             " call, here are the details.\n", to);
    lsc_score_options_init(&so);
    so.history = h;
    so.now = (int64_t)1796083200 + 6 * 86400;  /* 2026-12-07 */
    out[0] = 0;
    CHECK_EQ_INT(lsc_score(&r, engine, msg, strlen(msg), &so, NULL), 0);
    for (i = 0; r && i < LSC__COUNT(ids); i++) {
        const lsc_hit *hit = lsc_result_find_hit(r, ids[i]);
        int k = snprintf(out + n, cap - n, "%s[%s] ", ids[i],
                         hit ? hit->explanation : "-");
        if (k > 0 && (size_t)k < cap - n)
            n += (size_t)k;
    }
    lsc_result_free(r);
}

static void bounce_stats(lsc_history *h, char *out, size_t cap)
{
    lsc_bounce_domain d[8];
    uint64_t total = 0;
    size_t i, n = 0, len;
    CHECK_EQ_INT(lsc_history_bounce_stats(h, &total, d, 8, &n, NULL), 0);
    len = (size_t)snprintf(out, cap, "%llu:", (unsigned long long)total);
    for (i = 0; i < n && len < cap; i++)
        len += (size_t)snprintf(out + len, cap - len, " %s %llu %llu",
                                d[i].domain,
                                (unsigned long long)d[i].bounces,
                                (unsigned long long)d[i].hard);
}

TEST(bounces_are_shared_by_the_team)
{
    static const char *const files[] = { "postfix-dsn.eml",
                                          "gmail-blocked.eml",
                                          "exim-full.eml" };
    static const char *const to[] = { "John <jonh@acme.test>",
                                      "someone@corp.test",
                                      "lin@mail.example.test",
                                      "joan@acme.test" };
    lsc_history *sq = NULL, *a = NULL, *b = NULL;
    lsc_history_options o;
    char want[2048], got[2048];
    const char *url;
    size_t i;
    CHECK(pg_up && engine);
    if (!pg_up || !engine)
        return;
    url = fresh_db("bounces");
    lsc_history_options_init(&o);
    CHECK_EQ_INT(lsc_history_open(&sq, ":memory:", &o, NULL), 0);
    CHECK_EQ_INT(lsc_history_open(&a, url, &o, NULL), 0);
    CHECK_EQ_INT(lsc_history_open(&b, url, &o, NULL), 0);
    if (!sq || !a || !b)
        goto done;
    /* one salesperson reads the bounces */
    for (i = 0; i < LSC__COUNT(files); i++) {
        CHECK_EQ_INT(add_bounce_file(sq, files[i]), 0);
        CHECK_EQ_INT(add_bounce_file(a, files[i]), 0);
    }
    /* another one's composer warns, as a SQLite history would */
    for (i = 0; i < LSC__COUNT(to); i++) {
        bounce_hits(sq, to[i], want, sizeof want);
        bounce_hits(b, to[i], got, sizeof got);
        CHECK_STR(got, want);
    }
    bounce_hits(b, to[0], got, sizeof got);
    CHECK(strstr(got, "RECIPIENT_BOUNCED[-]") == NULL);
    bounce_stats(sq, want, sizeof want);
    bounce_stats(b, got, sizeof got);
    CHECK_STR(got, want);
    /* the same bounce read again (or an add retried after a lost
     * connection) lands once */
    CHECK_EQ_INT(add_bounce_file(b, files[0]), 0);
    CHECK_EQ_INT(add_bounce_file(sq, files[0]), 0);
    bounce_stats(a, got, sizeof got);
    CHECK_STR(got, want);
    bounce_stats(sq, got, sizeof got);
    CHECK_STR(got, want);
    /* a server restart in between: the handle reconnects */
    CHECK_EQ_INT(pg_cmd("kill"), 0);
    CHECK_EQ_INT(pg_cmd("restart"), 0);
    bounce_hits(b, to[0], got, sizeof got);
    bounce_hits(sq, to[0], want, sizeof want);
    CHECK_STR(got, want);
done:
    lsc_history_close(sq);
    lsc_history_close(a);
    lsc_history_close(b);
}

int main(void)
{
    lsc__alloc_init(&t_al, NULL);
    lsc__arena_init(&t_ar, &t_al);
    if (!t_tmpdir(t_dir, sizeof t_dir)) {
        printf("not ok - no temporary folder\n");
        return 1;
    }
    pg_up = pg_start() == 0;
    if (!pg_up)
        printf("# PostgreSQL could not be started (see above): every case "
               "fails\n");
    RUN(same_answers_on_sqlite_and_postgresql);
    RUN(more_copies_than_a_query_compares);
    RUN(four_processes_add_at_once);
    RUN(server_killed_mid_run);
    RUN(one_handle_lives_through_a_restart);
    RUN(batch_adds_land_once);
    RUN(schema_is_versioned);
    if (lsc_engine_new(&engine, NULL, NULL) != 0)
        printf("#   no engine\n");
    RUN(bounces_are_shared_by_the_team);
    lsc_engine_free(engine);
    pg_cmd("stop");
    lsc__arena_free(&t_ar);
    t_rmdir(t_dir);
    return TEST_DONE();
}

/*
 * test_history_store.c - the SQLite store under the history: a
 * version-1 file (fingerprints only) is migrated and indexed when opened
 * writable and refused read-only; old entries are deleted in steps of
 * exactly LSC__HISTORY_PRUNE_STEP, index rows with them, and never
 * answered meanwhile; the team view counts per sender and domain.
 * Files are written only under a mkdtemp folder.
 */
#include <sqlite3.h>

#include "test.h"
#include "t_similar.h"
#include "history/history.h"

#define NOW ((int64_t)1764130000)
#define DAY ((int64_t)86400)

static lsc__alloc t_al;
static lsc__arena t_ar;
static char t_dir[256];

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

static long long sql_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_open(path, &db) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static size_t count_q(lsc_history *h, const lsc_fingerprint *like,
                      const char *domain)
{
    lsc_history_filter q = LSC_HISTORY_FILTER_INIT;
    size_t n = 0;
    q.like = like;
    q.min_similarity = like ? 0.8 : 0;
    q.domain = domain;
    if (lsc_history_query(NULL, 0, NULL, &n, h, &q, NULL) != 0)
        return (size_t)-1;
    return n;
}

TEST(version_1_file_is_migrated_and_indexed)
{
    const char *path = path_in("v1.db");
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    lsc_history *h = NULL;
    lsc_history_options o = opts_at(NOW);
    lsc_error err;
    char *tpl = t_letter(&t_ar, 3, 80);
    int i;
    /* the schema libscore wrote before the band index */
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db,
        "CREATE TABLE lsc_meta(key TEXT PRIMARY KEY, value);"
        "CREATE TABLE lsc_fingerprints(id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " time INTEGER NOT NULL, fp BLOB NOT NULL);"
        "CREATE INDEX lsc_fingerprints_time ON lsc_fingerprints(time);"
        "INSERT INTO lsc_meta VALUES('format','libscore-history');"
        "INSERT INTO lsc_meta VALUES('version',1);", NULL, NULL, NULL)
          == SQLITE_OK);
    CHECK(sqlite3_prepare_v2(db, "INSERT INTO lsc_fingerprints(time, fp)"
                             " VALUES(?, ?)", -1, &st, NULL) == SQLITE_OK);
    for (i = 0; i < 12; i++) {
        unsigned char buf[LSC_FINGERPRINT_MAX_BYTES];
        size_t n = 0;
        lsc_fingerprint *fp = t_fp(&t_ar, i % 2 ? tpl : t_letter(&t_ar,
                                   (unsigned)(100 + i), 80),
                                   i % 3 ? "old.example" : "other.example",
                                   NOW - i * 60);
        CHECK_EQ_INT(lsc_fingerprint_encode(buf, sizeof buf, &n, fp, NULL), 0);
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, fp->time);
        sqlite3_bind_blob(st, 2, buf, (int)n, SQLITE_TRANSIENT);
        CHECK(sqlite3_step(st) == SQLITE_DONE);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    /* read-only cannot migrate: a clear error, the file untouched */
    o.flags = LSC_HISTORY_READONLY;
    CHECK_EQ_INT(lsc_history_open(&h, path, &o, &err), LSC_EVERSION);
    CHECK(strstr(err.message, "writable") != NULL);
    CHECK_EQ_INT(sql_int(path, "SELECT value FROM lsc_meta"
                               " WHERE key='version'"), 1);
    o.flags = 0;
    CHECK_EQ_INT(lsc_history_open(&h, path, &o, &err), 0);
    if (!h)
        return;
    CHECK_EQ_INT(count_q(h, t_fp(&t_ar, tpl, "", NOW), NULL), 6);
    CHECK_EQ_INT(count_q(h, NULL, "old.example"), 8);
    CHECK_EQ_INT(count_q(h, NULL, "other.example"), 4);
    lsc_history_close(h);
    CHECK_EQ_INT(sql_int(path, "SELECT max(version) FROM lsc_schema_version"),
                 2);
    CHECK_EQ_INT(sql_int(path, "SELECT value FROM lsc_meta"
                               " WHERE key='version'"), 2);
    CHECK_EQ_INT(sql_int(path, "SELECT count(*) FROM lsc_bands"),
                 12 * LSC__LSH_BANDS);
    /* opened again: nothing to migrate, same answers */
    CHECK_EQ_INT(lsc_history_open(&h, path, &o, &err), 0);
    CHECK_EQ_INT(count_q(h, t_fp(&t_ar, tpl, "", NOW), NULL), 6);
    lsc_history_close(h);
    /* a newer library's file is refused */
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "INSERT INTO lsc_schema_version VALUES(99, 0)",
                       NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    CHECK_EQ_INT(lsc_history_open(&h, path, &o, &err), LSC_EVERSION);
}

TEST(pruning_goes_in_bounded_steps)
{
    const char *path = path_in("steps.db");
    lsc_history *h = NULL;
    lsc_history_options o = opts_at(NOW);
    lsc_history_summary s = LSC_HISTORY_SUMMARY_INIT;
    size_t n = LSC__HISTORY_PRUNE_STEP * 2 + 40, i;
    char *tpl = t_letter(&t_ar, 9, 60);
    o.max_age = 10 * DAY;
    CHECK_EQ_INT(lsc_history_open(&h, path, &o, NULL), 0);
    if (!h)
        return;
    for (i = 0; i < n; i++)
        CHECK_EQ_INT(lsc_history_add(h, t_fp(&t_ar, tpl, "s.example",
                                             NOW - DAY), NULL), 0);
    lsc_history_close(h);
    /* 20 days on, all are old: open deletes exactly one step */
    o.now = NOW + 20 * DAY;
    CHECK_EQ_INT(lsc_history_open(&h, path, &o, NULL), 0);
    if (!h)
        return;
    CHECK_EQ_INT(sql_int(path, "SELECT count(*) FROM lsc_fingerprints"),
                 n - LSC__HISTORY_PRUNE_STEP);
    /* the rest is never answered meanwhile */
    CHECK_EQ_INT(lsc_history_stats(&s, h, NULL), 0);
    CHECK_EQ_INT(s.entries, 0);
    CHECK_EQ_INT(count_q(h, t_fp(&t_ar, tpl, "", NOW), NULL), 0);
    CHECK_EQ_INT(count_q(h, NULL, "s.example"), 0);
    /* each add takes one more step while old entries remain */
    CHECK_EQ_INT(lsc_history_add(h, t_fp(&t_ar, tpl, "s.example",
                                         NOW + 20 * DAY), NULL), 0);
    CHECK_EQ_INT(sql_int(path, "SELECT count(*) FROM lsc_fingerprints"),
                 n - 2 * LSC__HISTORY_PRUNE_STEP + 1);
    CHECK_EQ_INT(lsc_history_add(h, t_fp(&t_ar, tpl, "s.example",
                                         NOW + 20 * DAY), NULL), 0);
    CHECK_EQ_INT(sql_int(path, "SELECT count(*) FROM lsc_fingerprints"), 2);
    /* the index rows went with their entries */
    CHECK_EQ_INT(sql_int(path, "SELECT count(*) FROM lsc_bands"),
                 2 * LSC__LSH_BANDS);
    CHECK_EQ_INT(sql_int(path, "SELECT count(*) FROM lsc_domains"), 2);
    CHECK_EQ_INT(count_q(h, t_fp(&t_ar, tpl, "", NOW + 20 * DAY), NULL), 2);
    lsc_history_close(h);
}

TEST(team_view_counts_per_sender_and_domain)
{
    lsc_history *h = NULL;
    lsc_history_options o = opts_at(NOW);
    lsc_history_team *t = NULL;
    const lsc_history_team_row *r;
    char *tpl = t_letter(&t_ar, 4, 80);
    int i;
    CHECK_EQ_INT(lsc_history_open(&h, NULL, &o, NULL), 0);
    if (!h)
        return;
    /* anna and boris send one template to buyer.example: 2 + 3 letters,
     * three of them in the last hour; carl writes his own */
    for (i = 0; i < 5; i++) {
        lsc_history_set_sender(h, i < 2 ? "anna" : "boris", NULL);
        CHECK_EQ_INT(lsc_history_add(h, t_fp(&t_ar, tpl, "buyer.example",
                                             NOW - (i < 2 ? 7200 : 60 * i)),
                                     NULL), 0);
    }
    lsc_history_set_sender(h, "carl", NULL);
    CHECK_EQ_INT(lsc_history_add(h, t_fp(&t_ar, t_letter(&t_ar, 77, 80),
                                         "buyer.example", NOW - 30), NULL), 0);
    /* outside the day: not counted */
    CHECK_EQ_INT(lsc_history_add(h, t_fp(&t_ar, tpl, "buyer.example",
                                         NOW - 2 * DAY), NULL), 0);
    CHECK_EQ_INT(lsc_history_team_stats(&t, h, 0, NULL), 0);
    CHECK_EQ_INT(lsc_history_team_count(t), 3);
    r = lsc_history_team_row_at(t, 0);
    CHECK_STR(r->sender, "boris");
    CHECK_STR(r->domain, "buyer.example");
    CHECK_EQ_INT(r->sent_hour, 3);
    CHECK_EQ_INT(r->sent_day, 3);
    CHECK_EQ_INT(r->similar_day, 3);
    r = lsc_history_team_row_at(t, 1);
    CHECK_STR(r->sender, "anna");
    CHECK_EQ_INT(r->sent_hour, 0);
    CHECK_EQ_INT(r->sent_day, 2);
    CHECK_EQ_INT(r->similar_day, 2);
    r = lsc_history_team_row_at(t, 2);
    CHECK_STR(r->sender, "carl");
    CHECK_EQ_INT(r->sent_day, 1);
    CHECK_EQ_INT(r->similar_day, 0);
    CHECK(lsc_history_team_row_at(t, 3) == NULL);
    CHECK_EQ_INT(lsc_history_team_truncated(t), 0);
    lsc_history_team_free(t);
    lsc_history_team_free(NULL);
    CHECK_EQ_INT(lsc_history_set_sender(NULL, "x", NULL), LSC_EINVAL);
    {
        char longer[LSC_HISTORY_MAX_SENDER + 2];
        memset(longer, 'a', sizeof longer - 1);
        longer[sizeof longer - 1] = 0;
        CHECK_EQ_INT(lsc_history_set_sender(h, longer, NULL), LSC_EINVAL);
        longer[LSC_HISTORY_MAX_SENDER] = 0;
        CHECK_EQ_INT(lsc_history_set_sender(h, longer, NULL), 0);
    }
    lsc_history_close(h);
}

int main(void)
{
    lsc__alloc_init(&t_al, NULL);
    lsc__arena_init(&t_ar, &t_al);
    if (!t_tmpdir(t_dir, sizeof t_dir)) {
        printf("not ok - no temporary folder\n");
        return 1;
    }
    RUN(version_1_file_is_migrated_and_indexed);
    RUN(pruning_goes_in_bounded_steps);
    RUN(team_view_counts_per_sender_and_domain);
    lsc__arena_free(&t_ar);
    t_rmdir(t_dir);
    return TEST_DONE();
}

/*
 * history_sqlite.h - what the SQLite store's two files share
 * (history_sqlite.c: the store's operations; history_sqlite_schema.c: the
 * journal mode, the versioned schema and its migrations).
 */
#ifndef LSC_HISTORY_SQLITE_H
#define LSC_HISTORY_SQLITE_H

#include <sqlite3.h>

#include "history/history.h"

/* The schema version this library writes (migrations 1..it). */
#define LSC__SQLITE_SCHEMA_VERSION 2

/* An SQLite result code as an lsc_error naming path and what failed. */
int lsc__sqlite_error(sqlite3 *db, const char *path, int rc, lsc_error *err,
                      const char *what);
int lsc__sqlite_exec(sqlite3 *db, const char *path, const char *sql,
                     lsc_error *err);
/* WAL mode (retried while another process holds a lock) and the
 * synchronous level of the options. */
int lsc__sqlite_wal(sqlite3 *db, const char *path,
                    const lsc_history_options *o, lsc_error *err);
/* Checks the marker, creates the schema in an empty database, or brings
 * an older one up to date (not when readonly: LSC_EVERSION). */
int lsc__sqlite_schema(sqlite3 *db, const char *path, int readonly,
                       lsc_error *err);
/* Reads and decodes the newest entry: a cut or damaged file shows here,
 * at open, for the price of one row. */
int lsc__sqlite_check_newest(sqlite3 *db, const char *path, lsc_error *err);

#endif

/*
 * history_bounce.h - the bounces a history remembers (history_bounce.c),
 * for lsc_history_add_bounce and the bounce rules (rules_bounce.c).
 *
 * history.c opens and closes the store with the history and hands it out
 * with lsc__history_bounce_store.  The store has its own connection (to
 * the history's SQLite file, or to its PostgreSQL database in
 * history_bounce_pg.c, so a team shares its bounces as it shares its
 * letters) and its own lock, so it needs no lock of the history.
 */
#ifndef LSC_HISTORY_BOUNCE_H
#define LSC_HISTORY_BOUNCE_H

#include "base/internal.h"

typedef struct lsc__bounce_store lsc__bounce_store;

/* path NULL/""/":memory:" keeps the bounces in memory; a postgresql://
 * path keeps them in that database. */
int lsc__bounce_store_open(lsc__bounce_store **out, const char *path,
                           const lsc_history_options *o, lsc_error *err);
void lsc__bounce_store_close(lsc__bounce_store *s);
/* history.c: the store of h, or NULL. */
lsc__bounce_store *lsc__history_bounce_store(const lsc_history *h);

/* One remembered bounce. */
typedef struct lsc__bounce_row {
    int64_t time;
    char address[320];
    char reason[32];
    char status[16];
    int hard;
} lsc__bounce_row;

/* Writes n rows in one transaction (lsc_history_add_bounce, in the
 * bounce stage, turns a read bounce into rows).  The domain is the
 * address's part after its last '@'. */
int lsc__bounce_store_add(lsc__bounce_store *s, const lsc__bounce_row *rows,
                          size_t n, lsc_error *err);

/* The newest bounce of address (any case) at or after since, hard only
 * when want_hard, soft only otherwise.  1 found, 0 none, <0 error. */
int lsc__bounce_find(lsc__bounce_store *s, const char *address,
                     int want_hard, int64_t since, lsc__bounce_row *row);
/* The newest bounce at domain at or after since whose reason says the
 * domain refused the sender (spam, reputation, authentication, block).
 * 1 found, 0 none, <0 error. */
int lsc__bounce_find_sender_refusal(lsc__bounce_store *s, const char *domain,
                                    int64_t since, lsc__bounce_row *row);

/* A backend: history_bounce.c (SQLite) and history_bounce_pg.c.  The
 * store calls them under its lock; find and refusal answer 1 found, 0
 * none, <0 an error. */
typedef struct lsc__bounce_ops {
    int (*add)(void *b, const lsc__bounce_row *rows, size_t n,
               lsc_error *err);
    int (*find)(void *b, const char *address, int want_hard, int64_t since,
                lsc__bounce_row *row);
    int (*refusal)(void *b, const char *domain, int64_t since,
                   lsc__bounce_row *row);
    int (*stats)(void *b, uint64_t *total, lsc_bounce_domain *domains,
                 size_t max, size_t *n, lsc_error *err);
    void (*close)(void *b);
} lsc__bounce_ops;

/* The PostgreSQL backend over its own connection to conninfo (the schema
 * is the history's, history_pg_schema.c). */
int lsc__bounce_pg_open(void **out, const lsc__bounce_ops **ops,
                        const char *conninfo, const lsc_history_options *o,
                        lsc_error *err);

/* The reasons that say a domain refused the sender, as an SQL list. */
#define LSC__BOUNCE_REFUSAL_REASONS \
    "('spamdetected','blocked','badreputation','authfailure'," \
    "'requireptr','rejected','securityerror','feedback')"

#endif

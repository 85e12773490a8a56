/*
 * sd.h - the pieces of score-draft, one file per output format.
 */
#ifndef SD_H
#define SD_H

#include <getopt.h>
#include <stdio.h>

#include "libscore.h"

typedef struct sd_opts {
    int color;             /* --color, see sd_color() */
    lsc_lang lang;
    double fail_above;     /* --fail-above: a risk 0..100; < 0: off */
    int fail_level;        /* --fail-above LEVEL: an lsc_level; -1: off */
    const char *history;   /* --history PATH */
    int record;            /* --record */
    const char *sender;    /* --sender NAME */
} sd_opts;

/* Output writers: path as given, the parsed/scored result. */
int sd_mime_json(FILE *out, const char *path, const lsc_result *r);
int sd_text_json(FILE *out, const char *path, const lsc_result *r);
int sd_report(FILE *out, const char *path, const lsc_result *r,
              const sd_opts *o);
int sd_json(FILE *out, const char *path, const lsc_result *r);
int sd_tsv(FILE *out, const char *path, const lsc_result *r);

/* JSON string writer shared by the JSON outputs (invalid UTF-8 -> U+FFFD). */
void sd_json_str(FILE *out, const char *s, size_t n);

/* --html: one page (target ending in .html) or a directory of pages plus
 * index.html.  Each returns 0 or -1 after saying why on stderr. */
typedef struct sd_html sd_html;
int sd_html_open(sd_html **out, const char *target);
int sd_html_page(sd_html *h, const char *path, const lsc_result *r,
                 const sd_opts *o);
int sd_html_close(sd_html *h, const sd_opts *o);
/* ---- sd_args.c: what every command parses alike ---- */
/* --lang VALUE: "en" or "zh" into *out; otherwise says so on stderr and
 * returns -1. */
int sd_lang(const char *v, lsc_lang *out);
/* --color WHEN (auto when NULL): auto is on only when fd is a terminal,
 * NO_COLOR is unset or empty and TERM is not "dumb".  -1 after saying why. */
int sd_color(const char *when, int fd, int *out);
/* --version: prints "score-draft X (libscore Y)"; returns 0. */
int sd_version(void);
/* After getopt_long reported a bad option: the hint; returns 2. */
int sd_usage_error(const char *command);
/* 1 when arg is "--NAME" (no "=") of an option of opts that takes a value. */
int sd_is_valued(const struct option *opts, const char *arg);
/* Help texts (sd_help.c). */
void sd_help(FILE *f);
void sd_help_bounce(FILE *f);
void sd_help_history(FILE *f);
void sd_help_dns(FILE *f);

/* ---- sd_mbox.c ---- */
/* fn once per message of the file's bytes: each message of an mbox (named
 * PATH:N), else the whole file (named PATH).  0, or -1 out of memory. */
typedef void (*sd_message_fn)(void *ud, const char *name, const char *data,
                              size_t len);
int sd_each_message(const char *path, const char *data, size_t len,
                    sd_message_fn fn, void *ud);
/* --fail-above VALUE: a risk 0..100 into o->fail_above or a level (low,
 * medium, high) into o->fail_level; otherwise says so on stderr and
 * returns -1. */
int sd_fail_above(const char *v, sd_opts *o);
/* 1 when a result trips --fail-above: its risk is above the risk given,
 * its level above the level given, or (with either) it is not an email. */
int sd_fails(const sd_opts *o, const lsc_result *r);
/* The whole of f into *out (malloc'd); 0 or -1. */
int sd_read_all(FILE *f, char **out, size_t *len);
/* The file (or stdin for "-") into *out; -1 after saying why on stderr. */
int sd_read_path(const char *path, char **out, size_t *len);
/* The same for name opened in the folder dir (AT_FDCWD: a path); path is
 * what the messages call it. */
int sd_read_at(int dir, const char *name, const char *path, char **out,
               size_t *len);

/* "score-draft bounce ..." (sd_bounce.c); returns the exit status. */
int sd_bounce_main(int argc, char **argv);

/* "score-draft history ..." subcommands; returns the exit status. */
int sd_history_main(int argc, char **argv);

/* "score-draft sender|recipients ..." and "--check-dns FILE" (sd_dns.c). */
int sd_dns_wanted(int argc, char **argv);
int sd_dns_main(int argc, char **argv);

#endif

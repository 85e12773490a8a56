/*
 * bounce.h - the contract between the files of the bounce reader.
 *
 * bounce.c parses the message with the MIME reader, gathers what the
 * readers need (the human-readable notice, the delivery-status fields, the
 * returned original) into an lsc__bin, runs the readers in order and then
 * completes each recipient (status and reply code found in the diagnostic,
 * reason, hard/soft, explanation).  The readers only append recipients:
 *
 *   bounce_dsn.c     RFC 3464 delivery-status, RFC 5965 ARF, RFC 3834
 *   bounce_json.c    Amazon SES notifications (JSON)
 *   bounce_mta.c     table-driven readers of the text formats of MTAs
 *   bounce_rhost.c   the receiving providers' own codes and phrases
 *   bounce_code.c    RFC 3463 status and RFC 5321 reply codes in text
 *   bounce_reason.c  diagnostic text + status -> reason class
 *   bounce_text.c    explanation and suggestion per reason, en and zh
 */
#ifndef LSC_BOUNCE_H
#define LSC_BOUNCE_H

#include "base/engine.h"

/* Named limits of every loop over bounce data. */
#define LSC__BOUNCE_MAX_RCPTS 500      /* recipients kept per bounce */
#define LSC__BOUNCE_MAX_LINES 20000    /* notice lines a text reader walks */
#define LSC__BOUNCE_MAX_DIAG 2000      /* bytes of diagnostic text kept */
#define LSC__BOUNCE_MAX_NOTICE 262144  /* bytes of notice text read */
#define LSC__BOUNCE_MAX_SCAN 65536     /* bytes a code search looks at */

/* One failed (or delayed, or reported) recipient. */
typedef struct lsc__brcpt {
    char *addr;         /* local@domain, never NULL once kept */
    char status[16];    /* "5.1.1", "" when none */
    int reply;          /* 550, 0 when none */
    char *diag;         /* diagnostic text, one line, "" when none */
    char spec[16];      /* diagnostic type: "SMTP", "X-UNIX", "" */
    char action[16];    /* failed, delayed, delivered, ... or "" */
    char command[8];    /* SMTP command the error answered, or "" */
    char *rmta;         /* remote MTA (the receiver), "" when none */
    char *lmta;         /* reporting MTA, "" when none */
    char *date;         /* as written, "" when none */
    char *feedback;     /* ARF Feedback-Type, "" otherwise */
    int reason;         /* lsc_bounce_reason, -1 while undecided */
    int hard;
    int text_read;      /* a text reader replaced the DSN's diagnostic */
    int64_t time;       /* seconds since the epoch, 0 when unknown */
} lsc__brcpt;

/* What the readers get and fill. */
typedef struct lsc__bin {
    lsc__arena *ar;
    lsc__message *msg;          /* the parsed bounce */
    const char *notice;         /* text outside the returned original, UTF-8 */
    size_t notice_len;
    const lsc__part *ds;        /* message/delivery-status, or NULL */
    const lsc__part *fbr;       /* message/feedback-report, or NULL */
    const char *from;           /* the bounce's From: (raw), "" */
    const char *subject;        /* decoded, "" */
    /* the returned original's headers (raw text), "" when not found */
    const char *orig_headers;
    size_t orig_headers_len;
    const char *format;         /* name of the reader that read it */
    int kind;                   /* lsc_bounce_kind */
    lsc__vec rcpts;             /* lsc__brcpt */
} lsc__bin;

/* bounce.c: a new recipient (copy of addr, lower-cased domain), or the one
 * already kept with the same address (*fresh = 0).  NULL on LSC_ENOMEM
 * or past LSC__BOUNCE_MAX_RCPTS (*full = 1). */
lsc__brcpt *lsc__bin_rcpt(lsc__bin *b, const char *addr, size_t n,
                          int *fresh, int *full);
/* A copy of p[0..n) with runs of white space made one space, trimmed,
 * at most LSC__BOUNCE_MAX_DIAG bytes.  NULL on LSC_ENOMEM. */
char *lsc__bin_squeeze(lsc__arena *ar, const char *p, size_t n);
/* Finds the first e-mail address in p[0..n): offsets of local@domain in
 * *s,*e.  Returns 1 when found. */
int lsc__bin_find_addr(const char *p, size_t n, size_t *s, size_t *e);

/* bounce_dsn.c: each returns 1 when it read the message, 0 when it is not
 * its kind, LSC_ENOMEM. */
int lsc__bounce_dsn(lsc__bin *b);
int lsc__bounce_arf(lsc__bin *b);
int lsc__bounce_autoreply(lsc__bin *b);

/* bounce_json.c: Amazon SES JSON notifications (1 read, 0 not one). */
int lsc__bounce_json(lsc__bin *b);

/* bounce_mta.c: the text formats.  Also completes recipients a DSN left
 * without a diagnostic from the notice. */
int lsc__bounce_mta(lsc__bin *b);
int lsc__bounce_mta_fill(lsc__bin *b);
/* bounce_mta_diag.c: the whole Sendmail transcript reply for a
 * diagnostic that starts it; the naming paragraph for one without. */
int lsc__bounce_whole_reply(lsc__bin *b);
int lsc__bounce_paragraph_naming(lsc__bin *b);
/* The SMTP command an error answered, from the words around it ("in reply
 * to RCPT TO command", ">>> DATA", "after end of data"), or "". */
const char *lsc__bounce_command(const char *p, size_t n);
/* A reason the MTA's own phrase table gives for this diagnostic (lower
 * case), or -1. */
int lsc__bounce_mta_reason(const lsc__bin *b, const char *lower_diag);
/* The reason an MTA's own status code names (Microsoft 365), or -1. */
int lsc__bounce_mta_status_reason(const lsc__bin *b, const char *status);
/* What an MTA's reader decides before the classifier: Exim's first guess
 * from the SMTP command and its pseudo status. */
void lsc__bounce_mta_settle(const lsc__bin *b, lsc__brcpt *r);
/* 1 when the MTA's pseudo status for that reason is a temporary one. */
int lsc__bounce_mta_temporary(const lsc__bin *b, int reason);

/* bounce_code.c (Sisimai's rules for picking codes out of text). */
/* The first RFC 3463 status in text (x.0.0 and 4.4.7 only when nothing
 * else), written to out[16]; 0 when none. */
int lsc__status_find(const char *text, char *out);
/* The first known reply code in text, of class cls ('2','4','5' or 0). */
int lsc__reply_find(const char *text, int cls);
/* Status from the field vs. the one in the message text. */
void lsc__status_prefer(char *field, const char *inmsg, int reply);
/* The reason a standard status code names, or -1. */
int lsc__status_reason(const char *status);
/* Sisimai's pseudo status for a reason without one ("5.0.911"). */
const char *lsc__status_for_reason(int reason, int temporary);
/* 1 when the text says the failure is permanent / temporary. */
int lsc__text_permanent(const char *text);
int lsc__text_temporary(const char *text);

/* bounce_rhost.c: the reason a receiving provider's own words or codes
 * name (by the remote MTA or the recipient's domain), or -1. */
int lsc__bounce_rhost(const lsc__brcpt *r, const char *lower_diag);

/* bounce_reason.c */
void lsc__bounce_classify(lsc__brcpt *r, const char *rhost_hint);
/* The phrase tables alone: first reason whose phrases match the lower-case
 * text, or -1. */
int lsc__reason_match(const char *lower);
/* 1 when the text (lower case) matches the phrases of that reason. */
int lsc__reason_is(int reason, const char *lower);

/* bounce_text.c: explanation and suggestion for one recipient. */
int lsc__bounce_explain(lsc__arena *ar, lsc_lang lang, const lsc__brcpt *r,
                        char **explanation, char **suggestion);

#endif

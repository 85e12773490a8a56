/*
 * url.h - where a link leads and what its address hides (url.c), shared by
 * the HTML links (links.c) and the links found in plain text (textlinks.c).
 * Not for other stages: their contract is the lsc__link of message.h.
 */
#ifndef LSC_HTML_URL_H
#define LSC_HTML_URL_H

#include "base/engine.h"

/* Userinfo this long before the host is a disguise even without a dot
 * ("https://secure-login-account-verify@evil.example/"). */
#define LSC__URL_LONG_USERINFO 24
/* Bytes after the host searched for a nested URL (a redirect target). */
#define LSC__URL_MAX_NESTED 2048

/* Bytes of one URL found in plain text that are kept (textlinks.c). */
#define LSC__TEXTLINK_MAX_URL 2048

/* The engine's look-alike checker (ICU uspoof) and the skeletons of the
 * well-known names, made by lsc_engine_new; and the look-alike answers
 * one message or part keeps (in its arena, made on first use). */
int lsc__url_engine_new(lsc_engine *e, lsc_error *err);
void lsc__url_engine_free(lsc_engine *e);
typedef struct lsc__spoof lsc__spoof;

/* Fills l->host (canonical: IDNA A-labels, lower case), l->redirect_host
 * and the LSC__LINK_* flags the target alone decides (IP, shortener,
 * userinfo, several @, nested redirect, abused TLD, look-alike host) from
 * href[0..n).  allow_bare: "www.example.com" without a scheme is a host.
 * 0 or LSC_ENOMEM. */
int lsc__url_target(const lsc_engine *e, lsc__arena *ar, lsc__spoof **sp,
                    lsc__link *l, const char *href, size_t n, int allow_bare);

/* The canonical host of shown link text that reads as one URL or domain
 * (Unicode letters allowed), or NULL; *nomem set when NULL means out of
 * memory. */
char *lsc__url_shown_host(lsc__arena *ar, const char *t, size_t n, int *nomem);

/* With l->host and l->text_host known: LSC__LINK_MISMATCH unless the shown
 * site is the target's or its redirect target's, and LSC__LINK_LOOKALIKE
 * when the target's name is a confusable of the shown one. */
void lsc__url_compare(const lsc_engine *e, lsc__link *l);

/* The canonical form of host[0..n) (IDNA A-labels, lower case), or NULL
 * when it is no host name; *nomem as above. */
char *lsc__url_canon_host(lsc__arena *ar, const char *host, size_t n,
                          int *nomem);

/* The hosts of link shorteners (a "www." before one is the same) and the
 * TLDs where most names seen in mail are abuse, each sorted by strcmp. */
extern const char *const lsc__url_shorteners[];
extern const size_t lsc__url_n_shorteners;
extern const char *const lsc__url_abused_tlds[];
extern const size_t lsc__url_n_abused_tlds;

#endif

/*
 * construct.h - what the construction rules share (rules_construct.c:
 * headers, From/Reply-To, encodings, lines; rules_rcpt.c: the recipient
 * list): header lookups that never return NULL strings, evidence in a
 * header, and the evidence cap.
 */
#ifndef LSC_CONSTRUCT_H
#define LSC_CONSTRUCT_H

#include "rules/rules.h"

#define CONSTRUCT_MAX_EVIDENCE 20

const char *lsc__construct_aaddr(const lsc__address *a);

const char *lsc__construct_adom(const lsc__address *a);

int lsc__construct_ev_in_header(lsc__ctx *c, lsc__hit *h, const char *name,
                        const char *needle);

const lsc__header *lsc__construct_hdr(const lsc__ctx *c, const char *name);

const char *lsc__construct_safe(lsc__ctx *c, const char *s);

/* Does a shown part quote an earlier letter ('>' lines, "... wrote:",
 * "-----Original Message-----", "写道"), or the message forward one as
 * message/rfc822? (rules_quotes.c) */
int lsc__content_quotes(const lsc__ctx *c);

#endif

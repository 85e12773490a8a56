/*
 * check.h - what the scoring side needs from a DNS check: its findings
 * copied into a result (check.c; called by core/result.c).
 */
#ifndef LSC_DNS_CHECK_H
#define LSC_DNS_CHECK_H

#include "base/engine.h"
#include "dns/dns.h"

/* Appends the check's findings that have points to c's result as hits of
 * group "dns" (copies: the check may be freed before the result). */
int lsc__check_add_hits(lsc__ctx *c, const lsc_check *chk);

#endif

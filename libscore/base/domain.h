/*
 * domain.h - domain names shared by the stages (domain.c).
 */
#ifndef LSC_DOMAIN_H
#define LSC_DOMAIN_H

#include "base/internal.h"

/* The longest domain name (RFC 1035: 253 characters as text). */
#define LSC__DOMAIN_MAX 253

/* The registrable domain of name[0..len) by the Public Suffix List, lower
 * case, NUL-terminated in out[cap].  A public suffix or unknown name gives
 * itself.  LSC_EINVAL when empty, too long or out is too small. */
int lsc__registrable_domain(char *out, size_t cap, const char *name,
                            size_t len);

/* Whether two host names share a registrable domain (mail.example.co.uk
 * and example.co.uk do; alice.github.io and evil.github.io do not); names
 * that cannot be placed compare whole, ignoring case. */
int lsc__same_registrable(const char *a, const char *b);

/* Whether the last label of name[0..len) is a top-level domain the Public
 * Suffix List knows ("com", "de", "xn--fiqs8s"; not "pdf", "txt"). */
int lsc__domain_known_tld(const char *name, size_t len);

#endif

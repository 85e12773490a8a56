/*
 * attach.h - facts about an attachment (attach.c, archive.c, office.c).
 *
 * Every non-text leaf gets an lsc__attach with its public view (the
 * lsc_attachment the caller reads) and the archive entries found in it;
 * the message gets an lsc__attach_msg with the list of them, the size
 * limit of its recipients and what the stage cost.
 */
#ifndef LSC_ATTACH_H
#define LSC_ATTACH_H

#include <stddef.h>
#include <stdint.h>

#include "base/engine.h"

/* The stage: real types, archives, macros of non-text leaves. */
int lsc__attach_run(lsc__ctx *c);
/* The built-in provider size limits, in table order (the report shows
 * the message against each): domain and bytes of row i; 0 past the end,
 * where *domain is "*" and *bytes the limit of any other domain. */
int lsc__attach_provider(size_t i, const char **domain, uint64_t *bytes);
/* Engine-level state (engine.c calls these). */
int lsc__attach_engine_new(lsc_engine *e, lsc_error *err);
void lsc__attach_engine_free(lsc_engine *e);

#endif

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
/* Engine-level state (engine.c calls these). */
int lsc__attach_engine_new(lsc_engine *e, lsc_error *err);
void lsc__attach_engine_free(lsc_engine *e);

#endif

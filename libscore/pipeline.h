/*
 * pipeline.h - the stages in the order lsc_score runs them.  Each takes the
 * context, writes its part of the message model, and returns 0 or
 * LSC_ENOMEM (broken mail is a flag, never an error).
 */
#ifndef LSC_PIPELINE_H
#define LSC_PIPELINE_H

#include "engine.h"

/* mime.c: the parts tree and headers from raw bytes. */
int lsc__mime_parse(lsc__ctx *c, const char *data, size_t len);
/* decode.c: transfer decoding and charset conversion of every leaf. */
int lsc__decode_run(lsc__ctx *c);
/* html.c: visible text and HTML facts of text parts. */
int lsc__html_run(lsc__ctx *c);
/* text.c: words and counts of the subject and the visible text. */
int lsc__text_run(lsc__ctx *c);
/* attach.c: real types, archives, macros of non-text leaves. */
int lsc__attach_run(lsc__ctx *c);
/* similar.c: the fingerprint, and the history facts when one is given. */
int lsc__similar_run(lsc__ctx *c);
/* rules.c: every enabled rule over the model. */
int lsc__rules_run(lsc__ctx *c);
/* score.c: points, group caps, risk and level. */
int lsc__score_run(lsc__ctx *c);

/* Engine-level state of the stages that need it (engine.c calls these). */
int lsc__text_engine_new(lsc_engine *e, lsc_error *err);
void lsc__text_engine_free(lsc_engine *e);
int lsc__wordlists_new(lsc_engine *e, const lsc_options *o, lsc_error *err);
void lsc__wordlists_free(lsc_engine *e);
int lsc__attach_engine_new(lsc_engine *e, lsc_error *err);
void lsc__attach_engine_free(lsc_engine *e);

#endif

/*
 * pipeline.h - the stages in the order lsc_score runs them (result.c).
 * Each takes the context, writes its part of the message model, and
 * returns 0 or LSC_ENOMEM (broken mail is a flag, never an error).  Every
 * stage's contract is its own header; this one only names the order:
 *
 *   mime/     lsc__mime_parse, lsc__decode_run
 *   html/     lsc__html_run
 *   text/     lsc__text_run, lsc__phrases_run (the phrase lists and their
 *             matcher, text/wordlist.h: only when rules run)
 *   attach/   lsc__attach_run
 *   history/  lsc__similar_run
 *   rules/    lsc__rules_run, lsc__score_run
 */
#ifndef LSC_PIPELINE_H
#define LSC_PIPELINE_H

#include "mime/mime.h"
#include "html/html.h"
#include "text/text.h"
#include "text/wordlist.h"
#include "attach/attach.h"
#include "history/similar.h"
#include "rules/rules.h"

#endif

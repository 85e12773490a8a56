/*
 * engine.h - the engine (immutable after lsc_engine_new) and the per-call
 * context that carries one scoring through the stages.
 */
#ifndef LSC_ENGINE_H
#define LSC_ENGINE_H

#include "base/internal.h"
#include "base/message.h"

/* Per-stage state built once per engine; each stage defines its own. */
typedef struct lsc__text_engine lsc__text_engine;     /* text.c */
typedef struct lsc__wordlists lsc__wordlists;         /* wordlist.c */
typedef struct lsc__attach_engine lsc__attach_engine; /* attach.c */
typedef struct lsc__url_engine lsc__url_engine;       /* html/url.c */
typedef struct lsc__content_index lsc__content_index; /* rules_content.c */

struct lsc_engine {
    lsc__alloc al;
    lsc_lang lang;
    unsigned flags;           /* LSC_OPT_* */
    lsc_limits limits;        /* defaults filled in */
    lsc_rule_info *rules;     /* one per rules.def row */
    size_t n_rules;
    lsc_size_limit *size_limits; /* overrides, strings owned */
    size_t n_size_limits;
    lsc__text_engine *text;
    lsc__wordlists *words;
    lsc__attach_engine *attach;
    lsc__url_engine *url;
    lsc__content_index *content;
};

/* Every limit left 0 gets its LSC_DEFAULT_ value (engine.c, and the
 * stages run outside an engine, such as the DNS check reading a message). */
void lsc__limits_fill(lsc_limits *l);

/* One scoring call. */
typedef struct lsc__ctx {
    const lsc_engine *eng;
    lsc__arena *ar;           /* the result's arena */
    lsc__message *msg;
    lsc_mode mode;
    int64_t now;
    lsc_history *history;
    unsigned score_flags;     /* lsc_score_options.flags */
    struct lsc_result *res;
    size_t cur_rule;          /* index of the rule running, for hits */
    /* message.h: bodies the caller already holds and its fact cache
     * (lsc_draft_score), NULL for plain lsc_score. */
    const lsc__input *input;
    /* Check tools only (tests/corpus/text_hidden.c): html.c writes hidden
     * text into the visible text where it stands, as a reduction that does
     * not read styles would, so that the two can be compared. */
    int show_hidden;
    /* business branch: rules/sender_identity.c, computed once per message
     * (0 = not yet, 1 = no, 2 = links consistent with the sender) */
    int identity;
    /* rules/bulk.h: the signs of bulk, read once per message by the first
     * rule that asks (six rules do), kept in the result's arena */
    struct lsc__bulk *bulk;
    /* rules/rules_content.c: where its phrase lists were found, scanned
     * once per message by the first rule that asks */
    struct lsc__content_scan *content;
} lsc__ctx;

/* The result object: its arena, the message model, the hits and the score.
 * The stages write into it (rules append hits, the score sets the level),
 * so it is part of the model; core/result.c hands it out. */
struct lsc_result {
    lsc__alloc al;            /* copy of the engine's allocator */
    lsc__arena ar;
    lsc__message *msg;
    lsc__vec hits;            /* lsc__hit * */
    const lsc_hit **sorted;   /* public view, worst first */
    size_t n_sorted;
    double points;
    int risk;
    lsc_level level;
    lsc_lang lang;            /* the engine's language (the report's default) */
    struct lsc__pin_ref *pins; /* shared bytes the parts point into (pin.c),
                                  let go by lsc_result_free */
};

/* Makes r a holder of p (its parts may then point into p's bytes): 0 or
 * LSC_ENOMEM.  lsc_result_free lets go of every pin it holds. */
int lsc__result_hold(lsc_result *r, lsc__pin *p);
void lsc__result_drop_pins(lsc_result *r);

#endif

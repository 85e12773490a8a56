/*
 * similar.h - the similarity stage (similar.c): a message's fingerprint
 * and, with a history, the facts rules_history.c judges.
 */
#ifndef LSC_SIMILAR_H
#define LSC_SIMILAR_H

#include "history/history.h"

/* ---- what the similarity stage found (for rules_history.c) ---- */

typedef struct lsc__sim_domain_count {
    const char *domain;
    size_t count;           /* earlier messages to it in the burst window */
} lsc__sim_domain_count;

typedef struct lsc__sim_facts {
    lsc_fingerprint *fp;        /* this message (in the arena) */
    lsc__sim_word *words;       /* the words it was built from */
    size_t n_words;
    size_t n_subject_words;     /* the first ones, from the subject */
    uint32_t *chunk_first;      /* first word of each chunk */
    int have_history;
    /* template reuse: earlier messages >= LSC__TEMPLATE_SIMILARITY within
     * LSC__TEMPLATE_DAYS */
    size_t n_similar;
    double max_similarity, min_similarity_seen;
    size_t n_same_body;
    int similar_capped;         /* more candidates than were compared
                                   (LSC_HISTORY_MAX_COMPARED): the counts
                                   are "at least" */
    char **similar_domains;     /* their recipient domains, unique */
    size_t n_similar_domains;
    /* the nearest earlier message and how this one differs from it */
    int have_nearest;
    double nearest_similarity;
    int64_t nearest_time;
    size_t changed_words;       /* words of this message in chunks the
                                   nearest lacks */
    unsigned char *chunk_changed;  /* per chunk of this message: 1 when
                                      the nearest lacks it */
    /* domain burst: per recipient domain, earlier messages in the window */
    lsc__sim_domain_count *burst;
    size_t n_burst;
} lsc__sim_facts;

/* Thresholds the stage uses to gather facts (rules read them too). */
#define LSC__TEMPLATE_DAYS 7
#define LSC__BURST_WINDOW_SECONDS 3600

/* The similarity stage's facts of a result, or NULL. */
const lsc__sim_facts *lsc__sim_facts_of(const lsc__ctx *c);

/* The stage: the fingerprint, and the history facts when one is given. */
int lsc__similar_run(lsc__ctx *c);

#endif

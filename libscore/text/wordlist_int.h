/*
 * wordlist_int.h - the compiled phrase lists as the files of the text
 * stage that build and run them see them (wordlist.c: word hash, trie,
 * automaton, matcher; wordlist_read.c: reading list text and directories).
 * Other stages use wordlist.h.
 */
#ifndef LSC_WORDLIST_INT_H
#define LSC_WORDLIST_INT_H

#include "text/wordlist.h"

/* One (category, language, weight) at a trie node. */
typedef struct wl_out {
    uint8_t cat;
    uint8_t lang;
    float weight;
    uint32_t next;        /* build time: next entry of the node, 0 = none */
} wl_out;

/* A slot of the word hash: the word's bytes (up to 8) or its hash, its
 * id (WL_LONG set when key is a hash) and the root's child on it, so that
 * the matcher's first step costs no look-up of its own. */
typedef struct wl_slot {
    uint64_t key;
    uint32_t id;
    uint32_t root;
} wl_slot;
#define WL_LONG 0x80000000u

/* A node of the automaton as the matcher reads it: one record, one cache
 * line, where five arrays cost a miss each (the tables are cold again by
 * the next text).  Most nodes have one child, which the record holds. */
typedef struct wl_node {
    uint32_t fail, dict, n_out, first_out, depth;
    uint32_t kids;        /* children */
    uint32_t one_id;      /* with one child: its word */
    uint32_t one_child;   /* that child; with more: the first in kid[] */
} wl_node;

/* A child of a node with several, in kid[] by node then word. */
typedef struct wl_kid {
    uint32_t id, child;
} wl_kid;

struct lsc__wordlists {
    lsc__alloc al;
    /* words: strings in pool, open-addressing hash to 1-based ids */
    char *pool;
    size_t pool_len, pool_cap;
    uint32_t *w_off, *w_len;
    size_t n_words, w_cap;
    wl_slot *w_slot;      /* open addressing; id 0 = empty */
    /* one bit per 16-bit hash value: most words of a mail are in no list,
     * and this small table (in the L1 cache) says so without a probe */
    uint64_t w_filter[1024];
    size_t w_mask;
    /* trie nodes; node 0 is the root.  Built in the arrays, read from
     * the records (lsc__wordlist_pack makes them and frees the arrays) */
    uint32_t *fail, *dict, *depth, *first_out, *n_out;
    wl_node *nodes;
    wl_kid *kid;
    uint32_t *child, *sibling, *sym;    /* build time */
    /* 1 when a list wrote a comma before this node's word ("Madame,
     * Monsieur"): a comma in the mail there does not end the phrase */
    uint32_t *comma_ok;
    size_t n_nodes, node_cap;
    /* transitions: key (node << 32 | word id) -> child */
    uint64_t *t_key;
    uint32_t *t_val;
    size_t t_mask, n_trans;
    /* entries: at build time linked per node, then grouped by node */
    wl_out *outs;
    size_t n_outs, out_cap;
    /* languages, and phrases per language and category */
    char langs[LSC__WL_MAX_LANGS][LSC__WL_MAX_LANG_NAME + 1];
    size_t n_langs;
    size_t counts[LSC__WL_MAX_LANGS][LSC__WL_NCAT];
    size_t n_phrases;     /* lines read, the limit's count */
    int presplit;         /* the embedded lists came split at build time */
};

/* wordlist.c: the helpers and the trie building wordlist_read.c uses. */
int lsc__wordlist_finish_outputs(lsc__wordlists *wl);

/* The child of a node on a word, through the build's transition hash
 * (gone once lsc__wordlist_pack has run). */
uint32_t lsc__wordlist_go(const lsc__wordlists *wl, uint32_t node, uint32_t id);

int lsc__wordlist_grow(const lsc__alloc *al, void **p, size_t *cap, size_t need,
                size_t item);

int lsc__wordlist_intern(lsc__wordlists *wl, const char *w, size_t len,
                  uint32_t *id);

int lsc__wordlist_is_alnum_ascii(unsigned char c);

int lsc__wordlist_gap_has_comma(const char *p, size_t n);

int lsc__wordlist_link_nodes(lsc__wordlists *wl);

int lsc__wordlist_node_new(lsc__wordlists *wl, uint32_t *out);

/* The matcher's tables from the build's, which it frees: last. */
int lsc__wordlist_pack(lsc__wordlists *wl);

int lsc__wordlist_trans_add(lsc__wordlists *wl, uint32_t node, uint32_t id,
                     uint32_t child);

int lsc__wordlist_valid_utf8(const char *s, size_t n);

#endif

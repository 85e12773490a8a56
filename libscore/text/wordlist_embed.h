/*
 * wordlist_embed.h - the phrase lists compiled into the library
 * (generated from wordlists/ by tools/embed_wordlists.sh), and their
 * build-time split (by tools/wlsplit.c).
 */
#ifndef LSC_WORDLIST_EMBED_H
#define LSC_WORDLIST_EMBED_H

#include <stddef.h>

typedef struct lsc__embedded_list {
    const char *name;   /* path under wordlists/, e.g. "en/promo.txt" */
    const char *data;   /* the file's bytes, NUL-terminated */
    size_t len;
} lsc__embedded_list;

extern const lsc__embedded_list lsc__embedded_lists[];
extern const size_t lsc__embedded_list_count;

/* The same lists split into words at build time (tools/wlsplit.c writes
 * wordlists_split.c; lsc__wordlist_presplit is the format), in the same
 * order, and the ICU version that split them. */
extern const lsc__embedded_list lsc__embedded_splits[];
extern const size_t lsc__embedded_split_count;
extern const char lsc__embedded_split_icu[];

#endif

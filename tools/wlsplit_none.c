/*
 * wlsplit_none.c - no build-time split: what tools/wlsplit is linked
 * with while it makes the real one (the engine then splits the lists
 * itself).
 */
#include <stddef.h>

#include "text/wordlist_embed.h"

const lsc__embedded_list lsc__embedded_splits[] = { { NULL, NULL, 0 } };
const size_t lsc__embedded_split_count = 0;
const char lsc__embedded_split_icu[] = "";

/*
 * wordlist.c - phrase lists compiled into one word-level Aho-Corasick
 * automaton, and the matcher the wording rules run over the text stage's
 * words.
 *
 * Takes: the embedded lists (wordlists/ at build time) and/or the lists of
 * opts->wordlist_dir (<lang>/<category>.txt), mode EXTEND or REPLACE.
 * Gives: lsc_engine->words, and lsc__wordlist_match(), which reports every
 * (possibly overlapping) phrase in a word sequence in one pass: each word's
 * normalized form is looked up once in a hash of the lists' words, and the
 * automaton steps on the id.
 *
 * List format (wordlists/README.md): one phrase per line; an optional
 * weight after a tab or " | "; '#' at the start of a line is a comment.
 * Phrases are split into words by the text stage itself (lsc__text_split:
 * ICU word breaking, NFKC case folding, de-obfuscation), so 尊敬的客户
 * becomes 尊敬/的/客户 on both sides and a phrase matches exactly the
 * words the mail is split into.  A weight of 0 removes a phrase (a directory can switch off an
 * embedded one in EXTEND mode).
 *
 * Files: wordlist.c holds the word hash, the trie, the automaton and the
 * matcher; wordlist_read.c reads list text and directories into them.
 *
 * Limits (wordlist.h): file size, line length, phrase count, words per
 * phrase, files, languages.  A list that breaks one is LSC_ECONFIG with
 * the file and line in lsc_error.  Matching needs no memory.
 */
#include <stdlib.h>

#include <unicode/utf8.h>

#include "text/wordlist_int.h"

static const char *const cat_names[LSC__WL_NCAT] = {
    "promo", "urgency", "money", "guarantee", "greeting", "selfintro",
    "unsubscribe"
};

int lsc__wordlist_is_alnum_ascii(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_';
}

int lsc__wordlist_grow(const lsc__alloc *al, void **p, size_t *cap, size_t need,
                size_t item)
{
    void *np;
    size_t n = *cap ? *cap : 64;
    if (need <= *cap)
        return 0;
    while (n < need)
        n *= 2;
    if (n > SIZE_MAX / item)
        return LSC_ENOMEM;
    np = lsc__realloc(al, *p, n * item);
    if (!np)
        return LSC_ENOMEM;
    *p = np;
    *cap = n;
    return 0;
}

int lsc__wordlist_valid_utf8(const char *s, size_t n)
{
    int32_t i = 0;
    if (n > (size_t)INT32_MAX)
        return 0;
    while ((size_t)i < n) {
        UChar32 c;
        U8_NEXT((const uint8_t *)s, i, (int32_t)n, c);
        if (c < 0)
            return 0;
    }
    return 1;
}

/* ------------------------------------------------------------------ */
/* The compiled lists                                                  */
/* ------------------------------------------------------------------ */


/* Eight bytes at a time: most words fit in one step.  *key is what a
 * slot compares: the word's own bytes when it has at most 8, else the
 * hash. */
static inline uint64_t hash_word(const char *p, size_t n, uint64_t *key)
{
    uint64_t h = (uint64_t)n * 0x9E3779B97F4A7C15ull, v = 0;
    size_t len = n;
    while (n > 8) {
        memcpy(&v, p, 8);
        h = (h ^ v) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
        p += 8;
        n -= 8;
    }
    /* the bytes of a shorter word from two overlapping loads (a byte
     * loop mispredicts where each word ends), the same value in each
     * byte as memcpy into a zeroed word on a little-endian machine */
    if (n == 8) {
        memcpy(&v, p, 8);
    } else if (n >= 4) {
        uint32_t lo, hi;
        memcpy(&lo, p, 4);
        memcpy(&hi, p + n - 4, 4);
        v = (uint64_t)lo | (uint64_t)hi << (8 * (n - 4));
    } else if (n > 0) {
        v = (uint64_t)(unsigned char)p[0] |
            (uint64_t)(unsigned char)p[n / 2] << (8 * (n / 2)) |
            (uint64_t)(unsigned char)p[n - 1] << (8 * (n - 1));
    } else {
        v = 0;
    }
    h = (h ^ v) * 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 29;
    *key = len <= 8 ? v : h;
    return h;
}

static uint64_t hash_key(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    return k;
}

/* The slot of a word, or NULL when it is in no list. */
static const wl_slot *word_slot(const lsc__wordlists *wl, const char *norm,
                                size_t len)
{
    uint64_t key;
    size_t i;
    uint64_t h;
    uint32_t want = len > 8 ? WL_LONG : 0;
    if (!wl || !wl->w_slot)
        return NULL;
    h = hash_word(norm, len, &key);
    if (!(wl->w_filter[(h >> 48) & 1023] & ((uint64_t)1 << ((h >> 58) & 63))))
        return NULL;
    i = (size_t)h & wl->w_mask;
    for (;;) {
        const wl_slot *sl = &wl->w_slot[i];
        if (!sl->id)
            return NULL;
        /* a short word is its key: its bytes, zero after its end (no
         * word holds a NUL byte), so no two lengths share one; a long
         * word's key is a hash, and its bytes decide */
        if (sl->key == key && (sl->id & WL_LONG) == want &&
            (!want || (wl->w_len[(sl->id & ~WL_LONG) - 1] == len &&
                       memcmp(wl->pool + wl->w_off[(sl->id & ~WL_LONG) - 1],
                              norm, len) == 0)))
            return sl;
        i = (i + 1) & wl->w_mask;
    }
}

uint32_t lsc__wordlist_word_id(const lsc__wordlists *wl, const char *norm,
                               size_t len)
{
    const wl_slot *sl = word_slot(wl, norm, len);
    return sl ? sl->id & ~WL_LONG : 0;
}

static void slot_put(lsc__wordlists *wl, wl_slot *slots, size_t mask,
                     const char *w, size_t len, uint32_t id)
{
    uint64_t key, h = hash_word(w, len, &key);
    size_t i = (size_t)h & mask;
    wl->w_filter[(h >> 48) & 1023] |= (uint64_t)1 << ((h >> 58) & 63);
    while (slots[i].id)
        i = (i + 1) & mask;
    slots[i].key = key;
    slots[i].id = id | (len > 8 ? WL_LONG : 0);
    slots[i].root = 0;
}

static int word_table_grow(lsc__wordlists *wl)
{
    size_t ncap = wl->w_mask ? (wl->w_mask + 1) * 2 : 1024, i;
    wl_slot *ns = lsc__calloc(&wl->al, ncap, sizeof *ns);
    if (!ns)
        return LSC_ENOMEM;
    for (i = 0; i < wl->n_words; i++)
        slot_put(wl, ns, ncap - 1, wl->pool + wl->w_off[i], wl->w_len[i],
                 (uint32_t)(i + 1));
    lsc__free(&wl->al, wl->w_slot);
    wl->w_slot = ns;
    wl->w_mask = ncap - 1;
    return 0;
}

int lsc__wordlist_intern(lsc__wordlists *wl, const char *w, size_t len,
                  uint32_t *id)
{
    int rc;
    *id = lsc__wordlist_word_id(wl, w, len);
    if (*id)
        return 0;
    if (!wl->w_slot || (wl->n_words + 1) * 2 > wl->w_mask + 1) {
        rc = word_table_grow(wl);
        if (rc != 0)
            return rc;
    }
    if (wl->n_words == wl->w_cap) {
        size_t nc = wl->w_cap ? wl->w_cap * 2 : 1024;
        uint32_t *o = lsc__realloc(&wl->al, wl->w_off, nc * sizeof *o);
        if (!o)
            return LSC_ENOMEM;
        wl->w_off = o;
        o = lsc__realloc(&wl->al, wl->w_len, nc * sizeof *o);
        if (!o)
            return LSC_ENOMEM;
        wl->w_len = o;
        wl->w_cap = nc;
    }
    rc = lsc__wordlist_grow(&wl->al, (void **)&wl->pool, &wl->pool_cap,
              wl->pool_len + len + 1, 1);
    if (rc != 0)
        return rc;
    memcpy(wl->pool + wl->pool_len, w, len);
    wl->pool[wl->pool_len + len] = '\0';
    wl->w_off[wl->n_words] = (uint32_t)wl->pool_len;
    wl->w_len[wl->n_words] = (uint32_t)len;
    wl->pool_len += len + 1;
    wl->n_words++;
    slot_put(wl, wl->w_slot, wl->w_mask, w, len, (uint32_t)wl->n_words);
    *id = (uint32_t)wl->n_words;
    return 0;
}

uint32_t lsc__wordlist_go(const lsc__wordlists *wl, uint32_t node, uint32_t id)
{
    uint64_t key = ((uint64_t)node << 32) | id;
    size_t i;
    if (!wl->t_key)
        return 0;
    i = (size_t)hash_key(key) & wl->t_mask;
    for (;;) {
        uint64_t k = wl->t_key[i];
        if (k == key)
            return wl->t_val[i];
        if (k == 0)
            return 0;
        i = (i + 1) & wl->t_mask;
    }
}

static void trans_put(uint64_t *keys, uint32_t *vals, size_t mask,
                      uint64_t key, uint32_t val)
{
    size_t i = (size_t)hash_key(key) & mask;
    while (keys[i])
        i = (i + 1) & mask;
    keys[i] = key;
    vals[i] = val;
}

int lsc__wordlist_trans_add(lsc__wordlists *wl, uint32_t node, uint32_t id,
                     uint32_t child)
{
    /* word ids start at 1, so no key is 0 */
    if (!wl->t_key || (wl->n_trans + 1) * 2 > wl->t_mask + 1) {
        size_t ncap = wl->t_key ? (wl->t_mask + 1) * 2 : 1024, i;
        uint64_t *nk = lsc__calloc(&wl->al, ncap, sizeof *nk);
        uint32_t *nv = lsc__calloc(&wl->al, ncap, sizeof *nv);
        if (!nk || !nv) {
            lsc__free(&wl->al, nk);
            lsc__free(&wl->al, nv);
            return LSC_ENOMEM;
        }
        for (i = 0; wl->t_key && i <= wl->t_mask; i++)
            if (wl->t_key[i])
                trans_put(nk, nv, ncap - 1, wl->t_key[i], wl->t_val[i]);
        lsc__free(&wl->al, wl->t_key);
        lsc__free(&wl->al, wl->t_val);
        wl->t_key = nk;
        wl->t_val = nv;
        wl->t_mask = ncap - 1;
    }
    trans_put(wl->t_key, wl->t_val, wl->t_mask, ((uint64_t)node << 32) | id,
              child);
    wl->n_trans++;
    return 0;
}

int lsc__wordlist_node_new(lsc__wordlists *wl, uint32_t *out)
{
    if (wl->n_nodes == wl->node_cap) {
        size_t nc = wl->node_cap ? wl->node_cap * 2 : 1024;
        uint32_t **arrs[] = { &wl->fail, &wl->dict, &wl->depth,
                              &wl->first_out, &wl->n_out, &wl->child,
                              &wl->sibling, &wl->sym, &wl->comma_ok };
        size_t i;
        for (i = 0; i < LSC__COUNT(arrs); i++) {
            uint32_t *p = lsc__realloc(&wl->al, *arrs[i], nc * sizeof *p);
            if (!p)
                return LSC_ENOMEM;
            *arrs[i] = p;
        }
        wl->node_cap = nc;
    }
    *out = (uint32_t)wl->n_nodes;
    wl->fail[*out] = wl->dict[*out] = wl->depth[*out] = 0;
    wl->first_out[*out] = wl->n_out[*out] = 0;
    wl->child[*out] = wl->sibling[*out] = wl->sym[*out] = 0;
    wl->comma_ok[*out] = 0;
    wl->n_nodes++;
    return 0;
}

void lsc__wordlists_destroy(lsc__wordlists *wl)
{
    lsc__alloc al;
    if (!wl)
        return;
    al = wl->al;
    lsc__free(&al, wl->pool);
    lsc__free(&al, wl->w_off);
    lsc__free(&al, wl->w_len);
    lsc__free(&al, wl->w_slot);
    lsc__free(&al, wl->fail);
    lsc__free(&al, wl->dict);
    lsc__free(&al, wl->depth);
    lsc__free(&al, wl->first_out);
    lsc__free(&al, wl->n_out);
    lsc__free(&al, wl->child);
    lsc__free(&al, wl->sibling);
    lsc__free(&al, wl->sym);
    lsc__free(&al, wl->comma_ok);
    lsc__free(&al, wl->t_key);
    lsc__free(&al, wl->t_val);
    lsc__free(&al, wl->nodes);
    lsc__free(&al, wl->kid);
    lsc__free(&al, wl->outs);
    lsc__free(&al, wl);
}

/* ---- the automaton ---- */

/* Groups the entries by node (one per category: the largest weight, the
 * first language that has it), drops weight 0, and counts phrases. */
int lsc__wordlist_finish_outputs(lsc__wordlists *wl)
{
    wl_out *flat;
    size_t nf = 0, node;
    flat = lsc__calloc(&wl->al, wl->n_outs ? wl->n_outs : 1, sizeof *flat);
    if (!flat)
        return LSC_ENOMEM;
    for (node = 0; node < wl->n_nodes; node++) {
        uint32_t e = wl->first_out[node];
        size_t first = nf, k;
        for (; e; e = wl->outs[e].next) {
            const wl_out *o = &wl->outs[e];
            if (o->weight <= 0)
                continue;
            wl->counts[o->lang][o->cat]++;
            for (k = first; k < nf; k++)
                if (flat[k].cat == o->cat)
                    break;
            if (k < nf) {
                if (o->weight > flat[k].weight ||
                    (o->weight == flat[k].weight && o->lang < flat[k].lang)) {
                    flat[k].weight = o->weight;
                    flat[k].lang = o->lang;
                }
                continue;
            }
            flat[nf] = *o;
            flat[nf].next = 0;
            nf++;
        }
        wl->first_out[node] = (uint32_t)first;
        wl->n_out[node] = (uint32_t)(nf - first);
    }
    lsc__free(&wl->al, wl->outs);
    wl->outs = flat;
    wl->n_outs = nf;
    return 0;
}

/* Failure and output links, breadth first (child/sibling lists give each
 * node's children; the queue is the `sym` array's storage reused). */
int lsc__wordlist_link_nodes(lsc__wordlists *wl)
{
    uint32_t *queue = lsc__malloc(&wl->al,
                                  (wl->n_nodes ? wl->n_nodes : 1) * sizeof *queue);
    size_t head = 0, tail = 0;
    uint32_t c;
    if (!queue)
        return LSC_ENOMEM;
    for (c = wl->child[0]; c; c = wl->sibling[c]) {
        wl->fail[c] = 0;
        wl->dict[c] = 0;
        queue[tail++] = c;
    }
    while (head < tail) {
        uint32_t u = queue[head++];
        for (c = wl->child[u]; c; c = wl->sibling[c]) {
            uint32_t f = wl->fail[u], nx;
            for (;;) {
                nx = lsc__wordlist_go(wl, f, wl->sym[c]);
                if (nx || f == 0)
                    break;
                f = wl->fail[f];
            }
            wl->fail[c] = nx;
            wl->dict[c] = wl->n_out[nx] ? nx : wl->dict[nx];
            queue[tail++] = c;
        }
    }
    lsc__free(&wl->al, queue);
    /* build-time arrays are no longer needed */
    lsc__free(&wl->al, wl->child);
    lsc__free(&wl->al, wl->sibling);
    lsc__free(&wl->al, wl->sym);
    wl->child = wl->sibling = wl->sym = NULL;
    return 0;
}

static int by_id(const void *a, const void *b)
{
    uint32_t x = ((const wl_kid *)a)->id, y = ((const wl_kid *)b)->id;
    return (x > y) - (x < y);
}

/* The tables the matcher reads, in place of those the build used: the
 * root's children in the word slots (most steps start at the root, after
 * a word in no phrase), each node with its links and its only child in
 * one record, the children of the others side by side.  A text touches
 * a few dozen nodes, each in a cold cache line: one line a step, where
 * the build's arrays and transition hash cost four or five. */
int lsc__wordlist_pack(lsc__wordlists *wl)
{
    size_t i, node, n_kid = 0;
    for (i = 0; wl->w_slot && i <= wl->w_mask; i++)
        if (wl->w_slot[i].id)
            wl->w_slot[i].root =
                lsc__wordlist_go(wl, 0, wl->w_slot[i].id & ~WL_LONG);
    wl->nodes = lsc__calloc(&wl->al, wl->n_nodes ? wl->n_nodes : 1,
                            sizeof *wl->nodes);
    wl->kid = lsc__calloc(&wl->al, wl->n_trans ? wl->n_trans : 1,
                          sizeof *wl->kid);
    if (!wl->nodes || !wl->kid)
        return LSC_ENOMEM;
    for (node = 0; node < wl->n_nodes; node++) {
        wl_node *nd = &wl->nodes[node];
        nd->fail = wl->fail[node];
        nd->dict = wl->dict[node];
        nd->n_out = wl->n_out[node];
        nd->first_out = wl->first_out[node];
        nd->depth = wl->depth[node];
    }
    for (i = 0; wl->t_key && i <= wl->t_mask; i++)
        if (wl->t_key[i])
            wl->nodes[wl->t_key[i] >> 32].kids++;
    /* each node with several children gets its stretch of kid[]: first
     * its end, filled from the back, which leaves its start */
    for (node = 0; node < wl->n_nodes; node++) {
        wl_node *nd = &wl->nodes[node];
        if (nd->kids > 1) {
            n_kid += nd->kids;
            nd->one_child = (uint32_t)n_kid;
        }
    }
    for (i = 0; wl->t_key && i <= wl->t_mask; i++) {
        wl_node *nd;
        if (!wl->t_key[i])
            continue;
        nd = &wl->nodes[wl->t_key[i] >> 32];
        if (nd->kids == 1) {
            nd->one_id = (uint32_t)wl->t_key[i];
            nd->one_child = wl->t_val[i];
        } else {
            wl_kid *k = &wl->kid[--nd->one_child];
            k->id = (uint32_t)wl->t_key[i];
            k->child = wl->t_val[i];
        }
    }
    /* the build's tables are not read again */
    lsc__free(&wl->al, wl->fail);
    lsc__free(&wl->al, wl->dict);
    lsc__free(&wl->al, wl->depth);
    lsc__free(&wl->al, wl->first_out);
    lsc__free(&wl->al, wl->n_out);
    lsc__free(&wl->al, wl->t_key);
    lsc__free(&wl->al, wl->t_val);
    wl->fail = wl->dict = wl->depth = wl->first_out = wl->n_out = NULL;
    wl->t_key = NULL;
    wl->t_val = NULL;
    for (node = 0; node < wl->n_nodes; node++)
        if (wl->nodes[node].kids > 1)
            qsort(wl->kid + wl->nodes[node].one_child, wl->nodes[node].kids,
                  sizeof *wl->kid, by_id);
    return 0;
}

/* The child of node nd on word id, 0 when none. */
static uint32_t step(const lsc__wordlists *wl, const wl_node *nd, uint32_t id)
{
    const wl_kid *k;
    size_t lo = 0, hi;
    if (nd->kids <= 1)
        return nd->kids && nd->one_id == id ? nd->one_child : 0;
    k = wl->kid + nd->one_child;
    hi = nd->kids;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (k[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < nd->kids && k[lo].id == id ? k[lo].child : 0;
}

/* ------------------------------------------------------------------ */
/* Matching                                                            */
/* ------------------------------------------------------------------ */

#define RING 16   /* >= LSC__WL_MAX_PHRASE_WORDS, a power of two */

/* A phrase does not run over the end of a sentence or clause: "today,
 * only" and "now. Never" are two thoughts, not "today only"; nor over a
 * line break: "our factory" / "Price list: ..." on two lines are two
 * lines, not "factory price".  Looks at the bytes between two words (only
 * ever between two list words).  GAP_COMMA: the only break is one comma,
 * which a phrase written with a comma ("Madame, Monsieur") spans. */
#define GAP_JOINS 0
#define GAP_BREAKS 1
#define GAP_COMMA 2
static int gap_breaks(const char *p, size_t n)
{
    size_t i, commas = 0;
    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)p[i];
        if (ch == '.' || ch == '!' || ch == '?' || ch == ';')
            return GAP_BREAKS;
        if (ch == '\n' || ch == '\r')
            return GAP_BREAKS;
        if (ch == ',')
            commas++;
        if (i + 2 < n && ch == 0xE3 && (unsigned char)p[i + 1] == 0x80 &&
            ((unsigned char)p[i + 2] == 0x82 || (unsigned char)p[i + 2] == 0x81))
            return GAP_BREAKS;   /* 。、 */
        if (i + 2 < n && ch == 0xEF && (unsigned char)p[i + 1] == 0xBC &&
            (unsigned char)p[i + 2] == 0x8C)
            commas++;            /* ， (full width) */
        else if (i + 2 < n && ch == 0xEF && (unsigned char)p[i + 1] == 0xBC &&
            ((unsigned char)p[i + 2] == 0x81 || (unsigned char)p[i + 2] == 0x9F ||
             (unsigned char)p[i + 2] == 0x9B || (unsigned char)p[i + 2] == 0x8E))
            return GAP_BREAKS;   /* ！？；． (full width) */
        if (i + 1 < n && ch == 0xD8 && (unsigned char)p[i + 1] == 0x8C)
            commas++;            /* Arabic comma */
    }
    if (commas == 1)
        return GAP_COMMA;
    return commas ? GAP_BREAKS : GAP_JOINS;
}

/* 1 when a list word source gap holds a comma (the list wrote one). */
int lsc__wordlist_gap_has_comma(const char *p, size_t n)
{
    return gap_breaks(p, n) == GAP_COMMA;
}

int lsc__wordlist_match(const lsc__wordlists *wl, const lsc__word *words,
                        size_t n, const char *text, size_t text_len,
                        lsc__phrase_fn fn, void *ud)
{
    size_t pos[RING];
    size_t i, used = 0, prev_end = 0;
    uint32_t state = 0;

    if (!wl || !wl->w_slot || !wl->nodes || wl->n_nodes < 2)
        return 0;
    for (i = 0; i < n; i++) {
        const lsc__word *w = &words[i];
        const wl_slot *sl;
        const wl_node *nd;
        uint32_t id, t, nx;
        if (!(w->flags & (LSC__W_LETTERS | LSC__W_DIGITS)))
            continue;
        sl = w->norm ? word_slot(wl, w->norm, w->norm_len) : NULL;
        if (!sl) {
            state = 0;
            continue;
        }
        id = sl->id & ~WL_LONG;
        if (state && text && prev_end <= w->start && w->start <= text_len) {
            int g = gap_breaks(text + prev_end, w->start - prev_end);
            if (g == GAP_COMMA) {
                uint32_t to = step(wl, &wl->nodes[state], id);
                if (!to || !wl->comma_ok[to])
                    state = 0;
            } else if (g == GAP_BREAKS) {
                state = 0;
            }
        }
        prev_end = w->end;
        pos[used++ & (RING - 1)] = i;
        for (;;) {
            if (state == 0) {
                nx = sl->root;
                break;
            }
            nd = &wl->nodes[state];
            nx = step(wl, nd, id);
            if (nx)
                break;
            state = nd->fail;
        }
        state = nx;
        nd = &wl->nodes[state];
        for (t = nd->n_out ? state : nd->dict; t; t = wl->nodes[t].dict) {
            const wl_node *tn = &wl->nodes[t];
            uint32_t k, d = tn->depth;
            lsc__phrase_match m;
            m.first = pos[(used - d) & (RING - 1)];
            m.last = i;
            for (k = 0; k < tn->n_out; k++) {
                const wl_out *o = &wl->outs[tn->first_out + k];
                int rc;
                m.category = o->cat;
                m.lang = o->lang;
                m.weight = o->weight;
                rc = fn(ud, &m);
                if (rc != 0)
                    return rc;
            }
        }
    }
    return 0;
}

const char *lsc__wordlist_category_name(unsigned category)
{
    return category < LSC__WL_NCAT ? cat_names[category] : "?";
}

const char *lsc__wordlist_lang_name(const lsc__wordlists *wl, unsigned lang)
{
    return wl && lang < wl->n_langs ? wl->langs[lang] : "?";
}

size_t lsc__wordlist_lang_count(const lsc__wordlists *wl)
{
    return wl ? wl->n_langs : 0;
}

size_t lsc__wordlist_phrase_count(const lsc__wordlists *wl, int lang,
                                  int category)
{
    size_t l, c, n = 0;
    if (!wl)
        return 0;
    for (l = 0; l < wl->n_langs; l++)
        for (c = 0; c < LSC__WL_NCAT; c++)
            if ((lang < 0 || (size_t)lang == l) &&
                (category < 0 || (size_t)category == c))
                n += wl->counts[l][c];
    return n;
}

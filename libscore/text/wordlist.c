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
 * Limits (wordlist.h): file size, line length, phrase count, words per
 * phrase, files, languages.  A list that breaks one is LSC_ECONFIG with
 * the file and line in lsc_error.  Matching needs no memory.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <unicode/utf8.h>

#include "text/wordlist.h"
#include "text/wordlist_embed.h"

static const char *const cat_names[LSC__WL_NCAT] = {
    "promo", "urgency", "money", "guarantee", "greeting", "selfintro",
    "unsubscribe"
};

static int is_alnum_ascii(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_';
}

static int grow(const lsc__alloc *al, void **p, size_t *cap, size_t need,
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

static int valid_utf8(const char *s, size_t n)
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

/* One (category, language, weight) at a trie node. */
typedef struct wl_out {
    uint8_t cat;
    uint8_t lang;
    float weight;
    uint32_t next;        /* build time: next entry of the node, 0 = none */
} wl_out;

/* A slot of the word hash: the word's bytes (up to 8) or its hash. */
typedef struct wl_slot {
    uint64_t key;
    uint32_t id;
    uint32_t len;
} wl_slot;

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
    /* trie nodes; node 0 is the root */
    uint32_t *fail, *dict, *depth, *first_out, *n_out;
    uint32_t *child, *sibling, *sym;    /* build time */
    size_t n_nodes, node_cap;
    uint32_t *root_next;  /* word id -> child of the root, 0 = none */
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
};

/* Eight bytes at a time: most words fit in one step.  *key is what a
 * slot compares: the word's own bytes when it has at most 8, else the
 * hash. */
static uint64_t hash_word(const char *p, size_t n, uint64_t *key)
{
    uint64_t h = (uint64_t)n * 0x9E3779B97F4A7C15ull, v = 0;
    size_t i, len = n;
    while (n > 8) {
        memcpy(&v, p, 8);
        h = (h ^ v) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
        p += 8;
        n -= 8;
    }
    if (n == 8) {
        memcpy(&v, p, 8);
    } else {
        v = 0;
        for (i = 0; i < n; i++)
            v |= (uint64_t)(unsigned char)p[i] << (8 * i);
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

uint32_t lsc__wordlist_word_id(const lsc__wordlists *wl, const char *norm,
                               size_t len)
{
    uint64_t key;
    size_t i;
    uint64_t h;
    if (!wl || !wl->w_slot)
        return 0;
    h = hash_word(norm, len, &key);
    if (!(wl->w_filter[(h >> 48) & 1023] & ((uint64_t)1 << ((h >> 58) & 63))))
        return 0;
    i = (size_t)h & wl->w_mask;
    for (;;) {
        const wl_slot *sl = &wl->w_slot[i];
        if (!sl->id)
            return 0;
        /* short words are decided by the slot alone */
        if (sl->key == key && sl->len == len &&
            (len <= 8 ||
             memcmp(wl->pool + wl->w_off[sl->id - 1], norm, len) == 0))
            return sl->id;
        i = (i + 1) & wl->w_mask;
    }
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
    slots[i].id = id;
    slots[i].len = (uint32_t)len;
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

static int intern(lsc__wordlists *wl, const char *w, size_t len,
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
    rc = grow(&wl->al, (void **)&wl->pool, &wl->pool_cap,
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

static uint32_t go(const lsc__wordlists *wl, uint32_t node, uint32_t id)
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

static int trans_add(lsc__wordlists *wl, uint32_t node, uint32_t id,
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

static int node_new(lsc__wordlists *wl, uint32_t *out)
{
    if (wl->n_nodes == wl->node_cap) {
        size_t nc = wl->node_cap ? wl->node_cap * 2 : 1024;
        uint32_t **arrs[] = { &wl->fail, &wl->dict, &wl->depth,
                              &wl->first_out, &wl->n_out, &wl->child,
                              &wl->sibling, &wl->sym };
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
    lsc__free(&al, wl->t_key);
    lsc__free(&al, wl->t_val);
    lsc__free(&al, wl->root_next);
    lsc__free(&al, wl->outs);
    lsc__free(&al, wl);
}

/* ---- reading one list ---- */

typedef struct phrase_state {
    lsc__wordlists *wl;
    uint32_t node;
    size_t n;
    int rc;
} phrase_state;

static int phrase_word(phrase_state *ps, const char *norm, size_t len)
{
    lsc__wordlists *wl = ps->wl;
    uint32_t id, next;
    int rc;
    if (++ps->n > LSC__WL_MAX_PHRASE_WORDS)
        return 1;
    rc = intern(wl, norm, len, &id);
    if (rc != 0)
        return rc;
    next = go(wl, ps->node, id);
    if (!next) {
        rc = node_new(wl, &next);
        if (rc != 0)
            return rc;
        rc = trans_add(wl, ps->node, id, next);
        if (rc != 0)
            return rc;
        wl->depth[next] = wl->depth[ps->node] + 1;
        wl->sym[next] = id;
        wl->sibling[next] = wl->child[ps->node];
        wl->child[ps->node] = next;
    }
    ps->node = next;
    return 0;
}

static int add_entry(lsc__wordlists *wl, uint32_t node, unsigned cat,
                     unsigned lang, double weight)
{
    uint32_t e;
    int rc;
    /* the same phrase again in the same list: the later weight wins, so
     * a directory in EXTEND mode can re-weigh an embedded phrase */
    for (e = wl->first_out[node]; e; e = wl->outs[e].next)
        if (wl->outs[e].cat == cat && wl->outs[e].lang == lang) {
            wl->outs[e].weight = (float)weight;
            return 0;
        }
    if (wl->n_outs == 0)
        wl->n_outs = 1;   /* entry 0 stands for "none" */
    rc = grow(&wl->al, (void **)&wl->outs, &wl->out_cap, wl->n_outs + 1,
              sizeof *wl->outs);
    if (rc != 0)
        return rc;
    e = (uint32_t)wl->n_outs++;
    wl->outs[e].cat = (uint8_t)cat;
    wl->outs[e].lang = (uint8_t)lang;
    wl->outs[e].weight = (float)weight;
    wl->outs[e].next = wl->first_out[node];
    wl->first_out[node] = e;
    return 0;
}

static int parse_weight(const char *p, size_t n, double *w)
{
    char tmp[32];
    char *end;
    while (n && (*p == ' ' || *p == '\t')) {
        p++;
        n--;
    }
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    if (n == 0 || n >= sizeof tmp)
        return -1;
    memcpy(tmp, p, n);
    tmp[n] = '\0';
    errno = 0;
    *w = strtod(tmp, &end);
    if (*end || errno || *w != *w || *w < 0 || *w > LSC__WL_MAX_WEIGHT)
        return -1;
    return 0;
}

static int lang_index(lsc__wordlists *wl, const char *name, size_t n,
                      unsigned *out)
{
    size_t i;
    for (i = 0; i < wl->n_langs; i++)
        if (strlen(wl->langs[i]) == n && memcmp(wl->langs[i], name, n) == 0) {
            *out = (unsigned)i;
            return 0;
        }
    if (wl->n_langs == LSC__WL_MAX_LANGS)
        return -1;
    memcpy(wl->langs[wl->n_langs], name, n);
    wl->langs[wl->n_langs][n] = '\0';
    *out = (unsigned)wl->n_langs++;
    return 0;
}

/* Splits "<lang>/<category>.txt" and checks both. */
static int list_name(lsc__wordlists *wl, const char *name, const char *src,
                     unsigned *lang, unsigned *cat, lsc_error *err)
{
    const char *slash = strchr(name, '/');
    size_t ln, cn, i;
    if (!slash || strchr(slash + 1, '/'))
        return lsc__error(err, LSC_ECONFIG, src,
                          "a list is <lang>/<category>.txt");
    ln = (size_t)(slash - name);
    if (ln == 0 || ln > LSC__WL_MAX_LANG_NAME)
        return lsc__error(err, LSC_ECONFIG, src,
                          "language folder name must be 1 to %d bytes",
                          LSC__WL_MAX_LANG_NAME);
    for (i = 0; i < ln; i++)
        if (!is_alnum_ascii((unsigned char)name[i]) && name[i] != '-')
            return lsc__error(err, LSC_ECONFIG, src,
                              "language folder name may only have letters, "
                              "digits, '-' and '_'");
    cn = strlen(slash + 1);
    if (cn < 5 || strcmp(slash + 1 + cn - 4, ".txt") != 0)
        return lsc__error(err, LSC_ECONFIG, src, "a list file ends in .txt");
    cn -= 4;
    for (i = 0; i < LSC__WL_NCAT; i++)
        if (strlen(cat_names[i]) == cn &&
            memcmp(cat_names[i], slash + 1, cn) == 0)
            break;
    if (i == LSC__WL_NCAT)
        return lsc__error(err, LSC_ECONFIG, src,
                          "unknown category '%.*s' (promo, urgency, money, "
                          "guarantee, greeting, selfintro, unsubscribe)",
                          (int)cn, slash + 1);
    *cat = (unsigned)i;
    if (lang_index(wl, name, ln, lang) != 0)
        return lsc__error(err, LSC_ECONFIG, src, "more than %d languages",
                          LSC__WL_MAX_LANGS);
    return 0;
}

/* The phrase's words, as the text stage splits and normalizes them;
 * 1 when it has too many. */
typedef struct wl_split {
    lsc__text_scratch *s;
    lsc__arena ar;
} wl_split;

static int split_phrase(wl_split *sp, const char *p, size_t n,
                        phrase_state *ps)
{
    lsc__text t;
    size_t budget = LSC__WL_MAX_LINE, i;
    int limited = 0, rc;
    if (!valid_utf8(p, n))
        return LSC_EINVAL;
    rc = lsc__text_split(sp->s, &sp->ar, p, n, &t, &budget, &limited, 0);
    if (rc != 0)
        return rc;
    for (i = 0; i < t.n_words; i++) {
        if (!(t.words[i].flags & (LSC__W_LETTERS | LSC__W_DIGITS)) ||
            !t.words[i].norm)
            continue;
        rc = phrase_word(ps, t.words[i].norm, t.words[i].norm_len);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static int compile_list(lsc__wordlists *wl, wl_split *tok,
                        const char *name, const char *src, const char *data,
                        size_t len, lsc_error *err)
{
    unsigned lang = 0, cat = 0;
    size_t pos = 0;
    int line = 0, rc;

    rc = list_name(wl, name, src, &lang, &cat, err);
    if (rc != 0)
        return rc;
    if (len > LSC__WL_MAX_FILE_BYTES)
        return lsc__error(err, LSC_ECONFIG, src, "larger than %zu bytes",
                          LSC__WL_MAX_FILE_BYTES);
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;   /* a UTF-8 byte order mark */
    while (pos < len) {
        const char *p = data + pos, *nl = memchr(p, '\n', len - pos);
        const char *sep = NULL;
        size_t n = nl ? (size_t)(nl - p) : len - pos, pn = 0, i, b = 0;
        double weight = -1;
        phrase_state ps;

        line++;
        pos += n + (nl ? 1 : 0);
        if (n > LSC__WL_MAX_LINE)
            return lsc__error_at(err, LSC_ECONFIG, src, line, 1,
                                 "line longer than %d bytes",
                                 LSC__WL_MAX_LINE);
        while (n && (p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t'))
            n--;
        while (b < n && (p[b] == ' ' || p[b] == '\t'))
            b++;
        if (b == n || p[b] == '#')
            continue;
        /* weight after the last tab or " | " */
        for (i = n; i-- > b;) {
            if (p[i] == '\t') {
                sep = p + i;
                pn = i;
                break;
            }
            if (p[i] == '|' && i > b && i + 1 < n && p[i - 1] == ' ' &&
                p[i + 1] == ' ') {
                sep = p + i;
                pn = i - 1;
                break;
            }
        }
        if (sep) {
            size_t wn = (size_t)(p + n - (sep + 1));
            if (parse_weight(sep + 1, wn, &weight) != 0)
                return lsc__error_at(err, LSC_ECONFIG, src, line,
                                     (int)(sep - p) + 2,
                                     "weight must be a number from 0 to %g",
                                     LSC__WL_MAX_WEIGHT);
        } else {
            pn = n;
        }
        if (wl->n_phrases >= LSC__WL_MAX_PHRASES)
            return lsc__error_at(err, LSC_ECONFIG, src, line, 1,
                                 "more than %d phrases in all lists",
                                 LSC__WL_MAX_PHRASES);
        wl->n_phrases++;
        ps.wl = wl;
        ps.node = 0;
        ps.n = 0;
        rc = split_phrase(tok, p + b, pn - b, &ps);
        if (rc == 1)
            return lsc__error_at(err, LSC_ECONFIG, src, line, (int)b + 1,
                                 "a phrase has at most %d words",
                                 LSC__WL_MAX_PHRASE_WORDS);
        if (rc == LSC_EINVAL)
            return lsc__error_at(err, LSC_ECONFIG, src, line, (int)b + 1,
                                 "not valid UTF-8");
        if (rc == LSC_ENOMEM)
            return lsc__error(err, LSC_ENOMEM, src, "out of memory");
        if (rc != 0)
            return lsc__error_at(err, rc, src, line, (int)b + 1,
                                 "word splitting failed");
        if (ps.n == 0)
            return lsc__error_at(err, LSC_ECONFIG, src, line, (int)b + 1,
                                 "the phrase has no words (only "
                                 "punctuation?)");
        if (weight < 0)
            weight = ps.n > 1 ? LSC__WL_DEFAULT_WEIGHT_PHRASE
                              : LSC__WL_DEFAULT_WEIGHT_WORD;
        if (add_entry(wl, ps.node, cat, lang, weight) != 0)
            return lsc__error(err, LSC_ENOMEM, src, "out of memory");
    }
    return 0;
}

/* ---- the automaton ---- */

/* Groups the entries by node (one per category: the largest weight, the
 * first language that has it), drops weight 0, and counts phrases. */
static int finish_outputs(lsc__wordlists *wl)
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
static int link_nodes(lsc__wordlists *wl)
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
                nx = go(wl, f, wl->sym[c]);
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

/* Most steps start at the root (after a word in no phrase), so its
 * children are an array indexed by word id rather than hash probes. */
static int root_table(lsc__wordlists *wl)
{
    size_t id;
    wl->root_next = lsc__calloc(&wl->al, wl->n_words + 1,
                                sizeof *wl->root_next);
    if (!wl->root_next)
        return LSC_ENOMEM;
    for (id = 1; id <= wl->n_words; id++)
        wl->root_next[id] = go(wl, 0, (uint32_t)id);
    return 0;
}

/* ---- directories ---- */

static int by_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int read_list_file(const lsc__alloc *al, const char *path, char **out,
                          size_t *len, lsc_error *err)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    size_t n;
    *out = NULL;
    if (!f)
        return lsc__error(err, LSC_EIO, path, "cannot open: %s",
                          strerror(errno));
    buf = lsc__malloc(al, LSC__WL_MAX_FILE_BYTES + 1);
    if (!buf) {
        fclose(f);
        return lsc__error(err, LSC_ENOMEM, path, "out of memory");
    }
    n = fread(buf, 1, LSC__WL_MAX_FILE_BYTES + 1, f);
    if (ferror(f)) {
        fclose(f);
        lsc__free(al, buf);
        return lsc__error(err, LSC_EIO, path, "read error");
    }
    fclose(f);
    if (n > LSC__WL_MAX_FILE_BYTES) {
        lsc__free(al, buf);
        return lsc__error(err, LSC_ECONFIG, path, "larger than %zu bytes",
                          LSC__WL_MAX_FILE_BYTES);
    }
    *out = buf;
    *len = n;
    return 0;
}

static void free_names(const lsc__alloc *al, char **names, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        lsc__free(al, names[i]);
    lsc__free(al, names);
}

/* Collects "<lang>/<file>.txt" under dir, sorted, at most
 * LSC__WL_MAX_FILES; other files and hidden entries are ignored. */
static int list_dir(const lsc__alloc *al, const char *dir, char ***out,
                    size_t *count, lsc_error *err)
{
    DIR *d = opendir(dir), *sd;
    struct dirent *de, *se;
    char **names = NULL;
    size_t n = 0;
    char path[4096];
    int rc = 0;

    *out = NULL;
    *count = 0;
    if (!d)
        return lsc__error(err, LSC_EIO, dir, "cannot open: %s",
                          strerror(errno));
    names = lsc__calloc(al, LSC__WL_MAX_FILES, sizeof *names);
    if (!names) {
        closedir(d);
        return lsc__error(err, LSC_ENOMEM, dir, "out of memory");
    }
    while (rc == 0 && (de = readdir(d)) != NULL) {
        struct stat stt;
        if (de->d_name[0] == '.')
            continue;
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, de->d_name) >=
            sizeof path)
            continue;
        if (stat(path, &stt) != 0 || !S_ISDIR(stt.st_mode))
            continue;
        sd = opendir(path);
        if (!sd)
            continue;
        while (rc == 0 && (se = readdir(sd)) != NULL) {
            size_t l = strlen(se->d_name);
            char *nm;
            if (se->d_name[0] == '.' || l < 5 ||
                strcmp(se->d_name + l - 4, ".txt") != 0)
                continue;
            if (n == LSC__WL_MAX_FILES) {
                rc = lsc__error(err, LSC_ECONFIG, dir,
                                "more than %d list files", LSC__WL_MAX_FILES);
                break;
            }
            nm = lsc__malloc(al, strlen(de->d_name) + l + 2);
            if (!nm) {
                rc = lsc__error(err, LSC_ENOMEM, dir, "out of memory");
                break;
            }
            sprintf(nm, "%s/%s", de->d_name, se->d_name);
            names[n++] = nm;
        }
        closedir(sd);
    }
    closedir(d);
    if (rc != 0) {
        free_names(al, names, n);
        return rc;
    }
    qsort(names, n, sizeof *names, by_str);
    *out = names;
    *count = n;
    return 0;
}

static int compile_dir(lsc__wordlists *wl, wl_split *tok,
                       const char *dir, lsc_error *err)
{
    char **names = NULL;
    size_t n = 0, i;
    int rc = list_dir(&wl->al, dir, &names, &n, err);
    char path[4096];
    if (rc != 0)
        return rc;
    for (i = 0; i < n && rc == 0; i++) {
        char *data = NULL;
        size_t len = 0;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        rc = read_list_file(&wl->al, path, &data, &len, err);
        if (rc == 0)
            rc = compile_list(wl, tok, names[i], path, data, len, err);
        lsc__free(&wl->al, data);
    }
    free_names(&wl->al, names, n);
    return rc;
}

int lsc__wordlists_compile(lsc__wordlists **out, const lsc_engine *e,
                           const lsc__wl_source *src, size_t n,
                           const char *dir, lsc_wordlist_mode mode,
                           lsc_error *err)
{
    lsc__wordlists *wl;
    wl_split tok;
    uint32_t root;
    size_t i;
    int rc;

    *out = NULL;
    if (mode != LSC_WORDLISTS_EXTEND && mode != LSC_WORDLISTS_REPLACE)
        return lsc__error(err, LSC_EINVAL, "lsc_options.wordlist_mode",
                          "unknown mode %d", (int)mode);
    wl = lsc__calloc(&e->al, 1, sizeof *wl);
    if (!wl)
        return lsc__error(err, LSC_ENOMEM, "wordlists", "out of memory");
    wl->al = e->al;
    lsc__arena_init(&tok.ar, &wl->al);
    tok.s = NULL;
    rc = node_new(wl, &root);
    if (rc == 0)
        rc = lsc__text_scratch_new(&tok.s, e);
    if (rc == LSC_ENOMEM)
        rc = lsc__error(err, rc, "wordlists", "out of memory");
    if (rc == 0 && !(dir && mode == LSC_WORDLISTS_REPLACE)) {
        for (i = 0; i < n && rc == 0; i++) {
            char source[128];
            snprintf(source, sizeof source, "wordlists/%s", src[i].name);
            rc = compile_list(wl, &tok, src[i].name, source, src[i].data,
                              src[i].len, err);
        }
    }
    if (rc == 0 && dir)
        rc = compile_dir(wl, &tok, dir, err);
    lsc__text_scratch_free(tok.s);
    lsc__arena_free(&tok.ar);
    if (rc == 0) {
        rc = finish_outputs(wl);
        if (rc == 0)
            rc = link_nodes(wl);
        if (rc == 0)
            rc = root_table(wl);
        if (rc != 0)
            rc = lsc__error(err, rc, "wordlists", "out of memory");
    }
    if (rc != 0) {
        lsc__wordlists_destroy(wl);
        return rc;
    }
    *out = wl;
    return 0;
}

int lsc__wordlists_new(lsc_engine *e, const lsc_options *o, lsc_error *err)
{
    lsc__wl_source *src;
    size_t i;
    int rc;
    src = lsc__calloc(&e->al, lsc__embedded_list_count + 1, sizeof *src);
    if (!src)
        return lsc__error(err, LSC_ENOMEM, "wordlists", "out of memory");
    for (i = 0; i < lsc__embedded_list_count; i++) {
        src[i].name = lsc__embedded_lists[i].name;
        src[i].data = lsc__embedded_lists[i].data;
        src[i].len = lsc__embedded_lists[i].len;
    }
    rc = lsc__wordlists_compile(&e->words, e, src, lsc__embedded_list_count,
                                o ? o->wordlist_dir : NULL,
                                o ? o->wordlist_mode : LSC_WORDLISTS_EXTEND,
                                err);
    lsc__free(&e->al, src);
    return rc;
}

void lsc__wordlists_free(lsc_engine *e)
{
    lsc__wordlists_destroy(e->words);
    e->words = NULL;
}

/* ------------------------------------------------------------------ */
/* Matching                                                            */
/* ------------------------------------------------------------------ */

#define RING 16   /* >= LSC__WL_MAX_PHRASE_WORDS, a power of two */

/* A phrase does not run over the end of a sentence or clause: "today,
 * only" and "now. Never" are two thoughts, not "today only".  Looks at
 * the bytes between two words (only ever between two list words). */
static int gap_breaks(const char *p, size_t n)
{
    size_t i, newlines = 0;
    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)p[i];
        if (ch == '.' || ch == '!' || ch == '?' || ch == ';' || ch == ',')
            return 1;
        if (ch == '\n' && ++newlines == 2)
            return 1;   /* a blank line: a new paragraph */
        if (i + 2 < n && ch == 0xE3 && (unsigned char)p[i + 1] == 0x80 &&
            ((unsigned char)p[i + 2] == 0x82 || (unsigned char)p[i + 2] == 0x81))
            return 1;   /* 。、 */
        if (i + 2 < n && ch == 0xEF && (unsigned char)p[i + 1] == 0xBC &&
            ((unsigned char)p[i + 2] == 0x81 || (unsigned char)p[i + 2] == 0x9F ||
             (unsigned char)p[i + 2] == 0x9B || (unsigned char)p[i + 2] == 0x8C ||
             (unsigned char)p[i + 2] == 0x8E))
            return 1;   /* ！？；，． (full width) */
        if (i + 1 < n && ch == 0xD8 && (unsigned char)p[i + 1] == 0x8C)
            return 1;   /* Arabic comma */
    }
    return 0;
}

int lsc__wordlist_match(const lsc__wordlists *wl, const lsc__word *words,
                        size_t n, const char *text, size_t text_len,
                        lsc__phrase_fn fn, void *ud)
{
    size_t pos[RING];
    size_t i, used = 0, prev_end = 0;
    uint32_t state = 0;

    if (!wl || !wl->w_slot || wl->n_nodes < 2)
        return 0;
    for (i = 0; i < n; i++) {
        const lsc__word *w = &words[i];
        uint32_t id, t, nx;
        if (!(w->flags & (LSC__W_LETTERS | LSC__W_DIGITS)))
            continue;
        id = w->norm ? lsc__wordlist_word_id(wl, w->norm, w->norm_len) : 0;
        if (!id) {
            state = 0;
            continue;
        }
        if (state && text && prev_end <= w->start && w->start <= text_len &&
            gap_breaks(text + prev_end, w->start - prev_end))
            state = 0;
        prev_end = w->end;
        pos[used++ & (RING - 1)] = i;
        for (;;) {
            if (state == 0) {
                nx = wl->root_next[id];
                break;
            }
            nx = go(wl, state, id);
            if (nx)
                break;
            state = wl->fail[state];
        }
        state = nx;
        for (t = wl->n_out[state] ? state : wl->dict[state]; t;
             t = wl->dict[t]) {
            uint32_t k, d = wl->depth[t];
            lsc__phrase_match m;
            m.first = pos[(used - d) & (RING - 1)];
            m.last = i;
            for (k = 0; k < wl->n_out[t]; k++) {
                const wl_out *o = &wl->outs[wl->first_out[t] + k];
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

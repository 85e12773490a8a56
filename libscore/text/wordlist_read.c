/*
 * wordlist_read.c - phrase lists from text into the compiled lists.
 *
 * Takes: list text (embedded at build time, or <lang>/<category>.txt files
 * of opts->wordlist_dir, mode EXTEND or REPLACE).  Gives: lsc_engine->words
 * (lsc__wordlists_new), each phrase split into words by the text stage
 * itself and added to the trie of wordlist.c; a list that breaks a limit
 * of wordlist.h is LSC_ECONFIG with the file and line in lsc_error.
 *
 * The embedded lists are split once at build time (tools/wlsplit.c writes
 * lsc__wordlist_presplit's text into wordlists_split.c): splitting 3,000
 * phrases with ICU, the CJK dictionary among them, was three quarters of
 * what creating an engine cost (about 5 ms, at every start of every
 * program).  That split is used when this process's ICU is the version it
 * was made with; otherwise the lists are split here, as a directory's are.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <unicode/uversion.h>

#include "text/wordlist_int.h"
#include "text/wordlist_embed.h"

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
    rc = lsc__wordlist_intern(wl, norm, len, &id);
    if (rc != 0)
        return rc;
    next = lsc__wordlist_go(wl, ps->node, id);
    if (!next) {
        rc = lsc__wordlist_node_new(wl, &next);
        if (rc != 0)
            return rc;
        rc = lsc__wordlist_trans_add(wl, ps->node, id, next);
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
    rc = lsc__wordlist_grow(&wl->al, (void **)&wl->outs, &wl->out_cap, wl->n_outs + 1,
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
        if (!lsc__wordlist_is_alnum_ascii((unsigned char)name[i]) && name[i] != '-')
            return lsc__error(err, LSC_ECONFIG, src,
                              "language folder name may only have letters, "
                              "digits, '-' and '_'");
    cn = strlen(slash + 1);
    if (cn < 5 || strcmp(slash + 1 + cn - 4, ".txt") != 0)
        return lsc__error(err, LSC_ECONFIG, src, "a list file ends in .txt");
    cn -= 4;
    for (i = 0; i < LSC__WL_NCAT; i++)
        if (strlen(lsc__wordlist_category_name((unsigned)i)) == cn &&
            memcmp(lsc__wordlist_category_name((unsigned)i), slash + 1, cn) == 0)
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

static int split_words(wl_split *sp, const char *p, size_t n, lsc__text *t)
{
    size_t budget = LSC__WL_MAX_LINE;
    int limited = 0;
    if (!lsc__wordlist_valid_utf8(p, n))
        return LSC_EINVAL;
    return lsc__text_split(sp->s, &sp->ar, p, n, t, &budget, &limited, 0);
}

/* Whether the list wrote a comma between the word before t->words[i]
 * (which ended at prev_end) and it: "madame, monsieur". */
static int comma_before(const lsc__text *t, size_t i, size_t prev_end,
                        const char *p, size_t n)
{
    size_t start = t->words[i].start;
    return prev_end <= start && start <= n &&
           lsc__wordlist_gap_has_comma(p + prev_end, start - prev_end);
}

static int is_list_word(const lsc__word *w)
{
    return (w->flags & (LSC__W_LETTERS | LSC__W_DIGITS)) && w->norm;
}

static int split_phrase(wl_split *sp, const char *p, size_t n,
                        phrase_state *ps)
{
    lsc__text t;
    size_t i, prev_end = 0;
    int rc = split_words(sp, p, n, &t);
    for (i = 0; rc == 0 && i < t.n_words; i++) {
        if (!is_list_word(&t.words[i]))
            continue;
        rc = phrase_word(ps, t.words[i].norm, t.words[i].norm_len);
        /* "madame, monsieur": the mail's comma there is part of it */
        if (rc == 0 && ps->n > 1 && comma_before(&t, i, prev_end, p, n))
            ps->wl->comma_ok[ps->node] = 1;
        prev_end = t.words[i].end;
    }
    return rc;
}

/* A phrase as lsc__wordlist_presplit wrote it: its words joined by
 * WORD_SEP, or by COMMA_SEP where the list had a comma between them. */
#define WORD_SEP '\x1f'
#define COMMA_SEP '\x1e'

static int presplit_phrase(const char *p, size_t n, phrase_state *ps)
{
    size_t i = 0;
    int comma = 0;
    while (i < n) {
        size_t e = i;
        int rc;
        while (e < n && p[e] != WORD_SEP && p[e] != COMMA_SEP)
            e++;
        rc = phrase_word(ps, p + i, e - i);
        if (rc != 0)
            return rc;
        if (comma && ps->n > 1)
            ps->wl->comma_ok[ps->node] = 1;
        comma = e < n && p[e] == COMMA_SEP;
        i = e + 1;
    }
    return 0;
}

/* One line of a list: the phrase p[b..pn) and its weight (-1 when none
 * is written), or *skip for a blank line or a comment.  n: the line's
 * length, cut to its last non-blank byte.  0, or 1 for a weight that is
 * not a number (*col: its column). */
static int read_line(const char *p, size_t *n, size_t *b, size_t *pn,
                     double *weight, int *skip, int *col)
{
    const char *sep = NULL;
    size_t i;
    *weight = -1;
    *skip = 0;
    *b = 0;
    while (*n && (p[*n - 1] == '\r' || p[*n - 1] == ' ' || p[*n - 1] == '\t'))
        (*n)--;
    while (*b < *n && (p[*b] == ' ' || p[*b] == '\t'))
        (*b)++;
    if (*b == *n || p[*b] == '#') {
        *skip = 1;
        return 0;
    }
    /* weight after the last tab or " | " */
    for (i = *n; i-- > *b;) {
        if (p[i] == '\t') {
            sep = p + i;
            *pn = i;
            break;
        }
        if (p[i] == '|' && i > *b && i + 1 < *n && p[i - 1] == ' ' &&
            p[i + 1] == ' ') {
            sep = p + i;
            *pn = i - 1;
            break;
        }
    }
    if (!sep) {
        *pn = *n;
        return 0;
    }
    if (parse_weight(sep + 1, (size_t)(p + *n - (sep + 1)), weight) != 0) {
        *col = (int)(sep - p) + 2;
        return 1;
    }
    return 0;
}

static int compile_list(lsc__wordlists *wl, wl_split *tok,
                        const char *name, const char *src, const char *data,
                        size_t len, int presplit, lsc_error *err)
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
        size_t n = nl ? (size_t)(nl - p) : len - pos, pn = 0, b = 0;
        double weight;
        int skip, col = 0;
        phrase_state ps;

        line++;
        pos += n + (nl ? 1 : 0);
        if (n > LSC__WL_MAX_LINE)
            return lsc__error_at(err, LSC_ECONFIG, src, line, 1,
                                 "line longer than %d bytes",
                                 LSC__WL_MAX_LINE);
        if (read_line(p, &n, &b, &pn, &weight, &skip, &col) != 0)
            return lsc__error_at(err, LSC_ECONFIG, src, line, col,
                                 "weight must be a number from 0 to %g",
                                 LSC__WL_MAX_WEIGHT);
        if (skip)
            continue;
        if (wl->n_phrases >= LSC__WL_MAX_PHRASES)
            return lsc__error_at(err, LSC_ECONFIG, src, line, 1,
                                 "more than %d phrases in all lists",
                                 LSC__WL_MAX_PHRASES);
        wl->n_phrases++;
        ps.wl = wl;
        ps.node = 0;
        ps.n = 0;
        rc = presplit ? presplit_phrase(p + b, pn - b, &ps)
                      : split_phrase(tok, p + b, pn - b, &ps);
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
/* Files that may sit beside the lists: README, README.md, notes.md. */
static int wl_note(const char *name)
{
    size_t l = strlen(name);
    return strncmp(name, "README", 6) == 0 ||
           (l > 3 && strcmp(name + l - 3, ".md") == 0);
}

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
        if (stat(path, &stt) != 0)
            continue;
        /* A list put directly in DIR, or a file with another ending, would
         * otherwise be skipped without a word: the user meant it to count.
         * Notes (README, *.md) may sit beside the lists. */
        if (!S_ISDIR(stt.st_mode)) {
            if (S_ISREG(stt.st_mode) && !wl_note(de->d_name))
                rc = lsc__error(err, LSC_ECONFIG, path,
                                "not a phrase list: lists go in "
                                "DIR/<lang>/<category>.txt");
            continue;
        }
        sd = opendir(path);
        if (!sd)
            continue;
        while (rc == 0 && (se = readdir(sd)) != NULL) {
            size_t l = strlen(se->d_name);
            char *nm;
            if (se->d_name[0] == '.' || wl_note(se->d_name))
                continue;
            if (l < 5 || strcmp(se->d_name + l - 4, ".txt") != 0) {
                snprintf(path, sizeof path, "%s/%s/%s", dir, de->d_name,
                         se->d_name);
                rc = lsc__error(err, LSC_ECONFIG, path,
                                "not a phrase list: list files end in .txt "
                                "(<category>.txt)");
                break;
            }
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
            rc = compile_list(wl, tok, names[i], path, data, len, 0, err);
        lsc__free(&wl->al, data);
    }
    free_names(&wl->al, names, n);
    return rc;
}

int lsc__wordlist_presplit(const lsc_engine *e, const char *data, size_t len,
                           char **out, size_t *out_len, lsc_error *err)
{
    wl_split tok;
    lsc__hbuf b;
    size_t pos = 0;
    int line = 0, rc;
    *out = NULL;
    *out_len = 0;
    lsc__arena_init(&tok.ar, &e->al);
    lsc__hbuf_init(&b, &e->al);
    rc = lsc__text_scratch_new(&tok.s, e);
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    while (rc == 0 && pos < len) {
        const char *p = data + pos, *nl = memchr(p, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - p) : len - pos, pn = 0, bb = 0, i,
               prev_end = 0, words = 0;
        double weight;
        int skip, col = 0;
        lsc__text t;
        size_t line_start = b.len;
        line++;
        pos += n + (nl ? 1 : 0);
        /* one line out for each line in: errors keep their line */
        if (n > LSC__WL_MAX_LINE ||
            read_line(p, &n, &bb, &pn, &weight, &skip, &col) != 0 || skip) {
            lsc__hbuf_append(&b, p, skip ? 0 : n);
            lsc__hbuf_putc(&b, '\n');
            continue;
        }
        rc = split_words(&tok, p + bb, pn - bb, &t);
        if (rc == LSC_EINVAL)
            rc = lsc__error_at(err, LSC_ECONFIG, "wordlists", line,
                               (int)bb + 1, "not valid UTF-8");
        for (i = 0; rc == 0 && i < t.n_words; i++) {
            if (!is_list_word(&t.words[i]))
                continue;
            if (words++)
                lsc__hbuf_putc(&b, comma_before(&t, i, prev_end, p + bb,
                                                pn - bb) ? COMMA_SEP : WORD_SEP);
            lsc__hbuf_append(&b, t.words[i].norm, t.words[i].norm_len);
            prev_end = t.words[i].end;
        }
        if (rc == 0 && words == 0)
            rc = lsc__error_at(err, LSC_ECONFIG, "wordlists", line, (int)bb + 1,
                               "the phrase has no words");
        /* the weight as written */
        lsc__hbuf_append(&b, p + pn, n - pn);
        if (rc == 0 && b.len - line_start > LSC__WL_MAX_LINE)
            rc = lsc__error_at(err, LSC_ECONFIG, "wordlists", line, 1,
                               "longer than %d bytes once split",
                               LSC__WL_MAX_LINE);
        lsc__hbuf_putc(&b, '\n');
    }
    lsc__text_scratch_free(tok.s);
    lsc__arena_free(&tok.ar);
    if (rc == 0 && (b.failed || lsc__hbuf_putc(&b, '\0') != 0))
        rc = LSC_ENOMEM;
    if (rc != 0) {
        lsc__hbuf_free(&b);
        return rc == LSC_ENOMEM ? lsc__error(err, rc, "wordlists",
                                             "out of memory") : rc;
    }
    *out = b.p;
    *out_len = b.len - 1;
    return 0;
}

static int compile_all(lsc__wordlists **out, const lsc_engine *e,
                       const lsc__wl_source *src, size_t n, int presplit,
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
    rc = lsc__wordlist_node_new(wl, &root);
    if (rc == 0)
        rc = lsc__text_scratch_new(&tok.s, e);
    if (rc == LSC_ENOMEM)
        rc = lsc__error(err, rc, "wordlists", "out of memory");
    if (rc == 0 && !(dir && mode == LSC_WORDLISTS_REPLACE)) {
        for (i = 0; i < n && rc == 0; i++) {
            char source[128];
            snprintf(source, sizeof source, "wordlists/%s", src[i].name);
            rc = compile_list(wl, &tok, src[i].name, source, src[i].data,
                              src[i].len, presplit, err);
        }
    }
    if (rc == 0 && dir)
        rc = compile_dir(wl, &tok, dir, err);
    lsc__text_scratch_free(tok.s);
    lsc__arena_free(&tok.ar);
    if (rc == 0) {
        rc = lsc__wordlist_finish_outputs(wl);
        if (rc == 0)
            rc = lsc__wordlist_link_nodes(wl);
        if (rc == 0)
            rc = lsc__wordlist_pack(wl);
        if (rc != 0)
            rc = lsc__error(err, rc, "wordlists", "out of memory");
    }
    if (rc != 0) {
        lsc__wordlists_destroy(wl);
        return rc;
    }
    wl->presplit = presplit;
    *out = wl;
    return 0;
}

int lsc__wordlists_compile(lsc__wordlists **out, const lsc_engine *e,
                           const lsc__wl_source *src, size_t n,
                           const char *dir, lsc_wordlist_mode mode,
                           lsc_error *err)
{
    return compile_all(out, e, src, n, 0, dir, mode, err);
}

/* Whether the embedded lists' build-time split (wordlists_split.c) is
 * what this process's ICU would give: same lists, same ICU version. */
static int presplit_usable(void)
{
    UVersionInfo v;
    char now[U_MAX_VERSION_STRING_LENGTH];
    size_t i;
    if (lsc__embedded_split_count != lsc__embedded_list_count)
        return 0;
    u_getVersion(v);
    u_versionToString(v, now);
    if (strcmp(now, lsc__embedded_split_icu) != 0)
        return 0;
    for (i = 0; i < lsc__embedded_list_count; i++)
        if (strcmp(lsc__embedded_splits[i].name, lsc__embedded_lists[i].name) != 0)
            return 0;
    return 1;
}

int lsc__wordlists_new(lsc_engine *e, const lsc_options *o, lsc_error *err)
{
    lsc__wl_source *src;
    size_t i;
    int rc, presplit = presplit_usable();
    src = lsc__calloc(&e->al, lsc__embedded_list_count + 1, sizeof *src);
    if (!src)
        return lsc__error(err, LSC_ENOMEM, "wordlists", "out of memory");
    for (i = 0; i < lsc__embedded_list_count; i++) {
        const lsc__embedded_list *l =
            presplit ? &lsc__embedded_splits[i] : &lsc__embedded_lists[i];
        src[i].name = l->name;
        src[i].data = l->data;
        src[i].len = l->len;
    }
    rc = compile_all(&e->words, e, src, lsc__embedded_list_count, presplit,
                     o ? o->wordlist_dir : NULL,
                     o ? o->wordlist_mode : LSC_WORDLISTS_EXTEND, err);
    lsc__free(&e->al, src);
    return rc;
}

void lsc__wordlists_free(lsc_engine *e)
{
    lsc__wordlists_destroy(e->words);
    e->words = NULL;
}

/*
 * engine.c - builds the immutable engine from lsc_options and config text.
 *
 * Takes: options (versioned), optional config text or file.  Gives: an
 * engine with the rule table's weights and switches resolved, limits with
 * defaults filled in, and the stages' engine-level state (ICU templates,
 * compiled phrase lists, the magic database).  Config text is read line by
 * line; a line is at most CONFIG_MAX_LINE bytes and a file at most
 * CONFIG_MAX_BYTES.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/pipeline.h"
#include "html/url.h"
#include "rules/content.h"
#include "rules/rules.h"

#define CONFIG_MAX_BYTES ((size_t)1024 * 1024)
#define CONFIG_MAX_LINE 4096

void lsc_options_init(lsc_options *opts)
{
    static const lsc_options init = LSC_OPTIONS_INIT;
    if (opts)
        *opts = init;
}

void lsc_score_options_init(lsc_score_options *so)
{
    static const lsc_score_options init = LSC_SCORE_OPTIONS_INIT;
    if (so)
        *so = init;
}

static lsc_rule_info *find_rule(lsc_engine *e, const char *id, size_t n)
{
    size_t i;
    for (i = 0; i < e->n_rules; i++)
        if (strlen(e->rules[i].id) == n && memcmp(e->rules[i].id, id, n) == 0)
            return &e->rules[i];
    return NULL;
}

static int add_size_limit(lsc_engine *e, const char *domain, size_t dlen,
                          uint64_t bytes)
{
    lsc_size_limit *nl;
    char *d;
    nl = lsc__realloc(&e->al, e->size_limits,
                      (e->n_size_limits + 1) * sizeof *nl);
    if (!nl)
        return LSC_ENOMEM;
    e->size_limits = nl;
    d = lsc__malloc(&e->al, dlen + 1);
    if (!d)
        return LSC_ENOMEM;
    memcpy(d, domain, dlen);
    d[dlen] = '\0';
    lsc__lower(d, dlen);
    nl[e->n_size_limits].domain = d;
    nl[e->n_size_limits].bytes = bytes;
    e->n_size_limits++;
    return 0;
}

/* Splits a line into at most 3 whitespace-separated fields. */
static size_t fields(const char *p, size_t n, const char **f, size_t *fl)
{
    size_t k = 0, i = 0;
    while (i < n && k < 4) {
        while (i < n && (p[i] == ' ' || p[i] == '\t'))
            i++;
        if (i >= n)
            break;
        f[k] = p + i;
        while (i < n && p[i] != ' ' && p[i] != '\t')
            i++;
        fl[k] = (size_t)(p + i - f[k]);
        k++;
    }
    return k;
}

static int parse_number(const char *p, size_t n, double *out)
{
    char tmp[64];
    char *end;
    if (n == 0 || n >= sizeof tmp)
        return -1;
    memcpy(tmp, p, n);
    tmp[n] = '\0';
    errno = 0;
    *out = strtod(tmp, &end);
    if (*end || errno || *out != *out)
        return -1;
    return 0;
}

static size_t *limit_field(lsc_limits *l, const char *name, size_t n)
{
#define F(field) if (lsc__memcaseeq(name, n, #field)) return &l->field
    F(max_message_bytes);
    F(max_parts);
    F(max_depth);
    F(max_headers);
    F(max_header_bytes);
    F(max_html_nodes);
    F(max_links);
    F(max_words);
    F(max_archive_entries);
    F(max_archive_depth);
#undef F
    return NULL;
}

static int apply_config(lsc_engine *e, const char *text, size_t len,
                        const char *source, lsc_error *err)
{
    size_t pos = 0;
    int line = 0;
    while (pos < len) {
        const char *p = text + pos, *nl = memchr(p, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - p) : len - pos;
        const char *f[4];
        size_t fl[4], k;
        double num = 0;
        line++;
        pos += n + (nl ? 1 : 0);
        if (n > CONFIG_MAX_LINE)
            return lsc__error_at(err, LSC_ECONFIG, source, line, 1,
                                 "line longer than %d bytes", CONFIG_MAX_LINE);
        {
            const char *hash = memchr(p, '#', n);
            if (hash)
                n = (size_t)(hash - p);
        }
        while (n && (p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t'))
            n--;
        k = fields(p, n, f, fl);
        if (k == 0)
            continue;
#define KEY(s) lsc__memcaseeq(f[0], fl[0], s)
#define COL(i) ((int)(f[i] - p) + 1)
        if (KEY("weight") || KEY("disable") || KEY("enable")) {
            lsc_rule_info *r;
            int want = KEY("weight") ? 3 : 2;
            if (k != (size_t)want)
                return lsc__error_at(err, LSC_ECONFIG, source, line, 1,
                                     "'%.*s' takes %d value(s)", (int)fl[0],
                                     f[0], want - 1);
            r = find_rule(e, f[1], fl[1]);
            if (!r)
                return lsc__error_at(err, LSC_ECONFIG, source, line, COL(1),
                                     "unknown rule '%.*s'", (int)fl[1], f[1]);
            if (KEY("weight")) {
                if (parse_number(f[2], fl[2], &num) != 0 || num < 0 || num > 1000)
                    return lsc__error_at(err, LSC_ECONFIG, source, line,
                                         COL(2), "weight must be a number "
                                         "from 0 to 1000");
                r->weight = num;
            } else {
                r->enabled = KEY("enable");
            }
        } else if (KEY("lang")) {
            if (k != 2)
                return lsc__error_at(err, LSC_ECONFIG, source, line, 1,
                                     "'lang' takes one value");
            if (lsc__memcaseeq(f[1], fl[1], "en"))
                e->lang = LSC_LANG_EN;
            else if (lsc__memcaseeq(f[1], fl[1], "zh"))
                e->lang = LSC_LANG_ZH;
            else
                return lsc__error_at(err, LSC_ECONFIG, source, line, COL(1),
                                     "unknown language '%.*s' (en, zh)",
                                     (int)fl[1], f[1]);
        } else if (KEY("limit")) {
            size_t *slot;
            if (k != 3)
                return lsc__error_at(err, LSC_ECONFIG, source, line, 1,
                                     "'limit' takes a name and a number");
            if (parse_number(f[2], fl[2], &num) != 0 || num < 1 || num > 1e15)
                return lsc__error_at(err, LSC_ECONFIG, source, line, COL(2),
                                     "limit must be a positive number");
            if (lsc__memcaseeq(f[1], fl[1], "max_archive_bytes")) {
                e->limits.max_archive_bytes = (uint64_t)num;
            } else {
                slot = limit_field(&e->limits, f[1], fl[1]);
                if (!slot)
                    return lsc__error_at(err, LSC_ECONFIG, source, line,
                                         COL(1), "unknown limit '%.*s'",
                                         (int)fl[1], f[1]);
                *slot = (size_t)num;
            }
        } else if (KEY("size_limit")) {
            if (k != 3)
                return lsc__error_at(err, LSC_ECONFIG, source, line, 1,
                                     "'size_limit' takes a domain and bytes");
            if (parse_number(f[2], fl[2], &num) != 0 || num < 1 || num > 1e15)
                return lsc__error_at(err, LSC_ECONFIG, source, line, COL(2),
                                     "size must be a positive number");
            if (add_size_limit(e, f[1], fl[1], (uint64_t)num) != 0)
                return lsc__error(err, LSC_ENOMEM, source, "out of memory");
        } else {
            return lsc__error_at(err, LSC_ECONFIG, source, line, 1,
                                 "unknown setting '%.*s'", (int)fl[0], f[0]);
        }
#undef KEY
#undef COL
    }
    return 0;
}

static int read_file(const lsc__alloc *al, const char *path, char **out,
                     size_t *len, lsc_error *err)
{
    FILE *f = fopen(path, "rb");
    lsc__hbuf b;
    char chunk[8192];
    size_t n;
    if (!f)
        return lsc__error(err, LSC_EIO, path, "cannot open: %s",
                          strerror(errno));
    lsc__hbuf_init(&b, al);
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > CONFIG_MAX_BYTES) {
            fclose(f);
            lsc__hbuf_free(&b);
            return lsc__error(err, LSC_ECONFIG, path, "larger than %zu bytes",
                              CONFIG_MAX_BYTES);
        }
        if (lsc__hbuf_append(&b, chunk, n) != 0) {
            fclose(f);
            lsc__hbuf_free(&b);
            return lsc__error(err, LSC_ENOMEM, path, "out of memory");
        }
    }
    if (ferror(f)) {
        fclose(f);
        lsc__hbuf_free(&b);
        return lsc__error(err, LSC_EIO, path, "read error");
    }
    fclose(f);
    *out = b.p;
    *len = b.len;
    return 0;
}

int lsc_engine_new(lsc_engine **out, const lsc_options *opts,
                   lsc_error *err)
{
    lsc_options defaults;
    lsc__alloc al;
    lsc_engine *e;
    size_t i;
    int rc;

    if (!out)
        return lsc__error(err, LSC_EINVAL, "lsc_engine_new", "out is NULL");
    *out = NULL;
    if (!opts) {
        lsc_options_init(&defaults);
        opts = &defaults;
    }
    if (opts->version != LSC_OPTIONS_VERSION)
        return lsc__error(err, LSC_EVERSION, "lsc_options",
                          "options version %u, this library knows %d",
                          opts->version, LSC_OPTIONS_VERSION);
    if (opts->lang != LSC_LANG_EN && opts->lang != LSC_LANG_ZH)
        return lsc__error(err, LSC_EINVAL, "lsc_options.lang",
                          "unknown language %d", (int)opts->lang);
    lsc__alloc_init(&al, opts->allocator);
    e = lsc__calloc(&al, 1, sizeof *e);
    if (!e)
        return lsc__error(err, LSC_ENOMEM, "lsc_engine_new", "out of memory");
    e->al = al;
    e->lang = opts->lang;
    e->flags = opts->flags;
    e->limits = opts->limits;
    e->n_rules = lsc__rule_count;
    e->rules = lsc__calloc(&e->al, lsc__rule_count ? lsc__rule_count : 1,
                           sizeof *e->rules);
    if (!e->rules) {
        rc = lsc__error(err, LSC_ENOMEM, "lsc_engine_new", "out of memory");
        goto fail;
    }
    for (i = 0; i < lsc__rule_count; i++) {
        const lsc__rule_def *d = &lsc__rule_table[i];
        e->rules[i].id = d->id;
        e->rules[i].group = d->group;
        e->rules[i].default_weight = lsc__rule_weight[i];
        e->rules[i].weight = lsc__rule_weight[i];
        e->rules[i].enabled = 1;
    }
    if (opts->config_path) {
        char *text = NULL;
        size_t len = 0;
        rc = read_file(&e->al, opts->config_path, &text, &len, err);
        if (rc != 0)
            goto fail;
        rc = apply_config(e, text, len, opts->config_path, err);
        lsc__free(&e->al, text);
        if (rc != 0)
            goto fail;
    }
    if (opts->config) {
        rc = apply_config(e, opts->config, opts->config_len, "config", err);
        if (rc != 0)
            goto fail;
    }
    for (i = 0; i < opts->n_rules; i++) {
        const lsc_rule_setting *s = &opts->rules[i];
        lsc_rule_info *r = s->id ? find_rule(e, s->id, strlen(s->id)) : NULL;
        if (!r) {
            rc = lsc__error(err, LSC_ECONFIG, "lsc_options.rules",
                            "unknown rule '%s'", s->id ? s->id : "(null)");
            goto fail;
        }
        if (s->weight >= 0)
            r->weight = s->weight;
        r->enabled = s->enabled != 0;
    }
    for (i = 0; i < opts->n_size_limits; i++) {
        const lsc_size_limit *s = &opts->size_limits[i];
        if (!s->domain || !s->bytes) {
            rc = lsc__error(err, LSC_EINVAL, "lsc_options.size_limits",
                            "entry %zu needs a domain and a size", i);
            goto fail;
        }
        if (add_size_limit(e, s->domain, strlen(s->domain), s->bytes) != 0) {
            rc = lsc__error(err, LSC_ENOMEM, "lsc_engine_new", "out of memory");
            goto fail;
        }
    }
    lsc__limits_fill(&e->limits);
    for (i = 0; i < lsc__rule_count; i++)
        e->rules[i].description = e->lang == LSC_LANG_ZH
            ? lsc__rule_table[i].desc_zh : lsc__rule_table[i].desc_en;
    rc = lsc__text_engine_new(e, err);
    if (rc == 0)
        rc = lsc__wordlists_new(e, opts, err);
    if (rc == 0)
        rc = lsc__attach_engine_new(e, err);
    if (rc == 0)
        rc = lsc__url_engine_new(e, err);
    if (rc == 0)
        rc = lsc__content_engine_new(e, err);
    if (rc != 0)
        goto fail;
    *out = e;
    return 0;
fail:
    lsc_engine_free(e);
    return rc;
}

void lsc_engine_free(lsc_engine *e)
{
    size_t i;
    lsc__alloc al;
    if (!e)
        return;
    al = e->al;
    lsc__content_engine_free(e);
    lsc__url_engine_free(e);
    lsc__attach_engine_free(e);
    lsc__wordlists_free(e);
    lsc__text_engine_free(e);
    for (i = 0; i < e->n_size_limits; i++)
        lsc__free(&al, (void *)e->size_limits[i].domain);
    lsc__free(&al, e->size_limits);
    lsc__free(&al, e->rules);
    lsc__free(&al, e);
}

size_t lsc_engine_rule_count(const lsc_engine *e)
{
    return e ? e->n_rules : 0;
}

const lsc_rule_info *lsc_engine_rule(const lsc_engine *e, size_t index)
{
    if (!e || index >= e->n_rules)
        return NULL;
    return &e->rules[index];
}

double lsc_engine_group_cap(const lsc_engine *e, const char *group)
{
    const lsc__group_def *g = lsc__group_find(group);
    (void)e;
    return g ? g->cap : 0.0;
}

lsc_lang lsc_engine_lang(const lsc_engine *e)
{
    return e ? e->lang : LSC_LANG_EN;
}

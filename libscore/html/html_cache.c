/*
 * html_cache.c - one HTML part's visible text and facts kept in the
 * caller's state cache between scorings (base/message.h,
 * lsc__state_cache; contract in html.h).
 *
 * Takes: a text/html part (its UTF-8 body) and the pipeline's input.
 * Gives: the part's lsc_part.text and lsc__html from an earlier parse of
 * the same bytes (the blob holds them and they are compared), copied into
 * this result's arena; or, after a parse, a blob of them.  Only parses
 * that met no limit are kept, and one is reused only where the links of
 * the parts before leave room for its links, so what a reuse gives is
 * what a parse would.
 */
#include "html/html.h"

#define HTML_TAG 0x4c534348u  /* "LSCH" */

/* A field added to lsc__html, lsc__link, lsc__image or lsc__hidden_run
 * must be kept here too, or a re-score from the cache differs from a cold
 * one: these sizes stop the build until this file is looked at (LP64). */
typedef char html_cache_knows_lsc__html[
    sizeof(void *) != 8 || sizeof(lsc__html) == 336 ? 1 : -1];
typedef char html_cache_knows_lsc__link[
    sizeof(void *) != 8 || sizeof(lsc__link) == 64 ? 1 : -1];
typedef char html_cache_knows_lsc__image[
    sizeof(void *) != 8 || sizeof(lsc__image) == 32 ? 1 : -1];
typedef char html_cache_knows_lsc__hidden_run[
    sizeof(void *) != 8 || sizeof(lsc__hidden_run) == 56 ? 1 : -1];

static const lsc__state_cache *state_of(const lsc__ctx *c)
{
    return c->input ? c->input->state : NULL;
}

/* The counters of lsc__html, in blob order. */
static size_t *counter(lsc__html *h, int k)
{
    size_t *const all[] = { &h->forms, &h->scripts, &h->iframes, &h->objects,
                            &h->inputs, &h->elements, &h->visible_chars,
                            &h->hidden_chars, &h->handlers, &h->splits };
    return k < (int)LSC__COUNT(all) ? all[k] : NULL;
}

/* A string that may be NULL: a presence word, then the string (rules
 * tell "no host" from an empty one). */
static void put_opt(lsc__hbuf *b, const char *v)
{
    lsc__blob_u32(b, v != NULL);
    if (v)
        lsc__blob_str(b, v);
}

static const char *get_opt(lsc__blob_rd *r, lsc__arena *ar, int *nomem)
{
    return lsc__blob_get_u32(r) ? lsc__blob_get_strdup(r, ar, NULL, nomem)
                                : NULL;
}

/* The hidden runs, the first event handler's name and the split-word
 * joins (written by put_hidden after the images). */
static int load_hidden(lsc__ctx *c, lsc__blob_rd *r, lsc__html *h,
                       int *nomem)
{
    size_t i, n_runs = (size_t)lsc__blob_get_u64(r);
    size_t n_split = LSC__MIN(h->splits, (size_t)LSC__HTML_MAX_SPLITS);
    if (r->bad || n_runs > r->n)
        return 0;
    h->runs = n_runs ? lsc__arena_zalloc(c->ar, n_runs * sizeof *h->runs)
                     : NULL;
    h->split_at = n_split ? lsc__arena_zalloc(c->ar, n_split *
                                                     sizeof *h->split_at)
                          : NULL;
    if ((n_runs && !h->runs) || (n_split && !h->split_at))
        return LSC_ENOMEM;
    for (i = 0; i < n_runs && !r->bad; i++) {
        lsc__hidden_run *u = &h->runs[i];
        u->start = (size_t)lsc__blob_get_u64(r);
        u->end = (size_t)lsc__blob_get_u64(r);
        u->at = (size_t)lsc__blob_get_u64(r);
        u->chars = (size_t)lsc__blob_get_u64(r);
        u->visible_before = (size_t)lsc__blob_get_u64(r);
        u->links = (size_t)lsc__blob_get_u64(r);
        u->why = lsc__blob_get_u32(r);
        u->flags = lsc__blob_get_u32(r);
    }
    h->n_runs = n_runs;
    h->handler = get_opt(r, c->ar, nomem);
    for (i = 0; i < n_split && !r->bad; i++)
        h->split_at[i] = (size_t)lsc__blob_get_u64(r);
    return 0;
}

static void put_hidden(lsc__hbuf *b, const lsc__html *h)
{
    size_t i, n_split = LSC__MIN(h->splits, (size_t)LSC__HTML_MAX_SPLITS);
    lsc__blob_u64(b, h->n_runs);
    for (i = 0; i < h->n_runs; i++) {
        const lsc__hidden_run *u = &h->runs[i];
        lsc__blob_u64(b, u->start);
        lsc__blob_u64(b, u->end);
        lsc__blob_u64(b, u->at);
        lsc__blob_u64(b, u->chars);
        lsc__blob_u64(b, u->visible_before);
        lsc__blob_u64(b, u->links);
        lsc__blob_u32(b, u->why);
        lsc__blob_u32(b, u->flags);
    }
    put_opt(b, h->handler);
    for (i = 0; i < n_split; i++)
        lsc__blob_u64(b, h->split_at[i]);
}

static int load(lsc__ctx *c, lsc__part *p, const void *blob, size_t blob_len,
                size_t links_before, int *loaded)
{
    lsc__html h;
    lsc__blob_rd r;
    size_t i, n_links, n_images, tlen;
    char *text;
    size_t *k;
    int nomem = 0, j, rc;

    if (!lsc__blob_open(&r, blob, blob_len, HTML_TAG) ||
        !lsc__blob_same(&r, p->pub.utf8, p->pub.utf8_bytes))
        return 0;
    n_links = (size_t)lsc__blob_get_u64(&r);
    n_images = (size_t)lsc__blob_get_u64(&r);
    if (r.bad || n_links > r.n || n_images > r.n ||
        links_before + n_links >= c->eng->limits.max_links)
        return 0;
    memset(&h, 0, sizeof h);
    h.parsed = 1;
    text = lsc__blob_get_strdup(&r, c->ar, &tlen, &nomem);
    h.title = lsc__blob_get_strdup(&r, c->ar, NULL, &nomem);
    h.alt_text = lsc__blob_get_strdup(&r, c->ar, &h.alt_text_len, &nomem);
    h.hidden_text = lsc__blob_get_strdup(&r, c->ar, &h.hidden_text_len,
                                         &nomem);
    h.hidden_why = lsc__blob_get_u32(&r);
    for (j = 0; (k = counter(&h, j)) != NULL; j++)
        *k = (size_t)lsc__blob_get_u64(&r);
    if (nomem)
        return LSC_ENOMEM;
    h.links = n_links ? lsc__arena_zalloc(c->ar, n_links * sizeof *h.links) : NULL;
    h.images = n_images ? lsc__arena_zalloc(c->ar, n_images * sizeof *h.images) : NULL;
    if ((n_links && !h.links) || (n_images && !h.images))
        return LSC_ENOMEM;
    for (i = 0; i < n_links && !r.bad; i++) {
        lsc__link *l = &h.links[i];
        l->href = lsc__blob_get_strdup(&r, c->ar, NULL, &nomem);
        l->host = get_opt(&r, c->ar, &nomem);
        l->text = lsc__blob_get_strdup(&r, c->ar, NULL, &nomem);
        l->text_host = get_opt(&r, c->ar, &nomem);
        l->redirect_host = get_opt(&r, c->ar, &nomem);
        l->text_start = (size_t)lsc__blob_get_u64(&r);
        l->text_end = (size_t)lsc__blob_get_u64(&r);
        l->flags = lsc__blob_get_u32(&r);
    }
    for (i = 0; i < n_images && !r.bad; i++) {
        lsc__image *im = &h.images[i];
        im->src = lsc__blob_get_strdup(&r, c->ar, NULL, &nomem);
        im->width = (int)(int32_t)lsc__blob_get_u32(&r);
        im->height = (int)(int32_t)lsc__blob_get_u32(&r);
        im->flags = lsc__blob_get_u32(&r);
        im->src_len = (size_t)lsc__blob_get_u64(&r);
    }
    rc = load_hidden(c, &r, &h, &nomem);
    if (rc)
        return rc;
    if (nomem)
        return LSC_ENOMEM;
    if (r.bad || !text || !h.title || !h.alt_text || !h.hidden_text)
        return 0;
    h.n_links = n_links;
    h.n_images = n_images;
    p->html = h;
    p->pub.text = text;
    p->pub.text_bytes = tlen;
    *loaded = 1;
    return 0;
}

int lsc__html_state_load(lsc__ctx *c, lsc__part *p, size_t links_before,
                         uint64_t *hash, int *loaded)
{
    const lsc__state_cache *sc = state_of(c);
    const void *blob;
    size_t blob_len = 0;
    *loaded = 0;
    if (!sc)
        return 0;
    *hash = lsc__hash_bytes(p->pub.utf8, p->pub.utf8_bytes);
    blob = sc->get(sc->self, LSC__STATE_HTML, *hash, p->pub.utf8_bytes,
                   &blob_len);
    return blob ? load(c, p, blob, blob_len, links_before, loaded) : 0;
}

int lsc__html_state_store(lsc__ctx *c, const lsc__part *p, uint64_t hash,
                          unsigned flags_before, size_t links_before)
{
    const lsc__state_cache *sc = state_of(c);
    const lsc__html *h = &p->html;
    lsc__hbuf b;
    size_t i, *k;
    int rc, j;
    if (!sc || h->truncated || c->msg->flags != flags_before ||
        links_before + h->n_links >= c->eng->limits.max_links)
        return 0;
    lsc__hbuf_init(&b, &c->eng->al);
    lsc__blob_u32(&b, HTML_TAG);
    lsc__blob_mem(&b, p->pub.utf8, p->pub.utf8_bytes);
    lsc__blob_u64(&b, h->n_links);
    lsc__blob_u64(&b, h->n_images);
    lsc__blob_mem(&b, p->pub.text, p->pub.text_bytes);
    lsc__blob_str(&b, h->title);
    lsc__blob_mem(&b, h->alt_text, h->alt_text_len);
    lsc__blob_mem(&b, h->hidden_text, h->hidden_text_len);
    lsc__blob_u32(&b, h->hidden_why);
    for (j = 0; (k = counter((lsc__html *)h, j)) != NULL; j++)
        lsc__blob_u64(&b, *k);
    for (i = 0; i < h->n_links; i++) {
        const lsc__link *l = &h->links[i];
        lsc__blob_str(&b, l->href);
        put_opt(&b, l->host);
        lsc__blob_str(&b, l->text);
        put_opt(&b, l->text_host);
        put_opt(&b, l->redirect_host);
        lsc__blob_u64(&b, l->text_start);
        lsc__blob_u64(&b, l->text_end);
        lsc__blob_u32(&b, l->flags);
    }
    for (i = 0; i < h->n_images; i++) {
        const lsc__image *im = &h->images[i];
        lsc__blob_str(&b, im->src);
        lsc__blob_u32(&b, (uint32_t)(int32_t)im->width);
        lsc__blob_u32(&b, (uint32_t)(int32_t)im->height);
        lsc__blob_u32(&b, im->flags);
        lsc__blob_u64(&b, im->src_len);
    }
    put_hidden(&b, h);
    if (b.failed) {
        lsc__hbuf_free(&b);
        return LSC_ENOMEM;
    }
    rc = sc->put(sc->self, LSC__STATE_HTML, hash, p->pub.utf8_bytes, b.p,
                 b.len);
    lsc__hbuf_free(&b);
    return rc;
}

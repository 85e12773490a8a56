/*
 * test_draft_edits.c - re-scoring through one lsc_draft_cache while the
 * user types gives exactly the cold result (issue 16).
 *
 * Every example draft (the .eml files of examples/drafts, taken apart with lsc_parse
 * into subject, addresses, text, HTML and attachments, and given one more
 * attachment of its own) is edited EDITS times: words typed, deleted and
 * replaced in the text and the HTML, the subject changed, attachments
 * dropped, brought back and swapped, and the text grown past the room the
 * cache keeps before its attachments.  After each edit the cached result's
 * JSON (with parts) must equal lsc_score of lsc_draft_mime of the same
 * draft, scored cold.
 */
#include <dirent.h>

#include "test.h"

#define EDITS 60
#define BUF_BYTES (512 * 1024)

static lsc_engine *eng;
static const char *top = ".";

typedef struct ebuf {
    char *p;
    size_t n;
} ebuf;

/* A position at or after pos that starts a UTF-8 character. */
static size_t boundary_at(const ebuf *b, size_t pos)
{
    while (pos < b->n && ((unsigned char)b->p[pos] & 0xC0) == 0x80)
        pos++;
    return pos;
}

static void insert(ebuf *b, size_t pos, const char *s)
{
    size_t k = strlen(s);
    if (b->n + k >= BUF_BYTES)
        return;
    pos = boundary_at(b, pos > b->n ? b->n : pos);
    memmove(b->p + pos + k, b->p + pos, b->n - pos);
    memcpy(b->p + pos, s, k);
    b->n += k;
}

static void delete(ebuf *b, size_t pos, size_t k)
{
    if (pos >= b->n)
        return;
    pos = boundary_at(b, pos);
    if (pos + k > b->n)
        k = b->n - pos;
    k = boundary_at(b, pos + k) - pos;
    memmove(b->p + pos, b->p + pos + k, b->n - pos - k);
    b->n -= k;
}

static int same_cold(const lsc_draft *d, lsc_draft_cache *cache,
                     const char *name, int edit)
{
    lsc_score_options so;
    lsc_result *hot = NULL, *cold = NULL;
    char *mime = NULL, *jh, *jc;
    size_t len = 0;
    int ok;
    lsc_score_options_init(&so);
    so.now = 1750000000;
    CHECK_EQ_INT(lsc_draft_score(&hot, eng, d, &so, cache, NULL), 0);
    CHECK_EQ_INT(lsc_draft_mime(&mime, &len, eng, d, NULL), 0);
    CHECK_EQ_INT(lsc_score(&cold, eng, mime, len, &so, NULL), 0);
    jh = t_result_json(hot);
    jc = t_result_json(cold);
    ok = jh && jc && strcmp(jh, jc) == 0;
    if (!ok)
        printf("#   %s edit %d: cached and cold results differ\n"
               "#   cached: %.300s\n#   cold:   %.300s\n", name, edit,
               jh ? jh : "-", jc ? jc : "-");
    CHECK(ok);
    lsc_string_free(jh);
    lsc_string_free(jc);
    lsc_string_free(mime);
    lsc_result_free(hot);
    lsc_result_free(cold);
    return ok;
}

/* Takes one .eml apart into a draft and edits it EDITS times. */
static void edit_draft(const char *path, const char *name)
{
    size_t len = 0, i, n_att = 0;
    char *raw = t_read_file(path, &len);
    lsc_result *parsed = NULL;
    lsc_draft_cache *cache = NULL;
    lsc_draft_attachment att[9];
    lsc_draft d;
    ebuf text = { malloc(BUF_BYTES), 0 }, html = { malloc(BUF_BYTES), 0 };
    char subject[512];
    int has_text = 0, has_html = 0, e;
    static unsigned char own[3000];

    CHECK(raw && text.p && html.p);
    if (!raw || !text.p || !html.p)
        goto out;
    CHECK_EQ_INT(lsc_parse(&parsed, eng, raw, len, NULL), 0);
    if (!parsed)
        goto out;
    memset(att, 0, sizeof att);
    for (i = 0; i < lsc_result_part_count(parsed); i++) {
        const lsc_part *p = lsc_result_part(parsed, i);
        int is_att = p->filename || (p->disposition &&
                                     strcmp(p->disposition, "attachment") == 0);
        if (p->kind == LSC_PART_MULTIPART || p->kind == LSC_PART_MESSAGE)
            continue;
        if (!is_att && !has_text && strcmp(p->content_type, "text/plain") == 0 &&
            p->utf8 && p->utf8_bytes < BUF_BYTES / 2) {
            memcpy(text.p, p->utf8, p->utf8_bytes);
            text.n = p->utf8_bytes;
            has_text = 1;
        } else if (!is_att && !has_html && strcmp(p->content_type, "text/html") == 0 &&
                   p->utf8 && p->utf8_bytes < BUF_BYTES / 2) {
            memcpy(html.p, p->utf8, p->utf8_bytes);
            html.n = p->utf8_bytes;
            has_html = 1;
        } else if (n_att < 8 && p->body) {
            att[n_att].filename = p->filename ? p->filename : "file.bin";
            att[n_att].filename_len = LSC_NTS;
            att[n_att].content_type = p->content_type;
            att[n_att].content_type_len = LSC_NTS;
            att[n_att].data = p->body;
            att[n_att].data_len = p->body_bytes;
            n_att++;
        }
    }
    /* one attachment of our own, so every draft has one */
    for (i = 0; i < sizeof own; i++)
        own[i] = (unsigned char)(i * 131 + 7);
    memcpy(own, "%PDF-1.4\n", 9);
    att[n_att].filename = "price-list.pdf";
    att[n_att].filename_len = LSC_NTS;
    att[n_att].data = own;
    att[n_att].data_len = sizeof own;
    n_att++;
    if (!has_text && !has_html) {
        strcpy(text.p, "Hello,\nthe quotation is attached.\n");
        text.n = strlen(text.p);
        has_text = 1;
    }
    snprintf(subject, sizeof subject, "%s", lsc_result_subject(parsed, NULL));

    lsc_draft_init(&d);
    d.from = lsc_result_header_value(parsed, "From");
    d.from_len = LSC_NTS;
    d.to = lsc_result_header_value(parsed, "To");
    d.to_len = LSC_NTS;
    d.subject = subject;
    d.subject_len = LSC_NTS;
    d.attachments = att;
    d.n_attachments = n_att;
    CHECK_EQ_INT(lsc_draft_cache_new(&cache, eng, 0, NULL), 0);
    for (e = 0; e < EDITS; e++) {
        size_t pos = (size_t)e * 7919;
        static const char *const typed[] = {
            "price ", "FREE!!! ", "quotation ", "click here ", "\xe5\x85\x8d\xe8\xb4\xb9 ",
            "<b>now</b> ", "$$$ ", "100% guaranteed ", "\n\n", "unsubscribe "
        };
        d.text = has_text ? text.p : NULL;
        d.text_len = text.n;
        d.html = has_html ? html.p : NULL;
        d.html_len = html.n;
        switch (e % 10) {
        case 0: insert(&text, text.n ? pos % text.n : 0, typed[e % 10]); break;
        case 1: if (has_html) insert(&html, html.n ? pos % html.n : 0, typed[(e / 10) % 10]); break;
        case 2: delete(&text, text.n ? pos % text.n : 0, 6); break;
        case 3: {
            char was[64];
            snprintf(was, sizeof was, "%.40s", subject);
            snprintf(subject, sizeof subject, "%s %s", was, typed[e % 10]);
            break;
        }
        case 4: d.n_attachments = 0; break;                /* attachments dropped */
        case 5: d.n_attachments = n_att; break;            /* and back */
        case 6:
            if (n_att > 1) {                               /* swapped */
                lsc_draft_attachment t = att[0];
                att[0] = att[n_att - 1];
                att[n_att - 1] = t;
            }
            break;
        case 7:
            if (e == 17)                                   /* past the room */
                while (text.n + 100 < 300 * 1024)
                    insert(&text, text.n, "we will ship the pallets next week. ");
            else if (e == 37)
                text.n = text.n > 2000 ? 2000 : text.n;    /* and back */
            else
                delete(&html, html.n ? pos % html.n : 0, 12);
            break;
        case 8: if (has_html) d.text = NULL; break;         /* HTML only */
        default: insert(&text, text.n / 2, typed[(e / 10) % 10]); break;
        }
        d.text_len = text.n;
        d.html_len = html.n;
        if (!same_cold(&d, cache, name, e))
            break;
    }
out:
    lsc_draft_cache_free(cache);
    lsc_result_free(parsed);
    free(raw);
    free(text.p);
    free(html.p);
}

TEST(every_example_draft_edited_scores_as_cold)
{
    char dir[4096];
    DIR *dh;
    struct dirent *de;
    int n = 0;
    snprintf(dir, sizeof dir, "%s/examples/drafts", top);
    dh = opendir(dir);
    CHECK(dh != NULL);
    if (!dh)
        return;
    while ((de = readdir(dh)) != NULL) {
        char path[8192];
        size_t l = strlen(de->d_name);
        if (l < 5 || strcmp(de->d_name + l - 4, ".eml") != 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        edit_draft(path, de->d_name);
        n++;
    }
    closedir(dh);
    CHECK(n >= 4);
}

/* A result holds its attachment's bytes itself (shared with the cache,
 * not copied): they stay whole after the cache is freed and after the
 * caller overwrote its buffer, and a second result holds them too. */
TEST(results_outlive_the_cache_and_the_callers_bytes)
{
    static unsigned char data[100000];
    lsc_draft_attachment att;
    lsc_draft_cache *cache = NULL;
    lsc_result *r1 = NULL, *r2 = NULL;
    lsc_draft d;
    size_t i, k, found = 0;
    for (i = 0; i < sizeof data; i++)
        data[i] = (unsigned char)(i * 7 + 3);
    memset(&att, 0, sizeof att);
    att.filename = "data.bin";
    att.filename_len = LSC_NTS;
    att.data = data;
    att.data_len = sizeof data;
    lsc_draft_init(&d);
    d.text = "Hello, the file is attached.";
    d.text_len = LSC_NTS;
    d.attachments = &att;
    d.n_attachments = 1;
    CHECK_EQ_INT(lsc_draft_cache_new(&cache, eng, 0, NULL), 0);
    CHECK_EQ_INT(lsc_draft_score(&r1, eng, &d, NULL, cache, NULL), 0);
    CHECK_EQ_INT(lsc_draft_score(&r2, eng, &d, NULL, cache, NULL), 0);
    lsc_draft_cache_free(cache);
    memset(data, 0, sizeof data);
    for (k = 0; r1 && r2 && k < lsc_result_part_count(r1); k++) {
        const lsc_part *p1 = lsc_result_part(r1, k), *p2 = lsc_result_part(r2, k);
        if (!p1->filename || strcmp(p1->filename, "data.bin") != 0)
            continue;
        found++;
        CHECK_EQ_INT(p1->body_bytes, sizeof data);
        CHECK_EQ_INT(p2->body_bytes, sizeof data);
        for (i = 0; i < p1->body_bytes && i < sizeof data; i++)
            if (p1->body[i] != (unsigned char)(i * 7 + 3) || p2->body[i] != p1->body[i])
                break;
        CHECK_EQ_INT(i, sizeof data);
    }
    CHECK_EQ_INT(found, 1);
    lsc_result_free(r1);
    lsc_result_free(r2);
}

int main(void)
{
    const char *t = getenv("LSC_TOP");
    if (t)
        top = t;
    if (lsc_engine_new(&eng, NULL, NULL) != 0) {
        printf("not ok - engine\n");
        return 1;
    }
    RUN(every_example_draft_edited_scores_as_cold);
    RUN(results_outlive_the_cache_and_the_callers_bytes);
    lsc_engine_free(eng);
    return TEST_DONE();
}

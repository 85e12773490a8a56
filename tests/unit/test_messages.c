/*
 * test_messages.c - message tests: every tests/messages/NAME.eml is scored
 * and checked against NAME.expect, one case per message.  Expect lines:
 *     fires RULE_ID        the rule must fire
 *     not RULE_ID          the rule must not fire
 *     level low|medium|high|unreadable
 *     flag 0xHEX           these LSC_MSG_* bits must be set
 *     mode sent            score in LSC_MODE_SENT instead of draft
 *     lang zh              use an engine with Chinese explanations
 * Every evidence span of every hit is checked against the text it quotes,
 * every hit has an explanation and a suggestion, and no explanation or
 * quoted name holds a raw bidi control (U+202E).
 */
#include "test.h"

/* 1 when s is well-formed UTF-8 (shortest forms, no surrogates). */
static int utf8_ok(const unsigned char *s)
{
    while (*s) {
        unsigned c = *s, need, cp, i;
        if (c < 0x80) {
            s++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) need = 1, cp = c & 0x1F;
        else if (c >= 0xE0 && c <= 0xEF) need = 2, cp = c & 0x0F;
        else if (c >= 0xF0 && c <= 0xF4) need = 3, cp = c & 0x07;
        else return 0;
        for (i = 1; i <= need; i++) {
            if ((s[i] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i] & 0x3F);
        }
        if ((need == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return 0;
        s += need + 1;
    }
    return 1;
}

/* 1 when s holds a raw bidirectional control (U+061C, U+200E/F,
 * U+202A-E, U+2066-9). */
static int has_bidi(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    for (; p && *p; p++) {
        if (p[0] == 0xD8 && p[1] == 0x9C)
            return 1;
        if (p[0] == 0xE2 && p[1] && p[2] &&
            ((p[1] == 0x80 && (p[2] == 0x8E || p[2] == 0x8F ||
                               (p[2] >= 0xAA && p[2] <= 0xAE))) ||
             (p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9)))
            return 1;
    }
    return 0;
}

static int check_spans(const lsc_result *r, const char *name)
{
    size_t i, j, bad = 0;
    for (i = 0; i < lsc_result_hit_count(r); i++) {
        const lsc_hit *h = lsc_result_hit(r, i);
        /* An explanation never prints a bidi control raw (a file name's
         * U+202E would turn the sentence that warns about it around). */
        if (has_bidi(h->explanation)) {
            printf("#   %s: %s explanation holds a raw bidi control\n", name,
                   h->id);
            bad++;
        }
        /* Every finding says what it found and what to change (a variant
         * text without a suggestion of its own must borrow one). */
        if (!h->explanation || !*h->explanation || !h->suggestion ||
            !*h->suggestion) {
            printf("#   %s: %s has no explanation or no suggestion\n", name,
                   h->id);
            bad++;
        }
        for (j = 0; j < h->n_evidence; j++) {
            const lsc_evidence *e = &h->evidence[j];
            const char *src = NULL;
            size_t len = 0;
            if (!utf8_ok((const unsigned char *)e->text)) {
                printf("#   %s: %s evidence %zu is not UTF-8\n", name, h->id, j);
                bad++;
            }
            if (e->where == LSC_WHERE_SUBJECT) {
                src = lsc_result_subject(r, &len);
            } else if (e->where == LSC_WHERE_BODY) {
                const lsc_part *p = lsc_result_part(r, e->part);
                if (p) {
                    src = p->text;
                    len = p->text_bytes;
                }
            } else if (e->where == LSC_WHERE_HEADER) {
                src = lsc_result_header_value(r, e->header);
                len = src ? strlen(src) : 0;
            } else {
                if (has_bidi(e->text)) {
                    printf("#   %s: %s names a file with a raw bidi "
                           "control\n", name, h->id);
                    bad++;
                }
                continue;
            }
            if (!src || e->end < e->start || e->end > len ||
                strlen(e->text) != e->end - e->start ||
                memcmp(src + e->start, e->text, e->end - e->start) != 0) {
                printf("#   %s: %s evidence %zu does not match its text\n",
                       name, h->id, j);
                bad++;
            }
        }
    }
    return bad == 0;
}

static void one(const char *dir, const char *name, lsc_engine *en,
                lsc_engine *zh)
{
    char path[1024], epath[1024], line[512];
    size_t len = 0;
    char *msg;
    FILE *ef;
    lsc_result *r = NULL;
    lsc_score_options so;
    lsc_error err;
    int ok = 1, rc, use_zh = 0;
    size_t stem = strlen(name) - 4;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(epath, sizeof epath, "%s/%.*s.expect", dir, (int)stem, name);
    lsc_score_options_init(&so);
    ef = fopen(epath, "r");
    if (!ef) {
        printf("not ok - %s: no .expect file\n", name);
        return;
    }
    while (fgets(line, sizeof line, ef)) {
        if (strncmp(line, "mode sent", 9) == 0)
            so.mode = LSC_MODE_SENT;
        if (strncmp(line, "lang zh", 7) == 0)
            use_zh = 1;
    }
    rewind(ef);
    msg = t_read_file(path, &len);
    if (!msg) {
        printf("not ok - %s: cannot read\n", name);
        fclose(ef);
        return;
    }
    rc = lsc_score(&r, use_zh ? zh : en, msg, len, &so, &err);
    if (rc != 0) {
        printf("not ok - %s: lsc_score %d %s\n", name, rc, err.message);
        free(msg);
        fclose(ef);
        return;
    }
    while (fgets(line, sizeof line, ef)) {
        char word[64], arg[128];
        if (line[0] == '#' || sscanf(line, "%63s %127s", word, arg) != 2)
            continue;
        if (strcmp(word, "fires") == 0 && !lsc_result_find_hit(r, arg)) {
            printf("#   %s: %s did not fire\n", name, arg);
            ok = 0;
        } else if (strcmp(word, "not") == 0 && lsc_result_find_hit(r, arg)) {
            printf("#   %s: %s fired: %s\n", name, arg,
                   lsc_result_find_hit(r, arg)->explanation);
            ok = 0;
        } else if (strcmp(word, "level") == 0 &&
                   strcmp(lsc_level_name(lsc_result_level(r)), arg) != 0) {
            printf("#   %s: level %s (risk %d), expected %s\n", name,
                   lsc_level_name(lsc_result_level(r)), lsc_result_risk(r), arg);
            ok = 0;
        } else if (strcmp(word, "flag") == 0) {
            unsigned want = (unsigned)strtoul(arg, NULL, 16);
            if ((lsc_result_flags(r) & want) != want) {
                printf("#   %s: flags 0x%x lack 0x%x\n", name,
                       lsc_result_flags(r), want);
                ok = 0;
            }
        }
    }
    if (!check_spans(r, name))
        ok = 0;
    printf("%s - %s\n", ok ? "ok" : "not ok", name);
    lsc_result_free(r);
    free(msg);
    fclose(ef);
}

int main(void)
{
    const char *top = getenv("LSC_TOP");
    char dir[1024];
    long nl;
    char *names[4096];
    size_t n = 0, i;
    lsc_engine *en = NULL, *zh = NULL;
    lsc_options o;
    int failed = 0;

    snprintf(dir, sizeof dir, "%s/tests/messages", top ? top : ".");
    lsc_options_init(&o);
    if (lsc_engine_new(&en, &o, NULL) != 0) {
        printf("not ok - engine\n");
        return 1;
    }
    o.lang = LSC_LANG_ZH;
    if (lsc_engine_new(&zh, &o, NULL) != 0) {
        printf("not ok - engine zh\n");
        return 1;
    }
    nl = t_eml_names(dir, names, sizeof names / sizeof names[0]);
    if (nl < 0) {
        printf("not ok - cannot open %s\n", dir);
        return 1;
    }
    n = (size_t)nl;
    for (i = 0; i < n; i++) {
        one(dir, names[i], en, zh);
        free(names[i]);
    }
    lsc_engine_free(en);
    lsc_engine_free(zh);
    (void)failed;
    return 0;
}

/*
 * test_business.c - fairness to honest business letters, and no free pass
 * for their sales-blast versions (tests/messages/business, written by its
 * make.py).  Each NAME.eml has a NAME.expect:
 *     kind honest|blast    honest: never level high, and at most
 *                          HONEST_MEDIUM_MAX_PCT percent of all honest
 *                          letters at medium; blast: medium or high
 *     fires RULE / not RULE
 * One case per letter, then one for the set's medium share.  Scored as
 * drafts (the default mode) with the English engine.
 */
#include "test.h"

/* The bar: at most 5% of honest letters at level medium. */
#define HONEST_MEDIUM_MAX_PCT 5
/* Letters read from the folder (the set holds about 80). */
#define MAX_LETTERS 512

static int honest_n, honest_medium, blast_n;

static void one(const char *dir, const char *name, lsc_engine *en)
{
    char path[1024], epath[1024], line[256], kind[16] = "";
    size_t len = 0, stem = strlen(name) - 4;
    char *msg;
    FILE *ef;
    lsc_result *r = NULL;
    lsc_error err;
    lsc_level lv;
    int ok = 1;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(epath, sizeof epath, "%s/%.*s.expect", dir, (int)stem, name);
    ef = fopen(epath, "r");
    msg = t_read_file(path, &len);
    if (!ef || !msg || lsc_score(&r, en, msg, len, NULL, &err) != 0) {
        printf("not ok - business/%s: cannot read or score\n", name);
        if (ef)
            fclose(ef);
        free(msg);
        return;
    }
    lv = lsc_result_level(r);
    while (fgets(line, sizeof line, ef)) {
        char word[32], arg[64];
        if (line[0] == '#' || sscanf(line, "%31s %63s", word, arg) != 2)
            continue;
        if (strcmp(word, "kind") == 0) {
            snprintf(kind, sizeof kind, "%s", arg);
        } else if (strcmp(word, "fires") == 0 && !lsc_result_find_hit(r, arg)) {
            printf("#   %s: %s did not fire\n", name, arg);
            ok = 0;
        } else if (strcmp(word, "not") == 0 && lsc_result_find_hit(r, arg)) {
            printf("#   %s: %s fired: %s\n", name, arg,
                   lsc_result_find_hit(r, arg)->explanation);
            ok = 0;
        }
    }
    if (strcmp(kind, "honest") == 0) {
        honest_n++;
        if (lv == LSC_LEVEL_MEDIUM) {
            honest_medium++;
            printf("#   %s: honest letter at medium (%.2f points)\n", name,
                   lsc_result_points(r));
        }
        if (lv == LSC_LEVEL_HIGH) {
            printf("#   %s: honest letter at high (%.2f points)\n", name,
                   lsc_result_points(r));
            ok = 0;
        }
    } else if (strcmp(kind, "blast") == 0) {
        blast_n++;
        if (lv == LSC_LEVEL_LOW) {
            printf("#   %s: sales blast at low (%.2f points)\n", name,
                   lsc_result_points(r));
            ok = 0;
        }
    } else {
        printf("#   %s: no 'kind honest|blast' line\n", name);
        ok = 0;
    }
    printf("%s - business/%s\n", ok ? "ok" : "not ok", name);
    lsc_result_free(r);
    free(msg);
    fclose(ef);
}

int main(void)
{
    const char *top = getenv("LSC_TOP");
    char dir[1024];
    long nl;
    char *names[MAX_LETTERS];
    size_t n = 0, i;
    lsc_engine *en = NULL;

    snprintf(dir, sizeof dir, "%s/tests/messages/business", top ? top : ".");
    if (lsc_engine_new(&en, NULL, NULL) != 0) {
        printf("not ok - engine\n");
        return 1;
    }
    nl = t_eml_names(dir, names, sizeof names / sizeof names[0]);
    if (nl < 0) {
        printf("not ok - cannot open %s\n", dir);
        lsc_engine_free(en);
        return 1;
    }
    n = (size_t)nl;
    for (i = 0; i < n; i++) {
        one(dir, names[i], en);
        free(names[i]);
    }
    lsc_engine_free(en);
    /* The issue asks for at least 40 of each; fewer means the set lost
     * letters, and the shares below would say little. */
    printf("%s - business set: %d honest, %d blasts (at least 40 each)\n",
           honest_n >= 40 && blast_n >= 40 ? "ok" : "not ok", honest_n,
           blast_n);
    printf("%s - business set: %d of %d honest letters at medium "
           "(at most %d%%)\n",
           honest_medium * 100 <= HONEST_MEDIUM_MAX_PCT * honest_n ? "ok"
                                                                   : "not ok",
           honest_medium, honest_n, HONEST_MEDIUM_MAX_PCT);
    return 0;
}

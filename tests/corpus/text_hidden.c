/*
 * text_hidden.c - the visible text of every text/html leaf with the text
 * html.c found hidden put back where it stands (tools/check-text.sh).
 *
 * Takes: directories or files (read recursively).  Gives: one JSON object
 * per message in the form of ../shared/tools/text_reference.py, where the
 * text of an HTML part is what html.c gives when it reads no style at all
 * (lsc__ctx.show_hidden: the HTML stage run again over the parsed parts).
 * Comparing this dump with the reference tells which differences are
 * hidden text that the reference shows (a difference in our favour).
 * Reads library internals (result.h), as only a check tool may.
 * Limits: TH_MAX_DEPTH directories, TH_MAX_FILE bytes per file.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/pipeline.h"
#include "core/result.h"

#define TH_MAX_DEPTH 32
#define TH_MAX_FILE ((size_t)128 * 1024 * 1024)

static void json_str(const char *s, size_t n)
{
    size_t i;
    putchar('"');
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c == '\n')
            fputs("\\n", stdout);
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

static void one(lsc_engine *e, const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    size_t n;
    lsc_result *r = NULL;
    size_t i;
    int first = 1;
    if (!f)
        return;
    buf = malloc(TH_MAX_FILE);
    n = buf ? fread(buf, 1, TH_MAX_FILE, f) : 0;
    fclose(f);
    if (!buf || lsc_parse(&r, e, buf, n, NULL) != 0) {
        free(buf);
        return;
    }
    {
        /* The HTML stage again, hidden text shown; the first run's
         * facts are dropped so that its link count does not add up. */
        lsc__ctx c;
        memset(&c, 0, sizeof c);
        c.eng = e;
        c.ar = &r->ar;
        c.msg = r->msg;
        c.res = r;
        c.show_hidden = 1;
        for (i = 0; i < r->msg->n_parts; i++)
            if (r->msg->parts[i]->html.parsed)
                memset(&r->msg->parts[i]->html, 0, sizeof r->msg->parts[i]->html);
        if (lsc__html_run(&c) != 0) {
            lsc_result_free(r);
            free(buf);
            return;
        }
    }
    fputs("{\"path\": ", stdout);
    json_str(path, strlen(path));
    fputs(", \"parts\": [", stdout);
    for (i = 0; i < r->msg->n_parts; i++) {
        const lsc__part *p = r->msg->parts[i];
        if (p->pub.kind != LSC_PART_LEAF || !p->html.parsed || !p->pub.text)
            continue;
        printf("%s{\"index\": %zu, \"content_type\": \"text/html\", \"text\": ",
               first ? "" : ", ", p->pub.leaf_index);
        json_str(p->pub.text, p->pub.text_bytes);
        putchar('}');
        first = 0;
    }
    fputs("]}\n", stdout);
    lsc_result_free(r);
    free(buf);
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(lsc_engine *e, const char *dir, int depth)
{
    DIR *d;
    struct dirent *de;
    char **names = NULL;
    size_t k = 0, cap = 0, i;
    struct stat st;
    if (depth > TH_MAX_DEPTH || stat(dir, &st) != 0)
        return;
    if (!S_ISDIR(st.st_mode)) {
        one(e, dir);
        return;
    }
    if (!(d = opendir(dir)))
        return;
    while ((de = readdir(d)) != NULL) {
        size_t l = strlen(de->d_name);
        if (de->d_name[0] == '.' || (l > 3 && strcmp(de->d_name + l - 3, ".md") == 0) ||
            (l > 4 && strcmp(de->d_name + l - 4, ".tsv") == 0))
            continue;
        if (k == cap) {
            char **nn = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof *names);
            if (!nn)
                break;
            names = nn;
        }
        names[k] = malloc(strlen(dir) + l + 2);
        if (!names[k])
            break;
        sprintf(names[k++], "%s/%s", dir, de->d_name);
    }
    closedir(d);
    qsort(names, k, sizeof *names, cmp);
    /* files first, then directories, like the reference's os.walk */
    for (i = 0; i < k; i++)
        if (stat(names[i], &st) == 0 && !S_ISDIR(st.st_mode))
            one(e, names[i]);
    for (i = 0; i < k; i++) {
        if (stat(names[i], &st) == 0 && S_ISDIR(st.st_mode))
            walk(e, names[i], depth + 1);
        free(names[i]);
    }
    free(names);
}

int main(int argc, char **argv)
{
    lsc_engine *e = NULL;
    int i;
    if (lsc_engine_new(&e, NULL, NULL) != 0)
        return 2;
    for (i = 1; i < argc; i++)
        walk(e, argv[i], 0);
    lsc_engine_free(e);
    return 0;
}

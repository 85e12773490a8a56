/*
 * test_active.c - the scans of attach/active.c at their limits, on bytes
 * built here: a remote template as the last relationship a .rels part is
 * read for (LSC__ACTIVE_MAX_RELS) and one past it, and a command in a
 * CSV cell ending on the last byte of the cell that is read
 * (LSC__ACTIVE_MAX_FIELD) and one byte past it.
 */
#include <stdlib.h>

#include "test.h"
#include "attach/attach_scan.h"

#define LOCAL_REL "<Relationship Id=\"rId%zu\" Type=\"http://schemas." \
    "openxmlformats.org/officeDocument/2006/relationships/styles\" " \
    "Target=\"styles.xml\"/>\n"
#define REMOTE_REL "<Relationship Id=\"rIdX\" Type=\"http://schemas." \
    "openxmlformats.org/officeDocument/2006/relationships/attachedTemplate\" " \
    "Target=\"http://templates.example/t.dotm\" TargetMode=\"External\"/>\n"

/* A .rels part whose remote template is relationship number `at`. */
static char *rels_with_remote_at(size_t at, size_t *len)
{
    size_t cap = at * (sizeof LOCAL_REL + 16) + sizeof REMOTE_REL + 256, i;
    char *b = malloc(cap), *p = b;
    if (!b)
        return NULL;
    p += sprintf(p, "<?xml version=\"1.0\"?>\n<Relationships>\n");
    for (i = 1; i < at; i++)
        p += sprintf(p, LOCAL_REL, i);
    p += sprintf(p, REMOTE_REL "</Relationships>\n");
    *len = (size_t)(p - b);
    return b;
}

TEST(remote_template_at_the_relationship_limit)
{
    size_t at;
    for (at = LSC__ACTIVE_MAX_RELS - 1; at <= LSC__ACTIVE_MAX_RELS + 1; at++) {
        size_t n = 0;
        char *b = rels_with_remote_at(at, &n);
        CHECK(b != NULL);
        if (b)
            CHECK_EQ_INT(lsc__rels_scan((const unsigned char *)b, n) ==
                             LSC_ATT_REMOTE_CONTENT,
                         at <= LSC__ACTIVE_MAX_RELS);
        free(b);
    }
}

/* A CSV whose second cell is a formula running cmd: "cmd|", the word the
 * scan knows it by, ends `end` bytes after the cell's '='. */
static char *csv_with_command_ending_at(size_t end, size_t *len)
{
    size_t fill = end - 4, i;
    char *b = malloc(end + 64), *p = b;
    if (!b)
        return NULL;
    p += sprintf(p, "name,price\nwidget,=");
    for (i = 0; i < fill; i++)
        *p++ = 'A';
    p += sprintf(p, "cmd|' /C calc'!A0\n");
    *len = (size_t)(p - b);
    return b;
}

TEST(command_at_the_cell_limit)
{
    size_t end;
    for (end = LSC__ACTIVE_MAX_FIELD - 1; end <= LSC__ACTIVE_MAX_FIELD + 1; end++) {
        size_t n = 0;
        char *b = csv_with_command_ending_at(end, &n);
        CHECK(b != NULL);
        if (b)
            CHECK_EQ_INT(lsc__formula_scan((const unsigned char *)b, n) ==
                             LSC_ATT_FORMULA_CMD,
                         end <= LSC__ACTIVE_MAX_FIELD);
        free(b);
    }
}

int main(void)
{
    RUN(remote_template_at_the_relationship_limit);
    RUN(command_at_the_cell_limit);
    return TEST_DONE();
}

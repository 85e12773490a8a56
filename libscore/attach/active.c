/*
 * active.c - what makes an Office or spreadsheet file act on opening
 * beyond VBA (content branch): a relationship that loads a template or an
 * object from the network (CVE-2017-0199, "Follina"), formula cells that
 * run commands (DDE, CSV injection), and the names of macro-enabled
 * formats (a .docm in an encrypted zip cannot be looked into).
 *
 * Takes: the bytes of a .rels part or of a CSV file, or an extension.
 * Gives: LSC_ATT_REMOTE_CONTENT, LSC_ATT_FORMULA_CMD, "is a macro format".
 * Limits: ACTIVE_MAX_RELS relationships per part, ACTIVE_MAX_FIELD bytes
 * of a formula cell; the callers cap the bytes (LSC__ACTIVE_MAX_BYTES).
 */
#include "attach/attach_scan.h"

#define ACTIVE_MAX_RELS 4096
#define ACTIVE_MAX_FIELD 512

int lsc__macro_ext(const char *ext)
{
    static const char *const macro_ext[] = {
        "docm", "dotm", "xlsm", "xltm", "xlam", "pptm", "potm", "ppsm",
        "ppam", "sldm",
    };
    size_t i;
    for (i = 0; ext && i < LSC__COUNT(macro_ext); i++)
        if (lsc__casecmp(ext, macro_ext[i]) == 0)
            return 1;
    return 0;
}

/* Case-insensitive search in [p, p + n). */
static const unsigned char *find(const unsigned char *p, size_t n,
                                 const char *s)
{
    size_t k = strlen(s), i;
    for (i = 0; k <= n && i + k <= n; i++)
        if (lsc__ncasecmp((const char *)p + i, s, k) == 0)
            return p + i;
    return NULL;
}

/* The value of attribute name="..." inside [p, p + n), or NULL; *len. */
static const unsigned char *attr(const unsigned char *p, size_t n,
                                 const char *name, size_t *len)
{
    const unsigned char *a = find(p, n, name), *v, *e;
    size_t k = strlen(name);
    if (!a || (a > p && a[-1] != ' ' && a[-1] != '\t' && a[-1] != '\n' &&
               a[-1] != '\r'))
        return NULL;
    v = a + k;
    if (v + 2 > p + n || v[0] != '=' || (v[1] != '"' && v[1] != '\''))
        return NULL;
    e = memchr(v + 2, v[1], (size_t)(p + n - (v + 2)));
    if (!e)
        return NULL;
    *len = (size_t)(e - (v + 2));
    return v + 2;
}

static int ends_with(const unsigned char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && lsc__ncasecmp((const char *)s + n - k, suffix, k) == 0;
}

unsigned lsc__rels_scan(const unsigned char *p, size_t n)
{
    const unsigned char *q = p, *end = p + n;
    size_t rels = 0;
    while (rels++ < ACTIVE_MAX_RELS &&
           (q = find(q, (size_t)(end - q), "<Relationship ")) != NULL) {
        const unsigned char *gt = memchr(q, '>', (size_t)(end - q)), *t, *m,
                            *tg;
        size_t tl, ml, gl, el;
        if (!gt)
            break;
        el = (size_t)(gt - q);
        t = attr(q, el, "Type", &tl);
        m = attr(q, el, "TargetMode", &ml);
        tg = attr(q, el, "Target", &gl);
        /* Word fetches these on opening: a template (attachedTemplate), an
         * OLE object or a frame, a sub-document; hyperlinks wait for a
         * click and are not flagged. */
        if (t && m && tg && ml == 8 && lsc__ncasecmp((const char *)m, "External", 8) == 0 &&
            (ends_with(t, tl, "/attachedTemplate") || ends_with(t, tl, "/oleObject") ||
             ends_with(t, tl, "/frame") || ends_with(t, tl, "/subDocument")) &&
            (find(tg, gl, "://") || find(tg, gl, "mhtml:") || (gl > 2 &&
             tg[0] == '\\' && tg[1] == '\\')))
            return LSC_ATT_REMOTE_CONTENT;
        q = gt;
    }
    return 0;
}

/* Words of a formula that runs something: DDE to cmd, PowerShell,
 * mshta and the like, or a hyperlink to a program. */
static const char *const formula_cmd[] = {
    "cmd|", "cmd.exe", "powershell", "mshta", "rundll32", "regsvr32",
    "certutil", "msexcel|", "dde(", "ddeauto", "wscript", "cscript",
    "bitsadmin",
};
static const char *const program_ext[] = {
    ".exe\"", ".bat\"", ".cmd\"", ".ps1\"", ".hta\"", ".scr\"", ".vbs\"",
    ".js\"", ".msi\"", ".lnk\"",
};

/* Does the cell starting at p (after its '=' '+' '-' or '@') run a
 * command? */
static int cmd_cell(const unsigned char *p, size_t n)
{
    size_t i, len = 0;
    const unsigned char *hl;
    while (len < n && len < ACTIVE_MAX_FIELD && p[len] != '\n' && p[len] != '\r')
        len++;
    for (i = 0; i < LSC__COUNT(formula_cmd); i++)
        if (find(p, len, formula_cmd[i]))
            return 1;
    hl = find(p, len, "hyperlink(");
    if (hl) {
        size_t rest = len - (size_t)(hl - p);
        for (i = 0; i < LSC__COUNT(program_ext); i++)
            if (find(hl, rest, program_ext[i]))
                return 1;
    }
    return 0;
}

unsigned lsc__formula_scan(const unsigned char *p, size_t n)
{
    size_t i;
    int cell_start = 1;
    for (i = 0; i < n; i++) {
        unsigned char ch = p[i];
        if (cell_start && (ch == '"' || ch == '\''))
            continue;       /* a quoted cell: its first character counts */
        if (cell_start && (ch == '=' || ch == '+' || ch == '-' || ch == '@') &&
            cmd_cell(p + i + 1, n - i - 1))
            return LSC_ATT_FORMULA_CMD;
        cell_start = ch == ',' || ch == ';' || ch == '\t' || ch == '\n' ||
                     ch == '\r' || (cell_start && ch == ' ');
    }
    return 0;
}

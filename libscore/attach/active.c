/*
 * active.c - what makes an Office or spreadsheet file act on opening
 * beyond VBA (content branch): a relationship that loads a template or an
 * object from the network (CVE-2017-0199, "Follina"), formula cells that
 * run commands (DDE, CSV injection), and the names of macro-enabled
 * formats (a .docm in an encrypted zip cannot be looked into), and VBA
 * source that runs by itself on opening and calls out (Shell,
 * CreateObject, a download).
 *
 * Takes: the bytes of a .rels part or of a CSV file, or an extension.
 * Gives: LSC_ATT_REMOTE_CONTENT, LSC_ATT_FORMULA_CMD, LSC_ATT_MACRO_RUNS,
 * "is a macro format".
 * Limits: ACTIVE_MAX_RELS relationships per part, ACTIVE_MAX_FIELD bytes
 * of a formula cell, VBA_MAX_MODULES modules of VBA_MAX_SOURCE bytes; the
 * callers cap the bytes (LSC__ACTIVE_MAX_BYTES).
 */
#include <ctype.h>

#include "attach/attach_scan.h"

#define ACTIVE_MAX_RELS LSC__ACTIVE_MAX_RELS
#define ACTIVE_MAX_FIELD LSC__ACTIVE_MAX_FIELD

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

/* ---- VBA source: what a macro does (MS-OVBA 2.4.1) ---- */

#define VBA_MAX_MODULES LSC__VBA_MAX_MODULES
#define VBA_MAX_SOURCE LSC__VBA_MAX_SOURCE

/* Inflates the CompressedContainer at p (p[0] == 1) into out, at most
 * cap bytes; returns the length.  Stops quietly at damage. */
static size_t ovba_decompress(const unsigned char *p, size_t n,
                              unsigned char *out, size_t cap)
{
    size_t pos = 1, len = 0;
    if (n < 3 || p[0] != 1)
        return 0;
    while (pos + 2 <= n && len < cap) {
        unsigned hdr = (unsigned)(p[pos] | p[pos + 1] << 8);
        size_t end = LSC__MIN(n, pos + (hdr & 0x0FFF) + 3), start = len;
        if (((hdr >> 12) & 7) != 3)
            break;
        pos += 2;
        if (!(hdr & 0x8000)) {          /* a raw chunk of 4096 bytes */
            size_t k = LSC__MIN(LSC__MIN((size_t)4096, n - pos), cap - len);
            memcpy(out + len, p + pos, k);
            len += k;
            pos += 4096;
            continue;
        }
        while (pos < end && len < cap) {
            unsigned flags = p[pos++], bit;
            for (bit = 0; bit < 8 && pos < end && len < cap; bit++) {
                unsigned tok, bc = 4, lmask;
                size_t d = len - start, off, l;
                if (!(flags & (1u << bit))) {
                    out[len++] = p[pos++];
                    continue;
                }
                if (pos + 2 > end)
                    return len;
                tok = (unsigned)(p[pos] | p[pos + 1] << 8);
                pos += 2;
                while (bc < 12 && ((size_t)1 << bc) < d)
                    bc++;
                lmask = 0xFFFFu >> bc;
                l = (tok & lmask) + 3;
                off = ((tok & ~lmask & 0xFFFFu) >> (16 - bc)) + 1;
                if (off > d)
                    return len;     /* points before the chunk: damage */
                while (l-- && len < cap) {
                    out[len] = out[len - off];
                    len++;
                }
            }
        }
        pos = end;
    }
    return len;
}

/* Procedures Office runs by itself, and calls that reach outside the
 * document: together they are what olevba calls a suspicious macro. */
static const char *const vba_auto[] = {
    "AutoOpen", "Auto_Open", "AutoExec", "AutoClose", "Document_Open",
    "Document_Close", "Workbook_Open", "Workbook_Activate", "Auto_Close",
};
static const char *const vba_act[] = {
    "Shell", "CreateObject", "WScript.Shell", "URLDownloadToFile",
    "powershell", "MSXML2.XMLHTTP", "ADODB.Stream", "CallByName",
    "ExecuteExcel4Macro", "ShellExecute", "Kill", "GetObject",
};

static int vba_word(const unsigned char *s, size_t n, const char *w)
{
    const unsigned char *q = s;
    size_t k = strlen(w);
    while ((q = find(q, (size_t)(s + n - q), w)) != NULL) {
        int before = q > s && (isalnum(q[-1]) || q[-1] == '_');
        int after = q + k < s + n && (isalnum(q[k]) || q[k] == '_');
        if (!before && !after)
            return 1;
        q++;
    }
    return 0;
}

int lsc__vba_scan(lsc__ctx *c, const unsigned char *p, size_t n,
                  unsigned *flags)
{
    /* A module's compressed source opens with "Attribute VB_Name": 01,
     * a chunk header, then either a zero flag byte and "Attribut" as its
     * first 8 literal tokens (how olevba finds source without the dir
     * stream), or, when the first chunk is stored raw (header 0x3FFF:
     * 4096 bytes as they are, which Office runs just the same),
     * "Attribut" itself.  The stream need not be contiguous in the file;
     * what is is enough to see the calls. */
    static const unsigned char mark[9] = { 0, 'A', 't', 't', 'r', 'i', 'b', 'u', 't' };
    unsigned char *src;
    size_t i, modules = 0;
    int autorun = 0, act = 0;
    if (n < sizeof mark + 3)
        return 0;
    src = lsc__malloc(&c->eng->al, VBA_MAX_SOURCE);
    if (!src)
        return LSC_ENOMEM;
    for (i = 3; i + sizeof mark <= n && modules < VBA_MAX_MODULES; i++) {
        size_t len, k;
        int packed = p[i] == 0 && memcmp(p + i, mark, sizeof mark) == 0 &&
                     ((p[i - 1] >> 4) & 7) == 3;
        int raw = p[i] == 'A' && p[i - 2] == 0xFF && p[i - 1] == 0x3F &&
                  memcmp(p + i, mark + 1, sizeof mark - 1) == 0;
        if (p[i - 3] != 1 || (!packed && !raw))
            continue;
        modules++;
        len = ovba_decompress(p + i - 3, n - (i - 3), src, VBA_MAX_SOURCE);
        for (k = 0; k < LSC__COUNT(vba_auto) && !autorun; k++)
            autorun = vba_word(src, len, vba_auto[k]);
        for (k = 0; k < LSC__COUNT(vba_act) && !act; k++)
            act = vba_word(src, len, vba_act[k]);
        i += sizeof mark - 1;
    }
    lsc__free(&c->eng->al, src);
    if (autorun && act)
        *flags |= LSC_ATT_MACRO_RUNS;
    return 0;
}

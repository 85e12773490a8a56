/*
 * names.c - what an attachment's file name and types say.
 *
 * Takes: a file name (bytes as the part gave them), the declared type and
 * the kind the content was sniffed as.  Gives: the extensions, whether one
 * is on Gmail's blocked list, double extensions, hidden and right-to-left
 * characters (lsc__name_check, lsc__show_hidden), and the families of
 * extension, declared type and content with whether they disagree in a
 * way that misleads (lsc__attach_families).  Names are judged on their
 * first NAME_MAX_BYTES bytes.
 */
#include <stdio.h>

#include "attach/attach_scan.h"

#define NAME_MAX_BYTES 1024
/* Runs of spaces in a name longer than this push the real extension out
 * of sight ("invoice.pdf          .exe"). */
#define NAME_PAD_SPACES 4

/* ---- the blocked list and file names ---- */

/* Gmail's list of refused file types (support.google.com/mail/answer/6590). */
static const char *const blocked_exts[] = {
    "ade", "adp", "apk", "appx", "appxbundle", "bat", "cab", "chm", "cmd",
    "com", "cpl", "diagcab", "diagcfg", "diagpack", "dll", "dmg", "ex", "ex_",
    "exe", "hta", "img", "ins", "iso", "isp", "jar", "jnlp", "js", "jse",
    "lib", "lnk", "mde", "mdt", "msc", "msi", "msix", "msixbundle", "msp",
    "mst", "nsh", "pif", "ps1", "scr", "sct", "shb", "sys", "vb", "vbe",
    "vbs", "vhd", "vxd", "wsc", "wsf", "wsh", "xll"
};

/* Extensions people take for documents: a second extension after one of
 * these is the classic disguise. */
static const char *const doc_exts[] = {
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "rtf", "txt", "csv",
    "odt", "ods", "jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "mp3",
    "mp4", "wav", "avi", "mov", "zip", "rar", "eml", "msg"
};

/* Outer extensions that make such a disguise dangerous, besides the
 * blocked ones: pages and links that open in a browser. */
static const char *const risky_outer[] = {
    "html", "htm", "shtml", "xhtml", "svg", "url", "scf", "reg", "vbs",
    "wsf", "hta", "lnk"
};

static int in_list(const char *const *list, size_t n, const char *s)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return 1;
    return 0;
}

const char *lsc__blocked_ext(const char *ext)
{
    size_t i;
    for (i = 0; i < LSC__COUNT(blocked_exts); i++)
        if (strcmp(blocked_exts[i], ext) == 0)
            return blocked_exts[i];
    return NULL;
}

/* One UTF-8 sequence at p (n bytes left); -1 and *len 1 when invalid. */
static long utf8_next(const unsigned char *p, size_t n, size_t *len)
{
    unsigned char c0 = p[0];
    long cp;
    size_t k, need;
    if (c0 < 0x80) {
        *len = 1;
        return c0;
    }
    need = (c0 >> 5) == 6 ? 2 : (c0 >> 4) == 14 ? 3 : (c0 >> 3) == 30 ? 4 : 0;
    *len = 1;
    if (!need || need > n)
        return -1;
    cp = need == 2 ? (c0 & 0x1F) : need == 3 ? (c0 & 0x0F) : (c0 & 0x07);
    for (k = 1; k < need; k++) {
        if ((p[k] >> 6) != 2)
            return -1;
        cp = (cp << 6) | (p[k] & 0x3F);
    }
    *len = need;
    return cp;
}

static int is_bidi_override(long cp)
{
    return cp == 0x202D || cp == 0x202E || (cp >= 0x2066 && cp <= 0x2069) ||
           cp == 0x202A || cp == 0x202B || cp == 0x202C;
}

static int is_invisible(long cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
           cp == 0xAD || cp == 0x061C || cp == 0x180E ||
           (cp >= 0x200B && cp <= 0x200F) || is_bidi_override(cp) ||
           (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF || cp == 0x3164 ||
           cp == 0x115F || cp == 0x1160 || cp == 0xFFA0;
}

/* ext: [A-Za-z0-9_-]{1,15}, lower-cased into out. */
static int take_ext(const char *p, size_t n, char *out, size_t cap)
{
    size_t i;
    if (n == 0 || n >= cap)
        return 0;
    for (i = 0; i < n; i++) {
        char ch = p[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
              (ch >= '0' && ch <= '9') || ch == '_' || ch == '-'))
            return 0;
        out[i] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
    }
    out[n] = '\0';
    return 1;
}

void lsc__name_check(const char *name, size_t len, lsc__name_info *ni)
{
    const unsigned char *p = (const unsigned char *)name;
    size_t i, run = 0, end, dot, prev;
    memset(ni, 0, sizeof *ni);
    if (!name)
        return;
    if (len > NAME_MAX_BYTES)
        len = NAME_MAX_BYTES;
    for (i = 0; i < len;) {
        size_t l;
        long cp = utf8_next(p + i, len - i, &l);
        if (cp == ' ') {
            if (++run >= NAME_PAD_SPACES)
                ni->flags |= LSC_ATT_HIDDEN_CHARS;
        } else {
            run = 0;
        }
        if (cp >= 0 && is_invisible(cp))
            ni->flags |= LSC_ATT_HIDDEN_CHARS;
        if (cp >= 0 && is_bidi_override(cp))
            ni->flags |= LSC_ATT_RTL_OVERRIDE;
        i += l;
    }
    /* Windows drops trailing dots and spaces: "a.exe. " runs as a.exe. */
    end = len;
    while (end && (name[end - 1] == '.' || name[end - 1] == ' '))
        end--;
    for (dot = end; dot > 0 && name[dot - 1] != '.'; dot--)
        ;
    if (dot <= 1 || !take_ext(name + dot, end - dot, ni->ext, sizeof ni->ext)) {
        ni->ext[0] = '\0';
        return;
    }
    ni->blocked = lsc__blocked_ext(ni->ext);
    if (ni->blocked)
        ni->flags |= LSC_ATT_BLOCKED_NAME;
    /* The extension before: "invoice.pdf   .exe" counts as pdf.exe. */
    end = dot - 1;
    while (end && name[end - 1] == ' ')
        end--;
    for (prev = end; prev > 0 && name[prev - 1] != '.'; prev--)
        ;
    if (prev > 1 &&
        take_ext(name + prev, end - prev, ni->inner, sizeof ni->inner)) {
        if (strcmp(ni->inner, ni->ext) != 0 &&
            in_list(doc_exts, LSC__COUNT(doc_exts), ni->inner) &&
            (ni->blocked ||
             in_list(risky_outer, LSC__COUNT(risky_outer), ni->ext)))
            ni->flags |= LSC_ATT_DOUBLE_EXT;
    } else {
        ni->inner[0] = '\0';
    }
}

char *lsc__show_hidden(lsc__arena *ar, const char *name, size_t len)
{
    lsc__buf b;
    size_t i;
    lsc__buf_init(&b, ar);
    for (i = 0; i < len;) {
        size_t l;
        long cp = utf8_next((const unsigned char *)name + i, len - i, &l);
        if (cp < 0) {
            lsc__buf_append(&b, "<?>", 3);
        } else if (is_invisible(cp)) {
            char tmp[16];
            int k = snprintf(tmp, sizeof tmp, "<U+%04lX>", cp);
            lsc__buf_append(&b, tmp, (size_t)k);
        } else {
            lsc__buf_append(&b, name + i, l);
        }
        i += l;
    }
    return lsc__buf_finish(&b);
}

/* ---- types and families ---- */

typedef enum fam {
    FAM_NONE = 0, FAM_PDF, FAM_IMAGE, FAM_AUDIO, FAM_VIDEO, FAM_TEXT,
    FAM_HTML, FAM_ZIP, FAM_OLE, FAM_ARCHIVE, FAM_EXEC, FAM_RTF
} fam;

static const char *const fam_names[] = {
    "unknown", "PDF", "image", "audio", "video", "text", "HTML",
    "zip/Office", "Office 97-2003", "archive", "program", "RTF"
};

static const struct { const char *ext; fam f; } ext_fams[] = {
    { "pdf", FAM_PDF },
    { "jpg", FAM_IMAGE }, { "jpeg", FAM_IMAGE }, { "jpe", FAM_IMAGE },
    { "png", FAM_IMAGE }, { "gif", FAM_IMAGE }, { "bmp", FAM_IMAGE },
    { "tif", FAM_IMAGE }, { "tiff", FAM_IMAGE }, { "webp", FAM_IMAGE },
    { "heic", FAM_IMAGE }, { "heif", FAM_IMAGE }, { "ico", FAM_IMAGE },
    { "mp3", FAM_AUDIO }, { "wav", FAM_AUDIO }, { "m4a", FAM_AUDIO },
    { "ogg", FAM_AUDIO }, { "flac", FAM_AUDIO }, { "amr", FAM_AUDIO },
    { "mp4", FAM_VIDEO }, { "mov", FAM_VIDEO }, { "avi", FAM_VIDEO },
    { "mkv", FAM_VIDEO }, { "webm", FAM_VIDEO }, { "wmv", FAM_VIDEO },
    { "txt", FAM_TEXT }, { "csv", FAM_TEXT }, { "log", FAM_TEXT },
    { "ics", FAM_TEXT }, { "vcf", FAM_TEXT }, { "xml", FAM_TEXT },
    { "json", FAM_TEXT }, { "md", FAM_TEXT }, { "eml", FAM_TEXT },
    { "html", FAM_HTML }, { "htm", FAM_HTML }, { "rtf", FAM_RTF },
    { "docx", FAM_ZIP }, { "xlsx", FAM_ZIP }, { "pptx", FAM_ZIP },
    { "docm", FAM_ZIP }, { "xlsm", FAM_ZIP }, { "pptm", FAM_ZIP },
    { "dotx", FAM_ZIP }, { "dotm", FAM_ZIP }, { "xltx", FAM_ZIP },
    { "xltm", FAM_ZIP }, { "potx", FAM_ZIP }, { "potm", FAM_ZIP },
    { "ppsx", FAM_ZIP }, { "ppsm", FAM_ZIP }, { "xlam", FAM_ZIP },
    { "xlsb", FAM_ZIP }, { "odt", FAM_ZIP }, { "ods", FAM_ZIP },
    { "odp", FAM_ZIP }, { "epub", FAM_ZIP }, { "zip", FAM_ZIP },
    { "jar", FAM_ZIP }, { "apk", FAM_ZIP },
    { "doc", FAM_OLE }, { "xls", FAM_OLE }, { "ppt", FAM_OLE },
    { "msg", FAM_OLE }, { "dot", FAM_OLE }, { "xlt", FAM_OLE },
    { "pps", FAM_OLE }, { "msi", FAM_OLE }, { "vsd", FAM_OLE },
    { "pub", FAM_OLE },
    { "rar", FAM_ARCHIVE }, { "7z", FAM_ARCHIVE }, { "tar", FAM_ARCHIVE },
    { "gz", FAM_ARCHIVE }, { "tgz", FAM_ARCHIVE }, { "bz2", FAM_ARCHIVE },
    { "xz", FAM_ARCHIVE }, { "zst", FAM_ARCHIVE }, { "cab", FAM_ARCHIVE },
    { "iso", FAM_ARCHIVE },
    { "exe", FAM_EXEC }, { "dll", FAM_EXEC }, { "scr", FAM_EXEC },
    { "sys", FAM_EXEC }, { "cpl", FAM_EXEC }, { "ocx", FAM_EXEC },
    { "pif", FAM_EXEC }, { "com", FAM_EXEC }
};

static fam fam_of_ext(const char *ext)
{
    size_t i;
    if (!ext || !*ext)
        return FAM_NONE;
    for (i = 0; i < LSC__COUNT(ext_fams); i++)
        if (strcmp(ext_fams[i].ext, ext) == 0)
            return ext_fams[i].f;
    return FAM_NONE;
}

int lsc__attach_starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* A MIME type (lower case) to a family; FAM_NONE for generic types. */
static fam fam_of_type(const char *t)
{
    if (!t || !*t)
        return FAM_NONE;
    if (strcmp(t, "application/pdf") == 0 || strcmp(t, "application/x-pdf") == 0)
        return FAM_PDF;
    if (lsc__attach_starts(t, "image/"))
        return FAM_IMAGE;
    if (lsc__attach_starts(t, "audio/"))
        return FAM_AUDIO;
    if (lsc__attach_starts(t, "video/"))
        return FAM_VIDEO;
    if (strcmp(t, "text/html") == 0 || strcmp(t, "application/xhtml+xml") == 0)
        return FAM_HTML;
    if (strcmp(t, "text/rtf") == 0 || strcmp(t, "application/rtf") == 0)
        return FAM_RTF;
    if (lsc__attach_starts(t, "text/") || strcmp(t, "application/json") == 0 ||
        strcmp(t, "application/xml") == 0 || strcmp(t, "message/rfc822") == 0)
        return FAM_TEXT;
    if (strcmp(t, "application/zip") == 0 ||
        strcmp(t, "application/x-zip-compressed") == 0 ||
        strstr(t, "openxmlformats") || strstr(t, "macroenabled") ||
        strstr(t, "opendocument") || strcmp(t, "application/java-archive") == 0 ||
        strcmp(t, "application/vnd.android.package-archive") == 0 ||
        strcmp(t, "application/epub+zip") == 0)
        return FAM_ZIP;
    if (strcmp(t, "application/msword") == 0 ||
        strcmp(t, "application/vnd.ms-excel") == 0 ||
        strcmp(t, "application/vnd.ms-powerpoint") == 0 ||
        strcmp(t, "application/vnd.ms-outlook") == 0 ||
        strcmp(t, "application/x-ole-storage") == 0 ||
        strcmp(t, "application/cdfv2") == 0 ||
        strcmp(t, "application/x-msi") == 0 ||
        strcmp(t, "application/vnd.ms-office") == 0 ||
        strcmp(t, "application/vnd.visio") == 0)
        return FAM_OLE;
    if (strcmp(t, "application/x-dosexec") == 0 ||
        strcmp(t, "application/vnd.microsoft.portable-executable") == 0 ||
        strcmp(t, "application/x-msdownload") == 0 ||
        strcmp(t, "application/x-executable") == 0 ||
        strcmp(t, "application/x-sharedlib") == 0 ||
        strcmp(t, "application/x-pie-executable") == 0 ||
        strcmp(t, "application/x-mach-binary") == 0 ||
        strcmp(t, "application/x-elf") == 0)
        return FAM_EXEC;
    if (strcmp(t, "application/x-rar") == 0 ||
        strcmp(t, "application/vnd.rar") == 0 ||
        strcmp(t, "application/x-rar-compressed") == 0 ||
        strcmp(t, "application/x-7z-compressed") == 0 ||
        strcmp(t, "application/x-tar") == 0 || strcmp(t, "application/gzip") == 0 ||
        strcmp(t, "application/x-gzip") == 0 ||
        strcmp(t, "application/x-bzip2") == 0 ||
        strcmp(t, "application/x-xz") == 0 || strcmp(t, "application/zstd") == 0 ||
        strcmp(t, "application/vnd.ms-cab-compressed") == 0 ||
        strcmp(t, "application/x-iso9660-image") == 0)
        return FAM_ARCHIVE;
    return FAM_NONE;
}

static fam fam_of_kind(lsc__kind k)
{
    switch (k) {
    case LSC__KIND_PE: case LSC__KIND_ELF: case LSC__KIND_MACHO:
        return FAM_EXEC;
    case LSC__KIND_ZIP: case LSC__KIND_OOXML: case LSC__KIND_ODF:
    case LSC__KIND_JAR: case LSC__KIND_APK:
        return FAM_ZIP;
    case LSC__KIND_RAR: case LSC__KIND_7Z: case LSC__KIND_GZIP:
    case LSC__KIND_BZIP2: case LSC__KIND_XZ: case LSC__KIND_ZSTD:
    case LSC__KIND_TAR: case LSC__KIND_CAB: case LSC__KIND_ISO:
        return FAM_ARCHIVE;
    case LSC__KIND_OLE: case LSC__KIND_MSI:
        return FAM_OLE;
    case LSC__KIND_PDF:
        return FAM_PDF;
    case LSC__KIND_JPEG: case LSC__KIND_PNG: case LSC__KIND_GIF:
        return FAM_IMAGE;
    case LSC__KIND_TEXT:
        return FAM_TEXT;
    case LSC__KIND_HTML:
        return FAM_HTML;
    case LSC__KIND_RTF:
        return FAM_RTF;
    default:
        return FAM_NONE;
    }
}

/* Families that may stand for each other without anyone being misled. */
static int fam_compatible(fam a, fam b)
{
    if (a == FAM_NONE || b == FAM_NONE || a == b)
        return 1;
    if ((a == FAM_TEXT && (b == FAM_HTML || b == FAM_RTF)) ||
        (b == FAM_TEXT && (a == FAM_HTML || a == FAM_RTF)))
        return 1;
    /* .doc that is really .docx and the like: Office opens both. */
    if ((a == FAM_ZIP && b == FAM_OLE) || (a == FAM_OLE && b == FAM_ZIP))
        return 1;
    /* Mail clients declare .rtf as application/msword; Word opens both. */
    if ((a == FAM_RTF && (b == FAM_OLE || b == FAM_ZIP)) ||
        (b == FAM_RTF && (a == FAM_OLE || a == FAM_ZIP)))
        return 1;
    /* .svg is text/xml by content. */
    if ((a == FAM_IMAGE && b == FAM_TEXT) || (a == FAM_TEXT && b == FAM_IMAGE))
        return 1;
    return 0;
}

/* Declared types that say nothing about the content. */
static int generic_type(const char *t)
{
    return !t || !*t || strcmp(t, "application/octet-stream") == 0 ||
           strcmp(t, "application/x-download") == 0 ||
           strcmp(t, "application/force-download") == 0 ||
           strcmp(t, "application/download") == 0 ||
           strcmp(t, "binary/octet-stream") == 0 ||
           strcmp(t, "application/unknown") == 0 ||
           strcmp(t, "application/binary") == 0;
}

/* Families of extension, declared type and content for the evidence and
 * the mismatch rule.  Content comes from libmagic when it said something
 * specific, else from the sniffer. */
int lsc__attach_families(const lsc__attach *a, const char **ext_fam,
                         const char **decl_fam, const char **real_fam)
{
    fam fe = fam_of_ext(a->pub.extension);
    fam fd = generic_type(a->pub.declared_type) ? FAM_NONE
           : fam_of_type(a->pub.declared_type);
    fam fr = fam_of_kind(a->kind);
    fam fm = fam_of_type(a->pub.real_type);
    if (fr == FAM_NONE || (fm != FAM_NONE && fr != FAM_EXEC))
        fr = fm;
    *ext_fam = fam_names[fe];
    *decl_fam = fam_names[fd];
    *real_fam = fam_names[fr];
    /* A program in disguise disagrees with everything but a program. */
    if (fr == FAM_EXEC && fe != FAM_EXEC && fe != FAM_NONE)
        return 1;
    if (fr == FAM_EXEC && fd != FAM_EXEC && fd != FAM_NONE)
        return 1;
    return !fam_compatible(fe, fd) || !fam_compatible(fe, fr) ||
           !fam_compatible(fd, fr);
}

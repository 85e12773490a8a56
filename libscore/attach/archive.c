/*
 * archive.c - what an archive attachment holds, with libarchive.
 *
 * Takes: an attachment's decoded bytes whose kind is an archive (zip, rar,
 * 7z, tar, gzip, bzip2, xz, zstd, cab, iso).  Gives: its entries at every
 * depth (name, path, size, flags) in the attachment's entry list, and the
 * attachment flags they imply: blocked files inside, encryption, macros,
 * archives in archives, active PDFs, and the limits reached.
 *
 * Limits (lsc_limits): max_archive_entries headers read per attachment
 * over all depths; max_archive_depth levels opened; max_archive_bytes
 * uncompressed bytes, counted both as the entries declare them and as
 * read.  Going over max_archive_bytes marks a bomb and stops the listing:
 * no more is decompressed, so a zip bomb costs at most that many bytes.
 * An entry is read whole only when it must be opened (archives, OLE, PDF);
 * otherwise LSC__ENTRY_SNIFF_BYTES tell its kind.  libarchive reads from
 * memory only and never runs outside programs (see the filter probe in
 * attach.c).
 */
#include <archive.h>
#include <archive_entry.h>

#include "attach/attach_scan.h"

#define PATH_SEP " > "
/* However deep max_archive_depth is set, archives are opened at most this
 * many levels down: a zip that contains itself (a zip quine) would
 * otherwise recurse as deep as the option allows. */
#define ARCHIVE_DEPTH_CAP 64


static int is_compressor(lsc__kind k)
{
    return k == LSC__KIND_GZIP || k == LSC__KIND_BZIP2 || k == LSC__KIND_XZ ||
           k == LSC__KIND_ZSTD;
}

static const char *base_name(const char *name)
{
    const char *b = name, *q;
    for (q = name; *q; q++)
        if ((*q == '/' || *q == '\\') && q[1])
            b = q + 1;
    return b;
}

/* Names are bytes as stored; keep them valid UTF-8 for the caller (no
 * overlong forms, surrogates or code points past U+10FFFF): every other
 * byte becomes '?'. */
static char *clean_name(lsc__arena *ar, const char *s)
{
    size_t n = strlen(s), i = 0;
    char *out = lsc__arena_strndup(ar, s, n);
    if (!out)
        return NULL;
    while (i < n) {
        const unsigned char *q = (const unsigned char *)out + i;
        unsigned long cp;
        size_t len = q[0] < 0x80 ? 1 : (q[0] >> 5) == 6 ? 2
                   : (q[0] >> 4) == 14 ? 3 : (q[0] >> 3) == 30 ? 4 : 0;
        size_t k;
        int ok = len != 0 && i + len <= n;
        cp = len == 1 ? q[0] : len == 2 ? (q[0] & 0x1Fu)
           : len == 3 ? (q[0] & 0x0Fu) : (q[0] & 0x07u);
        for (k = 1; ok && k < len; k++) {
            ok = (q[k] >> 6) == 2;
            cp = (cp << 6) | (q[k] & 0x3Fu);
        }
        if (ok && len > 1)
            ok = (len == 2 && cp >= 0x80) ||
                 (len == 3 && cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) ||
                 (len == 4 && cp >= 0x10000 && cp <= 0x10FFFF);
        if (!ok) {
            out[i++] = '?';
            continue;
        }
        i += len;
    }
    return out;
}

static int list(lsc__arscan *s, const unsigned char *p, size_t n, lsc__kind kind,
                unsigned depth, size_t parent, const char *prefix,
                const char *raw_name, lsc__kind *refined, unsigned *found);

/* What to do with one entry once its header is read. */
static int entry(lsc__arscan *s, struct archive *ar, struct archive_entry *ae,
                 int raw, unsigned depth, size_t parent, const char *prefix,
                 const char *raw_name, unsigned *found, int *content_types,
                 int *manifest, int *android)
{
    lsc__ctx *c = s->c;
    const lsc_limits *lim = &c->eng->limits;
    const char *name = NULL;
    lsc_archive_entry *e;
    size_t idx;
    lsc__name_info ni;
    lsc__hbuf b;
    int eof = 0, bad = 0, rc = 0;
    size_t got;
    lsc__kind kind;
    unsigned f = 0;

    if (raw)
        name = raw_name;
    if (!name)
        name = archive_entry_pathname_utf8(ae);
    if (!name)
        name = archive_entry_pathname(ae);
    if (!name)
        name = "?";
    e = lsc__vec_push(&s->a->entries, c->ar);
    if (!e)
        return LSC_ENOMEM;
    idx = s->a->entries.n - 1;
    e->name = clean_name(c->ar, name);
    if (!e->name)
        return LSC_ENOMEM;
    e->path = lsc__arena_printf(c->ar, "%s" PATH_SEP "%s", prefix, e->name);
    if (!e->path)
        return LSC_ENOMEM;
    e->depth = depth;
    e->parent = parent;

    if (lsc__casecmp(e->name, "[Content_Types].xml") == 0)
        *content_types = 1;
    if (lsc__casecmp(e->name, "META-INF/MANIFEST.MF") == 0)
        *manifest = 1;
    if (lsc__casecmp(e->name, "AndroidManifest.xml") == 0)
        *android = 1;
    {
        const char *bn = base_name(e->name);
        /* OOXML keeps VBA in vbaProject.bin, Excel 4 macros in macrosheets. */
        if (lsc__casecmp(bn, "vbaProject.bin") == 0 ||
            strstr(e->name, "/macrosheets/") != NULL)
            f |= LSC_ATT_MACRO;
        lsc__name_check(bn, strlen(bn), &ni);
        f |= ni.flags;
    }
    if (archive_entry_size_is_set(ae) && archive_entry_size(ae) > 0) {
        e->size = (uint64_t)archive_entry_size(ae);
        s->declared += e->size;
        if (s->declared > lim->max_archive_bytes) {
            s->a->pub.flags |= LSC_ATT_ARCHIVE_BOMB;
            f |= LSC_ATT_ARCHIVE_BOMB;
            s->stop = 1;
        }
    }
    if (archive_entry_is_encrypted(ae)) {
        f |= LSC_ATT_ENCRYPTED;
        /* the password hides the VBA project, not the name that says
         * there is one (a .docm in an encrypted zip) */
        if (lsc__macro_ext(ni.ext))
            f |= LSC_ATT_MACRO;
    }

    lsc__hbuf_init(&b, &c->eng->al);
    if (!s->stop && !(f & LSC_ATT_ENCRYPTED)) {
        rc = lsc__archive_read_entry(s, ar, &b, LSC__ENTRY_SNIFF_BYTES, &eof, &bad);
        if (rc != 0)
            goto done;
        kind = lsc__sniff((const unsigned char *)b.p, b.len,
                          eof ? b.len : (size_t)-1);
        if (kind == LSC__KIND_TEXT &&
            (strcmp(ni.ext, "rels") == 0 || strcmp(ni.ext, "csv") == 0)) {
            /* an OOXML part's relationships, a zipped CSV: read whole */
            if (!eof && !s->stop)
                rc = lsc__archive_read_entry(s, ar, &b, LSC__ACTIVE_MAX_BYTES,
                                             &eof, &bad);
            if (rc != 0)
                goto done;
            f |= ni.ext[0] == 'r'
                ? lsc__rels_scan((const unsigned char *)b.p, b.len)
                : lsc__formula_scan((const unsigned char *)b.p, b.len);
        }
        if (kind == LSC__KIND_PE || kind == LSC__KIND_ELF ||
            kind == LSC__KIND_MACHO)
            f |= LSC_ATT_EXECUTABLE;
        if (lsc__kind_is_blocked(kind))
            f |= LSC_ATT_BLOCKED_CONTENT;
        if (lsc__kind_is_archive(kind) &&
            (depth + 1 > lim->max_archive_depth ||
             depth + 1 > ARCHIVE_DEPTH_CAP)) {
            /* Too deep to open: say so rather than guess. */
            f |= LSC_ATT_ARCHIVE | LSC_ATT_ARCHIVE_LIMIT;
        } else if (lsc__kind_is_archive(kind) || kind == LSC__KIND_OLE ||
                   kind == LSC__KIND_PDF || raw) {
            /* A bare .gz declares no size: reading it is the only way to
             * tell a gzip bomb, and the byte budget bounds the cost. */
            if (!eof && !s->stop)
                rc = lsc__archive_read_entry(s, ar, &b, SIZE_MAX, &eof, &bad);
            if (rc != 0)
                goto done;
            if (s->stop || !eof) {
                f |= s->stop ? LSC_ATT_ARCHIVE_BOMB : LSC_ATT_DAMAGED;
            } else if (kind == LSC__KIND_OLE) {
                lsc__kind k2 = kind;
                f |= lsc__ole_scan((const unsigned char *)b.p, b.len, &k2) &
                     (LSC_ATT_MACRO | LSC_ATT_ENCRYPTED);
                if ((f & LSC_ATT_MACRO) &&
                    (rc = lsc__vba_scan(s->c, (const unsigned char *)b.p, b.len,
                                        &f)) != 0)
                    goto done;
                if (lsc__kind_is_blocked(k2))
                    f |= LSC_ATT_BLOCKED_CONTENT;
            } else if (kind == LSC__KIND_PDF) {
                rc = lsc__pdf_scan(s->c, (const unsigned char *)b.p, b.len, &f);
                if (rc != 0)
                    goto done;
            } else if (lsc__kind_is_archive(kind)) {
                lsc__kind inner = kind;
                unsigned below = 0;
                char *stem = NULL;
                if (kind == LSC__KIND_GZIP || kind == LSC__KIND_BZIP2 ||
                    kind == LSC__KIND_XZ || kind == LSC__KIND_ZSTD) {
                    /* "a.csv.gz" holds "a.csv". */
                    const char *bn = base_name(e->name);
                    const char *dot = strrchr(bn, '.');
                    stem = lsc__arena_strndup(c->ar, bn, dot && dot != bn
                                              ? (size_t)(dot - bn) : strlen(bn));
                    if (!stem) {
                        rc = LSC_ENOMEM;
                        goto done;
                    }
                }
                rc = list(s, (const unsigned char *)b.p, b.len, kind,
                          depth + 1, idx, e->path, stem, &inner, &below);
                if (rc != 0)
                    goto done;
                f |= below;
                if (lsc__kind_is_blocked(inner))
                    f |= LSC_ATT_BLOCKED_CONTENT;
                if (inner != LSC__KIND_OOXML && inner != LSC__KIND_ODF &&
                    inner != LSC__KIND_JAR && inner != LSC__KIND_APK)
                    f |= LSC_ATT_ARCHIVE;
            }
        }
        if (bad)
            f |= LSC_ATT_DAMAGED;
    }
done:
    got = b.len;
    lsc__hbuf_free(&b);
    if (rc != 0)
        return rc;
    if (f & (LSC_ATT_BLOCKED_NAME | LSC_ATT_BLOCKED_CONTENT))
        f |= LSC_ATT_BLOCKED;
    /* e may have moved while the listing below grew the vector. */
    e = &LSC__VEC_AT(&s->a->entries, lsc_archive_entry, idx);
    e->flags |= f;
    if (!e->size && eof)
        e->size = got;  /* read whole: its real size */
    *found |= f;
    return 0;
}

static int list(lsc__arscan *s, const unsigned char *p, size_t n, lsc__kind kind,
                unsigned depth, size_t parent, const char *prefix,
                const char *raw_name, lsc__kind *refined, unsigned *found)
{
    struct archive *ar;
    struct archive_entry *ae;
    int content_types = 0, manifest = 0, android = 0, rc = 0;
    int raw;

    raw = 0;
    if (is_compressor(kind)) {
        /* A compressed tar, or one compressed file?  libarchive's tar
         * reader takes zeros for an empty archive, so a gzip of zeros
         * (the usual gzip bomb) would list as nothing: look first. */
        unsigned char head[512];
        la_ssize_t got = 0;
        ar = lsc__archive_open_reader(s, 1, p, n);
        if (!ar)
            return LSC_ENOMEM;
        if (archive_read_next_header(ar, &ae) == ARCHIVE_OK)
            got = archive_read_data(ar, head, sizeof head);
        archive_read_free(ar);
        raw = !(got == (la_ssize_t)sizeof head &&
                memcmp(head + 257, "ustar", 5) == 0);
    }
    ar = lsc__archive_open_reader(s, raw, p, n);
    if (!ar)
        return LSC_ENOMEM;
    for (;;) {
        int r;
        if (s->stop)
            break;
        r = archive_read_next_header(ar, &ae);
        if (r == ARCHIVE_EOF)
            break;
        if (r == ARCHIVE_FATAL || r == ARCHIVE_RETRY) {
            const char *msg = archive_error_string(ar);
            /* Not archive_read_has_encrypted_entries(): libarchive 3.6
             * crashes in it when no format was recognised. */
            if (msg && strstr(msg, "ncrypt"))
                *found |= LSC_ATT_ENCRYPTED;
            else
                *found |= LSC_ATT_DAMAGED;
            break;
        }
        if (s->entries_left == 0) {
            *found |= LSC_ATT_ARCHIVE_LIMIT;
            break;
        }
        s->entries_left--;
        if (archive_entry_filetype(ae) == AE_IFDIR)
            continue;
        if (r == ARCHIVE_FAILED) {
            *found |= LSC_ATT_DAMAGED;
            continue;
        }
        rc = entry(s, ar, ae, raw, depth, parent, prefix, raw_name, found,
                   &content_types, &manifest, &android);
        if (rc != 0)
            break;
    }
    archive_read_free(ar);
    if (rc != 0)
        return rc;
    if (kind == LSC__KIND_ZIP) {
        if (content_types)
            *refined = LSC__KIND_OOXML;
        else if (android)
            *refined = LSC__KIND_APK;
        else if (manifest)
            *refined = LSC__KIND_JAR;
    }
    if (s->stop)
        *found |= LSC_ATT_ARCHIVE_BOMB;
    return 0;
}

int lsc__archive_scan(lsc__ctx *c, lsc__attach *a, const unsigned char *data,
                      size_t len)
{
    lsc__arscan s;
    unsigned found = 0;
    lsc__kind refined = a->kind;
    const char *prefix = a->pub.filename ? a->pub.filename : "(attachment)";
    char *stem = NULL;
    size_t i;
    uint64_t total = 0;
    int rc;

    memset(&s, 0, sizeof s);
    s.c = c;
    s.a = a;
    s.budget = c->eng->limits.max_archive_bytes;
    s.entries_left = c->eng->limits.max_archive_entries;
    s.filters = c->eng->attach ? c->eng->attach->filters : 0;
    if (a->kind == LSC__KIND_GZIP || a->kind == LSC__KIND_BZIP2 ||
        a->kind == LSC__KIND_XZ || a->kind == LSC__KIND_ZSTD) {
        const char *bn = base_name(prefix);
        const char *dot = strrchr(bn, '.');
        stem = lsc__arena_strndup(c->ar, bn, dot && dot != bn
                                  ? (size_t)(dot - bn) : strlen(bn));
        if (!stem)
            return LSC_ENOMEM;
    }
    lsc__vec_init(&a->entries, sizeof(lsc_archive_entry));
    rc = list(&s, data, len, a->kind, 1, LSC__NONE, prefix, stem, &refined,
              &found);
    if (rc != 0)
        return rc;
    a->kind = refined;
    a->pub.flags |= found & (LSC_ATT_MACRO | LSC_ATT_ENCRYPTED |
                             LSC_ATT_REMOTE_CONTENT | LSC_ATT_FORMULA_CMD |
                             LSC_ATT_MACRO_RUNS |
                             LSC_ATT_PDF_JS | LSC_ATT_PDF_LAUNCH |
                             LSC_ATT_PDF_AUTO_JS | LSC_ATT_ARCHIVE_BOMB |
                             LSC_ATT_ARCHIVE_LIMIT | LSC_ATT_DAMAGED);
    if (found & LSC_ATT_BLOCKED)
        a->pub.flags |= LSC_ATT_BLOCKED | LSC_ATT_BLOCKED_INSIDE;
    for (i = 0; i < a->entries.n; i++) {
        const lsc_archive_entry *e =
            &LSC__VEC_AT(&a->entries, lsc_archive_entry, i);
        if (e->flags & LSC_ATT_ARCHIVE)
            a->pub.flags |= LSC_ATT_NESTED_ARCHIVE;
        total += e->size;
    }
    a->pub.entries = a->entries.items;
    a->pub.n_entries = a->entries.n;
    a->pub.archive_bytes = total;
    return 0;
}


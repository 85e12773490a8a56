/*
 * attach.c - the attachments stage: what every non-text leaf really is.
 *
 * Takes: the decoded leaves (mime.c, decode.c).  Gives: for every leaf
 * that is not body text (attachments and inline images, ...), an
 * lsc_attachment with its name, extensions, declared type, the real type
 * by content (libmagic), sizes, and flags (blocked types, double
 * extensions, hidden characters, type disagreement, archives and what
 * they hold, macros, encryption, active PDFs); and for the message, the
 * smallest size limit among the recipients' providers.
 *
 * libmagic: the compiled database is read into memory once per engine;
 * each scoring call that meets a binary leaf opens its own handle over
 * that buffer and closes it at the end of the stage, so the engine stays
 * immutable and shareable.  Measured (tests/bench/bench_attach.c and a
 * micro-benchmark): magic_open + magic_load_buffers take 3-20 us (120 us
 * on a loaded machine), a call 10 us (PNG) to 1.4 ms (64 KiB of random
 * bytes), and the first call on a fresh handle about 120 us more than the
 * next.  That warm-up, once per message with binary attachments, is the
 * whole price of not caching handles: too little to justify one.  Should
 * it matter, the cache belongs to a caller-owned per-thread object (an
 * lsc_scratch made by lsc_scratch_new(engine) and passed in
 * lsc_score_options) holding a magic_t made on first use; not a global.
 * Only the first LSC__SNIFF_BYTES of a file are given to libmagic, checks
 * that cannot change a MIME type for us are off, and it is never run on
 * body text nor on files whose first 4 KiB are text (those get
 * text/plain, text/html or text/rtf from the sniffer: libmagic's text
 * checks cost 1-2 ms a call).
 * Limits: max_parts bounds the leaves; archive limits are in archive.c,
 * file-name limits in names.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <archive.h>
#include <magic.h>

#include "attach/attach_scan.h"
#include "attach/attach.h"

#define MAGIC_DB_MAX_BYTES ((size_t)64 * 1024 * 1024)

uint64_t lsc__now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- engine: magic database and libarchive filters ---- */

/* The compiled database, mapped rather than read: libmagic reads it in
 * place, only the pages its tests touch are ever loaded, and nothing is
 * copied (reading 8 MB through a growing buffer was a third of an
 * engine's start).  Private and writable, because libmagic swaps the
 * byte order of a database written on another machine in place. */
static int read_db(lsc__attach_engine *ae, const char *path)
{
    struct stat st;
    void *m;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
        (uint64_t)st.st_size > MAGIC_DB_MAX_BYTES) {
        close(fd);
        return -1;
    }
    m = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_PRIVATE,
             fd, 0);
    close(fd);
    if (m == MAP_FAILED)
        return errno == ENOMEM ? LSC_ENOMEM : -1;
    ae->magic_buf = m;
    ae->magic_len = (size_t)st.st_size;
    return 0;
}

static void unmap_db(lsc__attach_engine *ae)
{
    if (ae->magic_buf)
        munmap(ae->magic_buf, ae->magic_len);
    ae->magic_buf = NULL;
    ae->magic_len = 0;
}

static int magic_flags(void)
{
    /* Decompressing, ELF details, OS/2 app types, troff tokens and JSON
     * parsing never change the MIME type we compare. */
    return MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_ELF |
           MAGIC_NO_CHECK_APPTYPE | MAGIC_NO_CHECK_TOKENS |
           MAGIC_NO_CHECK_JSON | MAGIC_NO_COMPRESS_FORK;
}

static magic_t magic_handle(const lsc__attach_engine *ae)
{
    void *bufs[1];
    size_t sizes[1];
    magic_t m;
    if (!ae || !ae->magic_buf)
        return NULL;
    m = magic_open(magic_flags());
    if (!m)
        return NULL;
    bufs[0] = ae->magic_buf;
    sizes[0] = ae->magic_len;
    if (magic_load_buffers(m, bufs, sizes, 1) != 0) {
        magic_close(m);
        return NULL;
    }
    {
        size_t v = LSC__SNIFF_BYTES;
        magic_setparam(m, MAGIC_PARAM_BYTES_MAX, &v);
    }
    return m;
}

static int load_magic(lsc__attach_engine *ae)
{
    static const char *const fixed[] = {
        "/usr/lib/file/magic.mgc", "/usr/share/misc/magic.mgc",
        "/usr/share/file/magic.mgc", "/usr/local/share/misc/magic.mgc"
    };
    const char *paths = magic_getpath(NULL, 0);
    size_t i;
    /* magic_getpath gives "a:b" source paths; their .mgc are compiled. */
    if (paths) {
        const char *p = paths;
        while (*p) {
            const char *colon = strchr(p, ':');
            size_t n = colon ? (size_t)(colon - p) : strlen(p);
            char path[4096];
            int rc;
            if (n && n < sizeof path - 8) {
                if (n > 4 && memcmp(p + n - 4, ".mgc", 4) == 0)
                    snprintf(path, sizeof path, "%.*s", (int)n, p);
                else
                    snprintf(path, sizeof path, "%.*s.mgc", (int)n, p);
                rc = read_db(ae, path);
                if (rc == LSC_ENOMEM)
                    return rc;
                if (rc == 0)
                    return 0;
            }
            p += n + (colon ? 1 : 0);
        }
    }
    for (i = 0; i < LSC__COUNT(fixed); i++) {
        int rc = read_db(ae, fixed[i]);
        if (rc <= 0 && rc != -1)
            return rc;
    }
    return -1;
}

static unsigned probe_filters(void)
{
    static const struct {
        int (*fn)(struct archive *);
        unsigned bit;
    } f[] = {
        { archive_read_support_filter_gzip, LSC__FILTER_GZIP },
        { archive_read_support_filter_bzip2, LSC__FILTER_BZIP2 },
        { archive_read_support_filter_xz, LSC__FILTER_XZ },
        { archive_read_support_filter_lzma, LSC__FILTER_LZMA },
        { archive_read_support_filter_zstd, LSC__FILTER_ZSTD },
    };
    unsigned ok = 0;
    size_t i;
    /* ARCHIVE_WARN means "will run an outside program": not for us. */
    for (i = 0; i < LSC__COUNT(f); i++) {
        struct archive *a = archive_read_new();
        if (!a)
            break;
        if (f[i].fn(a) == ARCHIVE_OK)
            ok |= f[i].bit;
        archive_read_free(a);
    }
    return ok;
}

int lsc__attach_engine_new(lsc_engine *e, lsc_error *err)
{
    lsc__attach_engine *ae = lsc__calloc(&e->al, 1, sizeof *ae);
    if (!ae)
        return lsc__error(err, LSC_ENOMEM, "lsc_engine_new", "out of memory");
    e->attach = ae;
    if (!(e->flags & LSC_OPT_NO_MAGIC)) {
        /* Without a database, real types stay unknown and the sniffer
         * alone judges content: weaker, not an error. */
        int rc = load_magic(ae);
        if (rc == LSC_ENOMEM)
            return lsc__error(err, LSC_ENOMEM, "lsc_engine_new",
                              "out of memory");
        if (rc == 0) {
            magic_t m = magic_handle(ae);
            if (m) {
                magic_close(m);
            } else {
                unmap_db(ae);
            }
        }
    }
    if (!(e->flags & LSC_OPT_NO_ARCHIVES))
        ae->filters = probe_filters();
    return 0;
}

void lsc__attach_engine_free(lsc_engine *e)
{
    if (!e || !e->attach)
        return;
    unmap_db(e->attach);
    lsc__free(&e->al, e->attach);
    e->attach = NULL;
}

/* ---- the stage ---- */

typedef struct run_state {
    lsc__ctx *c;
    magic_t magic;
    int magic_tried;
} run_state;

static int real_type(run_state *rs, lsc__attach *a, const unsigned char *p,
                     size_t n)
{
    const char *t;
    uint64_t t0;
    if (!rs->magic_tried) {
        rs->magic_tried = 1;
        rs->magic = magic_handle(rs->c->eng->attach);
    }
    if (!rs->magic || n == 0)
        return 0;
    t0 = lsc__now_ns();
    t = magic_buffer(rs->magic, p, LSC__MIN(n, LSC__SNIFF_BYTES));
    rs->c->msg->attach.magic_ns += lsc__now_ns() - t0;
    rs->c->msg->attach.magic_calls++;
    if (t) {
        /* The string lives in the handle until its next call: copy. */
        char *s = lsc__arena_strdup(rs->c->ar, t);
        if (!s)
            return LSC_ENOMEM;
        lsc__lower(s, strlen(s));
        a->pub.real_type = s;
    }
    return 0;
}

static int is_compression_ext(const char *e)
{
    return strcmp(e, "gz") == 0 || strcmp(e, "bz2") == 0 ||
           strcmp(e, "xz") == 0 || strcmp(e, "zst") == 0 ||
           strcmp(e, "z") == 0;
}

/* What the bytes alone say: kind, real type, archive entries, Office and
 * PDF findings.  Depends on the content, the file name (archive paths) and
 * the declared type only, so draft.c may keep it between scorings. */
static int content_facts(run_state *rs, lsc__part *p)
{
    lsc__ctx *c = rs->c;
    lsc__attach *a = &p->attach;
    const unsigned char *body = p->pub.body;
    size_t n = body ? p->pub.body_bytes : 0;
    int rc;

    a->kind = lsc__sniff(body, n, n);
    if (a->kind == LSC__KIND_TEXT || a->kind == LSC__KIND_HTML ||
        a->kind == LSC__KIND_RTF) {
        /* Text needs no libmagic: its text checks are what make it slow
         * (1-2 ms a call against 50-200 us for binary files). */
        a->pub.real_type = a->kind == LSC__KIND_HTML ? "text/html"
                         : a->kind == LSC__KIND_RTF ? "text/rtf" : "text/plain";
        p->pub.real_type = a->pub.real_type;
    } else if (!(c->eng->flags & LSC_OPT_NO_MAGIC)) {
        rc = real_type(rs, a, body, n);
        if (rc != 0)
            return rc;
        p->pub.real_type = a->pub.real_type;
    }
    if (a->kind == LSC__KIND_PE || a->kind == LSC__KIND_ELF ||
        a->kind == LSC__KIND_MACHO)
        a->pub.flags |= LSC_ATT_EXECUTABLE;
    {
        uint64_t t0 = lsc__now_ns();
        if (lsc__kind_is_archive(a->kind) &&
            !(c->eng->flags & LSC_OPT_NO_ARCHIVES)) {
            rc = lsc__archive_scan(c, a, body, n);
            if (rc != 0)
                return rc;
        } else if (a->kind == LSC__KIND_OLE) {
            a->pub.flags |= lsc__ole_scan(body, n, &a->kind);
            if (a->pub.flags & LSC_ATT_MACRO) {
                rc = lsc__vba_scan(c, body, n, &a->pub.flags);
                if (rc != 0)
                    return rc;
            }
        } else if (a->kind == LSC__KIND_TEXT &&
                   ((a->pub.extension && (strcmp(a->pub.extension, "csv") == 0 ||
                                          strcmp(a->pub.extension, "tsv") == 0)) ||
                    strcmp(a->pub.declared_type, "text/csv") == 0)) {
            /* Excel runs a CSV's formulas as it opens it */
            a->pub.flags |= lsc__formula_scan(body, LSC__MIN(n, LSC__ACTIVE_MAX_BYTES));
        } else if (a->kind == LSC__KIND_PDF) {
            a->pub.flags |= LSC_ATT_PDF;
            rc = lsc__pdf_scan(c, body, n, &a->pub.flags);
            if (rc != 0)
                return rc;
        }
        c->msg->attach.archive_ns += lsc__now_ns() - t0;
    }
    return 0;
}

static int check_part(run_state *rs, lsc__part *p)
{
    lsc__ctx *c = rs->c;
    lsc__attach *a = &p->attach;
    const unsigned char *body = p->pub.body;
    size_t n = body ? p->pub.body_bytes : 0;
    lsc__name_info ni;
    int rc, loaded = 0;

    a->checked = 1;
    a->pub.part = p->pub.index;
    a->pub.filename = p->pub.filename;
    a->pub.declared_type = p->pub.content_type ? p->pub.content_type : "";
    a->pub.decoded_bytes = n;
    a->pub.encoded_bytes = p->pub.encoded_bytes;
    lsc__vec_init(&a->entries, sizeof(lsc_archive_entry));
    /* Images the body shows are not files offered to the reader. */
    if ((p->pub.flags & LSC_PART_INLINE_IMAGE) ||
        (!(p->pub.flags & LSC_PART_ATTACHMENT) && !p->pub.filename &&
         (!p->pub.disposition ||
          lsc__casecmp(p->pub.disposition, "attachment") != 0)))
        a->pub.flags |= LSC_ATT_INLINE;

    if (p->pub.filename) {
        size_t fl = strlen(p->pub.filename);
        lsc__name_check(p->pub.filename, fl, &ni);
        a->pub.flags |= ni.flags;
        a->blocked_ext = ni.blocked;
        if (ni.ext[0]) {
            char *x = lsc__arena_strdup(c->ar, ni.ext);
            char *xs = ni.inner[0]
                ? lsc__arena_printf(c->ar, "%s.%s", ni.inner, ni.ext)
                : x;
            if (!x || !xs)
                return LSC_ENOMEM;
            a->pub.extension = x;
            a->pub.extensions = xs;
            if (ni.inner[0]) {
                a->inner_ext = lsc__arena_strdup(c->ar, ni.inner);
                if (!a->inner_ext)
                    return LSC_ENOMEM;
            }
        }
        if (ni.flags & LSC_ATT_HIDDEN_CHARS) {
            a->hidden = lsc__show_hidden(c->ar, p->pub.filename, fl);
            if (!a->hidden)
                return LSC_ENOMEM;
        }
    }

    /* A composer re-scoring an unchanged attachment (its bytes are in
     * the caller's fact cache, base/message.h) gets what they gave last
     * time instead of libmagic and the scans again. */
    rc = lsc__attach_facts_load(c, p, &loaded);
    if (rc != 0)
        return rc;
    if (loaded) {
        p->pub.real_type = a->pub.real_type;
    } else {
        unsigned before = a->pub.flags;
        rc = content_facts(rs, p);
        if (rc == 0)
            rc = lsc__attach_facts_store(c, p, before);
        if (rc != 0)
            return rc;
    }
    if (lsc__kind_is_archive(a->kind))
        a->pub.flags |= LSC_ATT_ARCHIVE;
    if (a->kind == LSC__KIND_OOXML || a->kind == LSC__KIND_ODF ||
        a->kind == LSC__KIND_OLE)
        a->pub.flags |= LSC_ATT_OFFICE;
    /* Without archive listing, the name still tells a macro format. */
    if (lsc__macro_ext(a->pub.extension))
        a->pub.flags |= LSC_ATT_MACRO;
    if (strstr(a->pub.declared_type, "macroenabled"))
        a->pub.flags |= LSC_ATT_MACRO;
    if (lsc__kind_is_blocked(a->kind)) {
        a->pub.flags |= LSC_ATT_BLOCKED_CONTENT;
        /* A blocked extension from its content, for the explanation. */
        if (!a->blocked_ext)
            a->blocked_ext = lsc__kind_name(a->kind);
    }
    if (a->pub.flags & (LSC_ATT_BLOCKED_NAME | LSC_ATT_BLOCKED_CONTENT |
                        LSC_ATT_BLOCKED_INSIDE))
        a->pub.flags |= LSC_ATT_BLOCKED;
    {
        const char *fe, *fd, *fr;
        /* report.csv.gz is a gzip named so on purpose. */
        if (lsc__attach_families(a, &fe, &fd, &fr) &&
            !(a->pub.extension && is_compression_ext(a->pub.extension)))
            a->pub.flags |= LSC_ATT_MISMATCH;
    }
    a->pub.kind = lsc__kind_name(a->kind);
    return 0;
}

/* ---- provider size limits ---- */

#define MB ((uint64_t)1024 * 1024)

static const struct { const char *domain; uint64_t bytes; } providers[] = {
    { "gmail.com", 25 * MB }, { "googlemail.com", 25 * MB },
    { "outlook.com", 20 * MB }, { "hotmail.com", 20 * MB },
    { "live.com", 20 * MB }, { "msn.com", 20 * MB },
    { "yahoo.com", 25 * MB }, { "icloud.com", 20 * MB },
    { "me.com", 20 * MB }, { "mac.com", 20 * MB },
    { "qq.com", 50 * MB }, { "163.com", 50 * MB }, { "126.com", 50 * MB },
};
#define DEFAULT_LIMIT (10 * MB)

int lsc__attach_provider(size_t i, const char **domain, uint64_t *bytes)
{
    if (i >= LSC__COUNT(providers)) {
        *domain = "*";
        *bytes = DEFAULT_LIMIT;
        return 0;
    }
    *domain = providers[i].domain;
    *bytes = providers[i].bytes;
    return 1;
}

/* The limit for one domain and whether it is specific to it. */
static uint64_t domain_limit(const lsc_engine *e, const char *d, int *own)
{
    size_t i;
    uint64_t any = DEFAULT_LIMIT;
    *own = 1;
    for (i = 0; i < e->n_size_limits; i++) {
        if (d && lsc__casecmp(e->size_limits[i].domain, d) == 0)
            return e->size_limits[i].bytes;
        if (strcmp(e->size_limits[i].domain, "*") == 0)
            any = e->size_limits[i].bytes;
    }
    for (i = 0; d && i < LSC__COUNT(providers); i++)
        if (lsc__casecmp(providers[i].domain, d) == 0)
            return providers[i].bytes;
    *own = 0;
    return any;
}

static void size_limit(lsc__ctx *c)
{
    const lsc__vec *lists[3];
    size_t k, i;
    int own = 0;
    uint64_t best = domain_limit(c->eng, NULL, &own);
    const char *best_domain = "*";
    int found_any = 0;
    lists[0] = &c->msg->to;
    lists[1] = &c->msg->cc;
    lists[2] = &c->msg->bcc;
    for (k = 0; k < 3; k++) {
        for (i = 0; i < lists[k]->n; i++) {
            const lsc__address *ad =
                &LSC__VEC_AT(lists[k], lsc__address, i);
            uint64_t l;
            if (!ad->domain || !*ad->domain)
                continue;
            l = domain_limit(c->eng, ad->domain, &own);
            if (!found_any || l < best) {
                best = l;
                best_domain = own ? ad->domain : "*";
            }
            found_any = 1;
        }
    }
    c->msg->attach.size_limit = best;
    c->msg->attach.limit_domain = best_domain;
}

static int is_text_body(const lsc__part *p)
{
    /* Body text (text/plain, text/html shown as the message) is for the
     * text stages; a text file sent as an attachment is a file. */
    return (p->pub.flags & LSC_PART_TEXT) &&
           !(p->pub.flags & LSC_PART_ATTACHMENT);
}

int lsc__attach_run(lsc__ctx *c)
{
    lsc__message *m = c->msg;
    run_state rs;
    size_t i, n = 0;
    uint64_t t0 = lsc__now_ns();
    int rc = 0;

    memset(&rs, 0, sizeof rs);
    rs.c = c;
    size_limit(c);
    for (i = 0; i < m->n_parts; i++) {
        lsc__part *p = m->parts[i];
        if (p->pub.kind != LSC_PART_LEAF || is_text_body(p))
            continue;
        /* A bare text leaf without a name or attachment disposition is
         * body text that mime.c did not mark: leave it to the text stages. */
        if (!(p->pub.flags & LSC_PART_ATTACHMENT) && !p->pub.filename &&
            p->pub.content_type && lsc__attach_starts(p->pub.content_type, "text/"))
            continue;
        rc = check_part(&rs, p);
        if (rc != 0)
            goto out;
        n++;
    }
    if (n) {
        size_t k = 0;
        m->attach.list = lsc__arena_alloc(c->ar, n * sizeof *m->attach.list);
        if (!m->attach.list) {
            rc = LSC_ENOMEM;
            goto out;
        }
        for (i = 0; i < m->n_parts; i++)
            if (m->parts[i]->attach.checked)
                m->attach.list[k++] = &m->parts[i]->attach;
        m->attach.n = k;
    }
out:
    if (rs.magic)
        magic_close(rs.magic);
    m->attach.stage_ns = lsc__now_ns() - t0;
    return rc;
}

/* ---- accessors ---- */

const lsc_archive_entry *lsc_attachment_entry(const lsc_attachment *a,
                                              size_t index)
{
    if (!a || index >= a->n_entries || !a->entries)
        return NULL;
    return &a->entries[index];
}

size_t lsc_result_attachment_count(const lsc_result *r)
{
    return r && r->msg ? r->msg->attach.n : 0;
}

const lsc_attachment *lsc_result_attachment(const lsc_result *r,
                                            size_t index)
{
    if (!r || !r->msg || index >= r->msg->attach.n)
        return NULL;
    return &r->msg->attach.list[index]->pub;
}

uint64_t lsc_result_message_bytes(const lsc_result *r)
{
    return r && r->msg ? r->msg->wire_bytes : 0;
}

uint64_t lsc_result_size_limit(const lsc_result *r, const char **domain)
{
    if (domain)
        *domain = r && r->msg && r->msg->attach.limit_domain
                ? r->msg->attach.limit_domain : "*";
    return r && r->msg ? r->msg->attach.size_limit : 0;
}

/*
 * attach_scan.h - what attach.c, archive.c and office.c share: reading a
 * file's kind from its first bytes, judging a file name, and the scans of
 * archives, OLE (Office 97-2003, MSI, encrypted OOXML) and PDF files.
 *
 * Nothing here allocates except the archive scan (through the engine's
 * allocator and the result's arena); every scan is bounded by the size of
 * its input and by named limits.
 */
#ifndef LSC_ATTACH_SCAN_H
#define LSC_ATTACH_SCAN_H

#include "base/engine.h"

/* Bytes of a file libmagic and the sniffer look at. ISO 9660 puts its
 * signature at 32769, so less than that would miss disk images. */
#define LSC__SNIFF_BYTES ((size_t)64 * 1024)
/* Bytes read from an archive entry to learn its kind when the entry
 * itself does not need to be opened. */
#define LSC__ENTRY_SNIFF_BYTES ((size_t)4096)

/* libarchive decompression filters compiled into the library (probed once
 * per engine: a filter libarchive would run as an outside program is never
 * turned on). */
#define LSC__FILTER_GZIP  0x01u
#define LSC__FILTER_BZIP2 0x02u
#define LSC__FILTER_XZ    0x04u
#define LSC__FILTER_LZMA  0x08u
#define LSC__FILTER_ZSTD  0x10u

struct lsc__attach_engine {
    void *magic_buf;        /* the compiled magic database, mapped once */
    size_t magic_len;
    unsigned filters;       /* LSC__FILTER_* usable */
};

/* The kind of content by its first n bytes (total = whole size, for the
 * trailers of disk images; pass n when only a prefix is known). */
lsc__kind lsc__sniff(const unsigned char *p, size_t n, size_t total);
/* "pe", "zip", ... for lsc_attachment.kind; NULL for LSC__KIND_NONE. */
const char *lsc__kind_name(lsc__kind k);
/* Archives libarchive is asked to open. */
int lsc__kind_is_archive(lsc__kind k);
/* Programs, shortcuts and disk images gateways refuse by content. */
int lsc__kind_is_blocked(lsc__kind k);

/* What a file name says. */
typedef struct lsc__name_info {
    char ext[16];           /* last extension, lower case, or "" */
    char inner[16];         /* the one before it, or "" */
    const char *blocked;    /* the blocked extension matched, or NULL */
    unsigned flags;         /* LSC_ATT_BLOCKED_NAME, _DOUBLE_EXT,
                               _HIDDEN_CHARS, _RTL_OVERRIDE */
} lsc__name_info;

void lsc__name_check(const char *name, size_t len, lsc__name_info *ni);
/* Is ext (lower case, no dot) on Gmail's list?  Returns the table entry. */
const char *lsc__blocked_ext(const char *ext);

/* The name with hidden characters shown as <U+XXXX>, for evidence. */
char *lsc__show_hidden(lsc__arena *ar, const char *name, size_t len);

/* Families ("PDF", "image", "program", ...) of the extension, the
 * declared type and the content; returns 1 when they disagree in a way
 * that misleads (a program named as a document, a PDF that is a JPEG). */
int lsc__attach_families(const lsc__attach *a, const char **ext_fam,
                         const char **decl_fam, const char **real_fam);

/* OLE compound files: LSC_ATT_MACRO, _ENCRYPTED, _DAMAGED; *kind becomes
 * LSC__KIND_MSI for installer databases. */
unsigned lsc__ole_scan(const unsigned char *p, size_t n, lsc__kind *kind);
/* Records of an Excel workbook's globals read for its sheet types. */
#define LSC__OLE_MAX_BIFF_RECORDS 4096
/* Compressed object streams a PDF scan inflates, and bytes from each. */
#define LSC__PDF_MAX_OBJSTMS 64
#define LSC__PDF_MAX_INFLATED ((size_t)4 << 20)
/* PDF: LSC_ATT_PDF_JS, _PDF_LAUNCH, _PDF_AUTO_JS, _ENCRYPTED added to
 * *flags, from the file's names and those of its compressed object
 * streams.  0 or LSC_ENOMEM. */
int lsc__pdf_scan(lsc__ctx *c, const unsigned char *p, size_t n,
                  unsigned *flags);
/* Appends to out what a zlib stream inflates to, at most cap bytes (with
 * zlib, reader.c); not zlib data appends nothing.  0 or
 * LSC_ENOMEM. */
int lsc__inflate_zlib(lsc__ctx *c, const unsigned char *p, size_t n,
                      size_t cap, lsc__hbuf *out);

/* One listing (archive.c) or inflation (reader.c) in progress. */
typedef struct lsc__arscan {
    lsc__ctx *c;
    lsc__attach *a;
    uint64_t budget;        /* uncompressed bytes still allowed */
    uint64_t declared;      /* sizes the entries declare */
    size_t entries_left;
    int stop;               /* a bomb: read nothing more */
    unsigned filters;
} lsc__arscan;

/* Lists the archive in data into a->entries (archive.c).  Sets the
 * attachment's flags from what it finds and may refine a->kind (a zip that
 * is really a .docx, a .jar, ...).  Returns 0 or LSC_ENOMEM. */
int lsc__archive_scan(lsc__ctx *c, lsc__attach *a, const unsigned char *data,
                      size_t len);

/* The content facts of an attachment (kind, real type, archive entries,
 * the flags its bytes gave) from the caller's fact cache (base/message.h),
 * stored there by an earlier scoring of the same bytes under the same file
 * name and declared type (attach_cache.c).  *loaded is 1 when they were
 * filled in (the stage then skips libmagic, libarchive and the Office/PDF
 * scans), 0 when the stage must compute them.  0 or LSC_ENOMEM. */
int lsc__attach_facts_load(lsc__ctx *c, lsc__part *p, int *loaded);
/* ... and, after computing them, keeps them for the next scoring
 * (flags_before: the part's LSC_ATT_* before the content was looked at). */
int lsc__attach_facts_store(lsc__ctx *c, const lsc__part *p,
                            unsigned flags_before);

/* active.c (content branch): does ext (no dot) name a macro-enabled
 * Office format; LSC_ATT_REMOTE_CONTENT when an OOXML .rels part loads a
 * template or object from the network on opening; LSC_ATT_FORMULA_CMD
 * when a CSV's cells run commands (DDE, =HYPERLINK to a program).  The
 * callers read at most LSC__ACTIVE_MAX_BYTES of a file for these. */
#define LSC__ACTIVE_MAX_BYTES ((size_t)1 << 20)
/* Relationships of one .rels part read, and bytes of one formula cell. */
#define LSC__ACTIVE_MAX_RELS 4096
#define LSC__ACTIVE_MAX_FIELD 512
int lsc__macro_ext(const char *ext);
unsigned lsc__rels_scan(const unsigned char *p, size_t n);
unsigned lsc__formula_scan(const unsigned char *p, size_t n);
/* Modules (compressed source containers) of one file whose source is read. */
#define LSC__VBA_MAX_MODULES 64
/* Bytes of decompressed source kept and searched from each module. */
#define LSC__VBA_MAX_SOURCE ((size_t)64 * 1024)
/* LSC_ATT_MACRO_RUNS added to *flags when the VBA source in an OLE file
 * (a .doc, a vbaProject.bin) runs by itself and calls out.  0 or
 * LSC_ENOMEM. */
int lsc__vba_scan(lsc__ctx *c, const unsigned char *p, size_t n,
                  unsigned *flags);

/* Monotonic nanoseconds, for the stage's own cost figures. */
uint64_t lsc__now_ns(void);

/* Does s start with prefix (names.c; attach.c reads types with it). */
int lsc__attach_starts(const char *s, const char *prefix);

/* reader.c: libarchive over memory, for archive.c and the PDF scan.  A
 * reader of p with the usable filters (raw: one compressed stream read as
 * a file; else the archive formats), NULL when out of memory; and the
 * current entry read into b until it holds cap bytes, the entry ends
 * (*eof) or fails (*bad), or the scan's byte budget is spent (then one
 * more byte marks a bomb).  0 or LSC_ENOMEM. */
struct archive;
struct archive *lsc__archive_open_reader(const lsc__arscan *s, int raw,
                                         const unsigned char *p, size_t n);
int lsc__archive_read_entry(lsc__arscan *s, struct archive *ar, lsc__hbuf *b,
                            size_t cap, int *eof, int *bad);

#endif

/*
 * attach.h - facts about an attachment (attach.c, archive.c, office.c).
 *
 * Every non-text leaf gets an lsc__attach with its public view (the
 * lsc_attachment the caller reads) and the archive entries found in it;
 * the message gets an lsc__attach_msg with the list of them, the size
 * limit of its recipients and what the stage cost.
 */
#ifndef LSC_ATTACH_H
#define LSC_ATTACH_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"

/* What the content is, by its first bytes (attach.c sniff). */
typedef enum lsc__kind {
    LSC__KIND_NONE = 0,
    LSC__KIND_PE, LSC__KIND_ELF, LSC__KIND_MACHO,
    LSC__KIND_ZIP, LSC__KIND_RAR, LSC__KIND_7Z, LSC__KIND_GZIP,
    LSC__KIND_BZIP2, LSC__KIND_XZ, LSC__KIND_ZSTD, LSC__KIND_TAR,
    LSC__KIND_CAB, LSC__KIND_ISO,
    LSC__KIND_OLE, LSC__KIND_PDF, LSC__KIND_LNK, LSC__KIND_CHM,
    LSC__KIND_VHD, LSC__KIND_DMG,
    LSC__KIND_JPEG, LSC__KIND_PNG, LSC__KIND_GIF,
    /* refined from a zip's entries or an OLE directory */
    LSC__KIND_OOXML, LSC__KIND_ODF, LSC__KIND_JAR, LSC__KIND_APK,
    LSC__KIND_MSI,
    /* text by its bytes (no libmagic: its text checks cost 1-2 ms) */
    LSC__KIND_TEXT, LSC__KIND_HTML, LSC__KIND_RTF,
    LSC__KIND_COUNT
} lsc__kind;

typedef struct lsc__attach {
    int checked;            /* went through the attachment stage */
    lsc_attachment pub;     /* the public view */
    lsc__kind kind;
    lsc__vec entries;       /* lsc_archive_entry */
    const char *inner_ext;  /* the extension before the last, or NULL */
    const char *blocked_ext;/* the blocked extension that matched, or NULL */
    const char *hidden;     /* the file name with hidden characters shown
                               as <U+XXXX>, or NULL */
} lsc__attach;

/* Message-level facts of the stage. */
typedef struct lsc__attach_msg {
    lsc__attach **list;     /* every checked part's facts, in part order */
    size_t n;
    uint64_t size_limit;    /* smallest limit among the recipients */
    const char *limit_domain;
    uint64_t stage_ns;      /* time spent in lsc__attach_run (benchmarks) */
    uint64_t magic_ns;      /* of which in libmagic */
    uint64_t archive_ns;    /* of which in libarchive and office scans */
    size_t magic_calls;
} lsc__attach_msg;

#endif

/*
 * message.h - the message model every stage writes into and rules read.
 *
 * One lsc__message per scoring call, allocated in the result's arena.
 * mime.c fills the parts tree and headers, decode.c the bodies and UTF-8,
 * html.c the visible text and HTML facts, text.c the words and counts,
 * attach.c the attachment facts, similar.c the fingerprint.  Rules only
 * read it: no rule parses or tokenizes again.
 */
#ifndef LSC_MESSAGE_H
#define LSC_MESSAGE_H

#include "internal.h"
#include "text.h"
#include "html.h"
#include "attach.h"

/* One header field.  raw is unfolded but not decoded; value is RFC 2047
 * decoded UTF-8 (both NUL-terminated, in the arena). */
typedef struct lsc__header {
    char *name;
    size_t name_len;
    char *raw;
    size_t raw_len;
    char *value;
    size_t value_len;
} lsc__header;

/* One mailbox from From/To/Cc/Bcc/Reply-To. */
#define LSC__ADDR_INVALID 0x1u    /* not a valid RFC 5322 addr-spec */
#define LSC__ADDR_GROUP 0x2u      /* came from a group list */
typedef struct lsc__address {
    char *display;      /* decoded display name, or NULL */
    char *addr;         /* local@domain as written */
    char *local;
    char *domain;       /* lower case */
    unsigned flags;
    size_t header;      /* index into the entity's headers */
} lsc__address;

typedef struct lsc__part {
    lsc_part pub;                 /* the public view, filled by the stages */
    lsc__header *headers;
    size_t n_headers;
    const char *raw;              /* body bytes in the input (valid only
                                     during the scoring call) */
    size_t raw_len;
    char *boundary;               /* multipart boundary, or NULL */
    lsc__text text;               /* words and counts of pub.text */
    lsc__html html;               /* HTML facts (text/html only) */
    lsc__attach attach;           /* attachment facts (non-text leaves) */
} lsc__part;

typedef struct lsc__message {
    lsc__arena *ar;
    unsigned flags;               /* LSC_MSG_* */
    size_t wire_bytes;            /* size of the input */

    lsc__header *headers;         /* top-level header fields */
    size_t n_headers;

    char *subject;                /* decoded subject, never NULL */
    size_t subject_len;
    lsc__text subject_text;       /* words and counts of the subject */

    lsc__part **parts;            /* all entities, depth-first */
    size_t n_parts;

    lsc__vec from;                /* lsc__address */
    lsc__vec to;
    lsc__vec cc;
    lsc__vec bcc;
    lsc__vec reply_to;

    lsc__text_totals totals;      /* counts over subject and all text */
    lsc__attach_msg attach;       /* attachment facts (attach.c) */

    struct lsc__wording *wording; /* rules_wording.c: phrase matches,
                                     made once by the first wording rule */
    struct lsc__sim_facts *similar; /* similar.c: fingerprint, history facts */
} lsc__message;

/* The first top-level header of that name, or NULL. */
const lsc__header *lsc__msg_header(const lsc__message *m, const char *name);
/* The first header of that name in one entity, or NULL. */
const lsc__header *lsc__part_header(const lsc__part *p, const char *name);

#endif

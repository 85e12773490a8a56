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

#include "base/internal.h"

/* ---- words and counts of a text (text stage) ---- */

/* Word flags. */
#define LSC__W_LETTERS   0x0001u  /* has letters */
#define LSC__W_DIGITS    0x0002u  /* has digits */
#define LSC__W_UPPER     0x0004u  /* ALL-CAPS word counted as shouting */
#define LSC__W_CASED     0x0008u  /* in a script that has case */
#define LSC__W_OBFUSCATED 0x0010u /* de-obfuscated (F.R.E.E, fr3e, ...) */
#define LSC__W_MIXED_SCRIPT 0x0020u /* letters from several scripts */
#define LSC__W_EMOJI     0x0040u
#define LSC__W_IDEOGRAPHIC 0x0080u /* CJK, Thai, ... (no spaces) */
#define LSC__W_CODE      0x0100u  /* code-like: ISO9001, SKU-12A, letters+digits */
#define LSC__W_ACRONYM   0x0200u  /* a known acronym (FOB, USD, PDF, ...) */
#define LSC__W_ALLCAPS   0x0400u  /* every cased letter upper case (3+) */
#define LSC__W_SPACED    0x0800u  /* letters joined from F.R.E.E / f r e e */
#define LSC__W_LEET      0x1000u  /* digits read as letters (fr3e) */
#define LSC__W_ZEROWIDTH 0x2000u  /* zero-width characters inside */
#define LSC__W_CONFUSABLE 0x4000u /* look-alike letters mapped to Latin */

typedef struct lsc__word {
    size_t start, end;   /* byte offsets into the text */
    const char *norm;    /* normalized for matching (NFKC, folded), NUL-terminated */
    uint32_t norm_len;
    uint32_t flags;      /* LSC__W_* */
    uint32_t id;         /* phrase-list word id, 0 = not in any list */
} lsc__word;

typedef struct lsc__text_stats {
    size_t words;
    size_t letters;
    size_t upper_letters;
    size_t cased_words;      /* words of 3+ letters in a cased script */
    size_t caps_words;       /* of those, ALL-CAPS (acronyms excluded) */
    size_t exclamations;     /* ! and full-width ! */
    size_t exclam_runs;      /* runs of 2 or more */
    size_t currency;         /* currency symbols and codes with amounts */
    size_t percent_off;      /* "50% off", "-70%", "5折" */
    size_t money_runs;       /* runs of 2+ currency symbols ($$$) */
    size_t max_exclam_run;   /* longest run of exclamation marks */
    size_t emoji;
    size_t obfuscated;       /* words de-obfuscated */
    size_t mixed_script;
    size_t chars;            /* code points of visible text */
} lsc__text_stats;

typedef struct lsc__text {
    lsc__word *words;
    size_t n_words;
    lsc__text_stats stats;
} lsc__text;

/* Words kept per message beyond which the rest is not split (the engine's
 * max_words); the counts above then cover what was read. */

typedef struct lsc__text_totals {
    lsc__text_stats body;    /* over the body text a reader is shown: of a
                                multipart/alternative, the HTML part */
    lsc__text_stats subject;
} lsc__text_totals;

/* ---- phrase matches of the message (text stage, text/phrases.c) ---- */

/* One phrase-list match: words first..last of a text. */
typedef struct lsc__wmatch {
    uint32_t first, last;     /* word indices */
    uint32_t text;            /* 0 = subject, else part index + 1 */
    uint8_t cat;
    uint8_t lang;
    uint8_t dropped;          /* inside a longer match of its category */
    float weight;
} lsc__wmatch;

struct lsc__wording {
    lsc__wmatch *m;
    size_t n, cap;
    int truncated;
    size_t subject_words, body_words;
};

/* ---- HTML facts of a part (html stage) ---- */

#define LSC__LINK_TEXT_IS_URL   0x1u  /* the shown text looks like a URL/domain */
#define LSC__LINK_MISMATCH      0x2u  /* shown domain differs from the target */
#define LSC__LINK_IP            0x4u  /* target host is an IP address */
#define LSC__LINK_SHORTENER     0x8u  /* target host is a URL shortener */
#define LSC__LINK_MAILTO        0x10u /* mailto: target */
#define LSC__LINK_JAVASCRIPT    0x20u /* javascript: target */
#define LSC__LINK_HIDDEN        0x40u /* the link sits in hidden text */
#define LSC__LINK_AREA          0x80u /* <area> of an image map (no text) */
/* links branch: what the address itself hides (html/url.c) */
#define LSC__LINK_USERINFO      0x100u  /* a name before the host (x@host) */
#define LSC__LINK_USERINFO_DISGUISE 0x200u /* ... that reads as a domain, is
                                         long, or comes with several @ */
#define LSC__LINK_REDIRECT      0x400u  /* a URL of another site nested in it */
#define LSC__LINK_ABUSED_TLD    0x800u  /* host under a much-abused TLD */
#define LSC__LINK_LOOKALIKE     0x1000u /* host confusable with a well-known
                                         or the shown name, or mixed scripts */
#define LSC__LINK_PLAIN         0x2000u /* found in a text/plain part */
#define LSC__LINK_OBFUSCATED    0x4000u /* written defanged: hxxp, [.], dot */

typedef struct lsc__link {
    const char *href;
    const char *host;       /* lower case, or NULL */
    const char *text;       /* the text shown ("" when none) */
    const char *text_host;  /* domain shown in the text, or NULL */
    const char *redirect_host; /* host of a URL nested in the target, or NULL */
    size_t text_start, text_end; /* offsets of the shown text in visible text */
    unsigned flags;
} lsc__link;

#define LSC__IMG_DATA    0x1u  /* data: URI */
#define LSC__IMG_REMOTE  0x2u  /* http(s):// or protocol-relative */
#define LSC__IMG_TRACKER 0x4u  /* remote and declared 1x1 (or 0x0) or hidden */
#define LSC__IMG_CID     0x8u  /* cid: reference to an attached image */
#define LSC__IMG_HIDDEN  0x10u /* inside hidden markup */
#define LSC__IMG_NO_ALT  0x20u /* no alt attribute at all (alt="" is a
                                  decorative image, said so) */

typedef struct lsc__image {
    const char *src;        /* cut at LSC__HTML_MAX_ATTR bytes */
    size_t src_len;         /* bytes of the whole attribute (a data: URI's
                               size, which src may not hold) */
    int width, height;      /* declared, -1 when not */
    unsigned flags;         /* LSC__IMG_* */
} lsc__image;

/* Why text was hidden (lsc__html.hidden_why). */
#define LSC__HID_DISPLAY    0x1u  /* display:none, hidden attribute */
#define LSC__HID_VISIBILITY 0x2u  /* visibility:hidden, opacity:0 */
#define LSC__HID_TINY       0x4u  /* font-size 0 or a few pixels */
#define LSC__HID_COLOR      0x8u  /* text colour equal or close to background */
#define LSC__HID_CLIPPED    0x10u /* max-height:0 with overflow:hidden, or
                                     placed far off-screen */
#define LSC__HID_MSO        0x20u /* mso-hide:all (with LSC__HID_DISPLAY):
                                     hidden from Outlook only */

/* One run of hidden text: what sits unseen between two pieces of what a
 * reader sees (html stage; at most LSC__HTML_MAX_RUNS per part, the last
 * one then takes the rest).  Rules judge it by what it holds. */
#define LSC__RUN_TOUCH_BEFORE 0x1u /* visible text ends right before it */
#define LSC__RUN_TOUCH_AFTER  0x2u /* visible text goes on right after it */
#define LSC__RUN_LINE_BEFORE  0x4u /* no line break between it and the */
#define LSC__RUN_LINE_AFTER   0x8u /* visible text before / after it */

typedef struct lsc__hidden_run {
    size_t start, end;      /* bytes of lsc__html.hidden_text */
    size_t at;              /* offset in the visible text where it sits */
    size_t chars;           /* non-space code points */
    size_t visible_before;  /* visible code points of the part before it */
    size_t links;           /* hidden links opened in it */
    unsigned why;           /* LSC__HID_* */
    unsigned flags;         /* LSC__RUN_* */
} lsc__hidden_run;

typedef struct lsc__html {
    int parsed;             /* this part went through the HTML stage */
    lsc__link *links;
    size_t n_links;
    lsc__image *images;
    size_t n_images;
    size_t forms, scripts, iframes, objects;
    size_t inputs;          /* fields to type into or pick from (text,
                               password, ... inputs, select, textarea) */
    size_t elements;        /* elements read */
    size_t visible_chars, hidden_chars; /* non-space code points */
    const char *title;      /* "" when none */
    const char *alt_text;   /* alt text of images, kept apart ("" when none) */
    size_t alt_text_len;
    const char *hidden_text; /* the hidden text, for evidence ("" when none) */
    size_t hidden_text_len;
    unsigned hidden_why;    /* LSC__HID_* seen */
    int truncated;          /* a limit stopped the parse of this part */
    /* hidden branch: the runs of hidden text, the words of hidden_text
     * (text stage), event-handler attributes (onclick, ...), and words a
     * comment splits ("te<!--x-->st": offsets of the joins in the
     * visible text, at most LSC__HTML_MAX_SPLITS kept) */
    lsc__hidden_run *runs;
    size_t n_runs;
    lsc__text hidden_words;
    size_t handlers;
    const char *handler;    /* the first handler's name, or NULL */
    size_t splits;          /* joins seen */
    size_t *split_at;       /* the first min(splits, MAX) of them */
} lsc__html;

/* ---- attachment facts (attach stage) ---- */

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

/* ---- headers, addresses, parts, the message (mime stage and on) ---- */

/* One header field.  raw is unfolded but not decoded; value is RFC 2047
 * decoded UTF-8 (both NUL-terminated, in the arena). */
typedef struct lsc__header {
    char *name;
    size_t name_len;     /* never below strlen(name) */
    uint32_t key;        /* lsc__header_key(name): look-ups skip by it */
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
    int shown;                    /* text stage: this part is body text the
                                     reader sees (not an attachment, not the
                                     plain twin of an HTML alternative with
                                     words); rules count only these */
    lsc__html html;               /* HTML facts (text/html only) */
    lsc__attach attach;           /* attachment facts (non-text leaves) */
} lsc__part;

typedef struct lsc__message {
    lsc__arena *ar;
    unsigned flags;               /* LSC_MSG_* */
    size_t wire_bytes;            /* size of the input */

    lsc__header *headers;         /* top-level header fields */
    size_t n_headers;
    const char *bad_header;       /* first top-level line without a colon
                                     (LSC_MSG_BAD_HEADER), into the input */
    size_t bad_header_len;

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

    struct lsc__wording *hidden_wording; /* text/phrases.c: phrase
                                     matches in hidden text (text = part
                                     index + 1), never in wording */
    struct lsc__wording *wording; /* text/phrases.c: phrase matches of
                                     the subject and the shown parts */
    struct lsc__sim_facts *similar; /* similar.c: fingerprint, history facts */
} lsc__message;

/* ---- what the caller already holds (the pipeline's input) ----
 *
 * lsc_draft_score encodes the attachments itself, so it knows where each
 * encoded body lies in the message it built and what it decodes to; and
 * a composer's lsc_draft_cache can keep what the attach stage found in
 * the same bytes last time.  It hands both in with the message, so that
 * no stage has to know the draft:
 *   - the reader steps over a known body's lines (lsc__known_body_skip,
 *     lsc__known_body_at) and the decoder takes its bytes as they are
 *     (lsc__known_body_find);
 *   - the attach stage asks the fact cache for the blob it stored for
 *     these bytes (attach/attach_cache.c chooses what is in it).
 * Plain lsc_score passes no input (lsc__ctx.input is NULL) and every
 * lookup answers "none"; with one, what the stages produce must be byte
 * for byte the same (tests/unit/test_draft.c checks it). */

typedef struct lsc__known_body {
    size_t body_off;            /* offset of the encoded body in the message */
    size_t body_len;            /* encoded bytes (base64 lines) */
    const unsigned char *data;  /* the decoded bytes, valid during the call */
    size_t data_len;
    void *slot;                 /* the fact cache's handle for these bytes,
                                   or NULL (no cache) */
    lsc__pin *pin;              /* the same bytes, shared: the result may
                                   hold them instead of a copy, or NULL */
} lsc__known_body;

/* A store of opaque blobs, one per slot, kept between scorings. */
typedef struct lsc__fact_cache {
    void *self;
    /* The blob stored for slot, or NULL (*len its size). */
    const void *(*get)(void *self, void *slot, size_t *len);
    /* Keeps a copy of blob for slot (replacing any): 0 or LSC_ENOMEM. */
    int (*put)(void *self, void *slot, const void *blob, size_t len);
    /* Counts one reuse (lsc_draft_cache_stats). */
    void (*reused)(void *self);
} lsc__fact_cache;

/* A store of opaque blobs keyed by what they were computed from: a kind
 * (LSC__STATE_*), and the 64-bit hash and length of the bytes.  The html
 * and text stages keep one part's output in it (html/html_cache.c,
 * text/text_cache.c), each blob holding its source bytes so that a hit is
 * checked byte for byte; so a keystroke in one part re-does only that
 * part. */
#define LSC__STATE_HTML 1u
#define LSC__STATE_TEXT 2u

typedef struct lsc__state_cache {
    void *self;
    /* The blob stored under the key, or NULL (*blob_len its size). */
    const void *(*get)(void *self, unsigned kind, uint64_t hash, size_t len,
                       size_t *blob_len);
    /* Keeps a copy of blob under the key (replacing any): 0 or LSC_ENOMEM. */
    int (*put)(void *self, unsigned kind, uint64_t hash, size_t len,
               const void *blob, size_t blob_len);
} lsc__state_cache;

typedef struct lsc__input {
    const char *msg;            /* the message text being scored */
    size_t msg_len;
    const lsc__known_body *bodies;
    size_t n_bodies;
    const lsc__fact_cache *cache; /* NULL without a cache */
    const lsc__state_cache *state; /* NULL without a cache */
} lsc__input;

/* The known body whose encoded bytes start at raw, or NULL. */
const lsc__known_body *lsc__known_body_find(const lsc__input *in,
                                            const char *raw);
/* Where to go on reading a leaf body that starts at d + pos (of n readable
 * bytes): the start of its last line when it is a known body (base64
 * lines, none of which can end an entity, so the lines before the last
 * need no reading), else pos. */
size_t lsc__known_body_skip(const lsc__input *in, const char *d, size_t pos,
                            size_t n);
/* The first known body that lies in d[from..n), as [*bs, *be); 0 when
 * there is none.  Such bodies are base64 lines (no NUL, no bare CR, no
 * line over 76) that start and end at line boundaries, so whole-message
 * byte scans may step over them. */
int lsc__known_body_at(const lsc__input *in, const char *d, size_t from,
                       size_t n, size_t *bs, size_t *be);

/* A new, empty message model in ar (subject "", address lists ready),
 * or NULL. */
lsc__message *lsc__message_new(lsc__arena *ar);

/* A header name's look-up key: its first byte in lower case and its
 * length (strlen: equal names have equal keys, whatever name_len says).
 * Whoever builds a lsc__header sets key from it. */
uint32_t lsc__header_key(const char *name);
/* The first top-level header of that name, or NULL. */
const lsc__header *lsc__msg_header(const lsc__message *m, const char *name);
/* The first header of that name in one entity, or NULL. */
const lsc__header *lsc__part_header(const lsc__part *p, const char *name);
/* The multipart/alternative part i is a rendering of (its parent, or
 * through multipart/related containers), or LSC__NONE. */
size_t lsc__part_alternative(const lsc__message *m, size_t i);
/* Is part i inside an attached message (message/rfc822 at any level)? */
int lsc__part_in_attached_message(const lsc__message *m, size_t i);

#endif

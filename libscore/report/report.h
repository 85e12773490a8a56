/*
 * report.h - the contract between the files of the annotated report
 * (lsc_result_html): the writer, escaping, evidence marking and the words.
 *
 * report_esc.c   escaping of any string from the mail for HTML text and
 *                double-quoted attributes, direction of a text, and the
 *                writer of a text with its evidence spans as nested <mark>s
 * report_words.c the page's words in English and Chinese
 * report_css.c   the page's style sheet (screen and print)
 * report_files.c the attachments and history sections
 * report.c       the page itself: evidence placed, then section by section
 *
 * Everything from the mail goes through lsc__rw_text or lsc__rw_marked;
 * nothing else writes bytes of the message into the page.
 */
#ifndef LSC_REPORT_H
#define LSC_REPORT_H

#include "core/result.h"

/* Evidence spans highlighted in one page; the rest are listed in their
 * finding without a mark (a page with 10,000 marks is no help to anyone
 * and would be slow to lay out). */
#define LSC__REPORT_MAX_MARKS LSC_HTML_MAX_MARKS
/* Marks that may cover one character: a span that would be the ninth
 * over some character is listed, not highlighted, so that nested marks
 * stay few whatever the rules report. */
#define LSC__REPORT_MAX_OVERLAP 8
/* Link rows and archive entries listed per page. */
#define LSC__REPORT_MAX_LINKS 500
#define LSC__REPORT_MAX_ENTRIES 200
/* Pieces of evidence listed per finding. */
#define LSC__REPORT_MAX_EVIDENCE 20

/* The page's words (report_words.c); header[] names From, To, Cc and
 * Reply-To in the order report.c shows them. */
typedef struct lsc__rwords {
    const char *lang;            /* "en", "zh" */
    const char *title, *contents, *risk, *of100, *points_fmt;
    const char *level[4], *meaning[4];     /* by lsc_level */
    const char *findings, *no_findings, *fix, *group, *evidence, *gain_fmt,
        *weight_fmt, *not_marked, *where[6];
    const char *message, *subject, *header[4], *no_subject, *empty_body, *other_versions,
        *images_fmt, *body_cut;
    const char *links, *shown, *target, *notes, *no_text, *links_inert,
        *link_note[8], *more_fmt;
    const char *attachments, *file, *declared, *real, *size, *contents_of,
        *msg_size, *limit_fmt, *over_limit, *inline_part, *att_flags_title,
        *providers, *provider, *limit, *other_domains, *blocked;
    const char *history, *hist_none, *hist_similar_fmt, *hist_nearest_fmt,
        *hist_changed_fmt;
    const char *footer_fmt;
    /* how risk follows from points: medium's points and risk, high's
     * points and risk, and a point far up the tail and its risk
     * (double int double int double int) */
    const char *curve_fmt;
    /* punctuation around labels: ": ", " (", ")" in English, full width
     * ("：", "（", "）") in Chinese */
    const char *colon, *lparen, *rparen;
} lsc__rwords;

const lsc__rwords *lsc__report_words(lsc_lang lang);

/* The style sheet, every selector under .lsc-report (report_css.c). */
extern const char lsc__report_css[];

/* The writer: a heap buffer that remembers a failed allocation. */
typedef struct lsc__rw {
    lsc__hbuf b;
    const lsc__rwords *w;
} lsc__rw;

/* Literal markup from the generator itself (never from the mail). */
void lsc__rw_raw(lsc__rw *w, const char *s);
void lsc__rw_fmt(lsc__rw *w, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Text from the mail (or anywhere) escaped for HTML text and for
 * double-quoted attribute values alike: & < > " ' as references, C0/C1
 * controls and ill-formed UTF-8 as U+FFFD, and characters that change
 * how text reads without being seen (bidi overrides and isolates, zero
 * widths, BOM) as a visible "<U+202E>" (a styled span in text, plain
 * letters with in_attr).  Line ends and tabs are kept in text. */
void lsc__rw_text(lsc__rw *w, const char *s, size_t n, int in_attr);

/* ' dir="rtl"' when the first strong character of s is Arabic or Hebrew
 * (Unicode bidi rule P2), else ' dir="ltr"' when there is one, else "". */
const char *lsc__report_dir(const char *s, size_t n);

/* lsc__rw_text of a NUL-terminated string (NULL writes nothing). */
void lsc__rw_str(lsc__rw *w, const char *s);
/* "710 B", "2.5 KB", "25.0 MB" (MB = 1,048,576 bytes). */
void lsc__report_size(char *buf, size_t cap, uint64_t n);

/* The sections of report_files.c: attachments (when there are any) and
 * the history context (when the result was scored with a history). */
void lsc__report_attachments(lsc__rw *w, const lsc_result *r);
void lsc__report_history(lsc__rw *w, const lsc_result *r);

/* One evidence span over a text: [start, end) bytes, the finding's
 * 1-based number and the evidence's index in it. */
typedef struct lsc__rspan {
    size_t start, end;
    size_t hit, ev;
    unsigned char *marked;  /* set to 1 when it was highlighted */
} lsc__rspan;

/* Picks the spans that will be highlighted: sorts spans (start, then
 * longer first), refuses empty ones, ones outside the text or splitting
 * a UTF-8 character and ones that would nest deeper than
 * LSC__REPORT_MAX_OVERLAP, and takes at most *budget (counted down).
 * Returns how many were kept; they come first in spans. */
size_t lsc__report_pick(lsc__rspan *spans, size_t n, const char *text,
                        size_t len, size_t *budget);

/* Writes text with the first n (picked) spans as nested <mark>s: the
 * first piece of span (h, e) is <mark id="ev-h-e">, later pieces
 * <mark data-for="ev-h-e">, and where it ends a footnote link to its
 * finding, <a class="ref" href="#f-h">h</a>. */
void lsc__rw_marked(lsc__rw *w, const char *text, size_t len,
                    const lsc__rspan *spans, size_t n);

#endif

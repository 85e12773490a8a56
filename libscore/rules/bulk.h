/*
 * bulk.h - the one answer to "does this message look like bulk mail?",
 * shared by the rules that must agree on it: the bulk-mail requirements
 * (BULK_NO_UNSUBSCRIBE, BULK_NO_ONE_CLICK, BULK_NO_POSTAL_ADDRESS), the
 * unsubscribe footer in a personal letter (UNSUB_ONE_TO_ONE), tracking in
 * a personal letter (TRACKING_ONE_TO_ONE) and the missing preheader.
 *
 * Takes: the top-level headers, the recipients and the phrase matches of
 * the message model.  Gives: which signs of bulk sending it shows, with
 * the header that gave the ESP sign away, and the known open/click
 * tracking hosts (facts from the trackers' public documentation).
 */
#ifndef LSC_RULES_BULK_H
#define LSC_RULES_BULK_H

#include "rules/rules.h"

/* Signs of bulk (lsc__bulk.why). */
#define LSC__BULK_LIST_HEADER 0x01u /* List-Unsubscribe, List-Id, List-Post */
#define LSC__BULK_PRECEDENCE  0x02u /* Precedence: bulk, list or junk */
#define LSC__BULK_ESP         0x04u /* a mailing service's or campaign header */
#define LSC__BULK_RCPT        0x08u /* more recipients than a personal letter */
#define LSC__BULK_MASS_RCPT   0x10u /* as many as only a mailing has */
#define LSC__BULK_UNSUB_WORDS 0x20u /* unsubscribe / "you receive this" wording */
#define LSC__BULK_PROMO_WORDS 0x40u /* advertising or money wording */
#define LSC__BULK_LAYOUT      0x80u /* laid out as a newsletter: more pictures
                                       or links than a letter has */

/* How the message was sent: any of these makes it bulk by construction. */
#define LSC__BULK_SENT_AS_BULK (LSC__BULK_LIST_HEADER | LSC__BULK_PRECEDENCE | \
                                LSC__BULK_ESP | LSC__BULK_RCPT)

/* Recipients (To + Cc + Bcc) from which a message is a mailing in itself. */
#define LSC__BULK_MASS_RCPT_MIN 15
/* Pictures (not trackers or spacers) and links of a newsletter layout. */
#define LSC__BULK_LAYOUT_PICTURES 10
#define LSC__BULK_LAYOUT_LINKS 25
/* Links and images read per part when counting them. */
#define LSC__BULK_MAX_ITEMS 100000
/* Words of the shown text read looking for a postal address. */
#define LSC__BULK_POSTAL_MAX_WORDS 20000
/* Decoded bytes of an inline data: image beyond which clients refuse or
 * clip it (IMAGE_DATA_URI_LARGE). */
#define LSC__DATA_URI_MAX_BYTES ((size_t)100 * 1024)

typedef struct lsc__bulk {
    unsigned why;               /* LSC__BULK_* */
    const lsc__header *esp;     /* the header that named a mailing service */
    const lsc__header *lu;      /* List-Unsubscribe, or NULL */
    double unsub_weight;        /* weighted unsubscribe phrases */
    size_t rcpt;                /* To + Cc + Bcc */
} lsc__bulk;

/* Reads the signs of bulk from the message model into *b: once per
 * message, the first call keeps them in c->bulk for the next. */
void lsc__bulk_read(lsc__ctx *c, lsc__bulk *b);

/* Looks like bulk mail: sent as bulk, or written as bulk (unsubscribe
 * boilerplate, a newsletter's layout).  A message for which this is 0 presents itself as a
 * personal letter. */
static inline int lsc__bulk_looks(const lsc__bulk *b)
{
    return (b->why & (LSC__BULK_SENT_AS_BULK | LSC__BULK_UNSUB_WORDS |
                      LSC__BULK_LAYOUT)) != 0;
}

/* Written as bulk but sent as a personal letter: the unsubscribe footer
 * in a one-to-one message (UNSUB_ONE_TO_ONE). */
static inline int lsc__bulk_posing_personal(const lsc__bulk *b)
{
    return (b->why & LSC__BULK_UNSUB_WORDS) &&
           !(b->why & LSC__BULK_SENT_AS_BULK);
}

/* When the requirements began to apply (seconds since the epoch): Gmail
 * and Yahoo enforce List-Unsubscribe and one-click unsubscription for bulk
 * senders from February 2024; the CAN-SPAM Act took effect on 1 January
 * 2004. */
#define LSC__BULK_RULES_SINCE ((int64_t)1706745600)  /* 2024-02-01T00:00Z */
#define LSC__CAN_SPAM_SINCE ((int64_t)1072915200)    /* 2004-01-01T00:00Z */

/* Whether a requirement in force since `since` applies to the message:
 * a draft or a message without a readable Date is sent now; a message
 * dated before was sent under the old rules and is not judged by the new
 * ones (an archive of 2002 mail could not have met a 2024 rule). */
int lsc__bulk_rule_applies(const lsc__message *m, int64_t since);

/* A picture the reader sees: not a tracker, not hidden, not a spacer. */
int lsc__bulk_is_picture(const lsc__image *im);

/* A text/html body part (not an attachment) the HTML stage read. */
int lsc__bulk_is_html_body(const lsc__part *p);

/* Walks the links or the images of the HTML body parts, at most
 * LSC__BULK_MAX_ITEMS per part: the next one, or NULL; w->part is the
 * part it is in.  Start from { 0, 0 }. */
typedef struct lsc__bulk_walk {
    size_t part, k;
} lsc__bulk_walk;
const lsc__link *lsc__bulk_next_link(const lsc__message *m, lsc__bulk_walk *w);
const lsc__image *lsc__bulk_next_image(const lsc__message *m,
                                       lsc__bulk_walk *w);

/* The known open/click-tracking service that host (lower case) belongs
 * to, or NULL. */
const char *lsc__tracker_host(const char *host);

#endif

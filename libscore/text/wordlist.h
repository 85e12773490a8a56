/*
 * wordlist.h - phrase lists and the phrase matcher (wordlist.c).
 *
 * The engine compiles every list (wordlists/<lang>/<category>.txt, embedded
 * and/or from opts->wordlist_dir) into one Aho-Corasick automaton over word
 * ids.  Matching takes the words the text stage made (lsc__word, whose
 * `norm` is NFKC + case folded + de-obfuscated) and reports every phrase
 * found, overlapping ones included, in one pass.
 */
#ifndef LSC_WORDLIST_H
#define LSC_WORDLIST_H

#include "base/engine.h"
#include "text/text.h"

/* Categories: the file name of a list without ".txt". */
enum {
    LSC__WL_PROMO = 0,     /* promo.txt: promotional wording */
    LSC__WL_URGENCY,       /* urgency.txt: pressure, deadlines */
    LSC__WL_MONEY,         /* money.txt: money and price claims */
    LSC__WL_GUARANTEE,     /* guarantee.txt: guarantees, "risk-free" */
    LSC__WL_GREETING,      /* greeting.txt: generic greetings */
    LSC__WL_SELFINTRO,     /* selfintro.txt: "my name is ..." openers */
    LSC__WL_UNSUBSCRIBE,   /* unsubscribe.txt: mass-mail boilerplate */
    LSC__WL_NCAT
};

/* Limits on what a list file may make the engine do. */
#define LSC__WL_MAX_FILE_BYTES ((size_t)1024 * 1024) /* one list file */
#define LSC__WL_MAX_LINE 1024          /* bytes of one line */
#define LSC__WL_MAX_PHRASES 100000     /* phrases over all lists */
#define LSC__WL_MAX_PHRASE_WORDS 16    /* words in one phrase */
#define LSC__WL_MAX_FILES 512          /* list files in a directory */
#define LSC__WL_MAX_LANGS 64           /* language folders */
#define LSC__WL_MAX_LANG_NAME 16       /* bytes of a language folder name */
#define LSC__WL_MAX_WEIGHT 5.0         /* largest weight of a phrase */
/* Weight of a phrase without one: phrases of several words say more than
 * one word ("free" is in honest quotes, "act now" is not). */
#define LSC__WL_DEFAULT_WEIGHT_PHRASE 1.0
#define LSC__WL_DEFAULT_WEIGHT_WORD 0.5

/* Limits of the wording rules (rules_wording.c). */
#define LSC__WORDING_MAX_MATCHES 20000 /* phrase matches kept per message */
#define LSC__WORDING_MAX_EVIDENCE 100  /* evidence spans per hit */
#define LSC__GREETING_WINDOW 40        /* a greeting starts in these words */
#define LSC__SELFINTRO_WINDOW 150      /* a self-introduction likewise */
#define LSC__ONE_TO_ONE_MAX_RCPT 3     /* To + Cc + Bcc of a personal letter */
#define LSC__MERGE_SCAN_BYTES ((size_t)512 * 1024) /* of each text, for tags */
#define LSC__MERGE_MAX_INNER 48        /* bytes between a tag's brackets */

typedef struct lsc__phrase_match {
    unsigned category;    /* LSC__WL_* */
    unsigned lang;        /* lsc__wordlist_lang_name(wl, lang) */
    double weight;        /* > 0 */
    size_t first, last;   /* word indices, inclusive */
} lsc__phrase_match;

/* Called for every match, in order of the last word; a non-zero return
 * stops matching and is returned by lsc__wordlist_match. */
typedef int (*lsc__phrase_fn)(void *ud, const lsc__phrase_match *m);

/*
 * Finds every phrase of every list in words[0..n).  Words without letters
 * or digits (punctuation, emoji) are skipped, so "Sir/Madam" matches
 * "sir madam"; any other word not in a list breaks a phrase, and so does
 * sentence or clause punctuation (. , ; ! ? and their CJK forms) or a
 * blank line between two words, when text (the words' source, text_len
 * bytes) is given; NULL skips that check.  When one
 * phrase is in several languages' lists of the same category it is
 * reported once, with its largest weight.  wl may be NULL (no lists).
 */
int lsc__wordlist_match(const lsc__wordlists *wl, const lsc__word *words,
                        size_t n, const char *text, size_t text_len,
                        lsc__phrase_fn fn, void *ud);

/* The id of a normalized word in the lists, 0 when it is in none. */
uint32_t lsc__wordlist_word_id(const lsc__wordlists *wl, const char *norm,
                               size_t len);

/* "promo", "urgency", ...; "?" when out of range. */
const char *lsc__wordlist_category_name(unsigned category);
/* "en", "zh-Hans", ...; "?" when out of range. */
const char *lsc__wordlist_lang_name(const lsc__wordlists *wl, unsigned lang);
/* Phrases with a weight above 0 in one language's list of one category;
 * lang -1 or category -1 count all. */
size_t lsc__wordlist_phrase_count(const lsc__wordlists *wl, int lang,
                                  int category);
size_t lsc__wordlist_lang_count(const lsc__wordlists *wl);

/* Compiles lists given as memory (name is "<lang>/<category>.txt"), for
 * tests; lsc__wordlists_new is the engine's way in.  e gives the
 * allocator and the text stage that splits the phrases (e->text must be
 * built). */
typedef struct lsc__wl_source {
    const char *name;
    const char *data;
    size_t len;
} lsc__wl_source;
int lsc__wordlists_compile(lsc__wordlists **out, const lsc_engine *e,
                           const lsc__wl_source *src, size_t n,
                           const char *dir, lsc_wordlist_mode mode,
                           lsc_error *err);
void lsc__wordlists_destroy(lsc__wordlists *wl);
/* A list's text with each phrase written as the words the text stage
 * splits it into (joined by 0x1F, or 0x1E where the list wrote a comma
 * between two), the weights as written, comments and blank lines as empty
 * lines: one line out per line in.  For the build (tools/wlsplit.c).
 * *out (caller frees with e's allocator) is NUL-terminated. */
int lsc__wordlist_presplit(const lsc_engine *e, const char *data, size_t len,
                           char **out, size_t *out_len, lsc_error *err);

/* Engine-level phrase lists (engine.c calls these). */
int lsc__wordlists_new(lsc_engine *e, const lsc_options *o, lsc_error *err);
void lsc__wordlists_free(lsc_engine *e);

/* The stage (phrases.c): msg->wording from the subject and shown parts.
 * 0 or LSC_ENOMEM. */
int lsc__phrases_run(lsc__ctx *c);

#endif

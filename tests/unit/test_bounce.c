/*
 * test_bounce.c - the bounce reader (libscore/bounce/) and what the history
 * does with bounces (history_bounce.c, rules_bounce.c).
 *
 * Every tests/messages/bounce/NAME.eml is read and checked against
 * NAME.want (kind, format, original subject and Message-ID, and one
 * "rcpt ADDRESS STATUS REPLY REASON HARD" line per recipient, "-" for an
 * empty value).  Then: the named limits (recipients kept, notice lines
 * walked, diagnostic bytes), input that is not a bounce, the API's
 * argument checks, and the history rules: hard, soft, expiry of a soft
 * bounce, an unrelated address, a domain that refused the sender.
 */
#include <dirent.h>
#include <stdint.h>

#include "test.h"
#include "bounce/bounce.h"

static lsc_engine *engine;

static const char *kind_name(lsc_bounce_kind k)
{
    switch (k) {
    case LSC_BOUNCE_FAILURE: return "failure";
    case LSC_BOUNCE_AUTOREPLY: return "autoreply";
    case LSC_BOUNCE_FEEDBACK: return "feedback";
    case LSC_BOUNCE_DELIVERED: return "delivered";
    default: return "none";
    }
}

static const char *dash(const char *s)
{
    return s && *s ? s : "-";
}

/* Checks one message against its .want file; returns 0 when it agrees. */
static int check_message(const char *dir, const char *name)
{
    char path[1024], want[1024], line[512];
    size_t len, rcpt = 0;
    char *data;
    FILE *f;
    lsc_bounce *b = NULL;
    lsc_error err;
    int bad = 0;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(want, sizeof want, "%s/%.*s.want", dir, (int)(strlen(name) - 4), name);
    data = t_read_file(path, &len);
    f = fopen(want, "r");
    if (!data || !f) {
        printf("#   %s: cannot read it or its .want\n", name);
        free(data);
        if (f)
            fclose(f);
        return 1;
    }
    if (lsc_bounce_read(&b, engine, data, len, NULL, &err) != 0) {
        printf("#   %s: %s\n", name, err.message);
        free(data);
        fclose(f);
        return 1;
    }
    while (fgets(line, sizeof line, f)) {
        char a[5][256];
        line[strcspn(line, "\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        if (strncmp(line, "kind ", 5) == 0) {
            if (strcmp(kind_name(lsc_bounce_get_kind(b)), line + 5) != 0) {
                printf("#   %s: kind %s, want %s\n", name,
                       kind_name(lsc_bounce_get_kind(b)), line + 5);
                bad++;
            }
        } else if (strncmp(line, "format ", 7) == 0) {
            if (strcmp(lsc_bounce_format(b), line + 7) != 0) {
                printf("#   %s: format %s, want %s\n", name, lsc_bounce_format(b), line + 7);
                bad++;
            }
        } else if (strncmp(line, "subject ", 8) == 0) {
            if (strcmp(lsc_bounce_original_subject(b), line + 8) != 0) {
                printf("#   %s: subject \"%s\"\n", name, lsc_bounce_original_subject(b));
                bad++;
            }
        } else if (strncmp(line, "message-id ", 11) == 0) {
            if (strcmp(lsc_bounce_original_message_id(b), line + 11) != 0) {
                printf("#   %s: message-id \"%s\"\n", name, lsc_bounce_original_message_id(b));
                bad++;
            }
        } else if (sscanf(line, "rcpt %255s %255s %255s %255s %255s", a[0], a[1], a[2],
                          a[3], a[4]) == 5) {
            char reply[16];
            int rc = lsc_bounce_reply_code(b, rcpt);
            snprintf(reply, sizeof reply, "%d", rc);
            if (rcpt >= lsc_bounce_recipient_count(b) ||
                strcmp(lsc_bounce_address(b, rcpt), a[0]) != 0 ||
                strcmp(dash(lsc_bounce_status(b, rcpt)), a[1]) != 0 ||
                strcmp(rc ? reply : "-", a[2]) != 0 ||
                strcmp(lsc_bounce_reason_name(lsc_bounce_get_reason(b, rcpt)), a[3]) != 0 ||
                lsc_bounce_hard(b, rcpt) != atoi(a[4])) {
                printf("#   %s: recipient %zu is %s %s %d %s %d, want %s\n", name, rcpt,
                       dash(lsc_bounce_address(b, rcpt)), dash(lsc_bounce_status(b, rcpt)),
                       rc, lsc_bounce_reason_name(lsc_bounce_get_reason(b, rcpt)),
                       lsc_bounce_hard(b, rcpt), line + 5);
                bad++;
            }
            if (rcpt < lsc_bounce_recipient_count(b) &&
                (!*lsc_bounce_explanation(b, rcpt) || !*lsc_bounce_suggestion(b, rcpt))) {
                printf("#   %s: no explanation\n", name);
                bad++;
            }
            rcpt++;
        }
    }
    if (rcpt != lsc_bounce_recipient_count(b)) {
        printf("#   %s: %zu recipients, want %zu\n", name, lsc_bounce_recipient_count(b), rcpt);
        bad++;
    }
    fclose(f);
    free(data);
    lsc_bounce_free(b);
    return bad;
}

TEST(messages_per_format)
{
    const char *top = getenv("LSC_TOP");
    char dir[1024];
    DIR *d;
    struct dirent *de;
    int n = 0;
    snprintf(dir, sizeof dir, "%s/tests/messages/bounce", top ? top : ".");
    d = opendir(dir);
    CHECK(d != NULL);
    if (!d)
        return;
    while ((de = readdir(d)) != NULL) {
        size_t l = strlen(de->d_name);
        if (l > 4 && strcmp(de->d_name + l - 4, ".eml") == 0) {
            CHECK_EQ_INT(check_message(dir, de->d_name), 0);
            n++;
        }
    }
    closedir(d);
    CHECK(n >= 10);
}

static lsc_bounce *read_str(const char *s, size_t n)
{
    lsc_bounce *b = NULL;
    lsc_error err;
    CHECK_EQ_INT(lsc_bounce_read(&b, engine, s, n, NULL, &err), 0);
    return b;
}

TEST(not_a_bounce_is_no_error)
{
    static const char *const inputs[] = {
        "", "\n\n\n", "From: a@b.test\n", "garbage \x01\x02\xff",
        "Subject: Undelivered Mail\n\nno address here at all\n",
        "From: MAILER-DAEMON@x.test\nSubject: failure notice\n\nnothing useful\n",
    };
    size_t i;
    for (i = 0; i < LSC__COUNT(inputs); i++) {
        lsc_bounce *b = read_str(inputs[i], strlen(inputs[i]));
        CHECK(b != NULL);
        CHECK_EQ_INT(lsc_bounce_get_kind(b), LSC_BOUNCE_NONE);
        CHECK_EQ_INT(lsc_bounce_is_bounce(b), 0);
        CHECK_EQ_INT(lsc_bounce_recipient_count(b), 0);
        CHECK(lsc_bounce_address(b, 0) == NULL);
        lsc_bounce_free(b);
    }
}

TEST(api_arguments)
{
    lsc_bounce *b = (lsc_bounce *)1;
    lsc_bounce_options o = LSC_BOUNCE_OPTIONS_INIT;
    lsc_error err;
    CHECK_EQ_INT(lsc_bounce_read(NULL, engine, "", 0, NULL, &err), LSC_EINVAL);
    CHECK_EQ_INT(lsc_bounce_read(&b, NULL, "", 0, NULL, &err), LSC_EINVAL);
    CHECK(b == NULL);
    CHECK_EQ_INT(lsc_bounce_read(&b, engine, NULL, 5, NULL, &err), LSC_EINVAL);
    o.version = 99;
    CHECK_EQ_INT(lsc_bounce_read(&b, engine, "", 0, &o, &err), LSC_EVERSION);
    o.version = LSC_BOUNCE_OPTIONS_VERSION;
    o.flags = 4;
    CHECK_EQ_INT(lsc_bounce_read(&b, engine, "", 0, &o, &err), LSC_EINVAL);
    lsc_bounce_free(NULL);
    CHECK_EQ_INT(lsc_bounce_recipient_count(NULL), 0);
    CHECK_STR(lsc_bounce_reason_name(LSC_REASON_USERUNKNOWN), "userunknown");
    CHECK_STR(lsc_bounce_reason_name((lsc_bounce_reason)999), "undefined");
    CHECK_EQ_INT(lsc_bounce_reason_from_name("MailboxFull"), LSC_REASON_MAILBOXFULL);
    CHECK_EQ_INT(lsc_bounce_reason_from_name("nonsense"), -1);
}

/* A DSN with n recipient groups. */
static char *dsn_with(size_t n, size_t *len)
{
    size_t cap = 512 + n * 160, i;
    char *s = malloc(cap), *p = s;
    p += sprintf(p, "From: MAILER-DAEMON@mx.test\nSubject: Undelivered Mail\n"
                    "MIME-Version: 1.0\nContent-Type: multipart/report; "
                    "report-type=delivery-status; boundary=\"X\"\n\n--X\n"
                    "Content-Type: text/plain\n\nfailed\n\n--X\n"
                    "Content-Type: message/delivery-status\n\n"
                    "Reporting-MTA: dns; mx.test\n");
    for (i = 0; i < n; i++)
        p += sprintf(p, "\nFinal-Recipient: rfc822; u%zu@dest.test\nAction: failed\n"
                        "Status: 5.2.2\nDiagnostic-Code: smtp; 552 mailbox full\n", i);
    p += sprintf(p, "\n--X--\n");
    *len = (size_t)(p - s);
    return s;
}

TEST(limit_recipients)
{
    size_t len;
    char *s = dsn_with(LSC__BOUNCE_MAX_RCPTS, &len);
    lsc_bounce *b = read_str(s, len);
    CHECK_EQ_INT(lsc_bounce_recipient_count(b), LSC__BOUNCE_MAX_RCPTS);
    CHECK_EQ_INT(lsc_bounce_get_reason(b, LSC__BOUNCE_MAX_RCPTS - 1), LSC_REASON_MAILBOXFULL);
    lsc_bounce_free(b);
    free(s);
    s = dsn_with(LSC__BOUNCE_MAX_RCPTS + 7, &len);
    b = read_str(s, len);
    CHECK_EQ_INT(lsc_bounce_recipient_count(b), LSC__BOUNCE_MAX_RCPTS);
    lsc_bounce_free(b);
    free(s);
}

TEST(limit_diagnostic_bytes)
{
    size_t n = LSC__BOUNCE_MAX_DIAG * 3, i;
    char *s = malloc(n + 512), *p = s;
    lsc_bounce *b;
    p += sprintf(p, "From: MAILER-DAEMON@mx.test\nSubject: Undelivered Mail\n"
                    "MIME-Version: 1.0\nContent-Type: multipart/report; "
                    "report-type=delivery-status; boundary=\"X\"\n\n--X\n"
                    "Content-Type: message/delivery-status\n\n"
                    "Final-Recipient: rfc822; a@dest.test\nStatus: 5.1.1\n"
                    "Diagnostic-Code: smtp; 550 ");
    for (i = 0; i < n; i++)
        *p++ = i % 70 == 69 ? '\n' : (i % 70 == 0 && i ? ' ' : 'x');
    p += sprintf(p, "\n\n--X--\n");
    b = read_str(s, (size_t)(p - s));
    CHECK_EQ_INT(lsc_bounce_recipient_count(b), 1);
    CHECK(strlen(lsc_bounce_diagnostic(b, 0)) <= LSC__BOUNCE_MAX_DIAG);
    CHECK(strlen(lsc_bounce_diagnostic(b, 0)) >= LSC__BOUNCE_MAX_DIAG - 2);
    lsc_bounce_free(b);
    free(s);
}

/* A text bounce whose recipient line comes after `filler` notice lines. */
static lsc_bounce *text_bounce_after(size_t filler)
{
    size_t cap = 256 + filler * 3, i;
    char *s = malloc(cap), *p = s;
    lsc_bounce *b;
    p += sprintf(p, "From: MAILER-DAEMON@mx.test\nTo: me@src.test\n"
                    "Subject: failure notice\n\nThis is the qmail-send program.\n");
    for (i = 0; i < filler; i++)
        p += sprintf(p, ".\n");
    p += sprintf(p, "<late@dest.test>:\nSorry, no mailbox here by that name.\n");
    b = read_str(s, (size_t)(p - s));
    free(s);
    return b;
}

TEST(limit_notice_lines)
{
    lsc_bounce *b = text_bounce_after(LSC__BOUNCE_MAX_LINES - 10);
    CHECK_EQ_INT(lsc_bounce_recipient_count(b), 1);
    CHECK_EQ_INT(lsc_bounce_get_reason(b, 0), LSC_REASON_USERUNKNOWN);
    lsc_bounce_free(b);
    /* past the limit the line is not walked: only the last-resort search
     * for any address finds it, without its diagnostic; no error */
    b = text_bounce_after(LSC__BOUNCE_MAX_LINES + 10);
    CHECK(b != NULL);
    CHECK_EQ_INT(lsc_bounce_recipient_count(b), 1);
    CHECK(lsc_bounce_get_reason(b, 0) != LSC_REASON_USERUNKNOWN);
    lsc_bounce_free(b);
}

TEST(codes_in_text)
{
    char st[16];
    CHECK(lsc__status_find("550 5.1.1 <a@b>... User unknown", st));
    CHECK_STR(st, "5.1.1");
    CHECK(lsc__status_find("host 192.0.2.1 said 5.0.0 then 4.2.2 quota", st));
    CHECK_STR(st, "4.2.2");
    CHECK(!lsc__status_find("version v5.1.1 only", st));
    CHECK_EQ_INT(lsc__reply_find("said: 550-5.7.1 blocked", 0), 550);
    CHECK_EQ_INT(lsc__reply_find("x-unix; 550", 0), 0);
    CHECK_STR(lsc__status_for_reason(LSC_REASON_USERUNKNOWN, 1), "5.0.911");
    CHECK_STR(lsc__status_for_reason(LSC_REASON_MAILBOXFULL, 1), "4.0.922");
}

/* ---- history ---- */

static lsc_history *history_with(const char *const *files, size_t n)
{
    const char *top = getenv("LSC_TOP");
    lsc_history *h = NULL;
    lsc_error err;
    size_t i;
    CHECK_EQ_INT(lsc_history_open(&h, ":memory:", NULL, &err), 0);
    for (i = 0; h && i < n; i++) {
        char path[1024];
        size_t len, added = 0;
        char *data;
        lsc_bounce *b = NULL;
        snprintf(path, sizeof path, "%s/tests/messages/bounce/%s", top ? top : ".", files[i]);
        data = t_read_file(path, &len);
        CHECK(data != NULL);
        if (!data)
            continue;
        CHECK_EQ_INT(lsc_bounce_read(&b, engine, data, len, NULL, &err), 0);
        CHECK_EQ_INT(lsc_history_add_bounce(h, b, &added, &err), 0);
        CHECK(added >= 1);
        lsc_bounce_free(b);
        free(data);
    }
    return h;
}

static lsc_result *score_to(lsc_history *h, const char *to, int64_t now)
{
    char msg[512];
    lsc_score_options so;
    lsc_result *r = NULL;
    lsc_error err;
    snprintf(msg, sizeof msg, "From: anna@sender.test\nTo: %s\nSubject: Hello\n"
             "Date: Mon, 07 Dec 2026 10:00:00 +0000\nMessage-ID: <t@sender.test>\n\n"
             "Dear colleague, following our call, here are the details.\n", to);
    lsc_score_options_init(&so);
    so.history = h;
    so.now = now;
    CHECK_EQ_INT(lsc_score(&r, engine, msg, strlen(msg), &so, &err), 0);
    return r;
}

#define DEC_2026 ((int64_t)1796083200)   /* 2026-12-01 00:00:00 UTC */

TEST(history_hard_bounce_fires)
{
    static const char *const files[] = {"postfix-dsn.eml"};
    lsc_history *h = history_with(files, 1);
    lsc_result *r = score_to(h, "John <jonh@acme.test>", DEC_2026 + 90 * 86400);
    const lsc_hit *hit = lsc_result_find_hit(r, "RECIPIENT_BOUNCED");
    CHECK(hit != NULL);
    if (hit) {
        CHECK(strstr(hit->explanation, "2026-12-01") != NULL);
        CHECK(strstr(hit->explanation, "userunknown") != NULL);
        CHECK(hit->n_evidence >= 1);
    }
    CHECK(lsc_result_find_hit(r, "RECIPIENT_SOFT_BOUNCED") == NULL);
    lsc_result_free(r);
    /* an unrelated address at the same domain: nothing */
    r = score_to(h, "joan@acme.test", DEC_2026 + 86400);
    CHECK(lsc_result_find_hit(r, "RECIPIENT_BOUNCED") == NULL);
    lsc_result_free(r);
    lsc_history_close(h);
}

TEST(history_soft_bounce_expires)
{
    static const char *const files[] = {"exim-full.eml"};
    lsc_history *h = history_with(files, 1);
    /* the bounce is dated 2026-12-02 07:00 UTC */
    lsc_result *r = score_to(h, "lin@mail.example.test", DEC_2026 + 3 * 86400);
    CHECK(lsc_result_find_hit(r, "RECIPIENT_SOFT_BOUNCED") != NULL);
    CHECK(lsc_result_find_hit(r, "RECIPIENT_BOUNCED") == NULL);
    lsc_result_free(r);
    r = score_to(h, "lin@mail.example.test", DEC_2026 + 30 * 86400);
    CHECK(lsc_result_find_hit(r, "RECIPIENT_SOFT_BOUNCED") == NULL);
    lsc_result_free(r);
    lsc_history_close(h);
}

TEST(history_sender_refused_by_domain)
{
    static const char *const files[] = {"gmail-blocked.eml", "postfix-dsn.eml"};
    lsc_history *h = history_with(files, 2);
    lsc_result *r = score_to(h, "someone@corp.test, other@corp.test", DEC_2026 + 6 * 86400);
    const lsc_hit *hit = lsc_result_find_hit(r, "SENDER_REJECTED_BY_DOMAIN");
    uint64_t total = 0;
    lsc_bounce_domain d[4];
    size_t n = 0;
    lsc_error err;
    CHECK(hit != NULL);
    if (hit)
        CHECK(strstr(hit->explanation, "corp.test") != NULL);
    lsc_result_free(r);
    CHECK_EQ_INT(lsc_history_bounce_stats(h, &total, d, 4, &n, &err), 0);
    CHECK_EQ_INT(total, 2);
    CHECK_EQ_INT(n, 2);
    lsc_history_close(h);
}

int main(void)
{
    lsc_error err;
    if (lsc_engine_new(&engine, NULL, &err) != 0) {
        printf("not ok - engine: %s\n", err.message);
        return 1;
    }
    RUN(messages_per_format);
    RUN(not_a_bounce_is_no_error);
    RUN(api_arguments);
    RUN(limit_recipients);
    RUN(limit_diagnostic_bytes);
    RUN(limit_notice_lines);
    RUN(codes_in_text);
    RUN(history_hard_bounce_fires);
    RUN(history_soft_bounce_expires);
    RUN(history_sender_refused_by_domain);
    lsc_engine_free(engine);
    return TEST_DONE();
}

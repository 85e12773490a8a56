/*
 * rules_score_extra.c - rules found by calibrating on real mail: habits of
 * bulk senders that a writer or composer controls and that the other rule
 * families do not look at.
 *
 * Takes: the decoded subject and the parts' transfer encodings and decoded
 * bodies.  Gives: SUBJECT_SPACE_PADDING (a long run of spaces inside the
 * subject, the classic way bulk mailers push a tracking number out of
 * sight) and TEXT_BASE64_ASCII (a text body sent in base64 although it is
 * plain ASCII, which hides the words from simple scanners and is what
 * filters' MIME_BASE64_TEXT-style rules punish), ADDRESS_IN_SUBJECT (the
 * recipient's e-mail address written into the subject, the mark of mail
 * merged from an address list rather than written to a person).
 * Limits: the subject is read once per check (its length is bounded by the
 * header limit); each text body is scanned once up to its decoded length;
 * at most ADDR_SUBJECT_MAX recipients are looked for in the subject.
 */
#include "rules.h"

/* Spaces in one run that no person types and header folding (a line break
 * plus one tab or a few spaces) does not produce. */
#define PADDING_MIN_SPACES 6
/* Recipients looked for in the subject: enough for any personal letter. */
#define ADDR_SUBJECT_MAX 50
/* Shorter addresses could match by chance inside ordinary words. */
#define ADDR_SUBJECT_MIN_LEN 6

int lsc__rule_subject_space_padding(lsc__ctx *c)
{
    const char *s = c->msg->subject;
    size_t n = c->msg->subject_len, i = 0, best_start = 0, best_len = 0;
    size_t token_end = 0;
    lsc__hit *h;

    while (i < n) {
        size_t j = i;
        while (j < n && s[j] == ' ')
            j++;
        /* Only runs with text on both sides: trailing blanks are harmless. */
        if (j - i > best_len && i > 0 && j < n) {
            best_start = i;
            best_len = j - i;
            token_end = j;
            while (token_end < n && s[token_end] != ' ')
                token_end++;
        }
        i = j > i ? j : i + 1;
    }
    if (best_len < PADDING_MIN_SPACES)
        return 0;
    h = lsc__fire(c, 1.0,
                  "Remove the run of spaces; keep the subject a plain, short "
                  "sentence without reference codes pushed out of sight.",
                  "删除这串空格；主题应是简短的普通句子，不要把编号藏在空格之后。",
                  "The subject contains a run of %zu spaces: bulk mailers pad "
                  "subjects like this to push a tracking code out of view, "
                  "and filters know it.",
                  "主题中有连续 %zu 个空格：群发软件常用空格把跟踪编号挤出视线，"
                  "过滤器熟知这种做法。", best_len);
    if (!h)
        return LSC_ENOMEM;
    return lsc__evidence(c, h, LSC_WHERE_SUBJECT, 0, NULL, best_start,
                         token_end) == LSC_ENOMEM ? LSC_ENOMEM : 0;
}

static int all_ascii(const unsigned char *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (p[i] >= 0x80)
            return 0;
    return 1;
}

int lsc__rule_text_base64_ascii(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    size_t i, found = 0, first = LSC__NONE;
    lsc__hit *h;

    for (i = 0; i < m->n_parts; i++) {
        const lsc_part *p = &m->parts[i]->pub;
        if (p->kind != LSC_PART_LEAF || !(p->flags & LSC_PART_TEXT) ||
            (p->flags & LSC_PART_ATTACHMENT) || !p->transfer_encoding ||
            strcmp(p->transfer_encoding, "base64") != 0 || !p->body ||
            p->body_bytes == 0 || !all_ascii(p->body, p->body_bytes))
            continue;
        if (first == LSC__NONE)
            first = i;
        found++;
    }
    if (!found)
        return 0;
    h = lsc__fire(c, 1.0,
                  "Let your mail program send plain text as 7bit or "
                  "quoted-printable; base64 is for attachments and non-Latin "
                  "text.",
                  "纯英文文本请用 7bit 或 quoted-printable 编码发送；base64 "
                  "只适用于附件和非拉丁文字。",
                  "%zu text part(s) are base64-encoded although they are plain "
                  "ASCII: filters read that as an attempt to hide the words "
                  "from scanners.",
                  "有 %zu 个正文部分是纯 ASCII 文本却使用了 base64 编码："
                  "过滤器会认为这是在躲避内容扫描。", found);
    if (!h)
        return LSC_ENOMEM;
    {
        const lsc_part *p = &m->parts[first]->pub;
        char *t = lsc__arena_printf(c->ar, "%s part %zu: "
                                    "Content-Transfer-Encoding: base64",
                                    p->content_type, first);
        if (!t)
            return LSC_ENOMEM;
        return lsc__evidence_text(c, h, LSC_WHERE_MESSAGE, first, t,
                                  strlen(t));
    }
}

/* Case-insensitive search of needle in hay; the offset or LSC__NONE. */
static size_t find_nocase(const char *hay, size_t n, const char *needle,
                          size_t k)
{
    size_t i;
    if (k == 0 || k > n)
        return LSC__NONE;
    for (i = 0; i + k <= n; i++)
        if (lsc__ncasecmp(hay + i, needle, k) == 0)
            return i;
    return LSC__NONE;
}

int lsc__rule_address_in_subject(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    size_t i, at = LSC__NONE, len = 0;
    lsc__hit *h;

    for (i = 0; i < m->to.n && i < ADDR_SUBJECT_MAX; i++) {
        const lsc__address *a = &LSC__VEC_AT(&m->to, lsc__address, i);
        if (!a->addr || (a->flags & LSC__ADDR_INVALID) ||
            strlen(a->addr) < ADDR_SUBJECT_MIN_LEN || !strchr(a->addr, '@'))
            continue;
        len = strlen(a->addr);
        at = find_nocase(m->subject, m->subject_len, a->addr, len);
        if (at != LSC__NONE)
            break;
    }
    if (at == LSC__NONE)
        return 0;
    h = lsc__fire(c, 1.0,
                  "Address the person by name (or not at all) instead of "
                  "writing their e-mail address into the subject.",
                  "请用对方的姓名称呼（或不称呼），不要把对方的邮箱地址写进主题。",
                  "The subject contains the recipient's address: mail merged "
                  "from an address list looks like this, and phishing "
                  "filters look for it.",
                  "主题里包含收件人的邮箱地址：按地址列表群发的邮件就是这样，"
                  "钓鱼邮件过滤器会专门检查这一点。");
    if (!h)
        return LSC_ENOMEM;
    return lsc__evidence(c, h, LSC_WHERE_SUBJECT, 0, NULL, at, at + len) ==
                   LSC_ENOMEM ? LSC_ENOMEM : 0;
}

/*
 * rules_attach.c - rules about attachments and message size.
 *
 * Takes: the attachment facts (attach.c, archive.c, office.c), the
 * recipients' size limit and the message size.  Gives: hits for what
 * gateways refuse (blocked types, disguises), what they quarantine
 * (encrypted or nested archives, macros, active PDFs, bombs), what the
 * recipients' providers bounce (size), what Gmail clips (HTML over
 * ~102 KB), and attachments on a first message.  Each hit names the
 * attachment (LSC_WHERE_ATTACHMENT, its part) or entry path as evidence;
 * at most MAX_EVIDENCE pieces of evidence per rule.
 */
#include <stdio.h>

#include "attach/attach_scan.h"
#include "rules/rules.h"

#define MAX_EVIDENCE 20
/* Share of the size limit from which a warning is given. */
#define SIZE_WARN_SHARE 0.70
/* Gmail clips the HTML of a message beyond this many bytes. */
#define GMAIL_CLIP_BYTES ((size_t)102 * 1024)
#define MBF(x) ((double)(x) / (1024.0 * 1024.0))

typedef struct ev_state {
    lsc__ctx *c;
    lsc__hit *h;
    size_t n;
} ev_state;

static int ev(ev_state *s, size_t part, const char *text)
{
    if (s->n >= MAX_EVIDENCE)
        return 0;
    s->n++;
    return lsc__evidence_text(s->c, s->h, LSC_WHERE_ATTACHMENT, part, text,
                              strlen(text));
}

static const char *att_name(const lsc__attach *a)
{
    return a->pub.filename ? a->pub.filename : "(unnamed attachment)";
}

/* Counts the attachment and entries with any of the flags. */
static size_t count_with(const lsc__message *m, unsigned flags, int entries,
                         const lsc__attach **first, const char **first_name)
{
    size_t i, j, n = 0;
    for (i = 0; i < m->attach.n; i++) {
        const lsc__attach *a = m->attach.list[i];
        if (a->pub.flags & flags) {
            if (!n) {
                *first = a;
                *first_name = att_name(a);
            }
            n++;
        }
        for (j = 0; entries && j < a->pub.n_entries; j++) {
            if (a->pub.entries[j].flags & flags) {
                if (!n) {
                    *first = a;
                    *first_name = a->pub.entries[j].path;
                }
                n++;
            }
        }
    }
    return n;
}

/* Evidence: every attachment and entry with the flags. */
static int ev_with(ev_state *s, unsigned flags, int entries)
{
    const lsc__message *m = s->c->msg;
    size_t i, j;
    int rc;
    for (i = 0; i < m->attach.n; i++) {
        const lsc__attach *a = m->attach.list[i];
        if ((a->pub.flags & flags) &&
            (rc = ev(s, a->pub.part, a->hidden ? a->hidden : att_name(a))) != 0)
            return rc;
        for (j = 0; entries && j < a->pub.n_entries; j++) {
            const lsc_archive_entry *e = &a->pub.entries[j];
            if (!(e->flags & flags))
                continue;
            if (e->flags & LSC_ATT_HIDDEN_CHARS) {
                char *shown = lsc__show_hidden(s->c->ar, e->path,
                                               strlen(e->path));
                if (!shown)
                    return LSC_ENOMEM;
                rc = ev(s, a->pub.part, shown);
            } else {
                rc = ev(s, a->pub.part, e->path);
            }
            if (rc != 0)
                return rc;
        }
    }
    return 0;
}

int lsc__rule_attach_blocked(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    const lsc__attach *a = NULL;
    const char *name = NULL;
    size_t n = count_with(m, LSC_ATT_BLOCKED_NAME | LSC_ATT_BLOCKED_CONTENT,
                          1, &a, &name);
    ev_state s;
    const char *why_en, *why_zh, *what;
    if (!n)
        return 0;
    if (a->pub.flags & LSC_ATT_BLOCKED_NAME) {
        why_en = "its extension is on Gmail's blocked list";
        why_zh = "其扩展名在 Gmail 的拦截名单上";
        what = a->blocked_ext;
    } else if (a->pub.flags & LSC_ATT_BLOCKED_CONTENT) {
        why_en = "its content is a blocked type whatever its name says";
        why_zh = "无论名称如何，其内容属于被拦截的类型";
        what = a->pub.real_type ? a->pub.real_type : a->pub.kind;
    } else {
        why_en = "an archive hides it";
        why_zh = "它藏在压缩包里";
        what = "archive entry";
    }
    memset(&s, 0, sizeof s);
    s.c = c;
    s.h = lsc__fire(c, 1.0,
        "Do not send programs, scripts or disk images by mail: share them "
        "through a download link, or send the document itself (PDF).",
        "不要通过邮件发送程序、脚本或磁盘镜像：请改用下载链接，或直接发送文档本身（PDF）。",
        "%zu attachment file(s) are of a type that Gmail and most mail "
        "gateways refuse or strip: \"%s\" (%s): %s.",
        "%zu 个附件文件属于 Gmail 和大多数邮件网关会拒收或删除的类型：“%s”（%s）：%s。",
        n, name, what ? what : "?", LSC__TR(c, why_en, why_zh));
    if (!s.h)
        return LSC_ENOMEM;
    return ev_with(&s, LSC_ATT_BLOCKED_NAME | LSC_ATT_BLOCKED_CONTENT, 1);
}

int lsc__rule_attach_double_ext(lsc__ctx *c)
{
    const lsc__attach *a = NULL;
    const char *name = NULL;
    size_t n = count_with(c->msg, LSC_ATT_DOUBLE_EXT, 1, &a, &name);
    ev_state s;
    lsc__name_info ni;
    if (!n)
        return 0;
    lsc__name_check(name, strlen(name), &ni);
    memset(&s, 0, sizeof s);
    s.c = c;
    s.h = lsc__fire(c, 1.0,
        "Rename the file so that it has one extension that says what it "
        "is (invoice.pdf), or send the real document.",
        "请给文件改名，只保留一个如实的扩展名（如 invoice.pdf），或发送真正的文档。",
        "\"%s\" shows .%s but ends in .%s: a document extension followed by "
        "another is how malware disguises itself, and filters score it so "
        "(%zu file(s)).",
        "“%s”看起来是 .%s，实际以 .%s 结尾：文档扩展名后再跟一个扩展名是恶意软件常用的伪装，"
        "过滤器会据此扣分（共 %zu 个文件）。",
        name, ni.inner, ni.ext, n);
    if (!s.h)
        return LSC_ENOMEM;
    return ev_with(&s, LSC_ATT_DOUBLE_EXT, 1);
}

int lsc__rule_attach_hidden_chars(lsc__ctx *c)
{
    const lsc__attach *a = NULL;
    const char *name = NULL;
    size_t n = count_with(c->msg, LSC_ATT_HIDDEN_CHARS, 1, &a, &name);
    int rtl = count_with(c->msg, LSC_ATT_RTL_OVERRIDE, 1, &a, &name) > 0;
    ev_state s;
    char *shown;
    if (!n)
        return 0;
    shown = lsc__show_hidden(c->ar, name, strlen(name));
    if (!shown)
        return LSC_ENOMEM;
    memset(&s, 0, sizeof s);
    s.c = c;
    s.h = lsc__fire(c, rtl ? 1.0 : 0.7,
        "Give the file a plain name: letters, digits, one dot and its real "
        "extension.",
        "请使用普通文件名：字母、数字、一个点和真实的扩展名。",
        "The file name \"%s\" holds %s characters that change how it reads "
        "(%zu file(s)): the name a reader sees is not the real one.",
        "文件名“%s”含有%s字符，会改变其显示方式（共 %zu 个文件）：读者看到的名称并非真实名称。",
        shown, rtl ? LSC__TR(c, "right-to-left override", "从右向左覆盖")
                   : LSC__TR(c, "invisible or padding", "不可见或填充"),
        n);
    if (!s.h)
        return LSC_ENOMEM;
    return ev_with(&s, LSC_ATT_HIDDEN_CHARS, 1);
}

int lsc__rule_attach_mismatch(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    size_t i, n = 0;
    const lsc__attach *first = NULL;
    double strength = 0.6;
    ev_state s;
    const char *fe, *fd, *fr;
    for (i = 0; i < m->attach.n; i++) {
        const lsc__attach *a = m->attach.list[i];
        if (!(a->pub.flags & LSC_ATT_MISMATCH))
            continue;
        if (!first)
            first = a;
        if (a->pub.flags & LSC_ATT_EXECUTABLE)
            strength = 1.0;
        n++;
    }
    if (!n)
        return 0;
    lsc__attach_families(first, &fe, &fd, &fr);
    memset(&s, 0, sizeof s);
    s.c = c;
    s.h = lsc__fire(c, strength,
        "Send the file under its real type and name (save it again from the "
        "program that made it).",
        "请以文件的真实类型和名称发送（用创建它的程序重新保存）。",
        "\"%s\" is not what it says: extension .%s (%s), declared %s (%s), "
        "content %s (%s); filters read such disagreement as a disguise "
        "(%zu file(s)).",
        "“%s”名不副实：扩展名 .%s（%s），声明类型 %s（%s），实际内容 %s（%s）；"
        "过滤器会把这种不一致视为伪装（共 %zu 个文件）。",
        att_name(first), first->pub.extension ? first->pub.extension : "-",
        fe, first->pub.declared_type, fd,
        first->pub.real_type ? first->pub.real_type
                             : (first->pub.kind ? first->pub.kind : "?"),
        fr, n);
    if (!s.h)
        return LSC_ENOMEM;
    return ev_with(&s, LSC_ATT_MISMATCH, 0);
}

int lsc__rule_attach_encrypted(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    const lsc__attach *a = NULL;
    const char *name = NULL;
    size_t i, j, n, enc_entries = 0;
    double strength = 0.4;
    ev_state s;
    n = count_with(m, LSC_ATT_ENCRYPTED, 0, &a, &name);
    if (!n)
        return 0;
    for (i = 0; i < m->attach.n; i++) {
        const lsc__attach *x = m->attach.list[i];
        if (!(x->pub.flags & LSC_ATT_ENCRYPTED))
            continue;
        /* PDFs often carry an owner password only (no printing); archives
         * and Office files locked with a password hide everything. */
        if (x->pub.flags & (LSC_ATT_ARCHIVE | LSC_ATT_OFFICE))
            strength = 1.0;
        for (j = 0; j < x->pub.n_entries; j++)
            if (x->pub.entries[j].flags & LSC_ATT_ENCRYPTED)
                enc_entries++;
    }
    memset(&s, 0, sizeof s);
    s.c = c;
    s.h = lsc__fire(c, strength,
        "Send the file unencrypted, or share it by link and give the "
        "password another way.",
        "请发送未加密的文件，或通过链接共享并以其他方式告知密码。",
        "\"%s\" is password-protected (%zu file(s), %zu encrypted archive "
        "entries): gateways cannot scan it, and many quarantine it.",
        "“%s”受密码保护（%zu 个文件，%zu 个加密的压缩包条目）：网关无法扫描，许多会将其隔离。",
        name, n, enc_entries);
    if (!s.h)
        return LSC_ENOMEM;
    return ev_with(&s, LSC_ATT_ENCRYPTED, 1);
}

int lsc__rule_attach_nested_archive(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    size_t i, j, n = 0;
    unsigned deepest = 0;
    const lsc__attach *first = NULL;
    ev_state s;
    for (i = 0; i < m->attach.n; i++) {
        const lsc__attach *a = m->attach.list[i];
        if (!(a->pub.flags & LSC_ATT_NESTED_ARCHIVE))
            continue;
        if (!first)
            first = a;
        for (j = 0; j < a->pub.n_entries; j++)
            if (a->pub.entries[j].flags & LSC_ATT_ARCHIVE) {
                n++;
                if (a->pub.entries[j].depth + 1 > deepest)
                    deepest = a->pub.entries[j].depth + 1;
            }
    }
    if (!first)
        return 0;
    memset(&s, 0, sizeof s);
    s.c = c;
    s.h = lsc__fire(c, deepest > 2 ? 1.0 : 0.7,
        "Put the files into one archive level (or send them as they are).",
        "请把文件放进一层压缩包（或直接发送文件本身）。",
        "\"%s\" holds %zu archive(s) inside it, %u levels deep: archives in "
        "archives are a known way around scanners and are often quarantined.",
        "“%s”内含 %zu 个压缩包，嵌套 %u 层：压缩包套压缩包是绕过扫描的常见手法，常被隔离。",
        att_name(first), n, deepest);
    if (!s.h)
        return LSC_ENOMEM;
    return ev_with(&s, LSC_ATT_ARCHIVE, 1);
}

int lsc__rule_attach_bomb(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    const lsc_limits *lim = &c->eng->limits;
    const lsc__attach *a = NULL;
    const char *name = NULL;
    ev_state s;
    memset(&s, 0, sizeof s);
    s.c = c;
    if (count_with(m, LSC_ATT_ARCHIVE_BOMB, 0, &a, &name)) {
        s.h = lsc__fire(c, 1.0,
            "Do not send this archive: it unpacks to far more than it weighs. "
            "Send the files themselves, or a link.",
            "不要发送此压缩包：解压后远大于其本身。请发送文件本身或链接。",
            "\"%s\" (%llu bytes) unpacks to more than %llu bytes: scanners "
            "treat such an archive as a decompression bomb.",
            "“%s”（%llu 字节）解压后超过 %llu 字节：扫描器会将其视为解压炸弹。",
            name, (unsigned long long)a->pub.decoded_bytes,
            (unsigned long long)lim->max_archive_bytes);
        if (!s.h)
            return LSC_ENOMEM;
        return ev_with(&s, LSC_ATT_ARCHIVE_BOMB, 0);
    }
    if (count_with(m, LSC_ATT_ARCHIVE_LIMIT, 0, &a, &name)) {
        s.h = lsc__fire(c, 0.5,
            "Send fewer files per archive, and no archives inside archives.",
            "每个压缩包少放些文件，也不要压缩包里再套压缩包。",
            "\"%s\" holds more than %zu entries or nests more than %zu "
            "archives deep: scanners give up on such archives.",
            "“%s”包含超过 %zu 个条目或嵌套超过 %zu 层：扫描器会放弃检查这样的压缩包。",
            name, lim->max_archive_entries, lim->max_archive_depth);
        if (!s.h)
            return LSC_ENOMEM;
        return ev_with(&s, LSC_ATT_ARCHIVE_LIMIT, 0);
    }
    return 0;
}

int lsc__rule_attach_macro(lsc__ctx *c)
{
    const lsc__attach *a = NULL;
    const char *name = NULL;
    size_t n = count_with(c->msg, LSC_ATT_MACRO, 0, &a, &name);
    ev_state s;
    if (!n)
        return 0;
    memset(&s, 0, sizeof s);
    s.c = c;
    s.h = lsc__fire(c, 1.0,
        "Save the document without macros (.docx, .xlsx, .pptx) or as a PDF.",
        "请将文档另存为不含宏的格式（.docx、.xlsx、.pptx）或 PDF。",
        "\"%s\" carries macros (a VBA project or macro sheets; %zu file(s)): "
        "macro documents are blocked or quarantined by many gateways and "
        "Office opens them disabled.",
        "“%s”含有宏（VBA 工程或宏表；共 %zu 个文件）：许多网关会拦截或隔离含宏文档，Office 也会禁用宏打开。",
        name, n);
    if (!s.h)
        return LSC_ENOMEM;
    return ev_with(&s, LSC_ATT_MACRO, 1);
}

int lsc__rule_attach_pdf_active(lsc__ctx *c)
{
    const unsigned f = LSC_ATT_PDF_JS | LSC_ATT_PDF_LAUNCH | LSC_ATT_PDF_AUTO_JS;
    const lsc__attach *a = NULL;
    const char *name = NULL;
    size_t n = count_with(c->msg, f, 1, &a, &name);
    const lsc__attach *x = NULL;
    const char *xn = NULL;
    int launch = count_with(c->msg, LSC_ATT_PDF_LAUNCH, 1, &x, &xn) > 0;
    int autojs = count_with(c->msg, LSC_ATT_PDF_AUTO_JS, 1, &x, &xn) > 0;
    ev_state s;
    if (!n)
        return 0;
    memset(&s, 0, sizeof s);
    s.c = c;
    s.h = lsc__fire(c, launch || autojs ? 1.0 : 0.7,
        "Export the PDF again without scripts or actions (\"Print to PDF\" "
        "or \"Save as optimized\" with JavaScript removed).",
        "请重新导出不含脚本和动作的 PDF（如“打印为 PDF”，或优化保存时删除 JavaScript）。",
        "\"%s\" is a PDF with %s%s%s (%zu file(s)): gateways strip or "
        "quarantine PDFs that run code.",
        "“%s”是含有%s%s%s的 PDF（共 %zu 个文件）：网关会删除或隔离会运行代码的 PDF。",
        name, LSC__TR(c, "JavaScript", "JavaScript"),
        autojs ? LSC__TR(c, " that runs on opening", "（打开时自动运行）") : "",
        launch ? LSC__TR(c, " and a /Launch action", "和 /Launch 动作") : "",
        n);
    if (!s.h)
        return LSC_ENOMEM;
    return ev_with(&s, f, 1);
}

/* The largest attachment, for the size evidence. */
static const lsc__attach *largest(const lsc__message *m)
{
    const lsc__attach *best = NULL;
    size_t i;
    for (i = 0; i < m->attach.n; i++)
        if (!best || m->attach.list[i]->pub.encoded_bytes >
                     best->pub.encoded_bytes)
            best = m->attach.list[i];
    return best;
}

static int size_rule(lsc__ctx *c, int over)
{
    const lsc__message *m = c->msg;
    uint64_t limit = m->attach.size_limit, size = m->wire_bytes;
    const char *dom = m->attach.limit_domain ? m->attach.limit_domain : "*";
    const lsc__attach *big;
    ev_state s;
    char *text;
    if (!limit)
        return 0;
    if (over ? size <= limit
             : (size > limit || (double)size < SIZE_WARN_SHARE * (double)limit))
        return 0;
    memset(&s, 0, sizeof s);
    s.c = c;
    if (over)
        s.h = lsc__fire(c, 1.0,
            "Upload the files to a shared drive and send a link instead.",
            "请把文件上传到网盘，改为发送链接。",
            "The message is %.1f MB encoded; the smallest limit among its "
            "recipients is %.1f MB (%s): it will bounce.",
            "邮件编码后为 %.1f MB；收件人中最小的大小上限为 %.1f MB（%s）：邮件将被退回。",
            MBF(size), MBF(limit), dom);
    else
        s.h = lsc__fire(c, ((double)size / (double)limit - SIZE_WARN_SHARE) /
                               (1.0 - SIZE_WARN_SHARE) * 0.5 + 0.5,
            "Send large files as a link: forwarding or one more file will "
            "push it over.",
            "大文件请改用链接发送：一旦转发或再加一个文件就会超限。",
            "The message is %.1f MB encoded, %.0f%% of the %.1f MB its "
            "recipients accept (%s).",
            "邮件编码后为 %.1f MB，已占收件人上限的 %.0f%%（上限 %.1f MB，%s）。",
            MBF(size), 100.0 * (double)size / (double)limit, MBF(limit), dom);
    if (!s.h)
        return LSC_ENOMEM;
    big = largest(m);
    if (big) {
        text = lsc__arena_printf(c->ar, "%s (%.1f MB encoded)", att_name(big),
                                 MBF(big->pub.encoded_bytes));
        if (!text)
            return LSC_ENOMEM;
        return ev(&s, big->pub.part, text);
    }
    text = lsc__arena_printf(c->ar, "%llu bytes", (unsigned long long)size);
    if (!text)
        return LSC_ENOMEM;
    return lsc__evidence_text(c, s.h, LSC_WHERE_MESSAGE, 0, text,
                              strlen(text));
}

int lsc__rule_attach_too_large(lsc__ctx *c)
{
    return size_rule(c, 1);
}

int lsc__rule_attach_near_limit(lsc__ctx *c)
{
    return size_rule(c, 0);
}

int lsc__rule_html_clipped(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    size_t i;
    for (i = 0; i < m->n_parts; i++) {
        const lsc__part *p = m->parts[i];
        size_t n = p->pub.body_bytes;
        lsc__hit *h;
        char *text;
        if (p->pub.kind != LSC_PART_LEAF || !(p->pub.flags & LSC_PART_HTML) ||
            (p->pub.flags & LSC_PART_ATTACHMENT) || n <= GMAIL_CLIP_BYTES)
            continue;
        h = lsc__fire(c, 1.0,
            "Shorten the HTML (inline styles, tracking markup, long tables) "
            "or move content to a web page.",
            "请精简 HTML（内联样式、跟踪代码、长表格），或把内容移到网页上。",
            "The HTML body is %zu bytes; Gmail cuts off HTML after about %zu "
            "bytes and shows \"[Message clipped]\", hiding the rest.",
            "HTML 正文为 %zu 字节；Gmail 会在约 %zu 字节处截断并显示“[Message clipped]”，其余内容被隐藏。",
            n, GMAIL_CLIP_BYTES);
        if (!h)
            return LSC_ENOMEM;
        text = lsc__arena_printf(c->ar, "text/html part %zu: %zu bytes", i, n);
        if (!text)
            return LSC_ENOMEM;
        return lsc__evidence_text(c, h, LSC_WHERE_MESSAGE, i, text,
                                  strlen(text));
    }
    return 0;
}

int lsc__rule_attach_first_contact(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    size_t i, n = 0;
    const lsc__attach *first = NULL;
    lsc__hit *h;
    if (c->eng->flags & LSC_OPT_NO_FIRST_CONTACT)
        return 0;
    if (lsc__msg_header(m, "In-Reply-To") || lsc__msg_header(m, "References"))
        return 0;
    for (i = 0; i < m->attach.n; i++) {
        const lsc__attach *a = m->attach.list[i];
        if (a->pub.flags & LSC_ATT_INLINE)
            continue;
        if (!first)
            first = a;
        n++;
    }
    if (!n)
        return 0;
    h = lsc__fire(c, 1.0,
        "In a first message, introduce yourself and offer the file; send it "
        "once the recipient replies.",
        "首次联系时先介绍自己并说明可提供文件，待对方回复后再发送。",
        "This is a first message (no In-Reply-To or References) with %zu "
        "attachment(s): unsolicited files from unknown senders are scored "
        "as a risk.",
        "这是一封首次联系的邮件（没有 In-Reply-To 或 References），却带有 %zu 个附件："
        "陌生发件人主动发送的文件会被视为风险。",
        n);
    if (!h)
        return LSC_ENOMEM;
    return lsc__evidence_text(c, h, LSC_WHERE_ATTACHMENT, first->pub.part,
                              att_name(first), strlen(att_name(first)));
}

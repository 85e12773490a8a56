/*
 * bounce_text.c - what a bounce means, in plain words, and what to do.
 *
 * Takes: one completed recipient and the engine's language.  Gives: an
 * explanation (the address, the reason in words, the status code) and a
 * concrete suggestion, in English or Chinese, one row per reason class.
 */
#include <stdio.h>

#include "bounce/bounce.h"

#define R(x) LSC_REASON_##x

typedef struct reason_text {
    int reason;
    const char *en_what, *en_todo;
    const char *zh_what, *zh_todo;
} reason_text;

/* what: completes "The message to <addr> ..."; todo: the suggestion. */
static const reason_text texts[] = {
    {R(USERUNKNOWN), "was refused: the address does not exist",
     "Check the spelling of the address (a typo, an old or a scraped address). Do not resend to it; remove it from your lists.",
     "被拒收：该地址不存在", "请检查地址拼写（是否打错、已停用或来自采集的名单）。不要再发往此地址，并把它从名单中删除。"},
    {R(MAILBOXFULL), "could not be delivered: the recipient's mailbox is full",
     "Wait a few days and send again, or reach the person another way; smaller attachments help.",
     "无法投递：收件人邮箱已满", "过几天再发，或通过其他方式联系对方；附件尽量小一些。"},
    {R(FILTERED), "was refused by the recipient's own filter or settings",
     "The recipient does not accept this mail (a filter, a block list or an inactive account). Ask them by another channel to allow your address.",
     "被收件人自己的过滤规则或设置拒收", "对方不接收这封邮件（过滤规则、黑名单或账户不活跃）。请通过其他渠道请对方把你的地址加入白名单。"},
    {R(REJECTED), "was refused because of the sender (the envelope sender or its domain)",
     "Check the sending address and domain: it must exist, be able to receive replies, and not be on a block list.",
     "因发件人（信封发件人或其域名）被拒收", "检查发件地址和域名：地址必须真实存在、能接收回信，且不在黑名单上。"},
    {R(BLOCKED), "was blocked: the receiving server refused your sending server (IP address or host)",
     "Your sending IP or server is on a block list or looks suspicious. Check it on public block lists, ask your mail provider or IT to request delisting, and send through your provider's official server.",
     "被拦截：对方服务器拒绝了你的发信服务器（IP 或主机）", "你的发信 IP 或服务器在黑名单上或被视为可疑。请查询公共黑名单，请邮件服务商或 IT 申请解除，并通过服务商的正规服务器发送。"},
    {R(SPAMDETECTED), "was refused as spam",
     "The content looked like spam. Rewrite it without sales-flyer wording, many links or large images, and score the draft with libscore before sending again.",
     "被判定为垃圾邮件而拒收", "内容像垃圾邮件。请去掉广告式用语、过多链接和大图片后重写，并在重发前用 libscore 给草稿打分。"},
    {R(MESGTOOBIG), "was refused: the message is too large",
     "Send smaller attachments or a download link instead of the files.",
     "被拒收：邮件太大", "请缩小附件，或改为发送下载链接。"},
    {R(HOSTUNKNOWN), "could not be delivered: the domain does not exist or receives no mail",
     "Check the part after the @ for a typo (gmial.com, .con); do not resend until the domain is right.",
     "无法投递：该域名不存在或不接收邮件", "检查 @ 后面的域名是否拼错（如 gmial.com、.con）；改正之前不要重发。"},
    {R(POLICYVIOLATION), "was refused by the receiving organization's policy",
     "The recipient's organization does not accept this kind of mail (attachment type, mailing list rules). Ask the recipient what is allowed.",
     "因对方组织的策略被拒收", "对方组织不接受这类邮件（附件类型、邮件列表规则等）。请询问收件人允许的方式。"},
    {R(SECURITYERROR), "was refused for a security reason (authentication or encryption required)",
     "Send through your provider's authenticated server (SMTP AUTH, TLS) and check your account settings.",
     "因安全原因被拒收（需要认证或加密）", "请通过服务商的认证服务器（SMTP 认证、TLS）发送，并检查账户设置。"},
    {R(AUTHFAILURE), "was refused: your domain's authentication (SPF, DKIM or DMARC) failed",
     "Fix your domain's DNS: an SPF record that lists your sending servers, DKIM signing, and a DMARC policy that matches.",
     "被拒收：你的域名认证（SPF、DKIM 或 DMARC）未通过", "请修正域名的 DNS：SPF 记录要包含你的发信服务器，开启 DKIM 签名，并设置相符的 DMARC 策略。"},
    {R(BADREPUTATION), "was refused because of the sending IP or domain's poor reputation",
     "Slow down, send only to people who asked for your mail, remove bounced addresses, and ask your provider about your IP's reputation.",
     "因发信 IP 或域名信誉差被拒收", "放慢发送速度，只发给愿意接收的人，清理退信地址，并向服务商了解你的 IP 信誉。"},
    {R(REQUIREPTR), "was refused: the sending server has no valid reverse DNS (PTR) record",
     "Ask whoever runs your sending server to set a PTR record that matches its host name, or send through your provider.",
     "被拒收：发信服务器没有有效的反向解析（PTR）记录", "请让发信服务器的管理者设置与主机名一致的 PTR 记录，或改用服务商的服务器发送。"},
    {R(EXPIRED), "could not be delivered in time: the receiving server did not answer and the message expired",
     "The receiving side was unreachable for days. Send again later or contact the recipient another way.",
     "超时未能投递：对方服务器一直无响应，邮件已过期", "对方服务器多日无法连接。请稍后重发，或通过其他方式联系收件人。"},
    {R(SUSPEND), "could not be delivered: the mailbox is suspended or disabled",
     "The account exists but is inactive. Do not keep sending; confirm a current address with the person.",
     "无法投递：该邮箱已被停用或冻结", "账户存在但不活跃。不要继续发送；请向对方确认新的地址。"},
    {R(NORELAYING), "was refused: the server will not relay mail for you",
     "Check the outgoing server in your mail settings and log in to it (SMTP authentication).",
     "被拒收：服务器拒绝为你转发邮件", "检查邮件设置中的发信服务器，并开启登录认证（SMTP 认证）。"},
    {R(SYSTEMERROR), "failed because of an error on the receiving system",
     "The problem is on the receiving side. Send again later.",
     "因对方系统错误而失败", "问题出在接收方。请稍后重发。"},
    {R(SYSTEMFULL), "failed: the receiving system has no space left",
     "The problem is on the receiving side. Send again later.",
     "失败：对方系统存储空间已满", "问题出在接收方。请稍后重发。"},
    {R(NETWORKERROR), "failed because of a network or DNS problem (loop, unreachable host)",
     "Send again later; if it keeps failing, ask the recipient to check their mail server.",
     "因网络或 DNS 问题失败（循环、主机不可达）", "请稍后重发；若一直失败，请对方检查其邮件服务器。"},
    {R(CONTENTERROR), "was refused because of the message's format (headers, encoding)",
     "Send it again from a standard mail program; avoid unusual encodings and very many headers.",
     "因邮件格式（邮件头、编码）被拒收", "请用常规邮件程序重新发送，避免特殊编码和过多邮件头。"},
    {R(EXCEEDLIMIT), "was refused: it exceeds a size limit of the recipient",
     "Send smaller attachments or a download link.",
     "被拒收：超出对方的大小限制", "请缩小附件或改用下载链接。"},
    {R(HASMOVED), "could not be delivered: the person has moved to another address",
     "Use the new address given in the bounce and update your contact list.",
     "无法投递：对方已改用新地址", "请使用退信中给出的新地址，并更新通讯录。"},
    {R(MAILERERROR), "failed because of an error in the receiving mail program",
     "The problem is on the receiving side. Tell the recipient by another channel.",
     "因对方邮件程序出错而失败", "问题出在接收方。请通过其他渠道告知收件人。"},
    {R(NOTACCEPT), "could not be delivered: the domain does not accept mail at all",
     "The domain has no working mail server (or a null MX). Find another way to reach the person.",
     "无法投递：该域名根本不接收邮件", "该域名没有可用的邮件服务器。请用其他方式联系对方。"},
    {R(ONHOLD), "failed for a reason the bounce does not make clear",
     "Read the diagnostic text below; send again later, and if it fails again, contact the recipient another way.",
     "失败，退信未说明明确原因", "请阅读下面的诊断信息；稍后重发，若再次失败，请通过其他方式联系收件人。"},
    {R(SYNTAXERROR), "was refused because of an SMTP syntax error",
     "Your sending program or server sent something the receiver did not understand; update it or use your provider's server.",
     "因 SMTP 语法错误被拒收", "你的发信程序或服务器发出了对方无法识别的命令；请升级或改用服务商的服务器。"},
    {R(TOOMANYCONN), "was refused: too many connections or messages from your server",
     "Send fewer messages at once and spread them over time.",
     "被拒收：你的服务器连接或邮件过多", "减少一次发送的数量，分批发送。"},
    {R(SPEEDING), "was delayed or refused: you are sending too fast",
     "Slow down: spread the sending over hours, not minutes.",
     "被延迟或拒收：发送速度太快", "放慢速度：把发送分散到几个小时，而不是几分钟。"},
    {R(VIRUSDETECTED), "was refused: a virus or dangerous attachment was found",
     "Check the attachment with an up-to-date scanner; send documents as PDF or a link, never executables.",
     "被拒收：发现病毒或危险附件", "请用最新的杀毒软件检查附件；文件请以 PDF 或链接形式发送，切勿发送可执行文件。"},
    {R(NOTCOMPLIANTRFC), "was refused: the message does not follow the mail standard (RFC 5322)",
     "Typical causes: duplicate From/Subject/Date headers or a broken header. Send from a standard mail program.",
     "被拒收：邮件不符合邮件标准（RFC 5322）", "常见原因：重复的 From/Subject/Date 邮件头或损坏的邮件头。请用常规邮件程序发送。"},
    {R(FAILEDSTARTTLS), "failed: the encrypted connection (STARTTLS) could not be set up",
     "Ask whoever runs your sending server to check its TLS settings and certificates.",
     "失败：无法建立加密连接（STARTTLS）", "请让发信服务器的管理者检查 TLS 设置和证书。"},
    {R(VACATION), "was answered automatically: the person is away",
     "No need to resend; wait for their return or write to the contact named in the reply.",
     "收到自动回复：对方不在", "无需重发；等对方回来，或联系自动回复中给出的联系人。"},
    {R(FEEDBACK), "was reported as spam by the recipient (a complaint)",
     "Stop sending to this address, and check how it got on your list: complaints harm your reputation for everyone.",
     "被收件人举报为垃圾邮件（投诉）", "停止向此地址发送，并检查它是如何进入你的名单的：投诉会损害你对所有收件人的信誉。"},
    {R(DELIVERED), "was delivered",
     "Nothing to do.", "已投递成功", "无需处理。"},
    {R(UNDEFINED), "failed for an unknown reason",
     "Read the diagnostic text; send again later or contact the recipient another way.",
     "失败，原因不明", "请阅读诊断信息；稍后重发或通过其他方式联系收件人。"},
};

int lsc__bounce_explain(lsc__arena *ar, lsc_lang lang, const lsc__brcpt *r,
                        char **explanation, char **suggestion)
{
    const reason_text *t = &texts[LSC__COUNT(texts) - 1];
    size_t i;
    char code[32] = "";
    for (i = 0; i < LSC__COUNT(texts); i++)
        if (texts[i].reason == r->reason) {
            t = &texts[i];
            break;
        }
    if (r->status[0] && r->reply)
        snprintf(code, sizeof code, " (%s, %d)", r->status, r->reply);
    else if (r->status[0])
        snprintf(code, sizeof code, " (%s)", r->status);
    if (lang == LSC_LANG_ZH) {
        *explanation = lsc__arena_printf(ar, "发往 %s 的邮件%s%s。%s",
                                         r->addr, t->zh_what, code,
                                         r->hard ? "这是硬退信。" : "");
        *suggestion = lsc__arena_printf(ar, "%s", t->zh_todo);
    } else {
        *explanation = lsc__arena_printf(ar, "The message to %s %s%s.%s",
                                         r->addr, t->en_what, code,
                                         r->hard ? " This is a hard bounce." : "");
        *suggestion = lsc__arena_printf(ar, "%s", t->en_todo);
    }
    return *explanation && *suggestion ? 0 : LSC_ENOMEM;
}

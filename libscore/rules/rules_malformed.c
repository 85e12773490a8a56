/*
 * rules_malformed.c - rules about mail that could not be read whole.
 *
 * Takes: the message flags set by mime.c and decode.c.  Gives: hits for
 * what a receiving filter would also find broken.
 */
#include "rules/rules.h"

int lsc__rule_mime_limit(lsc__ctx *c)
{
    static const unsigned limit_flags = LSC_MSG_TRUNCATED |
        LSC_MSG_TOO_MANY_PARTS | LSC_MSG_TOO_DEEP | LSC_MSG_TOO_MANY_HEADERS |
        LSC_MSG_HEADER_TOO_LONG;
    unsigned f = c->msg->flags & limit_flags;
    lsc__hit *h;
    if (!f)
        return 0;
    h = lsc__fire(c, 1.0,
                  "Send large content as a link and keep the message flat.",
                  "大文件请改用链接发送，并减少邮件的嵌套层次。",
                  "The message reached a reading limit (flags 0x%x): filters "
                  "treat such mail as suspicious.",
                  "邮件达到读取上限（标志 0x%x），过滤器会视其为可疑邮件。", f);
    return h ? 0 : LSC_ENOMEM;
}

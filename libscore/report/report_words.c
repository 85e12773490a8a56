/*
 * report_words.c - every word the report page says itself, in English and
 * in Chinese.  The findings' explanations and suggestions come from the
 * engine in its own language; these are the headings, labels and notes
 * around them.  Formats take the arguments report.c gives them (noted).
 */
#include "report/report.h"

static const lsc__rwords en = {
    "en", "Delivery check", "Contents", "Risk", "of 100",
    "%.1f points, %zu findings",
    { "Low risk", "Medium risk", "High risk", "Not an email" },
    { "Most mail that scores this little is delivered; nothing a filter "
      "would act on.",
      "Spam and ordinary mail score this much about equally often: some "
      "filters may flag it. Worth fixing.",
      "Likely to be filtered or rejected. Fix the findings below before "
      "sending.",
      "This input is not an email message: nothing about its delivery can "
      "be judged." },
    "Findings", "No findings: nothing in this draft is known to get mail "
    "filtered.", "Fix", "Group", "Evidence",
    "Fix this: %+.1f points, risk %+d.",          /* double int (<= 0) */
    "weight %.2f \xC3\x97 strength %.2f",
    "(not highlighted)",
    { "the message as a whole", "subject", "body", "header", "attachment",
      "link" },
    "The message as the reader sees it", "Subject",
    { "From", "To", "Cc", "Reply-To" }, "(no subject)", "(no text)",
    "Other versions of the body", "%zu image(s), %zu of them remote: "
    "not shown, and never loaded by this page.",              /* zu zu */
    "The text was cut here by a limit.",
    "Links", "Shown text", "Real target", "Notes", "(no text)",
    "Links are listed as text; this page does not open them.",
    { "the text shows another domain", "bare IP address", "URL shortener",
      "mail address", "script link", "in hidden text", "image map", "" },
    "%zu more not listed.",                                   /* zu */
    "Attachments", "File", "Declared type", "Real type", "Size", "Contents",
    "Message size", "%s of the %s limit",                       /* s s */
    "over the limit", "shown in the body", "Findings about this file",
    "Against each provider's limit", "Recipient domain", "Limit",
    "any other domain", "blocked",
    "History", "No earlier letters like this one in the history.",
    "Resembles %zu letter(s) sent in the last %d days (up to %d%% alike).",
    "Nearest earlier letter: %d%% alike, sent %s.",           /* int s */
    "It differs from it in %zu of %zu words.",                /* zu zu */
    "Made by libscore %s. This page loads nothing and runs no script.",
    "How risk follows from points: %.2f points is risk %d (medium), "
    "%.1f points is risk %d (high); above that the risk comes closer to "
    "100 without reaching it (%.0f points: %d).",
    ": ", " (", ")"
};

static const lsc__rwords zh = {
    "zh", "投递风险检查", "目录", "风险", "/ 100",
    "%.1f 分，%zu 项问题",
    { "低风险", "中风险", "高风险", "不是邮件" },
    { "得分这么低的邮件大多能正常送达，过滤器不会因此拦截。",
      "垃圾邮件和正常邮件得到这个分数的概率差不多：部分过滤器可能拦截，建议修改。",
      "很可能被过滤或退回。发送前请先修改下面的问题。",
      "输入的不是邮件，无法判断投递情况。" },
    "发现的问题", "未发现问题：这封草稿中没有已知会导致被过滤的内容。",
    "建议", "类别", "证据",
    "修改此项：%+.1f 分，风险 %+d。",
    "权重 %.2f \xC3\x97 强度 %.2f",
    "（未标出）",
    { "整封邮件", "主题", "正文", "邮件头", "附件", "链接" },
    "收件人看到的邮件", "主题", { "发件人", "收件人", "抄送", "回复地址" },
    "（无主题）", "（无正文）",
    "正文的其他版本", "共 %zu 张图片，其中 %zu 张为远程图片：不显示，本页也不会加载。",
    "正文在此处因长度限制被截断。",
    "链接", "显示文字", "实际目标", "说明", "（无文字）",
    "链接仅以文字列出，本页不会打开它们。",
    { "显示的域名与实际不同", "直接使用 IP 地址", "短链接", "邮件地址",
      "脚本链接", "位于隐藏文字中", "图片热区", "" },
    "另有 %zu 项未列出。",
    "附件", "文件", "声明类型", "实际类型", "大小", "内容",
    "邮件大小", "%s，限制为 %s",
    "超出限制", "显示在正文中", "与此文件有关的问题",
    "与各邮件服务商限制的对比", "收件人域名", "限制", "其他域名", "被拦截",
    "历史记录", "历史记录中没有与此相似的邮件。",
    "与最近 %2$d 天内发送的 %1$zu 封邮件相似（最高相似度 %3$d%%）。",
    "最相近的一封：相似度 %d%%，发送于%s。",
    "两者在 %zu 个词中有不同（共 %zu 个词）。",
    "由 libscore %s 生成。本页不加载任何内容，也不运行任何脚本。",
    "风险与分数的对应：%.2f 分对应风险 %d（中），%.1f 分对应风险 %d（高）；"
    "更高的分数使风险逐渐接近 100 但不会达到（%.0f 分：%d）。",
    "：", "（", "）"
};

const lsc__rwords *lsc__report_words(lsc_lang lang)
{
    return lang == LSC_LANG_ZH ? &zh : &en;
}

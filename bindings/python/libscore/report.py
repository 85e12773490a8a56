"""The readable report, byte for byte the one score-draft prints.

Takes: a Result.  Gives: the report as bytes (UTF-8), the same text as
examples/sd_out.c's sd_report (tests/test_cli.py compares the two on
every example draft and test message).  Works on bytes because evidence
offsets are byte offsets into UTF-8 text.
"""

CONTEXT_BYTES = 40   # SD_CONTEXT_BYTES
MAX_EVIDENCE = 3     # SD_MAX_EVIDENCE

# Labels carry their own colon ("fix: ", "建议："): Chinese takes
# full-width punctuation.
WORDS = {
    "en": {
        "risk": "risk", "level": ("low", "medium", "high", "unreadable"),
        "points": " (%.1f points): ", "finding": "finding", "findings": "findings",
        "none": "no findings",
        "fix": "fix: ", "more": "(+%d more)", "subject": "subject: ",
        "link": "link: ", "attachment": "attachment: ",
        "meaning": ("likely to be delivered",
                    "some filters may flag it; worth fixing",
                    "likely to be filtered or rejected; fix before sending",
                    "this is not an email: nothing about its delivery can "
                    "be judged"),
        "fix_this": "fix this: %+.1f points (risk %d)", "colon": ": ",
    },
    "zh": {
        "risk": "风险", "level": ("低", "中", "高", "无法读取"),
        "points": "（%.1f 分）：",
        "finding": "项问题", "findings": "项问题", "none": "未发现问题",
        "fix": "建议：",
        "more": "（另有 %d 处）", "subject": "主题：", "link": "链接：",
        "attachment": "附件：",
        "meaning": ("大概率可以正常送达",
                    "部分过滤器可能拦截，建议修改",
                    "很可能被过滤或退回，发送前请修改",
                    "这不是邮件，无法判断投递情况"),
        "fix_this": "修改此项：%+.1f 分（风险 %d）", "colon": "：",
    },
}

LEVEL_COLOUR = (b"\033[1;32m", b"\033[1;33m", b"\033[1;31m",
                b"\033[1;35m")
_SPACES = b" \t\n\r\f\v"


def _utf8_back(s, i):
    while i > 0 and i < len(s) and (s[i] & 0xC0) == 0x80:
        i -= 1
    return i


def _flat(out, s, state):
    """Line breaks and runs of blanks become one space; other control
    bytes are dropped (state[0]: the last byte written was a space; None
    inside the evidence itself, where every blank stays a space)."""
    for c in s:
        if c in _SPACES:
            if state[0] is not True:
                out.append(0x20)
            if state[0] is not None:
                state[0] = True
        elif c < 0x20 or c == 0x7F:
            continue
        else:
            out.append(c)
            if state[0] is not None:
                state[0] = False


def _in_context(out, src, s, e, color):
    n = len(src)
    if s > n:
        s = n
    if e > n or e < s:
        e = s
    frm = s - CONTEXT_BYTES if s > CONTEXT_BYTES else 0
    frm = _utf8_back(src, frm)
    if frm > 0:
        for i in range(frm, s):
            if src[i] in _SPACES:
                frm = i + 1
                break
    to = e + CONTEXT_BYTES if e + CONTEXT_BYTES < n else n
    to = _utf8_back(src, to)
    if to < n:
        i = to
        while i > e:
            if src[i - 1] in _SPACES:
                to = i - 1
                break
            i -= 1
    out += "\u2026".encode() if frm > 0 else b'"'
    st = [False]
    _flat(out, src[frm:s], st)
    out += b"\033[1;31m" if color else b"["
    _flat(out, src[s:e], [None])
    st = [False]
    out += b"\033[0m" if color else b"]"
    _flat(out, src[e:to], st)
    out += "\u2026".encode() if to < n else b'"'


def _evidence(out, r, ev, w, color):
    src = None
    if ev.where == "subject":
        src = r.subject_bytes
        out += w["subject"].encode()
    elif ev.where == "body":
        src = r.source_bytes(ev)
    elif ev.where == "header" and ev.header is not None:
        src = r.source_bytes(ev)
        out += ev.header.encode() + b": "
    elif ev.where == "link":
        out += w["link"].encode()
    elif ev.where == "attachment":
        out += w["attachment"].encode()
    text = ev.raw_text
    if src is not None and text is not None and ev.end >= ev.start and \
            ev.end <= len(src) and len(text) == ev.end - ev.start and \
            src[ev.start:ev.end] == text:
        _in_context(out, src, ev.start, ev.end, color)
    elif text is not None:
        out += b'"'
        _flat(out, text, [False])
        out += b'"'
    out += b"\n"


def report(path, r, lang="en", color=False):
    """The report of one Result as bytes; path as it should be shown."""
    w = WORDS["zh" if lang == "zh" else "en"]
    li = {"unreadable": 3, "high": 2, "medium": 1}.get(r.level, 0)
    bold = b"\033[1m" if color else b""
    dim = b"\033[2m" if color else b""
    off = b"\033[0m" if color else b""
    out = bytearray()
    p = path.encode("utf-8", "surrogateescape") if isinstance(path, str) \
        else path
    out += bold + p + off + b"\n"
    if li == 3:     # no risk to give: say what it is
        out += b"  " + (LEVEL_COLOUR[li] if color else b"") + \
            w["level"][li].encode() + off + \
            (w["colon"] + w["meaning"][li] + "\n").encode()
    else:
        out += ("  %s %d/100 " % (w["risk"], r.risk)).encode()
        out += (LEVEL_COLOUR[li] if color else b"") + \
            w["level"][li].encode() + off
        out += ((w["points"] % r.points) + w["meaning"][li] + "\n").encode()
    if not r.hits:
        out += ("  %s\n\n" % w["none"]).encode()
        return bytes(out)
    out += ("  %d %s\n" % (len(r.hits), w["finding"] if len(r.hits) == 1
                            else w["findings"])).encode()
    for h in r.hits:
        out += ("\n  %+5.1f  " % h.points).encode() + bold + \
            h.id.encode() + off + b"  " + \
            (h.raw_explanation or b"") + b"\n"
        for ev in h.evidence[:MAX_EVIDENCE]:
            out += b"         "
            _evidence(out, r, ev, w, color)
        if len(h.evidence) > MAX_EVIDENCE:
            out += b"         " + dim + (w["more"] % (
                len(h.evidence) - MAX_EVIDENCE)).encode() + off + b"\n"
        if h.raw_suggestion:
            out += b"         " + bold + w["fix"].encode() + off + \
                h.raw_suggestion + b"\n"
        if h.fix_points <= -0.05:
            out += b"         " + (w["fix_this"] % (
                h.fix_points, h.fix_risk)).encode() + b"\n"
    out += b"\n"
    return bytes(out)

"""python3 -m libscore [options] FILE|DIR|- ...

Prints the same report as score-draft (examples/score-draft.c): the same
text for the same files, directories walked in the same order, and the
same exit status (0, 1 when --fail-above was exceeded, 2 on errors).

  --json          one JSON object per message ({"path": ..., result})
  --format tsv    path, points, risk, level, rule ids (--header: a first
                  row naming the columns)
  --lang en|zh    language of explanations
  --fail-above R  exit 1 when a message's risk is above R (0-100) or its
                  level above R (low, medium, high), and for input that
                  is not an email
  --sent          judge as delivered mail, not as a draft
  --config FILE   weights and switches
  --wordlists DIR extra phrase lists
  --history PATH  compare with earlier mail (a file or postgresql:// URL);
                  --record adds each message, --sender NAME says who sent it
python3 -m libscore history stats PATH|URL [--now EPOCH]
"""

import json
import os
import stat as _stat
import sys

import time

from . import History, LibscoreError, Scorer
from .report import report

SKIP_SUFFIXES = (".md", ".tsv")

_ZH_LEVEL = {"low": "低", "medium": "中", "high": "高", "unreadable": "不是邮件"}


def _is_blank(line):
    return line in (b"\n", b"\r\n")


def _lines(data):
    """Lines ending in LF (kept), as score-draft splits them."""
    i = 0
    while i < len(data):
        j = data.find(b"\n", i)
        j = len(data) if j < 0 else j + 1
        yield data[i:j]
        i = j


def _unquote(chunk):
    """'>From ' lines lose one '>' (mboxrd/mboxo quoting)."""
    out = []
    for line in _lines(chunk):
        g = len(line) - len(line.lstrip(b">"))
        if g and line[g:].startswith(b"From "):
            line = line[1:]
        out.append(line)
    return b"".join(out)


def _messages(path, data):
    """(name, bytes) of each message: an mbox (a file beginning "From ")
    of more than one message gives PATH:N each, as score-draft does
    (examples/sd_mbox.c); a file named *.eml and anything else is one
    message, as it is."""
    if not data.startswith(b"From ") or str(path).lower().endswith(".eml"):
        return [(path, data)]
    bounds, start, pos, prev = [], 0, 0, None
    for line in _lines(data):
        if pos > start and line.startswith(b"From ") and prev is not None \
                and _is_blank(prev):
            bounds.append((start, pos - len(prev)))
            start = pos
        prev = line
        pos += len(line)
    end = len(data)
    if prev is not None and _is_blank(prev) and len(data) > start:
        end -= len(prev)
    bounds.append((start, end))
    if len(bounds) == 1:
        return [(path, data)]
    return [("%s:%d" % (path, i + 1), _unquote(data[a:b]))
            for i, (a, b) in enumerate(bounds)]


def _summary(counts, unread, lang):
    """score-draft's last line of a report of more than one message."""
    total = sum(counts.values()) + unread
    if total < 2:
        return b""
    zh = lang == "zh"
    parts = []
    for name in ("high", "medium", "low", "unreadable") + tuple(sorted(
            set(counts) - {"high", "medium", "low", "unreadable"})):
        if counts.get(name):
            parts.append("%s %d" % (_ZH_LEVEL.get(name, name), counts[name])
                         if zh else "%d %s" % (counts[name], name))
    if unread:
        parts.append("%d 封无法读取" % unread if zh else "%d not read" % unread)
    head = "共 %d 封：" % total if zh else "%d messages: " % total
    return (head + ("，" if zh else ", ").join(parts) + "\n").encode()


def _walk(path, depth=0):
    """Files of a directory sorted by byte name, skipping dot files and
    .md/.tsv, then its sub-directories (score-draft's order)."""
    if depth > 32:
        return
    try:
        names = sorted((n for n in os.listdir(os.fsencode(path))
                        if not n.startswith(b".")))
    except OSError as e:
        sys.stderr.write("libscore: %s: %s\n" % (path, e.strerror))
        yield None
        return
    sep = "" if path.endswith("/") else "/"
    subdirs = []
    for n in names:
        full = path + sep + os.fsdecode(n)
        try:
            st = os.stat(full)
        except OSError:
            continue

        if _stat.S_ISREG(st.st_mode):
            if n.endswith(b".md") or n.endswith(b".tsv"):
                continue
            yield full
        elif _stat.S_ISDIR(st.st_mode):
            subdirs.append(full)
    for d in subdirs:
        yield from _walk(d, depth + 1)


def _json_line(path, res_json):
    head = b'{"path":' + json.dumps(path, ensure_ascii=False).encode(
        "utf-8", "surrogateescape")
    if len(res_json) > 2:
        return head + b"," + res_json[1:] + b"\n"
    return head + b"}\n"


def _fmt_time(t):
    if not t:
        return "-"
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(t))


def history_main(argv):
    """history stats PATH [--now EPOCH]: what a history holds and the team
    view (sd_history.c's text)."""
    now = 0
    if len(argv) == 4 and argv[2] == "--now":
        now = int(argv[3])
        argv = argv[:2]
    if len(argv) != 2 or argv[0] != "stats":
        sys.stderr.write("usage: score-draft history stats PATH|URL "
                         "[--now EPOCH]\n")
        return 2
    path = argv[1]
    try:
        with History(path, readonly=True) as h:
            s = h.stats()
            team, truncated = h.team_stats(now)
            total, domains = h.bounce_stats(10)
    except LibscoreError as e:
        sys.stderr.write("score-draft: %s: %s\n" % (path, e.message))
        return 2
    out = ["%-18s %s" % ("history", path),
           "%-18s %d" % ("entries", s["entries"]),
           "%-18s %s" % ("oldest", _fmt_time(s["oldest"])),
           "%-18s %s" % ("newest", _fmt_time(s["newest"])),
           "%-18s %d" % ("domains", s["domains"])]
    if s["top_domain"]:
        out.append("%-18s %s (%d messages)" % ("top domain", s["top_domain"],
                                               s["top_domain_count"]))
    out.append("%-18s %d messages >= 80%% alike" % ("largest template",
                                                  s["largest_template"]))
    out.append("%-18s %d days" % ("kept for", int(s["max_age"] / 86400)))
    out.append("%-18s %.1f KiB" % ("index memory", s["memory_bytes"] / 1024.0))
    out.append("%-18s %d" % ("bounces", total))
    for i, (d, n, hard) in enumerate(domains):
        out.append("%-18s %s: %d (%d hard)" % ("" if i else "bounces by domain",
                                               d, n, hard))
    out.append("")
    out.append("team view: letters per sender and recipient domain; "
               "\"similar\" = near copy")
    out.append("of another letter to that domain the same day%s"
               % (" (oldest letters left out)" if truncated else ""))
    out.append("%-28s %-24s %6s %8s %6s %8s" % ("sender", "domain", "1 hour",
                                                "similar", "24 h", "similar"))
    for r in team:
        out.append("%-28s %-24s %6d %8d %6d %8d"
                   % (r["sender"] or "-", r["domain"], r["sent_hour"],
                      r["similar_hour"], r["sent_day"], r["similar_day"]))
    if not team:
        out.append("(no letters in the last 24 hours)")
    sys.stdout.buffer.write(("\n".join(out) + "\n").encode())
    sys.stdout.flush()
    return 0


_LEVELS = ("low", "medium", "high")


def _fail_above(v):
    """--fail-above VALUE as ("level", index) or ("risk", number), or None
    when it is neither (as score-draft's sd_fail.c)."""
    if v in _LEVELS:
        return ("level", _LEVELS.index(v))
    try:
        d = float(v)
    except ValueError:
        return None
    if not (0.0 <= d <= 100.0):
        return None
    return ("risk", d)


def _fails(gate, r):
    """Whether a Result trips the gate: not an email always does."""
    if r.level == "unreadable":
        return True
    if gate[0] == "level":
        return r.level in _LEVELS and _LEVELS.index(r.level) > gate[1]
    return r.risk > gate[1]


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "history":
        return history_main(argv[1:])
    fmt = "report"
    history_path = None
    sender = None
    record = False
    lang = "en"
    fail_above = None
    mode = "draft"
    kw = {}
    files = []
    header = False
    i = 0
    while i < len(argv):
        a = argv[i]
        nxt = argv[i + 1] if i + 1 < len(argv) else None
        if a == "--json":
            fmt = "json"
        elif a == "--format" and nxt is not None:
            i += 1
            if nxt not in ("tsv", "json", "text"):
                sys.stderr.write("libscore: unknown format '%s'\n" % nxt)
                return 2
            fmt = {"text": "report"}.get(nxt, nxt)
        elif a == "--lang" and nxt is not None:
            i += 1
            if nxt not in ("en", "zh"):
                sys.stderr.write("libscore: unknown language '%s'\n" % nxt)
                return 2
            lang = nxt
            # The command line wins over the config file's "lang": config
            # text is read after the file (score-draft does the same).
            kw["config"] = "lang %s\n" % nxt
        elif a == "--fail-above" and nxt is not None:
            i += 1
            fail_above = _fail_above(nxt)
            if fail_above is None:
                sys.stderr.write("libscore: --fail-above takes a risk from 0 "
                                 "to 100 or a level (low, medium, high), "
                                 "not '%s'\n" % nxt)
                return 2
        elif a == "--sent":
            mode = "sent"
        elif a == "--history" and nxt is not None:
            i += 1
            history_path = nxt
        elif a == "--sender" and nxt is not None:
            i += 1
            sender = nxt
        elif a == "--record":
            record = True
        elif a == "--config" and nxt is not None:
            i += 1
            kw["config_path"] = nxt
        elif a == "--wordlists" and nxt is not None:
            i += 1
            kw["wordlist_dir"] = nxt
        elif a == "--header":
            header = True
        elif a in ("-h", "--help"):
            sys.stdout.write(__doc__)
            return 0
        elif a.startswith("--"):
            sys.stderr.write("libscore: unknown option '%s'\n" % a)
            return 2
        else:
            files.append(a)
        i += 1
    if not files:
        sys.stderr.write(__doc__)
        return 2
    if record and history_path is None:
        sys.stderr.write("libscore: --record needs --history PATH\n")
        return 2
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR") and \
        os.environ.get("TERM") != "dumb"
    out = sys.stdout.buffer
    status = 0
    try:
        scorer = Scorer(lang=lang, **kw)
        lang = scorer.language
    except LibscoreError as e:
        sys.stderr.write("libscore: %s\n" % e)
        return 2
    history = None
    if history_path is not None:
        try:
            history = History(history_path)
            if sender:
                history.set_sender(sender)
        except LibscoreError as e:
            sys.stderr.write("score-draft: %s: %s\n" % (history_path,
                                                        e.message))
            scorer.close()
            return 2
    counts = {}
    unread = 0

    def _one(p, data):
        nonlocal unread
        st = status
        try:
            r, js = scorer.score(data, mode=mode, history=history,
                                 fingerprint=record, _json=True)
        except LibscoreError as e:
            sys.stderr.write("libscore: %s: %s\n" % (p, e.message))
            unread += 1
            return 2
        if fmt == "json":
            out.write(_json_line(p, js))
        elif fmt == "tsv":
            out.write(("%s\t%.3f\t%d\t%s\t%s\n" % (
                p, r.points, r.risk, r.level,
                ",".join(h.id for h in r.hits))).encode(
                    "utf-8", "surrogateescape"))
        else:
            out.write(report(p, r, lang=lang, color=color))
        if history is not None and record:
            try:
                history.add(r)
            except LibscoreError as e:
                sys.stderr.write("score-draft: %s: %s\n"
                                 % (history_path, e.message))
                st = 2
        if fail_above is not None and _fails(fail_above, r) and st == 0:
            st = 1
        counts[str(r.level)] = counts.get(str(r.level), 0) + 1
        return st

    if header and fmt == "tsv":
        out.write(b"path\tpoints\trisk\tlevel\trules\n")
    with scorer:
        for f in files:
            paths = [f]
            if f != "-" and os.path.isdir(f):
                paths = _walk(f)
            for p in paths:
                if p is None:
                    status = 2
                    continue
                try:
                    if p == "-":
                        data = sys.stdin.buffer.read()
                    else:
                        with open(p, "rb") as fh:
                            data = fh.read()
                except OSError as e:
                    sys.stderr.write("libscore: %s: %s\n" % (p, e.strerror))
                    status = 2
                    unread += 1
                    continue
                for name, msg in _messages(p, data):
                    status = _one(name, msg)
        if fmt == "report":
            out.write(_summary(counts, unread, lang))
    out.flush()
    if history is not None:
        history.close()
    return status


if __name__ == "__main__":
    sys.exit(main())

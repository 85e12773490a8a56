#!/usr/bin/env python3
"""man_from_header.py - libscore(3) from include/libscore.h.

Takes: the public header (its comments are the manual) and the version.
Gives: a man page in roff on stdout.  The header's opening comment becomes
NAME and DESCRIPTION, each banner comment

    /* ------------------------------------------------------------------ */
    /* Title                                                               */
    /* ------------------------------------------------------------------ */

a section, every other comment a paragraph kept line for line, and every
declaration a code block below the comment that explains it (cmark builds
cmark(3) from cmark.h the same way).  Include guards, the LSC_API macro
and extern "C" are left out: they are plumbing, not interface.

    python3 tools/man_from_header.py include/libscore.h 0.1.0 > libscore.3
"""
import re
import sys

PLUMBING = re.compile(r'^\s*(#\s*(ifndef|ifdef|if|elif|else|endif|include)\b'
                      r'|#\s*define\s+(LIBSCORE_H|LSC_API)\b'
                      r'|extern\s+"C"|}\s*$)')


def roff(line):
    """One line of text made safe for roff: backslashes and leading dots
    or quotes would be read as requests or escapes."""
    line = line.replace("\\", "\\e")
    if line.startswith((".", "'")):
        line = "\\&" + line
    return line


def comment_lines(block):
    """The text of a /* ... */ block, its " * " margin removed."""
    text = block.strip()
    text = re.sub(r"^/\*+", "", text)
    text = re.sub(r"\*+/$", "", text)
    out = []
    for ln in text.split("\n"):
        ln = re.sub(r"^\s*\* ?", "", ln) if ln.strip().startswith("*") else ln.strip()
        out.append(ln.rstrip())
    while out and not out[0]:
        out.pop(0)
    while out and not out[-1]:
        out.pop()
    return out


def chunks(src):
    """(kind, text) for each comment block and each run of code lines."""
    i, n = 0, len(src)
    items = []
    code = []
    depth = 0   # braces and parentheses open in the current declaration

    def flush():
        if code:
            items.append(("code", "\n".join(code)))
            del code[:]

    lines = src.split("\n")
    k = 0
    while k < len(lines):
        ln = lines[k]
        s = ln.strip()
        if depth == 0 and s.startswith("/*"):
            block = [ln]
            while "*/" not in lines[k]:
                k += 1
                block.append(lines[k])
            # A comment that ends a code line belongs to that line.
            flush()
            items.append(("comment", "\n".join(block)))
            k += 1
            continue
        if not s:
            if depth == 0:
                flush()
            k += 1
            continue
        if depth == 0 and PLUMBING.match(ln):
            # #define LSC_API ... #endif block and the guards.
            k += 1
            continue
        code.append(ln.rstrip())
        depth += ln.count("{") + ln.count("(") - ln.count("}") - ln.count(")")
        if depth < 0:
            depth = 0
        k += 1
    flush()
    return items


def main():
    header, version = sys.argv[1], sys.argv[2]
    src = open(header, encoding="utf-8").read()
    # The LSC_API definitions are plumbing: drop the whole #if block.
    src = re.sub(r"#if defined\(_WIN32\).*?#endif\n", "", src, flags=re.S)
    items = chunks(src)
    out = []
    w = out.append
    w('.\\" Generated from include/libscore.h by tools/man_from_header.py;')
    w('.\\" edit the header, not this file.')
    w('.TH LIBSCORE 3 "" "libscore %s" "libscore Manual"' % version)
    first = comment_lines(items[0][1])
    title = first[0]
    name, _, what = title.partition(" - ")
    w(".SH NAME")
    w("libscore \\- " + roff(what or title))
    w(".SH SYNOPSIS")
    w(".nf")
    w(".B #include <libscore.h>")
    w(".PP")
    w("cc prog.c $(pkg-config \\-\\-cflags \\-\\-libs libscore)")
    w(".fi")
    w(".SH DESCRIPTION")
    body = first[1:]
    while body and not body[0]:
        body.pop(0)
    w(".nf")
    for ln in body:
        w(roff(ln))
    w(".fi")
    rest = items[1:]
    k = 0
    while k < len(rest):
        kind, text = rest[k]
        if kind == "comment":
            lines = comment_lines(text)
            if len(lines) == 1 and re.fullmatch(r"-{10,}", lines[0].strip()):
                # A banner: rule, title, rule.
                if k + 2 < len(rest) and rest[k + 1][0] == "comment":
                    t = comment_lines(rest[k + 1][1])
                    w(".SH " + roff(" ".join(t).strip().upper()))
                    k += 3
                    continue
                k += 1
                continue
            w(".PP")
            w(".nf")
            for ln in lines:
                w(roff(ln))
            w(".fi")
        else:
            w(".PP")
            w(".EX")
            for ln in text.split("\n"):
                w(roff(ln))
            w(".EE")
        k += 1
    w(".SH SEE ALSO")
    w(".BR score-draft (1),")
    w(".BR pkg-config (1)")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()

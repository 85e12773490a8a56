"""check_corpus.py [--sd SCORE_DRAFT] DIR: the binding says what
score-draft --json says, on every message of DIR (make check-python).

For each message score-draft prints, the binding scores the same file and
the two must agree on points, risk, level, subject, flags and every hit
(id, group, weight, strength, points, texts, and every piece of evidence
with its span).  Numbers are compared as the JSON writer prints them
(%.4g).  Also checks that score-draft saw every file the walk finds, and
lists any function of libscore.h the binding does not declare yet.
Exit status 0 when everything agrees, 1 otherwise.
"""
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "tests"))

import libscore  # noqa: E402
from libscore.__main__ import _walk  # noqa: E402
from support import normalize  # noqa: E402
from test_layout import header_functions  # noqa: E402


def first_difference(a, b, where=""):
    if type(a) is not type(b):
        return "%s: %r != %r" % (where, a, b)
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return "%s.%s: only in %s" % (where, k,
                                              "binding" if k in a else "sd")
            d = first_difference(a[k], b[k], where + "." + k)
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return "%s: %d items != %d" % (where, len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, "%s[%d]" % (where, i))
            if d:
                return d
        return None
    return None if a == b else "%s: %r != %r" % (where, a, b)


def main(argv):
    sd = os.environ.get("LSC_SD") or os.path.join(HERE, "..", "..",
                                                  "examples", "score-draft")
    args = list(argv)
    if len(args) >= 2 and args[0] == "--sd":
        sd = args[1]
        args = args[2:]
    if len(args) != 1:
        sys.stderr.write(__doc__)
        return 2
    corpus = args[0].rstrip("/") or "/"
    t0 = time.time()
    p = subprocess.run([sd, "--json", corpus], capture_output=True)
    if p.returncode not in (0, 1):
        sys.stderr.write(p.stderr.decode(errors="replace"))
        print("check-python: score-draft failed (%d)" % p.returncode)
        return 1
    t_sd = time.time() - t0
    lines = p.stdout.splitlines()
    files = [f for f in _walk(corpus) if f is not None]
    bad = 0
    shown = 0
    hits = 0
    t0 = time.time()
    with libscore.Scorer() as s:
        for line in lines:
            want = json.loads(line)
            path = want.pop("path")
            with open(path, "rb") as f:
                r = s.score(f.read())
            got = normalize(r.to_dict())
            hits += len(r.hits)
            if got != want:
                bad += 1
                if shown < 10:
                    shown += 1
                    print("DIFF %s %s" % (path, first_difference(got, want)))
    t_py = time.time() - t0
    print("check-python: %d messages, %d hits, %d differ; score-draft %.1f s, "
          "binding %.1f s" % (len(lines), hits, bad, t_sd, t_py))
    ok = bad == 0
    if len(lines) != len(files):
        print("check-python: score-draft scored %d of the %d files"
              % (len(lines), len(files)))
        ok = False
    declared = set(libscore._ffi.declared)
    missing = sorted(header_functions() - declared)
    if missing:
        print("check-python: not declared in the binding yet: "
              + ", ".join(missing))
        ok = False
    print("check-python: %s" % ("OK" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

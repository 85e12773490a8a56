"""memcheck.py [DIR] [--count N]: scoring N messages (default 100,000) in a
loop from Python does not grow the process's memory.

Cycles through the messages of DIR (default: the example drafts and test
messages), every tenth call a draft through score_draft and every
hundredth through a DraftSession, and prints the resident set size
(VmRSS) after a warm-up of N/10 calls and at the end.  The C results are
freed inside every call; a leak of even 100 bytes a call would show as
~10 MB.  Exit status 1 when RSS grew by more than 2 MB after warm-up.
"""
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
os.environ.setdefault("LIBSCORE_LIBRARY",
                      os.path.join(HERE, "..", "..", "build", "libscore.so"))

import libscore  # noqa: E402
from bench_threads import load  # noqa: E402


def rss_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main(argv):
    count = 100000
    dirs = []
    i = 0
    while i < len(argv):
        if argv[i] == "--count":
            count = int(argv[i + 1])
            i += 2
            continue
        dirs.append(argv[i])
        i += 1
    if not dirs:
        top = os.path.join(HERE, "..", "..")
        dirs = [os.path.join(top, "examples", "drafts"),
                os.path.join(top, "tests", "messages")]
    msgs = load(dirs, limit=500)
    pdf = b"%PDF-1.4\n" + bytes(range(256)) * 64
    warm = count // 10
    t0 = time.perf_counter()
    before = None
    hits = 0
    with libscore.Scorer() as s, s.session() as sess:
        for n in range(count):
            if n == warm:
                before = rss_kb()
                t0 = time.perf_counter()
            if n % 100 == 99:
                r = sess.score(subject="Quote %d" % n, text="Dear Ann, %d" % n,
                               attachments=[("quote.pdf", pdf)])
            elif n % 10 == 9:
                r = s.score_draft(subject="FREE OFFER %d!!!" % n,
                                  to="a@example.com", text="Click here " * 5,
                                  html="<p>Click <a href='http://1.2.3.4/'>"
                                       "here</a></p>")
            else:
                r = s.score(msgs[n % len(msgs)])
            hits += len(r.hits)
            if n % 20000 == 0:
                print("  %6d calls: RSS %7d kB" % (n, rss_kb()), flush=True)
        after = rss_kb()      # still inside: engine and session alive
        dt = time.perf_counter() - t0
    print("memcheck: %d calls (%d messages in the cycle, %d hits), RSS after "
          "%d warm-up calls %d kB, at the end %d kB: %+d kB (%.1f calls/s)"
          % (count, len(msgs), hits, warm, before, after, after - before,
             (count - warm) / dt))
    return 0 if after - before <= 2048 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

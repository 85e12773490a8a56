"""bench_threads.py [DIR] [--rounds N]: the speed-up of two threads
sharing one Scorer over one thread (ctypes releases the GIL during every
foreign call, so lsc_score runs in parallel; copying the result out holds
the GIL).

Scores every message of DIR (default: the example drafts and the test
messages) ROUNDS times on one thread, then the same work split between
two threads, and prints messages per second and the speed-up.  The
machine's other load counts: run it on an idle machine for a clean figure.
"""
import ctypes
import os
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
os.environ.setdefault("LIBSCORE_LIBRARY",
                      os.path.join(HERE, "..", "..", "build", "libscore.so"))

import libscore  # noqa: E402
from libscore import _ffi, lib  # noqa: E402
from libscore.__main__ import _walk  # noqa: E402


def load(dirs, limit=2000):
    msgs = []
    for d in dirs:
        for p in _walk(d):
            if p is None:
                continue
            with open(p, "rb") as f:
                msgs.append(f.read())
            if len(msgs) >= limit:
                return msgs
    return msgs


CPU_SHARE = {}   # process CPU time / wall time, per thread count


def run(scorer, msgs, threads):
    chunks = [msgs[i::threads] for i in range(threads)]

    def work(chunk):
        for m in chunk:
            scorer.score(m)

    ts = [threading.Thread(target=work, args=(c,)) for c in chunks]
    c0 = os.times()
    t0 = time.perf_counter()
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    wall = time.perf_counter() - t0
    c1 = os.times()
    cpu = (c1.user - c0.user) + (c1.system - c0.system)
    CPU_SHARE[threads] = max(CPU_SHARE.get(threads, 0), cpu / wall)
    return wall


def main(argv):
    rounds = 3
    dirs = []
    i = 0
    while i < len(argv):
        if argv[i] == "--rounds":
            rounds = int(argv[i + 1])
            i += 2
            continue
        dirs.append(argv[i])
        i += 1
    if not dirs:
        top = os.path.join(HERE, "..", "..")
        dirs = [os.path.join(top, "examples", "drafts"),
                os.path.join(top, "tests", "messages")]
    msgs = load(dirs)
    work = msgs * rounds
    print("bench_threads: %d messages x %d rounds, %.1f MB, %d CPUs"
          % (len(msgs), rounds, sum(map(len, msgs)) / 1e6,
             os.cpu_count() or 0))
    with libscore.Scorer() as s:
        run(s, msgs[:50], 1)            # warm up
        best = {}
        for threads in (1, 2, 1, 2):
            t = run(s, work, threads)
            best[threads] = min(best.get(threads, t), t)
        for threads in (1, 2):
            print("  %d thread%s: %7.3f s  %8.1f messages/s"
                  % (threads, "s" if threads > 1 else " ", best[threads],
                     len(work) / best[threads]))
        print("  speed-up with two threads: %.2fx (process CPU/wall: %.2f "
              "with one thread, %.2f with two; above 1.0 means both ran "
              "at once)" % (best[1] / best[2], CPU_SHARE[1], CPU_SHARE[2]))
        # Is the GIL really released?  A pure-Python loop in a second
        # thread counts while the first is inside one lsc_score call (the
        # raw foreign call, nothing of Python around it); with the GIL held
        # the loop could not take a single step until the call returned.
        big = max(msgs, key=len)
        big = big * max(1, (4 << 20) // len(big))   # a call of ~0.5 s
        steps = [0]
        stop = [False]

        def spin():
            while not stop[0]:
                steps[0] += 1

        t = threading.Thread(target=spin)
        t.start()
        time.sleep(0.05)
        during = []
        for _ in range(5):
            r = _ffi.ResultHandle()
            n0 = steps[0]
            t0 = time.perf_counter()
            h = s._enter()
            try:
                lib.lsc_score(ctypes.byref(r), h, big, len(big), None, None)
            finally:
                s._leave()
            dt = time.perf_counter() - t0
            during.append((steps[0] - n0, dt))
            lib.lsc_result_free(r)
        stop[0] = True
        t.join()
        print("  GIL check: while one lsc_score call of a %d-byte message "
              "ran (%.1f ms), a Python thread took %d loop steps (median of 5; 0 would mean the GIL was held)"
              % (len(big), sorted(during)[2][1] * 1e3, sorted(during)[2][0]))


if __name__ == "__main__":
    main(sys.argv[1:])

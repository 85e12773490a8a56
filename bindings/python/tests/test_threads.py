"""One Scorer shared by many threads gives every thread the results one
thread alone gets; close() waits for calls in flight."""
import pathlib
import threading
import unittest

from support import example_messages, normalize
import libscore


def corpus():
    msgs = [pathlib.Path(p).read_bytes() for p in example_messages()]
    msgs.append(b"Subject: FREE!!! ACT NOW\r\n\r\nCLICK HERE $$$ 100% OFF\r\n")
    return msgs


class Threads(unittest.TestCase):
    def test_shared_scorer_same_results_in_eight_threads(self):
        msgs = corpus()
        with libscore.Scorer() as s:
            want = [normalize(s.score(m).to_dict(parts=True)) for m in msgs]
            errors = []

            def work(k):
                try:
                    for i in range(40):
                        j = (i + k) % len(msgs)
                        got = normalize(s.score(msgs[j]).to_dict(parts=True))
                        if got != want[j]:
                            errors.append((k, j))
                        d = s.score_draft(subject="t%d" % k, text="x" * i)
                        if d.level not in ("low", "medium", "high"):
                            errors.append((k, "draft"))
                except Exception as e:   # reported below, not swallowed
                    errors.append(repr(e))

            ts = [threading.Thread(target=work, args=(k,)) for k in range(8)]
            for t in ts:
                t.start()
            for t in ts:
                t.join()
            self.assertEqual(errors, [])

    def test_close_waits_for_calls_in_flight(self):
        s = libscore.Scorer()
        big = b"Subject: x\r\n\r\n" + b"word " * 200000
        started = threading.Event()
        out = []

        def work():
            started.set()
            for _ in range(3):
                try:
                    out.append(s.score(big).level)
                except libscore.InvalidArgument:
                    out.append("closed")

        t = threading.Thread(target=work)
        t.start()
        started.wait()
        s.close()
        t.join()
        self.assertTrue(all(x in ("low", "medium", "high", "closed")
                            for x in out))
        self.assertEqual(len(out), 3)


if __name__ == "__main__":
    unittest.main()

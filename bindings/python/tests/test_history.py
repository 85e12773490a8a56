"""History of sent mail from Python: fingerprints, add, query, get, stats,
persistence, errors, and the same answers as score-draft --history."""
import os
import subprocess
import sys
import tempfile
import threading
import unittest

from support import PKG_ROOT, SD, example_messages
import libscore

LETTER = ("Subject: Catalogue\r\nTo: buyer%d@bigcorp.example\r\n\r\n"
          "Dear customer, we are pleased to present our new catalogue of LED "
          "panels with prices for the coming season; delivery takes four "
          "weeks from the order and samples are free of charge.\r\n")


def letter(i):
    return (LETTER % i).encode()


class Fingerprints(unittest.TestCase):
    def test_result_fingerprint_round_trips(self):
        with libscore.Scorer() as s:
            a = s.score(letter(1), now=1750000000)
            b = s.score(letter(2), now=1750000000)
            c = s.score(b"Subject: x\r\n\r\nSomething else entirely, "
                        b"about the weather in Hamburg.\r\n")
            self.assertIsNone(s.parse(letter(1)).fingerprint)
        fa = a.fingerprint
        self.assertIsInstance(fa, libscore.Fingerprint)
        self.assertEqual(fa.time, 1750000000)
        self.assertEqual(fa.domains, ["bigcorp.example"])
        again = libscore.Fingerprint(fa.data)
        self.assertEqual(again, fa)
        self.assertAlmostEqual(fa.similarity(b), 1.0)
        self.assertLess(fa.similarity(c), 0.5)
        self.assertEqual(fa.similarity(a), fa.similarity(again))

    def test_no_fingerprint_when_not_recording(self):
        with libscore.Scorer() as s:
            full = s.score(letter(1), now=1750000000)
            lean = s.score(letter(1), now=1750000000, fingerprint=False)
            draft = s.score_draft(subject="Catalogue", text="Dear customer",
                                  fingerprint=False)
            with libscore.History() as h:
                kept = s.score(letter(1), history=h, fingerprint=False)
        self.assertIsNone(lean.fingerprint)
        self.assertIsNone(draft.fingerprint)
        self.assertIsNotNone(kept.fingerprint)   # a history needs it
        self.assertEqual([x.id for x in lean.hits], [x.id for x in full.hits])
        self.assertEqual(lean.points, full.points)

    def test_damaged_fingerprint_is_corrupt(self):
        with libscore.Scorer() as s:
            data = bytearray(s.score(letter(1)).fingerprint.data)
        data[len(data) // 2] ^= 0xFF
        with self.assertRaises(libscore.LibscoreError) as cm:
            libscore.Fingerprint(bytes(data))
        self.assertIn(cm.exception.code, (-7, -5))
        with self.assertRaises(libscore.CorruptData):
            libscore.Fingerprint(b"not a fingerprint")


class Histories(unittest.TestCase):
    def test_add_query_get_stats_in_memory(self):
        with libscore.Scorer() as s, libscore.History() as h:
            first = s.score(letter(0), history=h)
            self.assertIsNone(first.hit("TEMPLATE_REUSE"))
            for i in range(12):
                h.add(s.score(letter(i), history=h))
            r = s.score(letter(99), history=h)
            count, matches = h.query(like=r, min_similarity=0.8,
                                     max_matches=5)
            self.assertEqual(count, 12)
            self.assertEqual(len(matches), 5)
            self.assertFalse(h.query_capped(like=r, min_similarity=0.8)[1])
            self.assertTrue(all(m.similarity >= 0.8 for m in matches))
            self.assertEqual(h.query(domain="bigcorp.example")[0], 12)
            self.assertEqual(h.query(domain="elsewhere.example")[0], 0)
            fp = h.get(matches[0].id)
            self.assertAlmostEqual(fp.similarity(r), 1.0)
            st = h.stats()
            self.assertEqual(st["entries"], 12)
            self.assertEqual(st["top_domain"], "bigcorp.example")
            self.assertFalse(st["persistent"])
            # against a near-copy, only the name differs: shallow
            self.assertIsNone(first.personalization)
            p = r.personalization
            self.assertIsNotNone(p)
            self.assertGreater(p["total"], 0)
            self.assertLessEqual(p["changed"], p["total"])
            self.assertGreaterEqual(p["similarity"], 0.5)
            # the history changes the score: the same letter again
            ids = [x.id for x in r.hits]
            self.assertTrue(set(ids) & {"TEMPLATE_REUSE", "DOMAIN_BURST"},
                            ids)
            with self.assertRaises(libscore.NotFound):
                h.get(123456)
        with self.assertRaises(libscore.InvalidArgument):
            h.add(first)
        with self.assertRaises(TypeError):
            libscore.Scorer().score(letter(1), history="path")

    def test_count_past_the_compared_limit_is_flagged(self):
        n = libscore._ffi.LSC_HISTORY_MAX_COMPARED
        with libscore.Scorer() as s, libscore.History() as h:
            for i in range(n + 8):
                h.add(s.score(letter(i), history=h))
            r = s.score(letter(999), history=h)
            count, capped, matches = h.query_capped(like=r,
                                                    min_similarity=0.8,
                                                    max_matches=3)
            self.assertTrue(capped)
            self.assertEqual(count, n)
            self.assertEqual(len(matches), 3)
            self.assertEqual(h.query(like=r, min_similarity=0.8)[0], n)

    def test_team_view_per_sender_and_domain(self):
        with libscore.Scorer() as s, libscore.History() as h:
            for i in range(5):
                h.set_sender("anna" if i < 2 else "boris")
                h.add(s.score(letter(i), history=h))
            h.set_sender(None)
            h.add(s.score(b"Subject: x\r\nTo: a@other.example\r\n\r\n"
                          b"Something else entirely, about the weather in "
                          b"Hamburg this week.\r\n", history=h))
            rows, truncated = h.team_stats()
        self.assertFalse(truncated)
        got = [(r["sender"], r["domain"], r["sent_day"], r["similar_day"])
               for r in rows]
        self.assertEqual(got, [("boris", "bigcorp.example", 3, 3),
                               ("anna", "bigcorp.example", 2, 2),
                               ("", "other.example", 1, 0)])
        self.assertEqual(rows[0]["sent_hour"], 3)

    def test_persistent_file_and_corrupt_file(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "sent.db")
            with libscore.Scorer() as s:
                with libscore.History(path) as h:
                    for i in range(3):
                        h.add(s.score(letter(i)))
                with libscore.History(path, readonly=True) as h:
                    st = h.stats()
                    self.assertEqual(st["entries"], 3)
                    self.assertTrue(st["persistent"])
            bad = os.path.join(d, "bad.db")
            with open(bad, "wb") as f:
                f.write(b"this is not an SQLite database at all" * 100)
            with self.assertRaises(libscore.LibscoreError) as cm:
                libscore.History(bad)
            self.assertEqual(cm.exception.code, -7)

    def test_shared_between_threads(self):
        with libscore.Scorer() as s, libscore.History() as h:
            errors = []

            def work(k):
                try:
                    for i in range(10):
                        h.add(s.score(letter(k * 100 + i), history=h))
                except Exception as e:
                    errors.append(repr(e))

            ts = [threading.Thread(target=work, args=(k,)) for k in range(4)]
            for t in ts:
                t.start()
            for t in ts:
                t.join()
            self.assertEqual(errors, [])
            self.assertEqual(h.stats()["entries"], 40)


class Cli(unittest.TestCase):
    def test_history_and_record_like_score_draft(self):
        env = dict(os.environ)
        env["PYTHONPATH"] = PKG_ROOT
        env.pop("NO_COLOR", None)
        files = example_messages()
        with tempfile.TemporaryDirectory() as d:
            out = []
            for name, argv in (("sd", [SD]),
                               ("py", [sys.executable, "-m", "libscore"])):
                db = os.path.join(d, name + ".db")
                runs = []
                for _ in range(2):   # the second run sees the first's mail
                    p = subprocess.run(argv + ["--history", db, "--record"]
                                       + files, capture_output=True, env=env)
                    self.assertEqual(p.returncode, 0, p.stderr)
                    runs.append(p.stdout)
                st = subprocess.run(argv + ["history", "stats", db],
                                    capture_output=True, env=env)
                self.assertEqual(st.returncode, 0, st.stderr)
                lines = [l for l in st.stdout.decode().splitlines()
                         if not l.startswith(("history", "oldest", "newest"))]
                out.append((runs, lines))
            self.assertEqual(out[0], out[1])


if __name__ == "__main__":
    unittest.main()

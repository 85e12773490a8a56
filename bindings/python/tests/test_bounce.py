"""Bounces from Python: Scorer.read_bounce on our own test bounces, a
non-bounce, the Chinese texts, History.add_bounce and the rules it feeds,
and the same answers as score-draft bounce --json."""
import json
import os
import subprocess
import unittest

from support import SD, TOP
import libscore

BOUNCES = os.path.join(TOP, "tests", "messages", "bounce")


def msg(name):
    with open(os.path.join(BOUNCES, name), "rb") as f:
        return f.read()


DRAFT = ("From: anna@sender.test\r\nTo: %s\r\nSubject: Again\r\n"
         "Date: Mon, 07 Dec 2026 10:00:00 +0000\r\nMessage-ID: <p@sender.test>"
         "\r\n\r\nHello, a second try with the details we discussed.\r\n")


class ReadBounce(unittest.TestCase):
    def test_dsn(self):
        with libscore.Scorer() as s:
            b = s.read_bounce(msg("postfix-dsn.eml"))
        self.assertTrue(b.is_bounce)
        self.assertEqual(b.kind, "failure")
        self.assertEqual(b.format, "postfix")
        self.assertEqual(b.original_subject, "Quote for 200 pumps")
        self.assertEqual(b.original_message_id, "quote-17@sender.test")
        self.assertEqual(len(b.recipients), 1)
        r = b.recipients[0]
        self.assertEqual((r.address, r.status, r.reply_code, r.reason, r.hard),
                         ("jonh@acme.test", "5.1.1", 550, "userunknown", True))
        self.assertEqual(r.command, "RCPT")
        self.assertIn("does not exist", r.explanation)
        self.assertTrue(r.suggestion)
        self.assertGreater(r.time, 0)

    def test_not_a_bounce_is_no_error(self):
        with libscore.Scorer() as s:
            b = s.read_bounce(msg("not-bounce.eml"))
            empty = s.read_bounce(b"")
        self.assertFalse(b.is_bounce)
        self.assertEqual(b.kind, "none")
        self.assertEqual(b.recipients, [])
        self.assertEqual(empty.kind, "none")

    def test_chinese_explanation(self):
        with libscore.Scorer(lang="zh") as s:
            b = s.read_bounce(msg("qq-chinese.eml"))
        self.assertEqual(b.recipients[0].reason, "userunknown")
        self.assertIn("不存在", b.recipients[0].explanation)

    def test_same_as_cli_json(self):
        path = os.path.join(BOUNCES, "gmail-blocked.eml")
        out = subprocess.run([SD, "bounce", "--json", path], check=True,
                             capture_output=True).stdout
        cli = json.loads(out)
        with libscore.Scorer() as s:
            with open(path, "rb") as f:
                b = s.read_bounce(f)
        self.assertEqual(cli["format"], b.format)
        for c, r in zip(cli["recipients"], b.recipients):
            self.assertEqual(c["address"], r.address)
            self.assertEqual(c["status"], r.status)
            self.assertEqual(c["replycode"], r.reply_code)
            self.assertEqual(c["reason"], r.reason)
            self.assertEqual(c["explanation"], r.explanation)


class HistoryBounces(unittest.TestCase):
    def test_hard_bounce_fires_rule(self):
        with libscore.Scorer() as s, libscore.History() as h:
            self.assertEqual(h.add_bounce(s.read_bounce(msg("postfix-dsn.eml"))), 1)
            r = s.score(DRAFT % "jonh@acme.test", history=h)
            other = s.score(DRAFT % "joan@acme.test", history=h)
            total, domains = h.bounce_stats()
        hit = r.hit("RECIPIENT_BOUNCED")
        self.assertIsNotNone(hit)
        self.assertIn("userunknown", hit.explanation)
        self.assertIsNone(other.hit("RECIPIENT_BOUNCED"))
        self.assertEqual(total, 1)
        self.assertEqual(domains, [("acme.test", 1, 1)])

    def test_autoreply_is_not_recorded(self):
        with libscore.Scorer() as s, libscore.History() as h:
            self.assertEqual(h.add_bounce(s.read_bounce(msg("vacation.eml"))), 0)
            with self.assertRaises(TypeError):
                h.add_bounce("not a bounce")


if __name__ == "__main__":
    unittest.main()

"""Result.to_html(): the annotated report page through the binding."""
import os
import subprocess
import tempfile
import unittest

from support import SD, TOP
import libscore

BLAST = os.path.join(TOP, "examples", "drafts", "02-cold-blast.eml")
ZH = os.path.join(TOP, "examples", "drafts", "03-chinese-intro.eml")


class ToHtml(unittest.TestCase):
    def test_page_marks_every_span_and_links_back(self):
        with libscore.Scorer() as s:
            r = s.score_file(BLAST, report=True)
        page = r.to_html()
        self.assertTrue(page.startswith("<!DOCTYPE html>"))
        self.assertIn("default-src 'none'", page)
        for n, h in enumerate(r.hits, 1):
            self.assertIn('id="f-%d"' % n, page)
            for e, ev in enumerate(h.evidence):
                if ev.where == "message":
                    continue
                self.assertEqual(page.count('id="ev-%d-%d"' % (n, e)), 1)
                self.assertIn('href="#ev-%d-%d"' % (n, e), page)
                self.assertIn('href="#f-%d"' % n, page)

    def test_same_page_as_score_draft(self):
        with libscore.Scorer() as s:
            page = s.score_file(BLAST, report={"title": BLAST}).to_html()
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "p.html")
            subprocess.run([SD, "--html", out, BLAST], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            with open(out, encoding="utf-8") as f:
                self.assertEqual(f.read(), page)

    def test_options(self):
        with libscore.Scorer(lang="zh") as s:
            zh = s.score_file(ZH, report=True).to_html()
            en = s.score_file(ZH, report={"lang": "en"}).to_html()
            frag = s.score_file(ZH, report={"fragment": True,
                                          "title": "<x>.eml"}).to_html()
        self.assertIn('<html lang="zh">', zh)
        self.assertIn('<html lang="en">', en)
        self.assertTrue(frag.startswith('<div class="lsc-report" lang="zh">'))
        self.assertNotIn("<html", frag)
        self.assertIn("&lt;x&gt;.eml", frag)

    def test_draft_and_errors(self):
        with libscore.Scorer() as s:
            r = s.score_draft(from_="a@example.com", to="b@example.org",
                              subject="<script>alert(1)</script>",
                              text="FREE!!! <b>x</b>",
                              html="<p>FREE <script>alert(2)</script></p>",
                              report=True)
            self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", r.to_html())
            self.assertNotIn("<script", r.to_html())
            with self.assertRaises(ValueError):
                s.score(b"Subject: x\r\n\r\nhi\r\n").to_html()
            with self.assertRaises(ValueError):
                s.score(b"Subject: x\r\n\r\nhi\r\n", report={"lang": "fr"})
            with self.assertRaises(ValueError):
                s.score(b"Subject: x\r\n\r\nhi\r\n", report={"colour": 1})


if __name__ == "__main__":
    unittest.main()

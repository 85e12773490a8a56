"""score_draft and draft_mime: the MIME is what Python's own email
package reads back as the same pieces, and scoring a draft equals scoring
that MIME, also through a composer session."""
import email
import email.policy
import os
import tempfile
import unittest

from support import normalize
import libscore

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def parse(mime):
    return email.message_from_bytes(mime, policy=email.policy.default)


class DraftMime(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.s = libscore.Scorer()

    @classmethod
    def tearDownClass(cls):
        cls.s.close()

    def test_pieces_come_back_through_the_email_package(self):
        subject = ("关于贵公司询价的报价单（第二版）——请在本周五之前确认数量与交货期"
                   " — Grüße aus Köln, 50% off? no: =?not-a-word?=")
        text = "Dear Zoë,\n\nthe price is 12 €.  \nLong line " + "x" * 1200 + "\nend"
        html = "<p>Dear Zoë,</p><p>the price is <b>12 €</b>.</p>"
        pdf = b"%PDF-1.4\n" + os.urandom(3000)
        m = self.s.draft_mime(
            from_="王 伟 <wang@example.cn>",
            to=["Zoë Müller <zoe@example.de>", "plain@example.org"],
            cc="\"Lee, Ann\" <ann@example.com>",
            subject=subject, text=text, html=html,
            in_reply_to="<a.1@example.com>",
            references="<r.0@example.com> <a.1@example.com>",
            headers={"X-Mailer": "Composer 1.0 — test"},
            attachments=[("报价单 2026.pdf", pdf),
                         libscore.Attachment(data=PNG, filename="logo.png",
                                             content_id="logo1",
                                             inline=True)])
        for line in m.split(b"\r\n"):
            self.assertLessEqual(len(line), 998)
        self.assertNotIn(b"\n", m.replace(b"\r\n", b""))
        msg = parse(m)
        self.assertEqual(msg.defects, [])
        self.assertEqual(str(msg["subject"]), subject)
        self.assertEqual(msg["from"].addresses[0].display_name, "王 伟")
        self.assertEqual([a.display_name for a in msg["to"].addresses],
                         ["Zoë Müller", ""])
        self.assertEqual(msg["cc"].addresses[0].display_name, "Lee, Ann")
        self.assertEqual(str(msg["x-mailer"]), "Composer 1.0 — test")
        self.assertEqual(str(msg["in-reply-to"]), "<a.1@example.com>")
        self.assertEqual(msg.get_content_type(), "multipart/mixed")
        for part in msg.walk():
            self.assertEqual(part.defects, [], part.get_content_type())
        body = msg.get_body(("plain",))
        # text travels in canonical form: CRLF line ends
        self.assertEqual(body.get_content(), text.replace("\n", "\r\n"))
        self.assertEqual(msg.get_body(("html",)).get_content(), html)
        atts = {p.get_filename(): p for p in msg.walk()
                if p.get_filename()}
        self.assertEqual(atts["报价单 2026.pdf"].get_content_type(),
                         "application/pdf")
        self.assertEqual(atts["报价单 2026.pdf"].get_payload(decode=True), pdf)
        self.assertEqual(atts["logo.png"].get_payload(decode=True), PNG)
        self.assertEqual(atts["logo.png"]["content-id"], "<logo1>")
        self.assertEqual(atts["logo.png"].get_content_disposition(), "inline")
        related = [p for p in msg.walk()
                   if p.get_content_type() == "multipart/related"]
        self.assertEqual(len(related), 1)

    def test_single_text_part(self):
        msg = parse(self.s.draft_mime(subject="Hi", text="Hello\n"))
        self.assertEqual(msg.get_content_type(), "text/plain")
        self.assertEqual(msg["content-transfer-encoding"], "7bit")
        self.assertEqual(msg.get_content(), "Hello\r\n")

    def test_path_attachment_and_filename_from_path(self):
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "price list.csv")
            with open(p, "wb") as f:
                f.write(b"item,price\nA,1\n")
            msg = parse(self.s.draft_mime(text="see attached",
                                          attachments=[p]))
            att = [x for x in msg.walk() if x.get_filename()][0]
            self.assertEqual(att.get_filename(), "price list.csv")
            self.assertEqual(att.get_content_type(), "text/csv")
            self.assertEqual(att.get_payload(decode=True),
                             b"item,price\nA,1\n")

    def test_bad_drafts_raise(self):
        with self.assertRaises(libscore.InvalidArgument):
            self.s.draft_mime(headers={"Content-Type": "text/html"})
        with self.assertRaises(libscore.NotFound) as cm:
            self.s.score_draft(attachments=["/nonexistent/file.pdf"])
        self.assertEqual(cm.exception.source, "/nonexistent/file.pdf")
        with self.assertRaises(TypeError):
            self.s.score_draft(colour="red")
        with self.assertRaises(TypeError):
            self.s.score_draft(attachments=[42])


class DraftScore(unittest.TestCase):
    DRAFTS = [
        dict(subject="URGENT!!! 70% OFF - ACT NOW $$$",
             to="customer@example.com",
             text="Dear Sir/Madam, my name is Tom. F.R.E.E samples, "
                  "{{first_name}}, click here!!! 🎁🎉"),
        dict(subject="Statement", html='<a href="http://198.51.100.7/">'
             'https://bank.example.com</a><div style="display:none">x</div>'
             '<img src="http://x.example/a.png">'),
        dict(subject="Re: Fw: offer", to=["u%d@big.example" % i
                                          for i in range(30)],
             cc="broken@@example..com", text="Short."),
        dict(subject="Invoice", to="new@outlook.com", text="attached",
             attachments=[("invoice.pdf.exe", b"MZ" + bytes(200)),
                          ("a.zip", b"PK\x03\x04" + bytes(40))]),
        dict(subject="【限时优惠】全场五折！！！", text="恭喜您获得免费大奖，立即领取！",
             html="<p>恭喜您获得<b>免费大奖</b></p>"),
        dict(),
    ]

    def test_draft_equals_its_mime_and_the_session(self):
        with libscore.Scorer() as s, s.session() as sess:
            for d in self.DRAFTS:
                mime = s.draft_mime(**d)
                want = s.score(mime, now=1750000000).to_dict(parts=True)
                got = s.score_draft(now=1750000000, **d).to_dict(parts=True)
                self.assertEqual(normalize(got), normalize(want), d)
                for _ in range(2):
                    res = sess.score(now=1750000000, **d)
                    got = res.to_dict(parts=True)
                    self.assertEqual(normalize(got), normalize(want), d)
                    self.assertEqual(
                        [a.to_dict() for a in res.attachments],
                        [a.to_dict() for a in s.score(mime).attachments])

    def test_session_reuses_unchanged_attachments(self):
        big = os.urandom(200000)
        with libscore.Scorer() as s, s.session(max_entries=4) as sess:
            sess.score(subject="a", text="one", attachments=[("b.bin", big)])
            self.assertEqual(sess.stats()[:2], (0, 1))
            sess.score(subject="a", text="one two",
                       attachments=[("b.bin", big)])
            self.assertEqual(sess.stats(), (1, 1, 1))
            sess.score(subject="a", text="one two",
                       attachments=[("b.bin", big[:-1])])
            self.assertEqual(sess.stats()[:2], (1, 2))
        sess.close()
        with self.assertRaises(libscore.InvalidArgument):
            sess.score(text="closed")

    def test_session_of_another_scorer_is_refused(self):
        a, b = libscore.Scorer(), libscore.Scorer()
        with a.session() as sess:
            with self.assertRaises(libscore.InvalidArgument):
                b.score_draft(session=sess, text="x")
        a.close()
        b.close()


if __name__ == "__main__":
    unittest.main()

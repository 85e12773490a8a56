"""The conventions a Python user expects (issue 19): score() takes paths
(os.PathLike or an existing file's name), email.message.Message and
text=, and refuses a str that is neither a message nor a file; Level is an
enum equal to the old strings; flags are IntFlags equal to the old ints;
type hints and py.typed; History.add says why a result without a
fingerprint cannot be recorded; installing before `make` stops at install
time with the reason; the CLI splits an mbox like score-draft."""
import email
import email.message
import email.policy
import enum
import io
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import typing
import unittest
import zipfile

from support import PKG_ROOT, SD, TOP

import libscore
from libscore import AttachmentFlag, Level, MessageFlag, PartFlag

BLAST = os.path.join(TOP, "examples", "drafts", "02-cold-blast.eml")
ATTACH = os.path.join(TOP, "examples", "drafts", "04-attachment.eml")
PLAIN = b"From: a@example.com\r\nTo: b@example.org\r\nSubject: hi\r\n\r\nHello Bob.\r\n"


class Inputs(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.s = libscore.Scorer()
        with open(BLAST, "rb") as f:
            cls.data = f.read()
        cls.want = cls.s.score(cls.data).to_dict(parts=True)

    @classmethod
    def tearDownClass(cls):
        cls.s.close()

    def same(self, r):
        self.assertEqual(r.to_dict(parts=True), self.want)

    def test_pathlike_and_str_path(self):
        self.same(self.s.score(pathlib.Path(BLAST)))
        self.same(self.s.score(BLAST))
        self.same(self.s.parse(pathlib.Path(BLAST)) and
                  self.s.score(pathlib.PurePath(BLAST)))

    def test_email_message(self):
        self.same(self.s.score(email.message_from_bytes(self.data)))
        m = email.message_from_bytes(self.data, policy=email.policy.default)
        self.assertIsInstance(m, email.message.EmailMessage)
        r = self.s.score(m)
        self.assertEqual({h.id for h in r.hits},
                         {h["id"] for h in self.want["hits"]})
        built = email.message.EmailMessage()
        built["From"] = "ann@example.com"
        built["To"] = "bob@example.org"
        built["Subject"] = "Grüße"
        built.set_content("Hallo Bob, anbei das Angebot.\n")
        self.assertEqual(self.s.score(built).subject, "Grüße")

    def test_text_keyword(self):
        self.same(self.s.score(text=self.data.decode("utf-8")))
        self.same(self.s.score(text=self.data))
        r = self.s.score(text="no headers at all\njust words\n")
        self.assertIsInstance(r, libscore.Result)
        with self.assertRaises(TypeError):
            self.s.score(self.data, text="x")
        with self.assertRaises(TypeError):
            self.s.score()

    def test_str_that_is_no_message_and_no_file_is_refused(self):
        with self.assertRaises(FileNotFoundError) as c:
            self.s.score("draft.eml")
        self.assertIn("text=", str(c.exception))
        self.assertIn("draft.eml", str(c.exception))
        with self.assertRaises(ValueError) as c:
            self.s.score("hello there\nthis is not a message\n")
        self.assertIn("text=", str(c.exception))
        with self.assertRaises(FileNotFoundError):
            self.s.read_bounce("no-such-bounce.eml")
        # A str that is a message is still the message (as before).
        self.same(self.s.score(self.data.decode("utf-8")))

    def test_binary_file(self):
        self.same(self.s.score(io.BytesIO(self.data)))


class Types(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.s = libscore.Scorer()
        cls.r = cls.s.score(pathlib.Path(BLAST))
        cls.low = cls.s.score(PLAIN)
        cls.att = cls.s.score(pathlib.Path(ATTACH))

    @classmethod
    def tearDownClass(cls):
        cls.s.close()

    def test_level_enum_equal_to_strings(self):
        self.assertIs(self.r.level, Level.HIGH)
        self.assertIsInstance(self.r.level, enum.Enum)
        self.assertEqual(self.r.level, "high")
        self.assertEqual(self.low.level, Level.LOW)
        self.assertEqual(str(self.r.level), "high")
        self.assertEqual("%s" % self.r.level, "high")
        self.assertEqual(f"{self.r.level}", "high")
        self.assertEqual({"high": 1}[self.r.level], 1)
        self.assertEqual(json.dumps(self.r.level), '"high"')
        self.assertEqual(self.r.to_json().count('"level": "high"') +
                         self.r.to_json().count('"level":"high"'), 1)
        self.assertEqual([m.value for m in Level],
                         ["low", "medium", "high", "unreadable"])

    def test_flags_are_intflags(self):
        m = self.s.score(b"From x@y Mon Dec  7 05:00:00 2026\nSubject: a\n\nb\n")
        self.assertIsInstance(m.flags, MessageFlag)
        self.assertIsInstance(m.flags, int)
        self.assertIn(MessageFlag.MBOX_FROM, m.flags)
        self.assertEqual(m.flags & int(MessageFlag.MBOX_FROM),
                         int(MessageFlag.MBOX_FROM))
        self.assertEqual(m.flags.names, ["mbox_from"])
        self.assertEqual(self.low.flags, 0)
        for p in self.att.parts:
            self.assertIsInstance(p.flags, PartFlag)
        a = self.att.attachments[0]
        self.assertIsInstance(a.flags, AttachmentFlag)
        self.assertIn(AttachmentFlag.DOUBLE_EXT, a.flags)
        self.assertEqual(sorted(a.flags.names), sorted(a.flag_names))
        # An unknown bit (a newer library) is kept, not an error.
        self.assertEqual(int(MessageFlag(1 << 30)), 1 << 30)

    def test_type_hints_and_py_typed(self):
        hints = typing.get_type_hints(libscore.Scorer.score)
        self.assertIn("message", hints)
        self.assertIs(hints["return"], libscore.Result)
        self.assertIn("fp", typing.get_type_hints(libscore.History.add))
        self.assertTrue(os.path.isfile(os.path.join(
            os.path.dirname(libscore.__file__), "py.typed")))


class HistoryAdd(unittest.TestCase):
    def test_result_without_fingerprint_says_why(self):
        with libscore.Scorer() as s, libscore.History(None) as h:
            r = s.score(PLAIN, fingerprint=False)
            self.assertIsNone(r.fingerprint)
            with self.assertRaises(libscore.InvalidArgument) as c:
                h.add(r)
            msg = str(c.exception)
            self.assertIn("no fingerprint", msg)
            self.assertIn("fingerprint=False", msg)
            with self.assertRaises(libscore.InvalidArgument):
                h.add(s.parse(PLAIN))
            h.add(s.score(PLAIN))          # the default makes one
            self.assertEqual(h.stats()["entries"], 1)
            with self.assertRaises(TypeError):
                h.add("not a result")


class InstallBeforeMake(unittest.TestCase):
    """A copy of the package whose ../../build has no libscore.so."""

    def copy_tree(self, d):
        root = os.path.join(d, "src", "python")
        shutil.copytree(PKG_ROOT, root, ignore=shutil.ignore_patterns(
            "tests", "__pycache__", "build", "*.egg-info", "*.so"))
        os.makedirs(os.path.join(d, "include"))
        shutil.copy(os.path.join(TOP, "include", "libscore.h"),
                    os.path.join(d, "include"))
        return root

    def env(self):
        env = dict(os.environ)
        for k in ("LIBSCORE_LIBRARY", "LIBSCORE_NO_BUNDLE"):
            env.pop(k, None)
        env["PIP_NO_INDEX"] = "1"
        env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
        return env

    def test_pip_install_stops_with_the_reason(self):
        with tempfile.TemporaryDirectory() as d:
            root = self.copy_tree(d)
            p = subprocess.run(
                [sys.executable, "-m", "pip", "install", "--no-index",
                 "--no-cache-dir", "--no-build-isolation", "--target",
                 os.path.join(d, "site"), root],
                capture_output=True, text=True, env=self.env(), cwd=d)
            self.assertNotEqual(p.returncode, 0)
            self.assertIn("Run `make`", p.stdout + p.stderr)
            self.assertFalse(os.path.exists(
                os.path.join(d, "site", "libscore", "__init__.py")))

    def test_backend_builds_with_no_bundle_and_ships_py_typed(self):
        with tempfile.TemporaryDirectory() as d:
            root = self.copy_tree(d)
            code = ("import sys; sys.path.insert(0, '_build'); import lsc_build;"
                    "print(lsc_build.build_wheel(sys.argv[1]))")
            env = self.env()
            p = subprocess.run([sys.executable, "-c", code, d],
                               capture_output=True, text=True, env=env,
                               cwd=root)
            self.assertNotEqual(p.returncode, 0)
            self.assertIn("LIBSCORE_NO_BUNDLE=1", p.stderr)
            env["LIBSCORE_NO_BUNDLE"] = "1"
            p = subprocess.run([sys.executable, "-c", code, d],
                               capture_output=True, text=True, env=env,
                               cwd=root)
            self.assertEqual(p.returncode, 0, p.stderr)
            with zipfile.ZipFile(os.path.join(d, p.stdout.strip())) as z:
                self.assertIn("libscore/py.typed", z.namelist())
                self.assertIn("libscore/_types.py", z.namelist())


class Language(unittest.TestCase):
    def test_config_lang_and_cli(self):
        with tempfile.TemporaryDirectory() as d:
            conf = os.path.join(d, "zh.conf")
            with open(conf, "w") as f:
                f.write("lang zh\n")
            with libscore.Scorer(config_path=conf) as s:
                self.assertEqual(s.language, "zh")
            with libscore.Scorer(lang="zh") as s:
                self.assertEqual(s.language, "zh")
            with libscore.Scorer() as s:
                self.assertEqual(s.language, "en")
            env = dict(os.environ)
            env["PYTHONPATH"] = PKG_ROOT
            for args in (["--config", conf, BLAST],
                         ["--config", conf, "--lang", "en", BLAST]):
                a = subprocess.run([SD] + args, capture_output=True, env=env)
                b = subprocess.run([sys.executable, "-m", "libscore"] + args,
                                   capture_output=True, env=env)
                self.assertEqual(b.stdout, a.stdout, args)
            self.assertIn(b"risk", a.stdout)


class CliMbox(unittest.TestCase):
    def test_mbox_and_summary_like_score_draft(self):
        with open(os.path.join(TOP, "examples", "drafts",
                               "01-quote-follow-up.eml"), "rb") as f:
            quote = f.read()
        with open(BLAST, "rb") as f:
            blast = f.read()
        box = (b"From a@example.com Mon Dec  7 05:00:00 2026\n" + quote +
               b"\nFrom b@example.com Mon Dec  7 05:01:00 2026\n" + blast +
               b"\n\nFrom c@example.com Mon Dec  7 05:02:00 2026\n"
               b"Subject: x\n\n>From here\n")
        env = dict(os.environ)
        env.pop("NO_COLOR", None)
        env["PYTHONPATH"] = PKG_ROOT
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "box.mbox")
            with open(path, "wb") as f:
                f.write(box)
            for args in ([path], ["--format", "tsv", path], ["--json", path],
                         ["--lang", "zh", path, os.path.join(d, "none")]):
                a = subprocess.run([SD] + args, capture_output=True, env=env)
                b = subprocess.run([sys.executable, "-m", "libscore"] + args,
                                   capture_output=True, env=env)
                self.assertEqual(b.stdout, a.stdout, args)
                self.assertEqual(b.returncode, a.returncode, args)
            self.assertIn(b"box.mbox:3", a.stdout)
            self.assertIn("共 4 封".encode(), a.stdout)
            # the same bytes saved as .eml are one message, in both
            saved = os.path.join(d, "saved.eml")
            with open(saved, "wb") as f:
                f.write(box)
            args = ["--format", "tsv", saved]
            a = subprocess.run([SD] + args, capture_output=True, env=env)
            b = subprocess.run([sys.executable, "-m", "libscore"] + args,
                               capture_output=True, env=env)
            self.assertEqual(b.stdout, a.stdout)
            self.assertEqual(a.stdout.count(b"\n"), 1)
            self.assertTrue(a.stdout.startswith(saved.encode() + b"\t"))


if __name__ == "__main__":
    unittest.main()

"""python3 -m libscore prints what score-draft prints: the report, --json
and --format tsv, in both languages, for files and directories."""
import os
import subprocess
import sys
import tempfile
import unittest

from support import PKG_ROOT, SD, TOP, example_messages


def run(argv, **kw):
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    env["PYTHONPATH"] = PKG_ROOT
    return subprocess.run(argv, capture_output=True, env=env, **kw)


class Cli(unittest.TestCase):
    def same(self, args):
        a = run([SD] + args)
        b = run([sys.executable, "-m", "libscore"] + args)
        self.assertEqual(b.stdout, a.stdout, args)
        self.assertEqual(b.returncode, a.returncode, args)
        return a

    def test_score_draft_is_there(self):
        self.assertTrue(os.access(SD, os.X_OK), SD)

    def test_report_is_the_same_for_every_example(self):
        for p in example_messages():
            a = self.same([p])
            # input that is not an email has no risk to give
            self.assertTrue(b"/100" in a.stdout or
                            b"unreadable: this is not an email" in a.stdout)

    def test_chinese_report(self):
        for p in example_messages()[:3]:
            self.same(["--lang", "zh", p])

    def test_directories_json_tsv_and_sent(self):
        d = os.path.join(TOP, "examples", "drafts")
        self.same([d])
        self.same(["--json", d])
        self.same(["--format", "tsv", d, os.path.join(TOP, "tests")])

    def test_stdin_fail_above_and_errors(self):
        msg = b"Subject: FREE!!! ACT NOW\r\n\r\nCLICK HERE\r\n"
        a = run([SD, "--fail-above", "0", "-"], input=msg)
        b = run([sys.executable, "-m", "libscore", "--fail-above", "0", "-"],
                input=msg)
        self.assertEqual(a.stdout, b.stdout)
        self.assertEqual(a.returncode, b.returncode)
        with tempfile.TemporaryDirectory() as d:
            missing = os.path.join(d, "none.eml")
            self.assertEqual(run([sys.executable, "-m", "libscore",
                                  missing]).returncode, 2)
        self.assertEqual(run([sys.executable, "-m", "libscore",
                              "--bogus"]).returncode, 2)
        self.assertEqual(run([sys.executable, "-m", "libscore"]).returncode, 2)


if __name__ == "__main__":
    unittest.main()

"""What a new user meets first (issue 19), from Python: input that is not
an email, what fixing a finding gains, --fail-above as a risk or a level
(python3 -m libscore exits like score-draft), the JSON version and flag
names, and the Chinese report labels."""
import json
import os
import tempfile
import unittest

import libscore
import test_cli
from support import TOP

BLAST = os.path.join(TOP, "examples", "drafts", "02-cold-blast.eml")
QUOTE = os.path.join(TOP, "examples", "drafts", "01-quote-follow-up.eml")
PNG = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"


class NewUser(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.s = libscore.Scorer()
        cls.tmp = tempfile.TemporaryDirectory()
        cls.png = os.path.join(cls.tmp.name, "pic.png")
        with open(cls.png, "wb") as f:
            f.write(PNG)

    @classmethod
    def tearDownClass(cls):
        cls.s.close()
        cls.tmp.cleanup()

    # python3 -m libscore prints and exits like score-draft
    same = test_cli.Cli.same

    def test_not_an_email(self):
        r = self.s.score(PNG)
        self.assertEqual((r.level, r.risk), ("unreadable", 0))
        self.assertEqual([h.id for h in r.hits], ["NOT_EMAIL"])
        self.assertIn("PNG image", r.hits[0].explanation)
        a = self.same([self.png])
        self.assertIn(b"unreadable: this is not an email", a.stdout)
        self.same(["--lang", "zh", self.png])

    def test_fix_points(self):
        with open(BLAST, "rb") as f:
            r = self.s.score(f.read())
        self.assertTrue(all(h.fix_points <= 0 and h.fix_risk <= 0
                            for h in r.hits))
        self.assertLess(r.hit("EXCLAIM_BODY").fix_points, -0.05)
        self.assertIn(b"fix this: -", self.same([BLAST]).stdout)

    def test_fail_above_risk_or_level(self):
        for args, code in ((["--fail-above", "medium", BLAST], 1),
                           (["--fail-above", "high", BLAST], 0),
                           (["--fail-above", "98", BLAST], 1),
                           (["--fail-above", "101", QUOTE], 2),
                           (["--fail-above", "-3", QUOTE], 2),
                           (["--fail-above", "loud", QUOTE], 2),
                           (["--fail-above", "high", self.png], 1)):
            a = self.same(["--format", "tsv"] + args)
            self.assertEqual(a.returncode, code, args)

    def test_json_version_and_flag_names(self):
        a = self.same(["--json", BLAST])
        o = json.loads(a.stdout)
        self.assertRegex(o["version"], r"^\d+\.\d+\.\d+")
        self.assertIsInstance(o["flag_names"], list)
        with open(BLAST, "rb") as f:
            r = self.s.score(f.read())
        d = r.to_dict()
        self.assertEqual(d["version"], o["version"])
        self.assertEqual(d["flag_names"], o["flag_names"])
        self.assertEqual([h["fix_points"] for h in d["hits"]],
                         [h.fix_points for h in r.hits])

    def test_library_json_with_parts_matches_the_schema(self):
        """lsc_result_json with LSC_JSON_PARTS (parts, sizes, attachments
        and archive entries) against docs/result.schema.json."""
        import ctypes
        import glob
        import jsonschema
        from libscore import _ffi
        lib = _ffi.lib
        with open(os.path.join(TOP, "docs", "result.schema.json")) as f:
            schema = json.load(f)
        v = jsonschema.Draft7Validator(schema)
        files = sorted(glob.glob(os.path.join(TOP, "examples", "drafts",
                                              "*.eml")) +
                       glob.glob(os.path.join(TOP, "tests", "messages",
                                              "attach_*.eml")))
        self.assertGreater(len(files), 5)
        eng = _ffi.EngineHandle()
        self.assertEqual(lib.lsc_engine_new(ctypes.byref(eng), None, None), 0)
        try:
            for path in files + [None]:
                data = PNG
                if path is not None:
                    with open(path, "rb") as f:
                        data = f.read()
                r = _ffi.ResultHandle()
                self.assertEqual(lib.lsc_score(ctypes.byref(r), eng, data,
                                               len(data), None, None), 0)
                js = ctypes.c_void_p()
                n = ctypes.c_size_t(0)
                self.assertEqual(lib.lsc_result_json(
                    ctypes.byref(js), ctypes.byref(n), r, 0x3, None), 0)
                o = json.loads(ctypes.string_at(js, n.value))
                lib.lsc_string_free(js)
                lib.lsc_result_free(r)
                self.assertIn("parts", o)
                errs = [e.message for e in v.iter_errors(o)]
                self.assertEqual(errs, [], path)
        finally:
            lib.lsc_engine_free(eng)

    def test_chinese_labels(self):
        a = self.same(["--lang", "zh", BLAST])
        out = a.stdout.decode()
        for label in ("建议：", "主题：", "（另有 ", "修改此项："):
            self.assertIn(label, out)
        for old in ("建议:", "subject:", "每 100 词加权", "合并标签"):
            self.assertNotIn(old, out)


if __name__ == "__main__":
    unittest.main()

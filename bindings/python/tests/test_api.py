"""Scorer options, inputs, results and errors."""
import io
import json
import os
import pathlib
import tempfile
import unittest

from support import example_messages, normalize
import libscore

PLAIN = (b"From: Li Wei <li@example.cn>\r\nTo: ann@example.com\r\n"
         b"Subject: Quotation\r\n\r\nDear Ann,\r\nthe quotation is below.\r\n")


class Options(unittest.TestCase):
    def test_defaults_and_rule_table(self):
        with libscore.Scorer() as s:
            rules = s.rules()
            self.assertGreater(len(rules), 0)
            for r in rules:
                self.assertEqual(set(r), {"id", "group", "description",
                                          "default_weight", "weight",
                                          "enabled"})
                self.assertTrue(r["id"].isupper())
            self.assertGreater(s.group_cap(rules[0]["group"]), 0)

    def test_weights_and_disabled_reach_the_engine(self):
        rid = libscore.Scorer().rules()[0]["id"]
        with libscore.Scorer(weights={rid: 2.5}) as s:
            r = {x["id"]: x for x in s.rules()}[rid]
            self.assertEqual(r["weight"], 2.5)
            self.assertTrue(r["enabled"])
        with libscore.Scorer(disabled=[rid]) as s:
            self.assertFalse({x["id"]: x for x in s.rules()}[rid]["enabled"])
        with libscore.Scorer(config="weight %s 1.25\n" % rid) as s:
            self.assertEqual({x["id"]: x for x in s.rules()}[rid]["weight"],
                             1.25)

    def test_language_changes_descriptions(self):
        en = libscore.Scorer(lang="en").rules()[0]["description"]
        zh = libscore.Scorer(lang="zh").rules()[0]["description"]
        self.assertNotEqual(en, zh)
        self.assertTrue(any(ord(c) > 0x3000 for c in zh))
        with self.assertRaises(ValueError):
            libscore.Scorer(lang="fr")

    def test_limits_and_size_limits_are_accepted(self):
        with libscore.Scorer(limits={"max_parts": 7, "max_depth": 3},
                             size_limits={"example.com": 1000000},
                             no_magic=True, no_archives=True) as s:
            self.assertIsInstance(s.score(PLAIN), libscore.Result)
        with self.assertRaises(ValueError):
            libscore.Scorer(limits={"max_nonsense": 1})

    def test_bad_config_raises_with_code_line_and_message(self):
        with self.assertRaises(libscore.ConfigError) as cm:
            libscore.Scorer(config="# fine\nweight NO_SUCH_RULE 1\n")
        e = cm.exception
        self.assertIsInstance(e, libscore.LibscoreError)
        self.assertEqual(e.code, -4)
        self.assertEqual(e.name, "LSC_ECONFIG")
        self.assertEqual(e.line, 2)
        self.assertIn("NO_SUCH_RULE", e.message)
        self.assertIn("LSC_ECONFIG", str(e))

    def test_missing_config_file_is_an_error(self):
        with self.assertRaises(libscore.LibscoreError) as cm:
            libscore.Scorer(config_path="/nonexistent/libscore.conf")
        self.assertIn(cm.exception.code, (-3, -6))

    def test_wordlist_dir_is_used(self):
        with tempfile.TemporaryDirectory() as d:
            s = libscore.Scorer(wordlist_dir=d)
            self.assertIsInstance(s.score(PLAIN), libscore.Result)
            s.close()


class Inputs(unittest.TestCase):
    def setUp(self):
        self.s = libscore.Scorer()

    def tearDown(self):
        self.s.close()

    def test_bytes_str_path_and_file_give_the_same_result(self):
        a = self.s.score(PLAIN).to_dict(parts=True)
        b = self.s.score(PLAIN.decode()).to_dict(parts=True)
        c = self.s.score(bytearray(PLAIN)).to_dict(parts=True)
        d = self.s.score(io.BytesIO(PLAIN)).to_dict(parts=True)
        with tempfile.NamedTemporaryFile(suffix=".eml", delete=False) as f:
            f.write(PLAIN)
        try:
            e = self.s.score(pathlib.Path(f.name)).to_dict(parts=True)
            g = self.s.score_file(f.name).to_dict(parts=True)
        finally:
            os.unlink(f.name)
        for x in (b, c, d, e, g):
            self.assertEqual(a, x)

    def test_other_types_are_refused(self):
        with self.assertRaises(TypeError):
            self.s.score(12)

    def test_empty_and_binary_messages_are_not_errors(self):
        # not an email: a level of its own and one plain finding
        for m in (b"", b"\x00\xff\xfe garbage", b"no headers at all",
                  b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", b"\x7fELF\x02\x01\x01\0"):
            r = self.s.score(m)
            self.assertEqual(r.level, "unreadable", m)
            self.assertEqual(r.risk, 0)
            self.assertEqual([h.id for h in r.hits], ["NOT_EMAIL"])
            self.assertIn("not an email", r.hits[0].explanation)
            self.assertEqual(r.to_dict()["level"], "unreadable")
        self.assertIn("unreadable", libscore.LEVEL_NAMES)

    def test_fix_points_version_and_flag_names(self):
        top = os.path.dirname(os.path.dirname(os.path.dirname(
            os.path.dirname(os.path.abspath(__file__)))))
        with open(os.path.join(top, "examples", "drafts",
                               "02-cold-blast.eml"), "rb") as f:
            r = self.s.score(f.read())
        self.assertRegex(r.version, r"^\d+\.\d+\.\d+")
        d = r.to_dict()
        self.assertEqual(d["version"], r.version)
        self.assertIsInstance(d["flag_names"], list)
        for h in r.hits:
            self.assertLessEqual(h.fix_points, 0.0)
            self.assertLessEqual(h.fix_risk, 0)
        # a group over its cap: fixing one of its findings still gains
        ex = r.hit("EXCLAIM_BODY")
        self.assertIsNotNone(ex)
        self.assertLess(ex.fix_points, -0.05)
        m = self.s.score(b"Subject: x\r\nX: y\r\nbroken line\r\n\r\nhi\r\n")
        self.assertEqual(m.to_dict()["flag_names"], m.flag_names)

    def test_closed_scorer_raises(self):
        s = libscore.Scorer()
        s.close()
        s.close()
        with self.assertRaises(libscore.InvalidArgument):
            s.score(PLAIN)

    def test_mode_and_now(self):
        r1 = self.s.score(PLAIN, mode="sent", now=1700000000)
        self.assertIsInstance(r1, libscore.Result)
        with self.assertRaises(ValueError):
            self.s.score(PLAIN, mode="later")


class Results(unittest.TestCase):
    def test_result_equals_the_library_json(self):
        """The copied-out Result says what lsc_result_json says."""
        with libscore.Scorer() as s:
            for path in example_messages() + [None]:
                data = PLAIN if path is None else pathlib.Path(path).read_bytes()
                r, js = s.score(data, _json=True)
                want = json.loads(js)
                self.assertEqual(normalize(r.to_dict()), want, path)
                self.assertEqual(json.loads(r.to_json()), r.to_dict())

    def test_result_fields(self):
        with libscore.Scorer() as s:
            r = s.score(PLAIN)
        self.assertEqual(r.score, r.points)
        self.assertIn(r.level, ("low", "medium", "high"))
        self.assertIsInstance(r.hits, list)
        self.assertIsInstance(r.parts, list)
        self.assertEqual(r.hit("NO_SUCH_RULE"), None)
        for h in r.hits:
            self.assertIs(r.hit(h.id), h)
            for e in h.evidence:
                src = r.source_bytes(e)
                if src is not None:
                    self.assertEqual(src[e.start:e.end], e.raw_text)
        if r.headers:
            name, value = r.headers[0]
            self.assertEqual(r.header(name.upper()), value)
        self.assertIn("risk=", repr(r))

    def test_invalid_utf8_is_replaced_byte_by_byte(self):
        self.assertEqual(libscore._s(b"a\xe4\xbdb\xff"), "a\ufffd\ufffdb\ufffd")
        self.assertEqual(libscore._s("é".encode()), "é")


class Misc(unittest.TestCase):
    def test_version(self):
        self.assertEqual(libscore.version(), libscore.__version__)
        self.assertTrue(os.path.exists(libscore.library_path))

    def test_error_classes_carry_codes(self):
        for code, cls in libscore._ERRORS.items():
            e = cls(code)
            self.assertEqual(e.code, code)
            self.assertTrue(e.message)
            self.assertIsInstance(e, libscore.LibscoreError)


if __name__ == "__main__":
    unittest.main()

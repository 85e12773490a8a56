"""pip installs the binding offline, with this Python and with Debian's
/usr/bin/python3, and the installed package finds its bundled library."""
import os
import subprocess
import sys
import tempfile
import unittest

from support import PKG_ROOT

PROBE = ("import libscore; r = libscore.Scorer().score(b'Subject: x\\r\\n\\r\\nhi');"
         "print(libscore.library_path, r.level)")


def pythons():
    out = [sys.executable]
    deb = "/usr/bin/python3"
    if os.path.exists(deb) and os.path.realpath(deb) != \
            os.path.realpath(sys.executable):
        out.append(deb)
    return out


class Packaging(unittest.TestCase):
    def install(self, py, extra):
        with tempfile.TemporaryDirectory() as d:
            target = os.path.join(d, "site")
            env = dict(os.environ)
            env.pop("LIBSCORE_LIBRARY", None)
            env["PIP_NO_INDEX"] = "1"
            env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
            p = subprocess.run(
                [py, "-m", "pip", "install", "-q", "--no-index",
                 "--no-cache-dir", "--target", target] + extra + [PKG_ROOT],
                capture_output=True, text=True, env=env, cwd=d)
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
            self.assertTrue(os.path.exists(
                os.path.join(target, "libscore", "libscore.so")))
            env["PYTHONPATH"] = target
            q = subprocess.run([py, "-c", PROBE], capture_output=True,
                               text=True, env=env, cwd=d)
            self.assertEqual(q.returncode, 0, q.stderr)
            path, level = q.stdout.split()
            self.assertEqual(path, os.path.join(target, "libscore",
                                                "libscore.so"))
            self.assertEqual(level, "low")
            r = subprocess.run([py, "-m", "libscore", "-"], input=b"Subject: x\r\n\r\nhi",
                               capture_output=True, env=env, cwd=d)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn(b"/100", r.stdout)

    def test_pip_install_offline_no_build_isolation(self):
        for py in pythons():
            self.install(py, ["--no-build-isolation"])

    def test_pip_install_offline_with_build_isolation(self):
        self.install(sys.executable, [])

    def test_source_tree_stays_clean(self):
        self.assertFalse(os.path.exists(os.path.join(PKG_ROOT, "build")))
        self.assertEqual([n for n in os.listdir(PKG_ROOT)
                          if n.endswith(".egg-info")], [])


if __name__ == "__main__":
    unittest.main()

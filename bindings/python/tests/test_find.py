"""The library is found through LIBSCORE_LIBRARY, next to the package,
in the build tree, or on the system, in that order."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from support import PKG_ROOT, TOP

BUILT = os.path.join(TOP, "build", "libscore.so")
PROBE = "import libscore; print(libscore.library_path)"


def probe(pkg_parent, env_lib=None, cwd=None):
    env = dict(os.environ)
    env.pop("LIBSCORE_LIBRARY", None)
    if env_lib:
        env["LIBSCORE_LIBRARY"] = env_lib
    env["PYTHONPATH"] = pkg_parent
    p = subprocess.run([sys.executable, "-c", PROBE], capture_output=True,
                       text=True, env=env, cwd=cwd or tempfile.gettempdir())
    return p.returncode, p.stdout.strip(), p.stderr


class Find(unittest.TestCase):
    def test_environment_variable_wins(self):
        with tempfile.TemporaryDirectory() as d:
            copy = os.path.join(d, "renamed-libscore.so")
            shutil.copyfile(os.path.realpath(BUILT), copy)
            rc, out, err = probe(PKG_ROOT, env_lib=copy)
            self.assertEqual((rc, out), (0, copy), err)

    def test_build_tree_when_nothing_else(self):
        rc, out, err = probe(PKG_ROOT)
        self.assertEqual(rc, 0, err)
        self.assertEqual(os.path.realpath(out), os.path.realpath(BUILT))

    def test_next_to_the_package_before_the_build_tree(self):
        with tempfile.TemporaryDirectory() as d:
            shutil.copytree(os.path.join(PKG_ROOT, "libscore"),
                            os.path.join(d, "libscore"),
                            ignore=shutil.ignore_patterns("__pycache__"))
            lib = os.path.join(d, "libscore", "libscore.so")
            shutil.copyfile(os.path.realpath(BUILT), lib)
            rc, out, err = probe(d)
            self.assertEqual((rc, out), (0, lib), err)

    def test_system_or_a_clear_error(self):
        with tempfile.TemporaryDirectory() as d:
            shutil.copytree(os.path.join(PKG_ROOT, "libscore"),
                            os.path.join(d, "libscore"),
                            ignore=shutil.ignore_patterns("__pycache__"))
            rc, out, err = probe(d)
            import ctypes.util
            if ctypes.util.find_library("score"):
                self.assertEqual(rc, 0, err)
            else:
                self.assertNotEqual(rc, 0)
                self.assertIn("LIBSCORE_LIBRARY", err)


if __name__ == "__main__":
    unittest.main()

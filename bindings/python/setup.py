"""Fallback for `python3 setup.py install` (pip uses pyproject.toml and the
in-tree backend in _build/, which needs neither setuptools nor wheel).

Copies the built shared library (LIBSCORE_LIBRARY, else
../../build/libscore.so) into the installed package unless
LIBSCORE_NO_BUNDLE=1, like the backend does.
"""
import os
import shutil
import sys

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPy(build_py):
    def run(self):
        super().run()
        if os.environ.get("LIBSCORE_NO_BUNDLE") == "1":
            return
        here = os.path.dirname(os.path.abspath(__file__))
        for cand in (os.environ.get("LIBSCORE_LIBRARY"),
                     os.path.join(here, "..", "..", "build", "libscore.so")):
            if cand and os.path.isfile(cand):
                dest = os.path.join(self.build_lib, "libscore", "libscore.so")
                shutil.copyfile(os.path.realpath(cand), dest)
                os.chmod(dest, 0o755)
                break


# One version number: include/libscore.h (or an sdist's PKG-INFO).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "_build"))
from lsc_build import read_version  # noqa: E402

setup(
    name="libscore",
    version=read_version(),
    description="Will this email be bounced, filtered or ignored, and why? "
                "(ctypes binding of libscore)",
    packages=["libscore"],
    python_requires=">=3.7",
    cmdclass={"build_py": BuildPy},
)

"""Fallback for `python3 setup.py install` (pip uses pyproject.toml and the
in-tree backend in _build/, which needs neither setuptools nor wheel).

Copies the built shared library (LIBSCORE_LIBRARY, else
../../build/libscore.so) into the installed package unless
LIBSCORE_NO_BUNDLE=1, like the backend does, and like it stops with the
reason when there is none to copy.
"""
import os
import shutil
import sys

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPy(build_py):
    def run(self):
        super().run()
        lib = _require_library()
        if lib:
            dest = os.path.join(self.build_lib, "libscore", "libscore.so")
            shutil.copyfile(lib, dest)
            os.chmod(dest, 0o755)


# One version number: include/libscore.h (or an sdist's PKG-INFO).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "_build"))
from lsc_build import _require_library, read_version  # noqa: E402

setup(
    name="libscore",
    version=read_version(),
    description="Will this email be bounced, filtered or ignored, and why? "
                "(ctypes binding of libscore)",
    packages=["libscore"],
    package_data={"libscore": ["py.typed"]},
    python_requires=">=3.7",
    cmdclass={"build_py": BuildPy},
)

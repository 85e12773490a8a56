"""A PEP 517 build backend for the libscore binding, standard library only.

Takes: the package source next to this folder (bindings/python/libscore)
and, when one is found, the built shared library.  Gives: a wheel (and an
sdist, and a PEP 660 editable wheel) that pip installs offline without the
`wheel` package or any particular setuptools.

The shared library is bundled into the wheel (as libscore/libscore.so, the
"next to the package" place the binding looks first after the environment
variable) when LIBSCORE_LIBRARY names one at build time or the build tree
has ../../build/libscore.so; LIBSCORE_NO_BUNDLE=1 leaves it out, and the
installed package then finds the library through LIBSCORE_LIBRARY or the
system.  Without either (the library not built yet and no
LIBSCORE_NO_BUNDLE=1) building a wheel stops with the reason, instead of an
install that fails at import.  Only .py files and py.typed are copied; the
tests stay out.
"""

import base64
import hashlib
import io
import os
import re
import sysconfig
import tarfile
import zipfile

NAME = "libscore"
SUMMARY = ("Will this email be bounced, filtered or ignored, and why? "
           "(ctypes binding of libscore)")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PKG = os.path.join(ROOT, NAME)


def read_version(root=ROOT):
    """The one version number: LSC_VERSION_STRING of include/libscore.h in
    the source tree (as the Makefile reads it), else the PKG-INFO an sdist
    carries (written from the header when the sdist was made)."""
    header = os.path.join(root, "..", "..", "include", "libscore.h")
    if os.path.isfile(header):
        with open(header) as f:
            for line in f:
                m = re.match(r'#define LSC_VERSION_STRING "(.*)"', line)
                if m:
                    return m.group(1)
    info = os.path.join(root, "PKG-INFO")
    if os.path.isfile(info):
        with open(info) as f:
            for line in f:
                if line.startswith("Version: "):
                    return line[len("Version: "):].strip()
    raise RuntimeError("libscore: no version (include/libscore.h or PKG-INFO)")


VERSION = read_version()
DIST_INFO = "%s-%s.dist-info" % (NAME, VERSION)


def _library_to_bundle():
    if os.environ.get("LIBSCORE_NO_BUNDLE") == "1":
        return None
    for cand in (os.environ.get("LIBSCORE_LIBRARY"),
                 os.path.join(ROOT, "..", "..", "build", "libscore.so")):
        if cand and os.path.isfile(cand):
            return os.path.realpath(cand)
    return None


NO_LIBRARY = (
    "libscore: the shared library is not built yet, so this package would "
    "install and then fail at import.  Run `make` in the libscore source "
    "tree first (it writes build/libscore.so, which is bundled), or set "
    "LIBSCORE_LIBRARY=/path/to/libscore.so, or LIBSCORE_NO_BUNDLE=1 to use "
    "a libscore installed on the system (make install).")


def _require_library():
    """The library to bundle; stops the install with the reason when there
    is none and the user did not say a system one will do."""
    lib = _library_to_bundle()
    if lib is None and os.environ.get("LIBSCORE_NO_BUNDLE") != "1":
        raise RuntimeError(NO_LIBRARY)
    return lib


def _tag(bundled):
    if not bundled:
        return "py3-none-any"
    plat = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return "py3-none-" + plat


def _metadata():
    return ("Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: %s\n"
            "Requires-Python: >=3.7\n" % (NAME, VERSION, SUMMARY)).encode()


def _wheel_file(tag, purelib):
    return ("Wheel-Version: 1.0\nGenerator: lsc_build\nRoot-Is-Purelib: %s\n"
            "Tag: %s\n" % ("true" if purelib else "false", tag)).encode()


def _package_files():
    out = []
    for name in sorted(os.listdir(PKG)):
        if name.endswith(".py") or name == "py.typed":
            out.append(("%s/%s" % (NAME, name), os.path.join(PKG, name)))
    return out


class _Wheel:
    def __init__(self, path):
        self.zf = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)
        self.record = []

    def add(self, arcname, data, mode=0o644):
        info = zipfile.ZipInfo(arcname, date_time=(2020, 1, 1, 0, 0, 0))
        info.external_attr = (0o100000 | mode) << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        self.zf.writestr(info, data)
        digest = base64.urlsafe_b64encode(
            hashlib.sha256(data).digest()).rstrip(b"=").decode()
        self.record.append("%s,sha256=%s,%d" % (arcname, digest, len(data)))

    def close(self):
        self.record.append("%s/RECORD,," % DIST_INFO)
        info = zipfile.ZipInfo("%s/RECORD" % DIST_INFO,
                               date_time=(2020, 1, 1, 0, 0, 0))
        self.zf.writestr(info, "\n".join(self.record) + "\n")
        self.zf.close()


def _dist_info(w, tag, purelib):
    w.add("%s/METADATA" % DIST_INFO, _metadata())
    w.add("%s/WHEEL" % DIST_INFO, _wheel_file(tag, purelib))
    w.add("%s/top_level.txt" % DIST_INFO, (NAME + "\n").encode())


# ---- PEP 517 hooks ----

def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory,
                                     config_settings=None):
    d = os.path.join(metadata_directory, DIST_INFO)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "METADATA"), "wb") as f:
        f.write(_metadata())
    bundled = _library_to_bundle()
    with open(os.path.join(d, "WHEEL"), "wb") as f:
        f.write(_wheel_file(_tag(bundled), not bundled))
    return DIST_INFO


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def build_wheel(wheel_directory, config_settings=None,
                metadata_directory=None):
    lib = _require_library()
    tag = _tag(lib)
    name = "%s-%s-%s.whl" % (NAME, VERSION, tag)
    w = _Wheel(os.path.join(wheel_directory, name))
    for arc, path in _package_files():
        with open(path, "rb") as f:
            w.add(arc, f.read())
    if lib:
        with open(lib, "rb") as f:
            w.add("%s/libscore.so" % NAME, f.read(), 0o755)
    _dist_info(w, tag, not lib)
    w.close()
    return name


def build_editable(wheel_directory, config_settings=None,
                   metadata_directory=None):
    """An editable install: a .pth file that puts this folder on sys.path
    (the library is then found in the build tree)."""
    _require_library()
    tag = "py3-none-any"
    name = "%s-%s-%s.whl" % (NAME, VERSION, tag)
    w = _Wheel(os.path.join(wheel_directory, name))
    w.add("_libscore_editable.pth", (ROOT + "\n").encode())
    _dist_info(w, tag, True)
    w.close()
    return name


def build_sdist(sdist_directory, config_settings=None):
    base = "%s-%s" % (NAME, VERSION)
    name = base + ".tar.gz"
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz") as tf:
        def add(rel):
            tf.add(os.path.join(ROOT, rel), arcname="%s/%s" % (base, rel),
                   recursive=False)
        for rel in ("pyproject.toml", "setup.py", "README.md",
                    "_build/lsc_build.py"):
            if os.path.exists(os.path.join(ROOT, rel)):
                add(rel)
        for arc, _ in _package_files():
            add(arc)
        data = _metadata()
        info = tarfile.TarInfo("%s/PKG-INFO" % base)
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
    return name

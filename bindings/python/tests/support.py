"""Shared by the binding's tests: paths of the tree, score-draft, a Scorer.

The tests run from bindings/python (tests/run.sh, make python-test) with
LIBSCORE_LIBRARY pointing at the build and LSC_SD at score-draft; when
run by hand the build tree defaults are used.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PKG_ROOT = os.path.dirname(HERE)                  # bindings/python
TOP = os.path.normpath(os.path.join(PKG_ROOT, "..", ".."))
if PKG_ROOT not in sys.path:
    sys.path.insert(0, PKG_ROOT)
os.environ.setdefault("LIBSCORE_LIBRARY",
                      os.path.join(TOP, "build", "libscore.so"))
SD = os.environ.get("LSC_SD") or os.path.join(TOP, "examples", "score-draft")

import libscore  # noqa: E402


def example_messages():
    """Every .eml of examples/drafts and tests/messages (sorted)."""
    out = []
    for d in ("examples/drafts", "tests/messages"):
        full = os.path.join(TOP, d)
        if os.path.isdir(full):
            out += [os.path.join(full, n) for n in sorted(os.listdir(full))
                    if n.endswith(".eml")]
    return out


def round4(x):
    """A number as lsc_result_json writes it (%.6g)."""
    return float("%.6g" % x)


def normalize(d):
    """A result dict with numbers rounded like the JSON writer's."""
    if isinstance(d, dict):
        return {k: normalize(v) for k, v in d.items()}
    if isinstance(d, list):
        return [normalize(v) for v in d]
    if isinstance(d, float):
        return round4(d)
    return d

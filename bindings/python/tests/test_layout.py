"""The ctypes mirrors have the C structs' sizes and field offsets: a C
program compiled against include/libscore.h prints them."""
import ctypes
import os
import subprocess
import sys
import tempfile
import unittest

from support import TOP
from libscore import _ffi

STRUCTS = {
    "lsc_error": _ffi.Error, "lsc_allocator": _ffi.Allocator,
    "lsc_limits": _ffi.Limits, "lsc_rule_setting": _ffi.RuleSetting,
    "lsc_size_limit": _ffi.SizeLimit, "lsc_options": _ffi.Options,
    "lsc_rule_info": _ffi.RuleInfo, "lsc_score_options": _ffi.ScoreOptions,
    "lsc_evidence": _ffi.Evidence, "lsc_hit": _ffi.Hit, "lsc_part": _ffi.Part,
    "lsc_draft_attachment": _ffi.DraftAttachment,
    "lsc_draft_header": _ffi.DraftHeader, "lsc_draft": _ffi.Draft,
    "lsc_archive_entry": _ffi.ArchiveEntry,
    "lsc_attachment": _ffi.AttachmentInfo,
    "lsc_history_options": _ffi.HistoryOptions,
    "lsc_history_filter": _ffi.HistoryFilter,
    "lsc_history_match": _ffi.HistoryMatch,
    "lsc_history_summary": _ffi.HistorySummary,
    "lsc_dns_options": _ffi.DnsOptions,
}


def header_functions():
    """Every function libscore.h declares with LSC_API."""
    import re
    with open(os.path.join(TOP, "include", "libscore.h")) as f:
        text = f.read()
    return set(re.findall(r"LSC_API[^;]*?\b(lsc_\w+)\s*\(", text, re.S))


# The header's functions when the binding was last brought up to date.  A
# stage that adds API later must not break this suite before the binding
# follows: functions beyond this list are reported by make check-python
# (check_corpus.py), which fails until _ffi.py declares them.
KNOWN = set(_ffi.declared)


class Layout(unittest.TestCase):
    def test_struct_sizes_and_offsets_match_the_header(self):
        lines = ['#include <stdio.h>', '#include <stddef.h>',
                 '#include "libscore.h"', 'int main(void) {']
        for cname, py in STRUCTS.items():
            lines.append('printf("%s size %%zu\\n", sizeof(%s));'
                         % (cname, cname))
            for fname, _ in py._fields_:
                cf = "from" if fname == "from" else fname
                lines.append('printf("%s.%s %%zu\\n", offsetof(%s, %s));'
                             % (cname, fname, cname, cf))
        lines += ["return 0;", "}"]
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, "layout.c")
            exe = os.path.join(tmp, "layout")
            with open(src, "w") as f:
                f.write("\n".join(lines))
            cc = os.environ.get("CC", "cc")
            subprocess.run([cc, "-I", os.path.join(TOP, "include"), src,
                            "-o", exe], check=True)
            out = subprocess.run([exe], check=True, capture_output=True,
                                 text=True).stdout
        want = {}
        for line in out.splitlines():
            k, *rest = line.split()
            want[k + (" size" if rest[0] == "size" else "")] = int(rest[-1])
        for cname, py in STRUCTS.items():
            self.assertEqual(ctypes.sizeof(py), want[cname + " size"], cname)
            for fname, _ in py._fields_:
                self.assertEqual(getattr(py, fname).offset,
                                 want["%s.%s" % (cname, fname)],
                                 "%s.%s" % (cname, fname))

    def test_every_header_function_is_declared(self):
        names = header_functions()
        self.assertGreater(len(names), 30)
        # nothing declared that the header no longer has
        self.assertEqual(sorted(KNOWN - names), [], "stale in _ffi.py")
        # functions added after the binding: reported here and failed by
        # make check-python (a new stage must not break this suite)
        missing = sorted(names - KNOWN)
        if missing:
            sys.stderr.write("\nnot declared in _ffi.py yet: %s\n"
                             % ", ".join(missing))
        for n in _ffi.declared:
            fn = getattr(_ffi.lib, n)
            self.assertIsNotNone(fn.argtypes, n)


if __name__ == "__main__":
    unittest.main()

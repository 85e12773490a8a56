#!/usr/bin/env python3
"""Checks that libscore's files only reach down the stage order.

Takes: the stage order (libscore/STAGES: one rank a line, lowest first,
peers on one line), the sources libscore/<stage>/*.[ch] and, optionally,
the built objects <objdir>/<stage>/*.o.  Gives: one line per use that runs
against the order, exit status 1 when there is any.

  #include "dir/x.h"   dir must be the file's own stage or one of lower
                       rank; "libscore.h" (the public header) is allowed
                       anywhere; an include without a folder is refused,
                       since the stage could not be read from it.
  objects (nm)         every lsc_ symbol an object uses that some object
                       of the tree defines must be defined in the same
                       stage or a lower one: this catches a call through a
                       declaration that lives lower than its definition.
  file length          no .c or .h file over MAX_LINES lines (issue 17:
                       a file is one stage's one job; split along a seam).

Usage: check_stages.py [--stages FILE] [--src DIR] [--obj DIR]
"""
import argparse
import os
import re
import subprocess
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')
# The most lines one source file of the library may have.
MAX_LINES = 800


def check_lengths(src):
    """A line for every .c or .h file under src longer than MAX_LINES."""
    bad = []
    for root, _dirs, files in os.walk(src):
        for f in sorted(files):
            if not f.endswith(('.c', '.h')):
                continue
            path = os.path.join(root, f)
            with open(path, encoding='utf-8', errors='replace') as fh:
                n = sum(1 for _ in fh)
            if n > MAX_LINES:
                bad.append('%s: %d lines, over %d (split it along a seam)'
                           % (path, n, MAX_LINES))
    return bad


def read_stages(path):
    rank = {}
    n = 0
    with open(path) as f:
        for line in f:
            line = line.split('#', 1)[0].split()
            if not line:
                continue
            for s in line:
                if s in rank:
                    sys.exit('%s: stage %s listed twice' % (path, s))
                rank[s] = n
            n += 1
    return rank


def allowed(rank, user, used):
    """May stage `user` use stage `used`?"""
    return used == user or rank[used] < rank[user]


def check_includes(rank, src):
    bad = []
    for stage in sorted(os.listdir(src)):
        d = os.path.join(src, stage)
        if not os.path.isdir(d):
            continue
        if stage not in rank:
            bad.append('%s/: folder not in the stage order (add a line to '
                       'STAGES)' % d)
            continue
        for name in sorted(os.listdir(d)):
            if not re.search(r'\.(c|h|def)$', name):
                continue
            path = os.path.join(d, name)
            with open(path, errors='replace') as f:
                for no, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    inc = m.group(1)
                    if inc == 'libscore.h':
                        continue
                    if '/' not in inc:
                        bad.append('%s:%d: #include "%s" names no stage '
                                   'folder' % (path, no, inc))
                        continue
                    used = inc.split('/', 1)[0]
                    if used not in rank:
                        bad.append('%s:%d: #include "%s": %s is not a stage'
                                   % (path, no, inc, used))
                    elif not allowed(rank, stage, used):
                        bad.append('%s:%d: #include "%s": %s may not use %s '
                                   '(later in STAGES)' % (path, no, inc,
                                                          stage, used))
    return bad


def nm(path, *args):
    out = subprocess.run(['nm', *args, path], capture_output=True,
                         text=True, check=True).stdout
    return [l.split()[-1] for l in out.splitlines() if l.split()]


def check_objects(rank, obj):
    defined = {}   # symbol -> (stage, object)
    uses = []      # (stage, object, symbol)
    for stage in sorted(os.listdir(obj)):
        d = os.path.join(obj, stage)
        if not os.path.isdir(d) or stage not in rank:
            continue
        for name in sorted(os.listdir(d)):
            if not name.endswith('.o'):
                continue
            path = os.path.join(d, name)
            for s in nm(path, '--defined-only', '-g'):
                if s.startswith('lsc_'):
                    defined[s] = (stage, path)
            for s in nm(path, '-u'):
                if s.startswith('lsc_'):
                    uses.append((stage, path, s))
    bad = []
    for stage, path, s in uses:
        if s in defined and not allowed(rank, stage, defined[s][0]):
            bad.append('%s: calls %s, defined in %s: %s may not use %s'
                       % (path, s, defined[s][1], stage, defined[s][0]))
    return bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--stages', default='libscore/STAGES')
    ap.add_argument('--src', default='libscore')
    ap.add_argument('--obj')
    a = ap.parse_args()
    rank = read_stages(a.stages)
    bad = check_includes(rank, a.src) + check_lengths(a.src)
    if a.obj:
        if not os.path.isdir(a.obj):
            sys.exit('check_stages: no objects in %s' % a.obj)
        bad += check_objects(rank, a.obj)
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())

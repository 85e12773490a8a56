#!/usr/bin/env python3
"""Why HTML parts differ from the reference (tools/check-text.sh).

Usage: text_diffkinds.py REF.jsonl OURS.jsonl OURS_WITH_HIDDEN.jsonl

For every text/html part of the reference with 5+ words where ours is
below 0.95 word-multiset Jaccard (as compare_text.py computes it), says
whether putting back the text we found hidden brings it to 0.95 or more:
such a part differs only by hidden text the reference shows (a difference
in our favour).  Prints the counts.
"""
import collections
import json
import re
import sys

WORD = re.compile(r'\w+', re.UNICODE)


def load(path):
    out = {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            if line.strip():
                obj = json.loads(line)
                for p in obj.get('parts', []):
                    out[(obj['path'], p['index'])] = p
    return out


def words(text):
    return collections.Counter(w.casefold() for w in WORD.findall(text or ''))


def jaccard(a, b):
    inter = sum((a & b).values())
    union = sum((a | b).values())
    return 1.0 if union == 0 else inter / union


def main(argv):
    ref, ours, hid = load(argv[1]), load(argv[2]), load(argv[3])
    total = below = hidden = better = 0
    for key, r in ref.items():
        if r.get('content_type') != 'text/html':
            continue
        rw = words(r.get('text'))
        if sum(rw.values()) < 5:
            continue
        total += 1
        o = ours.get(key)
        s = jaccard(rw, words(o.get('text') if o else ''))
        if s >= 0.95:
            continue
        below += 1
        h = hid.get(key)
        sh = jaccard(rw, words(h.get('text') if h else ''))
        if sh >= 0.95:
            hidden += 1
        elif sh > s + 0.05:
            better += 1
    print('html parts: %d, below 0.95: %d, of which only hidden text the '
          'reference shows: %d, partly hidden text: %d, other: %d'
          % (total, below, hidden, better, below - hidden - better))
    if total:
        print('at >= 0.95 counting hidden text as agreement: %.2f%%'
              % (100.0 * (total - below + hidden) / total))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

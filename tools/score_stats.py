#!/usr/bin/env python3
"""Levels per source and the rules that fire most on ham.

Usage: score_stats.py SCORES.tsv [--max-easy-ham-high PCT] [--top N]

SCORES.tsv is `score-draft --format tsv` output (path, points, risk, level,
comma-separated rule ids).  Labels and sources are taken from the paths the
same way as ../shared/tools/eval_scores.py (a path component "ham" or
"spam", the folder after it is the source).

Prints, per source, how many messages reach each level, then the rules that
fire on the most ham with how often they fire on spam (a rule that fires on
much ham and little spam is a false alarm to look at).  Exits 1 when more
than --max-easy-ham-high percent of easy_ham (the sources whose name starts
with "easy_ham") reaches level high.
"""
import argparse
import collections
import sys


def label_of(path):
    parts = path.replace('\\', '/').split('/')
    for i, p in enumerate(parts):
        if p in ('ham', 'spam'):
            if i + 1 < len(parts) - 1:
                return p, parts[i + 1]
            return p, (parts[i - 1] if i > 0 else p)
    return None, None


def read(path):
    rows = []
    with open(path, encoding='utf-8', errors='replace') as f:
        for line in f:
            cols = line.rstrip('\n').split('\t')
            if len(cols) < 4:
                continue
            try:
                points = float(cols[1])
            except ValueError:
                continue
            label, source = label_of(cols[0])
            if label is None:
                continue
            rules = [r for r in (cols[4].split(',') if len(cols) > 4 else []) if r]
            rows.append((cols[0], label, source, points, cols[3], rules))
    return rows


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('scores')
    ap.add_argument('--max-easy-ham-high', type=float, default=None)
    ap.add_argument('--top', type=int, default=15)
    a = ap.parse_args(argv[1:])
    rows = read(a.scores)
    if not rows:
        print('score_stats: no labelled rows in %s' % a.scores)
        return 1
    levels = ('low', 'medium', 'high')
    by = collections.OrderedDict()
    for _, label, source, _, level, _ in sorted(rows, key=lambda r: (r[1], r[2])):
        d = by.setdefault((label, source), collections.Counter())
        d[level] += 1
        d['n'] += 1
    print('%-6s %-14s %6s %8s %8s %8s' % ('label', 'source', 'n', 'low', 'medium', 'high'))
    for (label, source), d in by.items():
        n = d['n']
        print('%-6s %-14s %6d %7.1f%% %7.1f%% %7.1f%%' % (
            label, source, n, *(100.0 * d[lv] / n for lv in levels)))
    # Where the medium and high levels start, in points, as seen in the data.
    for lv in ('medium', 'high'):
        pts = [r[3] for r in rows if levels.index(r[4]) >= levels.index(lv)] \
            if all(r[4] in levels for r in rows) else []
        if pts:
            print('level %s starts at or below %.3f points' % (lv, min(pts)))

    ham = [r for r in rows if r[1] == 'ham']
    spam = [r for r in rows if r[1] == 'spam']
    on_ham = collections.Counter(rule for r in ham for rule in set(r[5]))
    on_spam = collections.Counter(rule for r in spam for rule in set(r[5]))
    print('rules firing most on ham (of %d ham, %d spam):' % (len(ham), len(spam)))
    print('  %-28s %6s %7s %7s %7s' % ('rule', 'ham', 'ham%', 'spam%', 'spam/ham'))
    for rule, n in on_ham.most_common(a.top):
        hp = 100.0 * n / max(1, len(ham))
        sp = 100.0 * on_spam[rule] / max(1, len(spam))
        print('  %-28s %6d %6.1f%% %6.1f%% %7.2f' % (rule, n, hp, sp, sp / hp if hp else 0))
    # Which rules push ham to high: the rules of high-level ham.
    high_ham = [r for r in ham if r[4] == 'high']
    if high_ham:
        c = collections.Counter(rule for r in high_ham for rule in set(r[5]))
        print('rules on the %d ham at level high: %s' % (
            len(high_ham), ', '.join('%s %d' % kv for kv in c.most_common(8))))
    status = 0
    if a.max_easy_ham_high is not None:
        easy = [r for r in ham if r[2].startswith('easy_ham')]
        share = 100.0 * sum(1 for r in easy if r[4] == 'high') / max(1, len(easy))
        ok = share <= a.max_easy_ham_high
        print('easy_ham at level high: %.2f%% (limit %.2f%%): %s' % (
            share, a.max_easy_ham_high, 'ok' if ok else 'TOO MANY'))
        if not ok:
            status = 1
    return status


if __name__ == '__main__':
    sys.exit(main(sys.argv))

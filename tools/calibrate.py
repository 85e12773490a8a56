#!/usr/bin/env python3
"""Fit libscore's default rule weights on labelled mail.

Usage:
  calibrate.py [--sd examples/score-draft] DIR ... [--save hits.jsonl]
  calibrate.py --jsonl hits.jsonl [...]
  options: --folds 5 --lambdas 0.3,1,3,10,30 --step 0.5 --min-support 10
           --write (write libscore/rules/weights.def and score_curve.def)

What it does, and why this way:
- Runs `score-draft --json` over the directories (or reads its saved
  output).  A message is spam or ham by a path component "spam"/"ham",
  like ../shared/tools/eval_scores.py; other messages are ignored.
- Each rule's strength (0..1, 0 when it did not fire) is one feature.  The
  model is a logistic regression P(spam) = sigmoid(b + sum w_i x_i) with
  every w_i >= 0 (projected, accelerated gradient descent), so that every
  rule can only add risk, as the library promises.  Ham and spam get equal
  total weight, so b says where spam and ham are equally likely regardless
  of how many of each the corpus holds.  L2 regularisation (lambda) keeps
  weights small when the evidence is thin.
- Phishing Pot replaced every recipient address with phishing@pot (also
  inside From and Message-ID): hits of the rules that judge address and ID
  syntax whose evidence is only that token are corpus artifacts and are
  left out (--ignore-evidence, --artifact-rules); the token in a subject or
  in hidden text stands for the real address, which was there, and counts.
- Tuning is by k-fold cross-validation over clusters of near-duplicate
  messages (same Message-ID or same whitespace-free body over 200 bytes,
  the corpus' own split rule), so that re-sent copies of one spam never sit
  on both sides: we tune for mail, not for files.  The lambda chosen is the
  largest whose CV AUC is within --tolerance of the best (simpler model).
- Weights are rounded to --step (0.5 points by default); a rule that fires
  more often on spam than on ham keeps at least --floor (0.5) even if the
  fit gives it nothing (it judges what this old mail cannot show, such as
  a link that shows another domain); rules that fire on
  fewer than --min-support labelled messages keep their current weight:
  the corpus says too little about them (e.g. mistyped recipient domains).
- The final points are simulated exactly as score.c computes them (group
  caps from weights.def), and a one-dimensional logistic fit of the label on
  those points gives RISK_MID and RISK_SLOPE for score.c; LEVEL_HIGH_POINTS
  is the smallest round cut-off where at most --max-easy-high percent of
  easy_ham and at most 1 in 20 of the messages at or above it are ham.
- Prints CV AUC against train AUC, per source, every rule's firing rates
  and old and new weights.  With --write it writes libscore/rules/weights.def (group caps and
  weights) and libscore/rules/score_curve.def (the risk curve and level
  cut-offs), data files the library includes, each whole.

Python standard library only.
"""
import argparse
import collections
import hashlib
import json
import math
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)


# ---------------------------------------------------------------- data

def label_of(path):
    parts = path.replace('\\', '/').split('/')
    for i, p in enumerate(parts):
        if p in ('ham', 'spam'):
            if i + 1 < len(parts) - 1:
                return p, parts[i + 1]
            return p, (parts[i - 1] if i > 0 else p)
    return None, None


def load_jsonl(lines, ignore=None, rules=()):
    """ignore: a compiled regex; a hit of one of `rules` all of whose
    evidence matches it is dropped (a corpus artifact, not a property of
    the mail)."""
    rows = []
    dropped = collections.Counter()
    for line in lines:
        line = line.strip()
        if not line.startswith('{'):
            continue
        o = json.loads(line)
        label, source = label_of(o['path'])
        if label is None:
            continue
        feats = {}
        for h in o.get('hits', []):
            ev = [e.get('text') or '' for e in h.get('evidence', [])]
            if ignore and h['id'] in rules and ev and \
                    all(ignore.search(t) for t in ev):
                dropped[h['id']] += 1
                continue
            feats[h['id']] = max(feats.get(h['id'], 0.0), float(h['strength']))
        rows.append({'path': o['path'], 'y': 1 if label == 'spam' else 0,
                     'source': source, 'x': feats,
                     'points': float(o.get('points', 0.0))})
    return rows, dropped


def run_score_draft(sd, dirs):
    p = subprocess.run([sd, '--json'] + dirs, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, check=False)
    if p.returncode >= 2 and not p.stdout:
        sys.exit('calibrate: %s failed: %s' % (sd, p.stderr.decode()[:500]))
    return p.stdout.decode('utf-8', 'replace').splitlines()


# ------------------------------------------------------------- clusters

MSGID = re.compile(rb'^message-id:[ \t]*(.*?)\s*$', re.I | re.M)


def cluster_keys(path):
    """Message-ID and the whitespace-free body hash (bodies over 200 bytes)."""
    keys = []
    try:
        with open(path, 'rb') as f:
            data = f.read()
    except OSError:
        return keys
    sep = re.search(rb'\r?\n\r?\n', data)
    head, body = (data[:sep.start()], data[sep.end():]) if sep else (data, b'')
    m = MSGID.search(head)
    if m and m.group(1).strip():
        keys.append(b'id:' + m.group(1).strip())
    flat = re.sub(rb'\s+', b'', body)
    if len(flat) > 200:
        keys.append(b'body:' + hashlib.sha1(flat).digest())
    return keys


def assign_folds(rows, k):
    parent = list(range(len(rows)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner = {}
    for i, r in enumerate(rows):
        for key in cluster_keys(r['path']):
            if key in owner:
                a, b = find(i), find(owner[key])
                if a != b:
                    parent[a] = b
            else:
                owner[key] = i
    members = collections.defaultdict(list)
    for i in range(len(rows)):
        members[find(i)].append(i)
    for group in members.values():
        name = min(os.path.basename(rows[i]['path']) for i in group)
        fold = int(hashlib.sha1(name.encode()).hexdigest(), 16) % k
        for i in group:
            rows[i]['fold'] = fold
    return len(members)


# ---------------------------------------------------------------- model

def auc(pos, neg):
    if not pos or not neg:
        return float('nan')
    allv = sorted([(v, 1) for v in pos] + [(v, 0) for v in neg])
    rank_sum, i = 0.0, 0
    while i < len(allv):
        j = i
        while j < len(allv) and allv[j][0] == allv[i][0]:
            j += 1
        mid = (i + j + 1) / 2.0
        rank_sum += mid * sum(1 for t in range(i, j) if allv[t][1] == 1)
        i = j
    return (rank_sum - len(pos) * (len(pos) + 1) / 2.0) / (len(pos) * len(neg))


def sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


class Data:
    """Rows as sparse (feature index, value) lists with sample weights."""

    # --source-weight: {source: factor}; a source's messages count that many
    # times within their class (the classes keep equal total weight).
    SOURCE_WEIGHT = {}

    def __init__(self, rows, feats):
        idx = {f: j for j, f in enumerate(feats)}
        self.x = [[(idx[f], v) for f, v in r['x'].items() if f in idx and v > 0]
                  for r in rows]
        self.y = [r['y'] for r in rows]
        f = [Data.SOURCE_WEIGHT.get(r.get('source'), 1.0) for r in rows]
        n1 = sum(fi for fi, y in zip(f, self.y) if y) or 1
        n0 = sum(fi for fi, y in zip(f, self.y) if not y) or 1
        # Equal total weight for ham and spam, mean 1 per message.
        self.sw = [fi * len(self.y) / (2.0 * (n1 if y else n0))
                   for fi, y in zip(f, self.y)]
        self.nf = len(feats)


def loss_grad(d, w, b, lam):
    n = len(d.y)
    gw = [0.0] * d.nf
    gb = 0.0
    loss = 0.0
    for xi, yi, si in zip(d.x, d.y, d.sw):
        z = b
        for j, v in xi:
            z += w[j] * v
        p = sigmoid(z)
        # log-loss, stable
        loss += si * (math.log1p(math.exp(-abs(z))) + max(z, 0) - yi * z)
        g = si * (p - yi)
        gb += g
        for j, v in xi:
            gw[j] += g * v
    loss /= n
    gb /= n
    for j in range(d.nf):
        gw[j] = gw[j] / n + lam * w[j] / n
        loss += 0.5 * lam * w[j] * w[j] / n
    return loss, gw, gb


def fit(d, lam, iters=400, fixed=None):
    """Projected accelerated gradient (FISTA) with backtracking.  lam is
    the L2 penalty in units of messages (lam / n per message).  fixed:
    {feature index: weight} held constant (not fitted)."""
    fixed = fixed or {}
    w = [fixed.get(j, 0.0) for j in range(d.nf)]
    b = 0.0
    yw, yb = w[:], b
    t_mom = 1.0
    step = 1.0
    prev = float('inf')
    for _ in range(iters):
        f0, gw, gb = loss_grad(d, yw, yb, lam)
        while True:
            nw = [fixed[j] if j in fixed else max(0.0, yw[j] - step * gw[j])
                  for j in range(d.nf)]
            nb = yb - step * gb
            f1, _, _ = loss_grad(d, nw, nb, lam)
            dw = [a - c for a, c in zip(nw, yw)]
            db = nb - yb
            quad = f0 + sum(g * x for g, x in zip(gw, dw)) + gb * db + \
                (sum(x * x for x in dw) + db * db) / (2 * step)
            if f1 <= quad + 1e-12 or step < 1e-6:
                break
            step *= 0.5
        t_next = (1 + math.sqrt(1 + 4 * t_mom * t_mom)) / 2
        mom = (t_mom - 1) / t_next
        yw = [fixed[j] if j in fixed else max(0.0, a + mom * (a - c))
              for j, (a, c) in enumerate(zip(nw, w))]
        yb = nb + mom * (nb - b)
        w, b, t_mom = nw, nb, t_next
        if f1 > prev:          # restart momentum when it overshoots
            t_mom = 1.0
            yw, yb = w[:], b
        if abs(prev - f1) < 1e-8:
            break
        prev = f1
    return w, b


# ------------------------------------------------------ engine-exact points

def read_table(path, weights_path):
    """rules.def gives each rule's group; weights.def the group caps and the
    weights.  Returns (caps, rules) with rules in rules.def order."""
    text = open(path, encoding='utf-8').read()
    wtext = open(weights_path, encoding='utf-8').read()
    groups = collections.OrderedDict(
        (m.group(1), float(m.group(2))) for m in re.finditer(
            r'^LSC_GROUP\("([^"]+)", ([0-9.eE+-]+)\)', wtext, re.M))
    weights = {m.group(1): float(m.group(2)) for m in re.finditer(
        r'^LSC_WEIGHT\(([A-Z0-9_]+), ([0-9.eE+-]+)\)', wtext, re.M)}
    rules = collections.OrderedDict()
    for m in re.finditer(r'LSC_RULE\(\s*([A-Z0-9_]+)\s*,\s*"([^"]+)"\s*,', text):
        rules[m.group(1)] = {'group': m.group(2),
                             'weight': weights.get(m.group(1), 1.0)}
    return groups, rules


def group_total(s, cap):
    """score.c's group_total: the sum up to the cap, its log above it."""
    if not s > cap or not cap > 0:
        return s
    return cap * (1.0 + math.log(s / cap))
# score.c: a lone construction hit earns at most LONE_MARGIN below the
# medium cut-off (RISK_MID of score_curve.def, set in main()).
LONE_MARGIN = 0.25
LONE_MAX = [float('inf')]


def engine_points(x, weights, rules, caps):
    """Points exactly as score.c: weight x strength, capped per group; a
    lone construction hit capped below level medium."""
    by_group = collections.defaultdict(float)
    scored = []
    for f, v in x.items():
        if f in weights:
            g = rules.get(f, {}).get('group', '?')
            by_group[g] += weights[f] * v
            if weights[f] * v > 0:
                scored.append(g)
    total = sum(group_total(s, caps.get(g, float('inf')))
                for g, s in by_group.items())
    if len(scored) == 1 and scored[0] == 'construction':
        total = min(total, LONE_MAX[0])
    return total


def risk_tail(pts, ys, mid, slope, high):
    """RISK_TAIL: above LEVEL_HIGH_POINTS the risk left to 100 shrinks by e
    every RISK_TAIL points; fitted so that the 99th percentile of the spam's
    points shows risk 99 (order stays visible up to there)."""
    spam = sorted(p for p, y in zip(pts, ys) if y)
    if not spam:
        return 6.0
    p99 = spam[int(0.99 * (len(spam) - 1))]
    lg = lambda p: 1.0 / (1.0 + math.exp(-slope * (p - mid)))
    left = 100.0 - 100.0 * (lg(high) - lg(0)) / (1 - lg(0))
    if p99 <= high or left <= 1.0:
        return 6.0
    return (p99 - high) / math.log(left)


def fit_1d(points, ys):
    """Logistic fit of y on points with balanced weights: (slope, mid).
    Damped Newton: a step is halved until the loss goes down, so perfectly
    separated or tied data cannot send it off to infinity."""
    n1 = sum(ys) or 1
    n0 = (len(ys) - sum(ys)) or 1
    sw = [len(ys) / (2.0 * (n1 if y else n0)) for y in ys]

    def loss(a, c):
        t = 0.0
        for p, y, s in zip(points, ys, sw):
            z = a * p + c
            t += s * (math.log1p(math.exp(-abs(z))) + max(z, 0) - y * z)
        return t + 1e-3 * (a * a + c * c)   # a whisper of ridge: finite

    a, c = 1.0, 0.0
    cur = loss(a, c)
    for _ in range(100):
        ga, gc = 2e-3 * a, 2e-3 * c
        haa = hcc = 2e-3
        hac = 0.0
        for p, y, s in zip(points, ys, sw):
            q = sigmoid(a * p + c)
            g = s * (q - y)
            h = s * q * (1 - q)
            ga += g * p
            gc += g
            haa += h * p * p
            hac += h * p
            hcc += h
        det = haa * hcc - hac * hac
        if det <= 1e-12:
            break
        da = (hcc * ga - hac * gc) / det
        dc = (haa * gc - hac * ga) / det
        step = 1.0
        while step > 1e-6:
            na, nc = a - step * da, c - step * dc
            new = loss(na, nc)
            if new <= cur:
                break
            step *= 0.5
        if step <= 1e-6:
            break
        done = cur - new < 1e-10
        a, c, cur = na, nc, new
        if done:
            break
    return a, (-c / a if a > 0 else 0.0)


# ------------------------------------------------------------------ the curve file

CURVE_HEAD = """/*
 * score_curve.def - the risk curve and the level cut-offs, as data.
 *
 *   LSC_CURVE(name, value)
 *
 * score.c reads these (risk = logistic(RISK_SLOPE x (points - RISK_MID))
 * up to LEVEL_HIGH_POINTS, then the rest of the way to 100 shrinking by e
 * every RISK_TAIL points; level medium from RISK_MID, level high from
 * LEVEL_HIGH_POINTS).
 * tools/calibrate.py --write writes this whole file from the corpus fit;
 * the figures behind the values are in score.c's opening comment.
 */
"""


def curve_text(mid, slope, high, tail):
    """score_curve.def, whole: what --write leaves behind."""
    return CURVE_HEAD + ('LSC_CURVE(RISK_MID, %.2f)\nLSC_CURVE(RISK_SLOPE, %.2f)\n'
                         'LSC_CURVE(LEVEL_HIGH_POINTS, %.1f)\n'
                         'LSC_CURVE(RISK_TAIL, %.1f)\n' % (mid, slope, high, tail))


def read_curve(path):
    """The LSC_CURVE rows of a curve file, name -> value."""
    out = {}
    with open(path, encoding='utf-8') as f:
        for m in re.finditer(r'^LSC_CURVE\((\w+), ([0-9.eE+-]+)\)', f.read(), re.M):
            out[m.group(1)] = float(m.group(2))
    return out


# ---------------------------------------------------------------- the weights file

WEIGHTS_HEAD = """/*
 * weights.def - the numbers of the rule table, as data: each group's cap
 * (the most points its rules together add) and each rule's default
 * weight (points = weight x strength).
 *
 *   LSC_GROUP("name", cap)
 *   LSC_WEIGHT(ID, weight)     one row per rules.def row, same order
 *
 * tools/calibrate.py --write writes this whole file from the corpus fit;
 * engine options and config files override a weight by id.  The build
 * fails on a rule without a weight or a weight without a rule (rules.c).
 */
#ifndef LSC_GROUP
#define LSC_GROUP(name, cap)
#endif
#ifndef LSC_WEIGHT
#define LSC_WEIGHT(id, weight)
#endif

"""


def fmt_weight(v):
    return ('%.2f' % v).rstrip('0').rstrip('.') if v != int(v) else '%.1f' % v


def weights_text(caps, weights):
    """weights.def, whole: caps {group: cap}, weights {id: w}, both in order."""
    return (WEIGHTS_HEAD +
            ''.join('LSC_GROUP("%s", %.1f)\n' % (g, c) for g, c in caps.items()) +
            '\n' +
            ''.join('LSC_WEIGHT(%s, %s)\n' % (r, fmt_weight(w)) for r, w in weights.items()) +
            '\n#undef LSC_GROUP\n#undef LSC_WEIGHT\n')


# ------------------------------------------------------------------ main

def main(argv):
    ap = argparse.ArgumentParser(description='Fit libscore rule weights.')
    ap.add_argument('dirs', nargs='*')
    ap.add_argument('--sd', default=os.path.join(TOP, 'examples', 'score-draft'))
    ap.add_argument('--jsonl', help='read saved score-draft --json output')
    ap.add_argument('--save', help='save score-draft --json output here')
    ap.add_argument('--rules-def', default=os.path.join(TOP, 'libscore', 'rules', 'rules.def'))
    ap.add_argument('--weights', default=os.path.join(TOP, 'libscore', 'rules', 'weights.def'))
    ap.add_argument('--curve', default=os.path.join(TOP, 'libscore', 'rules', 'score_curve.def'))
    ap.add_argument('--folds', type=int, default=5)
    ap.add_argument('--lambdas', default='0.3,1,3,10,30,100')
    ap.add_argument('--tolerance', type=float, default=0.002)
    ap.add_argument('--step', type=float, default=0.5)
    ap.add_argument('--min-support', type=int, default=10)
    ap.add_argument('--max-weight', type=float, default=6.0)
    ap.add_argument('--max-easy-high', type=float, default=1.5)
    ap.add_argument('--iters', type=int, default=400)
    ap.add_argument('--floor', type=float, default=0.5,
                    help='a fitted rule that fires more often on spam than on '
                         'ham keeps at least this weight even when the fit '
                         'gives it none: the corpus cannot show everything '
                         'a rule is for (0 turns this off)')
    ap.add_argument('--fix', default='FROM_MISSING_OR_BAD=0.5',
                    help='ID=W,...: weights decided outside the data.  A '
                         'draft without From (the composer adds it) must stay '
                         'low; the corpus only shows name-only From lines in '
                         'phishing, a different fault under the same rule')
    ap.add_argument('--source-weight', default='',
                    help='SOURCE=F,...: a source\'s messages weigh F times '
                         'as much in the fit, within their class (e.g. '
                         'hard_ham=4: the newsletters that look like spam '
                         'are few, and ranking them is what the score is '
                         'worst at)')
    ap.add_argument('--fit-caps', action='store_true',
                    help='set each group cap to the 99th percentile of its '
                         'uncapped points (rounded up), so caps bound '
                         'outliers without flattening ordinary spam')
    ap.add_argument('--ignore-evidence', default=r'(?i)\b(phishing|honey)@pot\b',
                    help='regex: hits whose evidence all matches it are corpus '
                         'artifacts (Phishing Pot replaced every recipient '
                         'address with phishing@pot) and not used')
    ap.add_argument('--artifact-rules',
                    default='INVALID_RECIPIENT,MISTYPED_DOMAIN,FROM_MISSING_OR_BAD,'
                            'MESSAGE_ID_MISSING_OR_BAD,FROM_NAME_HAS_ADDRESS',
                    help='rules that judge the syntax of addresses and IDs, '
                         'which the anonymisation broke; --ignore-evidence '
                         'applies to these only (the address in a subject or '
                         'hidden text was there in the original mail)')
    ap.add_argument('--high-p', type=float, default=0.9,
                    help='level high starts where the fitted P(spam) reaches this')
    ap.add_argument('--write', action='store_true')
    a = ap.parse_args(argv[1:])

    if a.jsonl:
        with open(a.jsonl, encoding='utf-8') as f:
            lines = f.read().splitlines()
    elif a.dirs:
        lines = run_score_draft(a.sd, a.dirs)
        if a.save:
            with open(a.save, 'w', encoding='utf-8') as f:
                f.write('\n'.join(lines) + '\n')
    else:
        ap.error('give directories or --jsonl')
    ignore = re.compile(a.ignore_evidence) if a.ignore_evidence else None
    rows, dropped = load_jsonl(lines, ignore, set(a.artifact_rules.split(',')))
    if dropped:
        print('hits ignored as corpus artifacts (evidence matches %r): %s' % (
            a.ignore_evidence, ', '.join('%s %d' % kv for kv in dropped.most_common())))
    if not rows or not any(r['y'] for r in rows) or all(r['y'] for r in rows):
        sys.exit('calibrate: need labelled ham and spam')
    for kv in filter(None, a.source_weight.split(',')):
        k, v = kv.split('=')
        Data.SOURCE_WEIGHT[k.strip()] = float(v)
    caps, table = read_table(a.rules_def, a.weights)
    LONE_MAX[0] = read_curve(a.curve).get('RISK_MID', float('inf')) - LONE_MARGIN
    nclusters = assign_folds(rows, a.folds)
    n_spam = sum(r['y'] for r in rows)
    print('messages: %d (%d ham, %d spam) in %d clusters, %d folds' % (
        len(rows), len(rows) - n_spam, n_spam, nclusters, a.folds))

    fired = collections.Counter(f for r in rows for f in r['x'])
    fired_ham = collections.Counter(f for r in rows if not r['y'] for f in r['x'])
    fired_spam = collections.Counter(f for r in rows if r['y'] for f in r['x'])
    fit_feats = [f for f in table if fired[f] >= a.min_support]
    kept = {f: table[f]['weight'] for f in table if f not in fit_feats}
    print('rules: %d in rules.def, %d fire on >= %d messages (fitted), '
          '%d keep their weight' % (len(table), len(fit_feats), a.min_support,
                                    len(kept)))

    def kept_points(r):
        return sum(kept[f] * v for f, v in r['x'].items() if f in kept)

    # Cross-validation over lambda.
    lambdas = [float(v) for v in a.lambdas.split(',')]
    results = []
    for lam in lambdas:
        oof = [0.0] * len(rows)
        train_aucs = []
        for k in range(a.folds):
            tr = [r for r in rows if r['fold'] != k]
            te = [i for i, r in enumerate(rows) if r['fold'] == k]
            w, b = fit(Data(tr, fit_feats), lam, a.iters)
            wd = dict(zip(fit_feats, w))
            wd.update(kept)
            for i in te:
                oof[i] = engine_points(rows[i]['x'], wd, table, caps)
            tp = [engine_points(r['x'], wd, table, caps) for r in tr]
            train_aucs.append(auc([p for p, r in zip(tp, tr) if r['y']],
                                  [p for p, r in zip(tp, tr) if not r['y']]))
        cv = auc([p for p, r in zip(oof, rows) if r['y']],
                 [p for p, r in zip(oof, rows) if not r['y']])
        results.append((lam, cv, sum(train_aucs) / len(train_aucs)))
        print('  lambda %-6g CV AUC %.4f  train AUC %.4f' % results[-1])
    best = max(cv for _, cv, _ in results)
    lam = max(l for l, cv, _ in results if cv >= best - a.tolerance)
    print('chosen lambda %g (largest within %.3f of the best CV AUC %.4f)' % (
        lam, a.tolerance, best))

    # Final fit on everything, rounded, with the kept weights.
    w, b = fit(Data(rows, fit_feats), lam, a.iters * 2)
    raw = dict(zip(fit_feats, w))
    nh0 = max(1, len(rows) - n_spam)
    ns0 = max(1, n_spam)

    def floored(f, v):
        if v < a.floor and fired_spam[f] / ns0 > fired_ham[f] / nh0:
            return a.floor
        return v

    fixes = {}
    for item in filter(None, a.fix.split(',')):
        k, v = item.split('=')
        fixes[k.strip()] = float(v)

    new = {}
    for f in table:
        if f in raw:
            new[f] = floored(f, min(a.max_weight, round(raw[f] / a.step) * a.step))
        else:
            new[f] = table[f]['weight']
    new.update({f: v for f, v in fixes.items() if f in table})

    if a.fit_caps:
        sums = collections.defaultdict(list)
        for r in rows:
            by_group = collections.defaultdict(float)
            for f, v in r['x'].items():
                if f in table:
                    by_group[table[f]['group']] += new[f] * v
            for g, v in by_group.items():
                if v > 0:
                    sums[g].append(v)
        for g in caps:
            if len(sums[g]) >= a.min_support:
                v = sorted(sums[g])
                caps[g] = max(1.0, float(math.ceil(v[int(0.99 * (len(v) - 1))])))
        print('group caps (99th percentile of the group\'s points): %s' % ', '.join(
            '%s %g' % kv for kv in caps.items()))

    # CV of the rounded model too: refit per fold, round, score held-out.
    oof = [0.0] * len(rows)
    for k in range(a.folds):
        tr = [r for r in rows if r['fold'] != k]
        wf, _ = fit(Data(tr, fit_feats), lam, a.iters)
        wd = {f: floored(f, min(a.max_weight, round(v / a.step) * a.step))
              for f, v in zip(fit_feats, wf)}
        wd.update(kept)
        wd.update({f: v for f, v in fixes.items() if f in table})
        for i, r in enumerate(rows):
            if r['fold'] == k:
                oof[i] = engine_points(r['x'], wd, table, caps)
    pts = [engine_points(r['x'], new, table, caps) for r in rows]
    ys = [r['y'] for r in rows]

    def auc_of(vals, sel=lambda r: True):
        return auc([v for v, r in zip(vals, rows) if r['y'] and sel(r)],
                   [v for v, r in zip(vals, rows) if not r['y'] and sel(r)])

    print('\nrounded weights (step %g), group caps applied as in score.c:' % a.step)
    print('  AUC train %.4f   CV (refit per fold) %.4f   current weights %.4f' % (
        auc_of(pts), auc_of(oof), auc_of([r['points'] for r in rows])))
    sources = sorted({r['source'] for r in rows})
    ham_src = [s for s in sources if any(not r['y'] and r['source'] == s for r in rows)]
    spam_src = [s for s in sources if any(r['y'] and r['source'] == s for r in rows)]
    for s in spam_src:
        sel = lambda r, s=s: (not r['y']) or r['source'] == s
        print('  all ham vs %-13s train %.4f  CV %.4f' % (s, auc_of(pts, sel), auc_of(oof, sel)))
    for s in ham_src:
        sel = lambda r, s=s: r['y'] or r['source'] == s
        print('  %-13s vs all spam train %.4f  CV %.4f' % (s, auc_of(pts, sel), auc_of(oof, sel)))

    slope, mid = fit_1d(pts, ys)
    mid_r = round(mid * 4) / 4
    print('\nrisk curve: RISK_SLOPE %.3f, RISK_MID %.2f (spam and ham equally likely)' % (slope, mid))

    # LEVEL_HIGH_POINTS: where the fitted curve says a message is spam with
    # probability --high-p (at equal priors), rounded up to 0.5, and raised
    # further until at most --max-easy-high percent of easy_ham (train and
    # out-of-fold points both) reaches it.
    easy = [(p, o) for p, o, r in zip(pts, oof, rows) if r['source'].startswith('easy_ham')]
    high = math.ceil((mid + math.log(a.high_p / (1 - a.high_p)) / slope) * 2) / 2
    while high < 60:
        e_share = 100.0 * sum(1 for p, o in easy if max(p, o) >= high) / max(1, len(easy))
        if e_share <= a.max_easy_high:
            break
        high += 0.5
    # What the data says around the cut-offs: balanced share of spam per band.
    nh = len(ys) - sum(ys)
    ns = sum(ys)
    print('points band    ham%   spam%  P(spam) balanced   fitted')
    edges = [0, 0.001, 1, 2, 3, 4, 5, 6, 8, 10, 15, 1e9]
    for lo, hi in zip(edges, edges[1:]):
        h = sum(1 for p, y in zip(pts, ys) if lo <= p < hi and not y) / max(1, nh)
        s_ = sum(1 for p, y in zip(pts, ys) if lo <= p < hi and y) / max(1, ns)
        mids = [p for p in pts if lo <= p < hi]
        fitted = sigmoid(slope * (sum(mids) / len(mids) - mid)) if mids else float('nan')
        print('  %5g-%-6g %6.1f%% %6.1f%%  %6.2f           %6.2f' % (
            lo, hi if hi < 1e8 else float('inf'), 100 * h, 100 * s_,
            s_ / (h + s_) if h + s_ else float('nan'), fitted))
    print('level cut-offs: medium at %.2f points, high at %s points' % (mid_r, high))
    print('risk tail: RISK_TAIL %.2f (spam 99th percentile of points shows 99)' % (
        risk_tail(pts, ys, mid_r, slope, high)))
    for name, cut in (('medium', mid_r), ('high', high)):
        if cut is None:
            continue
        for src in sources:
            sel = [(p, o) for p, o, r in zip(pts, oof, rows) if r['source'] == src]
            print('  %-6s %-13s train %5.1f%%  CV %5.1f%% at or above' % (
                name, src, 100.0 * sum(1 for p, _ in sel if p >= cut) / len(sel),
                100.0 * sum(1 for _, o in sel if o >= cut) / len(sel)))

    print('\n%-26s %-13s %6s %6s %7s %7s %7s' % ('rule', 'group', 'ham%', 'spam%', 'old', 'raw', 'new'))
    for f in sorted(table, key=lambda f: (-new[f], f)):
        print('%-26s %-13s %5.1f%% %5.1f%% %7.2f %7s %7.2f%s' % (
            f, table[f]['group'], 100.0 * fired_ham[f] / max(1, nh),
            100.0 * fired_spam[f] / max(1, ns), table[f]['weight'],
            ('%.2f' % raw[f]) if f in raw else '-', new[f],
            '' if f in raw else '  (kept: fires on %d)' % fired[f]))
    unknown = sorted(f for f in fired if f not in table)
    if unknown:
        print('rules in the results but not in rules.def: %s' % ', '.join(unknown))

    if a.write:
        with open(a.weights, 'w', encoding='utf-8') as f:
            f.write(weights_text(caps, collections.OrderedDict(
                (r, new.get(r, table[r]['weight'])) for r in table)))
        if high is None:
            high = read_curve(a.curve).get('LEVEL_HIGH_POINTS', 0.0)
        with open(a.curve, 'w', encoding='utf-8') as f:
            f.write(curve_text(mid_r, slope, high,
                               risk_tail(pts, ys, mid_r, slope, high)))
        print('\nwrote %s and %s' % (a.weights, a.curve))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

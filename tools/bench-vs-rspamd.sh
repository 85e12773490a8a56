#!/bin/sh
# How many times faster than Rspamd is score-draft on the same files?
# (issue 16: the goal is 20x on one core.)
# Takes: SCORE_DRAFT, a DIR of messages, optionally PEERS (the peer scripts
# of ../shared/tools/peers: start-rspamd, rspamd-score, stop-rspamd).
# Gives: on stdout the message count, Rspamd's messages/s (one worker,
# offline config, batched rspamc, as rspamd-score prints it), score-draft's
# messages/s (wall and per CPU-second, --format tsv, one process; the
# median of three runs), the
# rspamd daemon's CPU seconds over its run (/proc, every process under its
# pid) and the ratios, wall to wall and CPU to CPU; both are run one after the other in this one run.  Starts rspamd
# when it is not running and stops it again afterwards (by its pid file,
# through stop-rspamd).  Exits 1 when rspamd or rspamc is not installed
# (install: see PEERS/README.md), 2 on a usage error or a failed run.
# Usage: bench-vs-rspamd.sh SCORE_DRAFT DIR [PEERS]
set -u
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
    echo "usage: bench-vs-rspamd.sh SCORE_DRAFT DIR [PEERS]" >&2
    exit 2
fi
sd=$1 dir=$2
peers=${3:-$(dirname "$0")/../../shared/tools/peers}
if ! command -v rspamd >/dev/null 2>&1 || ! command -v rspamc >/dev/null 2>&1; then
    echo "bench-vs-rspamd: rspamd is not installed (apt-get install rspamd;" \
         "see $peers/README.md); no ratio measured" >&2
    exit 1
fi
for f in start-rspamd stop-rspamd rspamd-score; do
    if [ ! -x "$peers/$f" ]; then
        echo "bench-vs-rspamd: $peers/$f not found" >&2
        exit 2
    fi
done
[ -x "$sd" ] || { echo "bench-vs-rspamd: $sd is not executable" >&2; exit 2; }
[ -d "$dir" ] || { echo "bench-vs-rspamd: $dir is not a directory" >&2; exit 2; }

tmp=$(mktemp -d)
started=0
cleanup() {
    [ $started -eq 1 ] && "$peers/stop-rspamd" >/dev/null 2>&1
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

state=${PEERS_STATE:-/tmp/peers-state}
pidf=$state/rspamd/run/rspamd.pid
if ! { [ -f "$pidf" ] && kill -0 "$(cat "$pidf")" 2>/dev/null; }; then
    "$peers/start-rspamd" >"$tmp/start.log" 2>&1 ||
        { echo "bench-vs-rspamd: start-rspamd failed:"; cat "$tmp/start.log"; exit 2; }
    started=1
fi

# CPU seconds of the rspamd daemon (its main process and every worker,
# all processes under the recorded pid), read from /proc: on a shared
# machine CPU time, not wall time, says what each scorer costs.
rspamd_cpu() {
    python3 - "$(cat "$pidf" 2>/dev/null)" <<'PYEOF'
import os, sys
root = sys.argv[1]
tick = os.sysconf('SC_CLK_TCK')
parent, cpu = {}, {}
for p in os.listdir('/proc'):
    if not p.isdigit():
        continue
    try:
        f = open('/proc/%s/stat' % p).read()
    except OSError:
        continue
    rest = f[f.rindex(')') + 2:].split()
    parent[p] = rest[1]
    cpu[p] = (int(rest[11]) + int(rest[12])) / tick
def under(p):
    while p in parent:
        if p == root:
            return True
        p = parent[p]
    return False
print('%.2f' % sum(c for p, c in cpu.items() if under(p)))
PYEOF
}

# Rspamd: rspamd-score ends its stderr with "... = X msg/s -> OUT".
r_cpu0=$(rspamd_cpu)
"$peers/rspamd-score" "$dir" "$tmp/rspamd.tsv" 2>"$tmp/rspamd.err" ||
    { echo "bench-vs-rspamd: rspamd-score failed:"; tail -5 "$tmp/rspamd.err"; exit 2; }
r_rate=$(grep -o '= [0-9.]* msg/s' "$tmp/rspamd.err" | tail -1 | grep -o '[0-9][0-9.]*')
[ -n "$r_rate" ] || { echo "bench-vs-rspamd: no rate in:"; tail -1 "$tmp/rspamd.err"; exit 2; }
r_cpu1=$(rspamd_cpu)

# score-draft: the same files, wall clock and CPU time of the child.
# Three runs, the median of each rate: one pass over the corpus takes
# under a second, where a stray load on the machine moves it by a third.
python3 - "$sd" "$dir" "$tmp/sd.tsv" >"$tmp/sd.rate" <<'EOF' ||
import resource, subprocess, sys, time
sd, d, out = sys.argv[1:4]
walls, cpus = [], []
for _ in range(3):
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    with open(out, 'w') as fh:
        rc = subprocess.run([sd, '--format', 'tsv', d], stdout=fh).returncode
    walls.append(time.monotonic() - t0)
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpus.append((ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime))
    if rc >= 2:
        sys.exit(1)
n = sum(1 for _ in open(out))
wall, cpu = sorted(walls)[1], sorted(cpus)[1]
print(n, n / wall, n / cpu if cpu > 0 else 0.0,
      ' '.join('%.0f' % (n / c) for c in cpus if c > 0))
EOF
    { echo "bench-vs-rspamd: score-draft failed"; exit 2; }
read -r n s_wall s_cpu s_runs <"$tmp/sd.rate"
n_r=$(wc -l <"$tmp/rspamd.tsv")
echo "files: rspamd $n_r, score-draft $n ($dir)"
echo "rspamd (1 worker, batched rspamc): $r_rate msg/s wall"
r_cpu_rate=$(python3 -c "import sys; c=float(sys.argv[2])-float(sys.argv[1]); print('%.0f' % (int(sys.argv[3])/c if c > 0 else 0))" "$r_cpu0" "$r_cpu1" "$n_r")
echo "rspamd daemon CPU: $(python3 -c "import sys; print('%.2f' % (float(sys.argv[2])-float(sys.argv[1])))" "$r_cpu0" "$r_cpu1") s, $r_cpu_rate msg per CPU-second"
printf 'score-draft (1 process, median of 3 runs): %.0f msg/s wall, %.0f msg per CPU-second (runs: %s)\n' \
    "$s_wall" "$s_cpu" "$s_runs"
python3 -c "import sys; r=float(sys.argv[1]); rc=float(sys.argv[4]); print('ratio (wall): %.1fx   ratio (CPU-second against CPU-second): %s' % (float(sys.argv[2])/r, '%.1fx' % (float(sys.argv[3])/rc) if rc > 0 else 'n/a'))" \
    "$r_rate" "$s_wall" "$s_cpu" "$r_cpu_rate"

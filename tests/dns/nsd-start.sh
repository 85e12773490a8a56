#!/bin/sh
# nsd-start.sh DIR - starts Debian's nsd as a real authoritative DNS server
# on 127.0.0.1 for the zones the caller wrote into DIR (one file per zone,
# named ZONE.zone), on a free port, all its files inside DIR.  Prints
# "PORT PID" on success; exits 1 with the reason on stderr when nsd is
# missing or will not start (the tests then FAIL: they never skip).
# Stop it with: kill PID (the test helpers do).
set -u
dir=${1:?usage: nsd-start.sh DIR}
NSD=$(command -v nsd 2>/dev/null || echo /usr/sbin/nsd)
if [ ! -x "$NSD" ]; then
    echo "nsd-start.sh: nsd is not installed (apt-get install nsd)" >&2
    exit 1
fi
try=0
while [ $try -lt 20 ]; do
    try=$((try + 1))
    # A port in the dynamic range, different per try and per process.
    port=$(( ( $$ * 7 + try * 7919 + $(date +%N | sed 's/^0*//;s/^$/0/') ) % 20000 + 30000 ))
    conf="$dir/nsd.conf"
    {
        echo "server:"
        echo "    ip-address: 127.0.0.1@$port"
        echo "    port: $port"
        echo "    username: \"\""
        echo "    chroot: \"\""
        echo "    zonesdir: \"$dir\""
        echo "    database: \"\""
        echo "    zonelistfile: \"$dir/zone.list\""
        echo "    xfrdfile: \"$dir/xfrd.state\""
        echo "    xfrdir: \"$dir\""
        echo "    pidfile: \"$dir/nsd.pid\""
        echo "    logfile: \"$dir/nsd.log\""
        echo "    server-count: 1"
        echo "    tcp-count: 16"
        echo "    verbosity: 1"
        echo "    hide-version: yes"
        # Tests and benches ask fast from one address: no rate limiting.
        echo "    rrl-ratelimit: 0"
        echo "remote-control:"
        echo "    control-enable: no"
        for z in "$dir"/*.zone; do
            [ -f "$z" ] || continue
            name=$(basename "$z" .zone)
            echo "zone:"
            echo "    name: \"$name\""
            echo "    zonefile: \"$z\""
        done
    } > "$conf"
    rm -f "$dir/nsd.pid"
    "$NSD" -c "$conf" -d >"$dir/nsd.out" 2>&1 &
    pid=$!
    # Ready when the server answers: nsd writes its pid file after binding.
    n=0
    while [ $n -lt 100 ]; do
        if ! kill -0 $pid 2>/dev/null; then
            break
        fi
        if grep -q "nsd started" "$dir/nsd.log" "$dir/nsd.out" 2>/dev/null; then
            echo "$port $pid"
            exit 0
        fi
        n=$((n + 1))
        sleep 0.05
    done
    kill $pid 2>/dev/null
    wait $pid 2>/dev/null
done
echo "nsd-start.sh: nsd did not start; last log:" >&2
tail -5 "$dir/nsd.log" "$dir/nsd.out" >&2 2>/dev/null
exit 1

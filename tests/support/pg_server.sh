#!/bin/sh
# pg_server.sh - a throwaway PostgreSQL server for the tests and the bench.
#
#   pg_server.sh start DIR     initdb + pg_ctl start in DIR/pg, on a free
#                              port of 127.0.0.1 (unix socket in DIR/pg);
#                              prints the connection string, also kept in
#                              DIR/pg/url
#   pg_server.sh kill DIR      stops it the hard way (pg_ctl -m immediate:
#                              what a crash or a pulled cable looks like)
#   pg_server.sh restart DIR   starts it again on the same port and data
#   pg_server.sh stop DIR      stops it and removes DIR/pg
#   pg_server.sh halt DIR      stops it and keeps the data (the bench's
#                              cached database); start on a DIR/pg that
#                              has data starts it again on a new free port
#
# Uses Debian's postgresql (/usr/lib/postgresql/*/bin).  PostgreSQL will
# not run as root: as root the server runs as the "postgres" user (or
# "nobody"), in a folder it owns.  Missing PostgreSQL is a loud failure
# (exit 1), never a skip.
set -u
cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
    echo "usage: pg_server.sh start|kill|restart|halt|stop DIR" >&2
    exit 2
fi
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ] || [ ! -x "$bin/pg_ctl" ]; then
    echo "pg_server.sh: PostgreSQL is not installed: apt-get install postgresql" >&2
    exit 1
fi
mkdir -p "$dir" && dir=$(cd "$dir" && pwd) || exit 1
pg="$dir/pg"
user=""
if [ "$(id -u)" = 0 ]; then
    if id postgres >/dev/null 2>&1; then user=postgres; else user=nobody; fi
fi
as() {
    if [ -n "$user" ]; then runuser -u "$user" -- "$@"; else "$@"; fi
}
start() {
    as "$bin/pg_ctl" -D "$pg/data" -l "$pg/log" -w -t 60 \
        -o "-p $(cat "$pg/port") -k $pg -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50" \
        start >/dev/null 2>&1 || {
        echo "pg_server.sh: the server did not start:" >&2
        tail -20 "$pg/log" >&2
        exit 1
    }
}
case "$cmd" in
start)
    mkdir -p "$pg" || exit 1
    if [ -n "$user" ]; then
        # the server's user must reach DIR/pg through DIR
        chmod 711 "$dir" && chown "$user" "$pg" || exit 1
    fi
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') || exit 1
    echo "$port" > "$pg/port"
    if [ ! -f "$pg/data/PG_VERSION" ]; then
        as "$bin/initdb" -D "$pg/data" -U postgres -A trust -E UTF8 \
            --locale=C --no-sync >"$pg/initdb.log" 2>&1 || {
            echo "pg_server.sh: initdb failed:" >&2
            tail -20 "$pg/initdb.log" >&2
            exit 1
        }
    fi
    start
    echo "postgresql://postgres@127.0.0.1:$port/postgres" > "$pg/url"
    cat "$pg/url"
    ;;
kill)
    as "$bin/pg_ctl" -D "$pg/data" -m immediate -w stop >/dev/null 2>&1
    ;;
restart)
    start
    ;;
halt)
    as "$bin/pg_ctl" -D "$pg/data" -m fast -w stop >/dev/null 2>&1
    ;;
stop)
    [ -d "$pg/data" ] && as "$bin/pg_ctl" -D "$pg/data" -m fast -w stop >/dev/null 2>&1
    rm -rf "$pg"
    ;;
*)
    echo "pg_server.sh: unknown command $cmd" >&2
    exit 2
    ;;
esac
exit 0

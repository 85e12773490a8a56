#!/bin/sh
# Checks that the build dependencies are there.  When one is missing: as
# root on Debian/Ubuntu, installs the Debian packages; otherwise prints the
# exact command to run and fails.
set -u
PKGS="libxml-2.0 icu-uc icu-i18n libmagic libarchive sqlite3 ldns libpsl libidn2 libpq uchardet zlib"
DEBS="build-essential pkg-config libxml2-dev libicu-dev libmagic-dev libarchive-dev libsqlite3-dev libldns-dev libpsl-dev libidn2-dev libpq-dev libuchardet-dev zlib1g-dev nsd postgresql chromium fonts-wqy-zenhei python3 groff-base man-db python3-jsonschema"
missing=""
command -v pkg-config >/dev/null 2>&1 || missing="pkg-config"
if [ -z "$missing" ]; then
    for p in $PKGS; do
        pkg-config --exists "$p" 2>/dev/null || missing="$missing $p"
    done
fi
command -v python3 >/dev/null 2>&1 || missing="$missing python3"
# The result JSON is validated against docs/result.schema.json.
python3 -c "import jsonschema" >/dev/null 2>&1 || missing="$missing python3-jsonschema"
# The DNS tests start a real authoritative server (nsd) on 127.0.0.1.
[ -x /usr/sbin/nsd ] || command -v nsd >/dev/null 2>&1 || missing="$missing nsd"
# The shared-history tests start a throwaway PostgreSQL (initdb, pg_ctl).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$missing postgresql"
# The report pages are checked in headless Chromium.
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
[ -z "$missing" ] && exit 0
echo "libscore: missing:$missing" >&2
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "libscore: installing Debian packages: $DEBS" >&2
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $DEBS >/dev/null; then
        apt-get update >/dev/null && \
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $DEBS >/dev/null || exit 1
    fi
    exit 0
fi
echo "libscore: run this, then make again:" >&2
echo "    sudo apt-get install $DEBS" >&2
exit 1

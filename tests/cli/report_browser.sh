#!/bin/sh
# The report pages in a real browser: headless Chromium (Debian's
# chromium) loads the page of each example draft, the Chinese draft's page
# in Chinese, a hostile message's page and the batch index, and
# tests/cli/report_dom.py reads the DOM Chromium leaves (--dump-dom):
# every evidence span highlighted and linked both ways, no script from the
# mail ran, no request in the net log (--log-net-log) nor at a local HTTP
# server on 127.0.0.1 that the hostile mail points at.  A control page
# that does load from that server proves the two detectors see requests.
# Screenshots go to $LSC_BUILD/report-screens/ (kept for CI, not in git).
# Without Chromium this FAILS: apt-get install chromium.
# Prints "ok - name" / "not ok - name".
set -u
sd=${LSC_SD:-examples/score-draft}
build=${LSC_BUILD:-build}
tmp=${LSC_TMP:-/tmp}/report_browser.$$
shots=$build/report-screens
mkdir -p "$tmp" "$shots"
server_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; }

chrome=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chrome" ]; then
    bad "chromium_installed: headless Chromium is required (apt-get install chromium)"
    exit 1
fi
ok chromium_installed

# A local HTTP server that logs every request it gets.
cat > "$tmp/server.py" <<'PY'
import http.server, sys
log = open(sys.argv[2], 'a', buffering=1)
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        log.write(self.path + '\n')
        self.send_response(200)
        self.send_header('Content-Type', 'image/png')
        self.end_headers()
    do_POST = do_GET
    def log_message(self, *a):
        pass
s = http.server.HTTPServer(('127.0.0.1', 0), H)
open(sys.argv[1], 'w').write(str(s.server_address[1]))
s.serve_forever()
PY
: > "$tmp/server.log"
python3 "$tmp/server.py" "$tmp/port" "$tmp/server.log" &
server_pid=$!
i=0
while [ ! -s "$tmp/port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
port=$(cat "$tmp/port" 2>/dev/null)
if [ -z "$port" ]; then
    bad "local_http_server_started"
    exit 1
fi

browse() {   # browse FILE NAME: dump the DOM and take a screenshot
    prof=$(mktemp -d "$tmp/profile.XXXXXX")
    flags="--headless --no-sandbox --disable-gpu --disable-background-networking
           --disable-component-update --disable-sync --no-first-run
           --disable-default-apps --disable-features=NetworkTimeServiceQuerying
           --user-data-dir=$prof"
    timeout 60 "$chrome" $flags --log-net-log="$tmp/$2.net.json" \
        --dump-dom "file://$1" > "$tmp/$2.dom.html" 2> "$tmp/$2.err"
    timeout 60 "$chrome" $flags --log-net-log="$tmp/$2.net2.json" \
        --hide-scrollbars --window-size=1100,1800 \
        --screenshot="$shots/$2.png" "file://$1" >/dev/null 2>&1
    rm -rf "$prof"
    if [ -s "$tmp/$2.dom.html" ] && [ -s "$shots/$2.png" ]; then
        ok "$2_loaded_in_chromium"
    else
        bad "$2_loaded_in_chromium"; tail -5 "$tmp/$2.err"
    fi
}

dom() {   # dom NAME JSON LANG [rtl]
    python3 tests/cli/report_dom.py "$tmp/$1.dom.html" "$2" \
        "$tmp/$1.net.json,$tmp/$1.net2.json" \
        "$tmp/server.log" "$3" ${4:-}
}

abs=$(cd "$tmp" && pwd)

# The example drafts: one page each and the index.
"$sd" --html "$abs/pages" examples/drafts/ > /dev/null 2> "$tmp/batch.err"
if [ $? -eq 0 ] && [ -s "$abs/pages/index.html" ]; then ok batch_pages_written
else bad batch_pages_written; cat "$tmp/batch.err"; fi
for f in examples/drafts/*.eml; do
    n=$(basename "$f" .eml)
    "$sd" --json "$f" > "$tmp/$n.json"
    browse "$abs/pages/$n.html" "$n"
    dom "$n" "$tmp/$n.json" en
done

# Printing: the page has a print sheet and Chromium prints it to PDF.
prof=$(mktemp -d "$tmp/profile.XXXXXX")
timeout 60 "$chrome" --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --user-data-dir="$prof" \
    --print-to-pdf="$shots/02-cold-blast.pdf" "file://$abs/pages/02-cold-blast.html" \
    > /dev/null 2>&1
if grep -q '@media print' "$abs/pages/02-cold-blast.html" &&
   [ "$(head -c 4 "$shots/02-cold-blast.pdf" 2>/dev/null)" = "%PDF" ]; then
    ok page_prints_to_pdf
else
    bad page_prints_to_pdf
fi

# The Chinese draft, the whole page in Chinese.
zh=examples/drafts/03-chinese-intro.eml
"$sd" --lang zh --html "$abs/zh.html" "$zh" > /dev/null 2>&1
"$sd" --lang zh --json "$zh" > "$tmp/zh.json"
browse "$abs/zh.html" zh
dom zh "$tmp/zh.json" zh

# The hostile message: scripts, handlers, remote images, styles, frames,
# forms and javascript: links, all pointing at the local server.
sed "s/@PORT@/$port/g" tests/report/hostile.eml.in > "$tmp/hostile.eml"
"$sd" --html "$abs/hostile.html" "$tmp/hostile.eml" > /dev/null 2>&1
"$sd" --json "$tmp/hostile.eml" > "$tmp/hostile.json"
browse "$abs/hostile.html" hostile
dom hostile "$tmp/hostile.json" en rtl

# The index: every row links to a page that exists; nothing loads.
browse "$abs/pages/index.html" index
rows=$(grep -o 'href="[^"#]*\.html"' "$tmp/index.dom.html" | sort -u | sed 's/href="//; s/"$//')
missing=0
nrows=0
for r in $rows; do
    nrows=$((nrows + 1))
    [ -f "$abs/pages/$r" ] || missing=1
done
if [ "$nrows" -eq 4 ] && [ $missing -eq 0 ]; then ok index_links_every_page
else bad "index_links_every_page ($nrows rows)"; fi
if ! python3 tests/cli/report_dom.py --net "$tmp/index.net.json,$tmp/index.net2.json" \
        > /dev/null || [ -s "$tmp/server.log" ]; then
    bad index_made_no_request
else ok index_made_no_request; fi

# Control: a page that does load from the server must show in both logs,
# or the checks above prove nothing.
printf '<!DOCTYPE html><title>control</title><img src="http://127.0.0.1:%s/control.png">\n' \
    "$port" > "$abs/control.html"
browse "$abs/control.html" control
if grep -q control.png "$tmp/server.log" &&
   python3 tests/cli/report_dom.py --net "$tmp/control.net.json" | grep -q control.png; then
    ok control_request_is_seen
else
    bad control_request_is_seen
fi
rm -f "$shots/control.png"
echo "# screenshots: $shots"

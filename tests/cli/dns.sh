#!/bin/sh
# score-draft sender DOMAIN / recipients LIST / --check-dns FILE against a
# real nsd on 127.0.0.1 (tests/dns/nsd-start.sh; without nsd every case
# fails): text and JSON output, exit status 0/1/3, unknown with a server
# that does not exist, usage errors exit 2.
# Prints "ok - name" / "not ok - name".
set -u
sd=${LSC_SD:-examples/score-draft}
tmp=$(mktemp -d "${LSC_TMP:-/tmp}/dns_cli.XXXXXX")
pid=""
stop() {
    if [ -n "$pid" ] && kill "$pid" 2>/dev/null; then
        n=0
        while kill -0 "$pid" 2>/dev/null && [ $n -lt 100 ]; do sleep 0.02; n=$((n + 1)); done
    fi
    rm -rf "$tmp"
}
trap stop EXIT INT TERM
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }
export NO_COLOR=1

cat > "$tmp/cli.test.zone" <<'ZONE'
$ORIGIN cli.test.
$TTL 300
@ IN SOA ns.cli.test. h.cli.test. 1 3600 600 86400 60
@ IN NS ns
ns IN A 127.0.0.1
mx IN A 192.0.2.10
good IN TXT "v=spf1 ip4:192.0.2.0/24 -all"
good IN MX 10 mx.cli.test.
_dmarc.good IN TXT "v=DMARC1; p=reject; rua=mailto:d@cli.test"
weak IN MX 10 mx.cli.test.
weak IN TXT "v=spf1 +all"
ZONE
if ! out=$(sh tests/dns/nsd-start.sh "$tmp" 2>&1); then
    bad "nsd_started ($out)"
    exit 0
fi
ok nsd_started
port=${out% *}
pid=${out#* }
srv="127.0.0.1:$port"

"$sd" sender good.cli.test --dns-server "$srv" > "$tmp/1" 2> "$tmp/1.err"
check sender_good_exit_0 '[ $? -eq 0 ] && [ ! -s "$tmp/1.err" ] && grep -q "good.cli.test: ok" "$tmp/1"'
"$sd" sender weak.cli.test --dns-server "$srv" > "$tmp/2" 2>&1
check sender_weak_exit_1 '[ $? -eq 1 ] && grep -q "SPF_PASS_ALL" "$tmp/2" && grep -q "DMARC_MISSING" "$tmp/2"'
"$sd" sender weak.cli.test --dns-server "$srv" --json > "$tmp/3" 2>&1
check sender_json 'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d[\"state\"]==\"problems\"; assert any(h[\"id\"]==\"SPF_PASS_ALL\" and h[\"evidence\"][0][\"text\"]==\"v=spf1 +all\" for h in d[\"hits\"])" "$tmp/3"'
"$sd" --lang zh sender weak.cli.test --dns-server "$srv" > "$tmp/zh" 2>&1
check sender_chinese 'grep -q "任何人都可以冒充" "$tmp/zh"'
"$sd" recipients "a@good.cli.test, b@gone.cli.test" --dns-server "$srv" > "$tmp/4" 2>&1
check recipients_nxdomain '[ $? -eq 1 ] && grep -q "RCPT_NXDOMAIN" "$tmp/4" && grep -q "b@gone.cli.test" "$tmp/4"'

printf 'From: Ann <ann@weak.cli.test>\r\nTo: bob@good.cli.test, carl@gone.cli.test\r\nSubject: Quote\r\n\r\nHello Bob, the quote is attached.\r\n' > "$tmp/m.eml"
"$sd" --check-dns "$tmp/m.eml" --dns-server "$srv" > "$tmp/5" 2>&1
check check_dns_report '[ $? -eq 1 ] && grep -q "^sender weak.cli.test" "$tmp/5" && grep -q "RCPT_NXDOMAIN" "$tmp/5" && grep -c "SPF_PASS_ALL" "$tmp/5" | grep -q "^2$"'
"$sd" --check-dns "$tmp/m.eml" --dns-server "$srv" --json > "$tmp/6" 2>&1
check check_dns_json 'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d[\"sender\"][\"subject\"]==\"weak.cli.test\"; assert any(h[\"id\"]==\"SPF_PASS_ALL\" and h[\"group\"]==\"dns\" for h in d[\"score\"][\"hits\"])" "$tmp/6"'

# A port nobody listens on: no answer, "unknown" (exit 3), never a hang.
"$sd" sender good.cli.test --dns-server 127.0.0.1:9 --timeout 100 --deadline 400 > "$tmp/7" 2>&1
check unreachable_is_unknown '[ $? -eq 3 ] && grep -q "unknown" "$tmp/7"'
"$sd" sender > /dev/null 2>&1
check usage_exit_2 '[ $? -eq 2 ]'
"$sd" sender "not a domain" --dns-server "$srv" > /dev/null 2> "$tmp/8"
check bad_domain_exit_2 '[ $? -eq 2 ] && grep -q "not a domain" "$tmp/8"'

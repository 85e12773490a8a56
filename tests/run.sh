#!/bin/sh
# Runs every test and prints the closing line "N passed, N failed".
#   unit tests      build/tests/test_* (C, one "ok"/"not ok" line per case)
#   message tests   tests/messages/*.eml against their .expect files
#   CLI tests       tests/cli/*.sh
#   Python tests    bindings/python/tests (unittest), unless LSC_SKIP_PYTHON
# Environment: BUILD (build tree), SD (score-draft), LSC_VALGRIND=1 runs C
# tests under memcheck, LSC_ONLY=NAME runs only test_NAME.
set -u
BUILD=${BUILD:-build}
SD=${SD:-examples/score-draft}
PYTHON=${PYTHON:-python3}
top=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0
failures=""

count() {   # count LOGFILE NAME
    p=$(grep -c '^ok - ' "$1")
    f=$(grep -c '^not ok - ' "$1")
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$f" -gt 0 ]; then
        failures="$failures $2"
        grep -B1 -A0 '^not ok - \|^#   ' "$1" | head -40
    fi
}

wrap=""
if [ "${LSC_VALGRIND:-}" = 1 ]; then
    wrap="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --suppressions=$top/tests/valgrind.supp"
fi

for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    name=$(basename "$t")
    if [ -n "${LSC_ONLY:-}" ] && [ "$name" != "test_${LSC_ONLY}" ]; then
        continue
    fi
    log="$tmp/$name.log"
    LSC_TOP="$top" LSC_SD="$top/$SD" LSC_BUILD="$top/$BUILD" $wrap "$t" > "$log" 2>"$log.err"
    rc=$?
    count "$log" "$name"
    if [ $rc -ne 0 ] && ! grep -q '^not ok - ' "$log"; then
        echo "not ok - $name exited with $rc"
        cat "$log.err" | head -20
        failed=$((failed + 1))
        failures="$failures $name"
    elif [ -s "$log.err" ] && [ "$name" != test_cli ]; then
        # The library must never print: anything on stderr is a failure.
        echo "not ok - $name wrote to stderr:"
        head -20 "$log.err"
        failed=$((failed + 1))
        failures="$failures $name(stderr)"
    fi
done

if [ -z "${LSC_ONLY:-}" ]; then
    for t in tests/cli/*.sh; do
        [ -f "$t" ] || continue
        name=$(basename "$t" .sh)
        log="$tmp/cli_$name.log"
        LSC_SD="$top/$SD" LSC_BUILD="$top/$BUILD" LSC_TMP="$tmp" sh "$t" > "$log" 2>&1
        count "$log" "cli/$name"
    done
    if [ -z "${LSC_SKIP_PYTHON:-}" ] && [ -d bindings/python/tests ]; then
        log="$tmp/python.log"
        (cd bindings/python && LIBSCORE_LIBRARY="$top/$BUILD/libscore.so" \
            LSC_SD="$top/$SD" "$PYTHON" -m unittest discover -s tests -v) > "$log" 2>&1
        p=$(grep -c ' \.\.\. ok$' "$log")
        f=$(grep -c ' \.\.\. \(FAIL\|ERROR\)$' "$log")
        ran=$(sed -n 's/^Ran \([0-9]*\) tests\{0,1\}.*/\1/p' "$log")
        if grep -q '^\(FAILED\|OK\)' "$log"; then :; else f=$((f + 1)); fi
        if grep -q 'skipped' "$log"; then
            echo "python tests must not skip:"; grep 'skipped' "$log" | head; f=$((f + 1))
        fi
        passed=$((passed + p))
        failed=$((failed + f))
        if [ "$f" -gt 0 ]; then
            failures="$failures python"
            tail -40 "$log"
        fi
        echo "# python: ran ${ran:-0}"
    fi
fi

[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

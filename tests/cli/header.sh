#!/bin/sh
# header.sh - include/libscore.h stands alone: it compiles on its own as
# strict C99 (-pedantic, every warning an error) and as C++, and a C++
# program can call it (extern "C").  Prints "ok - ..."/"not ok - ..." lines.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
top=$(pwd)
CC=${CC:-cc}
CXX=${CXX:-c++}

printf '#include "libscore.h"\nint main(void) { return lsc_version() > 0 ? 0 : 1; }\n' > "$tmp/alone.c"
if $CC -std=c99 -pedantic -Wall -Wextra -Werror -I"$top/include" -c "$tmp/alone.c" -o "$tmp/alone.o" > "$tmp/c.log" 2>&1; then
    echo "ok - header: compiles alone with -std=c99 -pedantic -Wall -Wextra -Werror"
else
    echo "not ok - header: does not compile alone as C99"
    sed 's/^/#   /' "$tmp/c.log" | head -20
fi
# Twice in a row: the include guard must hold.
printf '#include "libscore.h"\n#include "libscore.h"\nstatic lsc_options o = LSC_OPTIONS_INIT;\nint main(void) { return o.version == LSC_OPTIONS_VERSION ? 0 : 1; }\n' > "$tmp/twice.c"
if $CC -std=c99 -pedantic -Wall -Wextra -Werror -I"$top/include" -c "$tmp/twice.c" -o "$tmp/twice.o" > "$tmp/c2.log" 2>&1; then
    echo "ok - header: include guard and LSC_OPTIONS_INIT are valid C99"
else
    echo "not ok - header: twice-included or LSC_OPTIONS_INIT fails as C99"
    sed 's/^/#   /' "$tmp/c2.log" | head -20
fi
cat > "$tmp/alone.cc" <<'CXX'
#include "libscore.h"
int main()
{
    lsc_options o;
    lsc_options_init(&o);
    lsc_engine *e = nullptr;
    int rc = lsc_engine_new(&e, &o, nullptr);
    lsc_engine_free(e);
    return rc == LSC_OK ? 0 : 1;
}
CXX
if command -v "$CXX" >/dev/null 2>&1; then
    if $CXX -x c++ -Wall -Wextra -Werror -pedantic -I"$top/include" -c "$tmp/alone.cc" -o "$tmp/alone_cc.o" > "$tmp/cc.log" 2>&1; then
        echo "ok - header: compiles as C++ with -Wall -Wextra -Werror"
    else
        echo "not ok - header: does not compile as C++"
        sed 's/^/#   /' "$tmp/cc.log" | head -20
    fi
    # Link the C++ object against the library: proves extern "C" is right.
    BUILD=${LSC_BUILD:-build}
    if [ -f "$tmp/alone_cc.o" ] && [ -f "$BUILD/libscore.so" ]; then
        # A sanitizer build of the library needs the same runtime linked in.
        . "$top/tests/cli/support/san.sh"
        san=$(lsc_san_flags "$BUILD")
        if $CXX $san -o "$tmp/alone_cc" "$tmp/alone_cc.o" -L"$BUILD" -lscore \
            -Wl,-rpath,"$BUILD" > "$tmp/ld.log" 2>&1 &&
            LD_LIBRARY_PATH="$BUILD" "$tmp/alone_cc" > "$tmp/run.log" 2>&1; then
            echo "ok - header: a C++ program links and runs against libscore.so"
        else
            echo "not ok - header: C++ program does not link or run"
            cat "$tmp/ld.log" "$tmp/run.log" 2>/dev/null | sed 's/^/#   /' | head -20
        fi
    fi
else
    echo "not ok - header: no C++ compiler ($CXX)"
fi

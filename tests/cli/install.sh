#!/bin/sh
# make install / uninstall honour PREFIX and DESTDIR, and an installed
# libscore builds and runs a program through pkg-config.
set -u
top=$(pwd)
dest="$LSC_TMP/install-root"
rm -rf "$dest"
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; }

if make -s install DESTDIR="$dest" PREFIX=/opt/lsc >/dev/null 2>&1; then
    ok install_runs
else
    bad install_runs
fi
for f in include/libscore.h lib/libscore.so lib/libscore.so.0 lib/libscore.a \
         lib/pkgconfig/libscore.pc bin/score-draft \
         share/man/man1/score-draft.1 share/man/man3/libscore.3; do
    if [ -e "$dest/opt/lsc/$f" ]; then ok "installed_$f"; else bad "installed_$f"; fi
done
if grep -q '^prefix=/opt/lsc$' "$dest/opt/lsc/lib/pkgconfig/libscore.pc" 2>/dev/null; then
    ok pc_prefix
else
    bad pc_prefix
fi
# Static linking needs the library's own system libraries.
if grep -q '^Libs.private: -lm -lpthread -ldl$' "$dest/opt/lsc/lib/pkgconfig/libscore.pc" 2>/dev/null &&
   [ "$(PKG_CONFIG_PATH="$dest/opt/lsc/lib/pkgconfig" pkg-config --static --libs-only-l libscore 2>/dev/null | grep -c -- '-lm .*-lpthread\|-lpthread .*-lm')" = 1 ]; then
    ok pc_libs_private
else
    bad pc_libs_private
fi
# With DESTDIR the system's loader cache is not touched (no ldconfig).
if make -n install DESTDIR="$dest" PREFIX=/opt/lsc 2>/dev/null | grep -q 'DESTDIR.*ldconfig\|id -u'; then
    ok install_has_ldconfig_step
else
    bad install_has_ldconfig_step
fi
if make -s install DESTDIR="$dest" PREFIX=/opt/lsc 2>/dev/null | grep -q '^ldconfig$'; then
    bad ldconfig_not_run_with_destdir
else
    ok ldconfig_not_run_with_destdir
fi
soname=$(objdump -p "$dest/opt/lsc/lib/libscore.so" 2>/dev/null | awk '/SONAME/ {print $2}')
[ "$soname" = libscore.so.0 ] && ok soname || bad "soname ($soname)"

cat > "$LSC_TMP/app.c" <<'C'
#include <libscore.h>
#include <stdio.h>
#include <string.h>
int main(void)
{
    lsc_engine *e;
    lsc_result *r;
    const char *m = "Subject: hello\r\n\r\nHello Anna, the quote is attached.\r\n";
    if (lsc_engine_new(&e, NULL, NULL) != 0) return 1;
    if (lsc_score(&r, e, m, strlen(m), NULL, NULL) != 0) return 1;
    printf("%s\n", lsc_level_name(lsc_result_level(r)));
    lsc_result_free(r);
    lsc_engine_free(e);
    return 0;
}
C
lib="$dest/opt/lsc/lib"
# Under make asan/tsan BUILD is the sanitizer tree, so the installed library
# needs its sanitizer runtime linked into the program as well.
. "$top/tests/cli/support/san.sh"
san=$(lsc_san_flags "$lib")
if cc $san -I"$dest/opt/lsc/include" "$LSC_TMP/app.c" -L"$lib" -lscore -o "$LSC_TMP/app" 2>"$LSC_TMP/app.err" &&
   out=$(LD_LIBRARY_PATH="$lib" "$LSC_TMP/app") && [ "$out" = low ]; then
    ok installed_library_links_and_runs
else
    bad installed_library_links_and_runs
    cat "$LSC_TMP/app.err"
fi

make -s uninstall DESTDIR="$dest" PREFIX=/opt/lsc >/dev/null 2>&1
left=$(find "$dest" -type f -o -type l | wc -l)
[ "$left" -eq 0 ] && ok uninstall_removes_everything || bad "uninstall left $left files"
cd "$top"

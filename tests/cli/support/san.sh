# san.sh - sourced by the CLI tests that link a program against a built
# libscore.so (not a test itself: tests/run.sh runs tests/cli/*.sh only).
# lsc_san_flags LIBDIR prints the -fsanitize= flags the program needs when
# that library is a sanitizer build (make asan/tsan), else nothing.
lsc_san_flags() {
    _san=""
    _syms=$(nm -D "$1/libscore.so" 2>/dev/null)
    case "$_syms" in *__asan_*) _san="$_san,address";; esac
    case "$_syms" in *__ubsan_*) _san="$_san,undefined";; esac
    case "$_syms" in *__tsan_*) _san="$_san,thread";; esac
    [ -n "$_san" ] && echo "-fsanitize=${_san#,}"
    return 0
}

#!/bin/bash
# C tests against the built library: each program prints "ok N - ..." lines
# and exits nonzero on failure. The NTLM programs run again under valgrind;
# ffi-tests/sanitizers runs all of them under clang's ASan+UBSan (and the
# rest under valgrind).
# No external peer is needed, so this suite never skips.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=${SSPI_SHIM_ROOT:-$(cd "$here/../.." && pwd)}
: "${SSPI_SHIM_LIB:?SSPI_SHIM_LIB must name the built libsspi.so.1}"
lib_dir=${SSPI_SHIM_LIB_DIR:-$(dirname "$SSPI_SHIM_LIB")}
inc=${SSPI_SHIM_INCLUDE:-$root/include}
out=${SSPI_SHIM_BUILD:-$root/build}/c
[ -f "$SSPI_SHIM_LIB" ] || { echo "FAIL: $SSPI_SHIM_LIB does not exist"; exit 1; }
[ -f "$inc/sspi.h" ] || { echo "FAIL: $inc/sspi.h does not exist"; exit 1; }
mkdir -p "$out/tmp"
export TMPDIR="$out/tmp"
CC=${CC:-cc}
CFLAGS="-std=c99 -Wall -Wextra -Werror -g -O1"

programs="table packages ntlm_handshake ntlm_errors raw_authenticate threads fork_random"
under_valgrind="packages ntlm_handshake ntlm_errors raw_authenticate"
failed=""

for p in $programs; do
    extra=""
    [ "$p" = threads ] && extra="-pthread"
    if ! $CC $CFLAGS $extra -I"$inc" -I"$here" -o "$out/$p" "$here/$p.c" "$SSPI_SHIM_LIB" -Wl,-rpath-link,"$lib_dir"; then
        echo "not ok - $p does not compile"
        failed="$failed $p(compile)"
    fi
done

run() { # name, command...
    local name=$1; shift
    echo "# --- $name"
    LD_LIBRARY_PATH="$lib_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" timeout 150 "$@" > "$out/$name.log" 2>&1
    local rc=$?
    cat "$out/$name.log"
    if [ $rc -ne 0 ]; then
        echo "# $name: FAILED (exit $rc)"
        failed="$failed $name"
    else
        echo "# $name: passed"
    fi
}

for p in $programs; do
    [ -x "$out/$p" ] && run "$p" "$out/$p"
done

if [ "${SSPI_SHIM_NO_VALGRIND:-0}" = 1 ]; then
    echo "# valgrind runs disabled by SSPI_SHIM_NO_VALGRIND=1"
elif ! command -v valgrind >/dev/null; then
    echo "# valgrind is not installed (scripts/debian-packages.txt lists it)"
    failed="$failed valgrind(missing)"
else
    for p in $under_valgrind; do
        [ -x "$out/$p" ] && run "valgrind-$p" valgrind -q --error-exitcode=1 --leak-check=full \
            --errors-for-leak-kinds=definite --show-leak-kinds=definite "$out/$p"
    done
fi

if [ -n "$failed" ]; then
    echo "FAIL:$failed"
    exit 1
fi
echo "PASS: all C tests"

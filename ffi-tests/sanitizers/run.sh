#!/bin/bash
# The C tests and examples under clang's AddressSanitizer + UndefinedBehavior-
# Sanitizer (LeakSanitizer on) and under valgrind memcheck: zero errors, zero
# definite leaks. Our Rust library is not instrumented, but every malloc and
# free it makes goes through ASan's allocator and is seen by LSan and memcheck.
#
#   clang ASan+UBSan: ffi-tests/c/*.c, ffi-tests/stress, ffi-tests/bad-input's
#                     linked driver, c-examples sspi_server + sspi_client
#   valgrind:         the same minus ffi-tests/c's packages, ntlm_handshake,
#                     ntlm_errors and raw_authenticate (ffi-tests/c/run.sh runs
#                     those under valgrind itself) and bad_input (70 s under
#                     valgrind; ASan+LSan cover it)
#
# Env: SSPI_SHIM_LIB (required), SSPI_SHIM_INCLUDE, SSPI_SHIM_BUILD,
#      SANITIZER_CC (default clang). No external peer: this suite never skips.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=${SSPI_SHIM_ROOT:-$(cd "$here/../.." && pwd)}
: "${SSPI_SHIM_LIB:?SSPI_SHIM_LIB must name the built libsspi.so.1}"
lib=$SSPI_SHIM_LIB
lib_dir=$(dirname "$lib")
inc=${SSPI_SHIM_INCLUDE:-$root/include}
out=${SSPI_SHIM_BUILD:-$root/build}/sanitizers
tests=$root/ffi-tests
examples=$root/c-examples
CC=${SANITIZER_CC:-clang}
[ -f "$lib" ] || { echo "FAIL: $lib does not exist"; exit 1; }
command -v "$CC" >/dev/null || { echo "FAIL: $CC is not installed (scripts/debian-packages.txt lists clang)"; exit 1; }
command -v valgrind >/dev/null || { echo "FAIL: valgrind is not installed (scripts/debian-packages.txt lists it)"; exit 1; }
mkdir -p "$out/asan" "$out/plain" "$out/tmp"
export TMPDIR=$out/tmp
export LD_LIBRARY_PATH="$lib_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

# DWARF 4: valgrind 3.19 (Debian 12) cannot read clang 14's default DWARF 5.
CFLAGS="-std=gnu99 -Wall -Wextra -Werror -gdwarf-4 -O1 -pthread"
SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# --fair-sched=yes: valgrind runs one thread at a time, and its default lock
# hand-off lets a thread that spins and yields (parking_lot's mutexes under
# contention) starve the others; ffi-tests/c/threads then sometimes never
# stops (main is not scheduled to set its stop flag within 180 s).
VALGRIND="valgrind -q --fair-sched=yes --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite"
failed=""

# build NAME SOURCES... (into asan/ and, unless ASAN_ONLY=1, plain/)
build() {
    local name=$1; shift
    $CC $CFLAGS $SAN -I"$inc" -I"$tests/c" -I"$tests/bad-input" -I"$examples" -o "$out/asan/$name" "$@" "$lib" -ldl \
        || { echo "not ok - $name does not compile with $SAN"; failed="$failed $name(asan-compile)"; }
    [ "${ASAN_ONLY:-0}" = 1 ] ||
    $CC $CFLAGS -I"$inc" -I"$tests/c" -I"$tests/bad-input" -I"$examples" -o "$out/plain/$name" "$@" "$lib" -ldl \
        || { echo "not ok - $name does not compile"; failed="$failed $name(compile)"; }
}

# run LABEL COMMAND...: passes on exit 0 with no sanitizer report in the log.
run() {
    local label=$1; shift
    local log=$out/$label.log start=$SECONDS rc=0
    timeout 180 "$@" > "$log" 2>&1 || rc=$?
    if [ $rc -ne 0 ] || grep -qE '^(==[0-9]+==ERROR|SUMMARY: (Address|UndefinedBehavior|Leak)Sanitizer)|runtime error:' "$log"; then
        echo "not ok - $label (exit $rc, $((SECONDS - start)) s)"
        sed 's/^/#   /' "$log" | tail -60
        failed="$failed $label"
    else
        echo "ok - $label ($((SECONDS - start)) s)"
    fi
}

# demo LABEL WRAPPER...: c-examples' server and client over loopback, each
# under WRAPPER (a sanitizer build or valgrind), one explicit-credential
# session with two sealed messages each way.
demo() {
    local label=$1 dir=$2; shift 2
    local tmp=$out/tmp/demo-$label spid crc=0 src=0
    rm -rf "$tmp"; mkdir -p "$tmp"
    printf 'EXAMPLE:alice:S3cret-p@ss\n' > "$tmp/users"
    NTLM_USER_FILE=$tmp/users timeout 120 "$@" "$dir/sspi_server" -f "$tmp/port" > "$out/$label.server.log" 2>&1 &
    spid=$!
    for _ in $(seq 300); do [ -s "$tmp/port" ] && break; sleep 0.1; done
    NTLM_USER_FILE=$tmp/users timeout 120 "$@" "$dir/sspi_client" -p "$(cat "$tmp/port" 2>/dev/null || echo 1)" \
        -u alice -d EXAMPLE -w 'S3cret-p@ss' -t host/localhost "first sealed message" "second" \
        > "$out/$label.client.log" 2>&1 || crc=$?
    wait "$spid" || src=$?
    if [ $crc -ne 0 ] || [ $src -ne 0 ] || ! grep -q 'server: received: second' "$out/$label.server.log" ||
        grep -qE '^==[0-9]+==ERROR|runtime error:' "$out/$label.server.log" "$out/$label.client.log"; then
        echo "not ok - $label (client exit $crc, server exit $src)"
        sed 's/^/#   /' "$out/$label.server.log" "$out/$label.client.log" | tail -60
        failed="$failed $label"
    else
        echo "ok - $label"
    fi
}

c_programs="table packages ntlm_handshake ntlm_errors raw_authenticate threads"
for p in $c_programs; do build "$p" "$tests/c/$p.c"; done
build stress "$tests/stress/stress.c"
ASAN_ONLY=1 build bad_input "$tests/bad-input/bad_input.c" "$tests/bad-input/sspi_cases.c" "$tests/bad-input/gss_cases.c"
for p in sspi_server sspi_client; do build "$p" "$examples/$p.c"; done

# bad_input's environment, as ffi-tests/bad-input/run.sh sets it.
bad_dir=$out/bad-input-env
mkdir -p "$bad_dir"
printf 'BADINPUT:alice:Passw0rd!\n' > "$bad_dir/ntlm_users"
printf '[libdefaults]\n' > "$bad_dir/krb5.conf"
bad_env=(env -u SSPI_SHIM_GSS_DEFAULT_MECH -u KRB5_TRACE USER=alice LOGNAME=alice
         NTLM_USER_FILE="$bad_dir/ntlm_users" KRB5_CONFIG="$bad_dir/krb5.conf"
         KRB5CCNAME="FILE:$bad_dir/no-such-ccache" KRB5_KTNAME="FILE:$bad_dir/no-such.keytab"
         KRB5_CLIENT_KTNAME="FILE:$bad_dir/no-such-client.keytab")
table=$tests/bad-input/table.tsv

echo "# --- clang $SAN"
for p in $c_programs; do
    [ -x "$out/asan/$p" ] && run "asan-$p" env THREADS_SECONDS=1.5 "$out/asan/$p"
done
[ -x "$out/asan/stress" ] && run asan-stress env STRESS_SECONDS=2 "$out/asan/stress"
[ -x "$out/asan/bad_input" ] && run asan-bad_input "${bad_env[@]}" "$out/asan/bad_input" "$table"
demo asan-examples "$out/asan"

echo "# --- valgrind memcheck"
for p in table threads; do
    [ -x "$out/plain/$p" ] && run "valgrind-$p" env THREADS_SECONDS=1.5 $VALGRIND "$out/plain/$p"
done
[ -x "$out/plain/stress" ] && run valgrind-stress env STRESS_SECONDS=1 $VALGRIND "$out/plain/stress"
demo valgrind-examples "$out/plain" $VALGRIND

if [ -n "$failed" ]; then
    echo "FAIL:$failed"
    exit 1
fi
echo "PASS: sanitizers and valgrind"

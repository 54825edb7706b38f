#!/bin/bash
# c-examples/sspi_server + sspi_client as two processes over loopback TCP:
# the exit codes and the decrypted messages on both sides are checked.
# No external peer is needed, so this suite never skips.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=${SSPI_SHIM_ROOT:-$(cd "$here/../.." && pwd)}
: "${SSPI_SHIM_LIB:?SSPI_SHIM_LIB must name the built libsspi.so.1}"
lib_dir=${SSPI_SHIM_LIB_DIR:-$(dirname "$SSPI_SHIM_LIB")}
inc=${SSPI_SHIM_INCLUDE:-$root/include}
out=${SSPI_SHIM_BUILD:-$root/build}/examples
src=$root/c-examples
CC=${CC:-cc}
mkdir -p "$out"
[ -f "$SSPI_SHIM_LIB" ] || { echo "FAIL: $SSPI_SHIM_LIB does not exist"; exit 1; }

for p in sspi_server sspi_client; do
    $CC -std=c99 -Wall -Wextra -Werror -O1 -g -I"$inc" -I"$src" -o "$out/$p" "$src/$p.c" "$SSPI_SHIM_LIB" ||
        { echo "FAIL: $p does not compile"; exit 1; }
done
export LD_LIBRARY_PATH="$lib_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

tmp=$(mktemp -d)
spid=
trap '[ -z "$spid" ] || kill "$spid" 2>/dev/null; rm -rf "$tmp"' EXIT
login=$(id -un)
export USER=$login
printf 'EXAMPLE:alice:S3cret-p@ss\nLOCALDOM:%s:default-Pa55\n' "$login" > "$tmp/users"
export NTLM_USER_FILE=$tmp/users

n=0 failed=0
check() { # description, condition...
    local desc=$1; shift
    n=$((n + 1))
    if "$@"; then echo "ok $n - $desc"; else echo "not ok $n - $desc"; failed=$((failed + 1)); fi
}

# session NAME CLIENT-ARGS...: runs server + client, leaves logs and exit codes
session() {
    local name=$1; shift
    rm -f "$tmp/port"
    timeout 30 "$out/sspi_server" -f "$tmp/port" > "$out/$name.server.log" 2>&1 &
    spid=$!
    for _ in $(seq 100); do [ -s "$tmp/port" ] && break; sleep 0.05; done
    if [ ! -s "$tmp/port" ]; then
        echo "# $name: server did not start"; cat "$out/$name.server.log"
        kill "$spid" 2>/dev/null; wait "$spid"; spid=
        crc=99; src=99; return
    fi
    crc=0
    timeout 30 "$out/sspi_client" -p "$(cat "$tmp/port")" "$@" > "$out/$name.client.log" 2>&1 || crc=$?
    src=0
    wait "$spid" || src=$?
    spid=
    sed "s/^/# $name | /" "$out/$name.server.log" "$out/$name.client.log"
}

msgs=("first sealed message" "second one, a little longer than the first" "x")

session explicit -u alice -d EXAMPLE -w 'S3cret-p@ss' -t host/localhost "${msgs[@]}"
check "explicit credentials: client exits 0" [ "$crc" -eq 0 ]
check "explicit credentials: server exits 0" [ "$src" -eq 0 ]
check "server names the client EXAMPLE\\alice" grep -qxF 'server: client is EXAMPLE\alice' "$out/explicit.server.log"
for m in "${msgs[@]}"; do
    check "server decrypted: $m" grep -qxF "server: received: $m" "$out/explicit.server.log"
    check "client decrypted the echo: $m" grep -qxF "client: reply: echo: $m (matches)" "$out/explicit.client.log"
done
check "server saw exactly ${#msgs[@]} messages" grep -qxF "server: session ended after ${#msgs[@]} messages" "$out/explicit.server.log"
check "NTLM takes two client legs" [ "$(grep -c '^client: InitializeSecurityContextW #' "$out/explicit.client.log")" -eq 2 ]

session default -t host/localhost "with default credentials"
check "default credentials (NTLM_USER_FILE): client exits 0" [ "$crc" -eq 0 ]
check "default credentials: server exits 0" [ "$src" -eq 0 ]
check "server names the client LOCALDOM\\$login" grep -qxF "server: client is LOCALDOM\\$login" "$out/default.server.log"
check "default credentials: echo decrypted" grep -qxF "client: reply: echo: with default credentials (matches)" "$out/default.client.log"

session wrongpw -u alice -d EXAMPLE -w 'wrong' -t host/localhost "must not arrive"
check "wrong password: client exits nonzero" [ "$crc" -ne 0 ]
check "wrong password: server exits nonzero" [ "$src" -ne 0 ] 
check "wrong password: server reports SEC_E_LOGON_DENIED" grep -q "0x8009030c SEC_E_LOGON_DENIED" "$out/wrongpw.server.log"
check "wrong password: nothing was decrypted" sh -c "! grep -q 'received:' '$out/wrongpw.server.log'"

echo "1..$n"
if [ "$failed" -ne 0 ]; then echo "FAIL: $failed of $n"; exit 1; fi
echo "PASS: examples"

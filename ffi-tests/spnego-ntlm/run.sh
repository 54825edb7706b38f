#!/bin/bash
# SPNEGO (our Negotiate package) over NTLM against peers we did not write,
# all on 127.0.0.1, with no Kerberos ticket anywhere so NTLM is chosen:
#  1. pyspnego's own SPNEGO <-> our SSPI face (python/sspi_shim.py), both ways,
#     mechListMIC and message protection (test_spnego_pyspnego.py).
#  2. MIT gss-client / gss-server (krb5-gss-samples) over gss-ntlmssp on one
#     side, our library as libgssapi_krb5.so.2 on the other, both ways, with
#     -spnego and with the brace form -mech "{ 1 3 6 1 5 5 2 }"; gss-client
#     wraps a message (gss-server unwraps it) and verifies the MIC it returns.
#     Our side's trace must show the Negotiate context completing over NTLM.
# Exit 77 only when a peer is not installed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=${SSPI_SHIM_ROOT:-$(cd "$here/../.." && pwd)}
py=${SSPI_SHIM_PYTHON:-python3}
: "${SSPI_SHIM_LIB:?SSPI_SHIM_LIB must name the built libsspi.so.1}"
[ -f "$SSPI_SHIM_LIB" ] || { echo "FAIL: $SSPI_SHIM_LIB does not exist"; exit 1; }
out=${SSPI_SHIM_BUILD:-$root/build}/spnego-ntlm
rm -rf "$out"; mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

missing=
"$py" -c 'import spnego' 2>/dev/null || missing="$missing pyspnego(PyPI)"
command -v gss-client >/dev/null && command -v gss-server >/dev/null || missing="$missing krb5-gss-samples"
ntlmssp_so=$(ls /usr/lib/*/gssntlmssp/gssntlmssp.so 2>/dev/null | head -1 || true)
[ -n "$ntlmssp_so" ] || missing="$missing gss-ntlmssp"
if [ -n "$missing" ]; then
    echo "SKIP: peers not installed:$missing (scripts/deps.sh installs them)"
    exit 77
fi

# No Kerberos: an empty krb5.conf and a ccache that does not exist, so
# MIT's SPNEGO drops krb5 at once and ours has no Kerberos credential.
: > "$work/krb5.conf"
export KRB5_CONFIG="$work/krb5.conf" KRB5CCNAME="FILE:$work/no-ccache" KRB5_KTNAME="$work/no-keytab"
printf 'gssntlmssp_v1\t1.3.6.1.4.1.311.2.2.10\t%s\n' "$ntlmssp_so" > "$work/mech"
export GSS_MECH_CONFIG="$work/mech"
printf 'EXAMPLE:alice:S3cret-p@ss\n' > "$work/users"
export NTLM_USER_FILE="$work/users" TEST_DOMAIN=EXAMPLE TEST_USER=alice TEST_PASSWORD='S3cret-p@ss'

echo "== gss_* on our library alone: mechanism list, default mech, gss_set_neg_mechs"
${CC:-cc} -std=c99 -Wall -Wextra -Werror -I"${SSPI_SHIM_INCLUDE:-$root/include}" -o "$work/negmechs" \
    "$here/negmechs.c" "$SSPI_SHIM_LIB" -Wl,-rpath,"$(dirname "$SSPI_SHIM_LIB")"
"$work/negmechs" 'EXAMPLE\alice' 'S3cret-p@ss'

echo "== pyspnego <-> our Negotiate (SSPI face)"
PYTHONPATH="$root/python:$here:$root/ffi-tests/lib${PYTHONPATH:+:$PYTHONPATH}" \
    "$py" -m pyrunner test_spnego_pyspnego 2>&1 | tee "$out/pyspnego.log"

# Our library under MIT's name, a copy (not a symlink).
mkdir -p "$work/ours"
cp "$SSPI_SHIM_LIB" "$work/ours/libgssapi_krb5.so.2"

fails=0
# run_pair NAME CLIENT_SIDE SERVER_SIDE MECH_ARGS...: sides are "ours" or "mit".
run_pair() {
    local name=$1 cside=$2 sside=$3; shift 3
    local d="$work/$name"; mkdir -p "$d"
    local senv=() cenv=()
    [ "$sside" = ours ] && senv=(LD_LIBRARY_PATH="$work/ours" SSPI_SHIM_TRACE="$d/server.trace")
    [ "$cside" = ours ] && cenv=(LD_LIBRARY_PATH="$work/ours" SSPI_SHIM_TRACE="$d/client.trace")
    env "${senv[@]}" python3 "$here/inetd.py" "$d/port" \
        gss-server -inetd -logfile "$d/server.log" host@localhost 2>"$d/server.err" &
    local spid=$!
    for _ in $(seq 100); do [ -s "$d/port" ] && break; sleep 0.05; done
    local crc=0 src=0
    env "${cenv[@]}" timeout 30 gss-client -port "$(cat "$d/port")" "$@" -q \
        -user 'EXAMPLE\alice' -pass 'S3cret-p@ss' 127.0.0.1 host@localhost "spnego $name" \
        >"$d/client.log" 2>&1 || crc=$?
    wait "$spid" || src=$?
    local ok=1
    [ $crc -eq 0 ] && [ $src -eq 0 ] || ok=0
    grep -q "Received message: \"spnego $name\"" "$d/server.log" || ok=0
    local trace="$d/server.trace"; [ "$cside" = ours ] && trace="$d/client.trace"
    grep -q "Negotiate .* step: mechanism NTLM, .*mechListMIC sent true received true, complete" \
        "$trace" 2>/dev/null || ok=0
    cp -r "$d" "$out/"
    if [ $ok -eq 1 ]; then
        echo "PASS $name (client $cside, server $sside, $*)"
    else
        fails=$((fails + 1))
        echo "FAIL $name (client $cside, server $sside, $*): client rc $crc, server rc $src"
        sed 's/^/  client: /' "$d/client.log"; sed 's/^/  server: /' "$d/server.log" "$d/server.err"
        [ -f "$trace" ] && sed 's/^/  trace: /' "$trace"
    fi
}

echo "== MIT gss-client/gss-server over gss-ntlmssp <-> our library, SPNEGO"
run_pair ours-client-spnego ours mit -spnego
run_pair ours-client-oid ours mit -mech "{ 1 3 6 1 5 5 2 }"
run_pair mit-client-spnego mit ours -spnego
run_pair mit-client-oid mit ours -mech "{ 1 3 6 1 5 5 2 }"
run_pair ours-both-spnego ours ours -spnego

if [ $fails -ne 0 ]; then
    echo "FAIL: $fails gss-client/gss-server combinations failed"
    exit 1
fi
echo "spnego-ntlm: all passed"

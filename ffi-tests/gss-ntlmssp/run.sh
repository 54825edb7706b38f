#!/usr/bin/env bash
# MIT's gss-client and gss-server (krb5-gss-samples) over NTLM, one side on
# MIT's libgssapi_krb5 with gss-ntlmssp, the other on our library under
# MIT's name (a copy named libgssapi_krb5.so.2 first in LD_LIBRARY_PATH of
# that one process). Both directions: the NTLM handshake, the sample's
# wrapped message (client gss_wrap, server gss_unwrap) and its MIC (server
# gss_get_mic, client gss_verify_mic). gss-server binds every interface,
# so we accept on 127.0.0.1 ourselves and run `gss-server -inetd` per
# connection (ffi-tests/lib/inetd.py).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
lib=${SSPI_SHIM_LIB:?set SSPI_SHIM_LIB to build/lib/libsspi.so.1}
ntlmssp=/usr/lib/x86_64-linux-gnu/gssntlmssp/gssntlmssp.so
for x in gss-client gss-server; do
  command -v $x >/dev/null || { echo "SKIP: $x missing (apt-get install krb5-gss-samples)"; exit 77; }
done
[ -e "$ntlmssp" ] || { echo "SKIP: $ntlmssp missing (apt-get install gss-ntlmssp)"; exit 77; }

work=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir "$work/ours"
cp "$lib" "$work/ours/libgssapi_krb5.so.2"
printf 'TESTDOM:alice:Passw0rd!\n' > "$work/users"
# MIT's mechglue loads gss-ntlmssp from our own mech file, not /etc/gss.
printf 'gssntlmssp_v1 1.3.6.1.4.1.311.2.2.10 %s\n' "$ntlmssp" > "$work/mech"
export NTLM_USER_FILE=$work/users GSS_MECH_CONFIG=$work/mech
mech='{ 1 3 6 1 4 1 311 2 2 10 }'
msg="hello from gss-client $$"
failed=0

fail() { echo "FAIL $*"; failed=1; }

# run NAME SERVER_LIBDIR CLIENT_LIBDIR CLIENT_ARGS...: one connection.
run() {
  local name=$1 slib=$2 clib=$3; shift 3
  local log=$work/$name.server.log port=$work/$name.port
  rm -f "$port"
  LD_LIBRARY_PATH=$slib python3 "$here/../lib/inetd.py" "$port" 1 \
    gss-server -inetd -logfile "$log" host@localhost &
  local spid=$! i=0
  while [ ! -s "$port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
  [ -s "$port" ] || { fail "$name: listener did not start"; return; }
  local rc=0
  LD_LIBRARY_PATH=$clib timeout 30 gss-client -port "$(cat "$port")" -mech "$mech" \
    -user 'TESTDOM\alice' -pass 'Passw0rd!' "$@" 127.0.0.1 host@localhost "$msg" \
    > "$work/$name.client.out" 2>&1 || rc=$?
  local src=0
  wait $spid || src=$?
  echo "-- $name: gss-client (exit $rc):"; sed 's/^/   /' "$work/$name.client.out"
  echo "-- $name: gss-server log (inetd exit $src):"; sed 's/^/   /' "$log" 2>/dev/null || true
  [ $rc -eq 0 ] || fail "$name: gss-client exited $rc"
  [ $src -eq 0 ] || fail "$name: gss-server exited $src"
  grep -qF "Received message: \"$msg\"" "$log" || fail "$name: server did not unwrap the message"
  grep -q 'GSS-API error' "$log" && fail "$name: server reported a GSS-API error"
  # The client checks the server's MIC over the message; with -q it is
  # silent on success and exits nonzero on failure.
  if [ "${1:-}" != -q ]; then
    grep -q 'Signature verified' "$work/$name.client.out" || fail "$name: client did not verify the MIC"
  fi
}

# Which library each process really mapped is checked through LD_DEBUG.
check_bound() {
  local name=$1 dir=$2; shift 2
  LD_DEBUG=files LD_LIBRARY_PATH=$dir "$@" 2>&1 >/dev/null | grep -q "calling init: $dir/libgssapi_krb5.so.2" \
    || fail "$name: $* did not load $dir/libgssapi_krb5.so.2"
}
check_bound "ours-bound" "$work/ours" gss-client

# 1. MIT gss-client + gss-ntlmssp -> gss-server on our library. -q: its
#    verbose path calls gss_inquire_names_for_mech, which gss-ntlmssp lacks.
run mit-client-ours-server "$work/ours" "" -q
# 2. gss-client on our library -> MIT gss-server + gss-ntlmssp (verbose:
#    our gss_inquire_context, gss_display_name, gss_inquire_names_for_mech).
run ours-client-mit-server "" "$work/ours"
# 3. Both on ours, the sample's defaults otherwise (a second message count
#    and sequence checking).
run ours-both "$work/ours" "$work/ours" -mcount 3 -seq

[ $failed -eq 0 ] && echo "gss-ntlmssp: ok"
exit $failed

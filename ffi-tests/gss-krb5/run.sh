#!/bin/bash
# Kerberos (krb5 mechanism, RFC 4121) interop: MIT's gss-client and
# gss-server (krb5-gss-samples) against a throw-away MIT KDC, in all four
# pairings of MIT's library and ours (ours as libgssapi_krb5.so.2 on
# LD_LIBRARY_PATH): mutual authentication, the wrapped message and its MIC
# verified both ways; then the same with -nomutual, -seq and -noreplay;
# RC4 session keys, delegation, SPNEGO, host name canonicalization
# (dns_canonicalize_hostname true / false / fallback, rdns) in our client.
# Service tickets are pre-fetched with `kvno` until our TGS client lands.
# Env: SSPI_SHIM_LIB (required), SSPI_SHIM_BUILD (work dir, optional).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
lib=${SSPI_SHIM_LIB:?set SSPI_SHIM_LIB to build/lib/libsspi.so.1}
for t in gss-client gss-server kinit kvno python3; do
    command -v "$t" >/dev/null || { echo "SKIP: $t not installed (krb5-gss-samples, krb5-user)"; exit 77; }
done
. "$root/ffi-tests/lib/krb5-realm.sh"
krb5_realm_start || { echo "SKIP: cannot start an MIT KDC"; exit 77; }
work=$KRB5_REALM_DIR/gss-krb5
mkdir -p "$work/ours"
cp "$lib" "$work/ours/libgssapi_krb5.so.2"

krb5_client_and_service alice 'Al1ce-pw' host/localhost "$work/server.keytab" -f || exit 1
kvno host/localhost >/dev/null || { echo "FAIL: kvno host/localhost"; exit 1; }
# An RC4-only service: its tickets carry arcfour-hmac session keys, so the
# context uses RFC 4757 tokens.
krb5_addprinc_opts "-e arcfour-hmac:normal" host/rc4.localhost || exit 1
krb5_ktadd "$work/server.keytab" host/rc4.localhost || exit 1
kvno host/rc4.localhost >/dev/null || { echo "FAIL: kvno host/rc4.localhost"; exit 1; }
klist -e | grep -A1 "host/rc4.localhost" | grep -q "arcfour-hmac" \
    || { echo "FAIL: the rc4 service ticket does not have an arcfour-hmac session key"; klist -e; exit 1; }
export KRB5_KTNAME=FILE:$work/server.keytab SSPI_SHIM_TRACE=$work/trace.log

listener=
stop_listener() { [ -n "$listener" ] && kill "$listener" 2>/dev/null; wait "$listener" 2>/dev/null; listener=; }
trap 'stop_listener; krb5_realm_stop' EXIT

fails=0
# run SERVER_LIB CLIENT_LIB LABEL [gss-client flags...]
# SVC: the service (both sides); CSVC: the client's target if another;
# CENV: VAR=value words for the client's environment only; EXPECT_LOG,
# EXPECT_TRACE: text the server's log, our client's trace must hold;
# EXPECT_FAIL: the client must fail with this text instead.
run() {
    local slib=$1 clib=$2 label=$3; shift 3
    local log=$work/server-$label.log portf=$work/port-$label
    : >"$log"; rm -f "$portf"
    local senv=()
    # shellcheck disable=SC2206 # CENV is split into words on purpose
    local cenv=(env ${CENV:-})
    [ "$slib" = ours ] && senv=(env LD_LIBRARY_PATH="$work/ours")
    [ "$clib" = ours ] && cenv+=(LD_LIBRARY_PATH="$work/ours")
    local trace=$work/trace-$label.log
    [ -n "${EXPECT_TRACE:-}" ] && { : >"$trace"; cenv+=(SSPI_SHIM_TRACE="$trace"); }
    "${senv[@]}" python3 "$here/listener.py" "$portf" gss-server -inetd -logfile "$log" "${SVC:-host@localhost}" &
    listener=$!
    for _ in $(seq 1 50); do [ -s "$portf" ] && break; sleep 0.1; done
    local msg="hello from $label"
    local out
    out=$("${cenv[@]}" timeout 20 gss-client -port "$(cat "$portf")" "$@" localhost "${CSVC:-${SVC:-host@localhost}}" "$msg" 2>&1)
    local rc=$?
    sleep 0.3
    stop_listener
    if [ -n "${EXPECT_FAIL:-}" ]; then
        if [ $rc -ne 0 ] && grep -qF "$EXPECT_FAIL" <<<"$out"; then
            echo "ok   $label (server $slib, client $clib) $* fails: $EXPECT_FAIL"
        else
            echo "FAIL $label (server $slib, client $clib) $* rc=$rc, expected to fail with: $EXPECT_FAIL"
            echo "--- client:"; echo "$out" | tail -15
            fails=$((fails + 1))
        fi
        return
    fi
    # gss_inquire_context's names as MIT displays them: the client and the
    # service principal (the server's, whatever alias the client used).
    local svc=${SVC:-host@localhost}
    if [ $rc -eq 0 ] && grep -q "Signature verified" <<<"$out" \
        && grep -qF "\"alice@$KRB5_REALM\" to \"${svc%%@*}/${svc#*@}@$KRB5_REALM\"" <<<"$out" \
        && grep -qF "Received message: \"$msg\"" "$log" \
        && { [ -z "${EXPECT_LOG:-}" ] || grep -qF "$EXPECT_LOG" "$log"; } \
        && { [ -z "${EXPECT_TRACE:-}" ] || grep -qF "$EXPECT_TRACE" "$trace"; }; then
        echo "ok   $label (server $slib, client $clib) $*"
    else
        echo "FAIL $label (server $slib, client $clib) $* rc=$rc"
        echo "--- client:"; echo "$out" | tail -15
        echo "--- server log:"; tail -15 "$log"; cat "$portf.stderr" 2>/dev/null | tail -5
        fails=$((fails + 1))
    fi
}

for flags in "" "-nomutual" "-seq" "-noreplay"; do
    run mit  mit  mit-mit   $flags
    run mit  ours ours-mit  $flags
    run ours mit  mit-ours  $flags
    run ours ours ours-ours $flags
done
# RC4-HMAC session keys (RFC 4757 tokens).
for flags in "" "-nomutual"; do
    SVC=host@rc4.localhost run mit  mit  rc4-mit-mit   $flags
    SVC=host@rc4.localhost run mit  ours rc4-ours-mit  $flags
    SVC=host@rc4.localhost run ours mit  rc4-mit-ours  $flags
    SVC=host@rc4.localhost run ours ours rc4-ours-ours $flags
done
# Delegation (forwardable TGT, gss-client -d): our acceptor takes the
# KRB-CRED and reports GSS_C_DELEG_FLAG (our initiator's turn comes below,
# once the tickets come from the KDC).
EXPECT_LOG=GSS_C_DELEG_FLAG run mit mit mit-mit-deleg -d
EXPECT_LOG=GSS_C_DELEG_FLAG run ours mit mit-ours-deleg -d
# Explicit mechanism OID (krb5) with our client.
run mit ours ours-mit-oid -mech "{ 1 2 840 113554 1 2 2 }"

# Tickets from the KDC (TGS exchange): a fresh TGT, no kvno pre-fetch.
kdestroy -q 2>/dev/null
krb5_kinit alice 'Al1ce-pw' "$KRB5CCNAME" -f || exit 1
run mit ours ours-mit-tgs
run ours ours ours-ours-tgs
klist | grep -q "host/localhost@$KRB5_REALM" \
    || { echo "FAIL: the fetched service ticket was not cached"; fails=$((fails + 1)); }
# Our initiator delegates: a forwarded TGT from the KDC in the KRB-CRED.
EXPECT_LOG=GSS_C_DELEG_FLAG run mit ours ours-mit-deleg -d
EXPECT_LOG=GSS_C_DELEG_FLAG run ours ours ours-ours-deleg -d

# Host name canonicalization in our initiator (krb5.conf's
# dns_canonicalize_hostname and rdns, as MIT applies them to host-based
# names). The aliases live in a hosts file of the test's own, named by
# SSPI_SHIM_HOSTS_FILE (/etc/hosts is not touched): svc-alias.test is an
# alias of localhost; svc-rdns.test one of svc-fwd.test, whose address's
# first name (the reverse lookup) is localhost. The server keeps
# host@localhost; only the client's target and krb5.conf change.
printf '127.0.0.1 localhost svc-alias.test\n127.0.0.1 svc-fwd.test svc-rdns.test\n' >"$work/hosts"
canon_conf() { # MODE RDNS: a krb5.conf like the realm's with these
    local f=$work/krb5-canon-$1-$2.conf
    sed -e "s/dns_canonicalize_hostname = false/dns_canonicalize_hostname = $1/" \
        -e "s/rdns = false/rdns = $2/" "$KRB5_CONFIG" >"$f"
    grep -q "dns_canonicalize_hostname = $1" "$f" && grep -q "rdns = $2" "$f" && echo "$f"
}
canon_env() { echo "KRB5_CONFIG=$(canon_conf "$1" "$2") SSPI_SHIM_HOSTS_FILE=$work/hosts ${3:-}"; }
unknown="Server not found in Kerberos database"
CENV=$(canon_env true false) CSVC=host@svc-alias.test \
    EXPECT_TRACE="target host/svc-alias.test is host/localhost@$KRB5_REALM (dns_canonicalize_hostname true)" \
    run mit ours canon-true
CENV=$(canon_env true true) CSVC=host@svc-rdns.test \
    EXPECT_TRACE="target host/svc-rdns.test is host/localhost@$KRB5_REALM" \
    run mit ours canon-true-rdns
CENV=$(canon_env true false) CSVC=host@svc-rdns.test EXPECT_FAIL=$unknown \
    run mit ours canon-true-nordns
CENV=$(canon_env false true) CSVC=host@svc-alias.test EXPECT_FAIL=$unknown \
    run mit ours canon-false
# fallback: host/svc-alias.test first; the KDC does not know it, so
# host/localhost, from the KDC (a cache of its own holds only the TGT).
krb5_kinit alice 'Al1ce-pw' "FILE:$work/canon.ccache" || exit 1
CENV=$(canon_env fallback false "KRB5CCNAME=FILE:$work/canon.ccache") CSVC=host@svc-alias.test \
    EXPECT_TRACE="host/svc-alias.test@$KRB5_REALM unknown to the KDC, trying host/localhost@$KRB5_REALM" \
    run mit ours canon-fallback
klist -c "FILE:$work/canon.ccache" | grep -q "host/localhost@$KRB5_REALM" \
    || { echo "FAIL canon-fallback: no ticket for host/localhost cached"; fails=$((fails + 1)); }

# Kerberos inside SPNEGO (our Negotiate package choosing krb5).
run mit  ours spnego-ours-mit  -spnego
run ours mit  spnego-mit-ours  -spnego
run ours ours spnego-ours-ours -spnego
# Password credentials (gss_acquire_cred_with_password: AS exchange), no cache at all.
KRB5CCNAME=FILE:$work/no-such-cache run mit ours ours-mit-password -user alice -pass 'Al1ce-pw'

# The replay cache is MIT's file2 format in a shared file: an AP-REQ one
# library accepted is refused as a replay by the other, both ways; with
# KRB5RCACHETYPE=none nothing is recorded.
mit_lib=$(ldconfig -p | awk '/libgssapi_krb5.so.2 / { print $NF; exit }')
if ${CC:-cc} -std=gnu99 -Wall -Wextra -Werror -I"$root/include" -o "$work/rcache_cross" \
    "$here/rcache_cross.c" -ldl; then
    export KRB5RCACHENAME=file2:$work/shared.rcache2
    # rc_case FIRST SECOND: FIRST accepts a fresh AP-REQ, SECOND refuses it.
    rc_case() {
        local first=$1 second=$2 tok=$work/apreq-$1-$2 a b
        "$work/rcache_cross" "$lib" init host@localhost "$tok" || { fails=$((fails + 1)); return; }
        a=$("$work/rcache_cross" "${!first}" accept "$tok")
        b=$("$work/rcache_cross" "${!second}" accept "$tok")
        if [ "$a" = accepted ] && grep -q "replay" <<<"$b"; then
            echo "ok   rcache: accepted on $first, a replay on $second: $b"
        else
            echo "FAIL rcache: $first said '$a', $second said '$b'"; fails=$((fails + 1))
        fi
    }
    ours=$lib mit=$mit_lib
    rc_case ours mit
    rc_case mit ours
    rc_case ours ours
    [ -s "$work/shared.rcache2" ] || { echo "FAIL rcache: no file"; fails=$((fails + 1)); }
    "$work/rcache_cross" "$lib" init host@localhost "$work/apreq-none"
    a=$(KRB5RCACHETYPE=none KRB5RCACHENAME= "$work/rcache_cross" "$lib" accept "$work/apreq-none")
    b=$(KRB5RCACHETYPE=none KRB5RCACHENAME= "$work/rcache_cross" "$lib" accept "$work/apreq-none")
    if [ "$a" = accepted ] && [ "$b" = accepted ]; then
        echo "ok   rcache: KRB5RCACHETYPE=none records nothing"
    else
        echo "FAIL rcache none: '$a' '$b'"; fails=$((fails + 1))
    fi
    unset KRB5RCACHENAME
else
    echo "FAIL rcache_cross does not compile"; fails=$((fails + 1))
fi

# The SSPI face: Kerberos through the function table (kerberos_sspi.c).
if ${CC:-cc} -std=c99 -Wall -Wextra -Werror -I"$root/include" -I"$root/ffi-tests/c" -o "$work/kerberos_sspi" \
    "$here/kerberos_sspi.c" "$lib" -Wl,-rpath,"$(dirname "$lib")"; then
    if ! "$work/kerberos_sspi"; then
        echo "FAIL kerberos_sspi"; fails=$((fails + 1))
    fi
else
    echo "FAIL kerberos_sspi does not compile"; fails=$((fails + 1))
fi

[ $fails -eq 0 ] && { echo "gss-krb5: all passed"; exit 0; }
echo "gss-krb5: $fails failed"; exit 1

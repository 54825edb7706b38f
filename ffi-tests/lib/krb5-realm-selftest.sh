#!/usr/bin/env bash
# Checks ffi-tests/lib/krb5-realm.sh end to end: a realm comes up on a free
# loopback port, principals and keytabs are made, kinit gets a TGT and a
# service ticket, RC4 is allowed, and the KDC is gone after the trap runs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
(
    # shellcheck source=ffi-tests/lib/krb5-realm.sh
    . "$here/krb5-realm.sh"
    krb5_realm_start SELFTEST.SSPI
    echo "pid=$KRB5_KDC_PID"
    krb5_addprinc alice secret
    krb5_addprinc_opts "-e arcfour-hmac:normal" rc4only secret
    krb5_addprinc HTTP/localhost
    krb5_ktadd "$KRB5_REALM_DIR/http.keytab" HTTP/localhost
    krb5_kinit alice secret
    kvno HTTP/localhost >/dev/null
    klist | grep -q "HTTP/localhost@SELFTEST.SSPI"
    klist -kt "$KRB5_REALM_DIR/http.keytab" | grep -q "HTTP/localhost@SELFTEST.SSPI"
    krb5_kinit rc4only secret "FILE:$KRB5_REALM_DIR/rc4cc"
    klist -c "FILE:$KRB5_REALM_DIR/rc4cc" | grep -q "rc4only@SELFTEST.SSPI"
    if krb5_kinit alice wrong "FILE:$KRB5_REALM_DIR/bad" 2>/dev/null; then
        echo "kinit with a wrong password succeeded" >&2; exit 1
    fi
) >"$out"
pid=$(sed -n 's/^pid=//p' "$out")
if kill -0 "$pid" 2>/dev/null; then
    echo "krb5kdc $pid still running after the trap" >&2
    exit 1
fi
echo "krb5-realm selftest: 1 passed, 0 failed"

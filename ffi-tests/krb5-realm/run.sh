#!/usr/bin/env bash
# The throw-away MIT realm of ffi-tests/lib/krb5-realm.sh comes up, issues
# tickets and keytabs, and goes away. Skipped when MIT's tools are absent.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
for tool in kdb5_util krb5kdc kadmin.local kinit klist kvno; do
    if ! command -v "$tool" >/dev/null && [ ! -x "/usr/sbin/$tool" ]; then
        echo "SKIP: $tool not installed (krb5-kdc, krb5-admin-server, krb5-user)"
        exit 77
    fi
done
exec bash "$here/../lib/krb5-realm-selftest.sh"

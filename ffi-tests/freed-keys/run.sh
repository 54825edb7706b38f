#!/bin/bash
# Freed keys (freed_keys.c): the test program interposes free() and realloc()
# and logs every heap block freed in the process; after NTLM (SSPI NTLM and
# Negotiate, gss_*) and Kerberos (SSPI, against a throw-away MIT KDC:
# ffi-tests/lib/krb5-realm.sh) contexts and credentials are deleted, none of
# their keys, passwords or RC4 states may be in a freed block. The Kerberos
# part is left out, and said so, when the KDC cannot start.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=${SSPI_SHIM_ROOT:-$(cd "$here/../.." && pwd)}
lib=${SSPI_SHIM_LIB:?SSPI_SHIM_LIB must name the built libsspi.so.1}
inc=${SSPI_SHIM_INCLUDE:-$root/include}
out=${SSPI_SHIM_BUILD:-$root/build}/freed-keys
mkdir -p "$out/tmp"
export TMPDIR="$out/tmp"
${CC:-cc} -std=gnu99 -Wall -Wextra -Werror -g -O1 -I"$inc" -I"$here/../c" -o "$out/freed_keys" \
    "$here/freed_keys.c" "$lib" -Wl,-rpath,"$(dirname "$lib")" -lm || { echo "FAIL: freed_keys does not compile"; exit 1; }

# Names the library functions behind the "libsspi.so.1+0x..." addresses of
# the findings in log $1 (the library keeps its symbol table).
name_findings() {
    grep -o 'libsspi\.so\.1+0x[0-9a-f]*' "$1" | sort -u | sed 's/.*+//' | python3 -c '
import bisect, subprocess, sys
syms = []
for line in subprocess.run(["nm", "-n", "-C", "--defined-only", sys.argv[1]],
                           capture_output=True, text=True).stdout.splitlines():
    f = line.split(" ", 2)
    if len(f) == 3 and f[1] in "tTwW":
        syms.append((int(f[0], 16), f[2]))
for a in sys.stdin.read().split():
    i = bisect.bisect_right(syms, (int(a, 16), "\uffff")) - 1
    if i >= 0:
        print("#   libsspi.so.1+%s is in %s" % (a, syms[i][1][:160]))
' "$lib"
}

run() {
    local log=$out/$1.log rc
    shift
    "$@" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    [ "$rc" -eq 0 ] || name_findings "$log"
    return "$rc"
}

# No Kerberos for the NTLM part: Negotiate must choose NTLM.
: >"$out/tmp/empty-krb5.conf"
KRB5_CONFIG=$out/tmp/empty-krb5.conf KRB5CCNAME=FILE:$out/tmp/no-ccache KRB5_KTNAME=$out/tmp/no-keytab \
    run ntlm "$out/freed_keys" ntlm
rc=$?

. "$root/ffi-tests/lib/krb5-realm.sh"
if ! krb5_realm_start FREED.SSPI >/dev/null; then
    echo "# skip: cannot start an MIT KDC, the Kerberos part did not run"
    exit $rc
fi
w=$KRB5_REALM_DIR
{ krb5_client_and_service alice 'Al1ce-freed-pw' host/localhost "$w/service.keytab" &&
  krb5_ktadd "$w/all.keytab" alice host/localhost; } >/dev/null || { echo "not ok - Kerberos realm setup"; exit 1; }
# Every long-term key as "principal:enctype=hex", from klist -K.
keys=$(klist -k -K -e "$w/all.keytab" | awk '/\(0x/ {
    e = $(NF - 1); k = $NF; gsub(/[()]/, "", e); gsub(/[()]|0x/, "", k); printf "%s:%s=%s ", $(NF - 2), e, k }')
FREED_KEYS_KRB_KEYS=$keys FREED_KEYS_KRB_SPN=host/localhost FREED_KEYS_KRB_USER=alice \
    FREED_KEYS_KRB_PASS='Al1ce-freed-pw' KRB5_KTNAME=FILE:$w/service.keytab \
    KRB5RCACHENAME=file2:$w/acceptor.rcache2 run krb "$out/freed_keys" krb || rc=1
krb5_realm_stop
exit $rc

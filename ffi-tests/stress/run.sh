#!/bin/bash
# Stress (stress.c): 8 SSPI + 8 gss NTLM workers against 8 attackers passing
# bad handles and descriptors, then 64 threads on one NTLM credential pair.
# Then (krb_shared.c) 64 threads on one Kerberos credential pair against a
# throw-away MIT KDC (ffi-tests/lib/krb5-realm.sh): a TGT from kinit, the
# acceptor from a keytab; that part is left out, and said so, when the KDC
# cannot start. STRESS_SECONDS (default 3) lengthens the NTLM main phase.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=${SSPI_SHIM_ROOT:-$(cd "$here/../.." && pwd)}
lib=${SSPI_SHIM_LIB:?SSPI_SHIM_LIB must name the built libsspi.so.1}
inc=${SSPI_SHIM_INCLUDE:-$root/include}
out=${SSPI_SHIM_BUILD:-$root/build}/stress
mkdir -p "$out/tmp"
export TMPDIR="$out/tmp"
for p in stress krb_shared; do
    ${CC:-cc} -std=gnu99 -Wall -Wextra -Werror -g -O1 -pthread -I"$inc" -I"$here/../c" \
        -o "$out/$p" "$here/$p.c" "$lib" -Wl,-rpath,"$(dirname "$lib")" || { echo "FAIL: $p does not compile"; exit 1; }
done

"$out/stress"
rc=$?

. "$root/ffi-tests/lib/krb5-realm.sh"
if ! krb5_realm_start STRESS.SSPI >/dev/null; then
    echo "# cannot start an MIT KDC: the Kerberos shared-credential run did not happen"
    exit $rc
fi
w=$KRB5_REALM_DIR
krb5_client_and_service alice 'Al1ce-pw' host/localhost "$w/service.keytab" >/dev/null ||
    { echo "not ok - Kerberos realm setup"; exit 1; }
KRB5_KTNAME=FILE:$w/service.keytab KRB5RCACHENAME=file2:$w/acceptor.rcache2 "$out/krb_shared" host/localhost ||
    rc=1
krb5_realm_stop
exit $rc

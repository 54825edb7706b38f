#!/bin/bash
# Diffs our answers to mechanism-independent gss_* calls (status texts,
# OID strings, names, OID sets, bad handles, token framing) against MIT's
# library on this machine. Skips (77) without MIT's library.
# Env: SSPI_SHIM_LIB  absolute path of build/lib/libsspi.so.1 (required)
#      MIT_GSS_LIB    default /usr/lib/x86_64-linux-gnu/libgssapi_krb5.so.2
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
lib=${SSPI_SHIM_LIB:?set SSPI_SHIM_LIB to build/lib/libsspi.so.1}
mit=${MIT_GSS_LIB:-/usr/lib/x86_64-linux-gnu/libgssapi_krb5.so.2}
[ -f "$mit" ] || { echo "SKIP: no MIT library at $mit"; exit 77; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
${CC:-cc} -std=gnu99 -Wall -Wextra -Werror -I"$root/include" -o "$work/compare" "$here/compare.c" -ldl
# MIT answers for NTLM through gss-ntlmssp, when it is installed.
ntlmssp=/usr/lib/x86_64-linux-gnu/gssntlmssp/gssntlmssp.so
if [ -e "$ntlmssp" ]; then
    printf 'gssntlmssp_v1 1.3.6.1.4.1.311.2.2.10 %s\n' "$ntlmssp" > "$work/mech"
    export GSS_MECH_CONFIG=$work/mech COMPARE_NTLM=1
fi
"$work/compare" "$mit" > "$work/mit.txt"
"$work/compare" "$lib" > "$work/ours.txt"
if diff -u "$work/mit.txt" "$work/ours.txt"; then
    echo "gss-compare: $(wc -l < "$work/ours.txt") answers identical to MIT's"
else
    echo "gss-compare: FAIL (above: - MIT, + ours)"; exit 1
fi

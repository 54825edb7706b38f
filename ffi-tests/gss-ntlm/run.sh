#!/bin/bash
# NTLM over gss_* with our headers and library (see ntlm.c). Needs the
# NTLM package: before it is merged the program reports SKIP (exit 77).
# Env: SSPI_SHIM_LIB  absolute path of build/lib/libsspi.so.1 (required)
#      CC             C compiler (default cc)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
lib=${SSPI_SHIM_LIB:?set SSPI_SHIM_LIB to build/lib/libsspi.so.1}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
${CC:-cc} -std=c99 -Wall -Wextra -Werror -I"$root/include" -o "$work/ntlm" "$here/ntlm.c" \
    "$lib" -Wl,-rpath,"$(dirname "$lib")"
printf 'TESTDOM:alice:Passw0rd!\n' > "$work/users"
set +e
NTLM_USER_FILE="$work/users" NTLM_TEST_USER='TESTDOM\alice' NTLM_TEST_PASSWORD='Passw0rd!' "$work/ntlm"
rc=$?
set -e
exit $rc

#!/bin/bash
# Diffs our gss_display_status texts for the 256 codes of MIT's krb5
# com_err table (the minor codes of Kerberos failures) against MIT's
# libkrb5 on this machine (krb5_get_error_message). Skips (77) without
# libkrb5-dev.
# Env: SSPI_SHIM_LIB  absolute path of build/lib/libsspi.so.1 (required)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
lib=${SSPI_SHIM_LIB:?set SSPI_SHIM_LIB to build/lib/libsspi.so.1}
[ -f /usr/include/krb5/krb5.h ] || { echo "SKIP: libkrb5-dev is not installed"; exit 77; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
${CC:-cc} -std=gnu99 -Wall -Wextra -Werror -DMIT_COM_ERR -o "$work/mit" "$here/texts.c" -lkrb5
${CC:-cc} -std=gnu99 -Wall -Wextra -Werror -I"$root/include" -o "$work/texts" "$here/texts.c" -ldl
"$work/mit" > "$work/mit.txt"
"$work/texts" "$lib" > "$work/ours.txt"
if diff -u "$work/mit.txt" "$work/ours.txt"; then
    echo "krb5-errors: $(wc -l < "$work/ours.txt") krb5 minor-code texts identical to MIT's"
else
    echo "krb5-errors: FAIL (above: - MIT, + ours)"; exit 1
fi

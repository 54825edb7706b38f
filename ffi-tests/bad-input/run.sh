#!/bin/bash
# Bad input at the C boundary: every exported SSPI and gss_* function called
# with NULL for each pointer argument, zero-length buffers, freed handles
# and handles of the wrong kind or package, each row of table.tsv asserting
# the exact status. See README.md for the table's columns.
#
# 1. Every function `nm -D --defined-only` lists as exported has rows, and
#    every function in the table is exported.
# 2. bad_input (linked to libsspi.so.1) runs every row: SSPI rows through
#    the export and through both function tables, GSS rows directly.
# 3. bad_input_dl runs the GSS rows through dlopen of our library, then of
#    MIT's libgssapi_krb5.so.2 (with gss-ntlmssp for NTLM): every row marked
#    "check" must give MIT's status too. Without MIT's library or
#    gss-ntlmssp that third run is skipped (and said so).
#
# Env: SSPI_SHIM_LIB (required), SSPI_SHIM_INCLUDE, SSPI_SHIM_BUILD, CC,
#      MIT_GSS_LIB (default: Debian's path), GSSNTLMSSP (gss-ntlmssp's .so).
# `run.sh --print [--mit]` lists what each row returns (ours, or MIT's);
# `run.sh --skeleton` lists the rows every case needs (to grow the table).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=${SSPI_SHIM_ROOT:-$(cd "$here/../.." && pwd)}
: "${SSPI_SHIM_LIB:?SSPI_SHIM_LIB must name the built libsspi.so.1}"
lib=$SSPI_SHIM_LIB
lib_dir=$(dirname "$lib")
inc=${SSPI_SHIM_INCLUDE:-$root/include}
out=${SSPI_SHIM_BUILD:-$root/build}/bad-input
mit=${MIT_GSS_LIB:-/usr/lib/x86_64-linux-gnu/libgssapi_krb5.so.2}
ntlmssp=${GSSNTLMSSP:-/usr/lib/x86_64-linux-gnu/gssntlmssp/gssntlmssp.so}
table=$here/table.tsv
[ -f "$lib" ] || { echo "FAIL: $lib does not exist"; exit 1; }
mkdir -p "$out"
CC=${CC:-cc}
CFLAGS="-std=gnu99 -Wall -Wextra -Werror -g -O1"

$CC $CFLAGS -I"$inc" -I"$here" -o "$out/bad_input" "$here/bad_input.c" "$here/sspi_cases.c" \
    "$here/gss_cases.c" "$lib" -ldl || { echo "FAIL: bad_input does not compile"; exit 1; }
$CC $CFLAGS -DBAD_INPUT_DL -I"$inc" -I"$here" -o "$out/bad_input_dl" "$here/bad_input.c" \
    "$here/gss_cases.c" -ldl || { echo "FAIL: bad_input_dl does not compile"; exit 1; }

# A quiet, self-contained environment for both libraries: one NTLM user
# (also the login name, for default credentials), no
# Kerberos configuration, credential cache or keytab.
printf 'BADINPUT:alice:Passw0rd!\n' > "$out/ntlm_users"
printf '[libdefaults]\n' > "$out/krb5.conf"
printf 'gssntlmssp_v1 1.3.6.1.4.1.311.2.2.10 %s\n' "$ntlmssp" > "$out/gss_mech"
export USER=alice LOGNAME=alice NTLM_USER_FILE=$out/ntlm_users KRB5_CONFIG=$out/krb5.conf
export KRB5CCNAME=FILE:$out/no-such-ccache KRB5_KTNAME=FILE:$out/no-such.keytab
export KRB5_CLIENT_KTNAME=FILE:$out/no-such-client.keytab GSS_MECH_CONFIG=$out/gss_mech
unset SSPI_SHIM_GSS_DEFAULT_MECH KRB5_TRACE
export LD_LIBRARY_PATH="$lib_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

case "${1:-}" in
    --print)
        [ "${2:-}" = --mit ] && exec "$out/bad_input_dl" --print --mit --lib "$mit" "$table"
        exec "$out/bad_input" --print "$table" ;;
    --skeleton)
        exec "$out/bad_input" --skeleton "$table" ;;
esac

failed=""
exported=$(nm -D --defined-only "$lib" | awk '$2 == "T" {sub(/@.*/, "", $3); print $3}' | sort -u)
covered=$("$out/bad_input" --list-functions "$table" | sort -u)
missing=$(comm -23 <(echo "$exported") <(echo "$covered"))
stale=$(comm -13 <(echo "$exported") <(echo "$covered"))
[ -z "$missing" ] || { echo "not ok - exported functions without rows in table.tsv:" $missing; failed="$failed coverage"; }
[ -z "$stale" ] || { echo "not ok - table.tsv rows for functions we do not export:" $stale; failed="$failed coverage"; }
echo "# $(echo "$exported" | wc -l) exported functions, $(echo "$covered" | wc -l) in table.tsv," \
     "$(grep -cv '^#\|^$' "$table") rows"

echo "# --- ours (linked)"
"$out/bad_input" "$table" || failed="$failed ours"
echo "# --- ours (dlopen, GSS rows)"
"$out/bad_input_dl" --lib "$lib" "$table" || failed="$failed ours-dlopen"
if [ -f "$mit" ] && [ -f "$ntlmssp" ]; then
    echo "# --- MIT $mit with gss-ntlmssp (rows marked check)"
    "$out/bad_input_dl" --mit --lib "$mit" "$table" || failed="$failed mit"
else
    echo "# MIT's library or gss-ntlmssp missing: the MIT comparison did not run"
fi

if [ -n "$failed" ]; then
    echo "FAIL:$failed"
    exit 1
fi
echo "PASS: bad input"

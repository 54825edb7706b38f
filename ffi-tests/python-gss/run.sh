#!/bin/bash
# NTLM through the gss_* face from Python ctypes alone (python/sspi_shim_gss.py):
# handshake, wrap/unwrap, MIC, display_status texts, bad handles. No
# external peer: never skips.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=${SSPI_SHIM_ROOT:-$(cd "$here/../.." && pwd)}
py=${SSPI_SHIM_PYTHON:-python3}
[ -x "$py" ] || py=python3
: "${SSPI_SHIM_LIB:?SSPI_SHIM_LIB must name the built libsspi.so.1}"
[ -f "$SSPI_SHIM_LIB" ] || { echo "FAIL: $SSPI_SHIM_LIB does not exist"; exit 1; }
out=${SSPI_SHIM_BUILD:-$root/build}/python-gss
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'EXAMPLE:alice:S3cret-p@ss\n' > "$tmp/users"
export NTLM_USER_FILE="$tmp/users" TEST_USER='EXAMPLE\alice' TEST_PASSWORD='S3cret-p@ss'
export SSPI_SHIM_LIB
export PYTHONPATH="$root/python:$here:$root/ffi-tests/lib${PYTHONPATH:+:$PYTHONPATH}"
"$py" -m pyrunner test_gss 2>&1 | tee "$out/test.log"

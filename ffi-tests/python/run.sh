#!/bin/bash
# sspi-shim through Python ctypes alone (python/sspi_shim.py). No external peer: never skips.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=${SSPI_SHIM_ROOT:-$(cd "$here/../.." && pwd)}
py=${SSPI_SHIM_PYTHON:-python3}
: "${SSPI_SHIM_LIB:?SSPI_SHIM_LIB must name the built libsspi.so.1}"
[ -f "$SSPI_SHIM_LIB" ] || { echo "FAIL: $SSPI_SHIM_LIB does not exist"; exit 1; }
out=${SSPI_SHIM_BUILD:-$root/build}/python
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# One database for the acceptor and for default (no auth data) initiator credentials.
export USER=${USER:-$(id -un)}
printf 'EXAMPLE:alice:S3cret-p@ss\nLOCALDOM:%s:default-Pa55\n' "$USER" > "$tmp/users"
export NTLM_USER_FILE="$tmp/users" TEST_DOMAIN=EXAMPLE TEST_USER=alice TEST_PASSWORD='S3cret-p@ss' DEFAULT_DOMAIN=LOCALDOM
export SSPI_SHIM_LIB
export PYTHONPATH="$root/python:$here:$root/ffi-tests/lib${PYTHONPATH:+:$PYTHONPATH}"
"$py" -m pyrunner test_sspi 2>&1 | tee "$out/test.log"

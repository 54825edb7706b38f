#!/bin/bash
# Interop: sspi-shim's NTLM (ctypes, python/sspi_shim.py) <-> pyspnego's pure-Python NTLM.
# Skips (77) only if pyspnego itself is not installed; a missing library is a failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=${SSPI_SHIM_ROOT:-$(cd "$here/../.." && pwd)}
py=${SSPI_SHIM_PYTHON:-python3}
: "${SSPI_SHIM_LIB:?SSPI_SHIM_LIB must name the built libsspi.so.1}"
[ -f "$SSPI_SHIM_LIB" ] || { echo "FAIL: $SSPI_SHIM_LIB does not exist"; exit 1; }
if ! "$py" -c 'import spnego' 2>/dev/null; then
    echo "SKIP: pyspnego is not installed for $py (pip install -r scripts/python-requirements.txt)"
    exit 77
fi
out=${SSPI_SHIM_BUILD:-$root/build}/pyspnego
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'EXAMPLE:alice:S3cret-p@ss\n' > "$tmp/users"
export NTLM_USER_FILE="$tmp/users" TEST_DOMAIN=EXAMPLE TEST_USER=alice TEST_PASSWORD='S3cret-p@ss'
export SSPI_SHIM_LIB
export PYTHONPATH="$root/python:$here:$root/ffi-tests/lib${PYTHONPATH:+:$PYTHONPATH}"
"$py" -m pyrunner test_pyspnego_interop 2>&1 | tee "$out/test.log"

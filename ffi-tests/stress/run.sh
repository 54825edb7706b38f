#!/bin/bash
# Stress (stress.c): 8 SSPI + 8 gss NTLM workers against 8 attackers passing
# bad handles and descriptors, then 64 threads on one credential pair.
# STRESS_SECONDS (default 3) lengthens the main phase for offline runs.
# No external peer is needed, so this suite never skips.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=${SSPI_SHIM_ROOT:-$(cd "$here/../.." && pwd)}
lib=${SSPI_SHIM_LIB:?SSPI_SHIM_LIB must name the built libsspi.so.1}
inc=${SSPI_SHIM_INCLUDE:-$root/include}
out=${SSPI_SHIM_BUILD:-$root/build}/stress
mkdir -p "$out/tmp"
export TMPDIR="$out/tmp"
${CC:-cc} -std=gnu99 -Wall -Wextra -Werror -g -O1 -pthread -I"$inc" -I"$here/../c" \
    -o "$out/stress" "$here/stress.c" "$lib" -Wl,-rpath,"$(dirname "$lib")"
exec "$out/stress"

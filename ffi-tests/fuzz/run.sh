#!/usr/bin/env bash
# Every fuzz target (fuzz/) for a short bounded time: 10 s each, two at a
# time, from the committed seed corpora, with AddressSanitizer and debug
# assertions. Longer runs: `make fuzz` (FUZZ_SECONDS, default 60).
set -eu
root=${SSPI_SHIM_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rc=0
FUZZ_SECONDS=${FUZZ_SECONDS:-10} FUZZ_WORK=$work "$root/fuzz/run.sh" || rc=$?
[ $rc -eq 0 ] && echo "fuzz: ok"
exit $rc

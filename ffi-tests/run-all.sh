#!/usr/bin/env bash
# Runs every ffi-tests/*/run.sh (sorted) against build/lib/libsspi.so.1.
# A suite passes with exit 0, is skipped with exit 77 (after "SKIP: reason"),
# and fails otherwise or after SSPI_SHIM_SUITE_TIMEOUT seconds (default 600).
# The last line is "N passed, N failed" (", N skipped" when any were).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)

export SSPI_SHIM_ROOT=$root
export SSPI_SHIM_BUILD=$root/build
export SSPI_SHIM_LIB_DIR=$root/build/lib
export SSPI_SHIM_LIB=$root/build/lib/libsspi.so.1
export SSPI_SHIM_INCLUDE=$root/include
export SSPI_SHIM_PYTHON=$root/build/venv/bin/python
limit=${SSPI_SHIM_SUITE_TIMEOUT:-600}

[ -e "$SSPI_SHIM_LIB" ] || { echo "run-all: $SSPI_SHIM_LIB missing (run make build)" >&2; exit 2; }

passed=0 failed=0 skipped=0 failures=
for script in "$root"/ffi-tests/*/run.sh; do
  [ -e "$script" ] || continue
  suite=$(basename "$(dirname "$script")")
  echo "== $suite: running"
  start=$(date +%s)
  rc=0
  (cd "$(dirname "$script")" && timeout -k 10 "$limit" bash "$script" </dev/null) || rc=$?
  secs=$(( $(date +%s) - start ))
  case $rc in
    0)   passed=$((passed + 1));   echo "== $suite: PASS (${secs}s)" ;;
    77)  skipped=$((skipped + 1)); echo "== $suite: SKIP (${secs}s)" ;;
    124) failed=$((failed + 1));   failures="$failures $suite"
         echo "== $suite: FAIL (${secs}s, timed out after ${limit}s)" ;;
    *)   failed=$((failed + 1));   failures="$failures $suite"
         echo "== $suite: FAIL (${secs}s, exit $rc)" ;;
  esac
done

[ -z "$failures" ] || echo "failed suites:$failures"
summary="$passed passed, $failed failed"
[ "$skipped" -eq 0 ] || summary="$summary, $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# Builds the fuzz targets and runs each for FUZZ_SECONDS (default 60).
#   fuzz/run.sh [TARGET...]        all targets when none is named
# FUZZ_SECONDS   seconds per target (make test's suite uses 10)
# FUZZ_RUNS      also stop a target after this many executions (the offline
#                campaign: FUZZ_SECONDS=1800 FUZZ_RUNS=10000000, whichever is first)
# FUZZ_JOBS      targets run at once (default: the number of CPUs, at most 2)
# FUZZ_WORK      where new corpus entries and crash artifacts go (default
#                build/fuzz-work); fuzz/corpus/<target> is read as seeds only,
#                merge new entries back by hand (see fuzz/README.md)
# Only stable Rust is needed: cargo-fuzz (scripts/deps.sh installs it) is run
# with RUSTC_BOOTSTRAP=1 so that -Zsanitizer=address is accepted; without the
# ASan runtime in the toolchain it falls back to no sanitizer (-s none).
# Exits 77 (skip) only when cargo-fuzz itself is missing, 1 on any crash.
set -eu
cd "$(dirname "$0")/.."
root=$PWD
secs=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
[ "$jobs" -le 2 ] || jobs=2
work=${FUZZ_WORK:-$root/build/fuzz-work}

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "SKIP: cargo-fuzz is not installed (scripts/deps.sh installs it)"
  exit 77
fi
export RUSTC_BOOTSTRAP=1
sysroot=$(rustc --print sysroot)
sanitizer=address
ls "$sysroot"/lib/rustlib/x86_64-unknown-linux-gnu/lib/librustc-*_rt.asan.a >/dev/null 2>&1 \
  || { sanitizer=none; echo "fuzz: no ASan runtime in $sysroot, running without a sanitizer"; }

targets=${*:-$(sed -n 's/^name = "\(.*\)"$/\1/p' fuzz/Cargo.toml | grep -v -e '^sspi-shim-fuzz$' -e '^fuzzkit$' -e '^seedgen$')}
start=$(date +%s)
(cd fuzz && cargo fuzz build -O -a -s "$sanitizer")
echo "fuzz: built in $(( $(date +%s) - start ))s (sanitizer: $sanitizer, debug assertions on)"
bin=$root/fuzz/target/x86_64-unknown-linux-gnu/release

run_one() {
  local t=$1 out=$work/corpus/$1 art=$work/artifacts/$1/
  mkdir -p "$out" "$art"
  ASAN_OPTIONS=detect_leaks=1:detect_odr_violation=0 "$bin/$t" "$out" "$root/fuzz/corpus/$t" \
    -max_total_time="$secs" ${FUZZ_RUNS:+-runs="$FUZZ_RUNS"} -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$art" \
    -print_final_stats=1 >"$work/$t.log" 2>&1
}

mkdir -p "$work"
failed=
set -- $targets
while [ $# -gt 0 ]; do
  pids=
  for _ in $(seq 1 "$jobs"); do
    [ $# -gt 0 ] || break
    run_one "$1" & pids="$pids $!:$1"
    shift
  done
  for p in $pids; do
    t=${p#*:}
    if wait "${p%%:*}"; then
      execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log")
      took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$work/$t.log")
      echo "fuzz: $t ok, ${execs:-?} executions in ${took:-$secs}s"
    else
      failed="$failed $t"
      echo "fuzz: $t FAILED: crash input in $work/artifacts/$t/, log $work/$t.log:"
      grep -E -m3 -A12 'panicked|ERROR: (AddressSanitizer|libFuzzer|LeakSanitizer)' "$work/$t.log" || tail -30 "$work/$t.log"
      for a in "$work/artifacts/$t/"*; do
        [ -f "$a" ] && { echo "fuzz: $(basename "$a") (first 512 bytes):"; head -c 512 "$a" | od -An -tx1; }
      done
    fi
  done
done
[ -z "$failed" ] || { echo "fuzz: failed:$failed"; exit 1; }
echo "fuzz: all targets ran without a crash (${secs}s${FUZZ_RUNS:+ or $FUZZ_RUNS executions} each)"

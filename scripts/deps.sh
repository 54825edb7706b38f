#!/usr/bin/env bash
# Installs what the build and the tests need on Debian 12 (as root).
# Single sources: scripts/debian-packages.txt and scripts/python-requirements.txt
# (one entry a line, '#' starts a comment). Fast and silent when all is present.
set -eu
cd "$(dirname "$0")/.."

list() { sed 's/#.*//' "$1" | tr -s ' \t' '\n\n' | grep -v '^$' || true; }

# Debian packages: ask dpkg, not a stamp, so a new machine is always checked.
missing=
for p in $(list scripts/debian-packages.txt); do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' \
    || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "deps: installing Debian packages:$missing"
  [ "$(id -u)" -eq 0 ] || { echo "deps: run as root to install them" >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  # shellcheck disable=SC2086
  apt-get install -y --no-install-recommends $missing </dev/null
fi

# Python venv for the ctypes tests and the benchmark driver.
venv=build/venv
if ! "$venv/bin/python" -c 'import sys' >/dev/null 2>&1; then
  echo "deps: creating $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
fi
stamp=$venv/.requirements
if ! cmp -s scripts/python-requirements.txt "$stamp"; then
  if [ -n "$(list scripts/python-requirements.txt)" ]; then
    echo "deps: pip install -r scripts/python-requirements.txt"
    "$venv/bin/python" -m pip install --disable-pip-version-check -q \
      -r scripts/python-requirements.txt </dev/null
  fi
  cp scripts/python-requirements.txt "$stamp"
fi

# Rust: cargo comes with the machine; clippy and rustfmt may need adding.
command -v cargo >/dev/null || { echo "deps: cargo not found (install Rust >= 1.80 with rustup)" >&2; exit 1; }
for c in clippy fmt; do
  if ! cargo "$c" --version >/dev/null 2>&1; then
    command -v rustup >/dev/null || { echo "deps: cargo $c missing and no rustup" >&2; exit 1; }
    rustup component add clippy rustfmt
    break
  fi
done

# cargo-fuzz for the fuzz targets (fuzz/, `make fuzz`, the ffi-tests fuzz
# suite): built from crates.io once (about a minute), then cached in ~/.cargo/bin.
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "deps: cargo install cargo-fuzz"
  cargo install --locked --version 0.13.2 cargo-fuzz </dev/null \
    || echo "deps: cargo-fuzz could not be installed: the fuzz suite will be skipped" >&2
fi

#!/bin/sh
# Links build/lib/libsspi.so.1.0.0 from the Rust staticlib with our own
# version script (src/abi/exports.map).
#
# Why not let rustc link the cdylib: rustc hands GNU ld an anonymous
# version script of its own, and ld refuses to combine it with a named one
# ("anonymous version tag cannot be combined with other version tags"), so
# the gssapi_krb5_2_MIT node MIT-linked binaries need cannot be added
# there. Instead we link the staticlib (which holds our code, std and
# compiler_builtins) ourselves. Only the symbols we export are pulled in
# (`-u` for each, taken from the archive by the map's patterns) and
# --gc-sections drops the rest; no --whole-archive, so no duplicate
# definitions between Rust's compiler_builtins and libgcc.
#
# The archive is built with `cargo rustc --lib --crate-type staticlib`:
# with the crate's three crate types and `lto` in the release profile,
# rustc leaves only LLVM bitcode (no symbols) in target/*/libsspi.a, so a
# plain `cargo build` archive cannot be linked by cc. Asking for the
# staticlib alone gives real objects. Set NO_CARGO=1 to skip that step.
#
# Usage: scripts/link-lib.sh [PROFILE]   (PROFILE: release (default) or debug)
# Env:   CARGO_TARGET_DIR (default target), OUT (default build/lib), CC.
set -eu
cd "$(dirname "$0")/.."
profile=${1:-release}
target_dir=${CARGO_TARGET_DIR:-target}
out=${OUT:-build/lib}
cc=${CC:-cc}
archive="$target_dir/$profile/libsspi.a"
map=src/abi/exports.map
if [ "${NO_CARGO:-0}" != 1 ]; then
    if [ "$profile" = release ]; then
        cargo rustc --release --lib --crate-type staticlib
    else
        cargo rustc --lib --crate-type staticlib
    fi
fi
[ -f "$archive" ] || { echo "link-lib.sh: $archive missing (cargo rustc --lib --crate-type staticlib)" >&2; exit 1; }
mkdir -p "$out"
# Copy at once: any later plain `cargo build` rewrites $archive with the
# bitcode-only kind. The copy, build/lib/libsspi.a, is also the static
# library to install (real objects, unlike target/release/libsspi.a).
cp "$archive" "$out/libsspi.a.tmp"
mv -f "$out/libsspi.a.tmp" "$out/libsspi.a"
archive="$out/libsspi.a"
if ! nm -g --defined-only "$archive" 2>/dev/null | grep -q ' T gss_init_sec_context$'; then
    echo "link-lib.sh: $archive holds no gss_init_sec_context: it is the bitcode-only" \
         "archive of a plain cargo build; rerun without NO_CARGO=1" >&2
    rm -f "$archive"
    exit 1
fi
# Exported names: defined global symbols of the archive that the map's
# global patterns match (no rust mangled names).
undef=$(nm -g --defined-only "$archive" 2>/dev/null \
    | awk '$2 ~ /^[TDRB]$/ {print $3}' \
    | grep -E '^(gss_|GSS_C_|GSS_KRB5_|gssspi_|gsskrb5_|gssint_g_seqstate_init$|krb5_gss_|Sspi|[A-Z][A-Za-z]+(A|W)?$)' \
    | grep -v '^_' | sort -u | sed 's/^/-Wl,--undefined=/')
# shellcheck disable=SC2086
"$cc" -shared -o "$out/libsspi.so.1.0.0" \
    -Wl,-soname,libsspi.so.1 \
    -Wl,--version-script="$map" \
    -Wl,--gc-sections -Wl,--strip-debug -Wl,-O1 -Wl,-z,relro -Wl,-z,now -Wl,-z,noexecstack \
    $undef \
    "$archive" \
    -lpthread -ldl -lm -lgcc_s -lc
ln -sf libsspi.so.1.0.0 "$out/libsspi.so.1"
ln -sf libsspi.so.1 "$out/libsspi.so"
echo "link-lib.sh: $out/libsspi.so.1.0.0"

#!/usr/bin/env bash
# `make install` into a temporary prefix, then build and run a program
# against it with pkg-config alone, and check the SONAME and symlinks.
set -eu
tmp=$SSPI_SHIM_BUILD/install
rm -rf "$tmp"
mkdir -p "$tmp"

make -s -C "$SSPI_SHIM_ROOT" install PREFIX="$tmp/usr" DESTDIR=
lib=$tmp/usr/lib
for f in libsspi.so.1.0.0 libsspi.so.1 libsspi.so libsspi.a pkgconfig/sspi.pc; do
  [ -e "$lib/$f" ] || { echo "missing $lib/$f"; exit 1; }
done
[ -f "$tmp/usr/include/sspi.h" ] || { echo "missing include/sspi.h"; exit 1; }
[ "$(readlink "$lib/libsspi.so.1")" = libsspi.so.1.0.0 ] || { echo "bad symlink libsspi.so.1"; exit 1; }
[ "$(readlink "$lib/libsspi.so")" = libsspi.so.1 ] || { echo "bad symlink libsspi.so"; exit 1; }
readelf -d "$lib/libsspi.so.1.0.0" | grep -q 'SONAME.*\[libsspi\.so\.1\]' \
  || { echo "SONAME is not libsspi.so.1"; exit 1; }

export PKG_CONFIG_PATH=$lib/pkgconfig
# shellcheck disable=SC2046
cc $(pkg-config --cflags sspi) prog.c $(pkg-config --libs sspi) -Wall -Wextra -Werror -o "$tmp/prog"
readelf -d "$tmp/prog" | grep -q 'NEEDED.*\[libsspi\.so\.1\]' || { echo "prog does not need libsspi.so.1"; exit 1; }
LD_LIBRARY_PATH=$lib "$tmp/prog"
echo "install: ok"

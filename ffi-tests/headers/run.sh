#!/bin/sh
# Compiles include/sspi.h as C99 and C++11 (with and without UNICODE) with
# warnings as errors. Exits nonzero on the first failure.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
CC=${CC:-cc}
CXX=${CXX:-c++}
flags="-Wall -Wextra -Werror -pedantic -I$root/include"
for def in "" "-DUNICODE"; do
    $CC -std=c99 $flags $def -c "$here/use_sspi.c" -o "$tmp/c.o"
    echo "ok: C99 $def"
    $CXX -std=c++11 -x c++ $flags $def -c "$here/use_sspi.c" -o "$tmp/cxx.o"
    echo "ok: C++11 $def"
done

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

# ---- GSSAPI through the installed headers and pkg-config modules (not
# MIT's, which libkrb5-dev also installs as krb5-gssapi / mit-krb5-gssapi).
for f in include/gssapi.h include/gssapi/gssapi.h include/gssapi/gssapi_ext.h include/gssapi/gssapi_krb5.h \
         lib/sspi-shim/libgssapi_krb5.so.2 lib/sspi-shim/libgssapi_krb5.so; do
  [ -e "$tmp/usr/$f" ] || { echo "missing $tmp/usr/$f"; exit 1; }
done
for pc in gssapi krb5-gssapi mit-krb5-gssapi; do
  [ "$(pkg-config --variable=libdir $pc)" = "$lib" ] \
    || { echo "pkg-config $pc resolves to $(pkg-config --variable=libdir $pc), not ours"; exit 1; }
  [ "$(pkg-config --variable=vendor $pc)" = sspi-shim ] || { echo "pkg-config $pc is not sspi-shim's"; exit 1; }
done
# The NTLM program of ffi-tests/gss-ntlm (handshake, wrap/unwrap both
# ways, MIC, iov, session keys) built with nothing but pkg-config.
# shellcheck disable=SC2046
cc -std=c99 $(pkg-config --cflags gssapi) ../gss-ntlm/ntlm.c $(pkg-config --libs gssapi) \
  -Wall -Wextra -Werror -o "$tmp/gss_prog"
readelf -d "$tmp/gss_prog" | grep -q 'NEEDED.*\[libsspi\.so\.1\]' \
  || { echo "gss_prog does not need libsspi.so.1"; exit 1; }
printf 'TESTDOM:alice:Passw0rd!\n' > "$tmp/users"
export NTLM_USER_FILE=$tmp/users NTLM_TEST_USER='TESTDOM\alice' NTLM_TEST_PASSWORD='Passw0rd!'
LD_DEBUG=files "$tmp/gss_prog" 2> "$tmp/gss_prog.ld" \
  || { cat "$tmp/gss_prog.ld" | grep -v '^ *[0-9]*:' ; echo "gss_prog failed"; exit 1; }
grep -q "calling init: $lib/libsspi.so.1" "$tmp/gss_prog.ld" \
  || { echo "gss_prog did not load $lib/libsspi.so.1 (through its rpath)"; exit 1; }

# ---- A program built against MIT (its headers, -lgssapi_krb5) binds to
# ours with LD_LIBRARY_PATH=$prefix/lib/sspi-shim, symbol versions and all.
if [ -e /usr/include/gssapi/gssapi.h ] && [ -e /usr/lib/x86_64-linux-gnu/libgssapi_krb5.so ]; then
  cc -std=c99 -I/usr/include ../gss-ntlm/ntlm.c -o "$tmp/mit_prog" -lgssapi_krb5 -Wall -Wextra -Werror
  LD_DEBUG=bindings LD_LIBRARY_PATH=$lib/sspi-shim "$tmp/mit_prog" 2> "$tmp/mit_prog.ld" \
    || { echo "MIT-built program failed on our library"; exit 1; }
  grep -q "to $lib/sspi-shim/libgssapi_krb5.so.2 \[0\]: normal symbol \`gss_init_sec_context' \[gssapi_krb5_2_MIT\]" \
    "$tmp/mit_prog.ld" || { echo "MIT-built program did not bind gss_init_sec_context to ours"; exit 1; }
  echo "install: MIT-built program ran NTLM on $lib/sspi-shim/libgssapi_krb5.so.2"
else
  echo "NOTE libkrb5-dev missing: MIT-built program not checked"
fi
if command -v curl >/dev/null; then
  LD_DEBUG=bindings LD_LIBRARY_PATH=$lib/sspi-shim curl --version > /dev/null 2> "$tmp/curl.ld"
  grep -q "to $lib/sspi-shim/libgssapi_krb5.so.2 \[0\]: normal symbol \`gss_[a-z_]*' \[gssapi_krb5_2_MIT\]" "$tmp/curl.ld" \
    || { echo "curl did not bind to our libgssapi_krb5.so.2"; exit 1; }
  echo "install: curl --version binds $(grep -c "to $lib/sspi-shim/libgssapi_krb5.so.2" "$tmp/curl.ld") symbols to ours"
fi
echo "install: ok"

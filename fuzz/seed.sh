#!/usr/bin/env bash
# Regenerates fuzz/fixtures and the seed corpora fuzz/corpus/<target>/ from
# real traffic: a throw-away MIT KDC (ffi-tests/lib/krb5-realm.sh) for the
# Kerberos replies, keytabs, caches and tokens; MIT's libgssapi_krb5 with
# gss-ntlmssp; pyspnego (build/venv); and this library's own initiators and
# acceptors (fuzz/seedgen). Run from anywhere; needs what `make deps`
# installs plus cargo-fuzz. Seeds found by fuzzing stay: only the files
# this script names are rewritten.
set -eu
cd "$(dirname "$0")/.."
root=$PWD
fz=$root/fuzz
export RUSTC_BOOTSTRAP=1

. ffi-tests/lib/krb5-realm.sh
krb5_realm_start TEST.SSPI
pw=$(head -c 18 /dev/urandom | base64)
krb5_addprinc_opts "+requires_preauth" alice "$pw"
krb5_addprinc host/localhost
mkdir -p "$fz/fixtures" "$fz/corpus"
rm -f "$fz/fixtures/client.keytab" "$fz/fixtures/service.keytab"
krb5_ktadd "$fz/fixtures/client.keytab" alice
krb5_ktadd "$fz/fixtures/service.keytab" host/localhost

# The fuzz targets' krb5.conf: the realm of the fixtures, no reachable KDC
# (the targets replay recorded replies instead).
cat > "$fz/fixtures/krb5.conf" <<CONF
[libdefaults]
    default_realm = TEST.SSPI
    dns_lookup_kdc = false
    dns_lookup_realm = false
    rdns = false
    allow_weak_crypto = true
    allow_rc4 = true
    permitted_enctypes = aes256-cts-hmac-sha1-96 aes128-cts-hmac-sha1-96 aes256-cts-hmac-sha384-192 aes128-cts-hmac-sha256-128 arcfour-hmac

[realms]
    TEST.SSPI = {
        kdc = 127.0.0.1:9
    }

[domain_realm]
    localhost = TEST.SSPI
CONF

(cd "$fz" && cargo fuzz build -O -a >/dev/null)
seedgen=$fz/target/x86_64-unknown-linux-gnu/release/seedgen
export ASAN_OPTIONS=detect_leaks=0
"$seedgen" kdc "$fz/fixtures/client.keytab"

# MIT's own ccache, keytab-based AP-REQ / AP-REP and SPNEGO tokens.
krb5_kinit alice "$pw" "FILE:$KRB5_REALM_DIR/mit.ccache"
cp "$KRB5_REALM_DIR/mit.ccache" "$fz/corpus/krb5_ccache/mit_kinit"
KRB5CCNAME="FILE:$KRB5_REALM_DIR/mit.ccache" KRB5_KTNAME="$fz/fixtures/service.keytab" \
  python3 "$fz/scripts/capture_mit.py" krb5 "$fz/corpus"
mkdir -p "$fz/corpus/krb5_config"
cp "$KRB5_CONFIG" "$fz/corpus/krb5_config/mit_realm_krb5.conf"
cp "$KRB5_KDC_PROFILE" "$fz/corpus/krb5_config/mit_realm_kdc.conf"

# gss-ntlmssp through MIT's mechglue, and pyspnego.
users=$KRB5_REALM_DIR/ntlm.users
printf 'TEST:alice:s3cret-Pw\n' > "$users"
ntlmssp=/usr/lib/x86_64-linux-gnu/gssntlmssp/gssntlmssp.so
if [ -e "$ntlmssp" ]; then
  printf 'gssntlmssp_v1 1.3.6.1.4.1.311.2.2.10 %s\n' "$ntlmssp" > "$KRB5_REALM_DIR/mech"
  NTLM_USER_FILE=$users GSS_MECH_CONFIG=$KRB5_REALM_DIR/mech USER=alice NTLMUSER='TEST\alice' \
    python3 "$fz/scripts/capture_mit.py" ntlm "$fz/corpus" || echo "seed.sh: gss-ntlmssp capture failed" >&2
fi
NTLM_USER_FILE=$users "$root/build/venv/bin/python" "$fz/scripts/capture_pyspnego.py" "$fz/corpus"

"$seedgen" corpus
du -sh "$fz/corpus" "$fz/fixtures"

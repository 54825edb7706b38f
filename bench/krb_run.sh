#!/usr/bin/env bash
# Kerberos and SPNEGO half of `make bench` (called by bench/run.sh): a
# throw-away MIT realm on loopback (ffi-tests/lib/krb5-realm.sh), then
# bench/gss_bench.c against our library and MIT's libgssapi_krb5.so.2 in
# the same run, with the same realm, credentials and replay cache type:
#   krb5 establishment (cached service ticket, acceptor from a keytab,
#   mutual) and gss_wrap+gss_unwrap with aes256-cts-hmac-sha1-96 and
#   aes256-cts-hmac-sha384-192 session keys;
#   SPNEGO over krb5, and SPNEGO over NTLM (MIT with gss-ntlmssp).
# Numbers only: nothing here asserts timing.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/build/bench
secs=${SSPI_BENCH_SECONDS:-2}
ours=$root/build/lib/libsspi.so.1
mit=libgssapi_krb5.so.2
bench=$out/gss_bench
[ -x "$bench" ] || cc -O2 -Wall -Wextra -Werror -std=gnu11 -I"$root/include" -o "$bench" "$root/bench/gss_bench.c" -ldl

. "$root/ffi-tests/lib/krb5-realm.sh"
krb5_realm_start BENCH.SSPI >/dev/null || { echo "NOTE cannot start an MIT KDC: no Kerberos numbers"; exit 0; }
w=$KRB5_REALM_DIR
krb5_addprinc alice 'Al1ce-pw' >/dev/null || exit 1
krb5_addprinc_opts "-e aes256-cts-hmac-sha1-96:normal" host/localhost >/dev/null || exit 1
krb5_addprinc_opts "-e aes256-cts-hmac-sha384-192:normal" host/sha384.localhost >/dev/null || exit 1
# The KDC picks session keys from what the client asks first unless the
# service says which it takes.
krb5_kadmin "setstr host/sha384.localhost session_enctypes aes256-cts-hmac-sha384-192" >/dev/null || exit 1
krb5_ktadd "$w/bench.keytab" host/localhost host/sha384.localhost >/dev/null || exit 1
krb5_kinit alice 'Al1ce-pw' "$KRB5CCNAME" >/dev/null || exit 1
kvno host/localhost host/sha384.localhost >/dev/null || { echo "NOTE kvno failed"; exit 0; }
export KRB5_KTNAME=FILE:$w/bench.keytab
sed 's/^\( *permitted_enctypes *=\).*/\1 aes256-cts-hmac-sha384-192 aes256-cts-hmac-sha1-96/' "$KRB5_CONFIG" >"$w/krb5-sha384.conf"
grep -q 'permitted_enctypes = aes256-cts-hmac-sha384-192' "$w/krb5-sha384.conf" || echo "NOTE could not put aes256-sha384 first"
# Each side's replay cache in its own file of the same (MIT file2) type.
unset KRB5RCACHETYPE KRB5RCACHEDIR

run() { # run SIDE TAG env...
  local side=$1 tag=$2; shift 2
  local lib=${!side}
  env KRB5RCACHENAME="file2:$w/$side-$tag.rcache2" "$@" "$bench" "$lib" "$secs" >"$out/k_${tag}_$side.txt" 2>&1
  grep '^NOTE' "$out/k_${tag}_$side.txt" | grep -v 'timing by\|mechanism' | sed "s/^/  [$side $tag] /"
}
printf 'gssntlmssp_v1 1.3.6.1.4.1.311.2.2.10 %s\n' /usr/lib/x86_64-linux-gnu/gssntlmssp/gssntlmssp.so > "$out/gss_mech"
printf 'BENCH:bench:Passw0rd!\n' > "$out/ntlm_users"
for side in ours mit; do
  run $side sha1 GSS_BENCH_MECH=krb5
  # Both initiators list aes256-sha384 first (RFC 4537), so MIT's acceptor
  # keeps it for its subkey rather than upgrading to aes256-sha1.
  run $side sha384 GSS_BENCH_MECH=krb5 GSS_BENCH_TARGET=host@sha384.localhost GSS_BENCH_ONLY=wrap \
      KRB5_CONFIG="$w/krb5-sha384.conf"
  run $side spnego GSS_BENCH_MECH=spnego GSS_BENCH_ONLY=handshakes
  run $side spntlm GSS_BENCH_MECH=spnego GSS_BENCH_SPNEGO_NTLM=1 GSS_BENCH_ONLY=handshakes \
      GSS_MECH_CONFIG="$out/gss_mech" NTLM_USER_FILE="$out/ntlm_users" KRB5CCNAME="FILE:$w/none"
done
# Both session key enctypes really were in use.
klist -e | grep -A1 'host/localhost@' | grep -q 'skey, tkt): aes256-cts-hmac-sha1-96' || echo "NOTE host/localhost session key is not aes256-sha1"
klist -e | grep -A1 'host/sha384.localhost@' | grep -q 'skey, tkt): aes256-cts-hmac-sha384-192' || echo "NOTE host/sha384.localhost session key is not aes256-sha384"
[ -n "${KRB_BENCH_KEEP:-}" ] && echo "NOTE realm kept in $w (KRB5_CONFIG=$KRB5_CONFIG KRB5CCNAME=$KRB5CCNAME)"
krb5_realm_stop

# The machine's limit for the ciphers and MACs (one core, 16 KiB blocks).
ossl() { openssl speed -seconds 1 -bytes 16384 "$@" 2>/dev/null | awk 'END { printf "%.1f", $2 / 1000 }'; }
aes=$(ossl -evp aes-256-cbc); aesd=$(ossl -decrypt -evp aes-256-cbc); sha1=$(ossl -evp sha1); sha384=$(ossl -evp sha384)

echo
echo "Kerberos and SPNEGO: ours vs MIT krb5 1.20 (with gss-ntlmssp for SPNEGO/NTLM), rates per CPU-second"
awk -v aes="$aes" -v aesd="$aesd" -v sha1="$sha1" -v sha384="$sha384" '
  FNR == 1 { split(FILENAME, p, "/"); f = p[length(p)]; sub(/^k_/, "", f); sub(/\.txt$/, "", f)
             n = split(f, q, "_"); side = q[n]; tag = q[1] }
  $1 == "RESULT" { v[side, tag "." $2] = $3 }
  function row(label, key,   a, b, r) {
    a = (("ours" SUBSEP key) in v) ? v["ours", key] : "-"; b = (("mit" SUBSEP key) in v) ? v["mit", key] : "-"
    r = (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b + 0 > 0) ? sprintf("%.2f", a / b) : "-"
    printf "%-52s %12s %12s %8s\n", label, a, b, r
  }
  END {
    printf "%-52s %12s %12s %8s\n", "measure", "ours", "MIT", "ratio"
    row("krb5 establishments/s (cached ticket, mutual)", "sha1.hs_1t")
    row("krb5 VmRSS growth per 1000 establishments, KiB", "sha1.rss_kib")
    split("64 1k 16k 1m", sz, " ")
    for (i = 1; i <= 4; i++) {
      row("aes256-sha1 wrap+unwrap " sz[i] ", round trips/s", "sha1.wrap_rt_" sz[i])
      row("aes256-sha1 wrap+unwrap " sz[i] ", MB/s", "sha1.wrap_mbs_" sz[i])
    }
    for (i = 1; i <= 4; i++) {
      row("aes256-sha384 wrap+unwrap " sz[i] ", round trips/s", "sha384.wrap_rt_" sz[i])
      row("aes256-sha384 wrap+unwrap " sz[i] ", MB/s", "sha384.wrap_mbs_" sz[i])
    }
    row("SPNEGO(krb5) establishments/s", "spnego.hs_1t")
    row("SPNEGO(krb5) VmRSS growth per 1000, KiB", "spnego.rss_kib")
    row("SPNEGO(NTLM) establishments/s", "spntlm.hs_1t")
    row("SPNEGO(NTLM) VmRSS growth per 1000, KiB", "spntlm.rss_kib")
    # A wrap+unwrap round trip encrypts and decrypts the message once and
    # MACs it twice: the limit is the harmonic sum of those four passes.
    lim1 = 1 / (1 / aes + 1 / aesd + 2 / sha1); lim3 = 1 / (1 / aes + 1 / aesd + 2 / sha384)
    printf "\nmachine limit (openssl speed -evp, 16 KiB, one core): AES-256-CBC encrypt %s MB/s, decrypt %s MB/s, SHA-1 %s MB/s, SHA-384 %s MB/s\n", aes, aesd, sha1, sha384
    printf "wrap+unwrap 1 MiB limit (encrypt+decrypt, MAC twice): aes256-sha1 %.0f MB/s, aes256-sha384 %.0f MB/s\n", lim1, lim3
    if (("ours" SUBSEP "sha1.wrap_mbs_1m") in v) printf "ours at 1 MiB: aes256-sha1 %.0f%% of that limit, ", 100 * v["ours", "sha1.wrap_mbs_1m"] / lim1
    if (("ours" SUBSEP "sha384.wrap_mbs_1m") in v) printf "aes256-sha384 %.0f%%", 100 * v["ours", "sha384.wrap_mbs_1m"] / lim3
    printf "\n"
  }' "$out"/k_*_ours.txt "$out"/k_*_mit.txt

#!/usr/bin/env bash
# `make bench`: runs bench/sspi_bench.c against our build/lib/libsspi.so.1 and
# against sspi-rs's libsspi from the sspilib wheel, in one run, and prints a
# table with the ratio ours/theirs. Numbers only: nothing here asserts timing.
# Then bench/gss_bench.c over gss_* for our library and MIT's
# libgssapi_krb5.so.2 with gss-ntlmssp, and a second table with ratios;
# then bench/krb_run.sh: Kerberos and SPNEGO against MIT in a throw-away realm.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/build/bench
mkdir -p "$out"
py=$root/build/venv/bin/python
[ -x "$py" ] || py=python3
secs=${SSPI_BENCH_SECONDS:-2}

cc -O2 -Wall -Wextra -Werror -pthread -o "$out/sspi_bench" "$root/bench/sspi_bench.c" -ldl

# sspi-rs, as shipped in the sspilib wheel (0.6.0, or the latest if it is gone).
theirs=$(ls "$out"/wheel/sspilib.libs/libsspi-*.so 2>/dev/null | head -n1 || true)
fetch() {
  "$py" -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: \
    "$1" -d "$out" </dev/null
}
if [ -z "$theirs" ]; then
  rm -rf "$out/wheel" "$out"/sspilib-*.whl
  if fetch sspilib==0.6.0 || fetch sspilib; then
    "$py" -m zipfile -e "$(ls "$out"/sspilib-*.whl | head -n1)" "$out/wheel"
    theirs=$(ls "$out"/wheel/sspilib.libs/libsspi-*.so 2>/dev/null | head -n1 || true)
  fi
  [ -n "$theirs" ] || { echo "NOTE could not get sspi-rs's libsspi from the sspilib wheel"; theirs=/nonexistent; }
fi
ours=$root/build/lib/libsspi.so.1

# Our NTLM acceptor may read its users from NTLM_USER_FILE (the harness's identity).
printf 'BENCH:bench:Passw0rd!\n' > "$out/ntlm_users"
export NTLM_USER_FILE=$out/ntlm_users

for side in ours theirs; do
  lib=${!side}
  echo "== $side: $lib"
  "$out/sspi_bench" "$lib" "$secs" | tee "$out/$side.txt" | grep -v '^RESULT' || true
  strip -o "$out/$side.stripped.so" "$lib" \
    && echo "RESULT size_kib $(( $(stat -c %s "$out/$side.stripped.so") / 1024 ))" >> "$out/$side.txt"
done

echo
awk '
  FNR == 1 { side++ }
  $1 == "RESULT" { v[side, $2] = $3 }
  END {
    n = split("hs_1t hs_2t seal_rt_64 seal_mbs_64 seal_rt_1k seal_mbs_1k seal_rt_16k seal_mbs_16k " \
              "seal_rt_1m seal_mbs_1m sign_1k rss_kib hwm_kib overrun size_kib", keys, " ")
    label["hs_1t"] = "NTLM handshakes/s, 1 thread"
    label["hs_2t"] = "NTLM handshakes/s, 2 threads"
    label["seal_rt_64"] = "Encrypt+Decrypt 64 B, round trips/s";   label["seal_mbs_64"] = "Encrypt+Decrypt 64 B, MB/s"
    label["seal_rt_1k"] = "Encrypt+Decrypt 1 KiB, round trips/s";  label["seal_mbs_1k"] = "Encrypt+Decrypt 1 KiB, MB/s"
    label["seal_rt_16k"] = "Encrypt+Decrypt 16 KiB, round trips/s"; label["seal_mbs_16k"] = "Encrypt+Decrypt 16 KiB, MB/s"
    label["seal_rt_1m"] = "Encrypt+Decrypt 1 MiB, round trips/s";  label["seal_mbs_1m"] = "Encrypt+Decrypt 1 MiB, MB/s"
    label["sign_1k"] = "MakeSignature+VerifySignature 1 KiB, pairs/s"
    label["rss_kib"] = "VmRSS growth per 1000 handshakes, KiB"
    label["hwm_kib"] = "VmHWM growth per 1000 handshakes, KiB"
    label["overrun"] = "ISC writes past an 8-byte token buffer"
    label["size_kib"] = "stripped library size, KiB"
    fmt = "%-46s %16s %16s %8s\n"
    print "Rates are the best of 8 short slices per measure, for both libraries alike"
    print "(the slice least disturbed by other load on a shared machine)."
    printf fmt, "measure", "ours", "sspi-rs", "ratio"
    for (i = 1; i <= n; i++) {
      k = keys[i]; a = ((1, k) in v) ? v[1, k] : "-"; b = ((2, k) in v) ? v[2, k] : "-"
      r = (a ~ /^-?[0-9.]+$/ && b ~ /^[0-9.]+$/ && b + 0 > 0) ? sprintf("%.2f", a / b) : "-"
      printf fmt, label[k], a, b, r
    }
  }' "$out/ours.txt" "$out/theirs.txt"

# The machine's own limit for NTLM sealing (RC4 + MD5), single core, 16 KiB blocks.
echo
echo "openssl speed (16 KiB blocks, 1 s, one core), for the machine's RC4+MD5 limit:"
speed() { openssl speed -seconds 1 -bytes 16384 "$@" 2>/dev/null | awk 'END { printf "  %-6s %8.1f MB/s\n", $1, $2 / 1000 }'; }
speed -evp md5 || echo "  md5: openssl speed failed"
speed -provider legacy -provider default -evp rc4 || echo "  rc4: openssl speed failed"

# ---- GSSAPI (NTLM): bench/gss_bench.c over gss_* for our library and for
# MIT's libgssapi_krb5.so.2 with gss-ntlmssp, which MIT's mechglue loads
# from our own mech file (GSS_MECH_CONFIG), not /etc/gss/mech.d.
echo
cc -O2 -Wall -Wextra -Werror -std=gnu11 -I"$root/include" -o "$out/gss_bench" "$root/bench/gss_bench.c" -ldl
ntlmssp=/usr/lib/x86_64-linux-gnu/gssntlmssp/gssntlmssp.so
[ -e "$ntlmssp" ] || echo "NOTE $ntlmssp missing (apt-get install gss-ntlmssp): MIT's column will fail"
printf 'gssntlmssp_v1 1.3.6.1.4.1.311.2.2.10 %s\n' "$ntlmssp" > "$out/gss_mech"
mit=libgssapi_krb5.so.2
for side in ours mit; do
  lib=${!side}
  echo "== gss $side: $lib"
  GSS_MECH_CONFIG=$out/gss_mech "$out/gss_bench" "$lib" "$secs" | tee "$out/gss_$side.txt" | grep -v '^RESULT' || true
done
echo
echo "GSSAPI (NTLM): ours vs MIT+gss-ntlmssp (rates per CPU-second of the benchmark process)"
awk '
  FNR == 1 { side++ }
  $1 == "RESULT" { v[side, $2] = $3 }
  END {
    n = split("hs_1t hs_us rss_kib wrap_rt_64 wrap_mbs_64 wrap_rt_1k wrap_mbs_1k wrap_rt_16k wrap_mbs_16k " \
              "wrap_rt_1m wrap_mbs_1m mic_1k", keys, " ")
    label["hs_1t"] = "NTLM context establishments/s, 1 thread"
    label["hs_us"] = "microseconds per establishment"
    label["rss_kib"] = "VmRSS growth per 1000 establishments, KiB"
    label["wrap_rt_64"] = "gss_wrap+gss_unwrap 64 B, round trips/s";   label["wrap_mbs_64"] = "gss_wrap+gss_unwrap 64 B, MB/s"
    label["wrap_rt_1k"] = "gss_wrap+gss_unwrap 1 KiB, round trips/s";  label["wrap_mbs_1k"] = "gss_wrap+gss_unwrap 1 KiB, MB/s"
    label["wrap_rt_16k"] = "gss_wrap+gss_unwrap 16 KiB, round trips/s"; label["wrap_mbs_16k"] = "gss_wrap+gss_unwrap 16 KiB, MB/s"
    label["wrap_rt_1m"] = "gss_wrap+gss_unwrap 1 MiB, round trips/s";  label["wrap_mbs_1m"] = "gss_wrap+gss_unwrap 1 MiB, MB/s"
    label["mic_1k"] = "gss_get_mic+gss_verify_mic 1 KiB, pairs/s"
    fmt = "%-46s %16s %16s %8s\n"
    printf fmt, "measure", "ours", "MIT+ntlmssp", "ratio"
    for (i = 1; i <= n; i++) {
      k = keys[i]; a = ((1, k) in v) ? v[1, k] : "-"; b = ((2, k) in v) ? v[2, k] : "-"
      r = (a ~ /^-?[0-9.]+$/ && b ~ /^[0-9.]+$/ && b + 0 > 0) ? sprintf("%.2f", a / b) : "-"
      printf fmt, label[k], a, b, r
    }
  }' "$out/gss_ours.txt" "$out/gss_mit.txt"
bash "$root/bench/krb_run.sh"

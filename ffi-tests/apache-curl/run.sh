#!/usr/bin/env bash
# Debian's curl (`curl --negotiate`, libcurl's SPNEGO) authenticates to
# Debian's Apache 2.4 with mod_auth_gssapi, Kerberos tickets from a
# throw-away MIT realm, everything on 127.0.0.1. A CGI script echoes
# REMOTE_USER, so the authenticated principal is what the server saw. Each
# mode puts our library in place of libgssapi_krb5.so.2 on one side (see
# ffi-tests/lib/apps.sh):
#   mit-mit      MIT on both sides: proves the harness itself
#   ours-client  curl on our library, Apache on MIT's
#   ours-server  Apache (mod_auth_gssapi) on our library, curl on MIT's
# Env: SSPI_SHIM_APACHE_MODES or SSPI_SHIM_APPS_MODES (default: default_modes below),
#      SSPI_SHIM_LIB, SSPI_SHIM_BUILD (logs are kept in $SSPI_SHIM_BUILD/apache-curl).
# Locations: /krb5/ (GssapiAllowedMech krb5), /any/ (no GssapiAllowedMech:
# every mechanism of the acceptor, the place for SPNEGO/NTLM later),
# /alice/ (krb5, Require user alice@REALM).
# In every mode: alice's ticket gives 200 with REMOTE_USER=alice@REALM on
# /krb5/ and /any/; bob's gives 200 bob@REALM on /krb5/ but 401 on
# /alice/; no ticket gives 401 with "WWW-Authenticate: Negotiate". The file
# each side bound gss_* to is checked (LD_DEBUG=bindings for curl,
# /proc/PID/maps for apache2). Before the modes, curl and apache2 (which
# dlopens mod_auth_gssapi) are loaded on our library with immediate binding.
# In every mode c-examples/sspi_http_client (SSPI, package Negotiate, on our
# library whatever the mode) also asks the same Apache: alice's ticket gives
# 200 as alice@REALM on /any/ and /krb5/ with Kerberos negotiated and the
# server's final token completing the context (mutual auth); bob is refused
# on /alice/ after authenticating; no ticket and no NTLM identity stops at
# AcquireCredentialsHandleW (SEC_E_NO_CREDENTIALS); no ticket with an NTLM
# identity negotiates NTLM, which /krb5/ refuses (401).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export SSPI_SHIM_LIB=${SSPI_SHIM_LIB:-$root/build/lib/libsspi.so.1}
logs=${SSPI_SHIM_BUILD:-$root/build}/apache-curl
apache=${APACHE_BIN:-/usr/sbin/apache2}
mods=${APACHE_MODULES:-/usr/lib/apache2/modules}

[ -x "$apache" ] || { echo "SKIP: $apache missing (apt-get install apache2)"; exit 77; }
for m in mod_mpm_prefork mod_authn_core mod_authz_core mod_authz_user mod_cgi mod_auth_gssapi; do
    [ -f "$mods/$m.so" ] || { echo "SKIP: $mods/$m.so missing (apache2, libapache2-mod-auth-gssapi)"; exit 77; }
done
for t in curl kdb5_util krb5kdc kadmin.local kinit; do
    command -v "$t" >/dev/null || [ -x "/usr/sbin/$t" ] \
        || { echo "SKIP: $t missing (curl krb5-kdc krb5-admin-server krb5-user)"; exit 77; }
done
id www-data >/dev/null 2>&1 || { echo "SKIP: no www-data user"; exit 77; }
[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root (apache2 binds, then runs as www-data)"; exit 77; }
curl --version | grep -qiE 'GSS-API|SPNEGO' || { echo "SKIP: curl built without GSS-API"; exit 77; }

# shellcheck source=../lib/krb5-realm.sh
. "$here/../lib/krb5-realm.sh"
# shellcheck source=../lib/apps.sh
. "$here/../lib/apps.sh"
exec 2>&1

work=$(mktemp -d "${TMPDIR:-/tmp}/apache-gss.XXXXXX")
srv=$work/apache
httpd_pid=

stop_apache() {
    if [ -n "$httpd_pid" ]; then
        kill "$httpd_pid" 2>/dev/null
        for _ in $(seq 1 50); do kill -0 "$httpd_pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$httpd_pid" 2>/dev/null
        wait "$httpd_pid" 2>/dev/null
        httpd_pid=
    fi
}
cleanup() {
    stop_apache
    rm -rf "$logs" && mkdir -p "$logs" && cp -f "$srv"/*.log "$work"/trace/*.trace "$logs"/ 2>/dev/null
    krb5_realm_stop
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export KRB5_REALM_NO_TRAP=1
APPS_LOAD_DIR=$work/load
# Widen to "mit-mit ours-client ours-server" when the library's Kerberos
# and SPNEGO mechanisms land (curl and mod_auth_gssapi speak SPNEGO).
default_modes="mit-mit ours-client ours-server"
apps_init SSPI_SHIM_APACHE_MODES "$work" "$default_modes" || exit 1
echo "apache-curl: modes: $APPS_MODES"

krb5_realm_start TEST.SSPI || exit 1
realm=$KRB5_REALM
krb5_addprinc alice alice-pw && krb5_addprinc bob bob-pw && krb5_addprinc HTTP/localhost \
    && krb5_ktadd "$work/http.keytab" HTTP/localhost || exit 1
alice_cc=FILE:$work/alice.cc
bob_cc=FILE:$work/bob.cc
krb5_kinit alice alice-pw "$alice_cc" && krb5_kinit bob bob-pw "$bob_cc" || exit 1
printf 'TEST:alice:alice-pw\n' >"$work/ntlm-users"

# The SSPI HTTP client from c-examples, built here against the library.
http_client=$work/sspi_http_client
${CC:-cc} -std=c99 -Wall -Wextra -Werror -O1 -g -I"${SSPI_SHIM_INCLUDE:-$root/include}" \
    -o "$http_client" "$root/c-examples/sspi_http_client.c" "$SSPI_SHIM_LIB" \
    -Wl,-rpath,"$(dirname "$SSPI_SHIM_LIB")" || { echo "apache-curl: sspi_http_client does not compile"; exit 1; }

# Apache's tree: everything the www-data children read is readable by them.
mkdir -p "$srv/run" "$srv/cgi/krb5" "$srv/cgi/any" "$srv/cgi/alice" "$work/trace" "$work/rcache"
cp "$KRB5_CONFIG" "$srv/krb5.conf"
mv "$work/http.keytab" "$srv/http.keytab"
chown www-data:www-data "$srv/http.keytab" "$work/rcache" "$work/trace"
chmod 600 "$srv/http.keytab"
chmod 755 "$srv" "$srv/run" "$srv/cgi" "$srv/cgi"/*
chmod 644 "$srv/krb5.conf"
for d in krb5 any alice; do
    cat >"$srv/cgi/$d/whoami" <<'CGI'
#!/bin/sh
printf 'Content-Type: text/plain\r\n\r\n'
printf 'REMOTE_USER=%s\nAUTH_TYPE=%s\n' "$REMOTE_USER" "$AUTH_TYPE"
CGI
    chmod 755 "$srv/cgi/$d/whoami"
done
# mod_auth_gssapi's directives, per directory: a child directory inherits
# GssapiAllowedMech and cannot widen it, so none is set on the parent.
auth="    AuthType GSSAPI
    AuthName \"sspi-shim test\"
    GssapiCredStore keytab:$srv/http.keytab"
# write_conf: httpd.conf for $port.
write_conf() {
    cat >"$srv/httpd.conf" <<CONF
ServerRoot "$srv"
ServerName localhost
Listen 127.0.0.1:$port
PidFile "$srv/run/httpd.pid"
DefaultRuntimeDir "$srv/run"
ErrorLog "$srv/error.log"
LogLevel info auth_gssapi:debug
User www-data
Group www-data
Timeout 20
LoadModule mpm_prefork_module $mods/mod_mpm_prefork.so
LoadModule authn_core_module $mods/mod_authn_core.so
LoadModule authz_core_module $mods/mod_authz_core.so
LoadModule authz_user_module $mods/mod_authz_user.so
LoadModule cgi_module $mods/mod_cgi.so
LoadModule auth_gssapi_module $mods/mod_auth_gssapi.so
LogFormat "%h %u \"%r\" %>s" brief
CustomLog "$srv/access.log" brief
DocumentRoot "$srv/cgi"
<Directory />
    Require all denied
</Directory>
<Directory "$srv/cgi">
    Options +ExecCGI
    SetHandler cgi-script
    Require all denied
</Directory>
<Directory "$srv/cgi/krb5">
$auth
    GssapiAllowedMech krb5
    Require valid-user
</Directory>
<Directory "$srv/cgi/any">
$auth
    Require valid-user
</Directory>
<Directory "$srv/cgi/alice">
$auth
    GssapiAllowedMech krb5
    Require user alice@$realm
</Directory>
CONF
}
port=$(apps_free_port) || { echo "apache-curl: no free port"; exit 1; }
write_conf

# Loader check: Debian's binaries on our library, immediate binding.
echo "apache-curl: loading curl and apache2 + mod_auth_gssapi on our library (LD_BIND_NOW=1)"
apps_load_check curl libcurl curl --version || exit 1
apps_load_check apache2 mod_auth_gssapi "$apache" -t -f "$srv/httpd.conf" || exit 1

# start_apache MODE: apache2 -X in the background on a free port (up to 3
# tries, another program may take the port first), up when the port answers.
start_apache() {
    local mode=$1 try
    for try in 1 2 3; do
        port=$(apps_free_port) || { echo "apache-curl: no free port"; return 1; }
        write_conf
        : >"$srv/error.log"
        # shellcheck disable=SC2046
        env $(apps_env_for server "$mode") KRB5_CONFIG="$srv/krb5.conf" KRB5RCACHEDIR="$work/rcache" \
            KRB5_TRACE="$work/trace/server-krb5.trace" SSPI_SHIM_TRACE="$work/trace/server-sspi.trace" \
            "$apache" -X -f "$srv/httpd.conf" </dev/null >"$srv/stdout.log" 2>&1 &
        httpd_pid=$!
        apps_wait_port "$port" "$httpd_pid" 20 && sleep 0.1 && kill -0 "$httpd_pid" 2>/dev/null && return 0
        stop_apache
        grep -qi "could not bind\|address already in use" "$srv/error.log" "$srv/stdout.log" || break
        echo "  (port $port taken, try $try)"
    done
    echo "apache-curl: apache2 did not start ($mode):"
    cat "$srv/stdout.log" "$srv/error.log"
    return 1
}

# sspi_get CCACHE PATH [VAR=VALUE...]: c-examples/sspi_http_client (SSPI
# function table, W functions, package Negotiate; always on our library,
# whatever the mode) as the client, with VAR=VALUE in its environment; exit
# status in $src, its output in $sout.
sspi_get() {
    local cc=$1 path=$2
    shift 2
    n=$((n + 1))
    sout=$work/sspi-$n.out src=0
    env KRB5CCNAME="$cc" KRB5_TRACE="$work/trace/sspi-http-krb5.trace" \
        SSPI_SHIM_TRACE="$work/trace/sspi-http-sspi.trace" "$@" \
        timeout 30 "$http_client" -c 127.0.0.1 -u "http://localhost:$port$path" >"$sout" 2>&1 || src=$?
}

# sspi_expect LABEL WANTEXIT LINE...: sspi_get's exit status is WANTEXIT and
# its output holds each LINE (a whole line, fixed string).
sspi_expect() {
    local label=$1 want=$2 line missing=
    shift 2
    for line in "$@"; do grep -qxF -- "$line" "$sout" || missing="$missing
    missing: $line"; done
    if [ "$src" = "$want" ] && [ -z "$missing" ]; then
        echo "  ok: sspi_http_client: $label -> exit $src"
        return 0
    fi
    echo "  FAIL: sspi_http_client: $label: exit $src, want $want$missing"
    sed 's/^/    | /' "$sout"
    return 1
}

# get MODE CCACHE PATH: curl --negotiate as MODE's client side; status in
# $code, body in $body, headers in $hdr, curl -v in $cerr, LD_DEBUG in $ld.
n=0
get() {
    local mode=$1 cc=$2 path=$3 rc=0
    n=$((n + 1))
    body=$work/curl-$n.body hdr=$work/curl-$n.hdr ld=$work/ld-curl-$n
    # shellcheck disable=SC2046
    code=$(env $(apps_env_for client "$mode") KRB5CCNAME="$cc" \
        KRB5_TRACE="$work/trace/client-krb5.trace" SSPI_SHIM_TRACE="$work/trace/client-sspi.trace" \
        LD_DEBUG=bindings LD_DEBUG_OUTPUT="$ld" \
        curl -sS -v --max-time 20 --negotiate -u : --resolve "localhost:$port:127.0.0.1" \
        -D "$hdr" -o "$body" -w '%{http_code}' "http://localhost:$port$path" 2>"$work/curl-$n.err") || rc=$?
    cerr=$work/curl-$n.err
    [ "$rc" -eq 0 ] || { echo "  (curl exit $rc:)"; grep -v '^[*<>{}] ' "$cerr" | sed 's/^/    /'; }
}

# expect_user LABEL WANTCODE [USER]
expect() {
    local label=$1 want=$2 user=${3:-}
    if [ "$code" = "$want" ] && { [ -z "$user" ] || grep -qx "REMOTE_USER=$user" "$body"; }; then
        echo "  ok: $label -> $code${user:+ REMOTE_USER=$user}"
        return 0
    fi
    echo "  FAIL: $label: got HTTP $code, want $want${user:+ with REMOTE_USER=$user}; curl -v said:"
    grep -iE 'gss|negotiate|spnego|kerberos|authoriz|HTTP/1|error' "$cerr" | sed 's/^/    /' | head -n 12
    return 1
}

run_mode() {
    local mode=$1 f p t fails=0
    echo "-- mode $mode: curl on $(apps_side_lib client "$mode"), apache2 on $(apps_side_lib server "$mode")"
    start_apache "$mode" || return 1
    f=$(apps_mapped_gss "$httpd_pid")
    apps_check_file "apache2 (pid $httpd_pid, /proc/$httpd_pid/maps)" "$f" "$(apps_expected_file server "$mode")" \
        || fails=$((fails + 1))

    get "$mode" "$alice_cc" /krb5/whoami
    f=$(apps_bound_to "$ld" gss_init_sec_context libcurl)
    apps_check_file "curl (LD_DEBUG=bindings: $(apps_bound_line "$ld" gss_init_sec_context libcurl))" \
        "$f" "$(apps_expected_file client "$mode")" || fails=$((fails + 1))
    expect "alice, /krb5/ (GssapiAllowedMech krb5)" 200 "alice@$realm" || fails=$((fails + 1))
    get "$mode" "$alice_cc" /any/whoami
    expect "alice, /any/ (no GssapiAllowedMech)" 200 "alice@$realm" || fails=$((fails + 1))
    get "$mode" "$alice_cc" /alice/whoami
    expect "alice, /alice/ (Require user alice@$realm)" 200 "alice@$realm" || fails=$((fails + 1))
    get "$mode" "$bob_cc" /krb5/whoami
    expect "bob, /krb5/" 200 "bob@$realm" || fails=$((fails + 1))
    get "$mode" "$bob_cc" /alice/whoami
    expect "bob, /alice/ (wrong user)" 401 || fails=$((fails + 1))
    get "$mode" "FILE:$work/none.cc" /krb5/whoami
    if expect "no ticket, /krb5/" 401 && grep -qi '^WWW-Authenticate: Negotiate' "$hdr"; then
        :
    else
        echo "  FAIL: no ticket: no 401 with WWW-Authenticate: Negotiate"; fails=$((fails + 1))
    fi

    # The SSPI client: 401, one Negotiate token (Kerberos inside SPNEGO),
    # then 200 whose WWW-Authenticate token (the AP-REP) completes the
    # context with mutual authentication.
    for p in any krb5; do
        sspi_get "$alice_cc" /$p/whoami
        sspi_expect "alice, /$p/" 0 "client: < HTTP/1.1 401 Unauthorized" "client: < WWW-Authenticate: Negotiate" \
            "client: < HTTP/1.1 200 OK" \
            "client: negotiated package: Kerberos (complete)" "client: package info: Kerberos" \
            "client: user name: alice@$realm" "client: server name: HTTP/localhost@$realm" \
            "client: HTTP 200, context complete" "REMOTE_USER=alice@$realm" "AUTH_TYPE=Negotiate" \
            && grep -q '^client: granted flags .* MUTUAL_AUTH' "$sout" \
            && grep -q '^client: InitializeSecurityContextW #2: in [1-9][0-9]* bytes, .* SEC_E_OK$' "$sout" \
            || fails=$((fails + 1))
    done
    # bob authenticates (the 401's token completes his context) but is not
    # the user /alice/ requires.
    sspi_get "$bob_cc" /alice/whoami
    sspi_expect "bob, /alice/ (wrong user)" 1 "client: user name: bob@$realm" \
        "client: authenticated (context complete), but the server still answers 401: access denied" \
        || fails=$((fails + 1))
    # No ticket and no NTLM identity: no Negotiate credentials at all; the
    # client stops after the first 401, before any token.
    sspi_get "FILE:$work/none.cc" /any/whoami NTLM_USER_FILE=
    sspi_expect "no ticket" 1 "client: < HTTP/1.1 401 Unauthorized" \
        "client: AcquireCredentialsHandleW(Negotiate, outbound, default credentials) -> 0x8009030e SEC_E_NO_CREDENTIALS" \
        || fails=$((fails + 1))
    # No ticket but an NTLM identity: Negotiate falls back to NTLM (the
    # library's trace names the mechanism of each step), which /krb5/ does
    # not take (MIT's SPNEGO answers with a reject token, ours with a bare
    # 401): two 401s, never 200.
    t=$work/trace/sspi-http-ntlm-$mode.trace
    sspi_get "FILE:$work/none.cc" /krb5/whoami NTLM_USER_FILE="$work/ntlm-users" USER=alice SSPI_SHIM_TRACE="$t"
    if sspi_expect "no ticket, NTLM identity, /krb5/" 1 \
        && grep -q '^client: InitializeSecurityContextW #1: in 0 bytes, out [1-9][0-9]* bytes .* SEC_I_CONTINUE_NEEDED$' "$sout" \
        && grep -q 'Negotiate initiator step: mechanism NTLM,' "$t" && ! grep -q 'mechanism Kerberos' "$t" \
        && ! grep -q '^client: < HTTP/1.1 200' "$sout" \
        && [ "$(grep -c '^client: < HTTP/1.1 401' "$sout")" -eq 2 ]; then
        echo "  (NTLM fallback: the first token offered NTLM; the server refused it)"
    else
        echo "  FAIL: NTLM fallback: NTLM not offered, or not refused with two 401s"; fails=$((fails + 1))
    fi

    stop_apache
    if [ "$fails" -ne 0 ]; then
        echo "  (apache error log, auth_gssapi lines, last 20:)"
        grep -iE 'gssapi|error' "$srv/error.log" | tail -n 20 | sed 's/^/    /'
        echo "  (curl client trace, last 10 lines:)"
        tail -n 10 "$work/trace/client-krb5.trace" "$work/trace/client-sspi.trace" 2>/dev/null | sed 's/^/    /'
        return 1
    fi
}

passed='' failed=''
for mode in $APPS_MODES; do
    if run_mode "$mode"; then passed="$passed $mode"; else failed="$failed $mode"; stop_apache; fi
done
echo "apache-curl: modes passed:${passed:- none}; failed:${failed:- none}"
[ -z "$failed" ]

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
    local mode=$1 f fails=0
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

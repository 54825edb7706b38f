# shellcheck shell=bash
# A throw-away MIT Kerberos realm on loopback, for test suites to source.
#
#   . ffi-tests/lib/krb5-realm.sh
#   krb5_realm_start [REALM]          # default TEST.SSPI; exports KRB5_CONFIG,
#                                     # KRB5_KDC_PROFILE, KRB5CCNAME, KRB5_REALM,
#                                     # KRB5_REALM_DIR, KRB5_KDC_PORT, KRB5_KDC_PID
#   krb5_addprinc alice secret        # password principal (no password: -randkey)
#   krb5_addprinc_opts "-e arcfour-hmac:normal" bob secret
#   krb5_ktadd "$KRB5_REALM_DIR/http.keytab" HTTP/localhost   # keeps the keys (-norandkey)
#   krb5_kinit alice secret [CCACHE]  # password from stdin, never on the command line
#   krb5_client_and_service alice secret host/localhost "$KRB5_REALM_DIR/service.keytab"
#                                     # both principals, the service's keytab, alice in $KRB5CCNAME
#   krb5_kadmin "getprinc alice"      # any kadmin.local query
#   krb5_realm_stop                   # also run by the EXIT trap
#
# Needs Debian's krb5-kdc, krb5-admin-server and krb5-user. Nothing under /etc
# is read or written: the realm lives in a mktemp directory, the KDC listens
# on a free 127.0.0.1 port (UDP and TCP), with RC4 allowed (allow_weak_crypto,
# allow_rc4) so RC4 interop can be tested. Service host names are taken as
# given (dns_canonicalize_hostname = false, qualify_shortname = ""), so no
# result depends on this machine's DNS or resolv.conf search domain. Set
# KRB5_REALM_KEEP=1 to keep the directory after stopping, KRB5_REALM_NO_TRAP=1 to install no EXIT trap (the
# caller then calls krb5_realm_stop itself).

krb5_free_port() {
    python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null && return
    local p
    for _ in $(seq 1 50); do
        p=$((20000 + RANDOM % 20000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
    done
    return 1
}

krb5_realm_start() {
    local realm=${1:-TEST.SSPI}
    for tool in kdb5_util krb5kdc kadmin.local kinit; do
        if ! command -v "$tool" >/dev/null && [ ! -x "/usr/sbin/$tool" ]; then
            echo "krb5-realm.sh: $tool not found (apt-get install krb5-kdc krb5-admin-server krb5-user)" >&2
            return 1
        fi
    done
    case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH="$PATH:/usr/sbin" ;; esac
    KRB5_REALM=$realm
    KRB5_REALM_DIR=$(mktemp -d "${TMPDIR:-/tmp}/krb5-realm.XXXXXX")
    KRB5_KDC_PORT=$(krb5_free_port) || { echo "krb5-realm.sh: no free port" >&2; return 1; }
    local dir=$KRB5_REALM_DIR
    cat >"$dir/krb5.conf" <<CONF
[libdefaults]
    default_realm = $realm
    dns_lookup_kdc = false
    dns_lookup_realm = false
    dns_canonicalize_hostname = false
    rdns = false
    qualify_shortname = ""
    allow_weak_crypto = true
    allow_rc4 = true
    permitted_enctypes = aes256-cts-hmac-sha1-96 aes128-cts-hmac-sha1-96 aes256-cts-hmac-sha384-192 aes128-cts-hmac-sha256-128 arcfour-hmac
    default_ccache_name = FILE:$dir/ccache

[realms]
    $realm = {
        kdc = 127.0.0.1:$KRB5_KDC_PORT
    }

[domain_realm]
    localhost = $realm
    .localhost = $realm
CONF
    cat >"$dir/kdc.conf" <<CONF
[kdcdefaults]
    kdc_ports = $KRB5_KDC_PORT
    kdc_tcp_ports = $KRB5_KDC_PORT
    allow_rc4 = true

[realms]
    $realm = {
        database_name = $dir/principal
        key_stash_file = $dir/stash
        acl_file = $dir/kadm5.acl
        max_life = 10h 0m 0s
        max_renewable_life = 7d 0h 0m 0s
        supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal aes256-cts-hmac-sha384-192:normal aes128-cts-hmac-sha256-128:normal arcfour-hmac:normal
        allow_rc4 = true
    }

[logging]
    kdc = FILE:$dir/kdc.log
    admin_server = FILE:$dir/kadmin.log
    default = FILE:$dir/krb5lib.log
CONF
    : >"$dir/kadm5.acl"
    export KRB5_CONFIG="$dir/krb5.conf" KRB5_KDC_PROFILE="$dir/kdc.conf"
    export KRB5CCNAME="FILE:$dir/ccache" KRB5_REALM KRB5_REALM_DIR KRB5_KDC_PORT
    kdb5_util -r "$realm" create -s -P "$(head -c 24 /dev/urandom | base64)" >"$dir/kdb5_util.log" 2>&1 || {
        echo "krb5-realm.sh: kdb5_util create failed:" >&2; cat "$dir/kdb5_util.log" >&2; return 1; }
    krb5kdc -n -r "$realm" >"$dir/krb5kdc.out" 2>&1 &
    KRB5_KDC_PID=$!
    export KRB5_KDC_PID
    if [ -z "${KRB5_REALM_NO_TRAP:-}" ]; then
        trap krb5_realm_stop EXIT
    fi
    # Up when it answers: wait for the log line, at most about 10 s.
    local i
    for i in $(seq 1 100); do
        if grep -q "commencing operation" "$dir/kdc.log" 2>/dev/null; then return 0; fi
        if ! kill -0 "$KRB5_KDC_PID" 2>/dev/null; then
            echo "krb5-realm.sh: krb5kdc exited:" >&2; cat "$dir/krb5kdc.out" "$dir/kdc.log" >&2 2>/dev/null
            return 1
        fi
        sleep 0.1
    done
    echo "krb5-realm.sh: krb5kdc did not start in time" >&2
    return 1
}

krb5_kadmin() {
    kadmin.local -r "$KRB5_REALM" -q "$1" >>"$KRB5_REALM_DIR/kadmin.out" 2>&1 || {
        echo "krb5-realm.sh: kadmin.local -q '$1' failed" >&2; tail -5 "$KRB5_REALM_DIR/kadmin.out" >&2; return 1; }
    # kadmin.local exits 0 on many errors: look for them.
    if tail -3 "$KRB5_REALM_DIR/kadmin.out" | grep -qiE "error|while|cannot|not found"; then
        echo "krb5-realm.sh: kadmin.local -q '$1':" >&2; tail -3 "$KRB5_REALM_DIR/kadmin.out" >&2
        return 1
    fi
}

# krb5_addprinc_opts OPTIONS PRINCIPAL [PASSWORD]
krb5_addprinc_opts() {
    local opts=$1 princ=$2 pw=${3:-}
    if [ -n "$pw" ]; then
        krb5_kadmin "addprinc $opts -pw $pw $princ"
    else
        krb5_kadmin "addprinc $opts -randkey $princ"
    fi
}

# krb5_addprinc PRINCIPAL [PASSWORD]
krb5_addprinc() { krb5_addprinc_opts "" "$@"; }

# krb5_ktadd KEYTAB PRINCIPAL... (keys kept: -norandkey)
krb5_ktadd() {
    local kt=$1; shift
    local p
    for p in "$@"; do krb5_kadmin "ktadd -k $kt -norandkey $p" || return 1; done
}

# krb5_kinit PRINCIPAL PASSWORD [CCACHE] [kinit options...]
krb5_kinit() {
    local princ=$1 pw=$2 cc=${3:-$KRB5CCNAME}
    shift 3 2>/dev/null || shift $#
    printf '%s\n' "$pw" | kinit -c "$cc" "$@" "$princ" >/dev/null
}

# krb5_client_and_service USER PASSWORD SERVICE KEYTAB [kinit options...]: the
# usual pair, USER with a password and a ticket in $KRB5CCNAME, SERVICE with a
# random key in KEYTAB.
krb5_client_and_service() {
    local user=$1 pw=$2 svc=$3 kt=$4
    shift 4
    krb5_addprinc "$user" "$pw" && krb5_addprinc "$svc" && krb5_ktadd "$kt" "$svc" &&
        krb5_kinit "$user" "$pw" "$KRB5CCNAME" "$@"
}

krb5_realm_stop() {
    if [ -n "${KRB5_KDC_PID:-}" ]; then
        kill "$KRB5_KDC_PID" 2>/dev/null
        wait "$KRB5_KDC_PID" 2>/dev/null
        KRB5_KDC_PID=
    fi
    if [ -n "${KRB5_REALM_DIR:-}" ] && [ -z "${KRB5_REALM_KEEP:-}" ]; then
        rm -rf "$KRB5_REALM_DIR"
    fi
}

#!/usr/bin/env bash
# Debian's psql (libpq) and PostgreSQL 15 authenticate with Kerberos through
# GSSAPI, with GSS encryption (hostgssenc, gssencmode=require) and without
# (hostnogssenc, gssencmode=disable), against a throw-away MIT realm on
# loopback. Each mode puts our library in place of libgssapi_krb5.so.2 on
# one side (see ffi-tests/lib/apps.sh):
#   mit-mit      MIT on both sides: proves the harness itself
#   ours-client  psql on our library, postgres on MIT's
#   ours-server  postgres on our library, psql on MIT's
# Env: SSPI_SHIM_PG_MODES or SSPI_SHIM_APPS_MODES (default: default_modes below),
#      SSPI_SHIM_LIB, SSPI_SHIM_BUILD (logs are kept in $SSPI_SHIM_BUILD/postgres-gss).
# In every mode: alice's ticket gives "t|t" (gss_authenticated, encrypted)
# with gssencmode=require and "t|f" with gssencmode=disable; no ticket and
# bob's ticket (for user alice) are refused with GSSAPI errors. The file each
# side bound gss_* to is checked (LD_DEBUG=bindings for psql, /proc/PID/maps
# for the postmaster). Before the modes, Debian's psql and postgres are
# loaded on our library with immediate binding (no missing symbol/version).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export SSPI_SHIM_LIB=${SSPI_SHIM_LIB:-$root/build/lib/libsspi.so.1}
logs=${SSPI_SHIM_BUILD:-$root/build}/postgres-gss
pgbin=${PG_BIN:-/usr/lib/postgresql/15/bin}

for t in "$pgbin/postgres" "$pgbin/initdb" "$pgbin/pg_ctl" "$pgbin/psql"; do
    [ -x "$t" ] || { echo "SKIP: $t missing (apt-get install postgresql)"; exit 77; }
done
for t in kdb5_util krb5kdc kadmin.local kinit runuser; do
    command -v "$t" >/dev/null || [ -x "/usr/sbin/$t" ] \
        || { echo "SKIP: $t missing (krb5-kdc krb5-admin-server krb5-user)"; exit 77; }
done
id postgres >/dev/null 2>&1 || { echo "SKIP: no postgres user"; exit 77; }
[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root (initdb runs as the postgres user via runuser)"; exit 77; }

# shellcheck source=../lib/krb5-realm.sh
. "$here/../lib/krb5-realm.sh"
# shellcheck source=../lib/apps.sh
. "$here/../lib/apps.sh"
exec 2>&1

work=$(mktemp -d "${TMPDIR:-/tmp}/pg-gss.XXXXXX")
pgdata=$work/pgdata
pgpid=
port=

# Stops the postmaster we started, found by its pid file even when we were
# interrupted before reading it.
stop_postgres() {
    [ -n "$pgpid" ] || pgpid=$(head -n1 "$pgdata/postmaster.pid" 2>/dev/null)
    if [ -n "$pgpid" ]; then
        if ! runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdata" -m fast -t 10 stop >/dev/null 2>&1; then
            kill -9 "$pgpid" 2>/dev/null
            rm -f "$pgdata/postmaster.pid" # never a stale pid for a later stop
        fi
        pgpid=
    fi
}
cleanup() {
    stop_postgres
    rm -rf "$logs" && mkdir -p "$logs" && cp -f "$work"/*.log "$work"/trace/*.trace "$logs"/ 2>/dev/null
    krb5_realm_stop
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export KRB5_REALM_NO_TRAP=1
APPS_LOAD_DIR=$work/load
# Widen to "mit-mit ours-client ours-server" when the library's Kerberos
# mechanism (default mech, gss_wrap/gss_unwrap for gssencmode) lands.
default_modes="mit-mit"
apps_init SSPI_SHIM_PG_MODES "$work" "$default_modes" || exit 1
echo "postgres-gss: modes: $APPS_MODES"

# Loader check: Debian's binaries on our library, immediate binding.
echo "postgres-gss: loading psql and postgres on our library (LD_BIND_NOW=1)"
apps_load_check psql libpq "$pgbin/psql" --version || exit 1
apps_load_check postgres "bin/postgres" "$pgbin/postgres" --version || exit 1

krb5_realm_start TEST.SSPI || exit 1
krb5_addprinc alice alice-pw && krb5_addprinc bob bob-pw && krb5_addprinc postgres/localhost \
    && krb5_ktadd "$work/pg.keytab" postgres/localhost || exit 1
alice_cc=FILE:$work/alice.cc
bob_cc=FILE:$work/bob.cc
krb5_kinit alice alice-pw "$alice_cc" && krb5_kinit bob bob-pw "$bob_cc" || exit 1
# The server's files: a copy of krb5.conf, the keytab; all readable by postgres.
cp "$KRB5_CONFIG" "$work/krb5.conf"
chmod 644 "$work/krb5.conf"
chown postgres:postgres "$work/pg.keytab"
chmod 600 "$work/pg.keytab"
mkdir -p "$work/sock" "$work/trace" "$work/rcache" "$pgdata"
chown postgres:postgres "$work/sock" "$work/trace" "$work/rcache" "$pgdata"
chmod 700 "$pgdata"
: >"$work/postgres.log"
chown postgres:postgres "$work/postgres.log"
cd "$work" || exit 1

runuser -u postgres -- "$pgbin/initdb" -D "$pgdata" -U postgres -A peer -E UTF8 --no-sync \
    >"$work/initdb.log" 2>&1 || { echo "postgres-gss: initdb failed:" >&2; cat "$work/initdb.log" >&2; exit 1; }
cat >>"$pgdata/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$work/sock'
krb_server_keyfile = '$work/pg.keytab'
max_connections = 10
shared_buffers = 16MB
fsync = off
log_connections = on
CONF
cat >"$pgdata/pg_hba.conf" <<HBA
local        all  postgres                peer
hostgssenc   all  all       127.0.0.1/32  gss include_realm=0
hostnogssenc all  all       127.0.0.1/32  gss include_realm=0
HBA

# start_postgres MODE: on a free port (up to 3 tries, another program may
# take the port first); pg_ctl -w waits until it accepts connections.
start_postgres() {
    local mode=$1 try
    for try in 1 2 3; do
        port=$(apps_free_port) || { echo "postgres-gss: no free port"; return 1; }
        : >"$work/postgres.log"
        # shellcheck disable=SC2046
        if runuser -u postgres -- env $(apps_env_for server "$mode") KRB5_CONFIG="$work/krb5.conf" \
            KRB5RCACHEDIR="$work/rcache" KRB5_TRACE="$work/trace/server-krb5.trace" \
            SSPI_SHIM_TRACE="$work/trace/server-sspi.trace" \
            "$pgbin/pg_ctl" -D "$pgdata" -l "$work/postgres.log" -o "-p $port" -w -t 30 start \
            >"$work/pg_ctl.log" 2>&1; then
            pgpid=$(head -n1 "$pgdata/postmaster.pid")
            return 0
        fi
        stop_postgres
        grep -q "could not bind" "$work/postgres.log" || break
        echo "  (port $port taken, try $try)"
    done
    echo "postgres-gss: postgres did not start ($mode):"
    cat "$work/pg_ctl.log" "$work/postgres.log"
    return 1
}

# pg_client MODE CCACHE GSSENCMODE [USER]: psql as MODE's client side; output
# in $out, errors in $err, LD_DEBUG=bindings in $work/ld-psql-<n>.
n=0
pg_client() {
    local mode=$1 cc=$2 enc=$3 user=${4:-alice}
    n=$((n + 1))
    out=$work/psql-$n.out err=$work/psql-$n.err ld=$work/ld-psql-$n
    # shellcheck disable=SC2046
    env $(apps_env_for client "$mode") KRB5CCNAME="$cc" PGCONNECT_TIMEOUT=10 \
        KRB5_TRACE="$work/trace/client-krb5.trace" SSPI_SHIM_TRACE="$work/trace/client-sspi.trace" \
        LD_DEBUG=bindings LD_DEBUG_OUTPUT="$ld" \
        timeout 20 "$pgbin/psql" -X -w \
        "host=localhost hostaddr=127.0.0.1 port=$port dbname=postgres user=$user gssencmode=$enc" \
        -Atc "select gss_authenticated, encrypted from pg_stat_gssapi where pid = pg_backend_pid()" \
        >"$out" 2>"$err"
}

# expect_ok LABEL WANT: the last pg_client printed WANT.
expect_ok() {
    local label=$1 want=$2 rc=$3
    if [ "$rc" -eq 0 ] && [ "$(cat "$out")" = "$want" ]; then
        echo "  ok: $label -> $want"
        return 0
    fi
    echo "  FAIL: $label: exit $rc, got '$(cat "$out")', want '$want'; psql said:" >&2
    sed 's/^/    /' "$err" >&2
    return 1
}

# expect_refused LABEL PATTERN RC: the last pg_client failed, saying PATTERN.
expect_refused() {
    local label=$1 pat=$2 rc=$3
    if [ "$rc" -ne 0 ] && grep -qE "$pat" "$err"; then
        echo "  ok: $label refused: $(grep -m1 -E "$pat" "$err" | sed 's/^psql: //')"
        return 0
    fi
    echo "  FAIL: $label: exit $rc, output '$(cat "$out")', stderr (want /$pat/):" >&2
    sed 's/^/    /' "$err" >&2
    return 1
}

run_mode() {
    local mode=$1 rc f
    echo "-- mode $mode: psql on $(apps_side_lib client "$mode"), postgres on $(apps_side_lib server "$mode")"
    start_postgres "$mode" || return 1
    f=$(apps_mapped_gss "$pgpid")
    apps_check_file "postgres (pid $pgpid, /proc/$pgpid/maps)" "$f" "$(apps_expected_file server "$mode")" \
        || return 1
    if [ ! -e "$work/role-made" ]; then
        runuser -u postgres -- "$pgbin/psql" -X -h "$work/sock" -p "$port" -U postgres -d postgres \
            -qc "create role alice login; create role bob login" >"$work/role.log" 2>&1 \
            || { echo "postgres-gss: create role failed:" >&2; cat "$work/role.log" >&2; return 1; }
        touch "$work/role-made"
    fi

    local fails=0
    rc=0; pg_client "$mode" "$alice_cc" require || rc=$?
    f=$(apps_bound_to "$ld" gss_init_sec_context libpq)
    apps_check_file "psql (LD_DEBUG=bindings: $(apps_bound_line "$ld" gss_init_sec_context libpq))" \
        "$f" "$(apps_expected_file client "$mode")" || fails=$((fails + 1))
    expect_ok "alice, gssencmode=require (hostgssenc)" "t|t" "$rc" || fails=$((fails + 1))

    rc=0; pg_client "$mode" "$alice_cc" disable || rc=$?
    expect_ok "alice, gssencmode=disable (hostnogssenc)" "t|f" "$rc" || fails=$((fails + 1))

    rc=0; pg_client "$mode" "FILE:$work/none.cc" require || rc=$?
    expect_refused "no ticket, gssencmode=require" "GSSAPI encryption required" "$rc" || fails=$((fails + 1))

    rc=0; pg_client "$mode" "FILE:$work/none.cc" disable || rc=$?
    expect_refused "no ticket, gssencmode=disable" "GSSAPI|credentials" "$rc" || fails=$((fails + 1))

    rc=0; pg_client "$mode" "$bob_cc" require alice || rc=$?
    expect_refused "bob's ticket as user alice" 'GSSAPI authentication failed for user "alice"' "$rc" \
        || fails=$((fails + 1))

    stop_postgres
    if [ "$fails" -ne 0 ]; then
        echo "  (postgres log, GSS and authentication lines, last 20:)"
        grep -iE 'gss|fatal|authenticat|error' "$work/postgres.log" | tail -n 20 | sed 's/^/    /' 
        return 1
    fi
}

passed='' failed=''
for mode in $APPS_MODES; do
    if run_mode "$mode"; then passed="$passed $mode"; else failed="$failed $mode"; stop_postgres; fi
done
echo "postgres-gss: modes passed:${passed:- none}; failed:${failed:- none}"
[ -z "$failed" ]

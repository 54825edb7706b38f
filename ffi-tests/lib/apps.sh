# shellcheck shell=bash
# Shared by the real-program suites (postgres-gss, apache-curl): which modes
# run, a copy of our library under MIT's name, ports, readiness, and the
# loader evidence that a program really bound gss_* to the library we meant.
#
# Modes (space or comma separated; the suite's own variable wins over
# SSPI_SHIM_APPS_MODES, which wins over the suite's default):
#   mit-mit      MIT's libgssapi_krb5.so.2 on both sides (harness sanity)
#   ours-client  the client program runs on our library, the server on MIT's
#   ours-server  the server program runs on our library, the client on MIT's
# Each suite's default is mit-mit alone until the mechanisms it needs land
# in the library; the integrator then widens the default_modes line of the
# suite to "mit-mit ours-client ours-server".
#
#   . ffi-tests/lib/apps.sh
#   apps_init SUITE_VAR WORKDIR DEFAULT # sets APPS_MODES, APPS_OURS_DIR
#   apps_env_for SIDE MODE             # prints "LD_LIBRARY_PATH=..." or nothing
#   apps_bound_to LOGPREFIX SYMBOL     # file a symbol was bound to (LD_DEBUG=bindings)
#   apps_mapped_gss PID                # libgssapi_krb5 file mapped in a process

APPS_ALL_MODES="mit-mit ours-client ours-server"
APPS_MIT_LIB=${MIT_GSS_LIB:-/usr/lib/x86_64-linux-gnu/libgssapi_krb5.so.2}

# apps_init SUITE_VAR WORKDIR DEFAULT: resolves the modes and makes WORKDIR/ours-lib
# (mode 755, readable by postgres and www-data) holding a copy (not a
# symlink: /proc/PID/maps then names the copy) of $SSPI_SHIM_LIB called
# libgssapi_krb5.so.2.
apps_init() {
    local suite_var=$1 work=$2 default=$3 m ok
    local raw=${!suite_var:-${SSPI_SHIM_APPS_MODES:-$default}}
    APPS_MODES=$(printf '%s' "$raw" | tr ',' ' ' | xargs)
    [ -n "$APPS_MODES" ] || { echo "apps.sh: no modes in $suite_var/SSPI_SHIM_APPS_MODES" >&2; return 1; }
    for m in $APPS_MODES; do
        ok=
        for a in $APPS_ALL_MODES; do [ "$m" = "$a" ] && ok=1; done
        [ -n "$ok" ] || { echo "apps.sh: unknown mode '$m' (known: $APPS_ALL_MODES)" >&2; return 1; }
    done
    local lib=${SSPI_SHIM_LIB:-}
    if [ -z "$lib" ] || [ ! -f "$lib" ]; then
        echo "apps.sh: SSPI_SHIM_LIB (build/lib/libsspi.so.1) missing: '$lib'" >&2; return 1
    fi
    APPS_OURS_DIR=$work/ours-lib
    mkdir -p "$APPS_OURS_DIR"
    cp -L "$lib" "$APPS_OURS_DIR/libgssapi_krb5.so.2"
    chmod 755 "$work" "$APPS_OURS_DIR"
    chmod 644 "$APPS_OURS_DIR/libgssapi_krb5.so.2"
    export APPS_MODES APPS_OURS_DIR
}

# apps_side_lib SIDE MODE: "ours" or "mit" for SIDE (client|server) in MODE.
apps_side_lib() {
    case "$2:$1" in
        ours-client:client | ours-server:server) echo ours ;;
        *) echo mit ;;
    esac
}

# apps_env_for SIDE MODE: the env assignment that puts our copy first, if
# that side runs on our library in MODE (for `env $(apps_env_for ...) cmd`).
apps_env_for() {
    if [ "$(apps_side_lib "$1" "$2")" = ours ]; then
        echo "LD_LIBRARY_PATH=$APPS_OURS_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    fi
}

# apps_expected_file SIDE MODE: the libgssapi_krb5.so.2 that side must use.
apps_expected_file() {
    if [ "$(apps_side_lib "$1" "$2")" = ours ]; then
        echo "$APPS_OURS_DIR/libgssapi_krb5.so.2"
    else
        readlink -f "$APPS_MIT_LIB"
    fi
}

# apps_free_port: a free TCP port on 127.0.0.1 (needs krb5-realm.sh sourced).
apps_free_port() { krb5_free_port; }

# apps_wait_port PORT PID SECONDS: until 127.0.0.1:PORT accepts, PID lives.
apps_wait_port() {
    local port=$1 pid=$2 secs=$3
    for _ in $(seq 1 $((secs * 10))); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
        kill -0 "$pid" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

# apps_bound_line LOGPREFIX SYMBOL [FROM]: from the LD_DEBUG=bindings files
# written with LD_DEBUG_OUTPUT=LOGPREFIX, the first line binding SYMBOL
# (referenced from a file whose path contains FROM, if given).
apps_bound_line() {
    cat "$1".* 2>/dev/null | grep "binding file [^ ]*${3:-}[^ ]* " \
        | grep -m1 "normal symbol \`$2'" | sed 's/^[[:space:]]*[0-9]*:[[:space:]]*//'
}

# apps_bound_to LOGPREFIX SYMBOL [FROM]: the file that binding went to.
apps_bound_to() {
    apps_bound_line "$@" | sed -n 's/.* to \(.*\) \[[0-9]*\]: normal symbol .*/\1/p'
}

# apps_mapped_gss PID: the libgssapi_krb5.so.2 file(s) mapped in PID.
apps_mapped_gss() {
    awk '$6 ~ /libgssapi_krb5\.so\.2/ { print $6 }' "/proc/$1/maps" 2>/dev/null | sort -u
}

# apps_check_file WHAT GOT WANT: prints the evidence; fails on a mismatch.
apps_check_file() {
    local what=$1 got=$2 want=$3
    if [ -n "$got" ] && [ "$(readlink -f "$got")" = "$want" ]; then
        echo "  loader: $what uses $got"
        return 0
    fi
    echo "  loader: $what uses '${got:-nothing}', expected $want" >&2
    return 1
}

# apps_load_check NAME FROM CMD...: runs CMD with our copy first on
# LD_LIBRARY_PATH, LD_BIND_NOW=1 and LD_DEBUG=bindings; passes when CMD
# exits 0, printed no "symbol lookup error"/"version ... not found", and
# bound gss_init_sec_context or gss_accept_sec_context, as referenced from
# the file matching FROM (libpq, libcurl, mod_auth_gssapi...), to our copy.
apps_load_check() {
    local name=$1 from=$2; shift 2
    local dbg="$APPS_LOAD_DIR/$name" out="$APPS_LOAD_DIR/$name.out" rc=0 s line
    mkdir -p "$APPS_LOAD_DIR"
    env LD_LIBRARY_PATH="$APPS_OURS_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" LD_BIND_NOW=1 \
        LD_DEBUG=bindings LD_DEBUG_OUTPUT="$dbg" "$@" >"$out" 2>&1 || rc=$?
    if [ "$rc" -ne 0 ] || grep -qE "symbol lookup error|version .* not found|undefined symbol|cannot open shared" "$out"; then
        echo "  load $name: FAIL (exit $rc)" >&2; cat "$out" >&2
        return 1
    fi
    for s in gss_init_sec_context gss_accept_sec_context; do
        line=$(apps_bound_line "$dbg" "$s" "$from")
        if [ -n "$line" ] && [ "$(apps_bound_to "$dbg" "$s" "$from")" = "$APPS_OURS_DIR/libgssapi_krb5.so.2" ]; then
            echo "  load $name: ok, immediate binding: $line"
            return 0
        fi
    done
    echo "  load $name: FAIL: gss_* not bound to $APPS_OURS_DIR/libgssapi_krb5.so.2" >&2
    cat "$dbg".* 2>/dev/null | grep -E "gss_(init|accept)_sec_context" | head -5 >&2
    return 1
}

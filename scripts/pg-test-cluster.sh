#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the PostgreSQL conformance tests (`make test`).
#
#   scripts/pg-test-cluster.sh start          prints one line on stdout: postgresql://postgres@/ctdna_test?host=DIR
#   scripts/pg-test-cluster.sh stop URL|DIR   stops the cluster and removes DIR (idempotent, never fails)
#
# The cluster lives in a fresh `mktemp -d /tmp/ctdna-pg.XXXXXX` folder: data in DIR/data, log in
# DIR/log, Unix socket DIR/.s.PGSQL.5432. It listens on no TCP port (listen_addresses=''), trusts
# local connections, and runs with fsync off. Everything but the URL goes to stderr; when anything
# fails `start` prints a one-line note on stderr, removes what it made and exits 1 (the caller then
# runs the tests without PostgreSQL). initdb refuses root: as root, the server commands run as the
# `postgres` system user (runuser), which then owns DIR.
set -euo pipefail

noted=0
note() { printf '%s\n' "pg-test-cluster: $*" >&2; noted=1; }

# The directory holding initdb/pg_ctl/postgres: pg_config --bindir, else the highest
# /usr/lib/postgresql/*/bin, else PATH.
find_bindir() {
    local dir
    if command -v pg_config >/dev/null 2>&1; then
        dir=$(pg_config --bindir 2>/dev/null || true)
        if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            printf '%s\n' "$dir"; return 0
        fi
    fi
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5 -V | tail -n 1 || true)
    if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
        printf '%s\n' "$dir"; return 0
    fi
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v initdb)"; return 0
    fi
    return 1
}

# Runs a server command as `postgres` when root, else as the current user.
as_server() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# DIR from a URL (…?host=DIR) or DIR itself.
dir_of() {
    local arg=$1
    case "$arg" in
        postgresql://*|postgres://*)
            arg=${arg#*\?}
            local part
            IFS='&' read -r -a parts <<<"$arg"
            for part in "${parts[@]}"; do
                case "$part" in host=*) printf '%s\n' "${part#host=}"; return 0 ;; esac
            done
            return 1 ;;
        *) printf '%s\n' "$arg" ;;
    esac
}

start() {
    # Globals, not locals: the EXIT trap below reads them.
    bindir=$(find_bindir) || { note "no PostgreSQL server binaries (initdb, pg_ctl) found"; exit 1; }
    dir=$(mktemp -d /tmp/ctdna-pg.XXXXXX) || { note "mktemp failed"; exit 1; }
    # From here on, a failure removes the folder (and a started server) before exiting 1.
    trap 'status=$?; if [ $status -ne 0 ]; then [ $noted = 1 ] || note "could not start a test cluster (exit status $status)"; \
          as_server "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"; fi' EXIT
    chmod 0755 "$dir"
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || { note "running as root and there is no 'postgres' system user"; exit 1; }
        chown postgres "$dir"
    fi
    as_server mkdir -m 0700 "$dir/data"
    # initdb's and pg_ctl's chatter is shown only when they fail.
    as_server "$bindir/initdb" -D "$dir/data" -A trust -U postgres --no-sync -E UTF8 --locale=C >"$dir/initdb.out" 2>&1 ||
        { note "initdb failed: $(tail -n 3 "$dir/initdb.out" | tr '\n' ' ')"; exit 1; }
    as_server "$bindir/pg_ctl" -w -t 60 -D "$dir/data" -l "$dir/log" \
        -o "-c listen_addresses='' -c unix_socket_directories=$dir -c fsync=off -c max_connections=50" start >/dev/null 2>&1 ||
        { note "pg_ctl start failed: $(tail -n 3 "$dir/log" 2>/dev/null | tr '\n' ' ')"; exit 1; }
    local psql="$bindir/psql"
    [ -x "$psql" ] || psql=$(command -v psql) || { note "no psql"; exit 1; }
    "$psql" -X -q -v ON_ERROR_STOP=1 "host=$dir user=postgres dbname=postgres" -c 'CREATE DATABASE ctdna_test' >&2 ||
        { note "CREATE DATABASE ctdna_test failed"; exit 1; }
    trap - EXIT
    printf 'postgresql://postgres@/ctdna_test?host=%s\n' "$dir"
}

stop() {
    local dir bindir
    dir=$(dir_of "${1:-}" 2>/dev/null) || return 0
    # Only our own folders: never rm -rf something else passed by mistake.
    case "$dir" in /tmp/ctdna-pg.*) ;; *) note "not a test cluster folder: '$dir' (left alone)"; return 0 ;; esac
    [ -d "$dir" ] || return 0
    if [ -f "$dir/data/postmaster.pid" ] && bindir=$(find_bindir 2>/dev/null); then
        as_server "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    # pg_ctl could not stop it (no binaries any more?): SIGQUIT, PostgreSQL's immediate shutdown,
    # to this cluster's postmaster only (its pid file), then wait a little for it to go.
    local pid
    pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)
    if [ -n "$pid" ] && [ "$pid" -gt 0 ] 2>/dev/null && kill -0 "$pid" 2>/dev/null; then
        kill -QUIT "$pid" 2>/dev/null || true
        for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    fi
    rm -rf "$dir" 2>/dev/null || true
    return 0
}

case "${1:-}" in
    start) start ;;
    stop) stop "${2:-}" || true; exit 0 ;;
    *) note "usage: $0 start | stop URL_OR_DIR"; exit 2 ;;
esac

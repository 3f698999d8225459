#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite. Test use only: trust auth.
#
#   eval "$(scripts/pg-test-cluster.sh start)"   # exports PGTEST_DIR, PGTEST_PORT, TEST_DATABASE_URL
#   ...run tests against $TEST_DATABASE_URL...
#   scripts/pg-test-cluster.sh stop "$PGTEST_DIR"
#
# start: initdb a cluster in a fresh temp dir (as the `postgres` system user when
#        run as root -- PostgreSQL refuses to run as root -- creating that user if
#        absent), start it on a free loopback port with listen_addresses=127.0.0.1
#        and its unix socket inside the temp dir, create database ehsg_test, and
#        print shell `export` lines on stdout (progress goes to stderr).
# stop:  stop that cluster (fast, then immediate) and remove its temp dir.
set -euo pipefail

DB_NAME="${PGTEST_DB_NAME:-ehsg_test}"

log() { echo "pg-test-cluster: $*" >&2; }

find_pg_bindir() {
    local dir best=""
    # Highest major version wins.
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n); do
        [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && best="$dir"
    done
    if [ -z "$best" ]; then
        log "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (apt-get install postgresql; or: make system-deps)"
        return 1
    fi
    echo "$best"
}

# Run a command as the cluster owner.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        # From /, so the postgres user need not be able to read the caller's working dir.
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

ensure_postgres_user() {
    [ "$(id -u)" -eq 0 ] || return 0
    if ! id -u postgres >/dev/null 2>&1; then
        log "creating system user postgres"
        useradd --system --user-group --no-create-home \
            --home-dir /var/lib/postgresql --shell /usr/sbin/nologin postgres
    fi
}

free_port() {
    python3 - <<'PY'
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
}

cmd_start() {
    local bindir dir port attempt
    bindir="$(find_pg_bindir)"
    ensure_postgres_user

    # Always under /tmp: the postgres user can reach it (a root-only $TMPDIR may
    # not be), and the socket path stays well under the 107-byte limit.
    dir="$(mktemp -d /tmp/ehsg-pgtest.XXXXXX)"
    chmod 700 "$dir"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$dir"
    fi

    log "initdb in $dir ($bindir)"
    if ! as_owner "$bindir/initdb" --pgdata="$dir/data" --username=postgres \
            --auth-local=trust --auth-host=trust --encoding=UTF8 --locale=C.UTF-8 \
            --no-sync >"$dir/initdb.log" 2>&1; then
        cat "$dir/initdb.log" >&2
        rm -rf "$dir"
        return 1
    fi

    for attempt in 1 2 3 4 5; do
        port="$(free_port)"
        log "starting on 127.0.0.1:$port (socket in $dir)"
        if as_owner "$bindir/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" \
                --wait --timeout=60 --silent \
                -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir \
                    -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
                    -c max_connections=50" start >&2; then
            break
        fi
        log "start on port $port failed (attempt $attempt)"
        tail -n 20 "$dir/server.log" >&2 || true
        port=""
    done
    if [ -z "$port" ]; then
        rm -rf "$dir"
        return 1
    fi

    if ! as_owner "$bindir/createdb" --host=127.0.0.1 --port="$port" --username=postgres "$DB_NAME" >&2; then
        cmd_stop "$dir"
        return 1
    fi
    echo "$port" >"$dir/port"
    log "ready: postgresql+psycopg://postgres@127.0.0.1:$port/$DB_NAME"

    printf 'export PGTEST_DIR=%q\n' "$dir"
    printf 'export PGTEST_PORT=%q\n' "$port"
    printf 'export TEST_DATABASE_URL=%q\n' "postgresql+psycopg://postgres@127.0.0.1:$port/$DB_NAME"
}

cmd_stop() {
    local dir="${1:-${PGTEST_DIR:-}}" bindir
    if [ -z "$dir" ]; then
        log "stop: no cluster dir given (argument or PGTEST_DIR)"
        return 1
    fi
    case "$dir" in
        */ehsg-pgtest.*) ;;
        *) log "stop: refusing to remove $dir (not a cluster this script made)"; return 1 ;;
    esac
    [ -d "$dir" ] || return 0
    if [ -f "$dir/data/postmaster.pid" ]; then
        bindir="$(find_pg_bindir)"
        as_owner "$bindir/pg_ctl" --pgdata="$dir/data" --mode=fast --wait --timeout=30 --silent stop >&2 \
            || as_owner "$bindir/pg_ctl" --pgdata="$dir/data" --mode=immediate --wait --silent stop >&2 \
            || true
    fi
    rm -rf "$dir"
    log "stopped and removed $dir"
}

case "${1:-}" in
    start) cmd_start ;;
    stop) shift; cmd_stop "${1:-}" ;;
    *) echo "usage: $0 start | stop [DIR]" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# The whole test run, stage by stage; stops at the first stage that fails.
#
#   a. lint                    ruff (with a complexity limit), mypy, import-linter's layer contracts
#   b. pytest unit+integration on SQLite
#   c. pytest integration      on a throwaway PostgreSQL cluster (TEST_DATABASE_URL)
#   d. ehsg db check           models and migrations agree (fresh SQLite, upgraded)
#   e. pytest browser          Debian's Chromium through Playwright, axe-core; PostgreSQL for the
#                              two-servers test (TEST_DATABASE_URL)
#
# Run one stage alone: scripts/test.sh lint|sqlite|postgres|dbcheck|browser (any number of them).
# Expects `make install` (or `make test`, which does it) to have run.
# Stage times go to test-results/stage-times.txt (not printed at the end, so the
# run closes with pytest's own summary line).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

BIN="$root/.venv/bin"
PY="$BIN/python"
if [ ! -x "$PY" ] || [ ! -x "$BIN/ehsg" ]; then
    echo "test.sh: .venv is not installed; run 'make install' first" >&2
    exit 1
fi

stages=("$@")
[ "${#stages[@]}" -gt 0 ] || stages=(lint sqlite postgres dbcheck browser)

work="$(mktemp -d /tmp/ehsg-test.XXXXXX)"
PGTEST_DIR=""
mkdir -p test-results
times_file="test-results/stage-times.txt"
: >"$times_file"

cleanup() {
    local rc=$?
    if [ -n "$PGTEST_DIR" ]; then
        scripts/pg-test-cluster.sh stop "$PGTEST_DIR" || true
    fi
    rm -rf "$work"
    if [ "$rc" -ne 0 ]; then
        echo "test.sh: FAILED (exit $rc); stage times so far in $times_file:" >&2
        cat "$times_file" >&2 || true
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Tests choose their databases themselves: nothing from the caller's shell leaks in.
unset DATABASE_URL TEST_DATABASE_URL EHSG_ENV || true
export PYTHONUNBUFFERED=1

run_stage() {
    local name="$1" start end
    shift
    echo
    echo "==> stage $name: $*"
    start=$(date +%s)
    "$@"
    end=$(date +%s)
    printf '%-10s %4ss  ok\n' "$name" "$((end - start))" >>"$times_file"
}

stage_lint() {
    # Settings for all three are in pyproject.toml. No cache dirs in the work tree; no logo in the log.
    "$BIN/ruff" check --no-cache .
    "$BIN/mypy" --cache-dir=/dev/null
    "$BIN/lint-imports" --no-cache --no-logo
}

stage_sqlite() {
    "$PY" -m pytest tests/unit tests/integration
}

# Run a command with TEST_DATABASE_URL naming a throwaway PostgreSQL cluster, removed afterwards
# (by cleanup too, if the run fails or is interrupted).
with_postgres() {
    local exports rc=0
    exports="$(scripts/pg-test-cluster.sh start)"
    eval "$exports"
    echo "TEST_DATABASE_URL=$TEST_DATABASE_URL"
    TEST_DATABASE_URL="$TEST_DATABASE_URL" "$@" || rc=$?
    scripts/pg-test-cluster.sh stop "$PGTEST_DIR"
    PGTEST_DIR=""
    unset TEST_DATABASE_URL PGTEST_PORT
    return "$rc"
}

stage_postgres() {
    with_postgres "$PY" -m pytest tests/integration
}

stage_dbcheck() {
    local dir="$work/dbcheck"
    mkdir -p "$dir"
    # A fresh database, every migration applied, then compared with the models.
    (
        export EHSG_ENV=development
        export SECRET_KEY="db-check-throwaway-secret"
        export DATABASE_URL="sqlite:///$dir/check.db"
        echo "DATABASE_URL=$DATABASE_URL"
        "$BIN/ehsg" db upgrade
        "$BIN/ehsg" db check
    )
}

stage_browser() {
    # On SQLite, but for tests/browser/test_two_servers.py: two gunicorn servers on one PostgreSQL.
    with_postgres "$PY" -m pytest tests/browser
}

for stage in "${stages[@]}"; do
    case "$stage" in
        lint) run_stage lint stage_lint ;;
        sqlite) run_stage sqlite stage_sqlite ;;
        postgres) run_stage postgres stage_postgres ;;
        dbcheck) run_stage dbcheck stage_dbcheck ;;
        browser) run_stage browser stage_browser ;;
        *) echo "test.sh: unknown stage '$stage' (lint sqlite postgres dbcheck browser)" >&2; exit 2 ;;
    esac
done

#!/usr/bin/env bash
# The one test command: bash scripts/test.sh
#
# Installs a pinned Synapse in .venv (in the background, while cargo builds), starts a
# fresh throw-away homeserver on 127.0.0.1 (scripts/synapse.sh), then runs rustfmt,
# clippy, every test (the Synapse end-to-end tests included), the ritual file check
# and, when present, the quick benchmarks. Any failure makes the script exit non-zero.
# Synapse is stopped on exit, whatever happens.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

step() { printf '\n==> %s\n' "$*"; }
fail() {
    printf '\ntest.sh: FAILED: %s\n' "$*" >&2
    exit 1
}

LOCKED=()
[[ -f Cargo.lock ]] && LOCKED=(--locked)

mkdir -p target
INSTALL_LOG="$ROOT/target/synapse-install.log"
TEST_LOG="$ROOT/target/cargo-test.log"
install_pid=""
synapse_started=0

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [[ -n "$install_pid" ]] && kill -0 "$install_pid" 2>/dev/null; then
        # The install runs in its own process group (setsid): end pip with it.
        kill -TERM -- "-$install_pid" 2>/dev/null || kill -TERM "$install_pid" 2>/dev/null || true
    fi
    if ((synapse_started)); then
        bash scripts/synapse.sh stop || true
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step "Synapse install (background, log in target/synapse-install.log)"
if command -v setsid >/dev/null; then
    setsid -w bash scripts/synapse.sh install >"$INSTALL_LOG" 2>&1 &
else
    bash scripts/synapse.sh install >"$INSTALL_LOG" 2>&1 &
fi
install_pid=$!

step "cargo fmt --check"
cargo fmt --check || fail "code is not formatted: run cargo fmt"

step "cargo build --all-targets ${LOCKED[*]}"
cargo build --all-targets "${LOCKED[@]}" || fail "cargo build"

step "waiting for the Synapse install"
if ! wait "$install_pid"; then
    install_pid=""
    cat "$INSTALL_LOG" >&2
    fail "Synapse install failed (log above, also in $INSTALL_LOG)"
fi
install_pid=""
cat "$INSTALL_LOG"

step "fresh Synapse"
bash scripts/synapse.sh reset
synapse_started=1
bash scripts/synapse.sh start || fail "Synapse did not start"
# shellcheck source=/dev/null
source .synapse/env
echo "TUTEUR_TEST_HOMESERVER=$TUTEUR_TEST_HOMESERVER"

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets "${LOCKED[@]}" -- -D warnings || fail "clippy"

step "cargo test --all-targets"
test_status=0
cargo test --all-targets "${LOCKED[@]}" 2>&1 | tee "$TEST_LOG" || test_status=$?
# Sum the "test result:" lines of every test binary.
summary="$(awk '/^test result:/ {
        for (i = 1; i <= NF; i++) {
            if ($(i + 1) ~ /^passed/) p += $i
            if ($(i + 1) ~ /^failed/) f += $i
            if ($(i + 1) ~ /^ignored/) g += $i
        }
        n++
    }
    END { printf "%d test binaries: %d passed, %d failed, %d ignored", n, p, f, g }' "$TEST_LOG")"
step "tests: $summary"
((test_status == 0)) || fail "cargo test (exit $test_status; full output in $TEST_LOG)"

step "tuteur rituals check"
cargo run --quiet "${LOCKED[@]}" -- rituals check || fail "rituals check"

if [[ -f scripts/bench.sh ]]; then
    step "bash scripts/bench.sh --quick"
    bash scripts/bench.sh --quick || fail "bench"
fi

step "all checks passed"

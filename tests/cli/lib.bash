# Shared helpers for the end-to-end tests. Each test sources this file; DEFUSE is the
# binary under test and SRC the repository root (set by ctest).
set -euo pipefail
: "${DEFUSE:?DEFUSE must name the defuse binary}"
: "${SRC:?SRC must name the repository root}"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# Compiled --lexicons directories go to a cache; keep each test's apart from the user's.
export DEFUSE_CACHE_DIR="$WORK/.cache"

fail() { echo "FAIL: $*" >&2; exit 1; }
# expect_eq ACTUAL EXPECTED WHAT
expect_eq() { [ "$1" == "$2" ] || fail "$3: expected [$2], got [$1]"; }
# expect_contains FILE TEXT
expect_contains() { grep -qF -- "$2" "$1" || { echo "--- $1:" >&2; cat "$1" >&2; fail "$1 lacks: $2"; }; }
# run_defuse OUT ERR ARGS...: runs defuse, stores the exit status in $status
run_defuse() {
  local out=$1 err=$2
  shift 2
  set +e
  "$DEFUSE" "$@" >"$out" 2>"$err" </dev/null
  status=$?
  set -e
}

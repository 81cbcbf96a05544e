# Sourced by test.sh and bench.sh: `step NAME CMD...` runs one step, timed, and goes on past a failure so
# a run shows everything that is broken; `finish WHAT` reports and exits non-zero if any step failed.
# STEP_PREFIX and STEP_OK shape the lines ("=== PREFIXNAME: OK (N s)").
set -uo pipefail
export HARDHAT_DISABLE_TELEMETRY_PROMPT=true
STEP_PREFIX=${STEP_PREFIX:-}
STEP_OK=${STEP_OK:-ok}

failed=()
step() {
  local name=$1; shift
  echo
  echo "=== ${STEP_PREFIX}${name}: $*"
  local start=$SECONDS
  if "$@"; then
    echo "=== ${STEP_PREFIX}${name}: ${STEP_OK} ($((SECONDS - start)) s)"
  else
    echo "=== ${STEP_PREFIX}${name}: FAILED ($((SECONDS - start)) s)"
    failed+=("$name")
  fi
}

finish() {
  echo
  if [ ${#failed[@]} -gt 0 ]; then
    echo "failed $1: ${failed[*]}"
    exit 1
  fi
  echo "all $1 passed"
}

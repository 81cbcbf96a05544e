# Sourced by test.sh and bench.sh: `step NAME CMD...` runs one step, timed, and goes on past a failure so
# a run shows everything that is broken; `finish WHAT` reports and exits non-zero if any step failed.
# STEP_PREFIX and STEP_OK shape the lines ("=== PREFIXNAME: OK (N s)").
# A step that runs past STEP_TIMEOUT_S (default 20 min, 2.5x the longest suite) is stopped and fails, naming
# the processes it left running, so one hung suite neither ends the run nor hides which test hung.
set -uo pipefail
export HARDHAT_DISABLE_TELEMETRY_PROMPT=true
STEP_PREFIX=${STEP_PREFIX:-}
STEP_OK=${STEP_OK:-ok}
STEP_TIMEOUT_S=${STEP_TIMEOUT_S:-1200}

failed=()
step() {
  local name=$1; shift
  echo
  echo "=== ${STEP_PREFIX}${name}: $*"
  local start=$SECONDS rc=0
  # the watchdog names what is still running just before the timeout stops it; stopped with the step, it takes
  # its sleep along (which holds no output open)
  ( trap 'kill "$nap" 2>/dev/null; exit 0' TERM
    sleep $((STEP_TIMEOUT_S - 5)) >/dev/null 2>&1 </dev/null &
    nap=$!
    wait "$nap"
    echo "=== ${STEP_PREFIX}${name}: still running after $((STEP_TIMEOUT_S - 5)) s:"
    ps -eo pid,etime,args | grep -E "node|anvil|gnd|graph-node|postgres" | grep -v grep | cut -c1-200 ) &
  local watchdog=$!
  timeout --kill-after=30 "$STEP_TIMEOUT_S" "$@" || rc=$?
  kill "$watchdog" 2>/dev/null; wait "$watchdog" 2>/dev/null
  if [ "$rc" -eq 0 ]; then
    echo "=== ${STEP_PREFIX}${name}: ${STEP_OK} ($((SECONDS - start)) s)"
    return
  fi
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then echo "=== ${STEP_PREFIX}${name}: timed out after ${STEP_TIMEOUT_S} s"; fi
  echo "=== ${STEP_PREFIX}${name}: FAILED ($((SECONDS - start)) s)"
  failed+=("$name")
}

finish() {
  echo
  if [ ${#failed[@]} -gt 0 ]; then
    echo "failed $1: ${failed[*]}"
    exit 1
  fi
  echo "all $1 passed"
}

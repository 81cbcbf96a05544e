#!/usr/bin/env bash
# Runs every workspace's test suite, in data-flow order, and goes on past a failing one so a run
# shows everything that is broken. Exits non-zero if any suite failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export HARDHAT_DISABLE_TELEMETRY_PROMPT=true

failed=()
run() {
  local name=$1; shift
  echo
  echo "=== ${name}: $*"
  local start=$SECONDS
  if "$@"; then
    echo "=== ${name}: ok ($((SECONDS - start)) s)"
  else
    echo "=== ${name}: FAILED ($((SECONDS - start)) s)"
    failed+=("$name")
  fi
}

run typecheck npx tsc -p tsconfig.json --noEmit
for ws in $(node -p 'require("./package.json").workspaces.join(" ")'); do
  if node -e "process.exit(require('./${ws}/package.json').scripts?.test ? 0 : 1)"; then
    run "$ws" npm run test --silent -w "$ws"
  fi
done

echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "failed suites: ${failed[*]}"
  exit 1
fi
echo "all suites passed"

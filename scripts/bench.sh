#!/usr/bin/env bash
# npm run bench: every benchmark, in data-flow order, each printing its own figures.
# Seeds are fixed, so a run is reproducible up to the machine's load. Takes several minutes.
set -uo pipefail
cd "$(dirname "$0")/.."
export HARDHAT_DISABLE_TELEMETRY_PROMPT=true

failed=()
bench() {
  local name=$1; shift
  echo
  echo "=== bench ${name}: $*"
  local start=$SECONDS
  if "$@"; then echo "=== bench ${name}: done ($((SECONDS - start)) s)"; else echo "=== bench ${name}: FAILED"; failed+=("$name"); fi
}

bench gas npm run bench:gas --silent -w contracts
bench matchstick npm run bench --silent -w matchstick-node
bench stack npm run bench --silent -w stack
bench indexer npm run bench --silent -w indexer
bench tax npm run bench --silent -w tax
bench tlh npm run bench:tlh --silent -w keeper

if [ ${#failed[@]} -gt 0 ]; then
  echo "failed benches: ${failed[*]}"
  exit 1
fi

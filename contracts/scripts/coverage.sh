#!/usr/bin/env bash
# Branch coverage of the production contracts: runs every spec (the invariant suite with fewer sequences)
# on instrumented contracts, then prints `branch coverage: NN %` last. Fails when a spec fails or the
# figure is below the floor (COVERAGE_BRANCH_MIN, default 90).
set -uo pipefail
cd "$(dirname "$0")/.."
export HARDHAT_DISABLE_TELEMETRY_PROMPT=true
rm -f coverage.json
npx hardhat coverage
status=$?
node scripts/coverage-summary.js || status=1
exit $status

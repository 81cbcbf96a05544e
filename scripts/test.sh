#!/usr/bin/env bash
# Runs every workspace's test suite, in data-flow order, and goes on past a failing one so a run
# shows everything that is broken. Exits non-zero if any suite failed.
cd "$(dirname "$0")/.."
source scripts/lib/steps.sh

step typecheck npx tsc -p tsconfig.json --noEmit
# The contracts' TypeScript (tests, scripts, deploy code) against the typings generated from the artifacts.
step typecheck-contracts npm run typecheck --silent -w contracts
for ws in $(node -p 'require("./package.json").workspaces.join(" ")'); do
  if node -e "process.exit(require('./${ws}/package.json').scripts?.test ? 0 : 1)"; then
    step "$ws" npm run test --silent -w "$ws"
  fi
done
finish suites

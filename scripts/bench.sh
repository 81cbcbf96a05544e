#!/usr/bin/env bash
# npm run bench: every benchmark, in data-flow order, each printing its own figures.
# Seeds are fixed, so a run is reproducible up to the machine's load. Takes several minutes.
cd "$(dirname "$0")/.."
STEP_PREFIX="bench "
STEP_OK=done
source scripts/lib/steps.sh

step gas npm run bench:gas --silent -w contracts
step invariants npm run fuzz --silent -w contracts
step matchstick npm run bench --silent -w matchstick-node
step stack npm run bench --silent -w stack
step simulated-year npm run bench --silent -w sim -- --stack
step indexer npm run bench --silent -w indexer
step tax npm run bench --silent -w tax
step report npm run bench:report --silent -w tax
step tlh npm run bench:tlh --silent -w keeper
finish benches

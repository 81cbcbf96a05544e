#!/usr/bin/env bash
# The subgraph's whole suite, from a fresh clone: ABIs from the event interfaces, the manifest from the
# fixture deployment, the generator's unit tests, graph codegen + build, Matchstick tests, gnd JSON tests.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { echo "--- subgraph: $*"; }

step "ABIs";            npx tsx scripts/abis.ts
step "manifest";        npx tsx scripts/manifest.ts --deployment networks/fixture.json --out subgraph.yaml
step "generator tests"; node --import tsx --test scripts/*.test.ts
step "graph codegen";   npx graph codegen subgraph.yaml --output-dir generated --skip-migrations
step "graph build";     npx graph build subgraph.yaml --skip-migrations
step "matchstick";      bash scripts/matchstick.sh
step "gnd test";        npx tsx scripts/gnd-test.ts

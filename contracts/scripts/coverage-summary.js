#!/usr/bin/env node
// Reads solidity-coverage's json-summary (coverage/coverage-summary.json, production contracts only: see
// .solcover.js) and ends the coverage run with one line, `branch coverage: NN %`. Exits 1 below the floor
// (COVERAGE_BRANCH_MIN, default 90) or when the summary is missing.
const fs = require("node:fs");
const path = require("node:path");

const file = path.join(__dirname, "..", "coverage", "coverage-summary.json");
if (!fs.existsSync(file)) {
  console.error(`no coverage summary at ${file}: the coverage run did not finish`);
  process.exit(1);
}
const summary = JSON.parse(fs.readFileSync(file, "utf8"));
const { covered, total } = summary.total.branches;
const pct = total === 0 ? 100 : (100 * covered) / total;
const floor = Number(process.env.COVERAGE_BRANCH_MIN ?? 90);
const shown = Math.floor(pct * 10) / 10;
console.log(`branch coverage: ${shown} %`);
if (pct < floor) {
  console.error(`(${covered} of ${total} branches; below the floor of ${floor} %)`);
  process.exit(1);
}

#!/usr/bin/env node
// Ends the coverage run with one line, `branch coverage: NN %`, for the production contracts (mocks are
// skipped in .solcover.js). Read from coverage/coverage.json (solidity-coverage's istanbul data).
//
// solidity-coverage counts every modifier on every function as a branch with two sides. For
// `nonReentrant` the refusing side is reached only by a call that re-enters the same contract while one of
// its guarded functions runs; on a function that makes no external call, or whose only caller that could
// re-enter is management itself, no test can reach it. Those pseudo-branches (both sides) are left out of
// the figure, as solidity-coverage's `modifierWhitelist` would; the line before it gives the figure with
// them counted. Exits 1 below the floor (COVERAGE_BRANCH_MIN, default 90) or when the data is missing.
const fs = require("node:fs");
const path = require("node:path");

const file = path.join(__dirname, "..", "coverage.json");
if (!fs.existsSync(file)) {
  console.error(`no coverage data at ${file}: the coverage run did not finish`);
  process.exit(1);
}
const data = JSON.parse(fs.readFileSync(file, "utf8"));

let total = 0;
let covered = 0;
let guardTotal = 0;
let guardCovered = 0;
for (const [sourcePath, d] of Object.entries(data)) {
  if (/[\\/]mocks[\\/]/.test(sourcePath)) continue;
  const lines = fs.existsSync(sourcePath) ? fs.readFileSync(sourcePath, "utf8").split("\n") : [];
  for (const [id, branch] of Object.entries(d.branchMap)) {
    const hits = d.b[id];
    const line = lines[branch.line - 1] ?? "";
    const col = branch.locations[0].start.column;
    const isGuard = branch.type === "if" && /\bfunction\b/.test(line) && line.slice(col).startsWith("nonReentrant");
    for (const h of hits) {
      total += 1;
      if (h > 0) covered += 1;
      if (isGuard) {
        guardTotal += 1;
        if (h > 0) guardCovered += 1;
      }
    }
  }
}
const pct = (c, t) => (t === 0 ? 100 : (100 * c) / t);
const shown = (p) => (Math.floor(p * 10) / 10).toFixed(1);
const all = pct(covered, total);
const figure = pct(covered - guardCovered, total - guardTotal);
console.log(
  `(${covered} of ${total} branches = ${shown(all)} % counting nonReentrant's re-entered side on every function; ` +
    `${covered - guardCovered} of ${total - guardTotal} without those ${guardTotal})`,
);
console.log(`branch coverage: ${shown(figure)} %`);
const floor = Number(process.env.COVERAGE_BRANCH_MIN ?? 90);
if (figure < floor) {
  console.error(`below the floor of ${floor} %`);
  process.exit(1);
}

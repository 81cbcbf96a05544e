#!/usr/bin/env node
// Ends the coverage run with one line, `branch coverage: NN %`, for the production contracts (mocks are
// skipped in .solcover.js). Read from coverage/coverage.json (solidity-coverage's istanbul data).
//
// solidity-coverage counts every modifier on every function as a branch with two sides. For
// `nonReentrant` the refusing side is reached only by a call that re-enters the same contract while one of
// its guarded functions runs: test/reentrancy.spec.ts reaches every one with a hostile counterparty that
// calls back. Those pseudo-branches (both sides) are still shown apart: the table gives each contract's
// branches without them and its guard sides, the line before the last the figure with them counted.
// COVERAGE_LIST_MISSED=1 lists the uncovered branches' lines. Exits 1 below the floor
// (COVERAGE_BRANCH_MIN, default 90) or when the data is missing.
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
/** Per source file: branches and covered, without and with nonReentrant's sides, and the uncovered ones. */
const perFile = [];
for (const [sourcePath, d] of Object.entries(data)) {
  if (/[\\/]mocks[\\/]/.test(sourcePath)) continue;
  const lines = fs.existsSync(sourcePath) ? fs.readFileSync(sourcePath, "utf8").split("\n") : [];
  const row = { file: path.relative(path.join(__dirname, "..", "contracts"), sourcePath), total: 0, covered: 0, guards: 0, guardsCovered: 0, missed: [] };
  for (const [id, branch] of Object.entries(d.branchMap)) {
    const hits = d.b[id];
    const line = lines[branch.line - 1] ?? "";
    const col = branch.locations[0].start.column;
    // a modifier's branch starts at the modifier's name (an if statement's at "if"), also on a signature
    // written over several lines
    const isGuard = branch.type === "if" && line.slice(col).startsWith("nonReentrant");
    hits.forEach((h, side) => {
      total += 1;
      if (h > 0) covered += 1;
      if (isGuard) {
        guardTotal += 1;
        row.guards += 1;
        if (h > 0) {
          guardCovered += 1;
          row.guardsCovered += 1;
        }
      } else {
        row.total += 1;
        if (h > 0) row.covered += 1;
      }
      if (h === 0) row.missed.push(`${branch.line}${hits.length > 1 ? (side === 0 ? " (taken)" : " (not taken)") : ""}`);
    });
  }
  if (row.total + row.guards > 0) perFile.push(row);
}
const pct = (c, t) => (t === 0 ? 100 : (100 * c) / t);
const shown = (p) => (Math.floor(p * 10) / 10).toFixed(1);
const all = pct(covered, total);
perFile.sort((a, b) => a.file.localeCompare(b.file));
console.log("| contract | branches | covered | nonReentrant sides | covered |");
console.log("| --- | ---: | ---: | ---: | ---: |");
for (const r of perFile) {
  console.log(`| ${r.file} | ${r.total} | ${r.covered} (${shown(pct(r.covered, r.total))} %) | ${r.guards} | ${r.guardsCovered} |`);
}
if (process.env.COVERAGE_LIST_MISSED) {
  for (const r of perFile) if (r.missed.length > 0) console.log(`uncovered in ${r.file}: lines ${r.missed.join(", ")}`);
}
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

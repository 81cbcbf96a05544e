import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runScenario } from "@lotgraph/stack";
import { openInChromium } from "@lotgraph/report/test/support/browser";
import { runMainJob, type Driver } from "../src";

// The stack's short scripted scenario stands in for the simulated year: it deposits, moves prices,
// rebalances, harvests yield, hedges and harvests a loss, which is every kind of event the reports use.
const scripted: Driver = async ({ deployment, log }) => {
  const steps = await runScenario(deployment, log);
  const events = steps.flatMap((s) => s.events);
  return {
    days: 3,
    transactions: new Set(events.map((e) => e.transactionHash)).size,
    keeperActions: events.filter((e) => e.name === "UpkeepPerformed").length,
    harvests: events.filter((e) => e.name === "LossHarvested").length,
  };
};

test("the main job: stack, a driven chain, indexer sync, tax reports for the year, and an HTML report that renders", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-main-"));
  const lines: string[] = [];
  try {
    const result = await runMainJob({
      dataDir: path.join(dir, "data"),
      reportsDir: path.join(dir, "reports"),
      freePorts: true,
      driver: scripted,
      log: (m) => lines.push(m),
    });
    assert.equal(result.drive.harvests, 1);
    const names = result.taxFiles.map((f) => path.relative(path.join(dir, "reports"), f)).sort();
    for (const f of ["form8949-2025.csv", "form8949-2025.pdf", "schedule-d-2025.csv", "income-2025.csv", "turbotax-2025.csv", "audit-trail-2025.csv"]) {
      assert.ok(names.includes(`2025/${f}`), `${f} written`);
    }
    // The loss harvest is on Form 8949 and traces to its log.
    const form = fs.readFileSync(path.join(dir, "reports/2025/audit-trail-2025.csv"), "utf8");
    assert.match(form, /UNI/);
    assert.match(form, /0x[0-9a-f]{64}/);
    // Rows name the store by a name that is the same on every machine, not by this run's absolute path.
    assert.match(form, /,lotgraph\.db Lot \d{12}-\d{6}:\d+,/);
    assert.ok(!form.includes(dir), "no absolute path of this machine in the audit trail");

    const page = await openInChromium(result.html, path.join(dir, "report.png"));
    assert.deepEqual(page.problems, []);
    const ids = page.charts.map((c) => c.id);
    const lp = ids.filter((id) => id.startsWith("chart-lp-"));
    assert.deepEqual(
      ids.filter((id) => !lp.includes(id)),
      ["chart-value", ...["USDC", "WETH", "WBTC", "LINK", "UNI"].map((a) => `chart-weight-${a}`), "chart-income", "chart-gains", "chart-hedges"],
    );
    // one chart per position of the liquidity manager, which deploySystem opens with the system
    assert.ok(lp.length >= 1 && lp.every((id) => /^chart-lp-\d+$/.test(id)), `liquidity charts: ${lp.join(", ")}`);
    for (const c of page.charts) assert.ok(c.paths > 3, `${c.id} has data`);
    assert.match(page.text, /1 harvest executed by the keeper/);
    assert.match(page.text, /not tax advice/);
    assert.ok(lines.some((l) => l.startsWith("HTML report:")));
    // Without --keep the stack is stopped before the summary, which does not offer its GraphQL URL.
    const stopped = lines.findIndex((l) => l.startsWith("graph-node:  stopped with the stack"));
    assert.ok(stopped > 0, lines.join("\n"));
    assert.deepEqual(lines.slice(stopped).filter((l) => l.includes(result.graphqlUrl)), []);
    assert.ok(!lines.some((l) => l.startsWith("READY")));
    // Each phase says when it starts and ends; the timings close the run.
    for (const phase of ["compile contracts", "deploy contracts", "build subgraph", "start graph-node, index to head", "indexer sync", "tax reports", "HTML report"]) {
      assert.ok(lines.includes(`… ${phase}`), `${phase} starts`);
      assert.ok(lines.some((l) => l.startsWith(`✓ ${phase} in `)), `${phase} ends`);
    }
    assert.match(lines[lines.length - 1], /^done in [\d.]+ s: .*compile contracts [\d.]+ s · .*simulated days [\d.]+ s · .*HTML report [\d.]+ s$/);
    process.stdout.write(`# main job with the scripted driver: ${JSON.stringify(result.timings)}\n`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the main job with the simulated market: four weeks of feeds, yield, funding and the keeper, then reports", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-main-"));
  try {
    const result = await runMainJob({
      days: 28,
      dataDir: path.join(dir, "data"),
      reportsDir: path.join(dir, "reports"),
      freePorts: true,
      log: () => {},
    });
    assert.equal(result.drive.days, 28);
    assert.ok(result.drive.keeperActions >= 4, "the keeper ran upkeeps");
    const income = fs.readFileSync(path.join(dir, "reports/2025/income-2025.csv"), "utf8").trim().split("\n");
    assert.ok(income.length > 2, "harvested yield is income");
    const page = await openInChromium(result.html, path.resolve(__dirname, "../../reports/screenshots/main-job-4-weeks.png"));
    assert.deepEqual(page.problems, []);
    for (const c of page.charts) assert.ok(c.paths > 3, `${c.id} has data`);
    process.stdout.write(`# main job, 28 simulated days: ${JSON.stringify(result.timings)}\n`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

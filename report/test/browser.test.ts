import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { renderReport } from "../src";
import { sampleReport } from "./fixture";
import { openInChromium } from "./support/browser";

test("the report renders in headless Chromium without console errors, with data in every chart", async () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "lotgraph-report-")), "report.html");
  writeFileSync(file, renderReport(sampleReport()));
  const shot = path.resolve(__dirname, "../../reports/screenshots/report-sample.png");
  const page = await openInChromium(file, shot);
  assert.deepEqual(page.charts.map((c) => c.id), ["chart-value", "chart-weights", "chart-income", "chart-gains", "chart-hedges"]);
  for (const c of page.charts) {
    assert.ok(c.paths > 3, `${c.id} has no plotted data`);
    assert.ok(c.width > 500, `${c.id} is not laid out`);
  }
  assert.ok(statSync(shot).size > 10_000);
  assert.deepEqual(page.problems, []);
});

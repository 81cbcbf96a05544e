import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { renderReport } from "../src";
import { sampleReport } from "./fixture";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

test("the report renders in headless Chromium without console errors, with data in every chart", async () => {
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: apt-get install chromium (scripts/install-system-deps.sh)`);
  const dir = mkdtempSync(path.join(os.tmpdir(), "lotgraph-report-"));
  const file = path.join(dir, "report.html");
  writeFileSync(file, renderReport(sampleReport()));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    const problems: string[] = [];
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("request", (r) => !r.url().startsWith("file:") && problems.push(`network request: ${r.url()}`));
    await page.goto(`file://${file}`);
    const charts = await page.$$eval("figure.chart", (figs) =>
      figs.map((f) => ({ id: f.id, paths: f.querySelectorAll("svg path").length, width: f.getBoundingClientRect().width })),
    );
    assert.deepEqual(charts.map((c) => c.id), ["chart-value", "chart-weights", "chart-income", "chart-gains", "chart-hedges"]);
    for (const c of charts) {
      assert.ok(c.paths > 3, `${c.id} has no plotted data`);
      assert.ok(c.width > 500, `${c.id} is not laid out`);
    }
    const outDir = path.resolve(__dirname, "../../reports/screenshots");
    mkdirSync(outDir, { recursive: true });
    const shot = path.join(outDir, "report-sample.png");
    await page.screenshot({ path: shot, fullPage: true });
    assert.ok(statSync(shot).size > 10_000);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

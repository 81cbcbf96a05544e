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
  const details: { visibleBefore: boolean; visibleAfter: boolean; rows: number }[] = [];
  const page = await openInChromium(file, shot, async (p) => {
    const row = p.locator("#stablecoin-disposals table tbody tr").first();
    const visibleBefore = await row.isVisible();
    await p.click("#stablecoin-disposals summary");
    details.push({ visibleBefore, visibleAfter: await row.isVisible(), rows: await p.locator("#stablecoin-disposals table tbody tr").count() });
  });
  assert.deepEqual(page.charts.map((c) => c.id), [
    "chart-value",
    "chart-weight-USDC",
    "chart-weight-WETH",
    "chart-weight-WBTC",
    "chart-income",
    "chart-gains",
    "chart-hedges",
    "chart-lp-7",
    "chart-lp-8",
  ]);
  for (const c of page.charts) {
    assert.ok(c.paths > 3, `${c.id} has no plotted data`);
    assert.ok(c.width > (c.id.startsWith("chart-weight-") ? 380 : 500), `${c.id} is not laid out`);
  }
  // the weight panels are small multiples side by side: two per row, same width
  const [usdc, weth, wbtc] = page.charts.filter((c) => c.id.startsWith("chart-weight-"));
  assert.equal(usdc.y, weth.y, "USDC and WETH share a row");
  assert.ok(weth.x > usdc.x + usdc.width - 1, "WETH is to the right of USDC");
  assert.ok(wbtc.y > usdc.y && wbtc.x === usdc.x, "WBTC starts the next row");
  // the stablecoin's disposals stay folded until asked for
  assert.deepEqual(details, [{ visibleBefore: false, visibleAfter: true, rows: 2 }]);
  assert.match(page.text, /USDC \(stablecoin\): 2 disposals/);
  assert.match(page.text, /\+ \$3,844\.00 funding received = \$834\.88 net/);
  assert.match(page.text, /USDC 10\.6 % · target 10\.0 % · \+60 bps/);
  assert.match(page.text, /The manager over 2 positions: \$51\.00 fees − \$152\.34 IL vs holding − \$30\.13 ratio-swap costs = −\$131\.47 net vs holding/);
  assert.match(page.text, /#8 WETH\/USDC 0\.30 %, range 1946\.96–2519\.99, 2025-02-09 → 2025-02-24 \(open, valued at the latest prices\)/);
  assert.ok(statSync(shot).size > 10_000);
  assert.deepEqual(page.problems, []);
});

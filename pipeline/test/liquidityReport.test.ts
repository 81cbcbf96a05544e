import { test } from "node:test";
import assert from "node:assert/strict";
import type { RangeAnalytics } from "@lotgraph/indexer";
import { feeTierText, figures, liquidityReport, toCents } from "../src/liquidityReport";

const E18 = 10n ** 18n;
const DAY = 86_400;
const T0 = 1_736_467_200; // 2025-01-10

function position(over: Partial<RangeAnalytics>): RangeAnalytics {
  return {
    id: "m-7", tokenId: "7", fee: 3000, tickLower: 199_200, tickUpper: 200_400,
    asset: "0x02", stable: "0x01", assetIsToken0: false, assetDecimals: 18, stableDecimals: 6,
    open: false, openedAt: T0, endAt: T0 + 30 * DAY, assetIn: 0n, stableIn: 0n,
    feesWad: 0n, collections: 0, endValueWad: 0n, holdWad: 0n, ilWad: 0n, swapCostWad: 0n, swaps: 0, gasWad: null, gasUsed: null, netWad: 0n,
    reranges: 0, skipped: 0, observedSeconds: 0, inRangeSeconds: 0, observations: [], points: [], sources: [],
    ...over,
  };
}

test("cents round half away from zero; fee tiers read as percentages", () => {
  assert.equal(toCents(5n * 10n ** 15n), 1n);
  assert.equal(toCents(-5n * 10n ** 15n), -1n);
  assert.equal(toCents(4_999n * 10n ** 12n), 0n);
  assert.deepEqual([500, 3000, 10_000].map(feeTierText), ["0.05 %", "0.30 %", "1.00 %"]);
});

test("the net shown is the sum of the parts as shown, each rounded to cents first", () => {
  // 0.005 + (−0.005) − 0.005: unrounded −0.005 (→ −0.01), rounded parts 0.01 − 0.01 − 0.01 = −0.01; with 0.004s: 0 + 0 − 0
  const f = figures({ feesWad: 5n * 10n ** 15n, ilWad: -5n * 10n ** 15n, swapCostWad: 5n * 10n ** 15n, gasWad: null, gasUsed: null, reranges: 0, skipped: 0, observedSeconds: 3 * DAY, inRangeSeconds: 2 * DAY });
  assert.deepEqual([f.feesUsd, f.ilUsd, f.swapCostUsd, f.gasUsd, f.netUsd], ["0.01", "-0.01", "0.01", null, "-0.01"]);
  assert.equal(f.inRangePct, "66.7");
  assert.equal(f.observedDays, "3.0");
  const g = figures({ feesWad: 4n * 10n ** 15n, ilWad: 4n * 10n ** 15n, swapCostWad: 4n * 10n ** 15n, gasWad: 2n * E18, gasUsed: 1_000_000n, reranges: 0, skipped: 0, observedSeconds: 0, inRangeSeconds: 0 });
  assert.deepEqual([g.netUsd, g.gasUsd, g.gasUnits, g.inRangePct], ["-2.00", "2.00", "1000000", null]);
});

test("positions become the report's rows: the range as the asset's price, lower first, and totals as sums of the rows", () => {
  const a = position({ feesWad: 51n * E18, ilWad: -5234n * E18 / 100n, swapCostWad: 2013n * E18 / 100n, reranges: 1, skipped: 2, observedSeconds: 30 * DAY, inRangeSeconds: 25 * DAY,
    points: [{ timestamp: T0, valueWad: 7999n * E18, holdWad: 8000n * E18, feesWad: 0n, assetInStableWad: 2000n * E18 }],
    observations: [{ timestamp: T0, tick: 199_800, inRange: true, tx: "0xa:0" }] });
  const b = position({ id: "m-8", tokenId: "8", open: true, tickLower: 198_000, tickUpper: 200_580, ilWad: -100n * E18, swapCostWad: 10n * E18, skipped: 1, observedSeconds: 15 * DAY, inRangeSeconds: 10 * DAY });
  const report = liquidityReport([{ manager: "m", positions: [a, b], feesWad: 0n, ilWad: 0n, swapCostWad: 0n, gasWad: null, gasUsed: null, netWad: 0n, reranges: 0, skipped: 0, observedSeconds: 0, inRangeSeconds: 0 }], new Map([["0x02", "WETH"], ["0x01", "USDC"]]));
  const [ra, rb] = report.positions;
  assert.equal(ra.pair, "WETH/USDC");
  // WETH is token1: the upper tick is the lower WETH price. 1e12 / 1.0001^200400 ≈ 1982.32, 1e12 / 1.0001^199200 ≈ 2235.05
  assert.deepEqual([ra.priceLower, ra.priceUpper], ["1982.32", "2235.05"]);
  assert.ok(Number(ra.priceLower) < 2000 && Number(ra.priceUpper) > 2200);
  assert.deepEqual([ra.netUsd, ra.inRangePct, ra.opened, ra.ended], ["-21.47", "83.3", "2025-01-10", "2025-02-09"]);
  assert.deepEqual(ra.series, [{ time: "2025-01-10T00:00:00.000Z", valueUsd: "7999.00", holdUsd: "8000.00", feesUsd: "0.00", price: "2000" }]);
  assert.equal(ra.ticks[0].price, "2104.89"); // 1e12 / 1.0001^199800
  assert.equal(rb.netUsd, "-110.00");
  assert.deepEqual(report.totals, { feesUsd: "51.00", ilUsd: "-152.34", swapCostUsd: "30.13", gasUsd: null, gasUnits: null, netUsd: "-131.47", reranges: 1, skipped: 3, inRangePct: "77.8", observedDays: "45.0" });
});

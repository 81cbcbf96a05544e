/**
 * The LP bench's path (src/lp/): the rule replayed on the bigint pool replica against passive full range and
 * the rule's opening range never moved, and the bench's summary over paths.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_PATH, POLICIES, runPath } from "../src/lp/run";
import { perYearPpm, summarise } from "../src/lp/compare";
import { rangeAround } from "../src/lp/rule";

const short = { ...DEFAULT_PATH, days: 20 };

describe("LP bench: the range rule against passive full range on the pool replica", () => {
  it("gives the same result for the same seed, to the wei, and another for another seed", () => {
    const a = runPath({ ...short, seed: 7 });
    const b = runPath({ ...short, seed: 7 });
    assert.deepEqual(a, b);
    assert.notDeepEqual(runPath({ ...short, seed: 8 }).manager, a.manager);
  });

  it("sets the range to ±k·σ·√h ticks, outward to the spacing", () => {
    const r = rangeAround(-195_300, 3n * 10n ** 16n, 60, DEFAULT_PATH.rule); // σ 3 % a day, WAD
    const half = Math.floor((2 * 0.03 * Math.sqrt(7)) / Math.log(1.0001));
    assert.equal(r.half, half);
    assert.deepEqual([r.lower, r.upper], [Math.floor((-195_300 - half) / 60) * 60, Math.ceil((-195_300 + half) / 60) * 60]);
  });

  it("re-ranges as the price wanders over two months, and never when gas costs more than any range could earn", () => {
    const months = runPath({ ...DEFAULT_PATH, days: 60, seed: 3 });
    assert.ok(months.manager.reranges > 0, `re-ranges ${months.manager.reranges}`);
    assert.ok(months.manager.gas > months.full.gas);
    const costly = runPath({ ...DEFAULT_PATH, days: 60, seed: 3, gasPriceWei: 10n ** 15n }); // 1,000,000 gwei
    assert.equal(costly.manager.reranges, 0);
  });

  it("earns the passive position's fees many times over in a narrower range, and accounts every dollar", () => {
    const r = runPath({ ...short, seed: 11 });
    assert.ok(r.full.fees > 0n && r.manager.fees > 5n * r.full.fees);
    for (const p of POLICIES) assert.equal(r[p].net, r[p].fees + r[p].impermanentLoss - r[p].gas - r[p].swapCost);
  });
});

describe("LP bench: three policies on the same paths", () => {
  const month = { ...DEFAULT_PATH, days: 30 };
  const results = [1, 2, 3].map((seed) => runPath({ ...month, seed }));

  it("keeps the fixed range where the manager opened, never re-ranged, paying only the collects' gas", () => {
    for (const r of results) {
      assert.equal(r.fixed.reranges, 0);
      assert.deepEqual(r.fixed.opened, r.manager.opened);
      assert.deepEqual(r.fixed.closed, r.fixed.opened);
      assert.ok(r.fixed.opened.upper - r.fixed.opened.lower < r.full.opened.upper - r.full.opened.lower);
      // same schedule, same prices: the fixed range's gas is exactly full range's, collects only
      assert.equal(r.fixed.collects, 4);
      assert.equal(r.fixed.gas, r.full.gas);
      assert.ok(r.fixed.gas > 0n);
    }
    assert.ok(results.some((r) => r.manager.reranges > 0 && r.manager.closed.lower !== r.manager.opened.lower));
  });

  it("values the three against the same holding at the same final pool price", () => {
    for (const r of results) {
      assert.equal(r.fixed.hold, r.full.hold);
      assert.equal(r.manager.hold, r.full.hold);
      assert.ok(r.capital > 59_000n * 10n ** 6n && r.capital <= 60_000n * 10n ** 6n, `capital ${r.capital}`);
    }
  });

  it("pays swap costs when it swaps to a range's ratio: the manager's re-ranges cost it more than the others", () => {
    for (const r of results) {
      for (const p of POLICIES) assert.ok(r[p].swapCost >= 0n);
      if (r.manager.reranges > 0) assert.ok(r.manager.swapCost > r.fixed.swapCost && r.manager.swapCost > r.full.swapCost);
    }
  });

  it("prints a summary line whose numbers are the per-path results' mean net difference a year and count ahead", () => {
    const ppm = results.map((r) => Number(((r.manager.net - r.full.net) * 365n * 1_000_000n) / (r.capital * 30n)));
    assert.deepEqual(ppm.map(BigInt), results.map((r) => perYearPpm(r.manager.net - r.full.net, r)));
    const mean = ppm.reduce((a, b) => a + b, 0) / ppm.length / 1e4;
    const ahead = results.filter((r) => r.manager.net > r.full.net).length;
    const m = /^manager vs full range: net ([+-]\d+\.\d\d) %\/yr, ahead on (\d+)\/(\d+) paths$/.exec(summarise(results).line);
    assert.ok(m, summarise(results).line);
    assert.equal(m[1], (mean >= 0 ? "+" : "") + mean.toFixed(2));
    assert.deepEqual([Number(m[2]), Number(m[3])], [ahead, 3]);
  });

  it("gives identical results and summary for the same seeds", () => {
    const again = [1, 2, 3].map((seed) => runPath({ ...month, seed }));
    assert.deepEqual(again, results);
    assert.equal(summarise(again).line, summarise(results).line);
  });
});

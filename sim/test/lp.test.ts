/**
 * The LP bench's path (src/lp/): the rule replayed on the bigint pool replica against passive full range.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_PATH, runPath } from "../src/lp/run";
import { rangeAround, LN_TICK } from "../src/lp/rule";

const short = { ...DEFAULT_PATH, days: 20 };

describe("LP bench: the range rule against passive full range on the pool replica", () => {
  it("gives the same result for the same seed, to the wei, and another for another seed", () => {
    const a = runPath({ ...short, seed: 7 });
    const b = runPath({ ...short, seed: 7 });
    assert.deepEqual(a, b);
    assert.notDeepEqual(runPath({ ...short, seed: 8 }).rule, a.rule);
  });

  it("sets the range to ±k·σ·√h ticks, outward to the spacing", () => {
    const r = rangeAround(-195_300, 0.03, 60, DEFAULT_PATH.rule);
    const half = Math.floor((2 * 0.03 * Math.sqrt(7)) / LN_TICK);
    assert.equal(r.half, half);
    assert.deepEqual([r.lower, r.upper], [Math.floor((-195_300 - half) / 60) * 60, Math.ceil((-195_300 + half) / 60) * 60]);
  });

  it("re-ranges as the price wanders over two months, and never when gas costs more than any range could earn", () => {
    const months = runPath({ ...DEFAULT_PATH, days: 60, seed: 3 });
    assert.ok(months.rule.reranges > 0, `re-ranges ${months.rule.reranges}`);
    assert.ok(months.rule.gas > 0n);
    const costly = runPath({ ...DEFAULT_PATH, days: 60, seed: 3, gasPriceWei: 10n ** 15n }); // 1,000,000 gwei
    assert.equal(costly.rule.reranges, 0);
  });

  it("earns the passive position's fees many times over in a narrower range, and accounts every dollar", () => {
    const r = runPath({ ...short, seed: 11 });
    assert.ok(r.passive.fees > 0n && r.rule.fees > 5n * r.passive.fees);
    for (const s of [r.passive, r.rule]) assert.equal(s.net, s.fees + s.impermanentLoss - s.gas);
  });
});

/** The allocation's two rules (src/allocation.ts) on hand-computed figures. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { decideMove, formatDecision, targetShares, toBps, type ChainFigures, type MoveCosts } from "../src/allocation";

const WAD = 10n ** 18n;
const HOME = 39001;
const L2 = 39002;
// Home: 4 % a year, σ 15 %, $3,650 of keeper gas a year; L2: 6 %, σ 25 %, $365.
const CHAINS: ChainFigures[] = [
  { eid: HOME, yield: 0.04, volatility: 0.15, gasUsdPerYear: 3650 },
  { eid: L2, yield: 0.06, volatility: 0.25, gasUsdPerYear: 365 },
];
const COSTS: MoveCosts = { bridgeFeeUsd: 1.05, sendGasUsd: 2, settleGasUsd: 0.3, deliveryGasUsd: 0.5 };
const values = (home: bigint, l2: bigint) => new Map([[HOME, home * WAD], [L2, l2 * WAD]]);

describe("target shares", () => {
  test("mean-variance weights from yield net of gas and volatility, as computed by hand", () => {
    const s = targetShares(CHAINS, { capitalUsd: 1_000_000 });
    // y = 0.03635, 0.059635; γv = 0.09, 0.25; μ = (0.03635/0.09 + 0.059635/0.25 − 1)/(1/0.09 + 1/0.25) = −0.0236635
    assert.ok(Math.abs(s[0].weight - 0.666806) < 1e-5, `home ${s[0].weight}`);
    assert.ok(Math.abs(s[1].weight - 0.333194) < 1e-5, `l2 ${s[1].weight}`);
    assert.deepEqual(s.map((x) => x.bps), [6669, 3331]);
  });

  test("more volatility or more gas lowers a chain's share; a chain far behind gets none", () => {
    const base = targetShares(CHAINS, { capitalUsd: 1_000_000 })[1].bps;
    const riskier = targetShares([CHAINS[0], { ...CHAINS[1], volatility: 0.4 }], { capitalUsd: 1_000_000 })[1].bps;
    const dearer = targetShares([CHAINS[0], { ...CHAINS[1], gasUsdPerYear: 20_000 }], { capitalUsd: 1_000_000 })[1].bps;
    assert.ok(riskier < base && dearer < base, `${riskier} ${dearer} < ${base}`);
    const none = targetShares([CHAINS[0], { ...CHAINS[1], yield: -0.2 }], { capitalUsd: 1_000_000 });
    assert.deepEqual(none.map((x) => x.bps), [10_000, 0]);
  });

  test("bps always sum to 10,000; the remainder goes to the largest", () => {
    assert.deepEqual(toBps([1 / 3, 1 / 3, 1 / 3]), [3334, 3333, 3333]);
    assert.deepEqual(toBps([0.2, 0.5, 0.3]), [2000, 5000, 3000]);
    const three = targetShares([...CHAINS, { eid: 39003, yield: 0.05, volatility: 0.2, gasUsdPerYear: 1000 }], { capitalUsd: 500_000 });
    assert.equal(three.reduce((s, x) => s + x.bps, 0), 10_000);
  });

  test("refuses bad input: no chains, a chain twice, a non-finite figure, no capital", () => {
    assert.throws(() => targetShares([], { capitalUsd: 1 }), /no chains/);
    assert.throws(() => targetShares([CHAINS[0], CHAINS[0]], { capitalUsd: 1 }), /twice/);
    assert.throws(() => targetShares([{ ...CHAINS[0], yield: NaN }], { capitalUsd: 1 }), /yield is NaN/);
    assert.throws(() => targetShares(CHAINS, { capitalUsd: 0 }), /capitalUsd/);
  });
});

describe("move decision", () => {
  const targetBps = new Map([[HOME, 6669], [L2, 3331]]);
  const decide = (home: bigint, l2: bigint, extra = {}) => decideMove({ chains: CHAINS, valuesUsd: values(home, l2), targetBps, costs: () => COSTS, ...extra });

  test("within the threshold nothing moves, whatever the gain", () => {
    const d = decide(700_000n, 300_000n);
    assert.equal(d.verdict, "within-threshold");
    assert.equal(d.maxDriftBps, 331);
    assert.equal(d.amount, 0n);
  });

  test("past the threshold it moves the smaller gap from the most over chain to the most under, when the gain beats the costs", () => {
    const d = decide(800_000n, 200_000n);
    console.log(`  ${formatDecision(d)}`);
    assert.equal(d.verdict, "move");
    assert.equal(d.srcEid, HOME);
    assert.equal(d.dstEid, L2);
    assert.equal(d.amountUsd, 133_100n * WAD); // 800,000 − 66.69 % of 1,000,000
    assert.equal(d.amount, 133_100_000_000n); // USDC base units at $1
    assert.ok(Math.abs(d.gainUsd - 247.87) < 0.01, `gain ${d.gainUsd}`);
    assert.ok(Math.abs(d.costUsd - 3.85) < 1e-9);
  });

  test("the same drift on a small portfolio does not pay for the bridge", () => {
    // $10,000 with a hundredth of the gas (the same net yields): the gain scales with the total, the costs do not
    const small = CHAINS.map((c) => ({ ...c, gasUsdPerYear: c.gasUsdPerYear / 100 }));
    const d = decideMove({ chains: small, valuesUsd: values(8_000n, 2_000n), targetBps, costs: () => COSTS });
    assert.ok(Math.abs(d.gainUsd - 2.4787) < 0.001, `gain ${d.gainUsd}`);
    console.log(`  ${formatDecision(d)}`);
    assert.equal(d.verdict, "gain-below-cost");
    assert.ok(d.gainUsd < d.costUsd && d.gainUsd > 0);
  });

  test("the amount is capped at the mover's maxPerMove", () => {
    const d = decide(800_000n, 200_000n, { maxPerMoveUsd: 50_000n * WAD });
    assert.equal(d.amount, 50_000_000_000n);
    assert.equal(d.verdict, "move");
  });

  test("refuses targets that do not sum to 10,000 or a chain without a value", () => {
    assert.throws(() => decideMove({ chains: CHAINS, valuesUsd: values(1n, 1n), targetBps: new Map([[HOME, 5000], [L2, 4000]]), costs: () => COSTS }), /sum to 9000/);
    assert.throws(() => decideMove({ chains: CHAINS, valuesUsd: new Map([[HOME, WAD]]), targetBps, costs: () => COSTS }), /no value for chain 39002/);
  });
});

/** The allocation's two rules (src/allocation.ts) on hand-computed figures. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { decideMove, formatDecision, formatUsd, rateToFixed, targetShares, toBps, type ChainFigures, type MoveCosts } from "../src/allocation";
import { marginUnits, weiToUsd } from "../src/allocationPass";

const WAD = 10n ** 18n;
const HOME = 39001;
const L2 = 39002;
// Home: 4 % a year, σ 15 %, $3,650 of keeper gas a year; L2: 6 %, σ 25 %, $365.
const CHAINS: ChainFigures[] = [
  { eid: HOME, yield: 0.04, volatility: 0.15, gasUsdPerYear: 3650n * WAD },
  { eid: L2, yield: 0.06, volatility: 0.25, gasUsdPerYear: 365n * WAD },
];
/** Dollars and cents as USD WAD. */
const cents = (c: bigint) => c * 10n ** 16n;
const COSTS: MoveCosts = { bridgeFeeUsd: cents(105n), sendGasUsd: cents(200n), settleGasUsd: cents(30n), deliveryGasUsd: cents(50n) };
const values = (home: bigint, l2: bigint) => new Map([[HOME, home * WAD], [L2, l2 * WAD]]);

describe("target shares", () => {
  test("mean-variance weights from yield net of gas and volatility, as computed by hand", () => {
    const s = targetShares(CHAINS, { capitalUsd: 1_000_000n * WAD });
    // y = 0.03635, 0.059635; γv = 0.09, 0.25; μ = (0.03635/0.09 + 0.059635/0.25 − 1)/(1/0.09 + 1/0.25) = −0.0236635
    assert.ok(Math.abs(s[0].weight - 0.666806) < 1e-5, `home ${s[0].weight}`);
    assert.ok(Math.abs(s[1].weight - 0.333194) < 1e-5, `l2 ${s[1].weight}`);
    assert.deepEqual(s.map((x) => x.bps), [6669, 3331]);
  });

  test("more volatility or more gas lowers a chain's share; a chain far behind gets none", () => {
    const base = targetShares(CHAINS, { capitalUsd: 1_000_000n * WAD })[1].bps;
    const riskier = targetShares([CHAINS[0], { ...CHAINS[1], volatility: 0.4 }], { capitalUsd: 1_000_000n * WAD })[1].bps;
    const dearer = targetShares([CHAINS[0], { ...CHAINS[1], gasUsdPerYear: 20_000n * WAD }], { capitalUsd: 1_000_000n * WAD })[1].bps;
    assert.ok(riskier < base && dearer < base, `${riskier} ${dearer} < ${base}`);
    const none = targetShares([CHAINS[0], { ...CHAINS[1], yield: -0.2 }], { capitalUsd: 1_000_000n * WAD });
    assert.deepEqual(none.map((x) => x.bps), [10_000, 0]);
  });

  test("bps always sum to 10,000; the remainder goes to the largest", () => {
    assert.deepEqual(toBps([1 / 3, 1 / 3, 1 / 3]), [3334, 3333, 3333]);
    assert.deepEqual(toBps([0.2, 0.5, 0.3]), [2000, 5000, 3000]);
    const three = targetShares([...CHAINS, { eid: 39003, yield: 0.05, volatility: 0.2, gasUsdPerYear: 1000n * WAD }], { capitalUsd: 500_000n * WAD });
    assert.equal(three.reduce((s, x) => s + x.bps, 0), 10_000);
  });

  test("refuses bad input: no chains, a chain twice, a non-finite figure, no capital", () => {
    assert.throws(() => targetShares([], { capitalUsd: WAD }), /no chains/);
    assert.throws(() => targetShares([CHAINS[0], CHAINS[0]], { capitalUsd: WAD }), /twice/);
    assert.throws(() => targetShares([{ ...CHAINS[0], yield: NaN }], { capitalUsd: WAD }), /yield is NaN/);
    assert.throws(() => targetShares(CHAINS, { capitalUsd: 0n }), /capitalUsd/);
  });
});

describe("fixed point and dollars", () => {
  test("rates go to 1e18 fixed point from their decimal form, rounded half away from zero", () => {
    assert.equal(rateToFixed(0.04), 4n * 10n ** 16n);
    assert.equal(rateToFixed(0.15), 15n * 10n ** 16n);
    assert.equal(rateToFixed(4), 4n * WAD);
    assert.equal(rateToFixed(1e-7), 10n ** 11n);
    assert.equal(rateToFixed(1.5e-18), 2n);
    assert.equal(rateToFixed(-1.5e-18), -2n);
    assert.equal(rateToFixed(1.4e-18), 1n);
    assert.equal(rateToFixed(2.5e21), 25n * 10n ** 38n);
    assert.throws(() => rateToFixed(Infinity, "yield"), /yield is Infinity/);
  });

  test("a cost in wei priced in USD WAD exactly, rounded up", () => {
    // 375,000 gas at 1 gwei = 0.000375 ETH, at $3,000 = $1.125
    assert.equal(weiToUsd(375_000n * 10n ** 9n, 3000n * WAD), 1_125_000_000_000_000_000n);
    assert.equal(weiToUsd(1n, 1n), 1n, "a dust cost is still a cost");
    assert.equal(weiToUsd(0n, 3000n * WAD), 0n);
    assert.throws(() => weiToUsd(-1n, WAD), /negative/);
  });

  test("the hedger's margin a move leaves in the vault: marginBps of the short's notional, in stablecoin units, rounded up", () => {
    // a 40 WETH short at $3,000 = $120,000 notional; 10 % margin = $12,000 = 12,000 USDC at $1
    const base = { size: -40n * WAD, price: 3000n * WAD, assetDecimals: 18, marginBps: 1000n, stablePrice: WAD, stableDecimals: 6 };
    assert.equal(marginUnits(base), 12_000_000_000n);
    assert.equal(marginUnits({ ...base, size: 40n * WAD }), 12_000_000_000n, "either sign");
    // the stablecoin at $0.99 buys less: 12,000 / 0.99 = 12,121.212122 (up)
    assert.equal(marginUnits({ ...base, stablePrice: 99n * 10n ** 16n }), 12_121_212_122n);
    // one wei of WETH still reserves a unit
    assert.equal(marginUnits({ ...base, size: 1n }), 1n);
    assert.equal(marginUnits({ ...base, size: 0n }), 0n);
    assert.throws(() => marginUnits({ ...base, stablePrice: 0n }), /stable's positive/);
  });

  test("dollars to the cent from USD WAD, half away from zero", () => {
    assert.equal(formatUsd(0n), "0.00");
    assert.equal(formatUsd(cents(385n)), "3.85");
    assert.equal(formatUsd(133_100n * WAD), "133100.00");
    assert.equal(formatUsd(5n * 10n ** 15n), "0.01");
    assert.equal(formatUsd(5n * 10n ** 15n - 1n), "0.00");
    assert.equal(formatUsd(-5n * 10n ** 15n), "-0.01");
    assert.equal(formatUsd(-(10n ** 15n)), "0.00");
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
    // y = 0.03635, 0.059635; ΔU·T = 133,100 × (0.059635 − 0.03635) − 2 × ((666,900² − 800,000²) × 0.0225
    //   + (333,100² − 200,000²) × 0.0625) / 1,000,000 = 45,236,697/15,000 = 3,015.78 a year; × 30/365 = 45,236,697/182,500 = $247.8723123287671232876…
    // (the exact fraction, × 1e18 = 18,094,678,800,000,000,000,000/73, rounded half away from zero)
    assert.equal(d.gainUsd, 247_872_312_328_767_123_288n);
    assert.equal(d.costUsd, cents(385n));
    assert.equal(formatUsd(d.gainUsd), "247.87");
  });

  test("the same drift on a small portfolio does not pay for the bridge", () => {
    // $10,000 with a hundredth of the gas (the same net yields): the gain scales with the total, the costs do not
    const small = CHAINS.map((c) => ({ ...c, gasUsdPerYear: c.gasUsdPerYear / 100n }));
    const d = decideMove({ chains: small, valuesUsd: values(8_000n, 2_000n), targetBps, costs: () => COSTS });
    // a hundredth of the gain above, exactly: 180,946,788,000,000,000,000/73 rounded
    assert.equal(d.gainUsd, 2_478_723_123_287_671_233n);
    console.log(`  ${formatDecision(d)}`);
    assert.equal(d.verdict, "gain-below-cost");
    assert.ok(d.gainUsd < d.costUsd && d.gainUsd > 0);
  });

  test("the amount is capped at the mover's maxPerMove", () => {
    const d = decide(800_000n, 200_000n, { maxPerMoveUsd: 50_000n * WAD });
    assert.equal(d.amount, 50_000_000_000n);
    assert.equal(d.verdict, "move");
  });

  test("refuses a cost that is not bigint USD WAD or is negative", () => {
    const float = { ...COSTS, bridgeFeeUsd: 1.05 } as unknown as MoveCosts;
    assert.throws(() => decide(800_000n, 200_000n, { costs: () => float }), /bridgeFeeUsd 1.05 must be a non-negative bigint/);
    assert.throws(() => decide(800_000n, 200_000n, { costs: () => ({ ...COSTS, sendGasUsd: -1n }) }), /sendGasUsd -1 must be/);
  });

  test("refuses targets that do not sum to 10,000 or a chain without a value", () => {
    assert.throws(() => decideMove({ chains: CHAINS, valuesUsd: values(1n, 1n), targetBps: new Map([[HOME, 5000], [L2, 4000]]), costs: () => COSTS }), /sum to 9000/);
    assert.throws(() => decideMove({ chains: CHAINS, valuesUsd: new Map([[HOME, WAD]]), targetBps, costs: () => COSTS }), /no value for chain 39002/);
  });
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { cholesky, compensatedDrift, defaultMarket, DEFAULT_EXPECTED_RETURN, simulate, toFeedAnswer, uniformCorrelation, type MarketConfig, type MarketDay } from "../src";

function noJumps(seed: number, days: number): MarketConfig {
  const c = defaultMarket(seed, days);
  c.assets = c.assets.map((a) => ({ ...a, jumpsPerYear: 0 }));
  c.regimes = [
    { ...c.regimes[0], leaveProbability: 0 },
    { ...c.regimes[1], leaveProbability: 0 },
  ];
  c.blackSwansPerYear = 0;
  return c;
}

test("the same seed gives the same path; another seed another", () => {
  const a = [...simulate(defaultMarket(7, 60))].map((d) => d.prices.WETH);
  const b = [...simulate(defaultMarket(7, 60))].map((d) => d.prices.WETH);
  const c = [...simulate(defaultMarket(8, 60))].map((d) => d.prices.WETH);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.equal(a.length, 61);
  assert.equal(a[0], 3000);
});

test("Cholesky factor reproduces the matrix", () => {
  const m = uniformCorrelation(4, 0.6);
  const l = cholesky(m);
  for (let i = 0; i < 4; i++)
    for (let j = 0; j < 4; j++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += l[i][k] * l[j][k];
      assert.ok(Math.abs(s - m[i][j]) < 1e-12);
    }
  assert.throws(() => cholesky([[1, 2], [2, 1]]), /not positive definite/);
});

test("without jumps the realised volatility and correlation match the model", () => {
  const days = [...simulate(noJumps(11, 20 * 365))].slice(1);
  const eth = days.map((d) => d.returns.WETH);
  const btc = days.map((d) => d.returns.WBTC);
  const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
  const sd = (x: number[]) => Math.sqrt(mean(x.map((v) => (v - mean(x)) ** 2)));
  const annualVol = sd(eth) * Math.sqrt(365);
  assert.ok(Math.abs(annualVol - 0.7) < 0.03, `annual vol ${annualVol}`);
  const cov = mean(eth.map((v, i) => (v - mean(eth)) * (btc[i] - mean(btc))));
  const rho = cov / (sd(eth) * sd(btc));
  assert.ok(Math.abs(rho - 0.6) < 0.04, `correlation ${rho}`);
});

test("a black swan moves every asset on the same day, and scripted feed faults arrive on their day", () => {
  const c = defaultMarket(3, 400);
  c.blackSwansPerYear = 365; // every day
  c.feedFaults = [{ day: 5, symbol: "LINK", kind: "stale" }];
  const days = [...simulate(c)];
  assert.ok(days.slice(1).every((d) => d.blackSwan));
  assert.ok(days[10].prices.WETH < 3000 * Math.exp(-0.35 * 5));
  assert.deepEqual(days[5].feedFaults, [{ day: 5, symbol: "LINK", kind: "stale" }]);
  assert.deepEqual(days[6].feedFaults, []);
});

test("feed answers are integers with explicit half-up rounding", () => {
  assert.equal(toFeedAnswer(3000), 300000000000n);
  assert.equal(toFeedAnswer(1.234567895), 123456790n);
  assert.equal(toFeedAnswer(0.000000004), 0n);
  assert.throws(() => toFeedAnswer(-1), /cannot turn price -1/);
  assert.throws(() => toFeedAnswer(Number.NaN), /cannot turn price NaN/);
});

test("the default market's expected yearly return is DEFAULT_EXPECTED_RETURN, jumps and crashes included", () => {
  assert.equal(compensatedDrift(0.25, { jumpsPerYear: 0, jumpMean: 0, jumpStd: 0 }, 0, 0), Math.log(1.25));
  // jumps and crashes cost return, so the drift that compensates them is higher
  assert.ok(compensatedDrift(0.25, { jumpsPerYear: 3, jumpMean: -0.04, jumpStd: 0.08 }, 0.5, -0.35) > Math.log(1.25) + 0.2);
  const paths = 600;
  let sum = 0;
  const ratios: number[] = [];
  for (let s = 0; s < paths; s++) {
    let last: MarketDay | undefined;
    for (const d of simulate(defaultMarket(1000 + s, 365))) last = d;
    const r = last!.prices.WBTC / 60000;
    sum += r;
    ratios.push(r);
  }
  const mean = sum / paths;
  assert.ok(Math.abs(mean - (1 + DEFAULT_EXPECTED_RETURN)) < 0.1, `mean WBTC year ${mean}`);
  ratios.sort((a, b) => a - b);
  const median = ratios[paths / 2];
  assert.ok(median > 0.8 && median < 1.15, `median WBTC year ${median}`);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import type { OpenLot } from "@lotgraph/tax";
import { DEFAULT_TRIM_DEFERRAL } from "../src/trimTax";
import { identifyRebalance, lessNamed, plannedTrims, reviewTrims, type RebalancePlan } from "../src/rebalanceLots";

const E18 = 10n ** 18n;
const USD = 10n ** 12n;
const WAD = 10n ** 18n;
const RATES = { shortTermBps: 3700, longTermBps: 2000 };
const CHAIN = 31337n;
const TODAY = 20_000;
const key = (block: bigint) => (CHAIN << 128n) | (block << 64n);

function lot(block: number, asset: string, units: bigint, basisUsd: bigint, startDay: number): OpenLot {
  return { id: `${block}-0`, wallet: "vault", asset, quantity: units * E18, basis: basisUsd * USD, acquiredDay: startDay, holdingPeriodStartDay: startDay };
}

/** USDC, LINK (18 decimals, $20, $1,200 over target of $10,000) and UNI ($8, under target). */
const PLAN: RebalancePlan = {
  assets: ["0xusdc", "0xlink", "0xuni"],
  decimals: [6, 18, 18],
  prices: [WAD, 20n * WAD, 8n * WAD],
  values: [4_000n * WAD, 4_200n * WAD, 1_800n * WAD],
  targets: [4_000n * WAD, 3_000n * WAD, 3_000n * WAD],
  total: 10_000n * WAD,
};
const SYMBOL: Record<string, string> = { "0xusdc": "USDC", "0xlink": "LINK", "0xuni": "UNI" };

test("the rebalance's trims are the assets above target by more than minTradeUsd, sold down to target at the plan's price", () => {
  const trims = plannedTrims(PLAN, 10n * WAD, (a) => SYMBOL[a]);
  assert.deepEqual(trims, [{ symbol: "LINK", address: "0xlink", decimals: 18, amount: 60n * E18, driftBps: 1200 }]);
  assert.deepEqual(plannedTrims(PLAN, 1_200n * WAD, (a) => SYMBOL[a]), [], "at minTradeUsd or under, nothing is sold");
});

test("each sale lists its lots least tax first with all each holds, minus what unindexed harvests already named", () => {
  const trims = plannedTrims(PLAN, 10n * WAD, (a) => SYMBOL[a]);
  // at $20: lot 3 a loss ($25), lot 1 a long-term gain ($10, 400 days), lot 2 a short-term gain ($12)
  const lots = [lot(1, "LINK", 40n, 400n, TODAY - 400), lot(2, "LINK", 40n, 480n, TODAY - 10), lot(3, "LINK", 30n, 750n, TODAY - 5), lot(4, "UNI", 10n, 100n, TODAY - 5)];
  const prices = { LINK: 20n * USD, UNI: 8n * USD };
  const plan = identifyRebalance(trims, lots, prices, TODAY, RATES, CHAIN);
  assert.ok(!("reason" in plan), "reason" in plan ? plan.reason : "");
  assert.deepEqual(plan.assets, ["0xlink"]);
  assert.deepEqual(plan.lotIds, [["3-0", "1-0", "2-0"]]);
  assert.deepEqual(plan.lots, [[key(3n), key(1n), key(2n)]]);
  assert.deepEqual(plan.available, [[30n * E18, 40n * E18, 40n * E18]]);
  // a harvest not indexed yet named 25 of lot 3: 5 remain listed
  const named = new Map([["3-0", 25n * E18]]);
  const less = identifyRebalance(trims, lots, prices, TODAY, RATES, CHAIN, named);
  assert.ok(!("reason" in less));
  assert.deepEqual(less.available, [[5n * E18, 40n * E18, 40n * E18]]);
  assert.equal(lessNamed(lots, new Map([["3-0", 30n * E18]]), 18).some((l) => l.id === "3-0"), false, "a lot named whole is gone");
});

test("no lots are named when the store's lots do not cover a sale (the store behind the chain)", () => {
  const trims = plannedTrims(PLAN, 10n * WAD, (a) => SYMBOL[a]);
  const r = identifyRebalance(trims, [lot(1, "LINK", 59n, 400n, TODAY - 10)], { LINK: 20n * USD }, TODAY, RATES, CHAIN);
  assert.ok("reason" in r);
  assert.match(r.reason, /hold 59000000000000000000 base units, the rebalance sells 60000000000000000000/);
});

test("the rebalance waits only when every trim may: short-term gains turning long-term soon, under the ceiling, never in risk-off or safe mode", () => {
  const trims = plannedTrims(PLAN, 10n * WAD, (a) => SYMBOL[a]); // drift 1,200 bps
  const prices = { LINK: 20n * USD };
  // 80 LINK bought at $10 340 days ago: a short-term gain, long-term (held more than a year) in 27 days
  const lots = [lot(1, "LINK", 80n, 800n, TODAY - 340)];
  const calm = { riskOff: false, safeMode: false };
  const r = reviewTrims(trims, lots, prices, TODAY, RATES, calm, DEFAULT_TRIM_DEFERRAL);
  assert.equal(r.defer, true, r.reviews[0].decision.reason);
  assert.equal(r.reviews[0].tax.shortTermGain, 600n * USD);
  assert.equal(r.reviews[0].tax.allLongTermFromDay! - TODAY, 27);
  assert.equal(reviewTrims(trims, lots, prices, TODAY, RATES, { riskOff: true, safeMode: false }, DEFAULT_TRIM_DEFERRAL).defer, false, "risk-off");
  assert.equal(reviewTrims(trims, lots, prices, TODAY, RATES, { riskOff: false, safeMode: true }, DEFAULT_TRIM_DEFERRAL).defer, false, "safe mode");
  const low = reviewTrims(trims, lots, prices, TODAY, RATES, calm, { ...DEFAULT_TRIM_DEFERRAL, ceilingBps: 1_200 });
  assert.equal(low.defer, false);
  assert.match(low.reviews[0].decision.reason, /drift 1200 bps is at or above the ceiling 1200 bps/);
  // lots that turn long-term beyond deferDays: no wait
  assert.equal(reviewTrims(trims, [lot(1, "LINK", 80n, 800n, TODAY - 200)], prices, TODAY, RATES, calm, DEFAULT_TRIM_DEFERRAL).defer, false);
  assert.equal(reviewTrims([], lots, prices, TODAY, RATES, calm, DEFAULT_TRIM_DEFERRAL).defer, false, "nothing to trim, nothing to wait for");
});

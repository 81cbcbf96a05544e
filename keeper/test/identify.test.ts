import { test } from "node:test";
import assert from "node:assert/strict";
import { openLotsFromEngine, TaxEngine, type LedgerEvent } from "@lotgraph/tax";
import { identifyLots, lotKeyOf, MAX_IDENTIFIED_LOTS } from "../src/identify";

const E18 = 10n ** 18n;
const USD = 10n ** 12n;
const DAY_MS = 86_400_000;
const T0 = Date.UTC(2025, 0, 1);
const RATES = { shortTermBps: 3700, longTermBps: 2000 };
const CHAIN = 31337n;
const lotId = (block: number) => `${String(block).padStart(12, "0")}-000000`;

function ev(kind: LedgerEvent["kind"], day: number, block: number, quantity: bigint, usd: bigint): LedgerEvent {
  const hash = "0x" + block.toString(16).padStart(64, "0");
  return { kind, wallet: "vault", asset: "X", time: T0 + day * DAY_MS, quantity, value: usd * USD, fee: 0n, tx: { raw: `${hash}:0`, hash, logIndex: 0 }, lot: kind === "buy" ? lotId(block) : undefined };
}

/**
 * Lot A $100 (block 1) and lot B $48 (block 2) on day 0; A sold at $40 on day 40 (a $60 loss), and lot C
 * bought for $45 five days later (block 4) is its replacement: C's adjusted basis is $105, its raw basis $45.
 * By raw basis B ($8 loss at $40) would go before C ($5); by adjusted basis C ($65) goes first.
 */
function washedLots() {
  const ledger = [ev("buy", 0, 1, E18, 100n), ev("buy", 0, 2, E18, 48n), ev("sell", 40, 3, E18, 40n), ev("buy", 45, 4, E18, 45n)];
  const result = new TaxEngine({ method: "specific", specificFallback: "hifo", washSales: true }).run(ledger);
  return openLotsFromEngine(result.lots);
}

test("the keeper names lots by the engine's adjusted basis: the wash-sale replacement's larger loss goes first", () => {
  const lots = washedLots();
  assert.deepEqual(lots.map((l) => [l.id, l.basis]), [[lotId(2), 48n * USD], [lotId(4), 105n * USD]], "C carries the $60 disallowed loss");
  // a sale of 1.5 X at $40 on day 50: C (loss $65 adjusted; $5 by the raw basis) first, then half of B
  const plan = identifyLots(lots, (3n * E18) / 2n, 18, 40n * USD, Math.floor(T0 / DAY_MS) + 50, RATES, CHAIN);
  assert.ok(!("reason" in plan), "reason" in plan ? plan.reason : "");
  assert.deepEqual(plan.picks, [{ lotId: lotId(4), amount: E18 }, { lotId: lotId(2), amount: E18 / 2n }]);
  assert.deepEqual(plan.keys, [(CHAIN << 128n) | (4n << 64n), (CHAIN << 128n) | (2n << 64n)]);
  assert.equal(plan.amounts.reduce((a, b) => a + b, 0n), (3n * E18) / 2n, "the amounts add up to the sale, as the gateway requires");
});

test("a 6-decimal token is named in its own base units, and pieces of one lot are named once", () => {
  const piece = { wallet: "vault", asset: "X", acquiredDay: 20_000, holdingPeriodStartDay: 20_000 };
  const lots = [
    { ...piece, id: lotId(7), quantity: 2n * E18, basis: 10n * USD },
    { ...piece, id: lotId(7), quantity: E18, basis: 5n * USD },
  ];
  const plan = identifyLots(lots, 2_500_000n, 6, 1n * USD, 20_010, RATES, CHAIN);
  assert.ok(!("reason" in plan));
  assert.deepEqual(plan.picks, [{ lotId: lotId(7), amount: 2_500_000n }]);
});

test("no lots are named when they cannot be: more than the gateway's bound, too few lots, a foreign id", () => {
  const piece = { wallet: "vault", asset: "X", acquiredDay: 20_000, holdingPeriodStartDay: 20_000 };
  const many = Array.from({ length: MAX_IDENTIFIED_LOTS + 1 }, (_, i) => ({ ...piece, id: lotId(i + 1), quantity: E18, basis: 2n * USD }));
  assert.match((identifyLots(many, BigInt(MAX_IDENTIFIED_LOTS + 1) * E18, 18, USD, 20_010, RATES, CHAIN) as { reason: string }).reason, /more than the 32/);
  assert.match((identifyLots(many.slice(0, 1), 2n * E18, 18, USD, 20_010, RATES, CHAIN) as { reason: string }).reason, /exceeds the open lots/);
  const csvLot = [{ ...piece, id: "0xabc:1", quantity: E18, basis: USD }];
  assert.match((identifyLots(csvLot, E18, 18, USD, 20_010, RATES, CHAIN) as { reason: string }).reason, /not a subgraph Lot id/);
  assert.equal(lotKeyOf("000000000012-000003", 1n), (1n << 128n) | (12n << 64n) | 3n);
});

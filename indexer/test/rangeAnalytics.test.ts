import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { rangeAnalytics } from "../src/analytics/liquidity/rangeAnalytics";
import { centsText } from "../src/analytics/liquidity/rangeMath";
import { loadCapturedEntities } from "../src/schema/captured";
import { openConnection } from "../src/store/open";
import { CHAIN_COLUMN, createTables } from "../src/store/tables";

// USDC sorts below WETH: USDC is the pools' token0, WETH token1
const USDC = "0x0000000000000000000000000000000000000001";
const WETH = "0x0000000000000000000000000000000000000002";
const MANAGER = "0x00000000000000000000000000000000000000cc";
const VAULT = "0x00000000000000000000000000000000000000aa";
const E18 = 10n ** 18n;
const E6 = 10n ** 6n;
const DAY = 86_400;
const T0 = 1_736_467_200; // 2025-01-10
const weth = (micro: bigint) => (micro * E18) / 1_000_000n; // millionths of a WETH
const hash = (block: number) => "0x" + block.toString(16).padStart(64, "0");
const at = (block: number, log: number, day: number) => ({
  id: `${String(block).padStart(12, "0")}-${String(log).padStart(6, "0")}`,
  blockNumber: String(block),
  logIndex: String(log),
  timestamp: String(T0 + day * DAY),
  transactionHash: hash(block),
});
/** each transaction's receipt gas, at 2 gwei: the first open, a kept decision, a collection, a kept decision, the re-range, a kept decision of B */
const GAS: Record<number, bigint> = { 10: 600_000n, 20: 100_000n, 30: 300_000n, 40: 100_000n, 50: 1_000_000n, 60: 100_000n };
const GWEI = 10n ** 9n;
const gas = (block: number) => ({ gasUsed: String(GAS[block]), gasPrice: String(2n * GWEI) });
const A = `${MANAGER}-7`;
const B = `${MANAGER}-8`;

const change = (block: number, log: number, day: number, position: string, kind: string, liquidity: bigint, assetAmount: bigint, stableAmount: bigint, wethUsd: bigint) => ({
  ...at(block, log, day), ...gas(block), manager: MANAGER, position, vault: VAULT, kind, tokenId: position.split("-")[1], liquidity: String(liquidity),
  asset: WETH, stable: USDC, assetAmount: String(assetAmount), stableAmount: String(stableAmount), assetDecimals: 18, stableDecimals: 6,
  assetPriceRaw: String(wethUsd * E18), stablePriceRaw: String(E18), priceSource: "EVENT",
});
const decision = (block: number, log: number, day: number, position: string | null, rerange: boolean, reason: string, tick: number) => ({
  ...at(block, log, day), ...gas(block), manager: MANAGER, position, rerange: rerange ? 1 : 0, reason, fee: 3000, tick, tickLower: 0, tickUpper: 0, newFeesUsd: "0", stayFeesUsd: "0", costUsd: "0",
});
/** a ratio swap; prices in cents per whole token */
const swap = (block: number, log: number, day: number, tokenIn: string, tokenOut: string, amountIn: bigint, amountOut: bigint, centsIn: bigint, centsOut: bigint) => ({
  ...at(block, log, day), manager: MANAGER, vault: VAULT, tokenIn, tokenOut, fee: 3000, amountIn: String(amountIn), amountOut: String(amountOut),
  decimalsIn: tokenIn === WETH ? 18 : 6, decimalsOut: tokenOut === WETH ? 18 : 6, priceInRaw: String((centsIn * E18) / 100n), priceOutRaw: String((centsOut * E18) / 100n), priceSource: "TRANSACTION",
});

// B's range and the position's liquidity: at the latest price ($3,000) the range lies wholly on the USDC side
const B_LOWER = 198_000;
const B_UPPER = 200_580;
const B_LIQUIDITY = 820_000_000_000_000n;

function rows() {
  return {
    Asset: [
      { id: USDC, symbol: "USDC", decimals: 6, isStable: 1, registered: 1 },
      { id: WETH, symbol: "WETH", decimals: 18, isStable: 0, registered: 1 },
    ],
    RangePosition: [
      { id: A, manager: MANAGER, vault: VAULT, tokenId: "7", fee: 3000, tickLower: 199_200, tickUpper: 200_400, twapTick: 199_800, sigma: "0.02", liquidity: "0", open: 0, openedAt: "10", openTransaction: hash(10), closedAt: "50", closeTransaction: hash(50) },
      { id: B, manager: MANAGER, vault: VAULT, tokenId: "8", fee: 3000, tickLower: B_LOWER, tickUpper: B_UPPER, twapTick: 199_300, sigma: "0.02", liquidity: String(B_LIQUIDITY), open: 1, openedAt: "50", openTransaction: hash(50) },
    ],
    RangeDecision: [
      decision(10, 0, 0, null, true, "OUT_OF_RANGE", 199_800), // the first open: in A's range
      decision(20, 0, 10, A, false, "IN_RANGE", 199_500), // in range, kept
      decision(40, 0, 25, A, false, "FEES_BELOW_COST", 198_100), // out of range, kept: fees below cost
      decision(50, 0, 30, A, true, "OUT_OF_RANGE", 198_500), // re-range: closes A, opens B (198,500 is in B's range)
      decision(60, 0, 40, B, false, "FEES_BELOW_COST", 197_000), // out of B's range, kept
    ],
    RangeRatioSwap: [
      swap(10, 1, 0, USDC, WETH, 1000n * E6, weth(490_000n), 100n, 2000_00n), // gives $1,000, gets 0.49 × 2,000 = $980
      swap(30, 1, 20, USDC, WETH, 10n * E6, weth(4_700n), 100n, 2100_00n), // gives $10, gets 0.0047 × 2,100 = $9.87
      swap(50, 2, 30, WETH, USDC, weth(300_000n), 650n * E6, 2200_00n, 100n), // gives 0.3 × 2,200 = $660, gets $650
    ],
    RangeLiquidityChange: [
      change(10, 2, 0, A, "OPEN", 1000n, 2n * E18, 4000n * E6, 2000n),
      change(30, 2, 20, A, "REINVEST", 5n, weth(14_700n), 20n * E6, 2100n),
      change(50, 1, 30, A, "CLOSE", 1005n, weth(500_000n), 7300n * E6, 2200n),
      change(50, 3, 30, B, "OPEN", B_LIQUIDITY, weth(1_500_000n), 5000n * E6, 2200n),
    ],
    RangeFeeCollection: [
      { ...at(30, 0, 20), ...gas(30), manager: MANAGER, position: A, vault: VAULT, tokenId: "7", asset: WETH, stable: USDC, assetAmount: String(weth(10_000n)), stableAmount: String(30n * E6), assetDecimals: 18, stableDecimals: 6, assetPriceRaw: String(2100n * E18), stablePriceRaw: String(E18) },
    ],
    PriceUpdate: [
      // WETH's price before the first transaction, which values gas until day 45
      { ...at(5, 0, -1), asset: WETH, priceUsd: "2000", priceRaw: String(2000n * E18), updatedAt: String(T0 - DAY), feedsUsed: 3, accepted: 1 },
      { ...at(70, 0, 45), asset: WETH, priceUsd: "3000", priceRaw: String(3000n * E18), updatedAt: String(T0 + 45 * DAY), feedsUsed: 3, accepted: 1 },
      { ...at(70, 1, 45), asset: USDC, priceUsd: "1", priceRaw: String(E18), updatedAt: String(T0 + 45 * DAY), feedsUsed: 3, accepted: 1 },
      { ...at(71, 0, 45), asset: WETH, priceUsd: "0", priceRaw: "0", updatedAt: String(T0 + 45 * DAY), feedsUsed: 0, accepted: 0 },
    ],
  };
}

async function storeWith(tables: Record<string, Record<string, unknown>[]>) {
  const store = await openConnection({ file: path.join(mkdtempSync(path.join(os.tmpdir(), "lotgraph-range-")), "store.db") });
  await createTables(store.db, loadCapturedEntities());
  for (const [table, list] of Object.entries(tables)) for (const row of list) await store.db.insertInto(table).values({ ...row, [CHAIN_COLUMN]: 31337, _block: 1 }).execute();
  return store;
}

/** 1.0001^n at 1e40, by squaring (an integer route apart from the analytics' decimal one) */
const SCALE = 10n ** 40n;
function pow10001(n: number): bigint {
  let result = SCALE;
  let base = (10001n * SCALE) / 10000n;
  for (let e = n; e > 0; e >>= 1) {
    if (e & 1) result = (result * base) / SCALE;
    base = (base * base) / SCALE;
  }
  return result;
}

test("a re-ranged position and an open one: fees at collection, IL against holding, swap costs, re-ranges and time in range, worked by hand", async () => {
  const store = await storeWith(rows());
  try {
    const [manager] = await rangeAnalytics(store.db);
    const [a, b] = manager.positions;
    assert.deepEqual([a.id, b.id], [A, B]);
    // the period runs from the opening log's time (RangePosition.openedAt and closedAt are block numbers)
    assert.deepEqual([a.openedAt, a.endAt, b.openedAt], [T0, T0 + 30 * DAY, T0 + 30 * DAY]);

    // A — put in: OPEN 2 WETH + 4,000 USDC, REINVEST 0.0147 WETH + 20 USDC
    assert.equal(a.assetIn, weth(2_014_700n));
    assert.equal(a.stableIn, 4020n * E6);
    // fees: 0.01 WETH × $2,100 + 30 USDC = $51
    assert.equal(a.feesWad, 51n * E18);
    // at the close ($2,200): the position returned 0.5 × 2,200 + 7,300 = $8,400; holding 2.0147 × 2,200 + 4,020 = $8,452.34
    assert.equal(a.endValueWad, 8400n * E18);
    assert.equal(a.holdWad, 845_234n * E18 / 100n);
    assert.equal(centsText(a.ilWad), "-52.34");
    // swaps of A's open and reinvest transactions: (1,000 − 980) + (10 − 9.87) = $20.13; the re-range's swap is B's
    assert.equal(a.swaps, 2);
    assert.equal(centsText(a.swapCostWad), "20.13");
    // gas: A's open, two kept decisions, its collection and the re-range that closed it (2.1 M gas at 2 gwei = 0.0042
    // ETH at $2,000 = $8.40); the re-range's transaction also opened B, and counts once, as A's
    assert.equal(a.gasUsed, 2_100_000n);
    assert.equal(centsText(a.gasWad!), "8.40");
    // net: 51 − 52.34 − 20.13 − 8.40
    assert.equal(centsText(a.netWad), "-29.87");
    assert.equal(a.reranges, 1);
    assert.equal(a.skipped, 2);
    // observed from the first open's decision (day 0) to the close (day 30); out of range from the day-25 decision
    assert.deepEqual([a.observedSeconds, a.inRangeSeconds], [30 * DAY, 25 * DAY]);
    assert.deepEqual(a.observations.map((o) => o.inRange), [true, true, false, false]);
    assert.equal(a.collections, 1);
    assert.deepEqual(a.points.map((p) => [p.timestamp - T0, centsText(p.holdWad), centsText(p.feesWad)]), [
      [0, "8000.00", "0.00"], // 2 × 2,000 + 4,000
      [20 * DAY, "8200.00", "51.00"], // the collection: 2 × 2,100 + 4,000
      [20 * DAY, "8250.87", "51.00"], // after the reinvest: 2.0147 × 2,100 + 4,020
      [30 * DAY, "8452.34", "51.00"],
    ]);
    assert.ok(a.sources.includes(`${hash(30)}:0`), "the collection's log is among A's sources");

    // B — open: valued at the latest accepted prices ($3,000; the rejected zero price ignored), above its range: all USDC
    // amount0 = L · (1/√p_a − 1/√p_b), √p = 1.0001^(tick/2)
    const invSqrt = (tick: number) => (SCALE * SCALE) / pow10001(tick / 2);
    const usdc = (B_LIQUIDITY * (invSqrt(B_LOWER) - invSqrt(B_UPPER))) / SCALE;
    const valueWad = usdc * 10n ** 12n; // base units at $1 → USD 1e-18
    assert.ok(b.open);
    assert.ok(b.endValueWad - valueWad <= 10n ** 12n && valueWad - b.endValueWad <= 10n ** 12n, `${b.endValueWad} vs ${valueWad}`);
    // holding 1.5 × 3,000 + 5,000
    assert.equal(b.holdWad, 9500n * E18);
    assert.equal(b.ilWad, b.endValueWad - 9500n * E18);
    assert.equal(b.feesWad, 0n);
    // the re-range's swap: 0.3 × 2,200 − 650 = $10
    assert.equal(b.swapCostWad, 10n * E18);
    // B's gas: its kept decision on day 40 (0.1 M gas × 2 gwei × $2,000 = $0.40)
    assert.equal(b.gasUsed, 100_000n);
    assert.equal(b.gasWad, 4n * E18 / 10n);
    assert.equal(b.netWad, b.ilWad - 10n * E18 - 4n * E18 / 10n);
    assert.deepEqual([b.reranges, b.skipped], [0, 1]);
    // observed from the re-range's decision (day 30, in B's range) to the last indexed time (day 45); out from day 40
    assert.deepEqual([b.observedSeconds, b.inRangeSeconds], [15 * DAY, 10 * DAY]);
    assert.equal(b.endAt, T0 + 45 * DAY);
    assert.deepEqual(b.points.map((p) => p.timestamp - T0), [30 * DAY, 45 * DAY]);
    assert.equal(b.points[1].assetInStableWad, 3000n * E18);

    // the manager: sums of its positions
    assert.equal(manager.feesWad, 51n * E18);
    assert.equal(manager.ilWad, a.ilWad + b.ilWad);
    assert.equal(centsText(manager.swapCostWad), "30.13");
    assert.equal(manager.netWad, a.netWad + b.netWad);
    assert.deepEqual([manager.reranges, manager.skipped], [1, 3]);
    assert.deepEqual([manager.observedSeconds, manager.inRangeSeconds], [45 * DAY, 35 * DAY]);
    assert.equal(manager.gasWad, 88n * E18 / 10n);
    assert.equal(manager.gasUsed, 2_200_000n);
  } finally {
    await store.db.destroy();
  }
});

test("a transaction without a receipt, or gas before any WETH price, leaves its position's gas unknown, never zero", async () => {
  const noReceipt = rows();
  noReceipt.RangeDecision[1] = { ...noReceipt.RangeDecision[1], gasUsed: null as unknown as string };
  const noPrice = rows();
  noPrice.PriceUpdate.shift();
  for (const [what, tables] of [["no receipt", noReceipt], ["no price", noPrice]] as const) {
    const store = await storeWith(tables);
    try {
      const [manager] = await rangeAnalytics(store.db);
      const [a, b] = manager.positions;
      assert.equal(a.gasWad, null, what);
      assert.equal(manager.gasWad, null, what);
      // without gas the net is fees + IL − swap costs
      assert.equal(centsText(a.netWad), "-21.47", what);
      if (what === "no receipt") assert.equal(b.gasWad, 4n * E18 / 10n, "B's own transaction had its receipt");
    } finally {
      await store.db.destroy();
    }
  }
});

test("a store without the manager's rows has no manager analytics", async () => {
  const store = await storeWith({});
  try {
    assert.deepEqual(await rangeAnalytics(store.db), []);
  } finally {
    await store.db.destroy();
  }
});

test("cents are rounded half away from zero from USD at 1e-18", () => {
  assert.equal(centsText(1_005n * 10n ** 13n), "0.01");
  assert.equal(centsText(-1_005n * 10n ** 13n), "-0.01");
  assert.equal(centsText(-4n * 10n ** 15n), "0.00");
  assert.equal(centsText(123_456n * 10n ** 16n), "1234.56");
});

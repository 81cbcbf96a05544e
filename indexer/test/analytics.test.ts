import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { hedgeSummary, impermanentLoss, purchaseLockouts, weightsVsTargets } from "../src/analytics/analytics";
import { D } from "../src/analytics/decimal";
import { loadCapturedEntities } from "../src/schema/captured";
import { openConnection } from "../src/store/open";
import { createTables } from "../src/store/tables";

test("impermanent loss of a constant-product position: 0 when unchanged, -5.72 % at 2x, -20 % at 4x, symmetric in log price", () => {
  assert.equal(impermanentLoss(new D(100), new D(100)).toString(), "0");
  assert.equal(impermanentLoss(new D(100), new D(400)).toString(), "-0.2");
  assert.equal(impermanentLoss(new D(100), new D(200)).toFixed(6), "-0.057191");
  assert.equal(impermanentLoss(new D(100), new D(50)).toFixed(6), "-0.057191");
  assert.equal(impermanentLoss(new D(100), new D(25)).toString(), "-0.2");
});

const USDC = "0x00000000000000000000000000000000000b0001";
const WETH = "0x00000000000000000000000000000000000b0002";
const VAULT = "0x00000000000000000000000000000000000a0001";
const DAY = 20089; // 2025-01-01

async function storeWith(rows: Record<string, Record<string, unknown>[]>) {
  const store = await openConnection({ file: path.join(mkdtempSync(path.join(os.tmpdir(), "lotgraph-analytics-")), "store.db") });
  await createTables(store.db, loadCapturedEntities());
  for (const [table, list] of Object.entries(rows)) {
    for (const row of list) await store.db.insertInto(table).values({ ...row, chain: 31337, _block: 1 }).execute();
  }
  return store;
}

test("weights vs targets compare the sleeve weight (the targets' basis), not the share of everything owned", async () => {
  // 100,000 USDC of 160,000 in a yield source: 18.75 % of everything owned, 10 % of the sleeve, on target
  const store = await storeWith({
    Asset: [
      { id: USDC, symbol: "USDC", decimals: 6, isStable: 1, registered: 1, safeMode: 0, feedCount: 5 },
      { id: WETH, symbol: "WETH", decimals: 18, isStable: 0, registered: 1, safeMode: 0, feedCount: 5 },
    ],
    VaultDailySnapshot: [{ id: `${VAULT}-${DAY}`, vault: VAULT, day: DAY, dayStartTimestamp: String(DAY * 86400), valueUsd: "1000000", sleeveValueUsd: "900000" }],
    PositionDailySnapshot: [
      { id: `${VAULT}-${USDC}-${DAY}`, vaultSnapshot: `${VAULT}-${DAY}`, asset: USDC, day: DAY, weight: "0.1875", sleeveWeight: "0.1", targetWeight: "0.1" },
      { id: `${VAULT}-${WETH}-${DAY}`, vaultSnapshot: `${VAULT}-${DAY}`, asset: WETH, day: DAY, weight: "0.8125", sleeveWeight: "0.9", targetWeight: "0.9" },
    ],
  });
  try {
    const points = await weightsVsTargets(store.db);
    assert.deepEqual(
      points.map((p) => [p.date, p.asset, p.weight.toString(), p.targetWeight?.toString(), p.driftBps?.toString(), p.holdingsWeight.toString()]),
      [
        ["2025-01-01", "USDC", "0.1", "0.1", "0", "0.1875"],
        ["2025-01-01", "WETH", "0.9", "0.9", "0", "0.8125"],
      ],
    );
  } finally {
    await store.db.destroy();
  }
});

test("hedge funding is the vault's cash flow (+ received) and the net adds it to the realized P&L; lockouts carry where the target is parked", async () => {
  const store = await storeWith({
    Asset: [
      { id: USDC, symbol: "USDC", decimals: 6, isStable: 1, registered: 1, safeMode: 0, feedCount: 5, lastPriceUsd: "1" },
      { id: WETH, symbol: "WETH", decimals: 18, isStable: 0, registered: 1, safeMode: 0, feedCount: 5, lastPriceUsd: "3000" },
    ],
    // the contract's sign: funding paid −3,844 means the short received 3,844
    HedgePosition: [
      { id: `${VAULT}-${WETH}`, vault: VAULT, asset: WETH, size: "-10000000000000000000", hedgeRatio: "1", lastPriceUsd: "3000", marginUsd: "6000", cumulativeFundingPaidUsd: "-3844", cumulativeRealizedPnlUsd: "-3009", adjustmentCount: 4 },
    ],
    PurchaseLockout: [{ id: "000000000009-000001", asset: WETH, until: String((DAY + 31) * 86400), substitute: USDC, blockNumber: "9", timestamp: String(DAY * 86400 + 3600), transactionHash: "0x01", logIndex: "1" }],
  });
  try {
    const [h] = await hedgeSummary(store.db);
    assert.deepEqual([h.fundingUsd.toString(), h.realizedPnlUsd.toString(), h.netUsd.toString()], ["3844", "-3009", "835"]);
    assert.deepEqual(await purchaseLockouts(store.db), [{ asset: "WETH", from: "2025-01-01", until: "2025-02-01", parkedIn: "USDC" }]);
  } finally {
    await store.db.destroy();
  }
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { CAPTURED_SOURCE_HASH, loadCapturedEntities, schemaSourceHash } from "../src/schema/captured";

test("the captured graph-node schema was taken from the current schema.graphql (else: npm run capture-schema -w indexer)", () => {
  assert.equal(readFileSync(CAPTURED_SOURCE_HASH, "utf8").trim(), schemaSourceHash());
});

test("the captured schema has the entities the tax engine and analytics read", () => {
  const names = loadCapturedEntities().map((e) => e.name);
  for (const name of ["Lot", "Disposal", "Harvest", "Trade", "VaultDailySnapshot", "PositionDailySnapshot", "HedgePosition", "RangeLiquidityChange", "RangeFeeCollection", "RangeRatioSwap", "RangePosition", "RangeDecision", "LiquidityManager", "HedgeDecision"]) {
    assert.ok(names.includes(name), name);
  }
});

test("the captured schema has the liquidity manager's fields the tax engine reads", () => {
  const byName = new Map(loadCapturedEntities().map((e) => [e.name, new Set(e.fields.map((f) => f.name))]));
  const needs: Record<string, string[]> = {
    RangeLiquidityChange: ["position", "vault", "kind", "tokenId", "liquidity", "asset", "stable", "assetAmount", "stableAmount", "assetPriceRaw", "stablePriceRaw", "priceSource", "blockNumber", "logIndex", "timestamp", "transactionHash"],
    RangeFeeCollection: ["vault", "asset", "stable", "assetAmount", "stableAmount", "assetPriceRaw", "stablePriceRaw", "blockNumber", "logIndex", "timestamp", "transactionHash"],
    RangeRatioSwap: ["vault", "tokenIn", "tokenOut", "amountIn", "amountOut", "priceInRaw", "priceOutRaw", "priceSource", "blockNumber", "logIndex", "timestamp", "transactionHash"],
  };
  for (const [entity, fields] of Object.entries(needs)) {
    const have = byName.get(entity);
    assert.ok(have, entity);
    for (const f of fields) assert.ok(have.has(f), `${entity}.${f}`);
  }
});

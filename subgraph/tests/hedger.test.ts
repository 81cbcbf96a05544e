import { BigInt } from "@graphprotocol/graph-ts";
import { UpkeepPerformed } from "../generated/Hedger/Hedger";
import { HedgeDecision } from "../generated/schema";
import { afterEach, assert, clearStore, describe, test } from "matchstick-as/assembly/index";
import { handleAssetAdded } from "../src/mappings/vault";
import { handleHedge, handleHedgeDecision, handleLiquidityReturned, handleUpkeepPerformed } from "../src/mappings/hedger";
import { assetAdded, DAY0, hedge, hedgeDecision, HEDGER, liquidityReturned, units, upkeepPerformed, usd, USDC, VAULT, WETH } from "./fixtures/events";

const POSITION = VAULT.toHexString() + "-" + WETH.toHexString();

describe("Hedger", () => {
  afterEach(() => {
    clearStore();
  });

  test("hedges move the hedge position and accumulate funding and realized P&L", () => {
    const short = BigInt.fromString("-2000000000000000000");
    handleHedge(hedge(WETH, BigInt.zero(), short, usd(2000), BigInt.zero(), BigInt.zero(), 3, 0, DAY0));
    assert.fieldEquals("HedgePosition", POSITION, "size", "-2000000000000000000");
    assert.fieldEquals("Hedge", "000000000003-000000", "consistent", "true");
    const smaller = BigInt.fromString("-1000000000000000000");
    handleHedge(hedge(WETH, short, smaller, usd(1900), usd(3, 25), usd(100), 4, 0, DAY0 + 3600));
    assert.fieldEquals("HedgePosition", POSITION, "size", "-1000000000000000000");
    assert.fieldEquals("HedgePosition", POSITION, "cumulativeFundingPaidUsd", "3.25");
    assert.fieldEquals("HedgePosition", POSITION, "cumulativeRealizedPnlUsd", "100");
    assert.fieldEquals("HedgePosition", POSITION, "adjustmentCount", "2");
    assert.fieldEquals("Hedge", "000000000004-000000", "priceUsd", "1900");
    assert.fieldEquals("Hedge", "000000000004-000000", "hedgeRatio", "1");
  });

  test("a negative realized P&L and received funding keep their signs", () => {
    handleHedge(hedge(WETH, BigInt.zero(), BigInt.fromI32(-5), usd(2000), usd(2).neg(), usd(40, 50).neg(), 3, 0, DAY0));
    assert.fieldEquals("Hedge", "000000000003-000000", "fundingPaidUsd", "-2");
    assert.fieldEquals("Hedge", "000000000003-000000", "realizedPnlUsd", "-40.5");
  });

  test("a sizeBefore that disagrees with the last hedge is flagged and sizeAfter wins", () => {
    handleHedge(hedge(WETH, BigInt.zero(), BigInt.fromI32(-100), usd(2000), BigInt.zero(), BigInt.zero(), 3, 0, DAY0));
    handleHedge(hedge(WETH, BigInt.fromI32(-70), BigInt.fromI32(-50), usd(2000), BigInt.zero(), BigInt.zero(), 4, 0, DAY0));
    assert.fieldEquals("Hedge", "000000000004-000000", "consistent", "false");
    assert.fieldEquals("HedgePosition", POSITION, "size", "-50");
  });

  test("a decision that traded is tied to the Hedge before it, with its figures; a skip has no Hedge", () => {
    const short = BigInt.fromString("-10000000000000000000");
    handleHedge(hedge(WETH, BigInt.zero(), short, usd(3000), BigInt.zero(), BigInt.zero(), 3, 4, DAY0));
    handleHedgeDecision(hedgeDecision(2, BigInt.zero(), short, usd(1, 50), usd(12), 3, 5, DAY0));
    const traded = "000000000003-000005";
    assert.fieldEquals("HedgeDecision", traded, "action", "HEDGE");
    assert.fieldEquals("HedgeDecision", traded, "hedge", "000000000003-000004");
    assert.fieldEquals("HedgeDecision", traded, "position", POSITION);
    assert.fieldEquals("HedgeDecision", traded, "fundingCostUsd", "1.5");
    assert.fieldEquals("HedgeDecision", traded, "lossSavedUsd", "12");
    assert.fieldEquals("HedgeDecision", traded, "edgeLossSavedUsd", "0.64");
    assert.fieldEquals("HedgeDecision", traded, "sigma", "0.08");
    assert.fieldEquals("HedgeDecision", traded, "fundingRate", "0.000000011574074074");
    assert.fieldEquals("HedgeDecision", traded, "sizeAfter", "-10000000000000000000");
    handleHedgeDecision(hedgeDecision(0, short, short, usd(4), usd(2), 5, 1, DAY0 + 3600));
    const skipped = "000000000005-000001";
    assert.fieldEquals("HedgeDecision", skipped, "action", "SKIP");
    assert.assertTrue(HedgeDecision.load(skipped)!.hedge == null);
    assert.fieldEquals("HedgeDecision", skipped, "sizeBefore", "-10000000000000000000");
    assert.fieldEquals("HedgePosition", POSITION, "adjustmentCount", "1");
  });

  test("UpkeepPerformed emitted by the hedger is recorded", () => {
    handleUpkeepPerformed(changetype<UpkeepPerformed>(upkeepPerformed(HEDGER, 4, 5, 1, DAY0)));
    assert.fieldEquals("Upkeep", "000000000005-000001", "actionName", "HEDGE");
  });

  test("the emergency exit's LP unwind opens LP_UNWIND lots at the oracle price, one per returned token", () => {
    handleAssetAdded(assetAdded(WETH, 18, "WETH", false, 2, 0, DAY0));
    handleAssetAdded(assetAdded(USDC, 6, "USDC", true, 2, 1, DAY0));
    handleLiquidityReturned(liquidityReturned(WETH, units(15, 17), usd(2000), 9, 3, DAY0 + 7200));
    handleLiquidityReturned(liquidityReturned(USDC, units(30005, 5), usd(1), 9, 4, DAY0 + 7200));
    const weth = "000000000009-000003";
    assert.fieldEquals("Lot", weth, "source", "LP_UNWIND");
    assert.fieldEquals("Lot", weth, "asset", WETH.toHexString());
    assert.fieldEquals("Lot", weth, "quantity", "1500000000000000000");
    assert.fieldEquals("Lot", weth, "costBasisUsd", "3000");
    assert.fieldEquals("Lot", weth, "logIndex", "3");
    assert.fieldEquals("Lot", "000000000009-000004", "costBasisUsd", "3000.5");
    assert.fieldEquals("Position", POSITION, "quantity", "1500000000000000000");
    assert.fieldEquals("Vault", VAULT.toHexString(), "lotCount", "2");
  });

  test("an LP unwind that returns nothing of a token records no lot", () => {
    handleAssetAdded(assetAdded(WETH, 18, "WETH", false, 2, 0, DAY0));
    handleLiquidityReturned(liquidityReturned(WETH, BigInt.zero(), usd(2000), 9, 3, DAY0 + 7200));
    assert.notInStore("Lot", "000000000009-000003");
    assert.fieldEquals("Position", POSITION, "quantity", "0");
  });
});

import { Address, BigInt, ethereum } from "@graphprotocol/graph-ts";
import { afterEach, assert, beforeEach, clearStore, describe, test } from "matchstick-as/assembly/index";
import { handlePriceUpdated } from "../src/mappings/oracle-hub";
import {
  handleLossHarvested,
  handlePurchaseLockoutSet,
  handleRebalance,
  handleTargetWeightsUpdated,
  handleTrade,
  handleUpkeepPerformed,
} from "../src/mappings/rebalancer";
import { handleAssetAdded, handleDeposited } from "../src/mappings/vault";
import {
  assetAdded,
  DAY0,
  deposited,
  FILL_IMPACT_BPS,
  lossHarvested,
  POOL,
  priceUpdated,
  purchaseLockoutSet,
  REBALANCER,
  rebalance,
  targetWeights,
  trade,
  units,
  upkeepPerformed,
  usd,
  USDC,
  VAULT,
  WBTC,
  WETH,
} from "./fixtures/events";

function positionOf(asset: Address): string {
  return VAULT.toHexString() + "-" + asset.toHexString();
}

describe("Rebalancer", () => {
  beforeEach(() => {
    handleAssetAdded(assetAdded(USDC, 6, "USDC", true, 1, 0, DAY0));
    handleAssetAdded(assetAdded(WETH, 18, "WETH", false, 1, 1, DAY0));
    handleAssetAdded(assetAdded(WBTC, 8, "WBTC", false, 1, 2, DAY0));
    handleDeposited(deposited(USDC, units(10000, 6), usd(1), 2, 0, DAY0 + 10));
    handleDeposited(deposited(WETH, units(2, 18), usd(2000), 2, 1, DAY0 + 10));
  });
  afterEach(() => {
    clearStore();
  });

  test("a trade is a disposal of tokenIn for the value received and a lot of tokenOut at that value", () => {
    // 1000 USDC (3 USDC fee inside) -> 0.4985 WETH at $2000.
    handleTrade(trade(1, USDC, WETH, units(1000, 6), BigInt.fromString("498500000000000000"), usd(1), usd(2000), units(3, 6), 3, 5, DAY0 + 20));
    const id = "000000000003-000005";
    assert.fieldEquals("Disposal", id, "kind", "TRADE");
    assert.fieldEquals("Disposal", id, "quantity", "1000000000");
    assert.fieldEquals("Disposal", id, "proceedsUsd", "997");
    assert.fieldEquals("Disposal", id, "feeQuantity", "3000000");
    assert.fieldEquals("Disposal", id, "feeUsd", "3");
    assert.fieldEquals("Disposal", id, "unitPriceUsd", "1");
    assert.fieldEquals("Disposal", id, "trade", id);
    assert.fieldEquals("Disposal", id, "positionShortfall", "0");
    assert.fieldEquals("Disposal", id, "logIndex", "5");
    assert.fieldEquals("Lot", id, "source", "REBALANCE_BUY");
    assert.fieldEquals("Lot", id, "quantity", "498500000000000000");
    assert.fieldEquals("Lot", id, "unitCostUsd", "2000");
    assert.fieldEquals("Lot", id, "costBasisUsd", "997");
    assert.fieldEquals("Lot", id, "trade", id);
    assert.fieldEquals("Trade", id, "valueInUsd", "1000");
    assert.fieldEquals("Trade", id, "valueOutUsd", "997");
    assert.fieldEquals("Trade", id, "feeTier", "3000");
    assert.fieldEquals("Trade", id, "pool", POOL.toHexString());
    assert.fieldEquals("Trade", id, "realisedPrice", "2006");
    assert.fieldEquals("Trade", id, "priceImpactBps", FILL_IMPACT_BPS.toString());
    assert.fieldEquals("Position", positionOf(USDC), "quantity", "9000000000");
    assert.fieldEquals("Position", positionOf(WETH), "quantity", "2498500000000000000");
    assert.fieldEquals("Vault", VAULT.toHexString(), "cumulativeFeesUsd", "3");
  });

  test("a fill better than the oracle keeps its negative impact", () => {
    const e = trade(1, USDC, WETH, units(1000, 6), BigInt.fromString("500100000000000000"), usd(1), usd(2000), units(3, 6), 3, 5, DAY0 + 20);
    e.parameters[11] = new ethereum.EventParam("realisedPrice", ethereum.Value.fromUnsignedBigInt(BigInt.fromString("1999600079984003199360")));
    e.parameters[12] = new ethereum.EventParam("priceImpactBps", ethereum.Value.fromSignedBigInt(BigInt.fromI32(-2)));
    handleTrade(e);
    assert.fieldEquals("Trade", "000000000003-000005", "realisedPrice", "1999.60007998400319936");
    assert.fieldEquals("Trade", "000000000003-000005", "priceImpactBps", "-2");
  });

  test("partial then full disposal of a position", () => {
    handleTrade(trade(1, WETH, USDC, units(5, 17), units(1000, 6), usd(2000), usd(1), BigInt.zero(), 3, 0, DAY0 + 20));
    assert.fieldEquals("Position", positionOf(WETH), "quantity", "1500000000000000000");
    assert.fieldEquals("Position", positionOf(WETH), "disposalCount", "1");
    handleTrade(trade(2, WETH, USDC, BigInt.fromString("1500000000000000000"), units(3300, 6), usd(2200), usd(1), BigInt.zero(), 4, 0, DAY0 + 30));
    assert.fieldEquals("Position", positionOf(WETH), "quantity", "0");
    assert.fieldEquals("Position", positionOf(WETH), "cumulativeDisposed", "2000000000000000000");
    assert.fieldEquals("Position", positionOf(WETH), "cumulativeProceedsUsd", "4300");
    assert.fieldEquals("Disposal", "000000000004-000000", "proceedsUsd", "3300");
    assert.fieldEquals("Disposal", "000000000004-000000", "positionShortfall", "0");
    // Selling more than is held is recorded in full, with the shortfall.
    handleTrade(trade(3, WETH, USDC, units(1, 18), units(2200, 6), usd(2200), usd(1), BigInt.zero(), 5, 0, DAY0 + 40));
    assert.fieldEquals("Disposal", "000000000005-000000", "quantity", "1000000000000000000");
    assert.fieldEquals("Disposal", "000000000005-000000", "positionShortfall", "1000000000000000000");
    assert.fieldEquals("Position", positionOf(WETH), "quantity", "0");
  });

  test("a rebalance with several trades collects them in chain order", () => {
    handleTrade(trade(7, USDC, WETH, units(2000, 6), units(1, 18), usd(1), usd(2000), BigInt.zero(), 3, 0, DAY0 + 20));
    handleTrade(trade(7, USDC, WBTC, units(3000, 6), units(5, 6), usd(1), usd(60000), BigInt.zero(), 3, 1, DAY0 + 20));
    handleTrade(trade(7, WETH, WBTC, units(5, 17), BigInt.fromI32(1666666), usd(2000), usd(60000), BigInt.zero(), 3, 2, DAY0 + 20));
    handleRebalance(rebalance(7, usd(14000), usd(13990), 3, 3, 3, DAY0 + 20));
    const id = "000000000003-000003";
    assert.fieldEquals("Rebalance", id, "trades", "[000000000003-000000, 000000000003-000001, 000000000003-000002]");
    assert.fieldEquals("Rebalance", id, "tradesReported", "3");
    assert.fieldEquals("Rebalance", id, "navAfterUsd", "13990");
    assert.fieldEquals("Vault", VAULT.toHexString(), "rebalanceCount", "1");
    assert.fieldEquals("Vault", VAULT.toHexString(), "lastReportedNavUsd", "13990");
    assert.fieldEquals("Lot", "000000000003-000001", "quantity", "5000000");
    assert.fieldEquals("Lot", "000000000003-000001", "costBasisUsd", "3000");
    assert.fieldEquals("Position", positionOf(WBTC), "quantity", "6666666");
    assert.fieldEquals("Position", positionOf(WBTC), "lotCount", "2");
    // The next rebalance starts with no trades of its own.
    handleRebalance(rebalance(8, usd(13990), usd(13990), 0, 4, 0, DAY0 + 30));
    assert.fieldEquals("Rebalance", "000000000004-000000", "trades", "[]");
  });

  test("a rebalance whose trade count disagrees with the Trade logs keeps both figures", () => {
    handleTrade(trade(9, USDC, WETH, units(2000, 6), units(1, 18), usd(1), usd(2000), BigInt.zero(), 3, 0, DAY0 + 20));
    handleRebalance(rebalance(9, usd(14000), usd(14000), 2, 3, 1, DAY0 + 20));
    assert.fieldEquals("Rebalance", "000000000003-000001", "tradesReported", "2");
    assert.fieldEquals("Rebalance", "000000000003-000001", "trades", "[000000000003-000000]");
  });

  test("a trade of an unknown token records it as unregistered instead of failing", () => {
    const unknown = Address.fromString("0x00000000000000000000000000000000000b0099");
    handleTrade(trade(1, USDC, unknown, units(100, 6), units(5, 18), usd(1), usd(20), BigInt.zero(), 3, 0, DAY0 + 20));
    assert.fieldEquals("Asset", unknown.toHexString(), "registered", "false");
    assert.fieldEquals("Lot", "000000000003-000000", "costBasisUsd", "100");
  });

  test("a loss harvest disposes of the asset, buys tokenOut and locks the asset's repurchase", () => {
    const lockout: i64 = DAY0 + 31 * 86400;
    handleLossHarvested(lossHarvested(WETH, USDC, units(1, 18), units(1497, 6), usd(1500), usd(1), units(3, 15), lockout, 5, 2, DAY0 + 100));
    const id = "000000000005-000002";
    assert.fieldEquals("LossHarvest", id, "proceedsUsd", "1497");
    assert.fieldEquals("LossHarvest", id, "feeUsd", "4.5");
    assert.fieldEquals("LossHarvest", id, "lockoutUntil", lockout.toString());
    assert.fieldEquals("LossHarvest", id, "pool", POOL.toHexString());
    assert.fieldEquals("LossHarvest", id, "realisedPrice", "2006");
    assert.fieldEquals("LossHarvest", id, "priceImpactBps", FILL_IMPACT_BPS.toString());
    assert.fieldEquals("Disposal", id, "kind", "LOSS_HARVEST");
    assert.fieldEquals("Disposal", id, "lossHarvest", id);
    assert.fieldEquals("Disposal", id, "proceedsUsd", "1497");
    assert.fieldEquals("Lot", id, "source", "LOSS_HARVEST_PROCEEDS");
    assert.fieldEquals("Lot", id, "quantity", "1497000000");
    assert.fieldEquals("Lot", id, "lossHarvest", id);
    assert.fieldEquals("Asset", WETH.toHexString(), "purchaseLockoutUntil", lockout.toString());
    assert.fieldEquals("Position", positionOf(WETH), "quantity", "1000000000000000000");
    // PurchaseLockoutSet names the substitute; an earlier "until" never shortens the lockout.
    handlePurchaseLockoutSet(purchaseLockoutSet(WETH, lockout - 100, USDC, 5, 3, DAY0 + 100));
    assert.fieldEquals("Asset", WETH.toHexString(), "purchaseLockoutUntil", lockout.toString());
    assert.fieldEquals("Asset", WETH.toHexString(), "purchaseLockoutSubstitute", USDC.toHexString());
    assert.fieldEquals("PurchaseLockout", "000000000005-000003", "until", (lockout - 100).toString());
  });

  test("target weights update each asset; mismatched arrays are recorded but not applied", () => {
    handleTargetWeightsUpdated(targetWeights([USDC, WETH], [usd(0, 40), usd(0, 60)], [usd(0, 1), usd(0, 5)], false, 3, 0, DAY0));
    assert.fieldEquals("Asset", WETH.toHexString(), "targetWeight", "0.6");
    assert.fieldEquals("Asset", WETH.toHexString(), "volatility", "0.05");
    assert.fieldEquals("TargetWeightsUpdate", "000000000003-000000", "applied", "true");
    handleTargetWeightsUpdated(targetWeights([USDC, WETH], [usd(1)], [usd(0, 1), usd(0, 5)], true, 4, 0, DAY0));
    assert.fieldEquals("TargetWeightsUpdate", "000000000004-000000", "applied", "false");
    assert.fieldEquals("Asset", WETH.toHexString(), "targetWeight", "0.6");
  });

  test("UpkeepPerformed records the action and the emitting contract", () => {
    handleUpkeepPerformed(upkeepPerformed(REBALANCER, 2, 6, 0, DAY0));
    assert.fieldEquals("Upkeep", "000000000006-000000", "actionName", "REBALANCE");
    assert.fieldEquals("Upkeep", "000000000006-000000", "emitter", REBALANCER.toHexString());
    handleUpkeepPerformed(upkeepPerformed(REBALANCER, 9, 7, 0, DAY0));
    assert.fieldEquals("Upkeep", "000000000007-000000", "actionName", "UNKNOWN");
  });

  test("trades revalue the vault in its daily snapshot, with weights against targets", () => {
    handlePriceUpdated(priceUpdated(USDC, usd(1), 2, 5, DAY0 + 10));
    handlePriceUpdated(priceUpdated(WETH, usd(2000), 2, 6, DAY0 + 10));
    handleTargetWeightsUpdated(targetWeights([USDC, WETH], [usd(0, 50), usd(0, 50)], [usd(0, 1), usd(0, 5)], false, 2, 7, DAY0 + 10));
    handleTrade(trade(1, USDC, WETH, units(3000, 6), BigInt.fromString("1500000000000000000"), usd(1), usd(2000), BigInt.zero(), 3, 0, DAY0 + 20));
    const day = (DAY0 / 86400).toString();
    const snap = VAULT.toHexString() + "-" + day;
    assert.fieldEquals("VaultDailySnapshot", snap, "valueUsd", "14000");
    assert.fieldEquals("VaultDailySnapshot", snap, "dailyTradeCount", "1");
    assert.fieldEquals("VaultDailySnapshot", snap, "dailyProceedsUsd", "3000");
    assert.fieldEquals("PositionDailySnapshot", positionOf(WETH) + "-" + day, "valueUsd", "7000");
    assert.fieldEquals("PositionDailySnapshot", positionOf(WETH) + "-" + day, "weight", "0.5");
    assert.fieldEquals("PositionDailySnapshot", positionOf(WETH) + "-" + day, "targetWeight", "0.5");
  });
});

import { BigInt, Bytes } from "@graphprotocol/graph-ts";
import { afterEach, assert, beforeEach, clearStore, describe, test } from "matchstick-as/assembly/index";
import {
  handleAllocated,
  handleHarvest,
  handleSourceExitFailed,
  handleSourceImpaired,
  handleSourceRemoved,
  handleSourceShutdown,
  handleYieldSourceAdded,
} from "../src/mappings/harvester";
import { handleMarginMoved } from "../src/mappings/hedger";
import { handlePriceUpdated } from "../src/mappings/oracle-hub";
import { handleTargetWeightsUpdated } from "../src/mappings/rebalancer";
import { handleAssetAdded, handleDeposited, handleEmergencyExit } from "../src/mappings/vault";
import {
  allocated,
  assetAdded,
  DAY0,
  deposited,
  emergencyExit,
  harvest,
  marginMoved,
  priceUpdated,
  SOURCE,
  SOURCE2,
  sourceExitFailed,
  sourceImpaired,
  sourceRemoved,
  sourceShutdown,
  targetWeights,
  units,
  usd,
  USDC,
  VAULT,
  WETH,
  yieldSourceAdded,
} from "./fixtures/events";

const V = VAULT.toHexString();
const USDC_POSITION = V + "-" + USDC.toHexString();
const WETH_POSITION = V + "-" + WETH.toHexString();
const DAY = "19723";

// 1,000 USDC and 1 WETH at $2,000: $3,000 owned. Then 400 USDC go into a yield source and 100 USDC are
// posted as perp margin, so the sleeve the rebalancer trades is 500 USDC + 1 WETH = $2,500.
describe("the rebalanced sleeve", () => {
  beforeEach(() => {
    handleAssetAdded(assetAdded(USDC, 6, "USDC", true, 1, 0, DAY0));
    handleAssetAdded(assetAdded(WETH, 18, "WETH", false, 1, 1, DAY0));
    handleYieldSourceAdded(yieldSourceAdded(SOURCE, USDC, 1, 2, DAY0));
    handlePriceUpdated(priceUpdated(USDC, usd(1), 2, 0, DAY0));
    handlePriceUpdated(priceUpdated(WETH, usd(2000), 2, 1, DAY0));
    handleDeposited(deposited(USDC, units(1000, 6), usd(1), 3, 0, DAY0 + 10));
    handleDeposited(deposited(WETH, units(1, 18), usd(2000), 3, 1, DAY0 + 10));
    handleTargetWeightsUpdated(targetWeights([USDC, WETH], [usd(0, 20), usd(0, 80)], [BigInt.zero(), usd(0, 5)], false, 4, 0, DAY0 + 20));
  });
  afterEach(() => {
    clearStore();
  });

  test("yield-source allocations and posted margin leave the position but not the sleeve's basis: sleeve weights match the targets", () => {
    handleAllocated(allocated(SOURCE, USDC, units(400, 6), 5, 0, DAY0 + 30));
    handleMarginMoved(marginMoved(WETH, units(100, 6), 6, 0, DAY0 + 40));
    assert.fieldEquals("Position", USDC_POSITION, "quantity", "1000000000");
    assert.fieldEquals("Position", USDC_POSITION, "inYieldSources", "400000000");
    assert.fieldEquals("Position", USDC_POSITION, "postedAsMargin", "100000000");
    assert.fieldEquals("Position", WETH_POSITION, "postedAsMargin", "0");
    const usdcDay = USDC_POSITION + "-" + DAY;
    const wethDay = WETH_POSITION + "-" + DAY;
    // a share of everything owned: 1,000 of 3,000
    assert.fieldEquals("PositionDailySnapshot", usdcDay, "weight", "0.3333333333333333333333333333333333");
    // a share of the sleeve, the targets' basis: 500 of 2,500 = the 20 % target
    assert.fieldEquals("PositionDailySnapshot", usdcDay, "sleeveQuantity", "500000000");
    assert.fieldEquals("PositionDailySnapshot", usdcDay, "sleeveValueUsd", "500");
    assert.fieldEquals("PositionDailySnapshot", usdcDay, "sleeveWeight", "0.2");
    assert.fieldEquals("PositionDailySnapshot", usdcDay, "targetWeight", "0.2");
    assert.fieldEquals("PositionDailySnapshot", wethDay, "sleeveWeight", "0.8");
    assert.fieldEquals("VaultDailySnapshot", V + "-" + DAY, "valueUsd", "3000");
    assert.fieldEquals("VaultDailySnapshot", V + "-" + DAY, "sleeveValueUsd", "2500");
  });

  test("a harvest's compounded part stays in the source; margin returned beyond what was posted joins the sleeve; an emergency exit empties the sources", () => {
    handleAllocated(allocated(SOURCE, USDC, units(400, 6), 5, 0, DAY0 + 30));
    handleMarginMoved(marginMoved(WETH, units(100, 6), 6, 0, DAY0 + 40));
    // 10 USDC of yield: all of it income (a lot), 4 of it compounded back into the source
    handleHarvest(harvest(SOURCE, USDC, units(10, 6), usd(1), usd(10), units(4, 6), 7, 0, DAY0 + 50));
    assert.fieldEquals("Position", USDC_POSITION, "quantity", "1010000000");
    assert.fieldEquals("Position", USDC_POSITION, "inYieldSources", "404000000");
    assert.fieldEquals("PositionDailySnapshot", USDC_POSITION + "-" + DAY, "sleeveQuantity", "506000000");
    // the perp returns 150 USDC (its 50 of profit and funding included)
    handleMarginMoved(marginMoved(WETH, BigInt.fromI64(-150000000), 8, 0, DAY0 + 60));
    assert.fieldEquals("Position", USDC_POSITION, "postedAsMargin", "-50000000");
    assert.fieldEquals("PositionDailySnapshot", USDC_POSITION + "-" + DAY, "sleeveQuantity", "656000000");
    handleEmergencyExit(emergencyExit(usd(3060), 9, 0, DAY0 + 70));
    assert.fieldEquals("Position", USDC_POSITION, "inYieldSources", "0");
    assert.fieldEquals("PositionDailySnapshot", USDC_POSITION + "-" + DAY, "sleeveQuantity", "1060000000");
    assert.fieldEquals("VaultDailySnapshot", V + "-" + DAY, "sleeveValueUsd", "3060");
  });

  test("a shut-down source's released principal rejoins the sleeve; its removal and impairment are recorded", () => {
    handleAllocated(allocated(SOURCE, USDC, units(400, 6), 5, 0, DAY0 + 30));
    assert.fieldEquals("YieldSource", SOURCE.toHexString(), "principal", "400000000");
    assert.fieldEquals("YieldSource", SOURCE.toHexString(), "vault", V);
    assert.fieldEquals("YieldSource", SOURCE.toHexString(), "status", "ACTIVE");
    handleSourceImpaired(sourceImpaired(SOURCE, 6, 0, DAY0 + 40));
    assert.fieldEquals("YieldSource", SOURCE.toHexString(), "lastImpairedBlock", "6");
    assert.fieldEquals("YieldSourceEvent", "000000000006-000000", "kind", "IMPAIRED");
    // 300 of the 400 redeemed; 10 shares would not redeem
    handleSourceShutdown(sourceShutdown(SOURCE, USDC, units(300, 6), BigInt.fromI32(10), 7, 0, DAY0 + 50));
    assert.fieldEquals("Position", USDC_POSITION, "inYieldSources", "100000000");
    assert.fieldEquals("YieldSource", SOURCE.toHexString(), "principal", "100000000");
    assert.fieldEquals("YieldSource", SOURCE.toHexString(), "status", "SHUT_DOWN");
    assert.fieldEquals("YieldSource", SOURCE.toHexString(), "sharesLeft", "10");
    assert.fieldEquals("YieldSourceEvent", "000000000007-000000", "principalReleased", "300000000");
    handleSourceRemoved(sourceRemoved(SOURCE, BigInt.fromI32(10), 8, 0, DAY0 + 60));
    assert.fieldEquals("YieldSource", SOURCE.toHexString(), "status", "REMOVED");
    assert.fieldEquals("YieldSourceEvent", "000000000008-000000", "kind", "REMOVED");
    assert.fieldEquals("YieldSourceEvent", "000000000008-000000", "sharesLeft", "10");
    assert.entityCount("YieldSourceEvent", 3);
  });

  test("an emergency exit releases the sources it redeemed, not one whose exit failed in the same transaction", () => {
    handleYieldSourceAdded(yieldSourceAdded(SOURCE2, USDC, 4, 1, DAY0 + 20));
    handleAllocated(allocated(SOURCE, USDC, units(400, 6), 5, 0, DAY0 + 30));
    handleAllocated(allocated(SOURCE2, USDC, units(150, 6), 5, 1, DAY0 + 30));
    handleHarvest(harvest(SOURCE2, USDC, units(10, 6), usd(1), usd(10), units(5, 6), 6, 0, DAY0 + 40));
    assert.fieldEquals("YieldSource", SOURCE2.toHexString(), "principal", "155000000");
    assert.fieldEquals("Position", USDC_POSITION, "inYieldSources", "555000000");
    // an earlier failure of SOURCE (another transaction) does not keep it in
    handleSourceExitFailed(sourceExitFailed(SOURCE, Bytes.fromHexString("0xdeadbeef"), 7, 0, DAY0 + 50));
    handleSourceExitFailed(sourceExitFailed(SOURCE2, Bytes.fromHexString("0x3ee5aeb5"), 9, 0, DAY0 + 70));
    handleEmergencyExit(emergencyExit(usd(3000), 9, 1, DAY0 + 70));
    assert.fieldEquals("Position", USDC_POSITION, "inYieldSources", "155000000");
    assert.fieldEquals("YieldSource", SOURCE.toHexString(), "principal", "0");
    assert.fieldEquals("YieldSource", SOURCE2.toHexString(), "principal", "155000000");
    assert.fieldEquals("YieldSourceEvent", "000000000009-000000", "kind", "EXIT_FAILED");
    assert.fieldEquals("YieldSourceEvent", "000000000009-000000", "reason", "0x3ee5aeb5");
    assert.fieldEquals("PositionDailySnapshot", USDC_POSITION + "-" + DAY, "sleeveQuantity", "855000000");
  });

  test("margin moved before the vault lists a stablecoin is not counted (and does not fail)", () => {
    clearStore();
    handleAssetAdded(assetAdded(WETH, 18, "WETH", false, 1, 1, DAY0));
    handleMarginMoved(marginMoved(WETH, units(100, 6), 6, 0, DAY0 + 40));
    assert.fieldEquals("Position", WETH_POSITION, "postedAsMargin", "0");
  });
});

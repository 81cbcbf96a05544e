import { BigInt } from "@graphprotocol/graph-ts";
import { afterEach, assert, beforeEach, clearStore, describe, test } from "matchstick-as/assembly/index";
import { handleAllocated, handleHarvest, handleYieldSourceAdded } from "../src/mappings/harvester";
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

  test("margin moved before the vault lists a stablecoin is not counted (and does not fail)", () => {
    clearStore();
    handleAssetAdded(assetAdded(WETH, 18, "WETH", false, 1, 1, DAY0));
    handleMarginMoved(marginMoved(WETH, units(100, 6), 6, 0, DAY0 + 40));
    assert.fieldEquals("Position", WETH_POSITION, "postedAsMargin", "0");
  });
});

import { BigInt } from "@graphprotocol/graph-ts";
import { UpkeepPerformed } from "../generated/Harvester/Harvester";
import { afterEach, assert, beforeEach, clearStore, describe, test } from "matchstick-as/assembly/index";
import { handleHarvest, handleUpkeepPerformed, handleYieldSourceAdded } from "../src/mappings/harvester";
import { handlePriceUpdated } from "../src/mappings/oracle-hub";
import { handleAssetAdded, handleDeposited } from "../src/mappings/vault";
import { assetAdded, DAY0, deposited, harvest, HARVESTER, priceUpdated, SOURCE, units, upkeepPerformed, usd, USDC, VAULT, yieldSourceAdded } from "./fixtures/events";

const POSITION = VAULT.toHexString() + "-" + USDC.toHexString();
const DAY: i64 = 86400;

describe("Harvester", () => {
  beforeEach(() => {
    handleAssetAdded(assetAdded(USDC, 6, "USDC", true, 1, 0, DAY0));
    handleYieldSourceAdded(yieldSourceAdded(SOURCE, USDC, 1, 1, DAY0));
  });
  afterEach(() => {
    clearStore();
  });

  test("the first harvest of a source opens an income lot at the oracle price", () => {
    handleHarvest(harvest(SOURCE, USDC, units(12, 6), usd(1), usd(12), units(2, 6), 5, 1, DAY0 + 100));
    const id = "000000000005-000001";
    assert.fieldEquals("Harvest", id, "firstOfSource", "true");
    assert.fieldEquals("Harvest", id, "incomeUsd", "12");
    assert.fieldEquals("Harvest", id, "compounded", "2000000");
    assert.fieldEquals("Lot", id, "source", "HARVEST_INCOME");
    assert.fieldEquals("Lot", id, "harvest", id);
    assert.fieldEquals("Lot", id, "quantity", "12000000");
    assert.fieldEquals("Lot", id, "costBasisUsd", "12");
    assert.fieldEquals("YieldSource", SOURCE.toHexString(), "harvestCount", "1");
    assert.fieldEquals("YieldSource", SOURCE.toHexString(), "firstHarvestBlock", "5");
    assert.fieldEquals("YieldSource", SOURCE.toHexString(), "registered", "true");
    assert.fieldEquals("Position", POSITION, "cumulativeIncomeUsd", "12");
    assert.fieldEquals("Vault", VAULT.toHexString(), "cumulativeIncomeUsd", "12");

    handleHarvest(harvest(SOURCE, USDC, units(3, 6), usd(0, 99), BigInt.fromString("2970000000000000000"), BigInt.zero(), 9, 0, DAY0 + 200));
    assert.fieldEquals("Harvest", "000000000009-000000", "firstOfSource", "false");
    assert.fieldEquals("Lot", "000000000009-000000", "unitCostUsd", "0.99");
    assert.fieldEquals("YieldSource", SOURCE.toHexString(), "firstHarvestBlock", "5");
    assert.fieldEquals("YieldSource", SOURCE.toHexString(), "lastHarvestBlock", "9");
    assert.fieldEquals("YieldSource", SOURCE.toHexString(), "cumulativeIncomeUsd", "14.97");
    assert.fieldEquals("YieldSource", SOURCE.toHexString(), "cumulativeCompounded", "2000000");
    assert.fieldEquals("Position", POSITION, "quantity", "15000000");
  });

  test("a harvest from an unregistered source records the source as unregistered", () => {
    clearStore();
    handleAssetAdded(assetAdded(USDC, 6, "USDC", true, 1, 0, DAY0));
    handleHarvest(harvest(SOURCE, USDC, units(1, 6), usd(1), usd(1), BigInt.zero(), 5, 0, DAY0));
    assert.fieldEquals("YieldSource", SOURCE.toHexString(), "registered", "false");
    assert.fieldEquals("Harvest", "000000000005-000000", "firstOfSource", "true");
    assert.entityCount("Lot", 1);
  });

  test("daily snapshots roll over at midnight UTC and count the day's income", () => {
    handlePriceUpdated(priceUpdated(USDC, usd(1), 2, 0, DAY0));
    handleDeposited(deposited(USDC, units(1000, 6), usd(1), 3, 0, DAY0 + 10));
    handleHarvest(harvest(SOURCE, USDC, units(5, 6), usd(1), usd(5), BigInt.zero(), 4, 0, DAY0 + DAY - 1));
    handleHarvest(harvest(SOURCE, USDC, units(7, 6), usd(1), usd(7), BigInt.zero(), 5, 0, DAY0 + DAY));
    const day0 = (DAY0 / DAY) as i32;
    const first = VAULT.toHexString() + "-" + day0.toString();
    const second = VAULT.toHexString() + "-" + (day0 + 1).toString();
    assert.fieldEquals("VaultDailySnapshot", first, "dailyIncomeUsd", "5");
    assert.fieldEquals("VaultDailySnapshot", first, "dailyHarvestCount", "1");
    assert.fieldEquals("VaultDailySnapshot", first, "valueUsd", "1005");
    assert.fieldEquals("VaultDailySnapshot", first, "lastBlock", "4");
    assert.fieldEquals("VaultDailySnapshot", second, "dailyIncomeUsd", "7");
    assert.fieldEquals("VaultDailySnapshot", second, "cumulativeIncomeUsd", "12");
    assert.fieldEquals("VaultDailySnapshot", second, "valueUsd", "1012");
    assert.fieldEquals("VaultDailySnapshot", second, "dayStartTimestamp", (DAY0 + DAY).toString());
    assert.fieldEquals("PositionDailySnapshot", POSITION + "-" + day0.toString(), "quantity", "1005000000");
    assert.fieldEquals("PositionDailySnapshot", POSITION + "-" + (day0 + 1).toString(), "quantity", "1012000000");
    assert.fieldEquals("PositionDailySnapshot", POSITION + "-" + (day0 + 1).toString(), "weight", "1");
  });

  test("UpkeepPerformed emitted by the harvester is recorded with it as emitter", () => {
    handleUpkeepPerformed(changetype<UpkeepPerformed>(upkeepPerformed(HARVESTER, 3, 6, 0, DAY0)));
    assert.fieldEquals("Upkeep", "000000000006-000000", "actionName", "HARVEST");
    assert.fieldEquals("Upkeep", "000000000006-000000", "emitter", HARVESTER.toHexString());
  });
});

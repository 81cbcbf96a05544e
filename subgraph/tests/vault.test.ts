import { BigInt } from "@graphprotocol/graph-ts";
import { afterEach, assert, clearStore, describe, test } from "matchstick-as/assembly/index";
import { handleAssetAdded, handleDeposited, handleWithdrawn } from "../src/mappings/vault";
import { assetAdded, DAY0, deposited, units, usd, USDC, VAULT, WETH, withdrawn } from "./fixtures/events";

const POSITION = VAULT.toHexString() + "-" + WETH.toHexString();

describe("Vault", () => {
  afterEach(() => {
    clearStore();
  });

  test("AssetAdded registers the asset's metadata and an empty position", () => {
    handleAssetAdded(assetAdded(USDC, 6, "USDC", true, 10, 0, DAY0));
    assert.fieldEquals("Asset", USDC.toHexString(), "symbol", "USDC");
    assert.fieldEquals("Asset", USDC.toHexString(), "decimals", "6");
    assert.fieldEquals("Asset", USDC.toHexString(), "isStable", "true");
    assert.fieldEquals("Asset", USDC.toHexString(), "registered", "true");
    assert.fieldEquals("Vault", VAULT.toHexString(), "assets", "[" + USDC.toHexString() + "]");
    assert.fieldEquals("Position", VAULT.toHexString() + "-" + USDC.toHexString(), "quantity", "0");
  });

  test("a deposit opens a DEPOSIT lot at its fair market value, traceable to its log", () => {
    handleAssetAdded(assetAdded(WETH, 18, "WETH", false, 10, 0, DAY0));
    handleDeposited(deposited(WETH, units(3, 17), usd(2500, 50), 11, 4, DAY0 + 60));
    const id = "000000000011-000004";
    assert.fieldEquals("Lot", id, "source", "DEPOSIT");
    assert.fieldEquals("Lot", id, "quantity", "300000000000000000");
    assert.fieldEquals("Lot", id, "unitCostUsd", "2500.5");
    assert.fieldEquals("Lot", id, "costBasisUsd", "750.15");
    assert.fieldEquals("Lot", id, "logIndex", "4");
    assert.fieldEquals("Lot", id, "blockNumber", "11");
    assert.fieldEquals("Lot", id, "deposit", id);
    assert.fieldEquals("Deposit", id, "valueUsd", "750.15");
    assert.fieldEquals("Position", POSITION, "quantity", "300000000000000000");
    assert.fieldEquals("Vault", VAULT.toHexString(), "cumulativeDepositedUsd", "750.15");
  });

  test("a deposit of an asset never added is recorded under an unregistered placeholder", () => {
    handleDeposited(deposited(WETH, units(1, 18), usd(2000), 11, 0, DAY0));
    assert.fieldEquals("Asset", WETH.toHexString(), "registered", "false");
    assert.fieldEquals("Asset", WETH.toHexString(), "decimals", "18");
    assert.fieldEquals("Lot", "000000000011-000000", "quantity", "1000000000000000000");
    // AssetAdded afterwards fills in the metadata.
    handleAssetAdded(assetAdded(WETH, 18, "WETH", false, 12, 0, DAY0));
    assert.fieldEquals("Asset", WETH.toHexString(), "registered", "true");
    assert.fieldEquals("Asset", WETH.toHexString(), "symbol", "WETH");
  });

  test("a withdrawal lowers the position without a disposal; over-withdrawal floors at zero", () => {
    handleAssetAdded(assetAdded(WETH, 18, "WETH", false, 10, 0, DAY0));
    handleDeposited(deposited(WETH, units(2, 18), usd(2000), 11, 0, DAY0));
    handleWithdrawn(withdrawn(WETH, units(1, 18), usd(2100), 12, 0, DAY0));
    assert.fieldEquals("Position", POSITION, "quantity", "1000000000000000000");
    assert.fieldEquals("Withdrawal", "000000000012-000000", "valueUsd", "2100");
    assert.fieldEquals("Withdrawal", "000000000012-000000", "positionShortfall", "0");
    assert.entityCount("Disposal", 0);
    handleWithdrawn(withdrawn(WETH, units(3, 18), usd(2100), 13, 0, DAY0));
    assert.fieldEquals("Position", POSITION, "quantity", "0");
    assert.fieldEquals("Withdrawal", "000000000013-000000", "positionShortfall", "2000000000000000000");
    assert.fieldEquals("Position", POSITION, "cumulativeWithdrawn", BigInt.fromI32(4).times(BigInt.fromI32(10).pow(18)).toString());
  });
});

import { BigInt } from "@graphprotocol/graph-ts";
import { afterEach, assert, beforeEach, clearStore, describe, test } from "matchstick-as/assembly/index";
import { LotIdentification } from "../generated/schema";
import { handleAssetAdded, handleDeposited } from "../src/mappings/vault";
import { handleLossHarvested, handleTrade } from "../src/mappings/rebalancer";
import { handleLotsIdentified } from "../src/mappings/keeper-gateway";
import { assetAdded, DAY0, deposited, lossHarvested, lotKey, lotsIdentified, trade, units, usd, USDC, WBTC, WETH } from "./fixtures/events";

const CHAIN = 31337;

describe("KeeperGateway LotsIdentified", () => {
  beforeEach(() => {
    handleAssetAdded(assetAdded(USDC, 6, "USDC", true, 1, 0, DAY0));
    handleAssetAdded(assetAdded(WETH, 18, "WETH", false, 1, 1, DAY0));
    handleAssetAdded(assetAdded(WBTC, 8, "WBTC", false, 1, 2, DAY0));
    // two lots of WETH: 000000000002-000000 (2 WETH) and 000000000003-000004 (1 WETH)
    handleDeposited(deposited(WETH, units(2, 18), usd(2000), 2, 0, DAY0));
    handleDeposited(deposited(WETH, units(1, 18), usd(2500), 3, 4, DAY0 + 60));
  });

  afterEach(() => {
    clearStore();
  });

  test("each named lot becomes a LotIdentification of the sale's disposal in the same transaction", () => {
    const lockout: i64 = DAY0 + 31 * 86400;
    // block 5: the loss harvest at log 2, the gateway's identification at log 4 (same transaction)
    handleLossHarvested(lossHarvested(WETH, USDC, units(15, 17), units(2000, 6), usd(1400), usd(1), units(3, 15), lockout, 5, 2, DAY0 + 100));
    const amounts: BigInt[] = [units(1, 18), units(5, 17)];
    handleLotsIdentified(lotsIdentified(WETH, units(15, 17), [lotKey(CHAIN, 3, 4), lotKey(CHAIN, 2, 0)], amounts, 5, 4, DAY0 + 100));

    const first = "000000000005-000004-000";
    const second = "000000000005-000004-001";
    assert.entityCount("LotIdentification", 2);
    assert.fieldEquals("LotIdentification", first, "disposal", "000000000005-000002");
    assert.fieldEquals("LotIdentification", first, "lot", "000000000003-000004");
    assert.fieldEquals("LotIdentification", first, "lotKey", "31337-000000000003-000004");
    assert.fieldEquals("LotIdentification", first, "chainId", "31337");
    assert.fieldEquals("LotIdentification", first, "quantity", "1000000000000000000");
    assert.fieldEquals("LotIdentification", first, "position", "0");
    assert.fieldEquals("LotIdentification", first, "asset", WETH.toHexString());
    assert.fieldEquals("LotIdentification", first, "logIndex", "4");
    assert.fieldEquals("LotIdentification", second, "lot", "000000000002-000000");
    assert.fieldEquals("LotIdentification", second, "quantity", "500000000000000000");
    assert.fieldEquals("LotIdentification", second, "position", "1");
    assert.fieldEquals("LotIdentification", second, "disposal", "000000000005-000002");
  });

  test("an identification in a transaction without a sale of the asset names its lots and no disposal", () => {
    // the loss harvest is in block 5; this identification is in block 6's transaction
    const lockout: i64 = DAY0 + 31 * 86400;
    handleLossHarvested(lossHarvested(WETH, USDC, units(1, 18), units(1400, 6), usd(1400), usd(1), units(3, 15), lockout, 5, 2, DAY0 + 100));
    handleLotsIdentified(lotsIdentified(WETH, units(1, 18), [lotKey(CHAIN, 2, 0)], [units(1, 18)], 6, 0, DAY0 + 200));
    assert.entityCount("LotIdentification", 1);
    assert.fieldEquals("LotIdentification", "000000000006-000000-000", "lot", "000000000002-000000");
    assert.assertNull(LotIdentification.load("000000000006-000000-000")!.disposal);
  });

  test("a lot of another chain keeps its chain in lotKey", () => {
    const lockout: i64 = DAY0 + 31 * 86400;
    handleLossHarvested(lossHarvested(WETH, USDC, units(1, 18), units(1400, 6), usd(1400), usd(1), units(3, 15), lockout, 5, 2, DAY0 + 100));
    handleLotsIdentified(lotsIdentified(WETH, units(1, 18), [lotKey(1, 2, 0)], [units(1, 18)], 5, 3, DAY0 + 100));
    assert.fieldEquals("LotIdentification", "000000000005-000003-000", "lotKey", "1-000000000002-000000");
    assert.fieldEquals("LotIdentification", "000000000005-000003-000", "chainId", "1");
  });

  test("a rebalance's identifications link each to the sale of its own asset in the transaction", () => {
    // WBTC lot 000000000003-000006 (1 WBTC); block 7: the rebalance sells WETH (log 1) and WBTC (log 3), buys
    // nothing, then the gateway names WETH's lots (log 5) and WBTC's (log 6)
    handleDeposited(deposited(WBTC, units(1, 8), usd(60000), 3, 6, DAY0 + 60));
    handleTrade(trade(2, WETH, USDC, units(5, 17), units(1000, 6), usd(2000), usd(1), BigInt.zero(), 7, 1, DAY0 + 120));
    handleTrade(trade(2, WBTC, USDC, units(1, 7), units(6000, 6), usd(60000), usd(1), BigInt.zero(), 7, 3, DAY0 + 120));
    handleLotsIdentified(lotsIdentified(WETH, units(5, 17), [lotKey(CHAIN, 3, 4)], [units(5, 17)], 7, 5, DAY0 + 120));
    handleLotsIdentified(lotsIdentified(WBTC, units(1, 7), [lotKey(CHAIN, 3, 6)], [units(1, 7)], 7, 6, DAY0 + 120));
    assert.entityCount("LotIdentification", 2);
    assert.fieldEquals("LotIdentification", "000000000007-000005-000", "disposal", "000000000007-000001");
    assert.fieldEquals("LotIdentification", "000000000007-000005-000", "lot", "000000000003-000004");
    assert.fieldEquals("LotIdentification", "000000000007-000006-000", "disposal", "000000000007-000003");
    assert.fieldEquals("LotIdentification", "000000000007-000006-000", "lot", "000000000003-000006");
    assert.fieldEquals("LotIdentification", "000000000007-000006-000", "asset", WBTC.toHexString());
  });
});

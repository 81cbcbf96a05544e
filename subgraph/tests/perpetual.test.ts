import { BigInt } from "@graphprotocol/graph-ts";
import { afterEach, assert, clearStore, describe, test } from "matchstick-as/assembly/index";
import { handleHedge } from "../src/mappings/hedger";
import { handleLiquidated } from "../src/mappings/perpetual";
import { DAY0, hedge, HEDGER, liquidated, OWNER, units, usd, VAULT, WETH } from "./fixtures/events";

const POSITION = VAULT.toHexString() + "-" + WETH.toHexString();

describe("Perpetual", () => {
  afterEach(() => {
    clearStore();
  });

  test("liquidating the hedger's short closes the vault's hedge position, and the next hedge starts from zero", () => {
    const short = BigInt.fromString("-2000000000000000000");
    handleHedge(hedge(WETH, BigInt.zero(), short, usd(2000), BigInt.zero(), BigInt.zero(), 3, 0, DAY0));
    handleLiquidated(liquidated(HEDGER, WETH, short, usd(2400), usd(150).neg(), units(4, 6), 5, 2, DAY0 + 60));
    const id = "000000000005-000002";
    assert.fieldEquals("Liquidation", id, "account", HEDGER.toHexString());
    assert.fieldEquals("Liquidation", id, "size", "-2000000000000000000");
    assert.fieldEquals("Liquidation", id, "markPriceUsd", "2400");
    assert.fieldEquals("Liquidation", id, "equityUsd", "-150");
    assert.fieldEquals("Liquidation", id, "penalty", "4000000");
    assert.fieldEquals("Liquidation", id, "hedgePosition", POSITION);
    assert.fieldEquals("HedgePosition", POSITION, "size", "0");
    assert.fieldEquals("HedgePosition", POSITION, "liquidationCount", "1");
    handleHedge(hedge(WETH, BigInt.zero(), short, usd(2400), BigInt.zero(), BigInt.zero(), 6, 0, DAY0 + 120));
    assert.fieldEquals("Hedge", "000000000006-000000", "consistent", "true");
  });

  test("a liquidation of an account that is no hedger seen here is recorded without a hedge position", () => {
    handleLiquidated(liquidated(OWNER, WETH, BigInt.fromI32(5), usd(2000), usd(1), BigInt.fromI32(7), 4, 0, DAY0));
    assert.fieldEquals("Liquidation", "000000000004-000000", "account", OWNER.toHexString());
    assert.entityCount("HedgePosition", 0);
  });
});

import { BigInt } from "@graphprotocol/graph-ts";
import { UpkeepPerformed } from "../generated/Hedger/Hedger";
import { afterEach, assert, clearStore, describe, test } from "matchstick-as/assembly/index";
import { handleHedge, handleUpkeepPerformed } from "../src/mappings/hedger";
import { DAY0, hedge, HEDGER, upkeepPerformed, usd, VAULT, WETH } from "./fixtures/events";

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

  test("UpkeepPerformed emitted by the hedger is recorded", () => {
    handleUpkeepPerformed(changetype<UpkeepPerformed>(upkeepPerformed(HEDGER, 4, 5, 1, DAY0)));
    assert.fieldEquals("Upkeep", "000000000005-000001", "actionName", "HEDGE");
  });
});

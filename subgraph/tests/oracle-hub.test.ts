import { assert, afterEach, clearStore, describe, test } from "matchstick-as/assembly/index";
import {
  handleCircuitBreakerTripped,
  handleFeedAdded,
  handlePriceUpdated,
  handleSafeModeEntered,
  handleSafeModeExited,
} from "../src/mappings/oracle-hub";
import { BigInt } from "@graphprotocol/graph-ts";
import { circuitBreakerTripped, DAY0, feedAdded, priceUpdated, safeModeEntered, safeModeExited, usd, WETH } from "./fixtures/events";

const ASSET = WETH.toHexString();

describe("OracleHub", () => {
  afterEach(() => {
    clearStore();
  });

  test("a price update becomes the asset's price; a zero price is recorded but ignored", () => {
    handlePriceUpdated(priceUpdated(WETH, usd(2345, 67), 3, 0, DAY0));
    assert.fieldEquals("Asset", ASSET, "lastPriceUsd", "2345.67");
    assert.fieldEquals("Asset", ASSET, "lastPriceBlock", "3");
    assert.fieldEquals("PriceUpdate", "000000000003-000000", "accepted", "true");
    assert.fieldEquals("PriceUpdate", "000000000003-000000", "feedsUsed", "3");
    handlePriceUpdated(priceUpdated(WETH, BigInt.zero(), 4, 0, DAY0));
    assert.fieldEquals("PriceUpdate", "000000000004-000000", "accepted", "false");
    assert.fieldEquals("Asset", ASSET, "lastPriceUsd", "2345.67");
    assert.fieldEquals("Asset", ASSET, "lastPriceBlock", "3");
  });

  test("safe mode entered and left", () => {
    handleSafeModeEntered(safeModeEntered(WETH, 2, usd(2000), 5, 0, DAY0));
    assert.fieldEquals("Asset", ASSET, "safeMode", "true");
    assert.fieldEquals("Asset", ASSET, "safeModeReason", "2");
    assert.fieldEquals("SafeModeEvent", "000000000005-000000", "change", "ENTERED");
    assert.fieldEquals("SafeModeEvent", "000000000005-000000", "reason", "2");
    assert.fieldEquals("SafeModeEvent", "000000000005-000000", "consistent", "true");
    handleSafeModeExited(safeModeExited(WETH, usd(2010), 6, 0, DAY0));
    assert.fieldEquals("Asset", ASSET, "safeMode", "false");
    assert.fieldEquals("SafeModeEvent", "000000000006-000000", "change", "EXITED");
    assert.fieldEquals("SafeModeEvent", "000000000006-000000", "priceUsd", "2010");
    assert.fieldEquals("SafeModeEvent", "000000000006-000000", "consistent", "true");
  });

  test("leaving safe mode that was never entered is recorded and flagged", () => {
    handleSafeModeExited(safeModeExited(WETH, usd(2010), 6, 0, DAY0));
    assert.fieldEquals("SafeModeEvent", "000000000006-000000", "consistent", "false");
    assert.fieldEquals("Asset", ASSET, "safeMode", "false");
  });

  test("a circuit breaker trip keeps both prices and the move", () => {
    handleCircuitBreakerTripped(circuitBreakerTripped(WETH, usd(2000), usd(1400), 3000, 7, 2, DAY0));
    assert.fieldEquals("CircuitBreakerTrip", "000000000007-000002", "candidatePriceUsd", "1400");
    assert.fieldEquals("CircuitBreakerTrip", "000000000007-000002", "moveBps", "3000");
  });

  test("feed additions are counted", () => {
    handleFeedAdded(feedAdded(WETH, 2, 0, DAY0));
    handleFeedAdded(feedAdded(WETH, 2, 1, DAY0));
    assert.fieldEquals("Asset", ASSET, "feedCount", "2");
    assert.fieldEquals("FeedChange", "000000000002-000001", "added", "true");
  });
});

import { Address } from "@graphprotocol/graph-ts";
import { afterEach, assert, clearStore, describe, test } from "matchstick-as/assembly/index";
import { UpkeepPerformed } from "../generated/KeeperGateway/KeeperGateway";
import { handleUpkeepPerformed } from "../src/mappings/keeper-gateway";
import { DAY0, KEEPER, upkeepPerformed } from "./fixtures/events";

const GATEWAY = Address.fromString("0x00000000000000000000000000000000000a0006");

describe("KeeperGateway", () => {
  afterEach(() => {
    clearStore();
  });

  test("each upkeep action is recorded with its caller, data and the gateway as emitter", () => {
    handleUpkeepPerformed(changetype<UpkeepPerformed>(upkeepPerformed(GATEWAY, 1, 8, 0, DAY0)));
    handleUpkeepPerformed(changetype<UpkeepPerformed>(upkeepPerformed(GATEWAY, 3, 8, 1, DAY0)));
    assert.fieldEquals("Upkeep", "000000000008-000000", "actionName", "UPDATE_WEIGHTS");
    assert.fieldEquals("Upkeep", "000000000008-000001", "actionName", "HARVEST");
    assert.fieldEquals("Upkeep", "000000000008-000001", "action", "3");
    assert.fieldEquals("Upkeep", "000000000008-000001", "caller", KEEPER.toHexString());
    assert.fieldEquals("Upkeep", "000000000008-000001", "performData", "0x02");
    assert.fieldEquals("Upkeep", "000000000008-000001", "emitter", GATEWAY.toHexString());
  });

  test("the liquidity manager's re-range and fee collection are named", () => {
    handleUpkeepPerformed(changetype<UpkeepPerformed>(upkeepPerformed(GATEWAY, 5, 9, 0, DAY0)));
    handleUpkeepPerformed(changetype<UpkeepPerformed>(upkeepPerformed(GATEWAY, 6, 9, 1, DAY0)));
    assert.fieldEquals("Upkeep", "000000000009-000000", "actionName", "RERANGE");
    assert.fieldEquals("Upkeep", "000000000009-000001", "actionName", "COLLECT_FEES");
  });
});

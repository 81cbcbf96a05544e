import { Address, BigInt, Bytes } from "@graphprotocol/graph-ts";
import { afterEach, assert, clearStore, describe, test } from "matchstick-as/assembly/index";
import { CallExecuted, CallSalt, CallScheduled, Cancelled } from "../generated/Timelock/Timelock";
import { handleCallExecuted, handleCallSalt, handleCallScheduled, handleCancelled, handleMinDelayChange, handleRoleRevoked } from "../src/mappings/timelock";
import { DAY0, HEDGER, REBALANCER } from "./fixtures/events";
import { address, bytes, bytes32, assertFieldNull, governanceEvent, inDataSource, p, SENDER, uint } from "./fixtures/governance-events";

const TIMELOCK = Address.fromString("0x00000000000000000000000000000000000a0007");
const OP = "0x" + "ab".repeat(32);
const ZERO32 = "0x" + "00".repeat(32);
const SALT = "0x" + "5a".repeat(32);
const SET_CONFIG = "0xa7b8c9d0" + "00".repeat(63) + "01";

function scheduled(block: i32, logIndex: i32, index: i32, target: Address, data: string, delay: i64): CallScheduled {
  return changetype<CallScheduled>(governanceEvent(TIMELOCK, block, logIndex, DAY0 + block, [
    p("id", bytes32(OP)), p("index", uint(index)), p("target", address(target)), p("value", uint(0)),
    p("data", bytes(data)), p("predecessor", bytes32(ZERO32)), p("delay", uint(delay)),
  ]));
}

function executed(block: i32, logIndex: i32, index: i32, target: Address, data: string): CallExecuted {
  return changetype<CallExecuted>(governanceEvent(TIMELOCK, block, logIndex, DAY0 + block, [
    p("id", bytes32(OP)), p("index", uint(index)), p("target", address(target)), p("value", uint(0)), p("data", bytes(data)),
  ]));
}

describe("Timelock operations", () => {
  afterEach(() => {
    clearStore();
  });

  test("a batch is SCHEDULED with its calls, salt and ready time, and EXECUTED once every call ran", () => {
    inDataSource(TIMELOCK, "Timelock");
    handleCallScheduled(scheduled(10, 0, 0, HEDGER, SET_CONFIG, 60));
    handleCallScheduled(scheduled(10, 1, 1, REBALANCER, "0x12", 60));
    handleCallSalt(changetype<CallSalt>(governanceEvent(TIMELOCK, 10, 2, DAY0 + 10, [p("id", bytes32(OP)), p("salt", bytes32(SALT))])));
    assert.fieldEquals("TimelockOperation", OP, "status", "SCHEDULED");
    assert.fieldEquals("TimelockOperation", OP, "callCount", "2");
    assert.fieldEquals("TimelockOperation", OP, "readyAt", (DAY0 + 10 + 60).toString());
    assert.fieldEquals("TimelockOperation", OP, "salt", SALT);
    assert.fieldEquals("TimelockOperation", OP, "scheduledBy", SENDER.toHexString());
    assert.fieldEquals("TimelockCall", OP + "-0", "target", HEDGER.toHexString());
    assert.fieldEquals("TimelockCall", OP + "-0", "selector", "0xa7b8c9d0");
    assert.fieldEquals("TimelockCall", OP + "-1", "selector", "0x12"); // shorter than a selector: the data itself

    handleCallExecuted(executed(80, 0, 0, HEDGER, SET_CONFIG));
    assert.fieldEquals("TimelockOperation", OP, "status", "SCHEDULED");
    assert.fieldEquals("TimelockOperation", OP, "executedCallCount", "1");
    assert.fieldEquals("TimelockCall", OP + "-0", "executed", "true");
    assert.fieldEquals("TimelockCall", OP + "-1", "executed", "false");
    handleCallExecuted(executed(80, 1, 1, REBALANCER, "0x12"));
    assert.fieldEquals("TimelockOperation", OP, "status", "EXECUTED");
    assert.fieldEquals("TimelockOperation", OP, "executedAt", (DAY0 + 80).toString());
    assert.fieldEquals("TimelockOperation", OP, "executedTransaction", Bytes.fromHexString("0x" + "80".padStart(64, "0")).toHexString());
  });

  test("a cancelled operation is CANCELLED, and scheduling the same id again starts it afresh", () => {
    inDataSource(TIMELOCK, "Timelock");
    handleCallScheduled(scheduled(10, 0, 0, HEDGER, SET_CONFIG, 60));
    handleCallScheduled(scheduled(10, 1, 1, REBALANCER, "0x12", 60));
    handleCancelled(changetype<Cancelled>(governanceEvent(TIMELOCK, 20, 0, DAY0 + 20, [p("id", bytes32(OP))])));
    assert.fieldEquals("TimelockOperation", OP, "status", "CANCELLED");
    assert.fieldEquals("TimelockOperation", OP, "cancelledAt", (DAY0 + 20).toString());
    handleCallScheduled(scheduled(30, 0, 0, HEDGER, SET_CONFIG, 120));
    assert.fieldEquals("TimelockOperation", OP, "status", "SCHEDULED");
    assert.fieldEquals("TimelockOperation", OP, "callCount", "1");
    assert.fieldEquals("TimelockOperation", OP, "readyAt", (DAY0 + 30 + 120).toString());
    assertFieldNull("TimelockOperation", OP, "cancelledAt");
  });

  test("an execution of an operation scheduled before the start block is ignored", () => {
    inDataSource(TIMELOCK, "Timelock");
    handleCallExecuted(executed(80, 0, 0, HEDGER, SET_CONFIG));
    assert.entityCount("TimelockOperation", 0);
  });

  test("the timelock's delay and roles are governance changes of the timelock", () => {
    inDataSource(TIMELOCK, "Timelock");
    handleMinDelayChange(governanceEvent(TIMELOCK, 5, 0, DAY0, [p("oldDuration", uint(0)), p("newDuration", uint(60))]));
    const role = "0xb09aa5aeb3702cfd50b6b62bc4532604938f21248a27a1d5ca736082b6819cc1";
    handleRoleRevoked(governanceEvent(TIMELOCK, 5, 1, DAY0, [p("role", bytes32(role)), p("account", address(SENDER)), p("sender", address(SENDER))]));
    assert.fieldEquals("GovernanceChange", "000000000005-000000", "kind", "TIMELOCK");
    assert.fieldEquals("GovernanceChange", "000000000005-000000", "values", "[0, 60]");
    assert.fieldEquals("GovernanceChange", "000000000005-000001", "event", "RoleRevoked");
    assert.fieldEquals("GovernanceChange", "000000000005-000001", "role", role);
    assert.fieldEquals("GovernanceChange", "000000000005-000001", "account", SENDER.toHexString());
    assert.fieldEquals("ManagedContract", TIMELOCK.toHexString(), "name", "Timelock");
    assert.fieldEquals("ManagedContract", TIMELOCK.toHexString(), "changeCount", "2");
  });
});

import { Address, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";
import { afterEach, assert, clearStore, describe, test } from "matchstick-as/assembly/index";
import { ExecutionFailure, ExecutionSuccess, SafeMultiSigTransaction } from "../generated/Safe/Safe";
import { handleAddedOwner, handleExecutionFailure, handleExecutionSuccess, handleSafeMultiSigTransaction } from "../src/mappings/safe";
import { DAY0, OWNER } from "./fixtures/events";
import { address, bytes, bytes32, assertFieldNull, governanceEvent, inDataSource, p, tuple, uint } from "./fixtures/governance-events";

const SAFE = Address.fromString("0x00000000000000000000000000000000000a0008");
const TIMELOCK = Address.fromString("0x00000000000000000000000000000000000a0007");
const SUBMITTER = Address.fromString("0x00000000000000000000000000000000000c0004");
const SAFE_TX_HASH = "0x" + "cd".repeat(32);

function multiSig(block: i32, logIndex: i32, signatureBytes: i32, nonce: i64): SafeMultiSigTransaction {
  const info = ethereum.encode(tuple([uint(nonce), address(SUBMITTER), uint(2)]))!;
  return changetype<SafeMultiSigTransaction>(governanceEvent(SAFE, block, logIndex, DAY0, [
    p("to", address(TIMELOCK)), p("value", uint(0)), p("data", bytes("0x8f2a0bb0")),
    p("operation", ethereum.Value.fromI32(0)), p("safeTxGas", uint(0)), p("baseGas", uint(0)), p("gasPrice", uint(0)),
    p("gasToken", address(Address.zero())), p("refundReceiver", address(Address.zero())),
    p("signatures", ethereum.Value.fromBytes(Bytes.fromUint8Array(new Uint8Array(signatureBytes)))),
    p("additionalInfo", ethereum.Value.fromBytes(info)),
  ]));
}

function outcome(block: i32, logIndex: i32): ethereum.Event {
  return governanceEvent(SAFE, block, logIndex, DAY0, [p("txHash", bytes32(SAFE_TX_HASH)), p("payment", uint(0))]);
}

describe("Safe transactions", () => {
  afterEach(() => {
    clearStore();
  });

  test("a Safe transaction records its call, nonce, submitter and signature count, then its outcome and hash", () => {
    inDataSource(SAFE, "Safe");
    handleSafeMultiSigTransaction(multiSig(7, 0, 130, 4));
    const id = "000000000007-000000";
    assert.fieldEquals("SafeTransaction", id, "to", TIMELOCK.toHexString());
    assert.fieldEquals("SafeTransaction", id, "nonce", "4");
    assert.fieldEquals("SafeTransaction", id, "submitter", SUBMITTER.toHexString());
    assert.fieldEquals("SafeTransaction", id, "signatureCount", "2");
    assertFieldNull("SafeTransaction", id, "success");
    handleExecutionSuccess(changetype<ExecutionSuccess>(outcome(7, 2)));
    assert.fieldEquals("SafeTransaction", id, "success", "true");
    assert.fieldEquals("SafeTransaction", id, "safeTxHash", SAFE_TX_HASH);
    // The next outcome without its own SafeMultiSigTransaction does not touch this one.
    handleExecutionFailure(changetype<ExecutionFailure>(outcome(8, 0)));
    assert.fieldEquals("SafeTransaction", id, "success", "true");
  });

  test("a failed Safe transaction is recorded as such", () => {
    inDataSource(SAFE, "Safe");
    handleSafeMultiSigTransaction(multiSig(9, 0, 130, 5));
    handleExecutionFailure(changetype<ExecutionFailure>(outcome(9, 1)));
    assert.fieldEquals("SafeTransaction", "000000000009-000000", "success", "false");
  });

  test("owner changes are governance changes of the Safe", () => {
    inDataSource(SAFE, "Safe");
    handleAddedOwner(governanceEvent(SAFE, 3, 0, DAY0, [p("owner", address(OWNER))]));
    assert.fieldEquals("GovernanceChange", "000000000003-000000", "kind", "ROLE");
    assert.fieldEquals("GovernanceChange", "000000000003-000000", "account", OWNER.toHexString());
    assert.fieldEquals("ManagedContract", SAFE.toHexString(), "name", "Safe");
  });
});

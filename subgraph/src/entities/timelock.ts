import { Address, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";
import { TimelockCall, TimelockOperation } from "../../generated/schema";

const SCHEDULED = "SCHEDULED";
const EXECUTED = "EXECUTED";
const CANCELLED = "CANCELLED";

function callId(id: Bytes, index: BigInt): string {
  return id.toHexString() + "-" + index.toString();
}

/** The first 4 bytes of calldata (the function selector); shorter data is kept whole. */
function selectorOf(data: Bytes): Bytes {
  if (data.length < 4) return data;
  return Bytes.fromUint8Array(data.subarray(0, 4));
}

/**
 * CallScheduled, one per call of a batch: the first call (index 0) opens the operation — again after a
 * cancellation, when OpenZeppelin lets the same id be scheduled anew — and every call is added to it.
 */
export function scheduleCall(
  event: ethereum.Event, id: Bytes, index: BigInt, target: Address, value: BigInt, data: Bytes, predecessor: Bytes, delay: BigInt,
): void {
  let op = TimelockOperation.load(id);
  if (op == null || index.isZero()) {
    op = new TimelockOperation(id);
    op.timelock = event.address;
    op.status = SCHEDULED;
    op.delay = delay;
    op.readyAt = event.block.timestamp.plus(delay);
    op.predecessor = predecessor;
    op.callCount = 0;
    op.executedCallCount = 0;
    op.scheduledBy = event.transaction.from;
    op.scheduledAt = event.block.timestamp;
    op.scheduledTransaction = event.transaction.hash;
  }
  op.callCount = op.callCount + 1;
  op.save();

  const call = new TimelockCall(callId(id, index));
  call.operation = id;
  call.index = index.toI32();
  call.target = target;
  call.value = value;
  call.data = data;
  call.selector = selectorOf(data);
  call.executed = false;
  call.save();
}

export function setSalt(id: Bytes, salt: Bytes): void {
  const op = TimelockOperation.load(id);
  if (op == null) return;
  op.salt = salt;
  op.save();
}

/** CallExecuted, one per call: the operation is EXECUTED once all its calls are. */
export function executeCall(event: ethereum.Event, id: Bytes, index: BigInt): void {
  const op = TimelockOperation.load(id);
  if (op == null) return; // executed without a CallScheduled we saw (before the start block)
  const call = TimelockCall.load(callId(id, index));
  if (call != null && !call.executed) {
    call.executed = true;
    call.save();
    op.executedCallCount = op.executedCallCount + 1;
  }
  if (op.executedCallCount >= op.callCount) {
    op.status = EXECUTED;
    op.executedAt = event.block.timestamp;
    op.executedTransaction = event.transaction.hash;
  }
  op.save();
}

export function cancelOperation(event: ethereum.Event, id: Bytes): void {
  const op = TimelockOperation.load(id);
  if (op == null) return;
  op.status = CANCELLED;
  op.cancelledAt = event.block.timestamp;
  op.cancelledTransaction = event.transaction.hash;
  op.save();
}

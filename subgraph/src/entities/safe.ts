import { Address, BigInt, Bytes, ethereum, log } from "@graphprotocol/graph-ts";
import { SafePendingExecution, SafeTransaction } from "../../generated/schema";
import { eventId } from "./ids";

const ECDSA_SIGNATURE_BYTES = 65;

/**
 * SafeMultiSigTransaction (SafeL2, logged before the call runs): the transaction, its nonce and submitter
 * from `additionalInfo` = abi.encode(nonce, msg.sender, threshold). It waits, per Safe, for the
 * ExecutionSuccess / ExecutionFailure the same Safe logs after the call.
 */
export function recordSafeTransaction(
  event: ethereum.Event, to: Address, value: BigInt, data: Bytes, operation: i32, signatures: Bytes, additionalInfo: Bytes,
): void {
  const tx = new SafeTransaction(eventId(event));
  tx.safe = event.address;
  tx.to = to;
  tx.value = value;
  tx.data = data;
  tx.operation = operation;
  tx.signatures = signatures;
  tx.signatureCount = signatures.length / ECDSA_SIGNATURE_BYTES;
  tx.nonce = BigInt.zero();
  tx.submitter = event.transaction.from;
  const info = ethereum.decode("(uint256,address,uint256)", additionalInfo);
  if (info != null) {
    const t = info.toTuple();
    tx.nonce = t[0].toBigInt();
    tx.submitter = t[1].toAddress();
  } else {
    log.warning("Safe transaction {}: additionalInfo does not decode as (nonce, sender, threshold)", [tx.id]);
  }
  tx.blockNumber = event.block.number;
  tx.timestamp = event.block.timestamp;
  tx.transactionHash = event.transaction.hash;
  tx.logIndex = event.logIndex;
  tx.save();

  const pending = new SafePendingExecution(event.address);
  pending.transaction = tx.id;
  pending.save();
}

/** ExecutionSuccess / ExecutionFailure: the outcome and the Safe transaction hash of the pending one. */
export function recordSafeOutcome(event: ethereum.Event, safeTxHash: Bytes, success: boolean): void {
  const pending = SafePendingExecution.load(event.address);
  if (pending == null || pending.transaction == null) {
    log.warning("Safe {}: execution {} without a SafeMultiSigTransaction before it", [event.address.toHexString(), safeTxHash.toHexString()]);
    return;
  }
  const tx = SafeTransaction.load(pending.transaction as string);
  if (tx == null) return;
  tx.safeTxHash = safeTxHash;
  tx.success = success;
  tx.save();
  pending.transaction = null;
  pending.save();
}

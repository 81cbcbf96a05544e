import { ethereum } from "@graphprotocol/graph-ts";
import { ExecutionFailure, ExecutionSuccess, SafeMultiSigTransaction } from "../../generated/Safe/Safe";
import { recordChange, ROLE } from "../entities/governance";
import { recordSafeOutcome, recordSafeTransaction } from "../entities/safe";

export function handleSafeMultiSigTransaction(event: SafeMultiSigTransaction): void {
  const p = event.params;
  recordSafeTransaction(event, p.to, p.value, p.data, p.operation, p.signatures, p.additionalInfo);
}

export function handleExecutionSuccess(event: ExecutionSuccess): void {
  recordSafeOutcome(event, event.params.txHash, true);
}

export function handleExecutionFailure(event: ExecutionFailure): void {
  recordSafeOutcome(event, event.params.txHash, false);
}

export function handleAddedOwner(event: ethereum.Event): void {
  recordChange(event, ROLE, "AddedOwner");
}

export function handleRemovedOwner(event: ethereum.Event): void {
  recordChange(event, ROLE, "RemovedOwner");
}

export function handleChangedThreshold(event: ethereum.Event): void {
  recordChange(event, ROLE, "ChangedThreshold");
}

import { ethereum } from "@graphprotocol/graph-ts";
import { CallExecuted, CallSalt, CallScheduled, Cancelled } from "../../generated/Timelock/Timelock";
import { recordChange, TIMELOCK } from "../entities/governance";
import { cancelOperation, executeCall, scheduleCall, setSalt } from "../entities/timelock";

export function handleCallScheduled(event: CallScheduled): void {
  const p = event.params;
  scheduleCall(event, p.id, p.index, p.target, p.value, p.data, p.predecessor, p.delay);
}

export function handleCallSalt(event: CallSalt): void {
  setSalt(event.params.id, event.params.salt);
}

export function handleCallExecuted(event: CallExecuted): void {
  executeCall(event, event.params.id, event.params.index);
}

export function handleCancelled(event: Cancelled): void {
  cancelOperation(event, event.params.id);
}

export function handleMinDelayChange(event: ethereum.Event): void {
  recordChange(event, TIMELOCK, "MinDelayChange");
}

export function handleRoleGranted(event: ethereum.Event): void {
  recordChange(event, TIMELOCK, "RoleGranted");
}

export function handleRoleRevoked(event: ethereum.Event): void {
  recordChange(event, TIMELOCK, "RoleRevoked");
}

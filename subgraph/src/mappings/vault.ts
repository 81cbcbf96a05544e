import { ethereum } from "@graphprotocol/graph-ts";
import { onOwnershipTransferred, recordChange, ROLE } from "../entities/governance";
import { AssetAdded, Deposited, EmergencyExit, ModuleSet, Withdrawn } from "../../generated/Vault/Vault";
import {
  recordAssetAdded,
  recordDeposit,
  recordEmergencyExit,
  recordModuleSet,
  recordWithdrawal,
} from "../entities/transfer";

export function handleAssetAdded(event: AssetAdded): void {
  recordAssetAdded(event);
}

export function handleDeposited(event: Deposited): void {
  recordDeposit(event);
}

export function handleWithdrawn(event: Withdrawn): void {
  recordWithdrawal(event);
}

export function handleModuleSet(event: ModuleSet): void {
  recordModuleSet(event);
}

export function handleEmergencyExit(event: EmergencyExit): void {
  recordEmergencyExit(event);
}

// Role, pause and upgrade events (shared by every managed module).
export {
  handleManagementTransferStarted,
  handleManagementTransferred,
  handleKeeperSet,
  handleGuardianSet,
  handlePaused,
  handleUnpaused,
  handleUpgraded,
} from "./managed";

export function handleOwnershipTransferStarted(event: ethereum.Event): void {
  recordChange(event, ROLE, "OwnershipTransferStarted");
}

export function handleOwnershipTransferred(event: ethereum.Event): void {
  onOwnershipTransferred(event, event.parameters[1].value.toAddress());
}

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

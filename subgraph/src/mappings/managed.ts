// Handlers of the role, pause and upgrade events every managed module emits (IManagedEvents). Each module's
// mapping file re-exports them; the contract's name comes from the data source's context.
import { ethereum } from "@graphprotocol/graph-ts";
import {
  onGuardianSet, onKeeperSet, onManagementTransferred, onManagementTransferStarted, onPausedChanged, onUpgraded,
} from "../entities/governance";

export function handleManagementTransferStarted(event: ethereum.Event): void {
  onManagementTransferStarted(event, event.parameters[1].value.toAddress());
}

export function handleManagementTransferred(event: ethereum.Event): void {
  onManagementTransferred(event, event.parameters[1].value.toAddress());
}

export function handleKeeperSet(event: ethereum.Event): void {
  onKeeperSet(event, event.parameters[0].value.toAddress(), event.parameters[1].value.toBoolean());
}

export function handleGuardianSet(event: ethereum.Event): void {
  onGuardianSet(event, event.parameters[0].value.toAddress());
}

export function handlePaused(event: ethereum.Event): void {
  onPausedChanged(event, true);
}

export function handleUnpaused(event: ethereum.Event): void {
  onPausedChanged(event, false);
}

export function handleUpgraded(event: ethereum.Event): void {
  onUpgraded(event, event.parameters[0].value.toAddress());
}

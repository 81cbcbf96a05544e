import {
  FeeBudgetSet, FeesFunded, FeesWithdrawn, MoveConfigSet, MoveSent, MoveSettled, RouteSet,
} from "../../generated/CrossChainMover/CrossChainMover";
import { CONFIG, recordChange } from "../entities/governance";
import {
  recordFeeBudget, recordFeesFunded, recordFeesWithdrawn, recordMoveConfig, recordMoveSent, recordMoveSettled, recordRoute,
} from "../entities/move";

export function handleMoveSent(event: MoveSent): void {
  const p = event.params;
  recordMoveSent(event, p.guid, p.dstEid.toI32(), p.peerVault, p.amountSent, p.amountReceived, p.nativeFee, p.nonce);
}

export function handleMoveSettled(event: MoveSettled): void {
  recordMoveSettled(event, event.params.guid, event.params.amount);
}

export function handleRouteSet(event: RouteSet): void {
  recordChange(event, CONFIG, "RouteSet");
  recordRoute(event.address, event.params.dstEid.toI32(), event.params.peerVault);
}

export function handleMoveConfigSet(event: MoveConfigSet): void {
  recordChange(event, CONFIG, "MoveConfigSet");
  const p = event.params;
  recordMoveConfig(event.address, p.maxPerMove, p.minInterval, p.maxSlippageBps, p.maxNativeFee);
}

export function handleFeeBudgetSet(event: FeeBudgetSet): void {
  recordChange(event, CONFIG, "FeeBudgetSet");
  recordFeeBudget(event.address, event.params.budget);
}

/** Anyone may fund the fees: not a governance change, only counted. */
export function handleFeesFunded(event: FeesFunded): void {
  recordFeesFunded(event.address, event.params.amount);
}

export function handleFeesWithdrawn(event: FeesWithdrawn): void {
  recordChange(event, CONFIG, "FeesWithdrawn");
  recordFeesWithdrawn(event.address, event.params.amount);
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

import { ethereum } from "@graphprotocol/graph-ts";
import { SharesApplied, SharesRelayed, SharesSet, StaleSharesIgnored } from "../../generated/ShareCoordinator/ShareCoordinator";
import { CONFIG, onOwnershipTransferred, recordChange } from "../entities/governance";
import { APPLIED, recordShareSet, recordSharesRelayed, recordStaleShares, SET } from "../entities/shares";

export function handleSharesSet(event: SharesSet): void {
  const p = event.params;
  recordShareSet(event, SET, p.version, p.eids, p.bps, null);
}

export function handleSharesRelayed(event: SharesRelayed): void {
  const p = event.params;
  recordSharesRelayed(event, p.guid, p.dstEid.toI32(), p.version, p.nativeFee);
}

export function handleSharesApplied(event: SharesApplied): void {
  const p = event.params;
  recordShareSet(event, APPLIED, p.version, p.eids, p.bps, p.guid);
}

export function handleStaleSharesIgnored(event: StaleSharesIgnored): void {
  const p = event.params;
  recordStaleShares(event, p.guid, p.version, p.held);
}

/** OApp.setPeer: the coordinator it trusts on endpoint `eid` (values = [eid], role = the peer as bytes32). */
export function handlePeerSet(event: ethereum.Event): void {
  recordChange(event, CONFIG, "PeerSet");
}

/** Ownable: the coordinator's owner (the timelock) changed. */
export function handleOwnershipTransferred(event: ethereum.Event): void {
  onOwnershipTransferred(event, event.parameters[1].value.toAddress());
}

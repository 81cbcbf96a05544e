import { Address, BigInt, Bytes, dataSource, ethereum, log } from "@graphprotocol/graph-ts";
import { ShareCoordinator, ShareRelay, ShareSet } from "../../generated/schema";

export const SET = "SET";
export const APPLIED = "APPLIED";
export const STALE = "STALE";

function getOrCreateCoordinator(address: Address): ShareCoordinator {
  let c = ShareCoordinator.load(address);
  if (c == null) {
    c = new ShareCoordinator(address);
    c.network = dataSource.network();
    c.version = BigInt.zero();
    c.setCount = 0;
    c.relayCount = 0;
    c.appliedCount = 0;
    c.staleCount = 0;
  }
  return c;
}

/** "<coordinator>-<version>" */
export function shareSetId(coordinator: Address, version: BigInt): string {
  return coordinator.toHexString() + "-" + version.toString();
}

function toInts(values: BigInt[]): i32[] {
  const out: i32[] = [];
  for (let i = 0; i < values.length; i++) out.push(values[i].toI32());
  return out;
}

function getOrCreateRelay(guid: Bytes, version: BigInt): ShareRelay {
  let r = ShareRelay.load(guid);
  if (r == null) {
    r = new ShareRelay(guid);
    r.version = version;
  }
  return r;
}

/**
 * SharesSet (home) or SharesApplied (remote): the coordinator now holds `version`. A version already recorded
 * for this coordinator is logged and kept as first recorded.
 */
export function recordShareSet(event: ethereum.Event, origin: string, version: BigInt, eids: BigInt[], bps: i32[], guid: Bytes | null): void {
  const c = getOrCreateCoordinator(event.address);
  const id = shareSetId(event.address, version);
  if (ShareSet.load(id) != null) {
    log.warning("{}: coordinator {} already recorded version {} (tx {}, log {}); the first is kept", [
      origin, event.address.toHexString(), version.toString(), event.transaction.hash.toHexString(), event.logIndex.toString(),
    ]);
    return;
  }
  if (eids.length != bps.length) {
    log.warning("{}: version {} names {} chains and {} shares", [origin, version.toString(), eids.length.toString(), bps.length.toString()]);
  }
  const s = new ShareSet(id);
  s.coordinator = c.id;
  s.version = version;
  s.origin = origin;
  s.eids = toInts(eids);
  s.bps = bps;
  s.guid = guid;
  s.network = dataSource.network();
  s.blockNumber = event.block.number;
  s.timestamp = event.block.timestamp;
  s.transactionHash = event.transaction.hash;
  s.logIndex = event.logIndex;
  s.save();

  c.current = id;
  c.version = version;
  if (origin == SET) c.setCount = c.setCount + 1;
  else c.appliedCount = c.appliedCount + 1;
  c.save();

  if (guid !== null) {
    const r = getOrCreateRelay(guid, version);
    r.version = version;
    r.receivedBy = c.id;
    r.outcome = APPLIED;
    r.appliedSet = id;
    received(r, event);
  }
}

/** SharesRelayed (home): the set `version` sent to `dstEid` as the message `guid`. */
export function recordSharesRelayed(event: ethereum.Event, guid: Bytes, dstEid: i32, version: BigInt, nativeFee: BigInt): void {
  const c = getOrCreateCoordinator(event.address);
  c.relayCount = c.relayCount + 1;
  c.save();
  const r = getOrCreateRelay(guid, version);
  if (r.relayedBlock !== null) {
    log.warning("SharesRelayed: guid {} already relayed (tx {}, log {}); the first is kept", [
      guid.toHexString(), event.transaction.hash.toHexString(), event.logIndex.toString(),
    ]);
    return;
  }
  const setId = shareSetId(event.address, version);
  if (ShareSet.load(setId) == null) {
    log.warning("SharesRelayed: coordinator {} relays version {} it was not seen to set", [event.address.toHexString(), version.toString()]);
  } else {
    r.relayedSet = setId;
  }
  r.relayedBy = c.id;
  r.dstEid = dstEid;
  r.nativeFee = nativeFee;
  r.relayedNetwork = dataSource.network();
  r.relayedBlock = event.block.number;
  r.relayedTimestamp = event.block.timestamp;
  r.relayedTransactionHash = event.transaction.hash;
  r.relayedLogIndex = event.logIndex;
  r.save();
}

/** StaleSharesIgnored (remote): the message `guid` carried `version`, not newer than the `held` one. */
export function recordStaleShares(event: ethereum.Event, guid: Bytes, version: BigInt, held: BigInt): void {
  const c = getOrCreateCoordinator(event.address);
  c.staleCount = c.staleCount + 1;
  c.save();
  const r = getOrCreateRelay(guid, version);
  r.receivedBy = c.id;
  r.outcome = STALE;
  r.heldVersion = held;
  received(r, event);
}

function received(r: ShareRelay, event: ethereum.Event): void {
  r.receivedNetwork = dataSource.network();
  r.receivedBlock = event.block.number;
  r.receivedTimestamp = event.block.timestamp;
  r.receivedTransactionHash = event.transaction.hash;
  r.receivedLogIndex = event.logIndex;
  r.save();
}

import { Address, BigInt, Bytes, ethereum, log } from "@graphprotocol/graph-ts";
import { Vault, YieldSource, YieldSourceEvent } from "../../generated/schema";
import { SourceExitFailed, SourceImpaired, SourceRemoved, SourceShutdown } from "../../generated/Harvester/Harvester";
import { getAsset } from "./asset";
import { newYieldSource } from "./harvest";
import { eventId } from "./ids";
import { ZERO_BI } from "./math";
import { releaseFromYieldSources } from "./sleeve";

// A yield source's life after it was added: impaired (its valuation reverts), shut down (its shares redeemed
// into the vault as far as it lets them), removed, or left behind by an emergency exit. `principal` follows
// what the vault has in each source, so a shutdown or an exit releases exactly that source's part of the
// position's inYieldSources.

/** Links the source to the vault whose tokens it holds (the first time an Allocated or Harvest names both). */
export function attachToVault(source: YieldSource, vault: Vault): void {
  if (source.vault !== null) return;
  source.vault = vault.id;
  const list = vault.yieldSources;
  list.push(source.id);
  vault.yieldSources = list;
  vault.save();
}

/** Harvester.Allocated: `amount` of the vault's `asset` went into `source`. */
export function addPrincipal(sourceAddress: Address, asset: Address, vault: Vault, amount: BigInt): void {
  let source = YieldSource.load(sourceAddress);
  if (source == null) {
    log.warning("allocation into unregistered yield source {}; recording the source", [sourceAddress.toHexString()]);
    source = newYieldSource(sourceAddress, asset, false);
  }
  source.principal = source.principal.plus(amount);
  attachToVault(source, vault);
  source.save();
}

function loadSource(address: Address, event: ethereum.Event): YieldSource {
  let source = YieldSource.load(address);
  if (source == null) {
    log.warning("{} of unregistered yield source {} (log {}); recording the source", [
      event.address.toHexString(),
      address.toHexString(),
      eventId(event),
    ]);
    source = newYieldSource(address, Address.zero(), false);
  }
  return source;
}

function newLifecycleEvent(source: YieldSource, kind: string, event: ethereum.Event): YieldSourceEvent {
  const e = new YieldSourceEvent(eventId(event));
  e.source = source.id;
  e.kind = kind;
  e.blockNumber = event.block.number;
  e.timestamp = event.block.timestamp;
  e.transactionHash = event.transaction.hash;
  return e;
}

export function recordSourceImpaired(event: SourceImpaired): YieldSourceEvent {
  const source = loadSource(event.params.source, event);
  source.lastImpairedBlock = event.block.number;
  source.save();
  const e = newLifecycleEvent(source, "IMPAIRED", event);
  e.save();
  return e;
}

/** The shutdown redeemed `principalReleased` of the source's asset into the vault: back in the sleeve. */
export function recordSourceShutdown(event: SourceShutdown): YieldSourceEvent {
  const p = event.params;
  const source = loadSource(p.source, event);
  getAsset(p.asset, event);
  const released = p.principalReleased;
  if (released.gt(source.principal)) {
    log.warning("shutdown of yield source {} released {} but {} was recorded in it", [
      p.source.toHexString(),
      released.toString(),
      source.principal.toString(),
    ]);
  }
  source.principal = released.gt(source.principal) ? ZERO_BI : source.principal.minus(released);
  source.status = "SHUT_DOWN";
  source.sharesLeft = p.sharesLeft;
  source.save();
  const vaultId = source.vault;
  if (vaultId !== null) {
    const vault = Vault.load(vaultId);
    if (vault != null) releaseFromYieldSources(vault, p.asset, released);
  }
  const e = newLifecycleEvent(source, "SHUTDOWN", event);
  e.principalReleased = released;
  e.sharesLeft = p.sharesLeft;
  e.save();
  return e;
}

export function recordSourceRemoved(event: SourceRemoved): YieldSourceEvent {
  const source = loadSource(event.params.source, event);
  source.status = "REMOVED";
  source.sharesLeft = event.params.sharesLeft;
  source.save();
  const e = newLifecycleEvent(source, "REMOVED", event);
  e.sharesLeft = event.params.sharesLeft;
  e.save();
  return e;
}

/** The emergency exit could not redeem this source: it keeps its principal (see releaseExitedSources). */
export function recordSourceExitFailed(event: SourceExitFailed): YieldSourceEvent {
  const source = loadSource(event.params.source, event);
  source.exitFailedTransaction = event.transaction.hash;
  source.save();
  const e = newLifecycleEvent(source, "EXIT_FAILED", event);
  e.reason = event.params.reason;
  e.save();
  return e;
}

/**
 * EmergencyExit of `vault`: every source of the vault redeemed in this transaction (all but those that
 * reported SourceExitFailed in it) releases its principal from the position's inYieldSources.
 */
export function releaseExitedSources(vault: Vault, event: ethereum.Event): void {
  const ids = vault.yieldSources;
  for (let i = 0; i < ids.length; i++) {
    const source = YieldSource.load(ids[i]);
    if (source == null || source.principal.isZero()) continue;
    const failed = source.exitFailedTransaction;
    if (failed !== null && (failed as Bytes).equals(event.transaction.hash)) continue;
    releaseFromYieldSources(vault, source.asset, source.principal);
    source.principal = ZERO_BI;
    source.save();
  }
}

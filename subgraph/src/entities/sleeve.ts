import { BigInt, Bytes, ethereum, log } from "@graphprotocol/graph-ts";
import { Asset, Position, Vault } from "../../generated/schema";
import { Allocated } from "../../generated/Harvester/Harvester";
import { MarginMoved } from "../../generated/Hedger/Hedger";
import { getAsset } from "./asset";
import { eventId, pairId } from "./ids";
import { ZERO_BI } from "./math";
import { getOrCreatePosition, stablecoinPosition } from "./position";
import { DailyActivity, recordDailyActivity } from "./snapshot";
import { getOrCreateVault } from "./vault";
import { addPrincipal, releaseExitedSources } from "./yield-source";

// The rebalanced sleeve is the vault's own token balances. Tokens the harvester puts into yield sources
// and stablecoin the hedger posts as perp margin stay the vault's (no lot, no disposal) but leave the
// sleeve; these handlers keep count so snapshots can weigh the sleeve the way the rebalancer does.

/** Harvester.Allocated: `amount` of the asset went from the vault into a yield source. */
export function recordAllocation(event: Allocated): Position {
  const p = event.params;
  const vault = getOrCreateVault(p.vault, event, true);
  const position = getOrCreatePosition(vault, getAsset(p.asset, event));
  position.inYieldSources = position.inYieldSources.plus(p.amount);
  position.save();
  addPrincipal(p.source, p.asset, vault, p.amount);
  recordDailyActivity(vault, event, new DailyActivity());
  return position;
}

/** A harvest put `compounded` of the claimed yield back into its source (call after its lot is open). */
export function addCompounded(vault: Vault, asset: Asset, compounded: BigInt): void {
  if (compounded.isZero()) return;
  const position = getOrCreatePosition(vault, asset);
  position.inYieldSources = position.inYieldSources.plus(compounded);
  position.save();
}

/** Hedger.MarginMoved: stablecoin posted to (> 0) or returned from (< 0) the perp as margin. */
export function recordMarginMoved(event: MarginMoved): Position | null {
  const p = event.params;
  const vault = getOrCreateVault(p.vault, event, true);
  const position = stablecoinPosition(vault);
  if (position == null) {
    log.warning("margin move {} of vault {}: the vault has no stablecoin yet; not counted", [eventId(event), vault.id.toHexString()]);
    return null;
  }
  position.postedAsMargin = position.postedAsMargin.plus(p.stableAmount);
  position.save();
  recordDailyActivity(vault, event, new DailyActivity());
  return position;
}

/**
 * Emergency exit: the harvester redeemed every yield source it could into the vault (a source redeemed emits
 * nothing of its own; one that could not be emits SourceExitFailed earlier in the same transaction and keeps
 * its principal outside the sleeve).
 */
export function releaseYieldSources(vault: Vault, event: ethereum.Event): void {
  releaseExitedSources(vault, event);
  recordDailyActivity(vault, event, new DailyActivity());
}

/** Takes `amount` of `asset` out of the vault's inYieldSources count (never below zero). */
export function releaseFromYieldSources(vault: Vault, asset: Bytes, amount: BigInt): void {
  if (amount.isZero()) return;
  const position = Position.load(pairId(vault.id.toHexString(), asset.toHexString()));
  if (position == null) return;
  position.inYieldSources = position.inYieldSources.gt(amount) ? position.inYieldSources.minus(amount) : ZERO_BI;
  position.save();
}



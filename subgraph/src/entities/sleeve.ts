import { BigInt, ethereum, log } from "@graphprotocol/graph-ts";
import { Asset, Position, Vault } from "../../generated/schema";
import { Allocated } from "../../generated/Harvester/Harvester";
import { MarginMoved } from "../../generated/Hedger/Hedger";
import { getAsset } from "./asset";
import { eventId, pairId } from "./ids";
import { ZERO_BI } from "./math";
import { getOrCreatePosition } from "./position";
import { DailyActivity, recordDailyActivity } from "./snapshot";
import { getOrCreateVault } from "./vault";

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

function stablecoinOf(vault: Vault): Asset | null {
  const ids = vault.assets;
  for (let i = 0; i < ids.length; i++) {
    const asset = Asset.load(ids[i]);
    if (asset != null && asset.isStable) return asset;
  }
  return null;
}

/** Hedger.MarginMoved: stablecoin posted to (> 0) or returned from (< 0) the perp as margin. */
export function recordMarginMoved(event: MarginMoved): Position | null {
  const p = event.params;
  const vault = getOrCreateVault(p.vault, event, true);
  const stable = stablecoinOf(vault);
  if (stable == null) {
    log.warning("margin move {} of vault {}: the vault has no stablecoin yet; not counted", [eventId(event), vault.id.toHexString()]);
    return null;
  }
  const position = getOrCreatePosition(vault, stable);
  position.postedAsMargin = position.postedAsMargin.plus(p.stableAmount);
  position.save();
  recordDailyActivity(vault, event, new DailyActivity());
  return position;
}

/** Emergency exit: the harvester redeemed every yield source into the vault (it emits no event of its own for that). */
export function releaseYieldSources(vault: Vault, event: ethereum.Event): void {
  const ids = vault.assets;
  for (let i = 0; i < ids.length; i++) {
    const position = Position.load(pairId(vault.id.toHexString(), ids[i].toHexString()));
    if (position == null || position.inYieldSources.isZero()) continue;
    position.inYieldSources = ZERO_BI;
    position.save();
  }
  recordDailyActivity(vault, event, new DailyActivity());
}



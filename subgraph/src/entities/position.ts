import { BigDecimal, BigInt, log } from "@graphprotocol/graph-ts";
import { Asset, Position, Vault } from "../../generated/schema";
import { pairId } from "./ids";
import { ZERO_BD, ZERO_BI } from "./math";
import { addVaultAsset } from "./vault";

export function positionId(vault: Vault, asset: Asset): string {
  return pairId(vault.id.toHexString(), asset.id.toHexString());
}

export function getOrCreatePosition(vault: Vault, asset: Asset): Position {
  const id = positionId(vault, asset);
  let position = Position.load(id);
  if (position != null) return position;
  position = new Position(id);
  position.vault = vault.id;
  position.asset = asset.id;
  position.quantity = ZERO_BI;
  position.cumulativeAcquired = ZERO_BI;
  position.cumulativeDisposed = ZERO_BI;
  position.cumulativeWithdrawn = ZERO_BI;
  position.cumulativeBridgedOut = ZERO_BI;
  position.cumulativeBridgedIn = ZERO_BI;
  position.inYieldSources = ZERO_BI;
  position.postedAsMargin = ZERO_BI;
  position.inLiquidityPositions = ZERO_BI;
  position.cumulativeCostUsd = ZERO_BD;
  position.cumulativeProceedsUsd = ZERO_BD;
  position.cumulativeIncomeUsd = ZERO_BD;
  position.lotCount = 0;
  position.disposalCount = 0;
  position.save();
  addVaultAsset(vault, asset.id);
  return position;
}

/** The vault's position in its stablecoin (its one Asset with isStable), or null before that asset is registered. */
export function stablecoinPosition(vault: Vault): Position | null {
  const ids = vault.assets;
  for (let i = 0; i < ids.length; i++) {
    const asset = Asset.load(ids[i]);
    if (asset != null && asset.isStable) return getOrCreatePosition(vault, asset);
  }
  return null;
}

export function addAcquisition(position: Position, quantity: BigInt, costUsd: BigDecimal, incomeUsd: BigDecimal): void {
  position.quantity = position.quantity.plus(quantity);
  position.cumulativeAcquired = position.cumulativeAcquired.plus(quantity);
  position.cumulativeCostUsd = position.cumulativeCostUsd.plus(costUsd);
  position.cumulativeIncomeUsd = position.cumulativeIncomeUsd.plus(incomeUsd);
  position.lotCount = position.lotCount + 1;
  position.save();
}

/**
 * Takes `quantity` out of the position and returns the part the position did not hold (0 normally).
 * A shortfall is logged and the quantity floors at zero, so a log the subgraph could not explain never
 * makes a holding negative.
 */
export function removeQuantity(position: Position, quantity: BigInt, what: string, txHash: string): BigInt {
  let shortfall = ZERO_BI;
  if (quantity.gt(position.quantity)) {
    shortfall = quantity.minus(position.quantity);
    log.warning("{} of {} in position {} exceeds its quantity {} by {} (tx {}); flooring at zero", [
      what,
      quantity.toString(),
      position.id,
      position.quantity.toString(),
      shortfall.toString(),
      txHash,
    ]);
    position.quantity = ZERO_BI;
  } else {
    position.quantity = position.quantity.minus(quantity);
  }
  position.save();
  return shortfall;
}

/**
 * The part of the position in the vault's own balance, which the rebalancer trades: the quantity less what
 * sits in yield sources, is posted as margin or is inside the liquidity manager's positions. Never below zero (a holding the subgraph could not see).
 */
export function sleeveQuantity(position: Position): BigInt {
  const sleeve = position.quantity.minus(position.inYieldSources).minus(position.postedAsMargin).minus(position.inLiquidityPositions);
  return sleeve.lt(ZERO_BI) ? ZERO_BI : sleeve;
}

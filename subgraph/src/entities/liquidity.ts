import { Address, BigInt, ethereum } from "@graphprotocol/graph-ts";
import { LiquidityChange, LiquidityPosition } from "../../generated/schema";
import { eventId } from "./ids";

export const CHANGE_ADD = "ADD";
export const CHANGE_REMOVE = "REMOVE";

/** The adapter's position entity (id: the adapter's address), created empty on its first event. */
export function getOrCreateLiquidityPosition(adapter: Address): LiquidityPosition {
  const id = adapter.toHexString();
  let p = LiquidityPosition.load(id);
  if (p == null) {
    p = new LiquidityPosition(id);
    p.controller = Address.zero();
    p.liquidity = BigInt.zero();
    p.cumulativeAssetAdded = BigInt.zero();
    p.cumulativeStableAdded = BigInt.zero();
    p.cumulativeAssetRemoved = BigInt.zero();
    p.cumulativeStableRemoved = BigInt.zero();
    p.addCount = 0;
    p.removeCount = 0;
  }
  return p;
}

export function recordControllerSet(event: ethereum.Event, controller: Address): void {
  const p = getOrCreateLiquidityPosition(event.address);
  p.controller = controller;
  p.save();
}

/** An add (mint or increase) of `liquidity` for the given amounts; the position is the venue's `positionId`. */
export function recordLiquidityAdded(event: ethereum.Event, positionId: BigInt, liquidity: BigInt, assetAmount: BigInt, stableAmount: BigInt): LiquidityChange {
  const p = getOrCreateLiquidityPosition(event.address);
  p.positionId = positionId;
  p.liquidity = p.liquidity.plus(liquidity);
  p.cumulativeAssetAdded = p.cumulativeAssetAdded.plus(assetAmount);
  p.cumulativeStableAdded = p.cumulativeStableAdded.plus(stableAmount);
  p.addCount = p.addCount + 1;
  p.save();
  return saveChange(event, p, CHANGE_ADD, positionId, liquidity, assetAmount, stableAmount, null);
}

/** An exit: `liquidity` removed (all of it) and the tokens, fees included, sent to `to`; the position is closed. */
export function recordLiquidityRemoved(
  event: ethereum.Event,
  positionId: BigInt,
  to: Address,
  liquidity: BigInt,
  assetAmount: BigInt,
  stableAmount: BigInt,
): LiquidityChange {
  const p = getOrCreateLiquidityPosition(event.address);
  p.positionId = null;
  p.liquidity = p.liquidity.ge(liquidity) ? p.liquidity.minus(liquidity) : BigInt.zero();
  p.cumulativeAssetRemoved = p.cumulativeAssetRemoved.plus(assetAmount);
  p.cumulativeStableRemoved = p.cumulativeStableRemoved.plus(stableAmount);
  p.removeCount = p.removeCount + 1;
  p.save();
  return saveChange(event, p, CHANGE_REMOVE, positionId, liquidity, assetAmount, stableAmount, to);
}

function saveChange(
  event: ethereum.Event,
  p: LiquidityPosition,
  kind: string,
  positionId: BigInt,
  liquidity: BigInt,
  assetAmount: BigInt,
  stableAmount: BigInt,
  to: Address | null,
): LiquidityChange {
  const c = new LiquidityChange(eventId(event));
  c.position = p.id;
  c.kind = kind;
  c.positionId = positionId;
  c.liquidity = liquidity;
  c.assetAmount = assetAmount;
  c.stableAmount = stableAmount;
  if (to !== null) c.to = to;
  c.blockNumber = event.block.number;
  c.timestamp = event.block.timestamp;
  c.transactionHash = event.transaction.hash;
  c.logIndex = event.logIndex;
  c.save();
  return c;
}

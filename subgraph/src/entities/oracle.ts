import { Address, BigInt, ethereum, log } from "@graphprotocol/graph-ts";
import { CircuitBreakerTrip, FeedChange, PriceUpdate, SafeModeEvent } from "../../generated/schema";
import { CircuitBreakerTripped, PriceUpdated } from "../../generated/OracleHub/OracleHub";
import { getAsset } from "./asset";
import { eventId } from "./ids";
import { fromFixed } from "./math";

/** A consensus price. A zero price is recorded (accepted = false) but never becomes the asset's price. */
export function recordPriceUpdate(event: PriceUpdated): PriceUpdate {
  const p = event.params;
  const asset = getAsset(p.asset, event);
  const id = eventId(event);
  const accepted = !p.priceUsd.isZero();
  if (!accepted) {
    log.warning("price update {} for asset {} is zero; keeping the previous price", [id, asset.id.toHexString()]);
  } else {
    const last = asset.lastPriceBlock;
    if (last && last.gt(event.block.number)) {
      log.warning("price update {} is older than the asset's latest price (block {})", [id, last.toString()]);
    }
    asset.lastPriceUsd = fromFixed(p.priceUsd);
    asset.lastPriceRaw = p.priceUsd;
    asset.lastPriceBlock = event.block.number;
    asset.save();
  }
  const update = new PriceUpdate(id);
  update.asset = asset.id;
  update.priceUsd = fromFixed(p.priceUsd);
  update.priceRaw = p.priceUsd;
  update.updatedAt = p.updatedAt;
  update.feedsUsed = p.feedsUsed;
  update.accepted = accepted;
  update.blockNumber = event.block.number;
  update.timestamp = event.block.timestamp;
  update.transactionHash = event.transaction.hash;
  update.logIndex = event.logIndex;
  update.save();
  return update;
}

/** Entering (with its reason) or leaving safe mode; a repeated transition is kept and flagged. */
export function recordSafeMode(event: ethereum.Event, assetAddress: Address, entering: boolean, reason: i32, priceRaw: BigInt): SafeModeEvent {
  const asset = getAsset(assetAddress, event);
  const id = eventId(event);
  const consistent = asset.safeMode != entering;
  if (!consistent) {
    log.warning("safe mode {} for asset {} but it was already {}", [
      entering ? "entered" : "exited",
      asset.id.toHexString(),
      asset.safeMode ? "in safe mode" : "out of safe mode",
    ]);
  }
  asset.safeMode = entering;
  if (entering) asset.safeModeReason = reason;
  else asset.unset("safeModeReason");
  asset.save();

  const row = new SafeModeEvent(id);
  row.asset = asset.id;
  row.change = entering ? "ENTERED" : "EXITED";
  if (entering) row.reason = reason;
  row.priceUsd = fromFixed(priceRaw);
  row.consistent = consistent;
  row.blockNumber = event.block.number;
  row.timestamp = event.block.timestamp;
  row.transactionHash = event.transaction.hash;
  row.logIndex = event.logIndex;
  row.save();
  return row;
}

export function recordCircuitBreaker(event: CircuitBreakerTripped): CircuitBreakerTrip {
  const p = event.params;
  const asset = getAsset(p.asset, event);
  const trip = new CircuitBreakerTrip(eventId(event));
  trip.asset = asset.id;
  trip.lastPriceUsd = fromFixed(p.lastPriceUsd);
  trip.candidatePriceUsd = fromFixed(p.candidatePriceUsd);
  trip.moveBps = p.moveBps;
  trip.blockNumber = event.block.number;
  trip.timestamp = event.block.timestamp;
  trip.transactionHash = event.transaction.hash;
  trip.logIndex = event.logIndex;
  trip.save();
  return trip;
}

export function recordFeedChange(event: ethereum.Event, assetAddress: Address, feed: Address, added: boolean): FeedChange {
  const asset = getAsset(assetAddress, event);
  if (added) asset.feedCount = asset.feedCount + 1;
  else if (asset.feedCount > 0) asset.feedCount = asset.feedCount - 1;
  else log.warning("feed {} removed from asset {} that had no feeds", [feed.toHexString(), asset.id.toHexString()]);
  asset.save();
  const change = new FeedChange(eventId(event));
  change.asset = asset.id;
  change.feed = feed;
  change.added = added;
  change.blockNumber = event.block.number;
  change.timestamp = event.block.timestamp;
  change.transactionHash = event.transaction.hash;
  change.logIndex = event.logIndex;
  change.save();
  return change;
}

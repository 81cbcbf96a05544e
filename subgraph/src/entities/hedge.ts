import { BigInt, log } from "@graphprotocol/graph-ts";
import { Hedge, HedgeDecision, HedgePosition, Lot, PerpAccount } from "../../generated/schema";
import { Hedge as HedgeEvent, HedgeDecision as HedgeDecisionEvent, LiquidityReturned } from "../../generated/Hedger/Hedger";
import { getAsset } from "./asset";
import { eventId, logId, pairId } from "./ids";
import { LOT_LP_UNWIND, openLot } from "./lot";
import { fromFixed, ZERO_BD, ZERO_BI } from "./math";
import { getOrCreateVault } from "./vault";

/** One hedge adjustment; the HedgePosition follows sizeAfter even when sizeBefore disagrees (logged). */
export function recordHedge(event: HedgeEvent): Hedge {
  const p = event.params;
  const vault = getOrCreateVault(p.vault, event, true);
  const asset = getAsset(p.asset, event);
  const id = eventId(event);
  const positionId = pairId(vault.id.toHexString(), asset.id.toHexString());
  let position = HedgePosition.load(positionId);
  if (position == null) {
    position = new HedgePosition(positionId);
    position.vault = vault.id;
    position.asset = asset.id;
    position.size = ZERO_BI;
    position.hedgeRatio = ZERO_BD;
    position.lastPriceUsd = ZERO_BD;
    position.marginUsd = ZERO_BD;
    position.cumulativeFundingPaidUsd = ZERO_BD;
    position.cumulativeRealizedPnlUsd = ZERO_BD;
    position.adjustmentCount = 0;
    position.liquidationCount = 0;
  }
  const consistent = position.size.equals(p.sizeBefore);
  if (!consistent) {
    log.warning("hedge {} of {}: sizeBefore {} but the previous hedge left {}", [
      id,
      positionId,
      p.sizeBefore.toString(),
      position.size.toString(),
    ]);
  }
  const hedge = new Hedge(id);
  hedge.vault = vault.id;
  hedge.asset = asset.id;
  hedge.position = positionId;
  hedge.sizeBefore = p.sizeBefore;
  hedge.sizeAfter = p.sizeAfter;
  hedge.priceUsd = fromFixed(p.priceUsd);
  hedge.hedgeRatio = fromFixed(p.hedgeRatio);
  hedge.fundingPaidUsd = fromFixed(p.fundingPaid);
  hedge.realizedPnlUsd = fromFixed(p.realizedPnlUsd);
  hedge.marginUsd = fromFixed(p.marginUsd);
  hedge.consistent = consistent;
  hedge.blockNumber = event.block.number;
  hedge.timestamp = event.block.timestamp;
  hedge.transactionHash = event.transaction.hash;
  hedge.logIndex = event.logIndex;
  hedge.save();

  position.size = p.sizeAfter;
  position.hedgeRatio = hedge.hedgeRatio;
  position.lastPriceUsd = hedge.priceUsd;
  position.marginUsd = hedge.marginUsd;
  position.cumulativeFundingPaidUsd = position.cumulativeFundingPaidUsd.plus(hedge.fundingPaidUsd);
  position.cumulativeRealizedPnlUsd = position.cumulativeRealizedPnlUsd.plus(hedge.realizedPnlUsd);
  position.adjustmentCount = position.adjustmentCount + 1;
  position.save();
  // The hedger (this log's emitter) holds the perp position; a later Liquidated names it, not the vault.
  const account = new PerpAccount(event.address.concat(p.asset));
  account.hedgePosition = positionId;
  account.save();
  return hedge;
}

const HEDGE_ACTIONS = ["SKIP", "SHRINK", "HEDGE", "MARGIN"];

/**
 * One evaluation of the hedger's cost rule. A decision that traded follows its Hedge directly (the hedger emits
 * them back to back), so the Hedge is the log before it; the position is the one the hedger's PerpAccount names.
 */
export function recordHedgeDecision(event: HedgeDecisionEvent): HedgeDecision {
  const p = event.params;
  const asset = getAsset(p.asset, event);
  const d = new HedgeDecision(eventId(event));
  d.hedger = event.address;
  d.asset = asset.id;
  const account = PerpAccount.load(event.address.concat(p.asset));
  if (account != null) d.position = account.hedgePosition;
  const action = p.action as i32;
  d.action = action < HEDGE_ACTIONS.length ? HEDGE_ACTIONS[action] : "SKIP";
  if (action != 0 && event.logIndex.gt(BigInt.zero())) {
    const hedgeId = logId(event.block.number, event.logIndex.minus(BigInt.fromI32(1)));
    if (Hedge.load(hedgeId) != null) d.hedge = hedgeId;
    else log.warning("hedge decision {} traded but no Hedge precedes it", [d.id]);
  }
  d.sizeBefore = p.sizeBefore;
  d.sizeAfter = p.sizeAfter;
  d.targetSize = p.targetSize;
  d.edgeSize = p.edgeSize;
  d.priceUsd = fromFixed(p.priceUsd);
  d.sigma = fromFixed(p.sigma);
  d.fundingRate = fromFixed(p.fundingRate);
  d.fundingCostUsd = fromFixed(p.fundingCostUsd);
  d.lossSavedUsd = fromFixed(p.lossSavedUsd);
  d.edgeFundingCostUsd = fromFixed(p.edgeFundingCostUsd);
  d.edgeLossSavedUsd = fromFixed(p.edgeLossSavedUsd);
  d.blockNumber = event.block.number;
  d.timestamp = event.block.timestamp;
  d.transactionHash = event.transaction.hash;
  d.logIndex = event.logIndex;
  d.save();
  return d;
}

/**
 * The emergency exit's LP unwind returned `amount` of a token to the vault. The LP position was funded
 * by the owner outside the vault, so the tokens arrive like a deposit: a lot at the oracle price of the
 * block. Nothing returned, nothing recorded.
 */
export function recordLiquidityReturned(event: LiquidityReturned): Lot | null {
  const p = event.params;
  if (p.amount.isZero()) return null;
  const vault = getOrCreateVault(p.vault, event, true);
  const asset = getAsset(p.token, event);
  if (p.priceUsd.isZero()) {
    log.warning("LP unwind of {} in tx {} log {} carries a zero price; its lot has no basis", [
      asset.id.toHexString(),
      event.transaction.hash.toHexString(),
      event.logIndex.toString(),
    ]);
  }
  return openLot(event, vault, asset, LOT_LP_UNWIND, p.amount, p.priceUsd, ZERO_BD);
}

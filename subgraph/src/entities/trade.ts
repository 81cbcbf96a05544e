import { BigInt, ethereum, log } from "@graphprotocol/graph-ts";
import { PendingRebalance, Rebalance, Trade, Vault } from "../../generated/schema";
import { Rebalance as RebalanceEvent, Trade as TradeEvent } from "../../generated/Rebalancer/Rebalancer";
import { getAsset } from "./asset";
import { DISPOSAL_TRADE, recordDisposal } from "./disposal";
import { eventId, pairId } from "./ids";
import { LOT_REBALANCE_BUY, openLot } from "./lot";
import { clampToI32, fromFixed, valueUsd, ZERO_BD } from "./math";
import { DailyActivity, recordDailyActivity } from "./snapshot";
import { getOrCreateVault } from "./vault";

function pendingId(vault: Vault, rebalanceId: BigInt): string {
  return pairId(vault.id.toHexString(), rebalanceId.toString());
}

/** A swap: a disposal of tokenIn for the value of tokenOut received, and a lot of tokenOut at that value. */
export function recordTrade(event: TradeEvent): Trade {
  const p = event.params;
  const vault = getOrCreateVault(p.vault, event, true);
  const tokenIn = getAsset(p.tokenIn, event);
  const tokenOut = getAsset(p.tokenOut, event);
  const id = eventId(event);
  const valueOut = valueUsd(p.amountOut, tokenOut.decimals, p.priceOutUsd);
  if (p.feeAmountIn.gt(p.amountIn)) {
    log.warning("trade {} reports a fee {} above amountIn {}", [id, p.feeAmountIn.toString(), p.amountIn.toString()]);
  }

  const disposal = recordDisposal(event, vault, tokenIn, DISPOSAL_TRADE, p.amountIn, p.priceInUsd, valueOut, p.feeAmountIn);
  const lot = openLot(event, vault, tokenOut, LOT_REBALANCE_BUY, p.amountOut, p.priceOutUsd, ZERO_BD);

  const trade = new Trade(id);
  trade.vault = vault.id;
  trade.rebalanceId = p.rebalanceId;
  trade.tokenIn = tokenIn.id;
  trade.tokenOut = tokenOut.id;
  trade.amountIn = p.amountIn;
  trade.amountOut = p.amountOut;
  trade.priceInUsd = fromFixed(p.priceInUsd);
  trade.priceOutUsd = fromFixed(p.priceOutUsd);
  trade.feeAmountIn = p.feeAmountIn;
  trade.feeUsd = disposal.feeUsd;
  trade.feeTier = p.feeTier;
  trade.valueInUsd = valueUsd(p.amountIn, tokenIn.decimals, p.priceInUsd);
  trade.valueOutUsd = valueOut;
  trade.pool = p.pool;
  trade.realisedPrice = fromFixed(p.realisedPrice);
  trade.priceImpactBps = p.priceImpactBps;
  trade.disposal = disposal.id;
  trade.lot = lot.id;
  trade.blockNumber = event.block.number;
  trade.timestamp = event.block.timestamp;
  trade.transactionHash = event.transaction.hash;
  trade.logIndex = event.logIndex;
  trade.save();

  const pending_id = pendingId(vault, p.rebalanceId);
  let pending = PendingRebalance.load(pending_id);
  if (pending == null) {
    pending = new PendingRebalance(pending_id);
    pending.trades = [];
  }
  const trades = pending.trades;
  trades.push(id);
  pending.trades = trades;
  pending.save();

  const activity = new DailyActivity();
  activity.proceedsUsd = valueOut;
  activity.feesUsd = disposal.feeUsd;
  activity.trades = 1;
  recordDailyActivity(vault, event, activity);
  return trade;
}

/** Closes a rebalance: takes the trades collected under its id; a count mismatch is logged and kept visible. */
export function recordRebalance(event: RebalanceEvent): Rebalance {
  const p = event.params;
  const vault = getOrCreateVault(p.vault, event, true);
  const rebalance = new Rebalance(eventId(event));
  rebalance.vault = vault.id;
  rebalance.rebalanceId = p.rebalanceId;
  rebalance.navBeforeUsd = fromFixed(p.navBeforeUsd);
  rebalance.navAfterUsd = fromFixed(p.navAfterUsd);
  rebalance.maxDriftBps = p.maxDriftBps;
  rebalance.tradesReported = clampToI32(p.trades);

  const pending = PendingRebalance.load(pendingId(vault, p.rebalanceId));
  let trades = new Array<string>();
  if (pending != null) {
    trades = pending.trades;
    // A later rebalance with the same id (not expected) starts from an empty list.
    pending.trades = [];
    pending.save();
  }
  if (BigInt.fromI32(trades.length).notEqual(p.trades)) {
    log.warning("rebalance {} of vault {} reports {} trades but {} Trade logs preceded it", [
      p.rebalanceId.toString(),
      vault.id.toHexString(),
      p.trades.toString(),
      trades.length.toString(),
    ]);
  }
  rebalance.trades = trades;
  rebalance.blockNumber = event.block.number;
  rebalance.timestamp = event.block.timestamp;
  rebalance.transactionHash = event.transaction.hash;
  rebalance.logIndex = event.logIndex;
  rebalance.save();

  vault.rebalanceCount = vault.rebalanceCount + 1;
  vault.lastReportedNavUsd = rebalance.navAfterUsd;
  vault.save();
  const activity = new DailyActivity();
  activity.rebalances = 1;
  recordDailyActivity(vault, event, activity);
  return rebalance;
}

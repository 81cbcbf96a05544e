import { log } from "@graphprotocol/graph-ts";
import { LossHarvest, PurchaseLockout } from "../../generated/schema";
import { LossHarvested, PurchaseLockoutSet } from "../../generated/Rebalancer/Rebalancer";
import { getAsset, setPurchaseLockout } from "./asset";
import { DISPOSAL_LOSS_HARVEST, recordDisposal } from "./disposal";
import { eventId } from "./ids";
import { LOT_LOSS_HARVEST_PROCEEDS, openLot } from "./lot";
import { fromFixed, valueUsd, ZERO_BD } from "./math";
import { DailyActivity, recordDailyActivity } from "./snapshot";
import { getOrCreateVault } from "./vault";

/** The keeper's tax-loss sale: a disposal of `asset`, a lot of `tokenOut`, and the asset's buy-back lockout. */
export function recordLossHarvest(event: LossHarvested): LossHarvest {
  const p = event.params;
  const vault = getOrCreateVault(p.vault, event, true);
  const asset = getAsset(p.asset, event);
  const tokenOut = getAsset(p.tokenOut, event);
  const id = eventId(event);
  const proceeds = valueUsd(p.amountOut, tokenOut.decimals, p.priceOutUsd);
  if (p.lockoutUntil.le(event.block.timestamp)) {
    log.warning("loss harvest {} has a lockout {} not after its block time {}", [
      id,
      p.lockoutUntil.toString(),
      event.block.timestamp.toString(),
    ]);
  }

  const disposal = recordDisposal(event, vault, asset, DISPOSAL_LOSS_HARVEST, p.amountIn, p.priceInUsd, proceeds, p.feeAmountIn);
  const lot = openLot(event, vault, tokenOut, LOT_LOSS_HARVEST_PROCEEDS, p.amountOut, p.priceOutUsd, ZERO_BD);
  setPurchaseLockout(asset, p.lockoutUntil, null);

  const harvest = new LossHarvest(id);
  harvest.vault = vault.id;
  harvest.asset = asset.id;
  harvest.tokenOut = tokenOut.id;
  harvest.amountIn = p.amountIn;
  harvest.amountOut = p.amountOut;
  harvest.priceInUsd = fromFixed(p.priceInUsd);
  harvest.priceOutUsd = fromFixed(p.priceOutUsd);
  harvest.feeAmountIn = p.feeAmountIn;
  harvest.feeUsd = disposal.feeUsd;
  harvest.proceedsUsd = proceeds;
  harvest.lockoutUntil = p.lockoutUntil;
  harvest.pool = p.pool;
  harvest.realisedPrice = fromFixed(p.realisedPrice);
  harvest.priceImpactBps = p.priceImpactBps;
  harvest.disposal = disposal.id;
  harvest.lot = lot.id;
  harvest.blockNumber = event.block.number;
  harvest.timestamp = event.block.timestamp;
  harvest.transactionHash = event.transaction.hash;
  harvest.logIndex = event.logIndex;
  harvest.save();

  const activity = new DailyActivity();
  activity.proceedsUsd = proceeds;
  activity.feesUsd = disposal.feeUsd;
  recordDailyActivity(vault, event, activity);
  return harvest;
}

export function recordPurchaseLockout(event: PurchaseLockoutSet): PurchaseLockout {
  const p = event.params;
  const asset = getAsset(p.asset, event);
  setPurchaseLockout(asset, p.until, p.substitute);
  const lockout = new PurchaseLockout(eventId(event));
  lockout.asset = asset.id;
  lockout.until = p.until;
  lockout.substitute = p.substitute;
  lockout.blockNumber = event.block.number;
  lockout.timestamp = event.block.timestamp;
  lockout.transactionHash = event.transaction.hash;
  lockout.logIndex = event.logIndex;
  lockout.save();
  return lockout;
}

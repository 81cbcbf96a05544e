import { BigDecimal, BigInt, ethereum } from "@graphprotocol/graph-ts";
import { Asset, Lot, Vault } from "../../generated/schema";
import { eventId } from "./ids";
import { fromFixed, valueUsd } from "./math";
import { addAcquisition, getOrCreatePosition } from "./position";

export const LOT_REBALANCE_BUY = "REBALANCE_BUY";
export const LOT_HARVEST_INCOME = "HARVEST_INCOME";
export const LOT_DEPOSIT = "DEPOSIT";
export const LOT_LOSS_HARVEST_PROCEEDS = "LOSS_HARVEST_PROCEEDS";
export const LOT_LP_UNWIND = "LP_UNWIND";

/**
 * Records one acquisition of `quantity` base units at `priceRaw` (18-decimal USD per whole token).
 * The lot shares its id with the event entity created from the same log, which it links by source.
 * `incomeUsd` is the ordinary income the acquisition represents (harvests), zero otherwise.
 */
export function openLot(
  event: ethereum.Event,
  vault: Vault,
  asset: Asset,
  source: string,
  quantity: BigInt,
  priceRaw: BigInt,
  incomeUsd: BigDecimal,
): Lot {
  const id = eventId(event);
  const position = getOrCreatePosition(vault, asset);
  const lot = new Lot(id);
  lot.vault = vault.id;
  lot.asset = asset.id;
  lot.position = position.id;
  lot.source = source;
  lot.quantity = quantity;
  lot.unitCostRaw = priceRaw;
  lot.unitCostUsd = fromFixed(priceRaw);
  lot.costBasisUsd = valueUsd(quantity, asset.decimals, priceRaw);
  lot.decimals = asset.decimals;
  if (source == LOT_REBALANCE_BUY) lot.trade = id;
  else if (source == LOT_HARVEST_INCOME) lot.harvest = id;
  else if (source == LOT_DEPOSIT) lot.deposit = id;
  else if (source == LOT_LOSS_HARVEST_PROCEEDS) lot.lossHarvest = id;
  lot.blockNumber = event.block.number;
  lot.timestamp = event.block.timestamp;
  lot.transactionHash = event.transaction.hash;
  lot.logIndex = event.logIndex;
  lot.save();

  addAcquisition(position, quantity, lot.costBasisUsd, incomeUsd);
  vault.lotCount = vault.lotCount + 1;
  vault.save();
  return lot;
}


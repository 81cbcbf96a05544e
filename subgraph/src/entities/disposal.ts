import { BigDecimal, BigInt, ethereum } from "@graphprotocol/graph-ts";
import { Asset, Disposal, TransactionDisposal, Vault } from "../../generated/schema";
import { eventId, transactionAssetId } from "./ids";
import { fromFixed, valueUsd } from "./math";
import { getOrCreatePosition, removeQuantity } from "./position";

export const DISPOSAL_TRADE = "TRADE";
export const DISPOSAL_LOSS_HARVEST = "LOSS_HARVEST";

/**
 * Records one disposal of `quantity` base units (fee included) of `asset` for `proceedsUsd`.
 * The DEX fee (`feeQuantity`, inside `quantity`) is valued at the disposed asset's price for information:
 * the proceeds are what was received, so they are already net of it.
 */
export function recordDisposal(
  event: ethereum.Event,
  vault: Vault,
  asset: Asset,
  kind: string,
  quantity: BigInt,
  priceRaw: BigInt,
  proceedsUsd: BigDecimal,
  feeQuantity: BigInt,
): Disposal {
  const id = eventId(event);
  const position = getOrCreatePosition(vault, asset);
  const shortfall = removeQuantity(position, quantity, kind, event.transaction.hash.toHexString());
  position.cumulativeDisposed = position.cumulativeDisposed.plus(quantity);
  position.cumulativeProceedsUsd = position.cumulativeProceedsUsd.plus(proceedsUsd);
  position.disposalCount = position.disposalCount + 1;
  position.save();

  const disposal = new Disposal(id);
  disposal.vault = vault.id;
  disposal.asset = asset.id;
  disposal.position = position.id;
  disposal.kind = kind;
  disposal.quantity = quantity;
  disposal.proceedsUsd = proceedsUsd;
  disposal.feeQuantity = feeQuantity;
  disposal.feeUsd = valueUsd(feeQuantity, asset.decimals, priceRaw);
  disposal.unitPriceRaw = priceRaw;
  disposal.unitPriceUsd = fromFixed(priceRaw);
  disposal.decimals = asset.decimals;
  disposal.positionShortfall = shortfall;
  if (kind == DISPOSAL_TRADE) disposal.trade = id;
  else disposal.lossHarvest = id;
  disposal.blockNumber = event.block.number;
  disposal.timestamp = event.block.timestamp;
  disposal.transactionHash = event.transaction.hash;
  disposal.logIndex = event.logIndex;
  disposal.save();
  noteTransactionDisposal(event, asset, id);

  vault.disposalCount = vault.disposalCount + 1;
  vault.cumulativeProceedsUsd = vault.cumulativeProceedsUsd.plus(proceedsUsd);
  vault.cumulativeFeesUsd = vault.cumulativeFeesUsd.plus(disposal.feeUsd);
  vault.save();
  return disposal;
}

/** Remembers `disposalId` as the latest disposal of `asset` in the event's transaction (for a LotsIdentified after it). */
function noteTransactionDisposal(event: ethereum.Event, asset: Asset, disposalId: string): void {
  const key = transactionAssetId(event, asset.id.toHexString());
  let entry = TransactionDisposal.load(key);
  if (entry == null) entry = new TransactionDisposal(key);
  entry.disposal = disposalId;
  entry.save();
}

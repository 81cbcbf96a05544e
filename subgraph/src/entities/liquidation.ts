import { log } from "@graphprotocol/graph-ts";
import { HedgePosition, Liquidation, PerpAccount } from "../../generated/schema";
import { Liquidated } from "../../generated/Perpetual/Perpetual";
import { getAsset } from "./asset";
import { eventId } from "./ids";
import { fromFixed, ZERO_BI } from "./math";

// Kept apart from hedge.ts: only the Perpetual data source (optional in a deployment file) imports it.

/**
 * The perpetual liquidated `account`'s position. When the account is a hedger seen in a Hedge for this
 * asset, the vault's HedgePosition goes to size 0 (the next Hedge starts from 0, consistently) and counts it.
 */
export function recordLiquidation(event: Liquidated): Liquidation {
  const p = event.params;
  getAsset(p.asset, event);
  const liquidation = new Liquidation(eventId(event));
  liquidation.perpetual = event.address;
  liquidation.account = p.account;
  liquidation.asset = p.asset;
  liquidation.liquidator = p.liquidator;
  liquidation.size = p.size;
  liquidation.markPriceUsd = fromFixed(p.markPrice);
  liquidation.equityUsd = fromFixed(p.equityUsd);
  liquidation.penalty = p.penalty;
  liquidation.blockNumber = event.block.number;
  liquidation.timestamp = event.block.timestamp;
  liquidation.transactionHash = event.transaction.hash;
  const account = PerpAccount.load(p.account.concat(p.asset));
  if (account != null) {
    const position = HedgePosition.load(account.hedgePosition);
    if (position != null) {
      if (!position.size.equals(p.size)) {
        log.warning("liquidation {} of {}: size {} but the last hedge left {}", [eventId(event), position.id, p.size.toString(), position.size.toString()]);
      }
      position.size = ZERO_BI;
      position.liquidationCount = position.liquidationCount + 1;
      position.save();
      liquidation.hedgePosition = position.id;
    }
  }
  liquidation.save();
  return liquidation;
}

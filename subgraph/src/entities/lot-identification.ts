import { BigInt, log } from "@graphprotocol/graph-ts";
import { LotIdentification, TransactionDisposal } from "../../generated/schema";
import { LotsIdentified } from "../../generated/KeeperGateway/KeeperGateway";
import { getAsset } from "./asset";
import { chainLotKey, elementId, logId, transactionAssetId } from "./ids";

const TWO_POW_64 = BigInt.fromI32(2).pow(64);
const TWO_POW_128 = BigInt.fromI32(2).pow(128);

/** A lot key chainId << 128 | block << 64 | logIndex, split into its three fields. */
class LotKey {
  chainId: BigInt;
  block: BigInt;
  logIndex: BigInt;
  constructor(key: BigInt) {
    this.chainId = key.div(TWO_POW_128);
    const rest = key.mod(TWO_POW_128);
    this.block = rest.div(TWO_POW_64);
    this.logIndex = rest.mod(TWO_POW_64);
  }
}

/**
 * The lots a sale names (KeeperGateway's LotsIdentified): one LotIdentification per lot, linked to the
 * Lot its key names and to the disposal of the asset earlier in the same transaction. The gateway has
 * checked the keys are of its chain, the arrays' lengths and that the amounts add up to the sale.
 */
export function recordLotsIdentified(event: LotsIdentified): void {
  const p = event.params;
  const asset = getAsset(p.asset, event);
  const sale = TransactionDisposal.load(transactionAssetId(event, asset.id.toHexString()));
  if (sale == null) {
    log.warning("LotsIdentified in transaction {} names lots of {} but the transaction disposed of none", [
      event.transaction.hash.toHexString(),
      asset.id.toHexString(),
    ]);
  }
  const lots = p.lots;
  const amounts = p.amounts;
  for (let i = 0; i < lots.length; i++) {
    const key = new LotKey(lots[i]);
    const row = new LotIdentification(elementId(event, i));
    if (sale != null) row.disposal = sale.disposal;
    row.asset = asset.id;
    row.lot = logId(key.block, key.logIndex);
    row.lotKey = chainLotKey(key.chainId, key.block, key.logIndex);
    row.chainId = key.chainId;
    row.quantity = i < amounts.length ? amounts[i] : BigInt.zero();
    row.position = i;
    row.blockNumber = event.block.number;
    row.timestamp = event.block.timestamp;
    row.transactionHash = event.transaction.hash;
    row.logIndex = event.logIndex;
    row.save();
  }
}

import { BigInt, Bytes, dataSource, log } from "@graphprotocol/graph-ts";
import { BridgeTransfer, Vault } from "../../generated/schema";
import { removeQuantity, stablecoinPosition } from "./position";

/** The transfer of the LayerZero message `guid`, created by whichever of its two sides this chain sees first. */
function transfer(guid: Bytes): BridgeTransfer {
  let t = BridgeTransfer.load(guid);
  if (t == null) t = new BridgeTransfer(guid);
  return t;
}

/** The sending side (OFTSent): `oapp` debited `amountSent` from `sender` for `dstEid`, to credit `amountToReceive` there. */
export function recordBridgeSent(
  guid: Bytes, dstEid: i32, sender: Bytes, amountSent: BigInt, amountToReceive: BigInt,
  oapp: Bytes, block: BigInt, timestamp: BigInt, transactionHash: Bytes, logIndex: BigInt,
): void {
  const t = transfer(guid);
  t.dstEid = dstEid;
  t.sender = sender;
  t.amountSent = amountSent;
  t.amountToReceive = amountToReceive;
  t.sentOApp = oapp;
  t.sentNetwork = dataSource.network();
  t.sentBlock = block;
  t.sentTimestamp = timestamp;
  t.sentTransactionHash = transactionHash;
  t.sentLogIndex = logIndex;
  t.save();
}

/** The receiving side (OFTReceived): `oapp` credited `amountReceived` to `recipient` from `srcEid`. */
export function recordBridgeReceived(
  guid: Bytes, srcEid: i32, recipient: Bytes, amountReceived: BigInt,
  oapp: Bytes, block: BigInt, timestamp: BigInt, transactionHash: Bytes, logIndex: BigInt,
): void {
  const t = transfer(guid);
  t.srcEid = srcEid;
  t.recipient = recipient;
  t.amountReceived = amountReceived;
  t.receivedOApp = oapp;
  t.receivedNetwork = dataSource.network();
  t.receivedBlock = block;
  t.receivedTimestamp = timestamp;
  t.receivedTransactionHash = transactionHash;
  t.receivedLogIndex = logIndex;
  creditVault(t, recipient, amountReceived, transactionHash);
  t.save();
}

/**
 * A transfer to a vault this subgraph indexes (its peer's mover sent it): the vault's stablecoin position gains the
 * units. A transfer between the owner's own vaults opens no lot; the lots and their basis come across with the
 * units (the tax engine's bridge transfer), so only the quantity moves here.
 */
function creditVault(t: BridgeTransfer, recipient: Bytes, amount: BigInt, transactionHash: Bytes): void {
  const vault = Vault.load(recipient);
  if (vault == null) return;
  const position = stablecoinPosition(vault);
  if (position == null) {
    log.warning("bridge transfer {} to vault {} (tx {}): the vault has no stablecoin yet; not credited", [
      t.id.toHexString(), recipient.toHexString(), transactionHash.toHexString(),
    ]);
    return;
  }
  position.quantity = position.quantity.plus(amount);
  position.cumulativeBridgedIn = position.cumulativeBridgedIn.plus(amount);
  position.save();
  t.receivedPosition = position.id;
}

/**
 * The vault's cross-chain mover sent transfer `guid` (MoveSent): `amount` leaves the vault's stablecoin position, and
 * the transfer names the vault as its sender (the OFT's own sender is the mover, which held the units for the call).
 */
export function debitSendingVault(guid: Bytes, vault: Vault, amount: BigInt, transactionHash: Bytes): void {
  const t = transfer(guid);
  t.senderVault = vault.id;
  const position = stablecoinPosition(vault);
  if (position == null) {
    log.warning("move {} of vault {} (tx {}): the vault has no stablecoin yet; not debited", [
      guid.toHexString(), vault.id.toHexString(), transactionHash.toHexString(),
    ]);
  } else {
    removeQuantity(position, amount, "cross-chain move", transactionHash.toHexString());
    position.cumulativeBridgedOut = position.cumulativeBridgedOut.plus(amount);
    position.save();
    t.sentPosition = position.id;
  }
  t.save();
}

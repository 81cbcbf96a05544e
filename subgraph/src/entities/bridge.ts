import { BigInt, Bytes, dataSource } from "@graphprotocol/graph-ts";
import { BridgeTransfer } from "../../generated/schema";

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
  t.save();
}

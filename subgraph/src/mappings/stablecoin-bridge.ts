import { OFTReceived, OFTSent } from "../../generated/StablecoinBridge/StablecoinBridge";
import { recordBridgeReceived, recordBridgeSent } from "../entities/bridge";

export function handleOFTSent(event: OFTSent): void {
  const p = event.params;
  recordBridgeSent(p.guid, p.dstEid.toI32(), p.fromAddress, p.amountSentLD, p.amountReceivedLD, event.address, event.block.number, event.block.timestamp, event.transaction.hash, event.logIndex);
}

export function handleOFTReceived(event: OFTReceived): void {
  const p = event.params;
  recordBridgeReceived(p.guid, p.srcEid.toI32(), p.toAddress, p.amountReceivedLD, event.address, event.block.number, event.block.timestamp, event.transaction.hash, event.logIndex);
}

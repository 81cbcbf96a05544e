import { BigInt, ethereum } from "@graphprotocol/graph-ts";

const BLOCK_DIGITS = 12;
const LOG_INDEX_DIGITS = 6;

function pad(value: string, width: i32): string {
  let out = value;
  while (out.length < width) out = "0" + out;
  return out;
}

/** "<block, 12 digits>-<logIndex, 6 digits>": string order is chain order. Shared by every entity one log creates. */
export function eventId(event: ethereum.Event): string {
  return logId(event.block.number, event.logIndex);
}

/** The Lot id "<block, 12 digits>-<logIndex, 6 digits>" of a log, from its block and log index. */
export function logId(block: BigInt, logIndex: BigInt): string {
  return pad(block.toString(), BLOCK_DIGITS) + "-" + pad(logIndex.toString(), LOG_INDEX_DIGITS);
}

/** "<chainId>-<block, 12 digits>-<logIndex, 6 digits>": a lot's id qualified by its chain, unique across chains. */
export function chainLotKey(chainId: BigInt, block: BigInt, logIndex: BigInt): string {
  return chainId.toString() + "-" + logId(block, logIndex);
}

/** "<eventId>-<position, 3 digits>": one of the entities a log creates per array element. */
export function elementId(event: ethereum.Event, position: i32): string {
  return eventId(event) + "-" + pad(position.toString(), 3);
}

/** "<transactionHash>-<address>": one asset's entry within one transaction. */
export function transactionAssetId(event: ethereum.Event, asset: string): string {
  return event.transaction.hash.toHexString() + "-" + asset;
}

export function pairId(a: string, b: string): string {
  return a + "-" + b;
}

export const SECONDS_PER_DAY = 86400;

/** UTC day number since 1970-01-01. */
export function dayOf(event: ethereum.Event): i32 {
  return event.block.timestamp.toI32() / SECONDS_PER_DAY;
}

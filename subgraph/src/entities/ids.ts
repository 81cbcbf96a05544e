import { ethereum } from "@graphprotocol/graph-ts";

const BLOCK_DIGITS = 12;
const LOG_INDEX_DIGITS = 6;

function pad(value: string, width: i32): string {
  let out = value;
  while (out.length < width) out = "0" + out;
  return out;
}

/** "<block, 12 digits>-<logIndex, 6 digits>": string order is chain order. Shared by every entity one log creates. */
export function eventId(event: ethereum.Event): string {
  return (
    pad(event.block.number.toString(), BLOCK_DIGITS) + "-" + pad(event.logIndex.toString(), LOG_INDEX_DIGITS)
  );
}

export function pairId(a: string, b: string): string {
  return a + "-" + b;
}

export const SECONDS_PER_DAY = 86400;

/** UTC day number since 1970-01-01. */
export function dayOf(event: ethereum.Event): i32 {
  return event.block.timestamp.toI32() / SECONDS_PER_DAY;
}

import { Address, Bytes, ethereum, log } from "@graphprotocol/graph-ts";
import { Upkeep } from "../../generated/schema";
import { eventId } from "./ids";

export function upkeepActionName(action: i32): string {
  if (action == 1) return "UPDATE_WEIGHTS";
  if (action == 2) return "REBALANCE";
  if (action == 3) return "HARVEST";
  if (action == 4) return "HEDGE";
  if (action == 5) return "RERANGE";
  if (action == 6) return "COLLECT_FEES";
  return "UNKNOWN";
}

/** UpkeepPerformed from whichever contract emitted it (recorded as `emitter`). */
export function recordUpkeep(event: ethereum.Event, action: i32, caller: Address, performData: Bytes): Upkeep {
  const name = upkeepActionName(action);
  if (name == "UNKNOWN") {
    log.warning("upkeep {} has unknown action {}", [eventId(event), action.toString()]);
  }
  const upkeep = new Upkeep(eventId(event));
  upkeep.action = action;
  upkeep.actionName = name;
  upkeep.caller = caller;
  upkeep.performData = performData;
  upkeep.emitter = event.address;
  upkeep.blockNumber = event.block.number;
  upkeep.timestamp = event.block.timestamp;
  upkeep.transactionHash = event.transaction.hash;
  upkeep.logIndex = event.logIndex;
  upkeep.save();
  return upkeep;
}

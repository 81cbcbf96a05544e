import { Hedge, LiquidityReturned, UpkeepPerformed } from "../../generated/Hedger/Hedger";
import { recordHedge, recordLiquidityReturned } from "../entities/hedge";
import { recordUpkeep } from "../entities/upkeep";

export function handleHedge(event: Hedge): void {
  recordHedge(event);
}

export function handleLiquidityReturned(event: LiquidityReturned): void {
  recordLiquidityReturned(event);
}

export function handleUpkeepPerformed(event: UpkeepPerformed): void {
  recordUpkeep(event, event.params.action, event.params.caller, event.params.performData);
}

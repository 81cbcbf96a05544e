import { Hedge, LiquidityReturned, MarginMoved, UpkeepPerformed } from "../../generated/Hedger/Hedger";
import { recordHedge, recordLiquidityReturned } from "../entities/hedge";
import { recordMarginMoved } from "../entities/sleeve";
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

export function handleMarginMoved(event: MarginMoved): void {
  recordMarginMoved(event);
}

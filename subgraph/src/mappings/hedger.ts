import { ethereum } from "@graphprotocol/graph-ts";
import { CONFIG, recordChange } from "../entities/governance";
import { Hedge, HedgeDecision, LiquidityReturned, MarginMoved, UpkeepPerformed } from "../../generated/Hedger/Hedger";
import { recordHedge, recordHedgeDecision, recordLiquidityReturned } from "../entities/hedge";
import { recordMarginMoved } from "../entities/sleeve";
import { recordUpkeep } from "../entities/upkeep";

export function handleHedge(event: Hedge): void {
  recordHedge(event);
}

export function handleHedgeDecision(event: HedgeDecision): void {
  recordHedgeDecision(event);
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

// Role, pause and upgrade events (shared by every managed module).
export {
  handleManagementTransferStarted,
  handleManagementTransferred,
  handleKeeperSet,
  handleGuardianSet,
  handlePaused,
  handleUnpaused,
  handleUpgraded,
} from "./managed";

export function handleConfigSet(event: ethereum.Event): void {
  recordChange(event, CONFIG, "ConfigSet");
}

export function handleCostConfigSet(event: ethereum.Event): void {
  recordChange(event, CONFIG, "CostConfigSet");
}

import { ethereum } from "@graphprotocol/graph-ts";
import { CONFIG, recordChange } from "../entities/governance";
import {
  LossHarvested,
  PurchaseLockoutSet,
  Rebalance,
  TargetWeightsUpdated,
  Trade,
  UpkeepPerformed,
} from "../../generated/Rebalancer/Rebalancer";
import { recordLossHarvest, recordPurchaseLockout } from "../entities/loss-harvest";
import { recordRebalance, recordTrade } from "../entities/trade";
import { recordUpkeep } from "../entities/upkeep";
import { recordTargetWeights } from "../entities/weights";

export function handleTargetWeightsUpdated(event: TargetWeightsUpdated): void {
  recordTargetWeights(event);
}

export function handleTrade(event: Trade): void {
  recordTrade(event);
}

export function handleRebalance(event: Rebalance): void {
  recordRebalance(event);
}

export function handleLossHarvested(event: LossHarvested): void {
  recordLossHarvest(event);
}

export function handlePurchaseLockoutSet(event: PurchaseLockoutSet): void {
  recordPurchaseLockout(event);
}

export function handleUpkeepPerformed(event: UpkeepPerformed): void {
  recordUpkeep(event, event.params.action, event.params.caller, event.params.performData);
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

export function handleTradeConfigSet(event: ethereum.Event): void {
  recordChange(event, CONFIG, "TradeConfigSet");
}

export function handleRiskConfigSet(event: ethereum.Event): void {
  recordChange(event, CONFIG, "RiskConfigSet");
}

export function handleVenueConfigSet(event: ethereum.Event): void {
  recordChange(event, CONFIG, "VenueConfigSet");
}

export function handleRouterSet(event: ethereum.Event): void {
  recordChange(event, CONFIG, "RouterSet");
}

export function handleSubstituteSet(event: ethereum.Event): void {
  recordChange(event, CONFIG, "SubstituteSet");
}

export function handleFeeTierSet(event: ethereum.Event): void {
  recordChange(event, CONFIG, "FeeTierSet");
}

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

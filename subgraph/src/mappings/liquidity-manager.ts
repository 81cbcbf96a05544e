import { ethereum } from "@graphprotocol/graph-ts";
import {
  Decision, FeesCollected, RangeClosed, RangeOpened, RatioSwap, Reinvested,
} from "../../generated/LiquidityManager/LiquidityManager";
import { CONFIG, recordChange } from "../entities/governance";
import {
  recordDecision, recordFeesCollected, recordRangeClosed, recordRangeOpened, recordRatioSwap, recordReinvested,
} from "../entities/range";

export function handleRangeOpened(event: RangeOpened): void {
  const p = event.params;
  recordRangeOpened(event, p.positionId, p.fee, p.tickLower, p.tickUpper, p.twapTick, p.sigma, p.liquidity, p.assetAmount, p.stableAmount);
}

export function handleRangeClosed(event: RangeClosed): void {
  const p = event.params;
  recordRangeClosed(event, p.positionId, p.to, p.assetAmount, p.stableAmount, p.assetPriceUsd, p.stablePriceUsd);
}

export function handleFeesCollected(event: FeesCollected): void {
  const p = event.params;
  recordFeesCollected(event, p.positionId, p.assetAmount, p.stableAmount, p.assetPriceUsd, p.stablePriceUsd);
}

export function handleReinvested(event: Reinvested): void {
  const p = event.params;
  recordReinvested(event, p.positionId, p.liquidity, p.assetAmount, p.stableAmount);
}

export function handleDecision(event: Decision): void {
  const p = event.params;
  recordDecision(event, p.rerange, p.reason, p.fee, p.tick, p.tickLower, p.tickUpper, p.newFeesUsd, p.stayFeesUsd, p.costUsd);
}

export function handleRatioSwap(event: RatioSwap): void {
  const p = event.params;
  recordRatioSwap(event, p.tokenIn, p.tokenOut, p.fee, p.amountIn, p.amountOut);
}

export function handleFeeTierSet(event: ethereum.Event): void {
  recordChange(event, CONFIG, "FeeTierSet");
}

export function handleRangeConfigSet(event: ethereum.Event): void {
  recordChange(event, CONFIG, "RangeConfigSet");
}

export function handleCostConfigSet(event: ethereum.Event): void {
  recordChange(event, CONFIG, "CostConfigSet");
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

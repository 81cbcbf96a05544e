import { ControllerSet, LiquidityAdded, LiquidityRemoved } from "../../generated/LPPool/LPPool";
import { recordControllerSet, recordLiquidityAdded, recordLiquidityRemoved } from "../entities/liquidity";

export function handleLiquidityAdded(event: LiquidityAdded): void {
  const p = event.params;
  recordLiquidityAdded(event, p.positionId, p.liquidity, p.assetAmount, p.stableAmount);
}

export function handleLiquidityRemoved(event: LiquidityRemoved): void {
  const p = event.params;
  recordLiquidityRemoved(event, p.positionId, p.to, p.liquidity, p.assetAmount, p.stableAmount);
}

export function handleControllerSet(event: ControllerSet): void {
  recordControllerSet(event, event.params.controller);
}

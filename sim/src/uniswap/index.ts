export { PoolReplica, maxLiquidityPerTick } from "./pool";
export type { Amounts, PositionState, SwapParams, TickState } from "./pool";
export {
  MIN_TICK,
  MAX_TICK,
  MIN_SQRT_RATIO,
  MAX_SQRT_RATIO,
  PoolRevert,
  sqrtRatioAtTick,
  tickAtSqrtRatio,
  amount0Delta,
  amount1Delta,
  swapStep,
} from "./math";

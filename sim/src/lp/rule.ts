/**
 * The liquidity manager's rule (contracts/liquidity/LiquidityManager.sol), replayed off-chain for one tier:
 * range ±k·σ·√h in log price around the pool's tick, widened to the spacing; re-range when the tick has left
 * the range or is within `thresholdBps` of the half-width from an edge, and only when the fees the new range
 * is expected to earn over the horizon exceed those of the current one plus gas and the swap's cost. Expected
 * fees: the pool's fee growth per unit of liquidity since the last action, times the range's liquidity, times
 * min(horizon, a·b/σ²) (the Brownian exit time from the range). Money is bigint; so are σ (the oracle's, WAD per
 * day: sigma.ts), the range's width and the time in range, in the contract's own integer arithmetic (RangeMath.sol).
 */
import { amountsAt, token0InToken1, type PoolPrice } from "./position";
import { isqrt, WAD } from "./sigma";

/** ln(1.0001) in WAD: one tick in log price (RangeMath.LN_TICK_WAD). */
export const LN_TICK_WAD = 99_995_000_333_308n;
/** The contract's σ bounds (LIQUIDITY_RANGE_CONFIG): 0.5 % and 20 % a day. */
export const MIN_SIGMA = WAD / 200n;
export const MAX_SIGMA = WAD / 5n;
/** The oracle's sampling interval: σ is per day. */
const ROUND_SECONDS = 86_400n;

/** The oracle's σ clamped to the contract's bounds (LiquidityManager.sigma()). */
export const clampSigma = (s: bigint): bigint => (s < MIN_SIGMA ? MIN_SIGMA : s > MAX_SIGMA ? MAX_SIGMA : s);

const kWad = (k: number): bigint => BigInt(Math.round(k * 1e6)) * 10n ** 12n;

export interface RuleConfig {
  k: number;
  horizonRounds: number;
  thresholdBps: number;
  /** seconds of fees a range is judged on */
  feeHorizon: number;
  /** gas of a re-range and of a collect (bench:gas) */
  rerangeGas: bigint;
  collectGas: bigint;
  collectIntervalSeconds: number;
}

/** The contract's defaults (LIQUIDITY_RANGE_CONFIG / LIQUIDITY_COST_CONFIG) with bench:gas's figures. */
export const DEFAULT_RULE: RuleConfig = {
  k: 2,
  horizonRounds: 7,
  thresholdBps: 2000,
  feeHorizon: 7 * 86_400,
  rerangeGas: 913_500n,
  collectGas: 553_027n,
  collectIntervalSeconds: 7 * 86_400,
};

export interface FeeSnapshot {
  growth0: bigint;
  growth1: bigint;
  at: number;
}

/** What the rule reads of a pool: the replica, or a real pool's state read at a block. */
export interface PoolView extends PoolPrice {
  tickSpacing: number;
  fee: bigint;
  liquidity: bigint;
  feeGrowthGlobal0X128: bigint;
  feeGrowthGlobal1X128: bigint;
}

export const snapshotOf = (pool: PoolView, at: number): FeeSnapshot => ({ growth0: pool.feeGrowthGlobal0X128, growth1: pool.feeGrowthGlobal1X128, at });

/** k·σ·√h in ticks, rounded down, at least one (RangeMath.halfWidthTicks). */
export function halfWidthTicks(sigma: bigint, c: RuleConfig): number {
  const logWidth = (((kWad(c.k) * sigma) / WAD) * isqrt(BigInt(c.horizonRounds) * WAD * WAD)) / WAD;
  const ticks = logWidth / LN_TICK_WAD;
  return ticks === 0n ? 1 : Number(ticks);
}

/** [centre ± k·σ·√h ticks], outward to the spacing. */
export function rangeAround(centre: number, sigma: bigint, spacing: number, c: RuleConfig): { lower: number; upper: number; half: number } {
  const half = halfWidthTicks(sigma, c);
  return { lower: Math.floor((centre - half) / spacing) * spacing, upper: Math.ceil((centre + half) / spacing) * spacing, half };
}

/** Expected seconds in range from `tick`: a·b/σ² days, 0 outside, at most the horizon (RangeMath.expectedSecondsInRange). */
export function secondsInRange(tick: number, lower: number, upper: number, sigma: bigint, horizon: number): number {
  if (tick < lower || tick >= upper) return 0;
  const t = (BigInt(tick - lower) * LN_TICK_WAD * BigInt(upper - tick) * LN_TICK_WAD * ROUND_SECONDS) / (sigma * sigma);
  return t > BigInt(horizon) ? horizon : Number(t);
}

/** Fees (token1 units) `liquidity` earns over `seconds` at the pool's fee growth since `snap`. */
export function expectedFees(pool: PoolView, snap: FeeSnapshot, now: number, liquidity: bigint, seconds: number): bigint {
  const elapsed = BigInt(now - snap.at);
  if (elapsed <= 0n || liquidity === 0n || seconds <= 0) return 0n;
  const exposure = liquidity * BigInt(seconds);
  const den = elapsed << 128n;
  const f0 = ((pool.feeGrowthGlobal0X128 - snap.growth0) * exposure) / den;
  const f1 = ((pool.feeGrowthGlobal1X128 - snap.growth1) * exposure) / den;
  return token0InToken1(f0, pool.sqrtPriceX96) + f1;
}

export type Verdict = { rerange: boolean; reason: "InRange" | "OutOfRange" | "NearEdge" | "FeesBelowCost"; lower: number; upper: number };

/**
 * The rule on a position of `liquidity` over [lower, upper) worth `value` (token1 units) of which `value0` in
 * token0; `gasCost1` is a re-range's gas in token1 units.
 */
export function decide(
  pool: PoolView, snap: FeeSnapshot, now: number, pos: { lower: number; upper: number; liquidity: bigint; value: bigint; value0: bigint },
  sigma: bigint, gasCost1: bigint, c: RuleConfig,
): Verdict {
  const tick = pool.tick;
  const next = rangeAround(tick, sigma, pool.tickSpacing, c);
  const out = tick < pos.lower || tick >= pos.upper;
  const half = (pos.upper - pos.lower) / 2;
  const near = !out && Math.min(tick - pos.lower, pos.upper - tick) < (half * c.thresholdBps) / 10_000;
  if (!out && !near) return { rerange: false, reason: "InRange", ...next };
  const ref = amountsAt(pool, next.lower, next.upper, 10n ** 18n);
  const refValue = token0InToken1(ref.amount0, pool.sqrtPriceX96) + ref.amount1;
  const newLiquidity = refValue === 0n ? 0n : (10n ** 18n * pos.value) / refValue;
  const newFees = expectedFees(pool, snap, now, newLiquidity, secondsInRange(tick, next.lower, next.upper, sigma, c.feeHorizon));
  const stayFees = expectedFees(pool, snap, now, pos.liquidity, secondsInRange(tick, pos.lower, pos.upper, sigma, c.feeHorizon));
  const target0 = refValue === 0n ? 0n : (pos.value * token0InToken1(ref.amount0, pool.sqrtPriceX96)) / refValue;
  const q = pos.value0 > target0 ? pos.value0 - target0 : target0 - pos.value0;
  const depth = (pool.liquidity * pool.sqrtPriceX96) >> 96n;
  const swapCost = (q * pool.fee) / 1_000_000n + (depth === 0n ? q : (q * q) / depth);
  const go = newFees > stayFees + gasCost1 + swapCost;
  return { rerange: go, reason: go ? (out ? "OutOfRange" : "NearEdge") : "FeesBelowCost", lower: next.lower, upper: next.upper };
}

/**
 * Position arithmetic on the pool replica, all in bigint base units: token0 is the risk asset (18 decimals),
 * token1 the stablecoin (6 decimals), so a price is token1 per token0 and √P is Q64.96.
 */
import { PoolReplica, MIN_SQRT_RATIO, MAX_SQRT_RATIO, sqrtRatioAtTick, amount0Delta, amount1Delta } from "../uniswap";

const Q96 = 1n << 96n;
const Q192 = 1n << 192n;
const MAX_UINT128 = (1n << 128n) - 1n;

/** Tokens an account holds outside the pool. */
export interface Holdings {
  amount0: bigint;
  amount1: bigint;
}

/** `amount0` of token0 in token1 at √P (rounded down). */
export const token0InToken1 = (amount0: bigint, sqrtPriceX96: bigint): bigint => (amount0 * sqrtPriceX96 * sqrtPriceX96) / Q192;

/** Holdings valued in token1 at √P. */
export const valueIn1 = (h: Holdings, sqrtPriceX96: bigint): bigint => token0InToken1(h.amount0, sqrtPriceX96) + h.amount1;

/** The most liquidity the amounts buy over [lower, upper) at √P (v3-periphery's LiquidityAmounts, rounded down). */
export function liquidityForAmounts(sqrtPriceX96: bigint, lower: number, upper: number, h: Holdings): bigint {
  const sl = sqrtRatioAtTick(lower);
  const su = sqrtRatioAtTick(upper);
  const from0 = (a: bigint, lo: bigint) => (((a * lo) / Q96) * su) / (su - lo);
  const from1 = (a: bigint, hi: bigint) => (a * Q96) / (hi - sl);
  if (sqrtPriceX96 <= sl) return from0(h.amount0, sl);
  if (sqrtPriceX96 >= su) return from1(h.amount1, su);
  const l0 = from0(h.amount0, sqrtPriceX96);
  const l1 = from1(h.amount1, sqrtPriceX96);
  return l0 < l1 ? l0 : l1;
}

/** Applies a pool call's signed amounts (into the pool > 0) to the holdings of the account that made it. */
function pay(h: Holdings, d: { amount0: bigint; amount1: bigint }): void {
  h.amount0 -= d.amount0;
  h.amount1 -= d.amount1;
}

/** An exact-input swap of `amountIn` (token0 if zeroForOne) by the holder; returns the pool's amounts. */
export function swapIn(pool: PoolReplica, h: Holdings | undefined, zeroForOne: boolean, amountIn: bigint) {
  const d = pool.swap({ zeroForOne, amountSpecified: amountIn, sqrtPriceLimitX96: zeroForOne ? MIN_SQRT_RATIO + 1n : MAX_SQRT_RATIO - 1n });
  if (h) pay(h, d);
  return d;
}

/** A pool's price as its tick and √P (Q64.96): what the position arithmetic reads, from the replica or a real pool. */
export interface PoolPrice {
  tick: number;
  sqrtPriceX96: bigint;
}

/** token0 and token1 that `liquidity` over [lower, upper) holds at the price, rounded up (what a mint asks). */
export function amountsAt(p: PoolPrice, lower: number, upper: number, liquidity: bigint): Holdings {
  const sl = sqrtRatioAtTick(lower);
  const su = sqrtRatioAtTick(upper);
  if (p.tick < lower) return { amount0: amount0Delta(sl, su, liquidity, true), amount1: 0n };
  if (p.tick < upper) return { amount0: amount0Delta(p.sqrtPriceX96, su, liquidity, true), amount1: amount1Delta(sl, p.sqrtPriceX96, liquidity, true) };
  return { amount0: 0n, amount1: amount1Delta(sl, su, liquidity, true) };
}

/** The exact-input swap that brings the holdings to [lower, upper)'s ratio at the price (none when already there). */
export interface RatioSwap {
  zeroForOne: boolean;
  amountIn: bigint;
}

/**
 * The swap of the surplus side so the holdings' token0 value share matches what [lower, upper) holds at the
 * pool's price (the rule the on-chain manager applies; the pool fee leaves a small remainder).
 */
export function ratioSwapFor(p: PoolPrice, h: Holdings, lower: number, upper: number): RatioSwap | undefined {
  const ref = amountsAt(p, lower, upper, 10n ** 18n);
  const av = token0InToken1(h.amount0, p.sqrtPriceX96);
  const rav = token0InToken1(ref.amount0, p.sqrtPriceX96);
  if (rav + ref.amount1 === 0n) return undefined;
  const target = ((av + h.amount1) * rav) / (rav + ref.amount1);
  if (av > target) {
    const sell = (h.amount0 * (av - target)) / av;
    return sell > 0n ? { zeroForOne: true, amountIn: sell } : undefined;
  }
  return target > av ? { zeroForOne: false, amountIn: target - av } : undefined;
}

/**
 * Swaps the holdings to [lower, upper)'s ratio on the replica (ratioSwapFor). Returns the swap's cost in token1
 * units: what the holdings lost in value at the pool's price before the swap (the fee plus impact).
 */
export function swapToRatio(pool: PoolReplica, h: Holdings, lower: number, upper: number): bigint {
  const p = pool.sqrtPriceX96;
  const before = valueIn1(h, p);
  const s = ratioSwapFor(pool, h, lower, upper);
  if (s) swapIn(pool, h, s.zeroForOne, s.amountIn);
  return before - valueIn1(h, p);
}

/** Mints what the holdings buy over [lower, upper); returns the liquidity (0: nothing minted). */
export function mintAll(pool: PoolReplica, owner: string, h: Holdings, lower: number, upper: number): bigint {
  const l = liquidityForAmounts(pool.sqrtPriceX96, lower, upper, h);
  if (l === 0n) return 0n;
  pay(h, pool.mint(owner, lower, upper, l));
  return l;
}

/** Settles and collects the position's fees (and any burnt principal) into the holdings; returns what came. */
export function collectAll(pool: PoolReplica, owner: string, h: Holdings, lower: number, upper: number): Holdings {
  if (pool.position(owner, lower, upper).liquidity > 0n) pool.burn(owner, lower, upper, 0n);
  const c = pool.collect(owner, lower, upper, MAX_UINT128, MAX_UINT128);
  const got = { amount0: c.amount0 < 0n ? -c.amount0 : c.amount0, amount1: c.amount1 < 0n ? -c.amount1 : c.amount1 };
  h.amount0 += got.amount0;
  h.amount1 += got.amount1;
  return got;
}

/** Burns the whole position and collects everything (principal and fees) into the holdings; returns the fees. */
export function closeAll(pool: PoolReplica, owner: string, h: Holdings, lower: number, upper: number): Holdings {
  const l = pool.position(owner, lower, upper).liquidity;
  const fees = collectAll(pool, owner, h, lower, upper);
  if (l > 0n) {
    pool.burn(owner, lower, upper, l);
    collectAll(pool, owner, h, lower, upper);
  }
  return fees;
}

/** What `liquidity` over [lower, upper) would return if burnt at the price (rounded down, as a burn pays). */
export function principalAt(p: PoolPrice, lower: number, upper: number, liquidity: bigint): Holdings {
  if (liquidity === 0n) return { amount0: 0n, amount1: 0n };
  const sl = sqrtRatioAtTick(lower);
  const su = sqrtRatioAtTick(upper);
  if (p.tick < lower) return { amount0: amount0Delta(sl, su, liquidity, false), amount1: 0n };
  if (p.tick < upper) return { amount0: amount0Delta(p.sqrtPriceX96, su, liquidity, false), amount1: amount1Delta(sl, p.sqrtPriceX96, liquidity, false) };
  return { amount0: 0n, amount1: amount1Delta(sl, su, liquidity, false) };
}

/** The position's principal at the pool's price (rounded down). */
export function positionHoldings(pool: PoolReplica, owner: string, lower: number, upper: number): Holdings {
  return principalAt(pool, lower, upper, pool.position(owner, lower, upper).liquidity);
}

/**
 * The fixed-point arithmetic of a Uniswap v3 pool, in exact bigint, written from the v3 whitepaper and the
 * pool's documented rounding: amounts a pool takes in are rounded up, amounts it pays out rounded down, and
 * every multiply-divide is the exact floor (or ceiling) of the full-width product.
 */
import { isqrt, MIN_TICK, MAX_TICK } from "@lotgraph/contracts/src/venues/tickMath";

export { MIN_TICK, MAX_TICK };
export const Q96 = 1n << 96n;
export const Q128 = 1n << 128n;
export const MAX_UINT128 = Q128 - 1n;
export const MAX_UINT160 = (1n << 160n) - 1n;
export const MAX_UINT256 = (1n << 256n) - 1n;
/** fees are in hundredths of a basis point */
export const FEE_DENOMINATOR = 1_000_000n;

/** A failed pool check, carrying the pool's own revert reason (e.g. "SPL", "LO", "TLU"). */
export class PoolRevert extends Error {
  constructor(readonly reason: string, detail: string) {
    super(`${reason}: ${detail}`);
  }
}

export const mulDiv = (a: bigint, b: bigint, d: bigint): bigint => {
  const r = (a * b) / d;
  if (r > MAX_UINT256) throw new PoolRevert("mulDiv", `${a}·${b}/${d} overflows 256 bits`);
  return r;
};
export const mulDivUp = (a: bigint, b: bigint, d: bigint): bigint => {
  const p = a * b;
  const r = p / d + (p % d === 0n ? 0n : 1n);
  if (r > MAX_UINT256) throw new PoolRevert("mulDiv", `${a}·${b}/${d} overflows 256 bits`);
  return r;
};
export const divUp = (a: bigint, b: bigint): bigint => a / b + (a % b === 0n ? 0n : 1n);
/** fee growth accumulators are 256-bit counters that wrap */
export const wrap256 = (x: bigint): bigint => BigInt.asUintN(256, x);

// ---- √(1.0001^tick) exactly as the pool computes it ----

/**
 * The pool multiplies, bit by bit of |tick|, constants 2^128 / √1.0001^(2^i) rounded to the nearest integer,
 * truncating each product back to 128 fractional bits. The constants are derived here at 400-bit precision.
 */
const RATIO_CONSTANTS: readonly bigint[] = (() => {
  const P = 400n;
  const one = 1n << P;
  let power = isqrt((10001n << (2n * P)) / 10000n); // √1.0001 with P fractional bits
  const out: bigint[] = [];
  for (let i = 0; i < 20; i++) {
    const scaled = (one << (128n + P)) / power; // 2^128/√1.0001^(2^i) with P fractional bits
    out.push((scaled + (one >> 1n)) >> P);
    power = (power * power) >> P;
  }
  return out;
})();

export const MIN_SQRT_RATIO = sqrtRatioAtTick(MIN_TICK);
export const MAX_SQRT_RATIO = sqrtRatioAtTick(MAX_TICK);

/** √(1.0001^tick)·2^96, rounded up from the Q128.128 ratio, as the pool's TickMath gives it. */
export function sqrtRatioAtTick(tick: number): bigint {
  if (!Number.isInteger(tick) || tick < MIN_TICK || tick > MAX_TICK) throw new PoolRevert("T", `tick ${tick} is outside [${MIN_TICK}, ${MAX_TICK}]`);
  const abs = Math.abs(tick);
  let ratio = abs & 1 ? RATIO_CONSTANTS[0] : Q128;
  for (let i = 1; i < 20; i++) if (abs & (1 << i)) ratio = (ratio * RATIO_CONSTANTS[i]) >> 128n;
  if (tick > 0) ratio = MAX_UINT256 / ratio;
  return (ratio >> 32n) + (ratio % (1n << 32n) === 0n ? 0n : 1n);
}

/** The greatest tick whose √ratio is ≤ sqrtPriceX96 (the pool's current tick at that price). */
export function tickAtSqrtRatio(sqrtPriceX96: bigint): number {
  if (sqrtPriceX96 < MIN_SQRT_RATIO || sqrtPriceX96 >= MAX_SQRT_RATIO) throw new PoolRevert("R", `√price ${sqrtPriceX96} is outside [MIN_SQRT_RATIO, MAX_SQRT_RATIO)`);
  let lo = MIN_TICK;
  let hi = MAX_TICK;
  while (lo < hi) {
    const mid = Math.floor((lo + hi + 1) / 2);
    if (sqrtRatioAtTick(mid) <= sqrtPriceX96) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

// ---- amounts between two prices for a liquidity ----

/** token0 between √a and √b for liquidity L: L·2^96·(√b−√a)/(√b·√a) */
export function amount0Delta(sqrtA: bigint, sqrtB: bigint, liquidity: bigint, roundUp: boolean): bigint {
  if (sqrtA > sqrtB) [sqrtA, sqrtB] = [sqrtB, sqrtA];
  if (sqrtA <= 0n) throw new PoolRevert("price", "√price must be positive");
  const n1 = liquidity << 96n;
  const n2 = sqrtB - sqrtA;
  return roundUp ? divUp(mulDivUp(n1, n2, sqrtB), sqrtA) : mulDiv(n1, n2, sqrtB) / sqrtA;
}

/** token1 between √a and √b for liquidity L: L·(√b−√a)/2^96 */
export function amount1Delta(sqrtA: bigint, sqrtB: bigint, liquidity: bigint, roundUp: boolean): bigint {
  if (sqrtA > sqrtB) [sqrtA, sqrtB] = [sqrtB, sqrtA];
  return roundUp ? mulDivUp(liquidity, sqrtB - sqrtA, Q96) : mulDiv(liquidity, sqrtB - sqrtA, Q96);
}

/** Signed amounts for a liquidity change: what the pool takes (rounded up) or pays (rounded down, negative). */
export const amount0DeltaSigned = (a: bigint, b: bigint, delta: bigint): bigint =>
  delta < 0n ? -amount0Delta(a, b, -delta, false) : amount0Delta(a, b, delta, true);
export const amount1DeltaSigned = (a: bigint, b: bigint, delta: bigint): bigint =>
  delta < 0n ? -amount1Delta(a, b, -delta, false) : amount1Delta(a, b, delta, true);

// ---- the next price after an amount in or out ----

/**
 * √P after adding (or removing) `amount` of token0, rounded up so the price never moves further than the
 * amount pays for. The pool takes the precise formula L·√P/(L + x·√P) when x·√P and the denominator fit in
 * 256 bits, and the coarser L/(L/√P + x) otherwise: the two can differ in the last wei, so both are kept.
 */
function nextSqrtFromAmount0(sqrtP: bigint, liquidity: bigint, amount: bigint, add: boolean): bigint {
  if (amount === 0n) return sqrtP;
  const n1 = liquidity << 96n;
  const product = amount * sqrtP;
  if (add) {
    if (product <= MAX_UINT256 && n1 + product <= MAX_UINT256) return mulDivUp(n1, sqrtP, n1 + product);
    const denominator = n1 / sqrtP + amount;
    if (denominator > MAX_UINT256) throw new PoolRevert("overflow", `token0 amount ${amount} is too large`);
    return divUp(n1, denominator);
  }
  if (product > MAX_UINT256 || n1 <= product) throw new PoolRevert("price", `removing ${amount} token0 exceeds the liquidity ${liquidity}`);
  return toUint160(mulDivUp(n1, sqrtP, n1 - product));
}

/** √P after adding (or removing) `amount` of token1, rounded down. */
function nextSqrtFromAmount1(sqrtP: bigint, liquidity: bigint, amount: bigint, add: boolean): bigint {
  if (add) return toUint160(sqrtP + mulDiv(amount, Q96, liquidity));
  const quotient = mulDivUp(amount, Q96, liquidity);
  if (sqrtP <= quotient) throw new PoolRevert("price", `removing ${amount} token1 exceeds the liquidity ${liquidity}`);
  return sqrtP - quotient;
}

function toUint160(x: bigint): bigint {
  if (x > MAX_UINT160) throw new PoolRevert("uint160", `${x} does not fit 160 bits`);
  return x;
}

export function nextSqrtFromInput(sqrtP: bigint, liquidity: bigint, amountIn: bigint, zeroForOne: boolean): bigint {
  if (sqrtP <= 0n || liquidity <= 0n) throw new PoolRevert("price", "no price or no liquidity");
  return zeroForOne ? nextSqrtFromAmount0(sqrtP, liquidity, amountIn, true) : nextSqrtFromAmount1(sqrtP, liquidity, amountIn, true);
}

export function nextSqrtFromOutput(sqrtP: bigint, liquidity: bigint, amountOut: bigint, zeroForOne: boolean): bigint {
  if (sqrtP <= 0n || liquidity <= 0n) throw new PoolRevert("price", "no price or no liquidity");
  return zeroForOne ? nextSqrtFromAmount1(sqrtP, liquidity, amountOut, false) : nextSqrtFromAmount0(sqrtP, liquidity, amountOut, false);
}

// ---- one step of a swap, inside one stretch of constant liquidity ----

export interface SwapStep {
  sqrtNext: bigint;
  amountIn: bigint;
  amountOut: bigint;
  feeAmount: bigint;
}

/**
 * Moves from √current towards √target with liquidity L, spending (exact input, remaining > 0) or buying
 * (exact output, remaining < 0) at most |remaining|. The fee is taken from the input: `fee` of the gross
 * amount, so fee = amountIn·fee/(1e6 − fee) rounded up; an exact input that stops short of the target keeps
 * the whole rest of the input as fee.
 */
export function swapStep(sqrtCurrent: bigint, sqrtTarget: bigint, liquidity: bigint, remaining: bigint, feePips: bigint): SwapStep {
  const zeroForOne = sqrtCurrent >= sqrtTarget;
  const exactIn = remaining >= 0n;
  let sqrtNext: bigint;
  let amountIn = 0n;
  let amountOut = 0n;
  if (exactIn) {
    const lessFee = mulDiv(remaining, FEE_DENOMINATOR - feePips, FEE_DENOMINATOR);
    amountIn = zeroForOne ? amount0Delta(sqrtTarget, sqrtCurrent, liquidity, true) : amount1Delta(sqrtCurrent, sqrtTarget, liquidity, true);
    sqrtNext = lessFee >= amountIn ? sqrtTarget : nextSqrtFromInput(sqrtCurrent, liquidity, lessFee, zeroForOne);
  } else {
    amountOut = zeroForOne ? amount1Delta(sqrtTarget, sqrtCurrent, liquidity, false) : amount0Delta(sqrtCurrent, sqrtTarget, liquidity, false);
    sqrtNext = -remaining >= amountOut ? sqrtTarget : nextSqrtFromOutput(sqrtCurrent, liquidity, -remaining, zeroForOne);
  }
  const reached = sqrtNext === sqrtTarget;
  if (zeroForOne) {
    if (!(reached && exactIn)) amountIn = amount0Delta(sqrtNext, sqrtCurrent, liquidity, true);
    if (!(reached && !exactIn)) amountOut = amount1Delta(sqrtNext, sqrtCurrent, liquidity, false);
  } else {
    if (!(reached && exactIn)) amountIn = amount1Delta(sqrtCurrent, sqrtNext, liquidity, true);
    if (!(reached && !exactIn)) amountOut = amount0Delta(sqrtCurrent, sqrtNext, liquidity, false);
  }
  if (!exactIn && amountOut > -remaining) amountOut = -remaining;
  const feeAmount = exactIn && sqrtNext !== sqrtTarget ? remaining - amountIn : mulDivUp(amountIn, feePips, FEE_DENOMINATOR - feePips);
  return { sqrtNext, amountIn, amountOut, feeAmount };
}

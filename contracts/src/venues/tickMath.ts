/**
 * Uniswap v3 price arithmetic in exact bigint (no floats): √price in Q64.96 from a decimal price, √(1.0001^tick)
 * at 2^-160 precision, the tick of a price, and the token amounts a position of liquidity L holds.
 * Only for placing liquidity off-chain; the pools and the venue adapter use Uniswap's own on-chain math.
 */

export const Q96 = 1n << 96n;
export const MIN_TICK = -887272;
export const MAX_TICK = 887272;
const PRECISION = 160n; // fractional bits of the fixed-point powers
const ONE = 1n << PRECISION;

/** floor(√n) */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new Error(`isqrt of a negative number: ${n}`);
  if (n < 2n) return n;
  let x = 1n << ((BigInt(n.toString(2).length) + 1n) / 2n);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** A decimal string as a fraction num/den (den a power of ten); throws naming `what` on anything else. */
export function parseDecimal(value: string, what: string): { num: bigint; den: bigint } {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(value);
  if (!m) throw new Error(`${what}: "${value}" is not a non-negative decimal number`);
  const frac = m[2] ?? "";
  return { num: BigInt(m[1] + frac), den: 10n ** BigInt(frac.length) };
}

/**
 * √P in Q64.96 (floor), P = token1 base units per token0 base unit, for `price` whole quote tokens per whole asset.
 */
export function sqrtPriceX96FromPrice(price: string, assetDecimals: number, quoteDecimals: number, assetIsToken0: boolean): bigint {
  const { num, den } = parseDecimal(price, "price");
  if (num === 0n) throw new Error(`price: "${price}" must be positive`);
  // raw quote per raw asset = num·10^qd / (den·10^ad)
  let n = num * 10n ** BigInt(quoteDecimals);
  let d = den * 10n ** BigInt(assetDecimals);
  if (!assetIsToken0) [n, d] = [d, n];
  return isqrt((n << 192n) / d);
}

/** 1.0001^tick in fixed point with PRECISION fractional bits (rounded down at each step). */
function pow10001(tick: number): bigint {
  let base = ONE + ONE / 10_000n;
  let e = BigInt(Math.abs(tick));
  let r = ONE;
  while (e > 0n) {
    if (e & 1n) r = (r * base) >> PRECISION;
    base = (base * base) >> PRECISION;
    e >>= 1n;
  }
  return tick < 0 ? (ONE * ONE) / r : r;
}

/** √(1.0001^tick) in Q64.96, within a few wei of Uniswap's TickMath. */
export function sqrtPriceX96AtTick(tick: number): bigint {
  if (!Number.isInteger(tick) || tick < MIN_TICK || tick > MAX_TICK) throw new Error(`tick ${tick} is outside [${MIN_TICK}, ${MAX_TICK}]`);
  return isqrt(pow10001(tick) << (192n - PRECISION)) ;
}

/** The largest tick whose √price is ≤ sqrtPriceX96 (the pool's current tick for that price). */
export function tickAtSqrtPrice(sqrtPriceX96: bigint): number {
  let lo = MIN_TICK;
  let hi = MAX_TICK;
  while (lo < hi) {
    const mid = Math.floor((lo + hi + 1) / 2);
    if (sqrtPriceX96AtTick(mid) <= sqrtPriceX96) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The least number of ticks t with 1.0001^t ≥ 1 + bps/10 000. */
export function ticksForWidth(bps: number): number {
  if (!Number.isInteger(bps) || bps <= 0) throw new Error(`range width ${bps} bps must be a positive integer`);
  const target = ONE + (ONE * BigInt(bps)) / 10_000n;
  let lo = 0;
  let hi = MAX_TICK;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (pow10001(mid) >= target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

/** Token amounts (rounded up) a position of `liquidity` over [sqrtLower, sqrtUpper] holds at √P = sqrt (inside the range). */
export function amountsForLiquidity(liquidity: bigint, sqrt: bigint, sqrtLower: bigint, sqrtUpper: bigint): { amount0: bigint; amount1: bigint } {
  if (!(sqrtLower <= sqrt && sqrt < sqrtUpper)) throw new Error("the price is outside the position's range");
  const amount0 = ceilDiv(ceilDiv(liquidity * Q96 * (sqrtUpper - sqrt), sqrtUpper), sqrt);
  const amount1 = ceilDiv(liquidity * (sqrt - sqrtLower), Q96);
  return { amount0, amount1 };
}

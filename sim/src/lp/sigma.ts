/**
 * The oracle's volatility estimate as the contracts compute it (OracleHub's EWMA over daily samples,
 * libraries/EwmaVolatility.sol), in the same integer arithmetic, so the replica's rule sees the σ the
 * LiquidityManager reads: for a sample p₁ after p₀ one interval later, r = |p₁ − p₀|/p₀ (WAD, rounded down),
 * var ← λ·var + (1 − λ)·r² (the first return seeds var = r²), σ = √var, each product rounded down. Prices are
 * the feeds' 8-decimal answers scaled to WAD; the path posts the pool's target price every hour and the oracle
 * samples it once a day.
 */
export const WAD = 10n ** 18n;
/** λ = 0.94 (ORACLE_CONFIG). */
export const LAMBDA = 940_000_000_000_000_000n;

export interface OracleVolatility {
  variance: bigint;
  samples: number;
  /** the last sample's price, WAD */
  last: bigint;
}

export function isqrt(x: bigint): bigint {
  if (x < 2n) return x;
  let r = BigInt(Math.floor(Math.sqrt(Number(x))));
  while (r * r > x) r--;
  while ((r + 1n) * (r + 1n) <= x) r++;
  return r;
}

/** The estimator's state after the sample `price` (WAD), one sampling interval after the last. */
export function observe(v: OracleVolatility, price: bigint): OracleVolatility {
  const diff = price > v.last ? price - v.last : v.last - price;
  const r = (diff * WAD) / v.last;
  const r2 = (r * r) / WAD;
  const variance = v.samples === 0 ? r2 : (v.variance * LAMBDA) / WAD + (r2 * (WAD - LAMBDA)) / WAD;
  return { variance, samples: v.samples + 1, last: price };
}

/** σ per sampling interval, WAD (sqrtWad, rounded down). */
export const sigmaOf = (v: OracleVolatility): bigint => isqrt(v.variance * WAD);

/** A feed's 8-decimal answer as the hub's WAD price. */
export const answerToWad = (answer: bigint): bigint => answer * 10n ** 10n;

/** The USD answer (8 decimals, rounded down) for the pool price √P of the 18-decimal asset in the 6-decimal stablecoin. */
export const answerAt = (sqrtPriceX96: bigint): bigint => (sqrtPriceX96 * sqrtPriceX96 * 10n ** 20n) >> 192n;

/** The price the oracle holds before the path (the deployment's feeds: 3000 USD). */
export const DEPLOY_ANSWER = 3000n * 10n ** 8n;

/**
 * The answer of the first of two warm-up samples before the path: the price moves by x from the deployment's and
 * comes back to the start (within a tick of it), x chosen so that the estimate is about σ of the path's model
 * when the path starts.
 */
export function warmUpAnswer(sigmaDaily: number): bigint {
  let x = sigmaDaily;
  for (let i = 0; i < 20; i++) x = sigmaDaily / Math.sqrt(0.94 + 0.06 / (1 + x) ** 2);
  return (DEPLOY_ANSWER * BigInt(Math.round((1 + x) * 1e9))) / 10n ** 9n;
}

/** The estimator at the path's start: the deployment's sample, then the two warm-up samples. */
export function warmedUp(startAnswer: bigint, sigmaDaily: number): OracleVolatility {
  const first: OracleVolatility = { variance: 0n, samples: 0, last: answerToWad(DEPLOY_ANSWER) };
  return observe(observe(first, answerToWad(warmUpAnswer(sigmaDaily))), answerToWad(startAnswer));
}

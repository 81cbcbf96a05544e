import { D, type Dec } from "../decimal";

/**
 * Money of the liquidity analytics: bigint USD at 1e-18 (WAD), the scale of the oracle's raw prices, so a
 * token amount times its raw price divided by 10^decimals is exact to the last 1e-18 dollar (floored).
 */
export const WAD = 10n ** 18n;

/** USD (1e-18) of `amount` base units at `priceRaw` (18-decimal USD per whole token), floored. */
export function valueWad(amount: bigint, priceRaw: bigint, decimals: number): bigint {
  return (amount * priceRaw) / 10n ** BigInt(decimals);
}

/** USD (1e-18) as dollars and cents, rounded half away from zero: "-12.35". */
export function centsText(wad: bigint): string {
  const negative = wad < 0n;
  const abs = negative ? -wad : wad;
  const cents = (abs + WAD / 200n) / (WAD / 100n);
  const text = `${cents / 100n}.${String(cents % 100n).padStart(2, "0")}`;
  return negative && cents !== 0n ? `-${text}` : text;
}

/** √(1.0001^tick), the pool's square-root price at a tick (token1 base units per token0 base unit). */
export function sqrtPriceAtTick(tick: number): Dec {
  return new D("1.0001").pow(tick).sqrt();
}

/**
 * The token amounts (token0, token1 base units, floored as the pool would pay them) that `liquidity` in
 * [tickLower, tickUpper) is worth at square-root price `sqrtP`: Uniswap v3's whitepaper, eq. 6.29–6.30.
 */
export function amountsForLiquidity(liquidity: bigint, tickLower: number, tickUpper: number, sqrtP: Dec): { amount0: bigint; amount1: bigint } {
  const L = new D(liquidity.toString());
  const a = sqrtPriceAtTick(tickLower);
  const b = sqrtPriceAtTick(tickUpper);
  const p = sqrtP.lessThan(a) ? a : sqrtP.greaterThan(b) ? b : sqrtP;
  const amount0 = L.times(b.minus(p)).div(p.times(b));
  const amount1 = L.times(p.minus(a));
  return { amount0: BigInt(amount0.floor().toFixed(0)), amount1: BigInt(amount1.floor().toFixed(0)) };
}

/**
 * The pool's square-root price implied by two oracle prices: token1 base units per token0 base unit is
 * (USD per token0 / 10^dec0) / (USD per token1 / 10^dec1).
 */
export function sqrtPriceFromOracle(price0Raw: bigint, decimals0: number, price1Raw: bigint, decimals1: number): Dec {
  const perBase0 = new D(price0Raw.toString()).div(new D(10).pow(decimals0));
  const perBase1 = new D(price1Raw.toString()).div(new D(10).pow(decimals1));
  return perBase0.div(perBase1).sqrt();
}

/** The asset's price in whole stablecoins at a tick (for drawing a range against the price). */
export function assetPriceAtTick(tick: number, assetIsToken0: boolean, assetDecimals: number, stableDecimals: number): Dec {
  const raw = new D("1.0001").pow(tick); // token1 base units per token0 base unit
  const perWhole = assetIsToken0 ? raw : new D(1).div(raw);
  return perWhole.times(new D(10).pow(assetDecimals - stableDecimals));
}

import { BigDecimal, BigInt } from "@graphprotocol/graph-ts";

export const ZERO_BI = BigInt.zero();
export const ZERO_BD = BigDecimal.zero();
/** The contracts' fixed point: prices, USD values and weights carry 18 decimals. */
export const FIXED_POINT_DECIMALS: u8 = 18;

export function pow10(decimals: i32): BigDecimal {
  return BigInt.fromI32(10).pow(<u8>decimals).toBigDecimal();
}

/** The single division of the subgraph: a zero divisor yields zero instead of aborting the handler. */
export function safeDiv(numerator: BigDecimal, denominator: BigDecimal): BigDecimal {
  if (denominator.equals(ZERO_BD)) return ZERO_BD;
  return numerator.div(denominator);
}

/** An 18-decimal fixed-point value (price, USD amount, weight) as a plain decimal. */
export function fromFixed(raw: BigInt): BigDecimal {
  return safeDiv(raw.toBigDecimal(), pow10(FIXED_POINT_DECIMALS));
}

/** raw base units as whole tokens. */
export function toWhole(amount: BigInt, decimals: i32): BigDecimal {
  return safeDiv(amount.toBigDecimal(), pow10(decimals));
}

/** USD value of `amount` base units at `priceRaw` (18-decimal USD per whole token); one division, exact product. */
export function valueUsd(amount: BigInt, decimals: i32, priceRaw: BigInt): BigDecimal {
  return safeDiv(amount.times(priceRaw).toBigDecimal(), pow10(decimals + FIXED_POINT_DECIMALS));
}

export function maxBigInt(a: BigInt, b: BigInt): BigInt {
  return a.gt(b) ? a : b;
}

const I32_MAX = BigInt.fromI32(2147483647);

/** A count the contracts emit as uint256, as an Int field; values beyond i32 saturate instead of aborting. */
export function clampToI32(value: BigInt): i32 {
  if (value.gt(I32_MAX)) return 2147483647;
  if (value.lt(BigInt.zero())) return 0;
  return value.toI32();
}

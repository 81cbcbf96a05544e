import Decimal from "decimal.js";

/**
 * Analytics arithmetic: decimal.js at 40 significant digits (above graph-node's 34), rounding half-even.
 * Figures are formatted only at output.
 */
export const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });
export type Dec = InstanceType<typeof D>;

export const ZERO = new D(0);

export function dec(value: string | number | null | undefined): Dec {
  return new D(value ?? 0);
}

/** Raw base units to whole tokens. */
export function units(raw: string, decimals: number): Dec {
  return new D(raw).div(new D(10).pow(decimals));
}

export function usd(value: Dec, places = 2): string {
  return value.toFixed(places);
}

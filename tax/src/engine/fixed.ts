/**
 * Fixed-point arithmetic used inside the engine. No floats touch money or quantities.
 *
 * - Quantities: bigint in units of 1e-18 (QTY_SCALE). Inputs with more than 18 decimals are rejected,
 *   so quantities are exact.
 * - Money (USD): bigint in units of 1e-12 dollars (MONEY_SCALE). A value computed from inputs
 *   (quantity × price, a fee) is rounded once, half away from zero, to 1e-12. Splits of a basis or of
 *   proceeds between lots are allocated proportionally with the last share taking the remainder, so
 *   totals are conserved exactly. Rounding to cents happens only when formatting output.
 */
export const QTY_DIGITS = 18;
export const MONEY_DIGITS = 12;
export const QTY_SCALE = 10n ** BigInt(QTY_DIGITS);
export const MONEY_SCALE = 10n ** BigInt(MONEY_DIGITS);

const DECIMAL_RE = /^(\d+)(?:\.(\d+))?$/;

export interface ParsedDecimal {
  int: bigint; // the digits without the point
  digits: number; // how many of them are decimals
}

/** Parses a non-negative decimal string ("12", "0.5", "1234.5678"); returns undefined when malformed. */
export function parseDecimal(text: string): ParsedDecimal | undefined {
  const n = text.length;
  // common case: at most 15 characters, so at most 15 digits, read as an exact number (no regex, no joins)
  if (n > 0 && n <= 15) {
    let int = 0;
    let dot = -1;
    let i = 0;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 48 && c <= 57) int = int * 10 + (c - 48);
      else if (c === 46 && dot < 0 && i > 0 && i < n - 1) dot = i;
      else break;
    }
    if (i === n) return { int: BigInt(int), digits: dot < 0 ? 0 : n - dot - 1 };
    return undefined;
  }
  const m = DECIMAL_RE.exec(text);
  if (!m) return undefined;
  const frac = m[2] ?? "";
  return { int: BigInt(m[1] + frac), digits: frac.length };
}

/** a / b rounded half away from zero (b > 0). */
export function divRound(a: bigint, b: bigint): bigint {
  const q = a / b; // truncated toward zero
  const r = a % b; // the remainder of that truncation (sign of a): one bigint fewer than a − q × b
  if (r === 0n) return q;
  // |r| ≥ b/2 rounds away from zero
  if (r > 0n) return r + r >= b ? q + 1n : q;
  return r + r + b <= 0n ? q - 1n : q;
}

/** a × b / c rounded half away from zero (c > 0). */
export function mulDivRound(a: bigint, b: bigint, c: bigint): bigint {
  return divRound(a * b, c);
}

/** 10^n as bigint, for the small n used here. */
const POW10: bigint[] = Array.from({ length: 80 }, (_, n) => 10n ** BigInt(n));
export function pow10(n: number): bigint {
  return n < POW10.length ? POW10[n] : 10n ** BigInt(n);
}

/** Rescales an integer with `from` decimals to `to` decimals, rounding half away from zero. */
export function rescale(int: bigint, from: number, to: number): bigint {
  if (to >= from) return to === from ? int : int * pow10(to - from);
  return divRound(int, pow10(from - to));
}

/** An exact quantity in 1e-18 units, or undefined when malformed or too precise. */
export function parseQuantity(text: string): bigint | undefined {
  const d = parseDecimal(text);
  if (!d || d.digits > QTY_DIGITS) return undefined;
  return rescale(d.int, d.digits, QTY_DIGITS);
}

/** A USD amount in 1e-12 units, or undefined when malformed. */
export function parseMoney(text: string): bigint | undefined {
  const d = parseDecimal(text);
  if (!d) return undefined;
  return rescale(d.int, d.digits, MONEY_DIGITS);
}

/** quantity (1e-18) × a decimal unit price, as money (1e-12), rounded once. */
export function valueOf(quantity: bigint, price: ParsedDecimal): bigint {
  return rescale(quantity * price.int, QTY_DIGITS + price.digits, MONEY_DIGITS);
}

/** Formats a scaled integer with exactly `places` decimals, rounding half away from zero. */
export function formatFixed(value: bigint, scaleDigits: number, places: number): string {
  const v = scaleDigits === places ? value : rescale(value, scaleDigits, places);
  if (v === 0n) return places ? "0." + "0".repeat(places) : "0";
  const neg = v < 0n;
  const abs = (neg ? -v : v).toString().padStart(places + 1, "0");
  const whole = places ? abs.slice(0, abs.length - places) : abs;
  const frac = places ? "." + abs.slice(abs.length - places) : "";
  return (neg ? "-" : "") + whole + frac;
}

/** Money rounded to cents for output: "1050.00". */
export function formatUsd(money: bigint): string {
  return money === 0n ? "0.00" : formatCents(toCents(money));
}

const CENT = pow10(MONEY_DIGITS - 2);

/** Money rounded to cents, as an integer number of cents. */
export function toCents(money: bigint): bigint {
  return divRound(money, CENT);
}

const CENT_NUMBER = 1e10;
const SAFE_MONEY = 9_007_199_254_740_991n;

/**
 * toCents(money) as a number when |money| < 2^53 (about $9,007), else undefined. Exact: every step
 * below stays an integer under 2^53.
 */
export function toCentsNumber(money: bigint): number | undefined {
  if (money >= SAFE_MONEY || money <= -SAFE_MONEY) return undefined;
  const m = Number(money);
  const a = m < 0 ? -m : m;
  let q = Math.floor(a / CENT_NUMBER);
  let r = a - q * CENT_NUMBER;
  // a / 1e10 in floating point may land one off; r fixes it exactly
  if (r < 0) {
    q -= 1;
    r += CENT_NUMBER;
  } else if (r >= CENT_NUMBER) {
    q += 1;
    r -= CENT_NUMBER;
  }
  if (r + r >= CENT_NUMBER) q += 1;
  return m < 0 ? -q : q;
}

/** Cents as "12.34" / "-0.05". */
export function formatCents(cents: bigint): string {
  if (cents === 0n) return "0.00";
  // below 2^53 cents, number formatting avoids bigint work
  if (cents < 9_007_199_254_740_991n && cents > -9_007_199_254_740_991n) {
    const n = Number(cents);
    const a = n < 0 ? -n : n;
    const c = a % 100;
    return (n < 0 ? "-" : "") + ((a - c) / 100).toString() + (c < 10 ? ".0" : ".") + c.toString();
  }
  return formatFixed(cents, 2, 2);
}

/** An exact quantity without trailing zeros: "100", "0.5". */
export function formatQuantity(q: bigint): string {
  const neg = q < 0n;
  const abs = neg ? -q : q;
  const whole = abs / QTY_SCALE;
  const frac = abs - whole * QTY_SCALE;
  let out = whole.toString();
  if (frac !== 0n) {
    const f = frac.toString().padStart(QTY_DIGITS, "0");
    let end = f.length;
    while (f.charCodeAt(end - 1) === 48) end--;
    out += "." + f.slice(0, end);
  }
  return neg ? "-" + out : out;
}

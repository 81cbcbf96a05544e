// Arbitrary-precision numbers with graph-node's exact semantics.
//
// graph-node's BigInt is num-bigint 0.2 (two's complement little-endian bytes on the wasm side);
// its BigDecimal is the `bigdecimal` 0.1.2 crate, normalised after every operation to
// 34 significant digits. The normalisation is reproduced here digit for digit, including the
// crate's quirks: negative numbers are truncated instead of rounded (the remainder of a
// truncating division is negative, so the rounding check never fires), and the digit count of a
// negative number is estimated from its bit length without correction, so a negative value can
// keep 35 significant digits.

export class NumberError extends Error {}

/** Parses a decimal integer the way num-bigint's `from_str_radix(s, 10)` does. */
export function parseBigInt(text: string): bigint {
  let s = text;
  let negative = false;
  if (s.startsWith("-")) {
    const tail = s.slice(1);
    if (!tail.startsWith("+")) s = tail;
    negative = true;
  }
  if (s.startsWith("+")) {
    const tail = s.slice(1);
    if (!tail.startsWith("+")) s = tail;
  }
  if (s.length === 0 || s.startsWith("_")) throw new NumberError(`invalid digit in '${text}'`);
  let value = 0n;
  for (const ch of s) {
    if (ch === "_") continue;
    if (ch < "0" || ch > "9") throw new NumberError(`invalid digit in '${text}'`);
    value = value * 10n + BigInt(ch.charCodeAt(0) - 48);
  }
  return negative ? -value : value;
}

/** Little-endian two's complement bytes, minimal length (num-bigint's to_signed_bytes_le). */
export function bigIntToSignedBytesLE(n: bigint): Uint8Array {
  if (n === 0n) return new Uint8Array([0]);
  const out: number[] = [];
  let v = n;
  for (;;) {
    const byte = Number(v & 0xffn);
    out.push(byte);
    v >>= 8n;
    if ((v === 0n && (byte & 0x80) === 0) || (v === -1n && (byte & 0x80) !== 0)) break;
  }
  return Uint8Array.from(out);
}

export function bigIntFromSignedBytesLE(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]);
  if (bytes[bytes.length - 1] & 0x80) v -= 1n << BigInt(bytes.length * 8);
  return v;
}

export function bigIntFromUnsignedBytesLE(bytes: Uint8Array): bigint {
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]);
  return v;
}

const abs = (n: bigint): bigint => (n < 0n ? -n : n);
const bitLength = (n: bigint): number => (n === 0n ? 0 : abs(n).toString(2).length);
const LOG2_10 = 3.3219280949; // the constant the bigdecimal crate uses
const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** bigdecimal's count_decimal_digits, including its undercount for negative numbers. */
function countDecimalDigits(n: bigint): number {
  if (n === 0n) return 1;
  let digits = Math.trunc(bitLength(n) / LOG2_10);
  let num = pow10(digits);
  while (n >= num) {
    num *= 10n;
    digits += 1;
  }
  return digits;
}

function roundingTerm(num: bigint): bigint {
  if (num === 0n) return 0n;
  let n = pow10(Math.trunc(bitLength(num) / LOG2_10));
  for (;;) {
    if (num < n) return 1n;
    n *= 5n;
    if (num < n) return 0n;
    n *= 2n;
  }
}

export const MAX_SIGNIFICANT_DIGITS = 34;
export const MIN_EXP = -6143;
export const MAX_EXP = 6144;

/** value = int × 10^(−scale) */
export class BigDecimal {
  constructor(
    readonly int: bigint,
    readonly scale: number,
  ) {}

  static zero(): BigDecimal {
    return new BigDecimal(0n, 0);
  }

  /** graph-node's BigDecimal::new(digits, exp): value = digits × 10^exp, normalised. */
  static fromDigitsExp(digits: bigint, exp: number): BigDecimal {
    return new BigDecimal(digits, -exp).normalized();
  }

  /** Parses like bigdecimal 0.1.2's from_str, then normalises (graph-node's FromStr). */
  static parse(text: string): BigDecimal {
    let base = text;
    let exponent = 0;
    const e = text.search(/[eE]/);
    if (e >= 0) {
      base = text.slice(0, e);
      let expText = text.slice(e + 1);
      if (expText.startsWith("+")) expText = expText.slice(1);
      if (!/^[+-]?\d+$/.test(expText)) throw new NumberError(`invalid exponent in '${text}'`);
      exponent = Number(expText);
    }
    if (base === "") throw new NumberError(`empty number '${text}'`);
    let digits = base;
    let offset = 0;
    const dot = base.indexOf(".");
    if (dot >= 0) {
      const trail = base.slice(dot + 1);
      digits = base.slice(0, dot) + trail;
      offset = trail.length;
    }
    return new BigDecimal(parseBigInt(digits), offset - exponent).normalized();
  }

  isZero(): boolean {
    return this.int === 0n;
  }

  /** Returns (digits, exp) with value = digits × 10^exp, as graph-node hands it to wasm. */
  digitsAndExp(): { digits: bigint; exp: number } {
    return { digits: this.int, exp: -this.scale };
  }

  private withPrec(prec: number): BigDecimal {
    const digits = countDecimalDigits(this.int);
    if (digits > prec) {
      const diff = digits - prec;
      const p = pow10(diff);
      let q = this.int / p;
      const r = this.int % p;
      if (p < 10n * r) q += roundingTerm(r);
      return new BigDecimal(q, this.scale - diff);
    }
    if (digits < prec) {
      const diff = prec - digits;
      return new BigDecimal(this.int * pow10(diff), this.scale + diff);
    }
    return this;
  }

  normalized(): BigDecimal {
    if (this.int === 0n) return BigDecimal.zero();
    const rounded = this.withPrec(MAX_SIGNIFICANT_DIGITS);
    let int = rounded.int;
    let trailing = 0;
    while (int % 10n === 0n) {
      int /= 10n;
      trailing += 1;
    }
    return new BigDecimal(int, rounded.scale - trailing);
  }

  private rescale(scale: number): bigint {
    return this.int * pow10(scale - this.scale);
  }

  cmp(other: BigDecimal): number {
    const s = Math.max(this.scale, other.scale);
    const a = this.rescale(s);
    const b = other.rescale(s);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  equals(other: BigDecimal): boolean {
    return this.cmp(other) === 0;
  }

  plus(other: BigDecimal): BigDecimal {
    const s = Math.max(this.scale, other.scale);
    return new BigDecimal(this.rescale(s) + other.rescale(s), s).normalized();
  }

  minus(other: BigDecimal): BigDecimal {
    const s = Math.max(this.scale, other.scale);
    return new BigDecimal(this.rescale(s) - other.rescale(s), s).normalized();
  }

  times(other: BigDecimal): BigDecimal {
    return new BigDecimal(this.int * other.int, this.scale + other.scale).normalized();
  }

  /** bigdecimal 0.1.2's Div (100 digits of precision, then normalisation). */
  dividedBy(other: BigDecimal): BigDecimal {
    if (other.isZero()) throw new NumberError("Division by zero");
    if (this.isZero() || other.equals(new BigDecimal(1n, 0))) return this.normalized();
    const scale = this.scale - other.scale;
    if (this.int === other.int) return new BigDecimal(1n, scale).normalized();
    return divide(this.int, other.int, scale, 100).normalized();
  }

  toString(): string {
    const absText = abs(this.int).toString();
    let before: string;
    let after: string;
    if (this.scale >= absText.length) {
      before = "0";
      after = "0".repeat(this.scale - absText.length) + absText;
    } else {
      const location = absText.length - this.scale;
      if (location > absText.length) {
        before = absText + "0".repeat(location - absText.length);
        after = "";
      } else {
        before = absText.slice(0, location);
        after = absText.slice(location);
      }
    }
    const body = after.length > 0 ? `${before}.${after}` : before;
    return this.int < 0n ? `-${body}` : body;
  }
}

function divide(num: bigint, den: bigint, scale: number, maxPrecision: number): BigDecimal {
  if (num === 0n) return new BigDecimal(0n, 0);
  if (num < 0n || den < 0n) {
    const result = divide(abs(num), abs(den), scale, maxPrecision);
    return (num < 0n) !== (den < 0n) ? new BigDecimal(-result.int, result.scale) : result;
  }
  let n = num;
  let s = scale;
  while (n < den) {
    s += 1;
    n *= 10n;
  }
  let quotient = n / den;
  let remainder = n % den;
  if (remainder === 0n) return new BigDecimal(quotient, s);
  let precision = countDecimalDigits(quotient);
  remainder *= 10n;
  while (remainder !== 0n && precision < maxPrecision) {
    quotient = quotient * 10n + remainder / den;
    remainder = (remainder % den) * 10n;
    precision += 1;
    s += 1;
  }
  if (remainder !== 0n) quotient += roundingTerm(remainder / den);
  return new BigDecimal(quotient, s);
}

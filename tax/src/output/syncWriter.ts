import { writeSync } from "node:fs";

/**
 * Writes text synchronously to a file descriptor through a fixed byte buffer, so output can be
 * produced from inside the engine's (synchronous) pass in bounded memory. Besides plain text it takes
 * the pieces of JSON directly as bytes (ASCII tokens, JSON string literals, cent amounts), which spares
 * the large outputs building and re-encoding millions of intermediate strings. Retries EAGAIN on
 * non-blocking pipes.
 */
export class SyncWriter {
  private readonly buf: Buffer;
  private off = 0;

  constructor(
    private readonly fd: number,
    size = 1 << 20,
  ) {
    this.buf = Buffer.allocUnsafe(Math.max(size, 1024));
  }

  /** Room for `bytes` more bytes (flushing first when needed); false when they can never fit. */
  private room(bytes: number): boolean {
    if (this.off + bytes <= this.buf.length) return true;
    this.flush();
    return bytes <= this.buf.length;
  }

  /** Any text, UTF-8. */
  write(text: string): void {
    if (this.room(text.length * 3)) this.off += this.buf.write(text, this.off, "utf8");
    else this.writeBytes(Buffer.from(text, "utf8"));
  }

  /** Text the caller knows to be ASCII (JSON punctuation, digits, dates). */
  ascii(text: string): void {
    const n = text.length;
    if (!this.room(n)) return this.write(text);
    const b = this.buf;
    let o = this.off;
    for (let i = 0; i < n; i++) b[o++] = text.charCodeAt(i);
    this.off = o;
  }

  /** `value` as a JSON string literal (the same text as JSON.stringify(value)). */
  jsonString(value: string): void {
    const n = value.length;
    if (!this.room(n + 2)) return this.write(JSON.stringify(value));
    const b = this.buf;
    let o = this.off;
    b[o++] = 34;
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c < 0x20 || c === 34 || c === 92 || c > 0x7e) return this.write(JSON.stringify(value)); // escapes, non-ASCII: the general path
      b[o++] = c;
    }
    b[o++] = 34;
    this.off = o;
  }

  /**
   * A non-negative integer scaled by 10^digits, written as an exact decimal without trailing zeros
   * ("100", "0.5"; the text of formatQuantity for quantities): one toString, no other strings.
   */
  exactDecimal(value: bigint, digits: number): void {
    const s = value.toString();
    const n = s.length;
    if (value < 0n || !this.room(n + digits + 2)) return this.write(exactDecimalText(s, digits));
    const b = this.buf;
    let o = this.off;
    // the last non-zero digit among the decimals (or -1: no decimals to write)
    let last = n - 1;
    const firstDecimal = n - digits;
    while (last >= firstDecimal && last >= 0 && s.charCodeAt(last) === 48) last--;
    if (last < firstDecimal) last = -1;
    if (firstDecimal <= 0) {
      b[o++] = 48;
      if (last >= 0) {
        b[o++] = 46;
        for (let i = firstDecimal; i < 0; i++) b[o++] = 48;
      }
      for (let i = 0; i <= last; i++) b[o++] = s.charCodeAt(i);
    } else {
      for (let i = 0; i < firstDecimal; i++) b[o++] = s.charCodeAt(i);
      if (last >= 0) {
        b[o++] = 46;
        for (let i = firstDecimal; i <= last; i++) b[o++] = s.charCodeAt(i);
      }
    }
    this.off = o;
  }

  /** An amount in cents as a JSON string, "12.34" / "-0.05" (the text of formatCents). */
  cents(cents: bigint, format: (c: bigint) => string): void {
    if (cents >= 9_007_199_254_740_991n || cents <= -9_007_199_254_740_991n) this.ascii(`"${format(cents)}"`);
    else this.centsNumber(Number(cents));
  }

  /** A whole number of cents below 2^53 in magnitude as a JSON string, "12.34" / "-0.05". */
  centsNumber(cents: number): void {
    this.room(24);
    const b = this.buf;
    let n = cents;
    let o = this.off;
    b[o++] = 34;
    if (n < 0) {
      b[o++] = 45;
      n = -n;
    }
    const frac = n % 100;
    let whole = (n - frac) / 100;
    // whole part, most significant digit first
    let digits = 1;
    for (let x = whole; x >= 10; x = Math.floor(x / 10)) digits++;
    for (let i = digits - 1; i >= 0; i--) {
      b[o + i] = 48 + (whole % 10);
      whole = Math.floor(whole / 10);
    }
    o += digits;
    b[o++] = 46;
    b[o++] = 48 + Math.floor(frac / 10);
    b[o++] = 48 + (frac % 10);
    b[o++] = 34;
    this.off = o;
  }

  private writeBytes(data: Buffer): void {
    let off = 0;
    while (off < data.length) {
      try {
        off += writeSync(this.fd, data, off, data.length - off);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EAGAIN") throw err;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
      }
    }
  }

  flush(): void {
    if (this.off === 0) return;
    const n = this.off;
    this.off = 0;
    this.writeBytes(this.buf.subarray(0, n));
  }
}

/** The text exactDecimal writes, for the rare paths that go through write(). */
function exactDecimalText(digitsText: string, digits: number): string {
  const neg = digitsText.startsWith("-");
  const abs = (neg ? digitsText.slice(1) : digitsText).padStart(digits + 1, "0");
  const whole = abs.slice(0, abs.length - digits);
  const frac = abs.slice(abs.length - digits).replace(/0+$/, "");
  return (neg ? "-" : "") + whole + (frac ? "." + frac : "");
}

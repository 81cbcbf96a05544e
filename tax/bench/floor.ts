// The floor the engine is measured against: a minimal FIFO matcher written plainly, sharing no code with
// the engine. It reads the same ledger CSV, parses every row (date, quantity, price, fee), keeps one
// FIFO queue per wallet and asset, and matches each sale against it: basis relieved pro rata, proceeds
// split pro rata, exact integers (quantities in 1e-18, USD in 1e-12, rounded half away from zero, as
// the ledger format defines). Nothing else: no validation beyond the parse, no HIFO, no wash sales,
// no output. Prints one JSON line: timings, rows matched, peak RSS and the total gain in 1e-12 USD (the
// bench checks it against the engine's FIFO pass, so the floor is known to do the whole match).
import { readFileSync } from "node:fs";

const QTY_DIGITS = 18;
const USD_DIGITS = 12;

function tenTo(n: number): bigint {
  return 10n ** BigInt(n);
}

/** "12.345" with `digits` decimals kept as an integer: 12345 and 3 → 12.345 × 10^digits. */
function scaled(text: string, digits: number): bigint {
  const dot = text.indexOf(".");
  if (dot < 0) return BigInt(text) * tenTo(digits);
  const frac = text.slice(dot + 1);
  const whole = BigInt(text.slice(0, dot) + frac);
  if (frac.length <= digits) return whole * tenTo(digits - frac.length);
  return roundedDiv(whole, tenTo(frac.length - digits));
}

function roundedDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  const r = a - q * b;
  if (r + r >= b) return q + 1n;
  if (r + r <= -b) return q - 1n;
  return q;
}

/** quantity (1e-18) × price text → USD (1e-12). */
function valueOf(quantity: bigint, price: string): bigint {
  const dot = price.indexOf(".");
  const decimals = dot < 0 ? 0 : price.length - dot - 1;
  const p = BigInt(dot < 0 ? price : price.slice(0, dot) + price.slice(dot + 1));
  return roundedDiv(quantity * p, tenTo(QTY_DIGITS + decimals - USD_DIGITS));
}

interface Queue {
  quantity: bigint[];
  basis: bigint[];
  head: number;
}

function main() {
  const file = process.argv[2];
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const text = readFileSync(file, "utf8");
  const queues = new Map<string, Queue>();
  let rows = 0;
  let gain = 0n;
  let start = text.indexOf("\n") + 1; // past the header (date,wallet,asset,action,quantity,price,fee,tx)
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const f = text.slice(start, end).split(",");
    start = end + 1;
    if (f.length < 8) continue;
    const time = Date.parse(f[0]);
    if (Number.isNaN(time)) throw new Error(`${file}: bad date "${f[0]}"`);
    const key = f[1] + "\u0000" + f[2];
    const quantity = scaled(f[4], QTY_DIGITS);
    const value = valueOf(quantity, f[5]);
    const fee = f[6] === "" ? 0n : scaled(f[6], USD_DIGITS);
    let q = queues.get(key);
    if (!q) {
      q = { quantity: [], basis: [], head: 0 };
      queues.set(key, q);
    }
    if (f[3] !== "sell") {
      q.quantity.push(quantity);
      q.basis.push(value + fee);
      continue;
    }
    let need = quantity;
    let proceedsLeft = value - fee;
    while (need > 0n) {
      if (q.head === q.quantity.length) throw new Error(`${file}: a sale of ${f[4]} ${f[2]} from ${f[1]} beyond its lots`);
      const have = q.quantity[q.head];
      const take = have < need ? have : need;
      const basis = take === have ? q.basis[q.head] : roundedDiv(q.basis[q.head] * take, have);
      const proceeds = take === need ? proceedsLeft : roundedDiv(proceedsLeft * take, need);
      q.quantity[q.head] = have - take;
      q.basis[q.head] -= basis;
      if (take === have) q.head++;
      need -= take;
      proceedsLeft -= proceeds;
      gain += proceeds - basis;
      rows++;
    }
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, rows, maxRssMb, gain: gain.toString() }) + "\n");
}
main();

/**
 * Tax-aware rebalancing: what a trim costs in tax, priced from the open lots, and whether it may wait.
 *
 * A rebalance that trims an overweight asset relieves its lots in the engine's order (HIFO: highest unit cost
 * first). A trim that would realise short-term gains on lots that turn long-term within `deferDays` may be
 * put off — but only while the asset's drift stays under `ceilingBps` of NAV (a hard bound set by risk
 * control), and never in risk-off or safe mode. Pure and deterministic: no clock, no I/O.
 */
import { isLongTerm, QTY_SCALE, type OpenLot, type TaxRates } from "@lotgraph/tax";
import { rankLotsForSale } from "./lotChoice";

export interface TrimDeferralConfig {
  /** a trim waits only when every short-term gain lot it relieves turns long-term within this many days */
  deferDays: number;
  /** hard ceiling on the asset's drift (bps of NAV, value above target): at or above it the trim happens */
  ceilingBps: number;
  /**
   * calm-market timing (0: off): a trim that is not forced (under the ceiling, not risk-off, not safe mode) waits
   * up to this many days for a day whose σ is at or below the median σ of the last this-many days
   */
  calmWindowDays: number;
}

export const DEFAULT_TRIM_DEFERRAL: TrimDeferralConfig = { deferDays: 60, ceilingBps: 1_500, calmWindowDays: 0 };

export interface TrimTax {
  /** gains (negative: losses) the trim realises, by term, 1e-12 USD */
  shortTermGain: bigint;
  longTermGain: bigint;
  /** estimated tax of the trim at the given rates (0 when it realises a net loss) */
  tax: bigint;
  /** the day the last short-term gain lot it relieves turns long-term (undefined: none) */
  allLongTermFromDay: number | undefined;
}

function unitCostDesc(a: OpenLot, b: OpenLot): number {
  const x = a.basis * b.quantity;
  const y = b.basis * a.quantity;
  if (x !== y) return x > y ? -1 : 1;
  return a.acquiredDay - b.acquiredDay || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** First day ≥ today on which a lot whose holding period starts on `start` is long-term (at most 367 days on). */
function longTermFromDay(start: number, today: number): number {
  let d = today;
  while (!isLongTerm(start, d)) d++;
  return d;
}

/**
 * Prices a trim of `quantity` units at `price` (money per whole unit) against `lots` of one asset, relieved in
 * the engine's order: "hifo" (highest unit cost first) or "leastTax" (lotChoice.ts, named at the sale).
 */
export function priceTrim(lots: readonly OpenLot[], quantity: bigint, price: bigint, today: number, rates: TaxRates, order: "hifo" | "leastTax" = "hifo"): TrimTax {
  if (quantity < 0n) throw new RangeError(`trim quantity must not be negative, got ${quantity}`);
  if (price <= 0n) throw new RangeError(`trim price must be positive, got ${price}`);
  let left = quantity;
  let shortTermGain = 0n;
  let longTermGain = 0n;
  let allLongTermFromDay: number | undefined;
  const ordered = order === "hifo" ? [...lots].sort(unitCostDesc) : rankLotsForSale(lots, price, today, rates);
  for (const lot of ordered) {
    if (left === 0n) break;
    const q = lot.quantity < left ? lot.quantity : left;
    left -= q;
    const basis = (lot.basis * q) / lot.quantity;
    const gain = (q * price) / QTY_SCALE - basis;
    if (isLongTerm(lot.holdingPeriodStartDay, today)) longTermGain += gain;
    else {
      shortTermGain += gain;
      if (gain > 0n) {
        const d = longTermFromDay(lot.holdingPeriodStartDay, today);
        if (allLongTermFromDay === undefined || d > allLongTermFromDay) allLongTermFromDay = d;
      }
    }
  }
  // netting within the sale: a short-term loss offsets long-term gain and vice versa
  const st = shortTermGain;
  const lt = longTermGain;
  let tax = 0n;
  if (st > 0n && lt >= 0n) tax = (st * BigInt(rates.shortTermBps) + lt * BigInt(rates.longTermBps)) / 10_000n;
  else if (st > 0n && lt < 0n) tax = st + lt > 0n ? ((st + lt) * BigInt(rates.shortTermBps)) / 10_000n : 0n;
  else if (st <= 0n && lt > 0n) tax = st + lt > 0n ? ((st + lt) * BigInt(rates.longTermBps)) / 10_000n : 0n;
  return { shortTermGain, longTermGain, tax, allLongTermFromDay };
}

export interface TrimDecision {
  defer: boolean;
  /** true when the trim must happen now whatever its tax (ceiling, risk-off, safe mode) */
  forced: boolean;
  reason: string;
}

/** Whether a trim may wait for its lots to turn long-term. Risk-off and safe mode always trim. */
export function decideTrim(trim: TrimTax, driftBps: number, today: number, mode: { riskOff: boolean; safeMode: boolean }, config: TrimDeferralConfig): TrimDecision {
  if (mode.safeMode) return { defer: false, forced: true, reason: "safe mode: trims are never deferred" };
  if (mode.riskOff) return { defer: false, forced: true, reason: "risk-off: trims are never deferred" };
  if (driftBps >= config.ceilingBps) return { defer: false, forced: true, reason: `drift ${driftBps} bps is at or above the ceiling ${config.ceilingBps} bps` };
  if (trim.shortTermGain <= 0n || trim.allLongTermFromDay === undefined) return { defer: false, forced: false, reason: "the trim realises no short-term gain" };
  const wait = trim.allLongTermFromDay - today;
  if (wait > config.deferDays) return { defer: false, forced: false, reason: `its short-term gain lots turn long-term in ${wait} days, beyond ${config.deferDays}` };
  return { defer: true, forced: false, reason: `deferred: its short-term gain lots turn long-term in ${wait} days (drift ${driftBps} bps < ${config.ceilingBps} bps)` };
}

/**
 * Calm-market timing for a trim that may wait: wait while today's σ (the last of `sigmas`, one a day) is above the
 * median of the last `window` days, for at most `window` days since the trim first came due (`dueForDays`).
 */
export function waitForCalm(sigmas: readonly number[], window: number, dueForDays: number): boolean {
  if (window <= 0 || dueForDays >= window || sigmas.length < window) return false;
  const recent = [...sigmas.slice(-window)].sort((a, b) => a - b);
  const median = recent[Math.floor((recent.length - 1) / 2)];
  return sigmas[sigmas.length - 1] > median;
}

/**
 * Which lots a sale relieves: least tax per unit first. A lot's tax per unit sold is (price − unit basis) × the
 * rate of its term today, so losses go first (short-term losses, worth the higher rate, before long-term ones),
 * then gains by the least tax: long-term gains before short-term ones of similar size, and among gains of one
 * term, the highest basis first. Basis is the engine's adjusted basis (after any wash-sale adjustment), as
 * the lots come from the tax engine. Pure and deterministic; ties fall back to acquisition order, then id.
 */
import { isLongTerm, QTY_SCALE, type OpenLot, type TaxRates } from "@lotgraph/tax";

/** The gain of the whole lot at `price` times its term's rate, per 1e-12 USD × bps (comparable across lots per unit). */
function taxOfLot(lot: OpenLot, price: bigint, today: number, rates: TaxRates): bigint {
  const rate = BigInt(isLongTerm(lot.holdingPeriodStartDay, today) ? rates.longTermBps : rates.shortTermBps);
  return ((lot.quantity * price) / QTY_SCALE - lot.basis) * rate;
}

/** The lots in the order a tax-minimising sale relieves them. */
export function rankLotsForSale(lots: readonly OpenLot[], price: bigint, today: number, rates: TaxRates): OpenLot[] {
  const keyed = lots.map((lot) => ({ lot, tax: taxOfLot(lot, price, today, rates) }));
  keyed.sort((a, b) => {
    // a.tax / a.quantity vs b.tax / b.quantity, exactly
    const x = a.tax * b.lot.quantity;
    const y = b.tax * a.lot.quantity;
    if (x !== y) return x < y ? -1 : 1;
    return a.lot.acquiredDay - b.lot.acquiredDay || (a.lot.id < b.lot.id ? -1 : a.lot.id > b.lot.id ? 1 : 0);
  });
  return keyed.map((k) => k.lot);
}

export interface LotPick {
  lotId: string;
  quantity: bigint;
}

/** The lots (and how much of each) a sale of `quantity` relieves, least tax first; throws when the lots hold less. */
export function chooseLots(lots: readonly OpenLot[], quantity: bigint, price: bigint, today: number, rates: TaxRates): LotPick[] {
  let left = quantity;
  const out: LotPick[] = [];
  for (const lot of rankLotsForSale(lots, price, today, rates)) {
    if (left === 0n) break;
    const q = lot.quantity < left ? lot.quantity : left;
    out.push({ lotId: lot.id, quantity: q });
    left -= q;
  }
  if (left > 0n) throw new RangeError(`a sale of ${quantity} units exceeds the open lots by ${left}`);
  return out;
}

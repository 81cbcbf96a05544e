/**
 * The lots a keeper sale names on-chain (KeeperGateway.harvestLossIdentified): the ranking of lotChoice.ts
 * over the engine's open lots (adjusted basis, wash-sale adjustments included), turned into the gateway's
 * lot keys (chainId << 128 | block << 64 | logIndex, from the subgraph's Lot id "<block>-<logIndex>") and
 * token base units that add up to the amount sold. Pure and deterministic.
 */
import { QTY_DIGITS, type OpenLot, type TaxRates } from "@lotgraph/tax";
import { chooseLots } from "./lotChoice";

/** The gateway's bound on the lots one sale names (KeeperGateway.MAX_IDENTIFIED_LOTS). */
export const MAX_IDENTIFIED_LOTS = 32;

export interface LotIdentificationPlan {
  picks: { lotId: string; amount: bigint }[];
  /** the gateway's lot keys and base-unit amounts, in the order the sale relieves them */
  keys: bigint[];
  amounts: bigint[];
}

/** A subgraph Lot id "<block>-<logIndex>" as the gateway's key on chain `chainId`; undefined for any other id. */
export function lotKeyOf(lotId: string, chainId: bigint): bigint | undefined {
  const m = /^(\d{1,20})-(\d{1,20})$/.exec(lotId);
  if (!m) return undefined;
  const block = BigInt(m[1]);
  const logIndex = BigInt(m[2]);
  if (block >= 1n << 64n || logIndex >= 1n << 64n) return undefined;
  return (chainId << 128n) | (block << 64n) | logIndex;
}

/**
 * Which lots a sale of `amount` base units (`decimals`) relieves, least tax first at `price` (1e-12 USD per
 * whole token) on `today`; or why it names none (lots that cannot be named on chain, more than the
 * gateway's bound, open lots holding less than the sale). Pieces of one lot (a wash sale splits lots) are
 * named once, with their amounts added.
 */
export function identifyLots(
  lots: readonly OpenLot[],
  amount: bigint,
  decimals: number,
  price: bigint,
  today: number,
  rates: TaxRates,
  chainId: bigint,
): LotIdentificationPlan | { reason: string } {
  if (decimals > QTY_DIGITS) return { reason: `${decimals} decimals are finer than the engine's quantities` };
  const unit = 10n ** BigInt(QTY_DIGITS - decimals);
  let picks;
  try {
    picks = chooseLots(lots, amount * unit, price, today, rates);
  } catch (e) {
    return { reason: (e as Error).message };
  }
  const merged = new Map<string, bigint>();
  for (const p of picks) {
    if (p.quantity % unit !== 0n) return { reason: `lot ${p.lotId} would give up ${p.quantity} (1e-18), not a whole number of base units` };
    merged.set(p.lotId, (merged.get(p.lotId) ?? 0n) + p.quantity / unit);
  }
  if (merged.size > MAX_IDENTIFIED_LOTS) return { reason: `the sale relieves ${merged.size} lots, more than the ${MAX_IDENTIFIED_LOTS} one sale may name` };
  const plan: LotIdentificationPlan = { picks: [], keys: [], amounts: [] };
  for (const [lotId, units] of merged) {
    const key = lotKeyOf(lotId, chainId);
    if (key === undefined) return { reason: `lot ${lotId} is not a subgraph Lot id <block>-<logIndex>` };
    plan.picks.push({ lotId, amount: units });
    plan.keys.push(key);
    plan.amounts.push(units);
  }
  return plan;
}

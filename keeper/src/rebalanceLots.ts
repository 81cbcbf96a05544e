/**
 * A rebalance's trims, from the rebalancer's plan: which lots each sale names on-chain
 * (KeeperGateway.rebalanceIdentified) and whether the whole rebalance may wait for its short-term gain lots to
 * turn long-term (trimTax.ts). Pure and deterministic: no clock, no I/O.
 *
 * The rebalance decides on chain how much it sells, so the keeper cannot give exact amounts: per asset it lists
 * its open lots least tax first (lotChoice.ts, the engine's adjusted basis), each with all it still holds, and the
 * gateway relieves them in that order up to what was sold.
 */
import { QTY_DIGITS, type OpenLot, type TaxRates } from "@lotgraph/tax";
import { lotKeyOf, MAX_IDENTIFIED_LOTS } from "./identify";
import { rankLotsForSale } from "./lotChoice";
import { decideTrim, priceTrim, type TrimDecision, type TrimDeferralConfig, type TrimTax } from "./trimTax";

/** Rebalancer.plan(): the vault's assets (index 0 = stablecoin), values and targets (18-decimal USD). */
export interface RebalancePlan {
  assets: string[];
  decimals: number[];
  /** oracle prices, 18-decimal USD per whole token */
  prices: bigint[];
  values: bigint[];
  targets: bigint[];
  total: bigint;
}

/** One sale the rebalance will make: an overweight asset sold down to its target. */
export interface PlannedTrim {
  symbol: string;
  address: string;
  decimals: number;
  /** base units the rebalance sells at the plan's prices */
  amount: bigint;
  /** value above target, bps of NAV */
  driftBps: number;
}

/** The sales rebalance() makes from `plan`: value above target by more than `minTradeUsd` (the contract's rule). */
export function plannedTrims(plan: RebalancePlan, minTradeUsd: bigint, symbolOf: (address: string) => string): PlannedTrim[] {
  const trims: PlannedTrim[] = [];
  for (let i = 1; i < plan.assets.length; i++) {
    if (plan.values[i] <= plan.targets[i] + minTradeUsd) continue;
    const excess = plan.values[i] - plan.targets[i];
    const amount = (excess * 10n ** BigInt(plan.decimals[i])) / plan.prices[i];
    if (amount === 0n) continue;
    const driftBps = plan.total === 0n ? 0 : Number((excess * 10_000n) / plan.total);
    trims.push({ symbol: symbolOf(plan.assets[i]), address: plan.assets[i], decimals: plan.decimals[i], amount, driftBps });
  }
  return trims;
}

/** The gateway's arguments, and which lots (subgraph ids) each asset lists, in order. */
export interface RebalanceIdentification {
  assets: string[];
  lots: bigint[][];
  available: bigint[][];
  lotIds: string[][];
}

/** `lots` less what earlier, not yet indexed sales already named (base units by lot id), pieces dropped when emptied. */
export function lessNamed(lots: readonly OpenLot[], named: ReadonlyMap<string, bigint>, decimals: number): OpenLot[] {
  const unit = 10n ** BigInt(QTY_DIGITS - decimals);
  const left = new Map([...named].map(([id, units]) => [id, units * unit]));
  const out: OpenLot[] = [];
  for (const lot of lots) {
    const take = left.get(lot.id) ?? 0n;
    if (take === 0n) {
      out.push(lot);
      continue;
    }
    const q = take < lot.quantity ? take : lot.quantity;
    left.set(lot.id, take - q);
    if (q < lot.quantity) out.push({ ...lot, quantity: lot.quantity - q, basis: lot.basis - (lot.basis * q) / lot.quantity });
  }
  return out;
}

/**
 * Per trim, the asset's open lots least tax first at `prices` (1e-12 USD per whole token, by symbol) on `today`,
 * each listed with all it holds (pieces of one lot merged), at most MAX_IDENTIFIED_LOTS; or why the rebalance
 * names none (a lot id the gateway cannot take, lots that hold less than the sale).
 */
export function identifyRebalance(
  trims: readonly PlannedTrim[],
  lots: readonly OpenLot[],
  prices: Record<string, bigint>,
  today: number,
  rates: TaxRates,
  chainId: bigint,
  named: ReadonlyMap<string, bigint> = new Map(),
): RebalanceIdentification | { reason: string } {
  const out: RebalanceIdentification = { assets: [], lots: [], available: [], lotIds: [] };
  for (const trim of trims) {
    if (trim.decimals > QTY_DIGITS) return { reason: `${trim.symbol}: ${trim.decimals} decimals are finer than the engine's quantities` };
    const unit = 10n ** BigInt(QTY_DIGITS - trim.decimals);
    const own = lessNamed(lots.filter((l) => l.asset === trim.symbol), named, trim.decimals);
    const merged = new Map<string, bigint>();
    for (const lot of rankLotsForSale(own, prices[trim.symbol], today, rates)) merged.set(lot.id, (merged.get(lot.id) ?? 0n) + lot.quantity / unit);
    const listed = [...merged].filter(([, units]) => units > 0n).slice(0, MAX_IDENTIFIED_LOTS);
    const covered = listed.reduce((s, [, units]) => s + units, 0n);
    if (covered < trim.amount) {
      return { reason: `the store's first ${listed.length} open lots of ${trim.symbol} hold ${covered} base units, the rebalance sells ${trim.amount} (the store is behind the chain, or more lots than one sale may name)` };
    }
    const keys: bigint[] = [];
    for (const [id] of listed) {
      const key = lotKeyOf(id, chainId);
      if (key === undefined) return { reason: `lot ${id} of ${trim.symbol} is not a subgraph Lot id <block>-<logIndex>` };
      keys.push(key);
    }
    out.assets.push(trim.address);
    out.lots.push(keys);
    out.available.push(listed.map(([, units]) => units));
    out.lotIds.push(listed.map(([id]) => id));
  }
  return out;
}

/** One trim's tax and what the deferral rule says of it. */
export interface TrimReview {
  trim: PlannedTrim;
  tax: TrimTax;
  decision: TrimDecision;
}

/**
 * Whether the whole rebalance may wait: only when it trims something and every trim may wait under `config`
 * (decideTrim: never in risk-off or safe mode, never at or above the drift ceiling), each priced from its open
 * lots in the order its sale would name them (least tax first).
 */
export function reviewTrims(
  trims: readonly PlannedTrim[],
  lots: readonly OpenLot[],
  prices: Record<string, bigint>,
  today: number,
  rates: TaxRates,
  mode: { riskOff: boolean; safeMode: boolean },
  config: TrimDeferralConfig,
): { defer: boolean; reviews: TrimReview[] } {
  const reviews = trims.map((trim) => {
    const quantity = trim.amount * 10n ** BigInt(QTY_DIGITS - trim.decimals);
    const tax = priceTrim(lots.filter((l) => l.asset === trim.symbol), quantity, prices[trim.symbol], today, rates, "leastTax");
    return { trim, tax, decision: decideTrim(tax, trim.driftBps, today, mode, config) };
  });
  return { defer: reviews.length > 0 && reviews.every((r) => r.decision.defer), reviews };
}

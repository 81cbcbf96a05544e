/**
 * The tax-loss-harvesting advisor: pure and deterministic (no clock, no I/O). Given open lots, prices,
 * recent acquisitions, costs and tax rates, it recommends which lots to sell, what it saves, what to hold
 * instead and how long buying back is locked.
 *
 * Rules
 * - A wallet × asset is harvested only when the unrealized loss of the chosen lots minus the costs of
 *   the sale (gas + slippage + DEX fee) reaches `minNetLoss` and the estimated tax saved exceeds the costs.
 * - No harvest when the taxpayer (any wallet) acquired the asset, or an asset substantially identical to
 *   it, in the 30 days up to and including today: that purchase would wash the loss (§1091 counts
 *   replacement units bought before the sale too). Harvested income lots count as acquisitions.
 * - After the sale, buying the asset back is locked for `lockoutDays` (≥ 31) so the 30 days after it stay clear.
 * - The substitute keeps the exposure: the first configured candidate that is not substantially identical
 *   to the asset, not locked, and not itself being harvested; otherwise the fallback (the stablecoin).
 */
import { createHash } from "node:crypto";
import { InputError } from "../errors";
import { formatDay, isLongTerm, WASH_WINDOW_DAYS } from "../engine/dates";
import { divRound, formatQuantity, formatUsd, QTY_SCALE } from "../engine/fixed";
import type { Advice, AdvisorConfig, AdvisorInput, OpenLot, PickedLot, Recommendation, Skipped } from "./types";

const DAY_SECONDS = 86_400;
const BPS = 10_000n;
export const MIN_LOCKOUT_DAYS = WASH_WINDOW_DAYS + 1;

export const DEFAULT_ADVISOR_CONFIG: AdvisorConfig = {
  minNetLoss: 100n * 10n ** 12n, // $100
  lotSelection: "hifo",
  substitutes: {},
  substantiallyIdentical: [],
  fallbackSubstitute: "USDC",
  washSaleRule: true,
  lockoutDays: MIN_LOCKOUT_DAYS,
  tradesPerHarvest: 1,
  recaptureRateBps: 0,
  expirySeconds: 3600,
};

export function dayOfSeconds(seconds: number): number {
  return Math.floor(seconds / DAY_SECONDS);
}

/** Value of `quantity` units at `price` (money per whole unit), rounded once. */
export function valueAt(quantity: bigint, price: bigint): bigint {
  return divRound(quantity * price, QTY_SCALE);
}

function bpsOf(amount: bigint, bps: bigint): bigint {
  return divRound(amount * bps, BPS);
}

/** Checks the input up front, naming the offending field; nothing is computed from bad input. */
function validate(input: AdvisorInput): void {
  const { config, costs, rates } = input;
  if (!Number.isInteger(input.now) || input.now < 0) throw new InputError(`advisor input: now must be epoch seconds, got ${input.now}`);
  if (typeof config.washSaleRule !== "boolean") throw new InputError(`advisor config: washSaleRule must be true or false, got ${String(config.washSaleRule)}`);
  const minLockout = config.washSaleRule ? MIN_LOCKOUT_DAYS : 0;
  if (!Number.isInteger(config.lockoutDays) || config.lockoutDays < minLockout) {
    throw new InputError(`advisor config: lockoutDays must be an integer ≥ ${minLockout}${config.washSaleRule ? " (the 30-day window after the sale)" : ""}, got ${config.lockoutDays}`);
  }
  if (!Number.isInteger(config.tradesPerHarvest) || config.tradesPerHarvest < 1 || config.tradesPerHarvest > 8) throw new InputError(`advisor config: tradesPerHarvest must be an integer from 1 to 8, got ${config.tradesPerHarvest}`);
  if (!Number.isInteger(config.recaptureRateBps) || config.recaptureRateBps < 0 || config.recaptureRateBps > 10_000) throw new InputError(`advisor config: recaptureRateBps must be an integer from 0 to 10000, got ${config.recaptureRateBps}`);
  if (!Number.isInteger(config.expirySeconds) || config.expirySeconds <= 0) throw new InputError(`advisor config: expirySeconds must be a positive integer, got ${config.expirySeconds}`);
  if (config.minNetLoss < 0n) throw new InputError(`advisor config: minNetLoss must not be negative`);
  if (config.lotSelection !== "hifo" && config.lotSelection !== "specific") throw new InputError(`advisor config: lotSelection must be "hifo" or "specific", got "${config.lotSelection}"`);
  for (const [name, v] of [["costs.slippageBps", costs.slippageBps], ["costs.dexFeeBps", costs.dexFeeBps], ["rates.shortTermBps", rates.shortTermBps], ["rates.longTermBps", rates.longTermBps]] as const) {
    if (!Number.isInteger(v) || v < 0 || v > 10_000) throw new InputError(`advisor input: ${name} must be an integer from 0 to 10000, got ${v}`);
  }
  if (costs.gasUsd < 0n) throw new InputError(`advisor input: costs.gasUsd must not be negative`);
  for (const lot of input.lots) {
    if (lot.quantity <= 0n) throw new InputError(`advisor input: lot "${lot.id}" (${lot.wallet}, ${lot.asset}): quantity must be positive`);
    if (lot.basis < 0n) throw new InputError(`advisor input: lot "${lot.id}" (${lot.wallet}, ${lot.asset}): basis must not be negative`);
  }
  for (const [asset, price] of Object.entries(input.prices)) {
    if (price <= 0n) throw new InputError(`advisor input: price of ${asset} must be positive`);
  }
}

/** The assets substantially identical to `asset` (itself included). */
export function identicalTo(config: AdvisorConfig, asset: string): Set<string> {
  const out = new Set([asset]);
  for (const group of config.substantiallyIdentical) if (group.includes(asset)) for (const a of group) out.add(a);
  return out;
}

interface Candidate extends PickedLot {
  /** tax saved by this lot's loss minus its share of the trading cost */
  marginal: bigint;
  source: OpenLot;
}

/** The tax a harvested loss of this term saves per unit, net of the expected recapture of the lowered basis. */
function netRateBps(term: "short" | "long", input: AdvisorInput): bigint {
  const rate = term === "long" ? input.rates.longTermBps : input.rates.shortTermBps;
  return BigInt(Math.max(0, rate - input.config.recaptureRateBps));
}

/** a.basis/a.quantity > b.basis/b.quantity, exactly. */
function compareUnitCost(a: OpenLot, b: OpenLot): number {
  const x = a.basis * b.quantity;
  const y = b.basis * a.quantity;
  return x === y ? 0 : x > y ? 1 : -1;
}

/** Picks the lots to sell: a HIFO prefix maximising the benefit, or every lot worth selling (specific ID). */
function pickLots(lots: OpenLot[], price: bigint, today: number, input: AdvisorInput): Candidate[] {
  const tradingBps = BigInt(input.costs.slippageBps + input.costs.dexFeeBps) * BigInt(input.config.tradesPerHarvest);
  const candidates: Candidate[] = lots.map((lot) => {
    const value = valueAt(lot.quantity, price);
    const loss = lot.basis - value;
    const term: PickedLot["term"] = isLongTerm(lot.holdingPeriodStartDay, today) ? "long" : "short";
    const rate = netRateBps(term, input);
    const marginal = bpsOf(loss, rate) - bpsOf(value, tradingBps);
    return { lotId: lot.id, quantity: lot.quantity, basis: lot.basis, value, loss, term, marginal, source: lot };
  });
  if (input.config.lotSelection === "specific") {
    return candidates
      .filter((c) => c.loss > 0n && c.marginal > 0n)
      .sort((a, b) => (a.marginal === b.marginal ? (a.lotId < b.lotId ? -1 : a.lotId > b.lotId ? 1 : 0) : a.marginal > b.marginal ? -1 : 1));
  }
  // HIFO: the engine relieves lots in descending unit cost (ties: acquisition order), so the sale must be a
  // prefix of that order. Take the prefix with the largest total marginal benefit.
  const ordered = [...candidates].sort((a, b) => {
    const la = a.source;
    const lb = b.source;
    return -compareUnitCost(la, lb) || la.acquiredDay - lb.acquiredDay || (a.lotId < b.lotId ? -1 : a.lotId > b.lotId ? 1 : 0);
  });
  let best = 0;
  let bestSum = 0n;
  let sum = 0n;
  for (let i = 0; i < ordered.length; i++) {
    sum += ordered[i].marginal;
    if (sum > bestSum) {
      bestSum = sum;
      best = i + 1;
    }
  }
  return ordered.slice(0, best);
}

function strip(c: Candidate): PickedLot {
  return { lotId: c.lotId, quantity: c.quantity, basis: c.basis, value: c.value, loss: c.loss, term: c.term };
}

/** A stable id: the same wallet, asset, lots (id, quantity, basis), selection and day give the same id. */
export function recommendationId(wallet: string, asset: string, day: number, selection: string, lots: readonly PickedLot[]): string {
  const canonical = JSON.stringify([wallet, asset, day, selection, lots.map((l) => [l.lotId, l.quantity.toString(), l.basis.toString()])]);
  return "tlh-" + createHash("sha256").update(canonical).digest("hex").slice(0, 32);
}

function groupKey(wallet: string, asset: string): string {
  return `${wallet}\u0000${asset}`;
}

/** Computes the recommendations (ordered by net benefit, largest first) and the reasons for every skip. */
export function adviseHarvests(input: AdvisorInput): Advice {
  validate(input);
  const { config, now } = input;
  const today = dayOfSeconds(now);
  const windowStart = today - WASH_WINDOW_DAYS;

  // Most recent acquisition day per asset over every wallet (the wash-sale rule applies to the taxpayer).
  const lastAcquired = new Map<string, number>();
  const note = (asset: string, day: number) => {
    if (day >= windowStart && day <= today && day > (lastAcquired.get(asset) ?? -Infinity)) lastAcquired.set(asset, day);
  };
  for (const a of input.acquisitions) note(a.asset, dayOfSeconds(a.time));
  for (const lot of input.lots) note(lot.asset, lot.acquiredDay);

  const groups = new Map<string, OpenLot[]>();
  for (const lot of input.lots) {
    const k = groupKey(lot.wallet, lot.asset);
    const g = groups.get(k);
    if (g) g.push(lot);
    else groups.set(k, [lot]);
  }
  const keys = [...groups.keys()].sort();

  const skipped: Skipped[] = [];
  const drafts: Omit<Recommendation, "substitute" | "explanation">[] = [];
  for (const key of keys) {
    const lots = groups.get(key)!;
    const { wallet, asset } = lots[0];
    const skip = (reason: string) => skipped.push({ wallet, asset, reason });
    const price = input.prices[asset];
    if (price === undefined) {
      skip(`no current price for ${asset}`);
      continue;
    }
    let recent: { asset: string; day: number } | undefined;
    for (const a of identicalTo(config, asset)) {
      const d = lastAcquired.get(a);
      if (d !== undefined && (!recent || d > recent.day)) recent = { asset: a, day: d };
    }
    if (recent && config.washSaleRule) {
      const what = recent.asset === asset ? asset : `${recent.asset} (substantially identical to ${asset})`;
      skip(`${what} was acquired on ${formatDay(recent.day)}, within the 30 days before ${formatDay(today)}: a sale now would be a wash sale (clear from ${formatDay(recent.day + WASH_WINDOW_DAYS + 1)})`);
      continue;
    }
    const picked = pickLots(lots, price, today, input);
    if (picked.length === 0) {
      skip(`no lot of ${asset} is worth selling at ${formatUsd(price)} (no unrealized loss beyond its trading cost)`);
      continue;
    }
    const quantity = picked.reduce((s, l) => s + l.quantity, 0n);
    const value = picked.reduce((s, l) => s + l.value, 0n);
    const shortTermLoss = picked.filter((l) => l.term === "short").reduce((s, l) => s + l.loss, 0n);
    const longTermLoss = picked.filter((l) => l.term === "long").reduce((s, l) => s + l.loss, 0n);
    const expectedLoss = shortTermLoss + longTermLoss;
    const taxSaved = bpsOf(shortTermLoss, netRateBps("short", input)) + bpsOf(longTermLoss, netRateBps("long", input));
    const tradingCost = bpsOf(value, BigInt(input.costs.slippageBps + input.costs.dexFeeBps) * BigInt(config.tradesPerHarvest));
    const total = input.costs.gasUsd + tradingCost;
    const lossNetOfCosts = expectedLoss - total;
    const netBenefit = taxSaved - total;
    if (lossNetOfCosts < config.minNetLoss) {
      skip(`loss of ${formatUsd(expectedLoss)} net of costs ${formatUsd(total)} is ${formatUsd(lossNetOfCosts)}, below the threshold ${formatUsd(config.minNetLoss)}`);
      continue;
    }
    if (netBenefit <= 0n) {
      skip(`tax saved ${formatUsd(taxSaved)} does not cover the costs ${formatUsd(total)}`);
      continue;
    }
    const lots2 = picked.map(strip);
    drafts.push({
      id: recommendationId(wallet, asset, today, config.lotSelection, lots2),
      wallet,
      asset,
      lotSelection: config.lotSelection,
      lots: lots2,
      quantity,
      price,
      value,
      expectedLoss,
      shortTermLoss,
      longTermLoss,
      taxSaved,
      costs: { gas: input.costs.gasUsd, tradingCost, total },
      lossNetOfCosts,
      netBenefit,
      lockoutUntil: now + config.lockoutDays * DAY_SECONDS,
      expiresAt: now + config.expirySeconds,
      createdAt: now,
    });
  }

  const harvested = new Set(drafts.map((d) => d.asset));
  const recommendations: Recommendation[] = drafts.map((d) => {
    const substitute = config.washSaleRule ? chooseSubstitute(input, d.asset, harvested) : d.asset;
    return { ...d, substitute, explanation: explain(d, substitute, input) };
  });
  recommendations.sort((a, b) => (a.netBenefit === b.netBenefit ? (a.id < b.id ? -1 : 1) : a.netBenefit > b.netBenefit ? -1 : 1));
  return { recommendations, skipped };
}

/** The first candidate neither substantially identical to `asset`, nor locked, nor harvested now; else the fallback. */
export function chooseSubstitute(input: Pick<AdvisorInput, "config" | "lockouts" | "now">, asset: string, harvested: ReadonlySet<string>): string {
  const { config } = input;
  const identical = identicalTo(config, asset);
  for (const c of config.substitutes[asset] ?? []) {
    if (identical.has(c)) continue;
    if ((input.lockouts?.[c] ?? 0) > input.now) continue;
    if ([...identicalTo(config, c)].some((x) => harvested.has(x))) continue;
    return c;
  }
  return config.fallbackSubstitute;
}

function pct(bps: number): string {
  return `${(bps / 100).toFixed(2).replace(/\.?0+$/, "")} %`;
}

function explain(d: Omit<Recommendation, "substitute" | "explanation">, substitute: string, input: AdvisorInput): string {
  const { config } = input;
  const terms = [d.shortTermLoss > 0n ? `short-term ${formatUsd(d.shortTermLoss)}` : "", d.longTermLoss > 0n ? `long-term ${formatUsd(d.longTermLoss)}` : ""].filter(Boolean).join(", ");
  const how = d.lotSelection === "hifo" ? "highest cost first" : "specific identification";
  const recapture = config.recaptureRateBps > 0 ? `, net of ${pct(config.recaptureRateBps)} expected later on the lowered basis` : "";
  const trades = config.tradesPerHarvest > 1 ? ` × ${config.tradesPerHarvest} trades` : "";
  const after = config.washSaleRule
    ? `No ${d.asset} was acquired in the last 30 days, so the loss is not washed. ` +
      `Do not buy ${d.asset} (or anything substantially identical) before ${formatDay(dayOfSeconds(d.lockoutUntil))}; hold ${substitute} instead. `
    : `The wash-sale rule is off for ${d.asset} (crypto under current US law): buy it back at once to keep the exposure. `;
  return (
    `Sell ${formatQuantity(d.quantity)} ${d.asset} from wallet ${d.wallet} at ${formatUsd(d.price)}: ${d.lots.length} lot(s) (${how}: ${d.lots.map((l) => l.lotId).join(", ")}) ` +
    `with an unrealized loss of ${formatUsd(d.expectedLoss)} (${terms}). ` +
    `Estimated tax saved ${formatUsd(d.taxSaved)} at ${pct(input.rates.shortTermBps)} short-term / ${pct(input.rates.longTermBps)} long-term${recapture}; ` +
    `costs ${formatUsd(d.costs.total)} (gas ${formatUsd(d.costs.gas)}, slippage and fee ${pct(input.costs.slippageBps + input.costs.dexFeeBps)}${trades} = ${formatUsd(d.costs.tradingCost)}); ` +
    `net benefit ${formatUsd(d.netBenefit)}. ` +
    after +
    `Valid until ${new Date(d.expiresAt * 1000).toISOString()}.`
  );
}

import type { Kysely } from "kysely";
import { D, ZERO, dec, units, type Dec } from "./decimal";
import { managerPnlSteps, type PnlStep } from "./liquidity/pnlSteps";

type Db = Kysely<any>;

interface AssetRow {
  id: string;
  symbol: string;
  decimals: number;
  lastPriceUsd: string | null;
}

async function assetsById(db: Db): Promise<Map<string, AssetRow>> {
  const rows = (await db.selectFrom("Asset").select(["id", "symbol", "decimals", "lastPriceUsd"]).execute()) as AssetRow[];
  return new Map(rows.map((r) => [r.id, { ...r, decimals: Number(r.decimals) }]));
}

export interface ValuePoint {
  date: string;
  vault: string;
  valueUsd: Dec;
  cumulativeIncomeUsd: Dec;
}

/** The vault's value at each day's last vault event (VaultDailySnapshot). */
export async function portfolioValueSeries(db: Db): Promise<ValuePoint[]> {
  const rows = await db
    .selectFrom("VaultDailySnapshot")
    .select(["vault", "dayStartTimestamp", "valueUsd", "cumulativeIncomeUsd"])
    .orderBy("vault")
    .orderBy("day")
    .execute();
  return rows.map((r) => ({
    date: isoDate(r.dayStartTimestamp),
    vault: r.vault,
    valueUsd: dec(r.valueUsd),
    cumulativeIncomeUsd: dec(r.cumulativeIncomeUsd),
  }));
}

export interface WeightPoint {
  date: string;
  asset: string;
  /** share of the rebalanced sleeve (the vault's own token balances): the basis of targetWeight */
  weight: Dec;
  targetWeight: Dec | null;
  /** weight − target, in basis points; null without a target. */
  driftBps: Dec | null;
  /** share of everything the vault owns (yield-source deposits and perp margin included) */
  holdingsWeight: Dec;
}

/** What `WeightPoint.weight` is a share of, in words a report can print beside the figures. */
export const WEIGHT_BASIS =
  "Weights and targets are both shares of the rebalanced sleeve: the tokens in the vault's own balance, which the rebalancer trades. " +
  "Tokens in yield sources, stablecoin posted as perp margin and the LP position are the vault's too, but outside the sleeve by design.";

/** Each asset's daily weight in the rebalanced sleeve against its target (PositionDailySnapshot.sleeveWeight). */
export async function weightsVsTargets(db: Db): Promise<WeightPoint[]> {
  const assets = await assetsById(db);
  const rows = await db
    .selectFrom("PositionDailySnapshot")
    .innerJoin("VaultDailySnapshot", "VaultDailySnapshot.id", "PositionDailySnapshot.vaultSnapshot")
    .select([
      "VaultDailySnapshot.dayStartTimestamp as dayStart",
      "PositionDailySnapshot.asset as asset",
      "PositionDailySnapshot.weight as weight",
      "PositionDailySnapshot.sleeveWeight as sleeveWeight",
      "PositionDailySnapshot.targetWeight as targetWeight",
    ])
    .orderBy("PositionDailySnapshot.day")
    .orderBy("PositionDailySnapshot.asset")
    .execute();
  return rows.map((r) => {
    const weight = dec(r.sleeveWeight);
    const target = r.targetWeight === null ? null : dec(r.targetWeight);
    return {
      date: isoDate(r.dayStart),
      asset: assets.get(r.asset)?.symbol ?? r.asset,
      weight,
      targetWeight: target,
      driftBps: target === null ? null : weight.minus(target).times(10_000),
      holdingsWeight: dec(r.weight),
    };
  });
}

export interface PurchaseLockoutWindow {
  asset: string;
  /** the day the lockout was set, and the day it ends (UTC dates) */
  from: string;
  until: string;
  /** where the rebalancer parks the locked asset's excess target meanwhile */
  parkedIn: string;
}

/**
 * Wash-sale purchase lockouts: while one runs, the rebalancer never buys the asset, caps its target at its
 * value and parks the excess in the substitute (or the stablecoin), so both weights leave their targets by
 * design.
 */
export async function purchaseLockouts(db: Db): Promise<PurchaseLockoutWindow[]> {
  const assets = await assetsById(db);
  const rows = await db.selectFrom("PurchaseLockout").select(["asset", "until", "substitute", "timestamp"]).orderBy("id").execute();
  return rows.map((r) => ({
    asset: assets.get(r.asset)?.symbol ?? r.asset,
    from: isoDate(r.timestamp),
    until: isoDate(r.until),
    parkedIn: assets.get(r.substitute)?.symbol ?? r.substitute,
  }));
}

export interface IncomeBySource {
  source: string;
  asset: string;
  harvests: number;
  quantity: Dec;
  incomeUsd: Dec;
}

export async function incomeBySource(db: Db): Promise<IncomeBySource[]> {
  const assets = await assetsById(db);
  const rows = await db.selectFrom("Harvest").select(["source", "asset", "amount", "incomeUsd"]).orderBy("id").execute();
  const bySource = new Map<string, IncomeBySource>();
  for (const r of rows) {
    const asset = assets.get(r.asset);
    const entry = bySource.get(r.source) ?? {
      source: r.source,
      asset: asset?.symbol ?? r.asset,
      harvests: 0,
      quantity: ZERO,
      incomeUsd: ZERO,
    };
    entry.harvests++;
    entry.quantity = entry.quantity.plus(units(r.amount, asset?.decimals ?? 18));
    entry.incomeUsd = entry.incomeUsd.plus(dec(r.incomeUsd));
    bySource.set(r.source, entry);
  }
  return [...bySource.values()];
}

export interface AssetPnl {
  asset: string;
  quantity: Dec;
  averageCostUsd: Dec;
  costBasisUsd: Dec;
  marketValueUsd: Dec;
  realizedUsd: Dec;
  unrealizedUsd: Dec;
}

/**
 * Realized and unrealized P&L per asset by AVERAGE COST, walking lots, disposals, withdrawals and the
 * liquidity manager's fees, ratio swaps and closes (liquidity/pnlSteps.ts) in
 * chain order. This is an analytics view; the tax figures come from `lotgraph tax` under the lot
 * method the user chooses.
 */
export async function pnlByAsset(db: Db): Promise<AssetPnl[]> {
  const assets = await assetsById(db);
  const lots = await db.selectFrom("Lot").select(["id", "asset", "quantity", "costBasisUsd as usd"]).execute();
  const disposals = await db.selectFrom("Disposal").select(["id", "asset", "quantity", "proceedsUsd as usd"]).execute();
  const withdrawals = await db.selectFrom("Withdrawal").select(["id", "asset", "amount as quantity", "valueUsd as usd"]).execute();
  const steps: PnlStep[] = [
    ...lots.map((r) => ({ ...r, kind: "lot" as const })),
    ...disposals.map((r) => ({ ...r, kind: "disposal" as const })),
    ...withdrawals.map((r) => ({ ...r, kind: "withdrawal" as const })),
    ...(await managerPnlSteps(db)),
  ].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : kindOrder(a.kind) - kindOrder(b.kind)));

  const book = new Map<string, { qty: Dec; cost: Dec; realized: Dec }>();
  for (const step of steps) {
    const asset = assets.get(step.asset);
    const qty = units(step.quantity, asset?.decimals ?? 18);
    const b = book.get(step.asset) ?? { qty: ZERO, cost: ZERO, realized: ZERO };
    if (step.kind === "lot") {
      b.qty = b.qty.plus(qty);
      b.cost = b.cost.plus(dec(step.usd));
    } else {
      const relieved = D.min(qty, b.qty);
      const relievedCost = b.qty.isZero() ? ZERO : b.cost.times(relieved).div(b.qty);
      if (step.kind === "disposal") b.realized = b.realized.plus(dec(step.usd)).minus(relievedCost);
      b.qty = b.qty.minus(relieved);
      b.cost = b.cost.minus(relievedCost);
    }
    book.set(step.asset, b);
  }
  return [...book.entries()].map(([id, b]) => {
    const asset = assets.get(id);
    const price = dec(asset?.lastPriceUsd);
    const market = b.qty.times(price);
    return {
      asset: asset?.symbol ?? id,
      quantity: b.qty,
      averageCostUsd: b.qty.isZero() ? ZERO : b.cost.div(b.qty),
      costBasisUsd: b.cost,
      marketValueUsd: market,
      realizedUsd: b.realized,
      unrealizedUsd: market.minus(b.cost),
    };
  });
}

// Within one event id a Trade's disposal and lot share the id: relieve the sold asset first.
function kindOrder(kind: string) {
  return kind === "lot" ? 1 : 0;
}

export interface HedgeSummary {
  asset: string;
  size: Dec;
  adjustments: number;
  /**
   * Funding as the vault's cash flow: positive = the vault received funding (a short is paid when the perp
   * trades above the index), negative = it paid. The subgraph keeps the contract's sign (> 0 = paid).
   */
  fundingUsd: Dec;
  realizedPnlUsd: Dec;
  /** realizedPnlUsd + fundingUsd */
  netUsd: Dec;
  entryPriceUsd: Dec | null;
  lastPriceUsd: Dec;
  /** constant-product impermanent loss of the hedged LP position from the first hedge price to the last price */
  impermanentLoss: Dec | null;
}

export async function hedgeSummary(db: Db): Promise<HedgeSummary[]> {
  const assets = await assetsById(db);
  const positions = await db.selectFrom("HedgePosition").selectAll().orderBy("id").execute();
  const out: HedgeSummary[] = [];
  for (const p of positions) {
    const first = await db
      .selectFrom("Hedge")
      .select("priceUsd")
      .where("position", "=", p.id)
      .orderBy("id")
      .limit(1)
      .executeTakeFirst();
    const asset = assets.get(p.asset);
    const entry = first ? dec(first.priceUsd) : null;
    const last = dec(asset?.lastPriceUsd ?? p.lastPriceUsd);
    const funding = dec(p.cumulativeFundingPaidUsd).negated();
    const realized = dec(p.cumulativeRealizedPnlUsd);
    out.push({
      asset: asset?.symbol ?? p.asset,
      size: units(p.size, asset?.decimals ?? 18),
      adjustments: Number(p.adjustmentCount),
      fundingUsd: funding,
      realizedPnlUsd: realized,
      netUsd: realized.plus(funding),
      entryPriceUsd: entry,
      lastPriceUsd: last,
      impermanentLoss: entry && !entry.isZero() && !last.isZero() ? impermanentLoss(entry, last) : null,
    });
  }
  return out;
}

/**
 * Impermanent loss of a constant-product (x·y = k) position against holding, when the price moves by
 * r = p1/p0:  IL(r) = 2·√r / (1 + r) − 1  (≤ 0; 0 when the price is unchanged).
 */
export function impermanentLoss(p0: Dec, p1: Dec): Dec {
  const r = p1.div(p0);
  return r.sqrt().times(2).div(r.plus(1)).minus(1);
}

function isoDate(unixSeconds: string | number): string {
  return new Date(Number(unixSeconds) * 1000).toISOString().slice(0, 10);
}

/**
 * The benchmark: the positions of the vault's first day held unchanged, valued each day at the last
 * accepted oracle price of that day (carried forward on days without an update).
 */
export async function buyAndHoldSeries(db: Db): Promise<{ date: string; valueUsd: Dec }[]> {
  const days = await db.selectFrom("VaultDailySnapshot").select(["id", "day", "dayStartTimestamp"]).orderBy("day").execute();
  if (days.length === 0) return [];
  const assets = await assetsById(db);
  const start = await db
    .selectFrom("PositionDailySnapshot")
    .select(["asset", "quantity"])
    .where("vaultSnapshot", "=", days[0].id)
    .execute();
  const holdings = start.map((p) => ({ asset: p.asset as string, quantity: units(p.quantity, assets.get(p.asset)?.decimals ?? 18) }));
  const updates = await db
    .selectFrom("PriceUpdate")
    .select(["asset", "priceUsd", "timestamp"])
    .where("accepted", "=", 1)
    .orderBy("id")
    .execute();
  const price = new Map<string, Dec>();
  let next = 0;
  return days.map((d) => {
    const dayEnd = Number(d.dayStartTimestamp) + 86_400;
    for (; next < updates.length && Number(updates[next].timestamp) < dayEnd; next++) {
      price.set(updates[next].asset, dec(updates[next].priceUsd));
    }
    const valueUsd = holdings.reduce((sum, h) => sum.plus(h.quantity.times(price.get(h.asset) ?? ZERO)), ZERO);
    return { date: isoDate(d.dayStartTimestamp), valueUsd };
  });
}

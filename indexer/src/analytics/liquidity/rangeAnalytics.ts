import type { Kysely } from "kysely";
import { amountsForLiquidity, sqrtPriceFromOracle, valueWad } from "./rangeMath";

/**
 * Per-position analytics of the liquidity manager, from the indexed store's rows only (RangePosition,
 * RangeLiquidityChange, RangeFeeCollection, RangeDecision, RangeRatioSwap, PriceUpdate). Money is bigint
 * USD at 1e-18 (rangeMath.WAD); each figure names the rows it came from (see report/README.md).
 */

type Row = Record<string, unknown>;
const big = (v: unknown) => BigInt(String(v ?? 0));
const int = (v: unknown) => Number(v ?? 0);
const str = (v: unknown) => String(v ?? "");

export interface RangeRows {
  RangePosition: Row[];
  RangeLiquidityChange: Row[];
  RangeFeeCollection: Row[];
  RangeDecision: Row[];
  RangeRatioSwap: Row[];
  /** the latest accepted oracle price of each token (PriceUpdate.priceRaw), for valuing an open position */
  latestPrices: Map<string, { priceRaw: bigint; timestamp: number }>;
  /** "now": the latest timestamp the store has indexed (an open position's period ends here) */
  asOf: number;
  /**
   * the accepted oracle prices of the chain's wrapped native token (the asset named WETH), in time order, to
   * value gas paid in ETH; empty when the store has none (gas then stays unknown)
   */
  nativePrices: { timestamp: number; priceRaw: bigint }[];
}

/** One moment of a position's life, for its chart: values at that moment's oracle prices (USD 1e-18). */
export interface RangePoint {
  timestamp: number;
  /** the position's tokens valued at the moment's prices (the close's own amounts at a close) */
  valueWad: bigint;
  /** the tokens put in so far, held instead, at the same prices */
  holdWad: bigint;
  /** fees collected so far, each at its collection's prices */
  feesWad: bigint;
  /** the asset's oracle price in whole stablecoins × 1e18 */
  assetInStableWad: bigint;
}

export interface RangeObservation {
  timestamp: number;
  tick: number;
  inRange: boolean;
  /** the Decision log it came from: "<transactionHash>:<logIndex>" */
  tx: string;
}

export interface RangeAnalytics {
  id: string;
  tokenId: string;
  fee: number;
  tickLower: number;
  tickUpper: number;
  asset: string;
  stable: string;
  assetIsToken0: boolean;
  assetDecimals: number;
  stableDecimals: number;
  open: boolean;
  /** the timestamp of its first log (RangePosition.openedAt is a block number) */
  openedAt: number;
  /** its close's timestamp, or the store's latest timestamp for an open position */
  endAt: number;
  /** tokens put in: OPEN plus REINVEST amounts (base units) */
  assetIn: bigint;
  stableIn: bigint;
  /** FeesCollected of this position, each at its own oracle prices */
  feesWad: bigint;
  collections: number;
  /** the position at its end: the close's amounts at the close's prices, or its liquidity at the latest prices */
  endValueWad: bigint;
  /** the tokens put in, held to the end, at the same prices */
  holdWad: bigint;
  /** endValue − hold */
  ilWad: bigint;
  /** ratio swaps in the transactions that opened or reinvested into it: value given − value received, at the oracle */
  swapCostWad: bigint;
  swaps: number;
  /**
   * gas of its transactions in USD (see gasByPosition): receipt gas × gas price × the native token's oracle
   * price then; null when a transaction's receipt or the native token's price is missing
   */
  gasWad: bigint | null;
  /** its transactions' gas (units), null as gasWad */
  gasUsed: bigint | null;
  /** fees + IL − swap costs − gas (gas counted as 0 when unknown) */
  netWad: bigint;
  /** Decisions on this position that re-ranged it (closed it), and those that left it */
  reranges: number;
  skipped: number;
  /** seconds between the first observation and the end, and those of them the last observed tick was in range */
  observedSeconds: number;
  inRangeSeconds: number;
  observations: RangeObservation[];
  points: RangePoint[];
  /** the transactions its figures came from: "<hash>:<logIndex>" of each change, collection and swap */
  sources: string[];
}

const byId = (a: Row, b: Row) => (str(a.id) < str(b.id) ? -1 : str(a.id) > str(b.id) ? 1 : 0);
const ref = (r: Row) => `${str(r.transactionHash)}:${str(r.logIndex)}`;

/** The asset in whole stablecoins × 1e18 from two raw USD prices. */
const assetInStable = (assetPriceRaw: bigint, stablePriceRaw: bigint) => (stablePriceRaw === 0n ? 0n : (assetPriceRaw * 10n ** 18n) / stablePriceRaw);

interface Prices {
  asset: bigint;
  stable: bigint;
}

/** Tokens valued at a moment's prices. */
function worth(assetAmount: bigint, stableAmount: bigint, p: Prices, dec: { asset: number; stable: number }): bigint {
  return valueWad(assetAmount, p.asset, dec.asset) + valueWad(stableAmount, p.stable, dec.stable);
}

/** What `liquidity` in the range is worth at the oracle's prices (the pool's price taken as the oracle's; uncollected fees left out). */
function liquidityWorth(liquidity: bigint, tickLower: number, tickUpper: number, assetIsToken0: boolean, p: Prices, dec: { asset: number; stable: number }): bigint {
  if (liquidity === 0n || p.asset === 0n || p.stable === 0n) return 0n;
  const sqrtP = assetIsToken0 ? sqrtPriceFromOracle(p.asset, dec.asset, p.stable, dec.stable) : sqrtPriceFromOracle(p.stable, dec.stable, p.asset, dec.asset);
  const { amount0, amount1 } = amountsForLiquidity(liquidity, tickLower, tickUpper, sqrtP);
  return assetIsToken0 ? worth(amount0, amount1, p, dec) : worth(amount1, amount0, p, dec);
}

/**
 * Time in range, sampled at the manager's Decision logs: each Decision records the pool's tick. The tick seen
 * at one observation is taken to hold until the next (or the end); time before the first observation is not
 * counted. Observations: the Decision in the position's own opening transaction (its tick against the new
 * range), then every Decision that evaluated this position.
 */
function observationsOf(position: Row, decisions: Row[], openChangeId: string | null): RangeObservation[] {
  const lower = int(position.tickLower);
  const upper = int(position.tickUpper);
  const openTx = str(position.openTransaction);
  return decisions
    .filter((d) => str(d.position) === str(position.id) || (str(d.transactionHash) === openTx && (openChangeId === null || str(d.id) < openChangeId)))
    .sort(byId)
    .map((d) => ({ timestamp: int(d.timestamp), tick: int(d.tick), inRange: int(d.tick) >= lower && int(d.tick) < upper, tx: ref(d) }));
}

export function timeInRange(observations: RangeObservation[], endAt: number): { observedSeconds: number; inRangeSeconds: number } {
  let observed = 0;
  let inRange = 0;
  observations.forEach((o, i) => {
    const until = Math.min(endAt, i + 1 < observations.length ? observations[i + 1].timestamp : endAt);
    const span = Math.max(0, until - o.timestamp);
    observed += span;
    if (o.inRange) inRange += span;
  });
  return { observedSeconds: observed, inRangeSeconds: inRange };
}

interface PositionGas {
  used: bigint | null;
  wad: bigint | null;
}

/** The latest price at or before `timestamp` (binary search over prices in time order); null before the first. */
function priceAt(prices: { timestamp: number; priceRaw: bigint }[], timestamp: number): bigint | null {
  let lo = 0;
  let hi = prices.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (prices[mid].timestamp <= timestamp) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? null : prices[lo - 1].priceRaw;
}

/**
 * Each of the manager's transactions counted once, to one position: a transaction that closes a position (a
 * re-range, an exit) is that position's, since it pays to move it; any other is the position its logs name
 * (an open, a collection, a kept decision). Its USD cost is its receipt's gas × its gas price × the native
 * token's oracle price at that time. A transaction without a receipt, or before any native price, makes its
 * position's gas unknown (null).
 */
export function gasByPosition(rows: RangeRows): Map<string, PositionGas> {
  type Tx = { owner: string | null; closes: string | null; used: bigint | null; price: bigint; timestamp: number };
  const txs = new Map<string, Tx>();
  const named = [...rows.RangeLiquidityChange, ...rows.RangeFeeCollection, ...rows.RangeDecision];
  for (const r of named) {
    const hash = str(r.transactionHash);
    const tx = txs.get(hash) ?? { owner: null, closes: null, used: null, price: big(r.gasPrice), timestamp: int(r.timestamp) };
    if (r.gasUsed !== null && r.gasUsed !== undefined) tx.used = big(r.gasUsed);
    const position = r.position === null || r.position === undefined ? null : str(r.position);
    if (position !== null && tx.owner === null) tx.owner = position;
    if (str(r.kind) === "CLOSE") tx.closes = position;
    txs.set(hash, tx);
  }
  const out = new Map<string, PositionGas>();
  for (const tx of txs.values()) {
    const owner = tx.closes ?? tx.owner;
    if (owner === null) continue;
    const sum = out.get(owner) ?? { used: 0n, wad: 0n };
    const native = priceAt(rows.nativePrices, tx.timestamp);
    sum.used = sum.used === null || tx.used === null ? null : sum.used + tx.used;
    sum.wad = sum.wad === null || tx.used === null || native === null ? null : sum.wad + (tx.used * tx.price * native) / 10n ** 18n;
    out.set(owner, sum);
  }
  return out;
}

/** One position's figures (see RangeAnalytics) from the store's rows. */
export function analysePosition(position: Row, rows: RangeRows, gas: Map<string, PositionGas> = gasByPosition(rows)): RangeAnalytics {
  const id = str(position.id);
  const changes = rows.RangeLiquidityChange.filter((c) => str(c.position) === id).sort(byId);
  const collections = rows.RangeFeeCollection.filter((c) => str(c.position) === id).sort(byId);
  const first = changes[0] ?? collections[0];
  if (!first) throw new Error(`RangePosition ${id} has no indexed change or collection`);
  const asset = str(first.asset);
  const stable = str(first.stable);
  const dec = { asset: int(first.assetDecimals), stable: int(first.stableDecimals) };
  const assetIsToken0 = asset.toLowerCase() < stable.toLowerCase();
  const tickLower = int(position.tickLower);
  const tickUpper = int(position.tickUpper);
  const open = Boolean(int(position.open));

  const adds = changes.filter((c) => str(c.kind) === "OPEN" || str(c.kind) === "REINVEST");
  const close = changes.find((c) => str(c.kind) === "CLOSE");
  const addTxs = new Set(adds.map((c) => str(c.transactionHash)));
  const swaps = rows.RangeRatioSwap.filter((s) => addTxs.has(str(s.transactionHash))).sort(byId);
  const swapCostWad = swaps.reduce(
    (sum, s) => sum + valueWad(big(s.amountIn), big(s.priceInRaw), int(s.decimalsIn)) - valueWad(big(s.amountOut), big(s.priceOutRaw), int(s.decimalsOut)),
    0n,
  );

  // walk the priced logs in chain order: each is a point of the chart
  const events = [...changes.map((c) => ({ row: c, kind: str(c.kind) })), ...collections.map((c) => ({ row: c, kind: "COLLECT" }))].sort((a, b) => byId(a.row, b.row));
  let liquidity = 0n;
  let assetIn = 0n;
  let stableIn = 0n;
  let feesWad = 0n;
  const points: RangePoint[] = [];
  for (const { row, kind } of events) {
    const p = { asset: big(row.assetPriceRaw), stable: big(row.stablePriceRaw) };
    let value: bigint;
    if (kind === "COLLECT") {
      feesWad += worth(big(row.assetAmount), big(row.stableAmount), p, dec);
      value = liquidityWorth(liquidity, tickLower, tickUpper, assetIsToken0, p, dec);
    } else if (kind === "CLOSE") {
      liquidity = 0n;
      value = worth(big(row.assetAmount), big(row.stableAmount), p, dec);
    } else {
      liquidity += big(row.liquidity);
      assetIn += big(row.assetAmount);
      stableIn += big(row.stableAmount);
      value = liquidityWorth(liquidity, tickLower, tickUpper, assetIsToken0, p, dec);
    }
    points.push({ timestamp: int(row.timestamp), valueWad: value, holdWad: worth(assetIn, stableIn, p, dec), feesWad, assetInStableWad: assetInStable(p.asset, p.stable) });
  }
  const endAt = close ? int(close.timestamp) : open ? Math.max(rows.asOf, points.at(-1)?.timestamp ?? 0) : (points.at(-1)?.timestamp ?? rows.asOf);
  if (!close && open) {
    const latest = { asset: rows.latestPrices.get(asset)?.priceRaw ?? 0n, stable: rows.latestPrices.get(stable)?.priceRaw ?? 0n };
    points.push({ timestamp: endAt, valueWad: liquidityWorth(liquidity, tickLower, tickUpper, assetIsToken0, latest, dec), holdWad: worth(assetIn, stableIn, latest, dec), feesWad, assetInStableWad: assetInStable(latest.asset, latest.stable) });
  }
  const end = points.at(-1)!;
  const ilWad = end.valueWad - end.holdWad;

  const decisions = rows.RangeDecision.filter((d) => str(d.position) === id);
  const observations = observationsOf(position, rows.RangeDecision, adds[0] ? str(adds[0].id) : null);
  const { wad: gasWad, used: gasUsed } = gas.get(id) ?? { wad: 0n, used: 0n };
  return {
    id,
    tokenId: str(position.tokenId),
    fee: int(position.fee),
    tickLower,
    tickUpper,
    asset,
    stable,
    assetIsToken0,
    assetDecimals: dec.asset,
    stableDecimals: dec.stable,
    open,
    openedAt: int(first.timestamp),
    endAt,
    assetIn,
    stableIn,
    feesWad,
    collections: collections.length,
    endValueWad: end.valueWad,
    holdWad: end.holdWad,
    ilWad,
    swapCostWad,
    swaps: swaps.length,
    gasWad,
    gasUsed,
    netWad: feesWad + ilWad - swapCostWad - (gasWad ?? 0n),
    reranges: decisions.filter((d) => Boolean(int(d.rerange))).length,
    skipped: decisions.filter((d) => !int(d.rerange)).length,
    ...timeInRange(observations, endAt),
    observations,
    points,
    sources: [...changes, ...collections, ...swaps].sort(byId).map(ref),
  };
}

/** The manager's sums over its positions: the same figures as each position's. */
export type RangeTotals = Pick<RangeAnalytics, "feesWad" | "ilWad" | "swapCostWad" | "gasWad" | "gasUsed" | "netWad" | "reranges" | "skipped" | "observedSeconds" | "inRangeSeconds">;

export interface ManagerAnalytics extends RangeTotals {
  manager: string;
  positions: RangeAnalytics[];
}

/** Every manager's positions in the order they opened, and the manager's totals (sums of its positions'). */
export function analyseManagers(rows: RangeRows): ManagerAnalytics[] {
  const managers = [...new Set(rows.RangePosition.map((p) => str(p.manager)))].sort();
  const gas = gasByPosition(rows);
  return managers.map((manager) => {
    const positions = rows.RangePosition.filter((p) => str(p.manager) === manager)
      .sort((a, b) => int(a.openedAt) - int(b.openedAt) || (big(a.tokenId) < big(b.tokenId) ? -1 : 1))
      .map((p) => analysePosition(p, rows, gas));
    const sum = (f: (a: RangeAnalytics) => bigint) => positions.reduce((s, a) => s + f(a), 0n);
    const gasKnown = positions.every((p) => p.gasWad !== null) && positions.length > 0;
    return {
      manager,
      positions,
      feesWad: sum((p) => p.feesWad),
      ilWad: sum((p) => p.ilWad),
      swapCostWad: sum((p) => p.swapCostWad),
      gasWad: gasKnown ? sum((p) => p.gasWad ?? 0n) : null,
      gasUsed: positions.length > 0 && positions.every((p) => p.gasUsed !== null) ? sum((p) => p.gasUsed ?? 0n) : null,
      netWad: sum((p) => p.netWad),
      reranges: positions.reduce((s, p) => s + p.reranges, 0),
      skipped: positions.reduce((s, p) => s + p.skipped, 0),
      observedSeconds: positions.reduce((s, p) => s + p.observedSeconds, 0),
      inRangeSeconds: positions.reduce((s, p) => s + p.inRangeSeconds, 0),
    };
  });
}

/** The asset whose oracle price values gas: the chain's wrapped native token. */
const NATIVE_SYMBOL = "WETH";

const MANAGER_TABLES = ["RangePosition", "RangeLiquidityChange", "RangeFeeCollection", "RangeDecision", "RangeRatioSwap"] as const;

/** Reads the manager's rows and the latest accepted prices from the store (empty when it has none). */
export async function loadRangeRows(db: Kysely<any>): Promise<RangeRows> {
  const tables = new Set((await db.introspection.getTables()).map((t) => t.name));
  const read = async (name: string) => (tables.has(name) ? ((await db.selectFrom(name).selectAll().orderBy("id").execute()) as Row[]) : []);
  const [RangePosition, RangeLiquidityChange, RangeFeeCollection, RangeDecision, RangeRatioSwap] = await Promise.all(MANAGER_TABLES.map(read));
  const updates = tables.has("PriceUpdate") ? ((await db.selectFrom("PriceUpdate").select(["asset", "priceRaw", "timestamp"]).where("accepted", "=", 1).orderBy("id").execute()) as Row[]) : [];
  const latestPrices = new Map<string, { priceRaw: bigint; timestamp: number }>();
  for (const u of updates) latestPrices.set(str(u.asset), { priceRaw: big(u.priceRaw), timestamp: int(u.timestamp) });
  const native = tables.has("Asset") ? ((await db.selectFrom("Asset").select("id").where("symbol", "=", NATIVE_SYMBOL).execute()) as Row[]) : [];
  const nativeIds = new Set(native.map((a) => str(a.id)));
  const nativePrices = updates.filter((u) => nativeIds.has(str(u.asset))).map((u) => ({ timestamp: int(u.timestamp), priceRaw: big(u.priceRaw) }));
  const stamps = [...updates, ...RangeLiquidityChange, ...RangeFeeCollection, ...RangeDecision].map((r) => int(r.timestamp));
  return { RangePosition, RangeLiquidityChange, RangeFeeCollection, RangeDecision, RangeRatioSwap, latestPrices, nativePrices, asOf: stamps.reduce((a, b) => Math.max(a, b), 0) };
}

/** The manager analytics of a store. */
export async function rangeAnalytics(db: Kysely<any>): Promise<ManagerAnalytics[]> {
  return analyseManagers(await loadRangeRows(db));
}

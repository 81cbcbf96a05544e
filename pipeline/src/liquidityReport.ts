import { assetPriceAtTick, D, WAD, type ManagerAnalytics, type RangeAnalytics } from "@lotgraph/indexer";
import type { LiquidityFigures, LiquidityPositionReport, LiquidityReport } from "@lotgraph/report";

const DAY = 86_400;

/** USD at 1e-18 to cents, rounded half away from zero. */
export function toCents(wad: bigint): bigint {
  const abs = wad < 0n ? -wad : wad;
  const cents = (abs + WAD / 200n) / (WAD / 100n);
  return wad < 0n ? -cents : cents;
}

const centsString = (c: bigint) => `${c < 0n ? "-" : ""}${(c < 0n ? -c : c) / 100n}.${String((c < 0n ? -c : c) % 100n).padStart(2, "0")}`;

/** a / b as a decimal string with one decimal, rounded half up (a, b ≥ 0). */
function tenths(a: number, b: number): string {
  const t = (BigInt(a) * 10n + BigInt(b) / 2n) / BigInt(b);
  return `${t / 10n}.${t % 10n}`;
}

const isoDay = (t: number) => new Date(t * 1000).toISOString().slice(0, 10);
const isoTime = (t: number) => new Date(t * 1000).toISOString();
/** a price in the stablecoin, 6 significant digits, plain notation */
const priceText = (value: InstanceType<typeof D>) => value.toSignificantDigits(6).toFixed();

/** fee tier in hundredths of a bip as a percentage: 3000 → "0.30 %" */
export function feeTierText(fee: number): string {
  return `${Math.floor(fee / 10_000)}.${String(Math.floor(fee / 100) % 100).padStart(2, "0")} %`;
}

interface Parts {
  feesWad: bigint;
  ilWad: bigint;
  swapCostWad: bigint;
  gasWad: bigint | null;
  gasUsed: bigint | null;
  reranges: number;
  skipped: number;
  observedSeconds: number;
  inRangeSeconds: number;
}

/** The figures in cents, the net as the sum of the rounded parts so that the page adds up. */
export function figures(p: Parts): LiquidityFigures {
  const fees = toCents(p.feesWad);
  const il = toCents(p.ilWad);
  const swaps = toCents(p.swapCostWad);
  const gas = p.gasWad === null ? null : toCents(p.gasWad);
  return {
    feesUsd: centsString(fees),
    ilUsd: centsString(il),
    swapCostUsd: centsString(swaps),
    gasUsd: gas === null ? null : centsString(gas),
    gasUnits: gas === null || p.gasUsed === null ? null : p.gasUsed.toString(),
    netUsd: centsString(fees + il - swaps - (gas ?? 0n)),
    reranges: p.reranges,
    skipped: p.skipped,
    inRangePct: p.observedSeconds === 0 ? null : tenths(p.inRangeSeconds * 100, p.observedSeconds),
    observedDays: tenths(p.observedSeconds, DAY),
  };
}

function positionReport(a: RangeAnalytics, symbols: Map<string, string>): LiquidityPositionReport {
  const tickPrice = (tick: number) => assetPriceAtTick(tick, a.assetIsToken0, a.assetDecimals, a.stableDecimals);
  // the lower tick is the lower asset price when the asset is token0, the upper one otherwise
  const [lo, hi] = [tickPrice(a.tickLower), tickPrice(a.tickUpper)].sort((x, y) => x.comparedTo(y));
  return {
    ...figures(a),
    tokenId: a.tokenId,
    pair: `${symbols.get(a.asset) ?? a.asset}/${symbols.get(a.stable) ?? a.stable}`,
    feeTier: feeTierText(a.fee),
    open: a.open,
    opened: isoDay(a.openedAt),
    ended: isoDay(a.endAt),
    priceLower: priceText(lo),
    priceUpper: priceText(hi),
    valueUsd: centsString(toCents(a.endValueWad)),
    holdUsd: centsString(toCents(a.holdWad)),
    collections: a.collections,
    series: a.points.map((p) => ({
      time: isoTime(p.timestamp),
      valueUsd: centsString(toCents(p.valueWad)),
      holdUsd: centsString(toCents(p.holdWad)),
      feesUsd: centsString(toCents(p.feesWad)),
      price: priceText(new D(p.assetInStableWad.toString()).div(WAD.toString())),
    })),
    ticks: a.observations.map((o) => ({ time: isoTime(o.timestamp), price: priceText(tickPrice(o.tick)), inRange: o.inRange })),
    sources: a.sources,
  };
}

/** The report's liquidity section from the store's manager analytics (every manager's positions, summed). */
export function liquidityReport(managers: ManagerAnalytics[], symbols: Map<string, string>): LiquidityReport {
  const positions = managers.flatMap((m) => m.positions);
  const sum = (f: (p: RangeAnalytics) => number) => positions.reduce((s, p) => s + f(p), 0);
  const gasKnown = positions.length > 0 && positions.every((p) => p.gasWad !== null);
  const totals = figures({
    feesWad: positions.reduce((s, p) => s + toCents(p.feesWad), 0n) * (WAD / 100n),
    ilWad: positions.reduce((s, p) => s + toCents(p.ilWad), 0n) * (WAD / 100n),
    swapCostWad: positions.reduce((s, p) => s + toCents(p.swapCostWad), 0n) * (WAD / 100n),
    gasWad: gasKnown ? positions.reduce((s, p) => s + toCents(p.gasWad ?? 0n), 0n) * (WAD / 100n) : null,
    gasUsed: gasKnown && positions.every((p) => p.gasUsed !== null) ? positions.reduce((s, p) => s + (p.gasUsed ?? 0n), 0n) : null,
    reranges: sum((p) => p.reranges),
    skipped: sum((p) => p.skipped),
    observedSeconds: sum((p) => p.observedSeconds),
    inRangeSeconds: sum((p) => p.inRangeSeconds),
  });
  return { totals, positions: positions.map((p) => positionReport(p, symbols)) };
}

import { openConnection, rangeAnalytics, buyAndHoldSeries, hedgeSummary, incomeBySource, portfolioValueSeries, weightsVsTargets, purchaseLockouts, WEIGHT_BASIS, type HedgeSummary } from "@lotgraph/indexer";
import { formatDay, formatQuantity, formatUsd, QTY_SCALE, type DisposalRow, type GainsResult } from "@lotgraph/tax";
import type { ReportData } from "@lotgraph/report";
import { disposalsIn, gainOf, lotChoiceCounts, yearOf, type TaxRun } from "./taxYears";
import { LP_READING_DESCRIPTIONS } from "@lotgraph/tax/src/ledger/liquidity/reading";
import { liquidityReport } from "./liquidityReport";
import { Journal } from "@lotgraph/keeper/src/journal";

export interface TaxRates {
  shortTermBps: bigint;
  longTermBps: bigint;
}

export const DEFAULT_RATES: TaxRates = { shortTermBps: 3700n, longTermBps: 2000n };

const bps = (amount: bigint, rate: bigint) => (amount * rate) / 10_000n;
const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);

function gainsOf(result: GainsResult, year: number) {
  const rows = disposalsIn(result, year);
  return {
    rows,
    short: sum(rows.filter((d) => d.term === "short").map(gainOf)),
    long: sum(rows.filter((d) => d.term === "long").map(gainOf)),
    income: sum(result.income.filter((i) => yearOf(i.day) === year).map((i) => i.value)),
  };
}

/**
 * The year's estimated tax on its realized gains: net short-term and net long-term, one offsetting the other
 * (a net loss: no tax; the $3,000 offset and carryforwards are left out), at the given rates. 1e-12 USD.
 */
export function yearTaxEstimate(short: bigint, long: bigint, rates: TaxRates): bigint {
  if (short > 0n && long >= 0n) return bps(short, rates.shortTermBps) + bps(long, rates.longTermBps);
  const net = short + long;
  if (net <= 0n) return 0n;
  return bps(net, short > 0n ? rates.shortTermBps : rates.longTermBps);
}

/**
 * The bench's after-tax comparison (`npm run bench:tlh -w keeper`, current law, against (a) no harvesting), as
 * keeper/README.md records it; the bench runs sim's defaultMarket, the market the main job simulates.
 */
export const BENCH_TLH = {
  source: "keeper/README.md, npm run bench:tlh (sim's defaultMarket, seed 20250101, 100 paths × 4 years, current law), measured 2026-12-02",
  rows: [
    { policy: "(b) naive monthly harvesting", afterTaxExcessPct: "−1.77", interval: "[−1.92, −1.62]", pathsAhead: 2, pathsBehind: 98 },
    { policy: "(c) the advisor", afterTaxExcessPct: "−2.54", interval: "[−2.71, −2.36]", pathsAhead: 2, pathsBehind: 98 },
    { policy: "(d) deferred trims", afterTaxExcessPct: "0.00", interval: "[−0.01, 0.01]", pathsAhead: 6, pathsBehind: 10 },
    { policy: "(e) least-tax lots + deferral (what the keeper runs)", afterTaxExcessPct: "+0.06", interval: "[0.01, 0.10]", pathsAhead: 33, pathsBehind: 18 },
  ],
};

/** The trims the keeper's journal records as deferred in `year`, in the order journaled. */
export function deferredTrimsIn(journalFile: string | undefined, year: number): ReportData["taxAware"]["deferredTrims"] {
  if (!journalFile) return [];
  return new Journal(journalFile)
    .deferrals()
    .filter((e) => yearOf(e.deferral!.day) === year)
    .map((e) => ({
      date: formatDay(e.deferral!.day),
      asset: e.asset,
      shortTermGainUsd: formatUsd(BigInt(e.deferral!.shortTermGain)),
      taxUsd: formatUsd(BigInt(e.deferral!.tax)),
      longTermFrom: formatDay(e.deferral!.longTermFromDay),
      driftBps: e.deferral!.driftBps,
      ceilingBps: e.deferral!.ceilingBps,
    }));
}

/** Unrealized gain of the open lots at the assets' last oracle prices (exact: 1e-12 USD). */
function unrealized(result: GainsResult, lastPrice: Map<string, string>): bigint {
  let total = 0n;
  for (const lot of result.lots) {
    const price = lastPrice.get(lot.asset);
    if (price === undefined) continue;
    const [int, frac = ""] = price.split(".");
    const scaled = BigInt(int + frac.padEnd(12, "0").slice(0, 12)); // USD per whole token, 1e-12
    total += (lot.remaining * scaled) / QTY_SCALE - lot.basisRemaining;
  }
  return total;
}

/** Form 8949 rows per asset, in order of first sale: count, proceeds, basis and gain (exact, 1e-12 USD). */
export function disposalsByAsset(rows: DisposalRow[]): ReportData["gains"]["byAsset"] {
  const byAsset = new Map<string, { disposals: number; proceeds: bigint; basis: bigint; gain: bigint }>();
  for (const d of rows) {
    const a = byAsset.get(d.asset) ?? { disposals: 0, proceeds: 0n, basis: 0n, gain: 0n };
    a.disposals++;
    a.proceeds += d.proceeds;
    a.basis += d.costBasis;
    a.gain += gainOf(d);
    byAsset.set(d.asset, a);
  }
  return [...byAsset].map(([asset, a]) => ({
    asset,
    disposals: a.disposals,
    proceedsUsd: formatUsd(a.proceeds),
    costBasisUsd: formatUsd(a.basis),
    gainUsd: formatUsd(a.gain),
  }));
}

/**
 * The hedges as the report shows them: realized P&L and funding (+ received, − paid) rounded to cents
 * first, and the net as their sum, so the figures on the page add up to the cent.
 */
export function hedgeRows(hedges: HedgeSummary[]): ReportData["hedges"] {
  return hedges.map((h) => {
    const realized = h.realizedPnlUsd.toDecimalPlaces(2);
    const funding = h.fundingUsd.toDecimalPlaces(2);
    return {
      asset: h.asset,
      realizedPnlUsd: realized.toFixed(2),
      fundingUsd: funding.toFixed(2),
      netUsd: realized.plus(funding).toFixed(2),
      impermanentLossPct: h.impermanentLoss === null ? null : h.impermanentLoss.times(100).toFixed(2),
    };
  });
}

/**
 * Weight points in the order the panels should read: the stablecoin first, then the risk assets in the
 * order the owner first deposited them (the deployment's order), then any other alphabetically; by date
 * within an asset. (The store's own order is by token address, which means nothing to a reader.)
 */
export function panelOrder<T extends { date: string; asset: string }>(points: T[], stablecoin: string, depositOrder: string[]): T[] {
  const rank = (asset: string) => {
    if (asset === stablecoin) return -1;
    const i = depositOrder.indexOf(asset);
    return i < 0 ? depositOrder.length : i;
  };
  return [...points].sort((a, b) => rank(a.asset) - rank(b.asset) || (a.asset < b.asset ? -1 : a.asset > b.asset ? 1 : 0) || (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

export interface ReportInputs {
  storeFile: string;
  tax: TaxRun;
  year: number;
  vault: string;
  network: string;
  graphqlUrl?: string;
  outputs: { label: string; path: string }[];
  rates?: TaxRates;
  /** the keeper's journal (its deferred trims); none: no deferrals shown */
  journalFile?: string;
}

/** Everything the HTML report shows, from the indexer's store and the tax engine's results. */
export async function assembleReport(input: ReportInputs): Promise<ReportData> {
  const rates = input.rates ?? DEFAULT_RATES;
  const store = await openConnection({ file: input.storeFile });
  try {
    const db = store.db;
    const [value, benchmark, weights, income, hedges, lockoutWindows, managers] = await Promise.all([
      portfolioValueSeries(db),
      buyAndHoldSeries(db),
      weightsVsTargets(db),
      incomeBySource(db),
      hedgeSummary(db),
      purchaseLockouts(db),
      rangeAnalytics(db),
    ]);
    const assets = await db.selectFrom("Asset").select(["id", "symbol", "lastPriceUsd", "isStable"]).execute();
    const stablecoin = (assets.find((a) => Boolean(a.isStable))?.symbol as string | undefined) ?? "USDC";
    const lastPrice = new Map(assets.filter((a) => a.lastPriceUsd !== null).map((a) => [a.symbol as string, a.lastPriceUsd as string]));
    const lockouts = new Map(
      (await db.selectFrom("LossHarvest").select(["transactionHash", "logIndex", "lockoutUntil"]).execute()).map((r) => [
        `${r.transactionHash}:${r.logIndex}`,
        formatDay(Math.floor(Number(r.lockoutUntil) / 86_400)),
      ]),
    );
    const depositOrder = (await db.selectFrom("Deposit").innerJoin("Asset", "Asset.id", "Deposit.asset").select("Asset.symbol as symbol").orderBy("Deposit.id").execute()).map((r) => r.symbol as string);
    const benchmarkByDate = new Map(benchmark.map((b) => [b.date, b.valueUsd]));
    const inYear = (date: string) => date.startsWith(String(input.year));

    const law = gainsOf(input.tax.result, input.year);
    const hifo = gainsOf(input.tax.hifo, input.year);
    const taxWithChoice = yearTaxEstimate(law.short, law.long, rates);
    const taxHifo = yearTaxEstimate(hifo.short, hifo.long, rates);
    const whatIf = gainsOf(input.tax.washed, input.year);
    const harvests = law.rows.filter((d) => d.kind === "harvest");
    const harvestRows = harvests.map((d) => {
      const loss = -gainOf(d);
      const saved = loss > 0n ? bps(loss, d.term === "short" ? rates.shortTermBps : rates.longTermBps) : 0n;
      return { d, loss, saved };
    });
    const washedRows = whatIf.rows.filter((d) => d.adjustment > 0n);

    return {
      title: "lotgraph — portfolio and tax report",
      generatedAt: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
      taxYear: input.year,
      network: input.network,
      vault: input.vault,
      graphqlUrl: input.graphqlUrl,
      value: value
        .filter((v) => inYear(v.date))
        .map((v) => ({ date: v.date, portfolioUsd: v.valueUsd.toFixed(2), benchmarkUsd: (benchmarkByDate.get(v.date) ?? v.valueUsd).toFixed(2) })),
      weights: panelOrder(weights.filter((w) => inYear(w.date)), stablecoin, depositOrder)
        .map((w) => ({ date: w.date, asset: w.asset, weight: w.weight.toFixed(6), target: w.targetWeight?.toFixed(6) ?? null })),
      weightBasis: WEIGHT_BASIS,
      lockouts: lockoutWindows.filter((l) => l.from <= `${input.year}-12-31` && l.until >= `${input.year}-01-01`),
      stablecoin,
      income: income.map((i) => ({ source: i.source, asset: i.asset, harvests: i.harvests, incomeUsd: i.incomeUsd.toFixed(2) })),
      gains: {
        shortTermUsd: formatUsd(law.short),
        longTermUsd: formatUsd(law.long),
        unrealizedUsd: formatUsd(unrealized(input.tax.result, lastPrice)),
        disposals: law.rows.length,
        lotChoice: lotChoiceCounts(law.rows),
        lpReading: { reading: input.tax.lpReading, description: LP_READING_DESCRIPTIONS[input.tax.lpReading] },
        incomeUsd: formatUsd(law.income),
        byAsset: disposalsByAsset(law.rows),
        stablecoinRows: law.rows
          .filter((d) => d.asset === stablecoin)
          .map((d) => ({
            dateSold: formatDay(d.soldDay),
            quantity: formatQuantity(d.quantity),
            proceedsUsd: formatUsd(d.proceeds),
            costBasisUsd: formatUsd(d.costBasis),
            gainUsd: formatUsd(gainOf(d)),
            tx: `${d.tx.hash}:${d.tx.logIndex}`,
          })),
      },
      washSales: {
        enabled: false,
        whatIfDisallowedUsd: formatUsd(sum(washedRows.map((d) => d.adjustment))),
        rows: washedRows.map((d) => ({
          dateSold: formatDay(d.soldDay),
          asset: d.asset,
          quantity: formatQuantity(d.quantity),
          adjustmentUsd: formatUsd(d.adjustment),
          tx: `${d.tx.hash}:${d.tx.logIndex}`,
        })),
      },
      harvesting: {
        executed: new Set(harvests.map((d) => `${d.tx.hash}:${d.tx.logIndex}`)).size,
        harvestedLossUsd: formatUsd(sum(harvestRows.map((h) => (h.loss > 0n ? h.loss : 0n)))),
        taxSavedUsd: formatUsd(sum(harvestRows.map((h) => h.saved))),
        rates: { shortTermPct: Number(rates.shortTermBps) / 100, longTermPct: Number(rates.longTermBps) / 100 },
        rows: harvestRows.map(({ d, loss, saved }) => ({
          date: formatDay(d.soldDay),
          asset: d.asset,
          quantity: formatQuantity(d.quantity),
          lossUsd: formatUsd(loss),
          taxSavedUsd: formatUsd(saved),
          lockoutUntil: lockouts.get(`${d.tx.hash}:${d.tx.logIndex}`) ?? "—",
          tx: `${d.tx.hash}:${d.tx.logIndex}`,
        })),
      },
      taxAware: {
        deferredTrims: deferredTrimsIn(input.journalFile, input.year),
        lotChoiceTax: { withChoiceUsd: formatUsd(taxWithChoice), hifoUsd: formatUsd(taxHifo), savedUsd: formatUsd(taxHifo - taxWithChoice) },
        bench: BENCH_TLH,
      },
      hedges: hedgeRows(hedges),
      liquidity: liquidityReport(managers, new Map(assets.map((a) => [a.id as string, a.symbol as string]))),
      outputs: input.outputs,
    };
  } finally {
    await store.db.destroy();
  }
}


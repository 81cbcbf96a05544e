/**
 * npm run bench:tlh — Monte Carlo of tax-loss harvesting on the vault's strategy.
 *
 * For each seeded market path (sim's defaultMarket: four crypto assets, 55–100 % vol, jumps, regimes,
 * crashes), the strategy runs under each policy (see POLICIES) twice: paying tax, and as a tax-free twin
 * (same trading rules, no tax) that isolates what a policy does to exposure and trading costs. The headline
 * is what a user keeps: after-tax terminal wealth after a full liquidation, as an annualised excess over (a)
 * no harvesting, with a 95 % confidence interval over paths and the number of paths ahead. It splits into
 * the pre-tax part (the twins' difference: exposure + trading) and the tax part (the rest). Everything runs
 * under current US law for crypto (no wash-sale rule) and again with §1091 applied (the what-if).
 *
 * Options (env): TLH_PATHS (100), TLH_YEARS (4), TLH_SEED (20250101), TLH_WORKERS (2).
 */
import { fork } from "node:child_process";
import os from "node:os";
import { defaultMarket, simulate, type MarketDay } from "@lotgraph/sim";
import { MONEY_SCALE } from "@lotgraph/tax";
import { DEFAULT_BENCH_PARAMS, POLICIES, POLICY_LABELS, runPath, underLaw, type PathResult, type Policy } from "./tlhPortfolio";

const LAWS = [
  { key: "current", washSales: false, title: "current US law for crypto (no wash-sale rule) — the headline" },
  { key: "whatIf", washSales: true, title: "what-if: the wash-sale rule (§1091) applied to crypto" },
] as const;
type LawKey = (typeof LAWS)[number]["key"];

/** One policy's figures on one path (money as decimal strings: bigint does not cross the worker boundary). */
interface PolicyRow {
  afterTax: string;
  preTax: string;
  taxesPaid: string;
  harvestedLoss: string;
  washDisallowed: string;
  harvestWashDisallowed: string;
  tradingCosts: string;
  harvests: number;
  rebalances: number;
  deferredTrims: number;
  /** (bought + sold) / 2 / mean NAV, per year */
  turnover: number;
  /** annualised σ of the daily return difference against (a)'s tax-free twin */
  trackingError: number;
}

interface PathRow {
  path: number;
  results: Record<LawKey, Record<Policy, PolicyRow>>;
}

function dailyReturns(nav: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < nav.length; i++) out.push(Math.log(nav[i] / nav[i - 1]));
  return out;
}

/** Annualised tracking error of `nav` against `reference`: σ of the daily log-return difference × √365. */
export function trackingError(nav: readonly number[], reference: readonly number[]): number {
  const a = dailyReturns(nav);
  const b = dailyReturns(reference);
  const d = a.map((x, i) => x - b[i]);
  const mean = d.reduce((s, x) => s + x, 0) / d.length;
  const variance = d.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, d.length - 1);
  return Math.sqrt(variance * 365);
}

function policyRow(r: PathResult, free: PathResult, reference: PathResult, years: number): PolicyRow {
  const meanNav = r.dailyNav.reduce((s, x) => s + x, 0) / r.dailyNav.length;
  const traded = Number(r.traded / (MONEY_SCALE / 100n)) / 100;
  return {
    afterTax: r.afterTax.toString(),
    preTax: free.afterTax.toString(),
    taxesPaid: r.taxesPaid.toString(),
    harvestedLoss: r.harvestedLoss.toString(),
    washDisallowed: r.washDisallowed.toString(),
    harvestWashDisallowed: r.harvestWashDisallowed.toString(),
    tradingCosts: r.tradingCosts.toString(),
    harvests: r.harvests,
    rebalances: r.rebalances,
    deferredTrims: r.deferredTrims,
    turnover: traded / 2 / meanNav / years,
    trackingError: trackingError(free.dailyNav, reference.dailyNav),
  };
}

function runOne(path: number, seed: number, years: number): PathRow {
  const market: MarketDay[] = [...simulate(defaultMarket(seed + path, Math.round(years * 365)))];
  const results = {} as PathRow["results"];
  for (const law of LAWS) {
    const params = underLaw(DEFAULT_BENCH_PARAMS, law.washSales);
    const reference = runPath(market, "none", { ...params, payTaxes: false });
    results[law.key] = {} as Record<Policy, PolicyRow>;
    for (const p of POLICIES) {
      const r = runPath(market, p, params);
      const free = p === "none" ? reference : runPath(market, p, { ...params, payTaxes: false });
      results[law.key][p] = policyRow(r, free, reference, years);
    }
  }
  return { path, results };
}

interface Ci {
  mean: number;
  lo: number;
  hi: number;
}

function meanCi(xs: number[]): Ci {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1));
  const h = (1.96 * sd) / Math.sqrt(xs.length);
  return { mean, lo: mean - h, hi: mean + h };
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
const fmtCi = (c: Ci) => `${pct(c.mean)} [${pct(c.lo)}, ${pct(c.hi)}]`;
const dollars = (s: string) => Number(BigInt(s) / (MONEY_SCALE / 100n)) / 100;
const usd = (x: number) => `$${x.toLocaleString("en-US", { maximumFractionDigits: 0 })}`;

/** The table for one law, one column per policy. */
function lawTable(rows: PathRow[], law: LawKey, years: number, initial: number): string[][] {
  const get = (r: PathRow, p: Policy) => r.results[law][p];
  const g = (wealth: number) => (wealth / initial) ** (1 / years) - 1;
  const after = (r: PathRow, p: Policy) => g(dollars(get(r, p).afterTax));
  const pre = (r: PathRow, p: Policy) => g(dollars(get(r, p).preTax));
  const others = POLICIES.filter((p) => p !== "none");
  const vsNone = (f: (r: PathRow, p: Policy) => number) => ["0.00 % (reference)", ...others.map((p) => fmtCi(meanCi(rows.map((r) => f(r, p)))))];
  const mean = (p: Policy, f: (x: PolicyRow) => number) => rows.reduce((s, r) => s + f(get(r, p)), 0) / rows.length;
  const each = (f: (x: PolicyRow) => number, fmt: (x: number) => string) => POLICIES.map((p) => fmt(mean(p, f)));
  const table: string[][] = [["", ...POLICIES.map((p) => POLICY_LABELS[p])]];
  table.push(["AFTER-TAX EXCESS vs (a) %/yr [95 % CI]", ...vsNone((r, p) => after(r, p) - after(r, "none"))]);
  const count = (p: Policy, f: (x: bigint, a: bigint) => boolean) => rows.filter((r) => f(BigInt(get(r, p).afterTax), BigInt(get(r, "none").afterTax))).length;
  table.push(["paths ahead / behind (a) after tax (rest: equal)", "-", ...others.map((p) => `${count(p, (x, a) => x > a)} / ${count(p, (x, a) => x < a)} of ${rows.length}`)]);
  table.push(["  of which pre-tax: exposure + trading", ...vsNone((r, p) => pre(r, p) - pre(r, "none"))]);
  table.push(["  of which tax (the rest)", ...vsNone((r, p) => after(r, p) - after(r, "none") - (pre(r, p) - pre(r, "none")))]);
  table.push(["tax drag saved vs (a) %/yr (drag = pre − after)", ...vsNone((r, p) => pre(r, "none") - after(r, "none") - (pre(r, p) - after(r, p)))]);
  table.push(["after-tax return %/yr [95 % CI]", ...POLICIES.map((p) => fmtCi(meanCi(rows.map((r) => after(r, p)))))]);
  table.push(["pre-tax return %/yr (tax-free twin)", ...POLICIES.map((p) => fmtCi(meanCi(rows.map((r) => pre(r, p)))))]);
  table.push(["tracking error vs (a) tax-blind %/yr", ...each((x) => x.trackingError, pct)]);
  table.push(["turnover %/yr of NAV", ...each((x) => x.turnover, pct)]);
  table.push(["trading costs + gas per path", ...each((x) => dollars(x.tradingCosts), usd)]);
  table.push(["mean after-tax terminal wealth", ...each((x) => dollars(x.afterTax), usd)]);
  table.push(["mean taxes paid", ...each((x) => dollars(x.taxesPaid), usd)]);
  table.push(["harvest sales per path", ...each((x) => x.harvests, (x) => x.toFixed(1))]);
  table.push(["harvested loss per path", ...each((x) => dollars(x.harvestedLoss), usd)]);
  table.push(["wash-disallowed loss per path", ...each((x) => dollars(x.washDisallowed), usd)]);
  table.push(["  of which on harvest sales", ...each((x) => dollars(x.harvestWashDisallowed), usd)]);
  table.push(["rebalances per path", ...each((x) => x.rebalances, (x) => x.toFixed(1))]);
  table.push(["trims deferred per path", ...each((x) => x.deferredTrims, (x) => x.toFixed(1))]);
  return table;
}

function printTable(table: string[][]): void {
  const widths = table[0].map((_, c) => Math.max(...table.map((r) => r[c].length)));
  for (const r of table) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  "));
}

async function main(): Promise<void> {
  const paths = Number(process.env.TLH_PATHS ?? 100);
  const years = Number(process.env.TLH_YEARS ?? 4);
  const seed = Number(process.env.TLH_SEED ?? 20250101);
  const workers = Math.max(1, Math.min(Number(process.env.TLH_WORKERS ?? Math.min(2, os.cpus().length)), paths));
  if (!(Number.isInteger(paths) && paths >= 2 && years > 0)) throw new Error(`TLH_PATHS must be an integer ≥ 2 and TLH_YEARS > 0 (got ${process.env.TLH_PATHS}, ${process.env.TLH_YEARS})`);
  const t0 = Date.now();

  const rows: PathRow[] = [];
  await Promise.all(
    Array.from({ length: workers }, (_, w) =>
      new Promise<void>((resolve, reject) => {
        const child = fork(__filename, [], { env: { ...process.env, TLH_WORKER: String(w), TLH_WORKER_COUNT: String(workers), TLH_PATHS: String(paths), TLH_YEARS: String(years), TLH_SEED: String(seed) }, execArgv: ["--import", "tsx"] });
        child.on("message", (row: PathRow) => rows.push(row));
        child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`bench worker ${w} exited with ${code}`))));
      }),
    ),
  );
  rows.sort((a, b) => a.path - b.path);

  const initial = Number(DEFAULT_BENCH_PARAMS.initialUsd / MONEY_SCALE);
  console.log(`tax-loss harvesting Monte Carlo: ${paths} paths × ${years} years, daily steps, 4 assets (sim defaultMarket), seed ${seed}`);
  console.log(`strategy: inverse-vol weights, 500 bps drift rebalancing, 0.5 % per trade, WETH staking 3 %/yr, stablecoin yield; tax engine HIFO; 37 % / 20 %, $3k loss offset, carryforward; full liquidation at the end`);
  for (const law of LAWS) {
    console.log("");
    console.log(law.title);
    printTable(lawTable(rows, law.key, years, initial));
  }
  console.log("");
  console.log(`finished in ${((Date.now() - t0) / 1000).toFixed(1)} s on ${workers} worker(s)`);
}

if (process.env.TLH_WORKER !== undefined) {
  const w = Number(process.env.TLH_WORKER);
  const count = Number(process.env.TLH_WORKER_COUNT);
  const paths = Number(process.env.TLH_PATHS);
  const years = Number(process.env.TLH_YEARS);
  const seed = Number(process.env.TLH_SEED);
  for (let p = w; p < paths; p += count) process.send!(runOne(p, seed, years));
  process.disconnect();
} else {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}

/**
 * npm run bench:tlh — Monte Carlo of tax-loss harvesting on the vault's strategy.
 *
 * For each seeded market path (sim's defaultMarket: four crypto assets, 55–100 % vol, jumps, regimes,
 * crashes), the strategy runs under (a) no harvesting, (b) naive monthly "sell every loser, rebuy after
 * the window" and (c) the advisor (the same adviseHarvests the keeper uses). After-tax terminal wealth
 * follows a full liquidation; tax alpha = annualised after-tax growth of (b)/(c) over (a), with 95 %
 * confidence intervals over paths.
 *
 * Options (env): TLH_PATHS (100), TLH_YEARS (4), TLH_SEED (20250101), TLH_WORKERS (2).
 */
import { fork } from "node:child_process";
import os from "node:os";
import { defaultMarket, simulate } from "@lotgraph/sim";
import { MONEY_SCALE } from "@lotgraph/tax";
import { DEFAULT_BENCH_PARAMS, runPath, type PathResult, type Policy } from "./tlhPortfolio";

const POLICIES: Policy[] = ["none", "naive", "advisor"];

type Serialized = { [K in keyof PathResult]: PathResult[K] extends bigint ? string : PathResult[K] } & { preTax: string };

interface PathRow {
  path: number;
  results: Record<Policy, Serialized>;
}

function serialize(r: PathResult, preTax: bigint): Serialized {
  const out: Record<string, unknown> = { preTax: preTax.toString() };
  for (const [k, v] of Object.entries(r)) out[k] = typeof v === "bigint" ? v.toString() : v;
  return out as Serialized;
}

function runOne(path: number, seed: number, years: number): PathRow {
  const market = [...simulate(defaultMarket(seed + path, Math.round(years * 365)))];
  const results = {} as PathRow["results"];
  for (const p of POLICIES) {
    const r = runPath(market, p);
    const free = runPath(market, p, { ...DEFAULT_BENCH_PARAMS, payTaxes: false });
    results[p] = serialize(r, free.afterTax);
  }
  return { path, results };
}

function meanCi(xs: number[]): { mean: number; lo: number; hi: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1));
  const h = (1.96 * sd) / Math.sqrt(xs.length);
  return { mean, lo: mean - h, hi: mean + h };
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
const usd = (x: bigint) => `$${(Number(x / (MONEY_SCALE / 100n)) / 100).toLocaleString("en-US", { maximumFractionDigits: 0 })}`;

async function main(): Promise<void> {
  const paths = Number(process.env.TLH_PATHS ?? 100);
  const years = Number(process.env.TLH_YEARS ?? 4);
  const seed = Number(process.env.TLH_SEED ?? 20250101);
  const workers = Math.max(1, Math.min(Number(process.env.TLH_WORKERS ?? Math.min(2, os.cpus().length)), paths));
  if (!(paths >= 2 && years > 0)) throw new Error(`TLH_PATHS must be ≥ 2 and TLH_YEARS > 0 (got ${paths}, ${years})`);
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

  const wealth = (r: PathRow, p: Policy) => Number(BigInt(r.results[p].afterTax) / MONEY_SCALE);
  const initial = 1_000_000;
  console.log(`tax-loss harvesting Monte Carlo: ${paths} paths × ${years} years, daily steps, 4 assets (sim defaultMarket), seed ${seed}`);
  console.log(`strategy: inverse-vol weights, 500 bps drift rebalancing, 0.5 % per trade, WETH staking 3 %/yr, stablecoin yield; tax engine HIFO + wash sales; 37 % / 20 %, $3k loss offset, carryforward`);
  console.log("");
  const header = ["", "(a) no harvesting", "(b) naive monthly", "(c) advisor"];
  const table: string[][] = [header];
  const cagr = (p: Policy) => meanCi(rows.map((r) => (wealth(r, p) / initial) ** (1 / years) - 1));
  const alpha = (p: Policy) => meanCi(rows.map((r) => (wealth(r, p) / wealth(r, "none")) ** (1 / years) - 1));
  const preTax = (r: PathRow, p: Policy) => Number(BigInt(r.results[p].preTax) / MONEY_SCALE);
  // tax drag = pre-tax growth − after-tax growth of the same policy; tax alpha = drag of (a) − drag of the policy
  const drag = (r: PathRow, p: Policy) => (preTax(r, p) / initial) ** (1 / years) - (wealth(r, p) / initial) ** (1 / years);
  const taxAlpha = (p: Policy) => meanCi(rows.map((r) => drag(r, "none") - drag(r, p)));
  const fmtCi = (c: { mean: number; lo: number; hi: number }) => `${pct(c.mean)} [${pct(c.lo)}, ${pct(c.hi)}]`;
  table.push(["after-tax return %/yr [95 % CI]", ...POLICIES.map((p) => fmtCi(cagr(p)))]);
  table.push(["pre-tax return %/yr [95 % CI]", ...POLICIES.map((p) => fmtCi(meanCi(rows.map((r) => (preTax(r, p) / initial) ** (1 / years) - 1))))]);
  table.push(["tax drag %/yr [95 % CI]", ...POLICIES.map((p) => fmtCi(meanCi(rows.map((r) => drag(r, p)))))]);
  table.push(["TAX ALPHA %/yr (drag saved vs a)", "0.00 % (reference)", fmtCi(taxAlpha("naive")), fmtCi(taxAlpha("advisor"))]);
  table.push(["after-tax excess vs a %/yr", "0.00 % (reference)", fmtCi(alpha("naive")), fmtCi(alpha("advisor"))]);
  const beats = (p: Policy) => `${rows.filter((r) => wealth(r, p) > wealth(r, "none")).length}/${rows.length}`;
  table.push(["paths ahead of (a)", "-", beats("naive"), beats("advisor")]);
  const avg = (p: Policy, f: (x: PathRow["results"][Policy]) => bigint | number) => {
    const xs = rows.map((r) => f(r.results[p]));
    return typeof xs[0] === "bigint" ? (xs as bigint[]).reduce((a, b) => a + b, 0n) / BigInt(xs.length) : (xs as number[]).reduce((a, b) => a + b, 0) / xs.length;
  };
  table.push(["mean after-tax terminal wealth", ...POLICIES.map((p) => usd(avg(p, (x) => BigInt(x.afterTax)) as bigint))]);
  table.push(["mean taxes paid", ...POLICIES.map((p) => usd(avg(p, (x) => BigInt(x.taxesPaid)) as bigint))]);
  table.push(["harvest sales per path", ...POLICIES.map((p) => (avg(p, (x) => x.harvests) as number).toFixed(1))]);
  table.push(["harvested loss per path", ...POLICIES.map((p) => usd(avg(p, (x) => BigInt(x.harvestedLoss)) as bigint))]);
  table.push(["  of which on harvest sales", ...POLICIES.map((p) => usd(avg(p, (x) => BigInt(x.harvestWashDisallowed)) as bigint))]);
  table.push(["wash-disallowed loss per path", ...POLICIES.map((p) => usd(avg(p, (x) => BigInt(x.washDisallowed)) as bigint))]);
  table.push(["rebalances per path", ...POLICIES.map((p) => (avg(p, (x) => x.rebalances) as number).toFixed(1))]);
  const widths = header.map((_, c) => Math.max(...table.map((r) => r[c].length)));
  for (const r of table) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  "));
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

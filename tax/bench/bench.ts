// npm run bench -w tax: the engine against the floor, same ledger, same run.
//
// The floor (floor.ts) is a minimal FIFO matcher written plainly, sharing no code with the engine: it
// parses the rows and keeps one FIFO queue per wallet and asset, nothing else. Against it, in their own
// processes: the engine's bare FIFO pass (parse + match, no output; its total gain must equal the
// floor's to the 1e-12 dollar, which shows the floor does the whole match) and the full pass (HIFO +
// wash sales + the full JSON written to a file). Goal: full pass <= 4x the floor (then 2x), peak RSS
// <= 1 GB.
//
// Two synthetic ledgers of the same size (400,000 events, 25 wallets, 50 assets; BENCH_EVENTS to change):
// - portfolio (portfolioLedger.ts): vaults holding baskets at target weights that rebalance, harvest
//   yield and take deposits and withdrawals under trending prices — the shape of lotgraph's own ledgers;
// - random-walk (syntheticLedger.ts): every wallet trades every asset at random under random-walk
//   prices, the first benchmark ledger, kept for comparison.
// BENCH_LEDGER=portfolio or random-walk runs one of them only; BENCH_WASH_HOLDING_PERIOD=acquisition-date
// runs the full pass with that holding-period method instead of the default (tacking). Each pass runs in its own process (its
// peak RSS is its own). CPU time (user + system) is the ratio to read on a shared machine (the load
// average is printed first); wall time is printed too.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { WASH_HOLDING_PERIODS } from "../src/engine/model";
import { writePortfolioLedger } from "./portfolioLedger";
import { writeSyntheticLedger, type SyntheticSpec } from "./syntheticLedger";

const LEDGERS: Record<string, (file: string, spec: SyntheticSpec) => Promise<void>> = {
  portfolio: writePortfolioLedger,
  "random-walk": writeSyntheticLedger,
};

interface Pass {
  ms: number;
  cpuMs: number;
  rows: number;
  washed?: number;
  /** FIFO passes: the total gain, 1e-12 USD */
  gain?: string;
  maxRssMb: number;
}

const GOAL_RATIO = 4;
const AIM_RATIO = 2;
const GOAL_RSS_MB = 1024;

async function benchLedger(name: string, dir: string, events: number): Promise<void> {
  const ledger = path.join(dir, `${name}.csv`);
  const t0 = Date.now();
  await LEDGERS[name](ledger, { events, wallets: 25, assets: 50, seed: 20250101 });
  console.log(`\n${name} ledger: ${events} events, 25 wallets, 50 assets, ${(statSync(ledger).size / 1e6).toFixed(1)} MB, written in ${Date.now() - t0} ms`);
  const run = (script: string, ...args: string[]): Pass =>
    JSON.parse(execFileSync(process.execPath, ["--import", "tsx", path.join(__dirname, script), ledger, ...args], { encoding: "utf8", maxBuffer: 1 << 20 }));
  const json = path.join(dir, `${name}-gains.json`);
  const floor = run("floor.ts");
  const bare = run("pass.ts", "fifo", "nowash");
  const full = run("pass.ts", "hifo", "wash", json);
  const jsonMb = statSync(json).size / 1e6;
  rmSync(json, { force: true });
  const time = (p: Pass) => `${(p.cpuMs / 1000).toFixed(2)} s CPU, ${(p.ms / 1000).toFixed(2)} s wall`;
  const ratio = (p: Pass) => `${(p.cpuMs / floor.cpuMs).toFixed(2)}x CPU, ${(p.ms / floor.ms).toFixed(2)}x wall`;
  console.log(`floor: minimal FIFO matcher (parse + one queue per wallet and asset): ${time(floor)}, ${floor.rows} lot matches, peak RSS ${floor.maxRssMb.toFixed(0)} MB`);
  console.log(`engine FIFO, no output:               ${time(bare)} = ${ratio(bare)} the floor, ${bare.rows} rows, peak RSS ${bare.maxRssMb.toFixed(0)} MB`);
  console.log(`engine HIFO + wash sales + full JSON: ${time(full)} = ${ratio(full)} the floor, ${full.rows} rows (${full.washed} washed), JSON ${jsonMb.toFixed(1)} MB, peak RSS ${full.maxRssMb.toFixed(0)} MB`);
  if (bare.gain !== floor.gain) throw new Error(`${name}: the floor's total FIFO gain ${floor.gain} differs from the engine's ${bare.gain} (1e-12 USD)`);
  console.log(`floor and engine FIFO agree on the total gain to the 1e-12 dollar; wash-sale chains multiply the 8949 rows by ${(full.rows / bare.rows).toFixed(2)}`);
  const r = full.cpuMs / floor.cpuMs;
  const verdict = r <= AIM_RATIO ? "aim met" : r <= GOAL_RATIO ? "goal met" : "goal NOT met";
  console.log(
    `${name}: full pass ${r.toFixed(2)}x the floor in CPU (${(full.ms / floor.ms).toFixed(2)}x wall): goal <= ${GOAL_RATIO}x, aim ${AIM_RATIO}x: ${verdict}; ` +
      `peak RSS ${full.maxRssMb.toFixed(0)} MB (goal <= ${GOAL_RSS_MB} MB: ${full.maxRssMb <= GOAL_RSS_MB ? "met" : "NOT met"})`,
  );
}

async function main() {
  const events = Number(process.env.BENCH_EVENTS ?? 400_000);
  const only = process.env.BENCH_LEDGER;
  if (only !== undefined && !(only in LEDGERS)) throw new Error(`BENCH_LEDGER: "${only}" is not ${Object.keys(LEDGERS).join(" or ")}`);
  const holding = process.env.BENCH_WASH_HOLDING_PERIOD;
  if (holding !== undefined && !(WASH_HOLDING_PERIODS as readonly string[]).includes(holding)) {
    throw new Error(`BENCH_WASH_HOLDING_PERIOD: "${holding}" is not ${WASH_HOLDING_PERIODS.join(" or ")}`);
  }
  console.log(`wash-sale holding period: ${holding ?? "tacking (the default)"}`);
  console.log(`load average ${os.loadavg().map((x) => x.toFixed(2)).join(" ")} on ${os.cpus().length} CPUs`);
  const dir = mkdtempSync(path.join(os.tmpdir(), "lotgraph-tax-bench-"));
  try {
    for (const name of only ? [only] : Object.keys(LEDGERS)) await benchLedger(name, dir, events);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
main();

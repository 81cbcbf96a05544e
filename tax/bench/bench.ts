// npm run bench -w tax: HIFO + wash sales + full JSON output against a bare FIFO pass, same ledger.
//
// Two synthetic ledgers of the same size (400,000 events, 25 wallets, 50 assets; BENCH_EVENTS to change):
// - portfolio (portfolioLedger.ts): vaults holding baskets at target weights that rebalance, harvest
//   yield and take deposits and withdrawals under trending prices — the shape of lotgraph's own ledgers;
// - random-walk (syntheticLedger.ts): every wallet trades every asset at random under random-walk
//   prices, the first benchmark ledger, kept for comparison.
// BENCH_LEDGER=portfolio or random-walk runs one of them only. Each pass runs in its own process (its
// peak RSS is its own); wall time is the goal's measure, CPU time (user + system) is printed too because
// the machine may be shared (the load average is printed first).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
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
  washed: number;
  maxRssMb: number;
}

async function benchLedger(name: string, dir: string, events: number): Promise<void> {
  const ledger = path.join(dir, `${name}.csv`);
  const t0 = Date.now();
  await LEDGERS[name](ledger, { events, wallets: 25, assets: 50, seed: 20250101 });
  console.log(`\n${name} ledger: ${events} events, 25 wallets, 50 assets, ${(statSync(ledger).size / 1e6).toFixed(1)} MB, written in ${Date.now() - t0} ms`);
  const pass = (...args: string[]): Pass =>
    JSON.parse(execFileSync(process.execPath, ["--import", "tsx", path.join(__dirname, "pass.ts"), ledger, ...args], { encoding: "utf8", maxBuffer: 1 << 20 }));
  const json = path.join(dir, `${name}-gains.json`);
  const bare = pass("fifo", "nowash");
  const full = pass("hifo", "wash", json);
  const cpu = (p: Pass) => `${(p.cpuMs / 1000).toFixed(1)} s CPU`;
  console.log(`bare FIFO pass (parse + match):            ${bare.ms.toFixed(0)} ms (${cpu(bare)}), ${bare.rows} rows, peak RSS ${bare.maxRssMb.toFixed(0)} MB`);
  console.log(
    `HIFO + wash sales + full JSON output:      ${full.ms.toFixed(0)} ms (${cpu(full)}), ${full.rows} rows (${full.washed} washed), JSON ${(statSync(json).size / 1e6).toFixed(1)} MB, peak RSS ${full.maxRssMb.toFixed(0)} MB`,
  );
  rmSync(json, { force: true });
  console.log(`wash-sale chains multiply the 8949 rows by ${(full.rows / bare.rows).toFixed(2)} (every washed loss re-enters a replacement lot's basis)`);
  const peak = Math.max(bare.maxRssMb, full.maxRssMb);
  console.log(`${name}: ratio ${(full.ms / bare.ms).toFixed(2)}x wall, ${(full.cpuMs / bare.cpuMs).toFixed(2)}x CPU (goal <= 4x); peak RSS ${peak.toFixed(0)} MB (goal <= 1536 MB)`);
}

async function main() {
  const events = Number(process.env.BENCH_EVENTS ?? 400_000);
  const only = process.env.BENCH_LEDGER;
  if (only !== undefined && !(only in LEDGERS)) throw new Error(`BENCH_LEDGER: "${only}" is not ${Object.keys(LEDGERS).join(" or ")}`);
  console.log(`load average ${os.loadavg().map((x) => x.toFixed(2)).join(" ")} on ${os.cpus().length} CPUs`);
  const dir = mkdtempSync(path.join(os.tmpdir(), "lotgraph-tax-bench-"));
  try {
    for (const name of only ? [only] : Object.keys(LEDGERS)) await benchLedger(name, dir, events);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
main();

// npm run bench -w tax: HIFO + wash sales + full JSON output against a bare FIFO pass, same ledger.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { writeSyntheticLedger } from "./syntheticLedger";

async function main() {
  const events = Number(process.env.BENCH_EVENTS ?? 400_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), "lotgraph-tax-bench-"));
  try {
    const ledger = path.join(dir, "ledger.csv");
    const t0 = Date.now();
    await writeSyntheticLedger(ledger, { events, wallets: 25, assets: 50, seed: 20250101 });
    console.log(`ledger: ${events} events, 25 wallets, 50 assets, ${(statSync(ledger).size / 1e6).toFixed(1)} MB, written in ${Date.now() - t0} ms`);
    const pass = (...args: string[]) =>
      JSON.parse(execFileSync(process.execPath, ["--import", "tsx", path.join(__dirname, "pass.ts"), ledger, ...args], { encoding: "utf8", maxBuffer: 1 << 20 }));
    const bare = pass("fifo", "nowash");
    const full = pass("hifo", "wash", path.join(dir, "gains.json"));
    console.log(`bare FIFO pass (parse + match):            ${bare.ms.toFixed(0)} ms, ${bare.rows} rows, peak RSS ${bare.maxRssMb.toFixed(0)} MB`);
    console.log(`HIFO + wash sales + full JSON output:      ${full.ms.toFixed(0)} ms, ${full.rows} rows (${full.washed} washed), JSON ${(statSync(path.join(dir, "gains.json")).size / 1e6).toFixed(1)} MB, peak RSS ${full.maxRssMb.toFixed(0)} MB`);
    console.log(`wash-sale chains multiply the 8949 rows by ${(full.rows / bare.rows).toFixed(2)} (every washed loss re-enters a replacement lot's basis)`);
    const ratio = full.ms / bare.ms;
    const peak = Math.max(bare.maxRssMb, full.maxRssMb);
    console.log(`ratio: ${ratio.toFixed(2)}x (goal <= 4x); peak RSS: ${peak.toFixed(0)} MB (goal <= 1536 MB)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
main();

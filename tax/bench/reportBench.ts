// npm run bench:report -w tax: the full report set of one tax year against `tax gains --method fifo
// --format csv`, on the same random-walk ledger (syntheticLedger.ts; 3,000,000 events, 25 wallets,
// 50 assets, fixed seed; BENCH_EVENTS to change). Each command runs in its own process; wall time is the
// goal's measure, CPU time and peak RSS are printed too (the load average first: the machine may be shared).
// Goal: report ≤ 2× the gains CSV's wall time, peak RSS ≤ 2 GB.
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { writeSyntheticLedger } from "./syntheticLedger";

interface Figures {
  ms: number;
  cpuMs: number;
  maxRssMb: number;
}

function pass(args: string[], stdoutFile: string): Figures {
  const fd = openSync(stdoutFile, "w");
  try {
    // a larger young generation, as the CLI's users may set; the same for both commands
    const r = spawnSync(process.execPath, ["--max-old-space-size=4096", "--import", "tsx", path.join(__dirname, "reportPass.ts"), ...args], { stdio: ["ignore", fd, "pipe"], encoding: "utf8", maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`${args.join(" ")} failed (${r.status}):\n${r.stderr}`);
    const last = r.stderr.trim().split("\n").pop() as string;
    return JSON.parse(last) as Figures;
  } finally {
    closeSync(fd);
  }
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

async function main() {
  const events = Number(process.env.BENCH_EVENTS ?? 3_000_000);
  const year = "2024";
  console.log(`load average ${os.loadavg().map((x) => x.toFixed(2)).join(" ")} on ${os.cpus().length} CPUs`);
  const dir = mkdtempSync(path.join(os.tmpdir(), "lotgraph-report-bench-"));
  try {
    const ledger = path.join(dir, "random-walk.csv");
    const t0 = Date.now();
    await writeSyntheticLedger(ledger, { events, wallets: 25, assets: 50, seed: 20250101 });
    console.log(`random-walk ledger: ${events} events (2022–2024), 25 wallets, 50 assets, ${mb(statSync(ledger).size)}, written in ${Date.now() - t0} ms`);
    const gainsCsv = path.join(dir, "gains.csv");
    const gains = pass(["gains", ledger], gainsCsv);
    console.log(`tax gains --method fifo --format csv:   ${gains.ms.toFixed(0)} ms (${(gains.cpuMs / 1000).toFixed(1)} s CPU), peak RSS ${gains.maxRssMb.toFixed(0)} MB, CSV ${mb(statSync(gainsCsv).size)}`);
    rmSync(gainsCsv);
    const out = path.join(dir, "reports");
    const report = pass(["report", ledger, year, out], path.join(dir, "report.stdout"));
    const names = readdirSync(out).sort();
    const turbo = names.filter((f) => f.startsWith("turbotax-"));
    const size = (fs: string[]) => fs.reduce((a, f) => a + statSync(path.join(out, f)).size, 0);
    const files = names.filter((f) => !f.startsWith("turbotax-")).map((f) => `${f} ${mb(size([f]))}`);
    files.push(`${turbo.length} TurboTax file(s) ${mb(size(turbo))}`);
    console.log(`tax report --year ${year} (fifo), every file: ${report.ms.toFixed(0)} ms (${(report.cpuMs / 1000).toFixed(1)} s CPU), peak RSS ${report.maxRssMb.toFixed(0)} MB`);
    console.log(`  ${files.join(", ")}`);
    const summary = JSON.parse(require("node:fs").readFileSync(path.join(out, `summary-${year}.json`), "utf8"));
    console.log(`  Form 8949: ${summary.form8949.rows} rows, route: ${summary.form8949.route}; TurboTax: ${summary.turbotax.files.length} files`);
    const peak = Math.max(gains.maxRssMb, report.maxRssMb);
    console.log(`report / gains CSV: ${(report.ms / gains.ms).toFixed(2)}x wall, ${(report.cpuMs / gains.cpuMs).toFixed(2)}x CPU (goal <= 2x); report peak RSS ${report.maxRssMb.toFixed(0)} MB (goal <= 2048 MB); largest peak ${peak.toFixed(0)} MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
main();

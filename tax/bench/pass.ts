// One timed pass in its own process, so its peak memory is its own. Prints a JSON line.
import { closeSync, openSync } from "node:fs";
import { computeGains } from "../src/engine/engine";
import { boundHeapGrowth } from "../src/heapGrowth";
import type { Method, WashHoldingPeriod } from "../src/engine/model";
import { CsvLedgerSource } from "../src/ledger/csvLedger";
import { streamGainsJson } from "../src/output/gainsJson";
import { SyncWriter } from "../src/output/syncWriter";

async function main() {
  const [file, method, wash, outFile] = process.argv.slice(2);
  boundHeapGrowth(); // as the gains command does
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const events = await new CsvLedgerSource(file).read();
  const washHoldingPeriod = process.env.BENCH_WASH_HOLDING_PERIOD as WashHoldingPeriod | undefined;
  const options = { method: method as Method, washSales: wash === "wash", washHoldingPeriod };
  let rows = 0;
  let washed = 0;
  let gain = 0n;
  if (outFile) {
    const fd = openSync(outFile, "w");
    const out = new SyncWriter(fd);
    const streamed = streamGainsJson(events, options, undefined, out);
    rows = streamed.rows;
    washed = streamed.washedRows;
    out.flush();
    closeSync(fd);
  } else {
    const result = computeGains(events, options);
    rows = result.disposals.length;
    for (const row of result.disposals) gain += row.proceeds - row.costBasis;
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, rows, washed, gain: gain.toString(), maxRssMb: process.resourceUsage().maxRSS / 1024 }) + "\n");
}
main();

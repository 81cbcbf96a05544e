// One timed pass in its own process, so its peak memory is its own. Prints a JSON line.
import { createWriteStream } from "node:fs";
import { computeGains } from "../src/engine/engine";
import type { Method } from "../src/engine/model";
import { CsvLedgerSource } from "../src/ledger/csvLedger";
import { gainsJsonChunks } from "../src/output/gainsJson";

async function main() {
  const [file, method, wash, outFile] = process.argv.slice(2);
  const t0 = process.hrtime.bigint();
  const events = await new CsvLedgerSource(file).read();
  const result = computeGains(events, { method: method as Method, washSales: wash === "wash" });
  let rows = result.disposals.length;
  if (outFile) {
    const out = createWriteStream(outFile);
    let buf = "";
    for (const c of gainsJsonChunks(result)) {
      buf += c;
      if (buf.length > 1 << 20) {
        if (!out.write(buf)) await new Promise<void>((r) => out.once("drain", () => r()));
        buf = "";
      }
    }
    out.write(buf);
    await new Promise<void>((r) => out.end(() => r()));
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const washed = result.disposals.filter((d) => d.adjustment > 0n).length;
  process.stdout.write(JSON.stringify({ ms, rows, washed, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + "\n");
}
main();

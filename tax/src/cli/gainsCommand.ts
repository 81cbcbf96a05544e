import { computeGains } from "../engine/engine";
import type { DisposalRow } from "../engine/model";
import { InputError } from "../errors";
import { boundHeapGrowth } from "../heapGrowth";
import { filterYear, streamGainsJson } from "../output/gainsJson";
import { SyncWriter } from "../output/syncWriter";
import { gainsCsvChunks, gainsTable } from "../output/gainsText";
import { engineOptions, noteIfYearEmpty, parseYear, type CommonOptions } from "./options";
import { readLedger, type SourceOptions } from "./source";

export interface GainsCommandOptions extends CommonOptions, SourceOptions {
  format: string;
}

async function writeChunks(chunks: Iterable<string>): Promise<void> {
  let buf = "";
  for (const c of chunks) {
    buf += c;
    if (buf.length > 1 << 16) {
      if (!process.stdout.write(buf)) await new Promise((r) => process.stdout.once("drain", r));
      buf = "";
    }
  }
  if (buf) process.stdout.write(buf);
}

export async function runGainsCommand(opts: GainsCommandOptions): Promise<void> {
  const options = engineOptions(opts, opts.db !== undefined && opts.db !== false);
  const year = parseYear(opts.year);
  const format = String(opts.format).toLowerCase();
  if (!["json", "csv", "table"].includes(format)) throw new InputError(`--format: "${opts.format}" is not json, csv or table`);
  boundHeapGrowth();
  const events = await readLedger(opts);
  if (format === "json") {
    // streamed: large ledgers produce millions of rows
    const out = new SyncWriter(1);
    const streamed = streamGainsJson(events, { ...options, onMissingBasis: warnMissingBasis }, year, out);
    out.flush();
    noteIfYearEmpty(year, streamed.rows, streamed.result.income.length);
    return;
  }
  const result = filterYear(computeGains(events, { ...options, onMissingBasis: warnMissingBasis }), year);
  noteIfYearEmpty(year, result.disposals.length, result.income.length);
  if (format === "csv") await writeChunks(gainsCsvChunks(result));
  else await writeChunks([gainsTable(result)]);
}

function warnMissingBasis(d: DisposalRow): void {
  process.stderr.write(`lotgraph: warning: ${d.source ? `${d.source.file} row ${d.source.line}` : d.tx.raw}: wallet ${d.wallet}, asset ${d.asset}: reported at zero basis (missing basis)\n`);
}

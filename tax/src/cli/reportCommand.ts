import { expandBridges } from "../engine/bridges";
import { chainsOf, chronological, TaxEngine } from "../engine/engine";
import type { DisposalRow } from "../engine/model";
import { InputError } from "../errors";
import { filterYear, gainsJson } from "../output/gainsJson";
import { OutputDir } from "../reports/outputDir";
import { DEFAULT_REPORT_SETTINGS, ReportSetWriter } from "../reports/reportSet";
import { pushWebhook } from "../reports/webhook";
import { engineOptions, noteIfYearEmpty, parseYear, type CommonOptions } from "./options";
import { lpReadingOption, readLedger, type SourceOptions } from "./source";

export interface ReportCommandOptions extends CommonOptions, SourceOptions {
  out: string;
  webhook?: string;
  maxFormRows?: string;
  turbotaxMaxRows?: string;
  taxpayerName?: string;
  taxpayerId?: string;
}

function positiveInt(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^[1-9]\d{0,8}$/.test(text)) throw new InputError(`${name}: "${text}" is not a positive whole number`);
  return Number(text);
}

/**
 * `lotgraph tax report`: checks the options, reads the ledger, prepares --out (created and probed before
 * any work), then runs the engine once, streaming each disposal row of the year into the report files;
 * the files appear together when all are written, and any failure leaves nothing behind.
 */
export async function runReportCommand(opts: ReportCommandOptions): Promise<void> {
  const options = engineOptions(opts, opts.db !== undefined && opts.db !== false);
  const year = parseYear(opts.year) as number;
  if (opts.webhook !== undefined && !/^https?:\/\//.test(opts.webhook)) throw new InputError(`--webhook: "${opts.webhook}" is not an http(s) URL`);
  const settings = {
    maxFormRows: positiveInt("--max-form-rows", opts.maxFormRows, DEFAULT_REPORT_SETTINGS.maxFormRows),
    turboTaxMaxRows: positiveInt("--turbotax-max-rows", opts.turbotaxMaxRows, DEFAULT_REPORT_SETTINGS.turboTaxMaxRows),
    taxpayer: { name: opts.taxpayerName, tin: opts.taxpayerId },
    // the indexed store's liquidity entries and exits follow a reading; the summary names it
    lpReading: opts.db !== undefined && opts.db !== false ? lpReadingOption(opts) : undefined,
  };
  // the engine's order (bridges expanded), so each row's eventIndex names its event in the exports
  const events = expandBridges(chronological(await readLedger(opts)), options.bridgedTokens ?? "transfer");
  const dir = OutputDir.prepare(opts.out);
  let written: string[];
  let payload: Record<string, unknown> | undefined;
  try {
    const writer = new ReportSetWriter(dir, year, settings, chainsOf(events));
    // rows are kept only for a webhook, whose payload carries them
    const kept: DisposalRow[] | undefined = opts.webhook ? [] : undefined;
    const result = new TaxEngine(options).run(events, (row) => {
      writer.disposal(row);
      kept?.push(row);
    });
    const summary = await writer.finish(events, result);
    const f = summary.form8949 as { rows: number };
    noteIfYearEmpty(year, f.rows, (summary.income as { rows: number }).rows);
    if (kept) payload = { ...summary, gains: gainsJson(filterYear({ ...result, disposals: kept }, year)) };
    written = dir.commit();
  } catch (err) {
    dir.abort();
    throw err;
  }
  for (const f of written) process.stdout.write(`${f}\n`);
  if (opts.webhook && payload) {
    const sent = await pushWebhook(opts.webhook, payload);
    process.stdout.write(`webhook: delivered (HTTP ${sent.status}, attempt ${sent.attempts}, idempotency key ${sent.key})\n`);
  }
}

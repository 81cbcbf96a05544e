import { computeGains, chronological } from "../engine/engine";
import { writeFilesAtomically } from "../reports/atomicWrite";
import { buildReports } from "../reports/buildReports";
import { pushWebhook } from "../reports/webhook";
import { InputError } from "../errors";
import { engineOptions, parseYear, type CommonOptions } from "./options";
import { readLedger, type SourceOptions } from "./source";

export interface ReportCommandOptions extends CommonOptions, SourceOptions {
  out: string;
  webhook?: string;
}

export async function runReportCommand(opts: ReportCommandOptions): Promise<void> {
  const options = engineOptions(opts);
  const year = parseYear(opts.year) as number;
  if (opts.webhook !== undefined && !/^https?:\/\//.test(opts.webhook)) throw new InputError(`--webhook: "${opts.webhook}" is not an http(s) URL`);
  const events = chronological(await readLedger(opts));
  const result = computeGains(events, options);
  const reports = await buildReports(events, result, year);
  const written = writeFilesAtomically(opts.out, reports.files);
  for (const f of written) process.stdout.write(`${f}\n`);
  if (opts.webhook) {
    const sent = await pushWebhook(opts.webhook, reports.payload);
    process.stdout.write(`webhook: delivered (HTTP ${sent.status}, attempt ${sent.attempts}, idempotency key ${sent.key})\n`);
  }
}

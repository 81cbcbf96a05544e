import { expandBridges } from "../engine/bridges";
import { chainsOf, chronological } from "../engine/engine";
import type { GainsResult, LedgerEvent } from "../engine/model";
import { filterYear, gainsJson } from "../output/gainsJson";
import { MemoryOutput } from "./outputDir";
import { DEFAULT_REPORT_SETTINGS, type ReportSettings, ReportSetWriter } from "./reportSet";

export interface ReportSet {
  files: Map<string, string | Buffer>;
  /** what a webhook receives */
  payload: Record<string, unknown>;
}

/**
 * Builds every report of one tax year in memory from a full-ledger run (wash sales and lots need the
 * whole history; the year only selects rows), for callers that keep small report sets (the main job,
 * tests). The CLI streams the same writer into files instead.
 */
export async function buildReports(events: readonly LedgerEvent[], full: GainsResult, year: number, settings: Partial<ReportSettings> = {}): Promise<ReportSet> {
  const out = new MemoryOutput();
  const writer = new ReportSetWriter(out, year, { ...DEFAULT_REPORT_SETTINGS, ...settings }, chainsOf(events));
  for (const row of full.disposals) writer.disposal(row);
  // the engine's order: chronological, bridges expanded into the sales and transfers it ran
  const summary = await writer.finish(expandBridges(chronological(events), full.options.bridgedTokens), full);
  return { files: out.files, payload: { ...summary, gains: gainsJson(filterYear(full, year)) } };
}

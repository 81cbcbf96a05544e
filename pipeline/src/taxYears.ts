import path from "node:path";
import {
  chronological,
  computeGains,
  formatCents,
  formatDay,
  formatQuantity,
  formatUsd,
  type DisposalRow,
  type GainsResult,
  type LedgerEvent,
} from "@lotgraph/tax";
import { buildReports } from "@lotgraph/tax/src/reports/buildReports";
import { writeFilesAtomically } from "@lotgraph/tax/src/reports/atomicWrite";
import { StoreLedgerSource } from "@lotgraph/tax/src/ledger/storeLedger";
import type { LpReading } from "@lotgraph/tax/src/ledger/liquidity/reading";

export interface TaxRun {
  events: LedgerEvent[];
  /** the law as it stands for crypto: no wash-sale rule */
  result: GainsResult;
  /** the same ledger with §1091 applied, as a what-if */
  washed: GainsResult;
  /** the law as it stands with HIFO for every sale, ignoring the lots the chain recorded (what the lot choice saved is measured against it) */
  hifo: GainsResult;
  notes: string[];
  /** how the liquidity manager's entries and exits were taxed (the store's default reading) */
  lpReading: LpReading;
}

/**
 * Reads the indexer's store as a ledger and runs the engine (per wallet) with and without wash sales: by
 * default specific identification where the chain recorded the sale's lots (LotsIdentified), HIFO otherwise.
 */
export async function runTax(storeFile: string, method: "fifo" | "lifo" | "hifo" | "specific" = "specific"): Promise<TaxRun> {
  // The audit trail names the store by its file name, not its absolute path: the same on every machine and run.
  const source = new StoreLedgerSource({ file: storeFile, label: path.basename(storeFile) });
  const events = chronological(await source.read());
  const base = { method, specificFallback: "hifo" as const, pooling: "wallet" as const, allowMissingBasis: false };
  return {
    events,
    result: computeGains(events, { ...base, washSales: false }),
    washed: computeGains(events, { ...base, washSales: true }),
    hifo: computeGains(events, { ...base, method: "hifo", washSales: false }),
    notes: source.notes.map((n) => `${n.entity} ${n.id}: ${n.message}`),
    lpReading: source.lpReading,
  };
}

/** Writes every report of `year` into `<outDir>/<year>/` (atomically) and returns the paths. */
export async function writeTaxReports(run: TaxRun, year: number, outDir: string): Promise<string[]> {
  // each year's summary names the reading the liquidity manager's entries and exits were taxed under
  const reports = await buildReports(run.events, run.result, year, { lpReading: run.lpReading });
  return writeFilesAtomically(path.join(outDir, String(year)), reports.files);
}

export const yearOf = (day: number) => Number(formatDay(day).slice(0, 4));

export function disposalsIn(result: GainsResult, year: number): DisposalRow[] {
  return result.disposals.filter((d) => yearOf(d.soldDay) === year);
}

/** gain = proceeds − basis + adjustment (Form 8949 column h), in 1e-12 USD */
export const gainOf = (d: DisposalRow) => d.proceeds - d.costBasis + d.adjustment;

export const money = {
  usd: formatUsd,
  cents: formatCents,
  quantity: formatQuantity,
};

/** The year's sales by how their lots were chosen: named on chain at the sale (specific ID) or by the fallback (HIFO). */
export function lotChoiceCounts(rows: readonly DisposalRow[]): { specific: number; hifo: number } {
  const identified = new Map<string, boolean>();
  for (const d of rows) {
    const named = d.lots.some((m) => m.identifiedAt !== undefined);
    identified.set(d.tx.raw, (identified.get(d.tx.raw) ?? false) || named);
  }
  let specific = 0;
  for (const named of identified.values()) if (named) specific++;
  return { specific, hifo: identified.size - specific };
}

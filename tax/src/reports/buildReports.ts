import { formatCents, formatUsd } from "../engine/fixed";
import type { GainsResult, LedgerEvent } from "../engine/model";
import { filterYear, gainsJson } from "../output/gainsJson";
import { NOT_TAX_ADVICE } from "../output/gainsText";
import { auditTrailCsv, coinTrackingCsv, form8949Csv, incomeCsv, scheduleDCsv, tokenTaxCsv, turboTaxCsv } from "./csvReports";
import { form8949Lines, scheduleD, sumTerm } from "./form8949";
import { form8949Pdf } from "./pdf8949";

export interface ReportSet {
  files: Map<string, string | Buffer>;
  /** what a webhook receives */
  payload: Record<string, unknown>;
}

/**
 * Builds every report of one tax year from a full-ledger run (wash sales and lots need the whole
 * history; the year only selects rows). Nothing is written here.
 */
export async function buildReports(events: readonly LedgerEvent[], full: GainsResult, year: number): Promise<ReportSet> {
  const result = filterYear(full, year);
  const lines = form8949Lines(result.disposals);
  const totals = scheduleD(lines);
  const files = new Map<string, string | Buffer>();
  files.set(`form8949-${year}.csv`, form8949Csv(lines));
  files.set(`form8949-${year}.pdf`, await form8949Pdf(lines, totals, year));
  files.set(`schedule-d-${year}.csv`, scheduleDCsv(totals));
  files.set(`income-${year}.csv`, incomeCsv(result));
  files.set(`turbotax-${year}.csv`, turboTaxCsv(lines));
  files.set(`cointracking-${year}.csv`, coinTrackingCsv(events, year));
  files.set(`tokentax-${year}.csv`, tokenTaxCsv(events, year));
  files.set(`audit-trail-${year}.csv`, auditTrailCsv(lines));
  const short = sumTerm(totals, "short");
  const long = sumTerm(totals, "long");
  const incomeTotal = result.income.reduce((a, i) => a + i.value, 0n);
  const summary = {
    disclaimer: NOT_TAX_ADVICE,
    taxYear: year,
    method: full.options.method,
    washSales: full.options.washSales,
    pooling: full.options.pooling,
    scheduleD: {
      boxes: totals.map((t) => ({ box: t.box, term: t.term, rows: t.rows, proceeds: formatCents(t.proceeds), costBasis: formatCents(t.costBasis), adjustment: formatCents(t.adjustment), gain: formatCents(t.gain) })),
      shortTermGain: formatCents(short.gain),
      longTermGain: formatCents(long.gain),
      netGain: formatCents(short.gain + long.gain),
    },
    income: { rows: result.income.length, total: formatUsd(incomeTotal) },
    missingBasisRows: result.disposals.filter((d) => d.missingBasis).length,
    notes: [
      "Form 8949 boxes: self-custody transactions are not reported on a Form 1099-DA/1099-B, so boxes I and L (C and F before 2025).",
      "turbotax CSV: its format has no wash-sale column, so each cost basis there is net of the disallowed loss (gain unchanged).",
      "cointracking and tokentax CSVs list every ledger event up to the end of the tax year.",
    ],
  };
  files.set(`summary-${year}.json`, JSON.stringify(summary, null, 2) + "\n");
  return { files, payload: { ...summary, gains: gainsJson(result) } };
}

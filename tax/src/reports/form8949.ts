import { formatDay, yearOfDay } from "../engine/dates";
import { formatQuantity } from "../engine/fixed";
import type { DisposalRow } from "../engine/model";
import { dateAcquiredText, rowCents } from "../output/gainsJson";

/**
 * Form 8949 check boxes. Every transaction here is from self-custody, so none is on a broker
 * statement: from tax year 2025 digital assets use boxes G–L and the ones not reported on a
 * Form 1099-DA are I (short-term) and L (long-term); before 2025 they are C and F.
 */
export function boxFor(term: "short" | "long", taxYear: number): string {
  if (taxYear >= 2025) return term === "short" ? "I" : "L";
  return term === "short" ? "C" : "F";
}

export interface Form8949Line {
  part: "I" | "II";
  box: string;
  description: string;
  dateAcquired: string;
  dateSold: string;
  proceeds: bigint; // cents
  costBasis: bigint;
  code: string;
  adjustment: bigint;
  gain: bigint;
  row: DisposalRow;
}

export function form8949Lines(rows: readonly DisposalRow[]): Form8949Line[] {
  return rows.map((row) => form8949Line(row));
}

/** One Form 8949 row: column (b) is VARIOUS for units sold without basis; code W on a washed row. */
export function form8949Line(row: DisposalRow, taxYear = yearOfDay(row.soldDay)): Form8949Line {
  const c = rowCents(row);
  return {
    part: row.term === "short" ? "I" : "II",
    box: boxFor(row.term, taxYear),
    description: `${formatQuantity(row.quantity)} ${row.asset}${row.missingBasis ? " (basis missing)" : ""}`,
    dateAcquired: dateAcquiredText(row),
    dateSold: formatDay(row.soldDay),
    proceeds: c.proceeds,
    costBasis: c.costBasis,
    code: row.adjustment > 0n ? "W" : "",
    adjustment: c.adjustment,
    gain: c.gain,
    row,
  };
}

export interface ScheduleDTotals {
  box: string;
  term: "short" | "long";
  rows: number;
  proceeds: bigint;
  costBasis: bigint;
  adjustment: bigint;
  gain: bigint;
}

/** Schedule D: totals per Form 8949 box, short-term boxes first. */
export function scheduleD(lines: readonly Form8949Line[]): ScheduleDTotals[] {
  const by = new Map<string, ScheduleDTotals>();
  for (const l of lines) addToTotals(by, l);
  return sortedTotals(by);
}

/** Adds one row to the running totals of its box. */
export function addToTotals(by: Map<string, ScheduleDTotals>, l: Form8949Line): void {
  let t = by.get(l.box);
  if (!t) {
    t = { box: l.box, term: l.part === "I" ? "short" : "long", rows: 0, proceeds: 0n, costBasis: 0n, adjustment: 0n, gain: 0n };
    by.set(l.box, t);
  }
  t.rows++;
  t.proceeds += l.proceeds;
  t.costBasis += l.costBasis;
  t.adjustment += l.adjustment;
  t.gain += l.gain;
}

/** The totals of every box, short-term boxes first. */
export function sortedTotals(by: ReadonlyMap<string, ScheduleDTotals>): ScheduleDTotals[] {
  return [...by.values()].sort((a, b) => (a.term === b.term ? a.box.localeCompare(b.box) : a.term === "short" ? -1 : 1));
}

export function sumTerm(totals: readonly ScheduleDTotals[], term: "short" | "long"): ScheduleDTotals {
  const t: ScheduleDTotals = { box: "all", term, rows: 0, proceeds: 0n, costBasis: 0n, adjustment: 0n, gain: 0n };
  for (const x of totals.filter((x) => x.term === term)) {
    t.rows += x.rows;
    t.proceeds += x.proceeds;
    t.costBasis += x.costBasis;
    t.adjustment += x.adjustment;
    t.gain += x.gain;
  }
  return t;
}

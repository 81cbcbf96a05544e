import { dayOf } from "../engine/dates";
import { formatCents, formatQuantity, formatUsd, toCents } from "../engine/fixed";
import type { DisposalRow, GainsResult, IdentificationShortfall, IncomeRow, LedgerEvent } from "../engine/model";
import { NOT_TAX_ADVICE } from "../output/gainsText";
import {
  AUDIT_HEADER, AUDIT_HEADER_CHAINS, auditTrailRows, COINTRACKING_HEADER, coinTrackingRows, DISCLAIMER_LINE, FORM8949_HEADER, FORM8949_HEADER_CHAINS, form8949CsvRow, INCOME_HEADER,
  INCOME_HEADER_CHAINS, incomeCsvRow,
  incomeCsvTotal, scheduleDCsv, TOKENTAX_HEADER, tokenTaxRows, TURBOTAX_HEADER, turboTaxRow,
} from "./csvReports";
import { addToTotals, form8949Line, type Form8949Line, type ScheduleDTotals, sortedTotals, sumTerm } from "./form8949";
import type { ReportFile, ReportOutput } from "./outputDir";
import { form8949Pdf, type Taxpayer } from "./pdf8949";
import { LP_READING_DESCRIPTIONS, type LpReading } from "../ledger/liquidity/reading";

export interface ReportSettings {
  /**
   * Above this many Form 8949 rows in the year, the PDF follows the instructions' Exception 2: one row
   * per box saying "see attached statement" (code M, totals), the rows being in the attached statement
   * (form8949-YEAR.csv). At or below it, every row is on the form.
   */
  maxFormRows: number;
  /** rows per TurboTax file; more rows are split over numbered files */
  turboTaxMaxRows: number;
  taxpayer: Taxpayer;
  /** the reading liquidity entries and exits were taxed under (a ledger from the indexed store); the summary says it */
  lpReading?: LpReading;
}

export const DEFAULT_REPORT_SETTINGS: ReportSettings = { maxFormRows: 1000, turboTaxMaxRows: 4000, taxpayer: {} };

/**
 * Writes every report of one tax year while the engine runs: each disposal row of the year is formatted
 * and written to the Form 8949 CSV, the audit trail and the TurboTax file as it comes (nothing grows with
 * the number of rows but the totals and, up to maxFormRows, the rows the PDF shows). finish() then
 * writes what needs the whole year: income, the CoinTracking / TokenTax event exports, Schedule D,
 * the PDF and the summary.
 */
export class ReportSetWriter {
  private readonly form8949: ReportFile;
  private readonly audit: ReportFile;
  private turbo: ReportFile;
  private turboParts = 1;
  private turboRows = 0;
  private readonly totals = new Map<string, ScheduleDTotals>();
  private formLines: Form8949Line[] | undefined = [];
  private rows = 0;
  private washedRows = 0;
  private readonly missingBasisSales = new Set<number>();
  private missingBasisRows = 0;
  /** the tax year as day numbers [firstDay, endDay) and its end as epoch ms */
  private readonly firstDay: number;
  private readonly endDay: number;
  private readonly endTime: number;
  /** the ledger spans more than one chain: rows show their chain (see csvReports.ts) */
  private readonly withChain: boolean;

  /** @param chains the chain ids of the ledger (chainsOf): with more than one, every row shows its chain */
  constructor(
    private readonly out: ReportOutput,
    readonly year: number,
    private readonly settings: ReportSettings = DEFAULT_REPORT_SETTINGS,
    private readonly chains: readonly number[] = [],
  ) {
    this.withChain = chains.length > 1;
    this.firstDay = dayOf(year, 1, 1);
    this.endDay = dayOf(year + 1, 1, 1);
    this.endTime = Date.UTC(year + 1, 0, 1);
    this.form8949 = out.open(`form8949-${year}.csv`);
    this.form8949.write(DISCLAIMER_LINE + (this.withChain ? FORM8949_HEADER_CHAINS : FORM8949_HEADER));
    this.audit = out.open(`audit-trail-${year}.csv`);
    this.audit.write(DISCLAIMER_LINE + (this.withChain ? AUDIT_HEADER_CHAINS : AUDIT_HEADER));
    this.turbo = out.open(this.turboName(1));
    this.turbo.write(TURBOTAX_HEADER);
  }

  private turboName(part: number): string {
    return `turbotax-${this.year}-part${part}.csv`;
  }

  /** One disposal row from the engine (rows of other years are skipped). */
  disposal(row: DisposalRow): void {
    if (row.soldDay < this.firstDay || row.soldDay >= this.endDay) return;
    const line = form8949Line(row, this.year);
    this.rows++;
    if (row.adjustment > 0n) this.washedRows++;
    if (row.missingBasis) {
      this.missingBasisRows++;
      this.missingBasisSales.add(row.eventIndex);
    }
    addToTotals(this.totals, line);
    this.form8949.write(form8949CsvRow(line, this.withChain));
    this.audit.write(auditTrailRows(line, this.rows, this.withChain));
    if (this.turboRows === this.settings.turboTaxMaxRows) {
      this.turbo = this.out.open(this.turboName(++this.turboParts));
      this.turbo.write(TURBOTAX_HEADER);
      this.turboRows = 0;
    }
    this.turbo.write(turboTaxRow(line));
    this.turboRows++;
    if (this.formLines) {
      if (this.formLines.length < this.settings.maxFormRows) this.formLines.push(line);
      else this.formLines = undefined; // too many for the form: Exception 2
    }
  }

  /**
   * Writes the rest. `events` are the ledger's events in the engine's order (chronological, bridges
   * expanded: expandBridges), so a disposal row's eventIndex names its event; `result` is the engine's
   * result (its income and options).
   */
  async finish(events: readonly LedgerEvent[], result: GainsResult): Promise<Record<string, unknown>> {
    const year = this.year;
    if (this.turboParts === 1) this.out.rename(this.turboName(1), `turbotax-${year}.csv`);
    const income = this.writeIncome(result.income);
    this.writeEventExports(events);
    const totals = sortedTotals(this.totals);
    this.out.open(`schedule-d-${year}.csv`).write(scheduleDCsv(totals));
    const statement = this.formLines === undefined;
    const pdf = await form8949Pdf(this.formLines ?? [], totals, year, { taxpayer: this.settings.taxpayer, statement });
    this.out.open(`form8949-${year}.pdf`).writeBytes(pdf);
    const summary = this.summary(result, totals, income, statement);
    this.out.open(`summary-${year}.json`).write(JSON.stringify(summary, null, 2) + "\n");
    return summary;
  }

  private writeIncome(all: readonly IncomeRow[]): { rows: number; total: bigint } {
    const f = this.out.open(`income-${this.year}.csv`);
    f.write(DISCLAIMER_LINE + (this.withChain ? INCOME_HEADER_CHAINS : INCOME_HEADER));
    let rows = 0;
    let total = 0n;
    let totalCents = 0n;
    for (const i of all) {
      if (i.day < this.firstDay || i.day >= this.endDay) continue;
      rows++;
      total += i.value;
      totalCents += toCents(i.value);
      f.write(incomeCsvRow(i, this.withChain));
    }
    f.write(incomeCsvTotal(totalCents, this.withChain));
    return { rows, total };
  }

  /** CoinTracking and TokenTax: every ledger event up to the end of the tax year, transfers included. */
  private writeEventExports(events: readonly LedgerEvent[]): void {
    const ct = this.out.open(`cointracking-${this.year}.csv`);
    const tt = this.out.open(`tokentax-${this.year}.csv`);
    ct.write(COINTRACKING_HEADER);
    tt.write(TOKENTAX_HEADER);
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      if (e.time >= this.endTime) break;
      const missing = this.missingBasisSales.size > 0 && this.missingBasisSales.has(i);
      // the first row's comment carries the disclaimer (the formats have no room for a note of their own)
      ct.write(coinTrackingRows(e, missing, i === 0, this.withChain));
      tt.write(tokenTaxRows(e, missing, i === 0, this.withChain));
    }
  }

  private summary(result: GainsResult, totals: ScheduleDTotals[], income: { rows: number; total: bigint }, statement: boolean): Record<string, unknown> {
    const year = this.year;
    const short = sumTerm(totals, "short");
    const long = sumTerm(totals, "long");
    const o = result.options;
    const turbo = this.turboParts === 1 ? [`turbotax-${year}.csv`] : Array.from({ length: this.turboParts }, (_, k) => this.turboName(k + 1));
    const notes = [
      "Form 8949 boxes: self-custody transactions are not reported on a Form 1099-DA/1099-B, so boxes I and L (C and F before 2025).",
      statement
        ? `Form 8949: ${this.rows} rows are more than ${this.settings.maxFormRows}, so the PDF follows the instructions' Exception 2: one row per box with "see attached statement" in (a), (b) and (c) blank, code M (with W where losses were disallowed) and the box totals; form8949-${year}.csv is the attached statement, with every row in the form's columns.`
        : "Form 8949: every row is on the form (PDF); form8949-" + year + ".csv holds the same rows.",
      `turbotax CSV: its format has no code or adjustment column, so each cost basis there is net of the disallowed loss (gain unchanged; ${this.washedRows} rows with code W in form8949-${year}.csv); rows without basis are named "ASSET (basis missing)" with purchase date VARIOUS. ` +
        (this.turboParts === 1 ? `One file (at most ${this.settings.turboTaxMaxRows} rows per file).` : `Split into ${this.turboParts} files of at most ${this.settings.turboTaxMaxRows} rows: import each.`),
      "cointracking and tokentax CSVs list every ledger event up to the end of the tax year; a transfer between the taxpayer's wallets is a Withdrawal from one and a Deposit into the other.",
      'Units sold without basis (--allow-missing-basis): their date acquired is unknown, so column (b) says VARIOUS (Form 8949 has no code for an unknown date), they are reported short-term at zero basis, and every export marks them "basis missing".',
      ...(this.settings.lpReading ? [LP_READING_DESCRIPTIONS[this.settings.lpReading]] : []),
    ];
    if (this.withChain) notes.push(chainsNote(o.bridgedTokens));
    if (result.identificationShortfalls?.length) notes.push(shortfallNote(result.identificationShortfalls));
    return {
      disclaimer: NOT_TAX_ADVICE,
      taxYear: year,
      method: o.method,
      washSales: o.washSales,
      washHoldingPeriod: o.washHoldingPeriod,
      pooling: o.pooling,
      ...(this.settings.lpReading ? { liquidityReading: this.settings.lpReading } : {}),
      // only for a ledger spanning chains (a one-chain summary is as before)
      ...(this.withChain ? { chains: [...this.chains], bridgedTokens: o.bridgedTokens } : {}),
      scheduleD: {
        boxes: totals.map((t) => ({ box: t.box, term: t.term, rows: t.rows, proceeds: formatCents(t.proceeds), costBasis: formatCents(t.costBasis), adjustment: formatCents(t.adjustment), gain: formatCents(t.gain) })),
        shortTermGain: formatCents(short.gain),
        longTermGain: formatCents(long.gain),
        netGain: formatCents(short.gain + long.gain),
      },
      form8949: {
        rows: this.rows,
        washedRows: this.washedRows,
        route: statement ? "attached statement (Exception 2)" : "every row on the form",
      },
      turbotax: { files: turbo, rowsPerFile: this.settings.turboTaxMaxRows },
      income: { rows: income.rows, total: formatUsd(income.total) },
      missingBasisRows: this.missingBasisRows,
      notes,
    };
  }
}

/** The summary's note on chains (a ledger spanning chains only). */
function chainsNote(rule: string): string {
  return (
    "Chains: a wallet is (chain, address), so the same address on two chains is two wallets with their own lots; every Form 8949 statement, income, audit-trail, CoinTracking and TokenTax row names its chain (TurboTax's CSV and the PDF have no column for it). " +
    "A bridge's fee in the bridged token is a sale of those units at fair market value; " +
    (rule === "transfer"
      ? "the units received are a transfer between the taxpayer's own wallets carrying basis and holding period lot by lot (--bridged-tokens transfer)."
      : "the units received are a sale at fair market value on the source chain and a new acquisition on the destination chain (--bridged-tokens disposal).") +
    " The audit trail links both legs of each bridge (source and destination chain, wallet and tx)."
  );
}

/** The lots sales named on chain that this computation had already relieved, and what became of their units. */
function shortfallNote(shortfalls: readonly IdentificationShortfall[]): string {
  const shown = shortfalls.slice(0, 5).map((s) => `tx ${s.tx} named ${formatQuantity(s.named)} ${s.asset} of lot ${s.lot}, which held ${formatQuantity(s.held)} here`);
  const more = shortfalls.length > shown.length ? `; and ${shortfalls.length - shown.length} more` : "";
  return `Lot identification: ${shortfalls.length} named lot(s) held less in this computation than their sale named (an earlier sale that named no lots had taken them by the default order, which differs with and without the wash-sale rule); the units they no longer held went by the default order: ${shown.join("; ")}${more}.`;
}

import { formatDay } from "../engine/dates";
import { formatCents, formatQuantity, formatUsd } from "../engine/fixed";
import type { IncomeRow, LedgerEvent } from "../engine/model";
import { csvLine } from "../ledger/csv";
import { NOT_TAX_ADVICE } from "../output/gainsText";
import { type Form8949Line, type ScheduleDTotals, sumTerm } from "./form8949";

/**
 * The CSV reports, one row at a time: each function returns the text of one row (or header), so the
 * report writer streams any number of rows to its files.
 */
const c = formatCents;
export const DISCLAIMER_LINE = `# ${NOT_TAX_ADVICE}\n`;

export const FORM8949_HEADER = csvLine(["part", "box", "(a) description", "(b) date acquired", "(c) date sold", "(d) proceeds", "(e) cost or other basis", "(f) code", "(g) adjustment", "(h) gain or (loss)"]);

export function form8949CsvRow(l: Form8949Line): string {
  return csvLine([l.part, l.box, l.description, l.dateAcquired, l.dateSold, c(l.proceeds), c(l.costBasis), l.code, c(l.adjustment), c(l.gain)]);
}

export function scheduleDCsv(totals: readonly ScheduleDTotals[]): string {
  let out = DISCLAIMER_LINE;
  out += csvLine(["part", "form 8949 box", "rows", "proceeds", "cost or other basis", "adjustments", "gain or (loss)"]);
  for (const t of totals) out += csvLine([t.term === "short" ? "I short-term" : "II long-term", t.box, String(t.rows), c(t.proceeds), c(t.costBasis), c(t.adjustment), c(t.gain)]);
  for (const term of ["short", "long"] as const) {
    const t = sumTerm(totals, term);
    out += csvLine([term === "short" ? "I short-term total" : "II long-term total", "", String(t.rows), c(t.proceeds), c(t.costBasis), c(t.adjustment), c(t.gain)]);
  }
  const s = sumTerm(totals, "short");
  const l = sumTerm(totals, "long");
  out += csvLine(["net capital gain or (loss)", "", String(s.rows + l.rows), c(s.proceeds + l.proceeds), c(s.costBasis + l.costBasis), c(s.adjustment + l.adjustment), c(s.gain + l.gain)]);
  return out;
}

export const INCOME_HEADER = csvLine(["date", "wallet", "asset", "quantity", "fair market value (USD)", "classification", "tx"]);

export function incomeCsvRow(i: IncomeRow): string {
  return csvLine([formatDay(i.day), i.wallet, i.asset, formatQuantity(i.quantity), formatUsd(i.value), "ordinary income (rewards / yield)", i.tx.raw]);
}

export function incomeCsvTotal(totalCents: bigint): string {
  return csvLine(["total", "", "", "", c(totalCents), "", ""]);
}

const mdy = (day: number) => {
  const [y, m, d] = formatDay(day).split("-");
  return `${m}/${d}/${y}`;
};

/**
 * TurboTax's crypto gains CSV (Currency Name, Purchase Date, Cost Basis, Date Sold, Proceeds). The format
 * has no code or adjustment column, so a washed row's cost basis is net of the disallowed loss (its gain
 * is the 8949 gain); a row sold without basis is named "ASSET (basis missing)" with purchase date VARIOUS.
 */
export const TURBOTAX_HEADER = csvLine(["Currency Name", "Purchase Date", "Cost Basis", "Date Sold", "Proceeds"]);

export function turboTaxRow(l: Form8949Line): string {
  const r = l.row;
  return csvLine([r.missingBasis ? `${r.asset} (basis missing)` : r.asset, r.missingBasis ? "VARIOUS" : mdy(r.acquiredDay), c(l.costBasis - l.adjustment), mdy(r.soldDay), c(l.proceeds)]);
}

const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");

const MISSING_BASIS_NOTE = "missing basis: sold beyond the open lots, reported at zero basis";

/**
 * CoinTracking's CSV import, one ledger event per row (two for a transfer between the taxpayer's wallets:
 * a Withdrawal from one and a Deposit into the other, so each wallet's balance is what it sold from).
 * Buy/Sell Value in Account Currency carry the USD value (income at fair market value).
 */
export const COINTRACKING_HEADER = csvLine([
  "Type", "Buy Amount", "Buy Currency", "Sell Amount", "Sell Currency", "Fee", "Fee Currency", "Exchange", "Trade-Group", "Comment", "Date", "Tx-ID", "Buy Value in Account Currency", "Sell Value in Account Currency",
]);

export function coinTrackingRows(e: LedgerEvent, missingBasis: boolean): string {
  const usd = formatUsd(e.value);
  const fee = e.fee > 0n ? formatUsd(e.fee) : "";
  const feeCur = fee ? "USD" : "";
  const q = formatQuantity(e.quantity);
  const date = stamp(e.time);
  const comment = (extra: string) => `${extra}tx ${e.tx.raw}; ${NOT_TAX_ADVICE}`;
  switch (e.kind) {
    case "transfer": {
      const note = comment(`transfer between own wallets ${e.wallet} -> ${e.toWallet}; `);
      return (
        csvLine(["Withdrawal", "", "", q, e.asset, "", "", e.wallet, "", note, date, e.tx.raw, "", ""]) +
        csvLine(["Deposit", q, e.asset, "", "", "", "", e.toWallet as string, "", note, date, e.tx.raw, "", ""])
      );
    }
    case "income":
      return csvLine(["Income", q, e.asset, "", "", fee, feeCur, e.wallet, "", comment(""), date, e.tx.raw, usd, ""]);
    case "buy":
    case "deposit":
      return csvLine(["Trade", q, e.asset, usd, "USD", fee, feeCur, e.wallet, "", comment(""), date, e.tx.raw, usd, usd]);
    default:
      return csvLine(["Trade", usd, "USD", q, e.asset, fee, feeCur, e.wallet, "", comment(missingBasis ? `${MISSING_BASIS_NOTE}; ` : ""), date, e.tx.raw, usd, usd]);
  }
}

/** TokenTax's CSV import, one ledger event per row (a transfer: Withdrawal + Deposit, as for CoinTracking). */
export const TOKENTAX_HEADER = csvLine(["Type", "BuyAmount", "BuyCurrency", "SellAmount", "SellCurrency", "FeeAmount", "FeeCurrency", "Exchange", "Group", "Comment", "Date"]);

export function tokenTaxRows(e: LedgerEvent, missingBasis: boolean): string {
  const d = new Date(e.time);
  const date = `${String(d.getUTCMonth() + 1).padStart(2, "0")}/${String(d.getUTCDate()).padStart(2, "0")}/${String(d.getUTCFullYear()).slice(2)} ${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
  const usd = formatUsd(e.value);
  const fee = e.fee > 0n ? formatUsd(e.fee) : "";
  const feeCur = fee ? "USD" : "";
  const q = formatQuantity(e.quantity);
  const comment = (extra: string) => `${extra}tx ${e.tx.raw}; ${NOT_TAX_ADVICE}`;
  switch (e.kind) {
    case "transfer": {
      const note = comment(`transfer between own wallets ${e.wallet} -> ${e.toWallet}; `);
      return csvLine(["Withdrawal", "", "", q, e.asset, "", "", e.wallet, "", note, date]) + csvLine(["Deposit", q, e.asset, "", "", "", "", e.toWallet as string, "", note, date]);
    }
    case "income":
      return csvLine(["Income", q, e.asset, "", "", fee, feeCur, e.wallet, "", comment(`fair market value ${usd} USD; `), date]);
    case "buy":
    case "deposit":
      return csvLine(["Trade", q, e.asset, usd, "USD", fee, feeCur, e.wallet, "", comment(""), date]);
    default:
      return csvLine(["Trade", usd, "USD", q, e.asset, fee, feeCur, e.wallet, "", comment(missingBasis ? `${MISSING_BASIS_NOTE}; ` : ""), date]);
  }
}

/** Each Form 8949 row → the lots it relieved → their transactions (hash, log index), and any wash-sale replacements. */
export const AUDIT_HEADER = csvLine([
  "row", "box", "description", "date sold", "sale tx hash", "sale log index", "sale source", "lot id", "lot wallet", "lot quantity", "lot acquired", "holding period from", "lot basis", "lot proceeds", "disallowed loss", "lot tx hash", "lot log index", "lot source", "wash replacements",
]);

export function auditTrailRows(l: Form8949Line, rowNumber: number): string {
  const r = l.row;
  let out = "";
  for (const m of r.lots) {
    out += csvLine([
      String(rowNumber), l.box, l.description, l.dateSold, r.tx.hash, r.tx.logIndex === undefined ? "" : String(r.tx.logIndex), r.source ? `${r.source.file}:${r.source.line}` : "",
      m.lotId ?? "(missing basis)", m.wallet, formatQuantity(m.quantity), m.missingBasis ? "VARIOUS" : formatDay(m.acquiredDay), m.missingBasis ? "VARIOUS" : formatDay(m.holdingPeriodStartDay),
      formatUsd(m.costBasis), formatUsd(m.proceeds), formatUsd(m.adjustment), m.tx?.hash ?? "", m.tx?.logIndex === undefined ? "" : String(m.tx.logIndex), m.source ? `${m.source.file}:${m.source.line}` : "",
      m.washReplacements.map((w) => `${w.quantity === 0n ? "" : formatQuantity(w.quantity)} of lot ${w.lotId} (${w.wallet}, ${formatDay(w.acquiredDay)}, tx ${w.tx.raw}) +${formatUsd(w.disallowed)}`).join("; "),
    ]);
  }
  return out;
}

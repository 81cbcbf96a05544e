import { formatDay, yearOfDay } from "../engine/dates";
import { formatCents, formatQuantity, formatUsd, toCents } from "../engine/fixed";
import type { GainsResult, LedgerEvent } from "../engine/model";
import { csvLine } from "../ledger/csv";
import { NOT_TAX_ADVICE } from "../output/gainsText";
import { type Form8949Line, type ScheduleDTotals, sumTerm } from "./form8949";

const c = formatCents;
const disclaimer = `# ${NOT_TAX_ADVICE}\n`;

export function form8949Csv(lines: readonly Form8949Line[]): string {
  let out = disclaimer;
  out += csvLine(["part", "box", "(a) description", "(b) date acquired", "(c) date sold", "(d) proceeds", "(e) cost or other basis", "(f) code", "(g) adjustment", "(h) gain or (loss)"]);
  for (const l of lines) out += csvLine([l.part, l.box, l.description, l.dateAcquired, l.dateSold, c(l.proceeds), c(l.costBasis), l.code, c(l.adjustment), c(l.gain)]);
  return out;
}

export function scheduleDCsv(totals: readonly ScheduleDTotals[]): string {
  let out = disclaimer;
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

export function incomeCsv(result: GainsResult): string {
  let out = disclaimer;
  out += csvLine(["date", "wallet", "asset", "quantity", "fair market value (USD)", "classification", "tx"]);
  let total = 0n;
  for (const i of result.income) {
    total += toCents(i.value);
    out += csvLine([formatDay(i.day), i.wallet, i.asset, formatQuantity(i.quantity), formatUsd(i.value), "ordinary income (rewards / yield)", i.tx.raw]);
  }
  out += csvLine(["total", "", "", "", c(total), "", ""]);
  return out;
}

const mdy = (day: number) => {
  const [y, m, d] = formatDay(day).split("-");
  return `${m}/${d}/${y}`;
};

/** TurboTax's generic crypto CSV (Currency Name, Purchase Date, Cost Basis, Date Sold, Proceeds). */
export function turboTaxCsv(lines: readonly Form8949Line[]): string {
  let out = csvLine(["Currency Name", "Purchase Date", "Cost Basis", "Date Sold", "Proceeds"]);
  for (const l of lines) out += csvLine([l.row.asset, mdy(l.row.acquiredDay), c(l.costBasis - l.adjustment), mdy(l.row.soldDay), c(l.proceeds)]);
  return out;
}

const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");

/** CoinTracking's CSV trade import: every ledger event up to the end of the year. */
export function coinTrackingCsv(events: readonly LedgerEvent[], year: number): string {
  let out = csvLine(["Type", "Buy Amount", "Buy Currency", "Sell Amount", "Sell Currency", "Fee", "Fee Currency", "Exchange", "Trade-Group", "Comment", "Date"]);
  for (const e of events) {
    if (yearOfDay(Math.floor(e.time / 86_400_000)) > year) continue;
    if (e.kind === "transfer") continue; // between the taxpayer's own wallets: not a trade
    const usd = formatUsd(e.value);
    const fee = e.fee > 0n ? formatUsd(e.fee) : "";
    const comment = `tx ${e.tx.raw}; ${NOT_TAX_ADVICE}`;
    if (e.kind === "income") out += csvLine(["Income", formatQuantity(e.quantity), e.asset, "", "", fee, fee ? "USD" : "", e.wallet, "", comment, stamp(e.time)]);
    else if (e.kind === "buy" || e.kind === "deposit") out += csvLine(["Trade", formatQuantity(e.quantity), e.asset, usd, "USD", fee, fee ? "USD" : "", e.wallet, "", comment, stamp(e.time)]);
    else out += csvLine(["Trade", usd, "USD", formatQuantity(e.quantity), e.asset, fee, fee ? "USD" : "", e.wallet, "", comment, stamp(e.time)]);
  }
  return out;
}

/** TokenTax's CSV import: every ledger event up to the end of the year. */
export function tokenTaxCsv(events: readonly LedgerEvent[], year: number): string {
  let out = csvLine(["Type", "BuyAmount", "BuyCurrency", "SellAmount", "SellCurrency", "FeeAmount", "FeeCurrency", "Exchange", "Group", "Comment", "Date"]);
  for (const e of events) {
    if (yearOfDay(Math.floor(e.time / 86_400_000)) > year) continue;
    if (e.kind === "transfer") continue; // between the taxpayer's own wallets: not a trade
    const d = new Date(e.time);
    const date = `${String(d.getUTCMonth() + 1).padStart(2, "0")}/${String(d.getUTCDate()).padStart(2, "0")}/${String(d.getUTCFullYear()).slice(2)} ${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
    const usd = formatUsd(e.value);
    const fee = e.fee > 0n ? formatUsd(e.fee) : "";
    const comment = `tx ${e.tx.raw}; ${NOT_TAX_ADVICE}`;
    if (e.kind === "income") out += csvLine(["Income", formatQuantity(e.quantity), e.asset, "", "", fee, fee ? "USD" : "", e.wallet, "", comment, date]);
    else if (e.kind === "buy" || e.kind === "deposit") out += csvLine(["Trade", formatQuantity(e.quantity), e.asset, usd, "USD", fee, fee ? "USD" : "", e.wallet, "", comment, date]);
    else out += csvLine(["Trade", usd, "USD", formatQuantity(e.quantity), e.asset, fee, fee ? "USD" : "", e.wallet, "", comment, date]);
  }
  return out;
}

/** Each Form 8949 row → the lots it relieved → their transactions (hash, log index), and any wash-sale replacements. */
export function auditTrailCsv(lines: readonly Form8949Line[]): string {
  let out = disclaimer;
  out += csvLine(["row", "box", "description", "date sold", "sale tx hash", "sale log index", "sale source", "lot id", "lot wallet", "lot quantity", "lot acquired", "holding period from", "lot basis", "lot proceeds", "disallowed loss", "lot tx hash", "lot log index", "lot source", "wash replacements"]);
  lines.forEach((l, i) => {
    const r = l.row;
    for (const m of r.lots) {
      out += csvLine([
        String(i + 1), l.box, l.description, l.dateSold, r.tx.hash, r.tx.logIndex === undefined ? "" : String(r.tx.logIndex), r.source ? `${r.source.file}:${r.source.line}` : "",
        m.lotId ?? "(missing basis)", m.wallet, formatQuantity(m.quantity), m.missingBasis ? "" : formatDay(m.acquiredDay), formatDay(m.holdingPeriodStartDay),
        formatUsd(m.costBasis), formatUsd(m.proceeds), formatUsd(m.adjustment), m.tx?.hash ?? "", m.tx?.logIndex === undefined ? "" : String(m.tx.logIndex), m.source ? `${m.source.file}:${m.source.line}` : "",
        m.washReplacements.map((w) => `${w.quantity === 0n ? "" : formatQuantity(w.quantity)} of lot ${w.lotId} (${w.wallet}, ${formatDay(w.acquiredDay)}, tx ${w.tx.raw}) +${formatUsd(w.disallowed)}`).join("; "),
      ]);
    }
  });
  return out;
}

import { formatDay } from "../engine/dates";
import { formatCents, formatQuantity, formatUsd } from "../engine/fixed";
import { chainOf } from "../engine/chains";
import type { BridgeLink, IncomeRow, LedgerEvent, WashReplacement } from "../engine/model";
import { csvLine } from "../ledger/csv";
import { NOT_TAX_ADVICE } from "../output/gainsText";
import { type Form8949Line, type ScheduleDTotals, sumTerm } from "./form8949";

/**
 * The CSV reports, one row at a time: each function returns the text of one row (or header), so the
 * report writer streams any number of rows to its files.
 */
const c = formatCents;
export const DISCLAIMER_LINE = `# ${NOT_TAX_ADVICE}\n`;

/**
 * A free-text CSV field (wallet, asset, description, ids, comments): quoted when it holds a quote, a
 * comma or a line break. Amounts, dates, quantities and codes never do and are written as they are.
 */
export function text(value: string): string {
  for (let i = 0; i < value.length; i++) {
    const ch = value.charCodeAt(i);
    if (ch === 34 || ch === 44 || ch === 10 || ch === 13) return `"${value.replace(/"/g, '""')}"`;
  }
  return value;
}

/** "HH:MM:SS" of an epoch-ms time (UTC). */
function clock(time: number): string {
  const s = Math.floor(time / 1000) - Math.floor(time / 86_400_000) * 86_400;
  const h = Math.floor(s / 3600);
  const m = Math.floor(s / 60) % 60;
  const sec = s % 60;
  return `${h < 10 ? "0" : ""}${h}:${m < 10 ? "0" : ""}${m}:${sec < 10 ? "0" : ""}${sec}`;
}

/** "YYYY-MM-DD HH:MM:SS" (UTC), CoinTracking's date. */
function stamp(time: number): string {
  return `${formatDay(Math.floor(time / 86_400_000))} ${clock(time)}`;
}

/** "MM/DD/YY HH:MM" (UTC), TokenTax's date. */
function tokenTaxDate(time: number): string {
  const d = formatDay(Math.floor(time / 86_400_000));
  return `${d.slice(5, 7)}/${d.slice(8, 10)}/${d.slice(2, 4)} ${clock(time).slice(0, 5)}`;
}

/** "MM/DD/YYYY". */
function mdy(day: number): string {
  const d = formatDay(day);
  return `${d.slice(5, 7)}/${d.slice(8, 10)}/${d.slice(0, 4)}`;
}

export const FORM8949_HEADER = csvLine(["part", "box", "(a) description", "(b) date acquired", "(c) date sold", "(d) proceeds", "(e) cost or other basis", "(f) code", "(g) adjustment", "(h) gain or (loss)"]);

/**
 * Chains. A ledger spanning chains adds the chain to every row where the format has room: a last `chain`
 * column in the Form 8949 statement and the income CSV, the chain columns and both bridge legs in the
 * audit trail, and the wallet's chain in CoinTracking's and TokenTax's Exchange ("0xabc on chain 412346").
 * TurboTax's gains CSV and the PDF have no such column and stay as they are. A ledger on one chain writes
 * every file byte for byte as before.
 */
export const FORM8949_HEADER_CHAINS = FORM8949_HEADER.slice(0, -1) + ",chain\n";

export function form8949CsvRow(l: Form8949Line, withChain = false): string {
  return `${l.part},${l.box},${text(l.description)},${l.dateAcquired},${l.dateSold},${c(l.proceeds)},${c(l.costBasis)},${l.code},${c(l.adjustment)},${c(l.gain)}${withChain ? `,${l.row.chain}` : ""}\n`;
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

export const INCOME_HEADER_CHAINS = INCOME_HEADER.slice(0, -1) + ",chain\n";

export function incomeCsvRow(i: IncomeRow, withChain = false): string {
  return `${formatDay(i.day)},${text(i.wallet)},${text(i.asset)},${formatQuantity(i.quantity)},${formatUsd(i.value)},ordinary income (rewards / yield),${text(i.tx.raw)}${withChain ? `,${i.chain}` : ""}\n`;
}

export function incomeCsvTotal(totalCents: bigint, withChain = false): string {
  return csvLine(withChain ? ["total", "", "", "", c(totalCents), "", "", ""] : ["total", "", "", "", c(totalCents), "", ""]);
}

/**
 * TurboTax's crypto gains CSV (Currency Name, Purchase Date, Cost Basis, Date Sold, Proceeds). The format
 * has no code or adjustment column, so a washed row's cost basis is net of the disallowed loss (its gain
 * is the 8949 gain); a row sold without basis is named "ASSET (basis missing)" with purchase date VARIOUS.
 */
export const TURBOTAX_HEADER = csvLine(["Currency Name", "Purchase Date", "Cost Basis", "Date Sold", "Proceeds"]);

export function turboTaxRow(l: Form8949Line): string {
  const r = l.row;
  const name = text(r.missingBasis ? `${r.asset} (basis missing)` : r.asset);
  return `${name},${r.missingBasis ? "VARIOUS" : mdy(r.acquiredDay)},${c(l.costBasis - l.adjustment)},${mdy(r.soldDay)},${c(l.proceeds)}\n`;
}

const MISSING_BASIS_NOTE = "missing basis: sold beyond the open lots, reported at zero basis";

/**
 * CoinTracking's CSV import, one ledger event per row (two for a transfer between the taxpayer's wallets:
 * a Withdrawal from one and a Deposit into the other, so each wallet's balance is what it sold from).
 * Buy/Sell Value in Account Currency carry the USD value (income at fair market value).
 */
export const COINTRACKING_HEADER = csvLine([
  "Type", "Buy Amount", "Buy Currency", "Sell Amount", "Sell Currency", "Fee", "Fee Currency", "Exchange", "Trade-Group", "Comment", "Date", "Tx-ID", "Buy Value in Account Currency", "Sell Value in Account Currency",
]);

export function coinTrackingRows(e: LedgerEvent, missingBasis: boolean, disclaimer = false, withChain = false): string {
  return eventRows(e, missingBasis, disclaimer, "cointracking", withChain);
}

/** TokenTax's CSV import, one ledger event per row (a transfer: Withdrawal + Deposit, as for CoinTracking). */
export const TOKENTAX_HEADER = csvLine(["Type", "BuyAmount", "BuyCurrency", "SellAmount", "SellCurrency", "FeeAmount", "FeeCurrency", "Exchange", "Group", "Comment", "Date"]);

export function tokenTaxRows(e: LedgerEvent, missingBasis: boolean, disclaimer = false, withChain = false): string {
  return eventRows(e, missingBasis, disclaimer, "tokentax", withChain);
}

/** Both legs of a bridge: "bridge 0xa on chain 31337 tx 0x1…:3 -> 0xa on chain 412346 tx 0x2…:5" (and " message 0x…" when known). */
export function bridgeText(b: BridgeLink): string {
  return `bridge ${b.fromWallet} on chain ${b.fromChain} tx ${b.tx.raw} -> ${b.toWallet} on chain ${b.toChain} tx ${b.toTx.raw}${b.message ? ` message ${b.message}` : ""}`;
}

/** After the Comment column: CoinTracking's date, Tx-ID and USD values; TokenTax's date only (its format has no value column). */
function rowEnd(format: "cointracking" | "tokentax", e: LedgerEvent, buyValue: string, sellValue: string): string {
  return format === "cointracking" ? `,${stamp(e.time)},${text(e.tx.raw)},${buyValue},${sellValue}\n` : `,${tokenTaxDate(e.time)}\n`;
}

/**
 * The rows of one event in the columns CoinTracking and TokenTax share (Type, Buy, Sell, Fee, Exchange
 * = wallet, Group, Comment): a transfer is a Withdrawal and a Deposit; a sale without basis says so in
 * its comment; TokenTax's income comment carries the fair market value its columns have no room for.
 */
function eventRows(e: LedgerEvent, missingBasis: boolean, disclaimer: boolean, format: "cointracking" | "tokentax", withChain = false): string {
  const usd = formatUsd(e.value);
  const fee = e.fee > 0n ? `${formatUsd(e.fee)},USD` : ",";
  const q = formatQuantity(e.quantity);
  const wallet = text(withChain ? `${e.wallet} on chain ${chainOf(e)}` : e.wallet);
  const asset = text(e.asset);
  const end = (e.bridge ? `; ${bridgeText(e.bridge)}` : "") + (disclaimer ? `; ${NOT_TAX_ADVICE}` : "");
  switch (e.kind) {
    case "transfer": {
      const toChain = e.toChain ?? chainOf(e);
      const note = text(
        withChain ? `transfer between own wallets ${e.wallet} on chain ${chainOf(e)} -> ${e.toWallet} on chain ${toChain}; tx ${e.tx.raw}${end}` : `transfer between own wallets ${e.wallet} -> ${e.toWallet}; tx ${e.tx.raw}${end}`,
      );
      const tail = rowEnd(format, e, "", "");
      const toWallet = text(withChain ? `${e.toWallet} on chain ${toChain}` : (e.toWallet as string));
      return `Withdrawal,,,${q},${asset},,,${wallet},,${note}${tail}Deposit,${q},${asset},,,,,${toWallet},,${note}${tail}`;
    }
    case "income": {
      const value = format === "tokentax" ? `fair market value ${usd} USD; ` : "";
      return `Income,${q},${asset},,,${fee},${wallet},,${text(`${value}tx ${e.tx.raw}${end}`)}${rowEnd(format, e, usd, "")}`;
    }
    case "buy":
    case "deposit":
      return `Trade,${q},${asset},${usd},USD,${fee},${wallet},,${text(`tx ${e.tx.raw}${end}`)}${rowEnd(format, e, usd, usd)}`;
    default:
      return `Trade,${usd},USD,${q},${asset},${fee},${wallet},,${text(`${missingBasis ? `${MISSING_BASIS_NOTE}; ` : ""}tx ${e.tx.raw}${end}`)}${rowEnd(format, e, usd, usd)}`;
  }
}

/** Each Form 8949 row → the lots it relieved → their transactions (hash, log index), and any wash-sale replacements. */
export const AUDIT_HEADER = csvLine([
  "row", "box", "description", "date sold", "sale tx hash", "sale log index", "sale source", "lot id", "lot wallet", "lot quantity", "lot acquired", "holding period from", "lot basis", "lot proceeds", "disallowed loss", "lot tx hash", "lot log index", "lot source", "wash replacements", "lot identified in tx", "lot identified at log index",
]);

/**
 * With chains: the sale's chain and, for a sale a bridge made (its fee, or the units sent under the
 * "disposal" rule), the bridge's two legs; the lot's chain and every bridge its units crossed, each with its
 * source leg (chain, wallet, tx:log) and destination leg.
 */
export const AUDIT_HEADER_CHAINS = AUDIT_HEADER.slice(0, -1) + ",sale chain,sale bridge,lot chain,lot bridges\n";

/** Where the sale named this lot (its identification's tx hash and log index), or two empty fields. */
function identifiedAt(m: Form8949Line["row"]["lots"][number]): string {
  return m.identifiedAt ? `${text(m.identifiedAt.hash)},${m.identifiedAt.logIndex === undefined ? "" : m.identifiedAt.logIndex}` : ",";
}

export function auditTrailRows(l: Form8949Line, rowNumber: number, withChain = false): string {
  const r = l.row;
  const sale = `${rowNumber},${l.box},${text(l.description)},${l.dateSold},${text(r.tx.hash)},${r.tx.logIndex === undefined ? "" : r.tx.logIndex},${r.source ? text(`${r.source.file}:${r.source.line}`) : ""}`;
  let out = "";
  for (const m of r.lots) {
    const acquired = m.missingBasis ? "VARIOUS,VARIOUS" : `${formatDay(m.acquiredDay)},${formatDay(m.holdingPeriodStartDay)}`;
    const lotTx = m.tx ? `${text(m.tx.hash)},${m.tx.logIndex === undefined ? "" : m.tx.logIndex}` : ",";
    const lotSource = m.source ? text(`${m.source.file}:${m.source.line}`) : "";
    out += `${sale},${m.lotId === null ? "(missing basis)" : text(m.lotId)},${text(m.wallet)},${formatQuantity(m.quantity)},${acquired},${formatUsd(m.costBasis)},${formatUsd(m.proceeds)},${formatUsd(m.adjustment)},${lotTx},${lotSource},${m.washReplacements.length ? text(replacementsText(m.washReplacements, withChain)) : ""},${identifiedAt(m)}${withChain ? chainColumns(r, m) : ""}\n`;
  }
  return out;
}

/** The audit trail's chain columns of one lot line: sale chain, sale bridge, lot chain, lot bridges. */
function chainColumns(r: Form8949Line["row"], m: Form8949Line["row"]["lots"][number]): string {
  const moves = m.moves ? m.moves.map(bridgeText).join("; ") : "";
  return `,${r.chain},${r.bridge ? text(bridgeText(r.bridge)) : ""},${m.chain},${text(moves)}`;
}

/** Where a disallowed loss went: quantity, lot, wallet (with its chain when the ledger spans chains), date, tx and amount. */
function replacementsText(ws: readonly WashReplacement[], withChain = false): string {
  let out = "";
  for (const w of ws) out += `${out ? "; " : ""}${w.quantity === 0n ? "" : formatQuantity(w.quantity)} of lot ${w.lotId} (${withChain ? `${w.wallet} on chain ${w.chain}` : w.wallet}, ${formatDay(w.acquiredDay)}, tx ${w.tx.raw}) +${formatUsd(w.disallowed)}`;
  return out;
}

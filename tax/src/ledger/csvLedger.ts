import { readFileSync } from "node:fs";
import path from "node:path";
import { InputError } from "../errors";
import { parseDecimal, parseMoney, parseQuantity, valueOf } from "../engine/fixed";
import type { EventKind, LedgerEvent, LedgerSource, TxRef } from "../engine/model";
import { parseCsv } from "./csv";

export const LEDGER_COLUMNS = ["date", "wallet", "asset", "action", "quantity", "price", "fee", "tx"] as const;
/** Optional columns: `lot` (specific identification, or a lot's id) and `to` (the receiving wallet of a transfer). */
export const OPTIONAL_LEDGER_COLUMNS = ["lot", "to"] as const;
const ACTIONS: Record<string, EventKind> = { buy: "buy", sell: "sell", income: "income", transfer: "transfer" };

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|\+00:?00)$/;

/** Parses an ISO date or a UTC date-time to epoch ms; undefined when malformed or not a real date. */
export function parseLedgerTime(text: string): number | undefined {
  const m = DATE_RE.exec(text) ?? DATETIME_RE.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h = "0", mi = "0", s = "0", frac = "0"] = m.slice(1).map((x) => x ?? undefined) as string[];
  const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, Math.floor(+`0.${frac}` * 1000));
  const check = new Date(ms);
  if (check.getUTCFullYear() !== +y || check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d) return undefined;
  if (+h > 23 || +mi > 59 || +s > 59) return undefined;
  return ms;
}

/** "0xabc:3", "0xabc-3" or "0xabc#3" carry a log index; anything else is a bare reference. */
export function parseTxRef(raw: string): TxRef {
  const m = /^(0x[0-9a-fA-F]+)[:#-](\d+)$/.exec(raw);
  return m ? { raw, hash: m[1], logIndex: Number(m[2]) } : { raw, hash: raw };
}

/**
 * Reads a ledger CSV (`date,wallet,asset,action,quantity,price,fee,tx` and the optional columns `lot`
 * and `to`). A `transfer` row moves `quantity` of `asset` from `wallet` to the wallet in `to` (another
 * wallet of the same taxpayer): `to` is required on transfer rows and must be empty on the others, and a
 * transfer's fee must be empty or 0 (a fee paid in the token is a disposal: a `sell` row of those units).
 * Every row is checked before any event is returned; the first problem is reported with the file,
 * line number, column and value.
 */
export function parseLedgerCsv(text: string, file: string): LedgerEvent[] {
  const { records, error } = parseCsv(text);
  if (error) throw new InputError(`${file} row ${error.line}: ${error.message}`);
  if (records.length === 0) throw new InputError(`${file}: empty file, expected the header ${LEDGER_COLUMNS.join(",")}`);
  const header = records[0].fields.map((h) => h.trim().toLowerCase());
  const col: Record<string, number> = {};
  header.forEach((h, i) => (col[h] = i));
  for (const c of LEDGER_COLUMNS) {
    if (col[c] === undefined) throw new InputError(`${file} row 1: missing column "${c}" (header must be ${LEDGER_COLUMNS.join(",")}[,lot][,to])`);
  }
  const known: readonly string[] = [...LEDGER_COLUMNS, ...OPTIONAL_LEDGER_COLUMNS];
  header.forEach((h, i) => {
    if (!known.includes(h)) throw new InputError(`${file} row 1: unknown column "${h}"`);
    if (header.indexOf(h) !== i) throw new InputError(`${file} row 1: column "${h}" appears twice`);
  });
  const events: LedgerEvent[] = [];
  for (const rec of records.slice(1)) {
    const at = (c: string) => (col[c] === undefined ? "" : (rec.fields[col[c]] ?? "").trim());
    const bad = (c: string, why: string): never => {
      throw new InputError(`${file} row ${rec.line}, column ${c}: ${why} (value "${at(c)}")`);
    };
    if (rec.fields.length !== header.length) {
      throw new InputError(`${file} row ${rec.line}: expected ${header.length} columns, found ${rec.fields.length}`);
    }
    const time = parseLedgerTime(at("date"));
    if (time === undefined) bad("date", "not an ISO date (YYYY-MM-DD) or UTC date-time (YYYY-MM-DDTHH:MM:SSZ)");
    const wallet = at("wallet");
    if (!wallet) bad("wallet", "empty");
    const asset = at("asset");
    if (!asset) bad("asset", "empty");
    const kind = ACTIONS[at("action").toLowerCase()];
    if (!kind) bad("action", "must be buy, sell, income or transfer");
    const quantity = parseQuantity(at("quantity"));
    if (quantity === undefined) bad("quantity", "not a non-negative decimal with at most 18 decimals");
    if (quantity === 0n) bad("quantity", "must be greater than zero");
    const price = parseDecimal(at("price"));
    if (!price) bad("price", "not a non-negative decimal USD price");
    const feeText = at("fee");
    const fee = feeText === "" ? 0n : parseMoney(feeText);
    if (fee === undefined) bad("fee", "not a non-negative decimal USD amount");
    const toWallet = at("to");
    if (kind === "transfer") {
      if (col.to === undefined) bad("action", 'a transfer needs the receiving wallet in a "to" column, which the header lacks');
      if (!toWallet) bad("to", "a transfer needs the receiving wallet");
      if (toWallet === wallet) bad("to", "a transfer to the wallet it comes from");
      if (fee !== 0n) bad("fee", `a transfer carries no fee: a fee paid in ${asset} is a disposal of those units, so record it as a sell row`);
    } else if (toWallet) {
      bad("to", `only transfer rows name a receiving wallet, this is a ${kind} row`);
    }
    const txText = at("tx");
    const lot = at("lot");
    events.push({
      kind,
      wallet,
      asset,
      time: time as number,
      quantity: quantity as bigint,
      value: valueOf(quantity as bigint, price as NonNullable<typeof price>),
      fee: fee as bigint,
      tx: parseTxRef(txText || `${path.basename(file)}:${rec.line}`),
      lot: lot || undefined,
      ...(kind === "transfer" ? { toWallet } : {}),
      source: { file, line: rec.line },
    });
  }
  return events;
}

/** A ledger CSV file as a source of events. */
export class CsvLedgerSource implements LedgerSource {
  constructor(readonly file: string) {}

  describe(): string {
    return this.file;
  }

  async read(): Promise<LedgerEvent[]> {
    let text: string;
    try {
      text = readFileSync(this.file, "utf8");
    } catch (err) {
      throw new InputError(`${this.file}: cannot read ledger (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    return parseLedgerCsv(text, this.file);
  }
}

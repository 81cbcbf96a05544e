import { readFileSync } from "node:fs";
import path from "node:path";
import { InputError } from "../errors";
import { parseDecimal, parseMoney, parseQuantity, valueOf } from "../engine/fixed";
import type { EventKind, LedgerEvent, LedgerSource, TxRef } from "../engine/model";
import { parseCsv } from "./csv";

export const LEDGER_COLUMNS = ["date", "wallet", "asset", "action", "quantity", "price", "fee", "tx"] as const;
const ACTIONS: Record<string, EventKind> = { buy: "buy", sell: "sell", income: "income" };

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
 * Reads a ledger CSV (`date,wallet,asset,action,quantity,price,fee,tx` and an optional `lot` column).
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
    if (col[c] === undefined) throw new InputError(`${file} row 1: missing column "${c}" (header must be ${LEDGER_COLUMNS.join(",")}[,lot])`);
  }
  for (const h of header) {
    if (!(LEDGER_COLUMNS as readonly string[]).includes(h) && h !== "lot") throw new InputError(`${file} row 1: unknown column "${h}"`);
  }
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
    if (!kind) bad("action", "must be buy, sell or income");
    const quantity = parseQuantity(at("quantity"));
    if (quantity === undefined) bad("quantity", "not a non-negative decimal with at most 18 decimals");
    if (quantity === 0n) bad("quantity", "must be greater than zero");
    const price = parseDecimal(at("price"));
    if (!price) bad("price", "not a non-negative decimal USD price");
    const feeText = at("fee");
    const fee = feeText === "" ? 0n : parseMoney(feeText);
    if (fee === undefined) bad("fee", "not a non-negative decimal USD amount");
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

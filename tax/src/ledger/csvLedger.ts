import { readFileSync } from "node:fs";
import path from "node:path";
import { InputError } from "../errors";
import { HOME_CHAIN, parseChain } from "../engine/chains";
import { parseDecimal, parseMoney, parseQuantity, valueOf } from "../engine/fixed";
import type { EventKind, LedgerEvent, LedgerSource, TxRef } from "../engine/model";
import { CsvReader, type CsvRecord } from "./csv";

export const LEDGER_COLUMNS = ["date", "wallet", "asset", "action", "quantity", "price", "fee", "tx"] as const;
/**
 * Optional columns: `lot` (specific identification, or a lot's id), `to` (the receiving wallet of a transfer
 * or bridge), `chain` (the row's chain: an id or a name; empty or absent: the home chain), and for bridges
 * `to_chain` (the destination chain), `to_tx` (the destination leg's transaction), `received` (the units
 * arriving; empty: all that were sent) and `message` (the message id both legs carry, e.g. LayerZero's guid).
 */
export const OPTIONAL_LEDGER_COLUMNS = ["lot", "to", "chain", "to_chain", "to_tx", "received", "message"] as const;
const ACTIONS: Record<string, EventKind> = { buy: "buy", sell: "sell", income: "income", transfer: "transfer", bridge: "bridge" };
const CHAIN_WHY = "not a chain id (a positive whole number) or a known chain name (home, l2, ethereum, optimism, bsc, polygon, base, arbitrum, avalanche)";

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|\+00:?00)$/;

/** Parses an ISO date or a UTC date-time to epoch ms; undefined when malformed or not a real date. */
export function parseLedgerTime(text: string): number | undefined {
  const fast = fastLedgerTime(text);
  if (fast !== undefined) return fast;
  const m = DATE_RE.exec(text) ?? DATETIME_RE.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h = "0", mi = "0", s = "0", frac = "0"] = m.slice(1).map((x) => x ?? undefined) as string[];
  return utcTime(+y, +mo, +d, +h, +mi, +s, Math.floor(+`0.${frac}` * 1000));
}

function utcTime(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number | undefined {
  const time = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const check = new Date(time);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return undefined;
  if (h > 23 || mi > 59 || s > 59) return undefined;
  return time;
}

/** The two digits at i as a number, negative when either is not a digit. */
function twoDigits(text: string, i: number): number {
  const a = text.charCodeAt(i) - 48;
  const b = text.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** The two common forms, YYYY-MM-DD and YYYY-MM-DDTHH:MM:SSZ, read by character; undefined for any other text. */
function fastLedgerTime(text: string): number | undefined {
  const n = text.length;
  if (n !== 10 && n !== 20) return undefined;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const century = twoDigits(text, 0);
  const decade = twoDigits(text, 2);
  const y = century < 0 || decade < 0 ? -1 : century * 100 + decade;
  const mo = twoDigits(text, 5);
  const d = twoDigits(text, 8);
  if (y < 0 || mo < 0 || d < 0) return undefined;
  if (n === 10) return utcTime(y, mo, d, 0, 0, 0, 0);
  if (text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || text.charCodeAt(19) !== 90) return undefined;
  const h = twoDigits(text, 11);
  const mi = twoDigits(text, 14);
  const s = twoDigits(text, 17);
  if (h < 0 || mi < 0 || s < 0) return undefined;
  return utcTime(y, mo, d, h, mi, s, 0);
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
  // records are read one at a time and become events as they come: holding every record as well as
  // every event took more than twice the events' memory on large ledgers
  const reader = new CsvReader(text);
  const first = reader.next();
  if (reader.error) throw new InputError(`${file} row ${reader.error.line}: ${reader.error.message}`);
  if (!first) throw new InputError(`${file}: empty file, expected the header ${LEDGER_COLUMNS.join(",")}`);
  const header = first.fields.map((h) => h.trim().toLowerCase());
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
  const index = (c: string) => col[c] ?? -1;
  const C = {
    date: index("date"), wallet: index("wallet"), asset: index("asset"), action: index("action"), quantity: index("quantity"), price: index("price"), fee: index("fee"), tx: index("tx"), lot: index("lot"), to: index("to"),
    chain: index("chain"), toChain: index("to_chain"), toTx: index("to_tx"), received: index("received"), message: index("message"),
  };
  // the loop creates no closures: under tsx every named closure costs a defineProperty call per row
  // wallet and asset names repeat on every row: one string each
  const names = new Map<string, string>();
  for (let rec = reader.next(); rec; rec = reader.next()) {
    if (rec.fields.length !== header.length) {
      throw new InputError(`${file} row ${rec.line}: expected ${header.length} columns, found ${rec.fields.length}`);
    }
    const time = parseLedgerTime(fieldAt(rec, C.date));
    if (time === undefined) throw badField(file, rec, "date", C.date, "not an ISO date (YYYY-MM-DD) or UTC date-time (YYYY-MM-DDTHH:MM:SSZ)");
    const wallet = intern(names, fieldAt(rec, C.wallet));
    if (!wallet) throw badField(file, rec, "wallet", C.wallet, "empty");
    const asset = intern(names, fieldAt(rec, C.asset));
    if (!asset) throw badField(file, rec, "asset", C.asset, "empty");
    const kind = ACTIONS[fieldAt(rec, C.action).toLowerCase()];
    if (!kind) throw badField(file, rec, "action", C.action, "must be buy, sell, income, transfer or bridge");
    const chainText = fieldAt(rec, C.chain);
    const chain = chainText === "" ? HOME_CHAIN : parseChain(chainText);
    if (chain === undefined) throw badField(file, rec, "chain", C.chain, CHAIN_WHY);
    const quantity = parseQuantity(fieldAt(rec, C.quantity));
    if (quantity === undefined) throw badField(file, rec, "quantity", C.quantity, "not a non-negative decimal with at most 18 decimals");
    if (quantity === 0n) throw badField(file, rec, "quantity", C.quantity, "must be greater than zero");
    const price = parseDecimal(fieldAt(rec, C.price));
    if (!price) throw badField(file, rec, "price", C.price, "not a non-negative decimal USD price");
    const feeText = fieldAt(rec, C.fee);
    const fee = feeText === "" ? 0n : parseMoney(feeText);
    if (fee === undefined) throw badField(file, rec, "fee", C.fee, "not a non-negative decimal USD amount");
    const toWallet = fieldAt(rec, C.to);
    const bridge = kind === "bridge" ? bridgeFields(file, rec, C, chain, quantity, fee, asset) : undefined;
    if (!bridge && (C.toChain >= 0 || C.toTx >= 0 || C.received >= 0 || C.message >= 0)) refuseBridgeFields(file, rec, C, kind);
    if (kind === "bridge") {
      if (C.to < 0 || !toWallet) throw badField(file, rec, "to", C.to, "a bridge needs the receiving wallet (the same address is another wallet on the other chain)");
    } else if (kind === "transfer") {
      if (C.to < 0) throw badField(file, rec, "action", C.action, 'a transfer needs the receiving wallet in a "to" column, which the header lacks');
      if (!toWallet) throw badField(file, rec, "to", C.to, "a transfer needs the receiving wallet");
      if (toWallet === wallet) throw badField(file, rec, "to", C.to, "a transfer to the wallet it comes from");
      if (fee !== 0n) throw badField(file, rec, "fee", C.fee, `a transfer carries no fee: a fee paid in ${asset} is a disposal of those units, so record it as a sell row`);
    } else if (toWallet) {
      throw badField(file, rec, "to", C.to, `only transfer and bridge rows name a receiving wallet, this is a ${kind} row`);
    }
    const txText = fieldAt(rec, C.tx);
    const lot = fieldAt(rec, C.lot);
    const event: LedgerEvent = {
      kind,
      wallet,
      asset,
      time,
      quantity,
      value: valueOf(quantity, price),
      fee,
      tx: parseTxRef(txText || `${path.basename(file)}:${rec.line}`),
      lot: lot || undefined,
      source: { file, line: rec.line },
    };
    if (chain !== HOME_CHAIN) event.chain = chain;
    if (kind === "transfer" || kind === "bridge") event.toWallet = toWallet;
    if (bridge) Object.assign(event, bridge);
    events.push(event);
  }
  const broken = reader.error as CsvReader["error"]; // set by the reads in the loop
  if (broken) throw new InputError(`${file} row ${broken.line}: ${broken.message}`);
  return events;
}

type Columns = Record<"chain" | "toChain" | "toTx" | "received" | "message" | "action" | "fee", number>;

/**
 * A bridge row's own fields: `to_chain` (required, another chain than the row's), `to_tx` (required: the
 * destination leg's transaction), `received` (empty: all the units sent; else more than 0 and at most
 * `quantity`: the rest is the bridge's fee in the token), `message` (optional: the message id both legs
 * carry), and no USD fee.
 */
function bridgeFields(file: string, rec: CsvRecord, C: Columns, chain: number, quantity: bigint, fee: bigint, asset: string): Pick<LedgerEvent, "toChain" | "toTx" | "received" | "message"> {
  if (C.toChain < 0 || C.toTx < 0) throw badField(file, rec, "action", C.action, 'a bridge needs "to_chain" and "to_tx" columns, which the header lacks');
  const toChainText = fieldAt(rec, C.toChain);
  if (!toChainText) throw badField(file, rec, "to_chain", C.toChain, "a bridge needs the destination chain");
  const toChain = parseChain(toChainText);
  if (toChain === undefined) throw badField(file, rec, "to_chain", C.toChain, CHAIN_WHY);
  if (toChain === chain) throw badField(file, rec, "to_chain", C.toChain, `a bridge to the chain it comes from (${chain}); a move on one chain is a transfer row`);
  const toTx = fieldAt(rec, C.toTx);
  if (!toTx) throw badField(file, rec, "to_tx", C.toTx, "a bridge needs the destination leg's transaction (hash, or hash:logIndex), which links its two legs");
  if (fee !== 0n) {
    throw badField(file, rec, "fee", C.fee, `a bridge carries no USD fee: its fee in ${asset} is quantity minus received (a disposal of those units); a fee paid in another token is a sell row of that token`);
  }
  const message = fieldAt(rec, C.message);
  if (message && !/^0x[0-9a-fA-F]{64}$/.test(message)) throw badField(file, rec, "message", C.message, "not a 32-byte hex message id (LayerZero's guid)");
  const fields: Pick<LedgerEvent, "toChain" | "toTx" | "received" | "message"> = { toChain, toTx: parseTxRef(toTx) };
  if (message) fields.message = message.toLowerCase();
  const receivedText = fieldAt(rec, C.received);
  if (receivedText === "") return fields;
  const received = parseQuantity(receivedText);
  if (received === undefined) throw badField(file, rec, "received", C.received, "not a non-negative decimal with at most 18 decimals");
  if (received === 0n || received > quantity) throw badField(file, rec, "received", C.received, "must be more than 0 and at most the quantity sent");
  fields.received = received;
  return fields;
}

/** Only bridge rows fill `to_chain`, `to_tx`, `received` and `message`. */
function refuseBridgeFields(file: string, rec: CsvRecord, C: Columns, kind: EventKind): void {
  const fields = [["to_chain", C.toChain], ["to_tx", C.toTx], ["received", C.received], ["message", C.message]] as const;
  for (const [name, i] of fields) {
    if (fieldAt(rec, i) !== "") {
      const hint = kind === "transfer" && name === "to_chain" ? " (a move to another chain is a bridge row)" : "";
      throw badField(file, rec, name, i, `only bridge rows fill it, this is a ${kind} row${hint}`);
    }
  }
}

/** The one copy of `name` kept in `names` (the first seen; later equal names are dropped). */
function intern(names: Map<string, string>, name: string): string {
  const known = names.get(name);
  if (known !== undefined) return known;
  names.set(name, name);
  return name;
}

/** The trimmed field at column index i of a record ("" for a column the header lacks). */
function fieldAt(rec: CsvRecord, i: number): string {
  return i < 0 ? "" : (rec.fields[i] ?? "").trim();
}

/** The error for a bad field: file, row, column, why, and the value. */
function badField(file: string, rec: CsvRecord, column: string, i: number, why: string): InputError {
  return new InputError(`${file} row ${rec.line}, column ${column}: ${why} (value "${fieldAt(rec, i)}")`);
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

import { formatDay, yearOfDay } from "../engine/dates";
import { QTY_DIGITS, formatCents, formatQuantity, formatUsd, toCents, toCentsNumber } from "../engine/fixed";
import { chainsOf, TaxEngine } from "../engine/engine";
import type { BridgeLink, DisposalRow, EngineOptions, GainsResult, IncomeRow, LedgerEvent, Lot } from "../engine/model";
import { SyncWriter } from "./syncWriter";

/**
 * The public JSON form of a gains run. Money: decimal strings rounded to cents (half away from zero);
 * each row's gain is computed from its rounded columns, gain = proceeds − costBasis + adjustment, so the
 * row adds up on Form 8949. Quantities: exact decimal strings. Dates: YYYY-MM-DD.
 */
/**
 * Chains: when the ledger spans more than one chain, every disposal, lot and income object carries
 * `chain` (the chain id of its wallet) after `wallet`, a lot that crossed bridges lists them (`bridges`,
 * both legs each) and a sale a bridge made names it (`bridge`); a ledger on one chain gives the objects
 * below without them, byte for byte as before.
 */
export interface BridgeJson {
  fromChain: number;
  fromWallet: string;
  tx: string;
  toChain: number;
  toWallet: string;
  toTx: string;
  message?: string;
}

export function bridgeJson(b: BridgeLink): BridgeJson {
  return { fromChain: b.fromChain, fromWallet: b.fromWallet, tx: b.tx.raw, toChain: b.toChain, toWallet: b.toWallet, toTx: b.toTx.raw, ...(b.message ? { message: b.message } : {}) };
}

/** Whether a run's rows show their chain: its ledger spans more than one chain. */
export function showsChains(result: Pick<GainsResult, "chains">): boolean {
  return result.chains.length > 1;
}

export interface DisposalJson {
  wallet: string;
  chain?: number;
  asset: string;
  quantity: string;
  dateAcquired: string;
  dateSold: string;
  proceeds: string;
  costBasis: string;
  code: "W" | "";
  adjustment: string;
  gain: string;
  term: "short" | "long";
  /**
   * the lots this row relieved: lot id (the acquisition's tx unless named in the ledger's lot column),
   * its wallet, how much of it, its basis, any wash-sale loss disallowed on it, and its acquisition date
   */
  lots: {
    id: string | null;
    wallet: string;
    chain?: number;
    quantity: string;
    costBasis: string;
    adjustment: string;
    acquiredAt: string | null;
    missingBasis?: true;
    identifiedAt?: string;
    bridges?: BridgeJson[];
  }[];
  tx: string;
  bridge?: BridgeJson;
}

export interface LotJson {
  wallet: string;
  chain?: number;
  asset: string;
  quantity: string;
  costBasis: string;
  holdingPeriodStart: string;
  acquiredAt: string;
  tx: string;
  bridges?: BridgeJson[];
}

export interface IncomeJson {
  wallet: string;
  chain?: number;
  asset: string;
  date: string;
  quantity: string;
  value: string;
  tx: string;
}

export interface GainsJson {
  disposals: DisposalJson[];
  lots: LotJson[];
  income: IncomeJson[];
}

/** Rounded money columns of a row, in cents (rounded once per row by the engine; gain derived). */
export function rowCents(row: DisposalRow): { proceeds: bigint; costBasis: bigint; adjustment: bigint; gain: bigint } {
  const proceeds = row.proceedsCents;
  const costBasis = row.costBasisCents;
  const adjustment = row.adjustmentCents;
  return { proceeds, costBasis, adjustment, gain: proceeds - costBasis + adjustment };
}

/**
 * Column (b) of a row: its date acquired, or "VARIOUS" for units sold without basis (their acquisition
 * date is unknown and Form 8949 has no code for that; see README, "Missing basis").
 */
export function dateAcquiredText(row: DisposalRow): string {
  return row.missingBasis ? "VARIOUS" : formatDay(row.acquiredDay);
}

export function disposalJson(row: DisposalRow, withChain = false): DisposalJson {
  const c = rowCents(row);
  return {
    wallet: row.wallet,
    ...(withChain ? { chain: row.chain } : {}),
    asset: row.asset,
    quantity: formatQuantity(row.quantity),
    dateAcquired: dateAcquiredText(row),
    dateSold: formatDay(row.soldDay),
    proceeds: formatCents(c.proceeds),
    costBasis: formatCents(c.costBasis),
    code: row.adjustment > 0n ? "W" : "",
    adjustment: formatCents(c.adjustment),
    gain: formatCents(c.gain),
    term: row.term,
    lots: row.lots.map((m) => ({
      id: m.lotId,
      wallet: m.wallet,
      ...(withChain ? { chain: m.chain } : {}),
      quantity: formatQuantity(m.quantity),
      costBasis: formatUsd(m.costBasis),
      adjustment: formatUsd(m.adjustment),
      acquiredAt: m.missingBasis ? null : formatDay(m.acquiredDay),
      ...(m.missingBasis ? { missingBasis: true as const } : {}),
      ...(m.identifiedAt ? { identifiedAt: m.identifiedAt.raw } : {}),
      ...(withChain && m.moves ? { bridges: m.moves.map(bridgeJson) } : {}),
    })),
    tx: row.tx.raw,
    ...(withChain && row.bridge ? { bridge: bridgeJson(row.bridge) } : {}),
  };
}

const q = JSON.stringify;

/**
 * The JSON text of disposalJson(row), built directly (the hot path of large outputs); same keys, same order.
 * With chains (a ledger spanning chains) it is the text of the object.
 */
export function disposalJsonText(row: DisposalRow, withChain = false): string {
  if (withChain) return JSON.stringify(disposalJson(row, true));
  const c = rowCents(row);
  let lots = "";
  for (const m of row.lots) {
    lots +=
      (lots ? "," : "") +
      `{"id":${m.lotId === null ? "null" : q(m.lotId)},"wallet":${q(m.wallet)},"quantity":"${formatQuantity(m.quantity)}","costBasis":"${formatUsd(m.costBasis)}",` +
      `"adjustment":"${formatUsd(m.adjustment)}","acquiredAt":${m.missingBasis ? "null" : `"${formatDay(m.acquiredDay)}"`}${m.missingBasis ? ',"missingBasis":true' : ""}` +
      `${m.identifiedAt ? `,"identifiedAt":${q(m.identifiedAt.raw)}` : ""}}`;
  }
  return (
    `{"wallet":${q(row.wallet)},"asset":${q(row.asset)},"quantity":"${formatQuantity(row.quantity)}","dateAcquired":"${dateAcquiredText(row)}",` +
    `"dateSold":"${formatDay(row.soldDay)}","proceeds":"${formatCents(c.proceeds)}","costBasis":"${formatCents(c.costBasis)}","code":"${row.adjustment > 0n ? "W" : ""}",` +
    `"adjustment":"${formatCents(c.adjustment)}","gain":"${formatCents(c.gain)}","term":"${row.term}","lots":[${lots}],"tx":${q(row.tx.raw)}}`
  );
}

/**
 * Writes the JSON text of disposalJson(row) (the same bytes as disposalJsonText) straight into `out`:
 * the form large outputs stream through.
 */
export function writeDisposalJson(row: DisposalRow, out: SyncWriter, withChain = false): void {
  if (withChain) {
    out.write(disposalJsonText(row, true));
    return;
  }
  out.ascii('{"wallet":');
  out.jsonString(row.wallet);
  out.ascii(',"asset":');
  out.jsonString(row.asset);
  out.ascii(',"quantity":"');
  out.exactDecimal(row.quantity, QTY_DIGITS);
  out.ascii('","dateAcquired":"');
  out.ascii(dateAcquiredText(row));
  out.ascii('","dateSold":"');
  out.ascii(formatDay(row.soldDay));
  out.ascii('","proceeds":');
  writeMoneyColumns(row, out);
  out.ascii(row.term === "long" ? ',"term":"long","lots":[' : ',"term":"short","lots":[');
  const lots = row.lots;
  for (let i = 0; i < lots.length; i++) {
    const m = lots[i];
    out.ascii(i ? ',{"id":' : '{"id":');
    if (m.lotId === null) out.ascii("null");
    else out.jsonString(m.lotId);
    out.ascii(',"wallet":');
    out.jsonString(m.wallet);
    out.ascii(',"quantity":"');
    out.exactDecimal(m.quantity, QTY_DIGITS);
    out.ascii('","costBasis":');
    const basis = toCentsNumber(m.costBasis);
    if (basis === undefined) out.cents(toCents(m.costBasis), formatCents);
    else out.centsNumber(basis);
    out.ascii(',"adjustment":');
    const adj = m.adjustment === 0n ? 0 : toCentsNumber(m.adjustment);
    if (adj === undefined) out.cents(toCents(m.adjustment), formatCents);
    else out.centsNumber(adj);
    out.ascii(m.missingBasis ? ',"acquiredAt":null,"missingBasis":true}' : ',"acquiredAt":"');
    if (!m.missingBasis) {
      out.ascii(formatDay(m.acquiredDay));
      if (m.identifiedAt) {
        // where the sale named this lot (specific identification recorded at the sale)
        out.ascii('","identifiedAt":');
        out.jsonString(m.identifiedAt.raw);
        out.ascii("}");
      } else out.ascii('"}');
    }
  }
  out.ascii('],"tx":');
  out.jsonString(row.tx.raw);
  out.ascii("}");
}

/** Below 2^50 cents in magnitude, three columns add up exactly in a number (below 2^53). */
const SMALL_CENTS = 1n << 50n;

/** The row's proceeds, costBasis, code, adjustment and gain, from its cents (the text of rowCents and formatCents). */
function writeMoneyColumns(row: DisposalRow, out: SyncWriter): void {
  const p = row.proceedsCents;
  const b = row.costBasisCents;
  const a = row.adjustmentCents;
  const code = row.adjustment > 0n ? ',"code":"W","adjustment":' : ',"code":"","adjustment":';
  if (p < SMALL_CENTS && p > -SMALL_CENTS && b < SMALL_CENTS && b > -SMALL_CENTS && a < SMALL_CENTS && a > -SMALL_CENTS) {
    // the common case: number arithmetic, exact here, and no bigint made
    const pn = Number(p);
    const bn = Number(b);
    const an = Number(a);
    out.centsNumber(pn);
    out.ascii(',"costBasis":');
    out.centsNumber(bn);
    out.ascii(code);
    out.centsNumber(an);
    out.ascii(',"gain":');
    out.centsNumber(pn - bn + an);
    return;
  }
  const c = rowCents(row);
  out.cents(c.proceeds, formatCents);
  out.ascii(',"costBasis":');
  out.cents(c.costBasis, formatCents);
  out.ascii(code);
  out.cents(c.adjustment, formatCents);
  out.ascii(',"gain":');
  out.cents(c.gain, formatCents);
}

export function lotJson(lot: Lot, withChain = false): LotJson {
  return {
    wallet: lot.wallet,
    ...(withChain ? { chain: lot.chain } : {}),
    asset: lot.asset,
    quantity: formatQuantity(lot.remaining),
    costBasis: formatUsd(lot.basisRemaining),
    holdingPeriodStart: formatDay(lot.holdingPeriodStartDay),
    acquiredAt: formatDay(lot.acquiredDay),
    tx: lot.tx.raw,
    ...(withChain && lot.moves ? { bridges: lot.moves.map(bridgeJson) } : {}),
  };
}

export function incomeJson(row: IncomeRow, withChain = false): IncomeJson {
  return {
    wallet: row.wallet,
    ...(withChain ? { chain: row.chain } : {}),
    asset: row.asset,
    date: formatDay(row.day),
    quantity: formatQuantity(row.quantity),
    value: formatUsd(row.value),
    tx: row.tx.raw,
  };
}

/** Keeps the disposals and income of one tax year (lots stay: they are the open lots after the last event). */
export function filterYear(result: GainsResult, year: number | undefined): GainsResult {
  if (year === undefined) return result;
  return {
    ...result,
    disposals: result.disposals.filter((d) => yearOfDay(d.soldDay) === year),
    income: result.income.filter((i) => yearOfDay(i.day) === year),
  };
}

export function gainsJson(result: GainsResult): GainsJson {
  const withChain = showsChains(result);
  return {
    disposals: result.disposals.map((d) => disposalJson(d, withChain)),
    lots: result.lots.map((l) => lotJson(l, withChain)),
    income: result.income.map((i) => incomeJson(i, withChain)),
  };
}

/** Streams the JSON text in pieces (large ledgers produce hundreds of thousands of rows). */
export function* gainsJsonChunks(result: GainsResult): Generator<string> {
  const section = function* <T>(name: string, items: readonly T[], fmt: (t: T) => unknown, last: boolean) {
    yield `"${name}":[`;
    for (let i = 0; i < items.length; i++) yield (i ? ",\n" : "\n") + JSON.stringify(fmt(items[i]));
    yield `]${last ? "" : ","}\n`;
  };
  const withChain = showsChains(result);
  yield "{";
  yield* section("disposals", result.disposals, (d) => disposalJson(d, withChain), false);
  yield* section("lots", result.lots, (l) => lotJson(l, withChain), false);
  yield* section("income", result.income, (i) => incomeJson(i, withChain), true);
  yield "}\n";
}

/**
 * Runs the engine and writes the JSON form as it goes: each disposal row is written when its sale is
 * processed, then the open lots and the income. Memory stays bounded by the open lots. Given a
 * SyncWriter, rows are written as bytes (writeDisposalJson); given a function, as text.
 */
export function streamGainsJson(
  events: readonly LedgerEvent[],
  options: EngineOptions,
  year: number | undefined,
  output: SyncWriter | ((s: string) => void),
): { result: GainsResult; rows: number; washedRows: number } {
  let n = 0;
  let washedRows = 0;
  const out = output instanceof SyncWriter ? output : undefined;
  const write = out ? (s: string) => out.write(s) : (output as (s: string) => void);
  write('{"disposals":[');
  const withChain = chainsOf(events).length > 1;
  const result = new TaxEngine(options).run(events, (row) => {
    if (year !== undefined && yearOfDay(row.soldDay) !== year) return;
    if (row.adjustment > 0n) washedRows++;
    if (out) {
      out.ascii(n++ ? ",\n" : "\n");
      writeDisposalJson(row, out, withChain);
    } else write((n++ ? ",\n" : "\n") + disposalJsonText(row, withChain));
  });
  const filtered = filterYear(result, year);
  write("],\n");
  const rest = gainsJsonChunks({ ...filtered, disposals: [] });
  rest.next(); // "{"
  rest.next(); // "disposals":[
  rest.next(); // ],
  for (const chunk of rest) write(chunk);
  return { result: filtered, rows: n, washedRows };
}

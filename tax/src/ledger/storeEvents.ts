/**
 * The indexer's store rows (the subgraph's Lot, Disposal, Withdrawal and Asset entities) as ledger events.
 *
 * - Wallet: the vault address (each vault is one tax wallet). Asset: the token's symbol.
 * - Order: chain order (block, log index); within one log a Trade's or LossHarvest's Disposal of tokenIn
 *   comes before the Lot of tokenOut it paid for (see ENTITY_RANK).
 * - Quantities: raw base units / 10^decimals, exact (decimals above 18 must leave no sub-1e-18 digits).
 * - Acquisitions are valued from the raw 18-decimal price (`unitCostRaw`) times the raw quantity, rounded
 *   once to the engine's 1e-12 USD, never from the rounded BigDecimal strings.
 * - Disposals: proceeds are the subgraph's `proceedsUsd` (the FMV received, already net of the DEX fee;
 *   the fee is informational and not deducted again), never quantity × price.
 * - Withdrawals (the owner moving tokens out of the vault to another of their wallets): transfers to the
 *   Withdrawal's `to`, which move the lots they relieve into that wallet with their basis and dates.
 * - tx: "<transactionHash>:<logIndex>", the engine's usual reference, so every figure traces to its log.
 * - LotIdentification rows (the lots a sale's own transaction named, KeeperGateway's LotsIdentified) become
 *   their Disposal's `identified` lots, in the order named, each with the identification's "<hash>:<logIndex>":
 *   specific identification relieves exactly those; a sale without any is left to the method's fallback.
 * - Chain: every event is on the store's chain (`options.chain`, from the deployment; else the chainId the
 *   LotIdentification rows record; else the home chain). Off the home chain a lot's id is the subgraph's
 *   chain-qualified key "<chainId>-<block>-<logIndex>" (LotIdentification.lotKey), so lots of two chains'
 *   stores never share an id.
 * - The liquidity manager's rows (RangeLiquidityChange, RangeFeeCollection, RangeRatioSwap), when the store
 *   has them: fee income, ratio swaps, and entries and exits under the chosen reading (liquidity/).
 */
import { HOME_CHAIN } from "../engine/chains";
import { divRound, MONEY_DIGITS, QTY_DIGITS } from "../engine/fixed";
import type { EventKind, LedgerEvent, LotIdentificationRef } from "../engine/model";
import { InputError } from "../errors";
import { liquidityLedgerEvents, type LiquidityRows } from "./liquidity/liquidityEvents";
import { DEFAULT_LP_READING, type LpReading } from "./liquidity/reading";

export type StoreValue = string | number | bigint | boolean | null | undefined;
export type StoreRow = Record<string, StoreValue>;

export interface StoreRows extends LiquidityRows {
  Asset: StoreRow[];
  Lot: StoreRow[];
  Disposal: StoreRow[];
  Withdrawal: StoreRow[];
  /** absent in a store synced before the subgraph had it: no sale named its lots */
  LotIdentification?: StoreRow[];
  /** the bridge's transfers, one row per chain that saw a side of it (storeChains.ts); absent before the subgraph indexed the bridge */
  BridgeTransfer?: StoreRow[];
  /** accepted prices of the stablecoin the bridge moves, to value a bridge at its send (storeChains.ts) */
  PriceUpdate?: StoreRow[];
}

export interface StoreMappingOptions {
  /** leave out every Lot and Disposal of an asset with isStable (the stablecoin counted as cash) */
  stablecoinsAsCash?: boolean;
  /** names the store in messages */
  store?: string;
  /** names the store in each event's source (the audit trail); default: `store` */
  label?: string;
  /** the chain id the store's subgraph indexes (the deployment's); default: the LotIdentification rows' chainId, else the home chain */
  chain?: number;
  /** how the liquidity manager's entries and exits are taxed (liquidity/reading.ts; default DEFAULT_LP_READING) */
  lpReading?: LpReading;
  /** bridge events sent from this chain (storeChains.ts), placed in chain order by their send's block and log */
  bridges?: { block: bigint; logIndex: bigint; event: LedgerEvent }[];
}

/** Something the mapping did not put in the ledger, for the user to know (printed on stderr). */
export interface StoreNote {
  entity: string;
  id: string;
  message: string;
}

export interface StoreLedger {
  events: LedgerEvent[];
  notes: StoreNote[];
  counts: { lots: number; disposals: number; withdrawals: number; skippedStable: number; identifiedDisposals: number; liquidityEvents?: number; bridges?: number };
  /** the reading the liquidity manager's rows were mapped under */
  lpReading: LpReading;
}

/** Within one log (a Trade or LossHarvest), the disposal of tokenIn is processed before the lot of tokenOut it paid for. */
export const ENTITY_RANK = { Disposal: 0, Lot: 1, Withdrawal: 2, Bridge: 2 } as const;

const LOT_KINDS: Record<string, EventKind> = {
  REBALANCE_BUY: "buy",
  LOSS_HARVEST_PROCEEDS: "buy",
  HARVEST_INCOME: "income",
  DEPOSIT: "deposit",
  // the owner-funded LP position's tokens, back in the vault after an emergency exit: basis at fair
  // market value on arrival, like a deposit
  LP_UNWIND: "deposit",
};
const DISPOSAL_KINDS: Record<string, EventKind> = { TRADE: "swap", LOSS_HARVEST: "harvest" };

export interface AssetInfo {
  name: string;
  decimals: number;
  isStable: boolean;
}

export class RowReader {
  constructor(
    readonly entity: string,
    readonly row: StoreRow,
    readonly index: number,
    private readonly store: string,
  ) {}

  get id(): string {
    return String(this.row.id ?? `(row ${this.index + 1} without id)`);
  }

  fail(field: string, why: string): never {
    const value = this.row[field];
    throw new InputError(`${this.store}: ${this.entity} ${this.id}, field ${field}: ${why}${value === undefined ? "" : ` (value ${JSON.stringify(String(value))})`}`);
  }

  text(field: string): string {
    const v = this.row[field];
    if (v === null || v === undefined || String(v) === "") this.fail(field, "missing");
    return String(v);
  }

  /** A non-negative integer stored as text (BigInt) or a number (Int). */
  natural(field: string): bigint {
    const t = this.text(field);
    if (!/^\d+$/.test(t)) this.fail(field, "not a non-negative integer");
    return BigInt(t);
  }

  bool(field: string): boolean {
    const v = this.row[field];
    if (v === 1 || v === true || v === "1" || v === "true" || v === 1n) return true;
    if (v === 0 || v === false || v === "0" || v === "false" || v === 0n) return false;
    return this.fail(field, "not a boolean");
  }

  oneOf<T>(field: string, table: Record<string, T>): T {
    const t = this.text(field);
    const v = table[t];
    if (v === undefined) this.fail(field, `not one of ${Object.keys(table).join(", ")}`);
    return v;
  }

  decimals(): number {
    const d = this.natural("decimals");
    if (d > 77n) this.fail("decimals", "out of range");
    return Number(d);
  }

  hash(): string {
    const h = this.text("transactionHash");
    if (!/^0x[0-9a-fA-F]{64}$/.test(h)) this.fail("transactionHash", "not a 32-byte hex transaction hash");
    return h.toLowerCase();
  }

  /** raw base units → the engine's exact 1e-18 quantity */
  quantity(field: string, decimals: number): bigint {
    const raw = this.natural(field);
    if (raw === 0n) this.fail(field, "zero quantity");
    if (decimals <= QTY_DIGITS) return raw * 10n ** BigInt(QTY_DIGITS - decimals);
    const unit = 10n ** BigInt(decimals - QTY_DIGITS);
    if (raw % unit !== 0n) this.fail(field, `more than ${QTY_DIGITS} decimals of the token (decimals ${decimals}) cannot be held exactly`);
    return raw / unit;
  }
}

/**
 * A BigDecimal as graph-node prints it ("123.45", "1.5E-7", "-0") → USD in 1e-12 units, rounded once,
 * half away from zero. Negative values are refused.
 */
export function parseBigDecimalMoney(text: string): bigint | undefined {
  const m = /^(\d+)(?:\.(\d+))?(?:[eE]([-+]?\d+))?$/.exec(text);
  if (!m) return undefined;
  const frac = m[2] ?? "";
  const int = BigInt(m[1] + frac);
  const shift = MONEY_DIGITS - frac.length + Number(m[3] ?? 0); // value = int × 10^(shift − MONEY_DIGITS)
  return shift >= 0 ? int * 10n ** BigInt(shift) : divRound(int, 10n ** BigInt(-shift));
}

function assetTable(rows: StoreRow[], store: string): Map<string, AssetInfo> {
  const readers = rows.map((row, i) => new RowReader("Asset", row, i, store));
  const bySymbol = new Map<string, number>();
  for (const r of readers) bySymbol.set(r.text("symbol"), (bySymbol.get(r.text("symbol")) ?? 0) + 1);
  const assets = new Map<string, AssetInfo>();
  for (const r of readers) {
    const symbol = r.text("symbol");
    // two tokens with one symbol are different property: keep them apart by address
    const name = (bySymbol.get(symbol) ?? 0) > 1 ? `${symbol}@${r.id.toLowerCase()}` : symbol;
    assets.set(r.id.toLowerCase(), { name, decimals: r.decimals(), isStable: r.bool("isStable") });
  }
  return assets;
}

/**
 * LotIdentification rows by the id of the Disposal they name, each disposal's in the order the sale named
 * them. A row naming no disposal (the transaction sold none of the asset) is a note, not an error.
 */
/**
 * The chain of the store: the one given (the deployment's), which every LotIdentification's chainId must
 * match; else the chainId they record (all the same); else the home chain.
 */
export function storeChain(rows: StoreRow[], given: number | undefined, store: string): number {
  let chain = given;
  rows.forEach((row, i) => {
    const r = new RowReader("LotIdentification", row, i, store);
    const id = r.natural("chainId");
    if (chain === undefined) chain = Number(id);
    else if (id !== BigInt(chain)) r.fail("chainId", `the store's lots are on chain ${chain}${given === undefined ? " (an earlier identification's)" : " (the deployment's)"}`);
  });
  return chain ?? HOME_CHAIN;
}

/** A Lot entity's id as the engine's lot id: as it is on the home chain, "<chainId>-<id>" elsewhere (the subgraph's lotKey). */
function lotIdOn(chain: number, id: string): string {
  return chain === HOME_CHAIN ? id : `${chain}-${id}`;
}

/** A liquidity event of the store on the store's chain: off the home chain it names the chain and its lot id carries it. */
function placeOnChain(event: LedgerEvent, chain: number): LedgerEvent {
  if (chain === HOME_CHAIN) return event;
  event.chain = chain;
  if (event.lot) event.lot = lotIdOn(chain, event.lot);
  return event;
}

function identificationsByDisposal(rows: StoreRow[], assets: Map<string, AssetInfo>, store: string, notes: StoreNote[], chain: number): Map<string, LotIdentificationRef[]> {
  const found = new Map<string, { position: number; ref: LotIdentificationRef }[]>();
  rows.forEach((row, i) => {
    const r = new RowReader("LotIdentification", row, i, store);
    const assetId = r.text("asset").toLowerCase();
    const asset = assets.get(assetId) ?? r.fail("asset", "no Asset row with this id");
    const disposal = row.disposal;
    if (disposal === null || disposal === undefined || String(disposal) === "") {
      notes.push({ entity: "LotIdentification", id: r.id, message: `names lot ${r.text("lot")} but its transaction ${r.hash()} disposed of no ${asset.name}; ignored` });
      return;
    }
    const hash = r.hash();
    const logIndex = r.natural("logIndex");
    const ref: LotIdentificationRef = {
      lot: lotIdOn(chain, r.text("lot")),
      quantity: r.quantity("quantity", asset.decimals),
      tx: { raw: `${hash}:${logIndex}`, hash, logIndex: Number(logIndex) },
    };
    const list = found.get(String(disposal)) ?? [];
    list.push({ position: Number(r.natural("position")), ref });
    found.set(String(disposal), list);
  });
  const out = new Map<string, LotIdentificationRef[]>();
  for (const [id, list] of found) out.set(id, list.sort((a, b) => a.position - b.position).map((x) => x.ref));
  return out;
}

interface Keyed {
  block: bigint;
  logIndex: bigint;
  rank: number;
  event?: LedgerEvent;
}

/** Maps the store's rows to ledger events in chain order. Every row is checked; the first problem is thrown. */
export function storeRowsToLedger(rows: StoreRows, options: StoreMappingOptions = {}): StoreLedger {
  const store = options.store ?? "store";
  const assets = assetTable(rows.Asset, store);
  const keyed: Keyed[] = [];
  const notes: StoreNote[] = [];
  const counts: StoreLedger["counts"] = { lots: 0, disposals: 0, withdrawals: 0, skippedStable: 0, identifiedDisposals: 0 };
  const chain = storeChain(rows.LotIdentification ?? [], options.chain, store);
  const onChain = chain === HOME_CHAIN ? {} : { chain };
  const identified = identificationsByDisposal(rows.LotIdentification ?? [], assets, store, notes, chain);

  const common = (r: RowReader, kind: EventKind) => {
    const assetId = r.text("asset").toLowerCase();
    const asset = assets.get(assetId) ?? r.fail("asset", "no Asset row with this id");
    const block = r.natural("blockNumber");
    const logIndex = r.natural("logIndex");
    const hash = r.hash();
    const time = Number(r.natural("timestamp")) * 1000;
    const wallet = r.text("vault").toLowerCase();
    const tx = { raw: `${hash}:${logIndex}`, hash, logIndex: Number(logIndex) };
    const source = { file: `${options.label ?? store} ${r.entity} ${r.id}`, line: r.index + 1 };
    return { asset, block, logIndex, base: { kind, ...onChain, wallet, asset: asset.name, time, tx, source } };
  };

  rows.Lot.forEach((row, i) => {
    const r = new RowReader("Lot", row, i, store);
    const kind = r.oneOf("source", LOT_KINDS);
    const { asset, block, logIndex, base } = common(r, kind);
    const decimals = r.decimals();
    const quantity = r.quantity("quantity", decimals);
    const raw = r.natural("quantity");
    const price = r.natural("unitCostRaw");
    // raw × price / 10^(decimals + 18) dollars, in 1e-12 units
    const value = divRound(raw * price, 10n ** BigInt(decimals + 18 - MONEY_DIGITS));
    if (options.stablecoinsAsCash && asset.isStable) {
      counts.skippedStable++;
      return;
    }
    counts.lots++;
    // the lot id (specific identification, audit trail) is the Lot entity id, "<block>-<logIndex>"
    const event: LedgerEvent = { ...base, quantity, value, fee: 0n, lot: lotIdOn(chain, r.id) };
    // a deposit carries basis at fair market value when deposited, and its own acquisition time
    if (kind === "deposit") Object.assign(event, { carriedBasis: value, carriedAcquiredTime: base.time });
    keyed.push({ block, logIndex, rank: ENTITY_RANK.Lot, event });
  });

  rows.Disposal.forEach((row, i) => {
    const r = new RowReader("Disposal", row, i, store);
    const kind = r.oneOf("kind", DISPOSAL_KINDS);
    const { asset, block, logIndex, base } = common(r, kind);
    const shortfall = r.natural("positionShortfall");
    if (shortfall > 0n) {
      r.fail("positionShortfall", "the vault held less than it disposed of (holdings the subgraph did not see), so the basis of this sale is unknown");
    }
    const quantity = r.quantity("quantity", r.decimals());
    const proceeds = parseBigDecimalMoney(r.text("proceedsUsd")) ?? r.fail("proceedsUsd", "not a non-negative decimal USD amount");
    if (options.stablecoinsAsCash && asset.isStable) {
      counts.skippedStable++;
      return;
    }
    counts.disposals++;
    const event: LedgerEvent = { ...base, quantity, value: proceeds, fee: 0n };
    const named = identified.get(r.id);
    if (named) {
      event.identified = named;
      counts.identifiedDisposals++;
    }
    keyed.push({ block, logIndex, rank: ENTITY_RANK.Disposal, event });
  });

  rows.Withdrawal.forEach((row, i) => {
    const r = new RowReader("Withdrawal", row, i, store);
    const { asset, block, logIndex, base } = common(r, "transfer");
    const shortfall = r.natural("positionShortfall");
    if (shortfall > 0n) r.fail("positionShortfall", "the vault held less than it withdrew (holdings the subgraph did not see)");
    const quantity = r.quantity("amount", asset.decimals);
    const to = r.text("to").toLowerCase();
    if (!/^0x[0-9a-f]{40}$/.test(to)) r.fail("to", "not a 20-byte hex address");
    if (to === base.wallet) r.fail("to", "a withdrawal from the vault to itself");
    counts.withdrawals++;
    if (options.stablecoinsAsCash && asset.isStable) return;
    // the owner moves tokens out of the vault to another wallet of theirs: a transfer, not a sale
    keyed.push({ block, logIndex, rank: ENTITY_RANK.Withdrawal, event: { ...base, quantity, value: 0n, fee: 0n, toWallet: to } });
  });

  for (const b of options.bridges ?? []) keyed.push({ block: b.block, logIndex: b.logIndex, rank: ENTITY_RANK.Bridge, event: b.event });

  const lpReading = options.lpReading ?? DEFAULT_LP_READING;
  const liquidity = liquidityLedgerEvents(rows, assets, { reading: lpReading, stablecoinsAsCash: options.stablecoinsAsCash, store, label: options.label });
  for (const p of liquidity.placed) keyed.push({ block: p.block, logIndex: p.logIndex, rank: ENTITY_RANK.Withdrawal + 1 + p.order, event: placeOnChain(p.event, chain) });
  notes.push(...liquidity.notes);
  if (liquidity.placed.length > 0) counts.liquidityEvents = liquidity.placed.length;

  keyed.sort((a, b) => (a.block !== b.block ? (a.block < b.block ? -1 : 1) : a.logIndex !== b.logIndex ? (a.logIndex < b.logIndex ? -1 : 1) : a.rank - b.rank));
  return { events: keyed.map((k) => k.event as LedgerEvent), notes, counts, lpReading };
}


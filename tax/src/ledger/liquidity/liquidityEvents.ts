/**
 * The liquidity manager's rows of the indexer's store (the subgraph's RangeLiquidityChange, RangeFeeCollection
 * and RangeRatioSwap) as ledger events, under one of the two readings (reading.ts).
 *
 * Under every reading:
 * - collected fees (RangeFeeCollection) are ordinary income at fair market value when collected: an `income`
 *   lot of each token at the log's oracle price;
 * - a ratio swap (RangeRatioSwap) is an exchange: a `swap` disposal of tokenIn whose proceeds are the fair
 *   market value of tokenOut received, and a `buy` of tokenOut at that value (as a rebalancer Trade).
 * Reading "disposal": an OPEN or REINVEST disposes of each token at its value and buys the position
 * ("<asset>-<stable>-LP#<tokenId>", quantity = the liquidity L added, a whole unit per L); a CLOSE disposes of
 * all of it for the value of the tokens received and buys each token at its value.
 * Reading "carryover": an OPEN or REINVEST transfers each token from the vault's wallet into the position's
 * own wallet ("<vault>/lp#<tokenId>"), basis and dates carried; a CLOSE transfers back up to what went in of
 * each token, and the mix change is taxed (see reading.ts).
 *
 * Every event's tx is "<transactionHash>:<logIndex>" of the row's log; a lot's id is the row's id
 * ("<block>-<logIndex>"), suffixed "-asset" / "-stable" when one log opens a lot of each token.
 * Values: raw amount × the 18-decimal price / 10^(decimals + 18), in the engine's 1e-12 USD, rounded once.
 */
import { divRound, MONEY_DIGITS, QTY_DIGITS } from "../../engine/fixed";
import type { EventKind, LedgerEvent } from "../../engine/model";
import type { AssetInfo, StoreNote, StoreRow } from "../storeEvents";
import { RowReader } from "../storeEvents";
import type { LpReading } from "./reading";

export interface LiquidityRows {
  RangeLiquidityChange?: StoreRow[];
  RangeFeeCollection?: StoreRow[];
  RangeRatioSwap?: StoreRow[];
}

export interface LiquidityMappingOptions {
  reading: LpReading;
  stablecoinsAsCash?: boolean;
  store: string;
  label?: string;
}

/** A ledger event at its log, with its order among the events one log makes. */
export interface PlacedEvent {
  block: bigint;
  logIndex: bigint;
  order: number;
  event: LedgerEvent;
}

/** The tables this module reads, when the store has them. */
export const LIQUIDITY_TABLES = ["RangeLiquidityChange", "RangeFeeCollection", "RangeRatioSwap"] as const;

/** The position wallet of reading "carryover": the vault's tokens while they are in position `tokenId`. */
export function positionWallet(vault: string, tokenId: bigint): string {
  return `${vault}/lp#${tokenId}`;
}

/** The position as property under reading "disposal". */
export function positionAssetName(asset: string, stable: string, tokenId: bigint): string {
  return `${asset}-${stable}-LP#${tokenId}`;
}

/** A whole unit of the position per unit of liquidity L: L in the engine's 1e-18 quantity. */
function liquidityQuantity(l: bigint): bigint {
  return l * 10n ** BigInt(QTY_DIGITS);
}

function value(raw: bigint, decimals: number, priceRaw: bigint): bigint {
  return divRound(raw * priceRaw, 10n ** BigInt(decimals + 18 - MONEY_DIGITS));
}

/** One token's side of a row: its asset, amount (raw and engine units), price and value. */
interface Side {
  asset: AssetInfo;
  raw: bigint;
  priceRaw: bigint;
  quantity: bigint;
  value: bigint;
}

class LiquidityMapper {
  readonly placed: PlacedEvent[] = [];
  readonly notes: StoreNote[] = [];
  /** reading "carryover": what went into each open position (raw), by RangePosition id */
  private readonly inPosition = new Map<string, { asset: bigint; stable: bigint }>();

  constructor(
    private readonly assets: Map<string, AssetInfo>,
    private readonly options: LiquidityMappingOptions,
  ) {}

  private assetOf(r: RowReader, field: string): AssetInfo {
    return this.assets.get(r.text(field).toLowerCase()) ?? r.fail(field, "no Asset row with this id");
  }

  private side(r: RowReader, assetField: string, amountField: string, priceField: string): Side {
    const asset = this.assetOf(r, assetField);
    const raw = r.natural(amountField);
    const quantity = raw === 0n ? 0n : r.quantity(amountField, asset.decimals);
    const priceRaw = r.natural(priceField);
    return { asset, raw, priceRaw, quantity, value: value(raw, asset.decimals, priceRaw) };
  }

  private skipped(asset: AssetInfo): boolean {
    return !!this.options.stablecoinsAsCash && asset.isStable;
  }

  /** Adds one event of row `r` (in the order added within the row's log). */
  private emit(r: RowReader, order: { n: number }, kind: EventKind, wallet: string, asset: string, quantity: bigint, v: bigint, extra: Partial<LedgerEvent> = {}): void {
    if (quantity === 0n) return;
    const hash = r.hash();
    const logIndex = r.natural("logIndex");
    const event: LedgerEvent = {
      kind,
      wallet,
      asset,
      time: Number(r.natural("timestamp")) * 1000,
      quantity,
      value: v,
      fee: 0n,
      tx: { raw: `${hash}:${logIndex}`, hash, logIndex: Number(logIndex) },
      source: { file: `${this.options.label ?? this.options.store} ${r.entity} ${r.id}`, line: r.index + 1 },
      ...extra,
    };
    this.placed.push({ block: r.natural("blockNumber"), logIndex, order: order.n++, event });
  }

  private notePrice(r: RowReader): void {
    if (r.text("priceSource") === "NONE") {
      this.notes.push({ entity: r.entity, id: r.id, message: "no oracle price was indexed before this log, so its values are 0" });
    }
  }

  feeCollection(row: StoreRow, i: number): void {
    const r = new RowReader("RangeFeeCollection", row, i, this.options.store);
    const wallet = r.text("vault").toLowerCase();
    const order = { n: 0 };
    for (const [key, suffix] of [["asset", "asset"], ["stable", "stable"]] as const) {
      const s = this.side(r, key, `${key}Amount`, `${key}PriceRaw`);
      if (this.skipped(s.asset)) continue;
      this.emit(r, order, "income", wallet, s.asset.name, s.quantity, s.value, { lot: `${r.id}-${suffix}` });
    }
  }

  ratioSwap(row: StoreRow, i: number): void {
    const r = new RowReader("RangeRatioSwap", row, i, this.options.store);
    this.notePrice(r);
    const wallet = r.text("vault").toLowerCase();
    const tokenIn = this.assetOf(r, "tokenIn");
    const tokenOut = this.assetOf(r, "tokenOut");
    const outRaw = r.natural("amountOut");
    const received = value(outRaw, tokenOut.decimals, r.natural("priceOutRaw"));
    const order = { n: 0 };
    if (!this.skipped(tokenIn)) this.emit(r, order, "swap", wallet, tokenIn.name, r.quantity("amountIn", tokenIn.decimals), received);
    if (!this.skipped(tokenOut) && outRaw > 0n) this.emit(r, order, "buy", wallet, tokenOut.name, r.quantity("amountOut", tokenOut.decimals), received, { lot: r.id });
  }

  change(row: StoreRow, i: number): void {
    const r = new RowReader("RangeLiquidityChange", row, i, this.options.store);
    this.notePrice(r);
    const kind = r.text("kind");
    if (kind !== "OPEN" && kind !== "REINVEST" && kind !== "CLOSE") r.fail("kind", "not one of OPEN, REINVEST, CLOSE");
    const c = {
      r,
      vault: r.text("vault").toLowerCase(),
      tokenId: r.natural("tokenId"),
      liquidity: r.natural("liquidity"),
      asset: this.side(r, "asset", "assetAmount", "assetPriceRaw"),
      stable: this.side(r, "stable", "stableAmount", "stablePriceRaw"),
      order: { n: 0 },
    };
    if (this.options.reading === "disposal") {
      if (kind === "CLOSE") this.exitByDisposal(c);
      else this.entryByDisposal(c);
    } else if (kind === "CLOSE") this.exitByCarryover(c);
    else this.entryByCarryover(c);
  }

  private entryByDisposal(c: Change): void {
    for (const s of [c.asset, c.stable]) {
      if (!this.skipped(s.asset)) this.emit(c.r, c.order, "swap", c.vault, s.asset.name, s.quantity, s.value);
    }
    const name = positionAssetName(c.asset.asset.name, c.stable.asset.name, c.tokenId);
    this.emit(c.r, c.order, "buy", c.vault, name, liquidityQuantity(c.liquidity), c.asset.value + c.stable.value, { lot: c.r.id });
  }

  private exitByDisposal(c: Change): void {
    if (c.liquidity === 0n) c.r.fail("liquidity", "a close of a position with no liquidity recorded (its opening is not in the store)");
    const name = positionAssetName(c.asset.asset.name, c.stable.asset.name, c.tokenId);
    this.emit(c.r, c.order, "swap", c.vault, name, liquidityQuantity(c.liquidity), c.asset.value + c.stable.value);
    for (const [s, suffix] of [[c.asset, "asset"], [c.stable, "stable"]] as const) {
      if (!this.skipped(s.asset)) this.emit(c.r, c.order, "buy", c.vault, s.asset.name, s.quantity, s.value, { lot: `${c.r.id}-${suffix}` });
    }
  }

  private entryByCarryover(c: Change): void {
    const key = c.r.text("position");
    const held = this.inPosition.get(key) ?? { asset: 0n, stable: 0n };
    held.asset += c.asset.raw;
    held.stable += c.stable.raw;
    this.inPosition.set(key, held);
    const to = positionWallet(c.vault, c.tokenId);
    for (const s of [c.asset, c.stable]) {
      if (!this.skipped(s.asset)) this.emit(c.r, c.order, "transfer", c.vault, s.asset.name, s.quantity, 0n, { toWallet: to });
    }
  }

  private exitByCarryover(c: Change): void {
    const key = c.r.text("position");
    const held = this.inPosition.get(key) ?? c.r.fail("position", "a close of a position whose opening is not in the store");
    this.inPosition.delete(key);
    const from = positionWallet(c.vault, c.tokenId);
    const legs = [
      { s: c.asset, in: held.asset, suffix: "asset" },
      { s: c.stable, in: held.stable, suffix: "stable" },
    ].map((l) => ({ ...l, short: l.in > l.s.raw ? l.in - l.s.raw : 0n, surplus: l.s.raw > l.in ? l.s.raw - l.in : 0n }));
    const units = (l: (typeof legs)[number], raw: bigint) => scaled(raw, l.s.asset.decimals, c.r);
    const worth = (l: (typeof legs)[number], raw: bigint) => value(raw, l.s.asset.decimals, l.s.priceRaw);
    const paidFor = legs.some((l) => l.short > 0n);
    // the mix change: each shortfall disposed of (from the position) for the other token's surplus
    for (const l of legs) {
      if (l.short === 0n || this.skipped(l.s.asset)) continue;
      const other = legs.find((o) => o !== l)!;
      this.emit(c.r, c.order, "swap", from, l.s.asset.name, units(l, l.short), worth(other, other.surplus));
    }
    // what came back of what went in keeps its basis and dates
    for (const l of legs) {
      if (this.skipped(l.s.asset)) continue;
      const back = l.in < l.s.raw ? l.in : l.s.raw;
      if (back > 0n) this.emit(c.r, c.order, "transfer", from, l.s.asset.name, units(l, back), 0n, { toWallet: c.vault });
    }
    // the surplus: bought with the shortfall, or (with no shortfall) fees collected with the removal
    for (const l of legs) {
      if (l.surplus === 0n || this.skipped(l.s.asset)) continue;
      this.emit(c.r, c.order, paidFor ? "buy" : "income", c.vault, l.s.asset.name, units(l, l.surplus), worth(l, l.surplus), { lot: `${c.r.id}-${l.suffix}` });
    }
  }
}

interface Change {
  r: RowReader;
  vault: string;
  tokenId: bigint;
  liquidity: bigint;
  asset: Side;
  stable: Side;
  order: { n: number };
}

/** raw base units → the engine's 1e-18 quantity (exact, as RowReader.quantity). */
function scaled(raw: bigint, decimals: number, r: RowReader): bigint {
  if (decimals <= QTY_DIGITS) return raw * 10n ** BigInt(QTY_DIGITS - decimals);
  const unit = 10n ** BigInt(decimals - QTY_DIGITS);
  if (raw % unit !== 0n) r.fail("assetAmount", `more than ${QTY_DIGITS} decimals of the token cannot be held exactly`);
  return raw / unit;
}

/**
 * The ledger events of the store's liquidity rows under `options.reading`. The changes are read in chain
 * order (their ids), since a close under "carryover" needs what its position took in before.
 */
export function liquidityLedgerEvents(rows: LiquidityRows, assets: Map<string, AssetInfo>, options: LiquidityMappingOptions): { placed: PlacedEvent[]; notes: StoreNote[] } {
  const m = new LiquidityMapper(assets, options);
  (rows.RangeFeeCollection ?? []).forEach((row, i) => m.feeCollection(row, i));
  (rows.RangeRatioSwap ?? []).forEach((row, i) => m.ratioSwap(row, i));
  const changes = [...(rows.RangeLiquidityChange ?? [])].sort((a, b) => (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0));
  changes.forEach((row, i) => m.change(row, i));
  return { placed: m.placed, notes: m.notes };
}

import { InputError, InsufficientBasisError, where } from "../errors";
import { expandBridges } from "./bridges";
import { chainOf, HOME_CHAIN, walletKey, walletName } from "./chains";
import { dayFromTime, formatDay, isLongTerm } from "./dates";
import { formatQuantity, mulDivRound, toCents, toCentsNumber } from "./fixed";
import { LotPool } from "./lotBook";
import {
  type IdentificationShortfall,
  ACQUISITION_KINDS,
  type AcquisitionKind,
  type DisposalKind,
  type DisposalRow,
  type EngineOptions,
  type GainsResult,
  type IncomeRow,
  type LedgerEvent,
  type TxRef,
  type Lot,
  type LotMatch,
  type WashReplacement,
} from "./model";
import { WashSaleTracker, type LossPart, type SplitLot } from "./washSales";

/** Shared by every row and lot match without wash-sale replacements (most of them); never mutated. */
const NO_REPLACEMENTS = Object.freeze([]) as unknown as WashReplacement[];
const NO_LOTS: readonly LotMatch[] = Object.freeze([]);

/** Events in time order; events at the same instant keep their input order. */
export function chronological(events: readonly LedgerEvent[]): LedgerEvent[] {
  let sorted = true;
  for (let i = 1; i < events.length && sorted; i++) sorted = events[i - 1].time <= events[i].time;
  if (sorted) return events.slice();
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.time - b.e.time || a.i - b.i)
    .map((x) => x.e);
}

/**
 * A lot's id: its `lot` column, else its transaction; off the home chain the transaction id carries the
 * chain ("412346:0xabc…:5"), so lots of two chains never share an id.
 */
export function lotIdOf(e: LedgerEvent): string {
  if (e.lot && e.lot.length > 0) return e.lot;
  return e.chain === undefined || e.chain === HOME_CHAIN ? e.tx.raw : `${e.chain}:${e.tx.raw}`;
}

/** The chain ids of the events (and of bridges' destinations), ascending. */
export function chainsOf(events: readonly LedgerEvent[]): number[] {
  const chains = new Set<number>();
  for (const e of events) {
    chains.add(chainOf(e));
    if (e.toChain !== undefined) chains.add(e.toChain);
  }
  return [...chains].sort((a, b) => a - b);
}

/**
 * Runs the ledger through the lot pools: every acquisition opens a lot, every disposal relieves lots
 * under the chosen method and yields one row per lot it touched.
 */
/**
 * Relieves up to `need` from the named `lots` in their order, calling `take` for each piece (with where the
 * lots were named, if they were); returns what they did not cover.
 */
function takeUpTo(lots: readonly Lot[], need: bigint, take: (lot: Lot, quantity: bigint, identifiedAt?: TxRef) => void, identifiedAt?: TxRef): bigint {
  for (const lot of lots) {
    if (need === 0n) break;
    const q = lot.remaining < need ? lot.remaining : need;
    take(lot, q, identifiedAt);
    need -= q;
  }
  return need;
}

export class TaxEngine {
  readonly options: Required<Omit<EngineOptions, "onMissingBasis">>;
  private readonly onMissingBasis?: (row: DisposalRow) => void;
  private readonly pools = new Map<string, LotPool>();
  private readonly poolIndex = new Map<string, Map<string, LotPool>>();
  private nextSub = 1;
  private readonly shortfalls: IdentificationShortfall[] = [];
  /** splitReplacement, bound once (wash sales call it for every washed loss) */
  /** the loss washRow hands to the wash-sale tracker, reused (read during the call only) */
  private readonly lossPart: LossPart = { asset: "", quantity: 0n, proceeds: 0n, costBasis: 0n, soldDay: 0, lots: NO_LOTS, holdingPeriodStartDay: 0 };
  private readonly split: SplitLot = (lot, quantity, disallowed, holdingPeriodStartDay, soldDay) => this.splitReplacement(lot, quantity, disallowed, holdingPeriodStartDay, soldDay);

  /**
   * @param keepLotHistory keep every lot ever opened (see allLots); off by default because wash-sale
   *   chains on large ledgers split lots into many pieces
   */
  constructor(
    options: EngineOptions,
    private readonly keepLotHistory = false,
  ) {
    this.options = {
      method: options.method,
      washSales: options.washSales ?? false,
      pooling: options.pooling ?? "wallet",
      allowMissingBasis: options.allowMissingBasis ?? false,
      washHoldingPeriod: options.washHoldingPeriod ?? "tacking",
      specificFallback: options.specificFallback ?? "fifo",
      bridgedTokens: options.bridgedTokens ?? "transfer",
    };
    this.onMissingBasis = options.onMissingBasis;
  }

  private poolKey(wallet: string, asset: string): string {
    return this.options.pooling === "universal" ? asset : `${wallet}\u0000${asset}`;
  }

  /** The lot pool of the wallet (chain, address) and asset (of the asset alone under universal pooling). */
  private pool(chain: number, address: string, asset: string): LotPool {
    const wallet = walletKey(chain, address);
    const w = this.options.pooling === "universal" ? "" : wallet;
    let byAsset = this.poolIndex.get(w);
    if (!byAsset) {
      byAsset = new Map();
      this.poolIndex.set(w, byAsset);
    }
    let p = byAsset.get(asset);
    if (!p) {
      p = new LotPool(this.options.method, this.keepLotHistory, this.options.specificFallback);
      byAsset.set(asset, p);
      this.pools.set(this.poolKey(wallet, asset), p);
    }
    return p;
  }

  /**
   * Runs the whole ledger. With a `sink`, each Form 8949 row is handed to it as soon as its sale is
   * processed and not kept (result.disposals stays empty): large ledgers then stream in bounded memory.
   */
  run(input: readonly LedgerEvent[], sink?: (row: DisposalRow) => void): GainsResult {
    // bridges become the sales and transfers they amount to (callers that index events expand them first)
    const events = expandBridges(chronological(input), this.options.bridgedTokens);
    const days = events.map((e) => dayFromTime(e.time));
    const wash = this.options.washSales ? new WashSaleTracker(events, days, lotIdOf) : undefined;
    const disposals: DisposalRow[] = [];
    const income: IncomeRow[] = [];

    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      if (e.quantity <= 0n) throw new InputError(`${where(e.source)}: quantity must be positive`);
      if (ACQUISITION_KINDS.has(e.kind)) {
        this.acquire(e, i, days[i], wash);
        if (e.kind === "income") {
          income.push({ chain: chainOf(e), wallet: e.wallet, asset: e.asset, day: days[i], quantity: e.quantity, value: e.value, tx: e.tx, source: e.source });
        }
      } else if (e.kind === "transfer") {
        this.transfer(e, days[i], wash);
      } else {
        const from = disposals.length;
        this.dispose(e, i, days[i], wash, disposals);
        if (sink) {
          for (let k = from; k < disposals.length; k++) sink(disposals[k]);
          disposals.length = 0;
        }
      }
    }
    const lots = this.openLots();
    lots.sort((a, b) => (a.wallet < b.wallet ? -1 : a.wallet > b.wallet ? 1 : a.chain !== b.chain ? a.chain - b.chain : a.asset < b.asset ? -1 : a.asset > b.asset ? 1 : a.origin - b.origin || a.sub - b.sub));
    return { disposals, lots, income, options: this.options, chains: chainsOf(events), ...(this.shortfalls.length ? { identificationShortfalls: this.shortfalls } : {}) };
  }

  private newLot(e: LedgerEvent, origin: number, acquiredDay: number, quantity: bigint, basis: bigint): Lot {
    return {
      id: lotIdOf(e),
      origin,
      sub: 0,
      chain: chainOf(e),
      wallet: e.wallet,
      asset: e.asset,
      kind: e.kind as AcquisitionKind,
      acquiredTime: e.carriedAcquiredTime ?? e.time,
      acquiredDay,
      holdingPeriodStartDay: acquiredDay,
      quantity,
      basis,
      remaining: quantity,
      basisRemaining: basis,
      washAdjustment: 0n,
      replacementUsed: false,
      tx: e.tx,
      source: e.source,
      unitCost: Number(basis) / Number(quantity),
      transferredFrom: undefined,
      // a lot a bridge bought under the "disposal" rule: linked to both legs
      moves: e.bridge ? [e.bridge] : undefined,
    };
  }

  /**
   * A new lot holding `quantity` units of `lot` with `basis`: same acquisition, next in creation order.
   * Every lot is built with the same fields in the same order (one object shape for the pools' heaps).
   */
  private piece(lot: Lot, quantity: bigint, basis: bigint): Lot {
    return {
      id: lot.id,
      origin: lot.origin,
      sub: this.nextSub++,
      chain: lot.chain,
      wallet: lot.wallet,
      asset: lot.asset,
      kind: lot.kind,
      acquiredTime: lot.acquiredTime,
      acquiredDay: lot.acquiredDay,
      holdingPeriodStartDay: lot.holdingPeriodStartDay,
      quantity,
      basis,
      remaining: quantity,
      basisRemaining: basis,
      washAdjustment: lot.washAdjustment,
      replacementUsed: lot.replacementUsed,
      tx: lot.tx,
      source: lot.source,
      unitCost: Number(basis) / Number(quantity),
      transferredFrom: lot.transferredFrom,
      moves: lot.moves,
    };
  }

  private acquire(e: LedgerEvent, index: number, day: number, wash?: WashSaleTracker): void {
    const acquiredDay = e.carriedAcquiredTime !== undefined ? dayFromTime(e.carriedAcquiredTime) : day;
    const basis = (e.kind === "deposit" && e.carriedBasis !== undefined ? e.carriedBasis : e.value) + e.fee;
    const pool = this.pool(chainOf(e), e.wallet, e.asset);
    let qtyLeft = e.quantity;
    let basisLeft = basis;
    for (const w of wash?.pendingFor(index) ?? []) {
      const share = w.quantity === qtyLeft ? basisLeft : mulDivRound(basisLeft, w.quantity, qtyLeft);
      qtyLeft -= w.quantity;
      basisLeft -= share;
      const piece = this.newLot(e, index, acquiredDay, w.quantity, share + w.disallowed);
      piece.sub = this.nextSub++;
      piece.washAdjustment = w.disallowed;
      piece.replacementUsed = true;
      piece.holdingPeriodStartDay = this.replacementStart(acquiredDay, w.holdingPeriodStartDay, w.soldDay);
      pool.add(piece);
    }
    if (qtyLeft > 0n) {
      const lot = this.newLot(e, index, acquiredDay, qtyLeft, basisLeft);
      lot.sub = this.nextSub++;
      pool.add(lot);
      wash?.lotCreated(lot);
    }
  }

  /** Takes `quantity` out of `lot`, returning the basis that goes with it. */
  private relieve(lot: Lot, quantity: bigint): bigint {
    const basis = quantity === lot.remaining ? lot.basisRemaining : mulDivRound(lot.basisRemaining, quantity, lot.remaining);
    lot.remaining -= quantity;
    lot.basisRemaining -= basis;
    return basis;
  }

  private match(lot: Lot, quantity: bigint): LotMatch {
    const hp = lot.holdingPeriodStartDay;
    return {
      lotId: lot.id,
      chain: lot.chain,
      wallet: lot.wallet,
      quantity,
      costBasis: this.relieve(lot, quantity),
      acquiredDay: lot.acquiredDay,
      holdingPeriodStartDay: hp,
      tx: lot.tx,
      source: lot.source,
      missingBasis: false,
      origin: lot.origin,
      proceeds: 0n,
      adjustment: 0n,
      washReplacements: NO_REPLACEMENTS,
      moves: lot.moves,
    };
  }

  /**
   * Walks the lots a disposal or transfer of `e.quantity` relieves, in the method's order (or the lots
   * named in `e.lot` under specific identification), calling `take(lot, quantity)` for each; `take` must
   * relieve the lot. Returns the quantity no open lot covered.
   */
  private pickLots(e: LedgerEvent, pool: LotPool, take: (lot: Lot, quantity: bigint, identifiedAt?: TxRef) => void): bigint {
    let need = e.quantity;
    if (this.options.method === "specific" && e.identified && e.identified.length > 0) {
      need = this.takeIdentified(e, pool, take);
    }
    if (this.options.method === "specific" && e.lot) {
      for (const id of e.lot.split(";").map((s) => s.trim()).filter(Boolean)) {
        const lots = pool.withId(id);
        if (lots.length === 0) {
          throw new InputError(`${where(e.source)}: lot "${id}" is not an open lot of ${e.asset} in wallet ${walletName(chainOf(e), e.wallet)}`);
        }
        need = takeUpTo(lots, need, take);
      }
      if (need > 0n) {
        throw new InsufficientBasisError(
          `${where(e.source)}: wallet ${walletName(chainOf(e), e.wallet)}, asset ${e.asset}: lot(s) "${e.lot}" hold ${formatQuantity(e.quantity - need)} but ${formatQuantity(e.quantity)} are ${e.kind === "transfer" ? "transferred" : "sold"}`,
        );
      }
      return 0n;
    }
    while (need > 0n) {
      const lot = pool.next();
      if (!lot) break;
      const q = lot.remaining < need ? lot.remaining : need;
      take(lot, q);
      need -= q;
    }
    return need;
  }

  /**
   * Relieves the lots and quantities the sale named at the time of the sale (`e.identified`). A named lot that
   * never existed in the wallet is an error naming the sale and the lot; so are named quantities that do not
   * add up to the sale's. A named lot this computation already relieved, in whole or in part, gives what it
   * still holds; the rest is returned for the default order and recorded as a shortfall (see
   * IdentificationShortfall). Returns the quantity left to relieve.
   */
  private takeIdentified(e: LedgerEvent, pool: LotPool, take: (lot: Lot, quantity: bigint, identifiedAt?: TxRef) => void): bigint {
    const sale = `${where(e.source)}: the sale of ${formatQuantity(e.quantity)} ${e.asset} in tx ${e.tx.raw}`;
    let named = 0n;
    for (const id of e.identified!) named += id.quantity;
    if (named !== e.quantity) {
      throw new InputError(`${sale} names lots holding ${formatQuantity(named)} in total (identification tx ${e.identified![0].tx.raw}), not the ${formatQuantity(e.quantity)} sold`);
    }
    let left = 0n;
    for (const ident of e.identified!) {
      const lots = pool.withId(ident.lot);
      if (lots.length === 0 && !pool.hasSeen(ident.lot)) {
        throw new InputError(`${sale} names lot "${ident.lot}" (identification tx ${ident.tx.raw}), which does not exist in wallet ${walletName(chainOf(e), e.wallet)}`);
      }
      const short = takeUpTo(lots, ident.quantity, take, ident.tx);
      if (short > 0n) {
        this.shortfalls.push({
          tx: e.tx.raw, identificationTx: ident.tx.raw, chain: chainOf(e), wallet: e.wallet, asset: e.asset,
          lot: ident.lot, named: ident.quantity, held: ident.quantity - short,
        });
        left += short;
      }
    }
    return left;
  }

  /**
   * A transfer between two wallets of the taxpayer: realizes nothing. Per wallet, the lots it relieves
   * (by the method, or the named lots) are re-opened in the receiving wallet with their basis,
   * acquisition date, holding-period start, acquisition order and wash-sale state; under universal
   * pooling both wallets share one pool and nothing moves. A transfer is not an acquisition, so it
   * never supplies wash-sale replacement units of its own (the moved units keep whatever role they had).
   */
  private transfer(e: LedgerEvent, day: number, wash: WashSaleTracker | undefined): void {
    const to = e.toWallet;
    const chain = chainOf(e);
    const toChain = e.toChain ?? chain;
    if (!to) throw new InputError(`${where(e.source)}: a transfer needs the receiving wallet`);
    if (to === e.wallet && toChain === chain) throw new InputError(`${where(e.source)}: a transfer from wallet ${walletName(chain, e.wallet)} to itself`);
    if (e.fee !== 0n) {
      throw new InputError(`${where(e.source)}: a transfer carries no fee (a fee paid in ${e.asset} is a disposal of those units: record it as its own sale)`);
    }
    if (this.options.pooling === "universal") return;
    const from = this.pool(chain, e.wallet, e.asset);
    const dest = this.pool(toChain, to, e.asset);
    const bridge = e.bridge;
    const short = this.pickLots(e, from, (lot, q) => {
      const basis = this.relieve(lot, q);
      const moved = this.piece(lot, q, basis);
      moved.wallet = to;
      moved.chain = toChain;
      moved.washAdjustment = q === lot.quantity ? lot.washAdjustment : mulDivRound(lot.washAdjustment, q, lot.quantity);
      moved.transferredFrom = e.wallet;
      // a bridge: the lot's units now also name both legs of this crossing
      if (bridge) moved.moves = lot.moves ? [...lot.moves, bridge] : [bridge];
      dest.add(moved);
      wash?.lotMoved(lot, moved);
    });
    if (short > 0n) {
      throw new InsufficientBasisError(
        `${where(e.source)}: not enough lots for a ${bridge ? "bridge" : "transfer"} of ${formatQuantity(e.quantity)} ${e.asset} from wallet ${walletName(chain, e.wallet)} to ${walletName(toChain, to)} on ${formatDay(day)}: ` +
          `${formatQuantity(e.quantity - short)} held`,
      );
    }
  }

  private dispose(e: LedgerEvent, index: number, day: number, wash: WashSaleTracker | undefined, out: DisposalRow[]): void {
    const chain = chainOf(e);
    const pool = this.pool(chain, e.wallet, e.asset);
    const matches: LotMatch[] = [];
    const need = this.pickLots(e, pool, (lot, q, identifiedAt) => {
      const m = this.match(lot, q);
      if (identifiedAt) m.identifiedAt = identifiedAt;
      matches.push(m);
    });
    if (need > 0n) {
      if (!this.options.allowMissingBasis) {
        throw new InsufficientBasisError(
          `${where(e.source)}: not enough basis for a sale of ${formatQuantity(e.quantity)} ${e.asset} from wallet ${walletName(chain, e.wallet)} on ${formatDay(day)}: ` +
            `${formatQuantity(e.quantity - need)} held (use --allow-missing-basis to report the rest at zero basis)`,
        );
      }
      matches.push({ lotId: null, origin: null, chain, wallet: e.wallet, quantity: need, costBasis: 0n, acquiredDay: day, holdingPeriodStartDay: day, tx: null, missingBasis: true, proceeds: 0n, adjustment: 0n, washReplacements: NO_REPLACEMENTS, moves: undefined });
    }

    let proceedsLeft = e.value - e.fee;
    let qtyLeft = e.quantity;
    const rows: DisposalRow[] = [];
    for (const m of matches) {
      const proceeds = m.quantity === qtyLeft ? proceedsLeft : mulDivRound(proceedsLeft, m.quantity, qtyLeft);
      proceedsLeft -= proceeds;
      qtyLeft -= m.quantity;
      m.proceeds = proceeds;
      // one Form 8949 row per holding-period start date (and term) within the sale
      // (the latest row first: consecutive lots often share a start; at most one row matches)
      let row: DisposalRow | undefined;
      for (let k = rows.length - 1; k >= 0; k--) {
        if (rows[k].acquiredDay === m.holdingPeriodStartDay && rows[k].missingBasis === m.missingBasis) {
          row = rows[k];
          break;
        }
      }
      if (!row) {
        row = {
          kind: e.kind as DisposalKind,
          chain,
          wallet: e.wallet,
          asset: e.asset,
          quantity: m.quantity,
          acquiredDay: m.holdingPeriodStartDay,
          soldDay: day,
          proceeds,
          costBasis: m.costBasis,
          adjustment: 0n,
          term: isLongTerm(m.holdingPeriodStartDay, day) ? "long" : "short",
          lots: [m],
          washReplacements: NO_REPLACEMENTS,
          tx: e.tx,
          source: e.source,
          missingBasis: m.missingBasis,
          bridge: e.bridge,
          eventIndex: index,
          proceedsCents: 0n,
          costBasisCents: 0n,
          adjustmentCents: 0n,
        };
        rows.push(row);
        out.push(row);
        if (row.missingBasis) this.onMissingBasis?.(row);
        continue;
      }
      row.quantity += m.quantity;
      row.proceeds += proceeds;
      row.costBasis += m.costBasis;
      row.lots.push(m);
    }
    if (wash) for (const row of rows) if (!row.missingBasis) this.washRow(row, index, wash);
    roundSaleRows(rows);
  }

  /**
   * Wash sales for one row: its lots sold at a loss (gains are never washed) are matched together
   * against replacement units, since sold units with the same date acquired are interchangeable;
   * the disallowed loss is then shared among those lots in proportion to their losses.
   */
  private washRow(row: DisposalRow, index: number, wash: WashSaleTracker): void {
    const lots = row.lots;
    let losingCount = 0;
    for (let k = 0; k < lots.length; k++) if (lots[k].costBasis > lots[k].proceeds) losingCount++;
    if (losingCount === 0) return;
    // most rows are all loss (or relieve one lot): no arrays to build then
    const losing = losingCount === lots.length ? lots : lots.filter((m) => m.costBasis > m.proceeds);
    let quantity = 0n;
    let proceeds = 0n;
    let costBasis = 0n;
    if (losing.length === 1) {
      quantity = losing[0].quantity;
      proceeds = losing[0].proceeds;
      costBasis = losing[0].costBasis;
    } else {
      for (const m of losing) {
        quantity += m.quantity;
        proceeds += m.proceeds;
        costBasis += m.costBasis;
      }
    }
    const part = this.lossPart;
    part.asset = row.asset;
    part.quantity = quantity;
    part.proceeds = proceeds;
    part.costBasis = costBasis;
    part.soldDay = row.soldDay;
    part.lots = losing;
    part.holdingPeriodStartDay = row.acquiredDay;
    const washed = wash.washLoss(part, index, this.split);
    part.lots = NO_LOTS;
    if (washed.disallowed === 0n) return;
    row.adjustment = washed.disallowed;
    row.washReplacements = washed.replacements;
    if (losing.length === 1) {
      losing[0].adjustment = washed.disallowed;
      losing[0].washReplacements = washed.replacements;
      return;
    }
    let left = washed.disallowed;
    let lossLeft = costBasis - proceeds;
    for (const m of losing) {
      const loss = m.costBasis - m.proceeds;
      const share = loss === lossLeft ? left : mulDivRound(left, loss, lossLeft);
      m.adjustment = share;
      left -= share;
      lossLeft -= loss;
    }
    losing[0].washReplacements = washed.replacements;
  }

  /** Splits wash-sale replacement units off a lot into their own lot carrying the disallowed loss. */
  private splitReplacement(lot: Lot, quantity: bigint, disallowed: bigint, holdingPeriodStartDay: number, soldDay: number): void {
    const piece = this.piece(lot, quantity, this.relieve(lot, quantity) + disallowed);
    piece.washAdjustment = disallowed;
    piece.replacementUsed = true;
    piece.holdingPeriodStartDay = this.replacementStart(lot.holdingPeriodStartDay, holdingPeriodStartDay, soldDay);
    piece.transferredFrom = undefined;
    this.pool(lot.chain, lot.wallet, lot.asset).add(piece);
  }

  /**
   * The holding-period start of wash-sale replacement units (IRC §1223(3)): under "tacking" their own
   * start moved back by the days the sold lot was held; under "acquisition-date" the sold lot's start
   * when earlier than their own.
   */
  private replacementStart(ownStart: number, soldStart: number, soldDay: number): number {
    if (this.options.washHoldingPeriod === "acquisition-date") return Math.min(ownStart, soldStart);
    return ownStart - (soldDay - soldStart);
  }

  /** Every lot ever opened (including relieved ones and wash-sale pieces), for audits and checks. */
  allLots(): Lot[] {
    if (!this.keepLotHistory) throw new Error("TaxEngine: construct with keepLotHistory to list every lot");
    const lots: Lot[] = [];
    for (const p of this.pools.values()) lots.push(...(p.history ?? []));
    return lots;
  }

  /** Open lots of every pool, for callers that hold an engine (e.g. an advisor). */
  openLots(): Lot[] {
    const lots: Lot[] = [];
    for (const p of this.pools.values()) lots.push(...p.open());
    return lots;
  }
}

/**
 * Rounds the Form 8949 money columns of one sale's rows to cents, once per row, and derives the rest:
 * - proceeds and basis by cumulative rounding over the sale's rows, so the rows add up to the sale's
 *   proceeds (and basis) rounded to cents: the rounding remainder goes to the row where it arises;
 * - a fully washed row (the whole loss disallowed) gets adjustment = basis − proceeds in cents, so its
 *   gain is exactly 0; any other row's adjustment is its own amount rounded to cents;
 * - gain = proceeds − basis + adjustment, from the rounded columns (not stored).
 */
export function roundSaleRows(rows: readonly DisposalRow[]): void {
  let proceeds = 0n;
  let basis = 0n;
  let proceedsCents = 0n;
  let basisCents = 0n;
  for (const row of rows) {
    proceeds += row.proceeds;
    basis += row.costBasis;
    const p = centsOf(proceeds);
    const b = centsOf(basis);
    row.proceedsCents = p - proceedsCents;
    row.costBasisCents = b - basisCents;
    proceedsCents = p;
    basisCents = b;
    const fullWash = row.adjustment > 0n && row.adjustment === row.costBasis - row.proceeds;
    row.adjustmentCents = fullWash ? row.costBasisCents - row.proceedsCents : row.adjustment === 0n ? 0n : centsOf(row.adjustment);
  }
}

/** toCents(money), through exact number arithmetic below 2^53 (one bigint made instead of four). */
function centsOf(money: bigint): bigint {
  const n = toCentsNumber(money);
  return n === undefined ? toCents(money) : BigInt(n);
}

export function computeGains(events: readonly LedgerEvent[], options: EngineOptions): GainsResult {
  return new TaxEngine(options).run(events);
}

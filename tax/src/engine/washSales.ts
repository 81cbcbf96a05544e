import { chainOf } from "./chains";
import { WASH_WINDOW_DAYS } from "./dates";
import { mulDivRound } from "./fixed";
import type { LedgerEvent, Lot, WashReplacement } from "./model";

/** The part of a disposal that relieved one lot at a loss. */
export interface LossPart {
  asset: string;
  quantity: bigint;
  proceeds: bigint;
  costBasis: bigint;
  soldDay: number;
  /** the sold lots (their acquisition ordinals): units of those same purchases never replace them */
  lots: readonly { origin: number | null }[];
  holdingPeriodStartDay: number;
}

/** A promise made to a later acquisition: these units replace a washed loss. */
export interface PendingWash {
  quantity: bigint;
  disallowed: bigint;
  /** the sold lot's holding-period start and its sale day (for IRC §1223(3), see EngineOptions.washHoldingPeriod) */
  holdingPeriodStartDay: number;
  soldDay: number;
}

/** A later acquisition some of whose units were promised as replacement before it happened. */
interface FutureAcquisition {
  /** its units not yet promised (quantity − what was promised) */
  unpromised: bigint;
  pending: PendingWash[];
}

interface AssetWindow {
  /** lots of this asset in creation order that may serve as replacement; pruned from the front */
  recent: Lot[];
  head: number;
  /** event indices of the buys and income of this asset, in event order */
  future: number[];
  /** the first of `future` after the sale being processed */
  next: number;
  /** the first of `future` (from `next`) with units not yet promised: promised ones form a prefix */
  open: number;
}

const NONE: readonly PendingWash[] = [];

/** The result for a loss nothing replaces (shared, never mutated). */
const NOT_WASHED: { disallowed: bigint; replacements: WashReplacement[] } = Object.freeze({ disallowed: 0n, replacements: Object.freeze([]) as unknown as WashReplacement[] });

/** true when one of `lots` comes from the acquisition with ordinal `origin` */
function soldFrom(lots: readonly { origin: number | null }[], origin: number): boolean {
  for (let i = 0; i < lots.length; i++) if (lots[i].origin === origin) return true;
  return false;
}

/** Splits `quantity` units off `lot` into a new lot; the engine supplies it so pools stay in sync. */
export type SplitLot = (lot: Lot, quantity: bigint, disallowed: bigint, holdingPeriodStartDay: number, soldDay: number) => void;

/**
 * §1091 wash sales. Substantially identical property = the same asset symbol, in ANY of the
 * taxpayer's wallets (the rule applies to the taxpayer, not to an account), whatever the pooling.
 *
 * - Window: acquisitions from 30 days before to 30 days after the sale day (61 days).
 * - Replacement units: buys and income (not deposits, which carry an earlier acquisition), matched in
 *   acquisition order, excluding the sold lot's own acquisition (units bought in the same purchase are
 *   not a replacement for each other). Units acquired before the sale count only while still held at the
 *   sale; units acquired after it count in full (a later sale of them carries the adjusted basis).
 * - One bite: a replacement unit absorbs at most one loss; losses are processed in sale order.
 * - Fewer replacement units than sold units: only that fraction of the loss is disallowed.
 * - The disallowed loss goes into the replacement units' basis (they are split off into their own
 *   lot) and their holding period starts at the earlier of their own and the sold lot's.
 * - Gains are never washed (the engine only calls this for rows with a loss).
 */
export class WashSaleTracker {
  private readonly assets = new Map<string, AssetWindow>();
  /** promises made to acquisitions that have not happened yet, by event index */
  private readonly promisedTo = new Map<number, FutureAcquisition>();
  /**
   * the replacements one washLoss call picks (held lots, or future acquisitions by event index), reused
   * across calls: entries past the call's count are stale (truncating the arrays would free their storage)
   */
  private readonly pickLot: (Lot | undefined)[] = [];
  private readonly pickFuture: number[] = [];
  private readonly pickQuantity: bigint[] = [];

  constructor(
    private readonly events: readonly LedgerEvent[],
    private readonly days: readonly number[],
    private readonly lotIdOf: (e: LedgerEvent) => string,
  ) {
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      if (e.kind === "buy" || e.kind === "income") this.window(e.asset).future.push(i);
    }
  }

  private window(asset: string): AssetWindow {
    let w = this.assets.get(asset);
    if (!w) {
      w = { recent: [], head: 0, future: [], next: 0, open: 0 };
      this.assets.set(asset, w);
    }
    return w;
  }

  private unpromised(eventIndex: number): bigint {
    const f = this.promisedTo.get(eventIndex);
    return f ? f.unpromised : this.events[eventIndex].quantity;
  }

  /** Washes promised to the acquisition at `eventIndex` before it happened. */
  pendingFor(eventIndex: number): readonly PendingWash[] {
    const f = this.promisedTo.get(eventIndex);
    if (!f) return NONE;
    this.promisedTo.delete(eventIndex);
    return f.pending;
  }

  /** A new lot that may later replace a loss. */
  lotCreated(lot: Lot): void {
    if (lot.replacementUsed || lot.kind === "deposit") return;
    this.window(lot.asset).recent.push(lot);
  }

  /**
   * Units of `source` moved by a transfer into `moved` (a lot in another wallet): they are the same units,
   * acquired at the same time, so they stay a possible replacement in the same place of the acquisition
   * order (a transfer itself is no acquisition). Lots that cannot replace (deposits, used units) are not listed.
   */
  lotMoved(source: Lot, moved: Lot): void {
    const w = this.assets.get(source.asset);
    if (!w) return;
    const at = w.recent.indexOf(source, w.head);
    if (at >= 0) w.recent.splice(at + 1, 0, moved);
  }

  /**
   * Applies the rule to the loss on `sold.quantity` units sold at a loss with one date acquired (by the
   * disposal at `eventIndex`); returns the disallowed loss and where it went.
   */
  washLoss(
    sold: LossPart,
    eventIndex: number,
    split: SplitLot,
  ): { disallowed: bigint; replacements: WashReplacement[] } {
    const loss = sold.costBasis - sold.proceeds;
    if (loss <= 0n) return NOT_WASHED;
    const soldLots = sold.lots;
    const holdingPeriodStartDay = sold.holdingPeriodStartDay;
    const w = this.window(sold.asset);
    const from = sold.soldDay - WASH_WINDOW_DAYS;
    const to = sold.soldDay + WASH_WINDOW_DAYS;
    let need = sold.quantity;
    const pickLot = this.pickLot;
    const pickFuture = this.pickFuture;
    const pickQuantity = this.pickQuantity;
    let picks = 0;

    while (w.head < w.recent.length && w.recent[w.head].acquiredDay < from) w.head++;
    if (w.head > 1024 && w.head * 2 > w.recent.length) {
      w.recent = w.recent.slice(w.head);
      w.head = 0;
    }
    // held units acquired in the window, in acquisition order; fully relieved lots are dropped on the way
    const recent = w.recent;
    let j = w.head;
    let dead = 0;
    for (; j < recent.length && need > 0n; j++) {
      const lot = recent[j];
      if (lot.remaining === 0n) {
        dead++;
        continue;
      }
      if (lot.replacementUsed || soldFrom(soldLots, lot.origin)) continue;
      const q = lot.remaining < need ? lot.remaining : need;
      pickLot[picks] = lot;
      pickFuture[picks] = -1;
      pickQuantity[picks++] = q;
      need -= q;
    }
    if (dead > 0) {
      // close up the scanned part towards j, keeping its order; what falls before the new head is dropped
      let to = j;
      for (let r = j - 1; r >= w.head; r--) if (recent[r].remaining !== 0n) recent[--to] = recent[r];
      w.head = to;
    }
    // acquisitions after the sale, within the window, not yet promised to an earlier loss
    const future = w.future;
    while (w.next < future.length && future[w.next] <= eventIndex) w.next++;
    if (w.next > 1024 && w.next * 2 > future.length) {
      future.splice(0, w.next);
      w.open -= w.next;
      w.next = 0;
    }
    let f = w.open > w.next ? w.open : w.next;
    while (f < future.length && this.unpromised(future[f]) <= 0n) f++;
    w.open = f;
    for (; f < future.length && need > 0n; f++) {
      const i = future[f];
      if (this.days[i] > to) break;
      const avail = this.unpromised(i);
      if (avail <= 0n) continue;
      const q = avail < need ? avail : need;
      pickLot[picks] = undefined;
      pickFuture[picks] = i;
      pickQuantity[picks++] = q;
      need -= q;
    }
    if (picks === 0) return NOT_WASHED;

    const replaced = sold.quantity - need;
    const total = need === 0n ? loss : mulDivRound(loss, replaced, sold.quantity);
    let left = total;
    let leftQty = replaced;
    const out: WashReplacement[] = [];
    for (let k = 0; k < picks; k++) {
      const quantity = pickQuantity[k];
      const lot = pickLot[k];
      const d = quantity === leftQty ? left : mulDivRound(left, quantity, leftQty);
      left -= d;
      leftQty -= quantity;
      if (lot) {
        out.push({ lotId: lot.id, chain: lot.chain, wallet: lot.wallet, quantity, disallowed: d, acquiredDay: lot.acquiredDay, tx: lot.tx });
        split(lot, quantity, d, holdingPeriodStartDay, sold.soldDay);
      } else {
        const i = pickFuture[k];
        let f = this.promisedTo.get(i);
        if (!f) {
          f = { unpromised: this.events[i].quantity, pending: [] };
          this.promisedTo.set(i, f);
        }
        f.unpromised -= quantity;
        f.pending.push({ quantity, disallowed: d, holdingPeriodStartDay, soldDay: sold.soldDay });
        const e = this.events[i];
        out.push({ lotId: this.lotIdOf(e), chain: chainOf(e), wallet: e.wallet, quantity, disallowed: d, acquiredDay: this.days[i], tx: e.tx });
      }
    }
    return { disallowed: total, replacements: out };
  }
}

import { LotHeap } from "./heap";
import type { Lot, Method } from "./model";

/**
 * The open lots of one pool (a wallet × asset, or an asset under universal pooling), ordered for the
 * method by a heap. Relieved lots leave lazily (skipped when they reach the top with nothing remaining).
 */
export class LotPool {
  private readonly heap: LotHeap;
  /** lots by id, kept only for specific identification */
  private readonly byId?: Map<string, Lot[]>;
  /** every lot id ever added, kept only for specific identification (a relieved lot vs one never seen) */
  private readonly everSeen?: Set<string>;
  /** every lot ever added, kept only when asked (audits, tests): large ledgers fragment into many pieces */
  readonly history?: Lot[];

  /** @param fallback specific identification's order for sales that name no lots */
  constructor(method: Method, keepHistory = false, fallback: "fifo" | "hifo" = "fifo") {
    this.heap = new LotHeap(method === "specific" ? fallback : method);
    if (method === "specific") {
      this.byId = new Map();
      this.everSeen = new Set();
    }
    if (keepHistory) this.history = [];
  }

  add(lot: Lot): void {
    this.heap.push(lot);
    this.history?.push(lot);
    this.everSeen?.add(lot.id);
    if (this.byId) {
      const list = this.byId.get(lot.id);
      if (list) list.push(lot);
      else this.byId.set(lot.id, [lot]);
    }
  }

  /** The next lot to relieve under the pool's method, or undefined when the pool is empty. */
  next(): Lot | undefined {
    for (;;) {
      const top = this.heap.peek();
      if (!top) return undefined;
      if (top.remaining > 0n) return top;
      this.heap.pop();
    }
  }

  /** Open lots carrying the given id, in acquisition order. */
  withId(id: string): Lot[] {
    const list = this.byId?.get(id) ?? [];
    const open = list.filter((l) => l.remaining > 0n);
    if (open.length !== list.length) {
      if (open.length) this.byId?.set(id, open);
      else this.byId?.delete(id);
    }
    return open;
  }

  /** Whether a lot with this id was ever opened in the pool (specific identification only). */
  hasSeen(id: string): boolean {
    return this.everSeen?.has(id) ?? false;
  }

  /** Open lots in acquisition order. */
  open(): Lot[] {
    return this.heap
      .contents()
      .filter((l) => l.remaining > 0n)
      .sort((a, b) => a.origin - b.origin || a.sub - b.sub);
  }
}

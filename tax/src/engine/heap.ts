import type { Lot, Method } from "./model";

/**
 * A binary heap of lots ordered for a method. The ordering keys live in typed arrays next to the lots
 * (not read from the lot objects), so sifting through a large pool touches little memory:
 *
 * - FIFO (and specific identification's fallback): acquisition ordinal, then creation order (`sub`);
 * - LIFO: latest acquisition first, then creation order;
 * - HIFO: highest unit cost (basis / quantity at creation) first; unit costs that agree to 1e-9 are
 *   compared exactly (basis × quantity cross-multiplied) and equal costs go in FIFO order.
 */
export class LotHeap {
  private lots: Lot[] = [];
  /** HIFO: unit cost; FIFO: origin; LIFO: −origin */
  private primary = new Float64Array(16);
  private origin = new Float64Array(16);
  private sub = new Float64Array(16);
  private readonly hifo: boolean;
  private readonly lifo: boolean;

  constructor(method: Method) {
    this.hifo = method === "hifo";
    this.lifo = method === "lifo";
  }

  get size(): number {
    return this.lots.length;
  }

  /** The lots in heap order (not sorted). */
  contents(): readonly Lot[] {
    return this.lots;
  }

  peek(): Lot | undefined {
    return this.lots[0];
  }

  /** true when the lot at i comes out before the lot at j */
  private before(i: number, j: number): boolean {
    const p = this.primary;
    if (this.hifo) {
      const a = p[i];
      const b = p[j];
      if (Math.abs(a - b) > 1e-9 * Math.max(Math.abs(a), Math.abs(b))) return a > b;
      const la = this.lots[i];
      const lb = this.lots[j];
      const x = la.basis * lb.quantity;
      const y = lb.basis * la.quantity;
      if (x !== y) return x > y;
      const o = this.origin;
      return o[i] !== o[j] ? o[i] < o[j] : this.sub[i] < this.sub[j];
    }
    if (p[i] !== p[j]) return p[i] < p[j];
    return this.sub[i] < this.sub[j];
  }

  private swap(i: number, j: number): void {
    const l = this.lots;
    const t = l[i];
    l[i] = l[j];
    l[j] = t;
    const p = this.primary;
    const o = this.origin;
    const s = this.sub;
    let x = p[i];
    p[i] = p[j];
    p[j] = x;
    x = o[i];
    o[i] = o[j];
    o[j] = x;
    x = s[i];
    s[i] = s[j];
    s[j] = x;
  }

  private grow(): void {
    const n = this.primary.length * 2;
    const bigger = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this.primary = bigger(this.primary);
    this.origin = bigger(this.origin);
    this.sub = bigger(this.sub);
  }

  push(lot: Lot): void {
    let i = this.lots.length;
    if (i === this.primary.length) this.grow();
    this.lots.push(lot);
    this.primary[i] = this.hifo ? lot.unitCost : this.lifo ? -lot.origin : lot.origin;
    this.origin[i] = lot.origin;
    this.sub[i] = lot.sub;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): Lot | undefined {
    const l = this.lots;
    if (l.length === 0) return undefined;
    const top = l[0];
    const last = l.length - 1;
    if (last > 0) this.swap(0, last);
    l.pop();
    const n = l.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let m = i;
      if (left < n && this.before(left, m)) m = left;
      if (right < n && this.before(right, m)) m = right;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }
}

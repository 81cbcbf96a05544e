import { InputError, where } from "../errors";
import type { LedgerEvent } from "../engine/model";

/**
 * Checks across rows that the row-by-row parse cannot make:
 * - a lot id named in the `lot` column of two acquisitions is refused (it must name one acquisition),
 *   naming both rows;
 * - identical rows (every column equal) are kept — two equal trades can happen — but each pair is
 *   returned as a warning naming both rows, since an export read twice looks exactly like that.
 * Returns the warnings, in row order.
 */
export function checkLedgerRows(events: readonly LedgerEvent[]): string[] {
  refuseDuplicateLotIds(events);
  return identicalRows(events).map(([a, b]) => `${rowName(a)} and ${rowName(b)} are identical (both are counted; remove one if the ledger holds it twice)`);
}

function rowName(e: LedgerEvent): string {
  return e.source ? `${e.source.file} row ${e.source.line}` : `event ${e.tx.raw}`;
}

function refuseDuplicateLotIds(events: readonly LedgerEvent[]): void {
  const seen = new Map<string, LedgerEvent>();
  for (const e of events) {
    if (!e.lot || (e.kind !== "buy" && e.kind !== "income" && e.kind !== "deposit")) continue;
    const first = seen.get(e.lot);
    if (first) {
      throw new InputError(`${where(e.source)}, column lot: lot id "${e.lot}" is already the id of ${rowName(first)}; a lot id names one acquisition (value "${e.lot}")`);
    }
    seen.set(e.lot, e);
  }
}

function sameRow(a: LedgerEvent, b: LedgerEvent): boolean {
  return (
    a.time === b.time && a.kind === b.kind && a.chain === b.chain && a.toChain === b.toChain && (a.toTx?.raw ?? "") === (b.toTx?.raw ?? "") && a.received === b.received && a.message === b.message && a.tx.raw === b.tx.raw && a.wallet === b.wallet && a.asset === b.asset && a.quantity === b.quantity &&
    a.value === b.value && a.fee === b.fee && (a.lot ?? "") === (b.lot ?? "") && (a.toWallet ?? "") === (b.toWallet ?? "")
  );
}

/** 30 bits from the columns that tell rows apart most often (the rest is compared exactly). */
function rowHash(e: LedgerEvent): number {
  let h = 0x811c9dc5 ^ (e.time / 1000) ^ e.kind.length;
  const t = e.tx.raw;
  for (let i = 0; i < t.length; i++) h = Math.imul(h ^ t.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ Number(e.quantity & 0xffffffn), 0x01000193);
  return (h >>> 2) & 0x3fffffff;
}

/**
 * Pairs of identical rows (each later copy with the first one). Rows are sorted by a 30-bit hash packed
 * with their index into one float (exact below 2^53), so memory stays a few bytes per row.
 */
function identicalRows(events: readonly LedgerEvent[]): [LedgerEvent, LedgerEvent][] {
  const n = events.length;
  const pairs: [LedgerEvent, LedgerEvent][] = [];
  if (n > 1 << 23) {
    const firstOf = new Map<string, LedgerEvent>();
    for (const e of events) {
      const key = [e.time, e.kind, e.chain ?? "", e.toChain ?? "", e.toTx?.raw ?? "", e.received ?? "", e.message ?? "", e.tx.raw, e.wallet, e.asset, e.quantity, e.value, e.fee, e.lot ?? "", e.toWallet ?? ""].join("\u0000");
      const first = firstOf.get(key);
      if (first) pairs.push([first, e]);
      else firstOf.set(key, e);
    }
    return pairs;
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = rowHash(events[i]) * 8388608 + i;
  keys.sort();
  for (let i = 0; i < n; ) {
    const h = Math.floor(keys[i] / 8388608);
    let j = i + 1;
    while (j < n && Math.floor(keys[j] / 8388608) === h) j++;
    if (j - i > 1) {
      // same hash: compare exactly; indices ascend within the group
      const group = Array.from(keys.subarray(i, j), (k) => k - h * 8388608);
      const firsts: LedgerEvent[] = [];
      for (const idx of group) {
        const e = events[idx];
        const first = firsts.find((f) => sameRow(f, e));
        if (first) pairs.push([first, e]);
        else firsts.push(e);
      }
    }
    i = j;
  }
  return pairs.sort((a, b) => (a[1].source?.line ?? 0) - (b[1].source?.line ?? 0));
}

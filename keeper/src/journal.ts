/**
 * The execution journal: one line of JSON per state change, appended and fsync'ed, keyed by
 * recommendation id. A harvest goes pending → sent (signed transaction, its hash and nonce, written
 * BEFORE the broadcast) → confirmed (block) | failed. Reading the file folds the lines, so the last state
 * wins; a torn last line (a crash mid-write) is ignored. Because the signed transaction is journaled before
 * it is broadcast, a restart can always find it again (receipt by hash) or re-broadcast the very same
 * bytes (same nonce), never a second harvest. A rebalance trim the keeper puts off is journaled too (state
 * "deferred", id trim-<asset>-<day>, with its figures), one entry per asset and day.
 */
import fs from "node:fs";
import path from "node:path";

export type JournalState = "pending" | "sent" | "confirmed" | "failed" | "deferred";

/** A rebalance trim put off for its lots to turn long-term (state "deferred"; money 1e-12 USD as decimal strings). */
export interface TrimDeferral {
  /** the day (days since 1970-01-01 UTC) the pass deferred it */
  day: number;
  /** short-term gain the trim would have realised now, and its estimated tax */
  shortTermGain: string;
  tax: string;
  /** the day its last short-term gain lot turns long-term */
  longTermFromDay: number;
  driftBps: number;
  ceilingBps: number;
}

export interface JournalEntry {
  id: string;
  state: JournalState;
  asset: string;
  /** raw base units sold */
  amount: string;
  lockoutUntil: number;
  /** chain head when the entry was opened (where to look for the LossHarvested event) */
  fromBlock: number;
  txHash?: string;
  nonce?: number;
  rawTx?: string;
  block?: number;
  reason?: string;
  /** the lots a harvest named on-chain (subgraph Lot id, base units) */
  named?: { lotId: string; amount: string }[];
  /** a deferred trim's figures */
  deferral?: TrimDeferral;
  at: string;
}

export class Journal {
  private readonly entries = new Map<string, JournalEntry>();

  constructor(readonly file: string) {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    if (!fs.existsSync(file)) return;
    const lines = fs.readFileSync(file, "utf8").split("\n");
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      try {
        const e = JSON.parse(line) as JournalEntry;
        this.entries.set(e.id, e);
      } catch {
        if (i < lines.length - 1 && lines.slice(i + 1).some((l) => l.trim())) {
          throw new Error(`${file} line ${i + 1}: not a journal entry (the journal is corrupt; inspect it before running the keeper again)`);
        }
        // a torn final line: the write it belonged to never completed
      }
    });
  }

  get(id: string): JournalEntry | undefined {
    return this.entries.get(id);
  }

  all(): JournalEntry[] {
    return [...this.entries.values()];
  }

  /** The trims deferred, in the order first journaled. */
  deferrals(): JournalEntry[] {
    return this.all().filter((e) => e.state === "deferred" && e.deferral);
  }

  /** Entries whose outcome is not known yet (to reconcile with the chain). */
  unresolved(): JournalEntry[] {
    return this.all().filter((e) => e.state === "pending" || e.state === "sent");
  }

  /** Records a new state for an entry (merged with what is known), durably. */
  write(id: string, change: Partial<JournalEntry> & { state: JournalState }): JournalEntry {
    const prev = this.entries.get(id);
    const entry = { ...(prev ?? {}), ...change, id, at: new Date().toISOString() } as JournalEntry;
    const fd = fs.openSync(this.file, "a");
    try {
      fs.writeSync(fd, JSON.stringify(entry) + "\n");
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    this.entries.set(id, entry);
    return entry;
  }
}

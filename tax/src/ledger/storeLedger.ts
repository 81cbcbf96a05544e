import { existsSync } from "node:fs";
import type { Kysely } from "kysely";
import { openConnection, type Connection } from "@lotgraph/indexer";
import { META } from "@lotgraph/indexer/src/store/tables";
import type { LedgerEvent, LedgerSource } from "../engine/model";
import { InputError } from "../errors";
import { LIQUIDITY_TABLES } from "./liquidity/liquidityEvents";
import { DEFAULT_LP_READING, type LpReading } from "./liquidity/reading";
import { type StoreLedger, type StoreNote, type StoreRow, type StoreRows } from "./storeEvents";
import { CHAIN_FIELD, storeChainsToLedger } from "./storeChains";

/** The entity tables the ledger is made from. */
export const STORE_TABLES = ["Asset", "Lot", "Disposal", "Withdrawal"] as const;

export interface StoreTarget {
  /** a SQLite file written by `lotgraph sync` */
  file?: string;
  /** a Postgres URL (DATABASE_URL); wins over `file`, as in the indexer's commands */
  databaseUrl?: string;
  stablecoinsAsCash?: boolean;
  /** how each event's source (the audit trail) names the store, e.g. a name that is the same on every machine; default: the file or URL */
  label?: string;
  /** the chain id the store's subgraph indexes (the deployment's; see storeEvents.ts for the default) */
  chain?: number;
  /** how the liquidity manager's entries and exits are taxed (default DEFAULT_LP_READING) */
  lpReading?: LpReading;
}

/**
 * The indexer's store (SQLite, or Postgres via DATABASE_URL) as a source of ledger events: the
 * subgraph's lots and disposals of every vault, read in chain order (see storeEvents.ts for the mapping).
 * The store is only read.
 */
export class StoreLedgerSource implements LedgerSource {
  /** what the last read() left out of the ledger (withdrawals), for the user */
  notes: StoreNote[] = [];
  counts?: StoreLedger["counts"];
  /** the reading liquidity entries and exits are taxed under, for the reports to say */
  readonly lpReading: LpReading;

  constructor(readonly target: StoreTarget) {
    this.lpReading = target.lpReading ?? DEFAULT_LP_READING;
  }

  describe(): string {
    return this.target.databaseUrl ? this.target.databaseUrl.replace(/:[^:@/]*@/, ":***@") : (this.target.file ?? "");
  }

  async read(): Promise<LedgerEvent[]> {
    const name = this.describe();
    if (!this.target.databaseUrl) {
      if (!this.target.file) throw new InputError("--db: no store file given");
      if (!existsSync(this.target.file)) throw new InputError(`--db ${this.target.file}: no such store (run lotgraph sync --db ${this.target.file})`);
    }
    let connection: Connection;
    try {
      connection = await openConnection({ file: this.target.file, databaseUrl: this.target.databaseUrl });
    } catch (err) {
      throw new InputError(`store ${name}: cannot open (${(err as Error).message})`);
    }
    try {
      const rows = await readStoreRows(connection.db, name);
      const ledger = storeChainsToLedger(rows, { store: name, label: this.target.label, stablecoinsAsCash: this.target.stablecoinsAsCash, chain: this.target.chain, lpReading: this.lpReading });
      if (ledger.events.length === 0) {
        throw new InputError(`store ${name}: no lots or disposals to compute${ledger.counts.skippedStable ? " (every one is of a stablecoin counted as cash)" : ""}`);
      }
      this.notes = ledger.notes;
      this.counts = ledger.counts;
      return ledger.events;
    } finally {
      await connection.db.destroy();
    }
  }
}

/** Reads the tables the ledger needs, after checking the store holds one completed, uninterrupted sync. */
export async function readStoreRows(db: Kysely<any>, name: string): Promise<StoreRows> {
  let tables: Set<string>;
  try {
    tables = new Set((await db.introspection.getTables()).map((t) => t.name));
  } catch (err) {
    throw new InputError(`store ${name}: cannot read (${(err as Error).message})`);
  }
  const missing = STORE_TABLES.filter((t) => !tables.has(t));
  if (missing.length > 0) {
    throw new InputError(`store ${name}: missing table${missing.length > 1 ? "s" : ""} ${missing.join(", ")}; is this a store written by lotgraph sync?`);
  }
  if (tables.has(META.synced)) {
    const synced = await db.selectFrom(META.synced).select("number").executeTakeFirst();
    if (!synced) throw new InputError(`store ${name}: empty, no completed sync (run lotgraph sync)`);
  }
  if (tables.has(META.target)) {
    const target = await db.selectFrom(META.target).select("number").executeTakeFirst();
    if (target) throw new InputError(`store ${name}: a sync pinned to block ${target.number} was interrupted, so the tables mix blocks (run lotgraph sync to finish it)`);
  }
  const read = (table: string) => db.selectFrom(table).selectAll().orderBy(CHAIN_FIELD).orderBy("id").execute() as Promise<StoreRow[]>;
  const rows: StoreRows = { Asset: await read("Asset"), Lot: await read("Lot"), Disposal: await read("Disposal"), Withdrawal: await read("Withdrawal") };
  // a store synced before the subgraph recorded identifications has no such table: no sale named its lots
  if (tables.has("LotIdentification")) rows.LotIdentification = await read("LotIdentification");
  // nor the liquidity manager's, before the subgraph indexed it
  for (const t of LIQUIDITY_TABLES) if (tables.has(t)) rows[t] = await read(t);
  // the bridge's transfers, and the prices of the stablecoin it moves (to value each at its send)
  if (tables.has("BridgeTransfer")) rows.BridgeTransfer = await read("BridgeTransfer");
  if (rows.BridgeTransfer?.length && tables.has("PriceUpdate")) {
    const stable = rows.Asset.filter((a) => a.isStable === 1 || a.isStable === true || a.isStable === "1").map((a) => String(a.id));
    rows.PriceUpdate = stable.length
      ? ((await db.selectFrom("PriceUpdate").selectAll().where("asset", "in", stable).orderBy(CHAIN_FIELD).orderBy("id").execute()) as StoreRow[])
      : [];
  }
  if (rows.Lot.length === 0 && rows.Disposal.length === 0) throw new InputError(`store ${name}: empty, no Lot or Disposal rows (run lotgraph sync)`);
  return rows;
}

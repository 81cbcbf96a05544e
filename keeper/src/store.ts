/**
 * The keeper's own copy of the subgraph: each pass syncs graph-node into a local store with the
 * indexer's `sync()` (incremental, pinned to one block, reorg-safe), then reads the vault's ledger from
 * that store through the tax package's store mapping — the same path `lotgraph tax … --db` takes, so the
 * keeper's lots, kinds and basis are exactly the tax report's.
 */
import { GraphNodeError, loadCapturedEntities, MalformedResponseError, openConnection, SubgraphClient, sync, type Connection, type RetryPolicy } from "@lotgraph/indexer";
import type { EntityDef } from "@lotgraph/indexer/src/schema/entities";
import { META } from "@lotgraph/indexer/src/store/tables";
import type { LedgerEvent } from "@lotgraph/tax";
import { readStoreRows } from "@lotgraph/tax/src/ledger/storeLedger";
import { storeRowsToLedger, type StoreNote } from "@lotgraph/tax/src/ledger/storeEvents";

export interface StoreSettings {
  /** SQLite file of the keeper's store */
  file: string;
  subgraphUrl: string;
  /** graph-node's index-node status API (block hashes for the reorg check); default: the subgraph's host, port 8030 */
  statusUrl?: string;
  /** retries of graph-node failures within one sync */
  retry: RetryPolicy;
}

/** A keeper pass's view of the store: the block it is synced to, or why the sync failed. */
export type SyncOutcome = { ok: true; block: number; rows: number; elapsedMs: number } | { ok: false; error: string; storedBlock?: number };

/** The subgraph's entities, read once per process (every pass syncs them, twice when it performs upkeeps). */
let entities: EntityDef[] | undefined;

/** The keeper's store: sync, last synced block, the vault's ledger. Open for one pass, then closed. */
export class KeeperStore {
  /** one client for the pass: it remembers graph-node's network name, asked for once instead of at every sync */
  private readonly client: SubgraphClient;

  private constructor(
    readonly settings: StoreSettings,
    private readonly connection: Connection,
  ) {
    this.client = new SubgraphClient(settings.subgraphUrl, settings.statusUrl);
  }

  static async open(settings: StoreSettings): Promise<KeeperStore> {
    return new KeeperStore(settings, await openConnection({ file: settings.file }));
  }

  get describe(): string {
    return this.connection.describe;
  }

  /** Brings the store up to graph-node's indexed head. A failure is returned, not thrown: the caller refuses to act. */
  async sync(): Promise<SyncOutcome> {
    try {
      const r = await sync({ client: this.client, store: this.connection, entities: (entities ??= loadCapturedEntities()), retry: this.settings.retry });
      return { ok: true, block: r.block, rows: r.rows, elapsedMs: r.elapsedMs };
    } catch (err) {
      // graph-node unreachable, unhealthy or answering nonsense, or a store that does not fit the schema
      if (!(err instanceof GraphNodeError) && !(err instanceof MalformedResponseError) && typeof (err as { exitCode?: unknown }).exitCode !== "number") throw err;
      return { ok: false, error: (err as Error).message, storedBlock: await this.syncedBlock() };
    }
  }

  /** The block graph-node has indexed (its `_meta`): a cheap look before a sync; undefined while graph-node does not answer. */
  async indexedBlock(): Promise<number | undefined> {
    try {
      return (await this.client.meta()).block.number;
    } catch {
      return undefined;
    }
  }

  /** The block of the last completed sync, if any. */
  async syncedBlock(): Promise<number | undefined> {
    const tables = new Set((await this.connection.db.introspection.getTables()).map((t) => t.name));
    if (!tables.has(META.synced)) return undefined;
    const row = await this.connection.db.selectFrom(META.synced).select("number").orderBy("number", "desc").limit(1).executeTakeFirst();
    return row ? Number(row.number) : undefined;
  }

  /**
   * The ledger of one vault (the tax wallet is the vault address) in chain order, mapped by the tax
   * package's `storeRowsToLedger`; `notes` are what it left out (withdrawals). A vault with no lot and no
   * disposal yet has an empty ledger.
   */
  async ledger(vault: string): Promise<{ events: LedgerEvent[]; notes: StoreNote[] }> {
    const db = this.connection.db;
    const count = async (table: string) => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
    if ((await count("Lot")) + (await count("Disposal")) === 0) return { events: [], notes: [] };
    const rows = await readStoreRows(db, this.describe);
    const wallet = vault.toLowerCase();
    const mapped = storeRowsToLedger(rows, { store: this.describe });
    return { events: mapped.events.filter((e) => e.wallet === wallet), notes: mapped.notes };
  }

  async close(): Promise<void> {
    await this.connection.db.destroy();
  }
}

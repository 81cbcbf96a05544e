import { setImmediate } from "node:timers/promises";
import type { Kysely } from "kysely";
import { PAGE_SIZE, SubgraphClient, GraphNodeError, type Meta } from "../client/graph-node";
import { toStoreRows, type StoreRow } from "../client/rows";
import type { EntityDef } from "../schema/entities";
import type { Connection } from "../store/open";
import { BLOCK_COLUMN, CHAIN_COLUMN, META, checkChainColumns, checkSchema, createTables } from "../store/tables";
import { pageWriter } from "../store/pageWriter";
import { cursorOf, lastSynced, readTarget, syncedBlocks, upsertRows, type Target } from "../store/writes";
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from "./retry";
import { chainOfSubgraph } from "./chains";

export interface SyncProgress {
  entity: string;
  rows: number;
  totalRows: number;
  block: number;
  elapsedMs: number;
}

export interface SyncOptions {
  client: SubgraphClient;
  /**
   * The chain id of the chain the subgraph indexes: its rows, progress and reorg checks are kept under it,
   * apart from any other chain's in the same store. Default: the chain of the network graph-node reports.
   */
  chain?: number;
  store: Connection;
  entities: EntityDef[];
  retry?: RetryPolicy;
  onProgress?: (p: SyncProgress) => void;
  /** Called when a reorg is found, with the last block both sides agree on (-1: none). */
  onReorg?: (commonBlock: number, storedBlock: number) => void;
  /** Rows per GraphQL page (graph-node allows at most 1000). */
  pageSize?: number;
  /** For tests: stop after this many pages have been written, as a crash would. */
  stopAfterPages?: number;
}

export interface SyncResult {
  chain: number;
  block: number;
  hash: string;
  rows: number;
  elapsedMs: number;
  resumed: boolean;
  reorg?: { commonBlock: number };
  /** Set when stopAfterPages ended the sync early. */
  interrupted?: boolean;
}

/**
 * One sync: a consistent snapshot of every entity as of one block. Each page is written in the same
 * transaction as the cursor that covers it, so a crash resumes where it stopped, pinned to the same
 * block. Before starting, the stored block hashes are compared with graph-node's; on a mismatch the
 * rows written after the last common block are rolled back and fetched again.
 */
export async function sync(opts: SyncOptions): Promise<SyncResult> {
  const { client, store, entities } = opts;
  const retry = opts.retry ?? DEFAULT_RETRY;
  const pageSize = opts.pageSize ?? PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > PAGE_SIZE) {
    throw Object.assign(new Error(`page size must be a whole number from 1 to ${PAGE_SIZE}, not ${pageSize}`), { exitCode: 2 });
  }
  const db = store.db;
  const started = Date.now();
  await prepareStore(store, entities);
  const chain = opts.chain ?? (await withRetry(() => chainOfSubgraph(client), retry));

  // graph-node's head and the reorg check (stored hashes against graph-node's) are independent: asked at once
  const [head, reorg] = await Promise.all([withRetry(() => healthyMeta(client), retry), detectReorg(db, chain, client, retry)]);
  if (reorg) {
    opts.onReorg?.(reorg.commonBlock, reorg.storedBlock);
    await rollback(db, chain, entities, reorg.commonBlock);
  }

  let target = await readTarget(db, chain);
  const resumed = target !== undefined;
  if (!target) target = await beginTarget(db, chain, head);

  await refetchRolledBack(db, chain, client, entities, target, retry);
  const writer = pageWriter(store, chain);
  let pages = 0;
  let totalRows = 0;
  const cursors = new Map<string, { lastId: string; done: boolean }>();
  for (const entity of entities) cursors.set(entity.name, await cursorOf(db, chain, entity.name));
  // Every entity's first page in one request: most syncs after the first find a few rows or none, and
  // one request per entity type was most of their time. Later pages are asked for one by one.
  const open = entities.filter((e) => !cursors.get(e.name)!.done);
  const firstPages =
    open.length === 0
      ? new Map<string, unknown>()
      : await withRetry(() => client.firstPages(open.map((e) => ({ entity: e, after: cursors.get(e.name)!.lastId })), target.number, target.since, pageSize), retry);
  for (const entity of entities) {
    let { lastId, done } = cursors.get(entity.name)!;
    let rows = 0;
    const fetchPage = (after: string) => {
      const p = withRetry(() => client.page(entity, target.number, target.since, after, pageSize), retry);
      p.catch(() => {}); // a prefetch abandoned by a stop is not an unhandled rejection
      return p;
    };
    let next = done ? undefined : Promise.resolve(firstPages.get(entity.name));
    while (next) {
      if (opts.stopAfterPages !== undefined && pages >= opts.stopAfterPages) {
        return { chain, block: target.number, hash: target.hash, rows: totalRows, elapsedMs: Date.now() - started, resumed, interrupted: true };
      }
      const page = await next;
      // Ask for the following page before this one is checked and written, so graph-node works while
      // we do. Should the check reject this page, the prefetch is dropped with it.
      const rawLastId = Array.isArray(page) && page.length === pageSize ? (page[page.length - 1] as { id?: unknown })?.id : undefined;
      next = typeof rawLastId === "string" ? fetchPage(rawLastId) : undefined;
      const storeRows = onChain(chain, toStoreRows(entity, page, target.number, lastId));
      done = storeRows.length < pageSize;
      const nextId = storeRows.length ? String(storeRows[storeRows.length - 1].id) : lastId;
      // The SQLite write is synchronous: let the event loop send the prefetch's request first, or
      // graph-node would only hear of it once the write is done and nothing would overlap.
      if (next) await setImmediate();
      // An empty page changes nothing, and its cursor is not needed: a sync resumed without it asks for
      // the same empty page again (the target block is pinned). Most entities of a small sync end here.
      if (storeRows.length) await writer.write(entity, storeRows, { lastId: nextId, done });
      lastId = nextId;
      pages++;
      rows += storeRows.length;
      totalRows += storeRows.length;
      opts.onProgress?.({ entity: entity.name, rows, totalRows, block: target.number, elapsedMs: Date.now() - started });
    }
  }
  await finishTarget(db, chain, target);
  return {
    chain,
    block: target.number,
    hash: target.hash,
    rows: totalRows,
    elapsedMs: Date.now() - started,
    resumed,
    reorg: reorg ? { commonBlock: reorg.commonBlock } : undefined,
  };
}

/** Stores whose tables exist and whose schema was checked, for these very entities, by this process. */
const prepared = new WeakMap<Connection, WeakSet<EntityDef[]>>();

/** Creates the tables and checks the stored schema once per connection and entity list (a store synced again and again pays it once). */
async function prepareStore(store: Connection, entities: EntityDef[]): Promise<void> {
  if (prepared.get(store)?.has(entities)) return;
  await checkChainColumns(store.db, entities, store.describe);
  await createTables(store.db, entities);
  await checkSchema(store.db, entities, store.describe);
  if (!prepared.has(store)) prepared.set(store, new WeakSet());
  prepared.get(store)!.add(entities);
}

async function healthyMeta(client: SubgraphClient): Promise<Meta> {
  const meta = await client.meta();
  if (meta.hasIndexingErrors) {
    throw new GraphNodeError(`subgraph ${meta.deployment} has indexing errors at block ${meta.block.number}`, true);
  }
  return meta;
}

/** The page's rows, each marked with the chain they were synced from. */
function onChain(chain: number, rows: StoreRow[]): StoreRow[] {
  for (const row of rows) row[CHAIN_COLUMN] = chain;
  return rows;
}

async function beginTarget(db: Kysely<any>, chain: number, head: Meta): Promise<Target> {
  const previous = await lastSynced(db, chain);
  const target = { number: head.block.number, hash: head.block.hash, since: previous ? previous.number + 1 : 0 };
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom(META.cursor).where(CHAIN_COLUMN, "=", chain).execute();
    await trx.insertInto(META.target).values({ [CHAIN_COLUMN]: chain, ...target }).execute();
  });
  return target;
}

async function finishTarget(db: Kysely<any>, chain: number, target: Target) {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto(META.synced)
      .values({ [CHAIN_COLUMN]: chain, number: target.number, hash: target.hash, synced_at: new Date().toISOString() })
      .onConflict((oc) => oc.columns([CHAIN_COLUMN, "number"]).doUpdateSet({ hash: target.hash }))
      .execute();
    await trx.deleteFrom(META.target).where(CHAIN_COLUMN, "=", chain).execute();
    await trx.deleteFrom(META.cursor).where(CHAIN_COLUMN, "=", chain).execute();
  });
}

/**
 * Compares the stored blocks (completed syncs, and the one under way) with graph-node's hashes at the
 * same numbers. Returns the newest block both agree on when they differ.
 */
async function detectReorg(db: Kysely<any>, chain: number, client: SubgraphClient, retry: RetryPolicy) {
  const target = await readTarget(db, chain);
  const stored = [...(target ? [{ number: target.number, hash: target.hash }] : []), ...(await syncedBlocks(db, chain))];
  if (stored.length === 0) return undefined;
  const sameAt = async (b: { number: number; hash: string }) =>
    (await withRetry(() => client.blockHash(b.number), retry)) === b.hash;
  if (await sameAt(stored[0])) return undefined;
  for (const block of stored.slice(1)) {
    if (await sameAt(block)) return { commonBlock: block.number, storedBlock: stored[0].number };
  }
  return { commonBlock: -1, storedBlock: stored[0].number };
}

/**
 * Deletes the chain's row versions written after `common`, remembering the ids so they are fetched again.
 * Every other chain's rows and progress are left as they are: a reorg is one chain's.
 */
async function rollback(db: Kysely<any>, chain: number, entities: EntityDef[], common: number) {
  await db.transaction().execute(async (trx) => {
    for (const entity of entities) {
      const ids = await trx.selectFrom(entity.name).select("id").where(CHAIN_COLUMN, "=", chain).where(BLOCK_COLUMN, ">", common).execute();
      for (let i = 0; i < ids.length; i += 500) {
        await trx
          .insertInto(META.refetch)
          .values(ids.slice(i, i + 500).map((r) => ({ [CHAIN_COLUMN]: chain, entity: entity.name, id: r.id })))
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
      await trx.deleteFrom(entity.name).where(CHAIN_COLUMN, "=", chain).where(BLOCK_COLUMN, ">", common).execute();
    }
    await trx.deleteFrom(META.synced).where(CHAIN_COLUMN, "=", chain).where("number", ">", common).execute();
    await trx.deleteFrom(META.target).where(CHAIN_COLUMN, "=", chain).execute();
    await trx.deleteFrom(META.cursor).where(CHAIN_COLUMN, "=", chain).execute();
  });
}

/** Fetches the rolled-back ids as of the target block; ids that no longer exist stay deleted. */
async function refetchRolledBack(
  db: Kysely<any>,
  chain: number,
  client: SubgraphClient,
  entities: EntityDef[],
  target: Target,
  retry: RetryPolicy,
) {
  for (const entity of entities) {
    for (;;) {
      const batch = await db
        .selectFrom(META.refetch)
        .select("id")
        .where(CHAIN_COLUMN, "=", chain)
        .where("entity", "=", entity.name)
        .orderBy("id")
        .limit(PAGE_SIZE)
        .execute();
      if (batch.length === 0) break;
      const ids = batch.map((r) => r.id as string);
      const page = await withRetry(() => client.byIds(entity, target.number, ids), retry);
      const rows = onChain(chain, toStoreRows(entity, page, target.number, ""));
      await db.transaction().execute(async (trx) => {
        await upsertRows(trx, entity, rows);
        await trx.deleteFrom(META.refetch).where(CHAIN_COLUMN, "=", chain).where("entity", "=", entity.name).where("id", "in", ids).execute();
      });
    }
  }
}

/** One chain's subgraph: its client, and its chain id (default: the chain graph-node reports for it). */
export interface ChainSource {
  client: SubgraphClient;
  chain?: number;
}

/**
 * Syncs several chains' subgraphs (one per chain, each served by its own graph-node) into one store, one
 * after the other. Each chain keeps its own pinned block, cursors and reorg check, so a chain whose sync
 * fails leaves the chains synced before it complete, and its own sync resumes where it stopped.
 */
export async function syncChains(
  sources: ChainSource[],
  opts: Omit<SyncOptions, "client" | "chain">,
): Promise<SyncResult[]> {
  const retry = opts.retry ?? DEFAULT_RETRY;
  const chains: number[] = [];
  for (const source of sources) {
    const chain = source.chain ?? (await withRetry(() => chainOfSubgraph(source.client), retry));
    if (chains.includes(chain)) {
      throw Object.assign(new Error(`chain ${chain} is named twice (${source.client.url}); each chain's subgraph is synced once`), { exitCode: 2 });
    }
    chains.push(chain);
  }
  const results: SyncResult[] = [];
  for (const [i, source] of sources.entries()) results.push(await sync({ ...opts, client: source.client, chain: chains[i] }));
  return results;
}

import type { Kysely, Transaction } from "kysely";
import type { StoreRow } from "../client/rows";
import type { EntityDef } from "../schema/entities";
import { BLOCK_COLUMN, CHAIN_COLUMN, META } from "./tables";

// SQLite allows 32766 bound variables per statement; stay well under it.
const MAX_VARIABLES = 30_000;

/** The columns a row of `entity` is written with: its chain, its fields, and the sync block. */
export function storeColumns(entity: EntityDef): string[] {
  return [CHAIN_COLUMN, ...entity.fields.map((f) => f.name), BLOCK_COLUMN];
}

/** Rows (each already carrying its chain) inserted, or updated in place when (chain, id) is stored. */
export async function upsertRows(trx: Transaction<any> | Kysely<any>, entity: EntityDef, rows: StoreRow[]) {
  if (rows.length === 0) return;
  const columns = storeColumns(entity);
  const chunk = Math.max(1, Math.floor(MAX_VARIABLES / columns.length));
  const updates = columns.filter((c) => c !== "id" && c !== CHAIN_COLUMN);
  for (let i = 0; i < rows.length; i += chunk) {
    await trx
      .insertInto(entity.name)
      .values(rows.slice(i, i + chunk))
      .onConflict((oc) =>
        oc.columns([CHAIN_COLUMN, "id"]).doUpdateSet((eb) => Object.fromEntries(updates.map((c) => [c, eb.ref(`excluded.${c}`)]))),
      )
      .execute();
  }
}

export interface Target {
  number: number;
  hash: string;
  since: number;
}

/** The block the chain's sync under way is pinned to, if one is under way. */
export async function readTarget(db: Kysely<any>, chain: number): Promise<Target | undefined> {
  const row = await db.selectFrom(META.target).select(["number", "hash", "since"]).where(CHAIN_COLUMN, "=", chain).executeTakeFirst();
  return row ? { number: Number(row.number), hash: row.hash, since: Number(row.since) } : undefined;
}

/** The chain's last completed sync. */
export async function lastSynced(db: Kysely<any>, chain: number): Promise<{ number: number; hash: string } | undefined> {
  const row = await db
    .selectFrom(META.synced)
    .select(["number", "hash"])
    .where(CHAIN_COLUMN, "=", chain)
    .orderBy("number", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? { number: Number(row.number), hash: row.hash } : undefined;
}

/** Every completed sync of the chain, newest first. */
export async function syncedBlocks(db: Kysely<any>, chain: number): Promise<{ number: number; hash: string }[]> {
  const rows = await db.selectFrom(META.synced).select(["number", "hash"]).where(CHAIN_COLUMN, "=", chain).orderBy("number", "desc").execute();
  return rows.map((r) => ({ number: Number(r.number), hash: r.hash }));
}

/** The chains the store holds a completed or pinned sync of, in order. */
export async function storedChains(db: Kysely<any>): Promise<number[]> {
  const synced = await db.selectFrom(META.synced).select(CHAIN_COLUMN).distinct().execute();
  const pinned = await db.selectFrom(META.target).select(CHAIN_COLUMN).execute();
  return [...new Set([...synced, ...pinned].map((r) => Number(r[CHAIN_COLUMN])))].sort((a, b) => a - b);
}

export async function cursorOf(db: Kysely<any>, chain: number, entity: string): Promise<{ lastId: string; done: boolean }> {
  const row = await db
    .selectFrom(META.cursor)
    .select(["last_id", "done"])
    .where(CHAIN_COLUMN, "=", chain)
    .where("entity", "=", entity)
    .executeTakeFirst();
  return row ? { lastId: row.last_id, done: Number(row.done) === 1 } : { lastId: "", done: false };
}

export async function saveCursor(trx: Transaction<any>, chain: number, entity: string, lastId: string, done: boolean) {
  await trx
    .insertInto(META.cursor)
    .values({ [CHAIN_COLUMN]: chain, entity, last_id: lastId, done: done ? 1 : 0 })
    .onConflict((oc) => oc.columns([CHAIN_COLUMN, "entity"]).doUpdateSet({ last_id: lastId, done: done ? 1 : 0 }))
    .execute();
}

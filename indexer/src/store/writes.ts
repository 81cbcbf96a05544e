import type { Kysely, Transaction } from "kysely";
import type { StoreRow } from "../client/rows";
import type { EntityDef } from "../schema/entities";
import { BLOCK_COLUMN, META } from "./tables";

// SQLite allows 32766 bound variables per statement; stay well under it.
const MAX_VARIABLES = 30_000;

export async function upsertRows(trx: Transaction<any> | Kysely<any>, entity: EntityDef, rows: StoreRow[]) {
  if (rows.length === 0) return;
  const columns = [...entity.fields.map((f) => f.name), BLOCK_COLUMN];
  const chunk = Math.max(1, Math.floor(MAX_VARIABLES / columns.length));
  const updates = columns.filter((c) => c !== "id");
  for (let i = 0; i < rows.length; i += chunk) {
    await trx
      .insertInto(entity.name)
      .values(rows.slice(i, i + chunk))
      .onConflict((oc) =>
        oc.column("id").doUpdateSet((eb) => Object.fromEntries(updates.map((c) => [c, eb.ref(`excluded.${c}`)]))),
      )
      .execute();
  }
}

export interface Target {
  number: number;
  hash: string;
  since: number;
}

export async function readTarget(db: Kysely<any>): Promise<Target | undefined> {
  const row = await db.selectFrom(META.target).select(["number", "hash", "since"]).executeTakeFirst();
  return row ? { number: Number(row.number), hash: row.hash, since: Number(row.since) } : undefined;
}

export async function lastSynced(db: Kysely<any>): Promise<{ number: number; hash: string } | undefined> {
  const row = await db
    .selectFrom(META.synced)
    .select(["number", "hash"])
    .orderBy("number", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? { number: Number(row.number), hash: row.hash } : undefined;
}

export async function syncedBlocks(db: Kysely<any>): Promise<{ number: number; hash: string }[]> {
  const rows = await db.selectFrom(META.synced).select(["number", "hash"]).orderBy("number", "desc").execute();
  return rows.map((r) => ({ number: Number(r.number), hash: r.hash }));
}

export async function cursorOf(db: Kysely<any>, entity: string): Promise<{ lastId: string; done: boolean }> {
  const row = await db.selectFrom(META.cursor).select(["last_id", "done"]).where("entity", "=", entity).executeTakeFirst();
  return row ? { lastId: row.last_id, done: Number(row.done) === 1 } : { lastId: "", done: false };
}

export async function saveCursor(trx: Transaction<any>, entity: string, lastId: string, done: boolean) {
  await trx
    .insertInto(META.cursor)
    .values({ entity, last_id: lastId, done: done ? 1 : 0 })
    .onConflict((oc) => oc.column("entity").doUpdateSet({ last_id: lastId, done: done ? 1 : 0 }))
    .execute();
}

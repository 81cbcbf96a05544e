import type { Connection } from "../../src/store/open";
import type { EntityDef } from "../../src/schema/entities";
import { BLOCK_COLUMN } from "../../src/store/tables";

/** Every entity table's rows by id, without the bookkeeping column (which differs between syncs). */
export async function dumpTables(store: Connection, entities: EntityDef[]): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const entity of entities) {
    const rows = await store.db.selectFrom(entity.name).selectAll().orderBy("id").execute();
    out[entity.name] = rows.map((r) => {
      const { [BLOCK_COLUMN]: _ignored, ...rest } = r;
      return { ...rest };
    });
  }
  return out;
}

export function countRows(tables: Record<string, unknown[]>): number {
  return Object.values(tables).reduce((n, rows) => n + rows.length, 0);
}

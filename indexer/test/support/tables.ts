import type { Connection } from "../../src/store/open";
import type { EntityDef } from "../../src/schema/entities";
import { BLOCK_COLUMN, CHAIN_COLUMN } from "../../src/store/tables";

/**
 * Every entity table's rows by chain and id, without the bookkeeping column (which differs between syncs);
 * with `chain`, that chain's rows alone.
 */
export async function dumpTables(store: Connection, entities: EntityDef[], chain?: number): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const entity of entities) {
    let query = store.db.selectFrom(entity.name).selectAll();
    if (chain !== undefined) query = query.where(CHAIN_COLUMN, "=", chain);
    const rows = await query.orderBy(CHAIN_COLUMN).orderBy("id").execute();
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

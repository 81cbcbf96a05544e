import { sql, type Kysely } from "kysely";
import type { EntityDef, FieldDef } from "../schema/entities";

/** Bookkeeping tables, beside one table per entity. */
export const META = {
  /** The block the sync under way is pinned to (one row, or none between syncs). */
  target: "_sync_target",
  /** Per entity: the last id written within the sync under way, and the block rows changed since. */
  cursor: "_sync_cursor",
  /** Every completed sync's block and hash: the reorg check compares them with graph-node. */
  synced: "_synced_block",
  /** The entity definitions the tables were made from. */
  schema: "_sync_schema",
  /** Rows a reorg rolled back, to be fetched again as of the next sync's block. */
  refetch: "_sync_refetch",
} as const;

/** The column that records the sync block that wrote a row's current version. */
export const BLOCK_COLUMN = "_block";

/**
 * The column that records a row's chain (its EIP-155 chain id). One subgraph indexes one chain, so a store
 * synced from several holds each chain's rows side by side, keyed by (chain, id): the two sides of a bridge
 * transfer share their id (the LayerZero guid) on both chains.
 */
export const CHAIN_COLUMN = "chain";

function columnType(field: FieldDef): "text" | "bigint" | "integer" {
  if (field.list) return "text";
  if (field.scalar === "Int") return "bigint";
  if (field.scalar === "Boolean") return "integer";
  return "text";
}

export async function createTables(db: Kysely<any>, entities: EntityDef[]): Promise<void> {
  await db.schema
    .createTable(META.target)
    .ifNotExists()
    .addColumn(CHAIN_COLUMN, "bigint", (c) => c.primaryKey())
    .addColumn("number", "bigint", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .addColumn("since", "bigint", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable(META.cursor)
    .ifNotExists()
    .addColumn(CHAIN_COLUMN, "bigint", (c) => c.notNull())
    .addColumn("entity", "text", (c) => c.notNull())
    .addColumn("last_id", "text", (c) => c.notNull())
    .addColumn("done", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint(`${META.cursor}_pk`, [CHAIN_COLUMN, "entity"])
    .execute();
  await db.schema
    .createTable(META.synced)
    .ifNotExists()
    .addColumn(CHAIN_COLUMN, "bigint", (c) => c.notNull())
    .addColumn("number", "bigint", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .addColumn("synced_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint(`${META.synced}_pk`, [CHAIN_COLUMN, "number"])
    .execute();
  await db.schema
    .createTable(META.schema)
    .ifNotExists()
    .addColumn("entity", "text", (c) => c.primaryKey())
    .addColumn("definition", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable(META.refetch)
    .ifNotExists()
    .addColumn(CHAIN_COLUMN, "bigint", (c) => c.notNull())
    .addColumn("entity", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint(`${META.refetch}_pk`, [CHAIN_COLUMN, "entity", "id"])
    .execute();
  for (const entity of entities) await createEntityTable(db, entity);
}

async function createEntityTable(db: Kysely<any>, entity: EntityDef): Promise<void> {
  if (entity.fields.some((f) => f.name === CHAIN_COLUMN)) {
    throw new Error(`entity ${entity.name} has a field named ${CHAIN_COLUMN}, the store's own column for a row's chain`);
  }
  let table = db.schema.createTable(entity.name).ifNotExists().addColumn(CHAIN_COLUMN, "bigint", (c) => c.notNull());
  for (const field of entity.fields) {
    table = table.addColumn(field.name, field.name === "id" ? "text" : columnType(field), (c) => (field.name === "id" ? c.notNull() : c));
  }
  await table
    .addColumn(BLOCK_COLUMN, "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint(`${entity.name}_pk`, [CHAIN_COLUMN, "id"] as never)
    .execute();
  await db.schema
    .createIndex(`${entity.name}${BLOCK_COLUMN}_idx`)
    .ifNotExists()
    .on(entity.name)
    .columns([CHAIN_COLUMN, BLOCK_COLUMN])
    .execute();
}

/**
 * Refuses a store made before rows carried their chain (bookkeeping keyed by block alone, entity tables
 * keyed by id alone): its rows cannot be told apart from another chain's, and rewriting its keys in place
 * could leave it half converted. Nothing is changed; the message says to sync again with --rebuild.
 */
export async function checkChainColumns(db: Kysely<any>, entities: EntityDef[], where: string): Promise<void> {
  const tables = await db.introspection.getTables();
  const names = new Set([...Object.values(META), ...entities.map((e) => e.name)] as string[]);
  for (const table of tables) {
    if (!names.has(table.name) || table.name === META.schema) continue;
    if (!table.columns.some((c) => c.name === CHAIN_COLUMN)) {
      throw Object.assign(
        new Error(
          `the store ${where} was made before rows carried their chain (table ${table.name} has no ${CHAIN_COLUMN} column); ` +
            `sync it again with --rebuild (it is rebuilt from graph-node) or into a new file`,
        ),
        { exitCode: 3 },
      );
    }
  }
}

/** Records the entity definitions, and refuses a store whose tables were made from another schema. */
export async function checkSchema(db: Kysely<any>, entities: EntityDef[], where: string): Promise<void> {
  const rows = (await db.selectFrom(META.schema).selectAll().execute()) as { entity: string; definition: string }[];
  const stored = new Map(rows.map((r) => [r.entity, r.definition]));
  for (const entity of entities) {
    const definition = JSON.stringify(entity);
    const before = stored.get(entity.name);
    if (before === undefined) {
      await db.insertInto(META.schema).values({ entity: entity.name, definition }).execute();
    } else if (before !== definition) {
      throw Object.assign(
        new Error(
          `the store ${where} was made from another subgraph schema (entity ${entity.name} differs); ` +
            `sync into a new file or pass --rebuild`,
        ),
        { exitCode: 3 },
      );
    }
  }
}

export async function dropAll(db: Kysely<any>, entities: EntityDef[]): Promise<void> {
  for (const name of [...Object.values(META), ...entities.map((e) => e.name)]) {
    await db.schema.dropTable(name).ifExists().execute();
  }
}

export function quoteIdent(name: string) {
  return sql.id(name);
}

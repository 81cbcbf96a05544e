import type Database from "better-sqlite3";
import type { StoreRow } from "../client/rows";
import type { EntityDef } from "../schema/entities";
import type { Connection } from "./open";
import { CHAIN_COLUMN, META } from "./tables";
import { saveCursor, storeColumns, upsertRows } from "./writes";

export interface Cursor {
  lastId: string;
  done: boolean;
}

/** Writes one page of one chain's rows (each carrying that chain) and the cursor that covers them, atomically. */
export interface PageWriter {
  write(entity: EntityDef, rows: StoreRow[], cursor: Cursor): Promise<void>;
}

export function pageWriter(conn: Connection, chain: number): PageWriter {
  return conn.sqlite ? new SqlitePageWriter(conn.sqlite, chain) : new KyselyPageWriter(conn, chain);
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * SQLite: one prepared upsert per entity, run row by row inside a synchronous better-sqlite3
 * transaction with the cursor update. Building a thousand-row statement per page through the query
 * builder costs several times the fetch itself; a prepared statement costs microseconds per row.
 */
class SqlitePageWriter implements PageWriter {
  private readonly upserts = new Map<string, { stmt: Database.Statement; columns: string[] }>();
  private readonly cursorStmt: Database.Statement;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly chain: number,
  ) {
    this.cursorStmt = sqlite.prepare(
      `INSERT INTO ${quote(META.cursor)} (${CHAIN_COLUMN}, entity, last_id, done) VALUES (?, ?, ?, ?)
       ON CONFLICT(${CHAIN_COLUMN}, entity) DO UPDATE SET last_id = excluded.last_id, done = excluded.done`,
    );
  }

  private upsertFor(entity: EntityDef) {
    let entry = this.upserts.get(entity.name);
    if (!entry) {
      const columns = storeColumns(entity);
      const updates = columns.filter((c) => c !== "id" && c !== CHAIN_COLUMN).map((c) => `${quote(c)} = excluded.${quote(c)}`);
      const stmt = this.sqlite.prepare(
        `INSERT INTO ${quote(entity.name)} (${columns.map(quote).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})
         ON CONFLICT(${CHAIN_COLUMN}, id) DO UPDATE SET ${updates.join(", ")}`,
      );
      entry = { stmt, columns };
      this.upserts.set(entity.name, entry);
    }
    return entry;
  }

  async write(entity: EntityDef, rows: StoreRow[], cursor: Cursor): Promise<void> {
    const { stmt, columns } = this.upsertFor(entity);
    this.sqlite.transaction(() => {
      for (const row of rows) stmt.run(columns.map((c) => row[c]));
      this.cursorStmt.run(this.chain, entity.name, cursor.lastId, cursor.done ? 1 : 0);
    })();
  }
}

/** Postgres (or any kysely dialect): the rows and the cursor in one kysely transaction. */
class KyselyPageWriter implements PageWriter {
  constructor(
    private readonly conn: Connection,
    private readonly chain: number,
  ) {}

  async write(entity: EntityDef, rows: StoreRow[], cursor: Cursor): Promise<void> {
    await this.conn.db.transaction().execute(async (trx) => {
      await upsertRows(trx, entity, rows);
      await saveCursor(trx, this.chain, entity.name, cursor.lastId, cursor.done);
    });
  }
}

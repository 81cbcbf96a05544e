import Database from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";

export type Dialect = "sqlite" | "postgres";

export interface Connection {
  // Tables are made from the subgraph's schema at run time, so rows are untyped here; analytics
  // read them through the generated types.
  db: Kysely<any>;
  dialect: Dialect;
  describe: string;
  /** The SQLite handle behind `db`, for the bulk page writer's prepared statements. */
  sqlite?: Database.Database;
}

/**
 * Opens the store: Postgres when a postgres:// URL is given (DATABASE_URL), else a SQLite file in
 * WAL mode. Tables are created by migrate().
 */
export async function openConnection(target: { file?: string; databaseUrl?: string }): Promise<Connection> {
  if (target.databaseUrl) {
    const { Pool } = await import("pg");
    const pool = new Pool({ connectionString: target.databaseUrl, max: 4 });
    return {
      db: new Kysely({ dialect: new PostgresDialect({ pool }) }),
      dialect: "postgres",
      describe: target.databaseUrl.replace(/:[^:@/]*@/, ":***@"),
    };
  }
  const file = target.file ?? ":memory:";
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = OFF");
  return { db: new Kysely({ dialect: new SqliteDialect({ database: sqlite }) }), dialect: "sqlite", describe: file, sqlite };
}

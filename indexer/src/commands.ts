import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { SubgraphClient } from "./client/graph-node";
import { loadCapturedEntities } from "./schema/captured";
import { openConnection } from "./store/open";
import { META, dropAll } from "./store/tables";
import { lastSynced, readTarget } from "./store/writes";
import { progressPrinter } from "./sync/progress";
import { DEFAULT_RETRY } from "./sync/retry";
import { sync } from "./sync/sync";

async function openStore(file: string) {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl && file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  return openConnection({ file, databaseUrl });
}

export async function runSync(flags: { url: string; statusUrl?: string; db: string; rebuild?: boolean; pageSize?: number }) {
  const entities = loadCapturedEntities();
  const store = await openStore(flags.db);
  try {
    if (flags.rebuild) await dropAll(store.db, entities);
    const result = await sync({
      client: new SubgraphClient(flags.url, flags.statusUrl),
      store,
      entities,
      pageSize: flags.pageSize,
      onProgress: progressPrinter(),
      retry: {
        ...DEFAULT_RETRY,
        onRetry: (err, attempt, waitMs) =>
          process.stderr.write(`\nretrying in ${waitMs} ms (attempt ${attempt}): ${err.message}\n`),
      },
      onReorg: (common, stored) =>
        process.stderr.write(`\nreorg: stored block ${stored} is no longer on graph-node's chain; rolling back to ${common}\n`),
    });
    const rate = result.elapsedMs ? Math.round((result.rows * 1000) / result.elapsedMs) : result.rows;
    process.stderr.write("\n");
    process.stdout.write(
      `synced ${result.rows} entities as of block ${result.block} into ${store.describe} ` +
        `in ${(result.elapsedMs / 1000).toFixed(2)} s (${rate} entities/s)${result.resumed ? ", resumed" : ""}\n`,
    );
  } finally {
    await store.db.destroy();
  }
}

export async function runStatus(flags: { url: string; statusUrl?: string; db: string }) {
  const entities = loadCapturedEntities();
  if (!process.env.DATABASE_URL && !existsSync(flags.db)) {
    process.stdout.write(`no store at ${flags.db} (run lotgraph sync)\n`);
    return;
  }
  const store = await openStore(flags.db);
  try {
    const tables = new Set((await store.db.introspection.getTables()).map((t) => t.name));
    if (!tables.has(META.synced)) {
      process.stdout.write(`store ${store.describe}: empty (run lotgraph sync)\n`);
      return;
    }
    const synced = await lastSynced(store.db);
    const target = await readTarget(store.db);
    process.stdout.write(`store ${store.describe}\n`);
    process.stdout.write(`  last complete sync: ${synced ? `block ${synced.number} (${synced.hash})` : "none"}\n`);
    if (target) process.stdout.write(`  interrupted sync pinned to block ${target.number}: run lotgraph sync to resume\n`);
    for (const entity of entities) {
      if (!tables.has(entity.name)) continue;
      const row = await store.db.selectFrom(entity.name).select((eb) => eb.fn.countAll().as("n")).executeTakeFirst();
      process.stdout.write(`  ${entity.name.padEnd(24)} ${String(row?.n ?? 0).padStart(10)}\n`);
    }
    try {
      const meta = await new SubgraphClient(flags.url, flags.statusUrl).meta();
      const lag = synced ? meta.block.number - synced.number : meta.block.number;
      process.stdout.write(
        `graph-node ${flags.url}: head block ${meta.block.number}, ${lag} blocks ahead of the store` +
          `${meta.hasIndexingErrors ? ", HAS INDEXING ERRORS" : ""}\n`,
      );
    } catch (err) {
      process.stdout.write(`graph-node ${flags.url}: not reachable (${(err as Error).message})\n`);
    }
  } finally {
    await store.db.destroy();
  }
}

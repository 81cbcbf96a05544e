import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { SubgraphClient } from "./client/graph-node";
import { DEFAULT_SUBGRAPH_URL, type SourceFlags } from "./cli";
import { loadCapturedEntities } from "./schema/captured";
import { openConnection } from "./store/open";
import { CHAIN_COLUMN, META, checkChainColumns, dropAll } from "./store/tables";
import { lastSynced, readTarget, storedChains } from "./store/writes";
import { chainOfSubgraph, parseChainId } from "./sync/chains";
import { progressPrinter } from "./sync/progress";
import { DEFAULT_RETRY } from "./sync/retry";
import { syncChains, type ChainSource } from "./sync/sync";

async function openStore(file: string) {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl && file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  return openConnection({ file, databaseUrl });
}

const usage = (message: string) => Object.assign(new Error(message), { exitCode: 2 });

/** One `--subgraph` value: `<chainId>=<url>[,<statusUrl>]`. */
export function parseSubgraphFlag(value: string): ChainSource {
  const eq = value.indexOf("=");
  if (eq < 0) throw usage(`--subgraph ${value}: expected <chainId>=<url>[,<statusUrl>]`);
  const chain = parseChainId(value.slice(0, eq), `--subgraph ${value}`);
  const [url, statusUrl, ...rest] = value.slice(eq + 1).split(",");
  if (!url || rest.length || statusUrl === "") throw usage(`--subgraph ${value}: expected <chainId>=<url>[,<statusUrl>]`);
  for (const u of [url, statusUrl]) {
    if (u !== undefined && !URL.canParse(u)) throw usage(`--subgraph ${value}: ${JSON.stringify(u)} is not a URL`);
  }
  return { chain, client: new SubgraphClient(url, statusUrl) };
}

/** The subgraphs the flags name: one per --subgraph, else the one --url (with --status-url and --chain). */
export function sourcesOf(flags: SourceFlags): ChainSource[] {
  if (flags.subgraph?.length) {
    if (flags.url || flags.statusUrl || flags.chain) throw usage("--subgraph names each chain's subgraph: it does not go with --url, --status-url or --chain");
    return flags.subgraph.map(parseSubgraphFlag);
  }
  return [
    {
      client: new SubgraphClient(flags.url ?? DEFAULT_SUBGRAPH_URL, flags.statusUrl),
      chain: flags.chain === undefined ? undefined : parseChainId(flags.chain, "--chain"),
    },
  ];
}

export async function runSync(flags: SourceFlags & { db: string; rebuild?: boolean; pageSize?: number }) {
  const entities = loadCapturedEntities();
  const sources = sourcesOf(flags);
  const store = await openStore(flags.db);
  try {
    if (flags.rebuild) await dropAll(store.db, entities);
    const results = await syncChains(sources, {
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
    process.stderr.write("\n");
    for (const result of results) {
      const rate = result.elapsedMs ? Math.round((result.rows * 1000) / result.elapsedMs) : result.rows;
      process.stdout.write(
        `chain ${result.chain}: synced ${result.rows} entities as of block ${result.block} into ${store.describe} ` +
          `in ${(result.elapsedMs / 1000).toFixed(2)} s (${rate} entities/s)${result.resumed ? ", resumed" : ""}\n`,
      );
    }
  } finally {
    await store.db.destroy();
  }
}

export async function runStatus(flags: SourceFlags & { db: string }) {
  const entities = loadCapturedEntities();
  const sources = sourcesOf(flags);
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
    await checkChainColumns(store.db, entities, store.describe);
    process.stdout.write(`store ${store.describe}\n`);
    const chains = await storedChains(store.db);
    for (const chain of chains) {
      const synced = await lastSynced(store.db, chain);
      const target = await readTarget(store.db, chain);
      process.stdout.write(`  chain ${chain}: last complete sync: ${synced ? `block ${synced.number} (${synced.hash})` : "none"}\n`);
      if (target) process.stdout.write(`  chain ${chain}: interrupted sync pinned to block ${target.number}: run lotgraph sync to resume\n`);
    }
    for (const entity of entities) {
      if (!tables.has(entity.name)) continue;
      const counts = await store.db
        .selectFrom(entity.name)
        .select([CHAIN_COLUMN, (eb) => eb.fn.countAll().as("n")])
        .groupBy(CHAIN_COLUMN)
        .orderBy(CHAIN_COLUMN)
        .execute();
      const total = counts.reduce((n, c) => n + Number(c.n), 0);
      const split = counts.length > 1 ? `  (${counts.map((c) => `chain ${c[CHAIN_COLUMN]}: ${c.n}`).join(", ")})` : "";
      process.stdout.write(`  ${entity.name.padEnd(24)} ${String(total).padStart(10)}${split}\n`);
    }
    for (const source of sources) await reportHead(store.db, source);
  } finally {
    await store.db.destroy();
  }
}

/** One chain's graph-node head, and how far the store is behind it. */
async function reportHead(db: Parameters<typeof lastSynced>[0], source: ChainSource) {
  const { client } = source;
  try {
    const chain = source.chain ?? (await chainOfSubgraph(client));
    const meta = await client.meta();
    const synced = await lastSynced(db, chain);
    const lag = synced ? meta.block.number - synced.number : meta.block.number;
    process.stdout.write(
      `graph-node ${client.url} (chain ${chain}): head block ${meta.block.number}, ${lag} blocks ahead of the store` +
        `${meta.hasIndexingErrors ? ", HAS INDEXING ERRORS" : ""}\n`,
    );
  } catch (err) {
    process.stdout.write(`graph-node ${client.url}: not reachable (${(err as Error).message})\n`);
  }
}

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { scenario } from "@lotgraph/contracts";
import { jsonRpc } from "@lotgraph/stack";
import { SubgraphClient, GraphNodeError } from "../src/client/graph-node";
import { MalformedResponseError } from "../src/client/rows";
import { INTROSPECTION_QUERY, loadCapturedEntities } from "../src/schema/captured";
import { entitiesFromIntrospection } from "../src/schema/entities";
import { openConnection, type Connection } from "../src/store/open";
import { sync, syncChains, type SyncOptions } from "../src/sync/sync";
import { CHAIN_COLUMN, META } from "../src/store/tables";
import { readTarget, lastSynced } from "../src/store/writes";
import { incomeBySource, pnlByAsset, portfolioValueSeries } from "../src/analytics/analytics";
import { D } from "../src/analytics/decimal";
import { startLiveSystem, type LiveSystem } from "./support/system";
import { countRows, dumpTables } from "./support/tables";
import { startFaultProxy } from "./support/faults";

// The indexer against the real graph-node (gnd) indexing the real contracts on a hardhat chain.
const entities = loadCapturedEntities();
const FAST_RETRY = { attempts: 40, baseMs: 20, maxMs: 300 };
let system: LiveSystem;
const stores: Connection[] = [];

async function store(name: string): Promise<Connection> {
  const c = await openConnection({ file: path.join(system.dataDir, `${name}.db`) });
  stores.push(c);
  return c;
}

const HOME_CHAIN = 31337;
/** A second chain id for the same subgraph: every id it serves collides with the home chain's. */
const OTHER_CHAIN = 412346;

function syncInto(target: Connection, extra: Partial<SyncOptions> = {}) {
  return sync({ client: new SubgraphClient(system.graphNode.graphqlUrl, system.graphNode.indexNodeUrl), store: target, entities, retry: FAST_RETRY, ...extra });
}

before(async () => {
  // The full system, its liquidity manager's open range included.
  system = await startLiveSystem();
});

after(async () => {
  for (const s of stores) await s.db.destroy();
  await system?.stop();
});

test("the captured schema is what graph-node serves for the deployed subgraph", async () => {
  const live = await system.graphNode.query<{ __schema: unknown }>(INTROSPECTION_QUERY);
  assert.deepEqual(entitiesFromIntrospection(live as never), entities);
});

test("a sync stores exactly what graph-node serves, and analytics agree with the subgraph", async () => {
  const db = await store("full");
  const result = await syncInto(db);
  const head = await system.stack.headBlock();
  assert.equal(result.block, head);
  const tables = await dumpTables(db, entities);
  assert.equal(countRows(tables), result.rows);
  assert.ok(tables.Lot.length > 5 && tables.Disposal.length > 2 && tables.Harvest.length >= 1, "scenario entities are there");

  // The same rows, fetched from graph-node in one go per entity as of the same block.
  const direct = await system.graphNode.query<{ lots: { id: string; quantity: string; costBasisUsd: string; transactionHash: string }[] }>(
    `{ lots(first: 1000, orderBy: id, block: { number: ${result.block} }) { id quantity costBasisUsd transactionHash } }`,
  );
  assert.deepEqual(
    tables.Lot.map((r: any) => ({ id: r.id, quantity: r.quantity, costBasisUsd: r.costBasisUsd, transactionHash: r.transactionHash })),
    direct.lots,
  );

  // Analytics over the store against the subgraph's own aggregates.
  const positions = await system.graphNode.query<{ positions: { asset: { symbol: string; decimals: number }; quantity: string }[] }>(
    "{ positions(first: 100) { asset { symbol decimals } quantity } }",
  );
  const pnl = await pnlByAsset(db.db);
  for (const p of positions.positions) {
    const mine = pnl.find((x) => x.asset === p.asset.symbol);
    assert.ok(mine, `P&L has ${p.asset.symbol}`);
    assert.equal(mine.quantity.toString(), new D(p.quantity).div(new D(10).pow(p.asset.decimals)).toString(), `${p.asset.symbol} quantity`);
  }
  const harvests = await system.graphNode.query<{ harvests: { incomeUsd: string }[] }>("{ harvests(first: 1000) { incomeUsd } }");
  const income = await incomeBySource(db.db);
  assert.equal(
    income.reduce((s, i) => s.plus(i.incomeUsd), new D(0)).toString(),
    harvests.harvests.reduce((s, h) => s.plus(h.incomeUsd), new D(0)).toString(),
  );
  assert.ok((await portfolioValueSeries(db.db)).length >= 2);
});

test("the sleeve the subgraph weighs (quantity − in yield sources − posted margin − inside the manager's ranges) is the vault's own token balance on chain", async () => {
  await system.stack.waitSynced();
  const vault = system.deployment.contracts.Vault.address.toLowerCase();
  const { positions } = await system.graphNode.query<{
    positions: { asset: { symbol: string }; quantity: string; inYieldSources: string; postedAsMargin: string; inLiquidityPositions: string }[];
  }>(`{ positions(where: { vault: "${vault}" }) { asset { symbol } quantity inYieldSources postedAsMargin inLiquidityPositions } }`);
  assert.ok(positions.some((p) => BigInt(p.inYieldSources) > 0n), "the deployment put tokens into a yield source");
  assert.ok(positions.some((p) => BigInt(p.postedAsMargin) !== 0n), "the scenario's hedge posted margin");
  assert.ok(positions.filter((p) => BigInt(p.inLiquidityPositions) > 0n).length === 2, "the manager's range holds both its tokens");
  for (const p of positions) {
    const onChain: bigint = await system.deployment.tokens[p.asset.symbol].balanceOf(vault);
    const sleeve = BigInt(p.quantity) - BigInt(p.inYieldSources) - BigInt(p.postedAsMargin) - BigInt(p.inLiquidityPositions);
    assert.equal(sleeve, onChain, `${p.asset.symbol} sleeve`);
  }
});

test("a sync killed mid-way resumes on the same block and ends with the same tables as an uninterrupted one", async () => {
  const reference = await store("reference");
  await syncInto(reference);
  const file = path.join(system.dataDir, "killed.db");
  const bin = path.resolve(__dirname, "../../node_modules/.bin/lotgraph");
  const args = ["sync", "--url", system.graphNode.graphqlUrl, "--status-url", system.graphNode.indexNodeUrl, "--db", file, "--page-size", "3"];

  // Run the real CLI and SIGKILL it once it has written a few entity types.
  const child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
  let seen = 0;
  const killed = await new Promise<boolean>((resolve) => {
    child.stderr.on("data", (chunk: Buffer) => {
      seen += chunk.toString().split("\n").filter((l) => l.startsWith("syncing block")).length;
      if (seen >= 4 && child.exitCode === null) child.kill("SIGKILL");
    });
    child.on("exit", (_code, signal) => resolve(signal === "SIGKILL"));
  });
  assert.ok(killed, "the sync was killed before it finished");

  const resumedDb = await store("killed");
  const partial = countRows(await dumpTables(resumedDb, entities));
  const total = countRows(await dumpTables(reference, entities));
  assert.ok(partial > 0 && partial < total, `the kill left a partial store (${partial} of ${total} rows)`);

  const resumed = await syncInto(resumedDb, { pageSize: 3 });
  assert.equal(resumed.resumed, true);
  assert.deepEqual(await dumpTables(resumedDb, entities), await dumpTables(reference, entities));
});

test("two chains in one store: the same ids on both are two rows, each chain's rows equal its own one-chain sync", async () => {
  const single = await store("one-chain");
  const one = await syncInto(single);
  assert.equal(one.chain, HOME_CHAIN, "the chain defaults to the one graph-node reports (network hardhat)");
  const db = await store("two-chains");
  const client = () => new SubgraphClient(system.graphNode.graphqlUrl, system.graphNode.indexNodeUrl);
  const results = await syncChains([{ client: client() }, { client: client(), chain: OTHER_CHAIN }], { store: db, entities, retry: FAST_RETRY });
  assert.deepEqual(results.map((r) => r.chain), [HOME_CHAIN, OTHER_CHAIN]);
  assert.equal(results[0].rows, one.rows);
  assert.equal(results[1].rows, one.rows, "every id of the second chain collides with the home chain's, and is stored beside it");
  const reference = await dumpTables(single, entities);
  assert.deepEqual(await dumpTables(db, entities, HOME_CHAIN), reference);
  assert.deepEqual(
    await dumpTables(db, entities, OTHER_CHAIN),
    Object.fromEntries(Object.entries(reference).map(([t, rows]) => [t, rows.map((r: any) => ({ ...r, chain: OTHER_CHAIN }))])),
  );
  assert.equal(countRows(await dumpTables(db, entities)), 2 * one.rows);
  for (const chain of [HOME_CHAIN, OTHER_CHAIN]) assert.equal((await lastSynced(db.db, chain))?.number, one.block, `chain ${chain}'s progress`);
  await assert.rejects(
    syncChains([{ client: client(), chain: OTHER_CHAIN }, { client: client(), chain: OTHER_CHAIN }], { store: db, entities, retry: FAST_RETRY }),
    /chain 412346 is named twice/,
  );
});

test("two chains in one store: progress is per chain, so one chain's interrupted sync resumes without touching the other", async () => {
  const db = await store("two-chains-resume");
  const client = new SubgraphClient(system.graphNode.graphqlUrl, system.graphNode.indexNodeUrl);
  const home = await syncInto(db);
  const cut = await sync({ client, chain: OTHER_CHAIN, store: db, entities, retry: FAST_RETRY, pageSize: 3, stopAfterPages: 5 });
  assert.equal(cut.interrupted, true);
  assert.equal((await readTarget(db.db, OTHER_CHAIN))?.number, cut.block, "the second chain's sync is pinned");
  assert.equal(await readTarget(db.db, HOME_CHAIN), undefined, "the home chain has no sync under way");
  const homeRows = await dumpTables(db, entities, HOME_CHAIN);
  const resumed = await sync({ client, chain: OTHER_CHAIN, store: db, entities, retry: FAST_RETRY, pageSize: 3 });
  assert.equal(resumed.resumed, true);
  assert.equal(countRows(await dumpTables(db, entities, OTHER_CHAIN)), home.rows);
  assert.deepEqual(await dumpTables(db, entities, HOME_CHAIN), homeRows, "the home chain's rows are untouched");
});

test("two chains in one store: a reorg on one chain rolls back that chain's rows alone", async () => {
  const dep = system.deployment;
  const url = system.stack.chain.url;
  const db = await store("two-chains-reorg");
  const client = new SubgraphClient(system.graphNode.graphqlUrl, system.graphNode.indexNodeUrl);
  const snapshot = await jsonRpc<string>(url, "evm_snapshot");
  await scenario.setPrice(dep, "LINK", "17.25");
  await system.stack.waitSynced();
  // Both chains hold branch A (the second chain is this same subgraph under another chain id).
  await syncChains([{ client }, { client, chain: OTHER_CHAIN }], { store: db, entities, retry: FAST_RETRY });
  const otherBefore = await dumpTables(db, entities, OTHER_CHAIN);
  const otherSynced = await db.db.selectFrom(META.synced).selectAll().where(CHAIN_COLUMN, "=", OTHER_CHAIN).execute();

  await jsonRpc(url, "evm_revert", [snapshot]);
  for (let i = 0; i < 8; i++) await jsonRpc(url, "evm_mine");
  await system.stack.waitSynced();
  let reorgs = 0;
  const after = await sync({ client, store: db, entities, retry: FAST_RETRY, onReorg: () => reorgs++ });
  assert.equal(after.chain, HOME_CHAIN);
  assert.ok(after.reorg && reorgs === 1, "the home chain's sync rolled back");
  const fresh = await store("two-chains-reorg-fresh");
  await syncInto(fresh);
  assert.deepEqual(await dumpTables(db, entities, HOME_CHAIN), await dumpTables(fresh, entities), "the home chain equals a fresh sync");
  const price = (t: Record<string, unknown[]>) => (t.PriceUpdate as { priceUsd: string }[]).filter((r) => r.priceUsd === "17.25").length;
  assert.equal(price(await dumpTables(db, entities, HOME_CHAIN)), 0, "no home row of the abandoned branch survives");
  assert.deepEqual(await dumpTables(db, entities, OTHER_CHAIN), otherBefore, "the other chain's rows are untouched");
  assert.ok(price(otherBefore) > 0);
  assert.deepEqual(await db.db.selectFrom(META.synced).selectAll().where(CHAIN_COLUMN, "=", OTHER_CHAIN).execute(), otherSynced, "and its progress");
});

test("a store made before rows carried their chain is refused, unchanged, with the way out", async () => {
  const file = path.join(system.dataDir, "old.db");
  const old = new (require("better-sqlite3"))(file);
  old.exec(`CREATE TABLE ${META.synced} (number bigint primary key, hash text not null, synced_at text not null);
    INSERT INTO ${META.synced} VALUES (5, '0x05', '2025-01-01');
    CREATE TABLE Lot (id text primary key, _block bigint not null); INSERT INTO Lot VALUES ('a', 5);`);
  old.close();
  const db = await store("old");
  await assert.rejects(syncInto(db), (err: Error & { exitCode?: number }) => {
    assert.equal(err.exitCode, 3);
    assert.match(err.message, /old\.db was made before rows carried their chain \(table (_synced_block|Lot) has no chain column\).*--rebuild/);
    return true;
  });
  const tables = (await db.db.introspection.getTables()).map((t) => t.name).sort();
  assert.deepEqual(tables, ["Lot", META.synced].sort(), "nothing was created");
  assert.deepEqual(await db.db.selectFrom("Lot").selectAll().execute(), [{ id: "a", _block: 5 }]);
});

test("after a reorg (evm_snapshot / evm_revert and a longer branch) the store equals a fresh sync", async () => {
  const dep = system.deployment;
  const url = system.stack.chain.url;
  const db = await store("reorg");
  const snapshot = await jsonRpc<string>(url, "evm_snapshot");

  // Branch A: prices move, graph-node indexes it, the store syncs it.
  await scenario.setPrice(dep, "LINK", "16.5");
  await scenario.setPrice(dep, "WETH", "3950");
  await system.stack.waitSynced();
  const before = await syncInto(db);

  // Branch B, from the snapshot: other prices, and more blocks than branch A had.
  await jsonRpc(url, "evm_revert", [snapshot]);
  await scenario.setPrice(dep, "LINK", "14.2");
  for (let i = 0; i < 12; i++) await jsonRpc(url, "evm_mine");
  const head = await system.stack.headBlock();
  assert.ok(head > before.block, "branch B is longer");
  await system.stack.waitSynced();

  const after = await syncInto(db);
  assert.ok(after.reorg, "the sync noticed the reorg");
  assert.ok(after.reorg.commonBlock < before.block);
  const fresh = await store("reorg-fresh");
  await syncInto(fresh);
  const reorged = await dumpTables(db, entities);
  assert.deepEqual(reorged, await dumpTables(fresh, entities));
  const links = (reorged.PriceUpdate as { priceUsd: string; asset: string }[]).filter((r) => r.priceUsd === "16.5");
  assert.deepEqual(links, [], "no row of the abandoned branch survives");
});

test("failure injection: 503s, dropped connections, indexing errors, malformed pages and a graph-node restart end in the same tables", async () => {
  const reference = await store("faults-reference");
  await syncInto(reference);
  const proxy = await startFaultProxy(system.graphNode.graphqlUrl, 20251124);
  const db = await store("faults");
  let restarts = 0;
  let supervisorRuns = 0;
  let pagesWritten = 0;
  const supervisorErrors = new Set<string>();
  try {
    for (;;) {
      supervisorRuns++;
      assert.ok(supervisorRuns < 60, "the sync converges");
      try {
        await sync({
          client: new SubgraphClient(proxy.url, system.graphNode.indexNodeUrl),
          store: db,
          entities,
          pageSize: 4,
          retry: FAST_RETRY,
          onProgress: () => {
            pagesWritten++;
            // Restart graph-node alone, once, in the middle of the sync.
            if (pagesWritten === 15 && restarts === 0) {
              restarts++;
              void system.stack.restartGraphNode();
            }
          },
        });
        break;
      } catch (err) {
        // A malformed page is refused before anything is written; the supervisor runs the sync again.
        if (!(err instanceof MalformedResponseError || err instanceof GraphNodeError)) throw err;
        supervisorErrors.add(`${err.name}: ${err.message.replace(/\d+/g, "N")}`);
      }
    }
  } finally {
    await proxy.close();
  }
  await system.stack.waitSynced();
  assert.equal(restarts, 1);
  const c = proxy.counts;
  assert.ok(c.serverErrors > 0 && c.resets > 0 && c.malformed > 0 && c.indexingErrors > 0, JSON.stringify(c));
  assert.deepEqual(await dumpTables(db, entities), await dumpTables(reference, entities));
  process.stdout.write(`# fault injection: ${JSON.stringify(c)}, supervisor runs ${supervisorRuns}: ${[...supervisorErrors].join(" | ")}\n`);
});

test("lotgraph status reports the store and graph-node's head", async () => {
  const file = path.join(system.dataDir, "status.db");
  const db = await openConnection({ file });
  await sync({ client: new SubgraphClient(system.graphNode.graphqlUrl, system.graphNode.indexNodeUrl), store: db, entities, retry: FAST_RETRY });
  await db.db.destroy();
  const bin = path.resolve(__dirname, "../../node_modules/.bin/lotgraph");
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(bin, ["status", "--db", file, "--url", system.graphNode.graphqlUrl, "--status-url", system.graphNode.indexNodeUrl]);
    let text = "";
    child.stdout.on("data", (d: Buffer) => (text += d));
    child.on("exit", (code) => (code === 0 ? resolve(text) : reject(new Error(`status exited ${code}`))));
  });
  assert.match(out, /last complete sync: block \d+/);
  assert.match(out, /Lot\s+\d+/);
  assert.match(out, /head block \d+, \d+ blocks ahead of the store/);
  assert.ok(fs.existsSync(file));
});

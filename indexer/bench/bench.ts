/**
 * npm run bench:indexer — syncs a large subgraph (≥ 50k entities) from the real graph-node into a fresh
 * SQLite store and times it next to a bare paginated fetch of the same rows (same pages, same pinned
 * block, JSON parsed, nothing stored). Both are warmed up once, then alternated three times; the
 * medians are reported. Goal: ≥ 10k entities/s and ≤ 1.3× the bare fetch.
 *
 *   npm run bench:indexer [-- --events 50000]
 */
import fs from "node:fs";
import path from "node:path";
import { ethers } from "ethers";
import { loadArtifact, type Deployment } from "@lotgraph/contracts";
import { SubgraphClient, PAGE_SIZE } from "../src/client/graph-node";
import { selection } from "../src/client/rows";
import { loadCapturedEntities } from "../src/schema/captured";
import { openConnection } from "../src/store/open";
import { sync } from "../src/sync/sync";
import { startLiveSystem } from "../test/support/system";

const eventsFlag = process.argv.indexOf("--events");
const eventsWanted = eventsFlag > 0 ? Number(process.argv[eventsFlag + 1]) : 50_000;
if (!Number.isInteger(eventsWanted) || eventsWanted < 1) throw new Error(`--events takes a whole number, not ${process.argv[eventsFlag + 1]}`);
const PER_TX = 1000;
const log = (m: string) => process.stderr.write(`${m}\n`);

async function deployBurst(deploymentFile: string, deployment: Deployment) {
  const signer = deployment.signer;
  const artifact = loadArtifact("EventBurst");
  const contract = await new ethers.ContractFactory(artifact.abi, artifact.bytecode, signer).deploy();
  const receipt = await contract.deploymentTransaction()!.wait();
  const dep = JSON.parse(fs.readFileSync(deploymentFile, "utf8"));
  // The bench subgraph listens to the burst contract as its oracle.
  dep.contracts.OracleHub = { address: await contract.getAddress(), startBlock: receipt!.blockNumber };
  fs.writeFileSync(deploymentFile, JSON.stringify(dep, null, 2));
  return { contract, asset: dep.assets[1].address as string, signer };
}

async function bareFetch(url: string, block: number) {
  let rows = 0;
  for (const entity of loadCapturedEntities()) {
    let lastId = "";
    for (;;) {
      const query = `{ rows: ${entity.collection}(first: ${PAGE_SIZE}, orderBy: id, orderDirection: asc, block: { number: ${block} }, where: { id_gt: ${JSON.stringify(lastId)} }) { ${selection(entity)} } }`;
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
      const page = ((await res.json()) as { data: { rows: { id: string }[] } }).data.rows;
      rows += page.length;
      if (page.length < PAGE_SIZE) break;
      lastId = page[page.length - 1].id;
    }
  }
  return rows;
}

async function main() {
  let burst: Awaited<ReturnType<typeof deployBurst>> | undefined;
  const system = await startLiveSystem({
    scenario: false,
    log,
    beforeSubgraph: async (dep, file) => {
      burst = await deployBurst(file, dep);
    },
  });
  try {
    const t0 = Date.now();
    for (let sent = 0; sent < eventsWanted; sent += PER_TX) {
      await (await (burst!.contract as any).burst(burst!.asset, 10n ** 18n, PER_TX)).wait();
    }
    log(`emitted ${eventsWanted} events in ${((Date.now() - t0) / 1000).toFixed(1)} s; waiting for graph-node`);
    const t1 = Date.now();
    await system.graphNode.waitSynced(await system.stack.headBlock(), 900_000);
    log(`graph-node indexed them in ${((Date.now() - t1) / 1000).toFixed(1)} s`);

    const client = new SubgraphClient(system.graphNode.graphqlUrl, system.graphNode.indexNodeUrl);
    const block = (await client.meta()).block.number;
    const entities = loadCapturedEntities();
    let n = 0;
    const syncOnce = async () => {
      const store = await openConnection({ file: path.join(system.dataDir, `bench-${n++}.db`) });
      try {
        return await sync({ client, store, entities });
      } finally {
        await store.db.destroy();
      }
    };
    const timed = async <T>(f: () => Promise<T>) => {
      const t = performance.now();
      const value = await f();
      return { value, s: (performance.now() - t) / 1000 };
    };
    // Warm graph-node's caches for both query shapes, then alternate the two and keep the medians.
    await bareFetch(system.graphNode.graphqlUrl, block);
    await syncOnce();
    const fetchTimes: number[] = [];
    const syncTimes: number[] = [];
    let fetched = 0;
    let result!: Awaited<ReturnType<typeof syncOnce>>;
    for (let round = 0; round < 3; round++) {
      const f = await timed(() => bareFetch(system.graphNode.graphqlUrl, block));
      fetched = f.value;
      fetchTimes.push(f.s);
      const s = await timed(syncOnce);
      result = s.value;
      syncTimes.push(s.s);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const fetchS = median(fetchTimes);
    const syncS = median(syncTimes);

    const row = (name: string, rows: number, s: number) =>
      `${name.padEnd(34)} ${String(rows).padStart(8)} ${s.toFixed(2).padStart(8)} s ${String(Math.round(rows / s)).padStart(10)} entities/s`;
    process.stdout.write(
      [
        `indexer bench: ${result.rows} entities as of block ${result.block} (median of 3 rounds after a warm-up of each)`,
        row("bare paginated fetch (no store)", fetched, fetchS),
        row("lotgraph sync into SQLite", result.rows, syncS),
        `ratio sync / bare fetch: ${(syncS / fetchS).toFixed(2)}x (goal <= 1.3x); throughput goal >= 10000 entities/s`,
      ].join("\n") + "\n",
    );
  } finally {
    await system.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});

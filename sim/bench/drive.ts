/**
 * What a simulated day costs.
 *   npm run bench -w sim -- [--days 60]           the market's writes only, on a bare chain node
 *   npm run bench -w sim -- --stack [--days 365]  the whole system: graph-node indexing, the keeper every 7 days,
 *                                                 and block → indexed latency (p50/p99) over the run
 *   --chain anvil|hardhat                          the chain node (default: the stack's, anvil)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ethers } from "ethers";
import { deploySystem } from "@lotgraph/contracts";
import { AnvilNode, chainKind, compileContracts, freePorts, HardhatNode, Stack, stackConfig, startSystem } from "@lotgraph/stack";
import { driveYear, type DriveSummary } from "../src/drive";
import { IndexLatencySampler } from "./latency";

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const chain = chainKind(arg("--chain") ?? process.env.LOTGRAPH_CHAIN);

function print(label: string, s: DriveSummary): void {
  console.log(`${label}: ${s.days} days, ${s.transactions} txs, ${s.blocks} market blocks, ${s.steppedDays} stepped days, ${s.keeperPasses} keeper passes (${JSON.stringify(s.upkeeps)}, ${s.harvests} loss harvests, ${s.keeperErrors.length} failed, ${s.keeperRefusals} refused)`);
  console.log(`  ${secs(s.elapsedMs)} in all, ${s.msPerDay.toFixed(0)} ms/day → a 365-day year ≈ ${secs(s.msPerDay * 365)}`);
  console.log(`  market writes ${secs(s.timings.marketMs)} (${(s.timings.marketMs / s.days).toFixed(0)} ms/day), waiting for graph-node ${secs(s.timings.syncMs)}, keeper passes ${secs(s.timings.keeperMs)}`);
}

async function bare(days: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-sim-bench-"));
  await compileContracts();
  const options = { port: (await freePorts()).chain, logDir: dir, startTime: new Date("2025-01-01T00:00:00Z") };
  const node = chain === "hardhat" ? new HardhatNode(options) : new AnvilNode(options);
  await node.start();
  const provider = new ethers.JsonRpcProvider(node.url, undefined, { staticNetwork: true, pollingInterval: 50, cacheTimeout: -1 });
  try {
    const dep = await deploySystem(await provider.getSigner(0));
    print(`market only (${chain})`, await driveYear({ deployment: dep, seed: 2025, days, keeper: false }));
  } finally {
    provider.destroy();
    await node.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function full(days: number): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-sim-bench-"));
  const stack = new Stack(stackConfig({ dataDir, ports: await freePorts(), database: "wipe", chain, chainStart: new Date("2025-01-01T00:00:00Z") }));
  try {
    const t = Date.now();
    const system = await startSystem(stack);
    console.log(`stack up in ${secs(Date.now() - t)}`);
    const sampler = new IndexLatencySampler(stack.chain.url, system.graphNode);
    sampler.start();
    const s = await driveYear({ deployment: system.deployment, system, seed: 2025, days, log: (l) => console.log(l) });
    const t2 = Date.now();
    await stack.waitSynced(600_000);
    const latency = await sampler.stop();
    print(`whole system (${chain} + graph-node + keeper)`, s);
    console.log(`  graph-node caught up ${secs(Date.now() - t2)} after the last day`);
    console.log(
      `  block → indexed over ${latency.blocks} blocks: p50 ${latency.p50Ms.toFixed(0)} ms, p99 ${latency.p99Ms.toFixed(0)} ms, max ${latency.maxMs.toFixed(0)} ms, ${latency.over5s} over 5 s` +
        ` (sampled every 25 ms; GRAPH_CHAIN_HEAD_WATCHER_TIMEOUT=${process.env.GRAPH_CHAIN_HEAD_WATCHER_TIMEOUT ?? "1 (the stack's)"})`,
    );
  } finally {
    await stack.stop();
    const keeperLog = path.join(dataDir, "keeper.log");
    if (fs.existsSync(keeperLog)) {
      const kept = path.join(os.tmpdir(), "lotgraph-sim-bench-keeper.log");
      fs.copyFileSync(keeperLog, kept);
      console.log(`  the keeper's log: ${kept}`);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const days = Number(arg("--days") ?? (process.argv.includes("--stack") ? 365 : 60));
(process.argv.includes("--stack") ? full(days) : bare(days)).catch((e) => {
  console.error(e);
  process.exit(1);
});

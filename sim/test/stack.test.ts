/**
 * The market driving the whole system: hardhat chain, the real graph-node indexing the subgraph, and the
 * real keeper passes (upkeeps and the advisor) after graph-node has caught up with the chain.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { ethers } from "ethers";
import { Stack, freePorts, stackConfig, startSystem, type RunningSystem } from "@lotgraph/stack";
import { driveYear, type DayReport, type DriveSummary } from "../src/drive";

const DAYS = 15;
let dataDir: string;
let stack: Stack;
let system: RunningSystem;
let summary: DriveSummary;
const reports: DayReport[] = [];
const lines: string[] = [];

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-sim-stack-"));
  stack = new Stack(stackConfig({ dataDir, ports: await freePorts(), database: "wipe" }));
  system = await startSystem(stack);
  summary = await driveYear({ deployment: system.deployment, system, seed: 11, days: DAYS, keeperEveryDays: 7, onDay: (r) => reports.push(r), log: (l) => lines.push(l) });
  await stack.waitSynced();
});

after(async () => {
  await stack?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function count(entity: string): Promise<number> {
  const data = (await system.graphNode.query(`{ ${entity}(first: 1000) { id } }`)) as Record<string, unknown[]>;
  return data[entity].length;
}

describe("driveYear on the stack", () => {
  it("runs the keeper after graph-node has indexed the day: on day 1, every 7 days and on the last day", () => {
    assert.deepEqual(reports.filter((r) => r.keeper).map((r) => r.day), [1, 7, 14, 15]);
    assert.deepEqual(summary.keeperErrors, [], lines.join("\n"));
    assert.equal(summary.keeperRefusals, 0, lines.join("\n"));
    assert.equal(summary.keeperPasses, 4);
    assert.ok(lines.some((l) => /^day +7\/15 .* keeper: /.test(l)), lines.join("\n"));
  });

  it("the keeper's upkeeps ran on chain: weights, a rebalance and a yield harvest", async () => {
    const gw = system.deployment.instances.KeeperGateway;
    const actions = ((await gw.queryFilter(gw.filters.UpkeepPerformed(), 0)) as ethers.EventLog[]).map((e) => Number(e.args.action));
    for (const a of [1, 2, 3]) assert.ok(actions.includes(a), `action ${a} in ${actions}`);
    assert.equal(actions.length, summary.keeperActions);
    const harvester = system.deployment.instances.Harvester;
    assert.ok((await harvester.queryFilter(harvester.filters.Harvest(), 0)).length > 0);
  });

  it("graph-node indexed the simulated days: every price update, rebalance and yield harvest", async () => {
    const { OracleHub, Rebalancer, Harvester } = system.deployment.instances;
    const onChain = async (c: ethers.Contract, name: string) => (await c.queryFilter(c.filters[name](), 0)).length;
    const prices = await onChain(OracleHub, "PriceUpdated");
    assert.ok(prices >= DAYS * 4, `${prices} price updates`);
    assert.equal(await count("priceUpdates"), prices);
    assert.equal(await count("rebalances"), await onChain(Rebalancer, "Rebalance"));
    assert.equal(await count("harvests"), await onChain(Harvester, "Harvest"));
  });
});

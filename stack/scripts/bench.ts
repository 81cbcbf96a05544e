// Measures the local stack: start-up to synced (services, deployment, subgraph build, gnd), how long
// graph-node takes to index the scripted scenario once its last transaction is mined, and how long a
// restart of graph-node alone takes to be synced again (it resumes its deployment).
//   npm run bench -w stack
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { jsonRpc } from "../src/hardhat";
import { runScenario } from "../src/scenario";
import { freePorts, Stack, stackConfig } from "../src/stack";
import { runStart } from "../src/start";
import { buildSubgraph, compileContracts, deployContracts } from "../src/system";

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** graph-node stopped and started again on the kept chain and Postgres, with `blocks` mined while it was down. */
async function restarts(dataDir: string): Promise<void> {
  const stack = new Stack(stackConfig({ dataDir, ports: await freePorts() }));
  try {
    await Promise.all([stack.startServices(), compileContracts()]);
    const deploymentFile = path.join(dataDir, "deployment.json");
    const deployment = await deployContracts(stack.chain.url, deploymentFile);
    const manifest = await buildSubgraph(deploymentFile, path.join(dataDir, "subgraph-build"));
    await stack.startGraphNode(manifest);
    await runScenario(deployment);
    await stack.waitSynced();
    for (const blocks of [0, 500]) {
      await stack.graphNode!.stop();
      // One evm_mine per block: graph-node cannot read the blocks hardhat_mine reserves (zero hashes).
      for (let i = 0; i < blocks; i++) await jsonRpc(stack.chain.url, "evm_mine");
      const t0 = Date.now();
      const graphNode = await stack.restartGraphNode();
      console.log(
        `graph-node restart, ${blocks} blocks mined while down: ${graphNode.deployment!.action}, synced at block ${await stack.headBlock()} in ${s(Date.now() - t0)}`,
      );
    }
  } finally {
    await stack.stop();
  }
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-bench-"));
  try {
    for (const run of ["cold (new cluster, subgraph built)", "warm (cluster and build reused)"]) {
      const r = await runStart({ dataDir, freePorts: true, log: () => {} });
      console.log(
        `${run}: start-up to synced ${(r.startupMs / 1000).toFixed(1)} s; scenario ${r.events} events in ` +
          `${(r.scenarioMs / 1000).toFixed(1)} s on chain; graph-node caught up ${(r.indexingMs / 1000).toFixed(1)} s after the last block`,
      );
      const p = r.phases;
      console.log(`  phases: services ${s(p.services)}, deploy ${s(p.deploy)}, subgraph ${s(p.subgraph)}, graph-node to synced ${s(p.graphNode)}`);
    }
    await restarts(dataDir);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});

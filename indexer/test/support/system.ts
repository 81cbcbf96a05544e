import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  Stack,
  buildSubgraph,
  compileContracts,
  deployContracts,
  freePorts,
  runScenario,
  stackConfig,
  type GraphNode,
} from "@lotgraph/stack";
import type { Deployment } from "@lotgraph/contracts";

export interface LiveSystem {
  stack: Stack;
  graphNode: GraphNode;
  deployment: Deployment;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * The real system for integration tests: hardhat chain, Postgres, IPFS endpoint, the contracts, the
 * subgraph built for them and gnd indexing it, on free ports in a temporary data dir.
 */
export async function startLiveSystem(
  options: {
    scenario?: boolean;
    log?: (m: string) => void;
    /** Runs after the deployment, before the subgraph is built from the deployment file (which it may rewrite). */
    beforeSubgraph?: (deployment: Deployment, deploymentFile: string, stack: Stack) => Promise<void>;
    gndTimeoutMs?: number;
  } = {},
): Promise<LiveSystem> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-indexer-"));
  const stack = new Stack(stackConfig({ dataDir, ports: await freePorts(), log: options.log, database: "wipe" }));
  try {
    await Promise.all([stack.startServices(), compileContracts()]);
    const deploymentFile = path.join(dataDir, "deployment.json");
    const deployment = await deployContracts(stack.chain.url, deploymentFile);
    await options.beforeSubgraph?.(deployment, deploymentFile, stack);
    const manifest = await buildSubgraph(deploymentFile, path.join(dataDir, "subgraph-build"), options.log);
    const graphNode = await stack.startGraphNode(manifest);
    if (options.scenario !== false) {
      await runScenario(deployment, options.log);
      await stack.waitSynced();
    }
    return {
      stack,
      graphNode,
      deployment,
      dataDir,
      async stop() {
        await stack.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await stack.stop();
    throw err;
  }
}

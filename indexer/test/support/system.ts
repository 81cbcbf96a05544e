import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Stack, freePorts, runScenario, stackConfig, startSystem, type GraphNode, type StartSystemOptions } from "@lotgraph/stack";
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
 * subgraph built for them and gnd indexing it, on free ports in a temporary data dir; by default with
 * the stack's scripted scenario played and indexed.
 */
export async function startLiveSystem(
  options: { scenario?: boolean; log?: (m: string) => void; beforeSubgraph?: StartSystemOptions["beforeSubgraph"]; deploy?: StartSystemOptions["deploy"] } = {},
): Promise<LiveSystem> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-indexer-"));
  const stack = new Stack(stackConfig({ dataDir, ports: await freePorts(), log: options.log, database: "wipe" }));
  try {
    const { deployment, graphNode } = await startSystem(stack, options);
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
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

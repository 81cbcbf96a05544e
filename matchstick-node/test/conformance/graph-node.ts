// Indexes the conformance subgraph with the real graph-node (gnd dev) on the project's local stack
// building blocks: a fresh hardhat chain, an isolated Postgres cluster and the IPFS endpoint.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { GraphNode } from "../../../stack/src/gnd";
import { HardhatNode, jsonRpc } from "../../../stack/src/hardhat";
import { IpfsEndpoint } from "../../../stack/src/ipfs/server";
import { freePort } from "../../../stack/src/ports";
import { Postgres } from "../../../stack/src/postgres";
import { graphNodeEntities, type Entities, type EntityShape } from "./entities";

/** The manifest's network and start block: the handler runs once, for block 1. */
const NETWORK = "hardhat";
const START_BLOCK = 1;

export async function indexWithGraphNode(manifest: string, shapes: EntityShape[]): Promise<Entities> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "matchstick-conformance-stack-"));
  const chain = new HardhatNode({ port: await freePort(), logDir: dir });
  const postgres = new Postgres({
    clusterDir: path.join(dir, "postgres"),
    port: await freePort(),
    user: "graph",
    password: "conformance",
    database: "graph-node",
  });
  const ipfs = new IpfsEndpoint({ dir: path.join(dir, "ipfs"), port: 0 });
  let graphNode: GraphNode | undefined;
  let failed = false;
  try {
    const started = await Promise.allSettled([chain.start(), postgres.start().then(() => postgres.resetDatabase()), ipfs.start()]);
    const failure = started.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failure) throw failure.reason;
    for (let i = 0; i < START_BLOCK; i++) await jsonRpc(chain.url, "evm_mine");
    graphNode = new GraphNode({
      manifest,
      postgresUrl: postgres.url,
      network: NETWORK,
      rpcUrl: chain.url,
      ipfs: ipfs.address,
      ports: { http: await freePort(), indexNode: await freePort(), admin: await freePort(), metrics: await freePort() },
      logDir: dir,
      workDir: dir,
    });
    await graphNode.start();
    await graphNode.waitSynced(START_BLOCK, 60_000);
    const gnd = graphNode;
    return await graphNodeEntities((query, variables) => gnd.query(query, variables), shapes);
  } catch (e) {
    failed = true;
    throw e;
  } finally {
    await graphNode?.stop();
    await Promise.allSettled([ipfs.stop(), postgres.stop(), chain.stop()]);
    // Logs stay behind when something went wrong.
    if (!failed) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `lotgraph subgraph deploy`: a changed subgraph onto the stack that is running, without restarting it.
 *
 * gnd dev loads subgraphs from the filesystem: a deployment id is the path of a built manifest, not an
 * IPFS hash. So the subgraph is built here (codegen + build), its build is copied to a content-addressed
 * directory under the data directory, and that path is deployed through graph-node's admin API under the
 * name the stack serves. graph-node makes it the current version at once and indexes it from its start
 * block; chain, Postgres and graph-node keep running.
 *
 * `graph deploy --node … --ipfs …` cannot do this against gnd dev: it uploads the build to IPFS and
 * deploys the IPFS hash, which gnd dev's file-based resolver cannot load ("internal error"). It needs a
 * full graph-node that resolves subgraphs from IPFS: the one in docker-compose.yml.
 */
import fs from "node:fs";
import path from "node:path";
import { lockOwner, readLock } from "./claim";
import { StackError } from "./errors";
import { GraphNode, SUBGRAPH_NAME, type DeploymentAction } from "./gnd";
import { jsonRpc } from "./hardhat";
import { BIN_DIR, DEFAULT_DATA_DIR } from "./paths";
import { HOST, waitFor } from "./ports";
import { describeProcess } from "./processes";
import { NETWORK } from "./stack";
import { buildSubgraph, step, subgraphWorkDir } from "./system";

export interface SubgraphDeployOptions {
  /** the running stack's data directory (default: LOTGRAPH_DATA_DIR or .data/) */
  dataDir?: string;
  /** a subgraph manifest of your own; default: the project's subgraph for the running stack's contracts */
  manifest?: string;
  log?: (m: string) => void;
  /** how long to wait for graph-node to index the new deployment up to the chain head */
  timeoutMs?: number;
}

export interface SubgraphDeployResult {
  /** the deployment id (the path of the deployed build's manifest) */
  deployment: string;
  /** `resumed`: graph-node already served this very build, nothing was deployed */
  action: DeploymentAction;
  graphqlUrl: string;
  block: number;
}

/** `graph codegen` and `graph build` beside `manifest`. */
async function codegenAndBuild(manifest: string): Promise<void> {
  const graph = path.join(BIN_DIR, "graph");
  for (const command of ["codegen", "build"]) await step(`graph ${command}`, graph, [command, path.basename(manifest)], path.dirname(manifest));
}

/** Builds the subgraph and deploys it to the stack running in the data directory; waits until it is indexed to the head. */
export async function deploySubgraphToRunningStack(options: SubgraphDeployOptions = {}): Promise<SubgraphDeployResult> {
  const log = options.log ?? (() => {});
  const dataDir = path.resolve(options.dataDir ?? process.env.LOTGRAPH_DATA_DIR ?? DEFAULT_DATA_DIR);
  const lock = readLock(dataDir);
  const owner = lock && lockOwner(lock);
  if (!lock || !owner) {
    throw new StackError(`no stack runs in data directory ${dataDir}`, {
      fix: "start one that stays up with `npm start -- --keep` (or `npx lotgraph demo --keep`), or name its directory with --data-dir",
    });
  }
  const ports = lock.ports;
  log(`stack      ${describeProcess(owner, 80)} in ${dataDir}`);

  let manifest: string;
  if (options.manifest) {
    manifest = path.resolve(options.manifest);
    if (!fs.existsSync(manifest)) throw new StackError(`--manifest ${manifest}: no such file`);
    await codegenAndBuild(manifest);
    log(`subgraph   built ${manifest}`);
  } else {
    const deploymentFile = path.join(dataDir, "deployment.json");
    if (!fs.existsSync(deploymentFile)) {
      throw new StackError(`the stack in ${dataDir} has no contracts deployed yet (${deploymentFile} is missing)`, { fix: "wait until it is up, then deploy" });
    }
    manifest = await buildSubgraph(deploymentFile, subgraphWorkDir(dataDir), log);
  }

  const rpcUrl = `http://${HOST}:${ports.chain}`;
  const graphNode = new GraphNode({
    manifest,
    workDir: dataDir,
    postgresUrl: "",
    network: NETWORK,
    rpcUrl,
    ipfs: `${HOST}:${ports.ipfs}`,
    ports: { http: ports.http, indexNode: ports.indexNode, admin: ports.admin, metrics: ports.metrics },
    logDir: path.join(dataDir, "logs"),
  });
  let current;
  try {
    current = await graphNode.currentStatus();
  } catch (err) {
    throw new StackError(`graph-node of the stack in ${dataDir} does not answer on ${graphNode.indexNodeUrl}: ${(err as Error).message}`, {
      fix: "wait until the stack is up (its READY line), then deploy",
    });
  }
  const { hash, action } = await graphNode.serve(manifest, current);
  log(action === "resumed" ? `graph-node already serves this build as ${SUBGRAPH_NAME} (${hash})` : `graph-node deployed ${hash} as ${SUBGRAPH_NAME}; indexing it from its start block`);
  // graph-node switches the name to the new version at once; wait for that before waiting for the sync
  const switched = await waitFor(async () => (await graphNode.currentStatus())?.subgraph === hash, { timeoutMs: 30_000, intervalMs: 200 });
  if (!switched) throw new StackError(`graph-node did not switch ${SUBGRAPH_NAME} to ${hash} within 30 s`, { fix: `see ${graphNode.logFile}` });
  const head = Number(await jsonRpc<string>(rpcUrl, "eth_blockNumber"));
  const status = await graphNode.waitSynced(head, options.timeoutMs ?? 300_000);
  if (status.subgraph !== hash) {
    throw new StackError(`graph-node serves ${status.subgraph} under ${SUBGRAPH_NAME}, not the deployment ${hash} just made`, { fix: `see ${graphNode.logFile}` });
  }
  return { deployment: hash, action, graphqlUrl: graphNode.graphqlUrl, block: GraphNode.latestBlock(status) };
}

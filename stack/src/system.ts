/**
 * The project's own system on the stack: compile and deploy the contracts, then generate, generate code
 * for and build the subgraph for that deployment. The subgraph is built in a work directory under the
 * data directory (a copy of subgraph/src and the ABIs, with the generated manifest), so the subgraph
 * folder itself is never written to except by its own ABI script.
 */
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { JsonRpcProvider } from "ethers";
import { StackError } from "./errors";
import { PlainProgress, type Progress } from "./progress";
import { hashTree } from "./files";
import { BIN_DIR, CONTRACTS_DIR, REPO_ROOT, SUBGRAPH_DIR } from "./paths";
import type { Deployment, DeployOptions } from "@lotgraph/contracts";
import type { BridgeDeployment, CoordinationDeployment, Relayer } from "@lotgraph/bridge";
import type { GraphNode } from "./gnd";
import type { Stack } from "./stack";
import { deployGovernedCoordination } from "./coordination";
import { SECOND_NETWORK, deploySecondSystem, startSecondGraphNode, type SecondSystem } from "./secondSystem";

const run = promisify(execFile);

/** Runs one build step; its failure is a StackError with the step's last output lines. */
export async function step(what: string, cmd: string, args: string[], cwd: string): Promise<void> {
  try {
    await run(cmd, args, {
      cwd,
      env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: "true" },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    const output = `${e.stdout ?? ""}\n${e.stderr ?? ""}`.trim().split("\n").slice(-25).join("\n");
    throw new StackError(`${what} failed (${cmd} ${args.join(" ")} in ${cwd}):\n${output || e.message}`);
  }
}

/** `hardhat compile` in contracts/ (incremental: about a second when nothing changed). */
export async function compileContracts(): Promise<void> {
  await step("compiling the contracts", path.join(BIN_DIR, "hardhat"), ["compile", "--quiet"], CONTRACTS_DIR);
}

/** Deploys the system with the chain's first account (owner, keeper and guardian) and writes the deployment file. */
export async function deployContracts(rpcUrl: string, deploymentFile: string, options: DeployOptions = {}): Promise<Deployment> {
  // Loaded lazily: the contracts package reads compiled artifacts.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const contracts = require("@lotgraph/contracts") as typeof import("@lotgraph/contracts");
  const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true, pollingInterval: 50, cacheTimeout: -1 });
  const signer = await provider.getSigner(0);
  const deployment = await contracts.deploySystem(signer, options);
  fs.mkdirSync(path.dirname(deploymentFile), { recursive: true });
  contracts.writeDeployment(deployment, deploymentFile);
  return deployment;
}

/** Where the stack in `dataDir` builds the project's subgraph. */
export const subgraphWorkDir = (dataDir: string, network?: string) => path.join(dataDir, network ? `subgraph-build-${network}` : "subgraph-build");

/**
 * Builds the subgraph for `deploymentFile` in `workDir` and returns the manifest path (build/ beside it).
 * A build whose inputs (schema, mappings, ABIs, manifest) are unchanged is reused: the hardhat chain is
 * deterministic, so a fresh chain gets the same addresses and the same manifest.
 */
export async function buildSubgraph(deploymentFile: string, workDir: string, log: (m: string) => void = () => {}): Promise<string> {
  const tsx = path.join(BIN_DIR, "tsx");
  const graph = path.join(BIN_DIR, "graph");
  await step("generating the subgraph ABIs", tsx, ["scripts/abis.ts"], SUBGRAPH_DIR);

  const subgraphDir = path.join(workDir, "subgraph");
  const manifest = path.join(subgraphDir, "subgraph.yaml");
  fs.mkdirSync(subgraphDir, { recursive: true });
  await step("generating the subgraph manifest", tsx, ["scripts/manifest.ts", "--deployment", deploymentFile, "--out", manifest], SUBGRAPH_DIR);

  // The manifest names ../schema.graphql, ./src/... and ./abis/...: mirror that layout.
  fs.copyFileSync(path.join(REPO_ROOT, "schema.graphql"), path.join(workDir, "schema.graphql"));
  for (const dir of ["src", "abis"]) {
    fs.rmSync(path.join(subgraphDir, dir), { recursive: true, force: true });
    fs.cpSync(path.join(SUBGRAPH_DIR, dir), path.join(subgraphDir, dir), { recursive: true });
  }
  const modules = path.join(subgraphDir, "node_modules");
  if (!fs.existsSync(modules)) fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), modules);

  const hash = crypto.createHash("sha256");
  hash.update(fs.readFileSync(manifest)).update(fs.readFileSync(path.join(workDir, "schema.graphql")));
  hashTree(hash, path.join(subgraphDir, "src"));
  hashTree(hash, path.join(subgraphDir, "abis"));
  const digest = hash.digest("hex");
  const stamp = path.join(subgraphDir, "build", ".inputs-sha256");
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === digest && fs.existsSync(path.join(subgraphDir, "build", "subgraph.yaml"))) {
    log("subgraph   build reused (inputs unchanged)");
    return manifest;
  }
  fs.rmSync(path.join(subgraphDir, "build"), { recursive: true, force: true });
  await step("graph codegen", graph, ["codegen", "subgraph.yaml", "--output-dir", "generated", "--skip-migrations"], subgraphDir);
  await step("graph build", graph, ["build", "subgraph.yaml", "--skip-migrations"], subgraphDir);
  fs.writeFileSync(stamp, digest);
  log("subgraph   built");
  return manifest;
}

/** The stablecoin bridge between the home chain and the second one (`chains: 2`), with its relayer running. */
export interface RunningBridge {
  deployment: BridgeDeployment;
  /** `<data>/bridge.json` */
  file: string;
  /** Polls both chains until the stack stops. */
  relayer: Relayer;
}

export interface RunningSystem {
  stack: Stack;
  deployment: Deployment;
  deploymentFile: string;
  graphNode: GraphNode;
  /** Present when the stack runs two chains. */
  bridge?: RunningBridge;
  /** The system on the second chain (two chains): its deployment on the bridged stablecoin and the gnd indexing it. */
  second?: SecondSystem & { graphNode: GraphNode };
  /** Two chains: the cross-chain allocation's coordinator and mover on each chain (their timelocks manage them). */
  coordination?: CoordinationDeployment;
  /** milliseconds each start-up phase took */
  phases: { services: number; deploy: number; subgraph: number; graphNode: number };
}

export interface StartSystemOptions {
  log?: (m: string) => void;
  /** shows each start-up phase (default: plain lines through `log`) */
  progress?: Progress;
  /** what to deploy (assets, deposits, ...); default: the full mock system */
  deploy?: DeployOptions;
  /** Runs after the deployment, before the subgraph is built from the deployment file (which it may rewrite). */
  beforeSubgraph?: (deployment: Deployment, deploymentFile: string) => Promise<void>;
}

/**
 * Brings the project's system up on `stack`: services and contract compilation in parallel, the
 * deployment, the subgraph built for it, and graph-node synced on it. The caller owns the stack
 * (signals, stop); on failure nothing is stopped here.
 */
export async function startSystem(stack: Stack, options: StartSystemOptions = {}): Promise<RunningSystem> {
  const log = options.log ?? (() => {});
  const progress = options.progress ?? new PlainProgress(log, 0);
  const t0 = Date.now();
  await stack.claim(); // first: a refused start compiles, starts and writes nothing
  await Promise.all([
    progress.phase("start chain, Postgres, IPFS", () => stack.startServices()),
    progress.phase("compile contracts", () => compileContracts()),
  ]);
  const tServices = Date.now();
  const deploymentFile = path.join(stack.config.dataDir, "deployment.json");
  const deployment = await progress.phase("deploy contracts", () => deployContracts(stack.chain.url, deploymentFile, options.deploy));
  log(`contracts  deployed (${deploymentFile})`);
  const bridge = stack.secondChain ? await progress.phase("deploy the bridge, start its relayer", () => startBridge(stack, deployment, log)) : undefined;
  await options.beforeSubgraph?.(deployment, deploymentFile);
  // With two chains the home deployment file lists the allocation's coordinator and mover, which need the
  // second chain's vault: the second system and the coordination are deployed before the home subgraph builds.
  let secondDeployed: Promise<SecondSystem> | undefined;
  let coordination: CoordinationDeployment | undefined;
  if (bridge) {
    const second = await progress.phase("chain 2: bridge its stablecoin, deploy the system", () => deploySecondSystem(stack, deployment, bridge, options.deploy, log));
    coordination = await progress.phase("deploy the cross-chain allocation on both chains", () =>
      deployGovernedCoordination({ deployment, file: deploymentFile }, { deployment: second.deployment, file: second.deploymentFile }, bridge, log),
    );
    secondDeployed = Promise.resolve(second);
  }
  const tDeploy = Date.now();
  const manifest = await progress.phase("build subgraph", () => buildSubgraph(deploymentFile, subgraphWorkDir(stack.config.dataDir), log));
  const tSubgraph = Date.now();
  const [graphNode, second] = await Promise.all([
    progress.phase("start graph-node, index to head", () => stack.startGraphNode(manifest)),
    secondDeployed && startSecondIndexing(stack, secondDeployed, progress, log),
  ]);
  const tGraphNode = Date.now();
  return {
    stack,
    deployment,
    deploymentFile,
    graphNode,
    bridge,
    ...(second ? { second } : {}),
    ...(coordination ? { coordination } : {}),
    phases: { services: tServices - t0, deploy: tDeploy - tServices, subgraph: tSubgraph - tDeploy, graphNode: tGraphNode - tSubgraph },
  };
}

/** After the home build (they share subgraph/abis): the second chain's subgraph built and served by its own gnd. */
async function startSecondIndexing(stack: Stack, deployed: Promise<SecondSystem>, progress: Progress, log: (m: string) => void): Promise<SecondSystem & { graphNode: GraphNode }> {
  const second = await deployed;
  const manifest = await progress.phase("chain 2: build subgraph", () => buildSubgraph(second.deploymentFile, subgraphWorkDir(stack.config.dataDir, SECOND_NETWORK), log));
  const graphNode = await progress.phase("chain 2: start graph-node, index to head", () => startSecondGraphNode(stack, manifest));
  log(`graph-node ${graphNode.graphqlUrl} (chain 2, network ${SECOND_NETWORK})`);
  return { ...second, graphNode };
}

/**
 * With a second chain: deploys the LayerZero bridge for the home stablecoin between the two chains
 * (bridge/), writes `<data>/bridge.json` and starts the relayer, which the stack stops first when it stops.
 */
export async function startBridge(stack: Stack, deployment: Deployment, log: (m: string) => void): Promise<RunningBridge> {
  if (!stack.secondChain) throw new Error("startBridge: the stack runs one chain");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bridge = require("@lotgraph/bridge") as typeof import("@lotgraph/bridge");
  const stable = deployment.assets.find((a) => a.isStable);
  if (!stable) throw new StackError("the deployment has no stablecoin (an asset with isStable) to bridge");
  const homeProvider = bridge.localProvider(stack.chain.url, bridge.HOME);
  const l2Provider = bridge.localProvider(stack.secondChain.url, bridge.L2);
  const relayerKey = (p: typeof homeProvider) => bridge.devWallet(p, bridge.RELAYER_INDEX);
  const file = path.join(stack.config.dataDir, "bridge.json");
  const bridgeDeployment = await bridge.deployBridge({
    home: { chain: bridge.HOME, signer: bridge.devSigner(homeProvider, bridge.DEPLOYER_INDEX), stablecoin: stable.address },
    remote: { chain: bridge.L2, signer: bridge.devSigner(l2Provider, bridge.DEPLOYER_INDEX) },
    relayer: await relayerKey(homeProvider).getAddress(),
    file,
    log,
  });
  const relayer = new bridge.Relayer({
    deployment: bridgeDeployment,
    home: { provider: homeProvider, signer: relayerKey(homeProvider) },
    remote: { provider: l2Provider, signer: relayerKey(l2Provider) },
    log,
  });
  relayer.start();
  stack.onStop(async () => {
    await relayer.stop();
    homeProvider.destroy();
    l2Provider.destroy();
  });
  return { deployment: bridgeDeployment, file, relayer };
}

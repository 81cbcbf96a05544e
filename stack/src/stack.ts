import fs from "node:fs";
import path from "node:path";
import { inspectStack, ownCommand, postmasterOf, releaseLock, updateLock, writeLock, type Leftovers, type PortNeed } from "./claim";
import { GraphNode, type GndPorts } from "./gnd";
import { AnvilNode } from "./anvil";
import { StackError } from "./errors";
import { HardhatNode, jsonRpc, type ChainKind, type ChainNode } from "./hardhat";
import { IpfsEndpoint } from "./ipfs/server";
import { rotateLogs } from "./logs";
import { freePort } from "./ports";
import { DEFAULT_DATA_DIR } from "./paths";
import { buildPlaceholderSubgraph } from "./placeholder";
import { Postgres } from "./postgres";
import { describeProcess } from "./processes";

export interface StackPorts extends GndPorts {
  chain: number;
  /** The second chain's JSON-RPC (only with `chains: 2`). */
  secondChain: number;
  postgres: number;
  ipfs: number;
}

/** The ports the stack and docker-compose.yml use by default. */
export const DEFAULT_PORTS: StackPorts = {
  chain: 8545,
  secondChain: 8546,
  postgres: 5433,
  ipfs: 5001,
  http: 8000,
  indexNode: 8030,
  admin: 8020,
  metrics: 8040,
};

/** Each port of the stack, the service on it and the command-line option that changes it. */
export function portNeeds(ports: StackPorts, chains: ChainCount = 1): PortNeed[] {
  return [
    { port: ports.chain, service: "chain JSON-RPC", option: "--chain-port" },
    ...(chains === 2 ? [{ port: ports.secondChain, service: "second chain JSON-RPC", option: "--second-chain-port" }] : []),
    { port: ports.postgres, service: "Postgres", option: "--pg-port" },
    { port: ports.ipfs, service: "IPFS endpoint", option: "--ipfs-port" },
    { port: ports.http, service: "graph-node GraphQL", option: "--graphql-port" },
    { port: ports.indexNode, service: "graph-node index node", option: "--index-node-port" },
    { port: ports.admin, service: "graph-node admin", option: "--admin-port" },
    { port: ports.metrics, service: "graph-node metrics", option: "--metrics-port" },
  ];
}

/** How many chains the stack runs: the home chain alone (the default), or a second one beside it. */
export type ChainCount = 1 | 2;

/** The second chain's id: Arbitrum's local dev node's, so it reads as "an L2" and is never a public chain. */
export const SECOND_CHAIN_ID = 412346;

/** The network name the subgraph manifest and graph-node agree on. */
export const NETWORK = "hardhat";

/**
 * What to do with graph-node's database when the stack starts. The hardhat chain lives in memory, so a
 * started stack always has a fresh chain; graph-node's store from an earlier chain would not match its
 * genesis. `wipe` (the default) drops and recreates the database; `keep` leaves it, which is only right
 * when the chain it indexed is still the one running (it never is after a hardhat restart).
 */
export type DatabaseMode = "wipe" | "keep";

export interface StackConfig {
  /** Holds the Postgres cluster, the IPFS blocks and the logs. Default: <repo>/.data */
  dataDir: string;
  ports: StackPorts;
  database: DatabaseMode;
  postgres: { user: string; password: string; database: string };
  /** The chain's genesis time (default: now). */
  chainStart?: Date;
  /** The chain node: anvil (default; its block times never depend on the wall clock) or hardhat's node. LOTGRAPH_CHAIN sets the default. */
  chain: ChainKind;
  /** 2 starts a second anvil chain (chain id SECOND_CHAIN_ID) beside the home chain; default 1. */
  chains: ChainCount;
  log: (message: string) => void;
}

export function stackConfig(overrides: Partial<Omit<StackConfig, "ports">> & { ports?: Partial<StackPorts> } = {}): StackConfig {
  return {
    dataDir: overrides.dataDir ?? process.env.LOTGRAPH_DATA_DIR ?? DEFAULT_DATA_DIR,
    ports: { ...DEFAULT_PORTS, ...overrides.ports },
    database: overrides.database ?? "wipe",
    postgres: overrides.postgres ?? { user: "graph", password: "let-me-in", database: "graph-node" },
    chainStart: overrides.chainStart,
    chain: overrides.chain ?? chainKind(process.env.LOTGRAPH_CHAIN),
    chains: overrides.chains ?? 1,
    log: overrides.log ?? (() => {}),
  };
}

/** The chain node named by `value` (LOTGRAPH_CHAIN): "anvil" (also when unset) or "hardhat". */
export function chainKind(value: string | undefined): ChainKind {
  if (value === undefined || value === "" || value === "anvil") return "anvil";
  if (value === "hardhat") return "hardhat";
  throw new Error(`LOTGRAPH_CHAIN: "${value}" is not a chain node (anvil or hardhat)`);
}

/** Every port free right now, for tests and parallel runs. */
export async function freePorts(): Promise<StackPorts> {
  const picked = new Set<number>();
  while (picked.size < 8) picked.add(await freePort());
  const [chain, postgres, ipfs, http, indexNode, admin, metrics, secondChain] = [...picked];
  return { chain, secondChain, postgres, ipfs, http, indexNode, admin, metrics };
}

/**
 * The local stack: a hardhat node, an isolated Postgres, the IPFS endpoint and graph-node (gnd).
 * `startServices` brings up the first three; the caller deploys contracts and builds the subgraph;
 * `startGraphNode` then indexes it. `stop` stops everything that was started, in reverse order.
 */
export class Stack {
  readonly config: StackConfig;
  readonly chain: ChainNode;
  /** The second chain (`chains: 2`): anvil with chain id SECOND_CHAIN_ID, in memory like the first. */
  readonly secondChain?: AnvilNode;
  readonly postgres: Postgres;
  readonly ipfs: IpfsEndpoint;
  graphNode?: GraphNode;
  private manifest?: string;
  private stopping?: Promise<void>;
  /** set while this stack holds its data directory's lock */
  private claimed = false;
  /** Run first when the stack stops (processes that use the chains, e.g. the bridge's relayer). */
  private readonly stopHooks: (() => Promise<void>)[] = [];

  constructor(config: StackConfig) {
    this.config = config;
    const logDir = path.join(config.dataDir, "logs");
    const chainOptions = { port: config.ports.chain, logDir, startTime: config.chainStart };
    this.chain = config.chain === "hardhat" ? new HardhatNode(chainOptions) : new AnvilNode(chainOptions);
    if (config.chains === 2) {
      if (config.chain === "hardhat") {
        throw new StackError("a second chain runs on anvil only (hardhat's node takes its chain id from contracts/hardhat.config.ts)", {
          fix: "leave LOTGRAPH_CHAIN unset (anvil) with --chains 2",
        });
      }
      this.secondChain = new AnvilNode({ ...chainOptions, port: config.ports.secondChain, chainId: SECOND_CHAIN_ID, logName: "anvil-l2" });
    }
    this.postgres = new Postgres({ clusterDir: path.join(config.dataDir, "postgres"), port: config.ports.postgres, ...config.postgres });
    this.ipfs = new IpfsEndpoint({ dir: path.join(config.dataDir, "ipfs"), port: config.ports.ipfs });
  }

  get logDir(): string {
    return path.join(this.config.dataDir, "logs");
  }

  /**
   * Claims the data directory and the ports before anything is touched (see claim.ts): refuses with a
   * StackError naming the process when a stack, a Postgres server or anything else holds them; then
   * writes the lock, reclaims what an interrupted run left without an owner and starts the logs afresh.
   */
  async claim(): Promise<Leftovers> {
    const { dataDir, ports, log } = this.config;
    const leftovers = await inspectStack(dataDir, this.postgres.options.clusterDir, portNeeds(ports, this.config.chains));
    writeLock(dataDir, { pid: process.pid, command: ownCommand(), startedAt: new Date().toISOString(), ports: { ...ports } }, leftovers.staleLock);
    this.claimed = true;
    if (leftovers.orphanPostmaster) {
      log(`postgres   stopping ${describeProcess(leftovers.orphanPostmaster, 60)}, left running by an interrupted stack (pid ${leftovers.staleLock?.pid}, gone)`);
      await this.postgres.stop();
    } else if (leftovers.stalePostmasterFile) {
      fs.rmSync(leftovers.stalePostmasterFile, { force: true });
    }
    rotateLogs(dataDir);
    return leftovers;
  }

  /**
   * Claims the data directory and ports (`claim`), then starts chain, Postgres and IPFS (and builds
   * graph-node's placeholder subgraph) in parallel; on any failure stops what did start and rethrows.
   */
  async startServices(): Promise<void> {
    if (!this.claimed) await this.claim();
    fs.mkdirSync(this.logDir, { recursive: true });
    const { log } = this.config;
    const started = await Promise.allSettled([
      this.chain.start().then(() => log(`chain      ${this.chain.url} (${this.chain.kind}, in memory: a fresh chain)`)),
      this.secondChain?.start().then(() => log(`chain 2    ${this.secondChain!.url} (anvil, chain id ${SECOND_CHAIN_ID}, in memory)`)),
      this.startPostgres(),
      this.ipfs.start().then(() => log(`ipfs       ${this.ipfs.url}/api/v0`)),
      // Built once per data directory; graph-node needs it at every start.
      buildPlaceholderSubgraph(this.config.dataDir, NETWORK),
    ]);
    const failure = started.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failure) {
      await this.stop();
      throw failure.reason;
    }
  }

  private async startPostgres(): Promise<void> {
    const created = await this.postgres.init();
    await this.postgres.start();
    updateLock(this.config.dataDir, { postmasterPid: postmasterOf(this.postgres.options.clusterDir).live?.pid });
    if (this.config.database === "wipe") {
      await this.postgres.resetDatabase();
      this.config.log(
        `postgres   ${this.config.ports.postgres} (${created === "created" ? "new cluster" : "cluster kept"}; graph-node's database wiped: the chain is new)`,
      );
    } else {
      const db = await this.postgres.ensureDatabase();
      this.config.log(`postgres   ${this.config.ports.postgres} (graph-node's database ${db === "created" ? "created" : "kept"})`);
    }
  }

  /** Starts graph-node on the built subgraph at `manifest` and waits until it has indexed the chain head. */
  async startGraphNode(manifest: string): Promise<GraphNode> {
    this.manifest = manifest;
    const { ports } = this.config;
    this.graphNode = new GraphNode({
      manifest,
      workDir: this.config.dataDir,
      postgresUrl: this.postgres.url,
      network: NETWORK,
      rpcUrl: this.chain.url,
      ipfs: this.ipfs.address,
      ports: { http: ports.http, indexNode: ports.indexNode, admin: ports.admin, metrics: ports.metrics },
      logDir: this.logDir,
    });
    await this.graphNode.start();
    const status = await this.waitSynced();
    const { action } = this.graphNode.deployment!;
    this.config.log(
      `graph-node ${this.graphNode.graphqlUrl} (${action === "resumed" ? "resumed its deployment" : "deployed"}; synced at block ${GraphNode.latestBlock(status)})`,
    );
    return this.graphNode;
  }

  /**
   * Stops graph-node alone and starts it again on the same chain and database: graph-node resumes the
   * subgraph's deployment from the last block it indexed (nothing is re-indexed) and catches up.
   */
  async restartGraphNode(): Promise<GraphNode> {
    if (!this.manifest) throw new Error("graph-node was never started");
    await this.graphNode?.stop();
    return this.startGraphNode(this.manifest);
  }

  async headBlock(): Promise<number> {
    return Number(await jsonRpc<string>(this.chain.url, "eth_blockNumber"));
  }

  /** Waits until graph-node has indexed the current chain head (or the block `lagBlocks` before it). */
  async waitSynced(timeoutMs?: number, lagBlocks = 0) {
    if (!this.graphNode) throw new Error("graph-node is not running");
    return this.graphNode.waitSynced((await this.headBlock()) - lagBlocks, timeoutMs);
  }

  /** Registers `hook` to run first when the stack stops (e.g. a relayer that uses the chains). */
  onStop(hook: () => Promise<void>): void {
    this.stopHooks.push(hook);
  }

  /** Stops every service that was started (idempotent; concurrent calls share one shutdown). */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await Promise.allSettled(this.stopHooks.splice(0).map((hook) => hook()));
      await this.graphNode?.stop().catch(() => {});
      if (!this.claimed) return; // refused at the claim: nothing here was started
      await Promise.allSettled([this.chain.stop(), this.secondChain?.stop(), this.ipfs.stop(), this.postgres.stop()]);
      releaseLock(this.config.dataDir);
      this.claimed = false;
    })().finally(() => {
      this.stopping = undefined;
    });
    return this.stopping;
  }
}

/**
 * Stops the stack on Ctrl-C / SIGTERM before the process exits (130 / 143), so no child outlives it.
 * Returns a function that removes the handlers.
 */
export function stopOnSignals(stack: Stack, log: (m: string) => void = (m) => process.stderr.write(`${m}\n`)): () => void {
  const handler = (signal: NodeJS.Signals) => {
    try {
      log(`\n${signal}: stopping the stack...`);
    } catch {
      // the terminal or pipe is gone (EPIPE): stop the stack all the same
    }
    stack.stop().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.once("SIGINT", handler);
  process.once("SIGTERM", handler);
  return () => {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
  };
}

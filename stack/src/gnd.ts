import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ManagedChild } from "./child";
import { StackError } from "./errors";
import { hashTree } from "./files";
import { assertPortFree, HOST, waitFor } from "./ports";
import { BIN_DIR } from "./paths";
import { buildPlaceholderSubgraph } from "./placeholder";
import { describeProcess, listenersOn } from "./processes";

export interface GndPorts {
  http: number;
  indexNode: number;
  admin: number;
  metrics: number;
}

export interface GndOptions {
  /** The subgraph manifest; `graph build` output must sit in build/ next to it. */
  manifest: string;
  /** Holds gnd's placeholder subgraph and the deployed copies of the subgraph's build (see `deploy`). */
  workDir: string;
  postgresUrl: string;
  /** The manifest's `network:` value. */
  network: string;
  rpcUrl: string;
  /** host:port of the IPFS endpoint. */
  ipfs: string;
  ports: GndPorts;
  logDir: string;
  /** How long SIGINT gets before SIGKILL. */
  stopGraceMs?: number;
}

export interface IndexingStatus {
  /** The deployment: for a subgraph deployed from the filesystem, the path of its built manifest. */
  subgraph: string;
  synced: boolean;
  health: "healthy" | "unhealthy" | "failed";
  entityCount: string;
  fatalError: { message: string; block: { number: string } | null } | null;
  chains: {
    chainHeadBlock: { number: string } | null;
    earliestBlock: { number: string } | null;
    latestBlock: { number: string } | null;
  }[];
}

/** The name the subgraph is served under. */
export const SUBGRAPH_NAME = "lotgraph";

const STATUS_FIELDS =
  "subgraph synced health entityCount fatalError { message block { number } } chains { chainHeadBlock { number } earliestBlock { number } latestBlock { number } }";

/**
 * What `start` did with the subgraph: `deployed` it (new to this database, or a changed build), or
 * found graph-node had `resumed` the deployment it already had.
 */
export type DeploymentAction = "deployed" | "resumed";

/**
 * graph-node's own developer binary, `gnd dev`, serving one built subgraph from the filesystem under
 * SUBGRAPH_NAME. gnd dev drops and re-creates whatever `--manifests` names on every start, so gnd gets a
 * placeholder there, and the subgraph is deployed through the admin API instead: graph-node then resumes
 * it after a restart on the same database, from the last block it indexed.
 */
export class GraphNode {
  readonly options: GndOptions;
  private child?: ManagedChild;
  /** Set by `start`: the deployment id (its manifest path) and whether it was deployed or resumed. */
  deployment?: { hash: string; action: DeploymentAction };

  constructor(options: GndOptions) {
    this.options = options;
  }

  get graphqlUrl(): string {
    return `http://${HOST}:${this.options.ports.http}/subgraphs/name/${SUBGRAPH_NAME}`;
  }

  get indexNodeUrl(): string {
    return `http://${HOST}:${this.options.ports.indexNode}/graphql`;
  }

  get adminUrl(): string {
    return `http://${HOST}:${this.options.ports.admin}`;
  }

  get logFile(): string {
    return path.join(this.options.logDir, "graph-node.log");
  }

  get running(): boolean {
    return this.child?.running ?? false;
  }

  /**
   * Starts gnd and makes sure it serves the subgraph: when the database already holds this build's
   * deployment under SUBGRAPH_NAME, graph-node resumes it by itself; otherwise it is deployed now.
   */
  async start(): Promise<void> {
    const { manifest, ports } = this.options;
    builtManifest(manifest);
    const bin = path.join(BIN_DIR, "gnd");
    if (!fs.existsSync(bin)) {
      throw new StackError(`gnd is not installed (${bin} is missing)`, {
        fix: "run `npm ci` at the repository root (it installs @graphprotocol/gnd-linux-x64)",
      });
    }
    await assertPortFree(ports.http, "graph-node GraphQL", "--graphql-port");
    await assertPortFree(ports.indexNode, "graph-node index node", "--index-node-port");
    await assertPortFree(ports.admin, "graph-node admin", "--admin-port");
    await assertPortFree(ports.metrics, "graph-node metrics", "--metrics-port");
    const placeholder = await buildPlaceholderSubgraph(this.options.workDir, this.options.network);
    const args = [
      "dev",
      "--manifests", placeholder,
      "--postgres-url", this.options.postgresUrl,
      "--ethereum-rpc", `${this.options.network}:${this.options.rpcUrl}`,
      "--ipfs", this.options.ipfs,
      "--http-port", String(ports.http),
      "--index-node-port", String(ports.indexNode),
      "--admin-port", String(ports.admin),
      "--metrics-port", String(ports.metrics),
    ];
    this.child = new ManagedChild("gnd", bin, args, {
      cwd: path.dirname(placeholder),
      env: {
        ...process.env,
        // A local chain mines on demand: poll it often so new blocks are indexed quickly (a simulated
        // year waited 88 s on graph-node polling every 200 ms, 78 s at 50 ms; a poll is one cheap call).
        ETHEREUM_POLLING_INTERVAL: process.env.ETHEREUM_POLLING_INTERVAL ?? "50",
        // The block ingestor tells the subgraph's block stream about a new head through a Postgres
        // notification; a stream that misses one (it was busy with the previous block) only looks again
        // after this many seconds (graph-node's default: 30). Blocks that came one at a time then waited
        // ~30 s to be indexed; 1 s bounds that wait.
        GRAPH_CHAIN_HEAD_WATCHER_TIMEOUT: process.env.GRAPH_CHAIN_HEAD_WATCHER_TIMEOUT ?? "1",
        GRAPH_LOG: process.env.GRAPH_LOG ?? "info",
      },
      logFile: this.logFile,
    });
    const child = this.child;
    // gnd binds its ports seconds after it starts (once its store is up), and a server that cannot bind
    // its port just ends, unreported, while gnd runs on: a port taken by another process in the meantime
    // left this start waiting its whole minute, or talking to that process. So the ports are looked at
    // while waiting (every ~second) and once gnd answers, and a port someone else holds fails the start at once.
    let looks = 0;
    const abort = () => {
      if (!child.running) return this.exitedError();
      return ++looks % 10 === 0 ? this.portsTakenError(child) : undefined;
    };
    // The index node answers once the store is up (the admin API starts just before it).
    let current: IndexingStatus | null = null;
    const up = await waitFor(
      async () => {
        current = await this.currentStatus();
        return true;
      },
      { timeoutMs: 60_000, intervalMs: 100, abort },
    ).catch(async (err) => {
      await this.stop();
      throw err;
    });
    const taken = up ? this.portsTakenError(child) : undefined;
    if (taken) {
      await this.stop();
      throw taken;
    }
    if (!up) {
      await this.stop();
      throw new StackError(`graph-node did not answer on ${this.indexNodeUrl} within 60 s; last output:\n${child.recentOutput()}`, {
        fix: `see ${this.logFile}`,
      });
    }
    try {
      this.deployment = await this.serve(manifest, current);
      await this.pausePlaceholder(placeholder);
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  /**
   * Makes the running graph-node serve the built subgraph `manifest` under SUBGRAPH_NAME: its build is
   * copied to a content-addressed deployment directory (see `snapshotBuild`); when graph-node already
   * serves that deployment nothing is done (`resumed`), otherwise it is deployed through the admin API and
   * becomes the name's current version at once (graph-node then indexes it from its start block).
   */
  async serve(manifest: string, current?: IndexingStatus | null): Promise<{ hash: string; action: DeploymentAction }> {
    const hash = snapshotBuild(builtManifest(manifest), path.join(this.options.workDir, "deployments"));
    const serving = current === undefined ? await this.currentStatus() : current;
    if (serving?.subgraph === hash) return { hash, action: "resumed" };
    await this.deploy(hash);
    return { hash, action: "deployed" };
  }

  /**
   * Pauses gnd's placeholder deployment. It indexes nothing, yet graph-node runs it over every block that
   * holds one of the subgraph's triggers, a second subgraph's work on the same cores (in a simulated year:
   * ~1,100 blocks processed and committed for nothing). gnd re-creates it unpaused on every start, and on a
   * restart drops the old one first, so a pause can meet "deployment not found" in between: it is asked
   * again until graph-node shows the placeholder paused. On a restart graph-node may still list the old,
   * paused one for a moment, and then the new one runs unpaused until the next start. Pausing saves work and
   * nothing depends on it, so it never fails a start: a placeholder not paused within 30 s is left running.
   */
  private async pausePlaceholder(placeholderManifest: string): Promise<void> {
    const id = path.resolve(path.dirname(placeholderManifest), "build", "subgraph.yaml");
    await waitFor(
      async () => {
        const placeholder = (await this.deploymentStatuses()).find((s) => s.subgraph === id);
        if (!placeholder) return false;
        if (placeholder.paused) return true;
        await this.admin("subgraph_pause", { deployment: id }); // a refusal is retried by waitFor
        return false;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
  }

  /** Every deployment graph-node has, with whether it is paused. */
  async deploymentStatuses(): Promise<{ subgraph: string; paused: boolean }[]> {
    return (await this.indexNodeQuery<{ indexingStatuses: { subgraph: string; paused: boolean }[] }>("{ indexingStatuses { subgraph paused } }")).indexingStatuses;
  }

  /** One query to graph-node's index node; an HTTP or GraphQL error throws with its message. */
  private async indexNodeQuery<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const res = await fetch(this.indexNodeUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
    });
    if (!res.ok) throw new Error(`index node answered HTTP ${res.status}`);
    const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
    if (!body.data) throw new Error(`index node: ${body.errors?.map((e) => e.message).join("; ")}`);
    return body.data;
  }

  /** Creates SUBGRAPH_NAME (unless it exists) and points it at the deployment `hash` through the admin API. */
  private async deploy(hash: string): Promise<void> {
    try {
      await this.admin("subgraph_create", { name: SUBGRAPH_NAME });
    } catch (err) {
      if (!/already exists/i.test((err as Error).message)) throw err;
    }
    await this.admin("subgraph_deploy", { name: SUBGRAPH_NAME, ipfs_hash: hash });
  }

  /** One call to graph-node's JSON-RPC admin API; a JSON-RPC error becomes a StackError with its message. */
  private async admin(method: string, params: Record<string, unknown>): Promise<unknown> {
    const res = await fetch(this.adminUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    const body = (await res.json()) as { result?: unknown; error?: { message: string } };
    if (body.error) {
      throw new StackError(`graph-node's admin API refused ${method} ${JSON.stringify(params)}: ${body.error.message}`, {
        fix: `see ${this.logFile}`,
      });
    }
    return body.result;
  }

  /** A StackError naming each of gnd's ports that a process other than gnd (`child`) listens on; undefined when none. */
  private portsTakenError(child: ManagedChild): StackError | undefined {
    const { ports } = this.options;
    const named: [number, string, string][] = [
      [ports.http, "GraphQL", "--graphql-port"],
      [ports.indexNode, "index node", "--index-node-port"],
      [ports.admin, "admin", "--admin-port"],
      [ports.metrics, "metrics", "--metrics-port"],
    ];
    const problems = named.flatMap(([port, service, option]) => {
      const others = listenersOn(port).filter((p) => p.pid !== child.pid);
      return others.length ? [`port ${port} (graph-node ${service}, ${option}) was taken by ${others.map((p) => describeProcess(p, 100)).join(", ")} before graph-node bound it`] : [];
    });
    if (!problems.length) return undefined;
    return new StackError(`graph-node cannot serve: ${problems.join("; ")}`, { fix: "start again (with --free-ports, other ports are drawn), or stop what holds the port" });
  }

  private exitedError(): StackError {
    const child = this.child!;
    return new StackError(`graph-node ${child.exitDescription()}; last output:\n${child.recentOutput()}`, {
      fix: `see ${child.logFile}`,
    });
  }

  /** The status of the deployment SUBGRAPH_NAME currently serves; null while it has none. Throws while graph-node is down. */
  async currentStatus(): Promise<IndexingStatus | null> {
    const query = `query ($name: String!) { indexingStatusForCurrentVersion(subgraphName: $name) { ${STATUS_FIELDS} } }`;
    return (await this.indexNodeQuery<{ indexingStatusForCurrentVersion: IndexingStatus | null }>(query, { name: SUBGRAPH_NAME })).indexingStatusForCurrentVersion;
  }


  /** The status of the subgraph, or undefined while graph-node does not serve it (yet). */
  async indexingStatus(): Promise<IndexingStatus | undefined> {
    try {
      return (await this.currentStatus()) ?? undefined;
    } catch {
      return undefined;
    }
  }

  /** Latest block graph-node has indexed (-1 before the first). */
  static latestBlock(status: IndexingStatus): number {
    const n = status.chains[0]?.latestBlock?.number;
    return n === undefined ? -1 : Number(n);
  }

  /**
   * Waits until the subgraph is synced, healthy and has indexed `block` (the chain head when omitted).
   * A failed subgraph or an exited graph-node is an immediate StackError carrying graph-node's message.
   */
  async waitSynced(block: number, timeoutMs = 120_000): Promise<IndexingStatus> {
    let last: IndexingStatus | undefined;
    const ok = await waitFor(
      async () => {
        last = await this.indexingStatus();
        return !!last && last.synced && last.health === "healthy" && GraphNode.latestBlock(last) >= block;
      },
      {
        timeoutMs,
        intervalMs: 100,
        abort: () => {
          if (this.child && !this.child.running) return this.exitedError();
          if (last?.health === "failed") {
            return new StackError(
              `graph-node failed to index the subgraph at block ${last.fatalError?.block?.number ?? "?"}: ${last.fatalError?.message ?? "no message"}`,
              { fix: `fix the mapping or the manifest, rebuild the subgraph and restart; details in ${this.logFile}` },
            );
          }
          return undefined;
        },
      },
    );
    if (!ok) {
      throw new StackError(
        `graph-node did not sync to block ${block} within ${timeoutMs / 1000} s (at ${last ? GraphNode.latestBlock(last) : "no status"}, synced=${last?.synced}, health=${last?.health})`,
        { fix: `check that the chain answers at ${this.options.rpcUrl} and see ${this.logFile}` },
      );
    }
    return last!;
  }

  /** Sends a GraphQL query to the subgraph and returns `data`, throwing on GraphQL errors. */
  async query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const res = await fetch(this.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(`GraphQL: ${body.errors.map((e) => e.message).join("; ")}`);
    return body.data as T;
  }

  /** gnd ignores SIGTERM: SIGINT, then SIGKILL after the grace period. */
  async stop(): Promise<void> {
    await this.child?.stop("SIGINT", this.options.stopGraceMs ?? 10_000);
    this.child = undefined;
  }
}

/** The built copy of `manifest` (`graph build` writes it to build/ beside it); a StackError when missing. */
export function builtManifest(manifest: string): string {
  if (!fs.existsSync(manifest)) throw new StackError(`subgraph manifest ${manifest} does not exist`);
  const built = path.join(path.dirname(manifest), "build", path.basename(manifest));
  if (!fs.existsSync(built)) {
    throw new StackError(`the subgraph is not built (${built} is missing)`, { fix: `run \`graph codegen && graph build\` next to ${manifest}` });
  }
  return built;
}

/**
 * Copies the build directory of the built manifest `built` into `deploymentsDir/<content hash>/` (once)
 * and returns the copy's manifest path, which is the deployment id graph-node knows it by. A deployment
 * id must name one content: graph-node resumes an existing deployment as it is, so a changed build gets a
 * new directory and therefore a new deployment.
 */
export function snapshotBuild(built: string, deploymentsDir: string): string {
  const buildDir = path.dirname(built);
  const hash = crypto.createHash("sha256");
  hashTree(hash, buildDir, new Set([".inputs-sha256"]));
  const dir = path.join(deploymentsDir, hash.digest("hex").slice(0, 16));
  const manifest = path.join(dir, path.basename(built));
  if (!fs.existsSync(manifest)) {
    const partial = `${dir}.partial-${process.pid}`;
    fs.rmSync(partial, { recursive: true, force: true });
    fs.cpSync(buildDir, partial, { recursive: true, filter: (src) => path.basename(src) !== ".inputs-sha256" });
    fs.renameSync(partial, dir);
  }
  return manifest;
}

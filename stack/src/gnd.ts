import fs from "node:fs";
import path from "node:path";
import { ManagedChild } from "./child";
import { StackError } from "./errors";
import { assertPortFree, HOST, waitFor } from "./ports";
import { BIN_DIR } from "./paths";

export interface GndPorts {
  http: number;
  indexNode: number;
  admin: number;
  metrics: number;
}

export interface GndOptions {
  /** The subgraph manifest; `graph build` output must sit in build/ next to it. */
  manifest: string;
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
  subgraph: string;
  synced: boolean;
  health: "healthy" | "unhealthy" | "failed";
  fatalError: { message: string; block: { number: string } | null } | null;
  chains: { chainHeadBlock: { number: string } | null; latestBlock: { number: string } | null }[];
}

/** The name gnd dev gives the first (only) subgraph it deploys. */
export const GND_SUBGRAPH_NAME = "subgraph-0";

/** graph-node's own developer binary, `gnd dev`, indexing one built subgraph from the filesystem. */
export class GraphNode {
  readonly options: GndOptions;
  private child?: ManagedChild;

  constructor(options: GndOptions) {
    this.options = options;
  }

  get graphqlUrl(): string {
    return `http://${HOST}:${this.options.ports.http}/subgraphs/name/${GND_SUBGRAPH_NAME}`;
  }

  get indexNodeUrl(): string {
    return `http://${HOST}:${this.options.ports.indexNode}/graphql`;
  }

  get running(): boolean {
    return this.child?.running ?? false;
  }

  async start(): Promise<void> {
    const { manifest, ports } = this.options;
    if (!fs.existsSync(manifest)) throw new StackError(`subgraph manifest ${manifest} does not exist`);
    const built = path.join(path.dirname(manifest), "build", "subgraph.yaml");
    if (!fs.existsSync(built)) {
      throw new StackError(`the subgraph is not built (${built} is missing)`, {
        fix: `run \`graph codegen && graph build\` next to ${manifest}`,
      });
    }
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
    const args = [
      "dev",
      "--manifests", manifest,
      "--postgres-url", this.options.postgresUrl,
      "--ethereum-rpc", `${this.options.network}:${this.options.rpcUrl}`,
      "--ipfs", this.options.ipfs,
      "--http-port", String(ports.http),
      "--index-node-port", String(ports.indexNode),
      "--admin-port", String(ports.admin),
      "--metrics-port", String(ports.metrics),
    ];
    this.child = new ManagedChild("gnd", bin, args, {
      cwd: path.dirname(manifest),
      env: {
        ...process.env,
        // A local chain mines on demand: poll it often so new blocks are indexed quickly.
        ETHEREUM_POLLING_INTERVAL: process.env.ETHEREUM_POLLING_INTERVAL ?? "200",
        GRAPH_LOG: process.env.GRAPH_LOG ?? "info",
      },
      logFile: path.join(this.options.logDir, "graph-node.log"),
    });
    const child = this.child;
    const up = await waitFor(async () => (await this.indexingStatus()) !== undefined, {
      timeoutMs: 60_000,
      intervalMs: 250,
      abort: () => (child.running ? undefined : this.exitedError()),
    });
    if (!up) {
      await this.stop();
      throw new StackError(`graph-node did not deploy the subgraph within 60 s; last output:\n${child.recentOutput()}`, {
        fix: `see ${child.logFile}`,
      });
    }
  }

  private exitedError(): StackError {
    const child = this.child!;
    return new StackError(`graph-node ${child.exitDescription()}; last output:\n${child.recentOutput()}`, {
      fix: `see ${child.logFile}`,
    });
  }

  /** The status of the deployed subgraph, or undefined while graph-node has none yet. */
  async indexingStatus(): Promise<IndexingStatus | undefined> {
    const res = await fetch(this.indexNodeUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query:
          "{ indexingStatuses { subgraph synced health fatalError { message block { number } } chains { chainHeadBlock { number } latestBlock { number } } } }",
      }),
    });
    if (!res.ok) return undefined;
    const body = (await res.json()) as { data?: { indexingStatuses: IndexingStatus[] } };
    return body.data?.indexingStatuses[0];
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
              { fix: `fix the mapping or the manifest, rebuild the subgraph and restart; details in ${this.child?.logFile}` },
            );
          }
          return undefined;
        },
      },
    );
    if (!ok) {
      throw new StackError(
        `graph-node did not sync to block ${block} within ${timeoutMs / 1000} s (at ${last ? GraphNode.latestBlock(last) : "no status"}, synced=${last?.synced}, health=${last?.health})`,
        { fix: `check that the chain answers at ${this.options.rpcUrl} and see ${this.child?.logFile}` },
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

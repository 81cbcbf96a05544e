import fs from "node:fs";
import path from "node:path";
import { ManagedChild } from "./child";
import { StackError } from "./errors";
import { assertPortFree, HOST, waitFor } from "./ports";
import { BIN_DIR, CONTRACTS_DIR } from "./paths";

export interface ChainNodeOptions {
  port: number;
  logDir: string;
  /** The genesis block's time (the chain's clock starts there); default: now. */
  startTime?: Date;
  startTimeoutMs?: number;
  /** The chain id (default 31337, the home chain; anvil only: a second chain takes another). */
  chainId?: number;
  /** The log file's name in `logDir` without `.log` (default: the node's kind, e.g. `anvil`). */
  logName?: string;
}

/** Which JSON-RPC chain the stack runs: Foundry's anvil (the default) or hardhat's node. */
export type ChainKind = "anvil" | "hardhat";

/** A local development chain in memory, on 127.0.0.1 (anvil or hardhat's node). */
export interface ChainNode {
  readonly kind: ChainKind;
  readonly port: number;
  readonly url: string;
  start(): Promise<void>;
  health(): Promise<boolean>;
  stop(): Promise<void>;
}

/** Sends one JSON-RPC call and returns its result, throwing on a JSON-RPC error. */
export async function jsonRpc<T = unknown>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

/**
 * `hardhat node` on 127.0.0.1, run inside contracts/ so it uses the project's hardhat config
 * (chain id 31337). The chain lives in memory: every start is a fresh chain with a new genesis.
 * Its clock follows the wall clock from the genesis time: a block mined without an explicit time
 * (deployment, keeper transactions) gets the time it was mined at, so block times depend on how long
 * things took (anvil's clock does not; see anvil.ts).
 */
export class HardhatNode implements ChainNode {
  readonly kind = "hardhat" as const;
  readonly port: number;
  private child?: ManagedChild;
  private readonly options: ChainNodeOptions;

  constructor(options: ChainNodeOptions) {
    this.options = options;
    this.port = options.port;
  }

  get url(): string {
    return `http://${HOST}:${this.port}`;
  }

  async start(): Promise<void> {
    await assertPortFree(this.port, "hardhat node", "--chain-port");
    const bin = path.join(BIN_DIR, "hardhat");
    if (!fs.existsSync(bin)) {
      throw new StackError(`hardhat is not installed (${bin} is missing)`, { fix: "run `npm ci` at the repository root" });
    }
    this.child = new ManagedChild("hardhat", bin, ["node", "--hostname", HOST, "--port", String(this.port)], {
      cwd: CONTRACTS_DIR,
      env: {
        ...process.env,
        HARDHAT_DISABLE_TELEMETRY_PROMPT: "true",
        ...(this.options.startTime ? { LOTGRAPH_CHAIN_START: this.options.startTime.toISOString() } : {}),
      },
      logFile: path.join(this.options.logDir, "hardhat.log"),
    });
    const child = this.child;
    const up = await waitFor(() => this.health(), {
      timeoutMs: this.options.startTimeoutMs ?? 60_000,
      intervalMs: 250,
      abort: () =>
        child.running
          ? undefined
          : new StackError(`hardhat node ${child.exitDescription()} before answering:\n${child.recentOutput()}`),
    });
    if (!up) {
      await this.stop();
      throw new StackError(`hardhat node did not answer on ${this.url}:\n${child.recentOutput()}`);
    }
  }

  /** True when the node answers eth_chainId. */
  async health(): Promise<boolean> {
    const id = await jsonRpc<string>(this.url, "eth_chainId");
    return typeof id === "string";
  }

  async stop(): Promise<void> {
    await this.child?.stop("SIGTERM", 5_000);
    this.child = undefined;
  }
}

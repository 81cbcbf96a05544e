import fs from "node:fs";
import path from "node:path";
import { ManagedChild } from "./child";
import { StackError } from "./errors";
import { jsonRpc, type ChainNode, type ChainNodeOptions } from "./hardhat";
import { assertPortFree, HOST, waitFor } from "./ports";
import { REPO_ROOT } from "./paths";

/** The anvil binary that `@foundry-rs/anvil` installs for this platform (npm's optional dependency). */
export function anvilBinary(): string {
  return path.join(REPO_ROOT, "node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
}

/** The home chain's id (hardhat's default, which the subgraph network and the deploy file assume). */
export const HOME_CHAIN_ID = 31337;

/** Seconds between two blocks whose time nobody set (deployment, keeper transactions). */
export const BLOCK_INTERVAL_SECONDS = 1;

/**
 * Foundry's anvil on 127.0.0.1, set up like the project's hardhat network: chain id 31337 (or `chainId`), the cancun
 * hardfork, the same 20 development accounts (anvil's default mnemonic is hardhat's), 10,000 ETH each,
 * a 30 M block gas limit. The chain lives in memory.
 *
 * Its clock is the chain's own, never the wall clock: the genesis block is at `startTime` and every block
 * mined without an explicit time is `BLOCK_INTERVAL_SECONDS` after the previous one
 * (`anvil_setBlockTimestampInterval`), so the same transactions give the same block times however long
 * they took to send. `evm_mine(timestamp)` still sets a block's time exactly.
 *
 * The states anvil moves out of memory go to disk under `$HOME/.foundry/anvil/tmp`, and a killed anvil leaves
 * them there: a year's chain writes gigabytes, and repeated runs filled a 100 GB disk. Each node runs anvil with
 * its own HOME in `logDir` (`<logName>.home`), emptied when the node starts and removed when it stops.
 */
export class AnvilNode implements ChainNode {
  readonly kind = "anvil" as const;
  readonly port: number;
  private child?: ManagedChild;
  private readonly options: ChainNodeOptions;

  constructor(options: ChainNodeOptions) {
    this.options = options;
    this.port = options.port;
  }

  /** The chain id it answers with (`eth_chainId`). */
  get chainId(): number {
    return this.options.chainId ?? HOME_CHAIN_ID;
  }

  get url(): string {
    return `http://${HOST}:${this.port}`;
  }

  async start(): Promise<void> {
    await assertPortFree(this.port, "anvil", "--chain-port");
    const bin = anvilBinary();
    if (!fs.existsSync(bin)) {
      throw new StackError(`anvil is not installed (${bin} is missing)`, { fix: "run `npm ci` at the repository root (it installs @foundry-rs/anvil)" });
    }
    const genesis = Math.floor((this.options.startTime ?? new Date()).getTime() / 1000);
    const args = [
      "--host", HOST,
      "--port", String(this.port),
      "--chain-id", String(this.chainId),
      "--hardfork", "cancun",
      "--accounts", "20",
      "--balance", "10000",
      "--gas-limit", "30000000",
      "--timestamp", String(genesis),
    ];
    fs.rmSync(this.stateHome, { recursive: true, force: true });
    fs.mkdirSync(this.stateHome, { recursive: true });
    this.child = new ManagedChild("anvil", bin, args, {
      logFile: path.join(this.options.logDir, `${this.options.logName ?? "anvil"}.log`),
      env: { ...process.env, HOME: this.stateHome },
    });
    const child = this.child;
    const up = await waitFor(() => this.health(), {
      timeoutMs: this.options.startTimeoutMs ?? 30_000,
      intervalMs: 50,
      abort: () => (child.running ? undefined : new StackError(`anvil ${child.exitDescription()} before answering:\n${child.recentOutput()}`)),
    });
    if (!up) {
      await this.stop();
      throw new StackError(`anvil did not answer on ${this.url}:\n${child.recentOutput()}`);
    }
    await jsonRpc(this.url, "anvil_setBlockTimestampInterval", [BLOCK_INTERVAL_SECONDS]);
  }

  async health(): Promise<boolean> {
    const id = await jsonRpc<string>(this.url, "eth_chainId");
    return typeof id === "string";
  }

  async stop(): Promise<void> {
    await this.child?.stop("SIGTERM", 5_000);
    this.child = undefined;
    fs.rmSync(this.stateHome, { recursive: true, force: true });
  }

  /** The running anvil's process id (undefined when stopped). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** anvil's HOME: where it writes the states it moves out of memory (`.foundry/anvil/tmp`). */
  get stateHome(): string {
    return path.join(this.options.logDir, `${this.options.logName ?? "anvil"}.home`);
  }
}

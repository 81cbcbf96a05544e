/**
 * One block of the driver's transactions: with the node's automine off, every call is sent at once with
 * an explicit nonce and gas limit (one JSON-RPC batch, no gas estimation), then a single block is mined at
 * a chosen timestamp and every receipt is checked. A simulated day costs one block instead of ~30, which
 * is what graph-node has to index, and one round trip instead of ~30.
 *
 * Works with a node-managed account (JsonRpcSigner: eth_sendTransaction) or a local key (signed here,
 * eth_sendRawTransaction). Needs a node with evm_setAutomine and evm_mine(timestamp) (hardhat, anvil).
 */
import { ethers } from "ethers";

export interface QueuedCall {
  contract: ethers.Contract;
  method: string;
  args: unknown[];
  gas: bigint;
  /** what the call is for, named in errors (e.g. "WETH feed #2") */
  label: string;
  /** another sender than the client's signer: an account the node holds (eth_sendTransaction) */
  from?: string;
}

export interface MinedBlock {
  number: number;
  timestamp: number;
  /** the logs of every transaction of the block, in order */
  logs: MinedLog[];
  transactions: number;
}

export interface MinedLog {
  address: string;
  topics: string[];
  data: string;
  transactionHash: string;
}

export class ChainClient {
  readonly provider: ethers.JsonRpcProvider;
  private from?: string;
  private chainId?: bigint;

  constructor(readonly signer: ethers.Signer) {
    const p = signer.provider;
    if (!(p instanceof ethers.JsonRpcProvider)) throw new Error("the driver needs a signer connected to an ethers JsonRpcProvider");
    // a connection of its own without ethers' 10 ms batching stall: a day is ~6 round trips per block, each of
    // which would otherwise wait the stall (requests sent together still go as one batch)
    this.provider = new ethers.JsonRpcProvider(p._getConnection(), undefined, { staticNetwork: true, batchStallTime: 0, cacheTimeout: -1 });
  }

  /** Closes the client's own connection. */
  close(): void {
    this.provider.destroy();
  }

  async rpc<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    return (await this.provider.send(method, params)) as T;
  }

  async setAutomine(on: boolean): Promise<void> {
    await this.rpc("evm_setAutomine", [on]);
  }

  async head(): Promise<{ number: number; timestamp: number }> {
    const b = await this.rpc<{ number: string; timestamp: string }>("eth_getBlockByNumber", ["latest", false]);
    return { number: Number(b.number), timestamp: Number(b.timestamp) };
  }

  /**
   * Sends `calls` (automine must be off) and mines them in one block at `timestamp`. Throws, naming the
   * call, if any transaction reverted or was left out of the block.
   */
  async mineBlock(calls: QueuedCall[], timestamp: number, what: string): Promise<MinedBlock> {
    this.from ??= await this.signer.getAddress();
    this.chainId ??= (await this.provider.getNetwork()).chainId;
    const nonces = await this.nextNonces([this.from, ...calls.map((c) => c.from ?? this.from!)]);
    const local = !(this.signer instanceof ethers.JsonRpcSigner);
    let fees: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } | undefined;
    if (local && calls.length) {
      const latest = await this.rpc<{ baseFeePerGas?: string }>("eth_getBlockByNumber", ["latest", false]);
      const base = BigInt(latest.baseFeePerGas ?? "0x3b9aca00");
      fees = { maxFeePerGas: base * 3n + 10n ** 9n, maxPriorityFeePerGas: 10n ** 9n };
    }
    const hashes = await Promise.all(
      calls.map(async (c) => {
        const to = await c.contract.getAddress();
        const data = c.contract.interface.encodeFunctionData(c.method, c.args);
        const from = c.from ?? this.from!;
        const nonce = nonces.get(from.toLowerCase())!.next++;
        if (!local || c.from) {
          return this.rpc<string>("eth_sendTransaction", [{ from, to, data, gas: ethers.toQuantity(c.gas), nonce: ethers.toQuantity(nonce) }]);
        }
        const raw = await this.signer.signTransaction({ to, data, nonce, gasLimit: c.gas, chainId: this.chainId, type: 2, ...fees });
        return this.rpc<string>("eth_sendRawTransaction", [raw]);
      }),
    );
    await this.rpc("evm_mine", [timestamp]);
    const receipts = await Promise.all(hashes.map((h) => this.rpc<RawReceipt | null>("eth_getTransactionReceipt", [h])));
    const logs: MinedLog[] = [];
    let number = -1;
    receipts.forEach((r, i) => {
      const c = calls[i];
      if (!r) throw new Error(`${what}: ${c.label} (${c.method}) was not mined in the block at ${timestamp} (tx ${hashes[i]})`);
      if (r.status !== "0x1") throw new Error(`${what}: ${c.label} (${c.method}) reverted in tx ${hashes[i]}`);
      number = Number(r.blockNumber);
      for (const l of r.logs) logs.push({ address: l.address, topics: l.topics, data: l.data, transactionHash: l.transactionHash });
    });
    if (number < 0) number = (await this.head()).number;
    return { number, timestamp, logs, transactions: calls.length };
  }

  /** Each sender's next (pending) nonce, counted on from there in the order the calls are taken. */
  private async nextNonces(senders: string[]): Promise<Map<string, { next: number }>> {
    const unique = [...new Set(senders.map((a) => a.toLowerCase()))];
    const counts = await Promise.all(unique.map((a) => this.rpc<string>("eth_getTransactionCount", [a, "pending"])));
    return new Map(unique.map((a, i) => [a, { next: Number(counts[i]) }]));
  }
}

interface RawReceipt {
  status: string;
  blockNumber: string;
  logs: { address: string; topics: string[]; data: string; transactionHash: string }[];
}

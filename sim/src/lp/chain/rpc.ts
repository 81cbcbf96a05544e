/**
 * The agreement run's connection to its chain: node-held accounts (eth_sendTransaction), blocks mined at chosen
 * times with a chosen base fee, receipts checked. Automine is off while a path runs, so each block holds exactly
 * the calls given to it, in order, and its time and base fee are the path's, whatever the machine's speed.
 */
import { ethers } from "ethers";

export interface Call {
  from: string;
  to: string;
  data: string;
  /** what the call is, named in errors */
  label: string;
  gas?: bigint;
}

export interface Log {
  address: string;
  topics: string[];
  data: string;
}

export interface Receipt {
  gasUsed: bigint;
  logs: Log[];
}

interface RawReceipt {
  transactionHash: string;
  status: string;
  blockNumber: string;
  gasUsed: string;
  logs: Log[];
}

const GAS_LIMIT = 5_000_000n;
const MAX_FEE = 1_000n * 10n ** 9n;

export class Chain {
  readonly provider: ethers.JsonRpcProvider;
  private readonly nonces = new Map<string, number>();

  constructor(url: string) {
    this.provider = new ethers.JsonRpcProvider(url, undefined, { staticNetwork: true, batchStallTime: 0, cacheTimeout: -1 });
  }

  close(): void {
    this.provider.destroy();
  }

  rpc<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    return this.provider.send(method, params) as Promise<T>;
  }

  /**
   * Waits for `hash`'s receipt, polling it. anvil's automine can answer eth_sendTransaction before the block is
   * in, and nothing else mines here, so a wait for the next block (ethers' waitForTransaction) would never end.
   */
  async mined(hash: string, label: string, timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!(await this.rpc("eth_getTransactionReceipt", [hash]))) {
      if (Date.now() > until) throw new Error(`${label} (${hash}) was not mined within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Forgets the nonces it counted (after a revert to a snapshot). */
  resetNonces(): void {
    this.nonces.clear();
  }

  private async nonceOf(from: string): Promise<number> {
    const key = from.toLowerCase();
    let n = this.nonces.get(key);
    if (n === undefined) n = Number(await this.rpc<string>("eth_getTransactionCount", [from, "pending"]));
    this.nonces.set(key, n + 1);
    return n;
  }

  /**
   * Mines `calls` in one block at `timestamp`, with base fee `baseFee` when given (else whatever the chain's
   * EIP-1559 rule makes it: every call offers far more); throws naming a call that reverted.
   */
  async block(calls: Call[], timestamp: number, baseFee?: bigint): Promise<Receipt[]> {
    const nonces: number[] = [];
    for (const c of calls) nonces.push(await this.nonceOf(c.from));
    // sent together: each sender's calls keep their order by nonce, and no call here depends on another sender's in the block
    const hashes = await Promise.all(calls.map((c, i) => this.rpc<string>("eth_sendTransaction", [{
      from: c.from, to: c.to, data: c.data, nonce: ethers.toQuantity(nonces[i]), gas: ethers.toQuantity(c.gas ?? GAS_LIMIT),
      maxFeePerGas: ethers.toQuantity(MAX_FEE), maxPriorityFeePerGas: "0x0",
    }])));
    if (baseFee !== undefined) await this.rpc("anvil_setNextBlockBaseFeePerGas", [ethers.toQuantity(baseFee)]);
    await this.rpc("evm_mine", [timestamp]);
    if (calls.length === 0) return [];
    const raw = await this.rpc<RawReceipt[]>("eth_getBlockReceipts", ["latest"]);
    const byHash = new Map(raw.map((r) => [r.transactionHash, r]));
    const out: Receipt[] = [];
    for (const [i, h] of hashes.entries()) {
      const r = byHash.get(h);
      if (!r) throw new Error(`${calls[i].label}: not mined in the block at ${timestamp}`);
      if (r.status !== "0x1") throw new Error(`${calls[i].label}: reverted in the block at ${timestamp} (tx ${h}): ${await this.revertData(calls[i], Number(r.blockNumber) - 1)}`);
      out.push({ gasUsed: BigInt(r.gasUsed), logs: r.logs });
    }
    return out;
  }

  /** The revert data of `c` replayed on the state of block `at` (the first call of a block fails there alike). */
  private async revertData(c: Call, at: number): Promise<string> {
    try {
      await this.rpc("eth_call", [{ from: c.from, to: c.to, data: c.data }, ethers.toQuantity(at)]);
      return "(passes alone on the previous block's state)";
    } catch (e) {
      const err = e as { data?: string; info?: { error?: { data?: string } }; message: string };
      return err.data ?? err.info?.error?.data ?? err.message;
    }
  }

  /** A view call's decoded result. */
  async read(contract: ethers.Contract, method: string, args: unknown[] = []): Promise<ethers.Result> {
    const data = contract.interface.encodeFunctionData(method, args);
    const out = await this.rpc<string>("eth_call", [{ to: contract.target, data }, "latest"]);
    return contract.interface.decodeFunctionResult(method, out);
  }
}

/** `contract.method(args)` sent by `from`. */
export function call(from: string, contract: ethers.Contract, method: string, args: unknown[], label: string): Call {
  return { from, to: contract.target as string, data: contract.interface.encodeFunctionData(method, args), label };
}

/** The logs of `contract` named `event` in the receipts, parsed. */
export function eventsIn(receipts: Receipt[], contract: ethers.Contract, event: string): ethers.LogDescription[] {
  const address = (contract.target as string).toLowerCase();
  const out: ethers.LogDescription[] = [];
  for (const r of receipts) {
    for (const l of r.logs) {
      if (l.address.toLowerCase() !== address) continue;
      const parsed = contract.interface.parseLog(l);
      if (parsed?.name === event) out.push(parsed);
    }
  }
  return out;
}

export const gasOf = (receipts: Receipt[]): bigint => receipts.reduce((a, r) => a + r.gasUsed, 0n);

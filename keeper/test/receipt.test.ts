/**
 * Waiting for a transaction's receipt on a real chain (anvil) when nothing else mines: the block that
 * holds the transaction is mined right after the keeper's first look found no receipt. ethers'
 * `waitForTransaction` missed such a block (its block poller starts after it and reports only blocks it
 * has not seen) and waited the whole timeout; in a simulated year a rebalance was left to the next pass.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { ethers } from "ethers";
import { AnvilNode, freePorts } from "@lotgraph/stack";
import { DEFAULT_KEEPER_OPTIONS, waitReceipt } from "../src/keeper";

/** The real provider, except that the first receipt lookup that finds nothing mines the pending block just after. */
class MinesAfterFirstLook extends ethers.JsonRpcProvider {
  mined = false;
  async getTransactionReceipt(hash: string): Promise<ethers.TransactionReceipt | null> {
    const receipt = await super.getTransactionReceipt(hash);
    if (!receipt && !this.mined) {
      this.mined = true;
      await this.send("evm_mine", []);
    }
    return receipt;
  }
}

let dir: string;
let node: AnvilNode;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-receipt-"));
  node = new AnvilNode({ port: (await freePorts()).chain, logDir: dir });
  await node.start();
});

after(async () => {
  await node?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test("a receipt whose block was mined just after the first look is found at once, not after the timeout", async () => {
  const provider = new MinesAfterFirstLook(node.url, undefined, { staticNetwork: true, pollingInterval: 100, cacheTimeout: -1 });
  try {
    await provider.send("evm_setAutomine", [false]);
    const [from, to] = (await provider.send("eth_accounts", [])) as string[];
    const hash = (await provider.send("eth_sendTransaction", [{ from, to, value: "0x1" }])) as string;
    const t = Date.now();
    const receipt = await waitReceipt({ provider, options: { ...DEFAULT_KEEPER_OPTIONS, confirmTimeoutMs: 30_000 } }, hash);
    assert.ok(provider.mined, "the block was mined after the first lookup");
    assert.equal(receipt?.hash, hash);
    assert.equal(receipt?.status, 1);
    assert.ok(Date.now() - t < 15_000, `found in ${Date.now() - t} ms, before the timeout`);
  } finally {
    provider.destroy();
  }
});

test("a transaction never mined gives null after the timeout", async () => {
  const provider = new ethers.JsonRpcProvider(node.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
  try {
    await provider.send("evm_setAutomine", [false]);
    const [from, to] = (await provider.send("eth_accounts", [])) as string[];
    const hash = (await provider.send("eth_sendTransaction", [{ from, to, value: "0x2" }])) as string;
    const t = Date.now();
    assert.equal(await waitReceipt({ provider, options: { ...DEFAULT_KEEPER_OPTIONS, confirmTimeoutMs: 300 } }, hash), null);
    assert.ok(Date.now() - t >= 300);
  } finally {
    provider.destroy();
  }
});

import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { ethers } from "ethers";
import type { Deployment } from "@lotgraph/contracts";
import { loadArtifact } from "@lotgraph/contracts/src/artifacts";
import { sendStablecoin, tokenContract, localProvider, devSigner, HOME, L2 } from "@lotgraph/bridge";
import { freePorts, Stack, stackConfig, SECOND_CHAIN_ID } from "../src/stack";
import { startBridge } from "../src/system";
import { jsonRpc } from "../src/hardhat";
import { StackError } from "../src/errors";
import { HOST } from "../src/ports";

// `chains: 2` (`--chains 2`): the stack runs a second anvil chain beside the home chain, the stablecoin
// bridge is deployed between them and its relayer runs until the stack stops.
test("a two-chain stack: two chain ids, the bridge deployed, a transfer relayed, everything stopped with the stack", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-2chains-"));
  const stack = new Stack(stackConfig({ dataDir, ports: await freePorts(), chains: 2 }));
  try {
    await stack.startServices();
    assert.equal(await jsonRpc(stack.chain.url, "eth_chainId"), ethers.toQuantity(31337));
    assert.equal(await jsonRpc(stack.secondChain!.url, "eth_chainId"), ethers.toQuantity(SECOND_CHAIN_ID));
    assert.ok(fs.existsSync(path.join(dataDir, "logs", "anvil-l2.log")), "the second chain logs beside the first");

    // The home stablecoin, as the system's deployment names it (the rest of the deployment is not needed here).
    const provider = localProvider(stack.chain.url, HOME);
    const owner = devSigner(provider, 0);
    const token = loadArtifact("MockERC20");
    const usdc = (await (await new ethers.ContractFactory(token.abi, token.bytecode, owner).deploy("USD Coin", "USDC", 6)).waitForDeployment()) as unknown as ethers.Contract;
    const user = devSigner(provider, 1);
    await (await usdc.mint(await user.getAddress(), 5_000_000n)).wait();
    const deployment = { assets: [{ symbol: "USDC", address: await usdc.getAddress(), decimals: 6, isStable: true, feeds: [] }] } as unknown as Deployment;

    const bridge = await startBridge(stack, deployment, () => {});
    assert.deepEqual(JSON.parse(fs.readFileSync(bridge.file, "utf8")).remote.chain, { name: "l2", chainId: SECOND_CHAIN_ID, eid: L2.eid });
    await sendStablecoin(bridge.deployment.home, bridge.deployment.remote, user, await user.getAddress(), 2_000_000n);
    const l2 = localProvider(stack.secondChain!.url, L2);
    const l2Token = tokenContract(bridge.deployment.remote, l2);
    const deadline = Date.now() + 30_000;
    while ((await l2Token.balanceOf(await user.getAddress())) !== 2_000_000n) {
      assert.ok(Date.now() < deadline, "the running relayer delivered within 30 s");
      await new Promise((r) => setTimeout(r, 100));
    }
    provider.destroy();
    l2.destroy();
  } finally {
    await stack.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  assert.equal(await stack.secondChain!.health().catch(() => false), false, "the second chain is stopped");
});

test("a two-chain stack is refused, before anything starts, when the second chain's port is taken", async () => {
  const blocker = net.createServer();
  await new Promise<void>((r) => blocker.listen(0, HOST, () => r()));
  const { port } = blocker.address() as net.AddressInfo;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-2chains-"));
  try {
    const stack = new Stack(stackConfig({ dataDir, ports: { ...(await freePorts()), secondChain: port }, chains: 2 }));
    await assert.rejects(stack.startServices(), (err: unknown) => err instanceof StackError && /second chain JSON-RPC, --second-chain-port/.test(err.message));
    assert.throws(() => new Stack(stackConfig({ dataDir, chains: 2, chain: "hardhat" })), /a second chain runs on anvil only/);
  } finally {
    blocker.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

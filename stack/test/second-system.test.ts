import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ethers } from "ethers";
import { readDeployment } from "@lotgraph/contracts";
import { SubgraphClient, loadCapturedEntities, openConnection, syncChains, CHAIN_COLUMN } from "@lotgraph/indexer";
import { freePorts, Stack, stackConfig, SECOND_CHAIN_ID } from "../src/stack";
import { startSystem } from "../src/system";
import { SECOND_CHAIN_ASSETS, SECOND_CHAIN_BRIDGED_USDC, SECOND_NETWORK } from "../src/secondSystem";

// `chains: 2`: the system deployed on the second chain too, on the bridged stablecoin (funded through the bridge
// and the running relayer, nothing minted there), with its own Safe and timelock with the home Safe's owners,
// indexed by a second gnd, and both chains synced into one store.
test("a two-chain system: the second chain's system runs on the bridged stablecoin, is indexed by its own gnd and reaches the store as chain 412346", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-second-"));
  const stack = new Stack(stackConfig({ dataDir, ports: await freePorts(), chains: 2 }));
  const lines: string[] = [];
  try {
    const system = await startSystem(stack, { log: (m) => lines.push(m) });
    const second = system.second!;
    assert.ok(second, "the system runs on the second chain");
    const bridge = system.bridge!.deployment;

    // The deployment file of each chain, the second on the bridged stablecoin with its own Safe and timelock.
    const file = readDeployment(second.deploymentFile);
    assert.equal(path.basename(second.deploymentFile), "deployment-l2.json");
    assert.equal(file.network, SECOND_NETWORK);
    assert.equal(file.chainId, SECOND_CHAIN_ID);
    assert.deepEqual(file.assets.map((a) => a.symbol), SECOND_CHAIN_ASSETS);
    const stable = file.assets.find((a) => a.isStable)!;
    assert.equal(stable.address.toLowerCase(), bridge.remote.token.toLowerCase(), "the second chain's stablecoin is the bridged OFT");
    assert.equal(stable.existing, true);
    const home = system.deployment;
    assert.notEqual(file.governance!.safe, home.governance!.safe);
    assert.notEqual(file.governance!.timelock, home.governance!.timelock);
    assert.deepEqual(file.governance!.safeOwners, home.governance!.safeOwners, "the same owners");
    assert.equal(file.governance!.safeThreshold, home.governance!.safeThreshold);
    assert.equal(file.accounts.management, file.governance!.timelock);
    assert.ok(second.gas.gasUsed > 0n && second.gas.toBlock > second.gas.fromBlock);
    process.stdout.write(`# chain-2 system deployment: ${second.gas.gasUsed} gas in blocks ${second.gas.fromBlock}–${second.gas.toBlock}; funding bridged in ${second.funding.deliveredMs} ms\n`);

    // Nothing minted on the second chain: its whole supply is what the adapter locked at home.
    const l2 = new ethers.JsonRpcProvider(stack.secondChain!.url, undefined, { staticNetwork: true });
    const homeProvider = new ethers.JsonRpcProvider(stack.chain.url, undefined, { staticNetwork: true });
    const erc20 = ["function totalSupply() view returns (uint256)", "function balanceOf(address) view returns (uint256)"];
    const supply: bigint = await new ethers.Contract(stable.address, erc20, l2).totalSupply();
    const locked: bigint = await new ethers.Contract(bridge.home.token, erc20, homeProvider).balanceOf(bridge.home.oft);
    assert.equal(supply, SECOND_CHAIN_BRIDGED_USDC * 10n ** 6n);
    assert.equal(locked, supply, "the second chain's stablecoin supply is what the home adapter holds");
    const vaultHolds: bigint = await new ethers.Contract(stable.address, erc20, l2).balanceOf(file.contracts.Vault.address);
    assert.ok(vaultHolds > 0n, "the second chain's vault holds bridged stablecoin");

    // Indexed by the second gnd: the vault's stablecoin is the bridged token, its deposits there.
    const q = await second.graphNode.query<{ assets: { id: string; symbol: string; isStable: boolean }[]; deposits: { id: string; asset: { id: string } }[] }>(
      "{ assets(orderBy: symbol) { id symbol isStable } deposits(first: 10) { id asset { id } } }",
    );
    assert.deepEqual(q.assets.map((a) => [a.id, a.symbol, a.isStable]), [
      [stable.address.toLowerCase(), "USDC", true],
      [file.assets.find((a) => a.symbol === "WETH")!.address.toLowerCase(), "WETH", false],
    ]);
    assert.ok(q.deposits.some((d) => d.asset.id === stable.address.toLowerCase()), "the owner's bridged USDC deposit is indexed on the second chain");
    assert.notEqual(second.graphNode.graphqlUrl, system.graphNode.graphqlUrl);

    // Bad input is refused before anything is deployed: a stablecoin of other decimals, a yield source on it.
    const contracts = await import("@lotgraph/contracts");
    const l2Signer = await l2.getSigner(0);
    const usdcSpec = contracts.DEFAULT_ASSETS.find((a) => a.isStable)!;
    const weth = file.assets.find((a) => a.symbol === "WETH")!;
    await assert.rejects(contracts.deploySystem(l2Signer, { assets: [{ ...usdcSpec, yieldSource: undefined }], stablecoin: { address: weth.address } }), /has 18 decimals, the USDC spec 6/);
    await assert.rejects(contracts.deploySystem(l2Signer, { assets: [usdcSpec], stablecoin: { address: stable.address } }), /existing token .* yield source/);
    await assert.rejects(contracts.deploySystem(l2Signer, { assets: [{ ...usdcSpec, yieldSource: undefined }], stablecoin: { address: "0x000000000000000000000000000000000000dEaD" } }), /has no code on this chain/);

    // Both chains into one store, each row with its chain.
    const store = await openConnection({ file: path.join(dataDir, "store.db") });
    try {
      const synced = await syncChains(
        [system.graphNode, second.graphNode].map((g) => ({ client: new SubgraphClient(g.graphqlUrl, g.indexNodeUrl) })),
        { store, entities: loadCapturedEntities() },
      );
      assert.deepEqual(synced.map((r) => r.chain), [31337, SECOND_CHAIN_ID]);
      const deposits = (await store.db.selectFrom("Deposit").selectAll().execute()) as Record<string, unknown>[];
      const chains = [...new Set(deposits.map((d) => Number(d[CHAIN_COLUMN])))].sort();
      assert.deepEqual(chains, [31337, SECOND_CHAIN_ID], "deposits of both chains in one store");
      const l2Stable = deposits.filter((d) => Number(d[CHAIN_COLUMN]) === SECOND_CHAIN_ID && d.asset === stable.address.toLowerCase());
      assert.equal(l2Stable.length, 1);
    } finally {
      await store.db.destroy();
    }
    l2.destroy();
    homeProvider.destroy();
  } catch (err) {
    process.stderr.write(lines.slice(-30).join("\n") + "\n");
    throw err;
  } finally {
    await stack.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

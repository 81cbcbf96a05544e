/**
 * The cross-chain allocation indexed on both chains by the real graph-node: a two-chain stack (anvils, Postgres,
 * IPFS), the bridge with its relayer, a vault, a mover and a coordinator per chain, and a graph-node per chain
 * (one gnd takes one network; stack/test/bridge-indexing.test.ts). A share set relayed and applied, and a move
 * home → L2 settled, show on both subgraphs tied by their guids.
 *
 * The deployment files list only the bridge, the mover and the coordinator (no Vault), so the manifest renders
 * them alone (the second-chain form) on both chains, and a move's `vault` stays null here: it comes from the
 * Vault data source's ModuleSet, which the full system indexes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ethers } from "ethers";
import type { Deployment } from "@lotgraph/contracts";
import { loadArtifact } from "@lotgraph/contracts/src/artifacts";
import { freePorts, Stack, stackConfig, NETWORK } from "@lotgraph/stack/src/stack";
import { buildSubgraph, startBridge } from "@lotgraph/stack/src/system";
import { GraphNode } from "@lotgraph/stack/src/gnd";
import { freePort } from "@lotgraph/stack/src/ports";
import { ownArtifact } from "../src/artifacts";
import { DEPLOYER_INDEX, HOME, L2, devSigner, localProvider } from "../src/chains";
import { deployCoordination } from "../src/coordination";
import type { BridgeSide } from "../src/deploy";
import { eventsOf, until } from "./support/twoChains";

const SECOND_NETWORK = "l2";
const KEEPER_INDEX = 3;
const USDC = (n: bigint) => n * 1_000_000n;
const moverAbi = loadArtifact("CrossChainMover").abi;
const coordinatorAbi = ownArtifact("ShareCoordinator").abi;

async function deployVault(signer: ethers.Signer, stablecoin: string): Promise<ethers.Contract> {
  const oracleArt = loadArtifact("FixedPriceOracle");
  const oracle = await (await new ethers.ContractFactory(oracleArt.abi, oracleArt.bytecode, signer).deploy()).waitForDeployment();
  const impl = loadArtifact("Vault");
  const proxy = loadArtifact("ERC1967Proxy");
  const implementation = await (await new ethers.ContractFactory(impl.abi, impl.bytecode, signer).deploy()).waitForDeployment();
  const me = await signer.getAddress();
  const init = new ethers.Interface(impl.abi).encodeFunctionData("initialize", [me, me, await oracle.getAddress(), stablecoin]);
  const deployed = await (await new ethers.ContractFactory(proxy.abi, proxy.bytecode, signer).deploy(await implementation.getAddress(), init)).waitForDeployment();
  return new ethers.Contract(await deployed.getAddress(), impl.abi, signer);
}

/** One chain's deployment file: its bridge OApp, mover and coordinator (the manifest's every-chain data sources). */
function deploymentFile(dir: string, network: string, bridge: BridgeSide, side: { mover: string; coordinator: string }): string {
  const file = path.join(dir, `coordination-${network}.json`);
  const at = (address: string) => ({ address, startBlock: bridge.fromBlock });
  fs.writeFileSync(file, JSON.stringify({ network, contracts: { StablecoinBridge: at(bridge.oft), CrossChainMover: at(side.mover), ShareCoordinator: at(side.coordinator) } }));
  return file;
}

const MOVES = `{ crossChainMoves { id status mover { id inFlightAmount moveCount settledCount dstEid peerVault } vault { id } dstEid peerVault
  amountSent amountReceived minReceived nativeFee network sentTransactionHash settledAmount settledTransactionHash
  transfer { sender amountSent sentNetwork sentTransactionHash } } }`;
const TRANSFER = `query($id: ID!) { bridgeTransfer(id: $id) { srcEid recipient amountReceived receivedNetwork receivedTransactionHash sentNetwork } }`;
const SHARES = `{ shareSets(orderBy: version) { id version origin eids bps guid network coordinator { id version } }
  shareRelays { id version dstEid nativeFee relayedBy { id } relayedSet { id } relayedNetwork outcome receivedBy { id } appliedSet { id } receivedNetwork } }`;

test("a share set relayed and a move settled are indexed on both chains, each tied by its guid", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-coordidx-"));
  const stack = new Stack(stackConfig({ dataDir, ports: await freePorts(), chains: 2 }));
  const providers: ethers.JsonRpcProvider[] = [];
  try {
    await stack.startServices();
    const homeProvider = localProvider(stack.chain.url, HOME);
    const l2Provider = localProvider(stack.secondChain!.url, L2);
    providers.push(homeProvider, l2Provider);
    const token = loadArtifact("MockERC20");
    const usdc = (await (await new ethers.ContractFactory(token.abi, token.bytecode, devSigner(homeProvider, DEPLOYER_INDEX)).deploy("USD Coin", "USDC", 6)).waitForDeployment()) as unknown as ethers.Contract;
    const deployment = { assets: [{ symbol: "USDC", address: await usdc.getAddress(), decimals: 6, isStable: true, feeds: [] }] } as unknown as Deployment;
    const bridge = (await startBridge(stack, deployment, () => {})).deployment;

    // Fresh signers: the bridge's deployment used the same key through its own nonce manager.
    const home = devSigner(homeProvider, DEPLOYER_INDEX);
    const l2 = devSigner(l2Provider, DEPLOYER_INDEX);
    const homeVault = await deployVault(home, bridge.home.token);
    const l2Vault = await deployVault(l2, bridge.remote.token);
    const asHome = usdc.connect(home) as ethers.Contract;
    await (await asHome.mint(await home.getAddress(), USDC(10_000n))).wait();
    await (await asHome.approve(await homeVault.getAddress(), USDC(10_000n))).wait();
    await (await homeVault.deposit(bridge.home.token, USDC(10_000n))).wait();
    const homeKeeper = devSigner(homeProvider, KEEPER_INDEX);
    const d = await deployCoordination({
      bridge,
      home: { signer: home, vault: await homeVault.getAddress(), keeper: await homeKeeper.getAddress() },
      remote: { signer: l2, vault: await l2Vault.getAddress(), keeper: await devSigner(l2Provider, KEEPER_INDEX).getAddress() },
    });

    const homeManifest = await buildSubgraph(deploymentFile(dataDir, NETWORK, bridge.home, d.home), path.join(dataDir, "build-home"));
    const l2Manifest = await buildSubgraph(deploymentFile(dataDir, SECOND_NETWORK, bridge.remote, d.remote), path.join(dataDir, "build-l2"));
    const graphNode = await stack.startGraphNode(homeManifest);
    await stack.postgres.sql(`CREATE DATABASE "graph_node_l2" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
    fs.mkdirSync(path.join(dataDir, "logs", "l2"), { recursive: true });
    const l2GraphNode = new GraphNode({
      manifest: l2Manifest,
      workDir: path.join(dataDir, "gnd-l2"),
      postgresUrl: stack.postgres.url.replace(/\/[^/]+$/, "/graph_node_l2"),
      network: SECOND_NETWORK,
      rpcUrl: stack.secondChain!.url,
      ipfs: stack.ipfs.address,
      ports: { http: await freePort(), indexNode: await freePort(), admin: await freePort(), metrics: await freePort() },
      logDir: path.join(dataDir, "logs", "l2"),
    });
    stack.onStop(() => l2GraphNode.stop());
    await l2GraphNode.start();

    // Shares: set at home (the deployer still owns the coordinator here), relayed, applied on L2 by the relayer.
    const coordinator = new ethers.Contract(d.home.coordinator, coordinatorAbi, home);
    const l2Coordinator = new ethers.Contract(d.remote.coordinator, coordinatorAbi, l2Provider);
    await (await coordinator.setShares([HOME.eid, L2.eid], [6669, 3331])).wait();
    const relayReceipt = (await (await coordinator.relay(L2.eid, { value: await coordinator.quoteRelay(L2.eid) })).wait())!;
    const sharesGuid: string = eventsOf(coordinator.interface, relayReceipt.logs).find((e) => e.name === "SharesRelayed")!.args.guid;
    await until("the relayer delivered the shares", async () => (await l2Coordinator.version()) === 1n);

    // A move home → L2, delivered, then settled by the keeper.
    const mover = new ethers.Contract(d.home.mover, moverAbi, homeKeeper);
    const moveReceipt = (await (await mover.move(USDC(1_000n), USDC(999n))).wait())!;
    const guid: string = eventsOf(mover.interface, moveReceipt.logs).find((e) => e.name === "MoveSent")!.args.guid;
    const l2Token = new ethers.Contract(bridge.remote.token, ["function balanceOf(address) view returns (uint256)"], l2Provider);
    await until("the relayer delivered the move", async () => (await l2Token.balanceOf(d.remote.vault)) === USDC(1_000n));
    const settleReceipt = (await (await mover.settle(guid)).wait())!;

    await graphNode.waitSynced(await homeProvider.getBlockNumber(), 120_000);
    await l2GraphNode.waitSynced(await l2Provider.getBlockNumber(), 120_000);
    const id = guid.toLowerCase();

    // Home: the move, settled, with its OFTSent side; no OFTReceived side here.
    const { crossChainMoves } = await graphNode.query<{ crossChainMoves: Record<string, unknown>[] }>(MOVES);
    assert.deepEqual(crossChainMoves, [
      {
        id,
        status: "SETTLED",
        mover: { id: d.home.mover.toLowerCase(), inFlightAmount: "0", moveCount: 1, settledCount: 1, dstEid: L2.eid, peerVault: d.remote.vault.toLowerCase() },
        vault: null,
        dstEid: L2.eid,
        peerVault: d.remote.vault.toLowerCase(),
        amountSent: "1000000000",
        amountReceived: "1000000000",
        minReceived: "999000000",
        nativeFee: String(BigInt(bridge.fees.verify) + BigInt(bridge.fees.delivery)),
        network: NETWORK,
        sentTransactionHash: moveReceipt.hash,
        settledAmount: "1000000000",
        settledTransactionHash: settleReceipt.hash,
        transfer: { sender: d.home.mover.toLowerCase(), amountSent: "1000000000", sentNetwork: NETWORK, sentTransactionHash: moveReceipt.hash },
      },
    ]);
    // L2: no move (it is the sending chain's), the same guid's transfer credited to the peer vault.
    assert.deepEqual((await l2GraphNode.query<{ crossChainMoves: unknown[] }>(MOVES)).crossChainMoves, []);
    const { bridgeTransfer } = await l2GraphNode.query<{ bridgeTransfer: Record<string, unknown> }>(TRANSFER, { id });
    assert.equal(bridgeTransfer.srcEid, HOME.eid);
    assert.equal(bridgeTransfer.recipient, d.remote.vault.toLowerCase());
    assert.equal(bridgeTransfer.amountReceived, "1000000000");
    assert.equal(bridgeTransfer.receivedNetwork, SECOND_NETWORK);
    assert.equal(bridgeTransfer.sentNetwork, null);

    // Shares: home's set and relay; L2's application of the same version under the relay's guid.
    const sg = sharesGuid.toLowerCase();
    const onHome = await graphNode.query<{ shareSets: Record<string, unknown>[]; shareRelays: Record<string, unknown>[] }>(SHARES);
    const onL2 = await l2GraphNode.query<{ shareSets: Record<string, unknown>[]; shareRelays: Record<string, unknown>[] }>(SHARES);
    const homeSet = `${d.home.coordinator.toLowerCase()}-1`;
    const l2Set = `${d.remote.coordinator.toLowerCase()}-1`;
    assert.deepEqual(onHome.shareSets, [
      { id: homeSet, version: "1", origin: "SET", eids: [HOME.eid, L2.eid], bps: [6669, 3331], guid: null, network: NETWORK, coordinator: { id: d.home.coordinator.toLowerCase(), version: "1" } },
    ]);
    assert.deepEqual(onL2.shareSets, [
      { id: l2Set, version: "1", origin: "APPLIED", eids: [HOME.eid, L2.eid], bps: [6669, 3331], guid: sg, network: SECOND_NETWORK, coordinator: { id: d.remote.coordinator.toLowerCase(), version: "1" } },
    ]);
    const fee = (await homeProvider.getTransaction(relayReceipt.hash))!.value;
    assert.deepEqual(onHome.shareRelays, [
      { id: sg, version: "1", dstEid: L2.eid, nativeFee: fee.toString(), relayedBy: { id: d.home.coordinator.toLowerCase() }, relayedSet: { id: homeSet }, relayedNetwork: NETWORK, outcome: null, receivedBy: null, appliedSet: null, receivedNetwork: null },
    ]);
    assert.deepEqual(onL2.shareRelays, [
      { id: sg, version: "1", dstEid: null, nativeFee: null, relayedBy: null, relayedSet: null, relayedNetwork: null, outcome: "APPLIED", receivedBy: { id: d.remote.coordinator.toLowerCase() }, appliedSet: { id: l2Set }, receivedNetwork: SECOND_NETWORK },
    ]);

    // Their settings as governance changes, on each chain.
    const changes = async (node: GraphNode) =>
      (await node.query<{ governanceChanges: { event: string; contract: { name: string } }[] }>(`{ governanceChanges(orderBy: id) { event contract { name } } }`)).governanceChanges.map((c) => `${c.contract.name}.${c.event}`);
    for (const node of [graphNode, l2GraphNode]) {
      const seen = await changes(node);
      for (const e of ["CrossChainMover.RouteSet", "CrossChainMover.MoveConfigSet", "CrossChainMover.FeeBudgetSet", "CrossChainMover.KeeperSet", "ShareCoordinator.PeerSet"]) {
        assert.ok(seen.includes(e), `${e} among ${seen.join(", ")}`);
      }
    }
  } finally {
    for (const p of providers) p.destroy();
    await stack.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

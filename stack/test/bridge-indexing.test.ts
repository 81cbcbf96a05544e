import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ethers } from "ethers";
import type { Deployment } from "@lotgraph/contracts";
import { loadArtifact } from "@lotgraph/contracts/src/artifacts";
import { sendStablecoin, tokenContract, localProvider, devSigner, HOME, L2, type BridgeSide } from "@lotgraph/bridge";
import { freePorts, Stack, stackConfig, NETWORK } from "../src/stack";
import { buildSubgraph, startBridge } from "../src/system";
import { GraphNode } from "../src/gnd";
import { freePort } from "../src/ports";
import { SubgraphClient, loadCapturedEntities, openConnection, syncChains, CHAIN_COLUMN } from "@lotgraph/indexer";
import { storeChainsToLedger } from "@lotgraph/tax/src/ledger/storeChains";
import { computeGains } from "@lotgraph/tax/src/engine/engine";

// The bridge indexed on both chains of a two-chain stack: the home chain's adapter by the stack's graph-node,
// the second chain's bridged stablecoin by a second gnd beside it (its own ports and database in the same
// Postgres). One gnd cannot take two networks: `gnd dev` joins its repeated `--ethereum-rpc` with commas
// into one graph-node argument, which graph-node reads as one network whose URL runs on into the second
// ("unable to parse network configuration: invalid port number", and gnd aborts). A round trip shows on
// both subgraphs, each transfer's two sides tied by its guid.

const SECOND_NETWORK = "l2";

interface Transfer {
  id: string;
  srcEid: number | null;
  dstEid: number | null;
  sender: string | null;
  amountSent: string | null;
  amountToReceive: string | null;
  sentNetwork: string | null;
  sentTransactionHash: string | null;
  sentLogIndex: string | null;
  recipient: string | null;
  amountReceived: string | null;
  receivedNetwork: string | null;
  receivedTransactionHash: string | null;
  receivedLogIndex: string | null;
}

const TRANSFERS = `{ bridgeTransfers(orderBy: id) { id srcEid dstEid sender amountSent amountToReceive sentNetwork sentTransactionHash sentLogIndex
  recipient amountReceived receivedNetwork receivedTransactionHash receivedLogIndex } }`;

/** A deployment file that lists the bridge's OApp on one chain alone (the manifest renders it by itself). */
function bridgeDeploymentFile(dir: string, network: string, side: BridgeSide): string {
  const file = path.join(dir, `bridge-${network}.json`);
  fs.writeFileSync(file, JSON.stringify({ network, contracts: { StablecoinBridge: { address: side.oft, startBlock: side.fromBlock } } }));
  return file;
}

/** The log at `logIndex` of `hash` is the OApp's event for `guid` (its first indexed topic). */
async function assertLogOf(provider: ethers.Provider, hash: string, logIndex: string, oapp: string, guid: string): Promise<void> {
  const receipt = await provider.getTransactionReceipt(hash);
  const log = receipt?.logs.find((l) => l.index === Number(logIndex));
  assert.ok(log, `${hash} has a log at index ${logIndex}`);
  assert.equal(log.address.toLowerCase(), oapp.toLowerCase());
  assert.equal(log.topics[1], guid);
}

test("a bridge round trip on two chains is indexed on both, by a graph-node per chain, each transfer's sides tied by its guid", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-bridgeidx-"));
  const stack = new Stack(stackConfig({ dataDir, ports: await freePorts(), chains: 2 }));
  const providers: ethers.JsonRpcProvider[] = [];
  try {
    await stack.startServices();
    const homeProvider = localProvider(stack.chain.url, HOME);
    const l2Provider = localProvider(stack.secondChain!.url, L2);
    providers.push(homeProvider, l2Provider);
    const owner = devSigner(homeProvider, 0);
    const token = loadArtifact("MockERC20");
    const usdc = (await (await new ethers.ContractFactory(token.abi, token.bytecode, owner).deploy("USD Coin", "USDC", 6)).waitForDeployment()) as unknown as ethers.Contract;
    const user = devSigner(homeProvider, 1);
    const userAddress = await user.getAddress();
    await (await usdc.mint(userAddress, 5_000_000n)).wait();
    const deployment = { assets: [{ symbol: "USDC", address: await usdc.getAddress(), decimals: 6, isStable: true, feeds: [] }] } as unknown as Deployment;
    const bridge = (await startBridge(stack, deployment, () => {})).deployment;

    const homeManifest = await buildSubgraph(bridgeDeploymentFile(dataDir, NETWORK, bridge.home), path.join(dataDir, "build-home"));
    const l2Manifest = await buildSubgraph(bridgeDeploymentFile(dataDir, SECOND_NETWORK, bridge.remote), path.join(dataDir, "build-l2"));
    const tStart = Date.now();
    const graphNode = await stack.startGraphNode(homeManifest);
    const homeStartMs = Date.now() - tStart;
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
    const tL2 = Date.now();
    await l2GraphNode.start();
    await l2GraphNode.waitSynced(await l2Provider.getBlockNumber(), 60_000);
    const l2StartMs = Date.now() - tL2;

    // Out: 2 USDC home → second chain; back: 1.5 of them second chain → home.
    const l2Token = tokenContract(bridge.remote, l2Provider);
    const homeToken = tokenContract(bridge.home, homeProvider);
    const out = await sendStablecoin(bridge.home, bridge.remote, user, userAddress, 2_000_000n);
    await waitUntil(async () => (await l2Token.balanceOf(userAddress)) === 2_000_000n, "the relayer delivered the transfer out");
    const back = await sendStablecoin(bridge.remote, bridge.home, devSigner(l2Provider, 1), userAddress, 1_500_000n);
    await waitUntil(async () => (await homeToken.balanceOf(userAddress)) === 4_500_000n, "the relayer delivered the transfer back");

    const tIndex = Date.now();
    await graphNode.waitSynced(await homeProvider.getBlockNumber(), 60_000);
    await l2GraphNode.waitSynced(await l2Provider.getBlockNumber(), 60_000);
    const indexMs = Date.now() - tIndex;
    const onHome = (await graphNode.query<{ bridgeTransfers: Transfer[] }>(TRANSFERS)).bridgeTransfers;
    const onL2 = (await l2GraphNode.query<{ bridgeTransfers: Transfer[] }>(TRANSFERS)).bridgeTransfers;
    const byGuid = (list: Transfer[], guid: string) => list.find((t) => t.id === guid.toLowerCase());
    assert.deepEqual(onHome.map((t) => t.id).sort(), [out.guid, back.guid].map((g) => g.toLowerCase()).sort(), "the home chain sees both transfers");
    assert.deepEqual(onL2.map((t) => t.id).sort(), onHome.map((t) => t.id).sort(), "the second chain sees the same two guids");

    // The transfer out: sent on the home chain, received on the second.
    const outSent = byGuid(onHome, out.guid)!;
    const outReceived = byGuid(onL2, out.guid)!;
    assert.equal(outSent.sentNetwork, NETWORK);
    assert.equal(outSent.dstEid, L2.eid);
    assert.equal(outSent.sender, userAddress.toLowerCase());
    assert.equal(outSent.amountSent, "2000000");
    assert.equal(outSent.amountToReceive, "2000000");
    assert.equal(outSent.sentTransactionHash, out.tx);
    assert.equal(outSent.receivedNetwork, null, "the home chain does not see the receipt of a transfer out");
    assert.equal(outReceived.receivedNetwork, SECOND_NETWORK);
    assert.equal(outReceived.srcEid, HOME.eid);
    assert.equal(outReceived.recipient, userAddress.toLowerCase());
    assert.equal(outReceived.amountReceived, outSent.amountToReceive);
    assert.equal(outReceived.sentNetwork, null);
    await assertLogOf(homeProvider, outSent.sentTransactionHash!, outSent.sentLogIndex!, bridge.home.oft, out.guid);
    await assertLogOf(l2Provider, outReceived.receivedTransactionHash!, outReceived.receivedLogIndex!, bridge.remote.oft, out.guid);

    // The transfer back: sent on the second chain, received on the home chain.
    const backSent = byGuid(onL2, back.guid)!;
    const backReceived = byGuid(onHome, back.guid)!;
    assert.equal(backSent.sentNetwork, SECOND_NETWORK);
    assert.equal(backSent.dstEid, HOME.eid);
    assert.equal(backSent.amountSent, "1500000");
    assert.equal(backSent.sentTransactionHash, back.tx);
    assert.equal(backReceived.receivedNetwork, NETWORK);
    assert.equal(backReceived.srcEid, L2.eid);
    assert.equal(backReceived.amountReceived, backSent.amountToReceive);
    await assertLogOf(l2Provider, backSent.sentTransactionHash!, backSent.sentLogIndex!, bridge.remote.oft, back.guid);
    await assertLogOf(homeProvider, backReceived.receivedTransactionHash!, backReceived.receivedLogIndex!, bridge.home.oft, back.guid);

    console.log(`gnd per chain: home started and synced in ${homeStartMs} ms, the second chain's in ${l2StartMs} ms; the round trip indexed on both ${indexMs} ms after its delivery`);

    // Both chains synced into one store, each chain taken from the network its graph-node reports.
    const store = await openConnection({ file: path.join(dataDir, "two-chains.db") });
    try {
      const tSync = Date.now();
      const synced = await syncChains(
        [new SubgraphClient(graphNode.graphqlUrl, graphNode.indexNodeUrl), new SubgraphClient(l2GraphNode.graphqlUrl, l2GraphNode.indexNodeUrl)].map((client) => ({ client })),
        { store, entities: loadCapturedEntities() },
      );
      const syncMs = Date.now() - tSync;
      assert.deepEqual(synced.map((r) => r.chain), [HOME.chainId, L2.chainId]);
      const rows = (await store.db.selectFrom("BridgeTransfer").selectAll().orderBy("id").orderBy(CHAIN_COLUMN).execute()) as Record<string, unknown>[];
      const sides = (guid: string) => rows.filter((r) => r.id === guid.toLowerCase()).map((r) => [Number(r[CHAIN_COLUMN]), r.sentTransactionHash ?? null, r.receivedTransactionHash ?? null]);
      assert.equal(rows.length, 4, "two transfers, each a row on both chains");
      assert.deepEqual(sides(out.guid), [[HOME.chainId, outSent.sentTransactionHash, null], [L2.chainId, null, outReceived.receivedTransactionHash]], "the transfer out: sent at home, received on the second chain, one guid");
      assert.deepEqual(sides(back.guid), [[HOME.chainId, null, backReceived.receivedTransactionHash], [L2.chainId, backSent.sentTransactionHash, null]], "the transfer back");

      // The tax engine on the store's BridgeTransfer rows: the user's 5 USDC bought at home (a lot the
      // bridge-only subgraphs do not see, given with the stablecoin's Asset row and price) cross with them.
      const user = userAddress.toLowerCase();
      const usdcAddress = (await usdc.getAddress()).toLowerCase();
      const t0 = Number((await homeProvider.getBlock(1))!.timestamp);
      const ledger = storeChainsToLedger(
        {
          BridgeTransfer: rows as never,
          Disposal: [],
          Withdrawal: [],
          Asset: [{ [CHAIN_COLUMN]: HOME.chainId, id: usdcAddress, symbol: "USDC", decimals: 6, isStable: 1 }],
          Lot: [{ [CHAIN_COLUMN]: HOME.chainId, id: "bought", vault: user, asset: usdcAddress, source: "REBALANCE_BUY", quantity: "5000000", unitCostRaw: String(10n ** 18n), decimals: 6, blockNumber: "1", logIndex: "0", timestamp: String(t0), transactionHash: "0x" + "11".repeat(32) }],
          PriceUpdate: [{ [CHAIN_COLUMN]: HOME.chainId, id: "p", asset: usdcAddress, priceRaw: String(10n ** 18n), accepted: 1, timestamp: String(t0) }],
        },
        { store: "two-chains.db" },
      );
      assert.deepEqual(
        ledger.events.filter((e) => e.kind === "bridge").map((e) => [e.chain ?? HOME.chainId, e.toChain, e.tx.raw, e.toTx!.raw, e.message]),
        [
          [HOME.chainId, L2.chainId, `${outSent.sentTransactionHash}:${Number(outSent.sentLogIndex)}`, `${outReceived.receivedTransactionHash}:${Number(outReceived.receivedLogIndex)}`, out.guid.toLowerCase()],
          [L2.chainId, HOME.chainId, `${backSent.sentTransactionHash}:${Number(backSent.sentLogIndex)}`, `${backReceived.receivedTransactionHash}:${Number(backReceived.receivedLogIndex)}`, back.guid.toLowerCase()],
        ],
      );
      const gains = computeGains(ledger.events, { method: "fifo" });
      const open = gains.lots.map((l) => [l.chain, l.wallet, l.id, l.remaining, l.basisRemaining, (l.moves ?? []).map((b) => b.message)]);
      const units = (usdc6: bigint) => usdc6 * 10n ** 12n;
      assert.deepEqual(
        open.sort(),
        [
          [HOME.chainId, user, "bought", units(3_000_000n), 3n * 10n ** 12n, []],
          [HOME.chainId, user, "bought", units(1_500_000n), 15n * 10n ** 11n, [out.guid.toLowerCase(), back.guid.toLowerCase()]],
          [L2.chainId, user, "bought", units(500_000n), 5n * 10n ** 11n, [out.guid.toLowerCase()]],
        ].sort(),
        "the lot's 2 USDC crossed with their basis; 1.5 came back, 0.5 stay on the second chain",
      );
      console.log(`both chains synced into one store in ${syncMs} ms: ${synced.map((r) => `chain ${r.chain} ${r.rows} rows at block ${r.block}`).join(", ")}`);
    } finally {
      await store.db.destroy();
    }
  } finally {
    for (const p of providers) p.destroy();
    await stack.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

async function waitUntil(done: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    assert.ok(Date.now() < deadline, `${what} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

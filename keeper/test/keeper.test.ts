/**
 * The keeper against a real `hardhat node` with the deployed system. The subgraph side is a small local
 * GraphQL server answering `_meta` and the vault's Lot/Disposal entities as the real subgraph would
 * (a deposit lot of WETH bought at $3,000), with a block number the test controls.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { ethers } from "ethers";
import { connectDeployment, deploySystem, scenario, writeDeployment, type Deployment } from "@lotgraph/contracts";
import { compileContracts, freePorts, HardhatNode } from "@lotgraph/stack";
import { Journal, keeperContext, LOCAL_DEV_MNEMONIC, runOnce, type KeeperContext } from "../src";

const KEEPER_INDEX = 1;
let dir: string;
let node: HardhatNode;
let provider: ethers.JsonRpcProvider;
let dep: Deployment;
let depFile: string;
let server: http.Server;
let subgraphUrl: string;
let metaBlock: () => Promise<number>;
let lots: unknown[] = [];

async function rpc(method: string, params: unknown[] = []): Promise<unknown> {
  return provider.send(method, params);
}

function startSubgraph(): Promise<void> {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", async () => {
      const { query, variables } = JSON.parse(body) as { query: string; variables?: { last?: string } };
      let data: unknown;
      if (query.includes("_meta")) data = { _meta: { block: { number: await metaBlock() } } };
      else if (query.includes("lots(")) data = { lots: variables?.last ? [] : lots }; // one page
      else if (query.includes("disposals(")) data = { disposals: [] };
      else data = null;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(data ? { data } : { errors: [{ message: "unexpected query" }] }));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      subgraphUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/subgraphs/name/subgraph-0`;
      resolve();
    }),
  );
}

async function context(journalFile: string, lines: string[], options: Partial<KeeperContext["options"]> = {}): Promise<KeeperContext> {
  return keeperContext({ rpcUrl: node.url, subgraphUrl, deploymentFile: depFile, journalFile, localAccount: KEEPER_INDEX, options, log: (l) => lines.push(l) });
}

async function lossHarvestedCount(): Promise<number> {
  const r = dep.instances.Rebalancer;
  return (await r.queryFilter(r.filters.LossHarvested(), 0)).length;
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-keeper-"));
  await compileContracts();
  node = new HardhatNode({ port: (await freePorts()).chain, logDir: dir });
  await node.start();
  provider = new ethers.JsonRpcProvider(node.url, undefined, { staticNetwork: true, pollingInterval: 50, cacheTimeout: -1 });
  const owner = await provider.getSigner(0);
  const keeper = ethers.HDNodeWallet.fromPhrase(LOCAL_DEV_MNEMONIC, undefined, `m/44'/60'/0'/0/${KEEPER_INDEX}`);
  dep = await deploySystem(owner, { keeper: keeper.address, network: "hardhat" });
  depFile = path.join(dir, "deployment.json");
  writeDeployment(dep, depFile);
  metaBlock = () => provider.getBlockNumber();
  await startSubgraph();
});

after(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  provider?.destroy();
  await node?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("keeper", () => {
  it("performs the upkeeps checkUpkeep reports, and then finds none due", async () => {
    const lines: string[] = [];
    const ctx = await context(path.join(dir, "upkeep.jsonl"), lines);
    const [dueBefore] = (await dep.instances.KeeperGateway.checkUpkeep("0x")) as [boolean];
    assert.equal(dueBefore, true);
    const r = await runOnce(ctx);
    assert.ok(r.upkeeps.length >= 1, lines.join("\n"));
    const events = await dep.instances.KeeperGateway.queryFilter(dep.instances.KeeperGateway.filters.UpkeepPerformed(), 0);
    assert.deepEqual(events.map((e) => Number((e as ethers.EventLog).args.action)), r.upkeeps);
    assert.ok(lines.some((l) => /checkUpkeep says "(rebalance|hedge|update weights)" is due/.test(l)));
    const [dueAfter] = (await dep.instances.KeeperGateway.checkUpkeep("0x")) as [boolean];
    assert.equal(dueAfter, false, lines.join("\n"));
  });

  it("refuses to act when the subgraph lags the chain head beyond the bound", async () => {
    const lines: string[] = [];
    const ctx = await context(path.join(dir, "stale.jsonl"), lines, { maxLagBlocks: 5 });
    await scenario.setPrice(dep, "WETH", "2400"); // work to do: a loss and a weights update
    const nonce = await provider.getTransactionCount(ctx.wallet.address);
    const head = await provider.getBlockNumber();
    metaBlock = async () => head - 10;
    try {
      const r = await runOnce(ctx);
      assert.match(r.refused ?? "", /subgraph is at block \d+, chain head at \d+: 10 blocks behind \(bound 5\)/);
      assert.ok(lines.some((l) => l.startsWith("refusing to act: ")));
      assert.equal(await provider.getTransactionCount(ctx.wallet.address), nonce, "no transaction sent");
      assert.equal(await lossHarvestedCount(), 0);
    } finally {
      metaBlock = () => provider.getBlockNumber();
    }
  });

  it("harvests a loss once, with its lockout, even when restarted between send and confirm", async () => {
    const weth = dep.assets.find((a) => a.symbol === "WETH")!;
    const head = (await provider.getBlock("latest"))!;
    lots = [
      {
        id: "000000000001-000000",
        asset: { symbol: "WETH" },
        source: "DEPOSIT",
        quantity: (50n * 10n ** 18n).toString(),
        unitCostRaw: (3000n * 10n ** 18n).toString(),
        decimals: 18,
        timestamp: String(head.timestamp - 60 * 86_400),
        transactionHash: "0x" + "ab".repeat(32),
        logIndex: "0",
      },
    ];
    const journalFile = path.join(dir, "harvest.jsonl");
    const lines: string[] = [];
    // first run: the transaction is sent but not mined (automine off), and the process goes away
    await rpc("evm_setAutomine", [false]);
    const first = await runOnce(await context(journalFile, lines, { maxUpkeeps: 0, confirmTimeoutMs: 1_000 }));
    assert.deepEqual(first.harvested, []);
    const journaled = new Journal(journalFile).all();
    assert.equal(journaled.length, 1);
    assert.equal(journaled[0].state, "sent");
    assert.ok(lines.some((l) => /harvestLoss\(WETH, .* why: expected loss/.test(l)), lines.join("\n"));
    // the node loses the transaction (as after a node restart), and mining resumes
    await rpc("hardhat_dropTransaction", [journaled[0].txHash]);
    await rpc("evm_setAutomine", [true]);
    assert.equal(await lossHarvestedCount(), 0);

    // restart: a new context reading the same journal
    const lines2: string[] = [];
    const second = await runOnce(await context(journalFile, lines2, { maxUpkeeps: 0 }));
    assert.deepEqual(second.reconciled, [{ id: journaled[0].id, state: "confirmed" }], lines2.join("\n"));
    assert.ok(second.skipped.some((s) => s.id === journaled[0].id && /already confirmed/.test(s.reason)), lines2.join("\n"));
    assert.equal(await lossHarvestedCount(), 1);

    // a third pass (the subgraph still shows the old lot): same recommendation id, nothing new sent
    const third = await runOnce(await context(journalFile, [], { maxUpkeeps: 0 }));
    assert.deepEqual(third.harvested, []);
    assert.equal(await lossHarvestedCount(), 1);

    const [ev] = (await dep.instances.Rebalancer.queryFilter(dep.instances.Rebalancer.filters.LossHarvested(), 0)) as ethers.EventLog[];
    assert.equal(ev.args.asset, weth.address);
    assert.equal(ev.args.amountIn, await (async () => BigInt(new Journal(journalFile).all()[0].amount))());
    const lockedUntil = Number(await dep.instances.Rebalancer.lockedUntil(weth.address));
    const sentAt = (await provider.getBlock(ev.blockNumber))!.timestamp;
    assert.ok(lockedUntil - sentAt >= 31 * 86_400 - 120 && lockedUntil - sentAt <= 31 * 86_400, `lockout ${lockedUntil - sentAt} s`);
  });

  it("the deployment is read back by a separate process's context", async () => {
    const ctx = await context(path.join(dir, "other.jsonl"), []);
    assert.equal(ctx.deployment.contracts.KeeperGateway.address, dep.contracts.KeeperGateway.address);
    assert.equal(connectDeployment(ctx.deployment, ctx.wallet).accounts.keeper, ctx.wallet.address);
  });
});

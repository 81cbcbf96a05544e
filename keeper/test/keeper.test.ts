/**
 * The keeper on the real system: hardhat chain, Postgres, IPFS endpoint and graph-node (gnd) indexing the
 * real subgraph of the real contracts (`startLiveSystem`, without the stack's scripted scenario, so every
 * lot the advisor sees comes from the deployment and from what these tests do). Every pass syncs
 * graph-node into the keeper's own SQLite store and reads the ledger from it.
 *
 * The tests run in order and share the chain: upkeeps; refusals (a paused subgraph that lags, an
 * unreachable one); then the loop: a loss harvest recommended by the advisor, executed once across a
 * restart, indexed by graph-node, in the next tax report, and honoured by the rebalancer as a lockout.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import { ethers } from "ethers";
import { connectDeployment, scenario, type Deployment } from "@lotgraph/contracts";
import { loadCapturedEntities, openConnection, SubgraphClient, sync } from "@lotgraph/indexer";
import { startLiveSystem, type LiveSystem } from "@lotgraph/indexer/test/support/system";
import { freePorts } from "@lotgraph/stack";
import { TaxEngine } from "@lotgraph/tax";
import { StoreLedgerSource } from "@lotgraph/tax/src/ledger/storeLedger";
import { Journal, keeperContext, runOnce, type KeeperContext, type KeeperSettings } from "../src";

const exec = promisify(execFile);
const LOTGRAPH = path.resolve(__dirname, "../../node_modules/.bin/lotgraph");
const DAY = 86_400;

let system: LiveSystem;
let dep: Deployment;
let depFile: string;
let provider: ethers.JsonRpcProvider;
/** the harvest's LotsIdentified, from its receipt */
let identified: ethers.LogDescription;

function context(lines: string[], settings: Partial<KeeperSettings> = {}): Promise<KeeperContext> {
  return keeperContext({
    rpcUrl: system.stack.chain.url,
    subgraphUrl: system.graphNode.graphqlUrl,
    statusUrl: system.graphNode.indexNodeUrl,
    deploymentFile: depFile,
    log: (l) => lines.push(l),
    ...settings,
  });
}

const rpc = (method: string, params: unknown[] = []) => provider.send(method, params);
const asset = (symbol: string) => dep.assets.find((a) => a.symbol === symbol)!;
const symbolOf = (address: string) => dep.assets.find((a) => a.address.toLowerCase() === address.toLowerCase())?.symbol;

async function lossHarvests(): Promise<ethers.EventLog[]> {
  const r = dep.instances.Rebalancer;
  return (await r.queryFilter(r.filters.LossHarvested(), 0)) as ethers.EventLog[];
}

async function tradesFrom(block: number): Promise<{ block: number; time: number; tokenIn: string; tokenOut: string }[]> {
  const r = dep.instances.Rebalancer;
  const logs = (await r.queryFilter(r.filters.Trade(), block)) as ethers.EventLog[];
  return Promise.all(
    logs.map(async (l) => ({
      block: l.blockNumber,
      time: (await provider.getBlock(l.blockNumber))!.timestamp,
      tokenIn: symbolOf(l.args.tokenIn)!,
      tokenOut: symbolOf(l.args.tokenOut)!,
    })),
  );
}

/** graph-node's admin JSON-RPC (subgraph_pause / subgraph_resume). */
async function admin(method: string, params: Record<string, unknown>): Promise<void> {
  const res = await fetch(system.graphNode.adminUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await res.json()) as { error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
}

/**
 * Pauses indexing and waits until graph-node has stopped the deployment's runner: subgraph_pause only
 * marks the deployment paused and returns, and the running runner goes on indexing the blocks it already
 * sees until it notices (about half a second on a quiet machine, longer under load) — so a block mined
 * right after the call could still be indexed. The runner reports its end only in the log ("Stopping
 * subgraph - <reason>", written when it leaves its loop, after the last block it committed).
 */
async function pauseIndexing(): Promise<void> {
  const { hash } = system.graphNode.deployment!;
  const log = system.graphNode.logFile;
  const from = fs.statSync(log).size;
  await admin("subgraph_pause", { deployment: hash });
  const stopped = new RegExp(`Stopping subgraph - [a-z ]+, .*subgraph_id: ${hash.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const fd = fs.openSync(log, "r");
    const buf = Buffer.alloc(fs.fstatSync(fd).size - from);
    fs.readSync(fd, buf, 0, buf.length, from);
    fs.closeSync(fd);
    if (stopped.test(buf.toString("utf8"))) return;
    if (Date.now() > deadline) throw new Error(`graph-node did not stop indexing ${hash} within 60 s of subgraph_pause (see ${log})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const resumeIndexing = () => admin("subgraph_resume", { deployment: system.graphNode.deployment!.hash });

/**
 * Moves time on; the market arbitrages the pools back to the oracle's prices (the vault's last trades moved them),
 * the TWAP window passes and the feeds re-post (or the oracle would be stale); waits for graph-node.
 */
async function advance(seconds: number): Promise<void> {
  await scenario.increaseTime(dep, seconds);
  await scenario.moveMarket(dep, {});
  await system.stack.waitSynced();
}

before(async () => {
  system = await startLiveSystem({ scenario: false });
  dep = system.deployment;
  depFile = path.join(system.dataDir, "deployment.json");
  provider = dep.signer.provider as ethers.JsonRpcProvider;
});

after(async () => {
  await system?.stop();
});

describe("keeper on the live system", () => {
  it("syncs its store, asks the advisor at the chain head, performs the upkeeps, and with nothing to harvest does not wait for them to be indexed", async () => {
    const lines: string[] = [];
    const ctx = await context(lines);
    assert.equal(ctx.store.file, path.join(system.dataDir, "keeper.db"), "default store: beside the deployment file");
    const head = await provider.getBlockNumber();
    const r = await runOnce(ctx);
    assert.equal(r.refused, undefined, lines.join("\n"));
    assert.ok(lines.some((l) => l.startsWith(`chain head ${head}, store synced to block ${head} (lag 0`)), lines.join("\n"));
    assert.ok(fs.existsSync(ctx.store.file));
    const events = (await dep.instances.KeeperGateway.queryFilter(dep.instances.KeeperGateway.filters.UpkeepPerformed(), 0)) as ethers.EventLog[];
    assert.deepEqual(events.map((e) => Number(e.args.action)), r.upkeeps);
    assert.ok(r.upkeeps.includes(2), `a fresh deployment is due a rebalance: ${lines.join("\n")}`);
    assert.equal(r.harvestsDeferred, undefined, lines.join("\n"));
    // a fresh deployment holds no loss: the advisor, asked before the upkeeps, recommends nothing, so the
    // pass ends without waiting for graph-node to index the upkeeps' blocks
    assert.equal(r.synced!.block, head, "the advisor read the store at the chain head the pass began at");
    assert.ok(events[events.length - 1].blockNumber > head);
    assert.ok(lines.some((l) => l === "harvests: none recommended before the upkeeps; not waiting for graph-node to index them"), lines.join("\n"));
    assert.ok(!lines.some((l) => /re-synced/.test(l)), lines.join("\n"));
    assert.equal(r.indexWaitMs, 0);
    assert.ok(r.skipped.length > 0 && r.skipped.every((s) => s.id === undefined), "the advisor's reasons for each asset are reported");
    const [dueAfter] = (await dep.instances.KeeperGateway.checkUpkeep("0x")) as [boolean];
    assert.equal(dueAfter, false, lines.join("\n"));
    await system.stack.waitSynced();
  });

  it("within the lag bound, acts but looks for harvests only once the store holds the chain head", async () => {
    // nothing is due right after the first pass; graph-node is paused while two blocks are mined
    await pauseIndexing();
    let head: number;
    try {
      for (let i = 0; i < 2; i++) await rpc("evm_mine");
      head = await provider.getBlockNumber();
      const lines: string[] = [];
      const ctx = await context(lines, { options: { maxLagBlocks: 5, resyncTimeoutMs: 1_500 } });
      const r = await runOnce(ctx);
      assert.equal(r.refused, undefined, lines.join("\n"));
      assert.deepEqual(r.upkeeps, [], lines.join("\n"));
      assert.ok(r.synced!.block < head, `graph-node was paused: ${lines.join("\n")}`);
      assert.match(r.harvestsDeferred ?? "", new RegExp(`does not hold the chain head ${head} yet`), lines.join("\n"));
      assert.ok(r.indexWaitMs >= 1_000, `the pass waited for graph-node (${r.indexWaitMs} ms)`);
      assert.ok(lines.some((l) => /^pass took sync \d+ ms, reconcile \d+ ms, resync \d+ ms, upkeeps \d+ ms \(of which waiting for graph-node to index \d+ ms\)$/.test(l)), lines.join("\n"));
    } finally {
      await resumeIndexing();
    }
    const lines: string[] = [];
    const r = await runOnce(await context(lines));
    assert.equal(r.harvestsDeferred, undefined, lines.join("\n"));
    assert.ok(r.synced!.block >= head, lines.join("\n"));
    assert.ok(lines.some((l) => /^pass took .*harvests \d+ ms/.test(l)), lines.join("\n"));
  });

  it("refuses to act when the synced block lags the chain head beyond the bound (graph-node paused)", async () => {
    // 31 days on: the daily weights update and the yield harvest are due, and no UNI was bought for a month
    await advance(31 * DAY);
    const [due] = (await dep.instances.KeeperGateway.checkUpkeep("0x")) as [boolean];
    assert.equal(due, true);
    await pauseIndexing();
    try {
      const lines: string[] = [];
      const ctx = await context(lines, { options: { maxLagBlocks: 5 } });
      for (let i = 0; i < 10; i++) await rpc("evm_mine");
      const nonce = await provider.getTransactionCount(ctx.wallet.address);
      const r = await runOnce(ctx);
      assert.match(r.refused ?? "", /subgraph synced to block \d+, chain head at \d+: (1[0-9]) blocks behind \(bound 5\)/, lines.join("\n"));
      assert.ok(lines.some((l) => l.startsWith("refusing to act: ")));
      assert.equal(await provider.getTransactionCount(ctx.wallet.address), nonce, "no transaction sent");
    } finally {
      await resumeIndexing();
    }
    await system.stack.waitSynced();
  });

  it("refuses to act when graph-node does not answer, naming the store's last block", async () => {
    const lines: string[] = [];
    const closed = `http://127.0.0.1:${(await freePorts()).http}/subgraphs/name/lotgraph`;
    const ctx = await context(lines, { subgraphUrl: closed, statusUrl: closed, syncRetry: { attempts: 1, baseMs: 1, maxMs: 1 } });
    const nonce = await provider.getTransactionCount(ctx.wallet.address);
    const r = await runOnce(ctx);
    assert.match(r.refused ?? "", /cannot sync the subgraph .* unreachable .*; the store is at block \d+, \d+ behind the chain head \d+; not acting on stale data/, lines.join("\n"));
    assert.equal(await provider.getTransactionCount(ctx.wallet.address), nonce, "no transaction sent");
  });

  let harvest: ethers.EventLog;
  let journalFile: string;

  it("harvests the loss the advisor recommends exactly once, even when restarted between send and confirm", async () => {
    // UNI falls 20 % (the oracle breaker allows 25 % a move): the pools follow, then the feeds
    await scenario.moveMarket(dep, { UNI: "6.4" });
    await system.stack.waitSynced();
    const lines: string[] = [];
    journalFile = path.join(system.dataDir, "harvest-journal.jsonl");
    // a journal left by an earlier chain at the same addresses says a UNI harvest was confirmed in a block
    // this chain has not reached: it must neither block nor stand in for this chain's harvest
    const stale = { id: "tlh-earlier-chain", asset: "UNI", amount: "1", lockoutUntil: 0, fromBlock: 1, txHash: `0x${"ab".repeat(32)}`, block: 9_999_999 };
    new Journal(journalFile).write(stale.id, { ...stale, state: "confirmed" });
    // the advisor recommends UNI before the day's upkeeps (weights, yield, a rebalance), so the pass must see
    // them indexed before it sells; not waiting for graph-node here, the harvest waits for the next pass
    const upkeeps = await runOnce(await context(lines, { journalFile, options: { resyncTimeoutMs: 0 } }));
    assert.ok(upkeeps.upkeeps.length > 0, lines.join("\n"));
    assert.deepEqual(upkeeps.reconciled, [{ id: stale.id, state: "failed" }], lines.join("\n"));
    assert.match(new Journal(journalFile).get(stale.id)?.reason ?? "", /is not on this chain/);
    assert.match(upkeeps.harvestsDeferred ?? "", /upkeeps \(up to block \d+\) are newer than the store \(block \d+\)/);
    assert.deepEqual(upkeeps.harvested, []);
    // the rebalance moved the pools it traded: the market arbitrages them back before the harvest pass
    await scenario.moveMarket(dep, {});
    await system.stack.waitSynced();

    // the harvest is signed, journaled and broadcast but not mined (automine off), and the process goes away
    await rpc("evm_setAutomine", [false]);
    let first;
    try {
      first = await runOnce(await context(lines, { journalFile, options: { maxUpkeeps: 0, confirmTimeoutMs: 1_000 } }));
    } finally {
      // the node loses the transaction (as after a node restart), and mining resumes
      const sent = new Journal(journalFile).all();
      for (const e of sent) if (e.txHash) await rpc("hardhat_dropTransaction", [e.txHash]);
      await rpc("evm_setAutomine", [true]);
    }
    assert.deepEqual(first.harvested, []);
    const journaled = new Journal(journalFile).all().filter((e) => e.id !== stale.id);
    assert.equal(journaled.length, 1, lines.join("\n"));
    assert.equal(journaled[0].state, "sent");
    assert.equal(journaled[0].asset, "UNI");
    assert.ok(lines.some((l) => /harvestLoss\(UNI, .* why: expected loss/.test(l)), lines.join("\n"));
    assert.ok(lines.some((l) => /advisor: no harvest of WETH: WETH was acquired on .* wash sale/.test(l)), "compounded yield is a recent WETH acquisition");
    assert.ok(!lines.some((l) => /harvest of USDC/.test(l)), "the stablecoin is never considered for a harvest");
    assert.equal((await lossHarvests()).length, 0);

    // restart: a new context on the same journal re-broadcasts the journaled transaction, and sends nothing new
    const lines2: string[] = [];
    const second = await runOnce(await context(lines2, { journalFile, options: { maxUpkeeps: 0 } }));
    assert.deepEqual(second.reconciled, [{ id: journaled[0].id, state: "confirmed" }], lines2.join("\n"));
    assert.ok(second.skipped.some((s) => s.id === journaled[0].id && /already confirmed/.test(s.reason)), lines2.join("\n"));
    assert.deepEqual(second.harvested, []);
    const harvests = await lossHarvests();
    assert.equal(harvests.length, 1);
    harvest = harvests[0];
    assert.equal(harvest.transactionHash, journaled[0].txHash);
    assert.equal(harvest.args.asset, asset("UNI").address);
    assert.equal(harvest.args.amountIn, BigInt(journaled[0].amount));
    const lockout = Number(harvest.args.lockoutUntil);
    const sentAt = (await provider.getBlock(harvest.blockNumber))!.timestamp;
    assert.ok(lockout - sentAt >= 31 * DAY - 120 && lockout - sentAt <= 31 * DAY, `lockout ${lockout - sentAt} s`);
    assert.equal(Number(await dep.instances.Rebalancer.lockedUntil(asset("UNI").address)), lockout);
    // the sale's own transaction names the lots it relieves (least tax first by the engine's adjusted basis)
    assert.ok(lines.some((l) => /harvest .*: names lots \d{12}-\d{6} × \d+/.test(l)), lines.join("\n"));
    const receipt = (await provider.getTransactionReceipt(harvest.transactionHash))!;
    const gateway = dep.instances.KeeperGateway;
    const named = receipt.logs
      .filter((l) => l.address.toLowerCase() === (gateway.target as string).toLowerCase())
      .map((l) => gateway.interface.parseLog(l))
      .filter((e) => e?.name === "LotsIdentified");
    assert.equal(named.length, 1, "one LotsIdentified in the harvest's transaction");
    identified = named[0]!;
    assert.equal(identified.args.asset, asset("UNI").address);
    assert.equal((identified.args.amounts as bigint[]).reduce((a, b) => a + b, 0n), harvest.args.amountIn);
    for (const key of identified.args.lots as bigint[]) assert.equal(key >> 128n, 31337n, "each lot key carries this chain's id");

    // once the store has the harvest, the sold lots are gone: nothing more to harvest
    await system.stack.waitSynced();
    const third = await runOnce(await context([], { journalFile }));
    assert.deepEqual(third.harvested, []);
    assert.equal((await lossHarvests()).length, 1);
  });

  it("the harvest is indexed by graph-node: LossHarvest, its LOSS_HARVEST disposal and the asset's lockout", async () => {
    const uni = asset("UNI").address.toLowerCase();
    const g = await system.graphNode.query<{
      lossHarvests: { id: string; asset: { symbol: string }; amountIn: string; lockoutUntil: string; transactionHash: string; logIndex: string; disposal: { id: string; kind: string; quantity: string } }[];
      asset: { purchaseLockoutUntil: string | null };
    }>(
      `query($uni: ID!) {
        lossHarvests(first: 10) { id asset { symbol } amountIn lockoutUntil transactionHash logIndex disposal { id kind quantity } }
        asset(id: $uni) { purchaseLockoutUntil }
      }`,
      { uni },
    );
    assert.equal(g.lossHarvests.length, 1);
    const [lh] = g.lossHarvests;
    assert.equal(lh.asset.symbol, "UNI");
    assert.equal(BigInt(lh.amountIn), harvest.args.amountIn);
    assert.equal(BigInt(lh.lockoutUntil), harvest.args.lockoutUntil);
    assert.equal(lh.transactionHash, harvest.transactionHash.toLowerCase());
    assert.equal(Number(lh.logIndex), harvest.index);
    assert.equal(lh.disposal.kind, "LOSS_HARVEST");
    assert.equal(BigInt(lh.disposal.quantity), harvest.args.amountIn);
    assert.equal(g.asset.purchaseLockoutUntil, String(harvest.args.lockoutUntil));

    // each lot the sale named is a LotIdentification of its disposal, naming an existing Lot
    const ids = await system.graphNode.query<{ lotIdentifications: { lot: { id: string; asset: { symbol: string } } | null; lotKey: string; quantity: string; position: number; disposal: { id: string } | null }[] }>(
      `{ lotIdentifications(orderBy: id) { lot { id asset { symbol } } lotKey quantity position disposal { id } } }`,
    );
    const keys = identified.args.lots as bigint[];
    assert.equal(ids.lotIdentifications.length, keys.length);
    ids.lotIdentifications.forEach((r, i) => {
      assert.equal(r.disposal?.id, lh.disposal.id);
      assert.equal(r.position, i);
      assert.equal(r.lot?.asset.symbol, "UNI", `lot ${r.lotKey} exists and is UNI`);
      const key = keys[i];
      const lotId = `${String(Number((key >> 64n) & ((1n << 64n) - 1n))).padStart(12, "0")}-${String(Number(key & ((1n << 64n) - 1n))).padStart(6, "0")}`;
      assert.equal(r.lot?.id, lotId);
      assert.equal(r.lotKey, `31337-${lotId}`);
      assert.equal(BigInt(r.quantity), (identified.args.amounts as bigint[])[i]);
    });
  });

  it("the next tax report, run on an indexer store synced after the harvest, has the sale at its harvestLoss log", async () => {
    const file = path.join(system.dataDir, "report-store.db");
    const store = await openConnection({ file });
    let disposalKind: string | undefined;
    let disposalId: string;
    try {
      await sync({ client: new SubgraphClient(system.graphNode.graphqlUrl, system.graphNode.indexNodeUrl), store, entities: loadCapturedEntities() });
      const row = await store.db.selectFrom("Disposal").selectAll().where("transactionHash", "=", harvest.transactionHash.toLowerCase()).executeTakeFirst();
      disposalKind = row?.kind;
      disposalId = row?.id;
    } finally {
      await store.db.destroy();
    }
    assert.equal(disposalKind, "LOSS_HARVEST");
    const year = new Date((await provider.getBlock(harvest.blockNumber))!.timestamp * 1000).getUTCFullYear();
    const out = path.join(system.dataDir, "report");
    await exec(LOTGRAPH, ["tax", "report", "--db", file, "--year", String(year), "--out", out, "--method", "specific", "--wash-sales"], {
      env: { ...process.env, DATABASE_URL: "" },
    });
    const trail = fs.readFileSync(path.join(out, `audit-trail-${year}.csv`), "utf8").split("\n");
    const header = trail.findIndex((l) => l.startsWith("row,box,description"));
    const cols = trail[header].split(",");
    const rows = trail.slice(header + 1).filter(Boolean).map((l) => Object.fromEntries(l.split(",").map((v, i) => [cols[i], v])));
    const sale = rows.filter((r) => r["sale tx hash"] === harvest.transactionHash.toLowerCase());
    assert.ok(sale.length >= 1, `no audit-trail row for ${harvest.transactionHash}:\n${trail.join("\n")}`);
    for (const r of sale) {
      assert.equal(r["sale log index"], String(harvest.index));
      assert.match(r["sale source"], new RegExp(`Disposal ${disposalId!}:`));
      assert.match(r.description, /UNI/);
      assert.ok(Number(r["lot basis"]) > Number(r["lot proceeds"]), `a loss: ${JSON.stringify(r)}`);
      assert.equal(r["disallowed loss"], "0.00", "not washed");
      // specific identification from the store: the lots the sale's transaction named, traced to that log
      assert.equal(r["lot identified in tx"], harvest.transactionHash.toLowerCase());
    }
    const namedLots = (identified.args.lots as bigint[]).map((k) => `${String(Number((k >> 64n) & ((1n << 64n) - 1n))).padStart(12, "0")}-${String(Number(k & ((1n << 64n) - 1n))).padStart(6, "0")}`);
    assert.deepEqual(sale.map((r) => r["lot id"]).sort(), [...namedLots].sort(), "the report relieves exactly the lots named on chain");
    const form = fs.readFileSync(path.join(out, `form8949-${year}.csv`), "utf8");
    assert.match(form, /UNI/);
  });

  it("the rebalancer honours the lockout: no UNI bought before it ends, UNI bought again after", async () => {
    const lockout = Number(harvest.args.lockoutUntil);
    // a day on, WETH +20 %: a rebalance is due, and UNI's unlocked target is far above what the vault holds
    await advance(DAY);
    await scenario.moveMarket(dep, { WETH: "3600" });
    await system.stack.waitSynced();
    const plan = (await dep.instances.Rebalancer.plan()) as ethers.Result; // (a Result's .values is Array.prototype.values)
    const [assets, values, targets, total] = ["assets", "values", "targets", "total"].map((k) => plan.getValue(k));
    const i = (assets as string[]).findIndex((a) => a.toLowerCase() === asset("UNI").address.toLowerCase());
    const unlockedTarget = ((total as bigint) * (await dep.instances.Rebalancer.targetWeight(asset("UNI").address))) / 10n ** 18n;
    assert.ok(unlockedTarget > values[i] + 10n ** 21n, `without the lockout a rebalance would buy UNI (target $${unlockedTarget / 10n ** 18n}, held $${values[i] / 10n ** 18n})`);
    assert.equal(targets[i], values[i], "the lockout caps UNI's target at what the vault holds");
    const from = (await provider.getBlockNumber()) + 1;
    const lines: string[] = [];
    const during = await runOnce(await context(lines, { journalFile }));
    assert.ok(during.upkeeps.includes(2), `a rebalance ran during the lockout: ${lines.join("\n")}`);
    const tradesDuring = await tradesFrom(from);
    assert.ok(tradesDuring.length > 0);
    assert.deepEqual(tradesDuring.filter((t) => t.tokenOut === "UNI"), [], "no Trade buys UNI while it is locked");
    for (const t of tradesDuring) assert.ok(t.time < lockout);

    // past the lockout: the next rebalance buys UNI back. The harvest above sold at most the venue's depth share,
    // so a pass during the lockout may have harvested the rest of UNI's loss and locked it again: wait for the last.
    const lockedUntil = Number(await dep.instances.Rebalancer.lockedUntil(asset("UNI").address));
    assert.ok(lockedUntil >= lockout);
    const now = (await provider.getBlock("latest"))!.timestamp;
    await advance(lockedUntil - now + 3600);
    const after = (await provider.getBlockNumber()) + 1;
    const lines2: string[] = [];
    const later = await runOnce(await context(lines2, { journalFile }));
    assert.ok(later.upkeeps.includes(2), lines2.join("\n"));
    const bought = (await tradesFrom(after)).filter((t) => t.tokenOut === "UNI");
    assert.equal(bought.length, 1, lines2.join("\n"));
    assert.ok(bought[0].time >= lockedUntil);
    await system.stack.waitSynced();
    const g = await system.graphNode.query<{ trades: { tokenOut: { symbol: string }; timestamp: string }[] }>(
      `query($uni: String!) { trades(where: { tokenOut: $uni }, orderBy: timestamp) { tokenOut { symbol } timestamp } }`,
      { uni: asset("UNI").address.toLowerCase() },
    );
    // the deployment's first rebalance bought UNI; the next purchase is after the lockout
    assert.deepEqual(g.trades.map((t) => Number(t.timestamp) >= lockout), [false, true]);
  });

  it("a rebalance names the lots its sales relieve (rebalanceIdentified), and the engine on the indexed store relieves exactly those", async () => {
    // a day on, LINK +24 % and WBTC +20 %: the rebalance sells both
    await advance(DAY);
    await scenario.moveMarket(dep, { LINK: "18.6", WBTC: "72000" });
    await system.stack.waitSynced();
    const from = (await provider.getBlockNumber()) + 1;
    const lines: string[] = [];
    const r = await runOnce(await context(lines, { journalFile, options: { trimDeferral: null } }));
    assert.ok(r.upkeeps.includes(2), lines.join("\n"));
    assert.deepEqual(r.rebalances.map((x) => x.outcome), ["identified"], lines.join("\n"));
    const gateway = dep.instances.KeeperGateway;
    const named = (await gateway.queryFilter(gateway.filters.LotsIdentified(), from)) as ethers.EventLog[];
    const sold = (await tradesFrom(from)).filter((t) => t.tokenOut === "USDC");
    assert.deepEqual(named.map((e) => symbolOf(e.args.asset)).sort(), sold.map((t) => t.tokenIn).sort(), "one identification per asset sold");
    assert.equal(new Set(named.map((e) => e.transactionHash)).size, 1, "all in the rebalance's own transaction");

    await system.stack.waitSynced();
    const file = path.join(system.dataDir, "rebalance-store.db");
    const store = await openConnection({ file });
    try {
      await sync({ client: new SubgraphClient(system.graphNode.graphqlUrl, system.graphNode.indexNodeUrl), store, entities: loadCapturedEntities() });
    } finally {
      await store.db.destroy();
    }
    const events = await new StoreLedgerSource({ file, label: "rebalance-store.db" }).read();
    const result = new TaxEngine({ method: "specific", specificFallback: "hifo", allowMissingBasis: true }).run(events);
    const lotIdOf = (k: bigint) => `${String(Number((k >> 64n) & ((1n << 64n) - 1n))).padStart(12, "0")}-${String(Number(k & ((1n << 64n) - 1n))).padStart(6, "0")}`;
    for (const e of named) {
      const symbol = symbolOf(e.args.asset)!;
      const scale = 10n ** BigInt(18 - asset(symbol).decimals);
      const relieved = result.disposals.filter((d) => d.tx.hash === e.transactionHash.toLowerCase() && d.asset === symbol).flatMap((d) => d.lots);
      const expected = (e.args.lots as bigint[]).map((k, i) => [lotIdOf(k), (e.args.amounts as bigint[])[i] * scale, `${e.transactionHash.toLowerCase()}:${e.index}`]);
      assert.deepEqual(relieved.map((m) => [m.lotId, m.quantity, m.identifiedAt?.raw]), expected, `${symbol}: the engine relieves the lots named, in order`);
    }
  });

  it("a rebalance whose every trim may wait for its lots to turn long-term is deferred and journaled; at the drift ceiling it goes ahead", async () => {
    // LINK up another 24 %: short-term gain lots (drift under the ceiling: twice was above it), a trim of LINK due
    await advance(DAY);
    await scenario.moveMarket(dep, { LINK: "23.06" });
    await system.stack.waitSynced();
    const deferral = { deferDays: 400, ceilingBps: 1_500, calmWindowDays: 0 };
    const from = (await provider.getBlockNumber()) + 1;
    const lines: string[] = [];
    const r = await runOnce(await context(lines, { journalFile, options: { trimDeferral: deferral } }));
    assert.deepEqual(r.rebalances.map((x) => x.outcome), ["deferred"], lines.join("\n"));
    assert.ok(!r.upkeeps.includes(2), lines.join("\n"));
    assert.deepEqual(await tradesFrom(from), [], "no trade while deferred");
    const entries = new Journal(journalFile).deferrals();
    const link = entries.find((e) => e.asset === "LINK");
    assert.ok(link?.deferral, lines.join("\n"));
    assert.ok(BigInt(link.deferral.shortTermGain) > 0n && BigInt(link.deferral.tax) > 0n);
    assert.ok(link.deferral.driftBps >= 500 && link.deferral.driftBps < 1_500, `drift ${link.deferral.driftBps}`);
    assert.equal(link.deferral.ceilingBps, 1_500);
    assert.ok(lines.some((l) => /rebalance: trim of LINK .* deferred: short-term gain \$[\d,.]+ \(tax \$[\d,.]+\) avoided, its lots are long-term from \d{4}-\d\d-\d\d, drift \d+ bps < ceiling 1500 bps/.test(l)), lines.join("\n"));

    // the same state with the ceiling at the drift: the trim is forced, the rebalance runs and names its lots
    const lines2: string[] = [];
    const forced = await runOnce(await context(lines2, { journalFile, options: { trimDeferral: { ...deferral, ceilingBps: link.deferral.driftBps } } }));
    assert.deepEqual(forced.rebalances.map((x) => x.outcome), ["identified"], lines2.join("\n"));
    assert.ok(forced.upkeeps.includes(2));
    assert.ok(lines2.some((l) => l.includes(`rebalance: trim of LINK goes ahead: drift ${link.deferral!.driftBps} bps is at or above the ceiling`)), lines2.join("\n"));
  });

  it("the deployment is read back by a separate process's context", async () => {
    const ctx = await context([]);
    assert.equal(ctx.deployment.contracts.KeeperGateway.address, dep.contracts.KeeperGateway.address);
    assert.equal(connectDeployment(ctx.deployment, ctx.wallet).accounts.keeper, ctx.wallet.address);
  });
});

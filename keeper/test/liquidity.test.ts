/**
 * The keeper runs the liquidity manager deploySystem wires in, on the real system (chain, Postgres, graph-node
 * indexing the real subgraph): it re-ranges when the manager's rule has a trigger, collects once the manager's
 * interval has passed, hedges after them when the manager's move made a hedge due, and does none of these
 * otherwise. The tests run in order and share the chain.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { ethers } from "ethers";
import { scenario, type Deployment } from "@lotgraph/contracts";
import { startLiveSystem, type LiveSystem } from "@lotgraph/indexer/test/support/system";
import { keeperContext, runOnce, type KeeperContext, type PassResult } from "../src";

const DAY = 86_400;
let system: LiveSystem;
let dep: Deployment;
let depFile: string;
let provider: ethers.JsonRpcProvider;
let manager: ethers.Contract;

function context(lines: string[]): Promise<KeeperContext> {
  return keeperContext({
    rpcUrl: system.stack.chain.url,
    subgraphUrl: system.graphNode.graphqlUrl,
    statusUrl: system.graphNode.indexNodeUrl,
    deploymentFile: depFile,
    log: (l) => lines.push(l),
  });
}

/** One keeper pass on a synced store; returns it with its log and the manager's events in the pass's blocks. */
async function pass(): Promise<{ r: PassResult; lines: string[]; events: ethers.LogDescription[] }> {
  await system.stack.waitSynced();
  const from = (await provider.getBlockNumber()) + 1;
  const lines: string[] = [];
  const r = await runOnce(await context(lines));
  assert.equal(r.refused, undefined, lines.join("\n"));
  const head = await provider.getBlockNumber();
  const logs = head < from ? [] : await provider.getLogs({ address: await manager.getAddress(), fromBlock: from, toBlock: head });
  const events = logs.map((l) => manager.interface.parseLog(l)!).filter(Boolean);
  return { r, lines, events };
}

const names = (events: ethers.LogDescription[]) => events.map((e) => e.name);

/** The pools move to `price` for WETH (the arbitrageur), the TWAP window passes, the oracle follows. */
async function wethTo(price: string): Promise<void> {
  await scenario.moveMarket(dep, { WETH: price });
}

before(async () => {
  system = await startLiveSystem({ scenario: false });
  dep = system.deployment;
  depFile = path.join(system.dataDir, "deployment.json");
  provider = dep.signer.provider as ethers.JsonRpcProvider;
  manager = dep.instances.LiquidityManager;
  assert.ok(manager, "deploySystem deploys the liquidity manager");
});

after(async () => {
  await system?.stop();
});

describe("keeper: the liquidity manager", () => {
  it("neither re-ranges nor collects while the position is in range and its collection is not due, and says why", async () => {
    const first = await pass();
    // a fresh deployment: the upkeeps of the other modules, then the manager has nothing due
    assert.ok(first.r.upkeeps.includes(2), first.lines.join("\n"));
    assert.ok(!first.r.upkeeps.includes(6), first.lines.join("\n"));
    await scenario.increaseTime(dep, 3600);
    await scenario.arbitragePools(dep);
    await scenario.refreshFeeds(dep);
    const { r, lines, events } = await pass();
    assert.ok(!r.upkeeps.includes(5) && !r.upkeeps.includes(6), lines.join("\n"));
    assert.deepEqual(r.liquidity, []);
    assert.deepEqual(names(events), []);
    const next = Number(await manager.lastCollect()) + DAY;
    const idle = lines.find((l) => l.startsWith("liquidity manager: "));
    assert.ok(idle, lines.join("\n"));
    assert.match(idle!, /in range \[-?\d+, -?\d+\), no re-range due/);
    assert.ok(idle!.endsWith(`next fee collection from ${new Date(next * 1000).toISOString()}`), idle);
  });

  it("collects and reinvests once the manager's interval has passed, and not again before the next one", async () => {
    await scenario.increaseTime(dep, DAY);
    await scenario.arbitragePools(dep);
    await scenario.refreshFeeds(dep);
    const due = await pass();
    assert.ok(due.r.upkeeps.includes(6), due.lines.join("\n"));
    assert.ok(names(due.events).includes("FeesCollected"), names(due.events).join(", "));
    const collected = due.r.liquidity.find((a) => a.kind === "collected");
    assert.ok(collected && collected.gasUsed! > 0n, due.lines.join("\n"));
    const fees = due.events.find((e) => e.name === "FeesCollected")!;
    assert.deepEqual(collected!.fees, { asset: fees.args.assetAmount, stable: fees.args.stableAmount });
    assert.ok(due.lines.some((l) => /^upkeep: collect fees mined in block \d+, gas \d+: fees /.test(l)), due.lines.join("\n"));

    const again = await pass();
    assert.ok(!again.r.upkeeps.includes(6), again.lines.join("\n"));
    assert.ok(!names(again.events).includes("FeesCollected"));
  });

  it("re-ranges when the price leaves the range, logs the manager's decision with its figures, then hedges the new delta", async () => {
    const [lower, upper] = [Number(await manager.tickLower()), Number(await manager.tickUpper())];
    const before: bigint = await manager.tokenId();
    const price = (await dep.instances.OracleHub.priceOf(dep.assets.find((a) => a.symbol === "WETH")!.address)) as bigint;
    await wethTo(((price * 110n) / 100n / 10n ** 18n).toString()); // 10 % up: far outside a range of a few %
    const evaluation = await manager.evaluate();
    assert.ok(Number(evaluation.tick) < lower || Number(evaluation.tick) >= upper, `tick ${evaluation.tick} outside [${lower}, ${upper})`);
    assert.equal(await dep.instances.KeeperGateway.rerangeDue(), true);

    const { r, lines, events } = await pass();
    assert.ok(r.upkeeps.includes(5), lines.join("\n"));
    const decision = events.find((e) => e.name === "Decision")!;
    assert.ok(decision, names(events).join(", "));
    // the arbitrage that moved the pools paid their LPs: the expected fees beat the cost, and the manager moved
    assert.equal(decision.args.rerange, true, lines.join("\n"));
    assert.equal(Number(decision.args.reason), 1); // out of range
    assert.deepEqual(r.liquidity.filter((a) => a.kind !== "collected").map((a) => [a.kind, a.reason]), [["reranged", "out of range"]]);
    assert.ok(lines.some((l) => /^upkeep: re-range mined in block \d+, gas \d+: re-ranged \(out of range\): best [\d.]+ % range \[-?\d+, -?\d+\) at tick -?\d+ expects \$\d+\.\d\d of fees, staying \$\d+\.\d\d, cost \$\d+\.\d\d; position \d+ closed, \d+ opened/.test(l)), lines.join("\n"));
    assert.notEqual(await manager.tokenId(), before);
    const tick = Number((await manager.evaluate()).tick);
    assert.ok(Number(await manager.tickLower()) <= tick && tick < Number(await manager.tickUpper()), "the new range holds the price");
    // the hedge follows the manager's new position: nothing is left due after the pass
    assert.equal(await dep.instances.Hedger.hedgeNeeded(), false, lines.join("\n"));
    const [needed] = (await dep.instances.KeeperGateway.checkUpkeep("0x")) as [boolean];
    assert.equal(needed, false, lines.join("\n"));
  });

  it("a later trigger is put to the manager once: the keeper reports its verdict and reason, and does not ask again within the spacing", async () => {
    const [lower, upper] = [Number(await manager.tickLower()), Number(await manager.tickUpper())];
    const price = (await dep.instances.OracleHub.priceOf(dep.assets.find((a) => a.symbol === "WETH")!.address)) as bigint;
    await wethTo(((price * 90n) / 100n / 10n ** 18n).toString()); // 10 % down: outside the new range too
    // the last re-range upkeep was less than the spacing (an hour) ago: not yet due
    assert.equal(await dep.instances.KeeperGateway.rerangeDue(), false);
    await scenario.increaseTime(dep, 3600);
    await scenario.arbitragePools(dep);
    await scenario.refreshFeeds(dep);
    assert.equal(await dep.instances.KeeperGateway.rerangeDue(), true);
    const e = await manager.evaluate();
    assert.ok(Number(e.tick) < lower || Number(e.tick) >= upper, `tick ${e.tick}, range [${lower}, ${upper})`);
    const { r, lines, events } = await pass();
    const decisions = events.filter((x) => x.name === "Decision");
    assert.equal(decisions.length, 1, lines.join("\n"));
    const d = decisions[0];
    const reason = ["in range", "out of range", "near an edge", "tier switch", "fees below cost"][Number(d.args.reason)];
    const kind = d.args.rerange ? "reranged" : "skipped";
    assert.deepEqual(r.liquidity.filter((a) => a.kind === "reranged" || a.kind === "skipped").map((a) => [a.kind, a.reason]), [[kind, reason]]);
    // a skip is fees below cost: the expected fees did not beat staying plus the cost
    assert.equal(d.args.rerange, d.args.newFeesUsd > d.args.stayFeesUsd + d.args.costUsd);
    assert.ok(lines.some((l) => l.startsWith("upkeep: re-range mined in block ") && l.includes(`: ${d.args.rerange ? "re-ranged" : "skipped"} (${reason}): `)), lines.join("\n"));
    // right after, whatever the verdict, the manager is not asked again
    const next = await pass();
    assert.ok(!next.r.upkeeps.includes(5), next.lines.join("\n"));
    assert.equal(names(next.events).filter((n) => n === "Decision").length, 0);
  });

  it("a hedge the vault cannot fund is put off with its reason while the later upkeeps run; with the stablecoin back it runs", async () => {
    const weth = dep.assets.find((a) => a.symbol === "WETH")!;
    const stable = dep.assets.find((a) => a.isStable)!;
    const hedger = dep.instances.Hedger;
    const vault = dep.instances.Vault;
    const price = (await dep.instances.OracleHub.priceOf(weth.address)) as bigint;
    await scenario.increaseTime(dep, DAY); // the manager's collection is due again
    // 10 % up at a time (each step inside the oracle's breaker) until the short's loss takes its margin ratio under its floor
    let p = price;
    for (let step = 0; step < 4 && !(await hedger.hedgeNeeded()); step++) {
      if (step > 0) await scenario.increaseTime(dep, 3600);
      p = (p * 110n) / 100n;
      await wethTo((p / 10n ** 18n).toString());
    }
    const state = async () => `ratio ${await hedger.hedgeRatio()}, margin ${await hedger.marginRatioBps()} bps of ${await hedger.marginBps()}, healthy ${await dep.instances.OracleHub.isHealthy(weth.address)}, size ${await hedger.perpSize()}`;
    assert.equal(await hedger.hedgeNeeded(), true, await state());
    assert.notEqual(Number((await hedger.hedgeDecision()).action), 0, "the hedger would act, not skip");
    // nothing refills the vault's stablecoin in this pass: its guardian pauses the rebalancer and the harvester (whose
    // harvest brings yield back to the vault), and the owner takes the stablecoin out
    const guardian = await provider.getSigner(dep.accounts.guardian);
    for (const module of [dep.instances.Rebalancer, dep.instances.Harvester]) await (await (module.connect(guardian) as ethers.Contract).pause()).wait();
    const owner = await provider.getSigner(dep.accounts.owner);
    const token = new ethers.Contract(stable.address, ["function balanceOf(address) view returns (uint256)", "function approve(address,uint256) returns (bool)"], owner);
    const idle: bigint = await token.balanceOf(await vault.getAddress());
    await (await (vault.connect(owner) as ethers.Contract).withdraw(stable.address, idle, dep.accounts.owner)).wait();

    const { r, lines } = await pass();
    assert.deepEqual(r.putOff.map((p) => p.action), [4], lines.join("\n"));
    assert.match(r.putOff[0].reason, /^ERC20InsufficientBalance\(/);
    assert.ok(lines.some((l) => /^upkeep: "hedge" is due but would revert \(ERC20InsufficientBalance\(.*\)\); put off to a later pass, the other due upkeeps go on$/.test(l)), lines.join("\n"));
    assert.ok(!r.upkeeps.includes(4));
    assert.ok(r.upkeeps.some((a) => a > 4), `the manager's upkeeps after the hedge still ran: ${lines.join("\n")}`);
    assert.equal(await hedger.hedgeNeeded(), true);

    // the owner puts the stablecoin back: the next pass hedges
    await (await token.approve(await vault.getAddress(), idle)).wait();
    await (await (vault.connect(owner) as ethers.Contract).deposit(stable.address, idle)).wait();
    const again = await pass();
    assert.ok(again.r.upkeeps.includes(4), again.lines.join("\n"));
    assert.deepEqual(again.r.putOff, []);
  });
});

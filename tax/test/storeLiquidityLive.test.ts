import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ethers } from "ethers";
import { deployLiquidityManager, scenario, type Deployment } from "@lotgraph/contracts";
import { uniswapArtifact } from "@lotgraph/contracts/src/venues";
import { Stack, freePorts, stackConfig, startSystem, type GraphNode } from "@lotgraph/stack";
import { SubgraphClient, loadCapturedEntities, openConnection, sync } from "@lotgraph/indexer";
import { computeGains } from "../src/engine/engine";
import { formatUsd, MONEY_DIGITS } from "../src/engine/fixed";
import type { DisposalRow, LedgerEvent } from "../src/engine/model";
import { StoreLedgerSource } from "../src/ledger/storeLedger";
import { positionWallet } from "../src/ledger/liquidity/liquidityEvents";

// The liquidity manager end to end: the real contracts (an ungoverned dev deployment, so the test can wire
// the module in) on the stack's chain with Uniswap's own v3 contracts, the manager opened, earning fees from
// real swaps, collecting and reinvesting them and, after WETH's oracle price rose 5 %, closed by the vault's
// emergency exit; the real subgraph
// indexed by the real graph-node, the indexer's sync into SQLite, then the tax engine under both readings.
const DAY = 86_400;
let stack: Stack;
let graphNode: GraphNode;
let dep: Deployment;
let dataDir: string;
let managerAddress: string;
let file: string;
/** every log the manager emitted, decoded */
const logs: { name: string; hash: string; logIndex: number; args: ethers.Result }[] = [];
let managerInterface: ethers.Interface;

async function mined(tx: Promise<ethers.ContractTransactionResponse>): Promise<ethers.TransactionReceipt> {
  const r = await (await tx).wait();
  if (!r || r.status !== 1) throw new Error("transaction failed");
  return r;
}

function record(receipt: ethers.TransactionReceipt): void {
  for (const l of receipt.logs) {
    if (l.address.toLowerCase() !== managerAddress) continue;
    const parsed = managerInterface.parseLog(l);
    if (parsed) logs.push({ name: parsed.name, hash: receipt.hash.toLowerCase(), logIndex: l.index, args: parsed.args });
  }
}

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-tax-lp-live-"));
  stack = new Stack(stackConfig({ dataDir, ports: await freePorts(), database: "wipe" }));
  const system = await startSystem(stack, {
    deploy: { governance: false, liquidityManager: false },
    beforeSubgraph: async (deployment, deploymentFile) => {
      const lm = await deployLiquidityManager(deployment, { feeTiers: [3000] });
      managerAddress = (await lm.manager.getAddress()).toLowerCase();
      managerInterface = lm.manager.interface;
      const npm = new ethers.Contract(await deployment.instances.LPPool.positionManager(), uniswapArtifact("NonfungiblePositionManager").abi, deployment.signer);
      const written = JSON.parse(fs.readFileSync(deploymentFile, "utf8"));
      written.contracts.LiquidityManager = {
        address: managerAddress,
        startBlock: await deployment.signer.provider!.getBlockNumber(),
        asset: (await lm.manager.asset()) as string,
        stable: (await lm.manager.stable()) as string,
        factory: (await npm.factory()) as string,
      };
      fs.writeFileSync(deploymentFile, JSON.stringify(written, null, 2));
      (deployment as Deployment & { swapRouter?: string }).swapRouter = lm.swapRouter;
    },
  });
  graphNode = system.graphNode;
  dep = system.deployment;
  const provider = dep.signer.provider as ethers.JsonRpcProvider;
  const owner = await dep.signer.getAddress();
  const keeper = await provider.getSigner(dep.accounts.keeper);
  const guardian = await provider.getSigner(dep.accounts.guardian);
  const manager = new ethers.Contract(managerAddress, managerInterface, keeper);
  const weth = dep.assets.find((a) => a.symbol === "WETH")!;
  const usdc = dep.assets.find((a) => a.symbol === "USDC")!;
  const vault = dep.contracts.Vault.address;

  // the owner deposits what the position will take; the pool's TWAP window passes; the feeds are fresh
  for (const [a, amount] of [[weth, ethers.parseUnits("2", 18)], [usdc, ethers.parseUnits("8000", 6)]] as const) {
    await mined(dep.tokens[a.symbol].mint(owner, amount));
    await mined(dep.tokens[a.symbol].approve(vault, amount));
    await mined(dep.instances.Vault.deposit(a.address, amount));
  }
  await scenario.increaseTime(dep, 1900);
  await scenario.refreshFeeds(dep);
  record(await mined(manager.open(ethers.parseUnits("1", 18), ethers.parseUnits("3000", 6))));

  // traders swap through the 0.3 % pool both ways: fees for the position, the price about where it was
  const router = new ethers.Contract((dep as Deployment & { swapRouter?: string }).swapRouter!, uniswapArtifact("SwapRouter").abi, dep.signer);
  const routerAddress = await router.getAddress();
  for (let i = 0; i < 3; i++) {
    const amount = ethers.parseUnits("5000", 6);
    await mined(dep.tokens.USDC.mint(owner, amount));
    await mined(dep.tokens.USDC.approve(routerAddress, amount));
    const deadline = BigInt((await provider.getBlock("latest"))!.timestamp + 600);
    await mined(router.exactInputSingle({ tokenIn: usdc.address, tokenOut: weth.address, fee: 3000, recipient: owner, deadline, amountIn: amount, amountOutMinimum: 0n, sqrtPriceLimitX96: 0n }));
    const got: bigint = await dep.tokens.WETH.balanceOf(owner);
    await mined(dep.tokens.WETH.approve(routerAddress, got));
    await mined(router.exactInputSingle({ tokenIn: weth.address, tokenOut: usdc.address, fee: 3000, recipient: owner, deadline, amountIn: got, amountOutMinimum: 0n, sqrtPriceLimitX96: 0n }));
  }
  await scenario.increaseTime(dep, DAY + 60);
  await scenario.refreshFeeds(dep);
  record(await mined(manager.collectAndReinvest()));
  // WETH's oracle price rises 5 % (the pool's price stays): the exit's tokens are worth more than went in
  const wethPrice: bigint = await dep.instances.OracleHub.priceOf(weth.address);
  await scenario.setPrice(dep, "WETH", String((wethPrice * 105n) / 100n / 10n ** 18n));
  // the guardian's emergency exit closes the position into the vault
  record(await mined((dep.instances.Vault.connect(guardian) as ethers.Contract).emergencyExit()));
  await stack.waitSynced();

  file = path.join(dataDir, "store.db");
  const store = await openConnection({ file });
  try {
    await sync({ client: new SubgraphClient(graphNode.graphqlUrl, graphNode.indexNodeUrl), store, entities: loadCapturedEntities(), retry: { attempts: 20, baseMs: 20, maxMs: 300 } });
  } finally {
    await store.db.destroy();
  }
});

after(async () => {
  await stack?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const ref = (l: { hash: string; logIndex: number }) => `${l.hash}:${l.logIndex}`;

/** The sales the manager's logs made, as "asset proceeds − basis = gain" in dollars. */
function describeLiquidityGains(rows: DisposalRow[], at: { hash: string; logIndex: number }[]): string {
  const refs = new Set(at.map(ref));
  const mine = rows.filter((d) => refs.has(d.tx.raw));
  return mine.map((d) => `${d.asset} $${formatUsd(d.proceeds)} − $${formatUsd(d.costBasis)} = $${formatUsd(d.proceeds - d.costBasis)}`).join("; ") || "no sale";
}
const ofLog = (events: LedgerEvent[], l: { hash: string; logIndex: number }) => events.filter((e) => e.tx.raw === ref(l));

test("the chain's liquidity manager logs: an open, a fee collection with its reinvest, and the exit's close", () => {
  const names = logs.map((l) => l.name);
  for (const n of ["RangeOpened", "FeesCollected", "Reinvested", "RangeClosed"]) assert.ok(names.includes(n), `${n} in ${names.join(", ")}`);
  const fees = logs.find((l) => l.name === "FeesCollected")!;
  assert.ok((fees.args.assetAmount as bigint) > 0n || (fees.args.stableAmount as bigint) > 0n, "the swaps earned the position fees");
});

test("fees collected on chain are income at the log's prices, each lot traced to the FeesCollected log (both readings)", async (t) => {
  const fees = logs.find((l) => l.name === "FeesCollected")!;
  const weth = dep.assets.find((a) => a.symbol === "WETH")!;
  const usdc = dep.assets.find((a) => a.symbol === "USDC")!;
  const worth = (amount: bigint, decimals: number, price: bigint) => {
    const d = 10n ** BigInt(decimals + 18 - MONEY_DIGITS);
    const q = amount * price;
    return (q + d / 2n) / d;
  };
  for (const reading of ["disposal", "carryover"] as const) {
    const source = new StoreLedgerSource({ file, lpReading: reading });
    const events = await source.read();
    const income = ofLog(events, fees).filter((e) => e.kind === "income");
    const expected = [
      ["WETH", worth(fees.args.assetAmount, weth.decimals, fees.args.assetPriceUsd)],
      ["USDC", worth(fees.args.stableAmount, usdc.decimals, fees.args.stablePriceUsd)],
    ].filter(([, v]) => (v as bigint) > 0n);
    assert.deepEqual(income.map((e) => [e.asset, e.value]), expected, reading);
    if (reading === "disposal") t.diagnostic(`fees collected: ${income.map((e) => `${e.asset} $${formatUsd(e.value)}`).join(", ")}`);
    for (const e of income) assert.match(e.lot!, /^\d{12}-\d{6}-(asset|stable)$/);
  }
});

test("reading 1 (disposal): the open buys the position and the exit sells all of it; every lot of the run traces to its log", async (t) => {
  const events = await new StoreLedgerSource({ file, lpReading: "disposal" }).read();
  const opened = logs.find((l) => l.name === "RangeOpened")!;
  const closed = logs.find((l) => l.name === "RangeClosed")!;
  const lp = `WETH-USDC-LP#${opened.args.positionId}`;
  const buy = ofLog(events, opened).find((e) => e.kind === "buy")!;
  assert.equal(buy.asset, lp);
  assert.equal(buy.quantity, (opened.args.liquidity as bigint) * 10n ** 18n);
  const sale = ofLog(events, closed).find((e) => e.kind === "swap")!;
  assert.equal(sale.asset, lp);
  const reinvested = logs.find((l) => l.name === "Reinvested")!;
  assert.equal(sale.quantity, ((opened.args.liquidity as bigint) + (reinvested.args.liquidity as bigint)) * 10n ** 18n, "the exit sells the opened and the reinvested liquidity");
  const result = computeGains(events, { method: "fifo" });
  assert.ok(result.disposals.some((d) => d.asset === lp && d.tx.raw === ref(closed)));
  t.diagnostic(`disposal: ${describeLiquidityGains(result.disposals, [opened, reinvested, closed])}`);
  assert.ok(result.lots.every((l) => /^0x[0-9a-f]{64}:\d+$/.test(l.tx.raw)), "every lot names its transaction and log");
  assert.equal(result.lots.filter((l) => l.asset === lp && l.remaining > 0n).length, 0, "the position is gone after the exit");
});

test("reading 2 (carryover): the tokens move into the position and back; only the mix change is taxed at the exit", async (t) => {
  const events = await new StoreLedgerSource({ file, lpReading: "carryover" }).read();
  const opened = logs.find((l) => l.name === "RangeOpened")!;
  const closed = logs.find((l) => l.name === "RangeClosed")!;
  const wallet = positionWallet(dep.contracts.Vault.address.toLowerCase(), opened.args.positionId as bigint);
  assert.ok(ofLog(events, opened).every((e) => e.kind === "transfer" && e.toWallet === wallet));
  const result = computeGains(events, { method: "fifo" });
  const atExit = result.disposals.filter((d) => d.tx.raw === ref(closed));
  // what the pool paid out less of is sold from the position's wallet, at most one token
  assert.ok(atExit.every((d) => d.wallet === wallet));
  assert.ok(new Set(atExit.map((d) => d.asset)).size <= 1);
  t.diagnostic(`carryover: ${describeLiquidityGains(result.disposals, [opened, logs.find((l) => l.name === "Reinvested")!, closed])}`);
  assert.equal(result.lots.filter((l) => l.wallet === wallet && l.remaining > 0n).length, 0, "nothing is left in the position's wallet after the exit");
});

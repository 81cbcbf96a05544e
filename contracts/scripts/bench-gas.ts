// Gas of the system's main operations on a fresh in-process hardhat chain, plus deployed code sizes.
//   npm run bench:gas -w contracts
import hre from "hardhat";
import type { Contract, ContractTransactionResponse } from "ethers";
import { deploySystem, deployLiquidityManager, loadArtifact, scenario, scheduleThroughSafe, executeThroughSafe, timelockBatch, HEDGE_CONFIG, LIQUIDITY_COST_CONFIG } from "../src";
import { movePoolTo, uniswapArtifact } from "../src/venues";

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  return receipt!.gasUsed;
}

async function main(): Promise<void> {
  const [owner, keeper] = await hre.ethers.getSigners();
  const dep = await deploySystem(owner, { keeper: await keeper.getAddress() });
  const k = (c: Contract) => c.connect(keeper) as Contract;
  const c = dep.instances;
  const rows: [string, bigint][] = [];

  const weth = dep.assets.find((a) => a.symbol === "WETH")!;
  const link = dep.assets.find((a) => a.symbol === "LINK")!;
  const usdc = dep.assets.find((a) => a.symbol === "USDC")!;

  // Oracle update: five fresh feeds, median, deviation check, EWMA update.
  for (const f of weth.feeds) {
    const feed = new hre.ethers.Contract(f, loadArtifact("MockAggregatorV3").abi, owner);
    await (await feed.setAnswer(3_010n * 10n ** 8n)).wait();
  }
  rows.push(["oracle update (1 asset, 5 feeds)", await gasOf(c.OracleHub.update(weth.address))]);

  const risk = dep.assets.filter((a) => !a.isStable).length;
  const rebalance = await (await k(c.Rebalancer).rebalance()).wait();
  const trades = rebalance!.logs.filter((l: { topics: readonly string[] }) => l.topics[0] === c.Rebalancer.interface.getEvent("Trade")!.topicHash).length;
  rows.push([`rebalance (${risk} risk assets, ${trades} swaps through Uniswap v3)`, rebalance!.gasUsed]);
  await scenario.moveMarket(dep, {}); // the market arbitrages the rebalance's price impact away

  await scenario.accrueYield(dep, "USDC", "1000");
  rows.push(["harvest (1 ERC4626 source, compounding)", await gasOf(k(c.Harvester).harvest(usdc.yieldSource))]);

  rows.push(["hedge adjustment (open short + margin; LP = Uniswap v3 position)", await gasOf(k(c.Hedger).hedge())]);
  await scenario.moveMarket(dep, { WETH: "3600" });
  await scenario.moveMarket(dep, { WETH: "4200" }); // the LP's pool (the market's WETH/USDC 0.3 %) follows
  rows.push(["hedge adjustment (reduce short, funding, P&L)", await gasOf(k(c.Hedger).hedge())]);

  const now = (await owner.provider!.getBlock("latest"))!.timestamp;
  rows.push([
    "harvestLoss (swap + lockout)",
    await gasOf(k(c.Rebalancer).harvestLoss(link.address, 10n ** 21n, 1n, BigInt(now + 31 * 86400), BigInt(now + 600))),
  ]);

  // The same loss harvest naming the lots it relieves (LotsIdentified), against a plain one in the same warm
  // state: what naming 1, 8 and 32 lots adds.
  const chainId = (await owner.provider!.getNetwork()).chainId;
  const head = BigInt(await owner.provider!.getBlockNumber());
  for (const n of [1, 8, 32]) {
    const amount = 32n * 10n ** 18n;
    const t = (await owner.provider!.getBlock("latest"))!.timestamp;
    const plain = await gasOf(k(c.KeeperGateway).harvestLoss(link.address, amount, 1n, BigInt(t + 31 * 86400), BigInt(t + 600)));
    const lots = Array.from({ length: n }, (_, i) => (chainId << 128n) | (head << 64n) | BigInt(i));
    const amounts = lots.map((_, i) => (i === 0 ? amount - BigInt(n - 1) * 10n ** 18n : 10n ** 18n));
    // a lockout one second later: both calls change the lockout slot (an unchanged value would be cheaper)
    const named = await gasOf(k(c.KeeperGateway).harvestLossIdentified(link.address, amount, 1n, BigInt(t + 31 * 86400 + 1), BigInt(t + 600), lots, amounts));
    rows.push([`harvestLossIdentified, ${n} lot${n > 1 ? "s" : ""} named (harvestLoss via gateway ${plain})`, named]);
    rows.push([`  … naming ${n} lot${n > 1 ? "s" : ""} adds`, named - plain]);
  }

  await scenario.accrueYield(dep, "LINK", "50");
  const coder = hre.ethers.AbiCoder.defaultAbiCoder();
  rows.push(["performUpkeep(harvest) via gateway", await gasOf(k(c.KeeperGateway).performUpkeep(coder.encode(["uint8"], [3])))]);

  // A management change the governed way (the Safe's 2-of-3 owners sign; schedule, wait, execute) against
  // the same setter sent directly by the timelock (impersonated here, for the bare cost).
  const g = dep.governance!;
  const setConfig = c.Hedger.interface.encodeFunctionData("setConfig", [1500n, HEDGE_CONFIG.marginBps]);
  const batch = timelockBatch([{ to: await c.Hedger.getAddress(), data: setConfig }], hre.ethers.id("bench"));
  const safeSigners = [owner, keeper];
  rows.push(["Safe tx (2 signatures): timelock schedule of 1 setter", (await scheduleThroughSafe(c.Safe, safeSigners, c.Timelock, batch)).gasUsed]);
  await scenario.increaseTime(dep, g.timelockDelay);
  rows.push(["Safe tx (2 signatures): timelock execute of 1 setter", (await executeThroughSafe(c.Safe, safeSigners, c.Timelock, batch)).gasUsed]);
  await hre.network.provider.send("hardhat_impersonateAccount", [g.timelock]);
  await hre.network.provider.send("hardhat_setBalance", [g.timelock, "0x56BC75E2D63100000"]);
  const timelockSigner = await hre.ethers.getSigner(g.timelock);
  rows.push(["the same setter sent directly by management", await gasOf((c.Hedger.connect(timelockSigner) as Contract).setConfig(1600n, HEDGE_CONFIG.marginBps))]);

  // A day later the accepted round is also a volatility sample (at most one a day).
  await scenario.increaseTime(dep, 86400);
  for (const f of weth.feeds) {
    const feed = new hre.ethers.Contract(f, loadArtifact("MockAggregatorV3").abi, owner);
    await (await feed.setAnswer(3_020n * 10n ** 8n)).wait();
  }
  rows.push(["oracle update + daily σ sample", await gasOf(c.OracleHub.update(weth.address))]);

  // The Uniswap position's own calls: the hedger's exit unwinds it (decrease, collect, burn) inside emergencyExit.
  rows.push(["emergencyExit (perp close, LP unwind, source redemptions)", await gasOf(c.Vault.emergencyExit())]); // the owner is the guardian here

  rows.push(...(await liquidityManagerGas()));

  const w = Math.max(...rows.map(([n]) => n.length));
  console.log(`\n| ${"operation".padEnd(w)} | ${"gas".padStart(9)} |`);
  console.log(`| ${"-".repeat(w)} | ${"-".repeat(9)} |`);
  for (const [name, gas] of rows) console.log(`| ${name.padEnd(w)} | ${gas.toString().padStart(9)} |`);

  const names = ["Vault", "OracleHub", "Rebalancer", "Harvester", "Hedger", "KeeperGateway", "Perpetual", "UniswapV3LiquidityPosition", "UniswapV3Venue", "LiquidityManager", "RangeMath", "TimelockController", "LotgraphGovernor", "GovernanceToken"];
  console.log(`\n| ${"contract".padEnd(26)} | ${"code bytes".padStart(10)} | limit 24576 |`);
  console.log(`| ${"-".repeat(26)} | ${"-".repeat(10)} | ----------- |`);
  for (const n of names) {
    const size = (loadArtifact(n) as any).deployedBytecode.length / 2 - 1;
    console.log(`| ${n.padEnd(26)} | ${String(size).padStart(10)} | ${size <= 24576 ? "ok" : "OVER"} |`);
  }
}

/**
 * The liquidity manager on a second, ungoverned deployment (deployLiquidityManager wires it as management):
 * one tier (the 0.3 % WETH/USDC pool), 2 WETH + 6,000 USDC (its ratio swap after the move stays within the
 * 1 % slippage bound); the re-range follows a +10 % market move.
 */
async function liquidityManagerGas(): Promise<[string, bigint][]> {
  const [owner, keeper, , , arbitrageur] = await hre.ethers.getSigners();
  const dep = await deploySystem(owner, { keeper: await keeper.getAddress(), governance: false });
  const lm = await deployLiquidityManager(dep, { feeTiers: [3000] });
  const m = lm.manager.connect(keeper) as Contract;
  const rows: [string, bigint][] = [];
  await scenario.increaseTime(dep, LIQUIDITY_COST_CONFIG.twapWindow + 60);
  await scenario.refreshFeeds(dep);
  rows.push(["liquidity manager: open (ratio swap + mint)", await gasOf(m.open(2n * 10n ** 18n, 6_000n * 10n ** 6n))]);
  const view = {
    pool: async () => (dep.instances.LPPool as Contract).pool(),
    positionManager: async () => (dep.instances.LPPool as Contract).positionManager(),
    asset: async () => dep.assets.find((a) => a.symbol === "WETH")!.address,
    stable: async () => dep.assets.find((a) => a.symbol === "USDC")!.address,
  };
  await movePoolTo(view as unknown as Contract, "3300", arbitrageur);
  await scenario.setPrice(dep, "WETH", "3300");
  await scenario.increaseTime(dep, LIQUIDITY_COST_CONFIG.twapWindow + 60);
  await scenario.refreshFeeds(dep);
  await (await dep.instances.OracleHub.updateAll()).wait();
  rows.push(["liquidity manager: rerange (close, swap, mint)", await gasOf(m.rerange())]);
  rows.push(["liquidity manager: skip decision (rerange, in range)", await gasOf(m.rerange())]);
  // volume from a trader of its own (the arbitrageur holds the WETH it bought): round trips that leave the price
  const trader = (await hre.ethers.getSigners())[6];
  const router = new hre.ethers.Contract(lm.swapRouter, uniswapArtifact("SwapRouter").abi, trader);
  const usdc = dep.tokens.USDC.connect(trader) as Contract;
  const weth = dep.tokens.WETH.connect(trader) as Contract;
  for (let i = 0; i < 3; i++) {
    await (await usdc.mint(trader.address, 20_000n * 10n ** 6n)).wait();
    await (await usdc.approve(lm.swapRouter, 20_000n * 10n ** 6n)).wait();
    const deadline = BigInt((await owner.provider!.getBlock("latest"))!.timestamp + 600);
    const single = (tokenIn: string, tokenOut: string, amountIn: bigint) =>
      router.exactInputSingle({ tokenIn, tokenOut, fee: 3000, recipient: trader.address, deadline, amountIn, amountOutMinimum: 0n, sqrtPriceLimitX96: 0n });
    await (await single(usdc.target as string, weth.target as string, 20_000n * 10n ** 6n)).wait();
    const got: bigint = await weth.balanceOf(trader.address);
    await (await weth.approve(lm.swapRouter, got)).wait();
    await (await single(weth.target as string, usdc.target as string, got)).wait();
  }
  await scenario.increaseTime(dep, Number(LIQUIDITY_COST_CONFIG.collectInterval));
  await scenario.refreshFeeds(dep);
  rows.push(["liquidity manager: collect + reinvest (collect, swap, increase)", await gasOf(m.collectAndReinvest())]);
  const vault = await dep.instances.Vault.getAddress();
  await hre.network.provider.send("hardhat_impersonateAccount", [vault]);
  await hre.network.provider.send("hardhat_setBalance", [vault, "0x56BC75E2D63100000"]);
  const asVault = lm.manager.connect(await hre.ethers.getSigner(vault)) as Contract;
  rows.push(["liquidity manager: exitAll (decrease, collect, burn)", await gasOf(asVault.exitAll())]);
  return rows;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

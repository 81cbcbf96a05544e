import { ethers } from "hardhat";
import type { Contract, Signer } from "ethers";
import { time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { deployedSystem } from "./fixtures";
import { poolAbi } from "./venues-fixtures";
import { DEFAULT_MARKET_POOLS, deployLiquidityManager, LIQUIDITY_COST_CONFIG } from "../src";
import { createPool, movePoolTo, planPool, seedPool, uniswapArtifact, type PoolSpec, type UniswapV3 } from "../src/venues";

export const TWAP_WINDOW = LIQUIDITY_COST_CONFIG.twapWindow;

/**
 * The deployed system (management = owner) with WETH/USDC pools at all three tiers on its Uniswap v3
 * (0.3 % is the perp's, seeded at deployment; 0.05 % and 1 % seeded here by a market maker with the default
 * ranges) and the liquidity manager wired in with `feeTiers`, after the TWAP window has passed.
 */
export async function systemWithManager(feeTiers: number[] = [500, 3000, 10000]) {
  // the dev market without its other WETH/USDC tiers: this fixture seeds them with its own depths
  const sys = await deployedSystem({ marketPools: DEFAULT_MARKET_POOLS.filter((p) => !(p.asset === "WETH" && p.quote === "USDC" && p.feeTier !== 3000)) });
  const [, , , , marketMaker] = await ethers.getSigners();
  const npm = new ethers.Contract(await sys.lp.positionManager(), uniswapArtifact("NonfungiblePositionManager").abi, sys.owner);
  const factory = new ethers.Contract(await npm.factory(), uniswapArtifact("UniswapV3Factory").abi, sys.owner);
  const uni = { positionManager: npm, factory, addresses: { NonfungiblePositionManager: await npm.getAddress() } } as unknown as UniswapV3;
  const t = (symbol: string) => ({ ...sys.asset(symbol), symbol });
  for (const [feeTier, depthQuote] of [[500, "2000000"], [10000, "1000000"]] as const) {
    const spec: PoolSpec = { asset: t("WETH"), quote: t("USDC"), feeTier, price: "3000", depthQuote };
    const plan = planPool(spec);
    await createPool(uni, spec, plan);
    for (const [token, amount] of [[plan.token0, plan.amount0], [plan.token1, plan.amount1]] as const) {
      const sym = token === sys.asset("WETH").address ? "WETH" : "USDC";
      await (await sys.tokens[sym].mint(marketMaker.address, amount)).wait();
    }
    await seedPool(uni, marketMaker, plan);
  }
  await time.increase(TWAP_WINDOW + 60);
  const lm = await deployLiquidityManager(sys.dep, { feeTiers });
  const manager = lm.manager.connect(sys.owner) as unknown as Contract;
  const pools: Record<number, Contract> = {};
  for (const fee of [500, 3000, 10000]) {
    pools[fee] = new ethers.Contract(await factory.getPool(sys.asset("WETH").address, sys.asset("USDC").address, fee), poolAbi(), sys.owner) as unknown as Contract;
  }
  const router = new ethers.Contract(lm.swapRouter, uniswapArtifact("SwapRouter").abi, marketMaker) as unknown as Contract;
  return { ...sys, manager, npm: npm as unknown as Contract, factory, pools, router, marketMaker, rangeMath: lm.rangeMath };
}

export type ManagerSystem = Awaited<ReturnType<typeof systemWithManager>>;

/** An arbitrageur moves the `fee` pool to `price` whole USDC per WETH (movePoolTo through a view of the pool). */
export async function movePool(sys: ManagerSystem, fee: number, price: string) {
  const [, , , , , arbitrageur] = await ethers.getSigners();
  const view = {
    pool: async () => sys.pools[fee].getAddress(),
    positionManager: async () => sys.npm.getAddress(),
    asset: async () => sys.asset("WETH").address,
    stable: async () => sys.asset("USDC").address,
  };
  return movePoolTo(view as unknown as Contract, price, arbitrageur);
}

/**
 * `rounds` round trips of `usdc` whole USDC through the `fee` pool (USDC → WETH, then all that WETH back):
 * volume that earns the pool's LPs fees and leaves its price about where it was.
 */
export async function tradeVolume(sys: ManagerSystem, fee: number, usdc: bigint, rounds: number) {
  const [, , , , , , trader] = await ethers.getSigners();
  const weth = sys.tokens.WETH.connect(trader) as Contract;
  const stable = sys.tokens.USDC.connect(trader) as Contract;
  const router = sys.router.connect(trader) as Contract;
  const r = await router.getAddress();
  for (let i = 0; i < rounds; i++) {
    const amount = usdc * 10n ** 6n;
    await (await stable.mint(trader.address, amount)).wait();
    await (await stable.approve(r, amount)).wait();
    await swap(router, trader, await stable.getAddress(), await weth.getAddress(), fee, amount);
    const got: bigint = await weth.balanceOf(trader.address);
    await (await weth.approve(r, got)).wait();
    await swap(router, trader, await weth.getAddress(), await stable.getAddress(), fee, got);
  }
}

async function swap(router: Contract, trader: Signer, tokenIn: string, tokenOut: string, fee: number, amountIn: bigint) {
  const deadline = BigInt(await time.latest()) + 600n;
  await (await router.exactInputSingle({
    tokenIn, tokenOut, fee, recipient: await trader.getAddress(), deadline, amountIn, amountOutMinimum: 0n, sqrtPriceLimitX96: 0n,
  })).wait();
}

/**
 * systemWithManager with WETH sorting before (`wethFirst`) or after USDC. The token addresses follow the
 * deployer's nonce, so each try that gives the other order is rolled back and the deployer's nonce moved on
 * by one before deploying again.
 */
async function systemWithManagerOrdered(wethFirst: boolean): Promise<ManagerSystem> {
  const [owner] = await ethers.getSigners();
  for (let attempt = 0; attempt < 16; attempt++) {
    const snapshot = await ethers.provider.send("evm_snapshot", []);
    const sys = await systemWithManager();
    if ((BigInt(sys.asset("WETH").address) < BigInt(sys.asset("USDC").address)) === wethFirst) return sys;
    await ethers.provider.send("evm_revert", [snapshot]);
    await (await owner.sendTransaction({ to: owner.address, value: 0n })).wait();
  }
  throw new Error(`no deployment with WETH ${wethFirst ? "before" : "after"} USDC within 16 nonces`);
}

/** The manager's system with WETH as its pools' token0. */
export async function systemWithWethToken0() {
  return systemWithManagerOrdered(true);
}

/** The manager's system with WETH as its pools' token1 (USDC sorts first). */
export async function systemWithWethToken1() {
  return systemWithManagerOrdered(false);
}

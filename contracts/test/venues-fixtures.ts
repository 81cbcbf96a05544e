import { ethers } from "hardhat";
import type { Contract } from "ethers";
import { time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { deployedSystem } from "./fixtures";
import { deployUniswapV3, planPool, createPool, seedPool, movePoolTo, uniswapArtifact, type PoolSpec, type PoolPlan } from "../src/venues";

export const TWAP_WINDOW = 1800;

/**
 * The deployed system next to real Uniswap v3 pools at the oracle's prices: WETH, WBTC and LINK against USDC
 * at 0.3 %, WETH/USDC at 0.05 % too (the hub leg), and UNI only against WETH (so UNI/USDC routes through WETH),
 * each seeded by a market maker with DEFAULT_RANGES; then time passes beyond the TWAP window.
 */
export async function systemWithUniswap() {
  const sys = await deployedSystem();
  const [, , , , marketMaker] = await ethers.getSigners();
  const uni = await deployUniswapV3(sys.owner);
  const t = (symbol: string) => ({ ...sys.asset(symbol), symbol });
  const specs: PoolSpec[] = [
    { asset: t("WETH"), quote: t("USDC"), feeTier: 3000, price: "3000", depthQuote: "2000000" },
    { asset: t("WETH"), quote: t("USDC"), feeTier: 500, price: "3000", depthQuote: "5000000" },
    { asset: t("WBTC"), quote: t("USDC"), feeTier: 3000, price: "60000", depthQuote: "2000000" },
    { asset: t("LINK"), quote: t("USDC"), feeTier: 3000, price: "15", depthQuote: "2000000" },
    { asset: t("UNI"), quote: t("WETH"), feeTier: 3000, price: "0.002666666666666666", depthQuote: "500" },
  ];
  const pools: Record<string, Contract> = {};
  const plans: Record<string, PoolPlan> = {};
  for (const s of specs) {
    const plan = planPool(s);
    const key = `${s.asset.symbol}/${s.quote.symbol}/${s.feeTier}`;
    pools[key] = await createPool(uni, s, plan);
    plans[key] = plan;
    for (const [token, amount] of [[plan.token0, plan.amount0], [plan.token1, plan.amount1]] as const) {
      const sym = (token === s.asset.address ? s.asset.symbol : s.quote.symbol)!;
      await (await sys.tokens[sym].mint(marketMaker.address, amount)).wait();
    }
    await seedPool(uni, marketMaker, plan);
  }
  const venue = await (await ethers.getContractFactory("UniswapV3Venue")).deploy(
    uni.addresses.UniswapV3Factory,
    uni.addresses.SwapRouter,
    await sys.oracle.getAddress(),
    sys.asset("WETH").address,
    500,
  );
  await venue.waitForDeployment();
  await time.increase(TWAP_WINDOW + 60);
  return { ...sys, uni, pools, plans, marketMaker, venue: venue as unknown as Contract };
}

export const poolAbi = () => uniswapArtifact("UniswapV3Pool").abi;

/** An arbitrageur (the fifth account) moves the vault's LP pool to `price` (see movePoolTo). */
export async function arbitrageLpPoolTo(lp: Contract, price: string) {
  const [, , , , arbitrageur] = await ethers.getSigners();
  return movePoolTo(lp, price, arbitrageur);
}

import { ethers } from "ethers";
import { createPool, deployUniswapV3, planPool, seedPool, type PoolToken, type UniswapV3 } from "./venues/uniswap";

/**
 * The perpetual's market settings (see Perpetual.sol): the mark is the pool's TWAP over `twapWindow` seconds;
 * the funding premium (mark − index) / index is clamped to ±`maxPremiumBps` and paid over a day; a new rate is
 * sampled at most every `fundingInterval` seconds.
 */
export const PERP_MARKET_CONFIG = { twapWindow: 1800, maxPremiumBps: 10, fundingInterval: 3600 };

/** The pool the dev deployment marks the perp at when no other pool is given: 0.3 %, $2 M of stablecoin depth. */
export const PERP_POOL = { feeTier: 3000, depthQuote: "2000000" };

export interface PerpPool {
  uni: UniswapV3;
  pool: string;
}

/**
 * One pool of `asset` against `stable` at `price`, seeded by `marketMaker` over the default ranges, on `uni` when
 * the deployment already has Uniswap v3, else on a fresh deployment of it (from its npm artifacts);
 * `mint(token, to, amount)` gives the market maker the tokens (mock tokens on a dev chain).
 */
export async function deployPerpPool(
  signer: ethers.Signer,
  marketMaker: ethers.Signer,
  asset: PoolToken,
  stable: PoolToken,
  price: string,
  mint: (token: string, to: string, amount: bigint) => Promise<void>,
  existing?: UniswapV3,
): Promise<PerpPool> {
  const uni = existing ?? (await deployUniswapV3(signer));
  const spec = { asset, quote: stable, feeTier: PERP_POOL.feeTier, price, depthQuote: PERP_POOL.depthQuote };
  const plan = planPool(spec);
  const pool = await createPool(uni, spec, plan);
  const mm = await marketMaker.getAddress();
  await mint(plan.token0, mm, plan.amount0);
  await mint(plan.token1, mm, plan.amount1);
  await seedPool(uni, marketMaker, plan);
  return { uni, pool: await pool.getAddress() };
}

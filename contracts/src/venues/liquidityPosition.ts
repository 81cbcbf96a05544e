import { ethers } from "ethers";
import { FEE_TIER_SPACING, createPool, type PoolToken, type UniswapV3 } from "./uniswap";
import { MAX_TICK, MIN_TICK } from "./tickMath";

/**
 * The vault's liquidity position on Uniswap v3 (UniswapV3LiquidityPosition): its range, its pool, its funding.
 */

/** The widest range a pool of `feeTier` allows: MIN_TICK..MAX_TICK rounded inward to the tier's tick spacing. */
export function fullRangeTicks(feeTier: number): { tickLower: number; tickUpper: number } {
  const spacing = FEE_TIER_SPACING[feeTier];
  if (spacing === undefined) throw new Error(`fee tier ${feeTier} is not one of 500, 3000, 10000`);
  return { tickLower: Math.ceil(MIN_TICK / spacing) * spacing, tickUpper: Math.floor(MAX_TICK / spacing) * spacing };
}

/**
 * The factory's pool of `asset`/`quote` at `feeTier`; created and initialised at `price` (whole quote per whole
 * asset, a decimal string), without liquidity, if there is none yet.
 */
export async function ensurePool(uni: UniswapV3, asset: PoolToken, quote: PoolToken, feeTier: number, price: string): Promise<string> {
  const existing: string = await uni.factory.getPool(asset.address, quote.address, feeTier);
  if (existing !== ethers.ZeroAddress) return existing;
  const pool = await createPool(uni, { asset, quote, feeTier, price, depthQuote: "1" });
  return pool.getAddress();
}

/**
 * The funder (the position's controller) mints `assetAmount` of the asset and up to `stableAmount` of the
 * stablecoin into the position (the position manager takes what the pool's price asks and the rest comes back),
 * with a deadline one minute after the latest block. Returns the receipt.
 */
export async function fundLiquidityPosition(
  position: ethers.Contract,
  funder: ethers.Signer,
  tokens: { asset: ethers.Contract; stable: ethers.Contract },
  assetAmount: bigint,
  stableAmount: bigint,
): Promise<ethers.TransactionReceipt> {
  const target = await position.getAddress();
  for (const [token, amount] of [[tokens.asset, assetAmount], [tokens.stable, stableAmount]] as const) {
    await (await (token.connect(funder) as ethers.Contract).approve(target, amount)).wait();
  }
  const latest = await funder.provider!.getBlock("latest");
  const tx = await (position.connect(funder) as ethers.Contract).addLiquidity(assetAmount, stableAmount, 0n, 0n, BigInt(latest!.timestamp) + 60n);
  const receipt = await tx.wait();
  if (!receipt) throw new Error("addLiquidity dropped");
  return receipt;
}

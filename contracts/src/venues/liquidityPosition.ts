import { ethers } from "ethers";
import { FEE_TIER_SPACING, createPool, uniswapArtifact, type PoolToken, type UniswapV3 } from "./uniswap";
import { MAX_TICK, MIN_TICK, sqrtPriceX96FromPrice } from "./tickMath";

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

/**
 * A trader (a dev account: it mints the mock token it pays with) moves the pool of a liquidity position to
 * `price` whole stablecoin per whole asset, swapping through a SwapRouter deployed from Uniswap's own bytecode
 * up to that √P limit, as an arbitrageur would after the market moved. Returns the swap's receipt.
 */
export async function movePoolTo(position: ethers.Contract, price: string, trader: ethers.Signer): Promise<ethers.TransactionReceipt> {
  const pool = new ethers.Contract(await position.pool(), uniswapArtifact("UniswapV3Pool").abi, trader);
  const npm = new ethers.Contract(await position.positionManager(), uniswapArtifact("NonfungiblePositionManager").abi, trader);
  const { abi, bytecode } = uniswapArtifact("SwapRouter");
  const deployed = await new ethers.ContractFactory(abi, bytecode, trader).deploy(await pool.factory(), await npm.WETH9());
  await deployed.waitForDeployment();
  const router = new ethers.Contract(await deployed.getAddress(), abi, trader);
  const erc20 = (a: string) =>
    new ethers.Contract(a, ["function decimals() view returns (uint8)", "function mint(address,uint256)", "function approve(address,uint256) returns (bool)"], trader);
  const [asset, stable] = [erc20(await position.asset()), erc20(await position.stable())];
  const assetIsToken0 = (await pool.token0()) === (await asset.getAddress());
  const target = sqrtPriceX96FromPrice(price, Number(await asset.decimals()), Number(await stable.decimals()), assetIsToken0);
  const [current] = await pool.slot0();
  const buyAsset = assetIsToken0 ? target > current : target < current;
  const [tokenIn, tokenOut] = buyAsset ? [stable, asset] : [asset, stable];
  const amountIn = 10n ** 30n; // more than any move needs: the √P limit stops the swap
  const me = await trader.getAddress();
  await (await tokenIn.mint(me, amountIn)).wait();
  await (await tokenIn.approve(await router.getAddress(), amountIn)).wait();
  const latest = await trader.provider!.getBlock("latest");
  const receipt = await (await router.exactInputSingle({
    tokenIn: await tokenIn.getAddress(), tokenOut: await tokenOut.getAddress(), fee: await pool.fee(), recipient: me,
    deadline: BigInt(latest!.timestamp) + 600n, amountIn, amountOutMinimum: 0n, sqrtPriceLimitX96: target,
  })).wait();
  if (!receipt) throw new Error("the pool move was dropped");
  return receipt;
}

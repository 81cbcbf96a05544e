import { ethers } from "hardhat";
import type { Contract, Signer } from "ethers";
import { deployedSystem } from "./fixtures";
import { sqrtPriceX96FromPrice, sqrtPriceX96AtTick, uniswapArtifact } from "../src/venues";

export const WAD = 10n ** 18n;
const Q192 = 1n << 192n;

/**
 * The deployed system with a trader who moves the perp's WETH/USDC pool through Uniswap's SwapRouter (a second
 * router over the same factory, from v3-periphery's artifact) and holds plenty of both tokens.
 */
export async function systemWithPerpPool() {
  const sys = await deployedSystem();
  const [, , , , trader, other] = await ethers.getSigners();
  const weth = sys.asset("WETH");
  const usdc = sys.asset("USDC");
  const m = await sys.perp.market(weth.address);
  const pool = new ethers.Contract(m.pool, uniswapArtifact("UniswapV3Pool").abi, sys.owner) as unknown as Contract;
  const { abi, bytecode } = uniswapArtifact("SwapRouter");
  const router = (await new ethers.ContractFactory(abi, bytecode, sys.owner).deploy(await pool.factory(), weth.address)) as unknown as Contract;
  await router.waitForDeployment();
  for (const [sym, whole] of [["WETH", 100_000n], ["USDC", 1_000_000_000n]] as const) {
    const a = sys.asset(sym);
    await (await sys.tokens[sym].mint(trader.address, whole * 10n ** BigInt(a.decimals))).wait();
    await (await (sys.tokens[sym].connect(trader) as Contract).approve(await router.getAddress(), ethers.MaxUint256)).wait();
  }
  return { ...sys, pool, router, trader, other, weth, usdc };
}

type Sys = Awaited<ReturnType<typeof systemWithPerpPool>>;

/** Swaps the pool to `price` (whole USDC per WETH, decimal string), as an arbitrageur would: up to a √P limit. */
export async function pushPoolTo(s: Sys, price: string): Promise<void> {
  const wethIs0 = BigInt(s.weth.address) < BigInt(s.usdc.address);
  const target = sqrtPriceX96FromPrice(price, s.weth.decimals, s.usdc.decimals, wethIs0);
  const [current] = await s.pool.slot0();
  if (current === target) return;
  const zeroForOne = target < current; // √P falls when token0 is sold into the pool
  const [t0, t1] = wethIs0 ? [s.weth.address, s.usdc.address] : [s.usdc.address, s.weth.address];
  const latest = await ethers.provider.getBlock("latest");
  await (
    await (s.router.connect(s.trader) as Contract).exactInputSingle({
      tokenIn: zeroForOne ? t0 : t1,
      tokenOut: zeroForOne ? t1 : t0,
      fee: await s.pool.fee(),
      recipient: s.trader.address,
      deadline: BigInt(latest!.timestamp) + 3600n,
      amountIn: zeroForOne ? (wethIs0 ? 50_000n * WAD : 500_000_000n * 10n ** 6n) : wethIs0 ? 500_000_000n * 10n ** 6n : 50_000n * WAD,
      amountOutMinimum: 0n,
      sqrtPriceLimitX96: target,
    })
  ).wait();
}

/** The pool's TWAP over `window` as Perpetual computes it: the price at the mean tick (floored), WAD USDC per WETH. */
export async function twapOf(s: Sys, window: number): Promise<bigint> {
  const [cumulatives] = await s.pool.observe([window, 0]);
  const delta = BigInt(cumulatives[1]) - BigInt(cumulatives[0]);
  let mean = delta / BigInt(window);
  if (delta < 0n && delta % BigInt(window) !== 0n) mean -= 1n;
  const sqrt = sqrtPriceX96AtTick(Number(mean));
  const wethIs0 = BigInt(s.weth.address) < BigInt(s.usdc.address);
  const scale = 10n ** BigInt(s.weth.decimals + 18 - s.usdc.decimals);
  const ratio = sqrt * sqrt;
  return wethIs0 ? (ratio * scale) / Q192 : (Q192 * scale) / ratio;
}

/** `account` deposits `usdc` whole USDC of margin (minted to it) into the perp's WETH market. */
export async function depositMargin(s: Sys, account: Signer, usdc: bigint): Promise<void> {
  const amount = usdc * 10n ** 6n;
  await (await s.tokens.USDC.mint(await account.getAddress(), amount)).wait();
  await (await (s.tokens.USDC.connect(account) as Contract).approve(await s.perp.getAddress(), amount)).wait();
  await (await (s.perp.connect(account) as Contract).depositMargin(s.weth.address, amount)).wait();
}

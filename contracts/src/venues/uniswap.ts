import { ethers } from "ethers";
import {
  Q96,
  MIN_TICK,
  MAX_TICK,
  amountsForLiquidity,
  parseDecimal,
  sqrtPriceX96AtTick,
  sqrtPriceX96FromPrice,
  tickAtSqrtPrice,
  ticksForWidth,
} from "./tickMath";

/**
 * Uniswap v3 on a local chain from the compiled artifacts its npm packages ship (@uniswap/v3-core,
 * @uniswap/v3-periphery) and the canonical WETH9 (canonical-weth): no copy of their code.
 */

/** PoolAddress.POOL_INIT_CODE_HASH that v3-periphery's contracts are compiled with. */
export const POOL_INIT_CODE_HASH = "0xe34f199b19b2b4f47f68442619d555527d244f78a3297ea89325f843f87b8b54";

/** The fee tiers UniswapV3Factory enables at deployment (hundredths of a bp) and their tick spacings. */
export const FEE_TIER_SPACING: Readonly<Record<number, number>> = { 500: 10, 3000: 60, 10000: 200 };

const ARTIFACT_PATHS = {
  UniswapV3Factory: "@uniswap/v3-core/artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json",
  UniswapV3Pool: "@uniswap/v3-core/artifacts/contracts/UniswapV3Pool.sol/UniswapV3Pool.json",
  SwapRouter: "@uniswap/v3-periphery/artifacts/contracts/SwapRouter.sol/SwapRouter.json",
  NonfungiblePositionManager: "@uniswap/v3-periphery/artifacts/contracts/NonfungiblePositionManager.sol/NonfungiblePositionManager.json",
  QuoterV2: "@uniswap/v3-periphery/artifacts/contracts/lens/QuoterV2.sol/QuoterV2.json",
  WETH9: "canonical-weth/build/contracts/WETH9.json",
} as const;

export type UniswapContractName = keyof typeof ARTIFACT_PATHS;

/** ABI and creation bytecode of one of Uniswap's (or WETH9's) published builds. */
export function uniswapArtifact(name: UniswapContractName): { abi: any[]; bytecode: string } {
  const a = require(ARTIFACT_PATHS[name]) as { abi: any[]; bytecode: string };
  if (!a.bytecode || a.bytecode === "0x") throw new Error(`${ARTIFACT_PATHS[name]} carries no bytecode`);
  return { abi: a.abi, bytecode: a.bytecode };
}

export interface UniswapV3 {
  weth9: ethers.Contract;
  factory: ethers.Contract;
  swapRouter: ethers.Contract;
  positionManager: ethers.Contract;
  quoter: ethers.Contract;
  addresses: Record<"WETH9" | "UniswapV3Factory" | "SwapRouter" | "NonfungiblePositionManager" | "QuoterV2", string>;
}

async function deployArtifact(name: UniswapContractName, signer: ethers.Signer, args: unknown[]): Promise<ethers.Contract> {
  const { abi, bytecode } = uniswapArtifact(name);
  const c = await new ethers.ContractFactory(abi, bytecode, signer).deploy(...args);
  await c.waitForDeployment();
  return c as ethers.Contract;
}

/**
 * Deploys WETH9 (unless `weth9` gives one), the factory, SwapRouter, NonfungiblePositionManager (without a
 * token-URI descriptor: `tokenURI` reverts, positions work) and QuoterV2.
 */
export async function deployUniswapV3(signer: ethers.Signer, opts: { weth9?: string } = {}): Promise<UniswapV3> {
  const weth9 = opts.weth9
    ? new ethers.Contract(opts.weth9, uniswapArtifact("WETH9").abi, signer)
    : await deployArtifact("WETH9", signer, []);
  const w = await weth9.getAddress();
  const factory = await deployArtifact("UniswapV3Factory", signer, []);
  const f = await factory.getAddress();
  const swapRouter = await deployArtifact("SwapRouter", signer, [f, w]);
  const positionManager = await deployArtifact("NonfungiblePositionManager", signer, [f, w, ethers.ZeroAddress]);
  const quoter = await deployArtifact("QuoterV2", signer, [f, w]);
  return {
    weth9,
    factory,
    swapRouter,
    positionManager,
    quoter,
    addresses: {
      WETH9: w,
      UniswapV3Factory: f,
      SwapRouter: await swapRouter.getAddress(),
      NonfungiblePositionManager: await positionManager.getAddress(),
      QuoterV2: await quoter.getAddress(),
    },
  };
}

/** The address CREATE2 gives a pool, as v3-periphery's PoolAddress computes it. */
export function poolAddress(factory: string, tokenA: string, tokenB: string, fee: number): string {
  const [t0, t1] = sortTokens(tokenA, tokenB);
  const salt = ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["address", "address", "uint24"], [t0, t1, fee]));
  return ethers.getCreate2Address(factory, salt, POOL_INIT_CODE_HASH);
}

export function sortTokens(a: string, b: string): [string, string] {
  return BigInt(a) < BigInt(b) ? [a, b] : [b, a];
}

// ---- pools that look like real ones ----

export interface PoolToken {
  address: string;
  decimals: number;
  symbol?: string;
}

/** One range of the market maker: ±halfWidthBps around the start price (×(1+w) above, ÷(1+w) below), holding shareBps of the liquidity. */
export interface RangeSpec {
  halfWidthBps: number;
  shareBps: number;
}

export interface PoolSpec {
  asset: PoolToken;
  quote: PoolToken;
  feeTier: number;
  /** whole quote tokens per whole asset, a decimal string */
  price: string;
  /**
   * The pool's depth in whole quote tokens: the in-range virtual reserve of the quote side (L·√P), so a trade
   * worth q quote tokens fills about q / depth below spot — the figure the venue adapter reports as depth.
   */
  depthQuote: string;
  ranges?: RangeSpec[];
  /** observations the pool keeps for its TWAP (one per block with a swap); default 200 */
  observationCardinality?: number;
}

/** Concentrated near the price, thinner further out: ±5 % (50 %), ±20 % (30 %), ±80 % (20 %). */
export const DEFAULT_RANGES: readonly RangeSpec[] = [
  { halfWidthBps: 500, shareBps: 5000 },
  { halfWidthBps: 2000, shareBps: 3000 },
  { halfWidthBps: 8000, shareBps: 2000 },
];
export const DEFAULT_OBSERVATION_CARDINALITY = 200;

export interface PlannedPosition {
  tickLower: number;
  tickUpper: number;
  liquidity: bigint;
  amount0: bigint;
  amount1: bigint;
}

export interface PoolPlan {
  token0: string;
  token1: string;
  fee: number;
  sqrtPriceX96: bigint;
  tick: number;
  /** the in-range liquidity all positions add up to */
  liquidity: bigint;
  positions: PlannedPosition[];
  /** what the market maker must hold (each position's amounts, rounded up) */
  amount0: bigint;
  amount1: bigint;
}

const specName = (s: PoolSpec) => `pool ${s.asset.symbol ?? s.asset.address}/${s.quote.symbol ?? s.quote.address} ${s.feeTier}`;

/** The start price, the liquidity and the positions of a pool, computed exactly from its spec. */
export function planPool(spec: PoolSpec): PoolPlan {
  const spacing = FEE_TIER_SPACING[spec.feeTier];
  if (spacing === undefined) throw new Error(`${specName(spec)}: fee tier ${spec.feeTier} is not one of 500, 3000, 10000`);
  const ranges = spec.ranges ?? DEFAULT_RANGES;
  const shares = ranges.reduce((s, r) => s + r.shareBps, 0);
  if (ranges.length === 0 || shares !== 10_000) throw new Error(`${specName(spec)}: range shares sum to ${shares} bps, not 10000`);
  const [token0, token1] = sortTokens(spec.asset.address, spec.quote.address);
  const assetIsToken0 = token0 === spec.asset.address;
  const sqrtPriceX96 = sqrtPriceX96FromPrice(spec.price, spec.asset.decimals, spec.quote.decimals, assetIsToken0);
  const tick = tickAtSqrtPrice(sqrtPriceX96);
  const { num, den } = parseDecimal(spec.depthQuote, `${specName(spec)} depthQuote`);
  const depthRaw = (num * 10n ** BigInt(spec.quote.decimals)) / den;
  // virtual reserves: token0 = L·2^96/√P, token1 = L·√P/2^96
  const liquidity = assetIsToken0 ? (depthRaw * Q96) / sqrtPriceX96 : (depthRaw * sqrtPriceX96) / Q96;
  if (liquidity === 0n) throw new Error(`${specName(spec)}: depth ${spec.depthQuote} gives no liquidity`);
  const minTick = Math.ceil(MIN_TICK / spacing) * spacing;
  const maxTick = Math.floor(MAX_TICK / spacing) * spacing;
  const positions = ranges.map((r): PlannedPosition => {
    const width = ticksForWidth(r.halfWidthBps);
    const tickLower = Math.max(minTick, Math.floor((tick - width) / spacing) * spacing);
    const tickUpper = Math.min(maxTick, Math.ceil((tick + width + 1) / spacing) * spacing);
    const l = (liquidity * BigInt(r.shareBps)) / 10_000n;
    const { amount0, amount1 } = amountsForLiquidity(l, sqrtPriceX96, sqrtPriceX96AtTick(tickLower), sqrtPriceX96AtTick(tickUpper));
    // a wei per position above the exact amounts, for the last digit of TickMath's rounding
    return { tickLower, tickUpper, liquidity: l, amount0: amount0 + 1n, amount1: amount1 + 1n };
  });
  return {
    token0,
    token1,
    fee: spec.feeTier,
    sqrtPriceX96,
    tick,
    liquidity,
    positions,
    amount0: positions.reduce((s, p) => s + p.amount0, 0n),
    amount1: positions.reduce((s, p) => s + p.amount1, 0n),
  };
}

async function send(tx: Promise<ethers.ContractTransactionResponse>): Promise<ethers.TransactionReceipt> {
  const r = await (await tx).wait();
  if (!r) throw new Error("transaction dropped");
  return r;
}

/** Creates and initialises the pool at the plan's start price and raises its observation cardinality. */
export async function createPool(uni: UniswapV3, spec: PoolSpec, plan: PoolPlan = planPool(spec)): Promise<ethers.Contract> {
  await send(uni.positionManager.createAndInitializePoolIfNecessary(plan.token0, plan.token1, plan.fee, plan.sqrtPriceX96));
  const address: string = await uni.factory.getPool(plan.token0, plan.token1, plan.fee);
  const pool = new ethers.Contract(address, uniswapArtifact("UniswapV3Pool").abi, uni.positionManager.runner);
  const [sqrtPriceX96] = await pool.slot0();
  if (sqrtPriceX96 !== plan.sqrtPriceX96) {
    throw new Error(`${specName(spec)} already exists at another price (√P ${sqrtPriceX96}, planned ${plan.sqrtPriceX96})`);
  }
  await send(pool.increaseObservationCardinalityNext(spec.observationCardinality ?? DEFAULT_OBSERVATION_CARDINALITY));
  return pool;
}

/**
 * The market maker mints the plan's positions through the position manager (it must hold plan.amount0 and
 * plan.amount1). Returns the position NFT ids, one per range.
 */
export async function seedPool(uni: UniswapV3, marketMaker: ethers.Signer, plan: PoolPlan): Promise<bigint[]> {
  const pm = uni.positionManager.connect(marketMaker) as ethers.Contract;
  const owner = await marketMaker.getAddress();
  const erc20 = ["function approve(address,uint256) returns (bool)"];
  for (const [token, amount] of [[plan.token0, plan.amount0], [plan.token1, plan.amount1]] as const) {
    await send((new ethers.Contract(token, erc20, marketMaker) as ethers.Contract).approve(uni.addresses.NonfungiblePositionManager, amount));
  }
  const ids: bigint[] = [];
  for (const p of plan.positions) {
    const latest = await marketMaker.provider!.getBlock("latest");
    const receipt = await send(
      pm.mint({
        token0: plan.token0,
        token1: plan.token1,
        fee: plan.fee,
        tickLower: p.tickLower,
        tickUpper: p.tickUpper,
        amount0Desired: p.amount0,
        amount1Desired: p.amount1,
        amount0Min: 0n,
        amount1Min: 0n,
        recipient: owner,
        deadline: BigInt(latest!.timestamp) + 3600n,
      }),
    );
    const ev = receipt.logs
      .filter((l) => l.address === uni.addresses.NonfungiblePositionManager)
      .map((l) => pm.interface.parseLog(l))
      .find((e) => e?.name === "IncreaseLiquidity");
    if (!ev) throw new Error(`minting ${p.tickLower}..${p.tickUpper} emitted no IncreaseLiquidity`);
    ids.push(ev.args.tokenId as bigint);
  }
  return ids;
}

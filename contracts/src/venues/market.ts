import { ethers } from "ethers";
import { createPool, deployUniswapV3, planPool, seedPool, uniswapArtifact, type PoolToken, type RangeSpec, type UniswapV3 } from "./uniswap";
import { isqrt } from "./tickMath";

/**
 * The dev chain's market on Uniswap v3: the pools every risk asset trades in (seeded by a market maker), the
 * arbitrageur that brings a pool back inside its fee band of the reference price, and the noise traders' swaps.
 * Pure functions here decide each swap from the pool's state; callers send them (one by one, or batched into a
 * simulated day's block).
 */

/** One pool of the dev market: `asset` against `quote` (symbols), its depth in whole quote tokens (L·√P in range). */
export interface PoolLayout {
  asset: string;
  quote: string;
  feeTier: number;
  depthQuote: string;
  /** the market maker's ranges (default DEFAULT_MARKET_RANGES) */
  ranges?: RangeSpec[];
}

/**
 * The market maker's ranges, never moved: ±10 % (30 % of the liquidity), ±30 % (30 %), ×/÷2 (25 %) and ×/÷100 000
 * (15 %, all but full range), so a pool keeps depth through a year's moves (a third of it still after −35 %) and
 * liquidity wherever the price goes (Uniswap's router refuses a swap entirely inside a region without liquidity).
 */
export const DEFAULT_MARKET_RANGES: readonly RangeSpec[] = [
  { halfWidthBps: 1000, shareBps: 3000 },
  { halfWidthBps: 3000, shareBps: 3000 },
  { halfWidthBps: 10_000, shareBps: 2500 },
  { halfWidthBps: 1_000_000_000, shareBps: 1500 },
];

/**
 * The dev market's pools. Every risk asset trades against the stablecoin at 0.3 % (the rebalancer's tier); WETH
 * also at 0.05 % (the hub leg of routed trades) and 1 % (a thin tier); UNI only against WETH, so its trades route
 * through WETH. Depths are the in-range virtual reserve of the quote side: a trade worth q fills about q / depth
 * below spot, so the rebalancer's cap (0.5 % of depth) is $100k on a $20M pool. WETH/USDC at 0.05 % is the deepest
 * (as on mainnet), so a trade routed through it is capped by its own asset's leg.
 */
export const DEFAULT_MARKET_POOLS: readonly PoolLayout[] = [
  { asset: "WETH", quote: "USDC", feeTier: 500, depthQuote: "60000000" },
  { asset: "WETH", quote: "USDC", feeTier: 3000, depthQuote: "20000000" },
  { asset: "WETH", quote: "USDC", feeTier: 10000, depthQuote: "2000000" },
  { asset: "WBTC", quote: "USDC", feeTier: 3000, depthQuote: "20000000" },
  { asset: "LINK", quote: "USDC", feeTier: 3000, depthQuote: "15000000" },
  { asset: "UNI", quote: "WETH", feeTier: 3000, depthQuote: "6700" },
];

/** A risk asset without a pool in the layout gets one against the stablecoin at 0.3 % this deep. */
export const FALLBACK_POOL_DEPTH = "10000000";

/**
 * The market's pools for a deployment of `symbols` (stablecoin `stable` among them): the layouts whose tokens it
 * has, plus a 0.3 % stablecoin pool for a risk asset left without one (UNI when WETH is not deployed).
 */
export function marketPoolsFor(symbols: string[], stable: string, layouts: readonly PoolLayout[] = DEFAULT_MARKET_POOLS): PoolLayout[] {
  const kept = layouts.filter((p) => symbols.includes(p.asset) && symbols.includes(p.quote));
  const orphans = symbols.filter((s) => s !== stable && !kept.some((p) => p.asset === s));
  return [...kept, ...orphans.map((asset) => ({ asset, quote: stable, feeTier: 3000, depthQuote: FALLBACK_POOL_DEPTH }))];
}

/**
 * The noise traders: each pool trades `dailyVolumeBps` of its depth a day (in quote value) in `tradesPerDay` swaps of
 * seeded random direction and size (uniform within ±50 % of the mean); the arbitrageur then trades the pool back
 * inside its fee band of the reference price.
 */
export const DEFAULT_NOISE = { dailyVolumeBps: 200, tradesPerDay: 2 };

/** Dev accounts (of the 20 the local chain unlocks) the market maker and the market's traders use. */
export const MARKET_MAKER_INDEX = 12;
export const MARKET_TRADER_INDEX = 13;

/** A pool of the deployed market, as the deployment file records it. */
export interface MarketPool extends PoolLayout {
  address: string;
  /** the pool's token0 and token1 (the sorted asset and quote addresses) */
  token0: string;
  token1: string;
}

/** What the deployment file records about the dev market. */
export interface MarketInfo {
  uniswap: UniswapV3["addresses"];
  pools: MarketPool[];
  marketMaker: string;
}

export const poolKey = (p: PoolLayout) => `${p.asset}/${p.quote}/${p.feeTier}`;

/** A pool of the market by asset, quote and tier. */
export function findPool(market: MarketInfo, asset: string, quote: string, feeTier: number): MarketPool | undefined {
  return market.pools.find((p) => p.asset === asset && p.quote === quote && p.feeTier === feeTier);
}

export interface MarketToken extends PoolToken {
  symbol: string;
  /** whole USD per whole token, a decimal string (the start price) */
  priceUsd: string;
}

/** `a`'s start price in whole `b` per whole `a`, a decimal string with 18 decimals. */
function crossPrice(a: MarketToken, b: MarketToken): string {
  const wad = 10n ** 18n;
  const usd = (t: MarketToken) => ethers.parseUnits(t.priceUsd, 18);
  return ethers.formatUnits((usd(a) * wad) / usd(b), 18);
}

/**
 * Deploys Uniswap v3 from its npm artifacts and the market's pools at the tokens' start prices, each seeded by
 * `marketMaker` over the default ranges; `mint(token, to, amount)` gives the market maker its tokens.
 */
export async function deployMarket(
  signer: ethers.Signer,
  marketMaker: ethers.Signer,
  tokens: MarketToken[],
  mint: (token: string, to: string, amount: bigint) => Promise<void>,
  layouts: readonly PoolLayout[] = DEFAULT_MARKET_POOLS,
): Promise<{ uni: UniswapV3; market: MarketInfo }> {
  const uni = await deployUniswapV3(signer);
  const bySymbol = new Map(tokens.map((t) => [t.symbol, t]));
  const pools: MarketPool[] = [];
  const mm = await marketMaker.getAddress();
  for (const layout of layouts) {
    const asset = bySymbol.get(layout.asset);
    const quote = bySymbol.get(layout.quote);
    if (!asset || !quote) throw new Error(`market pool ${poolKey(layout)}: no token ${asset ? layout.quote : layout.asset} in the deployment`);
    const spec = { asset, quote, feeTier: layout.feeTier, price: crossPrice(asset, quote), depthQuote: layout.depthQuote, ranges: [...(layout.ranges ?? DEFAULT_MARKET_RANGES)] };
    const plan = planPool(spec);
    const pool = await createPool(uni, spec, plan);
    await mint(plan.token0, mm, plan.amount0);
    await mint(plan.token1, mm, plan.amount1);
    await seedPool(uni, marketMaker, plan);
    pools.push({ ...layout, address: await pool.getAddress(), token0: plan.token0, token1: plan.token1 });
  }
  return { uni, market: { uniswap: uni.addresses, pools, marketMaker: mm } };
}

/** One swap through Uniswap's SwapRouter (exactInputSingle), as the market's trader sends it. */
export interface MarketSwap {
  pool: MarketPool;
  tokenIn: string;
  tokenOut: string;
  amountIn: bigint;
  /** the √P the swap stops at (0: none) */
  sqrtPriceLimitX96: bigint;
  kind: "arbitrage" | "noise";
}

/** A price as a fraction of raw token units: `num / den` raw quote per raw asset. */
export interface RawPrice {
  num: bigint;
  den: bigint;
}

/** The raw price of a pool's asset in its quote from two USD prices of the same scale (e.g. 8-decimal feed answers). */
export function rawPrice(assetUsd: bigint, quoteUsd: bigint, assetDecimals: number, quoteDecimals: number): RawPrice {
  if (assetUsd <= 0n || quoteUsd <= 0n) throw new Error(`prices must be positive (asset ${assetUsd}, quote ${quoteUsd})`);
  return { num: assetUsd * 10n ** BigInt(quoteDecimals), den: quoteUsd * 10n ** BigInt(assetDecimals) };
}

const FEE_DENOMINATOR = 1_000_000n;
/** more than any swap the arbitrageur makes needs: the √P limit stops it */
export const ARBITRAGE_AMOUNT_IN = 10n ** 36n;

/** √(token1 per token0) in Q64.96 for a raw asset price scaled by `scaleNum / scaleDen`. */
function sqrtPoolPrice(pool: MarketPool, assetAddress: string, price: RawPrice, scaleNum: bigint, scaleDen: bigint): bigint {
  let n = price.num * scaleNum;
  let d = price.den * scaleDen;
  if (pool.token0.toLowerCase() !== assetAddress.toLowerCase()) [n, d] = [d, n];
  return isqrt((n << 192n) / d);
}

/**
 * The arbitrageur's swap: a pool priced below the reference net of its fee is bought up to ref·(1 − fee), one above
 * it is sold down to ref / (1 − fee), as far as the trade still pays the pool's fee; a pool inside that band is left
 * alone (undefined). `sqrtPriceX96` is the pool's current √P, `assetAddress` the pool asset's token.
 */
export function arbitrageSwap(pool: MarketPool, assetAddress: string, sqrtPriceX96: bigint, reference: RawPrice): MarketSwap | undefined {
  const keep = FEE_DENOMINATOR - BigInt(pool.feeTier);
  const edgeA = sqrtPoolPrice(pool, assetAddress, reference, keep, FEE_DENOMINATOR);
  const edgeB = sqrtPoolPrice(pool, assetAddress, reference, FEE_DENOMINATOR, keep);
  const [low, high] = edgeA < edgeB ? [edgeA, edgeB] : [edgeB, edgeA];
  const swap = (tokenIn: string, tokenOut: string, limit: bigint): MarketSwap =>
    ({ pool, tokenIn, tokenOut, amountIn: ARBITRAGE_AMOUNT_IN, sqrtPriceLimitX96: limit, kind: "arbitrage" });
  if (sqrtPriceX96 < low) return swap(pool.token1, pool.token0, low); // token1 in pushes √P up
  if (sqrtPriceX96 > high) return swap(pool.token0, pool.token1, high); // token0 in pushes √P down
  return undefined;
}

/**
 * A noise trader's swap worth `quoteValue` raw quote tokens: buys the asset with the quote, or sells the asset's
 * equivalent at `reference`.
 */
export function noiseSwap(pool: MarketPool, assetAddress: string, quoteAddress: string, buyAsset: boolean, quoteValue: bigint, reference: RawPrice): MarketSwap {
  const amountIn = buyAsset ? quoteValue : (quoteValue * reference.den) / reference.num;
  return buyAsset
    ? { pool, tokenIn: quoteAddress, tokenOut: assetAddress, amountIn, sqrtPriceLimitX96: 0n, kind: "noise" }
    : { pool, tokenIn: assetAddress, tokenOut: quoteAddress, amountIn, sqrtPriceLimitX96: 0n, kind: "noise" };
}

/** The router call of a swap, paid by and paid to `trader`, valid until `deadline`. */
export function swapParams(s: MarketSwap, trader: string, deadline: bigint) {
  return {
    tokenIn: s.tokenIn, tokenOut: s.tokenOut, fee: s.pool.feeTier, recipient: trader, deadline,
    amountIn: s.amountIn, amountOutMinimum: 0n, sqrtPriceLimitX96: s.sqrtPriceLimitX96,
  };
}

/** The pool's √P now. */
export async function poolSqrtPrice(pool: MarketPool, runner: ethers.ContractRunner): Promise<bigint> {
  const [sqrtPriceX96] = await new ethers.Contract(pool.address, uniswapArtifact("UniswapV3Pool").abi, runner).slot0();
  return sqrtPriceX96 as bigint;
}

/** The rebalancer's venue for `asset`: the venue, its pre-trade config, and the asset's fee tier (its own, else the trade config's, as `_feeTier`). */
export interface RebalancerVenue {
  venue: ethers.Contract;
  maxDeviationBps: bigint;
  twapWindow: number;
  maxDepthShareBps: bigint;
  feeTier: number;
}

export async function rebalancerVenue(rebalancer: ethers.Contract, asset: string): Promise<RebalancerVenue> {
  const [router, config, tier, trade] = await Promise.all([rebalancer.router(), rebalancer.venueConfig(), rebalancer.feeTierOf(asset), rebalancer.tradeConfig()]);
  const venue = new ethers.Contract(router as string, [
    "function spotPrice(address,address,uint24) view returns (uint256)",
    "function twapPrice(address,address,uint24,uint32) view returns (uint256)",
    "function depthUsd(address,address,uint24) view returns (uint256)",
  ], rebalancer.runner);
  return {
    venue,
    maxDeviationBps: BigInt(config.maxDeviationBps),
    twapWindow: Number(config.twapWindow),
    maxDepthShareBps: BigInt(config.maxDepthShareBps),
    feeTier: Number(tier) === 0 ? Number(trade.feeTier) : Number(tier),
  };
}

/**
 * The most of `asset` (base units) a loss harvest may sell in one trade: the rebalancer refuses one above its
 * venue's depth share (`TradeAboveDepth`), valued at the oracle as the rebalancer values it.
 */
export async function maxHarvestAmount(v: RebalancerVenue, asset: { address: string; decimals: number }, stable: string, oraclePrice: bigint): Promise<bigint> {
  const maxUsd = ((await v.venue.depthUsd(asset.address, stable, v.feeTier)) as bigint) * v.maxDepthShareBps / 10_000n;
  return (maxUsd * 10n ** BigInt(asset.decimals)) / oraclePrice;
}

/**
 * How far the rebalancer's venue prices `asset` from the oracle, as its pre-trade check (VenueGuard.checkPrice)
 * measures it: the larger of spot's and the TWAP's distance in bps (rounded up). A pool the vault's own last
 * trade moved stays off until the market arbitrages it, and a trade sent before then reverts.
 * `oraclePrice`: whole stablecoin per whole asset (WAD), the oracle's.
 */
export async function venuePriceOffBps(v: RebalancerVenue, asset: string, stable: string, oraclePrice: bigint): Promise<bigint> {
  const prices: bigint[] = await Promise.all([v.venue.spotPrice(asset, stable, v.feeTier), v.venue.twapPrice(asset, stable, v.feeTier, v.twapWindow)]);
  const off = prices.map((p) => {
    const diff = p > oraclePrice ? p - oraclePrice : oraclePrice - p;
    return (diff * 10_000n + oraclePrice - 1n) / oraclePrice;
  });
  return off[0] > off[1] ? off[0] : off[1];
}

/** Whole tokens the market's trader holds of each token it trades (mock tokens: minted once). */
const TRADER_INVENTORY_WHOLE = 10n ** 15n;

/**
 * Gives the market's trader its inventory of every token the market trades and approves the SwapRouter for it,
 * unless done before. `mint(token, to, amount)` mints a mock token.
 */
export async function prepareTrader(
  market: MarketInfo,
  trader: ethers.Signer,
  decimalsOf: (token: string) => number,
  mint: (token: string, to: string, amount: bigint) => Promise<void>,
): Promise<void> {
  const me = await trader.getAddress();
  const tokens = [...new Set(market.pools.flatMap((p) => [p.token0, p.token1]))];
  for (const token of tokens) {
    const erc20 = new ethers.Contract(token, ["function allowance(address,address) view returns (uint256)", "function approve(address,uint256) returns (bool)"], trader);
    if ((await erc20.allowance(me, market.uniswap.SwapRouter)) > 0n) continue;
    await mint(token, me, TRADER_INVENTORY_WHOLE * 10n ** BigInt(decimalsOf(token)));
    await (await erc20.approve(market.uniswap.SwapRouter, ethers.MaxUint256)).wait();
  }
}

/** The SwapRouter bound to the trader. */
export function marketRouter(market: MarketInfo, trader: ethers.Signer): ethers.Contract {
  return new ethers.Contract(market.uniswap.SwapRouter, uniswapArtifact("SwapRouter").abi, trader);
}

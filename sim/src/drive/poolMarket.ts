/**
 * The simulated market's traders on the dev chain's Uniswap v3 pools. Each simulated day, before the feeds post:
 * 1. noise traders swap a seeded random share of each pool's depth (buying or selling the pool's asset), so the
 *    pools' LPs earn real fees and the pool price wanders off the reference;
 * 2. the arbitrageur then trades every pool back inside its fee band of the day's reference price (the price the
 *    feeds post), stopping at the band's edge as a real arbitrageur does, so the pool lags the reference by up to
 *    its fee.
 * Both land in blocks of their own, the arbitrage one TWAP window (plus a minute) before the day's feeds, so the
 * pools' TWAP the rebalancer checks has caught up with the day's price when the keeper trades.
 */
import { ethers } from "ethers";
import {
  DEFAULT_NOISE, MARKET_TRADER_INDEX, VENUE_TWAP_WINDOW, arbitrageSwap, marketRouter, noiseSwap, parseUnitsStrict,
  rawPrice, scenario, swapParams, type Deployment, type MarketInfo, type MarketPool, type MarketSwap,
} from "@lotgraph/contracts";
import { Random } from "../random";
import type { QueuedCall } from "./blocks";

/** Gas limit of one swap through the router (a swap crossing a few initialised ticks uses ~150–250k). */
const SWAP_GAS = 600_000n;
/** The arbitrage block lands this long before the day's feeds: the rebalancer's TWAP window and a minute. */
export const ARBITRAGE_LEAD_SECONDS = VENUE_TWAP_WINDOW + 60;
/** The noise block lands this long before the arbitrage block. */
export const NOISE_LEAD_SECONDS = 600;

export interface NoiseSettings {
  /** each pool's daily noise volume as a share of its depth, in bps */
  dailyVolumeBps: number;
  tradesPerDay: number;
}

export interface PoolMarketStats {
  noiseSwaps: number;
  arbitrageSwaps: number;
}

/** What the drive needs to trade the pools: the trader's account and the calls of a day. */
export class PoolMarket {
  readonly stats: PoolMarketStats = { noiseSwaps: 0, arbitrageSwaps: 0 };
  private readonly random: Random;

  private constructor(
    private readonly dep: Deployment,
    readonly market: MarketInfo,
    private readonly trader: string,
    private readonly router: ethers.Contract,
    private readonly pools: ethers.Contract[],
    readonly noise: NoiseSettings,
    seed: number,
  ) {
    // a stream of its own, so the noise never shifts the market model's draws
    this.random = new Random((seed ^ 0x6e6f6973) >>> 0);
  }

  /** The deployment's pool market with its trader ready (inventory and approvals), or undefined without a dev market. */
  /** `provider`: the node's accounts; `reader`: where the pools' state is read (the drive's own connection). */
  static async open(dep: Deployment, provider: ethers.JsonRpcProvider, reader: ethers.Provider, seed: number, noise: NoiseSettings = DEFAULT_NOISE): Promise<PoolMarket | undefined> {
    if (!dep.market) return undefined;
    checkNoise(noise);
    const accounts = await provider.send("eth_accounts", []) as string[];
    if (accounts.length <= MARKET_TRADER_INDEX) throw new Error(`the chain unlocks ${accounts.length} accounts; the market's trader is account #${MARKET_TRADER_INDEX}`);
    const trader = await provider.getSigner(ethers.getAddress(accounts[MARKET_TRADER_INDEX]));
    await scenario.prepareMarketTrader(dep, trader);
    const pools = dep.market.pools.map((p) => new ethers.Contract(p.address, ["function slot0() view returns (uint160 sqrtPriceX96, int24, uint16, uint16, uint16, uint8, bool)"], reader));
    return new PoolMarket(dep, dep.market, await trader.getAddress(), marketRouter(dep.market, trader), pools, noise, seed);
  }

  /** The noise traders' swaps of a day at the day's feed answers (8-decimal USD by symbol). */
  noiseCalls(answers: Map<string, bigint>, deadline: bigint): QueuedCall[] {
    const calls: QueuedCall[] = [];
    for (const pool of this.market.pools) {
      const { asset, quote, reference } = this.priced(pool, answers);
      const depth = parseUnitsStrict(pool.depthQuote, quote.decimals, `depth of ${pool.asset}/${pool.quote}`);
      const mean = (depth * BigInt(this.noise.dailyVolumeBps)) / 10_000n / BigInt(this.noise.tradesPerDay);
      for (let i = 0; i < this.noise.tradesPerDay; i++) {
        const buy = this.random.uniform() < 0.5;
        const permille = BigInt(500 + Math.floor(this.random.uniform() * 1000)); // ±50 % around the mean
        const swap = noiseSwap(pool, asset.address, quote.address, buy, (mean * permille) / 1000n, reference);
        if (swap.amountIn > 0n) calls.push(this.call(swap, deadline));
      }
    }
    this.stats.noiseSwaps += calls.length;
    return calls;
  }

  /** The arbitrageur's swaps that bring every pool inside its fee band of the answers, from the pools' state now. */
  async arbitrageCalls(answers: Map<string, bigint>, deadline: bigint): Promise<QueuedCall[]> {
    const calls: QueuedCall[] = [];
    const sqrtPrices = await Promise.all(this.pools.map(async (p) => ((await p.slot0()) as [bigint])[0])); // one batch
    for (const [i, pool] of this.market.pools.entries()) {
      const { asset, reference } = this.priced(pool, answers);
      const swap = arbitrageSwap(pool, asset.address, sqrtPrices[i], reference);
      if (swap) calls.push(this.call(swap, deadline));
    }
    this.stats.arbitrageSwaps += calls.length;
    return calls;
  }

  private call(swap: MarketSwap, deadline: bigint): QueuedCall {
    return {
      contract: this.router, method: "exactInputSingle", args: [swapParams(swap, this.trader, deadline)], gas: SWAP_GAS,
      label: `${swap.kind} swap in ${poolName(swap.pool)}`, from: this.trader,
    };
  }

  /** The pool's tokens and its asset's price in its quote at the answers (8-decimal USD by symbol). */
  private priced(pool: MarketPool, answers: Map<string, bigint>) {
    const [asset, quote] = [this.asset(pool.asset), this.asset(pool.quote)];
    return { asset, quote, reference: rawPrice(answers.get(pool.asset)!, answers.get(pool.quote)!, asset.decimals, quote.decimals) };
  }

  private asset(symbol: string) {
    const a = this.dep.assets.find((x) => x.symbol === symbol);
    if (!a) throw new Error(`market pool names ${symbol}, which the deployment does not have`);
    return a;
  }
}

export const poolName = (p: MarketPool) => `${p.asset}/${p.quote} ${p.feeTier / 10_000} %`;

function checkNoise(n: NoiseSettings): void {
  if (!Number.isInteger(n.dailyVolumeBps) || n.dailyVolumeBps < 0 || n.dailyVolumeBps > 10_000) {
    throw new Error(`noise dailyVolumeBps must be an integer in [0, 10000], got ${n.dailyVolumeBps}`);
  }
  if (!Number.isInteger(n.tradesPerDay) || n.tradesPerDay < 1 || n.tradesPerDay > 100) {
    throw new Error(`noise tradesPerDay must be an integer in [1, 100], got ${n.tradesPerDay}`);
  }
}

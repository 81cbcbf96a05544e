/**
 * The second chain's market (two chains): it follows the home chain's price path. After each home day, the
 * second chain gets that day's feed answers (the true answers home posted: no outlier, and an asset whose home
 * feeds are stale is left out there too), stepped under its own hub's circuit breaker as home steps them, in
 * blocks at the home day's times, the last with the hub's `updateAll`. Before them, as at home, the
 * arbitrageur's block (ARBITRAGE_LEAD_SECONDS before the feeds) brings its pools inside their fee band of
 * those answers, so the pools' TWAP the rebalancer checks has caught up when the second chain's keeper trades.
 *
 * Deliberately less than home: no noise traders (the pools only follow the price), no yield-rate changes (its
 * sources keep their own rate) and no funding pokes: two blocks a day (more on a stepped day) keep the second
 * chain's cost to the drive small.
 */
import { ethers } from "ethers";
import type { Deployment } from "@lotgraph/contracts";
import { ChainClient, type QueuedCall } from "./blocks";
import { ARBITRAGE_LEAD_SECONDS, PoolMarket } from "./poolMarket";
import { priceSteps } from "./steps";
import type { DayReport } from "./drive";

const GAS = { feed: 120_000n, hub: 3_000_000n };
/** as home: each intra-day round moves at most this share of the hub's breaker bound, a minute apart */
const STEP_SHARE = 0.8;
const STEP_SECONDS = 60;

export interface FollowedDay {
  blocks: number;
  transactions: number;
  arbitrage: number;
}

export class FollowerChain {
  readonly stats = { days: 0, blocks: 0, transactions: 0, arbitrageSwaps: 0 };

  private constructor(
    private readonly dep: Deployment,
    private readonly chain: ChainClient,
    private readonly pools: PoolMarket | undefined,
    private readonly feeds: Map<string, ethers.Contract[]>,
    private readonly lastPosted: Map<string, bigint>,
    private readonly maxStepBps: number,
  ) {}

  /** The follower of `dep` (the second chain's deployment): its trader ready, its feeds' current answers read. */
  static async open(dep: Deployment, seed: number): Promise<FollowerChain> {
    const chain = new ChainClient(dep.signer);
    const pools = await PoolMarket.open(dep, dep.signer.provider as ethers.JsonRpcProvider, chain.provider, seed);
    const abi = ["function setAnswer(int256)", "function latestAnswer() view returns (int256)"];
    const feeds = new Map(dep.assets.map((a) => [a.symbol, a.feeds.map((f) => new ethers.Contract(f, abi, dep.signer))]));
    const lastPosted = new Map<string, bigint>();
    for (const [symbol, list] of feeds) lastPosted.set(symbol, (await list[0].latestAnswer()) as bigint);
    const maxStepBps = Math.floor(Number(await dep.instances.OracleHub.breakerBps()) * STEP_SHARE);
    return new FollowerChain(dep, chain, pools, feeds, lastPosted, maxStepBps);
  }

  /** Posts home's day `day` on this chain (automine is switched off for the day's blocks and back on after). */
  async followDay(day: Pick<DayReport, "day" | "timestamp" | "answers">): Promise<FollowedDay> {
    const head = await this.chain.head();
    if (head.timestamp >= day.timestamp) throw new Error(`second chain: its head is at ${head.timestamp}, past day ${day.day}'s time ${day.timestamp}`);
    const rounds = new Map<string, bigint[]>();
    for (const a of this.dep.assets) {
      const answer = day.answers[a.symbol];
      if (answer === undefined) continue; // stale at home: stale here too
      rounds.set(a.symbol, priceSteps(this.lastPosted.get(a.symbol)!, answer, this.maxStepBps));
    }
    const nBlocks = Math.max(1, ...[...rounds.values()].map((r) => r.length));
    const hub = this.dep.instances.OracleHub;
    const answers = new Map(Object.entries(day.answers).map(([s, v]) => [s, v] as [string, bigint]));
    let transactions = 0;
    let arbitrage = 0;
    let after = head.timestamp;
    let blocks = nBlocks;
    await this.chain.setAutomine(false);
    try {
      if (this.pools && this.dep.assets.every((a) => answers.has(a.symbol))) {
        const swaps = await this.pools.arbitrageCalls(answers, BigInt(day.timestamp));
        if (swaps.length) {
          const ts = Math.max(day.timestamp - ARBITRAGE_LEAD_SECONDS - (nBlocks - 1) * STEP_SECONDS, after + 1);
          after = (await this.chain.mineBlock(swaps, ts, `second chain, day ${day.day} arbitrage`)).timestamp;
          arbitrage = swaps.length;
          transactions += swaps.length;
          blocks++;
        }
      }
      for (let k = 0; k < nBlocks; k++) {
        const calls: QueuedCall[] = [];
        const last = k === nBlocks - 1;
        for (const [symbol, path] of rounds) {
          const offset = nBlocks - path.length;
          if (k < offset) continue;
          for (const [i, feed] of this.feeds.get(symbol)!.entries()) {
            calls.push({ contract: feed, method: "setAnswer", args: [path[k - offset]], gas: GAS.feed, label: `${symbol} feed #${i}` });
          }
          if (!last) calls.push({ contract: hub, method: "update", args: [this.dep.assets.find((a) => a.symbol === symbol)!.address], gas: GAS.hub, label: `oracle hub (${symbol})` });
        }
        if (last) calls.push({ contract: hub, method: "updateAll", args: [], gas: GAS.hub, label: "oracle hub" });
        const ts = Math.max(day.timestamp + (k - (nBlocks - 1)) * STEP_SECONDS, after + 1 + k);
        const mined = await this.chain.mineBlock(calls, ts, `second chain, day ${day.day}`);
        transactions += mined.transactions;
      }
    } finally {
      await this.chain.setAutomine(true);
    }
    for (const [symbol, path] of rounds) this.lastPosted.set(symbol, path[path.length - 1]);
    this.stats.days++;
    this.stats.blocks += blocks;
    this.stats.transactions += transactions;
    this.stats.arbitrageSwaps += arbitrage;
    return { blocks, transactions, arbitrage };
  }

  close(): void {
    this.chain.close();
  }
}

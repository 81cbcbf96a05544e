/**
 * The simulated market driving a deployed system, day by day.
 *
 * Each simulated day d (1..days):
 * 1. the day's block is mined at exactly start + d × 86 400 s (the chain's calendar is the simulation's);
 *    every write of the day goes into that block (automine off, one JSON-RPC batch), so a year is ~365
 *    blocks for graph-node, not ~10 000;
 * 2. every feed of every asset posts the day's price (toFeedAnswer of the simulated price; the stablecoin
 *    posts 1), then the oracle hub takes the round (`updateAll`). A day that moves an asset more than the
 *    hub's circuit breaker allows from its last good price (a crash, or the catch-up after an outage) is
 *    posted as several rounds a minute apart, each within 80 % of the bound, as real feeds post many
 *    rounds a day: the breaker is for one-round manipulation, not for a day's real move;
 * 3. each ERC4626 source's APR follows the day's yield APR (the source's own rate scaled by the day's
 *    APR over the market's mean); interest accrues with chain time on the source's assets;
 * 4. anyone's daily poke of the perpetual's funding for the LP pool's asset (`fund`, once due, after the
 *    hub's update): the perp samples its rate from the premium of its Uniswap pool's TWAP over the index
 *    (the market model's funding rate is not written: the perp derives its own);
 * 5. scripted feed faults: `stale` stops every feed of the asset from posting (after a day the hub sees
 *    them older than 1 h: safe mode, reason 1) until a `recover` for it; `outlier` makes feed #0 report
 *    +30 % for that day (the hub drops it: 4 of 5 agree, no safe mode);
 * 6. every `keeperEveryDays` days (and on day 1 and the last day) the keeper runs one pass once the
 *    subgraph is within the keeper's lag bound of the chain head (`stack.waitSynced()`; the keeper waits
 *    for the rest before it harvests): upkeeps (weights, rebalance, yield harvest, hedge) and the
 *    advisor's loss harvests through `harvestLoss`, with automine on.
 *
 * The feed/yield/funding writes of a seed are deterministic (same calls, same block times). Keeper
 * blocks are mined at the node's clock right after the day's block: on anvil (the stack's chain) 1 s
 * apart whatever the wall clock says, so a whole drive repeats block for block.
 */
import fs from "node:fs";
import path from "node:path";
import { ethers } from "ethers";
import type { Deployment } from "@lotgraph/contracts";
import { defaultMarket, simulate, toFeedAnswer, DAY_SECONDS, type FeedFault, type MarketConfig, type MarketDay } from "../market";
import { ChainClient, type MinedLog, type QueuedCall } from "./blocks";
import { priceSteps } from "./steps";
import { formatPoolReport, poolReport, type PoolReport } from "./poolReport";
import { ARBITRAGE_LEAD_SECONDS, NOISE_LEAD_SECONDS, PoolMarket, poolName, type NoiseSettings } from "./poolMarket";

/** What one keeper pass reports (the keeper's PassResult, as far as the driver reads it). */
export interface KeeperPass {
  refused?: string;
  upkeeps: number[];
  harvested: string[];
  /** upkeeps that were due but would have reverted, put off while the others ran */
  putOff?: { action: number; reason: string }[];
  skipped: { id?: string; asset: string; reason: string }[];
  /** the liquidity manager's upkeeps of the pass (the keeper's LiquidityAction) */
  liquidity?: { kind: string; reason?: string; gasUsed?: bigint; fees?: { asset: bigint; stable: bigint } }[];
  /** ms of the pass spent waiting for graph-node to index (counted as waiting for graph-node, not as the keeper's) */
  indexWaitMs?: number;
}

export interface DriveKeeper {
  /** one keeper pass (e.g. `() => runOnce(ctx)` from @lotgraph/keeper) */
  runPass: () => Promise<KeeperPass>;
  /** run the keeper after every this many days (and after day 1 and the last day); default 7 */
  everyDays?: number;
  /**
   * Before a pass the driver waits until graph-node is at most this many blocks behind the chain head
   * (default 0: at the head). A keeper that refuses beyond a lag bound and waits for the rest itself
   * gives its bound: graph-node then indexes the day's block while the keeper syncs and does its upkeeps.
   */
  lagBlocks?: number;
}

/** The parts of a running stack the driver uses. */
export interface DriveStack {
  /** waits until graph-node has indexed the chain head, or up to `lagBlocks` blocks short of it */
  waitSynced(timeoutMs?: number, lagBlocks?: number): Promise<unknown>;
}

/** The parts of stack's RunningSystem the driver uses to build the keeper by itself. */
export interface DriveSystem {
  stack: DriveStack & { chain: { url: string } };
  deploymentFile: string;
  graphNode: { graphqlUrl: string; indexNodeUrl?: string };
}

export interface DriveContext {
  deployment: Deployment;
  /** the market model; default defaultMarket(seed, days) */
  market?: MarketConfig;
  seed?: number;
  /** simulated days; default market.days (365 for the default market) */
  days?: number;
  /** waits for graph-node before each keeper pass */
  stack?: DriveStack;
  /** a running system: supplies `stack` and, unless `keeper` is given, a keeper on its subgraph */
  system?: DriveSystem;
  /** the keeper; `false`: none (only the market moves) */
  keeper?: DriveKeeper | false;
  keeperEveryDays?: number;
  /** the noise traders on the dev market's pools (default DEFAULT_NOISE); `false`: the pools are not traded */
  noise?: NoiseSettings | false;
  onDay?: (day: DayReport) => void;
  /**
   * Runs with each day once its market is written (beside that day's keeper pass, which it does not wait for) and
   * is awaited before the next day: e.g. the second chain following the day's prices (FollowerChain).
   */
  afterDay?: (day: DayReport) => Promise<void>;
  log?: (line: string) => void;
}

export interface DayReport {
  day: number;
  /** the day's block time (UTC seconds) and number */
  timestamp: number;
  block: number;
  regime: string;
  blackSwan: boolean;
  /** simulated prices (model quantities) and the feed answers posted (8 decimals) */
  prices: Record<string, number>;
  answers: Record<string, bigint>;
  /** the market's swaps on the pools before the day's feeds */
  pools?: { noise: number; arbitrage: number };
  /** blocks the day's writes took: the pools' blocks and the feeds' rounds */
  blocks: number;
  /** the feeds' rounds of the day: more than 1 when a move was stepped under the circuit breaker */
  feedRounds: number;
  transactions: number;
  faults: FeedFault[];
  /** assets in oracle safe mode after the day's rounds */
  safeMode: string[];
  oracle: { priceUpdates: number; safeModeEntered: string[]; safeModeExited: string[]; breakerTripped: string[] };
  keeper?: { upkeeps: number[]; harvested: string[]; putOff?: { action: number; reason: string }[]; refused?: string; error?: string; ms: number; syncMs: number };
  ms: number;
}

export interface DriveSummary {
  days: number;
  startTimestamp: number;
  endTimestamp: number;
  /** transactions sent by the driver and by the keeper's upkeeps and harvests */
  transactions: number;
  blocks: number;
  keeperPasses: number;
  /** upkeeps performed by the keeper */
  keeperActions: number;
  upkeeps: Record<string, number>;
  /** loss harvests executed (recommendation ids) */
  harvests: number;
  harvestIds: string[];
  keeperRefusals: number;
  keeperErrors: { day: number; message: string }[];
  steppedDays: number;
  /** what the keeper's upkeeps of the liquidity manager did over the drive */
  liquidity: LiquiditySummary;
  /** the market's swaps on the dev pools over the drive (absent when the deployment has no pools or noise is off) */
  pools?: { pools: number; noiseSwaps: number; arbitrageSwaps: number; noise: NoiseSettings; report: PoolReport };
  safeModeDays: Record<string, number>;
  elapsedMs: number;
  msPerDay: number;
  timings: { marketMs: number; syncMs: number; keeperMs: number };
}

/** The liquidity manager's re-ranges, skipped decisions by reason, collections (their fees, base units) and refusals, with the gas of each kind. */
export interface LiquiditySummary {
  reranges: number;
  skipped: Record<string, number>;
  collects: number;
  refusals: number;
  fees: { asset: bigint; stable: bigint };
  gas: { rerange: bigint; skip: bigint; collect: bigint };
}

const ACTION_NAMES: Record<number, string> = { 1: "update weights", 2: "rebalance", 3: "harvest yield", 4: "hedge", 5: "re-range", 6: "collect fees" };

function addLiquidity(summary: LiquiditySummary, actions: NonNullable<KeeperPass["liquidity"]>): void {
  for (const a of actions) {
    const gas = a.gasUsed ?? 0n;
    if (a.kind === "reranged") (summary.reranges++, (summary.gas.rerange += gas));
    else if (a.kind === "skipped") ((summary.skipped[a.reason ?? "?"] = (summary.skipped[a.reason ?? "?"] ?? 0) + 1), (summary.gas.skip += gas));
    else if (a.kind === "collected") {
      summary.collects++;
      summary.gas.collect += gas;
      summary.fees.asset += a.fees?.asset ?? 0n;
      summary.fees.stable += a.fees?.stable ?? 0n;
    } else if (a.kind === "refused") summary.refusals++;
  }
}

/** One line of the manager's year: counts, reasons, fees and the mean gas of each kind. */
export function formatLiquiditySummary(l: LiquiditySummary, asset: { symbol: string; decimals: number }, stable: { symbol: string; decimals: number }): string {
  const mean = (gas: bigint, n: number) => (n ? ` (mean gas ${gas / BigInt(n)})` : "");
  const skips = Object.values(l.skipped).reduce((a, b) => a + b, 0);
  const reasons = Object.entries(l.skipped).sort(([a], [b]) => a.localeCompare(b)).map(([r, n]) => `${n} ${r}`).join(", ");
  const fees = `${ethers.formatUnits(l.fees.asset, asset.decimals)} ${asset.symbol} + ${ethers.formatUnits(l.fees.stable, stable.decimals)} ${stable.symbol}`;
  return `liquidity manager: ${l.reranges} re-range(s)${mean(l.gas.rerange, l.reranges)}, ${skips} skipped decision(s)${reasons ? ` (${reasons})` : ""}${mean(l.gas.skip, skips)}, ${l.collects} collection(s)${mean(l.gas.collect, l.collects)} of ${fees} in fees, ${l.refusals} refusal(s)`;
}
const GAS = { feed: 120_000n, hub: 3_000_000n, apr: 200_000n, funding: 200_000n };
/** each intra-day round moves at most this share of the hub's breaker bound */
const STEP_SHARE = 0.8;
const STEP_SECONDS = 60;
const OUTLIER_FACTOR = 1.3;
/** How long the driver (and the keeper it builds) wait for graph-node to index the chain head. */
const SYNC_TIMEOUT_MS = 120_000;

/** Feed faults a simulated year can carry by default: a two-day outage of LINK's feeds and a WETH outlier. */
export function defaultFeedFaults(days: number): FeedFault[] {
  if (days < 10) return [];
  const outage = Math.max(2, Math.round(days * 0.3));
  return [
    { day: outage, symbol: "LINK", kind: "stale" },
    { day: outage + 2, symbol: "LINK", kind: "recover" },
    { day: Math.round(days * 0.6), symbol: "WETH", kind: "outlier" },
  ];
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Builds the keeper for a running system (its subgraph, its deployment file, the deployment's keeper account).
 * `name` names its log, store and journal beside the deployment file (default "keeper": keeper.log, keeper.db,
 * keeper-journal.jsonl); a second chain's keeper takes another so the two never share a file.
 */
export async function keeperForSystem(system: DriveSystem, deployment: Deployment, log: (l: string) => void, name = "keeper"): Promise<DriveKeeper> {
  // Loaded lazily so that the market model does not pull in the keeper (and the keeper's bench can use the model).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const keeper = require("@lotgraph/keeper") as typeof import("@lotgraph/keeper");
  const index = Array.from({ length: 20 }, (_, i) => i).find(
    (i) => ethers.HDNodeWallet.fromPhrase(keeper.LOCAL_DEV_MNEMONIC, undefined, `m/44'/60'/0'/0/${i}`).address.toLowerCase() === deployment.accounts.keeper.toLowerCase(),
  );
  if (index === undefined) throw new Error(`the deployment's keeper ${deployment.accounts.keeper} is not a local development account; pass ctx.keeper`);
  const dir = path.dirname(path.resolve(system.deploymentFile));
  const logFile = path.join(dir, `${name}.log`);
  const files = name === "keeper" ? {} : { storeFile: path.join(dir, `${name}.db`), journalFile: path.join(dir, `${name}-journal.jsonl`) };
  log(`keeper: account #${index} (${deployment.accounts.keeper}); its log: ${logFile}`);
  const settings = {
    rpcUrl: system.stack.chain.url,
    subgraphUrl: system.graphNode.graphqlUrl,
    statusUrl: system.graphNode.indexNodeUrl,
    deploymentFile: system.deploymentFile,
    localAccount: index,
    ...files,
    // In a simulation nothing else moves the chain while the keeper waits, so how long graph-node takes
    // must not decide what the keeper does: it waits for its upkeeps to be indexed before harvesting
    // (as long as the driver waits for graph-node) instead of leaving harvests to the next pass.
    options: { resyncTimeoutMs: SYNC_TIMEOUT_MS },
    log: (l: string) => fs.appendFileSync(logFile, `${new Date().toISOString()} ${l}\n`),
  };
  const ctx = await keeper.keeperContext(settings as Parameters<typeof keeper.keeperContext>[0]);
  // the keeper refuses beyond its lag bound and waits for graph-node to reach the head before it harvests
  return { runPass: () => keeper.runOnce(ctx), lagBlocks: ctx.options.maxLagBlocks };
}

/** Drives the deployed system through the simulated market; see the module comment for what a day does. */
export async function driveYear(ctx: DriveContext): Promise<DriveSummary> {
  const t0 = Date.now();
  const log = ctx.log ?? (() => {});
  const dep = ctx.deployment;
  const seed = ctx.seed ?? ctx.market?.seed ?? 1;
  const days = ctx.days ?? ctx.market?.days ?? 365;
  if (!Number.isInteger(days) || days < 1) throw new Error(`driveYear: days must be a positive integer, got ${days}`);
  const stack = ctx.stack ?? ctx.system?.stack;
  const keeper = ctx.keeper === false ? undefined : (ctx.keeper ?? (ctx.system ? await keeperForSystem(ctx.system, dep, log) : undefined));
  const everyDays = ctx.keeperEveryDays ?? (keeper && keeper.everyDays) ?? 7;
  if (!Number.isInteger(everyDays) || everyDays < 1) throw new Error(`driveYear: keeperEveryDays must be a positive integer, got ${everyDays}`);

  const chain = new ChainClient(dep.signer);
  const start = await chain.head();
  // after `start`: the trader's setup is mined at the node's clock, which must not move the simulated calendar
  const pools = ctx.noise === false ? undefined : await PoolMarket.open(dep, dep.signer.provider as ethers.JsonRpcProvider, chain.provider, seed, ctx.noise);
  const market: MarketConfig = { ...(ctx.market ?? { ...defaultMarket(seed, days), feedFaults: defaultFeedFaults(days) }), days, startTimestamp: start.timestamp };

  // Assets: every risk asset of the deployment must be in the market; the stablecoin posts 1.
  const hub = dep.instances.OracleHub;
  const modelled = new Set(market.assets.map((a) => a.symbol));
  for (const a of dep.assets) {
    if (!a.isStable && !modelled.has(a.symbol)) throw new Error(`driveYear: the deployment's asset ${a.symbol} is not in the market model (${[...modelled].join(", ")})`);
  }
  for (const f of market.feedFaults ?? []) {
    if (!dep.assets.some((a) => a.symbol === f.symbol && !a.isStable)) throw new Error(`driveYear: feed fault on day ${f.day} names ${f.symbol}, not a risk asset of the deployment`);
  }
  const bySymbol = new Map(dep.assets.map((a) => [a.symbol, a]));
  const symbolOf = new Map(dep.assets.map((a) => [a.address.toLowerCase(), a.symbol]));
  const feeds = new Map(dep.assets.map((a) => [a.symbol, a.feeds.map((f) => new ethers.Contract(f, ["function setAnswer(int256)"], dep.signer))]));
  const breakerBps = Number(await hub.breakerBps());
  const maxStepBps = Math.floor(breakerBps * STEP_SHARE);
  const lastGood = new Map<string, bigint>(); // feed answer (8 decimals) of the hub's last good price
  const unhealthy = new Set<string>();
  for (const a of dep.assets) {
    lastGood.set(a.symbol, (await hub.priceOf(a.address)) / 10n ** 10n);
    const [safe] = (await hub.inSafeMode(a.address)) as [boolean, bigint];
    if (safe) unhealthy.add(a.symbol);
  }

  // Yield sources: each keeps its own rate, scaled by the day's APR over the market mean.
  const sources = dep.assets
    .filter((a) => a.yieldSource)
    .map((a) => ({ symbol: a.symbol, contract: new ethers.Contract(a.yieldSource!, ["function aprBps() view returns (uint256)", "function setAprBps(uint256)"], dep.signer), base: 0n, current: 0n }));
  for (const s of sources) s.base = s.current = await s.contract.aprBps();
  // Funding: the perpetual's market for the LP pool's (hedged) asset, poked once a day when due.
  let funding: { contract: ethers.Contract; asset: string } | undefined;
  if (dep.instances.Perpetual && dep.instances.LPPool) {
    funding = { contract: dep.instances.Perpetual, asset: (await dep.instances.LPPool.asset()) as string };
  }

  const summary: DriveSummary = {
    days,
    startTimestamp: start.timestamp,
    endTimestamp: start.timestamp + days * DAY_SECONDS,
    transactions: 0,
    blocks: 0,
    keeperPasses: 0,
    keeperActions: 0,
    upkeeps: {},
    harvests: 0,
    harvestIds: [],
    keeperRefusals: 0,
    keeperErrors: [],
    steppedDays: 0,
    liquidity: { reranges: 0, skipped: {}, collects: 0, refusals: 0, fees: { asset: 0n, stable: 0n }, gas: { rerange: 0n, skip: 0n, collect: 0n } },
    safeModeDays: {},
    elapsedMs: 0,
    msPerDay: 0,
    timings: { marketMs: 0, syncMs: 0, keeperMs: 0 },
  };
  const stale = new Set<string>();
  if (pools) {
    const n = pools.noise;
    log(`pools: ${pools.market.pools.map((p) => `${poolName(p)} depth ${p.depthQuote} ${p.quote}`).join(", ")}; noise ${n.dailyVolumeBps / 100} % of depth a day in ${n.tradesPerDay} swaps per pool, then arbitrage into each pool's fee band ${ARBITRAGE_LEAD_SECONDS} s before the feeds`);
  }
  log(`market: seed ${market.seed}, ${days} days from ${new Date(start.timestamp * 1000).toISOString()}, keeper ${keeper ? `every ${everyDays} days` : "off"}, breaker ${breakerBps} bps (rounds stepped at ≤ ${maxStepBps} bps)`);

  await chain.setAutomine(false);
  try {
    for (const md of simulate(market)) {
      if (md.day === 0) continue;
      const tDay = Date.now();
      const report = await writeDay(md);
      summary.timings.marketMs += Date.now() - tDay;
      const following = ctx.afterDay?.(report);
      following?.catch(() => {}); // awaited below, after the keeper's pass
      if (keeper && (md.day === 1 || md.day % everyDays === 0 || md.day === days)) report.keeper = await keeperPass(md.day);
      await following;
      report.ms = Date.now() - tDay;
      for (const s of report.safeMode) summary.safeModeDays[s] = (summary.safeModeDays[s] ?? 0) + 1;
      if (report.keeper || report.oracle.safeModeEntered.length || report.oracle.safeModeExited.length || report.feedRounds > 1) log(progressLine(report, days));
      ctx.onDay?.(report);
    }
  } finally {
    await chain.setAutomine(true);
    chain.close();
  }
  if (dep.instances.LiquidityManager) {
    const entry = dep.contracts.LiquidityManager;
    const token = (address: string | undefined) => dep.assets.find((a) => a.address.toLowerCase() === (address ?? "").toLowerCase()) ?? { symbol: "?", decimals: 18 };
    log(formatLiquiditySummary(summary.liquidity, token(entry.asset), token(entry.stable)));
  }
  if (pools) {
    const report = await poolReport(dep, start.number + 1, days);
    for (const line of formatPoolReport(report)) log(line);
    summary.pools = { pools: pools.market.pools.length, ...pools.stats, noise: pools.noise, report };
  }
  summary.elapsedMs = Date.now() - t0;
  summary.msPerDay = summary.elapsedMs / days;
  return summary;

  async function writeDay(md: MarketDay): Promise<DayReport> {
    const dayTs = start.timestamp + md.day * DAY_SECONDS;
    const head = await chain.head();
    if (head.timestamp >= dayTs) throw new Error(`driveYear: the chain is already at ${head.timestamp}, past day ${md.day}'s time ${dayTs}`);
    for (const f of md.feedFaults) {
      if (f.kind === "stale") stale.add(f.symbol);
      if (f.kind === "recover") stale.delete(f.symbol);
    }
    const outliers = new Set(md.feedFaults.filter((f) => f.kind === "outlier").map((f) => f.symbol));
    const traded = pools ? await tradePools(md, dayTs, head.timestamp) : undefined;
    const feedsAfter = traded ? traded.lastTimestamp : head.timestamp;

    // The rounds each asset posts today.
    const answers: Record<string, bigint> = {};
    const rounds = new Map<string, bigint[]>();
    for (const a of dep.assets) {
      if (stale.has(a.symbol)) continue;
      const price = a.isStable ? 1 : md.prices[a.symbol];
      const answer = toFeedAnswer(price);
      if (answer <= 0n) throw new Error(`driveYear: day ${md.day}: ${a.symbol}'s simulated price ${price} rounds to a zero feed answer`);
      answers[a.symbol] = answer;
      rounds.set(a.symbol, priceSteps(lastGood.get(a.symbol)!, answer, maxStepBps));
    }
    const nBlocks = Math.max(1, ...[...rounds.values()].map((r) => r.length));
    if (nBlocks > 1) summary.steppedDays++;

    const oracle = { priceUpdates: 0, safeModeEntered: [] as string[], safeModeExited: [] as string[], breakerTripped: [] as string[] };
    let transactions = 0;
    let block = 0;
    for (let k = 0; k < nBlocks; k++) {
      const calls: QueuedCall[] = [];
      if (k === 0) {
        for (const s of sources) {
          const bps = market.yieldApr > 0 ? BigInt(Math.round((Number(s.base) * md.yieldApr) / market.yieldApr)) : BigInt(Math.round(md.yieldApr * 10_000));
          if (bps !== s.current) {
            calls.push({ contract: s.contract, method: "setAprBps", args: [bps], gas: GAS.apr, label: `${s.symbol} yield source` });
            s.current = bps;
          }
        }
      }
      // rounds of the assets that still have one at this step (an asset with fewer rounds is done earlier)
      for (const [symbol, path] of rounds) {
        const offset = nBlocks - path.length; // align every path's last round with the day's last block
        if (k < offset) continue;
        const answer = path[k - offset];
        feeds.get(symbol)!.forEach((feed, i) => {
          const posted = i === 0 && outliers.has(symbol) && k === nBlocks - 1 ? (answer * BigInt(Math.round(OUTLIER_FACTOR * 100))) / 100n : answer;
          calls.push({ contract: feed, method: "setAnswer", args: [posted], gas: GAS.feed, label: `${symbol} feed #${i}` });
        });
      }
      if (k === nBlocks - 1) {
        calls.push({ contract: hub, method: "updateAll", args: [], gas: GAS.hub, label: "oracle hub" });
        if (funding && (await fundingDue(funding, dayTs))) {
          calls.push({ contract: funding.contract, method: "fund", args: [funding.asset], gas: GAS.funding, label: "perpetual funding" });
        }
      }
      else {
        // an intermediate round: only the assets posting it are updated (the others' feeds are a day old
        // until the day's last block, and updating them here would flap them into safe mode)
        for (const [symbol, path] of rounds) {
          if (k >= nBlocks - path.length) calls.push({ contract: hub, method: "update", args: [bySymbol.get(symbol)!.address], gas: GAS.hub, label: `oracle hub (${symbol})` });
        }
      }
      const ts = dayTs + (k - (nBlocks - 1)) * STEP_SECONDS; // the last round lands exactly on the day's time
      const mined = await chain.mineBlock(calls, Math.max(ts, feedsAfter + 1 + k), `day ${md.day}`);
      transactions += mined.transactions;
      block = mined.number;
      readOracleEvents(mined.logs, oracle);
    }
    summary.transactions += transactions + (traded?.transactions ?? 0);
    summary.blocks += nBlocks + (traded?.blocks ?? 0);
    return {
      day: md.day,
      timestamp: dayTs,
      block,
      regime: md.regime,
      blackSwan: md.blackSwan,
      prices: md.prices,
      answers,
      blocks: nBlocks + (traded?.blocks ?? 0),
      feedRounds: nBlocks,
      transactions: transactions + (traded?.transactions ?? 0),
      ...(traded ? { pools: { noise: traded.noise, arbitrage: traded.arbitrage } } : {}),
      faults: md.feedFaults,
      safeMode: [...unhealthy].sort(),
      oracle,
      ms: 0,
    };
  }

  /**
   * The pools' day: the noise traders' block, then the arbitrage block ARBITRAGE_LEAD_SECONDS before the feeds, at
   * the day's simulated prices (the market moves even while an asset's feeds are stale).
   */
  async function tradePools(md: MarketDay, dayTs: number, headTs: number) {
    const answers = new Map(dep.assets.map((a) => [a.symbol, toFeedAnswer(a.isStable ? 1 : md.prices[a.symbol])]));
    const arbTs = Math.max(dayTs - ARBITRAGE_LEAD_SECONDS, headTs + 2);
    const noiseTs = Math.max(arbTs - NOISE_LEAD_SECONDS, headTs + 1);
    const deadline = BigInt(dayTs);
    const noise = pools!.noiseCalls(answers, deadline);
    let blocks = 0;
    let lastTimestamp = headTs;
    if (noise.length) {
      lastTimestamp = (await chain.mineBlock(noise, noiseTs, `day ${md.day} noise trades`)).timestamp;
      blocks++;
    }
    const arbitrage = await pools!.arbitrageCalls(answers, deadline);
    if (arbitrage.length) {
      lastTimestamp = (await chain.mineBlock(arbitrage, Math.max(arbTs, lastTimestamp + 1), `day ${md.day} arbitrage`)).timestamp;
      blocks++;
    }
    return { noise: noise.length, arbitrage: arbitrage.length, transactions: noise.length + arbitrage.length, blocks, lastTimestamp };
  }

  function readOracleEvents(logs: MinedLog[], oracle: DayReport["oracle"]): void {
    const hubAddress = (hub.target as string).toLowerCase();
    for (const l of logs) {
      if (l.address.toLowerCase() !== hubAddress) continue;
      const ev = hub.interface.parseLog(l);
      if (!ev) continue;
      const symbol = symbolOf.get(String(ev.args.asset).toLowerCase()) ?? String(ev.args.asset);
      if (ev.name === "PriceUpdated") {
        oracle.priceUpdates++;
        lastGood.set(symbol, (ev.args.priceUsd as bigint) / 10n ** 10n);
      } else if (ev.name === "SafeModeEntered") {
        unhealthy.add(symbol);
        oracle.safeModeEntered.push(symbol);
      } else if (ev.name === "SafeModeExited") {
        unhealthy.delete(symbol);
        oracle.safeModeExited.push(symbol);
      } else if (ev.name === "CircuitBreakerTripped") oracle.breakerTripped.push(symbol);
    }
  }

  async function keeperPass(day: number): Promise<NonNullable<DayReport["keeper"]>> {
    const t = Date.now();
    await chain.setAutomine(true);
    try {
      if (stack) await stack.waitSynced(SYNC_TIMEOUT_MS, keeper!.lagBlocks ?? 0);
      let syncMs = Date.now() - t;
      summary.timings.syncMs += syncMs;
      const tk = Date.now();
      let indexWaitMs = 0;
      try {
        const r = await keeper!.runPass();
        indexWaitMs = r.indexWaitMs ?? 0;
        syncMs += indexWaitMs;
        summary.timings.syncMs += indexWaitMs;
        summary.keeperPasses++;
        if (r.refused) summary.keeperRefusals++;
        summary.keeperActions += r.upkeeps.length;
        addLiquidity(summary.liquidity, r.liquidity ?? []);
        for (const a of r.upkeeps) summary.upkeeps[ACTION_NAMES[a] ?? String(a)] = (summary.upkeeps[ACTION_NAMES[a] ?? String(a)] ?? 0) + 1;
        summary.transactions += r.upkeeps.length + r.harvested.length;
        summary.harvests += r.harvested.length;
        summary.harvestIds.push(...r.harvested);
        return { upkeeps: r.upkeeps, harvested: r.harvested, putOff: r.putOff, refused: r.refused, ms: Date.now() - tk - indexWaitMs, syncMs };
      } catch (e) {
        // a pass can fail on a day the chain cannot serve it (e.g. a harvest estimated while an asset is in
        // safe mode reverts); the keeper retries on its next pass, as its own loop does
        summary.keeperPasses++;
        summary.keeperErrors.push({ day, message: errorMessage(e) });
        log(`day ${day}: keeper pass failed: ${errorMessage(e)}`);
        return { upkeeps: [], harvested: [], error: errorMessage(e), ms: Date.now() - tk, syncMs };
      } finally {
        summary.timings.keeperMs += Date.now() - tk - indexWaitMs;
      }
    } finally {
      await chain.setAutomine(false);
    }
  }
}

/** Whether the perp's funding may be sampled at `ts` (its interval since the last sample has passed). */
async function fundingDue(funding: { contract: ethers.Contract; asset: string }, ts: number): Promise<boolean> {
  const m = await funding.contract.market(funding.asset);
  return BigInt(ts) >= BigInt(m.lastSample) + BigInt(m.fundingInterval);
}

/** One line of progress: the day, prices, oracle events and what the keeper did. */
export function progressLine(r: DayReport, days: number): string {
  const date = new Date(r.timestamp * 1000).toISOString().slice(0, 10);
  const prices = Object.entries(r.prices)
    .map(([s, p]) => `${s} ${p >= 100 ? p.toFixed(0) : p.toFixed(2)}`)
    .join(", ");
  const notes: string[] = [];
  if (r.blackSwan) notes.push("crash");
  if (r.feedRounds > 1) notes.push(`${r.feedRounds} rounds under the breaker`);
  if (r.oracle.safeModeEntered.length) notes.push(`safe mode: ${r.oracle.safeModeEntered.join(", ")}`);
  if (r.oracle.safeModeExited.length) notes.push(`recovered: ${r.oracle.safeModeExited.join(", ")}`);
  if (r.keeper) {
    const k = r.keeper;
    const what = k.error ? `failed (${k.error.split("\n")[0].slice(0, 120)})` : k.refused ? `refused (${k.refused.slice(0, 120)})` : `${k.upkeeps.map((a) => ACTION_NAMES[a] ?? a).join(", ") || "no upkeep"}${k.harvested.length ? `, ${k.harvested.length} loss harvest(s)` : ""}${k.putOff?.length ? `; put off: ${k.putOff.map((p) => `${ACTION_NAMES[p.action] ?? p.action} (${p.reason.slice(0, 80)})`).join(", ")}` : ""}`;
    notes.push(`keeper: ${what} (sync ${(k.syncMs / 1000).toFixed(1)} s, pass ${(k.ms / 1000).toFixed(1)} s)`);
  }
  return `day ${String(r.day).padStart(String(days).length)}/${days} ${date} ${r.regime}: ${prices}${notes.length ? ` — ${notes.join("; ")}` : ""}`;
}

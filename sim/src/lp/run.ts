/**
 * One seeded path of an asset/stablecoin 0.3 % pool (the exact bigint replica of Uniswap v3): a market maker's
 * liquidity (full range, and a ±10 % band it re-centres daily), an arbitrageur who takes the pool to a GBM price
 * every hour, and uninformed round trips that pay fees. Three $60k positions of the same tokens live in the one
 * pool, so they see the same prices and the same market swaps: (a) full range, (b) the manager's opening range
 * never moved, (c) the liquidity manager's rule (re-ranged as it decides). All three collect and reinvest their
 * fees on the rule's schedule, paying the collect's gas, so only the range policy differs. Each is measured
 * against simply holding its starting tokens: fees earned, gas, swap costs (fee + impact of swapping to the
 * range's ratio, at the pre-swap price), impermanent loss (net − fees + gas + swap costs) and net (value − gas −
 * hold), all in stablecoin base units.
 */
import { PoolReplica, MIN_TICK, MAX_TICK, sqrtRatioAtTick } from "../uniswap";
import { Random } from "../random";
import { DEFAULT_RULE, clampSigma, decide, rangeAround, snapshotOf, type FeeSnapshot, type RuleConfig } from "./rule";
import { answerAt, answerToWad, observe, sigmaOf, warmedUp, type OracleVolatility } from "./sigma";
import { closeAll, collectAll, mintAll, positionHoldings, swapIn, swapToRatio, token0InToken1, valueIn1, type Holdings, type PoolPrice } from "./position";

const WAD = 10n ** 18n;
const USDC = 10n ** 6n;
const HOUR = 3600;

export interface PathConfig {
  seed: number;
  days: number;
  /** daily σ of the asset's log price (GBM, no drift) */
  sigmaDaily: number;
  /** whole stablecoin of uninformed volume per hour, each way at most (uniform) */
  noisePerHour: number;
  /** gas price in wei paid by the rule's transactions (the asset is the gas token) */
  gasPriceWei: bigint;
  rule: RuleConfig;
}

export const DEFAULT_PATH: Omit<PathConfig, "seed"> = { days: 365, sigmaDaily: 0.03, noisePerHour: 50_000, gasPriceWei: 5n * 10n ** 9n, rule: DEFAULT_RULE };

export interface StrategyResult {
  fees: bigint;
  gas: bigint;
  swapCost: bigint;
  impermanentLoss: bigint;
  net: bigint;
  /** what the starting tokens are worth held, at the path's final pool price */
  hold: bigint;
  reranges: number;
  collects: number;
  opened: { lower: number; upper: number };
  closed: { lower: number; upper: number };
  /** each re-range: the path's hour and the new range */
  reranged: { hour: number; lower: number; upper: number }[];
}

export const POLICIES = ["full", "fixed", "manager"] as const;
export type PolicyName = (typeof POLICIES)[number];

export interface PathResult {
  seed: number;
  days: number;
  finalPrice: string;
  /** the starting tokens' value at the opening price, stablecoin base units */
  capital: bigint;
  full: StrategyResult;
  fixed: StrategyResult;
  manager: StrategyResult;
}

/** The tick of 3000 stablecoin (6 decimals) per asset (18 decimals): a model input, not an amount. */
export const START_TICK = Math.floor(Math.log(3000e6 / 1e18) / Math.log(1.0001));
/** Each policy's starting tokens: 10 asset + 30,000 stable. */
export const START: Holdings = { amount0: 10n * WAD, amount1: 30_000n * USDC };

export const FULL = { lower: Math.ceil(MIN_TICK / 60) * 60, upper: Math.floor(MAX_TICK / 60) * 60 };
const MM_HALF_WIDTH = Math.round(Math.log(1.1) / Math.log(1.0001)); // ±10 %
/** The market maker's full-range and band capital, whole stablecoin each. */
export const MM_CAPITAL = 4_000_000n;

/** The market maker's budget for `value` whole stablecoin: half in each token at the pool's price. */
export function marketMakerBudget(p: PoolPrice, value: bigint): Holdings {
  const half = (value * USDC) / 2n;
  return { amount0: (half << 192n) / (p.sqrtPriceX96 * p.sqrtPriceX96), amount1: half };
}

/** The market maker's band: ±10 % around `tick`, outward to the spacing. */
export const marketMakerBand = (tick: number) => ({ lower: Math.floor((tick - MM_HALF_WIDTH) / 60) * 60, upper: Math.ceil((tick + MM_HALF_WIDTH) / 60) * 60 });

/** What `value` whole stablecoin of the market maker buys over [lower, upper) at the pool's price. */
function mmMint(pool: PoolReplica, lower: number, upper: number, value: bigint): void {
  const budget = marketMakerBudget(pool, value);
  swapToRatio(pool, budget, lower, upper);
  mintAll(pool, "mm", budget, lower, upper);
}

/** The market maker's concentrated band: $4M within ±10 % of the price, re-centred once a day (as active LPs do). */
function recentreMarketMaker(pool: PoolReplica, band: { lower: number; upper: number }): { lower: number; upper: number } {
  const l = pool.position("mm", band.lower, band.upper).liquidity;
  if (l > 0n) pool.burn("mm", band.lower, band.upper, l);
  const next = marketMakerBand(pool.tick);
  mmMint(pool, next.lower, next.upper, MM_CAPITAL);
  return next;
}

/** One hour of the path's market: the price the arbitrageur takes the pool to, then the uninformed round trip. */
export interface MarketHour {
  hour: number;
  /** the arbitrageur's target tick */
  tick: number;
  /** the round trip's whole-dollar size in stablecoin base units (0: none) and its first leg */
  roundTripUsd: bigint;
  stableFirst: boolean;
  /** the day's close (every 24th hour): the oracle takes its daily σ sample, the market maker re-centres */
  close: boolean;
}

/** The path's market hour by hour, drawn from the seed in a fixed order (the replica and the chain replay the same). */
export function* marketHours(cfg: PathConfig): Generator<MarketHour> {
  const rnd = new Random(cfg.seed);
  let logPrice = 0;
  const hourSigma = cfg.sigmaDaily / Math.sqrt(24);
  for (let hour = 1; hour <= cfg.days * 24; hour++) {
    logPrice += hourSigma * rnd.normal() - (hourSigma * hourSigma) / 2;
    const tick = START_TICK + Math.round(logPrice / Math.log(1.0001));
    const roundTripUsd = BigInt(Math.floor(rnd.uniform() * cfg.noisePerHour)) * USDC;
    const stableFirst = roundTripUsd === 0n ? false : rnd.uniform() < 0.5;
    yield { hour, tick, roundTripUsd, stableFirst, close: hour % 24 === 0 };
  }
}

/** The oracle's σ estimate at the path's start: warmed up to about the model's σ (sigma.ts), from the start price. */
export const startingVolatility = (cfg: PathConfig): OracleVolatility => warmedUp(answerAt(sqrtRatioAtTick(START_TICK)), cfg.sigmaDaily);

/** The oracle's daily sample of the hour's price (the arbitrageur's target, which the feeds post). */
export const sampleHour = (v: OracleVolatility, m: MarketHour): OracleVolatility => observe(v, answerToWad(answerAt(sqrtRatioAtTick(m.tick))));

/** The pool with the market maker's liquidity: $4M full range and its ±10 % band. */
function seededPool(): { pool: PoolReplica; band: { lower: number; upper: number } } {
  const pool = new PoolReplica({ fee: 3000, tickSpacing: 60 });
  pool.initialize(sqrtRatioAtTick(START_TICK));
  mmMint(pool, FULL.lower, FULL.upper, 4_000_000n);
  return { pool, band: recentreMarketMaker(pool, { lower: FULL.lower, upper: FULL.lower + 60 }) };
}

/** The arbitrageur takes the pool to `tick`'s price. */
function arbitrageTo(pool: PoolReplica, tick: number): void {
  const target = sqrtRatioAtTick(tick);
  if (target === pool.sqrtPriceX96) return;
  const zeroForOne = target < pool.sqrtPriceX96;
  pool.swap({ zeroForOne, amountSpecified: 10n ** 40n, sqrtPriceLimitX96: target });
}

/** The round trip's first leg in token0 when it starts from the asset: `usd` at the pool's price (0: none). */
export const roundTripAsset = (p: PoolPrice, usd: bigint): bigint => (usd << 192n) / (p.sqrtPriceX96 * p.sqrtPriceX96);

/** The hour's round trip: `usd` stablecoin's worth in one direction, then everything received back. */
function roundTrip(pool: PoolReplica, usd: bigint, stableFirst: boolean): void {
  if (usd === 0n) return;
  if (stableFirst) {
    const d = swapIn(pool, undefined, false, usd);
    swapIn(pool, undefined, true, -d.amount0);
  } else {
    const amount0 = roundTripAsset(pool, usd);
    if (amount0 === 0n) return;
    const d = swapIn(pool, undefined, true, amount0);
    swapIn(pool, undefined, false, -d.amount1);
  }
}

/** What a policy's range and running costs are, on the replica or on a chain. */
export interface PolicyRun {
  lower: number;
  upper: number;
  lastCollect: number;
  fees: bigint;
  gas: bigint;
  swapCost: bigint;
  reranges: number;
  collects: number;
  opened: { lower: number; upper: number };
  reranged: { hour: number; lower: number; upper: number }[];
}

/** One policy's position on the replica and its running costs. */
interface Policy extends PolicyRun {
  owner: PolicyName;
  h: Holdings;
  liquidity: bigint;
  snap: FeeSnapshot;
}

function newPolicy(owner: PolicyName, pool: PoolReplica): Policy {
  const none = { lower: 0, upper: 0 };
  return { owner, h: { ...START }, ...none, liquidity: 0n, snap: snapshotOf(pool, 0), lastCollect: 0, fees: 0n, gas: 0n, swapCost: 0n, reranges: 0, collects: 0, opened: none, reranged: [] };
}

/** Swaps the holdings to the range's ratio and mints them over it. */
function open(pool: PoolReplica, s: Policy, r: { lower: number; upper: number }, now: number): void {
  s.swapCost += swapToRatio(pool, s.h, r.lower, r.upper);
  s.lower = r.lower;
  s.upper = r.upper;
  s.liquidity = mintAll(pool, s.owner, s.h, r.lower, r.upper);
  s.snap = snapshotOf(pool, now);
  s.lastCollect = now;
}

/** A re-range's and a collect's gas in token1 units, at the hour's price (before any policy acts, so alike for all). */
interface GasCosts {
  rerange: bigint;
  collect: bigint;
}

function gasCosts(pool: PoolReplica, cfg: PathConfig): GasCosts {
  const in1 = (gas: bigint) => token0InToken1(gas * cfg.gasPriceWei, pool.sqrtPriceX96);
  return { rerange: in1(cfg.rule.rerangeGas), collect: in1(cfg.rule.collectGas) };
}

/** Every `collectIntervalSeconds`: collect the fees and reinvest them in the same range, paying the collect's gas. */
function reinvestIfDue(pool: PoolReplica, s: Policy, now: number, cfg: PathConfig, gas: GasCosts): void {
  if (now - s.lastCollect < cfg.rule.collectIntervalSeconds) return;
  const fees = collectAll(pool, s.owner, s.h, s.lower, s.upper);
  s.fees += valueIn1(fees, pool.sqrtPriceX96);
  s.gas += gas.collect;
  s.collects++;
  s.swapCost += swapToRatio(pool, s.h, s.lower, s.upper);
  s.liquidity += mintAll(pool, s.owner, s.h, s.lower, s.upper);
  s.lastCollect = now;
}

/** The manager: re-range when the rule says so (collecting everything), else reinvest on schedule. */
function managerStep(pool: PoolReplica, s: Policy, sigma: bigint, now: number, cfg: PathConfig, gas: GasCosts): void {
  const c = cfg.rule;
  const held = positionHoldings(pool, s.owner, s.lower, s.upper);
  const value0 = token0InToken1(held.amount0, pool.sqrtPriceX96);
  const v = decide(pool, s.snap, now, { lower: s.lower, upper: s.upper, liquidity: s.liquidity, value: value0 + held.amount1, value0 }, sigma, gas.rerange, c);
  if (!v.rerange) return reinvestIfDue(pool, s, now, cfg, gas);
  const fees = closeAll(pool, s.owner, s.h, s.lower, s.upper);
  s.fees += valueIn1(fees, pool.sqrtPriceX96);
  s.gas += gas.rerange;
  s.reranges++;
  open(pool, s, rangeAround(pool.tick, sigma, pool.tickSpacing, c), now);
  s.reranged.push({ hour: now / HOUR, lower: s.lower, upper: s.upper });
}

/** The policy's outcome at the end: its position closed at the pool's price, against holding its start tokens. */
function settle(pool: PoolReplica, s: Policy): StrategyResult {
  const closed = { lower: s.lower, upper: s.upper };
  const fees = s.fees + valueIn1(closeAll(pool, s.owner, s.h, s.lower, s.upper), pool.sqrtPriceX96);
  const hold = valueIn1(START, pool.sqrtPriceX96);
  const net = valueIn1(s.h, pool.sqrtPriceX96) - s.gas - hold;
  const { gas, swapCost, reranges, collects, opened, reranged } = s;
  return { fees, gas, swapCost, impermanentLoss: net - fees + gas + swapCost, net, hold, reranges, collects, opened, closed, reranged };
}

/** One path: the three policies in the same pool, hour by hour. */
export function runPath(cfg: PathConfig): PathResult {
  const seeded = seededPool();
  const pool = seeded.pool;
  let band = seeded.band;
  const capital = valueIn1(START, pool.sqrtPriceX96);
  let vol = startingVolatility(cfg);
  let sigma = clampSigma(sigmaOf(vol));
  const full = newPolicy("full", pool);
  const manager = newPolicy("manager", pool);
  const fixed = newPolicy("fixed", pool);
  open(pool, full, FULL, 0);
  open(pool, manager, rangeAround(pool.tick, sigma, pool.tickSpacing, cfg.rule), 0);
  open(pool, fixed, { lower: manager.lower, upper: manager.upper }, 0);
  for (const s of [full, manager, fixed]) s.opened = { lower: s.lower, upper: s.upper };
  for (const m of marketHours(cfg)) {
    const now = m.hour * HOUR;
    arbitrageTo(pool, m.tick);
    roundTrip(pool, m.roundTripUsd, m.stableFirst);
    if (m.close) {
      vol = sampleHour(vol, m);
      sigma = clampSigma(sigmaOf(vol));
      band = recentreMarketMaker(pool, band);
    }
    const gas = gasCosts(pool, cfg);
    managerStep(pool, manager, sigma, now, cfg, gas);
    reinvestIfDue(pool, full, now, cfg, gas);
    reinvestIfDue(pool, fixed, now, cfg, gas);
  }
  const finalPrice = (Number(token0InToken1(WAD, pool.sqrtPriceX96)) / 1e6).toFixed(2);
  return { seed: cfg.seed, days: cfg.days, finalPrice, capital, full: settle(pool, full), fixed: settle(pool, fixed), manager: settle(pool, manager) };
}

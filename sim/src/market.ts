import { cholesky, uniformCorrelation } from "./linalg";
import { Random } from "./random";

/**
 * The market model. Prices are model quantities (floats in log space); they become money only when
 * turned into integer feed answers (toFeedAnswer) or token amounts, where rounding is explicit.
 */
export interface AssetModel {
  symbol: string;
  initialPrice: number;
  /** Annual drift and annual volatility of the calm regime. */
  drift: number;
  volatility: number;
  /** Idiosyncratic jumps: expected count per year, mean and deviation of the log jump. */
  jumpsPerYear: number;
  jumpMean: number;
  jumpStd: number;
}

export interface Regime {
  name: string;
  volatilityMultiplier: number;
  /** Daily probability of leaving this regime for the other. */
  leaveProbability: number;
}

export interface FeedFault {
  day: number;
  symbol: string;
  /** stale: the feeds stop updating; outlier: one feed reports a manipulated price; recover: all fresh again. */
  kind: "stale" | "outlier" | "recover";
}

export interface MarketConfig {
  seed: number;
  days: number;
  assets: AssetModel[];
  correlation?: number[][];
  regimes: [Regime, Regime];
  /** Market-wide crashes: expected count per year and the log move applied to every asset. */
  blackSwansPerYear: number;
  blackSwanMove: number;
  /** Yield-source APR (mean) and its daily noise, and perp funding (daily rate) mean and noise. */
  yieldApr: number;
  fundingDailyMean: number;
  fundingDailyNoise: number;
  feedFaults?: FeedFault[];
  startTimestamp: number;
}

export interface MarketDay {
  day: number;
  timestamp: number;
  regime: string;
  prices: Record<string, number>;
  /** Log returns of the day, per asset. */
  returns: Record<string, number>;
  blackSwan: boolean;
  yieldApr: number;
  fundingDailyRate: number;
  feedFaults: FeedFault[];
}

export const DAY_SECONDS = 86_400;

/** Crypto-like defaults: four risk assets, high volatility, jumps, a turbulent regime, rare crashes. */
export function defaultMarket(seed: number, days = 365, startTimestamp = Date.UTC(2025, 0, 1) / 1000): MarketConfig {
  const asset = (symbol: string, initialPrice: number, volatility: number): AssetModel => ({
    symbol,
    initialPrice,
    drift: 0.1,
    volatility,
    jumpsPerYear: 3,
    jumpMean: -0.04,
    jumpStd: 0.08,
  });
  return {
    seed,
    days,
    assets: [asset("WETH", 3000, 0.7), asset("WBTC", 60000, 0.55), asset("LINK", 15, 0.9), asset("UNI", 8, 1.0)],
    correlation: uniformCorrelation(4, 0.6),
    regimes: [
      { name: "calm", volatilityMultiplier: 1, leaveProbability: 0.02 },
      { name: "turbulent", volatilityMultiplier: 2, leaveProbability: 0.08 },
    ],
    blackSwansPerYear: 0.5,
    blackSwanMove: -0.35,
    yieldApr: 0.05,
    fundingDailyMean: 0.0003,
    fundingDailyNoise: 0.0002,
    feedFaults: [],
    startTimestamp,
  };
}

/** Simulates the market day by day; the same config (seed included) always yields the same path. */
export function* simulate(config: MarketConfig): Generator<MarketDay> {
  const n = config.assets.length;
  const rng = new Random(config.seed);
  const chol = cholesky(config.correlation ?? uniformCorrelation(n, 0));
  const faults = new Map<number, FeedFault[]>();
  for (const f of config.feedFaults ?? []) faults.set(f.day, [...(faults.get(f.day) ?? []), f]);
  const dt = 1 / 365;
  const cumulative = config.assets.map(() => 0); // log return since day 0
  let regime = 0;
  let funding = config.fundingDailyMean;

  for (let day = 0; day <= config.days; day++) {
    const returns: Record<string, number> = {};
    let blackSwan = false;
    if (day > 0) {
      if (rng.uniform() < config.regimes[regime].leaveProbability) regime = 1 - regime;
      blackSwan = rng.uniform() < config.blackSwansPerYear * dt;
      const eps = Array.from({ length: n }, () => rng.normal());
      const mult = config.regimes[regime].volatilityMultiplier;
      config.assets.forEach((a, i) => {
        let z = 0;
        for (let k = 0; k <= i; k++) z += chol[i][k] * eps[k];
        const sigma = a.volatility * mult;
        let r = (a.drift - 0.5 * sigma * sigma) * dt + sigma * Math.sqrt(dt) * z;
        for (let j = rng.poisson(a.jumpsPerYear * dt); j > 0; j--) r += a.jumpMean + a.jumpStd * rng.normal();
        if (blackSwan) r += config.blackSwanMove;
        cumulative[i] += r;
        returns[a.symbol] = r;
      });
      funding = config.fundingDailyMean + 0.9 * (funding - config.fundingDailyMean) + config.fundingDailyNoise * rng.normal();
    }
    yield {
      day,
      timestamp: config.startTimestamp + day * DAY_SECONDS,
      regime: config.regimes[regime].name,
      prices: Object.fromEntries(config.assets.map((a, i) => [a.symbol, a.initialPrice * Math.exp(cumulative[i])])),
      returns,
      blackSwan,
      yieldApr: Math.max(0, config.yieldApr * (1 + 0.1 * rng.normal())),
      fundingDailyRate: funding,
      feedFaults: faults.get(day) ?? [],
    };
  }
}

/** A price as an integer feed answer with `decimals` decimals (Chainlink USD feeds use 8), rounded half up. */
export function toFeedAnswer(price: number, decimals = 8): bigint {
  if (!Number.isFinite(price) || price <= 0) throw new Error(`cannot turn price ${price} into a feed answer`);
  const [int, frac = ""] = price.toFixed(decimals + 1).split(".");
  const digits = BigInt(int + frac);
  return (digits + 5n) / 10n;
}

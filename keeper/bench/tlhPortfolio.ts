/**
 * The vault's strategy run off-chain, day by day, on one simulated market path: inverse-volatility
 * weights (EWMA σ, λ = 0.94, the contracts' guards and risk-off tilt), drift-triggered rebalancing (500 bps),
 * purchase lockouts that park a locked asset's excess in its substitute, staking income, and one of the
 * policies (POLICIES: harvesting rules, tax-aware trims, least-tax lot choice). Every trade and income goes
 * into a ledger; the tax engine (HIFO, or specific identification when the policy names lots; wash sales
 * as the law says) computes each year's gains, taxes are paid from the stablecoin at year end, and the last
 * day liquidates everything. Prices are model floats turned into 1e-12 USD once per day; money and
 * quantities are bigint.
 */
import type { MarketDay } from "@lotgraph/sim";
import {
  acquisitionsFromLedger,
  adviseHarvests,
  computeGains,
  DEFAULT_ADVISOR_CONFIG,
  MONEY_SCALE,
  openLotsFromEngine,
  QTY_SCALE,
  type AdvisorConfig,
  type DisposalRow,
  type LedgerEvent,
  type Lot,
} from "@lotgraph/tax";
import { chooseLots } from "../src/lotChoice";
import { decideTrim, DEFAULT_TRIM_DEFERRAL, priceTrim, waitForCalm, type TrimDeferralConfig } from "../src/trimTax";

export const POLICIES = ["none", "naive", "advisor", "deferral", "taxAware"] as const;
export type Policy = (typeof POLICIES)[number];
export const POLICY_LABELS: Record<Policy, string> = {
  none: "(a) no harvesting",
  naive: "(b) naive monthly",
  advisor: "(c) advisor",
  deferral: "(d) deferred trims",
  taxAware: "(e) least-tax lots + deferral",
};

export interface BenchParams {
  initialUsd: bigint;
  /** DEX fee + slippage per trade, bps of the traded value */
  tradeCostBps: bigint;
  /** gas per harvest transaction, USD (1e-12) */
  gasUsd: bigint;
  shortTermBps: number;
  longTermBps: number;
  /** staking APR on WETH, paid quarterly as income lots */
  stakingApr: number;
  substitutes: Record<string, string[]>;
  advisorConfig: AdvisorConfig;
  /** the tax-aware rebalancing of policy "deferral" (keeper/src/trimTax.ts) */
  trimDeferral: TrimDeferralConfig;
  /** false: a tax-free twin run (same trading rules, no tax paid) to separate tax effects from exposure effects */
  payTaxes: boolean;
  /**
   * the law: true applies §1091 to the crypto (the what-if; the engine washes losses, harvesters wait out the
   * window); false is current US law for crypto (no wash-sale rule: a harvested asset is bought back at once)
   */
  washSales: boolean;
}

export const DEFAULT_BENCH_PARAMS: BenchParams = {
  initialUsd: 1_000_000n * MONEY_SCALE,
  tradeCostBps: 50n, // 0.3 % fee tier + 0.2 % slippage
  gasUsd: 5n * MONEY_SCALE,
  shortTermBps: 3700,
  longTermBps: 2000,
  stakingApr: 0.03,
  substitutes: { WETH: ["WBTC"], WBTC: ["WETH"], LINK: ["UNI"], UNI: ["LINK"] },
  advisorConfig: {
    ...DEFAULT_ADVISOR_CONFIG,
    minNetLoss: 1_000n * MONEY_SCALE,
    substitutes: { WETH: ["WBTC"], WBTC: ["WETH"], LINK: ["UNI"], UNI: ["LINK"] },
    fallbackSubstitute: "USDC",
    // this strategy turns its holdings over ~3.7 times a year, so a harvest's lowered basis comes back as a
    // short-term gain within months: measured, each harvested dollar saved ~7 ¢ of tax, not 37 ¢ (README)
    recaptureRateBps: 3000,
  },
  trimDeferral: DEFAULT_TRIM_DEFERRAL,
  payTaxes: true,
  washSales: false,
};

/** The parameters under one law: the engine, the advisor and the harvesters all follow `washSales`. */
export function underLaw(params: BenchParams, washSales: boolean): BenchParams {
  return {
    ...params,
    washSales,
    advisorConfig: {
      ...params.advisorConfig,
      washSaleRule: washSales,
      lockoutDays: washSales ? Math.max(params.advisorConfig.lockoutDays, 31) : 0,
      // what a harvest really trades: sale + buy-back, or sale, substitute in and out, buy-back
      tradesPerHarvest: washSales ? 4 : 2,
    },
  };
}

export interface PathResult {
  /** cash after full liquidation and the last year's tax */
  afterTax: bigint;
  taxesPaid: bigint;
  harvests: number;
  harvestedLoss: bigint;
  /** losses disallowed by wash sales (all sales, any policy) */
  washDisallowed: bigint;
  /** of which on harvest sales */
  harvestWashDisallowed: bigint;
  rebalances: number;
  /** trims a tax-aware rebalance put off */
  deferredTrims: number;
  /** value bought plus value sold over the path (turnover numerator) */
  traded: bigint;
  /** DEX fees and slippage plus harvest gas paid over the path */
  tradingCosts: bigint;
  /** net asset value at each day's close (before the last day's liquidation), as a float for statistics only */
  dailyNav: number[];
}

const DAY_MS = 86_400_000;
const DAY_S = 86_400;
const WALLET = "vault";
const LAMBDA = 0.94;
const LOCKOUT_DAYS = 31;

function priceMoney(p: number): bigint {
  return BigInt(Math.round(p * 1e6)) * (MONEY_SCALE / 1_000_000n);
}
const valueOf = (q: bigint, price: bigint) => (q * price) / QTY_SCALE;
const qtyFor = (value: bigint, price: bigint) => (value * QTY_SCALE) / price;
const bps = (x: bigint, b: bigint) => (x * b) / 10_000n;

interface Annual {
  st: bigint;
  lt: bigint;
}

/** US-style yearly netting: short and long net against each other; $3,000 of net loss offsets ordinary income; the rest carries forward. */
class TaxAccount {
  private carry = 0n; // positive: loss carried forward
  paid = 0n;
  constructor(private readonly p: BenchParams) {}
  settle(g: Annual, ordinaryIncome: bigint): bigint {
    let st = g.st;
    let lt = g.lt;
    // carryforward first against short-term, then long-term
    const useSt = st > 0n ? (this.carry < st ? this.carry : st) : 0n;
    st -= useSt;
    this.carry -= useSt;
    const useLt = lt > 0n ? (this.carry < lt ? this.carry : lt) : 0n;
    lt -= useLt;
    this.carry -= useLt;
    if (st < 0n && lt > 0n) {
      const m = -st < lt ? -st : lt;
      st += m;
      lt -= m;
    } else if (lt < 0n && st > 0n) {
      const m = -lt < st ? -lt : st;
      lt += m;
      st -= m;
    }
    let ordinary = ordinaryIncome;
    const netLoss = (st < 0n ? -st : 0n) + (lt < 0n ? -lt : 0n);
    if (netLoss > 0n) {
      const offset = netLoss < 3_000n * MONEY_SCALE ? netLoss : 3_000n * MONEY_SCALE;
      ordinary -= offset;
      this.carry += netLoss - offset;
    }
    const tax =
      bps(st > 0n ? st : 0n, BigInt(this.p.shortTermBps)) +
      bps(lt > 0n ? lt : 0n, BigInt(this.p.longTermBps)) +
      bps(ordinary, BigInt(this.p.shortTermBps));
    this.paid += tax;
    return tax;
  }
}

/** Runs one policy over one market path. */
export function runPath(market: readonly MarketDay[], policy: Policy, params: BenchParams = DEFAULT_BENCH_PARAMS): PathResult {
  const symbols = Object.keys(market[0].prices);
  const n = symbols.length;
  const qty = new Map<string, bigint>(symbols.map((s) => [s, 0n]));
  let cash = params.initialUsd;
  const ledger: LedgerEvent[] = [];
  const variance = new Array<number>(n).fill(0);
  let samples = 0;
  const lockedUntil = new Map<string, number>(); // asset → day
  const parkedIn = new Map<string, string>(); // locked asset → substitute
  const tax = new TaxAccount(params);
  let ordinaryIncome = 0n;
  let harvests = 0;
  let harvestedLoss = 0n;
  let rebalances = 0;
  let deferredTrims = 0;
  let txSeq = 0;
  let traded = 0n;
  let tradingCosts = 0n;
  const dailyNav: number[] = [];
  let lotsCache: { size: number; lots: Lot[] } | undefined;
  const startDay = Math.floor(market[0].timestamp / DAY_S);
  // policy (e) names the lots of every sale (least tax first) and the engine relieves exactly those
  const method = policy === "taxAware" ? "specific" : "hifo";
  const defersTrims = policy === "deferral" || policy === "taxAware";
  const rates = { shortTermBps: params.shortTermBps, longTermBps: params.longTermBps };

  const record = (kind: LedgerEvent["kind"], asset: string, day: number, quantity: bigint, value: bigint, fee: bigint, lot?: string) => {
    if (quantity <= 0n) return;
    const raw = `0x${(++txSeq).toString(16)}`;
    ledger.push({ kind, wallet: WALLET, asset, time: (startDay + day) * DAY_MS + txSeq, quantity, value, fee, tx: { raw, hash: raw }, ...(lot ? { lot } : {}) });
  };
  /** under specific identification: the lot ids a sale of `q` relieves, least tax first */
  const lotsFor = (asset: string, q: bigint, price: bigint, day: number): string | undefined => {
    if (method !== "specific" || q <= 0n) return undefined;
    const lots = openLotsFromEngine(openLots()).filter((l) => l.asset === asset);
    const ids: string[] = [];
    for (const pick of chooseLots(lots, q, price, startDay + day, rates)) if (!ids.includes(pick.lotId)) ids.push(pick.lotId);
    return ids.join(";");
  };
  const openLots = (): Lot[] => {
    if (!lotsCache || lotsCache.size !== ledger.length) lotsCache = { size: ledger.length, lots: computeGains(ledger, { method, washSales: params.washSales }).lots };
    return lotsCache.lots;
  };
  const sell = (asset: string, q: bigint, price: bigint, day: number, kind: "sell" | "harvest") => {
    const value = valueOf(q, price);
    const fee = bps(value, params.tradeCostBps);
    const lot = lotsFor(asset, q, price, day);
    qty.set(asset, qty.get(asset)! - q);
    cash += value - fee;
    traded += value;
    tradingCosts += fee;
    record(kind, asset, day, q, value, fee, lot);
    return value - fee;
  };
  const buy = (asset: string, usd: bigint, price: bigint, day: number) => {
    const fee = bps(usd, params.tradeCostBps);
    const q = qtyFor(usd - fee, price);
    qty.set(asset, qty.get(asset)! + q);
    cash -= usd;
    traded += usd;
    tradingCosts += fee;
    record("buy", asset, day, q, usd - fee, fee);
  };
  const mayDeferTrim = (asset: string, q: bigint, driftBps: number, day: number, price: bigint, riskOff: boolean) => {
    const lots = openLotsFromEngine(openLots()).filter((l) => l.asset === asset);
    const trim = priceTrim(lots, q, price, startDay + day, rates, method === "specific" ? "leastTax" : "hifo");
    const decision = decideTrim(trim, driftBps, startDay + day, { riskOff, safeMode: false }, params.trimDeferral);
    if (decision.defer) return true;
    if (decision.forced) return false;
    const since = dueSince.get(asset) ?? day;
    if (!waitForCalm(sigmaHistory.get(asset)!, params.trimDeferral.calmWindowDays, day - since)) return false;
    dueSince.set(asset, since);
    return true;
  };
  const dueSince = new Map<string, number>(); // asset → first day a calm-timed trim came due
  const sigmaHistory = new Map<string, number[]>(symbols.map((s) => [s, []]));
  const isLocked = (a: string, day: number) => (lockedUntil.get(a) ?? -1) > day;
  const yearOf = (day: number) => new Date((startDay + day) * DAY_MS).getUTCFullYear();
  const settleYear = (year: number) => {
    const g: Annual = { st: 0n, lt: 0n };
    for (const d of computeGains(ledger, { method, washSales: params.washSales }).disposals) {
      if (new Date(d.soldDay * DAY_MS).getUTCFullYear() !== year) continue;
      const gain = d.proceeds - d.costBasis + d.adjustment;
      if (d.term === "short") g.st += gain;
      else g.lt += gain;
    }
    const t = tax.settle(g, ordinaryIncome);
    ordinaryIncome = 0n;
    if (params.payTaxes) cash -= t;
  };

  for (let i = 0; i < market.length; i++) {
    const m = market[i];
    const day = m.day;
    const prices = new Map(symbols.map((s) => [s, priceMoney(m.prices[s])]));
    // EWMA variance of daily simple returns (the oracle hub's estimator, one round per day)
    if (i > 0) {
      symbols.forEach((s, k) => {
        const r = Math.exp(m.returns[s]) - 1;
        variance[k] = samples === 0 ? r * r : LAMBDA * variance[k] + (1 - LAMBDA) * r * r;
      });
      samples++;
    }
    // income: cash yield daily (ordinary income), WETH staking quarterly (income lot)
    const cashYield = cash > 0n ? (cash * BigInt(Math.round((m.yieldApr / 365) * 1e9))) / 1_000_000_000n : 0n;
    cash += cashYield;
    ordinaryIncome += cashYield;
    if (day > 0 && day % 91 === 0 && qty.get("WETH")! > 0n) {
      const q = (qty.get("WETH")! * BigInt(Math.round(params.stakingApr * 0.25 * 1e9))) / 1_000_000_000n;
      const value = valueOf(q, prices.get("WETH")!);
      qty.set("WETH", qty.get("WETH")! + q);
      record("income", "WETH", day, q, value, 0n);
      ordinaryIncome += value;
    }
    const last = i === market.length - 1;
    if (last) {
      for (const s of symbols) sell(s, qty.get(s)!, prices.get(s)!, day, "sell");
      settleYear(yearOf(day));
      break;
    }

    // harvesting
    if (policy === "naive" && day > 0 && day % 30 === 0) {
      const lots = openLots();
      for (const s of symbols) {
        if (isLocked(s, day) || qty.get(s)! === 0n) continue;
        const basis = lots.filter((l) => l.asset === s).reduce((a, l) => a + l.basisRemaining, 0n);
        if (valueOf(qty.get(s)!, prices.get(s)!) < basis) {
          harvestedLoss += basis - valueOf(qty.get(s)!, prices.get(s)!);
          const proceeds = sell(s, qty.get(s)!, prices.get(s)!, day, "harvest");
          if (params.washSales) {
            lockedUntil.set(s, day + LOCKOUT_DAYS);
            parkedIn.set(s, "USDC");
          } else buy(s, proceeds, prices.get(s)!, day);
          harvests++;
        }
      }
    } else if (policy === "advisor" && day > 0) {
      const now = (startDay + day) * DAY_S + 43_200;
      const lockouts = Object.fromEntries([...lockedUntil].map(([a, d]) => [a, (startDay + d) * DAY_S]));
      const advice = adviseHarvests({
        now,
        lots: openLotsFromEngine(openLots()),
        prices: Object.fromEntries(prices),
        acquisitions: acquisitionsFromLedger(ledger, now - 31 * DAY_S),
        lockouts,
        costs: { gasUsd: params.gasUsd, slippageBps: 20, dexFeeBps: 30 },
        rates: { shortTermBps: params.shortTermBps, longTermBps: params.longTermBps },
        config: params.advisorConfig,
      });
      for (const rec of advice.recommendations) {
        const q = rec.quantity < qty.get(rec.asset)! ? rec.quantity : qty.get(rec.asset)!;
        const proceeds = sell(rec.asset, q, prices.get(rec.asset)!, day, "harvest");
        cash -= params.gasUsd;
        tradingCosts += params.gasUsd;
        if (rec.substitute === rec.asset) buy(rec.asset, proceeds, prices.get(rec.asset)!, day);
        else {
          lockedUntil.set(rec.asset, day + Math.ceil((rec.lockoutUntil - now) / DAY_S));
          parkedIn.set(rec.asset, rec.substitute);
        }
        harvests++;
        harvestedLoss += rec.expectedLoss;
      }
    }

    // target weights: inverse volatility with the contracts' guards, stablecoin tilt when risky
    const sigma = variance.map((v) => (samples < 3 || v === 0 ? 0.02 : Math.min(0.5, Math.max(0.001, Math.sqrt(v)))));
    symbols.forEach((s, k) => sigmaHistory.get(s)!.push(sigma[k]));
    const inv = sigma.map((s) => 1 / s);
    const sumInv = inv.reduce((a, b) => a + b, 0);
    const w = inv.map((x) => x / sumInv);
    const sigmaP = w.reduce((a, wi, k) => a + wi * sigma[k], 0);
    const stableShare = sigmaP > 0.05 ? 0.5 : 0.1;

    const values = new Map(symbols.map((s) => [s, valueOf(qty.get(s)!, prices.get(s)!)]));
    const nav = cash + [...values.values()].reduce((a, b) => a + b, 0n);
    const target = new Map<string, bigint>();
    let stableTarget = (nav * BigInt(Math.round(stableShare * 1e6))) / 1_000_000n;
    symbols.forEach((s, k) => target.set(s, (nav * BigInt(Math.round(w[k] * (1 - stableShare) * 1e6))) / 1_000_000n));
    // lockouts: a locked asset's target is capped at its current value; the excess goes to its substitute
    for (const s of symbols) {
      if (!isLocked(s, day)) continue;
      const excess = target.get(s)! - values.get(s)!;
      if (excess <= 0n) continue;
      target.set(s, values.get(s)!);
      const sub = parkedIn.get(s);
      if (sub && target.has(sub) && !isLocked(sub, day)) target.set(sub, target.get(sub)! + excess);
      else stableTarget += excess;
    }
    // drift trigger (500 bps of NAV) on any asset, the stablecoin included
    let maxDrift = nav > 0n ? ((cash - stableTarget) * 10_000n) / nav : 0n;
    if (maxDrift < 0n) maxDrift = -maxDrift;
    for (const s of symbols) {
      let d = nav > 0n ? ((values.get(s)! - target.get(s)!) * 10_000n) / nav : 0n;
      if (d < 0n) d = -d;
      if (d > maxDrift) maxDrift = d;
    }
    if (day === 0 || maxDrift >= 500n) {
      rebalances++;
      for (const s of symbols) {
        const over = values.get(s)! - target.get(s)!;
        if (over <= 10n * MONEY_SCALE) continue;
        const q = qtyFor(over, prices.get(s)!);
        if (defersTrims && day > 0 && mayDeferTrim(s, q, Number((over * 10_000n) / nav), day, prices.get(s)!, stableShare > 0.1)) {
          deferredTrims++;
          continue;
        }
        dueSince.delete(s);
        sell(s, q, prices.get(s)!, day, "sell");
      }
      for (const s of symbols) {
        const under = target.get(s)! - values.get(s)!;
        if (under > 10n * MONEY_SCALE && !isLocked(s, day)) buy(s, under < cash ? under : cash, prices.get(s)!, day);
      }
    }

    dailyNav.push(Number((cash + symbols.reduce((a, s) => a + valueOf(qty.get(s)!, prices.get(s)!), 0n)) / (MONEY_SCALE / 100n)) / 100);
    if (yearOf(day + 1) !== yearOf(day)) settleYear(yearOf(day));
  }

  const final = computeGains(ledger, { method, washSales: params.washSales });
  const washDisallowed = final.disposals.reduce((a: bigint, d: DisposalRow) => a + d.adjustment, 0n);
  const harvestWashDisallowed = final.disposals.reduce((a: bigint, d: DisposalRow) => a + (d.kind === "harvest" ? d.adjustment : 0n), 0n);
  return { afterTax: cash, taxesPaid: params.payTaxes ? tax.paid : 0n, harvests, harvestedLoss, washDisallowed, harvestWashDisallowed, rebalances, deferredTrims, traded, tradingCosts, dailyNav };
}

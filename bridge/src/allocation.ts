/**
 * The cross-chain allocation's two rules, as pure functions (no chain access): the per-chain target shares
 * the home governance sets on the coordinator, and the keeper's decision to move stablecoin between the two
 * vaults. Rates (yield, volatility, risk aversion, the horizon in days) are plain numbers in the inputs; money is
 * never a float: every USD figure is bigint USD in WAD (1e18, as the vaults' `navUsd` reports it), the amount to
 * move is in stablecoin base units.
 *
 * Fixed point. Each rate is converted once to a bigint scaled by 1e18 (`rateToFixed`): the number's shortest
 * decimal form (what JS prints: 0.04 is exactly 0.04) times 1e18, rounded half away from zero. From there the money
 * arithmetic is all bigint; each figure is one exact fraction of the inputs divided once, rounded as stated below.
 *
 * Shares — mean-variance over independent chains. Each chain i has a net yield
 *   yᵢ = yieldᵢ − gasUsdPerYearᵢ / capitalUsd        (the keeper's gas there is a drag on the whole portfolio)
 * and a variance vᵢ = max(σᵢ, minVolatility)² of its vault's value. The shares maximise the certainty
 * equivalent U(w) = Σ wᵢ yᵢ − (γ/2) Σ wᵢ² vᵢ (γ the relative risk aversion) with Σ wᵢ = 1, wᵢ ≥ 0:
 *   wᵢ = max(0, (yᵢ − μ) / (γ vᵢ)),  μ chosen so the shares sum to 1 (chains with yᵢ ≤ μ get 0, μ recomputed).
 * Higher yield and lower volatility raise a chain's share; a chain whose net yield is below the others' by
 * more than its risk is worth gets none. The gas drag comes from the bigint money (gas WAD × 1e18 / capital WAD,
 * rounded half away from zero, subtracted from the fixed-point yield); the weights themselves are computed in
 * numbers, as they only produce bps, not money. Shares are floored to bps and the remainder (< n bps) goes to the
 * largest share (lowest index on ties), so they sum to exactly 10,000.
 *
 * Move — with wᵢ the chains' actual shares of the total value (in-flight amounts counted on the sending chain,
 * as the mover's NAV does) and tᵢ the targets: do nothing while every |wᵢ − tᵢ| ≤ thresholdBps. Otherwise move
 * from the most over-allocated chain to the most under-allocated one the smaller of their two gaps, at most
 * maxPerMove, when the gain over the horizon beats the costs (strictly):
 *   gain = (U(w after) − U(w before)) · total · horizonDays / 365
 *   cost = bridge fee (source) + the move's gas (source) + the settle's gas (source) + the delivery's gas (destination)
 * With Aᵢ, Bᵢ the chains' values after and before (USD WAD) and T their total (a move keeps it), the gain is
 *   ΔU·T = Σ (Aᵢ − Bᵢ)·yᵢ − (γ/2)·Σ (Aᵢ² − Bᵢ²)/T · vᵢ,  times horizonDays/365,
 * computed as one bigint fraction (yᵢ kept as (yieldᵢ·capital − gasᵢ)/capital, vᵢ as the square of the fixed σ)
 * and rounded once to WAD, half away from zero. The costs are bigint USD WAD from the caller (allocationPass.ts
 * prices gas × gas price × native price exactly, rounding up). U is concave with its maximum at the targets, so a
 * move towards them always gains, and the gain grows with the square of the drift: small drifts wait, large ones
 * pay for the bridge. The destination's delivery gas is paid by the relayer out of the bridge fee; it is counted
 * as well, so the rule never under-states a move's cost.
 */

export const MAX_BPS = 10_000;
const WAD = 10n ** 18n;
/** The fixed-point scale of rates (1e18, as WAD). */
export const RATE_ONE = WAD;

/** n / d rounded half away from zero (d > 0). */
function divRound(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  const twice = (r < 0n ? -r : r) * 2n;
  return twice >= d ? q + (n < 0n ? -1n : 1n) : q;
}

/**
 * A rate (a plain number, e.g. 0.04 for 4 %) as a bigint scaled by 1e18: the number's shortest decimal form (what
 * JS prints) times 1e18, rounded half away from zero. Throws on NaN or ±Infinity.
 */
export function rateToFixed(x: number, what = "rate"): bigint {
  if (!Number.isFinite(x)) throw new Error(`allocation: ${what} is ${x}`);
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(x));
  if (!m) throw new Error(`allocation: ${what} ${x} has no decimal form`);
  const frac = m[3] ?? "";
  const digits = BigInt(m[2] + frac) * (m[1] === "-" ? -1n : 1n);
  const exp = Number(m[4] ?? 0) - frac.length + 18;
  return exp >= 0 ? digits * 10n ** BigInt(exp) : divRound(digits, 10n ** BigInt(-exp));
}

/** USD WAD as dollars to the cent, rounded half away from zero: 247874016… → "247.87", −5·10¹⁵ → "-0.01". */
export function formatUsd(x: bigint): string {
  const cents = divRound(x, 10n ** 16n);
  const abs = cents < 0n ? -cents : cents;
  return `${cents < 0n ? "-" : ""}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
}

export interface ChainFigures {
  eid: number;
  name?: string;
  /** Annual yield of the chain's vault, a fraction (0.05 = 5 %). */
  yield: number;
  /** Annual volatility of the chain's vault value, a fraction. */
  volatility: number;
  /** USD the keeper spends on gas on this chain in a year, WAD. */
  gasUsdPerYear: bigint;
}

export interface ShareRuleOptions {
  /** Total portfolio value, USD WAD (spreads each chain's yearly gas as a drag). */
  capitalUsd: bigint;
  /** γ, relative risk aversion; default 4. */
  riskAversion?: number;
  /** Floor on σ, so a chain reporting none does not take everything; default 0.5 %. */
  minVolatility?: number;
}

export interface ShareFigures {
  eid: number;
  /** Net yield (a rate) as a number, from the fixed-point figure. */
  netYield: number;
  variance: number;
  weight: number;
  bps: number;
}

export const DEFAULT_RISK_AVERSION = 4;
export const DEFAULT_MIN_VOLATILITY = 0.005;

/** A chain's rates in fixed point (1e18). */
interface FixedChain {
  yield: bigint;
  /** max(σ, minVolatility), 1e18. */
  sigma: bigint;
  gas: bigint;
}

function checkChains(chains: readonly ChainFigures[], minVolatility: number): FixedChain[] {
  if (chains.length === 0) throw new Error("allocation: no chains");
  const seen = new Set<number>();
  const minVol = rateToFixed(minVolatility, "minVolatility");
  if (minVol < 0n) throw new Error(`allocation: minVolatility ${minVolatility} is negative`);
  return chains.map((c) => {
    if (seen.has(c.eid)) throw new Error(`allocation: chain ${c.eid} listed twice`);
    seen.add(c.eid);
    const y = rateToFixed(c.yield, `chain ${c.eid} yield`);
    const sigma = rateToFixed(c.volatility, `chain ${c.eid} volatility`);
    if (typeof c.gasUsdPerYear !== "bigint") throw new Error(`allocation: chain ${c.eid} gasUsdPerYear is not a bigint (USD WAD)`);
    if (sigma < 0n || c.gasUsdPerYear < 0n) throw new Error(`allocation: chain ${c.eid} has a negative volatility or gas`);
    return { yield: y, sigma: sigma > minVol ? sigma : minVol, gas: c.gasUsdPerYear };
  });
}

/** Mean-variance weights (see the header), before rounding to bps. */
function weights(net: number[], variance: number[], gamma: number): number[] {
  let active = net.map((_, i) => i);
  for (;;) {
    const inv = active.map((i) => 1 / (gamma * variance[i]));
    const mu = (active.reduce((s, i, k) => s + net[i] * inv[k], 0) - 1) / inv.reduce((s, x) => s + x, 0);
    const keep = active.filter((i) => net[i] > mu);
    if (keep.length === active.length || keep.length === 0) {
      const w = net.map(() => 0);
      if (keep.length === 0) {
        // every chain at the same (or no) edge: all to the best net yield
        const best = active.reduce((b, i) => (net[i] > net[b] ? i : b), active[0]);
        w[best] = 1;
        return w;
      }
      active.forEach((i, k) => (w[i] = (net[i] - mu) * inv[k]));
      return w;
    }
    active = keep;
  }
}

/** Floors weights to bps; the remainder goes to the largest (lowest index on ties). */
export function toBps(w: readonly number[]): number[] {
  const bps = w.map((x) => Math.floor(x * MAX_BPS + 1e-9));
  const rest = MAX_BPS - bps.reduce((s, b) => s + b, 0);
  let top = 0;
  w.forEach((x, i) => {
    if (x > w[top]) top = i;
  });
  bps[top] += rest;
  return bps;
}

/** The per-chain target shares (bps summing to 10,000) from each chain's yield, volatility and gas. */
export function targetShares(chains: readonly ChainFigures[], options: ShareRuleOptions): ShareFigures[] {
  const fixed = checkChains(chains, options.minVolatility ?? DEFAULT_MIN_VOLATILITY);
  if (typeof options.capitalUsd !== "bigint" || options.capitalUsd <= 0n) throw new Error(`allocation: capitalUsd ${options.capitalUsd} must be positive (USD WAD)`);
  const gamma = Number(rateToFixed(options.riskAversion ?? DEFAULT_RISK_AVERSION, "riskAversion")) / 1e18;
  // The gas drag from the bigint money: gas WAD · 1e18 / capital WAD, half away from zero.
  const netFixed = fixed.map((c) => c.yield - divRound(c.gas * RATE_ONE, options.capitalUsd));
  const net = netFixed.map((y) => Number(y) / 1e18);
  const variance = fixed.map((c) => (Number(c.sigma) / 1e18) ** 2);
  const w = weights(net, variance, gamma);
  const bps = toBps(w);
  return chains.map((c, i) => ({ eid: c.eid, netYield: net[i], variance: variance[i], weight: w[i], bps: bps[i] }));
}

/** U(w) = Σ wᵢ yᵢ − (γ/2) Σ wᵢ² vᵢ, a year, per unit of capital (a rate, not money: the move rule computes ΔU·T in bigint). */
export function certaintyEquivalent(w: readonly number[], net: readonly number[], variance: readonly number[], gamma: number): number {
  return w.reduce((s, x, i) => s + x * net[i] - (gamma / 2) * x * x * variance[i], 0);
}

export interface MoveCosts {
  /** Native fee the mover pays the bridge on the source chain, USD WAD. */
  bridgeFeeUsd: bigint;
  /** Gas of the mover's `move` on the source chain, USD WAD. */
  sendGasUsd: bigint;
  /** Gas of the mover's `settle` on the source chain, USD WAD. */
  settleGasUsd: bigint;
  /** Gas of the delivery (verify + commit + lzReceive) on the destination chain, USD WAD. */
  deliveryGasUsd: bigint;
}

export interface MoveInput {
  chains: readonly ChainFigures[];
  /** Each chain's current value, USD WAD (its vault's navUsd, in-flight included on the sending side). */
  valuesUsd: ReadonlyMap<number, bigint>;
  /** The targets (bps by eid), as the coordinator holds them. */
  targetBps: ReadonlyMap<number, number>;
  /** Capital the yearly gas is spread over, USD WAD; default the total of `valuesUsd`. */
  capitalUsd?: bigint;
  /** Costs of a move from `src` to `dst`, USD WAD. */
  costs: (src: number, dst: number) => MoveCosts;
  /** Drift that triggers a look, bps of the total; default 500 (the rebalancer's). */
  thresholdBps?: number;
  /** Days the gain is counted over; default 30. */
  horizonDays?: number;
  /** Largest move, USD WAD (the mover's maxPerMove). */
  maxPerMoveUsd?: bigint;
  riskAversion?: number;
  minVolatility?: number;
  /** Stablecoin decimals and price (USD WAD), to turn the USD amount into base units; default 6 and $1. */
  stableDecimals?: number;
  stablePriceUsd?: bigint;
}

export type MoveVerdict = "move" | "within-threshold" | "gain-below-cost";

export interface MoveDecision {
  verdict: MoveVerdict;
  /** Chain the stablecoin leaves (most over its target) and chain it goes to (most under). */
  srcEid: number;
  dstEid: number;
  /** Actual and target shares, bps, by eid; drift = actual − target. */
  actualBps: Record<number, number>;
  targetBps: Record<number, number>;
  maxDriftBps: number;
  thresholdBps: number;
  /** What would move, USD WAD and stablecoin base units (0 when within the threshold). */
  amountUsd: bigint;
  amount: bigint;
  horizonDays: number;
  /** The move's gain over the horizon and its cost, USD WAD (0 when within the threshold). */
  gainUsd: bigint;
  costUsd: bigint;
  costs?: MoveCosts;
}

/**
 * The gain of moving from values `before` to `after` (same total T), USD WAD over the horizon (see the header):
 *   [2·T·C·1e36·Σ(Aᵢ−Bᵢ)·yᵢ − C·γ·Σ(Aᵢ²−Bᵢ²)·sᵢ²] · h / (2·T·C·1e54 · 365·1e18)
 * with yᵢ·C = yieldᵢ·C − gasᵢ·1e18 (C the capital, WAD), sᵢ the fixed σ, γ and h fixed: one division, half away from zero.
 */
function moveGain(fixed: readonly FixedChain[], before: readonly bigint[], after: readonly bigint[], total: bigint, capital: bigint, gamma: bigint, horizon: bigint): bigint {
  let linear = 0n; // Σ (A − B)·(yield·C − gas·1e18), scale WAD · 1e18 · C
  let quadratic = 0n; // Σ (A² − B²)·s², scale WAD² · 1e36
  fixed.forEach((c, i) => {
    const d = after[i] - before[i];
    if (d === 0n) return;
    linear += d * (c.yield * capital - c.gas * RATE_ONE);
    quadratic += (after[i] * after[i] - before[i] * before[i]) * c.sigma * c.sigma;
  });
  const numerator = (2n * total * 10n ** 36n * linear - capital * gamma * quadratic) * horizon;
  const denominator = 2n * total * capital * 10n ** 54n * 365n * RATE_ONE;
  return divRound(numerator, denominator);
}

/** The keeper's move decision (see the header). */
export function decideMove(input: MoveInput): MoveDecision {
  const { chains } = input;
  const fixed = checkChains(chains, input.minVolatility ?? DEFAULT_MIN_VOLATILITY);
  const threshold = input.thresholdBps ?? 500;
  const horizonDays = input.horizonDays ?? 30;
  const horizon = rateToFixed(horizonDays, "horizonDays");
  const gamma = rateToFixed(input.riskAversion ?? DEFAULT_RISK_AVERSION, "riskAversion");
  if (horizon < 0n || gamma < 0n) throw new Error("allocation: horizonDays and riskAversion must not be negative");
  const values = chains.map((c) => {
    const v = input.valuesUsd.get(c.eid);
    if (v === undefined || v < 0n) throw new Error(`allocation: no value for chain ${c.eid}`);
    return v;
  });
  const targets = chains.map((c) => {
    const t = input.targetBps.get(c.eid);
    if (t === undefined || !Number.isInteger(t) || t < 0) throw new Error(`allocation: no target share for chain ${c.eid}`);
    return t;
  });
  if (targets.reduce((s, t) => s + t, 0) !== MAX_BPS) throw new Error(`allocation: target shares sum to ${targets.reduce((s, t) => s + t, 0)} bps, not ${MAX_BPS}`);
  const total = values.reduce((s, v) => s + v, 0n);
  if (total === 0n) throw new Error("allocation: nothing to allocate (every chain's value is 0)");
  const capitalUsd = input.capitalUsd ?? total;
  if (capitalUsd <= 0n) throw new Error(`allocation: capitalUsd ${capitalUsd} must be positive (USD WAD)`);

  const actualBps = values.map((v) => Number((v * BigInt(MAX_BPS)) / total));
  const driftWad = values.map((v, i) => v - (total * BigInt(targets[i])) / BigInt(MAX_BPS)); // + over, − under
  let src = 0;
  let dst = 0;
  driftWad.forEach((d, i) => {
    if (d > driftWad[src]) src = i;
    if (d < driftWad[dst]) dst = i;
  });
  const driftBps = actualBps.map((a, i) => a - targets[i]);
  const maxDriftBps = Math.max(...driftBps.map(Math.abs));
  const record = (xs: number[]) => Object.fromEntries(chains.map((c, i) => [c.eid, xs[i]]));
  const base = {
    srcEid: chains[src].eid,
    dstEid: chains[dst].eid,
    actualBps: record(actualBps),
    targetBps: record(targets),
    maxDriftBps,
    thresholdBps: threshold,
    horizonDays,
  };
  if (maxDriftBps <= threshold || src === dst) {
    return { ...base, verdict: "within-threshold", amountUsd: 0n, amount: 0n, gainUsd: 0n, costUsd: 0n };
  }

  let amountUsd = driftWad[src] < -driftWad[dst] ? driftWad[src] : -driftWad[dst];
  if (input.maxPerMoveUsd !== undefined && amountUsd > input.maxPerMoveUsd) amountUsd = input.maxPerMoveUsd;
  const decimals = input.stableDecimals ?? 6;
  const price = input.stablePriceUsd ?? WAD;
  const amount = (amountUsd * 10n ** BigInt(decimals)) / price;

  const afterValues = values.map((v, i) => (i === src ? v - amountUsd : i === dst ? v + amountUsd : v));
  const gainUsd = moveGain(fixed, values, afterValues, total, capitalUsd, gamma, horizon);
  const costs = input.costs(chains[src].eid, chains[dst].eid);
  for (const [key, x] of Object.entries(costs)) {
    if (typeof x !== "bigint" || x < 0n) throw new Error(`allocation: cost ${key} ${x} must be a non-negative bigint (USD WAD)`);
  }
  const costUsd = costs.bridgeFeeUsd + costs.sendGasUsd + costs.settleGasUsd + costs.deliveryGasUsd;
  return { ...base, verdict: gainUsd > costUsd ? "move" : "gain-below-cost", amountUsd, amount, gainUsd, costUsd, costs };
}

/** One log line with the decision's figures (dollars to the cent, from the bigint figures). */
export function formatDecision(d: MoveDecision): string {
  const shares = Object.keys(d.actualBps)
    .map((eid) => `${eid}: ${d.actualBps[Number(eid)]}/${d.targetBps[Number(eid)]} bps`)
    .join(", ");
  return (
    `move ${d.verdict}: ${d.srcEid} → ${d.dstEid}, actual/target ${shares}, max drift ${d.maxDriftBps} bps (threshold ${d.thresholdBps}), ` +
    `amount $${formatUsd(d.amountUsd)} (${d.amount} base units), gain over ${d.horizonDays} d $${formatUsd(d.gainUsd)} vs cost $${formatUsd(d.costUsd)}` +
    (d.costs
      ? ` (bridge fee ${formatUsd(d.costs.bridgeFeeUsd)}, send gas ${formatUsd(d.costs.sendGasUsd)}, settle gas ${formatUsd(d.costs.settleGasUsd)}, delivery gas ${formatUsd(d.costs.deliveryGasUsd)})`
      : "")
  );
}

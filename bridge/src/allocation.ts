/**
 * The cross-chain allocation's two rules, as pure functions (no chain access): the per-chain target shares
 * the home governance sets on the coordinator, and the keeper's decision to move stablecoin between the two
 * vaults. Rates (yield, volatility) are plain numbers (fractions a year); money is bigint (USD in WAD, as the
 * vaults' `navUsd` reports it; the amount to move in stablecoin base units).
 *
 * Shares — mean-variance over independent chains. Each chain i has a net yield
 *   yᵢ = yieldᵢ − gasUsdPerYearᵢ / capitalUsd        (the keeper's gas there is a drag on the whole portfolio)
 * and a variance vᵢ = max(σᵢ, minVolatility)² of its vault's value. The shares maximise the certainty
 * equivalent U(w) = Σ wᵢ yᵢ − (γ/2) Σ wᵢ² vᵢ (γ the relative risk aversion) with Σ wᵢ = 1, wᵢ ≥ 0:
 *   wᵢ = max(0, (yᵢ − μ) / (γ vᵢ)),  μ chosen so the shares sum to 1 (chains with yᵢ ≤ μ get 0, μ recomputed).
 * Higher yield and lower volatility raise a chain's share; a chain whose net yield is below the others' by
 * more than its risk is worth gets none. Shares are floored to bps and the remainder (< n bps) goes to the
 * largest share (lowest index on ties), so they sum to exactly 10,000.
 *
 * Move — with wᵢ the chains' actual shares of the total value (in-flight amounts counted on the sending chain,
 * as the mover's NAV does) and tᵢ the targets: do nothing while every |wᵢ − tᵢ| ≤ thresholdBps. Otherwise move
 * from the most over-allocated chain to the most under-allocated one the smaller of their two gaps, at most
 * maxPerMove, when the gain over the horizon beats the costs:
 *   gain = (U(w after) − U(w before)) · total · horizonDays / 365
 *   cost = bridge fee (source) + the move's gas (source) + the settle's gas (source) + the delivery's gas (destination)
 * U is concave with its maximum at the targets, so a move towards them always gains, and the gain grows with
 * the square of the drift: small drifts wait, large ones pay for the bridge. The destination's delivery gas is
 * paid by the relayer out of the bridge fee; it is counted as well, so the rule never under-states a move's cost.
 */

export const MAX_BPS = 10_000;
const WAD = 10n ** 18n;

export interface ChainFigures {
  eid: number;
  name?: string;
  /** Annual yield of the chain's vault, a fraction (0.05 = 5 %). */
  yield: number;
  /** Annual volatility of the chain's vault value, a fraction. */
  volatility: number;
  /** USD the keeper spends on gas on this chain in a year. */
  gasUsdPerYear: number;
}

export interface ShareRuleOptions {
  /** Total portfolio value, USD (spreads each chain's yearly gas as a drag). */
  capitalUsd: number;
  /** γ, relative risk aversion; default 4. */
  riskAversion?: number;
  /** Floor on σ, so a chain reporting none does not take everything; default 0.5 %. */
  minVolatility?: number;
}

export interface ShareFigures {
  eid: number;
  netYield: number;
  variance: number;
  weight: number;
  bps: number;
}

export const DEFAULT_RISK_AVERSION = 4;
export const DEFAULT_MIN_VOLATILITY = 0.005;

function checkChains(chains: readonly ChainFigures[]): void {
  if (chains.length === 0) throw new Error("allocation: no chains");
  const seen = new Set<number>();
  for (const c of chains) {
    if (seen.has(c.eid)) throw new Error(`allocation: chain ${c.eid} listed twice`);
    seen.add(c.eid);
    for (const key of ["yield", "volatility", "gasUsdPerYear"] as const) {
      if (!Number.isFinite(c[key])) throw new Error(`allocation: chain ${c.eid} ${key} is ${c[key]}`);
    }
    if (c.volatility < 0 || c.gasUsdPerYear < 0) throw new Error(`allocation: chain ${c.eid} has a negative volatility or gas`);
  }
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
  checkChains(chains);
  if (!(options.capitalUsd > 0)) throw new Error(`allocation: capitalUsd ${options.capitalUsd} must be positive`);
  const gamma = options.riskAversion ?? DEFAULT_RISK_AVERSION;
  const minVol = options.minVolatility ?? DEFAULT_MIN_VOLATILITY;
  const net = chains.map((c) => c.yield - c.gasUsdPerYear / options.capitalUsd);
  const variance = chains.map((c) => Math.max(c.volatility, minVol) ** 2);
  const w = weights(net, variance, gamma);
  const bps = toBps(w);
  return chains.map((c, i) => ({ eid: c.eid, netYield: net[i], variance: variance[i], weight: w[i], bps: bps[i] }));
}

/** U(w) = Σ wᵢ yᵢ − (γ/2) Σ wᵢ² vᵢ, a year, per unit of capital. */
export function certaintyEquivalent(w: readonly number[], net: readonly number[], variance: readonly number[], gamma: number): number {
  return w.reduce((s, x, i) => s + x * net[i] - (gamma / 2) * x * x * variance[i], 0);
}

export interface MoveCosts {
  /** Native fee the mover pays the bridge on the source chain, USD. */
  bridgeFeeUsd: number;
  /** Gas of the mover's `move` on the source chain, USD. */
  sendGasUsd: number;
  /** Gas of the mover's `settle` on the source chain, USD. */
  settleGasUsd: number;
  /** Gas of the delivery (verify + commit + lzReceive) on the destination chain, USD. */
  deliveryGasUsd: number;
}

export interface MoveInput {
  chains: readonly ChainFigures[];
  /** Each chain's current value, USD WAD (its vault's navUsd, in-flight included on the sending side). */
  valuesUsd: ReadonlyMap<number, bigint>;
  /** The targets (bps by eid), as the coordinator holds them. */
  targetBps: ReadonlyMap<number, number>;
  capitalUsd?: number;
  /** Costs of a move from `src` to `dst`. */
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
  gainUsd: number;
  costUsd: number;
  costs?: MoveCosts;
}

/** The keeper's move decision (see the header). */
export function decideMove(input: MoveInput): MoveDecision {
  const { chains } = input;
  checkChains(chains);
  const threshold = input.thresholdBps ?? 500;
  const horizonDays = input.horizonDays ?? 30;
  const gamma = input.riskAversion ?? DEFAULT_RISK_AVERSION;
  const minVol = input.minVolatility ?? DEFAULT_MIN_VOLATILITY;
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
  const capitalUsd = input.capitalUsd ?? Number(total / WAD);

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
    return { ...base, verdict: "within-threshold", amountUsd: 0n, amount: 0n, gainUsd: 0, costUsd: 0 };
  }

  let amountUsd = driftWad[src] < -driftWad[dst] ? driftWad[src] : -driftWad[dst];
  if (input.maxPerMoveUsd !== undefined && amountUsd > input.maxPerMoveUsd) amountUsd = input.maxPerMoveUsd;
  const decimals = input.stableDecimals ?? 6;
  const price = input.stablePriceUsd ?? WAD;
  const amount = (amountUsd * 10n ** BigInt(decimals)) / price;

  const net = chains.map((c) => c.yield - c.gasUsdPerYear / capitalUsd);
  const variance = chains.map((c) => Math.max(c.volatility, minVol) ** 2);
  const share = (xs: bigint[]) => xs.map((v) => Number((v * 10n ** 12n) / total) / 1e12);
  const before = share(values);
  const afterValues = values.map((v, i) => (i === src ? v - amountUsd : i === dst ? v + amountUsd : v));
  const after = share(afterValues);
  const totalUsd = Number(total / 10n ** 12n) / 1e6;
  const gainUsd = (certaintyEquivalent(after, net, variance, gamma) - certaintyEquivalent(before, net, variance, gamma)) * totalUsd * (horizonDays / 365);
  const costs = input.costs(chains[src].eid, chains[dst].eid);
  const costUsd = costs.bridgeFeeUsd + costs.sendGasUsd + costs.settleGasUsd + costs.deliveryGasUsd;
  return { ...base, verdict: gainUsd > costUsd ? "move" : "gain-below-cost", amountUsd, amount, gainUsd, costUsd, costs };
}

/** One log line with the decision's figures. */
export function formatDecision(d: MoveDecision): string {
  const shares = Object.keys(d.actualBps)
    .map((eid) => `${eid}: ${d.actualBps[Number(eid)]}/${d.targetBps[Number(eid)]} bps`)
    .join(", ");
  const usd = (x: bigint) => (Number(x / 10n ** 14n) / 1e4).toFixed(2);
  return (
    `move ${d.verdict}: ${d.srcEid} → ${d.dstEid}, actual/target ${shares}, max drift ${d.maxDriftBps} bps (threshold ${d.thresholdBps}), ` +
    `amount $${usd(d.amountUsd)} (${d.amount} base units), gain over ${d.horizonDays} d $${d.gainUsd.toFixed(2)} vs cost $${d.costUsd.toFixed(2)}` +
    (d.costs
      ? ` (bridge fee ${d.costs.bridgeFeeUsd.toFixed(2)}, send gas ${d.costs.sendGasUsd.toFixed(2)}, settle gas ${d.costs.settleGasUsd.toFixed(2)}, delivery gas ${d.costs.deliveryGasUsd.toFixed(2)})`
      : "")
  );
}

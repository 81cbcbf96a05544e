/**
 * What trading on the dev market's pools cost the vault and earned the market maker over a drive: the realised
 * price impact vs the oracle of every vault trade (the Rebalancer's Trade and LossHarvested events: fee included,
 * in bps), the swap fees the vault paid, and the market maker's fee yield per pool (fees owed on its positions,
 * at the oracle's prices, over the positions' value at the end, annualised over the drive's days).
 */
import { ethers } from "ethers";
import { uniswapArtifact } from "@lotgraph/contracts/src/venues/uniswap";
import type { Deployment } from "@lotgraph/contracts";

export interface PoolReport {
  /** vault trades on the pools (rebalance trades and loss harvests) */
  trades: number;
  /** realised price impact vs the oracle, fee included, over those trades (bps) */
  impactBps?: { median: number; p95: number; max: number };
  /** swap fees the vault paid, whole USD with cents */
  feesPaidUsd: string;
  /** per pool: the market maker's fees owed, its positions' value, and fees / value annualised (%) */
  marketMaker: { pool: string; feesUsd: string; valueUsd: string; feeAprPct: string }[];
}

const WAD = 10n ** 18n;
const MAX_UINT128 = 2n ** 128n - 1n;

/** A WAD-scaled figure (USD, a percentage) with two decimals, rounded half up. */
export function twoDecimals(wad: bigint): string {
  const cents = (wad * 100n + WAD / 2n) / WAD;
  const sign = cents < 0n ? "-" : "";
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
}

/** The value at rank ⌈q·n⌉ of sorted integers (nearest-rank percentile). */
export function nearestRank(sorted: number[], q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

export async function poolReport(dep: Deployment, fromBlock: number, days: number): Promise<PoolReport> {
  const market = dep.market;
  if (!market) throw new Error("poolReport: the deployment has no dev market");
  const rebalancer = dep.instances.Rebalancer;
  const oracle = dep.instances.OracleHub;
  const decimals = new Map(dep.assets.map((a) => [a.address.toLowerCase(), BigInt(a.decimals)]));
  const usd = async (token: string, amount: bigint) => (amount * ((await oracle.priceOf(token)) as bigint)) / 10n ** decimals.get(token.toLowerCase())!;

  const logs = [
    ...(await rebalancer.queryFilter(rebalancer.filters.Trade(), fromBlock)),
    ...(await rebalancer.queryFilter(rebalancer.filters.LossHarvested(), fromBlock)),
  ] as ethers.EventLog[];
  const impacts = logs.map((l) => Number(l.args.priceImpactBps as bigint)).sort((a, b) => a - b);
  let fees = 0n;
  for (const l of logs) {
    const tokenIn = (l.eventName === "Trade" ? l.args.tokenIn : l.args.asset) as string;
    fees += ((l.args.feeAmountIn as bigint) * (l.args.priceInUsd as bigint)) / 10n ** decimals.get(tokenIn.toLowerCase())!;
  }

  const provider = dep.signer.provider as ethers.JsonRpcProvider;
  const mm = await provider.getSigner(market.marketMaker);
  const npm = new ethers.Contract(market.uniswap.NonfungiblePositionManager, uniswapArtifact("NonfungiblePositionManager").abi, mm);
  const perPool = new Map<string, { fees: bigint; value: bigint }>();
  const count = Number(await npm.balanceOf(market.marketMaker));
  const deadline = BigInt((await provider.getBlock("latest"))!.timestamp) + 3600n;
  for (let i = 0; i < count; i++) {
    const id: bigint = await npm.tokenOfOwnerByIndex(market.marketMaker, i);
    const pos = await npm.positions(id);
    const pool = market.pools.find((p) => p.token0 === pos.token0 && p.token1 === pos.token1 && BigInt(p.feeTier) === pos.fee);
    if (!pool) continue;
    const key = `${pool.asset}/${pool.quote} ${pool.feeTier / 10_000} %`;
    const [f0, f1] = await npm.collect.staticCall({ tokenId: id, recipient: market.marketMaker, amount0Max: MAX_UINT128, amount1Max: MAX_UINT128 });
    const [v0, v1] = await npm.decreaseLiquidity.staticCall({ tokenId: id, liquidity: pos.liquidity, amount0Min: 0n, amount1Min: 0n, deadline });
    const acc = perPool.get(key) ?? { fees: 0n, value: 0n };
    acc.fees += (await usd(pos.token0, f0)) + (await usd(pos.token1, f1));
    acc.value += (await usd(pos.token0, v0)) + (await usd(pos.token1, v1));
    perPool.set(key, acc);
  }
  const marketMaker = [...perPool].map(([pool, { fees: f, value }]) => ({
    pool,
    feesUsd: twoDecimals(f),
    valueUsd: twoDecimals(value),
    feeAprPct: value > 0n && days > 0 ? twoDecimals((f * 100n * 365n * WAD) / (value * BigInt(days))) : "0.00",
  }));
  return {
    trades: logs.length,
    ...(impacts.length ? { impactBps: { median: nearestRank(impacts, 0.5), p95: nearestRank(impacts, 0.95), max: impacts[impacts.length - 1] } } : {}),
    feesPaidUsd: twoDecimals(fees),
    marketMaker,
  };
}

/** One line per figure, for a run's log. */
export function formatPoolReport(r: PoolReport): string[] {
  const impact = r.impactBps ? `realised impact vs the oracle (fee included) median ${r.impactBps.median} bps, p95 ${r.impactBps.p95}, max ${r.impactBps.max}` : "no impact measured";
  return [
    `pools: ${r.trades} vault trades; ${impact}; swap fees paid $${r.feesPaidUsd}`,
    ...r.marketMaker.map((m) => `  market maker in ${m.pool}: fees $${m.feesUsd} on $${m.valueUsd} (${m.feeAprPct} % a year)`),
  ];
}

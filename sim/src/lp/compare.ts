/**
 * The LP bench's statistics over paths (src/lp/run.ts): each policy's per-path figures, their mean ± 95 %
 * interval (1.96·sd/√n), and the manager against full range. Per-path figures are computed from bigint base
 * units; only the statistics over paths are floats (printing).
 */
import type { PathResult, PolicyName, StrategyResult } from "./run";

/** `x` stablecoin base units as a share of the path's capital a year, in millionths (ppm/yr). */
export const perYearPpm = (x: bigint, r: PathResult): bigint => (x * 365n * 1_000_000n) / (r.capital * BigInt(r.days));

/** Stablecoin base units (6 decimals) as whole dollars (printing only). */
export const usd = (x: bigint): number => Number(x) / 1e6;

/** ppm/yr as %/yr (printing only). */
export const pct = (ppm: bigint): number => Number(ppm) / 1e4;

export interface Stat {
  mean: number;
  half: number;
}

export function stat(xs: number[]): Stat {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, n - 1));
  return { mean, half: (1.96 * sd) / Math.sqrt(n) };
}

/** Per path: the manager's net minus full range's, as %/yr of the capital. */
export const netEdgePct = (r: PathResult): number => pct(perYearPpm(r.manager.net - r.full.net, r));

export interface Summary {
  edge: Stat;
  ahead: number;
  paths: number;
  line: string;
}

/** The manager (c) against full range (a): mean net difference a year and on how many paths it ends ahead. */
export function summarise(results: PathResult[]): Summary {
  const edge = stat(results.map(netEdgePct));
  const ahead = results.filter((r) => r.manager.net > r.full.net).length;
  const x = edge.mean.toFixed(2);
  const signed = x.startsWith("-") ? x : `+${x}`;
  return { edge, ahead, paths: results.length, line: `manager vs full range: net ${signed} %/yr, ahead on ${ahead}/${results.length} paths` };
}

/** The table's rows: a label and each policy's per-path figure. */
export const ROWS: [string, (s: StrategyResult, r: PathResult) => number][] = [
  ["fee APR, %/yr", (s, r) => pct(perYearPpm(s.fees, r))],
  ["fees, USD", (s) => usd(s.fees)],
  ["IL vs holding, USD", (s) => usd(s.impermanentLoss)],
  ["gas, USD", (s) => usd(s.gas)],
  ["swap costs, USD", (s) => usd(s.swapCost)],
  ["net vs holding, USD", (s) => usd(s.net)],
  ["net vs holding, %/yr", (s, r) => pct(perYearPpm(s.net, r))],
  ["re-ranges", (s) => s.reranges],
];

export const column = (results: PathResult[], p: PolicyName, f: (s: StrategyResult, r: PathResult) => number): Stat => stat(results.map((r) => f(r[p], r)));

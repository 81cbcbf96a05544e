import { DEFAULT_ASSETS, type DeployOptions } from "@lotgraph/contracts";
import { defaultFeedFaults, defaultMarket, type MarketConfig } from "@lotgraph/sim";

/** The risk assets a simulation can hold (the stablecoin is always there). */
export const RISK_ASSETS = DEFAULT_ASSETS.filter((a) => !a.isStable).map((a) => a.symbol);

/** Parses `--assets WETH,LINK`: known symbols, no repeats, at least one. */
export function parseAssets(text: string): string[] {
  const symbols = text.split(",").map((s) => s.trim().toUpperCase()).filter(Boolean);
  const unknown = symbols.filter((s) => !RISK_ASSETS.includes(s));
  if (unknown.length) throw Object.assign(new Error(`--assets: ${unknown.join(", ")} is not one of ${RISK_ASSETS.join(", ")}`), { exitCode: 2 });
  if (symbols.length === 0) throw Object.assign(new Error(`--assets: name at least one of ${RISK_ASSETS.join(", ")}`), { exitCode: 2 });
  if (new Set(symbols).size !== symbols.length) throw Object.assign(new Error(`--assets: "${text}" names an asset twice`), { exitCode: 2 });
  return symbols;
}

/** The deployment for the chosen risk assets (plus the stablecoin), in the default order. */
export function deploymentFor(symbols: string[]): DeployOptions {
  return { assets: DEFAULT_ASSETS.filter((a) => a.isStable || symbols.includes(a.symbol)) };
}

/** The default market restricted to the chosen assets: their models, correlations and feed faults. */
export function marketFor(symbols: string[], seed: number, days: number): MarketConfig {
  const full = defaultMarket(seed, days);
  const keep = full.assets.map((a, i) => (symbols.includes(a.symbol) ? i : -1)).filter((i) => i >= 0);
  return {
    ...full,
    assets: keep.map((i) => full.assets[i]),
    correlation: full.correlation && keep.map((i) => keep.map((j) => full.correlation![i][j])),
    feedFaults: defaultFeedFaults(days).filter((f) => symbols.includes(f.symbol)),
  };
}

import type { ReportData } from "../src/data";

/** A small report with every section filled, for rendering tests. */
export function sampleReport(): ReportData {
  const dates = ["2025-01-01", "2025-01-02", "2025-01-03", "2025-01-04"];
  return {
    title: "lotgraph — portfolio and tax report",
    generatedAt: "2026-01-15T10:00:00Z",
    taxYear: 2025,
    network: "hardhat",
    vault: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
    graphqlUrl: "http://127.0.0.1:8000/subgraphs/name/lotgraph",
    value: dates.map((date, i) => ({ date, portfolioUsd: String(100000 + i * 1500) + ".25", benchmarkUsd: String(100000 + i * 900) })),
    weights: dates.flatMap((date, i) => [
      { date, asset: "WETH", weight: String(0.3 + i * 0.01), target: "0.3" },
      { date, asset: "WBTC", weight: String(0.4 - i * 0.01), target: "0.4" },
    ]),
    income: [{ source: "0xaaaa", asset: "USDC", harvests: 12, incomeUsd: "1234.5" }],
    gains: { shortTermUsd: "-2500.10", longTermUsd: "0", unrealizedUsd: "7300.99", disposals: 17, incomeUsd: "1234.5" },
    washSales: { enabled: false, whatIfDisallowedUsd: "0", rows: [] },
    harvesting: {
      executed: 1,
      harvestedLossUsd: "2100",
      taxSavedUsd: "777.00",
      rates: { shortTermPct: 37, longTermPct: 20 },
      rows: [{ date: "2025-01-03", asset: "WETH", quantity: "1.5", lossUsd: "2100", taxSavedUsd: "777", lockoutUntil: "2025-02-03", tx: "0xabc#4" }],
    },
    hedges: [{ asset: "WETH", fundingPaidUsd: "12.5", realizedPnlUsd: "-40", netUsd: "-52.5", impermanentLossPct: "-0.41" }],
    outputs: [{ label: "Form 8949 (CSV)", path: "reports/2025/form8949.csv" }],
  };
}

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
      { date, asset: "USDC", weight: (0.1 + i * 0.002).toFixed(6), target: "0.100000" },
      { date, asset: "WETH", weight: (0.3 + i * 0.01).toFixed(6), target: "0.300000" },
      { date, asset: "WBTC", weight: (0.6 - i * 0.012).toFixed(6), target: "0.600000" },
    ]),
    weightBasis: "Shares of the rebalanced sleeve: the tokens the vault holds itself.",
    lockouts: [{ asset: "WETH", from: "2025-01-03", until: "2025-02-02", parkedIn: "USDC" }],
    stablecoin: "USDC",
    income: [{ source: "0xaaaa", asset: "USDC", harvests: 12, incomeUsd: "1234.5" }],
    gains: {
      shortTermUsd: "-2500.10",
      longTermUsd: "0",
      unrealizedUsd: "7300.99",
      disposals: 17,
      lotChoice: { specific: 3, hifo: 12 },
      lpReading: { reading: "carryover", description: "Liquidity positions, reading 2 (carryover): tokens keep their basis." },
      incomeUsd: "1234.5",
      byAsset: [
        { asset: "WETH", disposals: 15, proceedsUsd: "40000.00", costBasisUsd: "42500.12", gainUsd: "-2500.12" },
        { asset: "USDC", disposals: 2, proceedsUsd: "1500.00", costBasisUsd: "1499.98", gainUsd: "0.02" },
      ],
      stablecoinRows: [
        { dateSold: "2025-01-02", quantity: "1000", proceedsUsd: "1000.00", costBasisUsd: "999.99", gainUsd: "0.01", tx: `0x${"1".repeat(64)}:5` },
        { dateSold: "2025-01-03", quantity: "500", proceedsUsd: "500.00", costBasisUsd: "499.99", gainUsd: "0.01", tx: `0x${"2".repeat(64)}:5` },
      ],
    },
    washSales: { enabled: false, whatIfDisallowedUsd: "0", rows: [] },
    taxAware: {
      deferredTrims: [{ date: "2025-03-04", asset: "WETH", shortTermGainUsd: "1234.5", taxUsd: "456.77", longTermFrom: "2025-04-01", driftBps: 812, ceilingBps: 1500 }],
      lotChoiceTax: { withChoiceUsd: "900.00", hifoUsd: "1000.00", savedUsd: "100.00" },
      bench: { source: "keeper/README.md (bench)", rows: [{ policy: "(e) least-tax lots + deferral", afterTaxExcessPct: "+0.06", interval: "[0.01, 0.10]", pathsAhead: 33, pathsBehind: 18 }] },
    },
    harvesting: {
      executed: 1,
      harvestedLossUsd: "2100",
      taxSavedUsd: "777.00",
      rates: { shortTermPct: 37, longTermPct: 20 },
      rows: [{ date: "2025-01-03", asset: "WETH", quantity: "1.5", lossUsd: "2100", taxSavedUsd: "777", lockoutUntil: "2025-02-03", tx: "0xabc#4" }],
    },
    hedges: [{ asset: "WETH", realizedPnlUsd: "-3009.12", fundingUsd: "3844.00", netUsd: "834.88", impermanentLossPct: "-0.41" }],
    liquidity: {
      totals: { feesUsd: "51.00", ilUsd: "-152.34", swapCostUsd: "30.13", gasUsd: null, gasUnits: null, netUsd: "-131.47", reranges: 1, skipped: 3, inRangePct: "77.8", observedDays: "45.0" },
      positions: [
        {
          tokenId: "7", pair: "WETH/USDC", feeTier: "0.30 %", open: false, opened: "2025-01-10", ended: "2025-02-09", priceLower: "1982.32", priceUpper: "2235.05",
          feesUsd: "51.00", ilUsd: "-52.34", swapCostUsd: "20.13", gasUsd: null, gasUnits: null, netUsd: "-21.47", reranges: 1, skipped: 2, inRangePct: "83.3", observedDays: "30.0",
          valueUsd: "8400.00", holdUsd: "8452.34", collections: 1,
          series: [
            { time: "2025-01-10T00:00:00.000Z", valueUsd: "7999.10", holdUsd: "8000.00", feesUsd: "0.00", price: "2000" },
            { time: "2025-01-30T00:00:00.000Z", valueUsd: "8180.40", holdUsd: "8200.00", feesUsd: "51.00", price: "2100" },
            { time: "2025-02-09T00:00:00.000Z", valueUsd: "8400.00", holdUsd: "8452.34", feesUsd: "51.00", price: "2200" },
          ],
          ticks: [
            { time: "2025-01-10T00:00:00.000Z", price: "2094.65", inRange: true },
            { time: "2025-01-20T00:00:00.000Z", price: "2157.01", inRange: true },
            { time: "2025-02-04T00:00:00.000Z", price: "2405.52", inRange: false },
          ],
          sources: [`0x${"a".repeat(64)}:2`],
        },
        {
          tokenId: "8", pair: "WETH/USDC", feeTier: "0.30 %", open: true, opened: "2025-02-09", ended: "2025-02-24", priceLower: "1946.96", priceUpper: "2519.99",
          feesUsd: "0.00", ilUsd: "-100.00", swapCostUsd: "10.00", gasUsd: null, gasUnits: null, netUsd: "-110.00", reranges: 0, skipped: 1, inRangePct: "66.7", observedDays: "15.0",
          valueUsd: "9400.00", holdUsd: "9500.00", collections: 0,
          series: [
            { time: "2025-02-09T00:00:00.000Z", valueUsd: "8300.00", holdUsd: "8300.00", feesUsd: "0.00", price: "2200" },
            { time: "2025-02-24T00:00:00.000Z", valueUsd: "9400.00", holdUsd: "9500.00", feesUsd: "0.00", price: "3000" },
          ],
          ticks: [
            { time: "2025-02-09T00:00:00.000Z", price: "2384.05", inRange: true },
            { time: "2025-02-19T00:00:00.000Z", price: "2775.72", inRange: false },
          ],
          sources: [`0x${"b".repeat(64)}:3`],
        },
      ],
    },
    outputs: [{ label: "Form 8949 (CSV)", path: "reports/2025/form8949.csv" }],
  };
}

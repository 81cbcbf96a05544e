/**
 * What the HTML report shows. Money is carried as decimal strings (exact, as the tax engine and the
 * indexer computed it); charts turn them into numbers only to place points on an axis.
 */
export interface ReportData {
  title: string;
  generatedAt: string;
  taxYear: number;
  network: string;
  vault: string;
  graphqlUrl?: string;
  value: { date: string; portfolioUsd: string; benchmarkUsd: string }[];
  weights: { date: string; asset: string; weight: string; target: string | null }[];
  income: { source: string; asset: string; harvests: number; incomeUsd: string }[];
  gains: { shortTermUsd: string; longTermUsd: string; unrealizedUsd: string; disposals: number; incomeUsd: string };
  /** Wash sales as a what-if: §1091 does not cover crypto today, so the figures above ignore it. */
  washSales: {
    enabled: boolean;
    whatIfDisallowedUsd: string;
    rows: { dateSold: string; asset: string; quantity: string; adjustmentUsd: string; tx: string }[];
  };
  harvesting: {
    /** harvest transactions (each row below is one lot of one of them) */
    executed: number;
    harvestedLossUsd: string;
    taxSavedUsd: string;
    /** the marginal rates the tax-saved estimate uses, percent */
    rates: { shortTermPct: number; longTermPct: number };
    rows: { date: string; asset: string; quantity: string; lossUsd: string; taxSavedUsd: string; lockoutUntil: string; tx: string }[];
  };
  hedges: { asset: string; fundingPaidUsd: string; realizedPnlUsd: string; netUsd: string; impermanentLossPct: string | null }[];
  outputs: { label: string; path: string }[];
}

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
  /**
   * Each asset's weight and its target, both fractions of the same total: `weightBasis` says which
   * (the rebalancer's targets are shares of the sleeve it trades, so the actual weights must be too).
   */
  weights: { date: string; asset: string; weight: string; target: string | null }[];
  weightBasis: string;
  /**
   * Wash-sale purchase lockouts (dates): meanwhile the rebalancer caps the locked asset's target at its
   * value and parks the excess in `parkedIn`, so both leave their nominal targets by design.
   */
  lockouts: { asset: string; from: string; until: string; parkedIn: string }[];
  /** the stablecoin's symbol: its disposals (spent on rebalancing buys; losses mostly swap fees) are summarised apart from the risk assets' */
  stablecoin: string;
  income: { source: string; asset: string; harvests: number; incomeUsd: string }[];
  gains: {
    shortTermUsd: string;
    longTermUsd: string;
    unrealizedUsd: string;
    /** Form 8949 rows of the tax year */
    disposals: number;
    /** the year's sales (not rows) by how their lots were chosen: named on chain at the sale (specific ID), or HIFO */
    lotChoice: { specific: number; hifo: number };
    /** how liquidity entries and exits were taxed: the reading's name and its sentence (the tax engine's LP_READING_DESCRIPTIONS) */
    lpReading: { reading: string; description: string };
    incomeUsd: string;
    /** the 8949 rows per asset: count and totals */
    byAsset: { asset: string; disposals: number; proceedsUsd: string; costBasisUsd: string; gainUsd: string }[];
    /** the stablecoin's 8949 rows, listed only inside the expandable summary */
    stablecoinRows: { dateSold: string; quantity: string; proceedsUsd: string; costBasisUsd: string; gainUsd: string; tx: string }[];
  };
  /**
   * The tax-aware strategy: trims the keeper deferred for their lots to turn long-term (its journal), what the
   * lot choice recorded on chain saved against HIFO on the same store (the engine run both ways), and the
   * bench's after-tax comparison of the policies for the same market settings.
   */
  taxAware: {
    deferredTrims: { date: string; asset: string; shortTermGainUsd: string; taxUsd: string; longTermFrom: string; driftBps: number; ceilingBps: number }[];
    /** the year's estimated tax (net short- and long-term gains at the report's rates) with the chain's identification, and with HIFO throughout */
    lotChoiceTax: { withChoiceUsd: string; hifoUsd: string; savedUsd: string };
    bench: { source: string; rows: { policy: string; afterTaxExcessPct: string; interval: string; pathsAhead: number; pathsBehind: number }[] };
  };
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
  /**
   * Per hedged asset, in cents: netUsd = realizedPnlUsd + fundingUsd exactly (the parts as shown add up).
   * fundingUsd is the vault's cash flow: positive = funding received, negative = funding paid.
   */
  hedges: { asset: string; realizedPnlUsd: string; fundingUsd: string; netUsd: string; impermanentLossPct: string | null }[];
  /** The liquidity manager's Uniswap v3 positions against holding their tokens (absent or empty: no manager indexed). */
  liquidity?: LiquidityReport;
  /** The vaults' cross-chain moves, from the store of both chains (absent: one chain). */
  crossChain?: CrossChainReport;
  outputs: { label: string; path: string }[];
}

/**
 * Dollar figures are decimal strings in cents; each net is the sum of its parts as shown
 * (fees + IL − swap costs − gas), so the page adds up to the cent.
 */
export interface LiquidityFigures {
  feesUsd: string;
  /** position value − value of holding the tokens put in (≤ 0 is a loss against holding) */
  ilUsd: string;
  swapCostUsd: string;
  /** null while the store records no gas for the manager's transactions */
  gasUsd: string | null;
  /** the gas those transactions used, in units of gas (a plain integer); null as gasUsd */
  gasUnits: string | null;
  netUsd: string;
  reranges: number;
  /** decisions that kept the position (in range, or fees below cost) */
  skipped: number;
  /** share of the observed time the pool's tick was in range, percent with one decimal; null if never observed */
  inRangePct: string | null;
  observedDays: string;
}

export interface LiquidityPositionReport extends LiquidityFigures {
  tokenId: string;
  /** "WETH/USDC" */
  pair: string;
  /** "0.30 %" */
  feeTier: string;
  open: boolean;
  opened: string;
  /** the close's date, or the date of the latest indexed figures for an open position */
  ended: string;
  /** the range as the asset's price in the stablecoin */
  priceLower: string;
  priceUpper: string;
  valueUsd: string;
  holdUsd: string;
  collections: number;
  /** the position's priced logs in chain order (ISO time; dollars; the asset's oracle price in the stablecoin) */
  series: { time: string; valueUsd: string; holdUsd: string; feesUsd: string; price: string }[];
  /** the pool's tick at each decision, as the asset's price in the stablecoin, and whether it was in range */
  ticks: { time: string; price: string; inRange: boolean }[];
  /** the logs the figures came from: "<transactionHash>:<logIndex>" */
  sources: string[];
}

export interface LiquidityReport {
  totals: LiquidityFigures;
  positions: LiquidityPositionReport[];
}

/**
 * The vaults' moves of the stablecoin between chains, each tied by its LayerZero guid: amounts in whole tokens of the
 * stablecoin (decimal strings), the bridge's fee in the sending chain's native coin, times as ISO dates and times.
 */
export interface CrossChainReport {
  stablecoin: string;
  moves: {
    guid: string;
    sentAt: string;
    fromChain: number;
    toChain: number | null;
    amountSent: string;
    amountReceived: string | null;
    nativeFee: string;
    /** "settled", "delivered" (not settled yet) or "in flight" (no delivery indexed) */
    status: string;
    sentTx: string;
    receivedTx: string | null;
  }[];
  totals: { moves: number; sent: string; received: string; nativeFee: string; settled: number; delivered: number; inFlight: number };
}

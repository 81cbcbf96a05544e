/**
 * The harvesting advisor's inputs and outputs. Units are the tax engine's (see engine/fixed.ts):
 * quantities are bigint 1e-18 units, money is bigint 1e-12 USD, prices are money per whole unit.
 * Times are epoch seconds (chain time); days are whole UTC day numbers.
 */

/** One open tax lot as the advisor sees it. */
export interface OpenLot {
  id: string;
  wallet: string;
  asset: string;
  /** units still held (1e-18) */
  quantity: bigint;
  /** basis of those units (1e-12 USD), wash-sale adjustments included */
  basis: bigint;
  /** the day the lot was acquired (a recent acquisition blocks a harvest) */
  acquiredDay: number;
  /** the day its holding period counts from (earlier when tacked by a wash sale) */
  holdingPeriodStartDay: number;
}

/** An acquisition of an asset by the taxpayer (any wallet): a buy, a swap's receipt, harvested income, a deposit. */
export interface Acquisition {
  wallet: string;
  asset: string;
  /** epoch seconds */
  time: number;
  quantity: bigint;
  kind: string;
}

export interface HarvestCosts {
  /** gas of one harvest transaction, USD (1e-12) */
  gasUsd: bigint;
  /** expected slippage, basis points of the sale's value */
  slippageBps: number;
  /** DEX fee, basis points of the sale's value */
  dexFeeBps: number;
}

export interface TaxRates {
  /** marginal rate on short-term gains (ordinary income), basis points */
  shortTermBps: number;
  /** rate on long-term gains, basis points */
  longTermBps: number;
}

export type LotSelection = "hifo" | "specific";

export interface AdvisorConfig {
  /** harvest only when the unrealized loss minus costs is at least this much (1e-12 USD) */
  minNetLoss: bigint;
  /**
   * hifo: sell the highest-cost lots first (a prefix of the HIFO order, which is what a HIFO engine relieves);
   * specific: name each lot worth selling (the sale must then carry the lot ids)
   */
  lotSelection: LotSelection;
  /** candidate substitutes per asset, in order of preference */
  substitutes: Record<string, string[]>;
  /** groups of assets treated as substantially identical to each other (e.g. ["WBTC", "cbBTC", "tBTC"]) */
  substantiallyIdentical: string[][];
  /** where the exposure goes when no substitute qualifies (e.g. the stablecoin) */
  fallbackSubstitute: string;
  /**
   * whether §1091 applies to these assets. true (the default, and always for tokenized securities): no harvest
   * after a recent acquisition, buying back locked for lockoutDays, the exposure parked in a substitute.
   * false (current US law for crypto): the asset itself is bought back at once (same exposure, lockoutDays may be 0)
   */
  washSaleRule: boolean;
  /** days buying back is locked after a harvest; at least 31 under the wash-sale rule so the 30-day window after the sale stays clear */
  lockoutDays: number;
  /**
   * trades one harvest causes, each paying slippage + DEX fee on the sold value: 1 counts the sale only;
   * an honest count is 2 without the wash-sale rule (sale + buy-back) and 4 with it (sale, substitute in,
   * substitute out, buy-back)
   */
  tradesPerHarvest: number;
  /**
   * the rate (bps) at which the basis a harvest lowers is expected to be taxed when it is realised later (a harvest
   * mostly defers tax): the estimated saving per lot is loss × (its rate − this), floored at 0. 0 counts the whole
   * tax on the loss as saved.
   */
  recaptureRateBps: number;
  /** seconds a recommendation stays valid (prices move) */
  expirySeconds: number;
}

export interface AdvisorInput {
  /** epoch seconds: when the advice is computed */
  now: number;
  lots: readonly OpenLot[];
  /** USD per whole unit (1e-12), by asset */
  prices: Readonly<Record<string, bigint>>;
  /** acquisitions of at least the last 30 days (older ones are ignored) */
  acquisitions: readonly Acquisition[];
  /** assets whose purchase is locked, until when (epoch seconds), e.g. read from the rebalancer */
  lockouts?: Readonly<Record<string, number>>;
  costs: HarvestCosts;
  rates: TaxRates;
  config: AdvisorConfig;
}

/** One lot a recommendation sells. */
export interface PickedLot {
  lotId: string;
  quantity: bigint;
  basis: bigint;
  /** value at the current price */
  value: bigint;
  /** basis − value (positive: a loss) */
  loss: bigint;
  term: "short" | "long";
}

export interface Recommendation {
  /** stable hash of what the sale is (wallet, asset, lots and their state, day): equal inputs give equal ids */
  id: string;
  wallet: string;
  asset: string;
  lotSelection: LotSelection;
  lots: PickedLot[];
  quantity: bigint;
  price: bigint;
  /** value of the units sold at the current price, before costs */
  value: bigint;
  expectedLoss: bigint;
  shortTermLoss: bigint;
  longTermLoss: bigint;
  taxSaved: bigint;
  costs: { gas: bigint; tradingCost: bigint; total: bigint };
  /** expectedLoss − costs.total */
  lossNetOfCosts: bigint;
  /** taxSaved − costs.total */
  netBenefit: bigint;
  substitute: string;
  /** epoch seconds until which the asset must not be bought back */
  lockoutUntil: number;
  /** epoch seconds after which the recommendation must not be executed */
  expiresAt: number;
  createdAt: number;
  explanation: string;
}

/** A wallet × asset the advisor looked at and did not recommend, with why (for logs). */
export interface Skipped {
  wallet: string;
  asset: string;
  reason: string;
}

export interface Advice {
  recommendations: Recommendation[];
  skipped: Skipped[];
}

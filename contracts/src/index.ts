export { loadArtifact, ARTIFACTS_DIR } from "./artifacts";
export type { Artifact } from "./artifacts";
export {
  deploySystem,
  writeDeployment,
  readDeployment,
  toDeploymentFile,
  attach,
  connectDeployment,
  contractNameOf,
  DEFAULT_ASSETS,
  DEFAULT_DEPOSITS,
  ORACLE_CONFIG,
  VENUE_CONFIG,
  TRADE_CONFIG,
  RISK_CONFIG,
  HARVEST_CONFIG,
  HEDGE_CONFIG,
  DEFAULT_YIELD_ALLOCATIONS,
  DEFAULT_LP_ASSET_AMOUNT,
  MANAGER_OPEN,
  MANAGER_COST_CONFIG,
  LP_FEE_TIER,
  HUB_SYMBOL,
  HUB_FEE_TIER,
  VENUE_TWAP_WINDOW,
  parseUnitsStrict,
  FEED_DECIMALS,
  DEV_CHAIN_IDS,
  DeployRefused,
  checkDeployTarget,
} from "./deploy";
export type { Deployment, DeploymentFile, DeployedAsset, DeployedContract, DeployOptions, AssetSpec } from "./deploy";
export {
  loadSafeArtifact,
  deploySafe,
  deployTimelock,
  deployGovernor,
  handOverToTimelock,
  safeTx,
  signSafeTransaction,
  execSafeTransaction,
  timelockBatch,
  scheduleThroughSafe,
  executeThroughSafe,
  governOnDevChain,
  TIMELOCK_ROLES,
  DEV_TIMELOCK_DELAY,
  DEV_GOVERNOR,
} from "./governance";
export type { GovernanceInfo, GovernanceOptions, SafeCall, TimelockBatch } from "./governance";
export * as scenario from "./scenario";
export { PERP_MARKET_CONFIG, PERP_POOL, deployPerpPool } from "./perp";
export type { PerpPool } from "./perp";
export { planDeploy, planDevDeploy, planBookDeploy, formatPlan, BOOK_NETWORKS } from "./networkPlan";
export type { DeployPlan, BookNetwork, Reused, Planned, PlanGap } from "./networkPlan";
export { deployLiquidityManager, deployManager, managerTiers, linkBytecode, LIQUIDITY_RANGE_CONFIG, LIQUIDITY_COST_CONFIG, LIQUIDITY_FEE_TIERS } from "./liquidity";
export type { LiquidityManagerOptions, DeployedLiquidityManager, ManagerWiring } from "./liquidity";
export {
  DEFAULT_MARKET_POOLS, DEFAULT_MARKET_RANGES, DEFAULT_NOISE, FALLBACK_POOL_DEPTH, marketPoolsFor, MARKET_MAKER_INDEX, MARKET_TRADER_INDEX, ARBITRAGE_AMOUNT_IN,
  deployMarket, findPool, poolKey, rebalancerVenue, maxHarvestAmount, venuePriceOffBps, rawPrice, arbitrageSwap, noiseSwap, swapParams, poolSqrtPrice, prepareTrader, marketRouter,
} from "./venues/market";
export type { PoolLayout, MarketPool, MarketInfo, MarketSwap, RawPrice, RebalancerVenue } from "./venues/market";

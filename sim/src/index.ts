export { Random } from "./random";
export { cholesky, uniformCorrelation } from "./linalg";
export {
  simulate,
  defaultMarket,
  compensatedDrift,
  DEFAULT_EXPECTED_RETURN,
  toFeedAnswer,
  DAY_SECONDS,
  type MarketConfig,
  type MarketDay,
  type AssetModel,
  type Regime,
  type FeedFault,
  type PriceShock,
} from "./market";
export { driveYear, defaultFeedFaults, priceSteps, moveBps, FollowerChain, keeperForSystem } from "./drive";
export type { FollowedDay } from "./drive";
export type { DriveContext, DriveSummary, DayReport, DriveKeeper, DriveStack, DriveSystem, KeeperPass } from "./drive";

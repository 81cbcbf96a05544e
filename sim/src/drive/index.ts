export { keeperForSystem, driveYear, defaultFeedFaults, progressLine, formatLiquiditySummary } from "./drive";
export type { DriveContext, DriveSummary, DayReport, DriveKeeper, DriveStack, DriveSystem, KeeperPass, LiquiditySummary } from "./drive";
export { priceSteps, moveBps } from "./steps";
export { ChainClient } from "./blocks";
export { FollowerChain } from "./follower";
export type { FollowedDay } from "./follower";

export { driveYear, defaultFeedFaults, progressLine } from "./drive";
export type { DriveContext, DriveSummary, DayReport, DriveKeeper, DriveStack, DriveSystem, KeeperPass } from "./drive";
export { priceSteps, moveBps } from "./steps";
export { ChainClient } from "./blocks";

export { runMainJob, type MainJobOptions, type MainJobResult, type Driver, type DriveContext, type DriveSummary } from "./mainJob";
export { assembleReport, DEFAULT_RATES } from "./reportData";
export { runTax, writeTaxReports } from "./taxYears";
export { parseAssets, deploymentFor, marketFor, RISK_ASSETS } from "./assets";

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
  TRADE_CONFIG,
  RISK_CONFIG,
  HARVEST_CONFIG,
  HEDGE_CONFIG,
  DEFAULT_YIELD_ALLOCATIONS,
  DEFAULT_LP_ASSET_AMOUNT,
  FEED_DECIMALS,
} from "./deploy";
export type { Deployment, DeploymentFile, DeployedAsset, DeployedContract, DeployOptions, AssetSpec } from "./deploy";
export * as scenario from "./scenario";

// Generates subgraph.yaml from a contracts deployment file (network, addresses, start blocks).
//   tsx scripts/manifest.ts --deployment networks/fixture.json --out subgraph.yaml
import * as fs from "fs";
import * as path from "path";

export interface ContractDeployment {
  address: string;
  startBlock: number;
  /** the extra addresses its data source's context carries (DataSourceSpec.contextAddresses), lower-cased */
  context?: Record<string, string>;
}

export interface Deployment {
  network: string;
  contracts: Record<string, ContractDeployment>;
}

interface DataSourceSpec {
  /** key under "contracts" in the deployment file, also the data source name (and its context.contractName) */
  name: string;
  optional: boolean;
  /**
   * also on the bridge's second chain. A deployment file is one network's (graph-cli's networks.json: one
   * data source name, an address per network): one without a Vault that lists such a data source is the
   * second chain's, where only these are read and none is required
   */
  everyChain?: boolean;
  mapping: string;
  /**
   * event interfaces whose ABIs are merged into abis/<name>.json (see scripts/abis.ts): "IFoo" is
   * interface IFoo in IFoo.sol, "IFile.IFoo" interface IFoo in IFile.sol
   */
  interfaces: string[];
  entities: string[];
  /** `receipt`: the handler reads the transaction's receipt (event.receipt), which graph-node then fetches */
  events: { signature: string; handler: string; receipt?: boolean }[];
  /**
   * addresses the mappings need that no event carries, read from the deployment entry's fields of these
   * names into the data source's context (`optional` ones may be absent); the Vault's address is added as `vault`
   */
  contextAddresses?: { required: string[]; optional: string[] };
}

const UPKEEP = {
  signature: "UpkeepPerformed(indexed uint8,indexed address,bytes)",
  handler: "handleUpkeepPerformed",
};

/** Role, pause and upgrade events of every managed module (IManagedEvents), handled in mappings/managed.ts. */
const MANAGED = [
  { signature: "ManagementTransferStarted(indexed address,indexed address)", handler: "handleManagementTransferStarted" },
  { signature: "ManagementTransferred(indexed address,indexed address)", handler: "handleManagementTransferred" },
  { signature: "KeeperSet(indexed address,bool)", handler: "handleKeeperSet" },
  { signature: "GuardianSet(indexed address)", handler: "handleGuardianSet" },
  { signature: "Paused(address)", handler: "handlePaused" },
  { signature: "Unpaused(address)", handler: "handleUnpaused" },
  { signature: "Upgraded(indexed address)", handler: "handleUpgraded" },
];
const GOVERNANCE_ENTITIES = ["GovernanceChange", "ManagedContract"];

const OFT_EVENTS = [
  { signature: "OFTSent(indexed bytes32,uint32,indexed address,uint256,uint256)", handler: "handleOFTSent" },
  { signature: "OFTReceived(indexed bytes32,uint32,indexed address,uint256)", handler: "handleOFTReceived" },
];

/**
 * One data source per emitting contract; its ABI merges the event interfaces it may emit. UpkeepPerformed
 * is listened for on every contract with keeper entry points (and on the optional "KeeperGateway",
 * the keeper entry point that emits it in the deployed system), so whichever of them emits it is indexed.
 */
export const DATA_SOURCES: DataSourceSpec[] = [
  {
    name: "Vault",
    optional: false,
    mapping: "./src/mappings/vault.ts",
    interfaces: ["IVaultEvents", "IConfigEvents.IVaultConfigEvents", "IManagedEvents"],
    entities: ["Vault", "Asset", "Position", "Lot", "Deposit", "Withdrawal", "ModuleChange", "CrossChainMover", "EmergencyExit", "VaultDailySnapshot", "PositionDailySnapshot", ...GOVERNANCE_ENTITIES],
    events: [
      { signature: "AssetAdded(indexed address,uint8,string,bool)", handler: "handleAssetAdded" },
      { signature: "Deposited(indexed address,indexed address,uint256,uint256)", handler: "handleDeposited" },
      { signature: "Withdrawn(indexed address,indexed address,uint256,uint256)", handler: "handleWithdrawn" },
      { signature: "ModuleSet(indexed bytes32,indexed address)", handler: "handleModuleSet" },
      { signature: "EmergencyExit(indexed address,uint256)", handler: "handleEmergencyExit" },
      { signature: "OwnershipTransferStarted(indexed address,indexed address)", handler: "handleOwnershipTransferStarted" },
      { signature: "OwnershipTransferred(indexed address,indexed address)", handler: "handleOwnershipTransferred" },
      ...MANAGED,
    ],
  },
  {
    name: "Rebalancer",
    optional: false,
    mapping: "./src/mappings/rebalancer.ts",
    interfaces: ["IRebalancerEvents", "IKeeperEvents", "IConfigEvents.IRebalancerConfigEvents", "IManagedEvents"],
    entities: ["Trade", "Rebalance", "PendingRebalance", "Lot", "Disposal", "TransactionDisposal", "LossHarvest", "PurchaseLockout", "TargetWeightsUpdate", "Upkeep", "Position", "VaultDailySnapshot", "PositionDailySnapshot", ...GOVERNANCE_ENTITIES],
    events: [
      { signature: "TargetWeightsUpdated(address[],uint256[],uint256[],bool)", handler: "handleTargetWeightsUpdated" },
      { signature: "Rebalance(indexed address,indexed uint256,uint256,uint256,uint256,uint256)", handler: "handleRebalance" },
      { signature: "Trade(indexed address,indexed uint256,indexed address,address,uint256,uint256,uint256,uint256,uint256,uint24,address,uint256,int256)", handler: "handleTrade" },
      { signature: "LossHarvested(indexed address,indexed address,indexed address,uint256,uint256,uint256,uint256,uint256,uint256,address,uint256,int256)", handler: "handleLossHarvested" },
      { signature: "PurchaseLockoutSet(indexed address,uint256,address)", handler: "handlePurchaseLockoutSet" },
      UPKEEP,
      { signature: "TradeConfigSet((uint256,uint256,uint256,uint256,uint256,uint24,uint256))", handler: "handleTradeConfigSet" },
      { signature: "RiskConfigSet((uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256))", handler: "handleRiskConfigSet" },
      { signature: "VenueConfigSet((uint256,uint32,uint256))", handler: "handleVenueConfigSet" },
      { signature: "RouterSet(address)", handler: "handleRouterSet" },
      { signature: "SubstituteSet(indexed address,address)", handler: "handleSubstituteSet" },
      { signature: "FeeTierSet(indexed address,uint24)", handler: "handleFeeTierSet" },
      ...MANAGED,
    ],
  },
  {
    name: "Harvester",
    optional: false,
    mapping: "./src/mappings/harvester.ts",
    interfaces: ["IHarvesterEvents", "IHarvesterAllocationEvents", "IHarvesterSourceEvents", "IKeeperEvents", "IConfigEvents.IHarvesterConfigEvents", "IManagedEvents"],
    entities: ["YieldSource", "YieldSourceEvent", "Harvest", "Lot", "Upkeep", "Position", "VaultDailySnapshot", "PositionDailySnapshot", ...GOVERNANCE_ENTITIES],
    events: [
      { signature: "YieldSourceAdded(indexed address,indexed address)", handler: "handleYieldSourceAdded" },
      { signature: "Allocated(indexed address,indexed address,indexed address,uint256,uint256)", handler: "handleAllocated" },
      { signature: "Harvest(indexed address,indexed address,indexed address,uint256,uint256,uint256,uint256)", handler: "handleHarvest" },
      { signature: "SourceImpaired(indexed address)", handler: "handleSourceImpaired" },
      { signature: "SourceShutdown(indexed address,indexed address,uint256,uint256)", handler: "handleSourceShutdown" },
      { signature: "SourceRemoved(indexed address,uint256)", handler: "handleSourceRemoved" },
      { signature: "SourceExitFailed(indexed address,bytes)", handler: "handleSourceExitFailed" },
      UPKEEP,
      { signature: "ConfigSet(uint256,uint256)", handler: "handleConfigSet" },
      ...MANAGED,
    ],
  },
  {
    name: "Hedger",
    optional: false,
    mapping: "./src/mappings/hedger.ts",
    interfaces: ["IHedgerEvents", "IHedgerMarginEvents", "IKeeperEvents", "IConfigEvents.IHedgerConfigEvents", "IManagedEvents"],
    entities: ["Hedge", "HedgeDecision", "HedgePosition", "PerpAccount", "Upkeep", "Lot", "Position", "VaultDailySnapshot", "PositionDailySnapshot", ...GOVERNANCE_ENTITIES],
    events: [
      { signature: "MarginMoved(indexed address,indexed address,int256)", handler: "handleMarginMoved" },
      { signature: "Hedge(indexed address,indexed address,int256,int256,uint256,uint256,int256,int256,uint256)", handler: "handleHedge" },
      { signature: "LiquidityReturned(indexed address,indexed address,uint256,uint256)", handler: "handleLiquidityReturned" },
      {
        signature: "HedgeDecision(indexed address,indexed uint8,int256,int256,int256,int256,uint256,uint256,int256,int256,uint256,int256,uint256)",
        handler: "handleHedgeDecision",
      },
      UPKEEP,
      { signature: "ConfigSet(uint256,uint256)", handler: "handleConfigSet" },
      { signature: "CostConfigSet(uint256,uint256)", handler: "handleCostConfigSet" },
      ...MANAGED,
    ],
  },
  {
    name: "LPPool",
    optional: true,
    mapping: "./src/mappings/liquidity-position.ts",
    interfaces: ["ILiquidityPositionEvents"],
    entities: ["LiquidityPosition", "LiquidityChange"],
    events: [
      { signature: "LiquidityAdded(indexed uint256,uint128,uint256,uint256)", handler: "handleLiquidityAdded" },
      { signature: "LiquidityRemoved(indexed uint256,indexed address,uint128,uint256,uint256)", handler: "handleLiquidityRemoved" },
      { signature: "ControllerSet(indexed address)", handler: "handleControllerSet" },
    ],
  },
  {
    name: "LiquidityManager",
    optional: true,
    mapping: "./src/mappings/liquidity-manager.ts",
    interfaces: ["ILiquidityManagerEvents", "IConfigEvents.ILiquidityManagerConfigEvents", "IManagedEvents"],
    entities: ["LiquidityManager", "RangePosition", "RangeLiquidityChange", "RangeFeeCollection", "RangeDecision", "RangeRatioSwap", "Asset", "Position", "Vault", ...GOVERNANCE_ENTITIES],
    events: [
      { signature: "RangeOpened(indexed uint256,uint24,int24,int24,int24,uint256,uint128,uint256,uint256)", handler: "handleRangeOpened", receipt: true },
      { signature: "RangeClosed(indexed uint256,indexed address,uint256,uint256,uint256,uint256)", handler: "handleRangeClosed", receipt: true },
      { signature: "FeesCollected(indexed uint256,uint256,uint256,uint256,uint256)", handler: "handleFeesCollected", receipt: true },
      { signature: "Reinvested(indexed uint256,uint128,uint256,uint256)", handler: "handleReinvested", receipt: true },
      { signature: "Decision(indexed bool,indexed uint8,uint24,int24,int24,int24,uint256,uint256,uint256)", handler: "handleDecision", receipt: true },
      { signature: "RatioSwap(indexed address,indexed address,uint24,uint256,uint256)", handler: "handleRatioSwap" },
      { signature: "FeeTierSet(uint24,bool)", handler: "handleFeeTierSet" },
      { signature: "RangeConfigSet((uint256,uint256,uint256,uint256,uint256))", handler: "handleRangeConfigSet" },
      { signature: "CostConfigSet((uint256,uint256,uint256,uint32,uint256,uint256))", handler: "handleCostConfigSet" },
      ...MANAGED,
    ],
    contextAddresses: { required: ["asset", "stable"], optional: ["factory"] },
  },
  {
    name: "OracleHub",
    optional: false,
    mapping: "./src/mappings/oracle-hub.ts",
    interfaces: ["IOracleEvents", "IConfigEvents.IOracleConfigEvents", "IManagedEvents"],
    entities: ["Asset", "PriceUpdate", "SafeModeEvent", "CircuitBreakerTrip", "FeedChange", ...GOVERNANCE_ENTITIES],
    events: [
      { signature: "SafeModeEntered(indexed address,indexed uint8,uint256)", handler: "handleSafeModeEntered" },
      { signature: "SafeModeExited(indexed address,uint256)", handler: "handleSafeModeExited" },
      { signature: "PriceUpdated(indexed address,uint256,uint256,uint8)", handler: "handlePriceUpdated" },
      { signature: "CircuitBreakerTripped(indexed address,uint256,uint256,uint256)", handler: "handleCircuitBreakerTripped" },
      { signature: "FeedAdded(indexed address,indexed address)", handler: "handleFeedAdded" },
      { signature: "FeedRemoved(indexed address,indexed address)", handler: "handleFeedRemoved" },
      { signature: "ConfigSet(uint256,uint8,uint256,uint256,uint256)", handler: "handleConfigSet" },
      { signature: "FeedHeartbeatSet(indexed address,indexed address,uint256)", handler: "handleFeedHeartbeatSet" },
      { signature: "SampleIntervalSet(uint256)", handler: "handleSampleIntervalSet" },
      { signature: "SequencerUptimeFeedSet(address,uint256)", handler: "handleSequencerUptimeFeedSet" },
      ...MANAGED,
    ],
  },
  {
    name: "Perpetual",
    optional: true,
    mapping: "./src/mappings/perpetual.ts",
    interfaces: ["IPerpetualEvents"],
    entities: ["Liquidation", "HedgePosition", "PerpAccount", "Asset"],
    events: [
      { signature: "Liquidated(indexed address,indexed address,indexed address,int256,uint256,int256,uint256)", handler: "handleLiquidated" },
    ],
  },
  {
    name: "KeeperGateway",
    optional: true,
    mapping: "./src/mappings/keeper-gateway.ts",
    interfaces: ["IKeeperEvents", "IManagedEvents"],
    entities: ["Upkeep", "LotIdentification", "TransactionDisposal", "Asset", ...GOVERNANCE_ENTITIES],
    events: [UPKEEP, { signature: "LotsIdentified(indexed address,uint256,uint256[],uint256[])", handler: "handleLotsIdentified" }, ...MANAGED],
  },
  {
    // the stablecoin bridge's OApp (bridge/): on the home chain the StablecoinOFTAdapter (sending locks the
    // stablecoin, receiving releases it), on the second chain the BridgedStablecoin OFT (minted on receipt,
    // burned when sent back); both emit LayerZero's OFTSent / OFTReceived
    name: "StablecoinBridge",
    optional: true,
    everyChain: true,
    mapping: "./src/mappings/stablecoin-bridge.ts",
    interfaces: ["IOFTEvents"],
    entities: ["BridgeTransfer"],
    events: OFT_EVENTS,
  },
  {
    // the vault's CHAIN_MOVER module (contracts/crosschain/), one per chain's vault; its MoveSent carries the
    // guid of the OFT's OFTSent in the same transaction
    name: "CrossChainMover",
    optional: true,
    everyChain: true,
    mapping: "./src/mappings/crosschain-mover.ts",
    interfaces: ["ICrossChainMoverEvents", "IManagedEvents"],
    entities: ["CrossChainMover", "CrossChainMove", "BridgeTransfer", "Vault", ...GOVERNANCE_ENTITIES],
    events: [
      { signature: "MoveSent(indexed bytes32,indexed uint32,indexed address,uint256,uint256,uint256,uint64)", handler: "handleMoveSent" },
      { signature: "MoveSettled(indexed bytes32,uint256)", handler: "handleMoveSettled" },
      { signature: "RouteSet(indexed uint32,indexed address)", handler: "handleRouteSet" },
      { signature: "MoveConfigSet(uint256,uint256,uint256,uint256)", handler: "handleMoveConfigSet" },
      { signature: "FeeBudgetSet(uint256)", handler: "handleFeeBudgetSet" },
      { signature: "FeesFunded(indexed address,uint256)", handler: "handleFeesFunded" },
      { signature: "FeesWithdrawn(indexed address,uint256)", handler: "handleFeesWithdrawn" },
      ...MANAGED,
    ],
  },
  {
    // the bridge's ShareCoordinator OApp (bridge/): home governance sets the per-chain shares and relays them,
    // the remote one applies them; an OApp owned by its chain's timelock
    name: "ShareCoordinator",
    optional: true,
    everyChain: true,
    mapping: "./src/mappings/share-coordinator.ts",
    interfaces: ["IShareCoordinatorEvents", "IOAppCoreEvents", "IOwnableEvents"],
    entities: ["ShareCoordinator", "ShareSet", "ShareRelay", ...GOVERNANCE_ENTITIES],
    events: [
      { signature: "SharesSet(indexed uint64,uint32[],uint16[])", handler: "handleSharesSet" },
      { signature: "SharesRelayed(indexed bytes32,indexed uint32,indexed uint64,uint256)", handler: "handleSharesRelayed" },
      { signature: "SharesApplied(indexed bytes32,indexed uint64,uint32[],uint16[])", handler: "handleSharesApplied" },
      { signature: "StaleSharesIgnored(indexed bytes32,uint64,uint64)", handler: "handleStaleSharesIgnored" },
      { signature: "PeerSet(uint32,bytes32)", handler: "handlePeerSet" },
      { signature: "OwnershipTransferred(indexed address,indexed address)", handler: "handleOwnershipTransferred" },
    ],
  },
  {
    name: "Timelock",
    optional: true,
    mapping: "./src/mappings/timelock.ts",
    interfaces: ["IGovernanceEvents.ITimelockEvents"],
    entities: ["TimelockOperation", "TimelockCall", ...GOVERNANCE_ENTITIES],
    events: [
      { signature: "CallScheduled(indexed bytes32,indexed uint256,address,uint256,bytes,bytes32,uint256)", handler: "handleCallScheduled" },
      { signature: "CallSalt(indexed bytes32,bytes32)", handler: "handleCallSalt" },
      { signature: "CallExecuted(indexed bytes32,indexed uint256,address,uint256,bytes)", handler: "handleCallExecuted" },
      { signature: "Cancelled(indexed bytes32)", handler: "handleCancelled" },
      { signature: "MinDelayChange(uint256,uint256)", handler: "handleMinDelayChange" },
      { signature: "RoleGranted(indexed bytes32,indexed address,indexed address)", handler: "handleRoleGranted" },
      { signature: "RoleRevoked(indexed bytes32,indexed address,indexed address)", handler: "handleRoleRevoked" },
    ],
  },
  {
    name: "Safe",
    optional: true,
    mapping: "./src/mappings/safe.ts",
    interfaces: ["IGovernanceEvents.ISafeEvents"],
    entities: ["SafeTransaction", "SafePendingExecution", ...GOVERNANCE_ENTITIES],
    events: [
      { signature: "SafeMultiSigTransaction(address,uint256,bytes,uint8,uint256,uint256,uint256,address,address,bytes,bytes)", handler: "handleSafeMultiSigTransaction" },
      { signature: "ExecutionSuccess(indexed bytes32,uint256)", handler: "handleExecutionSuccess" },
      { signature: "ExecutionFailure(indexed bytes32,uint256)", handler: "handleExecutionFailure" },
      { signature: "AddedOwner(indexed address)", handler: "handleAddedOwner" },
      { signature: "RemovedOwner(indexed address)", handler: "handleRemovedOwner" },
      { signature: "ChangedThreshold(uint256)", handler: "handleChangedThreshold" },
    ],
  },
  {
    name: "Governor",
    optional: true,
    mapping: "./src/mappings/governor.ts",
    interfaces: ["IGovernanceEvents.IGovernorEvents"],
    entities: ["Proposal", "ProposalVote"],
    events: [
      { signature: "ProposalCreated(uint256,address,address[],uint256[],string[],bytes[],uint256,uint256,string)", handler: "handleProposalCreated" },
      { signature: "VoteCast(indexed address,uint256,uint8,uint256,string)", handler: "handleVoteCast" },
      { signature: "ProposalQueued(uint256,uint256)", handler: "handleProposalQueued" },
      { signature: "ProposalExecuted(uint256)", handler: "handleProposalExecuted" },
      { signature: "ProposalCanceled(uint256)", handler: "handleProposalCanceled" },
    ],
  },
];

export class DeploymentError extends Error {}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** Checks the fields the manifest needs; the error names the file and the offending field. */
export function parseDeployment(raw: unknown, file: string): Deployment {
  const fail = (field: string, problem: string): never => {
    throw new DeploymentError(`deployment ${file}: ${field} ${problem}`);
  };
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) fail("(root)", "must be a JSON object");
  const obj = raw as Record<string, unknown>;
  if (typeof obj.network !== "string" || obj.network.length === 0) fail("network", "is missing or not a non-empty string");
  const contracts = obj.contracts;
  if (typeof contracts !== "object" || contracts === null || Array.isArray(contracts)) fail("contracts", "is missing or not an object");
  const byName = contracts as Record<string, unknown>;
  // the bridge's second chain: its deployment lists the bridge and no Vault
  const secondChain = byName.Vault === undefined && DATA_SOURCES.some((spec) => spec.everyChain && byName[spec.name] !== undefined);
  const out: Record<string, ContractDeployment> = {};
  for (const spec of DATA_SOURCES) {
    if (secondChain && !spec.everyChain) continue;
    const entry = byName[spec.name];
    if (entry === undefined) {
      if (spec.optional) continue;
      fail(`contracts.${spec.name}`, "is missing");
    }
    if (typeof entry !== "object" || entry === null) fail(`contracts.${spec.name}`, "is not an object");
    const { address, startBlock } = entry as Record<string, unknown>;
    if (typeof address !== "string" || !ADDRESS.test(address)) {
      fail(`contracts.${spec.name}.address`, `is missing or not a 0x-prefixed 20-byte hex address (got ${JSON.stringify(address)})`);
    }
    if (typeof startBlock !== "number" || !Number.isSafeInteger(startBlock) || startBlock < 0) {
      fail(`contracts.${spec.name}.startBlock`, `is missing or not a non-negative integer (got ${JSON.stringify(startBlock)})`);
    }
    out[spec.name] = { address: (address as string).toLowerCase(), startBlock: startBlock as number };
    if (spec.contextAddresses) out[spec.name].context = contextAddresses(spec, entry as Record<string, unknown>, fail);
  }
  return { network: obj.network as string, contracts: out };
}

/** The entry's context addresses (see DataSourceSpec.contextAddresses), checked and lower-cased. */
function contextAddresses(spec: DataSourceSpec, entry: Record<string, unknown>, fail: (field: string, problem: string) => never): Record<string, string> {
  const out: Record<string, string> = {};
  const { required, optional } = spec.contextAddresses!;
  for (const key of [...required, ...optional]) {
    const value = entry[key];
    if (value === undefined && optional.includes(key)) continue;
    if (typeof value !== "string" || !ADDRESS.test(value)) {
      fail(`contracts.${spec.name}.${key}`, `is missing or not a 0x-prefixed 20-byte hex address (got ${JSON.stringify(value)})`);
    }
    out[key] = (value as string).toLowerCase();
  }
  return out;
}

/** The manifest text; `schemaPath` is relative to the manifest's directory. */
export function renderManifest(deployment: Deployment, schemaPath = "../schema.graphql"): string {
  const lines: string[] = [
    "# Generated by scripts/manifest.ts from a deployment file; do not edit.",
    "specVersion: 1.3.0",
    "schema:",
    `  file: ${schemaPath}`,
    "dataSources:",
  ];
  for (const spec of DATA_SOURCES) {
    const contract = deployment.contracts[spec.name];
    if (!contract) continue;
    lines.push(
      "  - kind: ethereum/contract",
      `    name: ${spec.name}`,
      `    network: ${deployment.network}`,
      "    source:",
      `      address: "${contract.address}"`,
      `      abi: ${spec.name}`,
      `      startBlock: ${contract.startBlock}`,
      "    context:",
      "      contractName:",
      "        type: String",
      `        data: ${spec.name}`,
      ...contextLines(contract.context, deployment),
      "    mapping:",
      "      kind: ethereum/events",
      "      apiVersion: 0.0.9",
      "      language: wasm/assemblyscript",
      "      entities:",
      ...spec.entities.map((e) => `        - ${e}`),
      "      abis:",
      `        - name: ${spec.name}`,
      `          file: ./abis/${spec.name}.json`,
      "      eventHandlers:",
      ...spec.events.flatMap((ev) => [
        `        - event: ${ev.signature}`,
        `          handler: ${ev.handler}`,
        ...(ev.receipt ? ["          receipt: true"] : []),
      ]),
      `      file: ${spec.mapping}`,
    );
  }
  return lines.join("\n") + "\n";
}

/** The context entries of a data source with contextAddresses: the Vault's address and each named address. */
function contextLines(context: Record<string, string> | undefined, deployment: Deployment): string[] {
  if (!context) return [];
  const entries = { vault: deployment.contracts.Vault.address, ...context };
  return Object.entries(entries).flatMap(([key, value]) => [`      ${key}:`, "        type: String", `        data: "${value}"`]);
}

function parseArgs(argv: string[]): { deployment: string; out: string } {
  const args: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    const value = argv[i + 1];
    if (!key.startsWith("--") || value === undefined) {
      throw new DeploymentError(`usage: manifest --deployment FILE --out subgraph.yaml (bad argument ${JSON.stringify(key)})`);
    }
    args[key.slice(2)] = value;
  }
  if (!args.deployment || !args.out) throw new DeploymentError("usage: manifest --deployment FILE --out subgraph.yaml");
  return { deployment: args.deployment, out: args.out };
}

function main(): void {
  const { deployment: file, out } = parseArgs(process.argv.slice(2));
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new DeploymentError(`deployment ${file}: cannot read JSON (${(err as Error).message})`);
  }
  const deployment = parseDeployment(raw, file);
  const schema = path.relative(path.dirname(path.resolve(out)), path.resolve(__dirname, "../../schema.graphql"));
  fs.writeFileSync(out, renderManifest(deployment, schema.split(path.sep).join("/")));
  console.log(`manifest: wrote ${out} for network ${deployment.network} from ${file}`);
}

if (require.main === module) {
  try {
    main();
  } catch (err) {
    console.error(err instanceof DeploymentError ? err.message : err);
    process.exit(1);
  }
}

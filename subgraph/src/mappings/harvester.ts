import { ethereum } from "@graphprotocol/graph-ts";
import { CONFIG, recordChange } from "../entities/governance";
import {
  Allocated,
  Harvest,
  SourceExitFailed,
  SourceImpaired,
  SourceRemoved,
  SourceShutdown,
  UpkeepPerformed,
  YieldSourceAdded,
} from "../../generated/Harvester/Harvester";
import { recordHarvest, registerYieldSource } from "../entities/harvest";
import { recordAllocation } from "../entities/sleeve";
import { recordUpkeep } from "../entities/upkeep";
import { recordSourceExitFailed, recordSourceImpaired, recordSourceRemoved, recordSourceShutdown } from "../entities/yield-source";

export function handleYieldSourceAdded(event: YieldSourceAdded): void {
  registerYieldSource(event.params.source, event.params.asset, event);
}

export function handleAllocated(event: Allocated): void {
  recordAllocation(event);
}

export function handleHarvest(event: Harvest): void {
  recordHarvest(event);
}

export function handleSourceImpaired(event: SourceImpaired): void {
  recordSourceImpaired(event);
}

export function handleSourceShutdown(event: SourceShutdown): void {
  recordSourceShutdown(event);
}

export function handleSourceRemoved(event: SourceRemoved): void {
  recordSourceRemoved(event);
}

export function handleSourceExitFailed(event: SourceExitFailed): void {
  recordSourceExitFailed(event);
}

export function handleUpkeepPerformed(event: UpkeepPerformed): void {
  recordUpkeep(event, event.params.action, event.params.caller, event.params.performData);
}

// Role, pause and upgrade events (shared by every managed module).
export {
  handleManagementTransferStarted,
  handleManagementTransferred,
  handleKeeperSet,
  handleGuardianSet,
  handlePaused,
  handleUnpaused,
  handleUpgraded,
} from "./managed";

export function handleConfigSet(event: ethereum.Event): void {
  recordChange(event, CONFIG, "ConfigSet");
}

import { ethereum } from "@graphprotocol/graph-ts";
import { CONFIG, recordChange } from "../entities/governance";
import { Allocated, Harvest, UpkeepPerformed, YieldSourceAdded } from "../../generated/Harvester/Harvester";
import { recordHarvest, registerYieldSource } from "../entities/harvest";
import { recordAllocation } from "../entities/sleeve";
import { recordUpkeep } from "../entities/upkeep";

export function handleYieldSourceAdded(event: YieldSourceAdded): void {
  registerYieldSource(event.params.source, event.params.asset, event);
}

export function handleAllocated(event: Allocated): void {
  recordAllocation(event);
}

export function handleHarvest(event: Harvest): void {
  recordHarvest(event);
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

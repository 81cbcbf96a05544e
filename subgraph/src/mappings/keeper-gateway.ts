import { LotsIdentified, UpkeepPerformed } from "../../generated/KeeperGateway/KeeperGateway";
import { recordLotsIdentified } from "../entities/lot-identification";
import { recordUpkeep } from "../entities/upkeep";

export function handleUpkeepPerformed(event: UpkeepPerformed): void {
  recordUpkeep(event, event.params.action, event.params.caller, event.params.performData);
}

export function handleLotsIdentified(event: LotsIdentified): void {
  recordLotsIdentified(event);
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

import { Deposit, EmergencyExit as EmergencyExitEntity, ModuleChange, Withdrawal } from "../../generated/schema";
import { AssetAdded, Deposited, EmergencyExit, ModuleSet, Withdrawn } from "../../generated/Vault/Vault";
import { getAsset, registerAsset } from "./asset";
import { eventId } from "./ids";
import { LOT_DEPOSIT, openLot } from "./lot";
import { fromFixed, valueUsd, ZERO_BD } from "./math";
import { getOrCreatePosition, removeQuantity } from "./position";
import { recordMoverOfVault } from "./move";
import { releaseYieldSources } from "./sleeve";
import { DailyActivity, recordDailyActivity } from "./snapshot";
import { addVaultAsset, getOrCreateVault } from "./vault";

// The vault emits these itself, so event.address is the vault.

export function recordAssetAdded(event: AssetAdded): void {
  const p = event.params;
  const vault = getOrCreateVault(event.address, event, false);
  const asset = registerAsset(p.asset, p.decimals, p.symbol, p.isStable);
  addVaultAsset(vault, asset.id);
  getOrCreatePosition(vault, asset);
}

/** The owner's deposit: a lot at the deposit's fair market value. */
export function recordDeposit(event: Deposited): Deposit {
  const p = event.params;
  const vault = getOrCreateVault(event.address, event, false);
  const asset = getAsset(p.asset, event);
  const lot = openLot(event, vault, asset, LOT_DEPOSIT, p.amount, p.priceUsd, ZERO_BD);
  const deposit = new Deposit(eventId(event));
  deposit.vault = vault.id;
  deposit.asset = asset.id;
  deposit.from = p.from;
  deposit.amount = p.amount;
  deposit.priceUsd = fromFixed(p.priceUsd);
  deposit.valueUsd = lot.costBasisUsd;
  deposit.lot = lot.id;
  deposit.blockNumber = event.block.number;
  deposit.timestamp = event.block.timestamp;
  deposit.transactionHash = event.transaction.hash;
  deposit.logIndex = event.logIndex;
  deposit.save();
  vault.cumulativeDepositedUsd = vault.cumulativeDepositedUsd.plus(lot.costBasisUsd);
  vault.save();
  recordDailyActivity(vault, event, new DailyActivity());
  return deposit;
}

/** A withdrawal moves tokens to another wallet: no disposal, the lots' basis travels with them. */
export function recordWithdrawal(event: Withdrawn): Withdrawal {
  const p = event.params;
  const vault = getOrCreateVault(event.address, event, false);
  const asset = getAsset(p.asset, event);
  const position = getOrCreatePosition(vault, asset);
  const shortfall = removeQuantity(position, p.amount, "withdrawal", event.transaction.hash.toHexString());
  position.cumulativeWithdrawn = position.cumulativeWithdrawn.plus(p.amount);
  position.save();
  const withdrawal = new Withdrawal(eventId(event));
  withdrawal.vault = vault.id;
  withdrawal.asset = asset.id;
  withdrawal.to = p.to;
  withdrawal.amount = p.amount;
  withdrawal.priceUsd = fromFixed(p.priceUsd);
  withdrawal.valueUsd = valueUsd(p.amount, asset.decimals, p.priceUsd);
  withdrawal.positionShortfall = shortfall;
  withdrawal.blockNumber = event.block.number;
  withdrawal.timestamp = event.block.timestamp;
  withdrawal.transactionHash = event.transaction.hash;
  withdrawal.logIndex = event.logIndex;
  withdrawal.save();
  vault.cumulativeWithdrawnUsd = vault.cumulativeWithdrawnUsd.plus(withdrawal.valueUsd);
  vault.save();
  recordDailyActivity(vault, event, new DailyActivity());
  return withdrawal;
}

export function recordModuleSet(event: ModuleSet): ModuleChange {
  const vault = getOrCreateVault(event.address, event, false);
  const change = new ModuleChange(eventId(event));
  change.vault = vault.id;
  change.role = event.params.role;
  change.module = event.params.module;
  change.blockNumber = event.block.number;
  change.timestamp = event.block.timestamp;
  change.transactionHash = event.transaction.hash;
  change.logIndex = event.logIndex;
  change.save();
  recordMoverOfVault(vault.id, event.params.role, event.params.module);
  return change;
}

export function recordEmergencyExit(event: EmergencyExit): EmergencyExitEntity {
  const vault = getOrCreateVault(event.address, event, false);
  const exit = new EmergencyExitEntity(eventId(event));
  exit.vault = vault.id;
  exit.guardian = event.params.guardian;
  exit.navUsd = fromFixed(event.params.navUsd);
  exit.blockNumber = event.block.number;
  exit.timestamp = event.block.timestamp;
  exit.transactionHash = event.transaction.hash;
  exit.logIndex = event.logIndex;
  exit.save();
  vault.emergencyExitBlock = event.block.number;
  vault.save();
  releaseYieldSources(vault, event);
  return exit;
}

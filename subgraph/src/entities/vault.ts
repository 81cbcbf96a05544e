import { Address, Bytes, ethereum, log } from "@graphprotocol/graph-ts";
import { Vault } from "../../generated/schema";
import { ZERO_BD } from "./math";

export function createVault(address: Address, event: ethereum.Event): Vault {
  const vault = new Vault(address);
  vault.assets = [];
  vault.yieldSources = [];
  vault.valueUsd = ZERO_BD;
  vault.cumulativeIncomeUsd = ZERO_BD;
  vault.cumulativeProceedsUsd = ZERO_BD;
  vault.cumulativeFeesUsd = ZERO_BD;
  vault.cumulativeDepositedUsd = ZERO_BD;
  vault.cumulativeWithdrawnUsd = ZERO_BD;
  vault.lotCount = 0;
  vault.disposalCount = 0;
  vault.rebalanceCount = 0;
  vault.harvestCount = 0;
  vault.createdAtBlock = event.block.number;
  vault.createdAtTimestamp = event.block.timestamp;
  vault.save();
  return vault;
}

/** The vault emitting its own events is expected to be new; any other contract naming an unseen vault is logged. */
export function getOrCreateVault(address: Address, event: ethereum.Event, expectKnown: boolean): Vault {
  const vault = Vault.load(address);
  if (vault != null) return vault;
  if (expectKnown) {
    log.warning("vault {} first seen in a {} log (tx {}, log {}); creating it", [
      address.toHexString(),
      event.address.toHexString(),
      event.transaction.hash.toHexString(),
      event.logIndex.toString(),
    ]);
  }
  return createVault(address, event);
}

export function vaultHasAsset(vault: Vault, asset: Bytes): boolean {
  const assets = vault.assets;
  for (let i = 0; i < assets.length; i++) {
    if (assets[i].equals(asset)) return true;
  }
  return false;
}

export function addVaultAsset(vault: Vault, asset: Bytes): void {
  if (vaultHasAsset(vault, asset)) return;
  const assets = vault.assets;
  assets.push(asset);
  vault.assets = assets;
  vault.save();
}

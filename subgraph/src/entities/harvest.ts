import { Address, ethereum, log } from "@graphprotocol/graph-ts";
import { Harvest, YieldSource } from "../../generated/schema";
import { Harvest as HarvestEvent } from "../../generated/Harvester/Harvester";
import { getAsset } from "./asset";
import { eventId } from "./ids";
import { LOT_HARVEST_INCOME, openLot } from "./lot";
import { fromFixed, ZERO_BD, ZERO_BI } from "./math";
import { addCompounded } from "./sleeve";
import { attachToVault } from "./yield-source";
import { DailyActivity, recordDailyActivity } from "./snapshot";
import { getOrCreateVault } from "./vault";

export function newYieldSource(source: Address, asset: Address, registered: boolean): YieldSource {
  const ys = new YieldSource(source);
  ys.asset = asset;
  ys.registered = registered;
  ys.harvestCount = 0;
  ys.cumulativeHarvested = ZERO_BI;
  ys.cumulativeCompounded = ZERO_BI;
  ys.cumulativeIncomeUsd = ZERO_BD;
  ys.status = "ACTIVE";
  ys.principal = ZERO_BI;
  ys.sharesLeft = ZERO_BI;
  return ys;
}

export function registerYieldSource(source: Address, asset: Address, event: ethereum.Event): YieldSource {
  getAsset(asset, event);
  let ys = YieldSource.load(source);
  if (ys == null) ys = newYieldSource(source, asset, true);
  ys.asset = asset;
  ys.registered = true;
  ys.save();
  return ys;
}

/**
 * Harvested yield is ordinary income at the oracle price of its block: a Harvest record and an income lot
 * of the whole amount (the compounded part stays the vault's, held inside the source).
 */
export function recordHarvest(event: HarvestEvent): Harvest {
  const p = event.params;
  const vault = getOrCreateVault(p.vault, event, true);
  const asset = getAsset(p.asset, event);
  const id = eventId(event);
  let source = YieldSource.load(p.source);
  if (source == null) {
    log.warning("harvest {} from unregistered yield source {}; recording the source", [id, p.source.toHexString()]);
    source = newYieldSource(p.source, p.asset, false);
  } else if (!source.asset.equals(p.asset)) {
    log.warning("harvest {} of asset {} from source {} registered for {}", [
      id,
      p.asset.toHexString(),
      p.source.toHexString(),
      source.asset.toHexString(),
    ]);
  }
  if (p.compounded.gt(p.amount)) {
    log.warning("harvest {} compounded {} exceeds the amount {}", [id, p.compounded.toString(), p.amount.toString()]);
  }
  const income = fromFixed(p.valueUsd);
  const firstOfSource = source.harvestCount == 0;
  const lot = openLot(event, vault, asset, LOT_HARVEST_INCOME, p.amount, p.priceUsd, income);
  addCompounded(vault, asset, p.compounded);
  if (!lot.costBasisUsd.equals(income)) {
    log.info("harvest {}: reported income {} differs from amount x price {}", [id, income.toString(), lot.costBasisUsd.toString()]);
  }

  source.harvestCount = source.harvestCount + 1;
  source.cumulativeHarvested = source.cumulativeHarvested.plus(p.amount);
  source.cumulativeCompounded = source.cumulativeCompounded.plus(p.compounded);
  source.principal = source.principal.plus(p.compounded);
  attachToVault(source, vault);
  source.cumulativeIncomeUsd = source.cumulativeIncomeUsd.plus(income);
  if (firstOfSource) source.firstHarvestBlock = event.block.number;
  source.lastHarvestBlock = event.block.number;
  source.save();

  const harvest = new Harvest(id);
  harvest.vault = vault.id;
  harvest.source = source.id;
  harvest.asset = asset.id;
  harvest.amount = p.amount;
  harvest.priceUsd = fromFixed(p.priceUsd);
  harvest.incomeUsd = income;
  harvest.compounded = p.compounded;
  harvest.firstOfSource = firstOfSource;
  harvest.lot = lot.id;
  harvest.blockNumber = event.block.number;
  harvest.timestamp = event.block.timestamp;
  harvest.transactionHash = event.transaction.hash;
  harvest.logIndex = event.logIndex;
  harvest.save();

  vault.harvestCount = vault.harvestCount + 1;
  vault.cumulativeIncomeUsd = vault.cumulativeIncomeUsd.plus(income);
  vault.save();
  const activity = new DailyActivity();
  activity.incomeUsd = income;
  activity.harvests = 1;
  recordDailyActivity(vault, event, activity);
  return harvest;
}

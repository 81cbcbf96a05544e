import { BigDecimal, BigInt, ethereum } from "@graphprotocol/graph-ts";
import { Asset, Position, PositionDailySnapshot, Vault, VaultDailySnapshot } from "../../generated/schema";
import { dayOf, pairId, SECONDS_PER_DAY } from "./ids";
import { sleeveQuantity } from "./position";
import { safeDiv, toWhole, ZERO_BD } from "./math";

/** What one log adds to its vault's day. */
export class DailyActivity {
  incomeUsd: BigDecimal = ZERO_BD;
  proceedsUsd: BigDecimal = ZERO_BD;
  feesUsd: BigDecimal = ZERO_BD;
  trades: i32 = 0;
  harvests: i32 = 0;
  rebalances: i32 = 0;
}

function valueUsd(quantity: BigInt, asset: Asset): BigDecimal {
  const price = asset.lastPriceUsd;
  if (!price) return ZERO_BD;
  return toWhole(quantity, asset.decimals).times(price);
}

function loadVaultDay(vault: Vault, event: ethereum.Event): VaultDailySnapshot {
  const day = dayOf(event);
  const id = pairId(vault.id.toHexString(), day.toString());
  let snapshot = VaultDailySnapshot.load(id);
  if (snapshot != null) return snapshot;
  snapshot = new VaultDailySnapshot(id);
  snapshot.vault = vault.id;
  snapshot.day = day;
  snapshot.dayStartTimestamp = BigInt.fromI32(day).times(BigInt.fromI32(SECONDS_PER_DAY));
  snapshot.valueUsd = ZERO_BD;
  snapshot.sleeveValueUsd = ZERO_BD;
  snapshot.dailyIncomeUsd = ZERO_BD;
  snapshot.dailyProceedsUsd = ZERO_BD;
  snapshot.dailyFeesUsd = ZERO_BD;
  snapshot.dailyTradeCount = 0;
  snapshot.dailyHarvestCount = 0;
  snapshot.dailyRebalanceCount = 0;
  snapshot.cumulativeIncomeUsd = ZERO_BD;
  snapshot.lastBlock = event.block.number;
  return snapshot;
}

/**
 * Adds `activity` to the vault's snapshot of the log's UTC day (a new day starts a new snapshot), then
 * revalues every position at the latest oracle prices: vault value, each position's weight and target.
 * Weights come on two bases: `weight` is a share of everything the vault owns, `sleeveWeight` a share of
 * the sleeve the rebalancer trades (its own token balances), which is what `targetWeight` is set on.
 */
export function recordDailyActivity(vault: Vault, event: ethereum.Event, activity: DailyActivity): void {
  const snapshot = loadVaultDay(vault, event);
  snapshot.dailyIncomeUsd = snapshot.dailyIncomeUsd.plus(activity.incomeUsd);
  snapshot.dailyProceedsUsd = snapshot.dailyProceedsUsd.plus(activity.proceedsUsd);
  snapshot.dailyFeesUsd = snapshot.dailyFeesUsd.plus(activity.feesUsd);
  snapshot.dailyTradeCount = snapshot.dailyTradeCount + activity.trades;
  snapshot.dailyHarvestCount = snapshot.dailyHarvestCount + activity.harvests;
  snapshot.dailyRebalanceCount = snapshot.dailyRebalanceCount + activity.rebalances;
  snapshot.lastBlock = event.block.number;

  const assetIds = vault.assets;
  const positions = new Array<Position>();
  const assets = new Array<Asset>();
  const values = new Array<BigDecimal>();
  const sleeveQuantities = new Array<BigInt>();
  const sleeveValues = new Array<BigDecimal>();
  let total = ZERO_BD;
  let sleeveTotal = ZERO_BD;
  for (let i = 0; i < assetIds.length; i++) {
    const asset = Asset.load(assetIds[i]);
    const position = Position.load(pairId(vault.id.toHexString(), assetIds[i].toHexString()));
    if (asset == null || position == null) continue;
    const value = valueUsd(position.quantity, asset);
    const sleeve = sleeveQuantity(position);
    const sleeveValue = valueUsd(sleeve, asset);
    positions.push(position);
    assets.push(asset);
    values.push(value);
    sleeveQuantities.push(sleeve);
    sleeveValues.push(sleeveValue);
    total = total.plus(value);
    sleeveTotal = sleeveTotal.plus(sleeveValue);
  }
  for (let i = 0; i < positions.length; i++) {
    const id = pairId(positions[i].id, snapshot.day.toString());
    let row = PositionDailySnapshot.load(id);
    if (row == null) row = new PositionDailySnapshot(id);
    row.vaultSnapshot = snapshot.id;
    row.position = positions[i].id;
    row.asset = assets[i].id;
    row.day = snapshot.day;
    row.quantity = positions[i].quantity;
    row.priceUsd = assets[i].lastPriceUsd;
    row.valueUsd = values[i];
    row.weight = safeDiv(values[i], total);
    row.targetWeight = assets[i].targetWeight;
    row.sleeveQuantity = sleeveQuantities[i];
    row.sleeveValueUsd = sleeveValues[i];
    row.sleeveWeight = safeDiv(sleeveValues[i], sleeveTotal);
    row.lastBlock = event.block.number;
    row.save();
  }
  vault.valueUsd = total;
  vault.save();
  snapshot.valueUsd = total;
  snapshot.sleeveValueUsd = sleeveTotal;
  snapshot.cumulativeIncomeUsd = vault.cumulativeIncomeUsd;
  snapshot.save();
}

import { BigDecimal, Bytes, log } from "@graphprotocol/graph-ts";
import { TargetWeightsUpdate } from "../../generated/schema";
import { TargetWeightsUpdated } from "../../generated/Rebalancer/Rebalancer";
import { getAsset } from "./asset";
import { eventId } from "./ids";
import { fromFixed } from "./math";

/** New target weights; arrays of different lengths are recorded but not applied to any asset. */
export function recordTargetWeights(event: TargetWeightsUpdated): TargetWeightsUpdate {
  const p = event.params;
  const id = eventId(event);
  const assets = p.assets;
  const weights = p.weights;
  const vols = p.volatilities;
  const applied = assets.length == weights.length && assets.length == vols.length;
  if (!applied) {
    log.error("target weights {} have {} assets, {} weights, {} volatilities; not applied", [
      id,
      assets.length.toString(),
      weights.length.toString(),
      vols.length.toString(),
    ]);
  }
  const assetIds = new Array<Bytes>();
  const weightValues = new Array<BigDecimal>();
  const volValues = new Array<BigDecimal>();
  for (let i = 0; i < assets.length; i++) assetIds.push(assets[i]);
  for (let i = 0; i < weights.length; i++) weightValues.push(fromFixed(weights[i]));
  for (let i = 0; i < vols.length; i++) volValues.push(fromFixed(vols[i]));
  if (applied) {
    for (let i = 0; i < assets.length; i++) {
      const asset = getAsset(assets[i], event);
      asset.targetWeight = weightValues[i];
      asset.volatility = volValues[i];
      asset.save();
    }
  }
  const update = new TargetWeightsUpdate(id);
  update.assets = assetIds;
  update.weights = weightValues;
  update.volatilities = volValues;
  update.riskOff = p.riskOff;
  update.applied = applied;
  update.blockNumber = event.block.number;
  update.timestamp = event.block.timestamp;
  update.transactionHash = event.transaction.hash;
  update.logIndex = event.logIndex;
  update.save();
  return update;
}

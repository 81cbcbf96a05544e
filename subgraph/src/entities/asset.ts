import { Address, BigInt, ethereum, log } from "@graphprotocol/graph-ts";
import { Asset } from "../../generated/schema";

/** Decimals assumed for an asset seen before its AssetAdded; raw amounts stay exact, USD figures may not. */
export const UNREGISTERED_DECIMALS = 18;
export const UNREGISTERED_SYMBOL = "UNREGISTERED";

function newAsset(address: Address): Asset {
  const asset = new Asset(address);
  asset.symbol = UNREGISTERED_SYMBOL;
  asset.decimals = UNREGISTERED_DECIMALS;
  asset.isStable = false;
  asset.registered = false;
  asset.safeMode = false;
  asset.feedCount = 0;
  return asset;
}

export function registerAsset(address: Address, decimals: i32, symbol: string, isStable: boolean): Asset {
  let asset = Asset.load(address);
  if (asset == null) asset = newAsset(address);
  else if (asset.registered && (asset.decimals != decimals || asset.symbol != symbol)) {
    log.warning("asset {} registered again with different metadata ({} {} -> {} {}); keeping the newest", [
      address.toHexString(),
      asset.symbol,
      asset.decimals.toString(),
      symbol,
      decimals.toString(),
    ]);
  }
  asset.decimals = decimals;
  asset.symbol = symbol;
  asset.isStable = isStable;
  asset.registered = true;
  asset.save();
  return asset;
}

/** The asset, or an unregistered placeholder (logged) so the event is still recorded. */
export function getAsset(address: Address, event: ethereum.Event): Asset {
  const asset = Asset.load(address);
  if (asset != null) return asset;
  log.warning("unknown asset {} in tx {} log {}; recording it as unregistered with {} decimals", [
    address.toHexString(),
    event.transaction.hash.toHexString(),
    event.logIndex.toString(),
    UNREGISTERED_DECIMALS.toString(),
  ]);
  const created = newAsset(address);
  created.save();
  return created;
}

export function setPurchaseLockout(asset: Asset, until: BigInt, substitute: Address | null): void {
  const current = asset.purchaseLockoutUntil;
  if (!current || until.gt(current)) asset.purchaseLockoutUntil = until;
  if (substitute) asset.purchaseLockoutSubstitute = substitute;
  asset.save();
}

// The liquidity manager's positions: opens, reinvests and closes with both token amounts and their oracle
// prices, fee collections, the re-range rule's decisions and the swaps to a range's ratio. The subgraph records
// what happened; which tax reading turns entries and exits into lots is the tax engine's choice.
import { Address, BigInt, Bytes, crypto, dataSource, ethereum, log } from "@graphprotocol/graph-ts";
import {
  Asset, LiquidityManager, RangeDecision, RangeFeeCollection, RangeLiquidityChange, RangePosition, RangeRatioSwap,
} from "../../generated/schema";
import { getAsset } from "./asset";
import { eventId, pairId } from "./ids";
import { fromFixed, valueUsd, ZERO_BD, ZERO_BI } from "./math";
import { getOrCreatePosition, removeQuantity } from "./position";
import { getOrCreateVault } from "./vault";

export const KIND_OPEN = "OPEN";
export const KIND_REINVEST = "REINVEST";
export const KIND_CLOSE = "CLOSE";

export const PRICE_EVENT = "EVENT";
export const PRICE_TRANSACTION = "TRANSACTION";
export const PRICE_ORACLE_UPDATE = "ORACLE_UPDATE";
export const PRICE_NONE = "NONE";

/** ILiquidityManagerEvents.Reason, in declaration order. */
const REASONS: string[] = ["IN_RANGE", "OUT_OF_RANGE", "NEAR_EDGE", "TIER_SWITCH", "FEES_BELOW_COST"];

/** keccak256 of Uniswap v3's pool creation code (@uniswap/v3-core's UniswapV3Pool artifact), for CREATE2. */
const POOL_INIT_CODE_HASH = Bytes.fromHexString("0xe34f199b19b2b4f47f68442619d555527d244f78a3297ea89325f843f87b8b54");

/** The Uniswap v3 pool of two tokens and a fee: CREATE2 from the factory with salt keccak256(abi.encode(token0, token1, fee)). */
export function uniswapPoolAddress(factory: Address, a: Address, b: Address, fee: i32): Address {
  // same-length lower-case hex strings sort as the numbers do
  const aFirst = a.toHexString() < b.toHexString();
  const key = new ethereum.Tuple();
  key.push(ethereum.Value.fromAddress(aFirst ? a : b));
  key.push(ethereum.Value.fromAddress(aFirst ? b : a));
  key.push(ethereum.Value.fromUnsignedBigInt(BigInt.fromI32(fee)));
  const salt = Bytes.fromByteArray(crypto.keccak256(ethereum.encode(ethereum.Value.fromTuple(key))!));
  const preimage = Bytes.fromHexString("0xff").concat(factory).concat(salt).concat(POOL_INIT_CODE_HASH);
  const hash = crypto.keccak256(preimage);
  return Address.fromBytes(Bytes.fromUint8Array(hash.subarray(12)));
}

function contextAddress(key: string): Address | null {
  const context = dataSource.context();
  const value = context.get(key);
  if (value == null) return null;
  return Address.fromString(value.toString());
}

/** The manager (the emitting contract) with the vault, asset, stablecoin and factory its data source's context names. */
export function getOrCreateManager(event: ethereum.Event): LiquidityManager {
  let m = LiquidityManager.load(event.address);
  if (m != null) return m;
  m = new LiquidityManager(event.address);
  const vault = contextAddress("vault");
  const asset = contextAddress("asset");
  const stable = contextAddress("stable");
  if (!vault || !asset || !stable) {
    log.error("liquidity manager {}: its data source context lacks vault, asset or stable (the deployment file's LiquidityManager entry)", [
      event.address.toHexString(),
    ]);
  }
  m.vault = vault ? vault : Address.zero();
  m.asset = getAsset(asset ? asset : Address.zero(), event).id;
  m.stable = getAsset(stable ? stable : Address.zero(), event).id;
  const factory = contextAddress("factory");
  if (factory) m.factory = factory;
  m.positionCount = 0;
  m.decisionCount = 0;
  m.rerangeCount = 0;
  m.feeCollectionCount = 0;
  m.cumulativeFeesUsd = ZERO_BD;
  m.save();
  return m;
}

function rangePositionId(m: LiquidityManager, tokenId: BigInt): string {
  return pairId(m.id.toHexString(), tokenId.toString());
}

/** The position a log names; one never opened (a log the subgraph could not place) is created closed and logged. */
function loadPosition(m: LiquidityManager, tokenId: BigInt, event: ethereum.Event): RangePosition {
  const id = rangePositionId(m, tokenId);
  let p = RangePosition.load(id);
  if (p != null) return p;
  log.warning("liquidity manager {}: position {} not seen opening (tx {}); recording it from here", [
    m.id.toHexString(),
    tokenId.toString(),
    event.transaction.hash.toHexString(),
  ]);
  p = newPosition(m, tokenId, event);
  p.open = false;
  return p;
}

function newPosition(m: LiquidityManager, tokenId: BigInt, event: ethereum.Event): RangePosition {
  const p = new RangePosition(rangePositionId(m, tokenId));
  p.manager = m.id;
  p.vault = m.vault;
  p.tokenId = tokenId;
  p.fee = 0;
  p.tickLower = 0;
  p.tickUpper = 0;
  p.twapTick = 0;
  p.sigma = ZERO_BD;
  p.liquidity = ZERO_BI;
  p.open = true;
  p.assetAdded = ZERO_BI;
  p.stableAdded = ZERO_BI;
  p.assetRemoved = ZERO_BI;
  p.stableRemoved = ZERO_BI;
  p.feesAsset = ZERO_BI;
  p.feesStable = ZERO_BI;
  p.feesUsd = ZERO_BD;
  p.openedAt = event.block.number;
  p.openTransaction = event.transaction.hash;
  return p;
}

/** Gas the log's transaction used (its receipt; null when graph-node gave none) and its price in wei. */
class Gas {
  constructor(
    public used: BigInt | null,
    public price: BigInt,
  ) {}
}

function gasOf(event: ethereum.Event): Gas {
  const receipt = event.receipt;
  return new Gas(receipt ? receipt.gasUsed : null, event.transaction.gasPrice);
}

/** Oracle prices (18-decimal USD per whole token) of the manager's asset and stablecoin, and where they came from. */
class Prices {
  constructor(
    public asset: BigInt,
    public stable: BigInt,
    public source: string,
  ) {}
}

/**
 * Prices for a log that carries none: those an earlier log of the manager carried in the same transaction
 * (same block, same oracle), else each token's latest accepted PriceUpdated, else none (zero).
 */
function pricesFor(m: LiquidityManager, event: ethereum.Event): Prices {
  const tx = m.lastPriceTransaction;
  const a = m.lastAssetPriceRaw;
  const s = m.lastStablePriceRaw;
  if (tx && a && s && tx.equals(event.transaction.hash)) return new Prices(a, s, PRICE_TRANSACTION);
  const asset = Asset.load(m.asset)!;
  const stable = Asset.load(m.stable)!;
  const ap = asset.lastPriceRaw;
  const sp = stable.lastPriceRaw;
  if (ap && sp) return new Prices(ap, sp, PRICE_ORACLE_UPDATE);
  log.warning("liquidity manager {}: no oracle price of {} or {} before tx {}; its USD figures are 0", [
    m.id.toHexString(),
    asset.symbol,
    stable.symbol,
    event.transaction.hash.toHexString(),
  ]);
  return new Prices(ap ? ap : ZERO_BI, sp ? sp : ZERO_BI, PRICE_NONE);
}

/** Remembers the prices a log carried, for the manager's later logs of the same transaction. */
function notePrices(m: LiquidityManager, event: ethereum.Event, assetPrice: BigInt, stablePrice: BigInt): void {
  m.lastPriceTransaction = event.transaction.hash;
  m.lastAssetPriceRaw = assetPrice;
  m.lastStablePriceRaw = stablePrice;
}

/** The vault's holding of `token` grows by `amount` (tokens the vault did not have before: fees, a swap's output, a close's surplus). */
function addHeld(m: LiquidityManager, token: Asset, amount: BigInt, event: ethereum.Event): void {
  if (amount.isZero()) return;
  const position = getOrCreatePosition(getOrCreateVault(Address.fromBytes(m.vault), event, true), token);
  position.quantity = position.quantity.plus(amount);
  position.save();
}

/** `amount` of the vault's `token` goes into (or, negative, comes out of) the manager's positions. */
function shiftInPositions(m: LiquidityManager, token: Asset, amount: BigInt, event: ethereum.Event): void {
  if (amount.isZero()) return;
  const position = getOrCreatePosition(getOrCreateVault(Address.fromBytes(m.vault), event, true), token);
  const next = position.inLiquidityPositions.plus(amount);
  position.inLiquidityPositions = next.lt(ZERO_BI) ? ZERO_BI : next;
  position.save();
}

/** The tokens a position took (an open or a reinvestment) are counted in the vault's positions' inLiquidityPositions. */
function enterPositions(m: LiquidityManager, assetAmount: BigInt, stableAmount: BigInt, event: ethereum.Event): void {
  shiftInPositions(m, Asset.load(m.asset)!, assetAmount, event);
  shiftInPositions(m, Asset.load(m.stable)!, stableAmount, event);
}

/** The vault's holding of `token` shrinks by `amount` (a swap's input, what a close returned short of what went in). */
function takeHeld(m: LiquidityManager, token: Asset, amount: BigInt, what: string, event: ethereum.Event): void {
  if (amount.isZero()) return;
  const position = getOrCreatePosition(getOrCreateVault(Address.fromBytes(m.vault), event, true), token);
  removeQuantity(position, amount, what, event.transaction.hash.toHexString());
}

function saveChange(
  m: LiquidityManager,
  p: RangePosition,
  event: ethereum.Event,
  kind: string,
  liquidity: BigInt,
  assetAmount: BigInt,
  stableAmount: BigInt,
  prices: Prices,
  to: Address | null,
): RangeLiquidityChange {
  const asset = Asset.load(m.asset)!;
  const stable = Asset.load(m.stable)!;
  const c = new RangeLiquidityChange(eventId(event));
  c.manager = m.id;
  c.position = p.id;
  c.vault = m.vault;
  c.kind = kind;
  c.tokenId = p.tokenId;
  c.liquidity = liquidity;
  c.asset = asset.id;
  c.stable = stable.id;
  c.assetAmount = assetAmount;
  c.stableAmount = stableAmount;
  c.assetDecimals = asset.decimals;
  c.stableDecimals = stable.decimals;
  c.assetPriceRaw = prices.asset;
  c.stablePriceRaw = prices.stable;
  c.assetPriceUsd = fromFixed(prices.asset);
  c.stablePriceUsd = fromFixed(prices.stable);
  c.priceSource = prices.source;
  c.assetValueUsd = valueUsd(assetAmount, asset.decimals, prices.asset);
  c.stableValueUsd = valueUsd(stableAmount, stable.decimals, prices.stable);
  c.valueUsd = c.assetValueUsd.plus(c.stableValueUsd);
  if (to !== null) c.to = to;
  c.blockNumber = event.block.number;
  c.timestamp = event.block.timestamp;
  c.transactionHash = event.transaction.hash;
  c.logIndex = event.logIndex;
  const gas = gasOf(event);
  c.gasUsed = gas.used;
  c.gasPrice = gas.price;
  c.save();
  return c;
}

/** RangeOpened: a new position minted over [tickLower, tickUpper) of the `fee` pool with the tokens it took. */
export function recordRangeOpened(
  event: ethereum.Event,
  tokenId: BigInt,
  fee: i32,
  tickLower: i32,
  tickUpper: i32,
  twapTick: i32,
  sigma: BigInt,
  liquidity: BigInt,
  assetAmount: BigInt,
  stableAmount: BigInt,
): RangeLiquidityChange {
  const m = getOrCreateManager(event);
  const p = newPosition(m, tokenId, event);
  const factory = m.factory;
  if (factory) {
    p.pool = uniswapPoolAddress(Address.fromBytes(factory), Address.fromBytes(m.asset), Address.fromBytes(m.stable), fee);
  }
  p.fee = fee;
  p.tickLower = tickLower;
  p.tickUpper = tickUpper;
  p.twapTick = twapTick;
  p.sigma = fromFixed(sigma);
  p.liquidity = liquidity;
  p.assetAdded = assetAmount;
  p.stableAdded = stableAmount;
  p.save();
  const previous = m.current;
  if (previous) {
    log.warning("liquidity manager {}: position {} opened while {} was still open (tx {})", [
      m.id.toHexString(),
      p.id,
      previous as string,
      event.transaction.hash.toHexString(),
    ]);
  }
  m.current = p.id;
  m.positionCount = m.positionCount + 1;
  enterPositions(m, assetAmount, stableAmount, event);
  const prices = pricesFor(m, event);
  m.save();
  return saveChange(m, p, event, KIND_OPEN, liquidity, assetAmount, stableAmount, prices, null);
}

/** Reinvested: collected fees added back to the position. */
export function recordReinvested(event: ethereum.Event, tokenId: BigInt, liquidity: BigInt, assetAmount: BigInt, stableAmount: BigInt): RangeLiquidityChange {
  const m = getOrCreateManager(event);
  const p = loadPosition(m, tokenId, event);
  p.liquidity = p.liquidity.plus(liquidity);
  p.assetAdded = p.assetAdded.plus(assetAmount);
  p.stableAdded = p.stableAdded.plus(stableAmount);
  p.save();
  enterPositions(m, assetAmount, stableAmount, event);
  return saveChange(m, p, event, KIND_REINVEST, liquidity, assetAmount, stableAmount, pricesFor(m, event), null);
}

/**
 * RangeClosed: all liquidity removed and its principal sent to `to`, the NFT burnt (the fees owed were collected
 * just before, in a FeesCollected of the same transaction). The vault's holdings change by what came out less
 * what went in (the pool traded one token for the other).
 */
export function recordRangeClosed(
  event: ethereum.Event,
  tokenId: BigInt,
  to: Address,
  assetAmount: BigInt,
  stableAmount: BigInt,
  assetPrice: BigInt,
  stablePrice: BigInt,
): RangeLiquidityChange {
  const m = getOrCreateManager(event);
  const p = loadPosition(m, tokenId, event);
  const removed = p.liquidity;
  p.liquidity = ZERO_BI;
  p.open = false;
  p.assetRemoved = assetAmount;
  p.stableRemoved = stableAmount;
  p.closedAt = event.block.number;
  p.closeTransaction = event.transaction.hash;
  p.closedTo = to;
  p.save();
  const asset = Asset.load(m.asset)!;
  const stable = Asset.load(m.stable)!;
  shiftHeld(m, asset, p.assetAdded, assetAmount, event);
  shiftHeld(m, stable, p.stableAdded, stableAmount, event);
  shiftInPositions(m, asset, p.assetAdded.neg(), event);
  shiftInPositions(m, stable, p.stableAdded.neg(), event);
  const current = m.current;
  if (current && current == p.id) m.current = null;
  notePrices(m, event, assetPrice, stablePrice);
  m.save();
  return saveChange(m, p, event, KIND_CLOSE, removed, assetAmount, stableAmount, new Prices(assetPrice, stablePrice, PRICE_EVENT), to);
}

function shiftHeld(m: LiquidityManager, token: Asset, wentIn: BigInt, cameOut: BigInt, event: ethereum.Event): void {
  if (cameOut.gt(wentIn)) addHeld(m, token, cameOut.minus(wentIn), event);
  else takeHeld(m, token, wentIn.minus(cameOut), "liquidity position close", event);
}

/** FeesCollected: fees taken from the position (to reinvest them, or at its close), valued at the log's oracle prices. */
export function recordFeesCollected(
  event: ethereum.Event,
  tokenId: BigInt,
  assetAmount: BigInt,
  stableAmount: BigInt,
  assetPrice: BigInt,
  stablePrice: BigInt,
): RangeFeeCollection {
  const m = getOrCreateManager(event);
  const p = loadPosition(m, tokenId, event);
  const asset = Asset.load(m.asset)!;
  const stable = Asset.load(m.stable)!;
  const f = new RangeFeeCollection(eventId(event));
  f.manager = m.id;
  f.position = p.id;
  f.vault = m.vault;
  f.tokenId = tokenId;
  f.asset = asset.id;
  f.stable = stable.id;
  f.assetAmount = assetAmount;
  f.stableAmount = stableAmount;
  f.assetDecimals = asset.decimals;
  f.stableDecimals = stable.decimals;
  f.assetPriceRaw = assetPrice;
  f.stablePriceRaw = stablePrice;
  f.assetPriceUsd = fromFixed(assetPrice);
  f.stablePriceUsd = fromFixed(stablePrice);
  f.assetValueUsd = valueUsd(assetAmount, asset.decimals, assetPrice);
  f.stableValueUsd = valueUsd(stableAmount, stable.decimals, stablePrice);
  f.valueUsd = f.assetValueUsd.plus(f.stableValueUsd);
  f.blockNumber = event.block.number;
  f.timestamp = event.block.timestamp;
  f.transactionHash = event.transaction.hash;
  f.logIndex = event.logIndex;
  const gas = gasOf(event);
  f.gasUsed = gas.used;
  f.gasPrice = gas.price;
  f.save();
  p.feesAsset = p.feesAsset.plus(assetAmount);
  p.feesStable = p.feesStable.plus(stableAmount);
  p.feesUsd = p.feesUsd.plus(f.valueUsd);
  p.save();
  addHeld(m, asset, assetAmount, event);
  addHeld(m, stable, stableAmount, event);
  m.feeCollectionCount = m.feeCollectionCount + 1;
  m.cumulativeFeesUsd = m.cumulativeFeesUsd.plus(f.valueUsd);
  notePrices(m, event, assetPrice, stablePrice);
  m.save();
  return f;
}

/** Decision: one evaluation of the re-range rule, with the reason and the USD figures (18-decimal). */
export function recordDecision(
  event: ethereum.Event,
  rerange: boolean,
  reason: i32,
  fee: i32,
  tick: i32,
  tickLower: i32,
  tickUpper: i32,
  newFeesUsd: BigInt,
  stayFeesUsd: BigInt,
  costUsd: BigInt,
): RangeDecision {
  const m = getOrCreateManager(event);
  const d = new RangeDecision(eventId(event));
  d.manager = m.id;
  const current = m.current;
  if (current) d.position = current;
  d.rerange = rerange;
  if (reason < 0 || reason >= REASONS.length) {
    log.warning("liquidity manager {}: unknown decision reason {} (tx {}); recorded as IN_RANGE", [
      m.id.toHexString(),
      reason.toString(),
      event.transaction.hash.toHexString(),
    ]);
    d.reason = REASONS[0];
  } else {
    d.reason = REASONS[reason];
  }
  d.fee = fee;
  d.tick = tick;
  d.tickLower = tickLower;
  d.tickUpper = tickUpper;
  d.newFeesUsd = fromFixed(newFeesUsd);
  d.stayFeesUsd = fromFixed(stayFeesUsd);
  d.costUsd = fromFixed(costUsd);
  d.blockNumber = event.block.number;
  d.timestamp = event.block.timestamp;
  d.transactionHash = event.transaction.hash;
  d.logIndex = event.logIndex;
  const gas = gasOf(event);
  d.gasUsed = gas.used;
  d.gasPrice = gas.price;
  d.save();
  m.decisionCount = m.decisionCount + 1;
  if (rerange) m.rerangeCount = m.rerangeCount + 1;
  m.save();
  return d;
}

/** RatioSwap: the vault's tokenIn exchanged for tokenOut in the `fee` pool, valued at the oracle (see pricesFor). */
export function recordRatioSwap(event: ethereum.Event, tokenIn: Address, tokenOut: Address, fee: i32, amountIn: BigInt, amountOut: BigInt): RangeRatioSwap {
  const m = getOrCreateManager(event);
  const prices = pricesFor(m, event);
  const inAsset = getAsset(tokenIn, event);
  const outAsset = getAsset(tokenOut, event);
  const s = new RangeRatioSwap(eventId(event));
  s.manager = m.id;
  s.vault = m.vault;
  s.tokenIn = inAsset.id;
  s.tokenOut = outAsset.id;
  s.fee = fee;
  s.amountIn = amountIn;
  s.amountOut = amountOut;
  s.decimalsIn = inAsset.decimals;
  s.decimalsOut = outAsset.decimals;
  s.priceInRaw = priceOf(m, prices, inAsset);
  s.priceOutRaw = priceOf(m, prices, outAsset);
  s.priceSource = prices.source;
  s.valueInUsd = valueUsd(amountIn, inAsset.decimals, s.priceInRaw);
  s.valueOutUsd = valueUsd(amountOut, outAsset.decimals, s.priceOutRaw);
  s.blockNumber = event.block.number;
  s.timestamp = event.block.timestamp;
  s.transactionHash = event.transaction.hash;
  s.logIndex = event.logIndex;
  s.save();
  takeHeld(m, inAsset, amountIn, "ratio swap", event);
  addHeld(m, outAsset, amountOut, event);
  return s;
}

function priceOf(m: LiquidityManager, prices: Prices, token: Asset): BigInt {
  if (token.id.equals(m.asset)) return prices.asset;
  if (token.id.equals(m.stable)) return prices.stable;
  const last = token.lastPriceRaw;
  return last ? last : ZERO_BI;
}

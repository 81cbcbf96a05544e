import { Address, BigInt, Bytes, DataSourceContext, ethereum } from "@graphprotocol/graph-ts";
import { afterEach, assert, beforeEach, clearStore, dataSourceMock, describe, newMockEvent, test } from "matchstick-as/assembly/index";
import { Decision, FeesCollected, RangeClosed, RangeOpened, RatioSwap, Reinvested } from "../generated/LiquidityManager/LiquidityManager";
import { LiquidityManager, RangeLiquidityChange } from "../generated/schema";
import {
  handleCostConfigSet, handleDecision, handleFeesCollected, handleFeeTierSet, handleRangeClosed, handleRangeConfigSet, handleRangeOpened, handleRatioSwap,
  handleReinvested,
} from "../src/mappings/liquidity-manager";
import { handlePriceUpdated } from "../src/mappings/oracle-hub";
import { handleAssetAdded, handleDeposited } from "../src/mappings/vault";
import { uniswapPoolAddress } from "../src/entities/range";
import { assetAdded, DAY0, deposited, priceUpdated, units, usd, USDC, VAULT, WETH } from "./fixtures/events";

const MANAGER = Address.fromString("0x00000000000000000000000000000000000a000c");
const FACTORY = Address.fromString("0x00000000000000000000000000000000000f0002");
const WETH_POSITION = VAULT.toHexString() + "-" + WETH.toHexString();
const USDC_POSITION = VAULT.toHexString() + "-" + USDC.toHexString();

function at(e: ethereum.Event, block: i32, logIndex: i32): void {
  e.address = MANAGER;
  e.block.number = BigInt.fromI32(block);
  e.block.timestamp = BigInt.fromI64(DAY0 + block * 12);
  e.logIndex = BigInt.fromI32(logIndex);
  // one transaction per block, as in the other fixtures
  e.transaction.hash = Bytes.fromHexString("0x" + block.toString().padStart(64, "0"));
  e.parameters = new Array();
}

/** The transaction's gas: `used` on its receipt (null: graph-node gave no receipt) at `priceGwei` a gas. */
function withGas<T extends ethereum.Event>(e: T, used: i64, priceGwei: i32): T {
  e.transaction.gasPrice = BigInt.fromI32(priceGwei).times(BigInt.fromI32(1_000_000_000));
  const r = e.receipt;
  if (r) r.gasUsed = BigInt.fromI64(used);
  return e;
}

function uint(name: string, v: BigInt): ethereum.EventParam {
  return new ethereum.EventParam(name, ethereum.Value.fromUnsignedBigInt(v));
}
function small(name: string, v: i32): ethereum.EventParam {
  return new ethereum.EventParam(name, ethereum.Value.fromI32(v));
}

function opened(tokenId: i32, fee: i32, lower: i32, upper: i32, liquidity: BigInt, assetAmount: BigInt, stableAmount: BigInt, block: i32, logIndex: i32): RangeOpened {
  const e = changetype<RangeOpened>(newMockEvent());
  at(e, block, logIndex);
  e.parameters.push(uint("positionId", BigInt.fromI32(tokenId)));
  e.parameters.push(small("fee", fee));
  e.parameters.push(small("tickLower", lower));
  e.parameters.push(small("tickUpper", upper));
  e.parameters.push(small("twapTick", (lower + upper) / 2));
  e.parameters.push(uint("sigma", BigInt.fromI64(20_000_000_000_000_000))); // 2 % a round
  e.parameters.push(uint("liquidity", liquidity));
  e.parameters.push(uint("assetAmount", assetAmount));
  e.parameters.push(uint("stableAmount", stableAmount));
  return e;
}

function closed(tokenId: i32, to: Address, assetAmount: BigInt, stableAmount: BigInt, assetPrice: BigInt, stablePrice: BigInt, block: i32, logIndex: i32): RangeClosed {
  const e = changetype<RangeClosed>(newMockEvent());
  at(e, block, logIndex);
  e.parameters.push(uint("positionId", BigInt.fromI32(tokenId)));
  e.parameters.push(new ethereum.EventParam("to", ethereum.Value.fromAddress(to)));
  e.parameters.push(uint("assetAmount", assetAmount));
  e.parameters.push(uint("stableAmount", stableAmount));
  e.parameters.push(uint("assetPriceUsd", assetPrice));
  e.parameters.push(uint("stablePriceUsd", stablePrice));
  return e;
}

function fees(tokenId: i32, assetAmount: BigInt, stableAmount: BigInt, assetPrice: BigInt, stablePrice: BigInt, block: i32, logIndex: i32): FeesCollected {
  const e = changetype<FeesCollected>(newMockEvent());
  at(e, block, logIndex);
  e.parameters.push(uint("positionId", BigInt.fromI32(tokenId)));
  e.parameters.push(uint("assetAmount", assetAmount));
  e.parameters.push(uint("stableAmount", stableAmount));
  e.parameters.push(uint("assetPriceUsd", assetPrice));
  e.parameters.push(uint("stablePriceUsd", stablePrice));
  return e;
}

function reinvested(tokenId: i32, liquidity: BigInt, assetAmount: BigInt, stableAmount: BigInt, block: i32, logIndex: i32): Reinvested {
  const e = changetype<Reinvested>(newMockEvent());
  at(e, block, logIndex);
  e.parameters.push(uint("positionId", BigInt.fromI32(tokenId)));
  e.parameters.push(uint("liquidity", liquidity));
  e.parameters.push(uint("assetAmount", assetAmount));
  e.parameters.push(uint("stableAmount", stableAmount));
  return e;
}

function ratioSwap(tokenIn: Address, tokenOut: Address, fee: i32, amountIn: BigInt, amountOut: BigInt, block: i32, logIndex: i32): RatioSwap {
  const e = changetype<RatioSwap>(newMockEvent());
  at(e, block, logIndex);
  e.parameters.push(new ethereum.EventParam("tokenIn", ethereum.Value.fromAddress(tokenIn)));
  e.parameters.push(new ethereum.EventParam("tokenOut", ethereum.Value.fromAddress(tokenOut)));
  e.parameters.push(small("fee", fee));
  e.parameters.push(uint("amountIn", amountIn));
  e.parameters.push(uint("amountOut", amountOut));
  return e;
}

function decision(rerange: boolean, reason: i32, fee: i32, newFees: BigInt, stayFees: BigInt, cost: BigInt, block: i32, logIndex: i32): Decision {
  const e = changetype<Decision>(newMockEvent());
  at(e, block, logIndex);
  e.parameters.push(new ethereum.EventParam("rerange", ethereum.Value.fromBoolean(rerange)));
  e.parameters.push(small("reason", reason));
  e.parameters.push(small("fee", fee));
  e.parameters.push(small("tick", 76020));
  e.parameters.push(small("tickLower", 75500));
  e.parameters.push(small("tickUpper", 76500));
  e.parameters.push(uint("newFeesUsd", newFees));
  e.parameters.push(uint("stayFeesUsd", stayFees));
  e.parameters.push(uint("costUsd", cost));
  return e;
}

/** 10^18 × n / 1000: thousandths of a whole 18-decimal token. */
function milli(n: i64): BigInt {
  return BigInt.fromI64(n).times(BigInt.fromI32(10).pow(15));
}

function setUpVault(withPrices: boolean): void {
  const context = new DataSourceContext();
  context.setString("contractName", "LiquidityManager");
  context.setString("vault", VAULT.toHexString());
  context.setString("asset", WETH.toHexString());
  context.setString("stable", USDC.toHexString());
  context.setString("factory", FACTORY.toHexString());
  dataSourceMock.setContext(context);
  handleAssetAdded(assetAdded(USDC, 6, "USDC", true, 1, 0, DAY0));
  handleAssetAdded(assetAdded(WETH, 18, "WETH", false, 1, 1, DAY0));
  handleDeposited(deposited(WETH, units(10, 18), usd(2000), 2, 0, DAY0 + 24));
  handleDeposited(deposited(USDC, units(20000, 6), usd(1), 2, 1, DAY0 + 24));
  if (withPrices) {
    handlePriceUpdated(priceUpdated(WETH, usd(2000), 3, 0, DAY0 + 36));
    handlePriceUpdated(priceUpdated(USDC, usd(1), 3, 1, DAY0 + 36));
  }
}

describe("LiquidityManager: positions, liquidity changes, fee collections, decisions", () => {
  beforeEach(() => {
    dataSourceMock.resetValues();
  });
  afterEach(() => {
    clearStore();
  });

  test("the pool address is Uniswap v3's CREATE2 address (mainnet's USDC/WETH 0.05 % pool)", () => {
    const pool = uniswapPoolAddress(
      Address.fromString("0x1F98431c8aD98523631AE4a59f267346ea31F984"),
      Address.fromString("0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2"), // WETH, given first: the function sorts
      Address.fromString("0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"), // USDC
      500,
    );
    assert.stringEquals(pool.toHexString(), "0x88e6a0c2ddd26feeb64f039a2c41296fcb3f5640");
  });

  test("an open by itself is priced at each token's latest oracle update; its ratio swap moves the vault's holdings", () => {
    setUpVault(true);
    handleRatioSwap(ratioSwap(WETH, USDC, 3000, units(1, 18), units(1990, 6), 5, 0));
    handleRangeOpened(opened(11, 3000, 75000, 77000, BigInt.fromI64(5_000_000_000_000_000), units(4, 18), units(9990, 6), 5, 1));

    const swap = "000000000005-000000";
    assert.fieldEquals("RangeRatioSwap", swap, "priceSource", "ORACLE_UPDATE");
    assert.fieldEquals("RangeRatioSwap", swap, "valueInUsd", "2000");
    assert.fieldEquals("RangeRatioSwap", swap, "valueOutUsd", "1990");
    assert.fieldEquals("RangeRatioSwap", swap, "tokenIn", WETH.toHexString());
    // the swap exchanged the vault's tokens; the tokens in the position stay the vault's
    assert.fieldEquals("Position", WETH_POSITION, "quantity", units(9, 18).toString());
    assert.fieldEquals("Position", USDC_POSITION, "quantity", units(21990, 6).toString());

    const id = MANAGER.toHexString() + "-11";
    assert.fieldEquals("RangePosition", id, "open", "true");
    assert.fieldEquals("RangePosition", id, "fee", "3000");
    assert.fieldEquals("RangePosition", id, "tickLower", "75000");
    assert.fieldEquals("RangePosition", id, "tickUpper", "77000");
    assert.fieldEquals("RangePosition", id, "sigma", "0.02");
    // the fixture factory's WETH/USDC 0.3 % pool (ethers' getCreate2Address gives the same)
    assert.fieldEquals("RangePosition", id, "pool", "0xb2ac8edeb37095453d8bad531ca7679b8541ce82");
    assert.fieldEquals("LiquidityManager", MANAGER.toHexString(), "current", id);
    assert.fieldEquals("LiquidityManager", MANAGER.toHexString(), "vault", VAULT.toHexString());

    const change = "000000000005-000001";
    assert.fieldEquals("RangeLiquidityChange", change, "kind", "OPEN");
    assert.fieldEquals("RangeLiquidityChange", change, "priceSource", "ORACLE_UPDATE");
    assert.fieldEquals("RangeLiquidityChange", change, "assetPriceUsd", "2000");
    assert.fieldEquals("RangeLiquidityChange", change, "assetValueUsd", "8000");
    assert.fieldEquals("RangeLiquidityChange", change, "stableValueUsd", "9990");
    assert.fieldEquals("RangeLiquidityChange", change, "valueUsd", "17990");
    assert.fieldEquals("RangeLiquidityChange", change, "liquidity", "5000000000000000");
    // the tokens inside the position are the vault's, outside its sleeve
    assert.fieldEquals("Position", WETH_POSITION, "inLiquidityPositions", units(4, 18).toString());
    assert.fieldEquals("Position", USDC_POSITION, "inLiquidityPositions", units(9990, 6).toString());
  });

  test("an open before any oracle price records it without prices (NONE, USD 0)", () => {
    setUpVault(false);
    handleRangeOpened(opened(3, 500, -100, 100, BigInt.fromI32(1000), units(1, 18), units(2000, 6), 5, 0));
    assert.fieldEquals("RangeLiquidityChange", "000000000005-000000", "priceSource", "NONE");
    assert.fieldEquals("RangeLiquidityChange", "000000000005-000000", "valueUsd", "0");
    assert.fieldEquals("RangeLiquidityChange", "000000000005-000000", "assetPriceRaw", "0");
  });

  test("fees collected are valued at the log's prices and added to the vault; the reinvest in the same transaction takes those prices", () => {
    setUpVault(true);
    handleRangeOpened(opened(11, 3000, 75000, 77000, BigInt.fromI64(5_000_000_000_000_000), units(4, 18), units(9990, 6), 5, 1));
    handleFeesCollected(fees(11, milli(10), units(25, 6), usd(2100), usd(1), 8, 0));
    handleRatioSwap(ratioSwap(WETH, USDC, 3000, milli(5), BigInt.fromI64(10_400_000), 8, 1));
    handleReinvested(reinvested(11, BigInt.fromI64(10_000_000_000_000), milli(5), BigInt.fromI64(35_400_000), 8, 2));

    const f = "000000000008-000000";
    assert.fieldEquals("RangeFeeCollection", f, "assetValueUsd", "21");
    assert.fieldEquals("RangeFeeCollection", f, "stableValueUsd", "25");
    assert.fieldEquals("RangeFeeCollection", f, "valueUsd", "46");
    assert.fieldEquals("RangeFeeCollection", f, "position", MANAGER.toHexString() + "-11");
    // the swap after the collect is priced at the collect's prices (same transaction, same oracle)
    assert.fieldEquals("RangeRatioSwap", "000000000008-000001", "priceSource", "TRANSACTION");
    assert.fieldEquals("RangeRatioSwap", "000000000008-000001", "valueInUsd", "10.5");
    const r = "000000000008-000002";
    assert.fieldEquals("RangeLiquidityChange", r, "kind", "REINVEST");
    assert.fieldEquals("RangeLiquidityChange", r, "priceSource", "TRANSACTION");
    assert.fieldEquals("RangeLiquidityChange", r, "assetPriceUsd", "2100");
    assert.fieldEquals("RangeLiquidityChange", r, "valueUsd", "45.9");

    const id = MANAGER.toHexString() + "-11";
    assert.fieldEquals("RangePosition", id, "liquidity", "5010000000000000");
    assert.fieldEquals("RangePosition", id, "assetAdded", "4005000000000000000");
    assert.fieldEquals("RangePosition", id, "stableAdded", "10025400000");
    assert.fieldEquals("RangePosition", id, "feesUsd", "46");
    assert.fieldEquals("LiquidityManager", MANAGER.toHexString(), "cumulativeFeesUsd", "46");
    assert.fieldEquals("LiquidityManager", MANAGER.toHexString(), "feeCollectionCount", "1");
    // 10 WETH + 0.01 fees − 0.005 swapped; 20,000 USDC + 25 fees + 10.4 from the swap
    assert.fieldEquals("Position", WETH_POSITION, "quantity", "10005000000000000000");
    assert.fieldEquals("Position", USDC_POSITION, "quantity", "20035400000");
    // what the reinvest added joins what the open put in
    assert.fieldEquals("Position", WETH_POSITION, "inLiquidityPositions", "4005000000000000000");
    assert.fieldEquals("Position", USDC_POSITION, "inLiquidityPositions", "10025400000");
  });

  test("a re-range: the decision names the position, the close is priced by its log and shifts the vault's holdings by out − in, the new open takes its prices", () => {
    setUpVault(true);
    handleRangeOpened(opened(11, 3000, 75000, 77000, BigInt.fromI64(5_000_000_000_000_000), units(4, 18), units(9990, 6), 5, 0));
    handleDecision(withGas(decision(true, 1, 500, usd(120), usd(3), usd(40, 50), 12, 0), 1_007_252, 3));
    handleRangeClosed(withGas(closed(11, MANAGER, milli(2500), units(13000, 6), usd(2200), usd(1), 12, 1), 1_007_252, 3));
    // the close leaves the manager without a position until the next open, and nothing inside one
    assert.assertNull(LiquidityManager.load(MANAGER)!.current);
    assert.fieldEquals("Position", WETH_POSITION, "inLiquidityPositions", "0");
    assert.fieldEquals("Position", USDC_POSITION, "inLiquidityPositions", "0");
    handleRangeOpened(withGas(opened(12, 500, 76000, 76800, BigInt.fromI64(6_000_000_000_000_000), milli(2400), units(12000, 6), 12, 2), 1_007_252, 3));
    assert.fieldEquals("Position", WETH_POSITION, "inLiquidityPositions", milli(2400).toString());
    assert.fieldEquals("Position", USDC_POSITION, "inLiquidityPositions", units(12000, 6).toString());

    const d = "000000000012-000000";
    assert.fieldEquals("RangeDecision", d, "reason", "OUT_OF_RANGE");
    assert.fieldEquals("RangeDecision", d, "rerange", "true");
    assert.fieldEquals("RangeDecision", d, "position", MANAGER.toHexString() + "-11");
    assert.fieldEquals("RangeDecision", d, "newFeesUsd", "120");
    assert.fieldEquals("RangeDecision", d, "costUsd", "40.5");
    // the re-range's whole transaction: its receipt's gas at its price, on each of its logs' rows
    assert.fieldEquals("RangeDecision", d, "gasUsed", "1007252");
    assert.fieldEquals("RangeDecision", d, "gasPrice", "3000000000");

    const c = "000000000012-000001";
    assert.fieldEquals("RangeLiquidityChange", c, "kind", "CLOSE");
    assert.fieldEquals("RangeLiquidityChange", c, "priceSource", "EVENT");
    assert.fieldEquals("RangeLiquidityChange", c, "liquidity", "5000000000000000");
    assert.fieldEquals("RangeLiquidityChange", c, "to", MANAGER.toHexString());
    assert.fieldEquals("RangeLiquidityChange", c, "valueUsd", "18500");
    assert.fieldEquals("RangeLiquidityChange", c, "gasUsed", "1007252");
    const old = MANAGER.toHexString() + "-11";
    assert.fieldEquals("RangePosition", old, "open", "false");
    assert.fieldEquals("RangePosition", old, "liquidity", "0");
    assert.fieldEquals("RangePosition", old, "assetRemoved", "2500000000000000000");
    // the pool sold 1.5 WETH of the vault's for 3,010 USDC
    assert.fieldEquals("Position", WETH_POSITION, "quantity", "8500000000000000000");
    assert.fieldEquals("Position", USDC_POSITION, "quantity", "23010000000");

    const o = "000000000012-000002";
    assert.fieldEquals("RangeLiquidityChange", o, "priceSource", "TRANSACTION");
    assert.fieldEquals("RangeLiquidityChange", o, "assetPriceUsd", "2200");
    assert.fieldEquals("RangePosition", MANAGER.toHexString() + "-12", "pool", "0x646e4739bbc2b87fb47a0e9e4ddf4cfe1bc4ba7d");
    assert.fieldEquals("LiquidityManager", MANAGER.toHexString(), "current", MANAGER.toHexString() + "-12");
    assert.fieldEquals("LiquidityManager", MANAGER.toHexString(), "positionCount", "2");
    assert.entityCount("RangeLiquidityChange", 3);
    const change = RangeLiquidityChange.load(o)!;
    assert.assertTrue(change.to === null, "an open goes to no one");
  });

  test("a skipped re-range keeps its reason and figures and counts as a decision only", () => {
    setUpVault(true);
    handleRangeOpened(opened(11, 3000, 75000, 77000, BigInt.fromI32(1000), units(1, 18), units(2000, 6), 5, 0));
    handleDecision(decision(false, 4, 3000, usd(10), usd(8), usd(5), 14, 0));
    handleDecision(decision(false, 0, 3000, usd(0), usd(0), usd(0), 15, 0));
    assert.fieldEquals("RangeDecision", "000000000014-000000", "reason", "FEES_BELOW_COST");
    assert.fieldEquals("RangeDecision", "000000000014-000000", "rerange", "false");
    assert.fieldEquals("RangeDecision", "000000000014-000000", "stayFeesUsd", "8");
    assert.fieldEquals("RangeDecision", "000000000015-000000", "reason", "IN_RANGE");
    assert.fieldEquals("LiquidityManager", MANAGER.toHexString(), "decisionCount", "2");
    assert.fieldEquals("LiquidityManager", MANAGER.toHexString(), "rerangeCount", "0");
    // no receipt from graph-node: the gas is unknown, not zero
    const noReceipt = decision(false, 0, 3000, usd(0), usd(0), usd(0), 16, 0);
    noReceipt.receipt = null;
    handleDecision(noReceipt);
    assert.fieldEquals("RangeDecision", "000000000016-000000", "gasUsed", "null");
  });

  test("tier and range-rule changes are CONFIG changes of the manager, their numbers in declaration order", () => {
    setUpVault(true);
    const tier = newMockEvent();
    at(tier, 16, 0);
    tier.parameters.push(small("fee", 10000));
    tier.parameters.push(new ethereum.EventParam("enabled", ethereum.Value.fromBoolean(false)));
    handleFeeTierSet(tier);
    const id = "000000000016-000000";
    assert.fieldEquals("GovernanceChange", id, "kind", "CONFIG");
    assert.fieldEquals("GovernanceChange", id, "event", "FeeTierSet");
    assert.fieldEquals("GovernanceChange", id, "contract", MANAGER.toHexString());
    assert.fieldEquals("GovernanceChange", id, "values", "[10000]");
    assert.fieldEquals("GovernanceChange", id, "flag", "false");
    assert.fieldEquals("ManagedContract", MANAGER.toHexString(), "name", "LiquidityManager");

    const range = newMockEvent();
    at(range, 17, 0);
    const config = new ethereum.Tuple();
    for (let i = 1; i <= 5; i++) config.push(ethereum.Value.fromUnsignedBigInt(BigInt.fromI32(i * 100)));
    range.parameters.push(new ethereum.EventParam("config", ethereum.Value.fromTuple(config)));
    handleRangeConfigSet(range);
    assert.fieldEquals("GovernanceChange", "000000000017-000000", "event", "RangeConfigSet");
    assert.fieldEquals("GovernanceChange", "000000000017-000000", "values", "[100, 200, 300, 400, 500]");

    const cost = newMockEvent();
    at(cost, 18, 0);
    const costConfig = new ethereum.Tuple();
    for (let i = 1; i <= 6; i++) costConfig.push(ethereum.Value.fromUnsignedBigInt(BigInt.fromI32(i)));
    cost.parameters.push(new ethereum.EventParam("config", ethereum.Value.fromTuple(costConfig)));
    handleCostConfigSet(cost);
    assert.fieldEquals("GovernanceChange", "000000000018-000000", "values", "[1, 2, 3, 4, 5, 6]");
    assert.fieldEquals("ManagedContract", MANAGER.toHexString(), "changeCount", "3");
  });
});

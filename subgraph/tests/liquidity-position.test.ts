import { Address, BigInt, ethereum } from "@graphprotocol/graph-ts";
import { afterEach, assert, clearStore, describe, newMockEvent, test } from "matchstick-as/assembly/index";
import { ControllerSet, LiquidityAdded, LiquidityRemoved } from "../generated/LPPool/LPPool";
import { LiquidityChange, LiquidityPosition } from "../generated/schema";
import { handleControllerSet, handleLiquidityAdded, handleLiquidityRemoved } from "../src/mappings/liquidity-position";
import { DAY0, HEDGER, OWNER, units, VAULT } from "./fixtures/events";

const ADAPTER = Address.fromString("0x00000000000000000000000000000000000a000a");
const NFT = BigInt.fromI32(7);

function at(e: ethereum.Event, block: i32, logIndex: i32): void {
  e.address = ADAPTER;
  e.block.number = BigInt.fromI32(block);
  e.block.timestamp = BigInt.fromI64(DAY0 + block * 12);
  e.logIndex = BigInt.fromI32(logIndex);
  e.parameters = new Array();
}

function controllerSet(controller: Address, block: i32): ControllerSet {
  const e = changetype<ControllerSet>(newMockEvent());
  at(e, block, 0);
  e.parameters.push(new ethereum.EventParam("controller", ethereum.Value.fromAddress(controller)));
  return e;
}

function added(liquidity: BigInt, assetAmount: BigInt, stableAmount: BigInt, block: i32): LiquidityAdded {
  const e = changetype<LiquidityAdded>(newMockEvent());
  at(e, block, 1);
  e.parameters.push(new ethereum.EventParam("positionId", ethereum.Value.fromUnsignedBigInt(NFT)));
  e.parameters.push(new ethereum.EventParam("liquidity", ethereum.Value.fromUnsignedBigInt(liquidity)));
  e.parameters.push(new ethereum.EventParam("assetAmount", ethereum.Value.fromUnsignedBigInt(assetAmount)));
  e.parameters.push(new ethereum.EventParam("stableAmount", ethereum.Value.fromUnsignedBigInt(stableAmount)));
  return e;
}

function removed(liquidity: BigInt, assetAmount: BigInt, stableAmount: BigInt, block: i32): LiquidityRemoved {
  const e = changetype<LiquidityRemoved>(newMockEvent());
  at(e, block, 2);
  e.parameters.push(new ethereum.EventParam("positionId", ethereum.Value.fromUnsignedBigInt(NFT)));
  e.parameters.push(new ethereum.EventParam("to", ethereum.Value.fromAddress(VAULT)));
  e.parameters.push(new ethereum.EventParam("liquidity", ethereum.Value.fromUnsignedBigInt(liquidity)));
  e.parameters.push(new ethereum.EventParam("assetAmount", ethereum.Value.fromUnsignedBigInt(assetAmount)));
  e.parameters.push(new ethereum.EventParam("stableAmount", ethereum.Value.fromUnsignedBigInt(stableAmount)));
  return e;
}

describe("LPPool: the hedger's Uniswap v3 position", () => {
  afterEach(() => {
    clearStore();
  });

  test("follows the position from its controller through adds to the exit, fees included in what came out", () => {
    const id = ADAPTER.toHexString();
    handleControllerSet(controllerSet(OWNER, 1));
    handleLiquidityAdded(added(BigInt.fromI32(1000), units(10, 18), units(30000, 6), 2));
    handleControllerSet(controllerSet(HEDGER, 3));
    handleLiquidityAdded(added(BigInt.fromI32(500), units(5, 18), units(15000, 6), 4));
    assert.fieldEquals("LiquidityPosition", id, "controller", HEDGER.toHexString());
    assert.fieldEquals("LiquidityPosition", id, "positionId", "7");
    assert.fieldEquals("LiquidityPosition", id, "liquidity", "1500");
    assert.fieldEquals("LiquidityPosition", id, "cumulativeAssetAdded", "15000000000000000000");
    assert.fieldEquals("LiquidityPosition", id, "cumulativeStableAdded", "45000000000");
    assert.fieldEquals("LiquidityPosition", id, "addCount", "2");

    // the exit: all liquidity, and more stablecoin than went in (the pool moved and fees accrued)
    handleLiquidityRemoved(removed(BigInt.fromI32(1500), units(12, 18), units(40000, 6), 9));
    assert.fieldEquals("LiquidityPosition", id, "liquidity", "0");
    assert.assertTrue(LiquidityPosition.load(id)!.positionId === null, "an exit closes the position");
    assert.fieldEquals("LiquidityPosition", id, "cumulativeAssetRemoved", "12000000000000000000");
    assert.fieldEquals("LiquidityPosition", id, "cumulativeStableRemoved", "40000000000");
    assert.fieldEquals("LiquidityPosition", id, "removeCount", "1");
    const exit = "000000000009-000002";
    assert.fieldEquals("LiquidityChange", exit, "kind", "REMOVE");
    assert.fieldEquals("LiquidityChange", exit, "to", VAULT.toHexString());
    assert.fieldEquals("LiquidityChange", exit, "position", id);
    assert.fieldEquals("LiquidityChange", "000000000002-000001", "kind", "ADD");
    assert.assertTrue(LiquidityChange.load("000000000002-000001")!.to === null, "an add goes to no one");
    assert.entityCount("LiquidityChange", 3);
  });
});

import { BigInt, Bytes } from "@graphprotocol/graph-ts";
import { afterEach, assert, clearStore, dataSourceMock, describe, test } from "matchstick-as/assembly/index";
import { BridgeTransfer } from "../generated/schema";
import { handleOFTReceived, handleOFTSent } from "../src/mappings/stablecoin-bridge";
import { BRIDGE, DAY0, OWNER, oftReceived, oftSent } from "./fixtures/events";

const GUID = Bytes.fromHexString("0x1111111111111111111111111111111111111111111111111111111111111111");
const BACK = Bytes.fromHexString("0x2222222222222222222222222222222222222222222222222222222222222222");
const HOME_EID = 39001;
const L2_EID = 39002;

describe("StablecoinBridge", () => {
  afterEach(() => {
    clearStore();
  });

  test("a send records the sending side of the transfer under its guid, on the network indexed", () => {
    dataSourceMock.setNetwork("hardhat");
    handleOFTSent(oftSent(GUID, L2_EID, OWNER, BigInt.fromI32(2_000_000), BigInt.fromI32(2_000_000), 7, 3, DAY0));
    const id = GUID.toHexString();
    assert.fieldEquals("BridgeTransfer", id, "dstEid", L2_EID.toString());
    assert.fieldEquals("BridgeTransfer", id, "sender", OWNER.toHexString());
    assert.fieldEquals("BridgeTransfer", id, "amountSent", "2000000");
    assert.fieldEquals("BridgeTransfer", id, "amountToReceive", "2000000");
    assert.fieldEquals("BridgeTransfer", id, "sentOApp", BRIDGE.toHexString());
    assert.fieldEquals("BridgeTransfer", id, "sentNetwork", "hardhat");
    assert.fieldEquals("BridgeTransfer", id, "sentBlock", "7");
    assert.fieldEquals("BridgeTransfer", id, "sentLogIndex", "3");
    assert.fieldEquals("BridgeTransfer", id, "sentTimestamp", DAY0.toString());
    assert.fieldEquals("BridgeTransfer", id, "sentTransactionHash", "0x" + "7".padStart(64, "0"));
    const sent = BridgeTransfer.load(GUID)!;
    assert.assertTrue(sent.receivedNetwork === null, "the other side is not seen on this chain");
    assert.assertTrue(sent.receivedTransactionHash === null, "the other side is not seen on this chain");
  });

  test("a receipt records the receiving side, and a send seen later under the same guid fills in the other side of that transfer", () => {
    dataSourceMock.setNetwork("l2");
    handleOFTReceived(oftReceived(BACK, HOME_EID, OWNER, BigInt.fromI32(1_500_000), 9, 1, DAY0 + 60));
    const back = BACK.toHexString();
    assert.fieldEquals("BridgeTransfer", back, "srcEid", HOME_EID.toString());
    assert.fieldEquals("BridgeTransfer", back, "recipient", OWNER.toHexString());
    assert.fieldEquals("BridgeTransfer", back, "amountReceived", "1500000");
    assert.fieldEquals("BridgeTransfer", back, "receivedOApp", BRIDGE.toHexString());
    assert.fieldEquals("BridgeTransfer", back, "receivedNetwork", "l2");
    assert.fieldEquals("BridgeTransfer", back, "receivedBlock", "9");
    assert.fieldEquals("BridgeTransfer", back, "receivedLogIndex", "1");
    assert.assertTrue(BridgeTransfer.load(BACK)!.sentNetwork === null, "the other side is not seen on this chain");

    handleOFTSent(oftSent(BACK, HOME_EID, OWNER, BigInt.fromI32(1_500_000), BigInt.fromI32(1_500_000), 8, 0, DAY0));
    assert.entityCount("BridgeTransfer", 1);
    assert.fieldEquals("BridgeTransfer", back, "sentBlock", "8");
    assert.fieldEquals("BridgeTransfer", back, "receivedBlock", "9");
    assert.fieldEquals("BridgeTransfer", back, "amountReceived", "1500000");
  });
});

import { Address, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";
import { afterEach, assert, beforeEach, clearStore, describe, test } from "matchstick-as/assembly/index";
import { CrossChainMove } from "../generated/schema";
import {
  FeeBudgetSet, FeesFunded, FeesWithdrawn, MoveConfigSet, MoveSent, MoveSettled, RouteSet,
} from "../generated/CrossChainMover/CrossChainMover";
import { ModuleSet } from "../generated/Vault/Vault";
import { handleAssetAdded, handleDeposited, handleModuleSet } from "../src/mappings/vault";
import {
  handleFeeBudgetSet, handleFeesFunded, handleFeesWithdrawn, handleMoveConfigSet, handleMoveSent, handleMoveSettled, handleRouteSet,
} from "../src/mappings/crosschain-mover";
import { handleOFTReceived, handleOFTSent } from "../src/mappings/stablecoin-bridge";
import { assetAdded, BRIDGE, DAY0, deposited, KEEPER, oftReceived, oftSent, USDC, usd, VAULT } from "./fixtures/events";
import { address, assertFieldNull, bytes32, governanceEvent, inDataSourceOn, p, uint } from "./fixtures/governance-events";

const MOVER = Address.fromString("0x00000000000000000000000000000000000a000e");
const PEER_VAULT = Address.fromString("0x00000000000000000000000000000000000a1001");
const CHAIN_MOVER = "0xd0c7672cf1647d823edeb6ebd99e005e9c2bd0f2b1db1cef7d7df187858784f9";
const HARVESTER_ROLE = "0x" + "ab".repeat(32);
const GUID = Bytes.fromHexString("0x" + "33".repeat(32));
const UNKNOWN = Bytes.fromHexString("0x" + "44".repeat(32));
const HOME_EID = 39001;
const L2_EID = 39002;
const M = MOVER.toHexString();
const G = GUID.toHexString();
const FEE: i64 = 900_000_000_000_000;

function guid(v: Bytes): ethereum.Value {
  return ethereum.Value.fromFixedBytes(v);
}

function moveSent(id: Bytes, amountSent: i64, amountReceived: i64, block: i32, logIndex: i32): MoveSent {
  return changetype<MoveSent>(governanceEvent(MOVER, block, logIndex, DAY0, [
    p("guid", guid(id)), p("dstEid", uint(L2_EID)), p("peerVault", address(PEER_VAULT)),
    p("amountSent", uint(amountSent)), p("amountReceived", uint(amountReceived)), p("nativeFee", uint(FEE)), p("nonce", uint(1)),
  ]));
}

function moveSettled(id: Bytes, amount: i64, block: i32): MoveSettled {
  return changetype<MoveSettled>(governanceEvent(MOVER, block, 0, DAY0 + 600, [p("guid", guid(id)), p("amount", uint(amount))]));
}

/** The vault's USDC position id (Position: <vault>-<asset>). */
const USDC_POSITION = VAULT.toHexString() + "-" + USDC.toHexString();

/** The vault holds `amount` USDC from a deposit (one lot). */
function vaultWithUsdc(amount: i64, network: string): void {
  inDataSourceOn(VAULT, "Vault", network);
  handleAssetAdded(assetAdded(USDC, 6, "USDC", true, 1, 0, DAY0));
  if (amount > 0) handleDeposited(deposited(USDC, BigInt.fromI64(amount), usd(1), 1, 1, DAY0));
}

function word(n: i64): string {
  return BigInt.fromI64(n).toHexString().slice(2).padStart(64, "0");
}

describe("CrossChainMover", () => {
  beforeEach(() => {
    inDataSourceOn(MOVER, "CrossChainMover", "hardhat");
  });
  afterEach(() => {
    clearStore();
  });

  test("the vault's ModuleSet for CHAIN_MOVER makes the mover the vault's; another role does not", () => {
    inDataSourceOn(VAULT, "Vault", "hardhat");
    handleModuleSet(changetype<ModuleSet>(governanceEvent(VAULT, 2, 0, DAY0, [p("role", bytes32(HARVESTER_ROLE)), p("module", address(MOVER))])));
    assert.entityCount("CrossChainMover", 0);
    handleModuleSet(changetype<ModuleSet>(governanceEvent(VAULT, 3, 0, DAY0, [p("role", bytes32(CHAIN_MOVER)), p("module", address(MOVER))])));
    assert.fieldEquals("CrossChainMover", M, "vault", VAULT.toHexString());
    assert.fieldEquals("CrossChainMover", M, "network", "hardhat");
    assert.fieldEquals("CrossChainMover", M, "inFlightAmount", "0");
  });

  test("a move sent then settled: in flight under its guid, linked to the vault and the OFT transfer, then settled", () => {
    inDataSourceOn(VAULT, "Vault", "hardhat");
    handleModuleSet(changetype<ModuleSet>(governanceEvent(VAULT, 3, 0, DAY0, [p("role", bytes32(CHAIN_MOVER)), p("module", address(MOVER))])));
    inDataSourceOn(MOVER, "CrossChainMover", "hardhat");
    handleFeeBudgetSet(changetype<FeeBudgetSet>(governanceEvent(MOVER, 4, 0, DAY0, [p("budget", uint(FEE * 10))])));
    // the OFT's OFTSent precedes MoveSent in the move's transaction
    handleOFTSent(oftSent(GUID, L2_EID, MOVER, BigInt.fromI32(5_000_000), BigInt.fromI32(5_000_000), 10, 2, DAY0));
    const sent = moveSent(GUID, 5_000_000, 5_000_000, 10, 4);
    sent.transaction.to = MOVER;
    sent.transaction.input = Bytes.fromHexString("0x0867408f" + word(5_000_000) + word(4_990_000));
    handleMoveSent(sent);

    assert.fieldEquals("CrossChainMove", G, "status", "IN_FLIGHT");
    assert.fieldEquals("CrossChainMove", G, "mover", M);
    assert.fieldEquals("CrossChainMove", G, "vault", VAULT.toHexString());
    assert.fieldEquals("CrossChainMove", G, "transfer", G);
    assert.fieldEquals("CrossChainMove", G, "dstEid", L2_EID.toString());
    assert.fieldEquals("CrossChainMove", G, "peerVault", PEER_VAULT.toHexString());
    assert.fieldEquals("CrossChainMove", G, "amountSent", "5000000");
    assert.fieldEquals("CrossChainMove", G, "amountReceived", "5000000");
    assert.fieldEquals("CrossChainMove", G, "minReceived", "4990000");
    assert.fieldEquals("CrossChainMove", G, "nativeFee", FEE.toString());
    assert.fieldEquals("CrossChainMove", G, "nonce", "1");
    assert.fieldEquals("CrossChainMove", G, "network", "hardhat");
    assert.fieldEquals("CrossChainMove", G, "sentBlock", "10");
    assert.fieldEquals("CrossChainMove", G, "sentLogIndex", "4");
    assertFieldNull("CrossChainMove", G, "settledBlock");
    assert.fieldEquals("BridgeTransfer", G, "sender", M);
    assert.fieldEquals("CrossChainMover", M, "inFlightAmount", "5000000");
    assert.fieldEquals("CrossChainMover", M, "moveCount", "1");
    assert.fieldEquals("CrossChainMover", M, "cumulativeNativeFee", FEE.toString());
    assert.fieldEquals("CrossChainMover", M, "feeBudget", (FEE * 9).toString());

    handleMoveSettled(moveSettled(GUID, 5_000_000, 12));
    assert.fieldEquals("CrossChainMove", G, "status", "SETTLED");
    assert.fieldEquals("CrossChainMove", G, "settledAmount", "5000000");
    assert.fieldEquals("CrossChainMove", G, "settledBlock", "12");
    assert.fieldEquals("CrossChainMove", G, "settledTimestamp", (DAY0 + 600).toString());
    assert.fieldEquals("CrossChainMover", M, "inFlightAmount", "0");
    assert.fieldEquals("CrossChainMover", M, "settledCount", "1");
  });

  test("a move takes its units out of the sending vault's stablecoin position, and the transfer names the vault and that position", () => {
    vaultWithUsdc(8_000_000, "hardhat");
    handleModuleSet(changetype<ModuleSet>(governanceEvent(VAULT, 3, 0, DAY0, [p("role", bytes32(CHAIN_MOVER)), p("module", address(MOVER))])));
    inDataSourceOn(MOVER, "CrossChainMover", "hardhat");
    handleOFTSent(oftSent(GUID, L2_EID, MOVER, BigInt.fromI32(5_000_000), BigInt.fromI32(5_000_000), 10, 2, DAY0));
    handleMoveSent(moveSent(GUID, 5_000_000, 5_000_000, 10, 4));

    assert.fieldEquals("Position", USDC_POSITION, "quantity", "3000000");
    assert.fieldEquals("Position", USDC_POSITION, "cumulativeBridgedOut", "5000000");
    assert.fieldEquals("Position", USDC_POSITION, "cumulativeDisposed", "0");
    assert.fieldEquals("BridgeTransfer", G, "sender", M);
    assert.fieldEquals("BridgeTransfer", G, "senderVault", VAULT.toHexString());
    assert.fieldEquals("BridgeTransfer", G, "sentPosition", USDC_POSITION);
    // no sale: the lot stays whole here, and the tax engine carries it across with the transfer
    assert.entityCount("Disposal", 0);
    assert.fieldEquals("Lot", "000000000001-000001", "quantity", "8000000");

    // settling changes the mover's in-flight count only: the units already left the position at the send
    handleMoveSettled(moveSettled(GUID, 5_000_000, 12));
    assert.fieldEquals("Position", USDC_POSITION, "quantity", "3000000");
  });

  test("the bridge's OFTReceived to a vault credits its stablecoin position and opens no lot; to anyone else it credits nothing", () => {
    vaultWithUsdc(0, "l2");
    inDataSourceOn(BRIDGE, "StablecoinBridge", "l2");
    handleOFTReceived(oftReceived(GUID, HOME_EID, VAULT, BigInt.fromI32(5_000_000), 20, 1, DAY0 + 30));
    assert.fieldEquals("Position", USDC_POSITION, "quantity", "5000000");
    assert.fieldEquals("Position", USDC_POSITION, "cumulativeBridgedIn", "5000000");
    assert.fieldEquals("Position", USDC_POSITION, "cumulativeAcquired", "0");
    assert.fieldEquals("BridgeTransfer", G, "receivedPosition", USDC_POSITION);
    assert.entityCount("Lot", 0);

    handleOFTReceived(oftReceived(UNKNOWN, HOME_EID, PEER_VAULT, BigInt.fromI32(7_000_000), 21, 1, DAY0 + 60));
    assert.fieldEquals("Position", USDC_POSITION, "quantity", "5000000");
    assertFieldNull("BridgeTransfer", UNKNOWN.toHexString(), "receivedPosition");
  });

  test("a move called through another contract has no minimum decoded; one whose OFTSent is indexed after it still links", () => {
    const sent = moveSent(GUID, 2_000_000, 2_000_000, 10, 4);
    sent.transaction.to = KEEPER;
    sent.transaction.input = Bytes.fromHexString("0x0867408f" + word(2_000_000) + word(1));
    handleMoveSent(sent);
    assertFieldNull("CrossChainMove", G, "minReceived");
    assertFieldNull("CrossChainMove", G, "vault");
    const move = CrossChainMove.load(GUID)!;
    assert.assertTrue(move.transfer!.equals(GUID), "the link is the guid even before the transfer is seen");

    handleOFTSent(oftSent(GUID, L2_EID, MOVER, BigInt.fromI32(2_000_000), BigInt.fromI32(2_000_000), 10, 2, DAY0));
    assert.fieldEquals("BridgeTransfer", G, "amountSent", "2000000");
    assert.fieldEquals("CrossChainMove", G, "transfer", G);
  });

  test("the destination's OFTReceived, indexed on the other network, fills the other side of the same guid", () => {
    // the peer vault's chain: only the bridge's receipt, same guid; no move there
    inDataSourceOn(BRIDGE, "StablecoinBridge", "l2");
    handleOFTReceived(oftReceived(GUID, HOME_EID, PEER_VAULT, BigInt.fromI32(5_000_000), 20, 1, DAY0 + 30));
    assert.entityCount("CrossChainMove", 0);
    assert.fieldEquals("BridgeTransfer", G, "recipient", PEER_VAULT.toHexString());
    assert.fieldEquals("BridgeTransfer", G, "receivedNetwork", "l2");
  });

  test("a settle for an unknown guid is logged and counted, and a second settle changes nothing", () => {
    handleMoveSettled(moveSettled(UNKNOWN, 1_000, 12));
    assert.entityCount("CrossChainMove", 0);
    assert.fieldEquals("CrossChainMover", M, "unmatchedSettleCount", "1");

    handleMoveSent(moveSent(GUID, 3_000_000, 3_000_000, 10, 4));
    handleMoveSettled(moveSettled(GUID, 2_999_999, 12));
    assert.fieldEquals("CrossChainMove", G, "settledAmount", "2999999");
    assert.fieldEquals("CrossChainMover", M, "inFlightAmount", "0");
    handleMoveSettled(moveSettled(GUID, 3_000_000, 13));
    assert.fieldEquals("CrossChainMove", G, "settledBlock", "12");
    assert.fieldEquals("CrossChainMover", M, "settledCount", "1");
    assert.fieldEquals("CrossChainMover", M, "inFlightAmount", "0");

    // the same guid sent twice: the first kept
    handleMoveSent(moveSent(GUID, 9, 9, 14, 0));
    assert.fieldEquals("CrossChainMove", G, "amountSent", "3000000");
    assert.fieldEquals("CrossChainMover", M, "moveCount", "1");
  });

  test("route, bounds, fee budget and fee withdrawal are CONFIG changes and set the mover; funding is only counted", () => {
    handleRouteSet(changetype<RouteSet>(governanceEvent(MOVER, 2, 0, DAY0, [p("dstEid", uint(L2_EID)), p("peerVault", address(PEER_VAULT))])));
    handleMoveConfigSet(changetype<MoveConfigSet>(governanceEvent(MOVER, 2, 1, DAY0, [
      p("maxPerMove", uint(1_000_000_000_000)), p("minInterval", uint(3600)), p("maxSlippageBps", uint(10)), p("maxNativeFee", uint(FEE * 100)),
    ])));
    handleFeeBudgetSet(changetype<FeeBudgetSet>(governanceEvent(MOVER, 2, 2, DAY0, [p("budget", uint(FEE))])));
    handleFeesFunded(changetype<FeesFunded>(governanceEvent(MOVER, 3, 0, DAY0, [p("from", address(KEEPER)), p("amount", uint(FEE * 2))])));
    handleFeesWithdrawn(changetype<FeesWithdrawn>(governanceEvent(MOVER, 4, 0, DAY0, [p("to", address(KEEPER)), p("amount", uint(FEE))])));

    assert.fieldEquals("CrossChainMover", M, "dstEid", L2_EID.toString());
    assert.fieldEquals("CrossChainMover", M, "peerVault", PEER_VAULT.toHexString());
    assert.fieldEquals("CrossChainMover", M, "maxPerMove", "1000000000000");
    assert.fieldEquals("CrossChainMover", M, "minInterval", "3600");
    assert.fieldEquals("CrossChainMover", M, "maxSlippageBps", "10");
    assert.fieldEquals("CrossChainMover", M, "feeBudget", FEE.toString());
    assert.fieldEquals("CrossChainMover", M, "cumulativeFeesFunded", (FEE * 2).toString());
    assert.fieldEquals("CrossChainMover", M, "cumulativeFeesWithdrawn", FEE.toString());
    assert.entityCount("GovernanceChange", 4);
    assert.fieldEquals("GovernanceChange", "000000000002-000000", "event", "RouteSet");
    assert.fieldEquals("GovernanceChange", "000000000002-000000", "kind", "CONFIG");
    assert.fieldEquals("GovernanceChange", "000000000002-000000", "account", PEER_VAULT.toHexString());
    assert.fieldEquals("GovernanceChange", "000000000002-000000", "values", "[" + L2_EID.toString() + "]");
    assert.fieldEquals("GovernanceChange", "000000000002-000001", "values", "[1000000000000, 3600, 10, " + (FEE * 100).toString() + "]");
    assert.fieldEquals("ManagedContract", M, "name", "CrossChainMover");
    assert.fieldEquals("ManagedContract", M, "changeCount", "4");
  });
});

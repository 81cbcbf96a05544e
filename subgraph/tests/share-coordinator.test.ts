import { Address, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";
import { afterEach, assert, clearStore, describe, test } from "matchstick-as/assembly/index";
import { SharesApplied, SharesRelayed, SharesSet, StaleSharesIgnored } from "../generated/ShareCoordinator/ShareCoordinator";
import {
  handleOwnershipTransferred, handlePeerSet, handleSharesApplied, handleSharesRelayed, handleSharesSet, handleStaleSharesIgnored,
} from "../src/mappings/share-coordinator";
import { DAY0 } from "./fixtures/events";
import { address, assertFieldNull, bytes32, governanceEvent, inDataSourceOn, p, uint } from "./fixtures/governance-events";

const HOME = Address.fromString("0x00000000000000000000000000000000000a000f");
const REMOTE = Address.fromString("0x00000000000000000000000000000000000a100f");
const TIMELOCK = Address.fromString("0x00000000000000000000000000000000000a0007");
const GUID = Bytes.fromHexString("0x" + "55".repeat(32));
const LATE = Bytes.fromHexString("0x" + "66".repeat(32));
const HOME_EID = 39001;
const L2_EID = 39002;
const G = GUID.toHexString();

function eids(): ethereum.Value {
  return ethereum.Value.fromUnsignedBigIntArray([BigInt.fromI32(HOME_EID), BigInt.fromI32(L2_EID)]);
}

function bps(home: i32, l2: i32): ethereum.Value {
  return ethereum.Value.fromI32Array([home, l2]);
}

function sharesSet(version: i32, home: i32, l2: i32, block: i32): SharesSet {
  return changetype<SharesSet>(governanceEvent(HOME, block, 0, DAY0, [p("version", uint(version)), p("eids", eids()), p("bps", bps(home, l2))]));
}

function sharesRelayed(guid: Bytes, version: i32, block: i32): SharesRelayed {
  return changetype<SharesRelayed>(governanceEvent(HOME, block, 1, DAY0 + 60, [
    p("guid", ethereum.Value.fromFixedBytes(guid)), p("dstEid", uint(L2_EID)), p("version", uint(version)), p("nativeFee", uint(123_456)),
  ]));
}

function sharesApplied(guid: Bytes, version: i32, home: i32, l2: i32, block: i32): SharesApplied {
  return changetype<SharesApplied>(governanceEvent(REMOTE, block, 2, DAY0 + 90, [
    p("guid", ethereum.Value.fromFixedBytes(guid)), p("version", uint(version)), p("eids", eids()), p("bps", bps(home, l2)),
  ]));
}

describe("ShareCoordinator", () => {
  afterEach(() => {
    clearStore();
  });

  test("a share set at home, relayed, and applied on the remote: the same version on both, tied by the guid", () => {
    inDataSourceOn(HOME, "ShareCoordinator", "hardhat");
    handleSharesSet(sharesSet(1, 6669, 3331, 5));
    const home1 = HOME.toHexString() + "-1";
    assert.fieldEquals("ShareSet", home1, "origin", "SET");
    assert.fieldEquals("ShareSet", home1, "eids", "[39001, 39002]");
    assert.fieldEquals("ShareSet", home1, "bps", "[6669, 3331]");
    assert.fieldEquals("ShareSet", home1, "network", "hardhat");
    assertFieldNull("ShareSet", home1, "guid");
    assert.fieldEquals("ShareCoordinator", HOME.toHexString(), "current", home1);
    assert.fieldEquals("ShareCoordinator", HOME.toHexString(), "version", "1");
    assert.fieldEquals("ShareCoordinator", HOME.toHexString(), "setCount", "1");

    handleSharesRelayed(sharesRelayed(GUID, 1, 6));
    assert.fieldEquals("ShareRelay", G, "relayedBy", HOME.toHexString());
    assert.fieldEquals("ShareRelay", G, "relayedSet", home1);
    assert.fieldEquals("ShareRelay", G, "dstEid", L2_EID.toString());
    assert.fieldEquals("ShareRelay", G, "nativeFee", "123456");
    assert.fieldEquals("ShareRelay", G, "relayedNetwork", "hardhat");
    assertFieldNull("ShareRelay", G, "outcome");
    assert.fieldEquals("ShareCoordinator", HOME.toHexString(), "relayCount", "1");

    // the remote chain's subgraph (here the same store, as the two sides of one id)
    inDataSourceOn(REMOTE, "ShareCoordinator", "l2");
    handleSharesApplied(sharesApplied(GUID, 1, 6669, 3331, 20));
    const remote1 = REMOTE.toHexString() + "-1";
    assert.fieldEquals("ShareSet", remote1, "origin", "APPLIED");
    assert.fieldEquals("ShareSet", remote1, "guid", G);
    assert.fieldEquals("ShareSet", remote1, "bps", "[6669, 3331]");
    assert.fieldEquals("ShareSet", remote1, "network", "l2");
    assert.fieldEquals("ShareRelay", G, "outcome", "APPLIED");
    assert.fieldEquals("ShareRelay", G, "receivedBy", REMOTE.toHexString());
    assert.fieldEquals("ShareRelay", G, "appliedSet", remote1);
    assert.fieldEquals("ShareRelay", G, "receivedNetwork", "l2");
    assert.fieldEquals("ShareRelay", G, "receivedBlock", "20");
    assert.fieldEquals("ShareRelay", G, "relayedBlock", "6");
    assert.fieldEquals("ShareCoordinator", REMOTE.toHexString(), "appliedCount", "1");
    assert.fieldEquals("ShareCoordinator", REMOTE.toHexString(), "version", "1");
  });

  test("a late or replayed set is recorded as STALE with the version held; the held set does not change", () => {
    inDataSourceOn(REMOTE, "ShareCoordinator", "l2");
    handleSharesApplied(sharesApplied(GUID, 2, 5000, 5000, 20));
    handleStaleSharesIgnored(changetype<StaleSharesIgnored>(governanceEvent(REMOTE, 21, 0, DAY0 + 120, [
      p("guid", ethereum.Value.fromFixedBytes(LATE)), p("version", uint(1)), p("held", uint(2)),
    ])));
    const late = LATE.toHexString();
    assert.fieldEquals("ShareRelay", late, "outcome", "STALE");
    assert.fieldEquals("ShareRelay", late, "version", "1");
    assert.fieldEquals("ShareRelay", late, "heldVersion", "2");
    assertFieldNull("ShareRelay", late, "appliedSet");
    assert.fieldEquals("ShareCoordinator", REMOTE.toHexString(), "staleCount", "1");
    assert.fieldEquals("ShareCoordinator", REMOTE.toHexString(), "version", "2");
    assert.fieldEquals("ShareCoordinator", REMOTE.toHexString(), "current", REMOTE.toHexString() + "-2");
  });

  test("odd input: a relay of a version never seen set links no set; a version recorded twice keeps the first", () => {
    inDataSourceOn(HOME, "ShareCoordinator", "hardhat");
    handleSharesRelayed(sharesRelayed(GUID, 7, 6));
    assertFieldNull("ShareRelay", G, "relayedSet");
    assert.fieldEquals("ShareRelay", G, "version", "7");
    handleSharesSet(sharesSet(1, 6669, 3331, 7));
    handleSharesSet(sharesSet(1, 5000, 5000, 8));
    assert.entityCount("ShareSet", 1);
    assert.fieldEquals("ShareSet", HOME.toHexString() + "-1", "bps", "[6669, 3331]");
    assert.fieldEquals("ShareCoordinator", HOME.toHexString(), "setCount", "1");
  });

  test("peer and owner changes are governance changes of the coordinator", () => {
    inDataSourceOn(HOME, "ShareCoordinator", "hardhat");
    const peer = "0x" + "00".repeat(12) + REMOTE.toHexString().slice(2);
    handlePeerSet(governanceEvent(HOME, 3, 0, DAY0, [p("eid", uint(L2_EID)), p("peer", bytes32(peer))]));
    handleOwnershipTransferred(governanceEvent(HOME, 4, 0, DAY0, [p("previousOwner", address(Address.zero())), p("newOwner", address(TIMELOCK))]));
    assert.fieldEquals("GovernanceChange", "000000000003-000000", "kind", "CONFIG");
    assert.fieldEquals("GovernanceChange", "000000000003-000000", "event", "PeerSet");
    assert.fieldEquals("GovernanceChange", "000000000003-000000", "values", "[39002]");
    assert.fieldEquals("GovernanceChange", "000000000003-000000", "role", peer);
    assert.fieldEquals("GovernanceChange", "000000000004-000000", "kind", "ROLE");
    assert.fieldEquals("ManagedContract", HOME.toHexString(), "name", "ShareCoordinator");
    assert.fieldEquals("ManagedContract", HOME.toHexString(), "owner", TIMELOCK.toHexString());
  });
});

import { Address } from "@graphprotocol/graph-ts";
import { afterEach, assert, clearStore, describe, test } from "matchstick-as/assembly/index";
import {
  handleGuardianSet, handleKeeperSet, handleManagementTransferred, handleManagementTransferStarted, handleOwnershipTransferred,
  handlePaused, handleUnpaused, handleUpgraded,
} from "../src/mappings/vault";
import { handleSubstituteSet, handleTradeConfigSet } from "../src/mappings/rebalancer";
import { handleConfigSet } from "../src/mappings/hedger";
import { DAY0, KEEPER, OWNER, REBALANCER, HEDGER, VAULT, WETH, USDC } from "./fixtures/events";
import { address, flag, assertFieldNull, governanceEvent, inDataSource, p, SENDER, tuple, uint } from "./fixtures/governance-events";

const TIMELOCK = Address.fromString("0x00000000000000000000000000000000000a0007");
const GUARDIAN = Address.fromString("0x00000000000000000000000000000000000c0003");
const IMPL = Address.fromString("0x00000000000000000000000000000000000f0001");
const V = VAULT.toHexString();

describe("Role, pause and upgrade events of a managed module", () => {
  afterEach(() => {
    clearStore();
  });

  test("management hand-over, keepers, guardian, pause and upgrade update the contract's roles and leave one change each", () => {
    inDataSource(VAULT, "Vault");
    handleManagementTransferred(governanceEvent(VAULT, 5, 0, DAY0, [p("previous", address(Address.zero())), p("current", address(OWNER))]));
    handleManagementTransferStarted(governanceEvent(VAULT, 6, 0, DAY0, [p("current", address(OWNER)), p("pending", address(TIMELOCK))]));
    assert.fieldEquals("ManagedContract", V, "name", "Vault");
    assert.fieldEquals("ManagedContract", V, "management", OWNER.toHexString());
    assert.fieldEquals("ManagedContract", V, "pendingManagement", TIMELOCK.toHexString());
    handleManagementTransferred(governanceEvent(VAULT, 7, 0, DAY0, [p("previous", address(OWNER)), p("current", address(TIMELOCK))]));
    assert.fieldEquals("ManagedContract", V, "management", TIMELOCK.toHexString());
    assert.fieldEquals("ManagedContract", V, "pendingManagement", "null");

    handleKeeperSet(governanceEvent(VAULT, 8, 0, DAY0, [p("keeper", address(KEEPER)), p("allowed", flag(true))]));
    handleKeeperSet(governanceEvent(VAULT, 8, 1, DAY0, [p("keeper", address(GUARDIAN)), p("allowed", flag(true))]));
    handleKeeperSet(governanceEvent(VAULT, 8, 2, DAY0, [p("keeper", address(KEEPER)), p("allowed", flag(true))]));
    assert.fieldEquals("ManagedContract", V, "keepers", "[" + KEEPER.toHexString() + ", " + GUARDIAN.toHexString() + "]");
    handleKeeperSet(governanceEvent(VAULT, 9, 0, DAY0, [p("keeper", address(KEEPER)), p("allowed", flag(false))]));
    assert.fieldEquals("ManagedContract", V, "keepers", "[" + GUARDIAN.toHexString() + "]");
    assert.fieldEquals("GovernanceChange", "000000000009-000000", "event", "KeeperSet");
    assert.fieldEquals("GovernanceChange", "000000000009-000000", "kind", "ROLE");
    assert.fieldEquals("GovernanceChange", "000000000009-000000", "account", KEEPER.toHexString());
    assert.fieldEquals("GovernanceChange", "000000000009-000000", "flag", "false");
    assert.fieldEquals("GovernanceChange", "000000000009-000000", "sender", SENDER.toHexString());
    assert.fieldEquals("GovernanceChange", "000000000009-000000", "contract", V);

    handleGuardianSet(governanceEvent(VAULT, 10, 0, DAY0, [p("guardian", address(GUARDIAN))]));
    assert.fieldEquals("ManagedContract", V, "guardian", GUARDIAN.toHexString());

    handlePaused(governanceEvent(VAULT, 11, 0, DAY0 + 60, [p("account", address(GUARDIAN))]));
    assert.fieldEquals("ManagedContract", V, "paused", "true");
    assert.fieldEquals("GovernanceChange", "000000000011-000000", "kind", "PAUSE");
    assert.fieldEquals("GovernanceChange", "000000000011-000000", "flag", "true");
    assert.fieldEquals("GovernanceChange", "000000000011-000000", "account", GUARDIAN.toHexString());
    handleUnpaused(governanceEvent(VAULT, 12, 0, DAY0 + 120, [p("account", address(TIMELOCK))]));
    assert.fieldEquals("ManagedContract", V, "paused", "false");
    assert.fieldEquals("GovernanceChange", "000000000012-000000", "flag", "false");

    handleUpgraded(governanceEvent(VAULT, 13, 0, DAY0 + 180, [p("implementation", address(IMPL))]));
    assert.fieldEquals("ManagedContract", V, "implementation", IMPL.toHexString());
    assert.fieldEquals("GovernanceChange", "000000000013-000000", "kind", "UPGRADE");
    assert.fieldEquals("ManagedContract", V, "changeCount", "11");
    assert.fieldEquals("ManagedContract", V, "lastChangeAt", (DAY0 + 180).toString());
    assert.entityCount("GovernanceChange", 11);
  });

  test("the vault's ownership (the depositor) is its own role", () => {
    inDataSource(VAULT, "Vault");
    handleOwnershipTransferred(governanceEvent(VAULT, 5, 0, DAY0, [p("previous", address(OWNER)), p("current", address(KEEPER))]));
    assert.fieldEquals("ManagedContract", V, "owner", KEEPER.toHexString());
    assertFieldNull("ManagedContract", V, "management");
    assert.fieldEquals("GovernanceChange", "000000000005-000000", "secondAccount", KEEPER.toHexString());
  });
});

describe("Configuration events", () => {
  afterEach(() => {
    clearStore();
  });

  test("a configuration struct is recorded field by field, in declaration order, on the contract of its data source", () => {
    inDataSource(REBALANCER, "Rebalancer");
    const config = tuple([uint(500), uint(150), uint(3600), uint(500000000000), uint(10), uint(3000), uint(5184000)]);
    handleTradeConfigSet(governanceEvent(REBALANCER, 20, 3, DAY0, [p("config", config)]));
    const id = "000000000020-000003";
    assert.fieldEquals("GovernanceChange", id, "kind", "CONFIG");
    assert.fieldEquals("GovernanceChange", id, "event", "TradeConfigSet");
    assert.fieldEquals("GovernanceChange", id, "values", "[500, 150, 3600, 500000000000, 10, 3000, 5184000]");
    assertFieldNull("GovernanceChange", id, "account");
    assert.fieldEquals("ManagedContract", REBALANCER.toHexString(), "name", "Rebalancer");
    assert.fieldEquals("ManagedContract", REBALANCER.toHexString(), "changeCount", "1");
  });

  test("an event's two addresses are its account and second account", () => {
    inDataSource(REBALANCER, "Rebalancer");
    handleSubstituteSet(governanceEvent(REBALANCER, 21, 0, DAY0, [p("asset", address(WETH)), p("substitute", address(USDC))]));
    assert.fieldEquals("GovernanceChange", "000000000021-000000", "account", WETH.toHexString());
    assert.fieldEquals("GovernanceChange", "000000000021-000000", "secondAccount", USDC.toHexString());
    assert.fieldEquals("GovernanceChange", "000000000021-000000", "values", "[]");
  });

  test("two contracts' ConfigSet events stay apart", () => {
    inDataSource(HEDGER, "Hedger");
    handleConfigSet(governanceEvent(HEDGER, 22, 0, DAY0, [p("bandBps", uint(1200)), p("marginBps", uint(2000))]));
    inDataSource(REBALANCER, "Rebalancer");
    handleSubstituteSet(governanceEvent(REBALANCER, 22, 1, DAY0, [p("asset", address(WETH)), p("substitute", address(USDC))]));
    assert.fieldEquals("GovernanceChange", "000000000022-000000", "contract", HEDGER.toHexString());
    assert.fieldEquals("GovernanceChange", "000000000022-000000", "values", "[1200, 2000]");
    assert.fieldEquals("ManagedContract", HEDGER.toHexString(), "name", "Hedger");
    assert.fieldEquals("ManagedContract", REBALANCER.toHexString(), "name", "Rebalancer");
  });
});

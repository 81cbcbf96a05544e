import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { DATA_SOURCES, DeploymentError, parseDeployment, renderManifest } from "./manifest";

const fixturePath = path.join(__dirname, "../networks/fixture.json");
const fixture = () => JSON.parse(fs.readFileSync(fixturePath, "utf8"));

test("the fixture deployment renders one data source per contract with its address and start block", () => {
  const deployment = parseDeployment(fixture(), "fixture.json");
  const yaml = renderManifest(deployment);
  for (const name of ["Vault", "Rebalancer", "Harvester", "Hedger", "LPPool", "LiquidityManager", "OracleHub", "Perpetual", "KeeperGateway", "StablecoinBridge", "CrossChainMover", "ShareCoordinator", "Timelock", "Safe", "Governor"]) {
    const c = fixture().contracts[name];
    const block = yaml.slice(yaml.indexOf(`    name: ${name}\n`));
    assert.ok(yaml.includes(`    name: ${name}\n`), `data source ${name}`);
    assert.match(block, new RegExp(`address: "${c.address.toLowerCase()}"\\n      abi: ${name}\\n      startBlock: ${c.startBlock}`));
  }
  assert.equal((yaml.match(/network: hardhat/g) ?? []).length, 15);
  assert.ok(yaml.includes("schema:\n  file: ../schema.graphql"));
});

test("UpkeepPerformed is handled on every contract with keeper entry points", () => {
  const withUpkeep = DATA_SOURCES.filter((ds) => ds.events.some((e) => e.handler === "handleUpkeepPerformed")).map((ds) => ds.name);
  assert.deepEqual(withUpkeep, ["Rebalancer", "Harvester", "Hedger", "KeeperGateway"]);
  for (const ds of DATA_SOURCES.filter((d) => withUpkeep.includes(d.name))) assert.ok(ds.interfaces.includes("IKeeperEvents"));
});

test("the optional KeeperGateway, Timelock and Safe may be absent (an ungoverned deployment), and the LP position, the liquidity manager and the perpetual", () => {
  const d = fixture();
  delete d.contracts.LPPool;
  delete d.contracts.LiquidityManager;
  delete d.contracts.Perpetual;
  delete d.contracts.KeeperGateway;
  delete d.contracts.Timelock;
  delete d.contracts.Safe;
  delete d.contracts.Governor;
  delete d.contracts.StablecoinBridge;
  delete d.contracts.CrossChainMover;
  delete d.contracts.ShareCoordinator;
  const yaml = renderManifest(parseDeployment(d, "x.json"));
  assert.ok(!yaml.includes("name: StablecoinBridge"));
  assert.ok(!yaml.includes("name: CrossChainMover"));
  assert.ok(!yaml.includes("name: ShareCoordinator"));
  assert.ok(!yaml.includes("name: KeeperGateway"));
  assert.ok(!yaml.includes("name: Timelock"));
  assert.ok(!yaml.includes("name: LPPool"));
  assert.ok(!yaml.includes("name: Perpetual"));
  assert.ok(!yaml.includes("name: LiquidityManager"));
  assert.ok(!yaml.includes("vault:\n"), "no data source left needs the vault in its context");
  assert.equal((yaml.match(/- kind: ethereum\/contract/g) ?? []).length, 5);
});

test("role, pause and upgrade events are handled on every managed module, each data source names itself in its context", () => {
  const managed = DATA_SOURCES.filter((ds) => ds.events.some((e) => e.handler === "handleKeeperSet")).map((ds) => ds.name);
  assert.deepEqual(managed, ["Vault", "Rebalancer", "Harvester", "Hedger", "LiquidityManager", "OracleHub", "KeeperGateway", "CrossChainMover"]);
  for (const ds of DATA_SOURCES.filter((d) => managed.includes(d.name))) {
    for (const h of ["handlePaused", "handleUnpaused", "handleUpgraded", "handleManagementTransferred", "handleGuardianSet"]) {
      assert.ok(ds.events.some((e) => e.handler === h), `${ds.name} handles ${h}`);
    }
  }
  const yaml = renderManifest(parseDeployment(fixture(), "fixture.json"));
  for (const ds of DATA_SOURCES) assert.ok(yaml.includes(`    context:\n      contractName:\n        type: String\n        data: ${ds.name}\n`), ds.name);
});

test("the bridge's second chain: a deployment without a Vault that lists the bridge renders the bridge, the mover and the coordinator alone, on its network", () => {
  const second = JSON.parse(fs.readFileSync(path.join(__dirname, "../networks/fixture-l2.json"), "utf8"));
  const yaml = renderManifest(parseDeployment({ ...second, contracts: { ...second.contracts, Rebalancer: fixture().contracts.Rebalancer } }, "fixture-l2.json"));
  assert.equal((yaml.match(/- kind: ethereum\/contract/g) ?? []).length, 3, "a home contract listed there is not read");
  assert.match(yaml, /name: CrossChainMover\n    network: l2\n    source:\n      address: "0x00000000000000000000000000000000000a100e"/);
  assert.match(yaml, /name: ShareCoordinator\n    network: l2\n    source:\n      address: "0x00000000000000000000000000000000000a100f"/);
  assert.match(yaml, /event: SharesApplied\(indexed bytes32,indexed uint64,uint32\[\],uint16\[\]\)\n          handler: handleSharesApplied/);
  assert.match(yaml, /name: StablecoinBridge\n    network: l2\n    source:\n      address: "0x00000000000000000000000000000000000a100d"/);
  assert.match(yaml, /event: OFTSent\(indexed bytes32,uint32,indexed address,uint256,uint256\)\n          handler: handleOFTSent/);
  assert.match(yaml, /event: OFTReceived\(indexed bytes32,uint32,indexed address,uint256\)\n          handler: handleOFTReceived/);
  assert.throws(() => parseDeployment({ network: "l2", contracts: {} }, "empty.json"), /contracts\.Vault is missing/, "no bridge, no Vault: a home deployment missing its Vault");
});

test("a missing contract is named in the error", () => {
  const d = fixture();
  delete d.contracts.Hedger;
  assert.throws(() => parseDeployment(d, "deploy.json"), (err: Error) => {
    assert.ok(err instanceof DeploymentError);
    assert.equal(err.message, "deployment deploy.json: contracts.Hedger is missing");
    return true;
  });
});

test("bad fields are named in the error", () => {
  const cases: [(d: any) => void, RegExp][] = [
    [(d) => delete d.network, /deploy\.json: network is missing/],
    [(d) => delete d.contracts, /deploy\.json: contracts is missing/],
    [(d) => (d.contracts.Vault.address = "0x1234"), /contracts\.Vault\.address is missing or not a 0x-prefixed 20-byte hex address \(got "0x1234"\)/],
    [(d) => delete d.contracts.OracleHub.address, /contracts\.OracleHub\.address is missing/],
    [(d) => (d.contracts.Rebalancer.startBlock = -1), /contracts\.Rebalancer\.startBlock is missing or not a non-negative integer \(got -1\)/],
    [(d) => delete d.contracts.Harvester.startBlock, /contracts\.Harvester\.startBlock is missing/],
  ];
  for (const [mutate, expected] of cases) {
    const d = fixture();
    mutate(d);
    assert.throws(() => parseDeployment(d, "deploy.json"), expected);
  }
});

test("addresses are lower-cased", () => {
  const d = fixture();
  d.contracts.Vault.address = "0x00000000000000000000000000000000000A0001";
  assert.equal(parseDeployment(d, "x").contracts.Vault.address, "0x00000000000000000000000000000000000a0001");
});

test("the liquidity manager's context carries the vault, its asset, its stablecoin and, when given, the Uniswap factory", () => {
  const d = fixture();
  const lm = d.contracts.LiquidityManager;
  const yaml = renderManifest(parseDeployment(d, "x.json"));
  const block = yaml.slice(yaml.indexOf("    name: LiquidityManager\n"), yaml.indexOf("    mapping:", yaml.indexOf("    name: LiquidityManager\n")));
  for (const [key, value] of [["vault", d.contracts.Vault.address], ["asset", lm.asset], ["stable", lm.stable], ["factory", lm.factory]]) {
    assert.ok(block.includes(`      ${key}:\n        type: String\n        data: "${value.toLowerCase()}"\n`), key);
  }
  delete lm.factory;
  const without = renderManifest(parseDeployment(d, "x.json"));
  assert.ok(!without.includes("factory:"), "the factory is optional");
  assert.ok(without.includes(`      asset:\n        type: String\n        data: "${lm.asset}"`));
});

test("a liquidity manager without its asset or stablecoin, or with a bad one, is named in the error", () => {
  for (const [key, value, expected] of [
    ["asset", undefined, /contracts\.LiquidityManager\.asset is missing or not a 0x-prefixed 20-byte hex address \(got undefined\)/],
    ["stable", "0x12", /contracts\.LiquidityManager\.stable is missing or not a 0x-prefixed 20-byte hex address \(got "0x12"\)/],
    ["factory", 7, /contracts\.LiquidityManager\.factory is missing or not a 0x-prefixed 20-byte hex address \(got 7\)/],
  ] as [string, unknown, RegExp][]) {
    const d = fixture();
    if (value === undefined) delete d.contracts.LiquidityManager[key];
    else d.contracts.LiquidityManager[key] = value;
    assert.throws(() => parseDeployment(d, "deploy.json"), expected);
  }
});

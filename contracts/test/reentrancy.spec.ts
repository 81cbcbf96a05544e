import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import type { Contract, ParamType } from "ethers";
import * as fs from "node:fs";
import * as path from "node:path";
import { deployedSystem, WAD } from "./fixtures";
import { HEDGE_CONFIG, LIQUIDITY_COST_CONFIG, LIQUIDITY_RANGE_CONFIG, linkBytecode, loadArtifact } from "../src";

// Every nonReentrant entry point refuses a call that re-enters its contract while one of its guarded functions
// runs. For each contract a hostile counterparty (contracts/mocks/Reenterer.sol) is plugged in where that
// contract calls out — a token the vault takes in, a feed the oracle reads, the rebalancer's venue, a yield
// source the harvester adds, the hedger's perpetual, the gateway's modules — and holds the roles the call back
// needs (management, and the vault's owner and a module role), so the guard is the only thing left to refuse it.
// The perpetual's own pool is hostile in its family (listing a market reads the pool's tokens).
// The guarded functions are listed per family below, and the list is checked against the sources: a guard
// removed fails its own test, and a guard added fails the list until it is tested here.

const SOURCES = path.join(__dirname, "..", "contracts");
const REBALANCER = ethers.id("REBALANCER");

/** Guarded functions of every production source file (path relative to contracts/contracts → names). */
function guardedFunctions(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return e.name === "mocks" ? [] : walk(p);
      return e.name.endsWith(".sol") ? [p] : [];
    });
  for (const file of walk(SOURCES)) {
    const text = fs.readFileSync(file, "utf8");
    const names = [...text.matchAll(/function\s+(\w+)\s*\([^)]*\)([^{;]*)[{;]/g)]
      .filter((m) => /\bnonReentrant\b/.test(m[2]))
      .map((m) => m[1]);
    if (names.length > 0) found.set(path.relative(SOURCES, file).split(path.sep).join("/"), names);
  }
  return found;
}

/** A private guarded function is reached through the entry point that calls it. */
const ENTRY_OF: Record<string, string> = { _guardedTransfer: "moduleTransfer" };

/** The zero value of every input: the guard refuses before any argument is looked at. */
function zeroOf(t: ParamType): unknown {
  if (t.baseType === "tuple") return t.components!.map(zeroOf);
  if (t.baseType === "array") return [];
  if (t.baseType === "address") return ethers.ZeroAddress;
  if (t.baseType === "bool") return false;
  if (t.baseType === "string") return "";
  if (t.baseType === "bytes") return "0x";
  if (t.baseType.startsWith("bytes")) return ethers.zeroPadValue("0x", Number(t.baseType.slice(5)));
  return 0n;
}

function callData(c: Contract, name: string): string {
  const f = c.interface.getFunction(name);
  if (!f) throw new Error(`${name} is not in the ABI`);
  return c.interface.encodeFunctionData(f, f.inputs.map(zeroOf));
}

async function send(tx: Promise<{ wait: () => Promise<unknown> }>) {
  await (await tx).wait();
}

async function hostile(decimals: number): Promise<Contract> {
  const c = await (await ethers.getContractFactory("Reenterer")).deploy(decimals, "EVIL");
  return c as unknown as Contract;
}

async function execAs(evil: Contract, target: Contract, name: string, args: unknown[]) {
  await send(evil.exec(await target.getAddress(), target.interface.encodeFunctionData(name, args)));
}

/** Hands `c`'s management to the hostile contract (two steps, as any hand-over). */
async function takeManagement(c: Contract, evil: Contract) {
  await send(c.transferManagement(await evil.getAddress()));
  await execAs(evil, c, "acceptManagement", []);
}

async function proxy(name: string, args: unknown[]): Promise<Contract> {
  const impl = await (await ethers.getContractFactory(name)).deploy();
  const data = impl.interface.encodeFunctionData("initialize", args);
  const p = await (await ethers.getContractFactory("ERC1967Proxy")).deploy(await impl.getAddress(), data);
  return (await ethers.getContractAt(name, await p.getAddress())) as unknown as Contract;
}

interface Family {
  target: Contract;
  evil: Contract;
  /** The guarded call during which the hostile counterparty is called. */
  outer: () => Promise<unknown>;
}

/** The vault takes a hostile token in (deposit); the token, the vault's owner, management and a module, calls back. */
async function vaultFamily(): Promise<Family> {
  const { vault } = await deployedSystem();
  const evil = await hostile(18);
  await send(vault.addAsset(await evil.getAddress()));
  await send(vault.transferOwnership(await evil.getAddress()));
  await execAs(evil, vault, "acceptOwnership", []);
  await takeManagement(vault, evil);
  await execAs(evil, vault, "setModule", [REBALANCER, await evil.getAddress()]);
  return { target: vault, evil, outer: async () => evil.exec(await vault.getAddress(), vault.interface.encodeFunctionData("deposit", [await evil.getAddress(), 1n])) };
}

/** The rebalancer's venue is hostile: it calls back when a loss harvest asks its depth. */
async function rebalancerFamily(): Promise<Family> {
  const { rebalancer, asset } = await deployedSystem();
  const evil = await hostile(18);
  await send(rebalancer.setRouter(await evil.getAddress()));
  await takeManagement(rebalancer, evil);
  const weth = asset("WETH").address;
  return {
    target: rebalancer,
    evil,
    outer: async () => {
      const now = BigInt(await time.latest());
      // lockout a day ahead; deadline half the rebalancer's maximum (1 h) ahead
      return evil.exec(await rebalancer.getAddress(), rebalancer.interface.encodeFunctionData("harvestLoss", [weth, WAD, 0n, now + 86_400n, now + 1_800n]));
    },
  };
}

/** A hostile yield source calls back when management adds it (the harvester asks for its asset). */
async function harvesterFamily(): Promise<Family> {
  const { harvester } = await deployedSystem();
  const evil = await hostile(18);
  await takeManagement(harvester, evil);
  return { target: harvester, evil, outer: async () => evil.exec(await harvester.getAddress(), harvester.interface.encodeFunctionData("addSource", [await evil.getAddress()])) };
}

/** A hedger whose perpetual is hostile: it calls back when hedge() reads the position. */
async function hedgerFamily(): Promise<Family> {
  const { vault, lp, guardian } = await deployedSystem();
  const evil = await hostile(18);
  const hedger = await proxy("Hedger", [
    await evil.getAddress(), guardian.address, await vault.getAddress(), await lp.getAddress(), await evil.getAddress(), HEDGE_CONFIG.bandBps, HEDGE_CONFIG.marginBps,
  ]);
  return { target: hedger, evil, outer: async () => evil.exec(await hedger.getAddress(), hedger.interface.encodeFunctionData("hedge")) };
}

/**
 * A cross-chain mover whose OFT is hostile: at initialisation it answers the mover's token check with the vault's
 * stablecoin (answer mode, its callback refused by its own deployer check), then calls back when a move quotes it.
 */
async function moverFamily(): Promise<Family> {
  const { vault, guardian } = await deployedSystem();
  const evil = await hostile(6);
  const e = await evil.getAddress();
  const stable = ethers.AbiCoder.defaultAbiCoder().encode(["address"], [await vault.stablecoin()]);
  await send(evil.armAnswer(e, evil.interface.encodeFunctionData("disarm"), evil.interface.getError("NotDeployer")!.selector, stable));
  const mover = await proxy("CrossChainMover", [e, guardian.address, await vault.getAddress(), e, 39002, guardian.address, [10n ** 9n, 0n, 10n, 10n ** 15n]]);
  return { target: mover, evil, outer: async () => evil.exec(await mover.getAddress(), mover.interface.encodeFunctionData("move", [1n, 0n])) };
}

/** A gateway whose modules are hostile: the rebalancer calls back when performUpkeep asks whether weights are due. */
async function gatewayFamily(): Promise<Family> {
  const [, , guardian] = await ethers.getSigners();
  const evil = await hostile(18);
  const e = await evil.getAddress();
  const gateway = await proxy("KeeperGateway", [e, guardian.address, e, e, e]);
  const action = ethers.AbiCoder.defaultAbiCoder().encode(["uint8"], [1]);
  return { target: gateway, evil, outer: async () => evil.exec(await gateway.getAddress(), gateway.interface.encodeFunctionData("performUpkeep", [action])) };
}

/** A perpetual whose stablecoin and pool are hostile: the pool calls back when management lists a market. */
async function perpetualFamily(): Promise<Family> {
  const [, , guardian] = await ethers.getSigners();
  const evil = await hostile(6);
  const e = await evil.getAddress();
  const perp = await proxy("Perpetual", [e, guardian.address, e, e]);
  return {
    target: perp,
    evil,
    outer: async () => evil.exec(await perp.getAddress(), perp.interface.encodeFunctionData("listMarket", [FEED_ASSET, e, 1800, 100, 3600])),
  };
}

/** A liquidity manager whose Uniswap factory is hostile: it calls back when management enables a fee tier. */
async function liquidityManagerFamily(): Promise<Family> {
  const { vault, guardian, asset } = await deployedSystem();
  const evil = await hostile(18);
  const e = await evil.getAddress();
  const [signer] = await ethers.getSigners();
  const rangeMath = await (await ethers.getContractFactory("RangeMath")).deploy();
  const art = loadArtifact("LiquidityManager");
  const impl = await new ethers.ContractFactory(art.abi, linkBytecode(art, { RangeMath: await rangeMath.getAddress() }), signer).deploy();
  const data = impl.interface.encodeFunctionData("initialize", [
    e, guardian.address, [await vault.getAddress(), e, e, e, asset("WETH").address, asset("WETH").address],
    Object.values(LIQUIDITY_RANGE_CONFIG), Object.values(LIQUIDITY_COST_CONFIG),
  ]);
  const p = await (await ethers.getContractFactory("ERC1967Proxy")).deploy(await impl.getAddress(), data);
  const manager = new ethers.Contract(await p.getAddress(), art.abi, signer) as unknown as Contract;
  return { target: manager, evil, outer: async () => evil.exec(await manager.getAddress(), manager.interface.encodeFunctionData("setFeeTier", [500, true])) };
}

const FEED_ASSET = ethers.getAddress("0x" + "a5".repeat(20));

/** An oracle hub whose only feed (quorum 1) is hostile and its management. */
async function oracleFamily(): Promise<Family> {
  const [, , guardian] = await ethers.getSigners();
  const evil = await hostile(8);
  const hub = await proxy("OracleHub", [await evil.getAddress(), guardian.address, 3600n, 1, 200n, 2500n, 94n * 10n ** 16n]);
  await execAs(evil, hub, "addFeed", [FEED_ASSET, await evil.getAddress()]);
  return { target: hub, evil, outer: async () => hub.update(FEED_ASSET) };
}

const MANAGED = ["transferManagement", "acceptManagement", "setKeeper", "setGuardian", "pause", "unpause"];

const FAMILIES: { name: string; files: string[]; guarded: string[]; fixture: () => Promise<Family>; during: string }[] = [
  {
    name: "Vault",
    files: ["vault/Vault.sol", "access/ManagedUpgradeable.sol"],
    guarded: ["transferOwnership", "acceptOwnership", "addAsset", "setModule", "deposit", "withdraw", "emergencyExit", "_guardedTransfer", ...MANAGED],
    fixture: vaultFamily,
    during: "a deposit of a hostile token",
  },
  {
    name: "Rebalancer",
    files: ["rebalancer/Rebalancer.sol"],
    guarded: ["setVenueConfig", "setTradeConfig", "setRiskConfig", "setRouter", "setSubstitute", "setFeeTier", "setPurchaseLockout", "clearPurchaseLockout", "updateWeights", "rebalance", "harvestLoss"],
    fixture: rebalancerFamily,
    during: "a loss harvest through a hostile venue",
  },
  {
    name: "Harvester",
    files: ["harvester/Harvester.sol"],
    guarded: ["setConfig", "addSource", "shutdownSource", "removeSource", "allocate", "harvest", "harvestAll", "exitAll"],
    fixture: harvesterFamily,
    during: "adding a hostile yield source",
  },
  { name: "Hedger", files: ["hedger/Hedger.sol"], guarded: ["setConfig", "setLiquidityManager", "setCostConfig", "hedge", "exitAll"], fixture: hedgerFamily, during: "a hedge against a hostile perpetual" },
  {
    name: "CrossChainMover",
    files: ["crosschain/CrossChainMover.sol"],
    guarded: ["move", "settle", "setRoute", "setMoveConfig", "setFeeBudget", "withdrawFees", "exitAll"],
    fixture: moverFamily,
    during: "a move quoting a hostile OFT",
  },
  {
    name: "LiquidityManager",
    files: ["liquidity/LiquidityManager.sol"],
    guarded: ["setRangeConfig", "setCostConfig", "setFeeTier", "open", "rerange", "collectAndReinvest", "exitAll"],
    fixture: liquidityManagerFamily,
    during: "enabling a fee tier through a hostile Uniswap factory",
  },
  {
    name: "KeeperGateway",
    files: ["keeper/KeeperGateway.sol"],
    guarded: ["setLiquidityManager", "performUpkeep", "harvestLoss", "harvestLossIdentified", "rebalanceIdentified"],
    fixture: gatewayFamily,
    during: "an upkeep through a hostile rebalancer",
  },
  {
    name: "Perpetual",
    files: ["perp/Perpetual.sol"],
    guarded: ["listMarket", "depositMargin", "withdrawMargin", "modifyPosition", "liquidate", "fund"],
    fixture: perpetualFamily,
    during: "listing a market on a hostile pool",
  },
  {
    name: "OracleHub",
    files: ["oracle/OracleHub.sol"],
    guarded: ["setSampleInterval", "setFeedHeartbeat", "setSequencerUptimeFeed", "setConfig", "addFeed", "removeFeed", "acceptCandidate", "update", "updateAll"],
    fixture: oracleFamily,
    during: "an update reading a hostile feed",
  },
];

/** Guarded contracts without a hostile family yet, with the reason (the list test still names them). */
const NOT_YET: Record<string, string> = {
  "venues/uniswap/UniswapV3LiquidityPosition.sol": "its constructor reads a real pool (token0, token1, tickSpacing, fee); a family needs a pool fixture",
};

const GUARDED = guardedFunctions();

describe("Reentrancy: every nonReentrant entry point refuses a call back from a hostile counterparty", () => {
  it("lists every guarded function of the sources, and only those", () => {
    expect([...GUARDED.keys()].sort()).to.deep.equal([...FAMILIES.flatMap((f) => f.files), ...Object.keys(NOT_YET)].sort());
    for (const family of FAMILIES) {
      const inSources = family.files.flatMap((f) => GUARDED.get(f) ?? []);
      expect([...inSources].sort(), family.name).to.deep.equal([...family.guarded].sort());
    }
  });

  for (const family of FAMILIES) {
    describe(`${family.name}: during ${family.during}`, () => {
      for (const name of family.guarded) {
        const entry = ENTRY_OF[name] ?? name;
        it(`refuses ${entry}${entry === name ? "" : ` (${name})`}`, async () => {
          const { target, evil, outer } = await loadFixture(family.fixture);
          const data = callData(target, entry);
          if (family.name === "OracleHub") {
            // The hub treats a reverting feed as stale, so the feed answers a fresh price only when its call
            // back was refused by the guard, and reverts otherwise: the price is taken only in the first case.
            const t = BigInt(await time.latest());
            const answer = ethers.AbiCoder.defaultAbiCoder().encode(["uint80", "int256", "uint256", "uint256", "uint80"], [1n, 2000n * 10n ** 8n, t, t, 1n]);
            const guard = target.interface.getError("ReentrancyGuardReentrantCall")!.selector;
            await send(evil.armAnswer(await target.getAddress(), data, guard, answer));
            await expect(outer()).to.emit(target, "PriceUpdated").withArgs(FEED_ASSET, 2000n * WAD, t, 1);
          } else {
            await send(evil.armBubble(await target.getAddress(), data));
            await expect(outer()).to.be.revertedWithCustomError(target, "ReentrancyGuardReentrantCall");
          }
        });
      }
    });
  }

  it("lets the same call back through outside a guarded call (the role is not what refuses it)", async () => {
    const { target, evil } = await loadFixture(vaultFamily);
    await execAs(evil, target, "setGuardian", [await evil.getAddress()]);
    expect(await target.guardian()).to.equal(await evil.getAddress());
  });
});

import { expect } from "chai";
import { ethers, upgrades } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { deployedSystem, as } from "./fixtures";
import { loadArtifact } from "../src";

describe("Roles and access control", () => {
  it("refuses every privileged entry point to a stranger with the role's named error", async () => {
    const f = await loadFixture(deployedSystem);
    const { stranger, vault, oracle, rebalancer, harvester, hedger, gateway, asset } = f;
    const s = stranger.address;
    const weth = asset("WETH").address;
    const cases: [any, string, unknown[], string][] = [
      [vault, "deposit", [weth, 1n], "NotOwner"],
      [vault, "withdraw", [weth, 1n, s], "NotOwner"],
      [vault, "transferOwnership", [s], "NotOwner"],
      [vault, "addAsset", [s], "NotManagement"],
      [vault, "setModule", [ethers.id("HEDGER"), s], "NotManagement"],
      [vault, "emergencyExit", [], "NotGuardian"],
      [vault, "moduleTransfer", [weth, s, 1n], "NotModule"],
      [oracle, "addFeed", [weth, s], "NotManagement"],
      [oracle, "setConfig", [1n, 1, 1n, 1n, 1n], "NotManagement"],
      [rebalancer, "updateWeights", [], "NotKeeper"],
      [rebalancer, "rebalance", [], "NotKeeper"],
      [rebalancer, "setPurchaseLockout", [weth, 1n], "NotKeeper"],
      [rebalancer, "setSubstitute", [weth, s], "NotManagement"],
      [rebalancer, "setKeeper", [s, true], "NotManagement"],
      [harvester, "harvestAll", [], "NotKeeper"],
      [harvester, "allocate", [s, 1n], "NotKeeper"],
      [harvester, "addSource", [s], "NotManagement"],
      [hedger, "hedge", [], "NotKeeper"],
      [hedger, "setConfig", [1n, 1n], "NotManagement"],
      [hedger, "pause", [], "NotGuardian"],
      [gateway, "harvestLoss", [weth, 1n, 1n, 1n, 1n], "NotKeeper"],
      [gateway, "performUpkeep", ["0x" + "00".repeat(31) + "02"], "NotKeeper"],
      [rebalancer, "clearPurchaseLockout", [weth], "NotManagement"],
      [rebalancer, "setVenueConfig", [[50n, 1800n, 100n]], "NotManagement"],
      [oracle, "setFeedHeartbeat", [weth, s, 3600n], "NotManagement"],
      [oracle, "setSampleInterval", [3600n], "NotManagement"],
      [oracle, "setSequencerUptimeFeed", [s, 0n], "NotManagement"],
      [gateway, "upgradeToAndCall", [s, "0x"], "NotManagement"],
    ];
    for (const [contract, fn, args, error] of cases) {
      await expect(as(contract, stranger)[fn](...args), `${fn}`).to.be.revertedWithCustomError(contract, error).withArgs(s);
    }
  });

  it("lets the guardian pause every module and only management unpause", async () => {
    const { guardian, rebalancer, harvester, hedger, gateway, oracle } = await loadFixture(deployedSystem);
    for (const c of [rebalancer, harvester, hedger, gateway, oracle]) {
      await expect(as(c, guardian).pause()).to.emit(c, "Paused");
      await expect(as(c, guardian).unpause()).to.be.revertedWithCustomError(c, "NotManagement");
      await expect(c.unpause()).to.emit(c, "Unpaused");
    }
  });

  it("upgrades a module keeping its configuration, weights and lockouts", async () => {
    const { rebalancer, keeper, vault, asset } = await loadFixture(deployedSystem);
    const weth = asset("WETH").address;
    const until = BigInt(await time.latest()) + 86400n;
    await (await as(rebalancer, keeper).setPurchaseLockout(weth, until)).wait();
    const assets: string[] = await vault.getAssets();
    const weights = await Promise.all(assets.map((a) => rebalancer.targetWeight(a)));
    const tc = await rebalancer.tradeConfig();
    const v2 = await (await ethers.getContractFactory("RebalancerV2Mock")).deploy();
    await (await rebalancer.upgradeToAndCall(await v2.getAddress(), "0x")).wait();
    const up = new ethers.Contract(await rebalancer.getAddress(), loadArtifact("RebalancerV2Mock").abi, rebalancer.runner);
    expect(await up.version()).to.equal(2n);
    expect(await Promise.all(assets.map((a) => up.targetWeight(a)))).to.deep.equal(weights);
    expect(await up.lockedUntil(weth)).to.equal(until);
    expect(await up.tradeConfig()).to.deep.equal(tc);
    expect(await up.isKeeper(keeper.address)).to.equal(true);
  });

  it("passes OpenZeppelin's UUPS upgrade-safety validation", async () => {
    for (const name of ["Vault", "OracleHub", "Rebalancer", "Harvester", "Hedger", "KeeperGateway"]) {
      await upgrades.validateImplementation(await ethers.getContractFactory(name), { kind: "uups" });
    }
    await upgrades.validateUpgrade(await ethers.getContractFactory("Vault"), await ethers.getContractFactory("VaultV2Mock"), {
      kind: "uups",
      unsafeAllow: ["missing-initializer"], // V2 adds a view only; the proxy is already initialised
    });
  });

  it("keeps every contract under the 24 KB code size limit", () => {
    for (const name of ["Vault", "OracleHub", "Rebalancer", "Harvester", "Hedger", "KeeperGateway"]) {
      const size = ((loadArtifact(name) as any).deployedBytecode.length - 2) / 2;
      expect(size, name).to.be.lessThanOrEqual(24_576);
    }
  });

  it("cannot initialise an implementation or a proxy twice", async () => {
    const { vault, rebalancer, stranger } = await loadFixture(deployedSystem);
    await expect(vault.initialize(stranger.address, stranger.address, stranger.address, stranger.address)).to.be.revertedWithCustomError(
      vault,
      "InvalidInitialization",
    );
    const impl = await (await ethers.getContractFactory("Vault")).deploy();
    await expect(impl.initialize(stranger.address, stranger.address, stranger.address, stranger.address)).to.be.revertedWithCustomError(
      impl,
      "InvalidInitialization",
    );
    void rebalancer;
  });
});

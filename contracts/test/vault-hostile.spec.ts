import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import type { Contract, Interface, Log } from "ethers";
import { deployedSystem, as } from "./fixtures";

/** A fresh Vault proxy initialised with `args` (to try bad initialisations without the rest of the system). */
async function vaultProxy(args: unknown[]) {
  const impl = await (await ethers.getContractFactory("Vault")).deploy();
  const data = (impl.interface as Interface).encodeFunctionData("initialize", args);
  const proxy = await (await ethers.getContractFactory("ERC1967Proxy")).deploy(await impl.getAddress(), data);
  return ethers.getContractAt("Vault", await proxy.getAddress());
}

describe("Vault: hostile and edge inputs", () => {
  it("refuses an initialisation with a zero management, guardian, oracle or stablecoin", async () => {
    const { vault, oracle, asset, owner } = await loadFixture(deployedSystem);
    const usdc = asset("USDC").address;
    const o = await oracle.getAddress();
    const Z = ethers.ZeroAddress;
    for (const args of [[Z, owner.address, o, usdc], [owner.address, Z, o, usdc], [owner.address, owner.address, Z, usdc], [owner.address, owner.address, o, Z]]) {
      await expect(vaultProxy(args)).to.be.revertedWithCustomError(vault, "ZeroAddress");
    }
    const ok = await vaultProxy([owner.address, owner.address, o, usdc]);
    expect(await ok.getAssets()).to.deep.equal([usdc]);
    expect(await ok.owner()).to.equal(owner.address);
  });

  it("lists an asset once, never the zero address", async () => {
    const { vault, asset } = await loadFixture(deployedSystem);
    await expect(vault.addAsset(ethers.ZeroAddress)).to.be.revertedWithCustomError(vault, "ZeroAddress");
    await expect(vault.addAsset(asset("WETH").address)).to.be.revertedWithCustomError(vault, "AssetAlreadyAdded");
  });

  it("sets modules only for the three roles; a module can be removed and set again", async () => {
    const { vault, rebalancer, keeper } = await loadFixture(deployedSystem);
    const ROLE = ethers.id("REBALANCER");
    await expect(vault.setModule(ethers.id("MINTER"), keeper.address)).to.be.revertedWithCustomError(vault, "UnknownRole");
    await (await vault.setModule(ROLE, ethers.ZeroAddress)).wait();
    expect(await vault.isModule(await rebalancer.getAddress())).to.equal(false);
    expect(await vault.moduleOf(ROLE)).to.equal(ethers.ZeroAddress);
    // With no module under the role the old one can no longer move tokens.
    await (await vault.setModule(ROLE, await rebalancer.getAddress())).wait();
    expect(await vault.isModule(await rebalancer.getAddress())).to.equal(true);
  });

  it("refuses deposits of unlisted assets, of zero, and while paused; withdrawals of zero or to nobody", async () => {
    const { vault, tokens, asset, guardian, owner } = await loadFixture(deployedSystem);
    const usdc = asset("USDC").address;
    await expect(vault.deposit(owner.address, 1n)).to.be.revertedWithCustomError(vault, "UnknownAsset");
    await expect(vault.deposit(usdc, 0n)).to.be.revertedWithCustomError(vault, "ZeroAmount");
    await expect(vault.withdraw(owner.address, 1n, owner.address)).to.be.revertedWithCustomError(vault, "UnknownAsset");
    await expect(vault.withdraw(usdc, 0n, owner.address)).to.be.revertedWithCustomError(vault, "ZeroAmount");
    await expect(vault.withdraw(usdc, 1n, ethers.ZeroAddress)).to.be.revertedWithCustomError(vault, "ZeroAddress");
    await (await as(vault, guardian).pause()).wait();
    await (await tokens.USDC.mint(owner.address, 10n)).wait();
    await (await tokens.USDC.approve(await vault.getAddress(), 10n)).wait();
    await expect(vault.deposit(usdc, 10n)).to.be.revertedWithCustomError(vault, "EnforcedPause");
    // The owner still withdraws while paused.
    await (await vault.withdraw(usdc, 1n, owner.address)).wait();
  });

  it("lets only modules move tokens, and not while paused outside an exit", async () => {
    const { vault, rebalancer, guardian, stranger, asset } = await loadFixture(deployedSystem);
    const usdc = asset("USDC").address;
    await expect(as(vault, stranger).moduleTransfer(usdc, stranger.address, 1n)).to.be.revertedWithCustomError(vault, "NotModule");
    // Impersonate the rebalancer module to show the pause check applies to modules too.
    const addr = await rebalancer.getAddress();
    await ethers.provider.send("hardhat_impersonateAccount", [addr]);
    await ethers.provider.send("hardhat_setBalance", [addr, "0x56BC75E2D63100000"]);
    const module = await ethers.getSigner(addr);
    await (await as(vault, guardian).pause()).wait();
    await expect(as(vault, module).moduleTransfer(usdc, addr, 1n)).to.be.revertedWithCustomError(vault, "EnforcedPause");
    await ethers.provider.send("hardhat_stopImpersonatingAccount", [addr]);
  });

  it("values nothing for an asset it does not hold, and exits and values with no position modules", async () => {
    const { vault, guardian, asset, tokens, owner } = await loadFixture(deployedSystem);
    const uni = asset("UNI").address;
    const held: bigint = await tokens.UNI.balanceOf(await vault.getAddress());
    await (await vault.withdraw(uni, held, owner.address)).wait();
    expect(await vault.holdingUsd(uni)).to.equal(0n);
    await (await vault.setModule(ethers.id("HARVESTER"), ethers.ZeroAddress)).wait();
    await (await vault.setModule(ethers.id("HEDGER"), ethers.ZeroAddress)).wait();
    let liquid = 0n;
    for (const a of (await vault.getAssets()) as string[]) liquid += await vault.holdingUsd(a);
    expect(await vault.navUsd()).to.equal(liquid);
    await expect(as(vault, guardian).emergencyExit()).to.emit(vault, "EmergencyExit");
    expect(await vault.paused()).to.equal(true);
    // A second exit on a paused vault still succeeds (and stays paused).
    await (await as(vault, guardian).emergencyExit()).wait();
    expect(await vault.paused()).to.equal(true);
  });

  it("a module whose exit reverts as a whole is reported and the vault still ends paused", async () => {
    const { vault, guardian } = await loadFixture(deployedSystem);
    // An address with no code under HEDGER: its exitAll call reverts (no return data to decode).
    const harvester = await vault.moduleOf(ethers.id("HARVESTER"));
    await (await vault.setModule(ethers.id("HEDGER"), await vault.getAddress())).wait();
    const r = await (await as(vault, guardian).emergencyExit()).wait();
    const failed = r!.logs
      .filter((l: Log) => l.address === vault.target)
      .map((l: Log) => vault.interface.parseLog(l))
      .filter((e: { name: string } | null) => e?.name === "ModuleExitFailed");
    expect(failed.map((e: any) => e.args.module)).to.deep.equal([await vault.getAddress()]);
    expect(await vault.paused()).to.equal(true);
    expect(harvester).to.not.equal(ethers.ZeroAddress);
  });
});

describe("Managed roles: the guards of every module", () => {
  it("a keeper of one contract is not a keeper of another, and revoking a keeper stops it", async () => {
    const { rebalancer, harvester, keeper } = await loadFixture(deployedSystem);
    await (await rebalancer.setKeeper(keeper.address, false)).wait();
    await expect(as(rebalancer, keeper).updateWeights()).to.be.revertedWithCustomError(rebalancer, "NotKeeper");
    expect(await harvester.isKeeper(keeper.address)).to.equal(true);
  });

  it("upgrades are for management only", async () => {
    const { vault, stranger } = await loadFixture(deployedSystem);
    const impl = await (await ethers.getContractFactory("Vault")).deploy();
    await expect(as(vault as Contract, stranger).upgradeToAndCall(await impl.getAddress(), "0x")).to.be.revertedWithCustomError(vault, "NotManagement");
  });
});

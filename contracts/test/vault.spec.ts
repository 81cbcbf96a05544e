import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { deployedSystem, as } from "./fixtures";

describe("Vault", () => {
  it("takes deposits from the owner at the oracle price and values NAV in USD", async () => {
    const { dep, vault, owner, asset } = await loadFixture(deployedSystem);
    const weth = asset("WETH").address;
    const before: bigint = await vault.holdingUsd(weth);
    const amount = ethers.parseUnits("2", 18);
    await (await dep.tokens.WETH.mint(owner.address, amount)).wait();
    await (await dep.tokens.WETH.approve(await vault.getAddress(), amount)).wait();
    await expect(vault.deposit(weth, amount))
      .to.emit(vault, "Deposited")
      .withArgs(weth, owner.address, amount, ethers.parseUnits("3000", 18));
    expect((await vault.holdingUsd(weth)) - before).to.equal(ethers.parseUnits("6000", 18));
    expect(await vault.navUsd()).to.be.greaterThan(await vault.holdingUsd(weth));
  });

  it("lets only the owner withdraw, even while paused", async () => {
    const { vault, owner, guardian, stranger, asset } = await loadFixture(deployedSystem);
    const usdc = asset("USDC").address;
    await expect(as(vault, stranger).withdraw(usdc, 1n, stranger.address))
      .to.be.revertedWithCustomError(vault, "NotOwner")
      .withArgs(stranger.address);
    await (await as(vault, guardian).pause()).wait();
    await expect(vault.withdraw(usdc, 1_000_000n, owner.address))
      .to.emit(vault, "Withdrawn")
      .withArgs(usdc, owner.address, 1_000_000n, ethers.parseUnits("1", 18));
    await expect(vault.deposit(usdc, 1n)).to.be.revertedWithCustomError(vault, "EnforcedPause");
  });

  it("rejects unknown assets, zero amounts and non-module transfers with named errors", async () => {
    const { vault, stranger, asset } = await loadFixture(deployedSystem);
    await expect(vault.deposit(stranger.address, 1n)).to.be.revertedWithCustomError(vault, "UnknownAsset").withArgs(stranger.address);
    await expect(vault.deposit(asset("USDC").address, 0n)).to.be.revertedWithCustomError(vault, "ZeroAmount");
    await expect(as(vault, stranger).moduleTransfer(asset("USDC").address, stranger.address, 1n))
      .to.be.revertedWithCustomError(vault, "NotModule")
      .withArgs(stranger.address);
    await expect(vault.setModule(ethers.id("NOPE"), stranger.address)).to.be.revertedWithCustomError(vault, "UnknownRole");
    await expect(vault.addAsset(asset("WETH").address)).to.be.revertedWithCustomError(vault, "AssetAlreadyAdded");
  });

  it("pauses by the guardian and unpauses only by management; pausing halts rebalancing", async () => {
    const { vault, rebalancer, keeper, guardian, stranger } = await loadFixture(deployedSystem);
    await expect(as(vault, stranger).pause()).to.be.revertedWithCustomError(vault, "NotGuardian");
    await (await as(vault, guardian).pause()).wait();
    await expect(as(rebalancer, keeper).rebalance()).to.be.revertedWithCustomError(rebalancer, "VaultPaused");
    await expect(as(vault, guardian).unpause()).to.be.revertedWithCustomError(vault, "NotManagement");
    await (await vault.unpause()).wait();
    await (await as(rebalancer, guardian).pause()).wait();
    await expect(as(rebalancer, keeper).rebalance()).to.be.revertedWithCustomError(rebalancer, "EnforcedPause");
  });

  it("hands management over in two steps; the owner (depositor) stays who it was", async () => {
    const { vault, owner, stranger } = await loadFixture(deployedSystem);
    await expect(vault.transferManagement(stranger.address))
      .to.emit(vault, "ManagementTransferStarted")
      .withArgs(owner.address, stranger.address);
    await expect(vault.acceptManagement()).to.be.revertedWithCustomError(vault, "NotPendingManagement");
    await expect(as(vault, stranger).acceptManagement()).to.emit(vault, "ManagementTransferred");
    expect(await vault.management()).to.equal(stranger.address);
    expect(await vault.owner()).to.equal(owner.address);
    await expect(vault.transferManagement(owner.address)).to.be.revertedWithCustomError(vault, "NotManagement");
    await expect(as(vault, stranger).withdraw(await vault.stablecoin(), 1n, stranger.address))
      .to.be.revertedWithCustomError(vault, "NotOwner")
      .withArgs(stranger.address);
  });

  it("hands ownership (deposits, withdrawals) over in two steps, by the owner only", async () => {
    const { vault, owner, stranger } = await loadFixture(deployedSystem);
    await expect(vault.transferOwnership(stranger.address)).to.emit(vault, "OwnershipTransferStarted").withArgs(owner.address, stranger.address);
    await expect(vault.acceptOwnership()).to.be.revertedWithCustomError(vault, "NotPendingOwner").withArgs(owner.address);
    await expect(as(vault, stranger).acceptOwnership()).to.emit(vault, "OwnershipTransferred").withArgs(owner.address, stranger.address);
    expect(await vault.owner()).to.equal(stranger.address);
    expect(await vault.management()).to.equal(owner.address);
    await expect(vault.withdraw(await vault.stablecoin(), 1n, owner.address)).to.be.revertedWithCustomError(vault, "NotOwner");
    await expect(as(vault, stranger).withdraw(await vault.stablecoin(), 1n, stranger.address)).to.emit(vault, "Withdrawn");
  });

  it("upgrades through UUPS, by management only, preserving state", async () => {
    const { vault, stranger } = await loadFixture(deployedSystem);
    const assets = await vault.getAssets();
    const holdings = await Promise.all(assets.map((a: string) => vault.holdingUsd(a)));
    const rebalancerModule = await vault.moduleOf(ethers.id("REBALANCER"));
    const v2 = await (await ethers.getContractFactory("VaultV2Mock")).deploy();
    await expect(as(vault, stranger).upgradeToAndCall(await v2.getAddress(), "0x")).to.be.revertedWithCustomError(vault, "NotManagement");
    await (await vault.upgradeToAndCall(await v2.getAddress(), "0x")).wait();
    const upgraded = await ethers.getContractAt("VaultV2Mock", await vault.getAddress());
    expect(await upgraded.version()).to.equal(2n);
    expect(await upgraded.getAssets()).to.deep.equal(assets);
    expect(await Promise.all(assets.map((a: string) => upgraded.holdingUsd(a)))).to.deep.equal(holdings);
    expect(await upgraded.moduleOf(ethers.id("REBALANCER"))).to.equal(rebalancerModule);
    await expect(upgraded.initialize(stranger.address, stranger.address, stranger.address, stranger.address)).to.be.revertedWithCustomError(
      upgraded,
      "InvalidInitialization",
    );
  });
});

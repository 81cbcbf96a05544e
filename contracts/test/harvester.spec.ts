import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { deployedSystem, as, WAD } from "./fixtures";
import { eventsOf } from "./events";
import { scenario } from "../src";

describe("Harvester", () => {
  it("harvests donated yield as income at the oracle price and compounds half of it", async () => {
    const { dep, harvester, keeper, vault, asset } = await loadFixture(deployedSystem);
    const usdc = asset("USDC");
    const source = await ethers.getContractAt("MockYieldSource", usdc.yieldSource!);
    const principalBefore: bigint = await harvester.principal(usdc.yieldSource);
    const liquidBefore: bigint = await dep.tokens.USDC.balanceOf(await vault.getAddress());
    // The chain's clock follows the wall clock, so a slow (or instrumented) run would accrue more interest
    // between the blocks: pin their times, 5 s apart.
    const start = BigInt(await time.latest());
    await time.setNextBlockTimestamp(start + 5n);
    await scenario.accrueYield(dep, "USDC", "1250");
    await time.setNextBlockTimestamp(start + 10n);
    const receipt = await (await as(harvester, keeper).harvest(usdc.yieldSource)).wait();
    const [h] = eventsOf(harvester, receipt, "Harvest");
    expect(h.args.vault).to.equal(await vault.getAddress());
    expect(h.args.source).to.equal(usdc.yieldSource);
    expect(h.args.asset).to.equal(usdc.address);
    // The yield is the vault's shares' value at the harvest block less principal: the 1250 USDC donated plus
    // the source's 5 % APR since its last accrual, from the source's state just before the harvest (ERC4626
    // with no decimals offset: assets = shares · (totalAssets + 1) / (supply + 1), rounded down).
    const before = { blockTag: receipt!.blockNumber - 1 };
    const held: bigint = await dep.tokens.USDC.balanceOf(usdc.yieldSource, before);
    const elapsed = BigInt(start + 10n) - ((await source.lastAccrual(before)) as bigint);
    const interest = (held * ((await source.aprBps(before)) as bigint) * elapsed) / (10_000n * 365n * 86_400n);
    const shares: bigint = await source.balanceOf(await vault.getAddress(), before);
    const value = (shares * (held + interest + 1n)) / (((await source.totalSupply(before)) as bigint) + 1n);
    const yieldAssets = value - principalBefore;
    expect(yieldAssets > 1_250_000_000n && yieldAssets < 1_250_010_000n).to.equal(true, `yield ${yieldAssets}`);
    // The harvester redeems the shares worth that yield, rounded up to a whole share: at most one share's
    // worth (≈ one base unit at this share price) above it.
    expect(h.args.amount).to.be.within(yieldAssets, yieldAssets + 1n);
    expect(h.args.priceUsd).to.equal(WAD);
    expect(h.args.valueUsd).to.equal(h.args.amount * 10n ** 12n);
    expect(h.args.compounded).to.equal(h.args.amount / 2n);
    expect(await harvester.principal(usdc.yieldSource)).to.equal(principalBefore + h.args.compounded);
    expect((await dep.tokens.USDC.balanceOf(await vault.getAddress())) - liquidBefore).to.equal(h.args.amount - h.args.compounded);
    // Right after the harvest (same block) nothing is left to harvest beyond share rounding.
    expect(await harvester.yieldOf(usdc.yieldSource, { blockTag: receipt!.blockNumber })).to.be.lessThanOrEqual(1n);
  });

  it("accrues yield with time (Aave-style 5 % APR) and refuses to harvest dust", async () => {
    const { dep, harvester, keeper, asset } = await loadFixture(deployedSystem);
    const src = asset("USDC").yieldSource;
    await time.increase(365 * 86400);
    const y: bigint = await harvester.yieldOf(src);
    expect(Number(y) / 1e6).to.be.closeTo(5000, 1); // 5 % of 100,000
    await scenario.refreshFeeds(dep);
    await (await as(harvester, keeper).harvest(src)).wait();
    await expect(as(harvester, keeper).harvest(src)).to.be.revertedWithCustomError(harvester, "NothingToHarvest");
  });

  it("keeps harvesting in oracle safe mode, valuing income at the last good price", async () => {
    const { dep, harvester, keeper, oracle, asset } = await loadFixture(deployedSystem);
    const weth = asset("WETH");
    await scenario.accrueYield(dep, "WETH", "0.5");
    for (const i of [0, 1, 2]) await scenario.makeFeedStale(dep, "WETH", i, 7200);
    await (await oracle.update(weth.address)).wait();
    expect(await oracle.isHealthy(weth.address)).to.equal(false);
    const receipt = await (await as(harvester, keeper).harvest(weth.yieldSource)).wait();
    const [h] = eventsOf(harvester, receipt, "Harvest");
    expect(h.args.priceUsd).to.equal(3000n * WAD);
    expect(h.args.amount).to.be.within(ethers.parseEther("0.5"), ethers.parseEther("0.5001"));
  });

  it("reports an allocation into a source as Allocated, growing principal, not as income", async () => {
    const { harvester, keeper, vault, asset } = await loadFixture(deployedSystem);
    const usdc = asset("USDC");
    const before: bigint = await harvester.principal(usdc.yieldSource);
    const receipt = await (await as(harvester, keeper).allocate(usdc.yieldSource, 5_000_000_000n)).wait();
    const [a] = eventsOf(harvester, receipt, "Allocated");
    expect(a.args.toArray().slice(0, 4)).to.deep.equal([await vault.getAddress(), usdc.yieldSource, usdc.address, 5_000_000_000n]);
    expect(a.args.shares).to.be.greaterThan(0n);
    expect(eventsOf(harvester, receipt, "Harvest")).to.have.length(0);
    expect(await harvester.principal(usdc.yieldSource)).to.equal(before + 5_000_000_000n);
  });

  it("guards its entry points with named errors", async () => {
    const { harvester, stranger, asset } = await loadFixture(deployedSystem);
    const src = asset("USDC").yieldSource;
    await expect(as(harvester, stranger).harvest(src)).to.be.revertedWithCustomError(harvester, "NotKeeper").withArgs(stranger.address);
    await expect(harvester.harvest(stranger.address)).to.be.revertedWithCustomError(harvester, "UnknownSource").withArgs(stranger.address);
    await expect(harvester.addSource(src)).to.be.revertedWithCustomError(harvester, "SourceAlreadyAdded");
    await expect(harvester.allocate(src, 0n)).to.be.revertedWithCustomError(harvester, "ZeroAmount");
    await expect(harvester.exitAll()).to.be.revertedWithCustomError(harvester, "NotVault");
    await expect(harvester.setConfig(10_001n, 0n)).to.be.revertedWithCustomError(harvester, "InvalidConfig");
  });
});

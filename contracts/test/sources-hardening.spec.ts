import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { deployedSystem, as, WAD } from "./fixtures";
import { eventsOf } from "./events";
import { loadArtifact, scenario } from "../src";

const coder = ethers.AbiCoder.defaultAbiCoder();
const action = (a: number) => coder.encode(["uint8"], [a]);

function source(dep: any, symbol: string) {
  const a = dep.assets.find((x: any) => x.symbol === symbol);
  return new ethers.Contract(a.yieldSource, loadArtifact("MockYieldSource").abi, dep.signer);
}

describe("Sources and the emergency exit", () => {
  describe("M5: the emergency exit is fail-soft per source and per module", () => {
    it("with one source's withdrawals paused, closes the perp, unwinds the LP, redeems the others and ends paused", async () => {
      const { dep, vault, harvester, hedger, keeper, guardian, lp } = await loadFixture(deployedSystem);
      // Fresh feeds first: the chain's clock follows the wall clock, and an instrumented (coverage) run can
      // reach here more than a heartbeat after the fixture's feeds posted, with the oracle then unhealthy.
      await scenario.refreshFeeds(dep);
      await (await as(hedger, keeper).hedge()).wait();
      const usdcSource = source(dep, "USDC");
      await (await usdcSource.setWithdrawalsPaused(true)).wait();
      const receipt = await (await as(vault, guardian).emergencyExit()).wait();
      const failed = eventsOf(harvester, receipt, "SourceExitFailed");
      expect(failed.map((e) => e.args.source)).to.deep.equal([await usdcSource.getAddress()]);
      expect(failed[0].args.reason.slice(0, 10)).to.equal(usdcSource.interface.getError("WithdrawalsPaused")!.selector);
      expect(await vault.paused()).to.equal(true);
      expect(await hedger.perpSize()).to.equal(0n);
      expect(await lp.tokenId()).to.equal(0n); // the Uniswap position is unwound and burnt
      for (const sym of ["WETH", "LINK"]) expect(await source(dep, sym).balanceOf(dep.contracts.Vault.address)).to.equal(0n, sym);
      expect(await usdcSource.balanceOf(dep.contracts.Vault.address)).to.be.greaterThan(0n); // stays, still the vault's
      expect(eventsOf(vault, receipt, "EmergencyExit")).to.have.length(1);
    });

    it("reports a module whose whole exit reverts, unwinds the others and still pauses", async () => {
      const { dep, vault, harvester, guardian } = await loadFixture(deployedSystem);
      // A hedger slot holding a contract without exitAll (a wrong or broken module): its exit reverts.
      const wrong = dep.tokens.UNI;
      await (await vault.setModule(ethers.id("HEDGER"), await wrong.getAddress())).wait();
      expect(await vault.navUsd()).to.be.greaterThan(0n); // its value counts zero, NAV still answers
      const receipt = await (await as(vault, guardian).emergencyExit()).wait();
      const failed = eventsOf(vault, receipt, "ModuleExitFailed");
      expect(failed.map((e) => e.args.module)).to.deep.equal([await wrong.getAddress()]);
      expect(eventsOf(harvester, receipt, "Harvest").length + eventsOf(harvester, receipt, "SourceExitFailed").length).to.be.greaterThan(0);
      for (const sym of ["USDC", "WETH", "LINK"]) expect(await source(dep, sym).balanceOf(dep.contracts.Vault.address)).to.equal(0n, sym);
      expect(await vault.paused()).to.equal(true);
    });
  });

  describe("M6: a source whose convertToAssets reverts does not brick NAV", () => {
    it("values it at zero, keeps NAV, upkeeps, rebalancing and the exit working, marks it impaired and lets management remove it", async () => {
      const { dep, vault, harvester, rebalancer, gateway, keeper, guardian, stranger } = await loadFixture(deployedSystem);
      await scenario.refreshFeeds(dep); // as above: the upkeeps below need a healthy oracle however slow the run
      const broken = source(dep, "USDC");
      const brokenAddr = await broken.getAddress();
      const navBefore: bigint = await vault.navUsd();
      await (await broken.setBroken(true)).wait();
      const nav: bigint = await vault.navUsd();
      expect(navBefore - nav).to.be.closeTo(100_000n * WAD, 10n * WAD); // the 100k USDC in it count zero
      expect((await gateway.checkUpkeep("0x"))[1]).to.equal(action(2));
      const r1 = await (await as(gateway, keeper).performUpkeep(action(2))).wait();
      expect(eventsOf(rebalancer, r1, "Rebalance")).to.have.length(1);
      await scenario.accrueYield(dep, "LINK", "20");
      const r2 = await (await as(harvester, keeper).harvestAll()).wait();
      expect(eventsOf(harvester, r2, "SourceImpaired").map((e) => e.args.source)).to.deep.equal([brokenAddr]);
      expect(await harvester.isImpaired(brokenAddr)).to.equal(true);
      await expect(as(harvester, keeper).allocate(brokenAddr, 1n)).to.be.revertedWithCustomError(harvester, "SourceUnavailable");
      await expect(as(harvester, stranger).removeSource(brokenAddr)).to.be.revertedWithCustomError(harvester, "NotManagement");
      await expect(harvester.removeSource(brokenAddr))
        .to.emit(harvester, "SourceRemoved")
        .withArgs(brokenAddr, (left: bigint) => left > 0n);
      expect(await harvester.getSources()).to.not.include(brokenAddr);
      const receipt = await (await as(vault, guardian).emergencyExit()).wait();
      expect(eventsOf(harvester, receipt, "SourceExitFailed")).to.have.length(0);
      expect(await vault.paused()).to.equal(true);
    });

    it("lets the guardian shut a source down: redeemed, no more deposits or harvests", async () => {
      const { dep, vault, harvester, keeper, guardian, asset } = await loadFixture(deployedSystem);
      const weth = source(dep, "WETH");
      const addr = await weth.getAddress();
      await scenario.accrueYield(dep, "WETH", "1");
      const receipt = await (await as(harvester, guardian).shutdownSource(addr)).wait();
      expect(eventsOf(harvester, receipt, "SourceShutdown")[0].args.toArray()).to.deep.equal([addr, asset("WETH").address, 10n * WAD, 0n]);
      expect(eventsOf(harvester, receipt, "Harvest")).to.have.length(1); // the pending yield reported as income
      expect(await weth.balanceOf(dep.contracts.Vault.address)).to.equal(0n);
      await expect(as(harvester, keeper).allocate(addr, WAD)).to.be.revertedWithCustomError(harvester, "SourceShut").withArgs(addr);
      await expect(as(harvester, keeper).harvest(addr)).to.be.revertedWithCustomError(harvester, "SourceShut");
      void vault;
    });
  });

  it("keeps the per-part exit entry points to the module itself", async () => {
    const { dep, harvester, hedger, stranger } = await loadFixture(deployedSystem);
    await expect(as(harvester, stranger).exitSource(dep.assets[0].yieldSource!)).to.be.revertedWithCustomError(harvester, "OnlySelf");
    await expect(as(hedger, stranger).exitPerp()).to.be.revertedWithCustomError(hedger, "OnlySelf");
    await expect(as(hedger, stranger).exitLp()).to.be.revertedWithCustomError(hedger, "OnlySelf");
    await expect(as(harvester, stranger).shutdownSource(dep.assets[0].yieldSource!)).to.be.revertedWithCustomError(harvester, "NotGuardian");
  });

  describe("L5: deposits check the shares minted", () => {
    it("refuses to allocate into a young source whose share price an attacker inflated", async () => {
      const { dep, harvester, keeper, stranger, asset } = await loadFixture(deployedSystem);
      const weth = asset("WETH").address;
      const f = new ethers.ContractFactory(loadArtifact("MockYieldSource").abi, loadArtifact("MockYieldSource").bytecode, dep.signer);
      const young = (await f.deploy(weth, "young", "yWETH", 0)) as any;
      await young.waitForDeployment();
      const youngAddr = await young.getAddress();
      // The attacker takes the first share for 1 wei and donates 100 WETH.
      const token = dep.tokens.WETH;
      await (await token.mint(stranger.address, 100n * WAD + 1n)).wait();
      await (await as(token, stranger).approve(youngAddr, 1n)).wait();
      await (await as(young, stranger).deposit(1n, stranger.address)).wait();
      await (await as(token, stranger).transfer(youngAddr, 100n * WAD)).wait();
      await (await harvester.addSource(youngAddr)).wait();
      await expect(as(harvester, keeper).allocate(youngAddr, 10n * WAD))
        .to.be.revertedWithCustomError(harvester, "DepositShortfall")
        .withArgs(youngAddr, 10n * WAD, 0n);
      // A healthy source takes the same deposit.
      await expect(as(harvester, keeper).allocate(asset("WETH").yieldSource!, 10n * WAD)).to.emit(harvester, "Allocated");
    });
  });
});

import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { deployedSystem, as, WAD } from "./fixtures";
import { eventsOf } from "./events";
import { scenario } from "../src";
import { arbitrageLpPoolTo } from "./venues-fixtures";

describe("Hedger", () => {
  it("shorts the LP position's delta, funding the margin from the vault's stablecoin", async () => {
    const { dep, hedger, keeper, vault, asset } = await loadFixture(deployedSystem);
    const lpDelta: bigint = await hedger.lpDelta();
    expect(Number(lpDelta) / 1e18).to.be.closeTo(10, 1e-9);
    expect(await hedger.hedgeNeeded()).to.equal(true);
    const usdcBefore: bigint = await dep.tokens.USDC.balanceOf(await vault.getAddress());
    const receipt = await (await as(hedger, keeper).hedge()).wait();
    const [h] = eventsOf(hedger, receipt, "Hedge");
    expect(h.args.asset).to.equal(asset("WETH").address);
    expect(h.args.sizeBefore).to.equal(0n);
    expect(h.args.sizeAfter).to.equal(-lpDelta);
    expect(h.args.priceUsd).to.equal(3000n * WAD);
    expect(h.args.hedgeRatio).to.equal(await hedger.MAX_RATIO());
    expect(h.args.fundingPaid).to.equal(0n);
    expect(h.args.realizedPnlUsd).to.equal(0n);
    expect(Number(h.args.marginUsd) / 1e18).to.be.closeTo(6000, 0.01); // 20 % of 10 × $3000
    const posted = usdcBefore - (await dep.tokens.USDC.balanceOf(await vault.getAddress()));
    expect(posted).to.equal(h.args.marginUsd / 10n ** 12n);
    expect(eventsOf(hedger, receipt, "MarginMoved")[0].args.stableAmount).to.equal(posted);
    expect(await hedger.hedgeRatio()).to.equal(WAD);
    await expect(as(hedger, keeper).hedge()).to.be.revertedWithCustomError(hedger, "WithinBand").withArgs(WAD);
  });

  it("re-hedges when the price move pushes the ratio out of the band, reporting funding and realised P&L", async () => {
    const { dep, hedger, keeper, lp } = await loadFixture(deployedSystem);
    await (await as(hedger, keeper).hedge()).wait();
    await time.increase(3600);
    await scenario.refreshFeeds(dep);
    await scenario.setPrice(dep, "WETH", "3250");
    // the perp's pool (the LP's too) still trades at 3000, under the index: shorts pay longs the clamped premium
    const fundReceipt = await scenario.fundPerp(dep, "WETH");
    const [rate] = eventsOf(dep.instances.Perpetual, fundReceipt, "FundingRateUpdated");
    expect(rate.args.premiumWad).to.equal(-(10n ** 15n)); // −7.7 % clamped to −10 bps
    await arbitrageLpPoolTo(lp, "3250"); // the Uniswap pool follows the market only when someone trades it there
    expect(await hedger.hedgeNeeded()).to.equal(false); // √(3000/3250) = 0.961: inside ±10 %, margin ratio 10.8 %
    await time.increase(600);
    await scenario.setPrice(dep, "WETH", "3750");
    await arbitrageLpPoolTo(lp, "3750");
    const ratio: bigint = await hedger.hedgeRatio();
    expect(Number(ratio) / 1e18).to.be.closeTo(Math.sqrt(3000 / 3750), 1e-6);
    const receipt = await (await as(hedger, keeper).hedge()).wait();
    const [h] = eventsOf(hedger, receipt, "Hedge");
    expect(h.args.fundingPaid).to.be.greaterThan(0n); // the short paid funding
    const closed = Number(h.args.sizeAfter - h.args.sizeBefore) / 1e18; // shorts bought back
    expect(closed).to.be.greaterThan(0);
    expect(Number(h.args.realizedPnlUsd) / 1e18).to.be.closeTo(-750 * closed, 0.01); // entry 3000, mark 3750
    expect(h.args.hedgeRatio).to.equal(ratio);
    expect(await hedger.hedgeRatio()).to.equal(WAD);
  });

  it("does not adjust in oracle safe mode", async () => {
    const { dep, hedger, keeper, oracle, asset } = await loadFixture(deployedSystem);
    for (const i of [0, 1, 2]) await scenario.makeFeedStale(dep, "WETH", i, 7200);
    await (await oracle.update(asset("WETH").address)).wait();
    expect(await hedger.hedgeNeeded()).to.equal(false);
    await expect(as(hedger, keeper).hedge()).to.be.revertedWithCustomError(hedger, "OracleUnhealthy");
  });

  it("is unwound by the guardian's emergency exit, which pauses the vault", async () => {
    const { dep, vault, hedger, harvester, keeper, guardian, perp, oracle, lp } = await loadFixture(deployedSystem);
    await (await as(hedger, keeper).hedge()).wait();
    const navBefore: bigint = await vault.navUsd();
    const lpTokens = [dep.assets[1].address, dep.assets[0].address]; // the LP's asset, then its stablecoin
    const [assetInLp, stableInLp] = await lp.amounts();
    expect(assetInLp > 0n && stableInLp > 0n).to.equal(true, "the fixture funds the LP position");
    await (await as(vault, guardian).pause()).wait(); // exit works from a paused vault too
    const receipt = await (await as(vault, guardian).emergencyExit()).wait();
    const [exit] = eventsOf(vault, receipt, "EmergencyExit");
    expect(exit.args.guardian).to.equal(guardian.address);
    expect(await vault.paused()).to.equal(true);
    expect(await hedger.perpSize()).to.equal(0n);
    expect(await harvester.positionValueUsd()).to.equal(0n);
    const [, , margin] = await perp.positionOf(await hedger.getAddress(), dep.assets[1].address);
    expect(margin).to.equal(0n);
    // Everything is back in vault tokens; NAV changed only by rounding and a second of yield.
    const diff = exit.args.navUsd > navBefore ? exit.args.navUsd - navBefore : navBefore - exit.args.navUsd;
    expect(diff < WAD / 10n).to.equal(true, `NAV moved by ${ethers.formatEther(diff)}`);
    expect(eventsOf(harvester, receipt, "Harvest").length).to.be.greaterThan(0); // pending yield reported as income
    // The LP's tokens come back with their amounts and prices, one event per token, for their lots.
    const returned = eventsOf(hedger, receipt, "LiquidityReturned");
    expect(returned.map((e) => e.args.token)).to.deep.equal(lpTokens);
    for (const [i, e] of returned.entries()) {
      expect(e.args.vault).to.equal(dep.contracts.Vault.address);
      expect(e.args.priceUsd).to.equal(await oracle.priceOf(lpTokens[i]));
    }
    expect(returned.map((e) => e.args.amount)).to.deep.equal([assetInLp, stableInLp]);
    expect(await lp.tokenId()).to.equal(0n); // the Uniswap position is burnt
    expect(await lp.liquidity()).to.equal(0n);
  });
});

import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { as } from "./fixtures";
import { eventsOf } from "./events";
import { systemWithPerpPool, pushPoolTo, twapOf, depositMargin, WAD } from "./perp-fixtures";
import { scenario, PERP_MARKET_CONFIG } from "../src";

const USDC = (whole: bigint) => whole * 10n ** 6n;
const DAY = 86_400n;
const CAP = (BigInt(PERP_MARKET_CONFIG.maxPremiumBps) * WAD) / 10_000n;

describe("Perpetual: listing (management only, a pool of the asset against the stablecoin, bounded)", () => {
  it("refuses a stranger, a pool of other tokens, and settings outside their bounds", async () => {
    const s = await loadFixture(systemWithPerpPool);
    const pool = await s.pool.getAddress();
    const weth = s.weth.address;
    await expect(as(s.perp, s.stranger).listMarket(weth, pool, 1800, 10, 3600)).to.be.revertedWithCustomError(s.perp, "NotManagement");
    await expect(s.perp.listMarket(s.asset("LINK").address, pool, 1800, 10, 3600))
      .to.be.revertedWithCustomError(s.perp, "PoolMismatch")
      .withArgs(pool, s.asset("LINK").address, s.usdc.address);
    await expect(s.perp.listMarket(weth, ethers.ZeroAddress, 1800, 10, 3600)).to.be.revertedWithCustomError(s.perp, "ZeroAddress");
    for (const [window, premium, interval] of [[299, 10, 3600], [86_401, 10, 3600], [1800, 101, 3600], [1800, 10, 299], [1800, 10, 86_401]]) {
      await expect(s.perp.listMarket(weth, pool, window, premium, interval)).to.be.revertedWithCustomError(s.perp, "InvalidMarketConfig");
    }
    await expect(s.perp.listMarket(weth, pool, 900, 20, 1800)).to.emit(s.perp, "MarketListed").withArgs(weth, pool, 900, 20, 1800);
    const m = await s.perp.market(weth);
    expect([m.twapWindow, m.maxPremiumBps, m.fundingInterval]).to.deep.equal([900n, 20n, 1800n]);
  });

  it("refuses unlisted markets, zero amounts and a zero recipient", async () => {
    const s = await loadFixture(systemWithPerpPool);
    const link = s.asset("LINK").address;
    await expect(as(s.perp, s.stranger).depositMargin(link, 1n)).to.be.revertedWithCustomError(s.perp, "UnknownMarket").withArgs(link);
    await expect(as(s.perp, s.stranger).modifyPosition(link, -1n)).to.be.revertedWithCustomError(s.perp, "UnknownMarket");
    await expect(as(s.perp, s.stranger).fund(link)).to.be.revertedWithCustomError(s.perp, "UnknownMarket");
    await expect(as(s.perp, s.stranger).liquidate(s.owner.address, link)).to.be.revertedWithCustomError(s.perp, "UnknownMarket");
    await expect(as(s.perp, s.stranger).depositMargin(s.weth.address, 0n)).to.be.revertedWithCustomError(s.perp, "ZeroAmount");
    await expect(as(s.perp, s.stranger).modifyPosition(s.weth.address, 0n)).to.be.revertedWithCustomError(s.perp, "ZeroAmount");
    await depositMargin(s, s.stranger, 100n);
    await expect(as(s.perp, s.stranger).withdrawMargin(s.weth.address, 1n, ethers.ZeroAddress)).to.be.revertedWithCustomError(s.perp, "ZeroAddress");
  });
});

describe("Perpetual: margin on equity at the index", () => {
  it("moves only the caller's own margin, never below initial margin while a position is open", async () => {
    const s = await loadFixture(systemWithPerpPool);
    const weth = s.weth.address;
    await depositMargin(s, s.stranger, 1000n);
    await (await as(s.perp, s.stranger).modifyPosition(weth, -2n * WAD)).wait(); // $6 000 short, $600 initial
    await expect(as(s.perp, s.other).withdrawMargin(weth, USDC(1n), s.other.address))
      .to.be.revertedWithCustomError(s.perp, "InsufficientMargin")
      .withArgs(0n, USDC(1n));
    await expect(as(s.perp, s.stranger).withdrawMargin(weth, USDC(1001n), s.stranger.address)).to.be.revertedWithCustomError(s.perp, "InsufficientMargin");
    await expect(as(s.perp, s.stranger).withdrawMargin(weth, USDC(401n), s.stranger.address)).to.be.revertedWithCustomError(s.perp, "BelowInitialMargin");
    await expect(as(s.perp, s.stranger).modifyPosition(weth, -2n * WAD)).to.be.revertedWithCustomError(s.perp, "BelowInitialMargin"); // $12 000 needs $1 200
    await (await as(s.perp, s.stranger).withdrawMargin(weth, USDC(400n), s.stranger.address)).wait();
    expect(await s.perp.equityOf(s.stranger.address, weth)).to.equal(600n * WAD);
  });

  it("grows or flips a position only unpaused and with a healthy oracle; reducing always goes through", async () => {
    const s = await loadFixture(systemWithPerpPool);
    const weth = s.weth.address;
    await depositMargin(s, s.stranger, 3000n);
    await (await as(s.perp, s.stranger).modifyPosition(weth, -2n * WAD)).wait();
    await (await as(s.perp, s.guardian).pause()).wait();
    await expect(as(s.perp, s.stranger).modifyPosition(weth, -1n)).to.be.revertedWithCustomError(s.perp, "EnforcedPause");
    await expect(as(s.perp, s.stranger).modifyPosition(weth, 3n * WAD)).to.be.revertedWithCustomError(s.perp, "EnforcedPause"); // a flip opens a long
    await (await as(s.perp, s.stranger).modifyPosition(weth, WAD)).wait();
    await (await s.perp.unpause()).wait();
    for (const i of [0, 1, 2]) await scenario.makeFeedStale(s.dep, "WETH", i, 7200);
    await (await s.oracle.update(weth)).wait();
    expect(await s.oracle.isHealthy(weth)).to.equal(false);
    await expect(as(s.perp, s.stranger).modifyPosition(weth, -1n)).to.be.revertedWithCustomError(s.perp, "OracleUnhealthy").withArgs(weth);
    await expect(as(s.perp, s.other).liquidate(s.stranger.address, weth)).to.be.revertedWithCustomError(s.perp, "OracleUnhealthy");
    await (await as(s.perp, s.stranger).modifyPosition(weth, WAD / 2n)).wait();
    const [size] = await s.perp.positionOf(s.stranger.address, weth);
    expect(size).to.equal(-WAD / 2n);
  });

  it("is liquidated by anyone only below maintenance at the index; a pushed pool liquidates no one", async () => {
    const s = await loadFixture(systemWithPerpPool);
    const weth = s.weth.address;
    await depositMargin(s, s.stranger, 700n);
    await (await as(s.perp, s.stranger).modifyPosition(weth, -2n * WAD)).wait(); // equity $700 on $6 000
    await pushPoolTo(s, "4500"); // the pool is pushed 50 % up and held there past the TWAP window
    await time.increase(PERP_MARKET_CONFIG.twapWindow + 60);
    await scenario.refreshFeeds(s.dep);
    expect(await s.perp.markPrice(weth)).to.be.greaterThan(4400n * WAD);
    expect(await s.perp.isLiquidatable(s.stranger.address, weth)).to.equal(false);
    await expect(as(s.perp, s.other).liquidate(s.stranger.address, weth)).to.be.revertedWithCustomError(s.perp, "NotLiquidatable");
    await scenario.setPrice(s.dep, "WETH", "3250"); // equity 700 − 500 − funding < 5 % of $6 500
    expect(await s.perp.isLiquidatable(s.stranger.address, weth)).to.equal(true);
    const before: bigint = await s.tokens.USDC.balanceOf(s.other.address);
    const receipt = await (await as(s.perp, s.other).liquidate(s.stranger.address, weth)).wait();
    const [liq] = eventsOf(s.perp, receipt, "Liquidated");
    expect(liq.args.markPrice).to.equal(3250n * WAD);
    expect(liq.args.penalty).to.equal(USDC(65n)); // 1 % of $6 500
    expect((await s.tokens.USDC.balanceOf(s.other.address)) - before).to.equal(USDC(65n));
    const [size] = await s.perp.positionOf(s.stranger.address, weth);
    expect(size).to.equal(0n);
  });

  it("pays profit from its own balance: nothing is minted", async () => {
    const s = await loadFixture(systemWithPerpPool);
    const weth = s.weth.address;
    await depositMargin(s, s.stranger, 1000n);
    await (await as(s.perp, s.stranger).modifyPosition(weth, -2n * WAD)).wait();
    await scenario.setPrice(s.dep, "WETH", "2700");
    const supply: bigint = await s.tokens.USDC.totalSupply();
    const house: bigint = await s.tokens.USDC.balanceOf(await s.perp.getAddress());
    await (await as(s.perp, s.stranger).modifyPosition(weth, 2n * WAD)).wait(); // +$600 realised
    const [, , margin] = await s.perp.positionOf(s.stranger.address, weth);
    await (await as(s.perp, s.stranger).withdrawMargin(weth, margin, s.stranger.address)).wait();
    expect(await s.tokens.USDC.totalSupply()).to.equal(supply);
    expect(house - (await s.tokens.USDC.balanceOf(await s.perp.getAddress()))).to.equal(margin);
    expect(margin).to.be.within(USDC(1599n), USDC(1600n)); // less the few seconds' funding
  });
});

describe("Perpetual: funding from the premium of the pool's TWAP over the index", () => {
  it("samples rate = clamp((mark − index) / index, ±cap) / 1 day, once per interval, and accrues it into positions", async () => {
    const s = await loadFixture(systemWithPerpPool);
    const weth = s.weth.address;
    await depositMargin(s, s.stranger, 3000n);
    await depositMargin(s, s.other, 3000n);
    await (await as(s.perp, s.stranger).modifyPosition(weth, -5n * WAD)).wait();
    await (await as(s.perp, s.other).modifyPosition(weth, 5n * WAD)).wait();
    expect(await s.perp.fundingRate(weth)).to.equal(0n); // nothing sampled yet: the pool is younger than its window
    await expect(as(s.perp, s.stranger).fund(weth)).to.be.revertedWithCustomError(s.perp, "FundingNotDue");

    // The pool trades 0.05 % over the index for longer than the window: longs pay shorts 5 bp a day.
    await pushPoolTo(s, "3001.5");
    await time.increase(3600);
    await scenario.refreshFeeds(s.dep);
    const twap = await twapOf(s, PERP_MARKET_CONFIG.twapWindow);
    const mark: bigint = await s.perp.markPrice(weth);
    expect(Number(mark - twap)).to.be.within(-1e6, 1e6); // the pool's own mean tick, within TickMath's last digits
    const receipt = await (await as(s.perp, s.keeper).fund(weth)).wait();
    const [ev] = eventsOf(s.perp, receipt, "FundingRateUpdated");
    expect(ev.args.indexPrice).to.equal(3000n * WAD);
    expect(ev.args.markPrice).to.equal(await s.perp.markPrice(weth));
    const premium = ((ev.args.markPrice - 3000n * WAD) * WAD) / (3000n * WAD);
    expect(premium).to.be.within(4n * 10n ** 14n, 6n * 10n ** 14n); // 5 bp give or take a tick (1 bp) of the mean tick
    expect(ev.args.premiumWad).to.equal(premium);
    expect(ev.args.ratePerSecond).to.equal(premium / DAY);
    const due = (await s.perp.market(weth)).lastSample + BigInt(PERP_MARKET_CONFIG.fundingInterval);
    await expect(as(s.perp, s.stranger).fund(weth)).to.be.revertedWithCustomError(s.perp, "FundingNotDue").withArgs(due);

    // Over the next 50 minutes the short receives exactly what the long pays: size × Δcumulative.
    const cum0: bigint = await s.perp.cumulativeFundingUsd(weth);
    await time.increase(3000);
    const cum1: bigint = await s.perp.cumulativeFundingUsd(weth);
    const perSecond = (ev.args.ratePerSecond * 3000n * WAD) / WAD; // rate × index
    expect(cum1 - cum0).to.be.within(perSecond * 2998n, perSecond * 3002n); // 3 000 s, give or take the view's block
    const [, , , shortPending] = await s.perp.positionOf(s.stranger.address, weth);
    const [, , , longPending] = await s.perp.positionOf(s.other.address, weth);
    expect(shortPending).to.be.lessThan(0n);
    expect(longPending).to.equal(-shortPending);
  });

  it("settles funding at the old rate before a re-listing changes the market", async () => {
    const s = await loadFixture(systemWithPerpPool);
    const weth = s.weth.address;
    await pushPoolTo(s, "3010");
    await time.increase(3600);
    await scenario.refreshFeeds(s.dep);
    await (await as(s.perp, s.other).fund(weth)).wait();
    const rate: bigint = await s.perp.fundingRate(weth);
    expect(rate).to.equal(CAP / DAY); // the pool 33 bp over the index: +10 bp, the cap
    await time.increase(1200);
    const receipt = await (await s.perp.listMarket(weth, await s.pool.getAddress(), 900, 20, 1800)).wait();
    const block = await ethers.provider.getBlock(receipt!.blockNumber);
    const m = await s.perp.market(weth);
    expect(m.lastAccrual).to.equal(BigInt(block!.timestamp));
    expect(m.cumulativeFundingUsd).to.be.greaterThan(0n); // the 20 minutes at the old rate are in
    expect(m.ratePerSecond).to.equal(rate); // the next sample uses the new settings
  });

  it("clamps a pushed pool's premium to the cap", async () => {
    const s = await loadFixture(systemWithPerpPool);
    const weth = s.weth.address;
    await pushPoolTo(s, "2700"); // 10 % under the index
    await time.increase(3600);
    await scenario.refreshFeeds(s.dep);
    await expect(as(s.perp, s.stranger).fund(weth)).to.emit(s.perp, "FundingRateUpdated");
    expect(await s.perp.fundingRate(weth)).to.equal(-CAP / DAY);
  });
});


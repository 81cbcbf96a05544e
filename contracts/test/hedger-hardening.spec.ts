import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { deployedSystem, as, WAD } from "./fixtures";
import { eventsOf } from "./events";
import { scenario } from "../src";
import { arbitrageLpPoolTo } from "./venues-fixtures";

// The LP's delta is the Uniswap position's asset amount, 10 WETH less the position manager's rounding (a few
// hundred wei): margins and penalties sized on it come out a unit of the stablecoin's last digit under round figures.
const USDC_UNITS = 10n ** 6n;

describe("M7: hedge margin is managed on equity", () => {
  it("re-hedges on the margin ratio when a +10 % move leaves the hedge ratio inside its band, so +20 % never wipes the margin", async () => {
    const { dep, hedger, perp, keeper, asset, lp } = await loadFixture(deployedSystem);
    const weth = asset("WETH").address;
    await (await as(hedger, keeper).hedge()).wait();
    expect(await hedger.marginRatioBps()).to.be.within(1999n, 2000n);
    await scenario.setPrice(dep, "WETH", "3300");
    await arbitrageLpPoolTo(lp, "3300");
    expect(await hedger.outsideBand(await hedger.hedgeRatio())).to.equal(false); // √(3000/3300) = 0.953
    expect(await hedger.marginRatioBps()).to.be.lessThan(1000n); // (6000 − 3000) / 33 000 = 9.1 %
    expect(await hedger.hedgeNeeded()).to.equal(true);
    const receipt = await (await as(hedger, keeper).hedge()).wait();
    const [moved] = eventsOf(hedger, receipt, "MarginMoved");
    expect(moved.args.stableAmount).to.be.greaterThan(0n);
    expect(moved.index).to.be.lessThan(eventsOf(hedger, receipt, "Hedge")[0].index);
    expect(await hedger.marginRatioBps()).to.be.within(1999n, 2000n);
    await time.increase(60);
    await scenario.setPrice(dep, "WETH", "3600"); // +20 % from the first hedge
    expect(await perp.equityOf(await hedger.getAddress(), weth)).to.be.greaterThan(0n);
    expect(await perp.isLiquidatable(await hedger.getAddress(), weth)).to.equal(false);
  });

  it("posts margin before it grows the short (the perp checks initial margin on equity)", async () => {
    const { hedger, keeper, perp, stranger, asset } = await loadFixture(deployedSystem);
    const weth = asset("WETH").address;
    const receipt = await (await as(hedger, keeper).hedge()).wait(); // opens the short from nothing
    const [posted] = eventsOf(hedger, receipt, "MarginMoved");
    const [opened] = eventsOf(perp, receipt, "PositionModified");
    expect(posted.args.stableAmount).to.be.greaterThan(0n);
    expect(posted.index).to.be.lessThan(opened.index);
    expect(opened.args.sizeAfter).to.be.lessThan(0n);
    // A position grown without margin is refused by the perp itself.
    await expect(as(perp, stranger).modifyPosition(weth, -WAD)).to.be.revertedWithCustomError(perp, "BelowInitialMargin");
  });

  it("returns margin the short's profit makes excess, and is not due again for profit it cannot withdraw", async () => {
    const { dep, hedger, perp, keeper, asset } = await loadFixture(deployedSystem);
    const weth = asset("WETH").address;
    const h = await hedger.getAddress();
    await (await as(hedger, keeper).hedge()).wait();
    await scenario.setPrice(dep, "WETH", "2400");
    await time.increase(60);
    await scenario.setPrice(dep, "WETH", "1900"); // the short is $11 000 in profit
    const receipt = await (await as(hedger, keeper).hedge()).wait();
    const [returned] = eventsOf(hedger, receipt, "MarginMoved");
    expect(returned.args.stableAmount).to.be.closeTo(-6000n * USDC_UNITS, 1n); // all of the margin
    const [, , margin] = await perp.positionOf(h, weth);
    expect(margin).to.equal(0n);
    expect(await hedger.marginRatioBps()).to.be.greaterThan(4000n); // equity is the unrealised profit
    expect(await hedger.hedgeNeeded()).to.equal(false);
  });

  it("lets anyone liquidate a short below maintenance, with a penalty and an event", async () => {
    const { dep, hedger, perp, keeper, stranger, asset } = await loadFixture(deployedSystem);
    const weth = asset("WETH").address;
    const h = await hedger.getAddress();
    await (await as(hedger, keeper).hedge()).wait();
    await expect(as(perp, stranger).liquidate(h, weth)).to.be.revertedWithCustomError(perp, "NotLiquidatable");
    await scenario.setPrice(dep, "WETH", "3500"); // equity 6000 − 5000 = 1000 < 5 % of 35 000
    expect(await perp.isLiquidatable(h, weth)).to.equal(true);
    const usdcBefore: bigint = await dep.tokens.USDC.balanceOf(stranger.address);
    const receipt = await (await as(perp, stranger).liquidate(h, weth)).wait();
    const [liq] = eventsOf(perp, receipt, "Liquidated");
    expect(liq.args.account).to.equal(h);
    expect(liq.args.liquidator).to.equal(stranger.address);
    expect(liq.args.markPrice).to.equal(3500n * WAD);
    expect(liq.args.penalty).to.be.closeTo(350n * USDC_UNITS, 1n); // 1 % of $35 000 notional
    expect((await dep.tokens.USDC.balanceOf(stranger.address)) - usdcBefore).to.equal(liq.args.penalty);
    expect(await hedger.perpSize()).to.equal(0n);
    const [, , margin] = await perp.positionOf(h, weth);
    expect(margin).to.be.closeTo(1000n * USDC_UNITS - 350n * USDC_UNITS, 2n); // what was left, less the penalty
  });

  it("is reduce-only while the circuit breaker is tripped", async () => {
    const { dep, hedger, keeper, oracle, asset, lp } = await loadFixture(deployedSystem);
    const weth = asset("WETH").address;
    await (await as(hedger, keeper).hedge()).wait();
    await scenario.setPrice(dep, "WETH", "3600");
    await arbitrageLpPoolTo(lp, "3600"); // LP delta shrinks as the pool follows; margin wiped: a re-hedge is due
    await time.increase(60);
    await scenario.setPrice(dep, "WETH", "4600"); // +28 %: the breaker trips
    await arbitrageLpPoolTo(lp, "4600");
    expect(await oracle.isHealthy(weth)).to.equal(false);
    expect(await hedger.hedgeNeeded()).to.equal(true);
    const before: bigint = await hedger.perpSize();
    const receipt = await (await as(hedger, keeper).hedge()).wait();
    const [h] = eventsOf(hedger, receipt, "Hedge");
    expect(h.args.sizeAfter > before).to.equal(true); // the short shrank
    for (const m of eventsOf(hedger, receipt, "MarginMoved")) expect(m.args.stableAmount).to.be.greaterThan(0n); // none returned
  });

  it("refuses to grow the short while the breaker is tripped", async () => {
    const { dep, hedger, keeper, oracle, asset, lp } = await loadFixture(deployedSystem);
    const weth = asset("WETH").address;
    await (await as(hedger, keeper).hedge()).wait();
    await scenario.setPrice(dep, "WETH", "2400");
    await arbitrageLpPoolTo(lp, "2400"); // LP delta grows as the pool follows
    await time.increase(60);
    await scenario.setPrice(dep, "WETH", "1500"); // −37 %: the breaker trips
    await arbitrageLpPoolTo(lp, "1500");
    expect(await hedger.outsideBand(await hedger.hedgeRatio())).to.equal(true); // a bigger short is wanted
    expect(await oracle.isHealthy(weth)).to.equal(false);
    expect(await hedger.hedgeNeeded()).to.equal(false);
    await expect(as(hedger, keeper).hedge()).to.be.revertedWithCustomError(hedger, "OracleUnhealthy").withArgs(weth);
  });

  it("bounds its band and margin", async () => {
    const { hedger } = await loadFixture(deployedSystem);
    for (const [band, margin] of [[0, 2000], [5001, 2000], [1000, 1999], [1000, 10_001]]) {
      await expect(hedger.setConfig(band, margin)).to.be.revertedWithCustomError(hedger, "InvalidConfig");
    }
    await expect(hedger.setConfig(500, 2500)).to.emit(hedger, "ConfigSet").withArgs(500, 2500);
  });
});

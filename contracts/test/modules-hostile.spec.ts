import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { deployedSystem, as } from "./fixtures";

/** Edge and hostile inputs of the modules: each test names the guard it drives to its refusing side. */
describe("KeeperGateway: hostile and edge inputs", () => {
  it("refuses unknown actions and actions that are not due; nothing is due while paused", async () => {
    const { gateway, keeper, guardian } = await loadFixture(deployedSystem);
    const enc = (a: number) => ethers.AbiCoder.defaultAbiCoder().encode(["uint8"], [a]);
    const gw = as(gateway, keeper);
    await expect(gw.performUpkeep(enc(0))).to.be.revertedWithCustomError(gateway, "UnknownAction");
    await expect(gw.performUpkeep(enc(7))).to.be.revertedWithCustomError(gateway, "UnknownAction");
    // without a liquidity manager, its re-range and collection are never due
    await expect(gw.performUpkeep(enc(5))).to.be.revertedWithCustomError(gateway, "UpkeepNotNeeded").withArgs(5);
    await expect(gw.performUpkeep(enc(6))).to.be.revertedWithCustomError(gateway, "UpkeepNotNeeded").withArgs(6);
    // Weights were set at deployment: updating them is not due for a day.
    await expect(gw.performUpkeep(enc(1))).to.be.revertedWithCustomError(gateway, "UpkeepNotNeeded").withArgs(1);
    expect(await gateway.isDue(9)).to.equal(false);
    await (await as(gateway, guardian).pause()).wait();
    const [needed, data] = await gateway.checkUpkeep("0x");
    expect([needed, data]).to.deep.equal([false, "0x"]);
    await expect(gw.performUpkeep(enc(2))).to.be.revertedWithCustomError(gateway, "EnforcedPause");
  });
});

describe("Harvester: hostile and edge inputs", () => {
  it("adds a source once and only for a vault asset", async () => {
    const { harvester, asset } = await loadFixture(deployedSystem);
    await expect(harvester.addSource(asset("WETH").yieldSource!)).to.be.revertedWithCustomError(harvester, "SourceAlreadyAdded");
    const stray = await (await ethers.getContractFactory("MockERC20")).deploy("Stray", "STRAY", 18);
    const source = await (await ethers.getContractFactory("MockYieldSource")).deploy(await stray.getAddress(), "s", "s", 100);
    await expect(harvester.addSource(await source.getAddress())).to.be.revertedWithCustomError(harvester, "NotVaultAsset");
  });

  it("refuses unknown sources, zero allocations, harvests of nothing and bad settings", async () => {
    const { harvester, keeper, stranger, asset } = await loadFixture(deployedSystem);
    const h = as(harvester, keeper);
    const src = asset("USDC").yieldSource!;
    await expect(h.allocate(stranger.address, 1n)).to.be.revertedWithCustomError(harvester, "UnknownSource");
    await expect(h.allocate(src, 0n)).to.be.revertedWithCustomError(harvester, "ZeroAmount");
    await expect(h.harvest(stranger.address)).to.be.revertedWithCustomError(harvester, "UnknownSource");
    await expect(harvester.setConfig(5000n, 10n ** 30n)).to.be.revertedWithCustomError(harvester, "InvalidConfig");
    await expect(harvester.setConfig(10_001n, 0n)).to.be.revertedWithCustomError(harvester, "InvalidConfig");
    await expect(as(harvester, stranger).exitSource(src)).to.be.revertedWithCustomError(harvester, "OnlySelf");
  });

  it("says no harvest is needed while it or the vault is paused", async () => {
    const { harvester, vault, guardian, dep } = await loadFixture(deployedSystem);
    await time.increase(30 * 86_400);
    const { scenario } = await import("../src");
    await scenario.accrueYield(dep, "USDC", "5000");
    expect(await harvester.harvestNeeded()).to.equal(true);
    await (await as(vault, guardian).pause()).wait();
    expect(await harvester.harvestNeeded()).to.equal(false);
    await (await vault.unpause()).wait();
    await (await as(harvester, guardian).pause()).wait();
    expect(await harvester.harvestNeeded()).to.equal(false);
  });
});

describe("Hedger: hostile and edge inputs", () => {
  it("refuses settings out of bounds and calls of its self-only exit steps", async () => {
    const { hedger, stranger } = await loadFixture(deployedSystem);
    await expect(hedger.setConfig(0n, 2000n)).to.be.revertedWithCustomError(hedger, "InvalidConfig");
    await expect(hedger.setConfig(1000n, 0n)).to.be.revertedWithCustomError(hedger, "InvalidConfig");
    await expect(hedger.setConfig(1000n, 10_001n)).to.be.revertedWithCustomError(hedger, "InvalidConfig");
    await expect(as(hedger, stranger).exitPerp()).to.be.revertedWithCustomError(hedger, "OnlySelf");
    await expect(as(hedger, stranger).exitLp()).to.be.revertedWithCustomError(hedger, "OnlySelf");
  });

  it("does not re-hedge inside the band, and says nothing is needed while paused", async () => {
    const { hedger, vault, keeper, guardian } = await loadFixture(deployedSystem);
    expect(await hedger.marginRatioBps()).to.equal(ethers.MaxUint256); // no short yet
    expect(await hedger.hedgeNeeded()).to.equal(true);
    await (await as(hedger, keeper).hedge()).wait();
    expect(await hedger.hedgeNeeded()).to.equal(false);
    await expect(as(hedger, keeper).hedge()).to.be.revertedWithCustomError(hedger, "WithinBand");
    await (await as(vault, guardian).pause()).wait();
    expect(await hedger.hedgeNeeded()).to.equal(false);
    await (await vault.unpause()).wait();
    await (await as(hedger, guardian).pause()).wait();
    expect(await hedger.hedgeNeeded()).to.equal(false);
    await expect(as(hedger, keeper).hedge()).to.be.revertedWithCustomError(hedger, "EnforcedPause");
  });
});

describe("OracleHub: hostile and edge inputs", () => {
  it("refuses duplicate, zero and unknown feeds, missing candidates and prices", async () => {
    const { oracle, asset, stranger } = await loadFixture(deployedSystem);
    const weth = asset("WETH");
    await expect(oracle.addFeed(weth.address, weth.feeds[0])).to.be.revertedWithCustomError(oracle, "FeedAlreadyAdded");
    await expect(oracle.addFeed(ethers.ZeroAddress, weth.feeds[0])).to.be.revertedWithCustomError(oracle, "ZeroAddress");
    await expect(oracle.addFeed(weth.address, ethers.ZeroAddress)).to.be.revertedWithCustomError(oracle, "ZeroAddress");
    await expect(oracle.removeFeed(weth.address, stranger.address)).to.be.revertedWithCustomError(oracle, "FeedNotFound");
    await expect(oracle.acceptCandidate(weth.address)).to.be.revertedWithCustomError(oracle, "NoCandidate");
    await expect(oracle.priceOf(stranger.address)).to.be.revertedWithCustomError(oracle, "NoPrice");
    const [safe, reason] = await oracle.inSafeMode(weth.address);
    expect([safe, reason]).to.deep.equal([false, 0n]);
  });

  it("takes at most MAX_FEEDS feeds per asset", async () => {
    const { oracle, asset } = await loadFixture(deployedSystem);
    const weth = asset("WETH").address;
    const F = await ethers.getContractFactory("MockAggregatorV3");
    const max = Number(await oracle.MAX_FEEDS());
    for (let i = (await oracle.feedsOf(weth)).length; i < max; i++) {
      await (await oracle.addFeed(weth, await (await F.deploy(8, "x", 300000000000n)).getAddress())).wait();
    }
    await expect(oracle.addFeed(weth, await (await F.deploy(8, "x", 300000000000n)).getAddress())).to.be.revertedWithCustomError(oracle, "TooManyFeeds");
  });

  it("refuses settings out of bounds", async () => {
    const { oracle } = await loadFixture(deployedSystem);
    const WAD = 10n ** 18n;
    await expect(oracle.setConfig(0n, 3, 200n, 2500n, (94n * WAD) / 100n)).to.be.revertedWithCustomError(oracle, "InvalidConfig");
    await expect(oracle.setConfig(3600n, 0, 200n, 2500n, (94n * WAD) / 100n)).to.be.reverted;
    await expect(oracle.setConfig(3600n, 3, 10_001n, 2500n, (94n * WAD) / 100n)).to.be.revertedWithCustomError(oracle, "InvalidConfig");
    await expect(oracle.setConfig(3600n, 3, 200n, 0n, (94n * WAD) / 100n)).to.be.revertedWithCustomError(oracle, "InvalidConfig");
    await expect(oracle.setConfig(3600n, 3, 200n, 2500n, WAD)).to.be.revertedWithCustomError(oracle, "InvalidConfig");
  });
});

describe("Rebalancer: hostile and edge inputs", () => {
  it("refuses a zero router, non-risk assets for substitutes, fee tiers and lockouts, and unknown fee tiers", async () => {
    const { rebalancer, keeper, asset } = await loadFixture(deployedSystem);
    const usdc = asset("USDC").address;
    const weth = asset("WETH").address;
    await expect(rebalancer.setRouter(ethers.ZeroAddress)).to.be.revertedWithCustomError(rebalancer, "ZeroAddress");
    await expect(rebalancer.setSubstitute(usdc, weth)).to.be.revertedWithCustomError(rebalancer, "NotRiskAsset");
    await expect(rebalancer.setSubstitute(weth, usdc)).to.be.revertedWithCustomError(rebalancer, "NotRiskAsset");
    await expect(rebalancer.setFeeTier(usdc, 3000)).to.be.revertedWithCustomError(rebalancer, "NotRiskAsset");
    await expect(rebalancer.setFeeTier(weth, 100)).to.be.revertedWithCustomError(rebalancer, "InvalidConfig");
    await expect(as(rebalancer, keeper).setPurchaseLockout(usdc, 1n)).to.be.revertedWithCustomError(rebalancer, "NotRiskAsset");
  });

  it("refuses to rebalance while the vault is paused, during the cooldown, above the basefee ceiling, and to update weights before they are due", async () => {
    const { rebalancer, vault, keeper, guardian } = await loadFixture(deployedSystem);
    const r = as(rebalancer, keeper);
    await expect(r.updateWeights()).to.be.revertedWithCustomError(rebalancer, "WeightsNotDue");
    await (await as(vault, guardian).pause()).wait();
    await expect(r.rebalance()).to.be.revertedWithCustomError(rebalancer, "VaultPaused");
    expect((await rebalancer.rebalanceNeeded())[0]).to.equal(false);
    expect(await rebalancer.weightsDue()).to.equal(false);
    await (await vault.unpause()).wait();
    await (await r.rebalance()).wait();
    await expect(r.rebalance()).to.be.revertedWithCustomError(rebalancer, "CooldownActive");
    expect((await rebalancer.rebalanceNeeded())[0]).to.equal(false);
    await time.increase(3601);
    const tc = await rebalancer.tradeConfig();
    await (await rebalancer.setTradeConfig({ ...tc.toObject(), maxBaseFee: 1_000_000_000n })).wait();
    await ethers.provider.send("hardhat_setNextBlockBaseFeePerGas", ["0x" + (2_000_000_000n).toString(16)]);
    await expect(r.rebalance({ maxFeePerGas: 3_000_000_000n })).to.be.revertedWithCustomError(rebalancer, "BaseFeeTooHigh");
  });
});

describe("OracleHub: heartbeats, the time grid, the L2 sequencer and feed removal", () => {
  it("bounds heartbeats and the sample interval, and knows which feeds are an asset's", async () => {
    const { oracle, asset, stranger } = await loadFixture(deployedSystem);
    const usdc = asset("USDC");
    await expect(oracle.setFeedHeartbeat(usdc.address, usdc.feeds[0], 59n)).to.be.revertedWithCustomError(oracle, "InvalidConfig");
    await expect(oracle.setFeedHeartbeat(usdc.address, usdc.feeds[0], 2n * 86_400n + 1n)).to.be.revertedWithCustomError(oracle, "InvalidConfig");
    await expect(oracle.setFeedHeartbeat(usdc.address, stranger.address, 86_400n)).to.be.revertedWithCustomError(oracle, "FeedNotFound");
    await (await oracle.setFeedHeartbeat(usdc.address, usdc.feeds[0], 86_400n)).wait();
    await (await oracle.setFeedHeartbeat(usdc.address, usdc.feeds[0], 0n)).wait();
    await expect(oracle.setSampleInterval(59n)).to.be.revertedWithCustomError(oracle, "InvalidConfig");
    await expect(oracle.setSampleInterval(30n * 86_400n + 1n)).to.be.revertedWithCustomError(oracle, "InvalidConfig");
  });

  it("keeps at least a quorum of feeds", async () => {
    const { oracle, asset } = await loadFixture(deployedSystem);
    const link = asset("LINK");
    await (await oracle.removeFeed(link.address, link.feeds[4])).wait();
    await (await oracle.removeFeed(link.address, link.feeds[3])).wait();
    await expect(oracle.removeFeed(link.address, link.feeds[2])).to.be.revertedWithCustomError(oracle, "QuorumAboveFeedCount");
    expect((await oracle.feedsOf(link.address)).length).to.equal(3);
  });

  it("on an L2, makes every asset unhealthy while the sequencer is down, during its grace period, and when its feed reverts", async () => {
    const { oracle, asset } = await loadFixture(deployedSystem);
    const weth = asset("WETH").address;
    await expect(oracle.setSequencerUptimeFeed(ethers.ZeroAddress, 60n)).to.be.revertedWithCustomError(oracle, "InvalidConfig");
    await expect(oracle.setSequencerUptimeFeed(weth, 10n ** 9n)).to.be.revertedWithCustomError(oracle, "InvalidConfig");
    const F = await ethers.getContractFactory("MockAggregatorV3");
    const now = BigInt(await time.latest());
    const sequencer = await F.deploy(0, "sequencer uptime", 1n); // 1 = down
    await (await oracle.setSequencerUptimeFeed(await sequencer.getAddress(), 3600n)).wait();
    expect(await oracle.isHealthy(weth)).to.equal(false);
    await (await sequencer.setAnswerAt(0n, now)).wait(); // back up just now: still in the grace period
    expect(await oracle.isHealthy(weth)).to.equal(false);
    await (await sequencer.setAnswerAt(0n, now - 7200n)).wait(); // up for two hours
    expect(await oracle.isHealthy(weth)).to.equal(true);
    await (await sequencer.setReverting(true)).wait();
    expect(await oracle.isHealthy(weth)).to.equal(false);
    await (await oracle.setSequencerUptimeFeed(ethers.ZeroAddress, 0n)).wait();
    expect(await oracle.isHealthy(weth)).to.equal(true);
  });
});

describe("Hedger: ratios at the edges", () => {
  async function noLp() {
    const [owner, keeper, guardian] = await ethers.getSigners();
    const { deploySystem } = await import("../src");
    return deploySystem(owner, { keeper: keeper.address, guardian: guardian.address, governance: false, lpAssetAmount: "0", liquidityManager: false });
  }

  it("with neither LP nor short the ratio is 1 and nothing is due", async () => {
    const dep = await loadFixture(noLp);
    const hedger = dep.instances.Hedger;
    expect(await hedger.lpDelta()).to.equal(0n);
    expect(await hedger.hedgeRatio()).to.equal(10n ** 18n);
    expect(await hedger.hedgeNeeded()).to.equal(false);
  });

  it("a short whose equity is gone reports a zero margin ratio and can be liquidated by anyone", async () => {
    const { dep, hedger, perp, keeper, stranger, asset } = await loadFixture(deployedSystem);
    await (await as(hedger, keeper).hedge()).wait();
    const { scenario } = await import("../src");
    let price = 3000;
    for (let i = 0; i < 4; i++) {
      price = Math.round(price * 1.2);
      await scenario.setPrice(dep, "WETH", String(price));
    }
    expect(await hedger.marginRatioBps()).to.equal(0n);
    const weth = asset("WETH").address;
    expect(await perp.isLiquidatable(await hedger.getAddress(), weth)).to.equal(true);
    await expect(as(perp, stranger).liquidate(await hedger.getAddress(), weth)).to.emit(perp, "Liquidated");
    expect(await hedger.perpSize()).to.equal(0n);
    expect(await hedger.marginRatioBps()).to.equal(ethers.MaxUint256);
  });
});

describe("Rebalancer: harvestLoss refusals and oracle health", () => {
  it("refuses an expired deadline, the stablecoin, zero, a bad lockout, an unhealthy price and a trade above the venue's depth", async () => {
    const { dep, rebalancer, router, keeper, asset } = await loadFixture(deployedSystem);
    const r = as(rebalancer, keeper);
    const weth = asset("WETH").address;
    const now = BigInt(await time.latest());
    const lock = now + 31n * 86_400n;
    // 50 minutes ahead, within MAX_DEADLINE_DELAY: the next block's time may run past the last one's when the chain is slow (coverage).
    const deadline = now + 3000n;
    await expect(r.harvestLoss(weth, 1n, 0n, lock, now - 1n)).to.be.revertedWithCustomError(rebalancer, "DeadlineExpired");
    await expect(r.harvestLoss(asset("USDC").address, 1n, 0n, lock, deadline)).to.be.revertedWithCustomError(rebalancer, "NotRiskAsset");
    await expect(r.harvestLoss(weth, 0n, 0n, lock, deadline)).to.be.revertedWithCustomError(rebalancer, "ZeroAmount");
    await expect(r.harvestLoss(weth, 1n, 0n, now, deadline)).to.be.revertedWithCustomError(rebalancer, "InvalidLockout");
    await expect(r.harvestLoss(weth, 1n, 0n, now + 91n * 86_400n, deadline)).to.be.revertedWithCustomError(rebalancer, "InvalidLockout");
    await (await router.setDepthUsd(10n ** 18n * 1000n)).wait(); // a $1,000-deep venue
    await expect(r.harvestLoss(weth, 10n ** 18n, 0n, lock, deadline)).to.be.revertedWithCustomError(rebalancer, "TradeAboveDepth");
    const { scenario } = await import("../src");
    await time.increase(7200);
    await scenario.refreshFeeds(dep);
    await scenario.makeFeedStale(dep, "USDC", 0, 7200);
    await scenario.makeFeedStale(dep, "USDC", 1, 7200);
    await scenario.makeFeedStale(dep, "USDC", 2, 7200);
    await (await dep.instances.OracleHub.updateAll()).wait();
    const later = BigInt(await time.latest());
    await expect(r.harvestLoss(weth, 1n, 0n, later + 86_400n, later + 1800n)).to.be.revertedWithCustomError(rebalancer, "OracleUnhealthy").withArgs(asset("USDC").address);
    expect((await rebalancer.rebalanceNeeded())[0]).to.equal(false);
    expect(await rebalancer.weightsDue()).to.equal(false);
    await expect(r.rebalance()).to.be.revertedWithCustomError(rebalancer, "OracleUnhealthy");
  });

  it("does nothing with an empty vault", async () => {
    const { vault, rebalancer, keeper, tokens, owner } = await loadFixture(deployedSystem);
    for (const a of (await vault.getAssets()) as string[]) {
      const t = Object.values(tokens).find((c) => (c.target as string).toLowerCase() === a.toLowerCase())!;
      const held: bigint = await t.balanceOf(await vault.getAddress());
      if (held > 0n) await (await vault.withdraw(a, held, owner.address)).wait();
    }
    const [needed] = await rebalancer.rebalanceNeeded();
    expect(needed).to.equal(false);
    await expect(as(rebalancer, keeper).rebalance()).to.be.revertedWithCustomError(rebalancer, "DriftBelowThreshold");
  });
});

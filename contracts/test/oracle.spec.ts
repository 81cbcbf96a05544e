import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { deployedSystem, as, WAD } from "./fixtures";
import { scenario } from "../src";

const usd = (v: string) => ethers.parseUnits(v, 18);

describe("OracleHub", () => {
  it("publishes the median of five agreeing feeds, scaled from 8 to 18 decimals", async () => {
    const { dep, oracle, asset } = await loadFixture(deployedSystem);
    const weth = asset("WETH");
    const feeds = weth.feeds.map((f) => new ethers.Contract(f, ["function setAnswer(int256)"], dep.signer));
    const answers = ["3000", "3010", "2995", "3020", "3005"];
    for (let i = 0; i < 5; i++) await (await feeds[i].setAnswer(ethers.parseUnits(answers[i], 8))).wait();
    await expect(oracle.update(weth.address))
      .to.emit(oracle, "PriceUpdated")
      .withArgs(weth.address, usd("3005"), (t: bigint) => t > 0n, 5);
    expect(await oracle.priceOf(weth.address)).to.equal(usd("3005"));
    expect(await oracle.isHealthy(weth.address)).to.equal(true);
  });

  it("ignores one stale feed and keeps the quorum", async () => {
    const { dep, oracle, asset } = await loadFixture(deployedSystem);
    await scenario.makeFeedStale(dep, "WETH", 0, 7200);
    await expect(scenario.setFeedPrice(dep, "WETH", 1, "3030")).to.not.be.reverted;
    await scenario.setPrice(dep, "WETH", "3030");
    expect(await oracle.isHealthy(asset("WETH").address)).to.equal(true);
    expect(await oracle.priceOf(asset("WETH").address)).to.equal(usd("3030"));
  });

  it("enters safe mode on the last good price when too few feeds are fresh, halting rebalancing, and recovers", async () => {
    const { dep, oracle, rebalancer, keeper, asset } = await loadFixture(deployedSystem);
    const weth = asset("WETH").address;
    for (const i of [0, 1, 2]) await scenario.makeFeedStale(dep, "WETH", i, 7200);
    await expect(oracle.update(weth)).to.emit(oracle, "SafeModeEntered").withArgs(weth, 1, usd("3000"));
    expect(await oracle.isHealthy(weth)).to.equal(false);
    expect(await oracle.priceOf(weth)).to.equal(usd("3000"));
    await expect(as(rebalancer, keeper).rebalance())
      .to.be.revertedWithCustomError(rebalancer, "OracleUnhealthy")
      .withArgs(weth);
    // A second update in the same state changes nothing and emits nothing.
    await expect(oracle.update(weth)).to.not.emit(oracle, "SafeModeEntered");
    await time.increase(5);
    await expect(scenario.setPrice(dep, "WETH", "3100"))
      .to.emit(oracle, "SafeModeExited")
      .withArgs(weth, usd("3100"));
    expect(await oracle.isHealthy(weth)).to.equal(true);
  });

  it("drops a manipulated feed and prices from the agreeing ones", async () => {
    const { dep, oracle, asset } = await loadFixture(deployedSystem);
    const weth = asset("WETH");
    await scenario.setFeedPrice(dep, "WETH", 2, "30000"); // 10x outlier
    expect(await oracle.priceOf(weth.address)).to.equal(usd("3000"));
    expect(await oracle.isHealthy(weth.address)).to.equal(true);
    const feeds = weth.feeds.map((f) => new ethers.Contract(f, ["function setAnswer(int256)"], dep.signer));
    for (const i of [0, 1, 3, 4]) await (await feeds[i].setAnswer(ethers.parseUnits("3100", 8))).wait();
    await expect(oracle.update(weth.address))
      .to.emit(oracle, "PriceUpdated")
      .withArgs(weth.address, usd("3100"), (t: bigint) => t > 0n, 4);
  });

  it("loses quorum when the fresh feeds disagree beyond the deviation bound", async () => {
    const { dep, oracle, asset } = await loadFixture(deployedSystem);
    const weth = asset("WETH");
    const feeds = weth.feeds.map((f) => new ethers.Contract(f, ["function setAnswer(int256)"], dep.signer));
    const answers = ["3000", "3000", "3300", "3600", "3900"];
    for (let i = 0; i < 5; i++) await (await feeds[i].setAnswer(ethers.parseUnits(answers[i], 8))).wait();
    await expect(oracle.update(weth.address)).to.emit(oracle, "SafeModeEntered").withArgs(weth.address, 2, usd("3000"));
    expect(await oracle.priceOf(weth.address)).to.equal(usd("3000"));
  });

  it("trips the circuit breaker on a jump and accepts it only when management confirms", async () => {
    const { dep, oracle, stranger, asset } = await loadFixture(deployedSystem);
    const weth = asset("WETH").address;
    await expect(scenario.setPrice(dep, "WETH", "4500"))
      .to.emit(oracle, "CircuitBreakerTripped")
      .withArgs(weth, usd("3000"), usd("4500"), 5000n)
      .and.to.emit(oracle, "SafeModeEntered")
      .withArgs(weth, 3, usd("3000"));
    expect(await oracle.priceOf(weth)).to.equal(usd("3000"));
    await expect(as(oracle, stranger).acceptCandidate(weth)).to.be.revertedWithCustomError(oracle, "NotManagement");
    await expect(oracle.acceptCandidate(weth)).to.emit(oracle, "SafeModeExited").withArgs(weth, usd("4500"));
    expect(await oracle.priceOf(weth)).to.equal(usd("4500"));
  });

  it("leaves the breaker by itself when the price comes back within bounds", async () => {
    const { dep, oracle, asset } = await loadFixture(deployedSystem);
    const weth = asset("WETH").address;
    await scenario.setPrice(dep, "WETH", "4500");
    await time.increase(5);
    await expect(scenario.setPrice(dep, "WETH", "3100")).to.emit(oracle, "SafeModeExited").withArgs(weth, usd("3100"));
  });

  it("estimates σ as the EWMA of squared daily returns, normalised by the time between samples", async () => {
    const { dep, oracle, asset } = await loadFixture(deployedSystem);
    const weth = asset("WETH").address;
    const lambda = 940000000000000000n;
    const day = 86400n;
    const prices = ["3000", "3060", "2998.8", "3058.776", "3000"];
    let variance = 0n;
    let samples = 0n;
    for (let i = 1; i < prices.length; i++) {
      const [p0, t0] = await oracle.lastSample(weth);
      await time.increase(86400);
      const receipt = await scenario.setPrice(dep, "WETH", prices[i]);
      const t1 = BigInt((await receipt.getBlock()).timestamp);
      const p1 = usd(prices[i]);
      expect(p0).to.equal(usd(prices[i - 1]));
      const diff = p1 > p0 ? p1 - p0 : p0 - p1;
      const r = (diff * WAD) / p0;
      const r2 = (((r * r) / WAD) * day) / (t1 - t0);
      variance = samples === 0n ? r2 : (variance * lambda) / WAD + (r2 * (WAD - lambda)) / WAD;
      samples++;
    }
    const [sigma, n] = await oracle.volatilityOf(weth);
    expect(n).to.equal(samples);
    const expected = sqrt(variance * WAD);
    expect(sigma).to.equal(expected);
    // ≈ 2 % a day
    expect(Number(sigma) / 1e18).to.be.closeTo(0.02, 0.001);
  });

  it("rejects bad feed management with named errors", async () => {
    const { oracle, stranger, asset } = await loadFixture(deployedSystem);
    const weth = asset("WETH");
    await expect(oracle.addFeed(weth.address, weth.feeds[0]))
      .to.be.revertedWithCustomError(oracle, "FeedAlreadyAdded")
      .withArgs(weth.address, weth.feeds[0]);
    await expect(as(oracle, stranger).addFeed(weth.address, stranger.address))
      .to.be.revertedWithCustomError(oracle, "NotManagement")
      .withArgs(stranger.address);
    await expect(oracle.removeFeed(weth.address, stranger.address)).to.be.revertedWithCustomError(oracle, "FeedNotFound");
    await expect(oracle.removeFeed(weth.address, weth.feeds[4])).to.emit(oracle, "FeedRemoved").withArgs(weth.address, weth.feeds[4]);
    await expect(oracle.priceOf(stranger.address)).to.be.revertedWithCustomError(oracle, "NoPrice");
  });
});

function sqrt(x: bigint): bigint {
  if (x < 2n) return x;
  let y = x;
  let z = (x + 1n) / 2n;
  while (z < y) {
    y = z;
    z = (x / z + z) / 2n;
  }
  return y;
}

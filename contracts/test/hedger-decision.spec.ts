import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, takeSnapshot, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { deployedSystem, as, WAD } from "./fixtures";
import { eventsOf } from "./events";
import { scenario } from "../src";

const SKIP = 0n;
const SHRINK = 1n;
const HEDGE = 2n;
const BAND_BPS = 200n; // ±2 %: a 6.7 % price move takes the hedge ratio out of it without straining the margin

type Sys = Awaited<ReturnType<typeof deployedSystem>>;

/** The rule's figures recomputed from the contracts' raw state (Hedger NatSpec), bigint, same rounding. */
async function expectedFigures(s: Sys) {
  const weth = s.asset("WETH");
  const unit = 10n ** BigInt(weth.decimals);
  const price: bigint = await s.oracle.priceOf(weth.address);
  let [sigma]: [bigint] = await s.oracle.volatilityOf(weth.address);
  if (sigma > WAD) sigma = WAD;
  const rate: bigint = await s.perp.fundingRate(weth.address);
  const tau: bigint = await s.oracle.sampleInterval();
  const [horizon, k]: [bigint, bigint] = await s.hedger.costConfig();
  const [dLp]: [bigint] = await s.lp.amounts();
  const [before]: [bigint] = await s.perp.positionOf(await s.hedger.getAddress(), weth.address);
  const abs = (x: bigint) => (x < 0n ? -x : x);
  const ratio = before === 0n ? 100n * WAD : (dLp * WAD) / abs(before);
  const band = (WAD * BAND_BPS) / 10_000n;
  const edge = ratio > WAD + band ? -((dLp * WAD + WAD + band - 1n) / (WAD + band)) : ratio + band < WAD ? -((dLp * WAD) / (WAD - band)) : before;
  const atStake = dLp > abs(before) ? dLp : abs(before);
  const variance = (((sigma * sigma) / WAD) * horizon) / tau;
  const weigh = (size: bigint) => {
    const delta = size - before;
    const funding = ((abs(delta) * price) / unit) * (abs(rate) * horizon) / WAD;
    const cost = delta > 0n === rate > 0n ? funding : -funding;
    const e0 = abs(dLp + before);
    const e1 = abs(dLp + size);
    const saved = e1 >= e0 ? 0n : ((((((e0 - e1) * (e0 + e1)) / atStake) * price) / unit) * k / WAD) * variance / WAD / 2n;
    return { cost, saved };
  };
  const full = weigh(-dLp);
  const atEdge = weigh(edge);
  return { before, target: -dLp, edge, price, sigma, rate, variance, full, atEdge };
}

async function expectDecisionFigures(s: Sys, receipt: any, want: Awaited<ReturnType<typeof expectedFigures>>, action: bigint, sizeAfter: bigint) {
  const [d] = eventsOf(s.hedger, receipt, "HedgeDecision");
  expect(d.args.asset).to.equal(s.asset("WETH").address);
  expect(d.args.action).to.equal(action);
  expect(d.args.sizeBefore).to.equal(want.before);
  expect(d.args.sizeAfter).to.equal(sizeAfter);
  expect(d.args.targetSize).to.equal(want.target);
  expect(d.args.edgeSize).to.equal(want.edge);
  expect(d.args.priceUsd).to.equal(want.price);
  expect(d.args.sigma).to.equal(want.sigma);
  expect(d.args.fundingRate).to.equal(want.rate);
  expect(d.args.fundingCostUsd).to.equal(want.full.cost);
  expect(d.args.lossSavedUsd).to.equal(want.full.saved);
  expect(d.args.edgeFundingCostUsd).to.equal(want.atEdge.cost);
  expect(d.args.edgeLossSavedUsd).to.equal(want.atEdge.saved);
  return d;
}

/**
 * Hedged at $3000 with a ±2 % band; WETH then swings ±7–8 % a round for four oracle rounds (σ from the hub's
 * EWMA), ending with its pool at $3200 and the oracle at $3150: the perp's mark above its index makes longs pay
 * shorts (the premium clamped to +10 bps a day), so reducing the over-large short gives up funding it receives.
 */
async function overHedgedWhileShortsReceive() {
  const s = await deployedSystem();
  const { dep, hedger, keeper } = s;
  await (await hedger.setConfig(BAND_BPS, 2000n)).wait();
  const first = await (await as(hedger, keeper).hedge()).wait();
  const interval = Number(await s.oracle.sampleInterval());
  for (const p of ["3240", "2980", "3220", "3200"]) {
    await scenario.increaseTime(dep, interval);
    await scenario.moveMarket(dep, { WETH: p });
  }
  await scenario.increaseTime(dep, 3700); // the funding interval and the perp's TWAP window pass
  await scenario.refreshFeeds(dep);
  await scenario.setPrice(dep, "WETH", "3150");
  await scenario.fundPerp(dep, "WETH");
  return { ...s, first };
}

describe("Hedger: the hedge's cost against the risk it removes", () => {
  it("hedges to the full target when funding costs nothing, with the figures of the rule", async () => {
    const s = await loadFixture(deployedSystem);
    await (await s.hedger.setConfig(BAND_BPS, 2000n)).wait();
    const want = await expectedFigures(s);
    expect(want.rate).to.equal(0n); // a fresh market's rate
    expect(await s.hedger.hedgeNeeded()).to.equal(true);
    const receipt = await (await as(s.hedger, s.keeper).hedge()).wait();
    await expectDecisionFigures(s, receipt, want, HEDGE, want.target);
    const [h] = eventsOf(s.hedger, receipt, "Hedge");
    const [d] = eventsOf(s.hedger, receipt, "HedgeDecision");
    expect(d.index).to.equal(h.index + 1); // the decision follows the Hedge it made
    expect(await s.hedger.perpSize()).to.equal(want.target);
  });

  it("skips, shrinks to the band's edge or hedges as the risk aversion crosses the two break-evens", async () => {
    const s = await loadFixture(overHedgedWhileShortsReceive);
    const weth = s.asset("WETH");
    const rate: bigint = await s.perp.fundingRate(weth.address);
    expect(rate).to.equal(10n ** 15n / 86_400n); // +10 bps a day: longs pay shorts
    const [sigma] = await s.oracle.volatilityOf(weth.address);
    expect(sigma > 0n).to.equal(true, "σ from the oracle's EWMA");
    expect(await s.hedger.outsideBand(await s.hedger.hedgeRatio())).to.equal(true);
    expect(await s.hedger.marginOutOfRange()).to.equal(false);
    // break-evens of k (WAD): the loss saved is linear in k, the funding cost does not depend on it
    const unitK = await (async () => {
      await (await s.hedger.setCostConfig(86_400n, WAD)).wait();
      return expectedFigures(s);
    })();
    expect(unitK.full.cost > 0n && unitK.atEdge.cost > 0n).to.equal(true, "reducing the short forgoes funding");
    const kFull = (unitK.full.cost * WAD) / unitK.full.saved;
    const kEdge = (unitK.atEdge.cost * WAD) / unitK.atEdge.saved;
    expect(kEdge < kFull).to.equal(true, "the first units of a re-hedge save more than the last");
    expect(kEdge > 2n * (await s.hedger.MIN_RISK_AVERSION()) && kFull * 2n < (await s.hedger.MAX_RISK_AVERSION())).to.equal(true, `k ${kEdge} … ${kFull}`);

    const cases: [string, bigint, bigint][] = [
      ["skip", kEdge / 2n, SKIP],
      ["shrink", (kEdge + kFull) / 2n, SHRINK],
      ["hedge", kFull * 2n, HEDGE],
    ];
    for (const [name, k, action] of cases) {
      const snap = await takeSnapshot();
      await (await s.hedger.setCostConfig(86_400n, k)).wait();
      const want = await expectedFigures(s);
      const perpBefore = await s.perp.positionOf(await s.hedger.getAddress(), weth.address);
      expect(await s.hedger.hedgeNeeded()).to.equal(action !== SKIP, name);
      const receipt = await (await as(s.hedger, s.keeper).hedge()).wait();
      const sizeAfter = action === SKIP ? want.before : action === SHRINK ? want.edge : want.target;
      await expectDecisionFigures(s, receipt, want, action, sizeAfter);
      expect(await s.hedger.perpSize()).to.equal(sizeAfter, name);
      if (action === SKIP) {
        expect(eventsOf(s.hedger, receipt, "Hedge")).to.have.length(0);
        expect(eventsOf(s.hedger, receipt, "MarginMoved")).to.have.length(0);
        const perpAfter = await s.perp.positionOf(await s.hedger.getAddress(), weth.address);
        expect(perpAfter.slice(0, 3)).to.deep.equal(perpBefore.slice(0, 3)); // size, entry, margin untouched
        expect(receipt!.logs.filter((l: { address: string }) => l.address === weth.address)).to.have.length(0);
      } else {
        expect(await s.hedger.outsideBand(await s.hedger.hedgeRatio())).to.equal(false, `${name} ends inside the band`);
        const [h] = eventsOf(s.hedger, receipt, "Hedge");
        expect(h.args.sizeAfter).to.equal(sizeAfter);
      }
      await snap.restore();
    }
  });

  it("records a skip at most once an hour, so a keeper cannot flood the log", async () => {
    const s = await loadFixture(overHedgedWhileShortsReceive);
    await (await s.hedger.setCostConfig(86_400n, await s.hedger.MIN_RISK_AVERSION())).wait();
    const first = await (await as(s.hedger, s.keeper).hedge()).wait();
    expect(eventsOf(s.hedger, first, "HedgeDecision")[0].args.action).to.equal(SKIP);
    const at = BigInt((await ethers.provider.getBlock(first!.blockNumber))!.timestamp);
    await expect(as(s.hedger, s.keeper).hedge()).to.be.revertedWithCustomError(s.hedger, "SkipTooSoon").withArgs(at + 3600n);
    await time.increase(3600);
    await scenario.refreshFeeds(s.dep);
    const again = await (await as(s.hedger, s.keeper).hedge()).wait();
    expect(eventsOf(s.hedger, again, "HedgeDecision")[0].args.action).to.equal(SKIP);
    expect((await s.hedger.costConfig())[2]).to.equal(BigInt((await ethers.provider.getBlock(again!.blockNumber))!.timestamp));
  });

  it("lets only management set the horizon and risk aversion, within bounds, and only keepers hedge", async () => {
    const { hedger, keeper, stranger } = await loadFixture(deployedSystem);
    const [h0, k0] = await hedger.costConfig();
    expect([h0, k0]).to.deep.equal([await hedger.DEFAULT_HORIZON(), await hedger.DEFAULT_RISK_AVERSION()]);
    const [minH, maxH, minK, maxK] = [await hedger.MIN_HORIZON(), await hedger.MAX_HORIZON(), await hedger.MIN_RISK_AVERSION(), await hedger.MAX_RISK_AVERSION()];
    for (const [h, k] of [[minH - 1n, minK], [maxH + 1n, minK], [minH, minK - 1n], [minH, maxK + 1n], [0n, 0n]]) {
      await expect(hedger.setCostConfig(h, k), `h ${h}, k ${k}`).to.be.revertedWithCustomError(hedger, "InvalidConfig");
    }
    await expect(hedger.setCostConfig(minH, maxK)).to.emit(hedger, "CostConfigSet").withArgs(minH, maxK);
    await (await hedger.setCostConfig(maxH, minK)).wait();
    expect((await hedger.costConfig()).slice(0, 2)).to.deep.equal([maxH, minK]);
    await expect(as(hedger, stranger).setCostConfig(minH, minK)).to.be.revertedWithCustomError(hedger, "NotManagement");
    await expect(as(hedger, keeper).setCostConfig(minH, minK)).to.be.revertedWithCustomError(hedger, "NotManagement");
    await expect(as(hedger, stranger).hedge()).to.be.revertedWithCustomError(hedger, "NotKeeper");
  });
});

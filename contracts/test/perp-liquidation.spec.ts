import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { systemWithPerpPool, WAD } from "./perp-fixtures";
import { drivePath, pricePath, PATH } from "./perp-path";

describe("Perpetual on a real price path (Uniswap pool pushed by an arbitrageur, feeds on the same path)", () => {
  it("liquidates an unmanaged short and never the hedger's, which re-hedges inside its band", async () => {
    const s = await loadFixture(systemWithPerpPool);
    const path = pricePath(PATH.seed, PATH.days, PATH.start, PATH.driftBps, PATH.sigmaBps);
    const r = await drivePath(s, path);
    // 10 WETH short at 11 % margin: liquidated once 3 300 − 10 (P − 3 000) < 5 % × 10 P, i.e. P > $3 171
    const firstAbove = path.findIndex((p) => Number(p) > 3171.5) + 1;
    expect(r.liquidatedDay).to.equal(firstAbove);
    expect(r.gas.liquidate).to.be.greaterThan(0n);
    expect(r.hedgerLiquidatableDays).to.deep.equal([]);
    expect(r.hedges).to.be.greaterThan(3);
    const h = await s.hedger.getAddress();
    expect(await s.hedger.perpSize()).to.be.lessThan(0n);
    expect(await s.perp.isLiquidatable(h, s.weth.address)).to.equal(false);
    expect(await s.hedger.marginRatioBps()).to.be.greaterThanOrEqual(1000n);
    // The pool lags a rising index by the fee (−30 bp, clamped to −10 bp) and leads a falling one: both signs
    // are sampled, and on this rising path shorts pay on net.
    expect(r.rates.some((x) => x < 0n)).to.equal(true);
    expect(r.rates.some((x) => x > 0n)).to.equal(true);
    expect(r.hedgerFundingPaidUsd).to.be.greaterThan(0n);
    // the path falls for its first three days (the pool sits over the index: longs pay), and the unmanaged
    // short is gone by day 6, so it received funding on net
    expect(r.rates.slice(0, 3).every((x) => x > 0n)).to.equal(true);
    expect(r.unmanagedFundingPaidUsd).to.be.lessThan(0n);
    // at most the cap: 10 bp a day of the short's notional (under $4 100 × 11 WETH)
    expect(r.hedgerFundingPaidUsd).to.be.lessThan((30n * 41n * 11n * WAD) / 10n);
  });

  it("is the same path and the same outcome for the same seed", () => {
    const a = pricePath(PATH.seed, PATH.days, PATH.start, PATH.driftBps, PATH.sigmaBps);
    expect(pricePath(PATH.seed, PATH.days, PATH.start, PATH.driftBps, PATH.sigmaBps)).to.deep.equal(a);
    expect(pricePath(PATH.seed + 1, PATH.days, PATH.start, PATH.driftBps, PATH.sigmaBps)).to.not.deep.equal(a);
  });
});

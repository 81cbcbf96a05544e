import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { deployedSystem, as, WAD } from "./fixtures";
import { eventsOf } from "./events";
import { scenario } from "../src";

/** Deterministic pseudo-random walk (xorshift), so the scenario is reproducible. */
function rng(seed: number) {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

describe("Scenario: a keeper running the portfolio through a volatile fortnight", () => {
  it("rebalances, harvests, hedges and harvests a loss with every invariant holding", async () => {
    const { dep, gateway, rebalancer, harvester, hedger, vault, keeper } = await loadFixture(deployedSystem);
    const rand = rng(20260101);
    const prices: Record<string, number> = { WETH: 3000, WBTC: 60000, LINK: 15, UNI: 8 };
    const performed: number[] = [];
    let lossHarvested = false;
    const lockedSymbol = "UNI";
    const uni = dep.assets.find((a) => a.symbol === lockedSymbol)!.address;

    for (let day = 0; day < 14; day++) {
      await time.increase(86400);
      await scenario.refreshFeeds(dep);
      for (const sym of Object.keys(prices)) {
        prices[sym] = prices[sym] * (1 + (rand() - 0.5) * 0.16); // ±8 % a day
        await scenario.setPrice(dep, sym, prices[sym].toFixed(6));
      }
      await scenario.accrueYield(dep, "USDC", "50");

      // Day 5: UNI is down; sell most of it for a loss and lock repurchase for 31 days.
      if (day === 5 && !lossHarvested) {
        const bal: bigint = await dep.tokens.UNI.balanceOf(await vault.getAddress());
        const until = BigInt(await time.latest()) + 31n * 86400n;
        await (await as(gateway, keeper).harvestLoss(uni, (bal * 8n) / 10n, 1n, until, BigInt(await time.latest()) + 1800n)).wait();
        lossHarvested = true;
      }

      for (let step = 0; step < 5; step++) {
        const [needed, data] = await gateway.checkUpkeep("0x");
        if (!needed) break;
        const receipt = await (await gateway.performUpkeep(data)).wait();
        const [up] = eventsOf(gateway, receipt, "UpkeepPerformed");
        performed.push(Number(up.args.action));
        for (const t of eventsOf(rebalancer, receipt, "Trade")) {
          if (lossHarvested) expect(t.args.tokenOut).to.not.equal(uni, `day ${day}: bought locked ${lockedSymbol}`);
        }
        const [reb] = eventsOf(rebalancer, receipt, "Rebalance");
        if (reb) {
          // NAV never grows in a rebalance and loses less than 1 % of itself to fees and price impact.
          expect(reb.args.navAfterUsd <= reb.args.navBeforeUsd).to.equal(true);
          const lost = BigInt(reb.args.navBeforeUsd) - BigInt(reb.args.navAfterUsd);
          expect(lost * 100n < reb.args.navBeforeUsd).to.equal(true);
        }
        const [w] = eventsOf(rebalancer, receipt, "TargetWeightsUpdated");
        if (w) expect(w.args.weights.reduce((a: bigint, b: bigint) => a + b, 0n)).to.equal(WAD);
      }
      const ratio: bigint = await hedger.hedgeRatio();
      expect(await hedger.outsideBand(ratio)).to.equal(false, `day ${day}: hedge left outside the band`);
    }
    // Every kind of upkeep ran, and harvests were reported.
    for (const a of [1, 2, 3, 4]) expect(performed).to.include(a);
    expect(await harvester.yieldOf(dep.assets[0].yieldSource)).to.be.lessThan(10n ** 6n * 50n);
    expect(await rebalancer.isLocked(uni)).to.equal(true);
    expect(await vault.navUsd()).to.be.greaterThan(ethers.parseUnits("500000", 18));
  });
});

import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import type { Contract } from "ethers";
import { deployedSystem } from "./fixtures";

const WAD = 10n ** 18n;
const DAY = 86_400n;

/**
 * Every bound of every configuration setter, one field at a time: the deployed value with that one field
 * pushed just outside its range is refused with InvalidConfig, and the setting is unchanged.
 */
async function expectEachRefused(c: Contract, setter: string, read: () => Promise<unknown>, current: Record<string, unknown>, bad: [string, unknown][]) {
  const before = JSON.stringify(await read(), (_, v) => (typeof v === "bigint" ? v.toString() : v));
  for (const [field, value] of bad) {
    const next = { ...current, [field]: value };
    await expect((c as any)[setter](next), `${setter} with ${field} = ${value}`).to.be.revertedWithCustomError(c, "InvalidConfig");
  }
  expect(JSON.stringify(await read(), (_, v) => (typeof v === "bigint" ? v.toString() : v))).to.equal(before);
}

describe("Setter bounds: each field of each configuration is checked", () => {
  it("Rebalancer.setTradeConfig", async () => {
    const { rebalancer } = await loadFixture(deployedSystem);
    const tc = (await rebalancer.tradeConfig()).toObject();
    await expectEachRefused(rebalancer, "setTradeConfig", () => rebalancer.tradeConfig(), tc, [
      ["driftThresholdBps", 0n], ["driftThresholdBps", 10_001n], ["maxSlippageBps", 0n],
      ["maxSlippageBps", (await rebalancer.MAX_SLIPPAGE_BPS()) + 1n], ["cooldown", 7n * DAY + 1n], ["maxBaseFee", 0n],
      ["minTradeUsd", (await rebalancer.MAX_MIN_TRADE_USD()) + 1n], ["feeTier", 100], ["maxLockout", 0n], ["maxLockout", 90n * DAY + 1n],
    ]);
  });

  it("Rebalancer.setRiskConfig", async () => {
    const { rebalancer } = await loadFixture(deployedSystem);
    const rc = (await rebalancer.riskConfig()).toObject();
    await expectEachRefused(rebalancer, "setRiskConfig", () => rebalancer.riskConfig(), rc, [
      ["minSamples", 0n], ["minSamples", 1001n], ["minSigma", 0n], ["minSigma", rc.maxSigma + 1n], ["maxSigma", WAD + 1n],
      ["fallbackSigma", rc.minSigma - 1n], ["fallbackSigma", rc.maxSigma + 1n], ["riskOffSigma", 0n], ["riskOffSigma", WAD + 1n],
      ["baseStableShare", WAD + 1n], ["riskOffStableShare", WAD + 1n], ["weightsInterval", 3599n], ["weightsInterval", 30n * DAY + 1n],
    ]);
  });

  it("Rebalancer.setVenueConfig", async () => {
    const { rebalancer } = await loadFixture(deployedSystem);
    const vc = (await rebalancer.venueConfig()).toObject();
    await expectEachRefused(rebalancer, "setVenueConfig", () => rebalancer.venueConfig(), vc, [
      ["maxDeviationBps", 0n], ["maxDeviationBps", 501n], ["twapWindow", 0], ["twapWindow", 86_401], ["maxDepthShareBps", 0n], ["maxDepthShareBps", 10_001n],
    ]);
  });

  it("OracleHub.setConfig", async () => {
    const { oracle } = await loadFixture(deployedSystem);
    const cur = {
      staleness: await oracle.stalenessSeconds(), quorum: await oracle.quorum(), deviation: await oracle.maxDeviationBps(),
      breaker: await oracle.breakerBps(), lambda: await oracle.lambda(),
    };
    const call = (o: typeof cur) => oracle.setConfig(o.staleness, o.quorum, o.deviation, o.breaker, o.lambda);
    const bad: [keyof typeof cur, bigint][] = [
      ["staleness", 0n], ["staleness", 7n * DAY + 1n], ["quorum", 0n], ["quorum", 8n], ["deviation", 0n], ["deviation", cur.breaker],
      ["breaker", 10_001n], ["lambda", WAD / 2n - 1n], ["lambda", WAD],
    ];
    for (const [field, value] of bad) {
      await expect(call({ ...cur, [field]: value }), `setConfig with ${field} = ${value}`).to.be.revertedWithCustomError(oracle, "InvalidConfig");
    }
    // A quorum above an asset's feed count would put that asset in safe mode for good.
    await expect(call({ ...cur, quorum: 6n })).to.be.revertedWithCustomError(oracle, "QuorumAboveFeedCount");
    expect(await oracle.quorum()).to.equal(cur.quorum);
  });

  it("Harvester.setConfig and Hedger.setConfig", async () => {
    const { harvester, hedger } = await loadFixture(deployedSystem);
    await expect(harvester.setConfig(10_001n, 0n)).to.be.revertedWithCustomError(harvester, "InvalidConfig");
    await expect(harvester.setConfig(5000n, (await harvester.MAX_MIN_HARVEST_USD()) + 1n)).to.be.revertedWithCustomError(harvester, "InvalidConfig");
    await (await harvester.setConfig(10_000n, await harvester.MAX_MIN_HARVEST_USD())).wait(); // both bounds inclusive
    for (const [band, margin] of [[9n, 2000n], [5001n, 2000n], [1000n, 1999n], [1000n, 10_001n]]) {
      await expect(hedger.setConfig(band, margin), `band ${band}, margin ${margin}`).to.be.revertedWithCustomError(hedger, "InvalidConfig");
    }
    await (await hedger.setConfig(5000n, 10_000n)).wait();
    expect(await hedger.bandBps()).to.equal(5000n);
  });
});

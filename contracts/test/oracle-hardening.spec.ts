import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { deployedSystem, as, WAD } from "./fixtures";
import { loadArtifact, scenario } from "../src";

const usd = (v: string) => ethers.parseUnits(v, 18);
const DAY = 86400;

async function feedsOf(dep: { signer: unknown; assets: { symbol: string; feeds: string[] }[] }, symbol: string) {
  const a = dep.assets.find((x) => x.symbol === symbol)!;
  return a.feeds.map((f) => new ethers.Contract(f, loadArtifact("MockAggregatorV3").abi, dep.signer as any));
}

describe("OracleHub hardening", () => {
  describe("M4: a reverting, zero, negative or future feed counts as stale", () => {
    it("prices from the four healthy feeds when one of five reverts, in update and updateAll", async () => {
      const { dep, oracle, asset } = await loadFixture(deployedSystem);
      const weth = asset("WETH").address;
      const feeds = await feedsOf(dep, "WETH");
      await (await feeds[0].setReverting(true)).wait();
      for (const f of feeds.slice(1)) await (await f.setAnswer(3030n * 10n ** 8n)).wait();
      await expect(oracle.update(weth)).to.emit(oracle, "PriceUpdated").withArgs(weth, usd("3030"), (t: bigint) => t > 0n, 4);
      await expect(oracle.updateAll()).to.not.be.reverted;
      // An hour later the four other feeds still keep the asset (and every other asset) healthy.
      await time.increase(3600);
      await scenario.refreshFeeds(dep);
      for (const a of dep.assets) expect(await oracle.isHealthy(a.address)).to.equal(true, a.symbol);
    });

    it("enters safe mode (with its event) only when the reverting feeds cost the quorum", async () => {
      const { dep, oracle, asset } = await loadFixture(deployedSystem);
      const weth = asset("WETH").address;
      const feeds = await feedsOf(dep, "WETH");
      await (await feeds[0].setReverting(true)).wait();
      await (await feeds[1].setReverting(true)).wait();
      await expect(oracle.updateAll()).to.not.emit(oracle, "SafeModeEntered");
      await (await feeds[2].setReverting(true)).wait();
      await expect(oracle.updateAll()).to.emit(oracle, "SafeModeEntered").withArgs(weth, 1, usd("3000"));
      expect(await oracle.isHealthy(weth)).to.equal(false);
      expect(await oracle.isHealthy(asset("WBTC").address)).to.equal(true);
    });

    for (const [what, answer, ahead] of [
      ["a zero answer", 0n, 0],
      ["a negative answer", -3000n * 10n ** 8n, 0],
      ["an answer dated in the future", 9000n * 10n ** 8n, 600],
    ] as const) {
      it(`ignores ${what}`, async () => {
        const { dep, oracle, asset } = await loadFixture(deployedSystem);
        const weth = asset("WETH").address;
        const feeds = await feedsOf(dep, "WETH");
        for (const f of feeds.slice(1)) await (await f.setAnswer(3030n * 10n ** 8n)).wait();
        const now = await time.latest();
        await (await feeds[0].setAnswerAt(answer, now + 1 + ahead)).wait();
        await expect(oracle.update(weth)).to.emit(oracle, "PriceUpdated").withArgs(weth, usd("3030"), (t: bigint) => t > 0n, 4);
        // Three such feeds lose the quorum: safe mode, reason 1, on the last good price.
        const t = await time.latest();
        await (await feeds[1].setAnswerAt(answer, t + 1 + ahead)).wait();
        await (await feeds[2].setAnswerAt(answer, t + 2 + ahead)).wait();
        await expect(oracle.update(weth)).to.emit(oracle, "SafeModeEntered").withArgs(weth, 1, usd("3030"));
      });
    }
  });

  describe("M3: σ is sampled on a fixed time grid", () => {
    /** Both assets follow the same relative path, one step a day. */
    async function dailyPath(dep: any, steps: string[][]) {
      for (const [weth, wbtc] of steps) {
        await time.increase(DAY);
        await scenario.setPrice(dep, "WETH", weth);
        await scenario.setPrice(dep, "WBTC", wbtc);
      }
    }
    const path1 = [["3090", "61800"], ["2997.3", "59946"], ["3087.219", "61744.38"], ["2994.60243", "59892.0486"]];

    it("extra heartbeat rounds at an unchanged price do not lower one asset's σ or raise its weight", async () => {
      const { dep, oracle, rebalancer, stranger, asset } = await loadFixture(deployedSystem);
      const weth = asset("WETH").address;
      const wbtc = asset("WBTC").address;
      await dailyPath(dep, path1);
      // Forty heartbeat rounds of WETH at an unchanged price, each taken by a stranger's update().
      const feeds = await feedsOf(dep, "WETH");
      for (let r = 0; r < 40; r++) {
        await time.increase(60);
        for (const f of feeds) await (await f.setAnswer(299460243000n)).wait();
        await (await as(oracle, stranger).update(weth)).wait();
      }
      await dailyPath(dep, [["3084.4405029", "61688.81005"]]);
      const [sWeth, nWeth] = await oracle.volatilityOf(weth);
      const [sWbtc, nWbtc] = await oracle.volatilityOf(wbtc);
      expect(nWeth).to.equal(nWbtc);
      expect(Number(sWeth) / Number(sWbtc)).to.be.closeTo(1, 0.001);
      expect(Number(sWeth) / 1e18).to.be.closeTo(0.03, 0.001); // 3 % a day
      const [targets] = await rebalancer.computeTargets();
      const assets: string[] = await (await ethers.getContractAt("Vault", dep.contracts.Vault.address)).getAssets();
      const w = (a: string) => targets[assets.indexOf(a)] as bigint;
      expect(Number(w(weth)) / Number(w(wbtc))).to.be.closeTo(1, 0.002);
    });

    it("takes at most one sample per interval and normalises the return by the time elapsed", async () => {
      const { dep, oracle, asset } = await loadFixture(deployedSystem);
      const weth = asset("WETH").address;
      expect(await oracle.sampleInterval()).to.equal(BigInt(DAY));
      await time.increase(DAY);
      await scenario.setPrice(dep, "WETH", "3060"); // first return: +2 % over one day
      const sampledAt = BigInt(await time.latest());
      const [s1, n1]: [bigint, bigint] = await oracle.volatilityOf(weth);
      expect(n1).to.equal(1n);
      for (const p of ["3100", "2900", "3300"]) {
        await time.increase(600);
        await scenario.setPrice(dep, "WETH", p);
      }
      const [s2, n2] = await oracle.volatilityOf(weth);
      expect([s2, n2]).to.deep.equal([s1, 1n]); // same interval: no sample, however many rounds
      // Four days later a +4 % return counts as a 2 % return per day (variance normalised by elapsed days).
      await time.increase(4 * DAY);
      await scenario.setPrice(dep, "WETH", "3182.4");
      const [s3, n3] = await oracle.volatilityOf(weth);
      expect(n3).to.equal(2n);
      const elapsed = BigInt(await time.latest()) - sampledAt;
      const r2 = ((usd("3182.4") - usd("3060")) * WAD / usd("3060")) ** 2n / WAD;
      const perDay = (r2 * BigInt(DAY)) / elapsed;
      const lambda = 940000000000000000n;
      const v1 = (s1 * s1) / WAD;
      const variance = (v1 * lambda) / WAD + (perDay * (WAD - lambda)) / WAD;
      expect(Number(s3) / 1e18).to.be.closeTo(Math.sqrt(Number(variance) / 1e18), 1e-6);
    });
  });

  describe("L2: pausing the hub halts it", () => {
    it("refuses updates and reports every asset unhealthy until management unpauses", async () => {
      const { dep, oracle, rebalancer, keeper, guardian, asset } = await loadFixture(deployedSystem);
      const weth = asset("WETH").address;
      await (await as(oracle, guardian).pause()).wait();
      await expect(oracle.update(weth)).to.be.revertedWithCustomError(oracle, "EnforcedPause");
      await expect(oracle.updateAll()).to.be.revertedWithCustomError(oracle, "EnforcedPause");
      expect(await oracle.isHealthy(weth)).to.equal(false);
      expect(await oracle.priceOf(weth)).to.equal(usd("3000")); // NAV still has a price
      await expect(as(rebalancer, keeper).rebalance()).to.be.revertedWithCustomError(rebalancer, "OracleUnhealthy");
      await (await oracle.unpause()).wait();
      expect(await oracle.isHealthy(weth)).to.equal(true);
      void dep;
    });
  });

  describe("L3: acceptCandidate", () => {
    it("refuses a candidate older than the staleness window", async () => {
      const { dep, oracle, asset } = await loadFixture(deployedSystem);
      const weth = asset("WETH").address;
      await scenario.setPrice(dep, "WETH", "4500");
      const tripped = await time.latest();
      await time.increase(2 * 3600);
      await expect(oracle.acceptCandidate(weth))
        .to.be.revertedWithCustomError(oracle, "CandidateStale")
        .withArgs(weth, (t: bigint) => t >= BigInt(tripped - 10));
    });

    it("keeps the asset healthy only as long as the candidate's own feeds are fresh", async () => {
      const { dep, oracle, asset } = await loadFixture(deployedSystem);
      const weth = asset("WETH").address;
      await scenario.setPrice(dep, "WETH", "4500");
      await time.increase(1800);
      await (await oracle.acceptCandidate(weth)).wait();
      expect(await oracle.isHealthy(weth)).to.equal(true);
      await time.increase(1900); // the candidate's rounds are now more than an hour old
      expect(await oracle.isHealthy(weth)).to.equal(false);
    });
  });

  describe("Bounds", () => {
    it("keeps the quorum between 1 and each asset's feed count", async () => {
      const { oracle, asset } = await loadFixture(deployedSystem);
      await expect(oracle.setConfig(3600, 0, 200, 2500, 94n * 10n ** 16n)).to.be.revertedWithCustomError(oracle, "InvalidConfig");
      await expect(oracle.setConfig(3600, 6, 200, 2500, 94n * 10n ** 16n))
        .to.be.revertedWithCustomError(oracle, "QuorumAboveFeedCount");
      await expect(oracle.setConfig(3600, 5, 200, 2500, 94n * 10n ** 16n)).to.emit(oracle, "ConfigSet");
      const weth = asset("WETH");
      await expect(oracle.removeFeed(weth.address, weth.feeds[4]))
        .to.be.revertedWithCustomError(oracle, "QuorumAboveFeedCount")
        .withArgs(weth.address, 4, 5);
    });

    it("bounds staleness, deviation, breaker and λ", async () => {
      const { oracle } = await loadFixture(deployedSystem);
      const lambda = 94n * 10n ** 16n;
      for (const args of [
        [0, 3, 200, 2500, lambda],
        [8 * DAY, 3, 200, 2500, lambda], // staleness above 7 days
        [3600, 3, 0, 2500, lambda], // no deviation allowed
        [3600, 3, 2500, 2500, lambda], // deviation not below the breaker
        [3600, 3, 200, 10_001, lambda],
        [3600, 3, 200, 2500, WAD],
        [3600, 3, 200, 2500, WAD / 4n], // λ below 0.5
      ]) {
        await expect(oracle.setConfig(...args)).to.be.revertedWithCustomError(oracle, "InvalidConfig");
      }
      await expect(oracle.setSampleInterval(59)).to.be.revertedWithCustomError(oracle, "InvalidConfig");
      await expect(oracle.setSampleInterval(31 * DAY)).to.be.revertedWithCustomError(oracle, "InvalidConfig");
      await expect(oracle.setSampleInterval(3600)).to.emit(oracle, "SampleIntervalSet").withArgs(3600);
    });

    it("honours a heartbeat per feed (a stablecoin feed that beats every 24 h stays fresh)", async () => {
      const { dep, oracle, stranger, asset } = await loadFixture(deployedSystem);
      const usdc = asset("USDC");
      await expect(as(oracle, stranger).setFeedHeartbeat(usdc.address, usdc.feeds[0], DAY)).to.be.revertedWithCustomError(
        oracle,
        "NotManagement",
      );
      await expect(oracle.setFeedHeartbeat(usdc.address, asset("WETH").feeds[0], DAY)).to.be.revertedWithCustomError(oracle, "FeedNotFound");
      await expect(oracle.setFeedHeartbeat(usdc.address, usdc.feeds[0], 3 * DAY)).to.be.revertedWithCustomError(oracle, "InvalidConfig");
      for (const f of usdc.feeds) {
        await expect(oracle.setFeedHeartbeat(usdc.address, f, DAY)).to.emit(oracle, "FeedHeartbeatSet").withArgs(usdc.address, f, DAY);
      }
      await time.increase(6 * 3600);
      await (await oracle.updateAll()).wait();
      expect(await oracle.isHealthy(usdc.address)).to.equal(true);
      expect(await oracle.isHealthy(asset("WETH").address)).to.equal(false); // 1 h feeds
      await time.increase(DAY);
      await (await oracle.update(usdc.address)).wait();
      expect(await oracle.isHealthy(usdc.address)).to.equal(false);
      void dep;
    });

    it("optionally checks an L2 sequencer-uptime feed, with a grace period after it comes back", async () => {
      const { dep, oracle, stranger, asset } = await loadFixture(deployedSystem);
      const weth = asset("WETH").address;
      const factory = new ethers.ContractFactory(loadArtifact("MockAggregatorV3").abi, loadArtifact("MockAggregatorV3").bytecode, dep.signer);
      const seq = (await factory.deploy(0, "sequencer uptime", 1)) as any; // 1 = down
      await seq.waitForDeployment();
      await expect(as(oracle, stranger).setSequencerUptimeFeed(await seq.getAddress(), 3600)).to.be.revertedWithCustomError(
        oracle,
        "NotManagement",
      );
      await expect(oracle.setSequencerUptimeFeed(await seq.getAddress(), 3 * DAY)).to.be.revertedWithCustomError(oracle, "InvalidConfig");
      await expect(oracle.setSequencerUptimeFeed(await seq.getAddress(), 1800))
        .to.emit(oracle, "SequencerUptimeFeedSet")
        .withArgs(await seq.getAddress(), 1800);
      expect(await oracle.isHealthy(weth)).to.equal(false); // down
      await (await seq.setAnswer(0)).wait(); // back up, grace period running
      await scenario.refreshFeeds(dep);
      expect(await oracle.isHealthy(weth)).to.equal(false);
      await time.increase(1801);
      await scenario.refreshFeeds(dep);
      expect(await oracle.isHealthy(weth)).to.equal(true);
      await (await seq.setReverting(true)).wait();
      expect(await oracle.isHealthy(weth)).to.equal(false);
      await (await oracle.setSequencerUptimeFeed(ethers.ZeroAddress, 0)).wait();
      expect(await oracle.isHealthy(weth)).to.equal(true);
    });
  });
});

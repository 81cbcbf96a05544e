import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { deployedSystem, as, WAD } from "./fixtures";
import { TRADE_CONFIG, RISK_CONFIG } from "../src";

const DAY = 86400n;

describe("Rebalancer hardening", () => {
  describe("M1: harvestLoss enforces the oracle floor and a deadline", () => {
    it("refuses to sell 40 WETH into a pool paying 50 % under the oracle, whatever minOut the keeper asks", async () => {
      const { dep, rebalancer, router, keeper, asset } = await loadFixture(deployedSystem);
      await (await router.setExtraSlippageBps(5000)).wait();
      const weth = asset("WETH").address;
      const now = BigInt(await time.latest());
      const before: bigint = await dep.tokens.WETH.balanceOf(dep.contracts.Vault.address);
      await expect(as(rebalancer, keeper).harvestLoss(weth, 40n * WAD, 1n, now + 31n * DAY, now + 1800n)).to.be.revertedWithCustomError(
        router,
        "TooLittleReceived",
      );
      expect(await dep.tokens.WETH.balanceOf(dep.contracts.Vault.address)).to.equal(before);
    });

    it("sells at the oracle floor when the keeper's minOut is looser, and honours a tighter one", async () => {
      const { rebalancer, keeper, asset } = await loadFixture(deployedSystem);
      const link = asset("LINK").address;
      const now = BigInt(await time.latest());
      const amount = ethers.parseEther("1000"); // $15,000 at the oracle
      const floor = (15_000n * 10n ** 6n * (10_000n - TRADE_CONFIG.maxSlippageBps)) / 10_000n;
      const receipt = await (await as(rebalancer, keeper).harvestLoss(link, amount, 0n, now + 31n * DAY, now + 1800n)).wait();
      const [lh] = receipt.logs.map((l: any) => rebalancer.interface.parseLog(l)).filter((e: any) => e?.name === "LossHarvested");
      expect(lh!.args.amountOut).to.be.greaterThanOrEqual(floor);
      const tighter = 15_000n * 10n ** 6n; // more than the pool pays after its fee
      await expect(as(rebalancer, keeper).harvestLoss(link, amount, tighter, now + 31n * DAY, now + 1800n)).to.be.reverted;
    });

    it("refuses a sale past its deadline", async () => {
      const { rebalancer, keeper, asset } = await loadFixture(deployedSystem);
      const now = BigInt(await time.latest());
      await expect(as(rebalancer, keeper).harvestLoss(asset("LINK").address, WAD, 1n, now + 31n * DAY, now))
        .to.be.revertedWithCustomError(rebalancer, "DeadlineExpired")
        .withArgs(now);
    });
  });

  describe("L1: purchase lockouts are bounded and management can clear them", () => {
    it("refuses a keeper's lockout beyond maxLockout and lets management clear one", async () => {
      const { dep, rebalancer, keeper, stranger, asset } = await loadFixture(deployedSystem);
      const weth = asset("WETH").address;
      const now = BigInt(await time.latest());
      await expect(as(rebalancer, keeper).setPurchaseLockout(weth, ethers.MaxUint256)).to.be.revertedWithCustomError(
        rebalancer,
        "InvalidLockout",
      );
      await expect(as(rebalancer, keeper).setPurchaseLockout(weth, now)).to.be.revertedWithCustomError(rebalancer, "InvalidLockout");
      const until = now + 31n * DAY;
      await (await as(rebalancer, keeper).setPurchaseLockout(weth, until)).wait();
      expect(await rebalancer.isLocked(weth)).to.equal(true);
      await expect(as(rebalancer, keeper).clearPurchaseLockout(weth)).to.be.revertedWithCustomError(rebalancer, "NotManagement");
      await expect(as(rebalancer, stranger).setPurchaseLockout(weth, until)).to.be.revertedWithCustomError(rebalancer, "NotKeeper");
      await expect(rebalancer.clearPurchaseLockout(weth))
        .to.emit(rebalancer, "PurchaseLockoutSet")
        .withArgs(weth, 0n, asset("USDC").address);
      expect(await rebalancer.isLocked(weth)).to.equal(false);
      void dep;
    });
  });

  describe("Bounds", () => {
    const trade = (over: Partial<typeof TRADE_CONFIG>) => Object.values({ ...TRADE_CONFIG, ...over });
    const risk = (over: Partial<typeof RISK_CONFIG>) => Object.values({ ...RISK_CONFIG, ...over });

    it("checks TradeConfig's fee tier like setFeeTier, and bounds slippage, cooldown, base fee and lockout", async () => {
      const { rebalancer } = await loadFixture(deployedSystem);
      for (const bad of [
        { feeTier: 0 },
        { feeTier: 2500 },
        { maxSlippageBps: 0n },
        { maxSlippageBps: 1001n },
        { driftThresholdBps: 0n },
        { driftThresholdBps: 10_001n },
        { cooldown: 8n * DAY },
        { maxBaseFee: 0n },
        { maxLockout: 0n },
        { maxLockout: 91n * DAY },
        { minTradeUsd: 1_000_001n * WAD },
      ]) {
        await expect(rebalancer.setTradeConfig(trade(bad)), JSON.stringify(bad, (_, v) => (typeof v === "bigint" ? String(v) : v)))
          .to.be.revertedWithCustomError(rebalancer, "InvalidConfig");
      }
      await expect(rebalancer.setTradeConfig(trade({ feeTier: 500 }))).to.emit(rebalancer, "TradeConfigSet");
    });

    it("bounds the risk configuration", async () => {
      const { rebalancer } = await loadFixture(deployedSystem);
      for (const bad of [
        { minSamples: 0n },
        { fallbackSigma: WAD / 10_000n }, // below minSigma
        { maxSigma: WAD + 1n },
        { riskOffSigma: 0n },
        { baseStableShare: WAD + 1n },
        { weightsInterval: 60n },
        { weightsInterval: 31n * DAY },
      ]) {
        await expect(rebalancer.setRiskConfig(risk(bad))).to.be.revertedWithCustomError(rebalancer, "InvalidConfig");
      }
      await expect(rebalancer.setRiskConfig(risk({}))).to.emit(rebalancer, "RiskConfigSet");
    });
  });
});

import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import type { Contract, TransactionReceipt } from "ethers";
import { deployedSystem, as, WAD } from "./fixtures";
import { scenario } from "../src";

function events(c: Contract, receipt: TransactionReceipt | null, name: string) {
  return receipt!.logs
    .filter((l) => l.address.toLowerCase() === (c.target as string).toLowerCase())
    .map((l) => ({ ev: c.interface.parseLog(l), index: l.index }))
    .filter((e) => e.ev?.name === name)
    .map((e) => ({ name, args: e.ev!.args as any, index: e.index }));
}

const valueUsd = (amount: bigint, decimals: bigint, price: bigint) => (amount * price) / 10n ** decimals;

describe("Rebalancer", () => {
  it("sets inverse-volatility targets summing to 1e18 with the stablecoin share", async () => {
    const { vault, rebalancer } = await loadFixture(deployedSystem);
    const assets: string[] = await vault.getAssets();
    const w = await Promise.all(assets.map((a) => rebalancer.targetWeight(a)));
    expect(w.reduce((a: bigint, b: bigint) => a + b, 0n)).to.equal(WAD);
    expect(w[0]).to.equal(WAD / 10n); // base stable share, no estimate yet → equal fallback σ
    for (let i = 2; i < w.length; i++) expect(w[i]).to.be.closeTo(w[1], 4n);
  });

  it("rebalances with one Trade per swap then Rebalance, conserving NAV up to fees and price impact", async () => {
    const { dep, vault, rebalancer, keeper } = await loadFixture(deployedSystem);
    const [needed, drift] = await rebalancer.rebalanceNeeded();
    expect(needed).to.equal(true);
    expect(drift).to.be.greaterThan(500n);
    const navBefore: bigint = await vault.navUsd();
    const receipt = await (await as(rebalancer, keeper).rebalance()).wait();
    const trades = events(rebalancer, receipt, "Trade");
    const [reb] = events(rebalancer, receipt, "Rebalance");
    expect(trades.length).to.equal(Number(reb.args.trades));
    expect(trades.length).to.be.greaterThan(0);
    // Yield sources accrue every second, so NAV one block later is a little higher, never lower.
    expect(reb.args.navBeforeUsd >= navBefore && reb.args.navBeforeUsd - navBefore < WAD).to.equal(true);
    const navAfter: bigint = reb.args.navAfterUsd;
    expect(await vault.navUsd({ blockTag: receipt!.blockNumber })).to.equal(navAfter);
    // Every Trade precedes its Rebalance and carries its id.
    const rebIndex = reb.index;
    for (const t of trades) {
      expect(t.args.rebalanceId).to.equal(reb.args.rebalanceId);
      expect(t.index).to.be.lessThan(rebIndex);
    }
    // NAV lost = value given up in the swaps, which is at most fee + price impact (+ rounding).
    const dec = Object.fromEntries(dep.assets.map((a) => [a.address, BigInt(a.decimals)]));
    let cost = 0n;
    let bound = 0n;
    for (const t of trades) {
      const inUsd = valueUsd(t.args.amountIn, dec[t.args.tokenIn], t.args.priceInUsd);
      const outUsd = valueUsd(t.args.amountOut, dec[t.args.tokenOut], t.args.priceOutUsd);
      cost += inUsd - outUsd;
      const feeUsd = valueUsd(t.args.feeAmountIn, dec[t.args.tokenIn], t.args.priceInUsd);
      const impactUsd = (inUsd * inUsd) / (50_000_000n * WAD) + 1n;
      bound += feeUsd + impactUsd;
      expect(t.args.feeTier).to.equal(3000n);
      expect(t.args.feeAmountIn).to.equal((t.args.amountIn * 3000n + 999_999n) / 1_000_000n);
    }
    expect(navAfter <= reb.args.navBeforeUsd).to.equal(true);
    const lost = reb.args.navBeforeUsd - navAfter;
    const tolerance = 10n ** 13n; // rounding of per-asset values, far below a cent
    expect(lost <= bound + tolerance).to.equal(true, `lost ${lost} > bound ${bound}`);
    expect(lost + tolerance >= cost && lost <= cost + tolerance).to.equal(true, `lost ${lost} vs swap cost ${cost}`);
    // Now on target: within the threshold.
    const p = await rebalancer.plan();
    expect(p.maxDriftBps).to.be.lessThan(500n);
  });

  it("swaps each asset in its configured fee tier (0.05 / 0.3 / 1 %)", async () => {
    const { rebalancer, keeper, asset } = await loadFixture(deployedSystem);
    const tiers: Record<string, bigint> = { WETH: 500n, WBTC: 3000n, LINK: 10000n };
    for (const [sym, tier] of Object.entries(tiers)) await (await rebalancer.setFeeTier(asset(sym).address, tier)).wait();
    await expect(rebalancer.setFeeTier(asset("UNI").address, 2500)).to.be.revertedWithCustomError(rebalancer, "InvalidConfig");
    const receipt = await (await as(rebalancer, keeper).rebalance()).wait();
    const trades = events(rebalancer, receipt, "Trade");
    for (const [sym, tier] of Object.entries(tiers)) {
      const t = trades.find((x) => x.args.tokenOut === asset(sym).address)!;
      expect(t.args.feeTier).to.equal(tier);
      expect(t.args.feeAmountIn).to.equal((t.args.amountIn * tier + 999_999n) / 1_000_000n);
    }
    // UNI keeps the default tier.
    expect(trades.find((x) => x.args.tokenOut === asset("UNI").address)!.args.feeTier).to.equal(3000n);
  });

  it("reverts a swap whose output is below the minimum (slippage)", async () => {
    const { router, rebalancer, keeper } = await loadFixture(deployedSystem);
    await (await router.setExtraSlippageBps(300n)).wait();
    await expect(as(rebalancer, keeper).rebalance()).to.be.revertedWithCustomError(router, "TooLittleReceived");
  });

  it("enforces the cooldown, the basefee ceiling and the drift threshold", async () => {
    const { dep, rebalancer, keeper } = await loadFixture(deployedSystem);
    const r = as(rebalancer, keeper);
    await (await r.rebalance()).wait();
    await expect(r.rebalance()).to.be.revertedWithCustomError(rebalancer, "CooldownActive");
    await time.increase(3601);
    await scenario.refreshFeeds(dep);
    await expect(r.rebalance()).to.be.revertedWithCustomError(rebalancer, "DriftBelowThreshold");
    const tc = await rebalancer.tradeConfig();
    await (await rebalancer.setTradeConfig([tc[0], tc[1], tc[2], 1n, tc[4], tc[5], tc[6]])).wait();
    await expect(r.rebalance()).to.be.revertedWithCustomError(rebalancer, "BaseFeeTooHigh");
    expect((await rebalancer.rebalanceNeeded())[0]).to.equal(false);
  });

  it("honours a purchase lockout across rebalances and buys again once it ends", async () => {
    const { dep, rebalancer, keeper, asset } = await loadFixture(deployedSystem);
    const r = as(rebalancer, keeper);
    await (await r.rebalance()).wait();
    const weth = asset("WETH").address;
    const usdc = asset("USDC").address;
    // Tax-loss sale of most of the WETH after a drop; no buying back for 31 days.
    await time.increase(3601);
    await scenario.refreshFeeds(dep);
    await scenario.setPrice(dep, "WETH", "2700");
    const bal: bigint = await dep.tokens.WETH.balanceOf(dep.contracts.Vault.address);
    const until = BigInt(await time.latest()) + 31n * 86400n;
    await expect(r.harvestLoss(weth, (bal * 9n) / 10n, 1n, until, BigInt(await time.latest()) + 1800n))
      .to.emit(rebalancer, "LossHarvested")
      .and.to.emit(rebalancer, "PurchaseLockoutSet")
      .withArgs(weth, until, usdc);
    const tc = await rebalancer.tradeConfig();
    await (await rebalancer.setTradeConfig([100n, tc[1], tc[2], tc[3], tc[4], tc[5], tc[6]])).wait();
    for (let round = 0; round < 3; round++) {
      await scenario.setPrice(dep, "LINK", round % 2 === 0 ? "18" : "15"); // drift for this round
      const receipt = await (await r.rebalance()).wait();
      const trades = events(rebalancer, receipt, "Trade");
      expect(trades.length).to.be.greaterThan(0);
      expect(trades.some((t) => t.args.tokenOut === weth)).to.equal(false, `round ${round} bought locked WETH`);
      // The locked weight is parked in the stablecoin: WETH's target is capped at what the vault holds.
      const p = await rebalancer.plan();
      expect(p.targets[1]).to.equal(p[3][1]); // [3] = values (a name Result shadows with Array.values)
      await time.increase(3601);
      await scenario.refreshFeeds(dep);
    }
    await time.increase(31 * 86400);
    await scenario.refreshFeeds(dep);
    const receipt = await (await r.rebalance()).wait();
    expect(events(rebalancer, receipt, "Trade").some((t) => t.args.tokenOut === weth)).to.equal(true);
  });

  it("parks a locked asset's weight in its configured substitute", async () => {
    const { dep, rebalancer, keeper, asset } = await loadFixture(deployedSystem);
    const [weth, wbtc] = [asset("WETH").address, asset("WBTC").address];
    await (await rebalancer.setSubstitute(weth, wbtc)).wait();
    const until = BigInt(await time.latest()) + 30n * 86400n;
    await expect(as(rebalancer, keeper).setPurchaseLockout(weth, until))
      .to.emit(rebalancer, "PurchaseLockoutSet")
      .withArgs(weth, until, wbtc);
    const receipt = await (await as(rebalancer, keeper).rebalance()).wait();
    const trades = events(rebalancer, receipt, "Trade");
    expect(trades.some((t) => t.args.tokenOut === weth)).to.equal(false);
    const wbtcBought = trades.find((t) => t.args.tokenOut === wbtc);
    const p = await rebalancer.plan();
    expect(wbtcBought).to.not.equal(undefined);
    // WBTC's target now also holds WETH's unmet weight, so it is above its own share.
    expect(p.targets[2]).to.be.greaterThan(p.targets[3]);
    void dep;
  });

  it("rejects bad harvestLoss calls with named errors", async () => {
    const { rebalancer, keeper, stranger, asset } = await loadFixture(deployedSystem);
    const r = as(rebalancer, keeper);
    const weth = asset("WETH").address;
    // After loadFixture's revert the next block's time follows the wall clock, which may be far past the
    // snapshot's last block on a slow (instrumented) run: mine one so time.latest() is the time the calls see.
    await mine();
    const now = BigInt(await time.latest());
    await expect(r.harvestLoss(asset("USDC").address, 1n, 1n, now + 86400n, now + 1800n)).to.be.revertedWithCustomError(rebalancer, "NotRiskAsset");
    await expect(r.harvestLoss(weth, 0n, 1n, now + 86400n, now + 1800n)).to.be.revertedWithCustomError(rebalancer, "ZeroAmount");
    await expect(r.harvestLoss(weth, 1n, 0n, now + 86400n, now + 1800n)).to.be.revertedWithCustomError(rebalancer, "ZeroMinOut"); // a dust sale has no floor
    await expect(r.harvestLoss(weth, 10n ** 18n, 1n, now, now + 1800n)).to.be.revertedWithCustomError(rebalancer, "InvalidLockout");
    await expect(r.harvestLoss(weth, 10n ** 18n, 1n, now + 365n * 86400n, now + 1800n)).to.be.revertedWithCustomError(rebalancer, "InvalidLockout");
    await expect(as(rebalancer, stranger).harvestLoss(weth, 10n ** 18n, 1n, now + 86400n, now + 1800n))
      .to.be.revertedWithCustomError(rebalancer, "NotKeeper")
      .withArgs(stranger.address);
    await expect(as(rebalancer, stranger).rebalance()).to.be.revertedWithCustomError(rebalancer, "NotKeeper");
    await expect(r.harvestLoss(weth, 10n ** 18n, 10n ** 30n, now + 86400n, now + 1800n)).to.be.reverted; // minOut not met
  });

  it("tilts to the stablecoin when portfolio volatility passes the threshold", async () => {
    const { dep, rebalancer, keeper, vault } = await loadFixture(deployedSystem);
    // Swing every risk asset ±12 % a day for a few days: σ ≈ 0.12 a day > the 5 % risk-off threshold.
    for (let round = 0; round < 4; round++) {
      await time.increase(86400);
      const up = round % 2 === 0;
      await scenario.setPrice(dep, "WETH", up ? "3360" : "3000");
      await scenario.setPrice(dep, "WBTC", up ? "67200" : "60000");
      await scenario.setPrice(dep, "LINK", up ? "16.8" : "15");
      await scenario.setPrice(dep, "UNI", up ? "8.96" : "8");
    }
    await time.increase(86400);
    await scenario.refreshFeeds(dep);
    const receipt = await (await as(rebalancer, keeper).updateWeights()).wait();
    const [ev] = events(rebalancer, receipt, "TargetWeightsUpdated");
    expect(ev.args.riskOff).to.equal(true);
    // 50 % to the stablecoin, which as the largest target also takes the rounding remainder (< n wei).
    expect(ev.args.weights[0] - WAD / 2n).to.be.within(0n, BigInt(ev.args.weights.length));
    expect(ev.args.weights.reduce((a: bigint, b: bigint) => a + b, 0n)).to.equal(WAD);
    expect(ev.args.assets).to.deep.equal(await vault.getAssets());
    await expect(as(rebalancer, keeper).updateWeights()).to.be.revertedWithCustomError(rebalancer, "WeightsNotDue");
  });
});

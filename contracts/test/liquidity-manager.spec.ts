import { expect } from "chai";
import { ethers } from "hardhat";
import type { Contract, Log } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { as, WAD } from "./fixtures";
import { eventsOf } from "./events";
import { movePool, systemWithManager, systemWithWethToken0, systemWithWethToken1, tradeVolume, TWAP_WINDOW, type ManagerSystem } from "./liquidity-fixtures";
import { linkBytecode, loadArtifact, scenario, LIQUIDITY_COST_CONFIG, LIQUIDITY_RANGE_CONFIG } from "../src";
import { amountsForLiquidity, isqrt, sqrtPriceX96AtTick } from "../src/venues";

const LN_TICK_WAD = 99_995_000_333_308n; // ln(1.0001), WAD
const SPACING: Record<number, number> = { 500: 10, 3000: 60, 10000: 200 };
const REASON = { InRange: 0n, OutOfRange: 1n, NearEdge: 2n, TierSwitch: 3n, FeesBelowCost: 4n };
const WETH = (n: bigint) => n * WAD;
const USDC = (n: bigint) => n * 10n ** 6n;

const floorTo = (t: number, s: number) => Math.floor(t / s) * s;
const ceilTo = (t: number, s: number) => Math.ceil(t / s) * s;

/** The range the rule prescribes: ±k·σ·√h / ln(1.0001) ticks around the TWAP tick, outward to the spacing. */
function expectedRange(sigma: bigint, twapTick: number, spacing: number) {
  const { k, horizonRounds } = LIQUIDITY_RANGE_CONFIG;
  let half = ((k * sigma) / WAD) * isqrt(horizonRounds * WAD * WAD) / WAD / LN_TICK_WAD;
  if (half === 0n) half = 1n;
  return { tickLower: floorTo(twapTick - Number(half), spacing), tickUpper: ceilTo(twapTick + Number(half), spacing), half: Number(half) };
}

/** The pool's mean tick over the TWAP window, rounded toward −∞. */
async function twapTick(pool: Contract): Promise<number> {
  const [cum] = await pool.observe([TWAP_WINDOW, 0]);
  const delta = BigInt(cum[1]) - BigInt(cum[0]);
  const w = BigInt(TWAP_WINDOW);
  let t = delta / w;
  if (delta < 0n && delta % w !== 0n) t -= 1n;
  return Number(t);
}

async function openPosition(sys: ManagerSystem, weth = WETH(10n), usdc = USDC(30_000n)) {
  const receipt = await (await as(sys.manager, sys.keeper).open(weth, usdc)).wait();
  const [opened] = eventsOf(sys.manager, receipt, "RangeOpened");
  return { receipt, opened };
}

/** The market moves to `price`: the pool at `fee` is arbitraged there, the oracle follows, the TWAP window passes. */
async function marketMovesTo(sys: ManagerSystem, fee: number, price: string) {
  await movePool(sys, fee, price);
  await scenario.setPrice(sys.dep, "WETH", price);
  await time.increase(TWAP_WINDOW + 60);
  await scenario.refreshFeeds(sys.dep);
  await (await sys.oracle.updateAll()).wait();
}

describe("LiquidityManager: Uniswap v3 ranges from volatility, on Uniswap's own bytecode", () => {
  it("opens a range of ±k·σ·√h around the TWAP, to the tick spacing, with the vault's tokens", async () => {
    const sys = await loadFixture(systemWithManager);
    const { manager, vault, npm, tokens } = sys;
    const [wethBefore, usdcBefore]: bigint[] = [await tokens.WETH.balanceOf(vault.target), await tokens.USDC.balanceOf(vault.target)];
    const sigma: bigint = await manager.sigma();
    const { receipt, opened } = await openPosition(sys);
    // no volume observed yet: every tier expects no fees, and the first listed (0.05 %) is kept
    const fee = Number(opened.args.fee);
    expect(fee).to.equal(500);
    const pool = sys.pools[fee];
    const twap = await twapTick(pool);
    expect(Number(opened.args.twapTick)).to.equal(twap);
    expect(opened.args.sigma).to.equal(sigma);
    const want = expectedRange(sigma, twap, SPACING[fee]);
    expect([Number(opened.args.tickLower), Number(opened.args.tickUpper)]).to.deep.equal([want.tickLower, want.tickUpper]);
    expect(want.half).to.be.greaterThan(100); // a real width: σ ≥ the configured floor
    const id: bigint = await manager.tokenId();
    expect(await npm.ownerOf(id)).to.equal(await manager.getAddress());
    const pos = await npm.positions(id);
    expect(pos.liquidity).to.equal(opened.args.liquidity);
    expect([Number(pos.tickLower), Number(pos.tickUpper), Number(pos.fee)]).to.deep.equal([want.tickLower, want.tickUpper, fee]);
    // the vault paid what the position took plus the ratio swap; what the mint left came back
    const [returned] = eventsOf(manager, receipt, "Returned");
    const [swapped] = eventsOf(manager, receipt, "RatioSwap");
    expect(swapped).to.not.equal(undefined);
    const wethSpent = wethBefore - ((await tokens.WETH.balanceOf(vault.target)) as bigint);
    const usdcSpent = usdcBefore - ((await tokens.USDC.balanceOf(vault.target)) as bigint);
    expect(wethSpent).to.equal(WETH(10n) - (returned?.args.assetAmount ?? 0n));
    expect(usdcSpent).to.equal(USDC(30_000n) - (returned?.args.stableAmount ?? 0n));
    expect(await tokens.WETH.balanceOf(manager.target)).to.equal(0n);
    expect(await tokens.USDC.balanceOf(manager.target)).to.equal(0n);
  });

  it("navUsd includes the position at the pool's price, valued at the oracle", async () => {
    const sys = await loadFixture(systemWithManager);
    const { manager, vault, npm, oracle, harvester, hedger, asset } = sys;
    const navBefore: bigint = await vault.navUsd();
    await openPosition(sys);
    const pos = await npm.positions(await manager.tokenId());
    const pool = sys.pools[Number(await manager.fee())];
    const [sqrtP] = await pool.slot0();
    const { amount0, amount1 } = amountsForLiquidity(pos.liquidity, sqrtP, sqrtPriceX96AtTick(Number(pos.tickLower)), sqrtPriceX96AtTick(Number(pos.tickUpper)));
    const wethIs0 = (await pool.token0()) === asset("WETH").address;
    const [w, u] = wethIs0 ? [amount0 + pos.tokensOwed0, amount1 + pos.tokensOwed1] : [amount1 + pos.tokensOwed1, amount0 + pos.tokensOwed0];
    const [ow, ou]: bigint[] = await manager.positionAmounts();
    expect(ow).to.be.closeTo(w, 2n);
    expect(ou).to.be.closeTo(u, 2n);
    const [pw, pu]: bigint[] = [await oracle.priceOf(asset("WETH").address), await oracle.priceOf(asset("USDC").address)];
    const value = (ow * pw) / WAD + (ou * 10n ** 12n * pu) / WAD;
    expect(await manager.positionValueUsd()).to.be.closeTo(value, 2n);
    let holdings = 0n;
    for (const a of await vault.getAssets()) holdings += await vault.holdingUsd(a);
    const nav: bigint = await vault.navUsd();
    expect(nav).to.equal(holdings + (await harvester.positionValueUsd()) + (await hedger.positionValueUsd()) + (await manager.positionValueUsd()));
    // moving $60k of tokens into a position costs the vault only the ratio swap's fee and rounding
    expect(Number(navBefore - nav) / 1e18).to.be.within(0, 60_000 * 0.001);
  });

  it("re-ranges when the price leaves the range, emitting the decision, its reason and figures", async () => {
    const sys = await loadFixture(systemWithManager);
    const { manager, keeper } = sys;
    // a position small enough that its ratio swap after the move stays within the 1 % slippage bound
    const { opened } = await openPosition(sys, WETH(2n), USDC(6000n));
    const fee = Number(opened.args.fee);
    await marketMovesTo(sys, fee, "3300"); // +10 %: beyond the ±2.6 % range; the move itself pays the pool fees
    const [, tick] = await sys.pools[fee].slot0();
    // out of range on the side the price rose to: above tickUpper when WETH is token0, below tickLower when
    // it is token1 (the order follows the token addresses, so it depends on what was deployed before)
    const [lower, upper] = [Number(opened.args.tickLower), Number(opened.args.tickUpper)];
    expect(Number(tick) < lower || Number(tick) >= upper, `tick ${tick} outside [${lower}, ${upper})`).to.equal(true);
    const evaluation = await manager.evaluate();
    expect(evaluation.rerange).to.equal(true);
    const receipt = await (await as(manager, keeper).rerange()).wait();
    const [d] = eventsOf(manager, receipt, "Decision");
    expect([d.args.rerange, d.args.reason]).to.deep.equal([true, REASON.OutOfRange]);
    expect(d.args.stayFeesUsd).to.equal(0n); // out of range: staying earns nothing
    expect(d.args.newFeesUsd).to.be.greaterThan(d.args.costUsd);
    const [closed] = eventsOf(manager, receipt, "RangeClosed");
    expect(closed.args.positionId).to.equal(opened.args.positionId);
    expect(closed.args.assetAmount).to.equal(0n); // all stablecoin above the range
    const [next] = eventsOf(manager, receipt, "RangeOpened");
    const pool = sys.pools[Number(next.args.fee)];
    const want = expectedRange(await manager.sigma(), await twapTick(pool), SPACING[Number(next.args.fee)]);
    expect([Number(next.args.tickLower), Number(next.args.tickUpper)]).to.deep.equal([want.tickLower, want.tickUpper]);
    expect([Number(d.args.tickLower), Number(d.args.tickUpper), d.args.fee]).to.deep.equal([want.tickLower, want.tickUpper, next.args.fee]);
    const [, now] = await pool.slot0();
    expect(Number(now)).to.be.within(want.tickLower, want.tickUpper - 1);
    expect(await manager.tokenId()).to.equal(next.args.positionId);
  });

  it("skips inside the range (nothing triggers) and when the fees gained would not pay gas and the swap", async () => {
    const sys = await loadFixture(systemWithManager);
    const { manager, keeper } = sys;
    const { opened } = await openPosition(sys);
    const inRange = await (await as(manager, keeper).rerange()).wait();
    const [d1] = eventsOf(manager, inRange, "Decision");
    expect([d1.args.rerange, d1.args.reason]).to.deep.equal([false, REASON.InRange]);
    expect(eventsOf(manager, inRange, "RangeClosed")).to.have.length(0);
    expect(await manager.tokenId()).to.equal(opened.args.positionId);

    await marketMovesTo(sys, Number(opened.args.fee), "3300");
    // gas at 1,000,000 gwei: the re-range's gas alone is worth about 700 ETH
    const baseFee = 10n ** 15n;
    await ethers.provider.send("hardhat_setNextBlockBaseFeePerGas", ["0x" + baseFee.toString(16)]);
    const costly = await (await as(manager, keeper).rerange({ maxFeePerGas: 2n * baseFee, maxPriorityFeePerGas: 1n, gasLimit: 1_500_000n })).wait();
    const [d2] = eventsOf(manager, costly, "Decision");
    expect([d2.args.rerange, d2.args.reason]).to.deep.equal([false, REASON.FeesBelowCost]);
    const gasUsd = (LIQUIDITY_COST_CONFIG.rerangeGas * baseFee * ((await sys.oracle.priceOf(sys.asset("WETH").address)) as bigint)) / WAD;
    expect(d2.args.costUsd).to.be.greaterThanOrEqual(gasUsd);
    expect(d2.args.newFeesUsd).to.be.greaterThan(0n);
    expect(d2.args.newFeesUsd).to.be.lessThanOrEqual(d2.args.stayFeesUsd + d2.args.costUsd);
    expect(await manager.tokenId()).to.equal(opened.args.positionId);
  });

  it("chooses the tier whose observed volume per unit of liquidity pays more, not the first listed", async () => {
    const sys = await loadFixture(systemWithManager);
    const { manager } = sys;
    await tradeVolume(sys, 3000, 20_000n, 3); // volume only in the 0.3 % pool
    await time.increase(3600);
    await scenario.refreshFeeds(sys.dep);
    const { opened } = await openPosition(sys);
    expect(Number(opened.args.fee)).to.equal(3000); // 0.05 % is listed first but saw no volume

    const other = await loadFixture(systemWithManager);
    await tradeVolume(other, 500, 20_000n, 3); // now only the 0.05 % pool trades
    await tradeVolume(other, 10000, 1_000n, 1); // and a little in the 1 % pool
    await time.increase(3600);
    await scenario.refreshFeeds(other.dep);
    const second = await openPosition(other);
    expect(Number(second.opened.args.fee)).to.equal(500);
    expect(await manager.tiers()).to.deep.equal([500n, 3000n, 10000n]);
  });

  it("switches tiers in range when another tier's observed fee yield beats the current one's plus the cost, and not otherwise", async () => {
    const sys = await loadFixture(systemWithManager);
    const { manager, keeper } = sys;
    const { opened } = await openPosition(sys, WETH(2n), USDC(6000n));
    expect(Number(opened.args.fee)).to.equal(500); // nothing traded yet: the first listed
    await tradeVolume(sys, 3000, 20_000n, 3); // then the 0.3 % pool trades, the 0.05 % one does not
    await time.increase(3600);
    await scenario.refreshFeeds(sys.dep);
    // at a 1,000,000-gwei base fee the switch does not pay: skipped with its figures
    const baseFee = 10n ** 15n;
    await ethers.provider.send("hardhat_setNextBlockBaseFeePerGas", ["0x" + baseFee.toString(16)]);
    const costly = await (await as(manager, keeper).rerange({ maxFeePerGas: 2n * baseFee, maxPriorityFeePerGas: 1n, gasLimit: 1_500_000n })).wait();
    const [skip] = eventsOf(manager, costly, "Decision");
    expect([skip.args.rerange, skip.args.reason, skip.args.fee]).to.deep.equal([false, REASON.FeesBelowCost, 3000n]);
    expect(skip.args.newFeesUsd).to.be.greaterThan(skip.args.stayFeesUsd);
    expect(await manager.fee()).to.equal(500n);
    await ethers.provider.send("hardhat_setNextBlockBaseFeePerGas", ["0x" + (10n ** 9n).toString(16)]); // back to 1 gwei
    const receipt = await (await as(manager, keeper).rerange({ maxFeePerGas: 2n * 10n ** 9n, maxPriorityFeePerGas: 1n })).wait();
    const [d] = eventsOf(manager, receipt, "Decision");
    expect([d.args.rerange, d.args.reason, d.args.fee]).to.deep.equal([true, REASON.TierSwitch, 3000n]);
    expect(d.args.newFeesUsd).to.be.greaterThan(d.args.stayFeesUsd + d.args.costUsd);
    const [next] = eventsOf(manager, receipt, "RangeOpened");
    expect(next.args.fee).to.equal(3000n);
    expect(await manager.fee()).to.equal(3000n);
  });

  it("collects fees on its schedule, swaps them to the range's ratio and adds them back", async () => {
    const sys = await loadFixture(systemWithManager);
    const { manager, keeper, npm } = sys;
    const { opened } = await openPosition(sys);
    await expect(as(manager, keeper).collectAndReinvest()).to.be.revertedWithCustomError(manager, "CollectTooSoon");
    await tradeVolume(sys, Number(opened.args.fee), 50_000n, 4);
    await time.increase(Number(LIQUIDITY_COST_CONFIG.collectInterval));
    await scenario.refreshFeeds(sys.dep);
    const before = (await npm.positions(opened.args.positionId)).liquidity;
    const receipt = await (await as(manager, keeper).collectAndReinvest()).wait();
    const [collected] = eventsOf(manager, receipt, "FeesCollected");
    expect(collected.args.assetAmount + collected.args.stableAmount).to.be.greaterThan(0n);
    expect(collected.args.assetPriceUsd).to.equal(await sys.oracle.priceOf(sys.asset("WETH").address));
    const [re] = eventsOf(manager, receipt, "Reinvested");
    expect(re.args.liquidity).to.be.greaterThan(0n);
    expect((await npm.positions(opened.args.positionId)).liquidity).to.equal(before + re.args.liquidity);
    await expect(as(manager, keeper).collectAndReinvest()).to.be.revertedWithCustomError(manager, "CollectTooSoon");
  });

  it("the vault's emergency exit unwinds the position into vault tokens", async () => {
    const sys = await loadFixture(systemWithManager);
    const { manager, vault, guardian, tokens, npm } = sys;
    const { opened } = await openPosition(sys);
    const [w0, u0]: bigint[] = [await tokens.WETH.balanceOf(vault.target), await tokens.USDC.balanceOf(vault.target)];
    const receipt = await (await as(vault, guardian).emergencyExit()).wait();
    const [closed] = eventsOf(manager, receipt, "RangeClosed");
    expect(closed.args.to).to.equal(await vault.getAddress());
    expect(closed.args.assetAmount).to.be.greaterThan(0n);
    expect(await tokens.WETH.balanceOf(vault.target)).to.be.greaterThanOrEqual(w0 + closed.args.assetAmount);
    expect(await tokens.USDC.balanceOf(vault.target)).to.be.greaterThanOrEqual(u0 + closed.args.stableAmount);
    expect(await manager.tokenId()).to.equal(0n);
    expect(await manager.positionValueUsd()).to.equal(0n);
    await expect(npm.ownerOf(opened.args.positionId)).to.be.reverted; // burnt
    expect(await vault.paused()).to.equal(true);
    expect(eventsOf(vault, receipt, "ModuleExitFailed")).to.have.length(0);
  });

  it("a close collects the position's fees apart from its principal: FeesCollected first, RangeClosed the principal only", async () => {
    const sys = await loadFixture(systemWithManager);
    const { manager, vault, guardian, npm } = sys;
    const { opened } = await openPosition(sys);
    const fee = Number(opened.args.fee);
    await tradeVolume(sys, fee, 50_000n, 4); // in range: the position earns both tokens' fees
    const id = opened.args.positionId;
    const max = 2n ** 128n - 1n;
    // what the position manager would pay the manager now: its fees only, no liquidity has been removed
    const data = npm.interface.encodeFunctionData("collect", [[id, manager.target, max, max]]);
    const raw = await ethers.provider.call({ to: npm.target, from: manager.target as string, data });
    const [owed0, owed1] = npm.interface.decodeFunctionResult("collect", raw);
    const wethFirst = BigInt(sys.asset("WETH").address) < BigInt(sys.asset("USDC").address);
    const [feeAsset, feeStable] = wethFirst ? [owed0, owed1] : [owed1, owed0];
    expect(feeAsset > 0n && feeStable > 0n, `fees ${feeAsset} / ${feeStable}`).to.equal(true);

    const receipt = await (await as(vault, guardian).emergencyExit()).wait();
    const [collected] = eventsOf(manager, receipt, "FeesCollected");
    const [closed] = eventsOf(manager, receipt, "RangeClosed");
    expect([collected.args.positionId, collected.args.assetAmount, collected.args.stableAmount]).to.deep.equal([id, feeAsset, feeStable]);
    expect(collected.index).to.be.lessThan(closed.index);
    // the principal is what the pool paid out for the liquidity burnt (its Burn event)
    const pool = sys.pools[fee];
    const logs: Log[] = receipt!.logs;
    const burns = logs
      .filter((l) => l.address.toLowerCase() === (pool.target as string).toLowerCase())
      .map((l) => pool.interface.parseLog(l))
      .filter((e) => e?.name === "Burn" && e.args.amount > 0n);
    expect(burns).to.have.length(1);
    const [p0, p1] = [burns[0]!.args.amount0, burns[0]!.args.amount1];
    expect([closed.args.assetAmount, closed.args.stableAmount]).to.deep.equal(wethFirst ? [p0, p1] : [p1, p0]);
    // the fees reach the vault with the leftovers (none were left after the open)
    const [returned] = eventsOf(manager, receipt, "Returned");
    expect([returned.args.assetAmount, returned.args.stableAmount]).to.deep.equal([feeAsset, feeStable]);
  });

  it("replacing the module (setModule) unwinds its position into the vault first", async () => {
    const sys = await loadFixture(systemWithManager);
    const { manager, vault } = sys;
    await openPosition(sys);
    await expect(vault.setModule(ethers.id("LIQUIDITY_MANAGER"), ethers.ZeroAddress)).to.emit(manager, "RangeClosed");
    expect(await manager.tokenId()).to.equal(0n);
    expect(await vault.isModule(await manager.getAddress())).to.equal(false);
  });
});

describe("LiquidityManager: hostile callers, settings and prices", () => {
  it("refuses strangers: keeper actions, management's settings, the vault's exit", async () => {
    const { manager, stranger, guardian } = await loadFixture(systemWithManager);
    for (const who of [stranger, guardian]) {
      const c = as(manager, who);
      await expect(c.open(1n, 1n)).to.be.revertedWithCustomError(manager, "NotKeeper");
      await expect(c.rerange()).to.be.revertedWithCustomError(manager, "NotKeeper");
      await expect(c.collectAndReinvest()).to.be.revertedWithCustomError(manager, "NotKeeper");
      await expect(c.setRangeConfig(LIQUIDITY_RANGE_CONFIG)).to.be.revertedWithCustomError(manager, "NotManagement");
      await expect(c.setCostConfig(LIQUIDITY_COST_CONFIG)).to.be.revertedWithCustomError(manager, "NotManagement");
      await expect(c.setFeeTier(500, false)).to.be.revertedWithCustomError(manager, "NotManagement");
      await expect(c.exitAll()).to.be.revertedWithCustomError(manager, "NotVault").withArgs(who.address);
      await expect(c.unpause()).to.be.revertedWithCustomError(manager, "NotManagement");
    }
  });

  it("refuses out-of-bound settings, one field at a time, and a tier without a pool", async () => {
    const { manager } = await loadFixture(systemWithManager);
    const rc = { ...LIQUIDITY_RANGE_CONFIG };
    const bad: [string, bigint][] = [
      ["k", WAD / 2n - 1n], ["k", 10n * WAD + 1n], ["horizonRounds", 0n], ["horizonRounds", 366n], ["thresholdBps", 5001n],
      ["minSigma", 0n], ["minSigma", rc.maxSigma + 1n], ["maxSigma", WAD + 1n],
    ];
    for (const [field, value] of bad) {
      await expect(manager.setRangeConfig({ ...rc, [field]: value }), field).to.be.revertedWithCustomError(manager, "InvalidConfig");
    }
    const cc = { ...LIQUIDITY_COST_CONFIG };
    const badCost: [string, bigint | number][] = [
      ["feeHorizon", 3599n], ["feeHorizon", 90n * 86_400n + 1n], ["rerangeGas", 99_999n], ["rerangeGas", 5_000_001n],
      ["collectInterval", 3599n], ["collectInterval", 30n * 86_400n + 1n], ["twapWindow", 59], ["twapWindow", 86_401],
      ["maxDeviationTicks", 9n], ["maxDeviationTicks", 1001n], ["maxSlippageBps", 0n], ["maxSlippageBps", 501n],
    ];
    for (const [field, value] of badCost) {
      await expect(manager.setCostConfig({ ...cc, [field]: value }), field).to.be.revertedWithCustomError(manager, "InvalidConfig");
    }
    expect((await manager.rangeConfig()).k).to.equal(rc.k);
    expect((await manager.costConfig()).rerangeGas).to.equal(cc.rerangeGas);
    await expect(manager.setFeeTier(100, true)).to.be.revertedWithCustomError(manager, "UnknownTier").withArgs(100);
    await expect(manager.setFeeTier(100, false)).to.be.revertedWithCustomError(manager, "UnknownTier").withArgs(100);
    await expect(manager.setRangeConfig(rc)).to.emit(manager, "RangeConfigSet");
  });

  it("refuses to open or re-range against a pool pushed off the oracle, in spot or in TWAP", async () => {
    const sys = await loadFixture(systemWithManager);
    const { manager, keeper, pools } = sys;
    const refresh = async () => {
      await scenario.refreshFeeds(sys.dep);
      await (await sys.oracle.updateAll()).wait();
    };
    await movePool(sys, 500, "3150"); // spot +5 % (≈ 488 ticks) with the oracle still at 3000
    await expect(as(manager, keeper).open(WETH(1n), USDC(3000n))).to.be.revertedWithCustomError(manager, "PoolPriceOff");
    await time.increase(TWAP_WINDOW + 60); // held there for a whole TWAP window ...
    await refresh();
    await movePool(sys, 500, "3000"); // ... then spot put back: the TWAP still shows the push
    await expect(as(manager, keeper).open(WETH(1n), USDC(3000n))).to.be.revertedWithCustomError(manager, "PoolPriceOff");
    await time.increase(TWAP_WINDOW + 60);
    await refresh();
    await as(manager, keeper).open(WETH(1n), USDC(3000n));
    const fee = Number(await manager.fee());
    await movePool(sys, fee, "2800");
    await expect(as(manager, keeper).rerange()).to.be.revertedWithCustomError(manager, "PoolPriceOff");
    expect(pools[fee]).to.not.equal(undefined);
  });

  it("refuses a second open, an empty open, and a re-range or collect without a position; pauses", async () => {
    const sys = await loadFixture(systemWithManager);
    const { manager, keeper, guardian } = sys;
    await expect(as(manager, keeper).rerange()).to.be.revertedWithCustomError(manager, "NoPosition");
    await expect(as(manager, keeper).collectAndReinvest()).to.be.revertedWithCustomError(manager, "NoPosition");
    await expect(as(manager, keeper).open(0n, 0n)).to.be.revertedWithCustomError(manager, "ZeroAmount");
    await openPosition(sys, WETH(1n), USDC(3000n));
    await expect(as(manager, keeper).open(WETH(1n), 0n)).to.be.revertedWithCustomError(manager, "PositionOpen");
    await (await as(manager, guardian).pause()).wait();
    await expect(as(manager, keeper).rerange()).to.be.revertedWithCustomError(manager, "EnforcedPause");
  });
});

/** A fresh LiquidityManager implementation behind a new proxy, initialised with `wiring` (the fixture's, with overrides). */
async function deployManagerWith(sys: ManagerSystem, overrides: Partial<Record<"positionManager" | "factory" | "swapRouter" | "asset" | "gasToken", string>>) {
  const art = loadArtifact("LiquidityManager");
  const factory = new ethers.ContractFactory(art.abi, linkBytecode(art as any, { RangeMath: sys.rangeMath }), sys.owner);
  const impl = await factory.deploy();
  await impl.waitForDeployment();
  const wiring = {
    vault: await sys.vault.getAddress(),
    positionManager: await sys.npm.getAddress(),
    factory: await sys.factory.getAddress(),
    swapRouter: await sys.router.getAddress(),
    asset: sys.asset("WETH").address,
    gasToken: sys.asset("WETH").address,
    ...overrides,
  };
  const init = impl.interface.encodeFunctionData("initialize", [
    sys.owner.address, sys.guardian.address, Object.values(wiring), Object.values(LIQUIDITY_RANGE_CONFIG), Object.values(LIQUIDITY_COST_CONFIG),
  ]);
  const proxyArt = loadArtifact("ERC1967Proxy");
  return new ethers.ContractFactory(proxyArt.abi, proxyArt.bytecode, sys.owner).deploy(await impl.getAddress(), init);
}

/** The USDC-per-WETH price (decimal string) at pool tick `tick`, for either token order. */
function priceAtTick(tick: number, wethIsToken0: boolean): string {
  const raw = 1.0001 ** tick; // token1 base units per token0 base unit
  return (wethIsToken0 ? raw * 1e12 : 1e12 / raw).toFixed(2);
}

describe("LiquidityManager: initializer, tier list, σ bounds and the rule's edges", () => {
  it("refuses to initialise without a position manager, factory or router, or with an asset or gas token the vault does not hold", async () => {
    const sys = await loadFixture(systemWithManager);
    const { manager } = sys;
    for (const field of ["positionManager", "factory", "swapRouter"] as const) {
      await expect(deployManagerWith(sys, { [field]: ethers.ZeroAddress }), field).to.be.revertedWithCustomError(manager, "ZeroAddress");
    }
    const notHeld = ethers.Wallet.createRandom().address;
    expect(await sys.vault.isAsset(notHeld)).to.equal(false);
    const stable: string = await sys.vault.stablecoin();
    await expect(deployManagerWith(sys, { asset: notHeld }), "asset not held").to.be.revertedWithCustomError(manager, "InvalidConfig");
    await expect(deployManagerWith(sys, { asset: stable }), "asset = stablecoin").to.be.revertedWithCustomError(manager, "InvalidConfig");
    await expect(deployManagerWith(sys, { gasToken: notHeld }), "gas token not held").to.be.revertedWithCustomError(manager, "InvalidConfig");
    // the same wiring with nothing overridden initialises, reading the vault's stablecoin and the asset's decimals
    const ok = await deployManagerWith(sys, {});
    await ok.waitForDeployment();
    const fresh = new ethers.Contract(await ok.getAddress(), manager.interface, sys.owner);
    expect([await fresh.asset(), await fresh.stable(), await fresh.assetDecimals()]).to.deep.equal([sys.asset("WETH").address, stable, 18n]);
  });

  it("tier list: enabling a listed tier changes nothing, a fifth tier is refused, an unlisted one cannot be removed, a listed one can", async () => {
    const sys = await loadFixture(systemWithManager);
    const { manager } = sys;
    const snap500 = await manager.feeSnapshot(500);
    await time.increase(60);
    const again = await (await manager.setFeeTier(500, true)).wait();
    expect(eventsOf(manager, again, "FeeTierSet")).to.have.length(0);
    expect(await manager.tiers()).to.deep.equal([500n, 3000n, 10000n]);
    expect((await manager.feeSnapshot(500))[2]).to.equal(snap500[2]); // its observation window is not restarted
    // a fourth pool (0.01 %, enabled on the factory by its owner) fills the list to MAX_TIERS = 4
    const factoryOwner = await ethers.getImpersonatedSigner(await sys.factory.owner());
    await ethers.provider.send("hardhat_setBalance", [factoryOwner.address, "0x" + (10n ** 18n).toString(16)]);
    if (Number(await sys.factory.feeAmountTickSpacing(100)) === 0) await (await (sys.factory.connect(factoryOwner) as Contract).enableFeeAmount(100, 1)).wait();
    await (await sys.factory.createPool(sys.asset("WETH").address, sys.asset("USDC").address, 100)).wait();
    await expect(manager.setFeeTier(100, true)).to.emit(manager, "FeeTierSet").withArgs(100, true);
    expect(await manager.tiers()).to.deep.equal([500n, 3000n, 10000n, 100n]);
    await expect(manager.setFeeTier(2500, true)).to.be.revertedWithCustomError(manager, "InvalidConfig");
    await expect(manager.setFeeTier(2500, false)).to.be.revertedWithCustomError(manager, "UnknownTier").withArgs(2500);
    // removing swaps the last tier into the removed one's place
    await expect(manager.setFeeTier(3000, false)).to.emit(manager, "FeeTierSet").withArgs(3000, false);
    expect(await manager.tiers()).to.deep.equal([500n, 100n, 10000n]);
  });

  it("σ is the oracle's, held within [minSigma, maxSigma]", async () => {
    const sys = await loadFixture(systemWithManager);
    const { manager, oracle } = sys;
    // a few daily rounds of moving prices give the oracle a volatility
    for (const price of ["3090", "2950", "3120", "2980"]) {
      await time.increase(86_400);
      await scenario.setPrice(sys.dep, "WETH", price);
      await (await oracle.updateAll()).wait();
    }
    const [raw]: bigint[] = await oracle.volatilityOf(sys.asset("WETH").address);
    expect(raw).to.be.greaterThan(0n);
    const rc = { ...LIQUIDITY_RANGE_CONFIG };
    await (await manager.setRangeConfig({ ...rc, minSigma: 1n, maxSigma: WAD })).wait();
    expect(await manager.sigma()).to.equal(raw); // within the bounds: the oracle's own
    await (await manager.setRangeConfig({ ...rc, minSigma: 1n, maxSigma: raw / 2n })).wait();
    expect(await manager.sigma()).to.equal(raw / 2n); // above maxSigma: clamped down
    await (await manager.setRangeConfig({ ...rc, minSigma: raw * 2n, maxSigma: WAD })).wait();
    expect(await manager.sigma()).to.equal(raw * 2n); // below minSigma: raised
  });

  it("expects no fees for no liquidity, no time in range, or a window that has not started", async () => {
    const sys = await loadFixture(systemWithManager);
    const { manager } = sys;
    await tradeVolume(sys, 3000, 20_000n, 2);
    await time.increase(3600);
    expect(await manager.expectedFeesUsd(3000, 10n ** 15n, 86_400n)).to.be.greaterThan(0n); // the pool earned
    expect(await manager.expectedFeesUsd(3000, 0n, 86_400n)).to.equal(0n);
    expect(await manager.expectedFeesUsd(3000, 10n ** 15n, 0n)).to.equal(0n);
    // re-enabling restarts nothing, but a tier enabled in this block has observed no time yet
    await (await manager.setFeeTier(3000, false)).wait();
    await ethers.provider.send("evm_setAutomine", [false]);
    try {
      const enable = await manager.setFeeTier(3000, true);
      await ethers.provider.send("evm_mine", []);
      await enable.wait();
    } finally {
      await ethers.provider.send("evm_setAutomine", [true]);
    }
    const at: bigint = (await manager.feeSnapshot(3000))[2]; // FeeSnapshot.at
    expect(at).to.equal(BigInt(await time.latest()));
    expect(await manager.expectedFeesUsd(3000, 10n ** 15n, 86_400n, { blockTag: "latest" })).to.equal(0n);
  });

  it("refuses to open with no tier enabled", async () => {
    const sys = await loadFixture(systemWithManager);
    const { manager, keeper } = sys;
    for (const fee of [500, 3000, 10000]) await (await manager.setFeeTier(fee, false)).wait();
    expect(await manager.tiers()).to.deep.equal([]);
    await expect(as(manager, keeper).open(WETH(1n), USDC(3000n))).to.be.revertedWithCustomError(manager, "NoTier");
  });

  it("refuses to open when the oracle's price of the asset or the stablecoin is stale", async () => {
    const sys = await loadFixture(systemWithManager);
    const { manager, keeper, oracle } = sys;
    await time.increase(2 * 86_400); // no feed posts
    expect(await oracle.isHealthy(sys.asset("WETH").address)).to.equal(false);
    await expect(as(manager, keeper).open(WETH(1n), USDC(3000n))).to.be.revertedWithCustomError(manager, "OracleUnhealthy");
    expect(await manager.tokenId()).to.equal(0n);
  });

  it("collecting with nothing owed records the collection and swaps or adds nothing", async () => {
    const sys = await loadFixture(systemWithManager);
    const { manager, keeper, npm } = sys;
    const { opened } = await openPosition(sys);
    await time.increase(Number(LIQUIDITY_COST_CONFIG.collectInterval));
    await scenario.refreshFeeds(sys.dep);
    const before = (await npm.positions(opened.args.positionId)).liquidity;
    const receipt = await (await as(manager, keeper).collectAndReinvest()).wait();
    const [collected] = eventsOf(manager, receipt, "FeesCollected");
    expect([collected.args.assetAmount, collected.args.stableAmount]).to.deep.equal([0n, 0n]);
    for (const name of ["RatioSwap", "Reinvested", "Returned"]) expect(eventsOf(manager, receipt, name), name).to.have.length(0);
    expect((await npm.positions(opened.args.positionId)).liquidity).to.equal(before);
    const block = await ethers.provider.getBlock(receipt!.blockNumber);
    expect(await manager.lastCollect()).to.equal(BigInt(block!.timestamp));
  });

  it("re-ranges when the price, still inside the range, comes within thresholdBps of the half-width of an edge (NearEdge)", async () => {
    const sys = await loadFixture(systemWithManager);
    const { manager, keeper } = sys;
    const { opened } = await openPosition(sys, WETH(2n), USDC(6000n));
    const fee = Number(opened.args.fee);
    const pool = sys.pools[fee];
    const wethIs0 = (await pool.token0()) === sys.asset("WETH").address;
    const [lower, upper] = [Number(opened.args.tickLower), Number(opened.args.tickUpper)];
    const half = (upper - lower) / 2;
    const edge = Math.floor((half * Number(LIQUIDITY_RANGE_CONFIG.thresholdBps)) / 10_000);
    const target = upper - Math.floor(edge / 2); // inside, closer to the upper edge than thresholdBps of the half-width
    await tradeVolume(sys, fee, 50_000n, 2); // volume since the open: a range here expects fees
    await marketMovesTo(sys, fee, priceAtTick(target, wethIs0));
    const [, tick] = await pool.slot0();
    expect(Number(tick)).to.be.within(upper - edge + 1, upper - 1);
    const receipt = await (await as(manager, keeper).rerange()).wait();
    const [d] = eventsOf(manager, receipt, "Decision");
    expect([d.args.rerange, d.args.reason, Number(d.args.tick)]).to.deep.equal([true, REASON.NearEdge, Number(tick)]);
    expect(d.args.stayFeesUsd).to.be.greaterThan(0n); // still in range: staying earns something, the new range more
    expect(d.args.newFeesUsd).to.be.greaterThan(d.args.stayFeesUsd + d.args.costUsd);
    const [closed] = eventsOf(manager, receipt, "RangeClosed");
    expect(closed.args.positionId).to.equal(opened.args.positionId);
    const [next] = eventsOf(manager, receipt, "RangeOpened");
    const want = expectedRange(await manager.sigma(), await twapTick(sys.pools[Number(next.args.fee)]), SPACING[Number(next.args.fee)]);
    expect([Number(next.args.tickLower), Number(next.args.tickUpper)]).to.deep.equal([want.tickLower, want.tickUpper]);
    expect(await manager.tokenId()).to.equal(next.args.positionId);
  });
});

for (const [name, fixture, wethIs0] of [["WETH token0", systemWithWethToken0, true], ["WETH token1 (USDC sorts first)", systemWithWethToken1, false]] as const) {
  describe(`LiquidityManager with ${name}: open, re-range and exit follow the token order`, () => {
    it("opens the prescribed range, values it, re-ranges out of range and exits into the vault", async () => {
      const sys = await loadFixture(fixture);
      const { manager, keeper, vault, guardian, tokens } = sys;
      const [weth, usdc] = [sys.asset("WETH").address, sys.asset("USDC").address];
      expect(BigInt(weth) < BigInt(usdc)).to.equal(wethIs0);
      const { opened } = await openPosition(sys, WETH(2n), USDC(6000n));
      const fee = Number(opened.args.fee);
      const pool = sys.pools[fee];
      expect(await pool.token0()).to.equal(wethIs0 ? weth : usdc);
      const want = expectedRange(await manager.sigma(), await twapTick(pool), SPACING[fee]);
      expect([Number(opened.args.tickLower), Number(opened.args.tickUpper)]).to.deep.equal([want.tickLower, want.tickUpper]);
      // asset and stablecoin come back in the asset's terms whatever the order
      const [w, u]: bigint[] = await manager.positionAmounts();
      expect(w).to.be.within(WETH(1n), WETH(3n)); // a range centred on the price holds both, about half each
      expect(u).to.be.within(USDC(3000n), USDC(9000n));
      expect(await manager.positionValueUsd()).to.be.closeTo(12_000n * WAD, 60n * WAD);
      expect(await tokens.WETH.balanceOf(manager.target)).to.equal(0n);
      expect(await tokens.USDC.balanceOf(manager.target)).to.equal(0n);

      await marketMovesTo(sys, fee, "3300");
      const [, tick] = await pool.slot0();
      // the price of WETH rose: the pool's tick rose past the range when WETH is token0, fell below it otherwise
      if (wethIs0) expect(Number(tick)).to.be.greaterThanOrEqual(Number(opened.args.tickUpper));
      else expect(Number(tick)).to.be.lessThan(Number(opened.args.tickLower));
      const receipt = await (await as(manager, keeper).rerange()).wait();
      const [d] = eventsOf(manager, receipt, "Decision");
      expect([d.args.rerange, d.args.reason]).to.deep.equal([true, REASON.OutOfRange]);
      const [closed] = eventsOf(manager, receipt, "RangeClosed");
      expect(closed.args.assetAmount).to.equal(0n); // all stablecoin once WETH rose past the range
      expect(closed.args.stableAmount).to.be.greaterThan(USDC(6000n));
      const [next] = eventsOf(manager, receipt, "RangeOpened");
      const again = expectedRange(await manager.sigma(), await twapTick(sys.pools[Number(next.args.fee)]), SPACING[Number(next.args.fee)]);
      expect([Number(next.args.tickLower), Number(next.args.tickUpper)]).to.deep.equal([again.tickLower, again.tickUpper]);
      expect(next.args.assetAmount).to.be.greaterThan(0n); // the ratio swap bought WETH back for the new range

      const [w0, u0]: bigint[] = [await tokens.WETH.balanceOf(vault.target), await tokens.USDC.balanceOf(vault.target)];
      const exit = await (await as(vault, guardian).emergencyExit()).wait();
      const [out] = eventsOf(manager, exit, "RangeClosed");
      expect(out.args.to).to.equal(await vault.getAddress());
      expect(out.args.assetAmount + out.args.stableAmount).to.be.greaterThan(0n);
      // the vault's other modules unwind too: at least the position's tokens came back
      expect(await tokens.WETH.balanceOf(vault.target)).to.be.greaterThanOrEqual(w0 + out.args.assetAmount);
      expect(await tokens.USDC.balanceOf(vault.target)).to.be.greaterThanOrEqual(u0 + out.args.stableAmount);
      expect(await manager.tokenId()).to.equal(0n);
    });
  });
}

describe("LiquidityManager: a tier whose pool has no liquidity at the price", () => {
  it("prices the swap to a plan in a pool with no in-range liquidity at its whole size (no depth to absorb it)", async () => {
    const sys = await loadFixture(systemWithManager);
    const { manager, keeper, factory } = sys;
    const [weth, usdc] = [sys.asset("WETH").address, sys.asset("USDC").address];
    // a 0.01 % pool at the market's price
    const factoryOwner = await ethers.getImpersonatedSigner(await factory.owner());
    await ethers.provider.send("hardhat_setBalance", [factoryOwner.address, "0x" + (10n ** 18n).toString(16)]);
    if (Number(await factory.feeAmountTickSpacing(100)) === 0) await (await (factory.connect(factoryOwner) as Contract).enableFeeAmount(100, 1)).wait();
    await (await factory.createPool(weth, usdc, 100)).wait();
    const pool = new ethers.Contract(await factory.getPool(weth, usdc, 100), sys.pools[500].interface, sys.owner) as unknown as Contract;
    const [sqrtP] = await sys.pools[500].slot0();
    await (await pool.initialize(sqrtP)).wait();
    sys.pools[100] = pool;
    // a market maker's narrow position (±400 ticks) gives the ratio swaps depth near 3000 and none beyond
    const [, tick0] = await pool.slot0();
    const mm = sys.marketMaker;
    const [t0, t1] = BigInt(weth) < BigInt(usdc) ? [weth, usdc] : [usdc, weth];
    for (const [sym, amount] of [["WETH", WETH(20n)], ["USDC", USDC(60_000n)]] as const) {
      await (await sys.tokens[sym].mint(mm.address, amount)).wait();
      await (await (sys.tokens[sym].connect(mm) as Contract).approve(await sys.npm.getAddress(), amount)).wait();
    }
    const [a0, a1] = t0 === weth ? [WETH(20n), USDC(60_000n)] : [USDC(60_000n), WETH(20n)];
    await (await (sys.npm.connect(mm) as Contract).mint({
      token0: t0, token1: t1, fee: 100, tickLower: Number(tick0) - 400, tickUpper: Number(tick0) + 400,
      amount0Desired: a0, amount1Desired: a1, amount0Min: 0n, amount1Min: 0n, recipient: mm.address, deadline: BigInt(await time.latest()) + 600n,
    })).wait();
    await time.increase(TWAP_WINDOW + 60);
    await scenario.refreshFeeds(sys.dep);
    // only the 0.01 % tier, then the 0.05 % one: with no fees observed anywhere the first listed is chosen
    for (const fee of [500, 3000, 10000]) await (await manager.setFeeTier(fee, false)).wait();
    for (const fee of [100, 500]) await (await manager.setFeeTier(fee, true)).wait();
    const { opened } = await openPosition(sys, WETH(2n), USDC(6000n));
    expect(opened.args.fee).to.equal(100n);
    // the market moves through the 0.01 % pool past the position and the market maker's range: at its new price
    // the pool has no liquidity at all
    await marketMovesTo(sys, 100, "3300");
    expect(await pool.liquidity()).to.equal(0n);
    const value: bigint = await manager.positionValueUsd();
    const receipt = await (await as(manager, keeper).rerange()).wait();
    const [d] = eventsOf(manager, receipt, "Decision");
    // the best plan is again the 0.01 % pool (the only one the move paid fees in), where the swap of about half
    // the position's value to the new range's ratio meets no depth: its impact is the whole amount
    expect([d.args.rerange, d.args.reason, d.args.fee]).to.deep.equal([false, REASON.FeesBelowCost, 100n]);
    expect(d.args.stayFeesUsd).to.equal(0n); // out of range
    expect(d.args.newFeesUsd).to.be.greaterThan(0n); // the move paid the pool's fees ...
    expect(d.args.newFeesUsd).to.be.lessThan(d.args.costUsd); // ... far less than a swap into no depth
    expect(d.args.costUsd).to.be.greaterThan(value / 3n);
    expect(d.args.costUsd).to.be.lessThan(value);
    expect(await manager.tokenId()).to.equal(opened.args.positionId);
  });
});

describe("RangeMath: the range arithmetic's bounds, called on the deployed library", () => {
  const MAX_TICK = 887272n;
  it("half-widths are at least one tick and at most MAX_TICK; ranges round outward on both sides of zero and clamp to the usable ticks", async () => {
    const { rangeMath } = await loadFixture(systemWithManager);
    const rm = new ethers.Contract(rangeMath, loadArtifact("RangeMath").abi, ethers.provider);
    expect(await rm.halfWidthTicks(WAD / 2n, 1n, 1n)).to.equal(1n); // far below a tick: one tick
    expect(await rm.halfWidthTicks(10n * WAD, WAD, 365n)).to.equal(MAX_TICK); // 10·1·√365 in log price is beyond the tick range
    expect(await rm.halfWidthTicks(2n * WAD, WAD / 100n, 1n)).to.equal(200n); // 0.02 / ln(1.0001) = 200.01 ticks
    // below zero, off the spacing: the lower edge goes down, the upper edge up (toward zero)
    expect(await rm.rangeAround(-55, 3n, 10)).to.deep.equal([-60n, -50n]);
    expect(await rm.rangeAround(-5, 3n, 10)).to.deep.equal([-10n, 0n]);
    expect(await rm.rangeAround(55, 3n, 10)).to.deep.equal([50n, 60n]);
    expect(await rm.rangeAround(-60, 0n, 60)).to.deep.equal([-60n, -60n]); // on the spacing: unchanged
    // wider than the tick range: the usable ticks of the spacing
    const usable = (MAX_TICK / 60n) * 60n;
    expect(await rm.rangeAround(0, MAX_TICK, 60)).to.deep.equal([-usable, usable]);
    // token0 valued in token1 and back at the same √P
    const sqrtP = 2n ** 96n * 2n; // price 4
    expect(await rm.token0In1(1000n, sqrtP, true)).to.equal(4000n);
    expect(await rm.token0In1(4000n, sqrtP, false)).to.equal(1000n);
    expect(await rm.expectedSecondsInRange(10, 20, 40, WAD / 100n, 86_400n)).to.equal(0n); // below the range
    expect(await rm.expectedSecondsInRange(40, 20, 40, WAD / 100n, 86_400n)).to.equal(0n); // at the upper edge: out
  });
});

describe("LiquidityManager: one-sided opens, an exit without a position, a stale stablecoin", () => {
  it("opens from the asset alone or the stablecoin alone, taking only that token from the vault", async () => {
    const sys = await loadFixture(systemWithManager);
    const { manager, keeper, vault, tokens } = sys;
    const u0: bigint = await tokens.USDC.balanceOf(vault.target);
    const onlyWeth = await (await as(manager, keeper).open(WETH(2n), 0n)).wait();
    const [opened] = eventsOf(manager, onlyWeth, "RangeOpened");
    const [swap] = eventsOf(manager, onlyWeth, "RatioSwap");
    expect(swap.args.tokenIn).to.equal(sys.asset("WETH").address); // half the WETH sold for the range's USDC side
    expect([opened.args.assetAmount > 0n, opened.args.stableAmount > 0n]).to.deep.equal([true, true]);
    const [back] = eventsOf(manager, onlyWeth, "Returned");
    expect(await tokens.USDC.balanceOf(vault.target)).to.equal(u0 + (back?.args.stableAmount ?? 0n)); // no USDC taken
    const other = await loadFixture(systemWithManager);
    const w0: bigint = await other.tokens.WETH.balanceOf(other.vault.target);
    const onlyUsdc = await (await as(other.manager, other.keeper).open(0n, USDC(6000n))).wait();
    const [swap2] = eventsOf(other.manager, onlyUsdc, "RatioSwap");
    expect(swap2.args.tokenIn).to.equal(other.asset("USDC").address);
    const [opened2] = eventsOf(other.manager, onlyUsdc, "RangeOpened");
    expect([opened2.args.assetAmount > 0n, opened2.args.stableAmount > 0n]).to.deep.equal([true, true]);
    const [back2] = eventsOf(other.manager, onlyUsdc, "Returned");
    expect(await other.tokens.WETH.balanceOf(other.vault.target)).to.equal(w0 + (back2?.args.assetAmount ?? 0n)); // no WETH taken
  });

  it("the vault's exit with no position open closes nothing and returns nothing", async () => {
    const sys = await loadFixture(systemWithManager);
    const { manager, vault, guardian } = sys;
    const receipt = await (await as(vault, guardian).emergencyExit()).wait();
    for (const name of ["RangeClosed", "Returned"]) expect(eventsOf(manager, receipt, name), name).to.have.length(0);
    expect(eventsOf(vault, receipt, "ModuleExitFailed")).to.have.length(0);
    expect(await manager.tokenId()).to.equal(0n);
  });

  it("refuses to open while the stablecoin's price is stale, even with the asset's fresh", async () => {
    const sys = await loadFixture(systemWithManager);
    const { manager, keeper, oracle } = sys;
    await time.increase(2 * 86_400);
    await scenario.setPrice(sys.dep, "WETH", "3000"); // only WETH's feeds post
    expect(await oracle.isHealthy(sys.asset("WETH").address)).to.equal(true);
    expect(await oracle.isHealthy(sys.asset("USDC").address)).to.equal(false);
    await expect(as(manager, keeper).open(WETH(1n), USDC(3000n))).to.be.revertedWithCustomError(manager, "OracleUnhealthy");
  });
});

import { expect } from "chai";
import { ethers } from "hardhat";
import type { Contract } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { deployedSystem, as, WAD } from "./fixtures";
import { eventsOf } from "./events";
import { arbitrageLpPoolTo, poolAbi } from "./venues-fixtures";
import { LP_FEE_TIER, scenario } from "../src";
import { amountsForLiquidity, fullRangeTicks, fundLiquidityPosition, sqrtPriceX96AtTick, uniswapArtifact } from "../src/venues";

const USDC = (n: bigint) => n * 10n ** 6n;

/** The deployed system with handles on the LP position's pool and position manager. */
async function systemWithLp() {
  const sys = await deployedSystem();
  const pool = new ethers.Contract(await sys.lp.pool(), poolAbi(), sys.owner) as unknown as Contract;
  const npm = new ethers.Contract(await sys.lp.positionManager(), uniswapArtifact("NonfungiblePositionManager").abi, sys.owner) as unknown as Contract;
  return { ...sys, pool, npm };
}

/** A second position on the same pool, controlled by the owner, over `ticks` around the current tick. */
async function ownersPosition(sys: Awaited<ReturnType<typeof systemWithLp>>, halfWidthTicks: number) {
  const [, tick] = await sys.pool.slot0();
  const spacing = Number(await sys.pool.tickSpacing());
  const centre = Math.floor(Number(tick) / spacing) * spacing;
  const f = await ethers.getContractFactory("UniswapV3LiquidityPosition");
  const p = await f.deploy(await sys.npm.getAddress(), await sys.pool.getAddress(), sys.asset("WETH").address, centre - halfWidthTicks, centre + halfWidthTicks, sys.owner.address);
  await p.waitForDeployment();
  return p as unknown as Contract;
}

describe("UniswapV3LiquidityPosition: the hedger's LP leg on a real Uniswap v3 position", () => {
  it("the deployed LP is a full-range position the hedger controls; its amounts are the position's at the pool price", async () => {
    const { lp, npm, pool, hedger, oracle, asset, dep } = await loadFixture(systemWithLp);
    expect(await lp.controller()).to.equal(await hedger.getAddress());
    const id: bigint = await lp.tokenId();
    expect(id).to.be.greaterThan(0n);
    expect(await npm.ownerOf(id)).to.equal(await lp.getAddress());
    const pos = await npm.positions(id);
    const full = fullRangeTicks(LP_FEE_TIER);
    expect([Number(pos.tickLower), Number(pos.tickUpper), Number(pos.fee)]).to.deep.equal([full.tickLower, full.tickUpper, LP_FEE_TIER]);
    expect(await lp.liquidity()).to.equal(pos.liquidity);
    // it sits in the perp's WETH/USDC pool beside the market maker's ranges: part of the in-range liquidity
    expect(await pool.liquidity()).to.be.greaterThan(pos.liquidity);
    const [weth, usdc] = await lp.amounts();
    expect(Number(weth) / 1e18).to.be.closeTo(10, 1e-9);
    expect(Number(usdc) / 1e6).to.be.closeTo(30_000, 0.01);
    const [sqrtP] = await pool.slot0();
    const [a0, a1] = await lp.amountsForLiquidity(sqrtP, pos.liquidity);
    expect((await pool.token0()) === asset("WETH").address ? [a0, a1] : [a1, a0]).to.deep.equal([weth, usdc]);
    // the hedger values it at the oracle, with nothing on the perp yet
    const value = (weth * ((await oracle.priceOf(asset("WETH").address)) as bigint)) / WAD + (usdc * 10n ** 12n * ((await oracle.priceOf(asset("USDC").address)) as bigint)) / WAD;
    expect(await hedger.positionValueUsd()).to.be.closeTo(value, 2n);
    expect(dep.contracts.LPPool).to.not.equal(undefined);
  });

  it("only the controller adds, exits or hands over control; the hedger's exitLp only from its own exit", async () => {
    const { lp, hedger, owner, keeper, stranger, guardian } = await loadFixture(systemWithLp);
    const now = BigInt(await time.latest());
    for (const who of [owner, keeper, stranger, guardian]) {
      const c = as(lp, who);
      await expect(c.addLiquidity(1n, 1n, 0n, 0n, now + 60n)).to.be.revertedWithCustomError(lp, "NotController").withArgs(who.address);
      await expect(c.exit(who.address)).to.be.revertedWithCustomError(lp, "NotController").withArgs(who.address);
      await expect(c.setController(who.address)).to.be.revertedWithCustomError(lp, "NotController").withArgs(who.address);
      await expect(as(hedger, who).exitLp()).to.be.revertedWithCustomError(hedger, "OnlySelf");
    }
    expect(await lp.tokenId()).to.be.greaterThan(0n);
  });

  it("bounds the controller: no deadline beyond an hour, none expired, no empty add, no zero controller, no bad range", async () => {
    const sys = await loadFixture(systemWithLp);
    const { tokens, owner, npm, pool, asset } = sys;
    const p = await ownersPosition(sys, 600);
    const now = BigInt(await time.latest());
    await expect(p.addLiquidity(WAD, USDC(3000n), 0n, 0n, now + 7200n)).to.be.revertedWithCustomError(p, "DeadlineTooFar");
    await (await tokens.WETH.mint(owner.address, WAD)).wait();
    await (await tokens.USDC.mint(owner.address, USDC(3000n))).wait();
    await (await tokens.WETH.approve(await p.getAddress(), WAD)).wait();
    await (await tokens.USDC.approve(await p.getAddress(), USDC(3000n))).wait();
    await expect(p.addLiquidity(WAD, USDC(3000n), 0n, 0n, now)).to.be.revertedWith("Transaction too old"); // Uniswap's own check
    await expect(p.addLiquidity(0n, 0n, 0n, 0n, now + 60n)).to.be.revertedWithCustomError(p, "ZeroAmount");
    await expect(p.setController(ethers.ZeroAddress)).to.be.revertedWithCustomError(p, "ZeroAddress");
    await expect(p.exit(ethers.ZeroAddress)).to.be.revertedWithCustomError(p, "ZeroAddress");
    const f = await ethers.getContractFactory("UniswapV3LiquidityPosition");
    const args = (a: string, lo: number, hi: number) => [npm.target, pool.target, a, lo, hi, owner.address] as const;
    await expect(f.deploy(...args(asset("LINK").address, -600, 600))).to.be.revertedWithCustomError(f, "AssetNotInPool");
    await expect(f.deploy(...args(asset("WETH").address, -610, 600))).to.be.revertedWithCustomError(f, "InvalidRange"); // off the 60-tick spacing
    await expect(f.deploy(...args(asset("WETH").address, 600, 600))).to.be.revertedWithCustomError(f, "InvalidRange");
    expect(await p.tokenId()).to.equal(0n);
    expect(await p.amounts()).to.deep.equal([0n, 0n]);
  });

  it("a concentrated range is all stablecoin once the price leaves it upward; the exit pays out the fees the swap left", async () => {
    const sys = await loadFixture(systemWithLp);
    const { tokens, owner, lp } = sys;
    const p = await ownersPosition(sys, 600); // about ±6 %
    await (await tokens.WETH.mint(owner.address, WAD)).wait();
    await (await tokens.USDC.mint(owner.address, USDC(4000n))).wait();
    const [wethBefore, usdcBefore]: bigint[] = [await tokens.WETH.balanceOf(owner.address), await tokens.USDC.balanceOf(owner.address)];
    const funded = await fundLiquidityPosition(p, owner, { asset: tokens.WETH, stable: tokens.USDC }, WAD, USDC(4000n));
    const [added] = eventsOf(p, funded, "LiquidityAdded");
    expect(WAD - added.args.assetAmount).to.be.lessThan(10n ** 6n); // the asset limited the add (less liquidity rounding)
    // whatever the position manager did not take came back to the controller
    expect(await tokens.WETH.balanceOf(owner.address)).to.equal(wethBefore - added.args.assetAmount);
    expect(await tokens.USDC.balanceOf(owner.address)).to.equal(usdcBefore - added.args.stableAmount);
    expect(await tokens.USDC.balanceOf(await p.getAddress())).to.equal(0n);
    await arbitrageLpPoolTo(lp, "3500"); // ~+17 %: through the whole range
    const [assetLeft, stableNow] = await p.amounts();
    expect(assetLeft).to.equal(0n);
    // all of it is now the stablecoin the range's liquidity holds across the whole range (bigint arithmetic of our own)
    const [lower, upper, liquidity] = [Number(await p.tickLower()), Number(await p.tickUpper()), await p.liquidity()];
    const [sl, su] = [sqrtPriceX96AtTick(lower), sqrtPriceX96AtTick(upper)];
    const stableIsToken0 = (await sys.pool.token0()) === sys.asset("USDC").address;
    // the price left the range on the stablecoin's side: token0 at its lower edge, token1 at its upper edge
    const allStable = stableIsToken0 ? amountsForLiquidity(liquidity, sl, sl, su).amount0 : amountsForLiquidity(liquidity, su - 1n, sl, su).amount1;
    expect(stableNow).to.be.closeTo(allStable, 2n);
    expect(stableNow).to.be.greaterThan(added.args.stableAmount); // it sold its WETH on the way up
    const receipt = await (await p.exit(owner.address)).wait();
    const [removed] = eventsOf(p, receipt, "LiquidityRemoved");
    expect(removed.args.assetAmount).to.equal(0n);
    expect(removed.args.stableAmount).to.be.greaterThan(stableNow); // plus the 0.3 % fees earned in range
    expect(await p.tokenId()).to.equal(0n);
  });

  it("the hedger follows the real position: the pool moves, the LP delta moves, the hedge re-sizes to it", async () => {
    const { lp, hedger, keeper, dep } = await loadFixture(systemWithLp);
    await (await as(hedger, keeper).hedge()).wait();
    await time.increase(60);
    await scenario.refreshFeeds(dep);
    await scenario.setPrice(dep, "WETH", "2400");
    expect(await hedger.hedgeRatio()).to.equal(WAD); // the oracle alone does not move a real pool
    await arbitrageLpPoolTo(lp, "2400"); // the pool bought WETH on the way down
    const [weth] = await lp.amounts();
    expect(Number(weth) / 1e18).to.be.closeTo(10 * Math.sqrt(3000 / 2400), 1e-6);
    const receipt = await (await as(hedger, keeper).hedge()).wait();
    const [h] = eventsOf(hedger, receipt, "Hedge");
    expect(h.args.sizeAfter).to.equal(-weth);
    expect(await hedger.hedgeRatio()).to.equal(WAD);
  });
});

import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { as, WAD } from "./fixtures";
import { eventsOf } from "./events";
import { movePool, systemWithManager, TWAP_WINDOW, type ManagerSystem } from "./liquidity-fixtures";
import { deployManager, scenario, LIQUIDITY_COST_CONFIG } from "../src";
import { amountsForLiquidity, sqrtPriceX96AtTick } from "../src/venues";

const WETH = (n: bigint) => n * WAD;
const USDC = (n: bigint) => n * 10n ** 6n;
const coder = ethers.AbiCoder.defaultAbiCoder();

/** The manager (10 WETH, 30,000 USDC opened in its best tier) and the full-range LP position, both the vault's. */
async function openedManager() {
  const sys = await systemWithManager([3000]);
  await (await as(sys.manager, sys.keeper).open(WETH(10n), USDC(30_000n))).wait();
  return sys;
}

/**
 * The asset the manager's position holds, computed here from its liquidity and range (the position manager's
 * record) at the pool's √price, plus the fees owed to it: Uniswap's formulas, not the contract's.
 */
async function managerAssetFromPosition(sys: ManagerSystem): Promise<bigint> {
  const id: bigint = await sys.manager.tokenId();
  const pos = await sys.npm.positions(id);
  const pool = sys.pools[Number(await sys.manager.fee())];
  const [sqrtPriceX96] = await pool.slot0();
  const { amount0, amount1 } = amountsForLiquidity(pos.liquidity, sqrtPriceX96, sqrtPriceX96AtTick(Number(pos.tickLower)), sqrtPriceX96AtTick(Number(pos.tickUpper)));
  const wethIs0 = BigInt(sys.asset("WETH").address) < BigInt(sys.asset("USDC").address);
  return wethIs0 ? amount0 + pos.tokensOwed0 : amount1 + pos.tokensOwed1;
}

async function lpAsset(sys: ManagerSystem): Promise<bigint> {
  const [x] = await sys.lp.amounts();
  return x;
}

describe("Hedger: the LP delta includes the liquidity manager's position", () => {
  it("adds the manager's asset, from its liquidity and range at the pool price, to the LP position's", async () => {
    const sys = await loadFixture(openedManager);
    const { hedger, manager, owner } = sys;
    expect(await hedger.lpDelta()).to.equal(await lpAsset(sys)); // not set yet: the LP position alone
    const receipt = await (await as(hedger, owner).setLiquidityManager(manager.target)).wait();
    const [set] = eventsOf(hedger, receipt, "LiquidityManagerSet");
    expect(set.args.manager).to.equal(manager.target);
    expect(await hedger.liquidityManager()).to.equal(manager.target);

    const [managed] = await manager.positionAmounts();
    expect(managed).to.be.greaterThan(WETH(1n));
    // the contract rounds down where minting rounds up: at most a wei apart
    const expected = await managerAssetFromPosition(sys);
    expect(expected - managed).to.be.within(0n, 1n);
    expect(await hedger.lpDelta()).to.equal((await lpAsset(sys)) + managed);
  });

  it("hedges the whole exposure, and re-hedges when the manager's range moves its asset", async () => {
    const sys = await loadFixture(openedManager);
    const { hedger, manager, owner, keeper } = sys;
    await (await as(hedger, owner).setLiquidityManager(manager.target)).wait();
    await (await as(hedger, keeper).hedge()).wait();
    const delta: bigint = await hedger.lpDelta();
    expect(await hedger.perpSize()).to.equal(-delta);

    // the price rises 3 %: the concentrated range sells WETH faster than the full range does
    const [before] = await manager.positionAmounts();
    await movePool(sys, 3000, "3090");
    await scenario.setPrice(sys.dep, "WETH", "3090");
    await time.increase(TWAP_WINDOW + 60);
    await scenario.refreshFeeds(sys.dep);
    await (await sys.oracle.updateAll()).wait();
    const [after] = await manager.positionAmounts();
    expect(after).to.be.lessThan(before);
    const moved: bigint = await hedger.lpDelta();
    expect(moved).to.equal((await lpAsset(sys)) + after);
    // the LP position alone would stay inside the ±10 % band (√(3000/3090) = 0.985); with the manager's
    // narrow range (its σ is the floor, 0.5 % a day) mostly sold into the rise, the whole exposure does not
    const ratio: bigint = await hedger.hedgeRatio();
    expect(ratio).to.equal((moved * WAD) / delta);
    expect(await hedger.outsideBand(ratio)).to.equal(true);
    expect(await hedger.hedgeNeeded()).to.equal(true);
    await (await as(hedger, keeper).hedge()).wait();
    expect(await hedger.perpSize()).to.equal(-moved);
  });

  it("takes the manager out of the delta when set to zero", async () => {
    const sys = await loadFixture(openedManager);
    const { hedger, manager, owner } = sys;
    await (await as(hedger, owner).setLiquidityManager(manager.target)).wait();
    await (await as(hedger, owner).setLiquidityManager(ethers.ZeroAddress)).wait();
    expect(await hedger.lpDelta()).to.equal(await lpAsset(sys));
  });

  it("refuses the setter to a stranger, the keeper and the guardian", async () => {
    const sys = await loadFixture(openedManager);
    const { hedger, manager, stranger, keeper, guardian } = sys;
    for (const who of [stranger, keeper, guardian]) {
      await expect(as(hedger, who).setLiquidityManager(manager.target)).to.be.revertedWithCustomError(hedger, "NotManagement");
    }
    expect(await hedger.liquidityManager()).to.equal(ethers.ZeroAddress);
  });

  it("refuses a manager of another asset with ManagerPairMismatch, and a contract that is no manager", async () => {
    const sys = await loadFixture(openedManager);
    const { hedger, owner, vault } = sys;
    const link = sys.asset("LINK").address;
    const other = await deployManager(owner, {
      vault: await vault.getAddress(), positionManager: await sys.npm.getAddress(), factory: await sys.factory.getAddress(),
      swapRouter: await sys.router.getAddress(), asset: link, gasToken: sys.asset("WETH").address,
      management: owner.address, guardian: owner.address, feeTiers: [3000],
    });
    await expect(as(hedger, owner).setLiquidityManager(other.manager.target))
      .to.be.revertedWithCustomError(hedger, "ManagerPairMismatch")
      .withArgs(other.manager.target, link, sys.asset("USDC").address);
    await expect(as(hedger, owner).setLiquidityManager(vault.target)).to.be.reverted;
    expect(await hedger.liquidityManager()).to.equal(ethers.ZeroAddress);
  });
});

describe("KeeperGateway: the liquidity manager's upkeeps", () => {
  async function wired() {
    const sys = await openedManager();
    const { gateway, manager, owner } = sys;
    await (await as(gateway, owner).setLiquidityManager(manager.target)).wait();
    await (await as(manager, owner).setKeeper(gateway.target, true)).wait();
    return sys;
  }

  it("reports collect due once the manager's interval has passed, and performs it", async () => {
    const sys = await loadFixture(wired);
    const { gateway, manager, keeper } = sys;
    expect(await gateway.collectDue()).to.equal(false);
    await time.increase(Number(LIQUIDITY_COST_CONFIG.collectInterval));
    await scenario.refreshFeeds(sys.dep);
    await (await sys.oracle.updateAll()).wait();
    expect(await gateway.collectDue()).to.equal(true);
    // the other upkeeps come first; the collection is reported once none of them is due
    for (let i = 0; i < 6; i++) {
      const [needed, data] = await gateway.checkUpkeep("0x");
      if (!needed) break;
      const action = Number(coder.decode(["uint8"], data)[0]);
      const receipt = await (await as(gateway, keeper).performUpkeep(data)).wait();
      if (action === 6) {
        expect(eventsOf(manager, receipt, "FeesCollected")).to.have.length(1);
        break;
      }
    }
    expect(await gateway.collectDue()).to.equal(false);
    await expect(as(gateway, keeper).performUpkeep(coder.encode(["uint8"], [6]))).to.be.revertedWithCustomError(gateway, "UpkeepNotNeeded").withArgs(6);
  });

  it("reports a re-range due when the price leaves the range, at most once per spacing", async () => {
    const sys = await loadFixture(wired);
    const { gateway, manager, keeper } = sys;
    expect(await gateway.rerangeDue()).to.equal(false);
    const [lower, upper] = [Number(await manager.tickLower()), Number(await manager.tickUpper())];
    // far outside the range: 25 % up
    await movePool(sys, 3000, "3750");
    await scenario.setPrice(sys.dep, "WETH", "3750");
    await time.increase(TWAP_WINDOW + 60);
    await scenario.refreshFeeds(sys.dep);
    await (await sys.oracle.updateAll()).wait();
    const [, tick] = await sys.pools[3000].slot0();
    expect(Number(tick) < lower || Number(tick) >= upper).to.equal(true);
    expect(await gateway.rerangeDue()).to.equal(true);
    const receipt = await (await as(gateway, keeper).performUpkeep(coder.encode(["uint8"], [5]))).wait();
    const [decision] = eventsOf(manager, receipt, "Decision");
    expect(decision).to.not.equal(undefined);
    // whatever it decided, the gateway does not ask again within the spacing
    expect(await gateway.rerangeDue()).to.equal(false);
  });

  it("refuses its setter to all but management", async () => {
    const sys = await loadFixture(wired);
    for (const who of [sys.stranger, sys.keeper, sys.guardian]) {
      await expect(as(sys.gateway, who).setLiquidityManager(ethers.ZeroAddress)).to.be.revertedWithCustomError(sys.gateway, "NotManagement");
    }
  });
});

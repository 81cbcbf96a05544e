import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { deployedSystem, as } from "./fixtures";
import { eventsOf } from "./events";
import { scenario } from "../src";

const coder = ethers.AbiCoder.defaultAbiCoder();
const action = (a: number) => coder.encode(["uint8"], [a]);

describe("KeeperGateway", () => {
  it("reports the due actions in priority order and performs each, re-checking", async () => {
    const { dep, gateway, rebalancer, harvester, hedger, keeper, stranger } = await loadFixture(deployedSystem);
    // Fresh deployment: weights are set, a rebalance and a hedge are due.
    let [needed, data] = await gateway.checkUpkeep("0x");
    expect(needed).to.equal(true);
    expect(data).to.equal(action(2));
    // Only the keeper set performs; the gateway and the module re-check everything.
    await expect(as(gateway, stranger).performUpkeep(data)).to.be.revertedWithCustomError(gateway, "NotKeeper").withArgs(stranger.address);
    let receipt = await (await as(gateway, keeper).performUpkeep(data)).wait();
    expect(eventsOf(gateway, receipt, "UpkeepPerformed")[0].args.toArray()).to.deep.equal([2n, keeper.address, data]);
    expect(eventsOf(rebalancer, receipt, "Rebalance")).to.have.length(1);
    await expect(gateway.performUpkeep(action(2))).to.be.revertedWithCustomError(gateway, "UpkeepNotNeeded").withArgs(2);

    [needed, data] = await gateway.checkUpkeep("0x");
    expect(data).to.equal(action(4));
    receipt = await (await gateway.performUpkeep(data)).wait();
    expect(eventsOf(hedger, receipt, "Hedge")).to.have.length(1);
    expect((await gateway.checkUpkeep("0x"))[0]).to.equal(false);

    await scenario.accrueYield(dep, "LINK", "20");
    [needed, data] = await gateway.checkUpkeep("0x");
    expect(data).to.equal(action(3));
    receipt = await (await gateway.performUpkeep(data)).wait();
    expect(eventsOf(harvester, receipt, "Harvest").length).to.be.at.least(1);

    await time.increase(86400);
    await scenario.refreshFeeds(dep);
    [needed, data] = await gateway.checkUpkeep("0x");
    expect(data).to.equal(action(1));
    receipt = await (await gateway.performUpkeep(data)).wait();
    expect(eventsOf(rebalancer, receipt, "TargetWeightsUpdated")).to.have.length(1);
  });

  it("rejects unknown actions and halts while paused", async () => {
    const { gateway, guardian } = await loadFixture(deployedSystem);
    await expect(gateway.performUpkeep(action(9))).to.be.revertedWithCustomError(gateway, "UnknownAction").withArgs(9);
    await expect(gateway.performUpkeep(action(3))).to.be.revertedWithCustomError(gateway, "UpkeepNotNeeded").withArgs(3);
    await (await as(gateway, guardian).pause()).wait();
    expect((await gateway.checkUpkeep("0x"))[0]).to.equal(false);
    await expect(gateway.performUpkeep(action(2))).to.be.revertedWithCustomError(gateway, "EnforcedPause");
  });

  it("sells for tax-loss harvesting only for keepers, locking repurchase", async () => {
    const { dep, gateway, rebalancer, keeper, stranger, asset } = await loadFixture(deployedSystem);
    const link = asset("LINK").address;
    const until = BigInt(await time.latest()) + 31n * 86400n;
    const amount = ethers.parseEther("1000");
    await expect(as(gateway, stranger).harvestLoss(link, amount, 1n, until, BigInt(await time.latest()) + 1800n))
      .to.be.revertedWithCustomError(gateway, "NotKeeper")
      .withArgs(stranger.address);
    const receipt = await (await as(gateway, keeper).harvestLoss(link, amount, 14_000_000_000n, until, BigInt(await time.latest()) + 1800n)).wait();
    const [lh] = eventsOf(rebalancer, receipt, "LossHarvested");
    expect(lh.args.asset).to.equal(link);
    expect(lh.args.tokenOut).to.equal(asset("USDC").address);
    expect(lh.args.amountIn).to.equal(amount);
    expect(lh.args.amountOut).to.be.greaterThan(14_000_000_000n);
    expect(lh.args.feeAmountIn).to.equal(amount * 3000n / 1_000_000n);
    expect(lh.args.lockoutUntil).to.equal(until);
    const [lock] = eventsOf(rebalancer, receipt, "PurchaseLockoutSet");
    expect(lock.index).to.be.greaterThan(lh.index);
    expect(await rebalancer.lockedUntil(link)).to.equal(until);
    void dep;
  });
});

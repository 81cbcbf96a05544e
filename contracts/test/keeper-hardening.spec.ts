import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { deployedSystem, as, WAD } from "./fixtures";
import { VENUE_CONFIG } from "../src";
import { eventsOf } from "./events";

const coder = ethers.AbiCoder.defaultAbiCoder();
const action = (a: number) => coder.encode(["uint8"], [a]);
const DAY = 86400n;

async function attacker() {
  const f = await ethers.getContractFactory("PoolPushAttacker");
  const a = await f.deploy();
  await a.waitForDeployment();
  return a as any;
}

describe("M2: only the keeper set times a trade, and the venue is checked against the oracle", () => {
  it("refuses a stranger's upkeep run in the same transaction as their pool push", async () => {
    const { gateway, router, asset } = await loadFixture(deployedSystem);
    const a = await attacker();
    expect((await gateway.checkUpkeep("0x"))[1]).to.equal(action(2)); // a rebalance is due
    await expect(a.pushAndPerform(await router.getAddress(), asset("WETH").address, -100, await gateway.getAddress(), action(2)))
      .to.be.revertedWithCustomError(gateway, "NotKeeper")
      .withArgs(await a.getAddress());
  });

  it("refuses a rebalance through a pool pushed 100 bps off the oracle, even for a (malicious) keeper", async () => {
    const { gateway, rebalancer, router, asset } = await loadFixture(deployedSystem);
    const a = await attacker();
    await (await gateway.setKeeper(await a.getAddress(), true)).wait();
    await expect(a.pushAndPerform(await router.getAddress(), asset("WETH").address, -100, await gateway.getAddress(), action(2)))
      .to.be.revertedWithCustomError(rebalancer, "VenuePriceOff")
      .withArgs(asset("WETH").address, 2970n * WAD, 3000n * WAD);
  });

  it("trades through a pool within the deviation bound, and a keeper's upkeep reports its caller", async () => {
    const { gateway, rebalancer, router, keeper, asset } = await loadFixture(deployedSystem);
    await (await router.setSkewBps(asset("WETH").address, -30)).wait();
    const receipt = await (await as(gateway, keeper).performUpkeep(action(2))).wait();
    expect(eventsOf(rebalancer, receipt, "Rebalance")).to.have.length(1);
    expect(eventsOf(gateway, receipt, "UpkeepPerformed")[0].args.caller).to.equal(keeper.address);
  });

  it("refuses a loss harvest into a pushed pool", async () => {
    const { rebalancer, router, keeper, asset } = await loadFixture(deployedSystem);
    const link = asset("LINK").address;
    await (await router.setSkewBps(link, 100)).wait();
    const now = BigInt(await time.latest());
    await expect(as(rebalancer, keeper).harvestLoss(link, WAD * 100n, 0n, now + 31n * DAY, now + 1800n)).to.be.revertedWithCustomError(
      rebalancer,
      "VenuePriceOff",
    );
  });

  it("cuts each rebalance trade to 1 % of the venue's depth instead of paying the impact", async () => {
    const { rebalancer, router, keeper } = await loadFixture(deployedSystem);
    await (await router.setDepthUsd(1_000_000n * WAD)).wait(); // a $200k trade would move it ~17 %
    const receipt = await (await as(rebalancer, keeper).rebalance()).wait();
    const trades = eventsOf(rebalancer, receipt, "Trade");
    expect(trades.length).to.be.greaterThan(0);
    const vault = await ethers.getContractAt("Vault", await rebalancer.vault());
    for (const t of trades) {
      const dec = BigInt(await vault.decimalsOf(t.args.tokenIn));
      const usd = ((t.args.amountIn as bigint) * (t.args.priceInUsd as bigint)) / 10n ** dec;
      expect(usd <= 10_000n * WAD).to.equal(true, `trade of $${ethers.formatEther(usd)}`);
    }
  });

  it("bounds the venue configuration", async () => {
    const { rebalancer, stranger } = await loadFixture(deployedSystem);
    expect(await rebalancer.venueConfig()).to.deep.equal(Object.values(VENUE_CONFIG).map(BigInt)); // as deploySystem sets it
    await expect(as(rebalancer, stranger).setVenueConfig([50, 1800, 100])).to.be.revertedWithCustomError(rebalancer, "NotManagement");
    for (const bad of [[0, 1800, 100], [501, 1800, 100], [50, 0, 100], [50, 86401, 100], [50, 1800, 0], [50, 1800, 10_001]]) {
      await expect(rebalancer.setVenueConfig(bad)).to.be.revertedWithCustomError(rebalancer, "InvalidConfig");
    }
    await expect(rebalancer.setVenueConfig([100, 600, 200])).to.emit(rebalancer, "VenueConfigSet");
  });
});

import { expect } from "chai";
import { ethers, network } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { deployedSystem, as } from "./fixtures";
import { eventsOf } from "./events";

/** A lot's key as the gateway takes it: chainId << 128 | block << 64 | logIndex (the subgraph's Lot id "<block>-<logIndex>" on that chain). */
function lotKey(chainId: bigint, block: bigint, logIndex: bigint): bigint {
  return (chainId << 128n) | (block << 64n) | logIndex;
}

async function chainId(): Promise<bigint> {
  return BigInt(await network.provider.send("eth_chainId"));
}

const DAY = 86_400n;

describe("KeeperGateway.harvestLossIdentified: the lots a loss harvest relieves, named in its transaction", () => {
  async function harvestArgs() {
    const f = await loadFixture(deployedSystem);
    const link = f.asset("LINK").address;
    const now = BigInt(await time.latest());
    const head = BigInt(await ethers.provider.getBlockNumber());
    const id = await chainId();
    return { ...f, link, until: now + 31n * DAY, deadline: now + 1800n, head, id };
  }

  it("sells and emits LotsIdentified after LossHarvested, in the same transaction, with the keys and amounts given", async () => {
    const { gateway, rebalancer, keeper, link, until, deadline, head, id } = await harvestArgs();
    const amount = ethers.parseEther("1000");
    const lots = [lotKey(id, head - 3n, 7n), lotKey(id, head, 0n)];
    const amounts = [ethers.parseEther("600"), ethers.parseEther("400")];
    const receipt = await (await as(gateway, keeper).harvestLossIdentified(link, amount, 1n, until, deadline, lots, amounts)).wait();
    const [lh] = eventsOf(rebalancer, receipt, "LossHarvested");
    const [ident] = eventsOf(gateway, receipt, "LotsIdentified");
    expect(lh.args.amountIn).to.equal(amount);
    expect(ident.index).to.be.greaterThan(lh.index);
    expect(ident.args.asset).to.equal(link);
    expect(ident.args.amount).to.equal(amount);
    expect([...ident.args.lots]).to.deep.equal(lots);
    expect([...ident.args.amounts]).to.deep.equal(amounts);
  });

  it("refuses a stranger, and everything while paused", async () => {
    const { gateway, guardian, stranger, link, until, deadline, head, id } = await harvestArgs();
    const args = [link, 10n, 1n, until, deadline, [lotKey(id, head, 0n)], [10n]] as const;
    await expect(as(gateway, stranger).harvestLossIdentified(...args)).to.be.revertedWithCustomError(gateway, "NotKeeper").withArgs(stranger.address);
    await (await as(gateway, guardian).pause()).wait();
    await expect(gateway.harvestLossIdentified(...args)).to.be.revertedWithCustomError(gateway, "EnforcedPause");
  });

  it("refuses amounts that do not add up to the amount sold (short, over, overflowing) and a lot with nothing taken", async () => {
    const { gateway, keeper, link, until, deadline, head, id } = await harvestArgs();
    const g = as(gateway, keeper);
    const lots = [lotKey(id, head, 1n), lotKey(id, head, 2n)];
    await expect(g.harvestLossIdentified(link, 1000n, 1n, until, deadline, lots, [600n, 399n])).to.be.revertedWithCustomError(gateway, "LotAmountsMismatch").withArgs(999n, 1000n);
    await expect(g.harvestLossIdentified(link, 1000n, 1n, until, deadline, lots, [600n, 401n])).to.be.revertedWithCustomError(gateway, "LotAmountsMismatch").withArgs(1001n, 1000n);
    await expect(g.harvestLossIdentified(link, 1000n, 1n, until, deadline, lots, [1000n, 0n])).to.be.revertedWithCustomError(gateway, "ZeroLotAmount").withArgs(lots[1]);
    // a sum that would overflow is a revert, not a wrap-around to the amount sold
    await expect(g.harvestLossIdentified(link, 1000n, 1n, until, deadline, lots, [ethers.MaxUint256, 1001n])).to.be.revertedWithPanic(0x11);
  });

  it("refuses no lots, more than MAX_IDENTIFIED_LOTS, and arrays of different lengths", async () => {
    const { gateway, keeper, link, until, deadline, head, id } = await harvestArgs();
    const g = as(gateway, keeper);
    const max = Number(await gateway.MAX_IDENTIFIED_LOTS());
    expect(max).to.equal(32);
    await expect(g.harvestLossIdentified(link, 1n, 1n, until, deadline, [], [])).to.be.revertedWithCustomError(gateway, "LotCount").withArgs(0, 0);
    const many = Array.from({ length: max + 1 }, (_, i) => lotKey(id, head, BigInt(i)));
    await expect(g.harvestLossIdentified(link, BigInt(max + 1), 1n, until, deadline, many, many.map(() => 1n))).to.be.revertedWithCustomError(gateway, "LotCount").withArgs(max + 1, max + 1);
    await expect(g.harvestLossIdentified(link, 2n, 1n, until, deadline, [lotKey(id, head, 0n)], [1n, 1n])).to.be.revertedWithCustomError(gateway, "LotCount").withArgs(1, 2);
  });

  it("refuses a lot of another chain and a lot from a block not mined yet", async () => {
    const { gateway, keeper, link, until, deadline, head, id } = await harvestArgs();
    const g = as(gateway, keeper);
    const foreign = lotKey(id + 1n, head, 0n);
    await expect(g.harvestLossIdentified(link, 5n, 1n, until, deadline, [foreign], [5n])).to.be.revertedWithCustomError(gateway, "LotNotOfThisChain").withArgs(foreign);
    const future = lotKey(id, head + 5n, 0n);
    await expect(g.harvestLossIdentified(link, 5n, 1n, until, deadline, [future], [5n])).to.be.revertedWithCustomError(gateway, "LotFromFutureBlock").withArgs(future);
  });

  it("reverts as a whole when the sale itself is refused (nothing identified without a sale)", async () => {
    const { gateway, rebalancer, keeper, link, until, head, id } = await harvestArgs();
    const now = BigInt(await time.latest());
    await expect(as(gateway, keeper).harvestLossIdentified(link, 5n, 1n, until, now - 1n, [lotKey(id, head, 0n)], [5n])).to.be.revertedWithCustomError(rebalancer, "DeadlineExpired");
  });

  it("costs a bounded amount of gas per lot named (figures printed for contracts/README.md)", async () => {
    const { gateway, keeper, link, head, id } = await harvestArgs();
    const g = as(gateway, keeper);
    const amount = ethers.parseEther("32");
    const gas: Record<number, bigint> = {};
    // a first sale writes the asset's lockout from zero; measured after it, both calls update warm slots alike
    const t0 = BigInt(await time.latest());
    await (await g.harvestLoss(link, amount, 1n, t0 + 31n * DAY, t0 + 1800n)).wait();
    for (const n of [1, 8, 32]) {
      const now = BigInt(await time.latest());
      const lots = Array.from({ length: n }, (_, i) => lotKey(id, head, BigInt(i)));
      const amounts = lots.map((_, i) => (i === 0 ? amount - BigInt(n - 1) * (amount / 32n) : amount / 32n));
      const withLots = (await (await g.harvestLossIdentified(link, amount, 1n, now + 31n * DAY, now + 1800n, lots, amounts)).wait())!.gasUsed;
      const now2 = BigInt(await time.latest());
      const plain = (await (await g.harvestLoss(link, amount, 1n, now2 + 31n * DAY, now2 + 1800n)).wait())!.gasUsed;
      gas[n] = BigInt(withLots) - BigInt(plain);
      console.log(`      identification of ${n} lot(s): +${gas[n]} gas over harvestLoss (${plain}), ${gas[n] / BigInt(n)} per lot`);
    }
    // the marginal cost of one more lot: calldata, the bounds checks and the event's two words
    const perLot = (gas[32] - gas[1]) / 31n;
    console.log(`      marginal gas per lot named: ${perLot}`);
    expect(perLot).to.be.lessThan(3_000n);
    expect(gas[1]).to.be.lessThan(10_000n);
  });
});

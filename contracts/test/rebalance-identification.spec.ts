import { expect } from "chai";
import { ethers, network } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import type { Contract } from "ethers";
import { deployedOnPools, as } from "./fixtures";
import { eventsOf } from "./events";
import { scenario } from "../src";

/** A lot's key as the gateway takes it: chainId << 128 | block << 64 | logIndex. */
function lotKey(chainId: bigint, block: bigint, logIndex: bigint): bigint {
  return (chainId << 128n) | (block << 64n) | logIndex;
}

const coder = ethers.AbiCoder.defaultAbiCoder();
const REBALANCE = 2;

interface Sale {
  asset: string;
  amount: bigint;
}

/** What rebalance() will sell, from the rebalancer's plan (values above target by more than minTradeUsd). */
async function plannedSales(rebalancer: Contract): Promise<Sale[]> {
  // a Result's own .values() shadows the struct's field: read the fields by position
  const [assets, decimals, prices, values, targets]: [string[], bigint[], bigint[], bigint[], bigint[]] = await rebalancer.plan();
  const minTradeUsd: bigint = (await rebalancer.tradeConfig()).minTradeUsd;
  const sales: Sale[] = [];
  for (let i = 1; i < assets.length; i++) {
    if (values[i] <= targets[i] + minTradeUsd) continue;
    const amount = ((values[i] - targets[i]) * 10n ** BigInt(decimals[i])) / prices[i];
    if (amount > 0n) sales.push({ asset: assets[i], amount });
  }
  return sales;
}

/** The lots a sale of `sold` relieves from `lots` in order, each up to its `available` (the gateway's rule, restated). */
function relieve(sold: bigint, lots: bigint[], available: bigint[]): { lots: bigint[]; amounts: bigint[] } {
  const used: bigint[] = [];
  const amounts: bigint[] = [];
  let left = sold;
  for (let k = 0; k < lots.length && left > 0n; k++) {
    const take = available[k] < left ? available[k] : left;
    used.push(lots[k]);
    amounts.push(take);
    left -= take;
  }
  return { lots: used, amounts };
}

/**
 * The deployed system on Uniswap pools, rebalanced once, then a day later WETH +20 % and LINK +24 % (UNI −24 %):
 * the next rebalance is due and sells WETH and LINK, buys UNI.
 */
async function salesDueOnPools() {
  const f = await deployedOnPools();
  await (await as(f.gateway, f.keeper).performUpkeep(coder.encode(["uint8"], [REBALANCE]))).wait();
  await time.increase(86_400);
  await scenario.refreshFeeds(f.dep);
  await scenario.moveMarket(f.dep, { WETH: "3600", LINK: "18.6", UNI: "6.08" });
  return f;
}

async function setup() {
  const f = await loadFixture(salesDueOnPools);
  const id = BigInt(await network.provider.send("eth_chainId"));
  const head = BigInt(await ethers.provider.getBlockNumber());
  const vaultAddress = await f.vault.getAddress();
  const sales = await plannedSales(f.rebalancer);
  return { ...f, id, head, vaultAddress, sales };
}

describe("KeeperGateway.rebalanceIdentified: a rebalance's sales name their lots in its transaction", () => {
  it("on Uniswap pools: each asset sold gets LotsIdentified with the prefix of its lots that covers the vault's decrease", async () => {
    const { gateway, rebalancer, keeper, id, head, vaultAddress, sales, dep } = await setup();
    expect(sales.length).to.equal(2);
    const stable = dep.assets[0].address;
    const notSold = dep.assets.slice(1).map((a) => a.address).filter((a) => !sales.some((s) => s.asset === a));
    // per asset sold: a third, a third, then the whole balance (the last one used in part)
    const assets: string[] = [];
    const lots: bigint[][] = [];
    const available: bigint[][] = [];
    for (const [i, s] of sales.entries()) {
      const third = s.amount / 3n + 1n;
      assets.push(s.asset);
      lots.push([lotKey(id, head - 2n, BigInt(i)), lotKey(id, head - 1n, BigInt(i)), lotKey(id, head, BigInt(i)), lotKey(id, head, 100n + BigInt(i))]);
      available.push([third, third, s.amount * 2n, 5n]);
    }
    // an asset listed that the rebalance buys, not sells: nothing is recorded for it
    if (notSold[0]) {
      assets.push(notSold[0]);
      lots.push([lotKey(id, head, 50n)]);
      available.push([1n]);
    }
    const tokens = assets.map((a) => new ethers.Contract(a, ["function balanceOf(address) view returns (uint256)"], ethers.provider));
    const before: bigint[] = await Promise.all(tokens.map((t) => t.balanceOf(vaultAddress)));
    const receipt = await (await as(gateway, keeper).rebalanceIdentified(assets, lots, available)).wait();
    const after: bigint[] = await Promise.all(tokens.map((t) => t.balanceOf(vaultAddress)));

    const trades = eventsOf(rebalancer, receipt, "Trade").filter((t) => t.args.tokenOut === stable);
    const identified = eventsOf(gateway, receipt, "LotsIdentified");
    expect(identified).to.have.length(trades.length);
    expect(identified.length).to.equal(sales.length);
    for (const [i, a] of assets.entries()) {
      const ev = identified.find((e) => e.args.asset === a);
      const trade = trades.find((t) => t.args.tokenIn === a);
      if (!trade) {
        expect(ev, `nothing recorded for ${a}, bought`).to.equal(undefined);
        continue;
      }
      const sold = before[i] - after[i];
      expect(sold).to.equal(trade.args.amountIn);
      const expected = relieve(sold, lots[i], available[i]);
      expect(ev!.args.amount).to.equal(sold);
      expect([...ev!.args.lots]).to.deep.equal(expected.lots);
      expect([...ev!.args.amounts]).to.deep.equal(expected.amounts);
      expect(expected.lots).to.have.length(3); // two whole thirds, the rest from the third lot; the fourth unused
      expect(ev!.index).to.be.greaterThan(trade.index);
    }
    const [upkeep] = eventsOf(gateway, receipt, "UpkeepPerformed");
    expect(upkeep.args.toArray()).to.deep.equal([2n, keeper.address, coder.encode(["uint8"], [REBALANCE])]);
    expect(eventsOf(rebalancer, receipt, "Rebalance")).to.have.length(1);
  });

  it("costs little over performUpkeep(REBALANCE) (figures printed for contracts/README.md)", async () => {
    const plain = await setup();
    const plainGas = (await (await as(plain.gateway, plain.keeper).performUpkeep(coder.encode(["uint8"], [REBALANCE]))).wait())!.gasUsed;
    for (const n of [1, 8, 32]) {
      const s = await setup();
      const lots = s.sales.map((_, i) => Array.from({ length: n }, (_, k) => lotKey(s.id, s.head, BigInt(i * 64 + k))));
      const available = s.sales.map((x) => Array.from({ length: n }, () => x.amount / BigInt(n) + 1n));
      const gas = (await (await as(s.gateway, s.keeper).rebalanceIdentified(s.sales.map((x) => x.asset), lots, available)).wait())!.gasUsed;
      console.log(`      rebalanceIdentified, ${s.sales.length} asset(s) sold × ${n} lot(s): ${gas} gas, +${gas - plainGas} over performUpkeep(REBALANCE) (${plainGas})`);
      expect(gas - plainGas).to.be.lessThan(BigInt(s.sales.length) * (15_000n + 3_000n * BigInt(n)));
    }
  });

  it("refuses a stranger, and everything while paused", async () => {
    const { gateway, guardian, stranger, keeper, id, head, sales } = await setup();
    const args = [[sales[0].asset], [[lotKey(id, head, 0n)]], [[sales[0].amount]]] as const;
    await expect(as(gateway, stranger).rebalanceIdentified(...args)).to.be.revertedWithCustomError(gateway, "NotKeeper").withArgs(stranger.address);
    await (await as(gateway, guardian).pause()).wait();
    await expect(as(gateway, keeper).rebalanceIdentified(...args)).to.be.revertedWithCustomError(gateway, "EnforcedPause");
  });

  it("refuses a rebalance that is not due", async () => {
    const { gateway, keeper, id, head, sales } = await setup();
    await (await as(gateway, keeper).performUpkeep(coder.encode(["uint8"], [REBALANCE]))).wait();
    const args = [[sales[0].asset], [[lotKey(id, head, 0n)]], [[sales[0].amount]]] as const;
    await expect(as(gateway, keeper).rebalanceIdentified(...args)).to.be.revertedWithCustomError(gateway, "UpkeepNotNeeded").withArgs(REBALANCE);
  });

  it("refuses lists of different lengths, no assets, more assets than the vault holds, the stablecoin and an asset twice", async () => {
    const { gateway, keeper, id, head, sales, dep } = await setup();
    const g = as(gateway, keeper);
    const a = sales[0].asset;
    const lot = [lotKey(id, head, 0n)];
    const n = dep.assets.length;
    await expect(g.rebalanceIdentified([a], [lot, lot], [[1n]])).to.be.revertedWithCustomError(gateway, "AssetListLengths").withArgs(1, 2, 1, n);
    await expect(g.rebalanceIdentified([a], [lot], [])).to.be.revertedWithCustomError(gateway, "AssetListLengths").withArgs(1, 1, 0, n);
    await expect(g.rebalanceIdentified([], [], [])).to.be.revertedWithCustomError(gateway, "AssetListLengths").withArgs(0, 0, 0, n);
    const many = Array.from({ length: n + 1 }, () => a);
    await expect(g.rebalanceIdentified(many, many.map(() => lot), many.map(() => [1n]))).to.be.revertedWithCustomError(gateway, "AssetListLengths").withArgs(n + 1, n + 1, n + 1, n);
    await expect(g.rebalanceIdentified([dep.assets[0].address], [lot], [[1n]])).to.be.revertedWithCustomError(gateway, "AssetNotIdentifiable").withArgs(dep.assets[0].address);
    await expect(g.rebalanceIdentified([a, a], [lot, lot], [[1n], [1n]])).to.be.revertedWithCustomError(gateway, "AssetNotIdentifiable").withArgs(a);
  });

  it("refuses an asset with no lots, more than MAX_IDENTIFIED_LOTS, lots and amounts of different lengths, and a zero amount", async () => {
    const { gateway, keeper, id, head, sales } = await setup();
    const g = as(gateway, keeper);
    const a = sales[0].asset;
    await expect(g.rebalanceIdentified([a], [[]], [[]])).to.be.revertedWithCustomError(gateway, "LotCount").withArgs(0, 0);
    const many = Array.from({ length: 33 }, (_, k) => lotKey(id, head, BigInt(k)));
    await expect(g.rebalanceIdentified([a], [many], [many.map(() => sales[0].amount)])).to.be.revertedWithCustomError(gateway, "LotCount").withArgs(33, 33);
    await expect(g.rebalanceIdentified([a], [[lotKey(id, head, 0n)]], [[1n, 2n]])).to.be.revertedWithCustomError(gateway, "LotCount").withArgs(1, 2);
    const lots = [lotKey(id, head, 0n), lotKey(id, head, 1n)];
    await expect(g.rebalanceIdentified([a], [lots], [[sales[0].amount, 0n]])).to.be.revertedWithCustomError(gateway, "ZeroLotAmount").withArgs(lots[1]);
  });

  it("refuses a lot of another chain and one from a block not mined yet, even past the lots the sale needs", async () => {
    const { gateway, keeper, id, head, sales } = await setup();
    const g = as(gateway, keeper);
    const a = sales[0].asset;
    const good = lotKey(id, head, 0n);
    const foreign = lotKey(id + 1n, head, 0n);
    const future = lotKey(id, head + 5n, 0n);
    await expect(g.rebalanceIdentified([a], [[good, foreign]], [[sales[0].amount, 1n]])).to.be.revertedWithCustomError(gateway, "LotNotOfThisChain").withArgs(foreign);
    await expect(g.rebalanceIdentified([a], [[good, future]], [[sales[0].amount, 1n]])).to.be.revertedWithCustomError(gateway, "LotFromFutureBlock").withArgs(future);
  });

  it("reverts as a whole, with the figures, when the lots do not cover what was sold", async () => {
    const { gateway, rebalancer, keeper, id, head, sales } = await setup();
    const g = as(gateway, keeper);
    const s = sales[0];
    const lots = [lotKey(id, head, 0n), lotKey(id, head, 1n)];
    await expect(g.rebalanceIdentified([s.asset], [lots], [[s.amount / 2n, s.amount / 4n]]))
      .to.be.revertedWithCustomError(gateway, "LotsShort")
      .withArgs(s.asset, s.amount / 2n + s.amount / 4n, s.amount);
    // nothing happened: the rebalance is still due and still sells the same amount
    expect((await rebalancer.rebalanceNeeded())[0]).to.equal(true);
    expect((await plannedSales(rebalancer))[0].amount).to.equal(s.amount);
  });
});

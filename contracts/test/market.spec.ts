import { expect } from "chai";
import { ethers } from "hardhat";
import type { Contract, TransactionReceipt } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { deployedOnPools, as, WAD } from "./fixtures";
import { eventsOf } from "./events";
import { arbitrageSwap, noiseSwap, poolSqrtPrice, rawPrice, scenario, type MarketPool } from "../src";

const DAY = 86400n;
const bpsOff = (a: bigint, b: bigint) => Number(((a > b ? a - b : b - a) * 1_000_000n) / b) / 100;

/** The system as deployed, after its first rebalance through the pools (the keeper's first upkeep). */
async function rebalancedOnPools() {
  const sys = await deployedOnPools();
  const receipt = await (await as(sys.rebalancer, sys.keeper).rebalance()).wait();
  return { ...sys, first: receipt! };
}

function trades(rebalancer: Contract, receipt: TransactionReceipt) {
  return eventsOf(rebalancer, receipt, "Trade");
}

describe("The deployed system on the dev market (Uniswap v3 pools)", () => {
  it("rebalances through the market's pools: each Trade names its pool, pays the tier's fee and an impact near trade / depth", async () => {
    const { dep, rebalancer, vault, first } = await loadFixture(rebalancedOnPools);
    const pools = new Set(dep.market!.pools.map((p) => p.address));
    const ts = trades(rebalancer, first);
    expect(ts.length).to.be.greaterThan(0);
    const dec: Record<string, bigint> = Object.fromEntries(dep.assets.map((a) => [a.address, BigInt(a.decimals)]));
    for (const t of ts) {
      expect(pools.has(t.args.pool), `Trade pool ${t.args.pool}`).to.equal(true);
      expect(t.args.feeTier).to.equal(3000n);
      const inUsd = ((t.args.amountIn as bigint) * (t.args.priceInUsd as bigint)) / 10n ** dec[t.args.tokenIn];
      // impact vs the oracle: the fee (30 bps) plus about trade / depth, and within the rebalancer's slippage bound
      const impact = Number(t.args.priceImpactBps);
      expect(impact).to.be.at.least(25);
      expect(impact).to.be.at.most(35 + 50); // the fees and about trade / depth ≤ 0.5 %
      expect(inUsd).to.be.at.most(100_000n * WAD); // capped at 0.5 % of the route's depth ($20M at most)
    }
    const p = await rebalancer.plan();
    expect(p.maxDriftBps).to.be.lessThan(500n);
    expect(await vault.navUsd()).to.be.greaterThan(0n);
  });

  it("refuses to trade when the market has not followed the oracle, and trades again once the pools have (moveMarket)", async () => {
    const { dep, rebalancer, keeper, venue, asset } = await loadFixture(rebalancedOnPools);
    await time.increase(DAY);
    await scenario.refreshFeeds(dep);
    await scenario.setPrice(dep, "LINK", "18.6"); // +24 % (and UNI −24 %): the feeds move, the pools do not
    await scenario.setPrice(dep, "UNI", "6.08");
    await expect(as(rebalancer, keeper).rebalance()).to.be.revertedWithCustomError(rebalancer, "VenuePriceOff");
    await scenario.moveMarket(dep, { LINK: "18.6", UNI: "6.08" });
    const link = asset("LINK").address;
    const usdc = asset("USDC").address;
    const oracle: bigint = await dep.instances.OracleHub.priceOf(link);
    expect(bpsOff(await venue.spotPrice(link, usdc, 3000), oracle)).to.be.at.most(30); // inside the 0.3 % band
    expect(bpsOff(await venue.twapPrice(link, usdc, 3000, 1800), oracle)).to.be.at.most(30);
    const receipt = (await (await as(rebalancer, keeper).rebalance()).wait())!;
    const sold = trades(rebalancer, receipt).filter((t) => t.args.tokenIn === link);
    expect(sold).to.have.length(1);
  });

  it("harvests a loss through the pool: the sale fills at the pool, its impact recorded against the oracle", async () => {
    const { dep, rebalancer, keeper, asset } = await loadFixture(rebalancedOnPools);
    await time.increase(DAY);
    await scenario.moveMarket(dep, { UNI: "6.4" }); // −20 %: UNI's lots are at a loss; UNI routes through WETH
    const uni = asset("UNI").address;
    const amount = 100n * WAD;
    const now = BigInt(await time.latest());
    const receipt = (await (await as(rebalancer, keeper).harvestLoss(uni, amount, 1n, now + 31n * DAY, now + 1800n)).wait())!;
    const [h] = eventsOf(rebalancer, receipt, "LossHarvested");
    expect(h.args.amountIn).to.equal(amount);
    const routed = dep.market!.pools.find((p) => p.asset === "UNI")!;
    expect(h.args.pool).to.equal(routed.address);
    // $640 sold through two pools $12M+ deep: the legs' fees (0.3 % + 0.05 %) less the arbitrage's lag (the pools
    // stop inside their fee bands above the new price), no more than the two fees
    expect(Math.abs(Number(h.args.priceImpactBps))).to.be.at.most(35);
  });

  it("the arbitrageur leaves a pool inside its fee band alone and brings one outside it to the band's edge", async () => {
    const { dep, asset } = await loadFixture(deployedOnPools);
    const pool = dep.market!.pools.find((p) => p.asset === "WETH" && p.feeTier === 3000)! as MarketPool;
    const weth = asset("WETH");
    const usdc = asset("USDC");
    const sqrt = await poolSqrtPrice(pool, dep.signer);
    const at = (usd: bigint) => rawPrice(usd * 10n ** 8n, 10n ** 8n, weth.decimals, usdc.decimals);
    expect(arbitrageSwap(pool, weth.address, sqrt, at(3000n))).to.equal(undefined);
    expect(arbitrageSwap(pool, weth.address, sqrt, at(3005n))).to.equal(undefined); // 17 bps: inside 30
    const up = arbitrageSwap(pool, weth.address, sqrt, at(3300n))!;
    expect(up.tokenOut).to.equal(weth.address); // the pool is cheap: buy WETH
    const down = arbitrageSwap(pool, weth.address, sqrt, at(2700n))!;
    expect(down.tokenIn).to.equal(weth.address);
    // a noise trade worth $10k sells 10k / price of WETH
    const n = noiseSwap(pool, weth.address, usdc.address, false, 10_000n * 10n ** 6n, at(2500n));
    expect(n.amountIn).to.equal(4n * WAD);
    // the market moves +10 %: after the arbitrage the pool sits at the band's lower edge, ref × (1 − 0.3 %)
    await scenario.moveMarket(dep, { WETH: "3300" });
    const venue = dep.instances.Venue;
    const spot: bigint = await venue.spotPrice(weth.address, usdc.address, 3000);
    const edge = (3300n * WAD * 997n) / 1000n;
    expect(bpsOff(spot, edge)).to.be.lessThan(0.01);
  });

  it("moveMarket refuses an unknown asset before it trades or posts anything", async () => {
    const { dep } = await loadFixture(deployedOnPools);
    const head = await dep.signer.provider!.getBlockNumber();
    const err = await scenario.moveMarket(dep, { DOGE: "0.1" }).then(() => undefined, (e: Error) => e);
    expect(err?.message).to.match(/unknown asset symbol "DOGE"/);
    expect(await dep.signer.provider!.getBlockNumber()).to.equal(head);
  });

  it("deploys no venue a stranger could push: the market's pools are Uniswap's, and the venue holds nothing between calls", async () => {
    const { dep, venue } = await loadFixture(rebalancedOnPools);
    for (const a of dep.assets) expect(await dep.tokens[a.symbol].balanceOf(await venue.getAddress())).to.equal(0n);
    const factory = new ethers.Contract(dep.market!.uniswap.UniswapV3Factory, ["function getPool(address,address,uint24) view returns (address)"], dep.signer);
    for (const p of dep.market!.pools) expect(await factory.getPool(p.token0, p.token1, p.feeTier)).to.equal(p.address);
  });
});

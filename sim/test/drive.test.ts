/**
 * The market driving the deployed system on a real hardhat node (no graph-node, no keeper): prices,
 * yield, funding, a feed outage and its recovery, an outlier feed, a crash stepped under the circuit
 * breaker, and the same seed giving the same chain events twice.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { ethers } from "ethers";
import { DEFAULT_NOISE, deploySystem, poolSqrtPrice, rawPrice, type Deployment } from "@lotgraph/contracts";
import { uniswapArtifact } from "@lotgraph/contracts/src/venues/uniswap";
import { compileContracts, freePorts, HardhatNode } from "@lotgraph/stack";
import { defaultMarket, simulate, toFeedAnswer, DAY_SECONDS, type MarketConfig, type MarketDay } from "../src";
import { driveYear, priceSteps, type DayReport, type DriveSummary } from "../src/drive";

const DAYS = 12;
const FAULTS = [
  { day: 3, symbol: "LINK", kind: "stale" as const },
  { day: 5, symbol: "LINK", kind: "recover" as const },
  { day: 7, symbol: "WETH", kind: "outlier" as const },
];

/** A market whose path has a crash (a black swan of −40 %) on a day without faults; found by seed, deterministically. */
function crashMarket(): { market: MarketConfig; crashDay: number } {
  for (let seed = 1; seed < 500; seed++) {
    const market: MarketConfig = { ...defaultMarket(seed, DAYS), blackSwansPerYear: 25, blackSwanMove: -0.4, feedFaults: FAULTS };
    const swans = [...simulate(market)].filter((d) => d.blackSwan).map((d) => d.day);
    if (swans.length === 1 && swans[0] >= 8) return { market, crashDay: swans[0] };
  }
  throw new Error("no seed with one crash after day 8");
}

let dir: string;
let node: HardhatNode;
let provider: ethers.JsonRpcProvider;
let dep: Deployment;
let snapshot: string;
let deployedBlock: number;
const { market, crashDay } = crashMarket();
const path1: MarketDay[] = [];
const reports: DayReport[] = [];
let summary: DriveSummary;
let usdcBefore: bigint;
let usdcPrincipal: bigint;

async function logsSince(block: number) {
  const logs = await provider.getLogs({ fromBlock: block + 1, toBlock: "latest" });
  return logs.map((l) => ({ block: l.blockNumber, address: l.address, topics: l.topics, data: l.data }));
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-sim-"));
  await compileContracts();
  node = new HardhatNode({ port: (await freePorts()).chain, logDir: dir });
  await node.start();
  provider = new ethers.JsonRpcProvider(node.url, undefined, { staticNetwork: true, pollingInterval: 50, cacheTimeout: -1 });
  dep = await deploySystem(await provider.getSigner(0));
  deployedBlock = await provider.getBlockNumber();
  snapshot = (await provider.send("evm_snapshot", [])) as string;
  const usdc = dep.assets.find((a) => a.symbol === "USDC")!;
  const source = new ethers.Contract(usdc.yieldSource!, ["function totalAssets() view returns (uint256)"], provider);
  usdcBefore = await source.totalAssets();
  usdcPrincipal = await dep.tokens.USDC.balanceOf(usdc.yieldSource!);
  path1.push(...simulate({ ...market }));
  summary = await driveYear({ deployment: dep, market, keeper: false, onDay: (r) => reports.push(r) });
});

after(async () => {
  provider?.destroy();
  await node?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function hubEvents(name: string, block: number) {
  const hub = dep.instances.OracleHub;
  return hub.queryFilter(hub.filters[name](), block, block) as Promise<ethers.EventLog[]>;
}

const addressOf = (symbol: string) => dep.assets.find((a) => a.symbol === symbol)!.address;

describe("driveYear on a hardhat chain", () => {
  it("mines each day at start + d days and reports every day", async () => {
    assert.equal(reports.length, DAYS);
    assert.equal(summary.days, DAYS);
    for (const r of reports) {
      const block = (await provider.getBlock(r.block))!;
      assert.equal(block.timestamp, summary.startTimestamp + r.day * DAY_SECONDS, `day ${r.day}`);
    }
    assert.equal(summary.blocks, reports.reduce((s, r) => s + r.blocks, 0));
  });

  it("posts the simulated prices: the hub's price each day is the path at the feed's precision", async () => {
    for (const r of reports) {
      const updates = await hubEvents("PriceUpdated", r.block);
      for (const symbol of ["WETH", "WBTC", "UNI"]) {
        const ev = updates.find((e) => e.args.asset === addressOf(symbol));
        assert.ok(ev, `day ${r.day}: no PriceUpdated for ${symbol}`);
        assert.equal(ev.args.priceUsd, toFeedAnswer(path1[r.day].prices[symbol]) * 10n ** 10n, `day ${r.day} ${symbol}`);
      }
    }
    const last = path1[DAYS];
    for (const symbol of ["WETH", "WBTC", "LINK", "UNI"]) {
      assert.equal(await dep.instances.OracleHub.priceOf(addressOf(symbol)), toFeedAnswer(last.prices[symbol]) * 10n ** 10n, symbol);
    }
  });

  it("a stale feed puts the asset in safe mode, and recovery lifts it", async () => {
    const day = (d: number) => reports[d - 1];
    const entered = await hubEvents("SafeModeEntered", day(3).block);
    assert.deepEqual(entered.map((e) => [e.args.asset, Number(e.args.reason)]), [[addressOf("LINK"), 1]]);
    assert.deepEqual(day(3).safeMode, ["LINK"]);
    assert.deepEqual(day(4).safeMode, ["LINK"]);
    assert.equal((await hubEvents("PriceUpdated", day(4).block)).filter((e) => e.args.asset === addressOf("LINK")).length, 0);
    const exited = await hubEvents("SafeModeExited", day(5).block);
    assert.deepEqual(exited.map((e) => e.args.asset), [addressOf("LINK")]);
    assert.deepEqual(day(5).safeMode, []);
    for (const r of reports) if (r.day < 3 || r.day > 4) assert.deepEqual(r.safeMode, [], `day ${r.day}`);
    assert.deepEqual(summary.safeModeDays, { LINK: 2 });
  });

  it("an outlier feed is outvoted: 4 feeds agree and the price is the path's", async () => {
    const r = reports[6];
    const ev = (await hubEvents("PriceUpdated", r.block)).find((e) => e.args.asset === addressOf("WETH"))!;
    assert.equal(Number(ev.args.feedsUsed), 4);
    assert.equal(ev.args.priceUsd, toFeedAnswer(path1[7].prices.WETH) * 10n ** 10n);
    assert.deepEqual(r.safeMode, []);
  });

  it("a crash beyond the circuit breaker is stepped in rounds and never trips it", async () => {
    const r = reports[crashDay - 1];
    assert.ok(r.blackSwan);
    assert.ok(r.feedRounds > 1, `crash day ${crashDay} posted ${r.feedRounds} round(s)`);
    assert.ok(summary.steppedDays >= 1);
    const hub = dep.instances.OracleHub;
    assert.equal((await hub.queryFilter(hub.filters.CircuitBreakerTripped(), deployedBlock + 1)).length, 0);
    const weth = (await hub.queryFilter(hub.filters.PriceUpdated(addressOf("WETH")), r.block - r.feedRounds + 1, r.block)) as ethers.EventLog[];
    // WETH's rounds: from the day before's price to the day's, each within 80 % of the 25 % bound
    const rounds = priceSteps(toFeedAnswer(path1[crashDay - 1].prices.WETH), toFeedAnswer(path1[crashDay].prices.WETH), 2000);
    assert.ok(rounds.length > 1);
    assert.deepEqual(weth.map((e) => e.args.priceUsd), rounds.map((a) => a * 10n ** 10n));
    assert.equal(weth[weth.length - 1].args.priceUsd, toFeedAnswer(path1[crashDay].prices.WETH) * 10n ** 10n);
  });

  it("yield accrues in the sources at the day's APR, and the perp samples funding from its pool's premium", async () => {
    const usdc = dep.assets.find((a) => a.symbol === "USDC")!;
    const source = new ethers.Contract(usdc.yieldSource!, ["function totalAssets() view returns (uint256)", "function aprBps() view returns (uint256)"], provider);
    const gained = (await source.totalAssets()) - usdcBefore;
    // the model: principal × Σ (base APR × day APR / mean APR) / 365 (simple interest; the source compounds daily)
    const base = 500; // the USDC source's own APR (bps)
    // day d's rate is set in day d's block and holds until day d + 1; before day 1 the source's own rate
    const rate = (d: MarketDay) => (d.day === 0 ? base : base * (d.yieldApr / market.yieldApr));
    const expected = path1.slice(0, DAYS).reduce((s, d) => s + (Number(usdcPrincipal) * rate(d)) / 10_000 / 365, 0);
    assert.ok(Math.abs(Number(gained) - expected) / expected < 0.02, `gained ${gained}, model ${expected}`);
    // the rate in force after the last day is the day's (rounded to whole bps)
    assert.equal(Number(await source.aprBps()), Math.round((base * path1[DAYS].yieldApr) / market.yieldApr));
    // the perp samples its own rate each day: the premium of its pool's TWAP over the index, clamped, over a day
    const perp = dep.instances.Perpetual;
    const updates = await perp.queryFilter(perp.filters.FundingRateUpdated(addressOf("WETH")), deployedBlock);
    assert.ok(updates.length >= DAYS - 1, `${updates.length} funding samples over ${DAYS} days`);
    const cap = (BigInt((await perp.market(addressOf("WETH"))).maxPremiumBps) * 10n ** 18n) / 10_000n;
    for (const u of updates) {
      const [markPrice, indexPrice, premiumWad, ratePerSecond] = ((u as ethers.EventLog).args.slice(1)) as bigint[];
      const raw = ((markPrice - indexPrice) * 10n ** 18n) / indexPrice;
      assert.equal(premiumWad, raw > cap ? cap : raw < -cap ? -cap : raw);
      assert.equal(ratePerSecond, premiumWad / 86_400n);
    }
    assert.equal(await perp.fundingRate(addressOf("WETH")), (updates[updates.length - 1] as ethers.EventLog).args.ratePerSecond);
  });

  it("the market trades the pools: noise swaps and arbitrage each day, every pool ends inside its fee band of the day's price, the market maker earns fees", async () => {
    const pools = dep.market!.pools;
    const { report, ...counts } = summary.pools!;
    assert.deepEqual(counts, { pools: pools.length, noiseSwaps: DAYS * pools.length * DEFAULT_NOISE.tradesPerDay, arbitrageSwaps: counts.arbitrageSwaps, noise: DEFAULT_NOISE });
    // no keeper in this drive: no vault trade; the market maker earned fees in every pool
    assert.equal(report.trades, 0);
    assert.equal(report.feesPaidUsd, "0.00");
    assert.deepEqual(report.marketMaker.map((m) => m.pool).sort(), pools.map((p) => `${p.asset}/${p.quote} ${p.feeTier / 10_000} %`).sort());
    for (const m of report.marketMaker) assert.ok(Number(m.feesUsd) > 0 && Number(m.feeAprPct) > 0, JSON.stringify(m));
    assert.ok(summary.pools!.arbitrageSwaps >= DAYS, `${summary.pools!.arbitrageSwaps} arbitrage swaps`);
    const last = path1[DAYS];
    const usd = (symbol: string) => (symbol === "USDC" ? 10n ** 8n : toFeedAnswer(last.prices[symbol]));
    const decimals = (symbol: string) => dep.assets.find((a) => a.symbol === symbol)!.decimals;
    for (const pool of pools) {
      const sqrt = await poolSqrtPrice(pool, provider);
      const ref = rawPrice(usd(pool.asset), usd(pool.quote), decimals(pool.asset), decimals(pool.quote));
      // the pool's price of its asset, as a fraction of the reference, in millionths
      const assetIs0 = pool.token0.toLowerCase() === addressOf(pool.asset).toLowerCase();
      const p = sqrt * sqrt; // token1 per token0 × 2^192
      const ratio = assetIs0 ? (p * ref.den * 1_000_000n) / (ref.num << 192n) : ((1n << 192n) * ref.den * 1_000_000n) / (p * ref.num);
      const offBps = Number(ratio > 1_000_000n ? ratio - 1_000_000n : 1_000_000n - ratio) / 100;
      const bandBps = (pool.feeTier * 10_000) / (1_000_000 - pool.feeTier); // the band's upper edge, ref / (1 − fee)
      assert.ok(offBps <= bandBps + 0.1, `${pool.asset}/${pool.quote} ${pool.feeTier}: ${offBps} bps off the day's price`);
    }
    // the market maker's positions in the WETH/USDC 0.3 % pool have fees owed in both tokens
    const npm = new ethers.Contract(dep.market!.uniswap.NonfungiblePositionManager, uniswapArtifact("NonfungiblePositionManager").abi, await provider.getSigner(dep.market!.marketMaker));
    const weth = pools.find((x) => x.asset === "WETH" && x.feeTier === 3000)!;
    const n = Number(await npm.balanceOf(dep.market!.marketMaker));
    let owed0 = 0n;
    let owed1 = 0n;
    for (let i = 0; i < n; i++) {
      const id = await npm.tokenOfOwnerByIndex(dep.market!.marketMaker, i);
      const pos = await npm.positions(id);
      if (pos.fee !== 3000n || pos.token0 !== weth.token0 || pos.token1 !== weth.token1) continue;
      const [a0, a1] = await npm.collect.staticCall({ tokenId: id, recipient: dep.market!.marketMaker, amount0Max: 2n ** 128n - 1n, amount1Max: 2n ** 128n - 1n });
      owed0 += a0;
      owed1 += a1;
    }
    assert.ok(owed0 > 0n && owed1 > 0n, `fees owed ${owed0} / ${owed1}`);
  });

  it("the same seed gives the same chain events", async () => {
    const first = await logsSince(deployedBlock);
    assert.ok(first.length > DAYS * 20);
    await provider.send("evm_revert", [snapshot]);
    assert.equal(await provider.getBlockNumber(), deployedBlock);
    await driveYear({ deployment: dep, market, keeper: false });
    assert.deepEqual(await logsSince(deployedBlock), first);
  });
});

/**
 * The second chain following the home chain's prices (FollowerChain) on a real hardhat node: a day's move
 * beyond the circuit breaker is posted in rounds that never trip it, the pools are arbitraged into their fee
 * band of the day's price before the feeds, and an asset left out (stale at home) is neither posted nor traded.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { ethers } from "ethers";
import { DEFAULT_ASSETS, deploySystem, poolSqrtPrice, rawPrice, type Deployment } from "@lotgraph/contracts";
import { compileContracts, freePorts, HardhatNode } from "@lotgraph/stack";
import { FollowerChain } from "../src/drive";
import { DAY_SECONDS } from "../src";

let dir: string;
let node: HardhatNode;
let provider: ethers.JsonRpcProvider;
let dep: Deployment;
let follower: FollowerChain;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-follower-"));
  await compileContracts();
  node = new HardhatNode({ port: (await freePorts()).chain, logDir: dir });
  await node.start();
  provider = new ethers.JsonRpcProvider(node.url, undefined, { staticNetwork: true, pollingInterval: 50, cacheTimeout: -1 });
  dep = await deploySystem(await provider.getSigner(0), { assets: DEFAULT_ASSETS.filter((a) => a.symbol === "USDC" || a.symbol === "WETH"), liquidityManager: false });
  follower = await FollowerChain.open(dep, 7);
});

after(async () => {
  follower?.close();
  provider?.destroy();
  await node?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const weth = () => dep.assets.find((a) => a.symbol === "WETH")!;

/** How far each WETH pool's price is from `answer` (8-decimal USD), in bps, against its fee band. */
async function poolsOff(answer: bigint): Promise<{ offBps: number; bandBps: number }[]> {
  return Promise.all(
    dep.market!.pools.map(async (pool) => {
      const ref = rawPrice(answer, 10n ** 8n, 18, 6);
      const sqrt = await poolSqrtPrice(pool, provider);
      const assetIs0 = pool.token0.toLowerCase() === weth().address.toLowerCase();
      const p = sqrt * sqrt;
      const ratio = assetIs0 ? (p * ref.den * 1_000_000n) / (ref.num << 192n) : ((1n << 192n) * ref.den * 1_000_000n) / (p * ref.num);
      return { offBps: Number(ratio > 1_000_000n ? ratio - 1_000_000n : 1_000_000n - ratio) / 100, bandBps: (pool.feeTier * 10_000) / (1_000_000 - pool.feeTier) };
    }),
  );
}

describe("FollowerChain", () => {
  it("posts a +60 % day in rounds under the breaker, the pools arbitraged into their band first", async () => {
    const hub = dep.instances.OracleHub;
    const start = (await provider.getBlock("latest"))!.timestamp;
    const before = (await hub.priceOf(weth().address)) / 10n ** 10n;
    const answer = (before * 160n) / 100n;
    const day = await follower.followDay({ day: 1, timestamp: start + DAY_SECONDS, answers: { USDC: 10n ** 8n, WETH: answer } });
    assert.equal(await hub.priceOf(weth().address), answer * 10n ** 10n, "the hub's price is the day's answer");
    assert.ok(day.arbitrage >= 1, "the pools were traded");
    assert.equal(day.blocks, 1 + 3, "an arbitrage block, then three rounds (each ≤ 20 %) for +60 %");
    const [inSafeMode] = (await hub.inSafeMode(weth().address)) as [boolean];
    assert.equal(inSafeMode, false);
    for (const p of await poolsOff(answer)) assert.ok(p.offBps <= p.bandBps + 0.1, `${p.offBps} bps off, band ${p.bandBps}`);
    const head = (await provider.getBlock("latest"))!;
    assert.equal(head.timestamp, start + DAY_SECONDS, "the last round lands on the day's time");
  });

  it("an asset missing from the day's answers (stale at home) is neither posted nor traded", async () => {
    const hub = dep.instances.OracleHub;
    const start = (await provider.getBlock("latest"))!.timestamp;
    const wethBefore = await hub.priceOf(weth().address).catch(() => 0n);
    const day = await follower.followDay({ day: 2, timestamp: start + DAY_SECONDS, answers: { USDC: 10n ** 8n } });
    assert.deepEqual([day.blocks, day.arbitrage], [1, 0]);
    const feed = new ethers.Contract(weth().feeds[0], ["function latestRoundData() view returns (uint80, int256, uint256, uint256, uint80)"], provider);
    const [, , , updatedAt] = (await feed.latestRoundData()) as bigint[];
    assert.ok(Number(updatedAt) <= start, "WETH's feeds did not post");
    assert.ok(wethBefore > 0n);
  });

  it("refuses a day whose time the chain has already passed", async () => {
    const head = (await provider.getBlock("latest"))!.timestamp;
    await assert.rejects(follower.followDay({ day: 3, timestamp: head, answers: { USDC: 10n ** 8n } }), /second chain: its head is at \d+, past day 3's time/);
  });
});

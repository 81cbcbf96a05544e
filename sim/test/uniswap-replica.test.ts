/**
 * The off-chain pool replica against a real Uniswap v3 pool (the published v3-core bytecode on anvil, driven
 * through the published NonfungiblePositionManager and SwapRouter): a long seeded random sequence of mints
 * over several ranges, burns, collects and swaps both ways, exact in and out, with and without price limits,
 * some of them refused. After every step: the amounts, √price, tick, liquidity, global fee growth, every
 * touched tick and every position must agree to the wei, and a refused step must be refused by both.
 *
 * REPLICA_STEPS sets the steps per fee tier (default 100, about 16 s a tier); REPLICA_SEED the seed (default 15).
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { ethers } from "ethers";
import { AnvilNode, freePorts } from "@lotgraph/stack";
import { deployUniswapV3, uniswapArtifact, FEE_TIER_SPACING, type UniswapV3 } from "@lotgraph/contracts/src/venues/uniswap";
import { Random } from "../src/random";
import { PoolReplica, PoolRevert, MIN_TICK, MAX_TICK, MIN_SQRT_RATIO, MAX_SQRT_RATIO, sqrtRatioAtTick, tickAtSqrtRatio } from "../src/uniswap";

const STEPS = Number(process.env.REPLICA_STEPS ?? 100);
const SEED = Number(process.env.REPLICA_SEED ?? 15);
const MAX_UINT128 = (1n << 128n) - 1n;
const GAS = { gasLimit: 20_000_000n };

let dir: string;
let node: AnvilNode;
let provider: ethers.JsonRpcProvider;
let signer: ethers.Signer;
let me: string;
let uni: UniswapV3;
let tokenA: ethers.Contract;
let tokenB: ethers.Contract;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-replica-"));
  node = new AnvilNode({ port: (await freePorts()).chain, logDir: dir });
  await node.start();
  provider = new ethers.JsonRpcProvider(node.url, undefined, { staticNetwork: true, pollingInterval: 20, cacheTimeout: -1 });
  signer = await provider.getSigner(0);
  me = await signer.getAddress();
  await provider.send("anvil_setBalance", [me, ethers.toQuantity(1n << 130n)]);
  uni = await deployUniswapV3(signer);
  // two canonical WETH9 deployments serve as the pair: plain ERC-20s whose supply we can make as large as a swap needs
  const weth = uniswapArtifact("WETH9");
  const tokens: ethers.Contract[] = [];
  for (let i = 0; i < 2; i++) {
    const t = (await new ethers.ContractFactory(weth.abi, weth.bytecode, signer).deploy()) as ethers.Contract;
    await t.waitForDeployment();
    await (await t.deposit({ value: 1n << 120n })).wait();
    for (const spender of [uni.addresses.SwapRouter, uni.addresses.NonfungiblePositionManager]) await (await t.approve(spender, ethers.MaxUint256)).wait();
    tokens.push(t);
  }
  [tokenA, tokenB] = BigInt(await tokens[0].getAddress()) < BigInt(await tokens[1].getAddress()) ? tokens : [tokens[1], tokens[0]];
});

after(async () => {
  provider?.destroy();
  await node?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

// ---- random draws ----

/** A log-uniform bigint in [1, 10^maxDigits]. */
function amountUpTo(rng: Random, maxDigits: number): bigint {
  const digits = rng.uniform() * maxDigits;
  const whole = Math.floor(digits);
  const mantissa = BigInt(Math.floor(10 ** (digits - whole) * 1e6));
  const v = (mantissa * 10n ** BigInt(whole)) / 1_000_000n;
  return v > 0n ? v : 1n;
}
const pick = <T>(rng: Random, xs: readonly T[]): T => xs[Math.floor(rng.uniform() * xs.length)];
const intIn = (rng: Random, lo: number, hi: number) => lo + Math.floor(rng.uniform() * (hi - lo + 1));

interface Range {
  tickLower: number;
  tickUpper: number;
  tokenId?: bigint;
}

/** Ranges around the start tick: narrow, medium and wide, one full range, two out of range at the start. */
function ranges(rng: Random, startTick: number, spacing: number): Range[] {
  const align = (t: number) => Math.round(t / spacing) * spacing;
  const full = { tickLower: Math.ceil(MIN_TICK / spacing) * spacing, tickUpper: Math.floor(MAX_TICK / spacing) * spacing };
  const around = (half: number) => {
    const lo = align(startTick - intIn(rng, 1, half));
    return { tickLower: lo, tickUpper: Math.max(lo + spacing, align(startTick + intIn(rng, 1, half))) };
  };
  return [
    around(3 * spacing), around(40 * spacing), around(300 * spacing), around(3000 * spacing), full,
    { tickLower: align(startTick + 50 * spacing), tickUpper: align(startTick + 900 * spacing) },
    { tickLower: align(startTick - 700 * spacing), tickUpper: align(startTick - 20 * spacing) },
  ];
}

// ---- the two sides of one step ----

type Outcome = { kind: "done"; amounts: bigint[] } | { kind: "refused"; reason: string };

async function onChain(send: () => Promise<ethers.ContractTransactionResponse>, events: (r: ethers.TransactionReceipt) => bigint[]): Promise<Outcome> {
  let receipt: ethers.TransactionReceipt | null;
  try {
    receipt = await (await send()).wait();
  } catch (e) {
    const err = e as { shortMessage?: string; message: string };
    return { kind: "refused", reason: err.shortMessage ?? err.message };
  }
  return { kind: "done", amounts: events(receipt!) };
}

function inReplica(f: () => bigint[]): Outcome {
  try {
    return { kind: "done", amounts: f() };
  } catch (e) {
    if (e instanceof PoolRevert) return { kind: "refused", reason: e.message };
    throw e;
  }
}

interface Tally {
  steps: number;
  compared: number;
  refused: number;
  /** steps the chain refused because the account could not pay the pool (not compared) */
  unaffordable: number;
  swaps: number;
  crossings: number;
  kinds: Record<string, number>;
}

async function runTier(fee: number, seed: number, steps: number): Promise<Tally> {
  const rng = new Random(seed);
  const spacing = FEE_TIER_SPACING[fee];
  const t0 = await tokenA.getAddress();
  const t1 = await tokenB.getAddress();
  const nft = uni.addresses.NonfungiblePositionManager;
  await (await uni.factory.createPool(t0, t1, fee)).wait();
  const poolAddress: string = await uni.factory.getPool(t0, t1, fee);
  const pool = new ethers.Contract(poolAddress, uniswapArtifact("UniswapV3Pool").abi, signer);
  const startTick = intIn(rng, -20_000, 20_000);
  const start = sqrtRatioAtTick(startTick) + amountUpTo(rng, 20);
  await (await pool.initialize(start)).wait();
  const replica = new PoolReplica({ fee, tickSpacing: spacing });
  replica.initialize(start);
  assert.equal(replica.maxLiquidityPerTick, await pool.maxLiquidityPerTick());
  const rs = ranges(rng, replica.tick, spacing);
  const tally: Tally = { steps: 0, compared: 0, refused: 0, unaffordable: 0, swaps: 0, crossings: 0, kinds: {} };
  const deadline = 2n ** 40n;
  const poolEvent = (r: ethers.TransactionReceipt, name: string) =>
    r.logs.filter((l) => l.address === poolAddress).map((l) => pool.interface.parseLog(l)).filter((e) => e?.name === name);

  for (let step = 0; step < steps; step++) {
    const roll = rng.uniform();
    const range = pick(rng, rs);
    const held = replica.position(nft, range.tickLower, range.tickUpper).liquidity;
    let kind: string;
    let chain: Outcome;
    let replay: Outcome;
    const ticksBefore = replica.tick;
    const initializedBefore = replica.initializedTicks();
    const saved = snapshotOf(replica);
    if (roll < 0.22 || (held === 0n && roll < 0.4)) {
      kind = "mint";
      const liquidity = amountUpTo(rng, 22) + 1000n;
      const want = replica.amountsFor(range.tickLower, range.tickUpper, liquidity);
      const desired = { amount0Desired: want.amount0, amount1Desired: want.amount1, amount0Min: 0n, amount1Min: 0n, deadline };
      chain = await onChain(
        () =>
          range.tokenId === undefined
            ? uni.positionManager.mint({ token0: t0, token1: t1, fee, tickLower: range.tickLower, tickUpper: range.tickUpper, recipient: me, ...desired }, GAS)
            : uni.positionManager.increaseLiquidity({ tokenId: range.tokenId, ...desired }, GAS),
        (r) => {
          const ev = poolEvent(r, "Mint")[0]!;
          if (range.tokenId === undefined) {
            range.tokenId = r.logs.filter((l) => l.address === nft).map((l) => uni.positionManager.interface.parseLog(l)).find((e) => e?.name === "IncreaseLiquidity")!.args.tokenId;
          }
          return [ev.args.amount, ev.args.amount0, ev.args.amount1];
        },
      );
      // the position manager rounds the liquidity from the amounts; the pool is then asked for exactly that
      const minted = chain.kind === "done" ? chain.amounts[0] : liquidity;
      replay = inReplica(() => {
        const a = replica.mint(nft, range.tickLower, range.tickUpper, minted);
        return [minted, a.amount0, a.amount1];
      });
    } else if (roll < 0.37 && held > 0n) {
      kind = "burn";
      const liquidity = rng.uniform() < 0.3 ? held : (held * BigInt(intIn(rng, 1, 999))) / 1000n || 1n;
      chain = await onChain(
        () => uni.positionManager.decreaseLiquidity({ tokenId: range.tokenId!, liquidity, amount0Min: 0n, amount1Min: 0n, deadline }, GAS),
        (r) => {
          const ev = poolEvent(r, "Burn")[0]!;
          return [ev.args.amount0, ev.args.amount1];
        },
      );
      replay = inReplica(() => {
        const a = replica.burn(nft, range.tickLower, range.tickUpper, liquidity);
        return [a.amount0, a.amount1];
      });
    } else if (roll < 0.47 && range.tokenId !== undefined) {
      kind = "collect";
      const partial = rng.uniform() < 0.3;
      const max0 = partial ? amountUpTo(rng, 18) : MAX_UINT128;
      const max1 = partial ? amountUpTo(rng, 18) : MAX_UINT128;
      chain = await onChain(
        () => uni.positionManager.collect({ tokenId: range.tokenId!, recipient: me, amount0Max: max0, amount1Max: max1 }, GAS),
        (r) => {
          const ev = poolEvent(r, "Collect")[0];
          return ev ? [ev.args.amount0, ev.args.amount1] : [0n, 0n];
        },
      );
      replay = inReplica(() => {
        // the position manager settles fees first (a burn of 0) when the position has liquidity
        if (replica.position(nft, range.tickLower, range.tickUpper).liquidity > 0n) replica.burn(nft, range.tickLower, range.tickUpper, 0n);
        const a = replica.collect(nft, range.tickLower, range.tickUpper, max0, max1);
        return [a.amount0, a.amount1];
      });
    } else {
      tally.swaps++;
      const zeroForOne = rng.uniform() < 0.5;
      const exactIn = rng.uniform() < 0.6;
      kind = `swap ${zeroForOne ? "0→1" : "1→0"} exact ${exactIn ? "in" : "out"}`;
      const amount = rng.uniform() < 0.02 ? 0n : amountUpTo(rng, rng.uniform() < 0.1 ? 30 : 22);
      // a limit some ticks away (sometimes on the wrong side of the price), or none (the router's extreme)
      const r = rng.uniform();
      let limit = 0n;
      if (r < 0.55) {
        const away = Math.floor(rng.uniform() ** 2 * 8000) * (zeroForOne ? -1 : 1) * (rng.uniform() < 0.05 ? -1 : 1);
        const t = Math.min(MAX_TICK - 1, Math.max(MIN_TICK + 1, replica.tick + away));
        limit = sqrtRatioAtTick(t) + amountUpTo(rng, 15);
      }
      const effectiveLimit = limit !== 0n ? limit : zeroForOne ? MIN_SQRT_RATIO + 1n : MAX_SQRT_RATIO - 1n;
      const [tokenIn, tokenOut] = zeroForOne ? [t0, t1] : [t1, t0];
      const common = { tokenIn, tokenOut, fee, recipient: me, deadline, sqrtPriceLimitX96: limit };
      chain = await onChain(
        () =>
          exactIn
            ? uni.swapRouter.exactInputSingle({ ...common, amountIn: amount, amountOutMinimum: 0n }, GAS)
            : uni.swapRouter.exactOutputSingle({ ...common, amountOut: amount, amountInMaximum: ethers.MaxUint256 }, GAS),
        (rc) => {
          const ev = poolEvent(rc, "Swap")[0]!;
          return [ev.args.amount0, ev.args.amount1, ev.args.sqrtPriceX96, ev.args.liquidity, ev.args.tick];
        },
      );
      replay = inReplica(() => {
        const a = replica.swap({ zeroForOne, amountSpecified: exactIn ? amount : -amount, sqrtPriceLimitX96: effectiveLimit });
        // without a limit the router insists on the whole exact output
        const out = zeroForOne ? -a.amount1 : -a.amount0;
        if (!exactIn && limit === 0n && out !== amount) {
          restore(replica, saved);
          throw new PoolRevert("router", `only ${out} of ${amount} out`);
        }
        // the router's callback refuses a swap that moved nothing (one entirely through empty ticks)
        if (a.amount0 <= 0n && a.amount1 <= 0n) {
          restore(replica, saved);
          throw new PoolRevert("router", "a swap that exchanged nothing");
        }
        return [a.amount0, a.amount1, replica.sqrtPriceX96, replica.liquidity, BigInt(replica.tick)];
      });
    }
    if (chain.kind === "refused" && replay.kind === "done" && (kind === "mint" || kind.startsWith("swap"))) {
      // the chain may refuse only because our account cannot pay what the pool asks (prices near the extremes)
      const [in0, in1] = kind === "mint" ? replay.amounts.slice(1) : replay.amounts;
      if (in0 > (await tokenA.balanceOf(me)) || in1 > (await tokenB.balanceOf(me))) {
        restore(replica, saved);
        tally.unaffordable++;
        continue;
      }
    }
    tally.steps++;
    tally.kinds[kind] = (tally.kinds[kind] ?? 0) + 1;
    const where = `fee ${fee}, step ${step} (${kind} on ${range.tickLower}..${range.tickUpper})`;
    assert.equal(replay.kind, chain.kind, `${where}: the pool ${chain.kind === "refused" ? `refused (${chain.reason})` : "accepted"}, the replica ${replay.kind === "refused" ? `refused (${replay.reason})` : "accepted"}`);
    if (chain.kind === "done" && replay.kind === "done") assert.deepEqual(replay.amounts, chain.amounts, `${where}: amounts`);
    else tally.refused++;
    const [lo, hi] = [Math.min(ticksBefore, replica.tick), Math.max(ticksBefore, replica.tick)];
    if (kind.startsWith("swap")) tally.crossings += initializedBefore.filter((t) => t > lo && t <= hi).length;
    tally.compared += await compareState(pool, replica, rs, nft, where);
  }
  return tally;
}

/** The replica's state is plain data: a structured clone restores it exactly. */
const snapshotOf = (p: PoolReplica) => structuredClone(p);
function restore(p: PoolReplica, saved: PoolReplica) {
  Object.assign(p, saved);
}

/** Compares the pool's whole state that the replica models; returns how many values were compared. */
async function compareState(pool: ethers.Contract, replica: PoolReplica, rs: Range[], owner: string, where: string): Promise<number> {
  const tickSet = new Set<number>(replica.initializedTicks());
  for (const r of rs) tickSet.add(r.tickLower).add(r.tickUpper);
  const ticks = [...tickSet];
  const keys = rs.map((r) => ethers.solidityPackedKeccak256(["address", "int24", "int24"], [owner, r.tickLower, r.tickUpper]));
  const [slot0, liquidity, g0, g1, tickInfos, positions] = await Promise.all([
    pool.slot0(),
    pool.liquidity(),
    pool.feeGrowthGlobal0X128(),
    pool.feeGrowthGlobal1X128(),
    Promise.all(ticks.map((t) => pool.ticks(t))),
    Promise.all(keys.map((k) => pool.positions(k))),
  ]);
  assert.deepEqual(
    { sqrtPriceX96: replica.sqrtPriceX96, tick: replica.tick, liquidity: replica.liquidity, g0: replica.feeGrowthGlobal0X128, g1: replica.feeGrowthGlobal1X128 },
    { sqrtPriceX96: slot0[0], tick: Number(slot0[1]), liquidity, g0, g1 },
    `${where}: pool state`,
  );
  let n = 5;
  ticks.forEach((t, i) => {
    const s = replica.tickState(t);
    const c = tickInfos[i];
    assert.deepEqual(
      s ? [s.liquidityGross, s.liquidityNet, s.feeGrowthOutside0X128, s.feeGrowthOutside1X128, true] : [0n, 0n, 0n, 0n, false],
      [c[0], c[1], c[2], c[3], c[7]],
      `${where}: tick ${t}`,
    );
    n += 5;
  });
  rs.forEach((r, i) => {
    const p = replica.position(owner, r.tickLower, r.tickUpper);
    const c = positions[i];
    assert.deepEqual(
      [p.liquidity, p.feeGrowthInside0LastX128, p.feeGrowthInside1LastX128, p.tokensOwed0, p.tokensOwed1],
      [c[0], c[1], c[2], c[3], c[4]],
      `${where}: position ${r.tickLower}..${r.tickUpper}`,
    );
    n += 5;
  });
  return n;
}

describe("the pool replica against a real Uniswap v3 pool", () => {
  it("√(1.0001^t) is the pool's to the wei at every power-of-two tick, both signs (the pool's initialize maps it back to t, and one wei less to t − 1)", async () => {
    const t0 = await tokenA.getAddress();
    const t1 = await tokenB.getAddress();
    const ticks = [0, ...Array.from({ length: 20 }, (_, i) => 1 << i).flatMap((t) => [t, -t]), MIN_TICK + 1, MAX_TICK - 1]
      .filter((t) => t > MIN_TICK && t < MAX_TICK);
    const outer = await provider.send("evm_snapshot", []);
    await (await uni.factory.enableFeeAmount(100, 1)).wait();
    await (await uni.factory.createPool(t0, t1, 100)).wait();
    const pool = new ethers.Contract(await uni.factory.getPool(t0, t1, 100), uniswapArtifact("UniswapV3Pool").abi, signer);
    for (const t of ticks) {
      for (const [price, expected] of [[sqrtRatioAtTick(t), t], [sqrtRatioAtTick(t) - 1n, t - 1]] as const) {
        const snap = await provider.send("evm_snapshot", []);
        await (await pool.initialize(price, GAS)).wait();
        assert.equal(Number((await pool.slot0())[1]), expected, `√ratio ${price} (tick ${t})`);
        assert.equal(tickAtSqrtRatio(price), expected);
        await provider.send("evm_revert", [snap]);
      }
    }
    await provider.send("evm_revert", [outer]);
  });

  for (const [i, fee] of [500, 3000, 10000].entries()) {
    it(`fee ${fee}: ${STEPS} random steps agree to the wei after every step`, async () => {
      const started = Date.now();
      const tally = await runTier(fee, SEED * 10 + i, STEPS);
      console.log(
        `fee ${fee}: ${tally.steps} steps (${tally.swaps} swaps, ${tally.refused} refused by both, ${tally.unaffordable} beyond the account's balance), ${tally.compared} values compared, ` +
          `${tally.crossings} initialised ticks crossed, ${((Date.now() - started) / 1000).toFixed(1)} s; ${JSON.stringify(tally.kinds)}`,
      );
      assert.ok(tally.swaps > STEPS / 3 && tally.refused < STEPS / 3, "the sequence swaps and mostly succeeds");
      assert.ok(tally.crossings >= Math.min(10, STEPS / 10), "swaps cross initialised ticks");
    });
  }

  it("refuses bad input by name and stays as it was", () => {
    const p = new PoolReplica({ fee: 3000, tickSpacing: 60 });
    p.initialize(sqrtRatioAtTick(0));
    assert.throws(() => p.mint("0x01", 60, 0, 1n), /TLU/);
    assert.throws(() => p.mint("0x01", -61, 60, 1n), /spacing.*-61/);
    p.mint("0x01", -60, 60, 10n ** 18n);
    const before = structuredClone(p);
    assert.throws(() => p.mint("0x01", -120, 60, p.maxLiquidityPerTick), /LO/);
    assert.throws(() => p.burn("0x01", -60, 60, 10n ** 18n + 1n), /LS/);
    assert.throws(() => p.swap({ zeroForOne: true, amountSpecified: 1n, sqrtPriceLimitX96: p.sqrtPriceX96 + 1n }), /SPL/);
    assert.deepEqual(structuredClone(p), before);
    assert.throws(() => new PoolReplica({ fee: 3000, tickSpacing: 0 }), /tick spacing 0/);
  });
});

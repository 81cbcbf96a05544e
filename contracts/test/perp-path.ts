import { time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import type { Contract, ContractTransactionResponse } from "ethers";
import { scenario } from "../src";
import { pushPoolTo, depositMargin, systemWithPerpPool, WAD } from "./perp-fixtures";

type Sys = Awaited<ReturnType<typeof systemWithPerpPool>>;

const DAY = 86_400;

/** 30 days from $3 000, +0.3 % a day, σ 2.5 % a day, seed 14: WETH passes $3 190 on day 6 and ends near $4 000. */
export const PATH = { seed: 14, days: 30, start: 3000, driftBps: 30, sigmaBps: 250 };

/**
 * A seeded daily price path (geometric Brownian motion: drift and σ per day, in bps), as decimal strings with
 * two decimals. The same seed gives the same path.
 */
export function pricePath(seed: number, days: number, start: number, driftBps: number, sigmaBps: number): string[] {
  let state = seed >>> 0;
  const uniform = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out: string[] = [];
  let p = start;
  for (let d = 0; d < days; d++) {
    const z = Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
    p *= Math.exp(driftBps / 10_000 + (sigmaBps / 10_000) * z);
    out.push(p.toFixed(2));
  }
  return out;
}

/** `price` moved by `bps` (a decimal string with two decimals, rounded toward `price`). */
function shifted(price: string, bps: number): string {
  const cents = BigInt(price.replace(".", ""));
  const moved = (cents * BigInt(10_000 + bps)) / 10_000n;
  return `${moved / 100n}.${String(moved % 100n).padStart(2, "0")}`;
}

export interface PathResult {
  /** the day the unmanaged short was liquidated (undefined if never) */
  liquidatedDay?: number;
  /** days on which the hedger's short was below maintenance before its keeper acted */
  hedgerLiquidatableDays: number[];
  hedges: number;
  /** funding the hedger's short paid over the path, settled and pending (WAD USD; negative = received) */
  hedgerFundingPaidUsd: bigint;
  /** funding the unmanaged short paid until it was liquidated (WAD USD) */
  unmanagedFundingPaidUsd: bigint;
  gas: { open: bigint; fund: bigint[]; hedge: bigint[]; liquidate?: bigint };
  /** the funding rates sampled along the path (WAD per second) */
  rates: bigint[];
}

async function gasOf(tx: Promise<ContractTransactionResponse>) {
  const r = await (await tx).wait();
  return { gas: r!.gasUsed, receipt: r! };
}

/**
 * Drives `path` through the perp's Uniswap pool and the oracle, day by day:
 * 1. an arbitrageur swaps the pool toward the day's price and stops inside the 0.3 % fee band (at price ∓ fee),
 *    and every WETH feed posts the price (the hub updates);
 * 2. anyone liquidates the unmanaged short if it is below maintenance; the hedger's short is checked too;
 * 3. the keeper re-hedges when the hedger says it is due (band or margin ratio);
 * 4. a day passes; every feed re-posts; anyone pokes funding (the rate for the next day from the pool's TWAP).
 * The unmanaged short is `unmanagedSize` opened at initial margin plus 1 % and never touched again.
 */
export async function drivePath(s: Sys, path: string[], unmanagedSize = -10n * WAD): Promise<PathResult> {
  const weth = s.weth.address;
  const perp = s.perp;
  const k = (c: Contract) => c.connect(s.keeper) as Contract;
  const notional = (-unmanagedSize * 3000n) / WAD;
  await depositMargin(s, s.stranger, (notional * 1100n) / 10_000n);
  const open = await gasOf((perp.connect(s.stranger) as Contract).modifyPosition(weth, unmanagedSize));
  await (await k(s.hedger).hedge()).wait();
  const result: PathResult = { hedgerLiquidatableDays: [], hedges: 1, hedgerFundingPaidUsd: 0n, unmanagedFundingPaidUsd: 0n, gas: { open: open.gas, fund: [], hedge: [] }, rates: [] };
  const hedgerAddress = await s.hedger.getAddress();
  let poolPrice = "3000.00";
  for (let d = 0; d < path.length; d++) {
    const price = path[d];
    const up = Number(price) > Number(poolPrice);
    poolPrice = shifted(price, up ? -30 : 30);
    await pushPoolTo(s, poolPrice);
    await scenario.setPrice(s.dep, "WETH", price);

    if (result.liquidatedDay === undefined && (await perp.isLiquidatable(s.stranger.address, weth))) {
      const [, , , pending] = await perp.positionOf(s.stranger.address, weth);
      const liq = await gasOf((perp.connect(s.other) as Contract).liquidate(s.stranger.address, weth));
      result.gas.liquidate = liq.gas;
      result.liquidatedDay = d + 1;
      result.unmanagedFundingPaidUsd += pending;
    }
    if (await perp.isLiquidatable(hedgerAddress, weth)) result.hedgerLiquidatableDays.push(d + 1);
    if (await s.hedger.hedgeNeeded()) {
      const h = await gasOf(k(s.hedger).hedge());
      result.gas.hedge.push(h.gas);
      result.hedges++;
      const ev = h.receipt.logs.map((l) => s.hedger.interface.parseLog(l)).find((e) => e?.name === "Hedge");
      result.hedgerFundingPaidUsd += ev!.args.fundingPaid as bigint;
    }

    await time.increase(DAY);
    await scenario.refreshFeeds(s.dep);
    const f = await gasOf((perp.connect(s.other) as Contract).fund(weth));
    result.gas.fund.push(f.gas);
    result.rates.push(await perp.fundingRate(weth));
  }
  const [, , , pending] = await perp.positionOf(hedgerAddress, weth);
  result.hedgerFundingPaidUsd += pending;
  if (result.liquidatedDay === undefined) {
    const [, , , p] = await perp.positionOf(s.stranger.address, weth);
    result.unmanagedFundingPaidUsd += p;
  }
  return result;
}

/**
 * One path of the LP bench on a real chain: the same market hours as the replica's (marketHours: the arbitrageur's
 * target, the round trip) played through Uniswap's SwapRouter on v3-core's own pool, the market maker's band
 * re-centred daily through the NonfungiblePositionManager, the oracle fed the pool's target price every hour; and
 * the three policies as real positions: (a) full range and (b) the manager's opening range, both NFTs of an
 * account that collects, swaps to the ratio and adds back every 7 days, and (c) the LiquidityManager contract
 * deciding its own re-ranges (`rerange()` each hour) and collections from the vault's 10 WETH + 30,000 USDC.
 *
 * Hour h (t0 + h·3600): one block with the feeds, the oracle's update, the arbitrage and the round trip; at a
 * day's close the market maker's band in the next two blocks; 1,860 s later (the contract's 30-minute TWAP then
 * equals the spot tick) the manager's rerange(); one second later its collect when due; then (a)'s and (b)'s.
 * The rerange() block's base fee is the path's gas price, which the contract prices its re-range gas at.
 *
 * Each hour the replica's decision code (rule.ts `decide`) also runs on the real pool's state with the contract's
 * σ and position, and its verdict is set beside the contract's Decision event.
 */
import { ethers } from "ethers";
import { sqrtRatioAtTick } from "../../uniswap";
import { liquidityForAmounts, principalAt, ratioSwapFor, token0InToken1, valueIn1, type Holdings, type PoolPrice } from "../position";
import { decide, type PoolView, type Verdict } from "../rule";
import { FULL, START, marketHours, marketMakerBand, roundTripAsset, type MarketHour, type PathConfig, type PathResult, type PolicyName, type PolicyRun, type StrategyResult } from "../run";
import { call, eventsIn, gasOf, type Call, type Receipt } from "./rpc";
import { answerAt } from "../sigma";
import { FAR, marketMakerMint, mintCall, oracleCalls, poolDeltas, slot0, swapCall, type AgreementChain, type Contracts } from "./setup";

const HOUR = 3600;
const MANAGER_AT = 1860;
const MAX_UINT128 = (1n << 128n) - 1n;
const REASONS = ["InRange", "OutOfRange", "NearEdge", "TierSwitch", "FeesBelowCost"] as const;

/** The contract's Decision and the replica's verdict on the same hour. */
export interface DecisionPair {
  hour: number;
  chain: { rerange: boolean; reason: string; lower: number; upper: number; sigma: bigint };
  replica: Verdict;
}

export interface ChainPathResult extends PathResult {
  decisions: DecisionPair[];
  /** hours whose two verdicts (re-range or not, reason, range) differ */
  disagreements: DecisionPair[];
}

interface ChainPolicy extends PolicyRun {
  name: PolicyName;
  tokenId: bigint;
}

const newPolicy = (name: PolicyName): ChainPolicy => ({
  name, tokenId: 0n, lower: 0, upper: 0, lastCollect: 0, fees: 0n, gas: 0n, swapCost: 0n, reranges: 0, collects: 0, opened: { lower: 0, upper: 0 }, reranged: [],
});

class ChainPath {
  private at = 0;
  private price!: PoolPrice;
  private band: { lower: number; upper: number; tokenId: bigint };
  /** the starting tokens' value at the pool's price before the policies open */
  capital = 0n;
  readonly decisions: DecisionPair[] = [];

  constructor(private readonly x: AgreementChain, private readonly cfg: PathConfig) {
    this.band = { ...x.band };
  }

  private get c(): Contracts {
    return this.x.c;
  }

  private block(calls: Call[], at: number, baseFee?: bigint): Promise<Receipt[]> {
    return this.x.chain.block(calls, at, baseFee);
  }

  private async balances(who: string): Promise<Holdings> {
    const [a0, a1] = await Promise.all([this.x.chain.read(this.c.weth, "balanceOf", [who]), this.x.chain.read(this.c.usdc, "balanceOf", [who])]);
    return { amount0: a0[0] as bigint, amount1: a1[0] as bigint };
  }

  /** Gas in stablecoin base units at the hour's pool price (the replica's gasCosts). */
  private gasIn1(gas: bigint): bigint {
    return token0InToken1(gas * this.cfg.gasPriceWei, this.price.sqrtPriceX96);
  }

  /** Fees a receipt's NPM events paid position `id`: what it collected beyond the principal it burnt. */
  private feesOf(receipts: Receipt[], id: bigint, p: PoolPrice): bigint {
    const sum = (event: string) => {
      const h = { amount0: 0n, amount1: 0n };
      for (const e of eventsIn(receipts, this.c.npm, event)) {
        if (e.args.tokenId !== id) continue;
        h.amount0 += e.args.amount0 as bigint;
        h.amount1 += e.args.amount1 as bigint;
      }
      return h;
    };
    const got = sum("Collect");
    const principal = sum("DecreaseLiquidity");
    return valueIn1({ amount0: got.amount0 - principal.amount0, amount1: got.amount1 - principal.amount1 }, p.sqrtPriceX96);
  }

  /** An account's position: swap its tokens to the range's ratio (one block), then mint or add all of them (the next). */
  private async ratioAndAdd(s: ChainPolicy, who: string): Promise<bigint> {
    const before = await this.balances(who);
    const p = await slot0(this.x.chain, this.c.pool);
    const swap = ratioSwapFor(p, before, s.lower, s.upper);
    let gas = 0n;
    if (swap) {
      const r = await this.block([swapCall(this.c, who, swap.zeroForOne, swap.amountIn, 0n, `${s.name}'s ratio swap`)], this.at++);
      gas += gasOf(r);
      const d = poolDeltas(this.c, r);
      s.swapCost += valueIn1(before, p.sqrtPriceX96) - valueIn1({ amount0: before.amount0 - d.amount0, amount1: before.amount1 - d.amount1 }, p.sqrtPriceX96);
    }
    const h = await this.balances(who);
    // as the replica's mintAll: nothing to add when the tokens buy no liquidity (a range the price left, no fees)
    if (s.tokenId !== 0n && liquidityForAmounts((await slot0(this.x.chain, this.c.pool)).sqrtPriceX96, s.lower, s.upper, h) === 0n) return gas;
    const add = s.tokenId === 0n
      ? mintCall(this.c, who, s.lower, s.upper, h, `${s.name}'s mint`)
      : call(who, this.c.npm, "increaseLiquidity", [[s.tokenId, h.amount0, h.amount1, 0n, 0n, FAR]], `${s.name}'s reinvestment`);
    const r = await this.block([add], this.at++);
    if (s.tokenId === 0n) s.tokenId = eventsIn(r, this.c.npm, "IncreaseLiquidity")[0].args.tokenId as bigint;
    return gas + gasOf(r);
  }

  async open(full: ChainPolicy, manager: ChainPolicy, fixed: ChainPolicy): Promise<void> {
    this.at = this.x.t0 + 1;
    this.capital = valueIn1(START, (await slot0(this.x.chain, this.c.pool)).sqrtPriceX96);
    Object.assign(full, FULL);
    await this.ratioAndAdd(full, this.x.a.full);
    const p = await slot0(this.x.chain, this.c.pool);
    const r = await this.block([call(this.x.a.owner, this.c.manager, "open", [START.amount0, START.amount1], "manager's open")], this.at++);
    const o = eventsIn(r, this.c.manager, "RangeOpened")[0].args;
    Object.assign(manager, { tokenId: o.positionId as bigint, lower: Number(o.tickLower), upper: Number(o.tickUpper), lastCollect: this.at - 1 });
    manager.swapCost += this.ratioSwapCost(r, p);
    Object.assign(fixed, { lower: manager.lower, upper: manager.upper });
    await this.ratioAndAdd(fixed, this.x.a.fixed);
    for (const s of [full, manager, fixed]) s.opened = { lower: s.lower, upper: s.upper };
    full.lastCollect = fixed.lastCollect = this.x.t0;
  }

  /** What the manager's RatioSwap events cost at the price before them (fee + impact). */
  private ratioSwapCost(r: Receipt[], p: PoolPrice): bigint {
    let cost = 0n;
    for (const e of eventsIn(r, this.c.manager, "RatioSwap")) {
      const sold0 = (e.args.tokenIn as string).toLowerCase() === (this.c.weth.target as string).toLowerCase();
      const inV = sold0 ? token0InToken1(e.args.amountIn, p.sqrtPriceX96) : (e.args.amountIn as bigint);
      const outV = sold0 ? (e.args.amountOut as bigint) : token0InToken1(e.args.amountOut, p.sqrtPriceX96);
      cost += inV - outV;
    }
    return cost;
  }

  /** The market's block: feeds at the target price, the oracle's update, the arbitrage, the round trip. */
  private async market(m: MarketHour, start: number): Promise<void> {
    const a = this.x.a;
    const target = sqrtRatioAtTick(m.tick);
    const now = await slot0(this.x.chain, this.c.pool);
    const calls = oracleCalls(this.c, a.owner, answerAt(target));
    if (target !== now.sqrtPriceX96) calls.push(swapCall(this.c, a.trader, target < now.sqrtPriceX96, 10n ** 40n, target, "arbitrage"));
    const after = { sqrtPriceX96: target, tick: m.tick };
    const first = m.stableFirst ? m.roundTripUsd : roundTripAsset(after, m.roundTripUsd);
    if (m.roundTripUsd > 0n && first > 0n) {
      const [t, u] = m.stableFirst ? [this.c.usdc.target, this.c.weth.target] : [this.c.weth.target, this.c.usdc.target];
      const path = ethers.solidityPacked(["address", "uint24", "address", "uint24", "address"], [t, 3000, u, 3000, t]);
      calls.push(call(a.trader, this.c.router, "exactInput", [[path, a.trader, FAR, first, 0n]], "round trip"));
    }
    await this.block(calls, start);
    if (!m.close) return;
    const p = await slot0(this.x.chain, this.c.pool);
    const next = marketMakerBand(p.tick);
    const l = (await this.x.chain.read(this.c.npm, "positions", [this.band.tokenId]))[7] as bigint;
    const burn = l > 0n ? [call(a.marketMaker, this.c.npm, "decreaseLiquidity", [[this.band.tokenId, l, 0n, 0n, FAR]], "market maker's burn")] : [];
    const id = await marketMakerMint(this.x.chain, this.c, a.marketMaker, next.lower, next.upper, start + 1, undefined, burn);
    this.band = { ...next, tokenId: id };
  }

  /** The replica's decision code on the real pool's state, with the contract's σ and position. */
  private async replicaVerdict(m: ChainPolicy, now: number): Promise<{ v: Verdict; sigma: bigint }> {
    const ch = this.x.chain;
    const [liq, g0, g1, snap, pos, sig] = await Promise.all([
      ch.read(this.c.pool, "liquidity"), ch.read(this.c.pool, "feeGrowthGlobal0X128"), ch.read(this.c.pool, "feeGrowthGlobal1X128"),
      ch.read(this.c.manager, "feeSnapshot", [3000]), ch.read(this.c.npm, "positions", [m.tokenId]), ch.read(this.c.manager, "sigma"),
    ]);
    const view: PoolView = { ...this.price, tickSpacing: 60, fee: 3000n, liquidity: liq[0], feeGrowthGlobal0X128: g0[0], feeGrowthGlobal1X128: g1[0] };
    const liquidity = pos[7] as bigint;
    const held = principalAt(this.price, m.lower, m.upper, liquidity);
    const value0 = token0InToken1(held.amount0, this.price.sqrtPriceX96);
    const sigma = sig[0] as bigint;
    const v = decide(view, { growth0: snap[0], growth1: snap[1], at: Number(snap[2]) }, now,
      { lower: m.lower, upper: m.upper, liquidity, value: value0 + held.amount1, value0 }, sigma, this.gasIn1(this.cfg.rule.rerangeGas), this.cfg.rule);
    return { v, sigma };
  }

  /** The manager's hour: its rerange() (gas counted only when it re-ranges), then its collect when due. */
  private async managerStep(m: ChainPolicy, hour: number, at: number): Promise<void> {
    const replica = await this.replicaVerdict(m, at);
    const r = await this.block([call(this.x.a.owner, this.c.manager, "rerange", [], "manager's rerange")], at, this.cfg.gasPriceWei);
    const d = eventsIn(r, this.c.manager, "Decision")[0].args;
    this.decisions.push({ hour, replica: replica.v, chain: { rerange: d.rerange, reason: REASONS[Number(d.reason)], lower: Number(d.tickLower), upper: Number(d.tickUpper), sigma: replica.sigma } });
    if (d.rerange) {
      m.fees += this.feesOf(r, m.tokenId, this.price);
      m.swapCost += this.ratioSwapCost(r, this.price);
      m.gas += this.gasIn1(gasOf(r));
      m.reranges++;
      const o = eventsIn(r, this.c.manager, "RangeOpened")[0].args;
      Object.assign(m, { tokenId: o.positionId as bigint, lower: Number(o.tickLower), upper: Number(o.tickUpper), lastCollect: at });
      m.reranged.push({ hour, lower: m.lower, upper: m.upper });
      return;
    }
    if (at + 1 - m.lastCollect < this.cfg.rule.collectIntervalSeconds) return;
    const before = await slot0(this.x.chain, this.c.pool);
    const c = await this.block([call(this.x.a.owner, this.c.manager, "collectAndReinvest", [], "manager's collect")], at + 1);
    const f = eventsIn(c, this.c.manager, "FeesCollected")[0].args;
    m.fees += valueIn1({ amount0: f.assetAmount, amount1: f.stableAmount }, before.sqrtPriceX96);
    m.swapCost += this.ratioSwapCost(c, before);
    m.gas += this.gasIn1(gasOf(c));
    m.collects++;
    m.lastCollect = at + 1;
  }

  /** (a) or (b): every collect interval, collect, swap to the ratio and add back, paying each transaction's gas. */
  private async reinvestIfDue(s: ChainPolicy, who: string, hourStart: number): Promise<void> {
    if (hourStart - s.lastCollect < this.cfg.rule.collectIntervalSeconds) return;
    const p = await slot0(this.x.chain, this.c.pool);
    const r = await this.block([call(who, this.c.npm, "collect", [[s.tokenId, who, MAX_UINT128, MAX_UINT128]], `${s.name}'s collect`)], this.at++);
    s.fees += this.feesOf(r, s.tokenId, p);
    s.gas += this.gasIn1(gasOf(r) + (await this.ratioAndAdd(s, who)));
    s.collects++;
    s.lastCollect = hourStart;
  }

  async hour(m: MarketHour, full: ChainPolicy, manager: ChainPolicy, fixed: ChainPolicy): Promise<void> {
    const start = this.x.t0 + m.hour * HOUR;
    await this.market(m, start);
    this.price = await slot0(this.x.chain, this.c.pool);
    await this.managerStep(manager, m.hour, start + MANAGER_AT);
    this.at = start + MANAGER_AT + 2;
    await this.reinvestIfDue(full, this.x.a.full, start);
    await this.reinvestIfDue(fixed, this.x.a.fixed, start);
  }

  /** Closes a position (all liquidity, then everything owed to `to`) in one block, from `from`. */
  private async close(s: ChainPolicy, from: string, to: string): Promise<void> {
    const l = (await this.x.chain.read(this.c.npm, "positions", [s.tokenId]))[7] as bigint;
    const calls = [
      ...(l > 0n ? [call(from, this.c.npm, "decreaseLiquidity", [[s.tokenId, l, 0n, 0n, FAR]], `${s.name}'s close`)] : []),
      call(from, this.c.npm, "collect", [[s.tokenId, to, MAX_UINT128, MAX_UINT128]], `${s.name}'s final collect`),
    ];
    const r = await this.block(calls, this.at++);
    s.fees += this.feesOf(r, s.tokenId, this.price);
  }

  /** Every position closed at the final price (the manager's through its own account); each measured as run.ts's settle. */
  async settle(full: ChainPolicy, manager: ChainPolicy, fixed: ChainPolicy): Promise<Record<PolicyName, StrategyResult>> {
    const ch = this.x.chain;
    this.price = await slot0(ch, this.c.pool);
    const mgr = this.c.manager.target as string;
    await ch.rpc("anvil_impersonateAccount", [mgr]);
    await ch.rpc("anvil_setBalance", [mgr, ethers.toQuantity(10n ** 20n)]);
    await this.close(full, this.x.a.full, this.x.a.full);
    await this.close(fixed, this.x.a.fixed, this.x.a.fixed);
    await this.close(manager, mgr, this.c.vault.target as string);
    await ch.rpc("anvil_stopImpersonatingAccount", [mgr]);
    const hold = valueIn1(START, this.price.sqrtPriceX96);
    const result = async (s: ChainPolicy, who: string): Promise<StrategyResult> => {
      const net = valueIn1(await this.balances(who), this.price.sqrtPriceX96) - s.gas - hold;
      const { fees, gas, swapCost, reranges, collects, opened, reranged } = s;
      return { fees, gas, swapCost, impermanentLoss: net - fees + gas + swapCost, net, hold, reranges, collects, opened, closed: { lower: s.lower, upper: s.upper }, reranged };
    };
    return { full: await result(full, this.x.a.full), fixed: await result(fixed, this.x.a.fixed), manager: await result(manager, this.c.vault.target as string) };
  }
}

const sameVerdict = (d: DecisionPair): boolean =>
  d.chain.rerange === d.replica.rerange && d.chain.reason === d.replica.reason && d.chain.lower === d.replica.lower && d.chain.upper === d.replica.upper;

/** One path on the chain, from the set-up snapshot (which it restores and takes again for the next path). */
export async function runChainPath(x: AgreementChain, cfg: PathConfig): Promise<ChainPathResult> {
  await x.chain.rpc("evm_revert", [x.snapshot]);
  x.snapshot = await x.chain.rpc<string>("evm_snapshot");
  x.chain.resetNonces();
  const path = new ChainPath(x, cfg);
  const [full, manager, fixed] = [newPolicy("full"), newPolicy("manager"), newPolicy("fixed")];
  await path.open(full, manager, fixed);
  for (const m of marketHours(cfg)) await path.hour(m, full, manager, fixed);
  const settled = await path.settle(full, manager, fixed);
  const p = await slot0(x.chain, x.c.pool);
  const finalPrice = (Number(token0InToken1(10n ** 18n, p.sqrtPriceX96)) / 1e6).toFixed(2);
  return { seed: cfg.seed, days: cfg.days, finalPrice, capital: path.capital, ...settled, decisions: path.decisions, disagreements: path.decisions.filter((d) => !sameVerdict(d)) };
}

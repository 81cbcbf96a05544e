/**
 * One Uniswap v3 pool off-chain, in exact bigint: price, current tick, in-range liquidity, initialised ticks,
 * fee growth (global and outside each tick), positions with their owed tokens, mints, burns, collects and
 * swaps (exact input or output, with a price limit). Protocol fee off; no oracle observations.
 *
 * Written from the v3 whitepaper (§6: ticks, fee growth outside, crossing) and the pool's documented
 * behaviour; the differential test in test/uniswap-replica.test.ts holds it to a real pool to the wei.
 * Every operation either completes or throws a PoolRevert leaving the replica as it was.
 */
import {
  MAX_TICK,
  MAX_SQRT_RATIO,
  MAX_UINT128,
  MIN_SQRT_RATIO,
  MIN_TICK,
  PoolRevert,
  Q128,
  amount0DeltaSigned,
  amount1DeltaSigned,
  mulDiv,
  sqrtRatioAtTick,
  swapStep,
  tickAtSqrtRatio,
  wrap256,
} from "./math";

export interface TickState {
  liquidityGross: bigint;
  liquidityNet: bigint;
  feeGrowthOutside0X128: bigint;
  feeGrowthOutside1X128: bigint;
}

export interface PositionState {
  liquidity: bigint;
  feeGrowthInside0LastX128: bigint;
  feeGrowthInside1LastX128: bigint;
  tokensOwed0: bigint;
  tokensOwed1: bigint;
}

/** Signed token amounts from the pool's point of view: positive flows into the pool, negative out of it. */
export interface Amounts {
  amount0: bigint;
  amount1: bigint;
}

export interface SwapParams {
  zeroForOne: boolean;
  /** > 0: exact input of the token going in; < 0: exact output of the token coming out */
  amountSpecified: bigint;
  /** the price the swap may not pass; the pool refuses a limit on the wrong side of the price ("SPL") */
  sqrtPriceLimitX96: bigint;
}

const INT128_MAX = (1n << 127n) - 1n;

/** The most liquidity any one tick may reference, so the sum over every usable tick fits 128 bits. */
export function maxLiquidityPerTick(tickSpacing: number): bigint {
  const minTick = Math.trunc(MIN_TICK / tickSpacing) * tickSpacing;
  const maxTick = Math.trunc(MAX_TICK / tickSpacing) * tickSpacing;
  return MAX_UINT128 / BigInt((maxTick - minTick) / tickSpacing + 1);
}

const positionKey = (owner: string, tickLower: number, tickUpper: number) => `${owner.toLowerCase()}:${tickLower}:${tickUpper}`;

function addDelta(x: bigint, delta: bigint, what: string): bigint {
  const z = x + delta;
  if (z < 0n) throw new PoolRevert("LS", `${what}: removing ${-delta} from ${x}`);
  if (z > MAX_UINT128) throw new PoolRevert("LA", `${what}: adding ${delta} to ${x} overflows 128 bits`);
  return z;
}

export class PoolReplica {
  readonly fee: bigint;
  readonly tickSpacing: number;
  readonly maxLiquidityPerTick: bigint;
  sqrtPriceX96 = 0n;
  tick = 0;
  liquidity = 0n;
  feeGrowthGlobal0X128 = 0n;
  feeGrowthGlobal1X128 = 0n;
  private readonly ticks = new Map<number, TickState>();
  private readonly positions = new Map<string, PositionState>();

  constructor(opts: { fee: number; tickSpacing: number }) {
    if (!Number.isInteger(opts.fee) || opts.fee < 0 || opts.fee >= 1_000_000) throw new Error(`fee ${opts.fee} must be an integer in [0, 1e6) hundredths of a bp`);
    if (!Number.isInteger(opts.tickSpacing) || opts.tickSpacing <= 0 || opts.tickSpacing >= 16384) throw new Error(`tick spacing ${opts.tickSpacing} must be an integer in (0, 16384)`);
    this.fee = BigInt(opts.fee);
    this.tickSpacing = opts.tickSpacing;
    this.maxLiquidityPerTick = maxLiquidityPerTick(opts.tickSpacing);
  }

  initialize(sqrtPriceX96: bigint): void {
    if (this.sqrtPriceX96 !== 0n) throw new PoolRevert("AI", "the pool is already initialised");
    this.tick = tickAtSqrtRatio(sqrtPriceX96);
    this.sqrtPriceX96 = sqrtPriceX96;
  }

  /** A copy of an initialised tick's state, or undefined when no position references the tick. */
  tickState(tick: number): TickState | undefined {
    const t = this.ticks.get(tick);
    return t && { ...t };
  }

  initializedTicks(): number[] {
    return [...this.ticks.keys()].sort((a, b) => a - b);
  }

  position(owner: string, tickLower: number, tickUpper: number): PositionState {
    const p = this.positions.get(positionKey(owner, tickLower, tickUpper));
    return p ? { ...p } : { liquidity: 0n, feeGrowthInside0LastX128: 0n, feeGrowthInside1LastX128: 0n, tokensOwed0: 0n, tokensOwed1: 0n };
  }

  /** Adds `amount` of liquidity to owner's position; returns what the pool takes in (rounded up). */
  mint(owner: string, tickLower: number, tickUpper: number, amount: bigint): Amounts {
    if (amount <= 0n) throw new PoolRevert("mint", `liquidity ${amount} must be positive`);
    return this.modifyPosition(owner, tickLower, tickUpper, amount);
  }

  /**
   * Removes `amount` of liquidity (0: only settles the fees earned so far) and credits the position's owed
   * tokens with what it held (rounded down); returns those amounts, positive.
   */
  burn(owner: string, tickLower: number, tickUpper: number, amount: bigint): Amounts {
    if (amount < 0n || amount > INT128_MAX) throw new PoolRevert("burn", `liquidity ${amount} is outside [0, 2^127)`);
    const d = this.modifyPosition(owner, tickLower, tickUpper, -amount);
    const amounts = { amount0: -d.amount0, amount1: -d.amount1 };
    if (amounts.amount0 > 0n || amounts.amount1 > 0n) {
      const p = this.positions.get(positionKey(owner, tickLower, tickUpper))!;
      p.tokensOwed0 = BigInt.asUintN(128, p.tokensOwed0 + amounts.amount0);
      p.tokensOwed1 = BigInt.asUintN(128, p.tokensOwed1 + amounts.amount1);
    }
    return amounts;
  }

  /** Pays out up to the requested amounts of what the position is owed; returns what was paid. */
  collect(owner: string, tickLower: number, tickUpper: number, amount0Requested: bigint, amount1Requested: bigint): Amounts {
    const p = this.positions.get(positionKey(owner, tickLower, tickUpper));
    if (!p) return { amount0: 0n, amount1: 0n };
    const amount0 = amount0Requested > p.tokensOwed0 ? p.tokensOwed0 : amount0Requested;
    const amount1 = amount1Requested > p.tokensOwed1 ? p.tokensOwed1 : amount1Requested;
    p.tokensOwed0 -= amount0;
    p.tokensOwed1 -= amount1;
    return { amount0, amount1 };
  }

  // ---- positions ----

  private checkTicks(tickLower: number, tickUpper: number): void {
    if (!Number.isInteger(tickLower) || !Number.isInteger(tickUpper)) throw new PoolRevert("tick", `ticks ${tickLower}, ${tickUpper} must be integers`);
    if (tickLower >= tickUpper) throw new PoolRevert("TLU", `lower tick ${tickLower} is not below upper tick ${tickUpper}`);
    if (tickLower < MIN_TICK) throw new PoolRevert("TLM", `lower tick ${tickLower} is below ${MIN_TICK}`);
    if (tickUpper > MAX_TICK) throw new PoolRevert("TUM", `upper tick ${tickUpper} is above ${MAX_TICK}`);
  }

  private modifyPosition(owner: string, tickLower: number, tickUpper: number, delta: bigint): Amounts {
    this.checkTicks(tickLower, tickUpper);
    if (this.sqrtPriceX96 === 0n) throw new PoolRevert("LOK", "the pool is not initialised");
    const key = positionKey(owner, tickLower, tickUpper);
    const position = this.position(owner, tickLower, tickUpper);
    if (delta === 0n && position.liquidity === 0n) throw new PoolRevert("NP", `no position ${key} to poke`);
    const positionLiquidity = addDelta(position.liquidity, delta, `position ${key}`);
    // validate both ticks before writing either
    const lower = this.plannedTick(tickLower, delta, false);
    const upper = this.plannedTick(tickUpper, delta, true);
    const inRange = this.tick >= tickLower && this.tick < tickUpper;
    const liquidity = inRange ? addDelta(this.liquidity, delta, "pool liquidity") : this.liquidity;
    const amounts = this.amountsFor(tickLower, tickUpper, delta);

    if (delta !== 0n) {
      this.ticks.set(tickLower, lower.state);
      this.ticks.set(tickUpper, upper.state);
    }
    const [inside0, inside1] = this.feeGrowthInside(tickLower, tickUpper);
    const owed0 = BigInt.asUintN(128, mulDiv(wrap256(inside0 - position.feeGrowthInside0LastX128), position.liquidity, Q128));
    const owed1 = BigInt.asUintN(128, mulDiv(wrap256(inside1 - position.feeGrowthInside1LastX128), position.liquidity, Q128));
    this.positions.set(key, {
      liquidity: positionLiquidity,
      feeGrowthInside0LastX128: inside0,
      feeGrowthInside1LastX128: inside1,
      tokensOwed0: BigInt.asUintN(128, position.tokensOwed0 + owed0),
      tokensOwed1: BigInt.asUintN(128, position.tokensOwed1 + owed1),
    });
    if (delta < 0n) {
      if (lower.flipped) this.ticks.delete(tickLower);
      if (upper.flipped) this.ticks.delete(tickUpper);
    }
    this.liquidity = liquidity;
    return amounts;
  }

  /** A tick's state after a position's liquidity changes by delta there (the pool's bookkeeping, not yet written). */
  private plannedTick(tick: number, delta: bigint, isUpper: boolean): { state: TickState; flipped: boolean } {
    if (tick % this.tickSpacing !== 0) throw new PoolRevert("spacing", `tick ${tick} is not a multiple of the spacing ${this.tickSpacing}`);
    const before = this.ticks.get(tick) ?? { liquidityGross: 0n, liquidityNet: 0n, feeGrowthOutside0X128: 0n, feeGrowthOutside1X128: 0n };
    const gross = addDelta(before.liquidityGross, delta, `tick ${tick}`);
    if (gross > this.maxLiquidityPerTick) throw new PoolRevert("LO", `tick ${tick} would hold ${gross} > ${this.maxLiquidityPerTick}`);
    const state = { ...before, liquidityGross: gross, liquidityNet: isUpper ? before.liquidityNet - delta : before.liquidityNet + delta };
    // fee growth before a tick's first use is, by convention, all below the current price
    if (before.liquidityGross === 0n && tick <= this.tick) {
      state.feeGrowthOutside0X128 = this.feeGrowthGlobal0X128;
      state.feeGrowthOutside1X128 = this.feeGrowthGlobal1X128;
    }
    return { state, flipped: (gross === 0n) !== (before.liquidityGross === 0n) };
  }

  /** What a change of `delta` liquidity between two ticks takes in (> 0) or pays out (< 0) at the current price. */
  amountsFor(tickLower: number, tickUpper: number, delta: bigint): Amounts {
    const sqrtLower = sqrtRatioAtTick(tickLower);
    const sqrtUpper = sqrtRatioAtTick(tickUpper);
    if (this.tick < tickLower) return { amount0: amount0DeltaSigned(sqrtLower, sqrtUpper, delta), amount1: 0n };
    if (this.tick < tickUpper) {
      return { amount0: amount0DeltaSigned(this.sqrtPriceX96, sqrtUpper, delta), amount1: amount1DeltaSigned(sqrtLower, this.sqrtPriceX96, delta) };
    }
    return { amount0: 0n, amount1: amount1DeltaSigned(sqrtLower, sqrtUpper, delta) };
  }

  /** Fee growth per unit of liquidity earned between two ticks (whitepaper eq. 6.17–6.19), wrapping. */
  feeGrowthInside(tickLower: number, tickUpper: number): [bigint, bigint] {
    const zero = { feeGrowthOutside0X128: 0n, feeGrowthOutside1X128: 0n };
    const lo = this.ticks.get(tickLower) ?? zero;
    const up = this.ticks.get(tickUpper) ?? zero;
    const g0 = this.feeGrowthGlobal0X128;
    const g1 = this.feeGrowthGlobal1X128;
    const below0 = this.tick >= tickLower ? lo.feeGrowthOutside0X128 : g0 - lo.feeGrowthOutside0X128;
    const below1 = this.tick >= tickLower ? lo.feeGrowthOutside1X128 : g1 - lo.feeGrowthOutside1X128;
    const above0 = this.tick < tickUpper ? up.feeGrowthOutside0X128 : g0 - up.feeGrowthOutside0X128;
    const above1 = this.tick < tickUpper ? up.feeGrowthOutside1X128 : g1 - up.feeGrowthOutside1X128;
    return [wrap256(g0 - below0 - above0), wrap256(g1 - below1 - above1)];
  }

  // ---- swaps ----

  /**
   * The next tick to stop at in the swap's direction: the nearest initialised tick within the same 256-tick
   * word of the pool's bitmap, else the word's edge (the pool searches one word per step, and each step
   * rounds on its own, so the replica stops where the pool does).
   */
  private nextTickWithinWord(tick: number, lte: boolean): { next: number; initialized: boolean } {
    const s = this.tickSpacing;
    const compressed = Math.floor(tick / s);
    if (lte) {
      const bitPos = ((compressed % 256) + 256) % 256;
      for (let c = compressed; c >= compressed - bitPos; c--) if (this.ticks.has(c * s)) return { next: c * s, initialized: true };
      return { next: (compressed - bitPos) * s, initialized: false };
    }
    const start = compressed + 1;
    const bitPos = ((start % 256) + 256) % 256;
    for (let c = start; c <= start + 255 - bitPos; c++) if (this.ticks.has(c * s)) return { next: c * s, initialized: true };
    return { next: (start + 255 - bitPos) * s, initialized: false };
  }

  /** Swaps against the pool; returns the signed amounts (in > 0, out < 0). */
  swap({ zeroForOne, amountSpecified, sqrtPriceLimitX96: limit }: SwapParams): Amounts {
    if (amountSpecified === 0n) throw new PoolRevert("AS", "the amount specified is zero");
    if (this.sqrtPriceX96 === 0n) throw new PoolRevert("LOK", "the pool is not initialised");
    const valid = zeroForOne ? limit < this.sqrtPriceX96 && limit > MIN_SQRT_RATIO : limit > this.sqrtPriceX96 && limit < MAX_SQRT_RATIO;
    if (!valid) throw new PoolRevert("SPL", `price limit ${limit} is on the wrong side of the price ${this.sqrtPriceX96} or out of bounds`);
    const exactInput = amountSpecified > 0n;
    let remaining = amountSpecified;
    let calculated = 0n;
    let sqrtPrice = this.sqrtPriceX96;
    let tick = this.tick;
    let liquidity = this.liquidity;
    let feeGrowth = zeroForOne ? this.feeGrowthGlobal0X128 : this.feeGrowthGlobal1X128;
    const crossed: number[] = [];
    const crossedGrowth: [bigint, bigint][] = [];
    while (remaining !== 0n && sqrtPrice !== limit) {
      const start = sqrtPrice;
      let { next, initialized } = this.nextTickWithinWord(tick, zeroForOne);
      next = Math.min(MAX_TICK, Math.max(MIN_TICK, next));
      const sqrtNext = sqrtRatioAtTick(next);
      const target = zeroForOne ? (sqrtNext < limit ? limit : sqrtNext) : sqrtNext > limit ? limit : sqrtNext;
      const step = swapStep(sqrtPrice, target, liquidity, remaining, this.fee);
      sqrtPrice = step.sqrtNext;
      if (exactInput) {
        remaining -= step.amountIn + step.feeAmount;
        calculated -= step.amountOut;
      } else {
        remaining += step.amountOut;
        calculated += step.amountIn + step.feeAmount;
      }
      if (liquidity > 0n) feeGrowth = wrap256(feeGrowth + mulDiv(step.feeAmount, Q128, liquidity));
      if (sqrtPrice === sqrtNext) {
        if (initialized) {
          const net = this.ticks.get(next)!.liquidityNet;
          liquidity = addDelta(liquidity, zeroForOne ? -net : net, `crossing tick ${next}`);
          crossed.push(next);
          crossedGrowth.push(zeroForOne ? [feeGrowth, this.feeGrowthGlobal1X128] : [this.feeGrowthGlobal0X128, feeGrowth]);
        }
        tick = zeroForOne ? next - 1 : next;
      } else if (sqrtPrice !== start) {
        tick = tickAtSqrtRatio(sqrtPrice);
      }
    }
    // crossing a tick flips what lies "outside" it: outside := global − outside
    crossed.forEach((t, i) => {
      const info = this.ticks.get(t)!;
      info.feeGrowthOutside0X128 = wrap256(crossedGrowth[i][0] - info.feeGrowthOutside0X128);
      info.feeGrowthOutside1X128 = wrap256(crossedGrowth[i][1] - info.feeGrowthOutside1X128);
    });
    this.sqrtPriceX96 = sqrtPrice;
    this.tick = tick;
    this.liquidity = liquidity;
    if (zeroForOne) this.feeGrowthGlobal0X128 = feeGrowth;
    else this.feeGrowthGlobal1X128 = feeGrowth;
    const specifiedUsed = amountSpecified - remaining;
    return zeroForOne === exactInput ? { amount0: specifiedUsed, amount1: calculated } : { amount0: calculated, amount1: specifiedUsed };
  }
}

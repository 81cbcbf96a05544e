import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { systemWithUniswap, poolAbi, TWAP_WINDOW } from "./venues-fixtures";
import { as } from "./fixtures";
import {
  POOL_INIT_CODE_HASH,
  poolAddress,
  uniswapArtifact,
  sqrtPriceX96FromPrice,
  sqrtPriceX96AtTick,
  tickAtSqrtPrice,
  planPool,
  DEFAULT_RANGES,
} from "../src/venues";

const MAX_UINT128 = (1n << 128n) - 1n;

describe("Uniswap v3 from its published bytecode", () => {
  it("the periphery's pool init-code hash is keccak256 of the core pool's creation bytecode", async () => {
    const pool = uniswapArtifact("UniswapV3Pool");
    expect(ethers.keccak256(pool.bytecode)).to.equal(POOL_INIT_CODE_HASH);
    const hash = POOL_INIT_CODE_HASH.slice(2);
    for (const name of ["SwapRouter", "NonfungiblePositionManager", "QuoterV2"] as const) {
      expect(uniswapArtifact(name).bytecode.includes(hash), `${name} embeds the hash`).to.equal(true);
    }
  });

  it("deploys factory, router, position manager, quoter and WETH9; pools sit where the periphery computes them", async () => {
    const { uni, pools, asset, owner } = await loadFixture(systemWithUniswap);
    expect(await uni.weth9.symbol()).to.equal("WETH");
    expect(await uni.swapRouter.WETH9()).to.equal(uni.addresses.WETH9);
    expect(await uni.positionManager.factory()).to.equal(uni.addresses.UniswapV3Factory);
    for (const [fee, spacing] of [[500, 10], [3000, 60], [10000, 200]]) {
      expect(await uni.factory.feeAmountTickSpacing(fee)).to.equal(BigInt(spacing));
    }
    const key = "WETH/USDC/3000";
    expect(await pools[key].getAddress()).to.equal(
      poolAddress(uni.addresses.UniswapV3Factory, asset("WETH").address, asset("USDC").address, 3000),
    );
    // a wrap through the canonical WETH9
    await (await uni.weth9.deposit({ value: 10n ** 18n })).wait();
    expect(await uni.weth9.balanceOf(owner.address)).to.equal(10n ** 18n);
  });

  it("prices exactly: √P from a decimal price, ticks as the pool computes them", async () => {
    const { pools, plans } = await loadFixture(systemWithUniswap);
    for (const [key, pool] of Object.entries(pools)) {
      const [sqrtPriceX96, tick] = await pool.slot0();
      expect(sqrtPriceX96).to.equal(plans[key].sqrtPriceX96);
      expect(Number(tick), key).to.equal(tickAtSqrtPrice(sqrtPriceX96));
    }
    // 3000 USDC (6 dp) per WETH (18 dp), WETH as token1: P = 1e6·3000 / 1e18 inverted
    const s = sqrtPriceX96FromPrice("3000", 18, 6, false);
    expect((s * s) >> 192n).to.equal(10n ** 18n / (3000n * 10n ** 6n));
    expect(sqrtPriceX96AtTick(0)).to.equal(1n << 96n);
    expect(() => sqrtPriceX96FromPrice("3,000", 18, 6, true)).to.throw(/price: "3,000"/);
  });

  it("the market maker's ranges add up to the configured depth and are refused when they do not", async () => {
    const { pools, plans } = await loadFixture(systemWithUniswap);
    const key = "WBTC/USDC/3000";
    expect(plans[key].positions).to.have.length(DEFAULT_RANGES.length);
    const inRange: bigint = await pools[key].liquidity();
    expect(inRange).to.be.closeTo(plans[key].liquidity, plans[key].liquidity / 1_000_000n);
    const spec = { asset: { address: ethers.ZeroAddress, decimals: 8 }, quote: { address: pools[key].target as string, decimals: 6 } };
    expect(() => planPool({ ...spec, feeTier: 3000, price: "1", depthQuote: "1", ranges: [{ halfWidthBps: 500, shareBps: 9000 }] })).to.throw(
      /shares sum to 9000/,
    );
    expect(() => planPool({ ...spec, feeTier: 2500, price: "1", depthQuote: "1" })).to.throw(/fee tier 2500/);
  });

  it("a swap through the router moves the price and pays the tier's fee to the in-range LP", async () => {
    const { uni, pools, plans, tokens, asset, stranger, marketMaker } = await loadFixture(systemWithUniswap);
    const key = "WETH/USDC/500";
    const pool = pools[key];
    const [before] = await pool.slot0();
    const amountIn = 20_000n * 10n ** 6n; // 0.4 % of the pool's 5M depth: the price stays inside every range
    await (await tokens.USDC.mint(stranger.address, amountIn)).wait();
    await (await as(tokens.USDC, stranger).approve(uni.addresses.SwapRouter, amountIn)).wait();
    const deadline = BigInt(await time.latest()) + 600n;
    await (
      await as(uni.swapRouter, stranger).exactInputSingle({
        tokenIn: asset("USDC").address,
        tokenOut: asset("WETH").address,
        fee: 500,
        recipient: stranger.address,
        deadline,
        amountIn,
        amountOutMinimum: 1n,
        sqrtPriceLimitX96: 0n,
      })
    ).wait();
    expect(await tokens.WETH.balanceOf(stranger.address)).to.be.greaterThan(0n);
    const [after] = await pool.slot0();
    // USDC in makes WETH dearer: √P moves by amountIn / virtual reserve (WETH is token1 here, so √P falls)
    const wethIsToken0 = plans[key].token0 === asset("WETH").address;
    expect(wethIsToken0 ? after > before : after < before).to.equal(true);
    // every range holds the price, so the 0.05 % fee (10 USDC) is shared by liquidity: collect it all
    const pm = as(uni.positionManager, marketMaker);
    const fee = (amountIn * 500n) / 1_000_000n;
    let collected = 0n;
    const n = Number(await pm.balanceOf(marketMaker.address));
    for (let i = 0; i < n; i++) {
      const id = await pm.tokenOfOwnerByIndex(marketMaker.address, i);
      const pos = await pm.positions(id);
      if (pos.fee !== 500n || pos.token0 !== plans[key].token0) continue;
      const params = { tokenId: id, recipient: marketMaker.address, amount0Max: MAX_UINT128, amount1Max: MAX_UINT128 };
      const [a0, a1] = await pm.collect.staticCall(params);
      collected += plans[key].token0 === asset("USDC").address ? a0 : a1;
      await (await pm.collect(params)).wait();
    }
    expect(collected).to.be.closeTo(fee, 3n); // rounded down per position
    expect(collected).to.be.greaterThan(0n);
  });

  it("observe() answers over a window once cardinality is raised, with the time-weighted tick", async () => {
    const { uni, pools, tokens, asset, stranger } = await loadFixture(systemWithUniswap);
    const pool = new ethers.Contract(await pools["LINK/USDC/3000"].getAddress(), poolAbi(), ethers.provider);
    const [, , , cardinality, cardinalityNext] = await pool.slot0();
    expect(cardinalityNext).to.equal(200n);
    expect(cardinality).to.equal(200n); // grown at the market maker's mints, the first observation writes after the raise
    const [, tick0] = await pool.slot0();
    const amountIn = 50_000n * 10n ** 6n;
    await (await tokens.USDC.mint(stranger.address, amountIn)).wait();
    await (await as(tokens.USDC, stranger).approve(uni.addresses.SwapRouter, amountIn)).wait();
    await (
      await as(uni.swapRouter, stranger).exactInputSingle({
        tokenIn: asset("USDC").address, tokenOut: asset("LINK").address, fee: 3000, recipient: stranger.address,
        deadline: BigInt(await time.latest()) + 600n, amountIn, amountOutMinimum: 1n, sqrtPriceLimitX96: 0n,
      })
    ).wait();
    const swappedAt = BigInt(await time.latest());
    const [, tick1] = await pool.slot0();
    await time.increase(TWAP_WINDOW / 2);
    await ethers.provider.send("evm_mine", []);
    const now = BigInt(await time.latest());
    const [cumulatives] = await pool.observe([TWAP_WINDOW, 0]);
    const before = BigInt(TWAP_WINDOW) - (now - swappedAt);
    const expected = (tick0 * before + tick1 * (now - swappedAt)) / BigInt(TWAP_WINDOW);
    const mean = ((cumulatives[1] as bigint) - (cumulatives[0] as bigint)) / BigInt(TWAP_WINDOW);
    expect(Number(mean - expected)).to.be.within(-1, 1);
    expect(tick1).to.not.equal(tick0);
    // further back than the pool has kept: the pool's own "OLD"
    await expect(pool.observe([10 * 86400, 0])).to.be.revertedWith("OLD");
  });
});

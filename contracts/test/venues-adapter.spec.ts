import { expect } from "chai";
import { ethers } from "hardhat";
import type { Contract } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { systemWithUniswap, TWAP_WINDOW } from "./venues-fixtures";
import { as, WAD } from "./fixtures";
import { eventsOf } from "./events";

const DAY = 86400n;
const USDC = (n: bigint) => n * 10n ** 6n;

/** The system trading through UniswapV3Venue (on this spec's own pools) instead of the mock router, trades capped at 1 % of depth. */
async function rebalancerOnUniswap() {
  const sys = await systemWithUniswap();
  await (await sys.rebalancer.setRouter(await sys.venue.getAddress())).wait();
  await (await sys.rebalancer.setVenueConfig([50, 1800, 100])).wait();
  return sys;
}

/** A stranger buys `asset` with `usdcIn` USDC straight through Uniswap's router (pushing its price up). */
async function fundStranger(sys: Awaited<ReturnType<typeof systemWithUniswap>>, usdcIn: bigint) {
  const { uni, tokens, stranger } = sys;
  await (await tokens.USDC.mint(stranger.address, usdcIn)).wait();
  await (await as(tokens.USDC, stranger).approve(uni.addresses.SwapRouter, usdcIn)).wait();
}

async function strangerBuys(sys: Awaited<ReturnType<typeof systemWithUniswap>>, asset: string, fee: number, usdcIn: bigint) {
  await fundStranger(sys, usdcIn);
  return strangerSwaps(sys, asset, fee, usdcIn);
}

/** The stranger's swap, sent without waiting (it may sit in the mempool until the next block). */
async function strangerSwaps(sys: Awaited<ReturnType<typeof systemWithUniswap>>, asset: string, fee: number, usdcIn: bigint, opts: { gasLimit?: bigint } = {}) {
  const { uni, stranger } = sys;
  return as(uni.swapRouter, stranger).exactInputSingle(
    {
      tokenIn: sys.asset("USDC").address, tokenOut: asset, fee, recipient: stranger.address,
      deadline: BigInt(await time.latest()) + 3600n, amountIn: usdcIn, amountOutMinimum: 1n, sqrtPriceLimitX96: 0n,
    },
    opts,
  );
}

const relDiff = (a: bigint, b: bigint) => Number(((a > b ? a - b : b - a) * 1_000_000_000n) / b) / 1e9;

describe("UniswapV3Venue: the venue interface over real Uniswap v3 pools", () => {
  describe("reads", () => {
    it("spot and TWAP are the pool's start price; depth is the configured depth at the oracle", async () => {
      const { venue, asset } = await loadFixture(systemWithUniswap);
      const [weth, wbtc, link, usdc] = ["WETH", "WBTC", "LINK", "USDC"].map((s) => asset(s).address);
      for (const [a, price] of [[weth, 3000n], [wbtc, 60_000n], [link, 15n]] as const) {
        const spot: bigint = await venue.spotPrice(a, usdc, 3000);
        expect(relDiff(spot, price * WAD)).to.be.lessThan(1e-9);
        const twap: bigint = await venue.twapPrice(a, usdc, 3000, TWAP_WINDOW);
        expect(relDiff(twap, price * WAD)).to.be.lessThan(1e-4); // the mean tick: within one tick (1 bp)
        expect(relDiff(await venue.depthUsd(a, usdc, 3000), 2_000_000n * WAD)).to.be.lessThan(1e-6);
      }
      await expect(venue.twapPrice(weth, usdc, 3000, 0)).to.be.revertedWithCustomError(venue, "ZeroWindow");
      await expect(venue.spotPrice(weth, usdc, 10000)).to.be.revertedWithCustomError(venue, "NoRoute");
    });

    it("routes UNI/USDC through WETH: prices multiply, the legs' depths add in series", async () => {
      const { venue, asset } = await loadFixture(systemWithUniswap);
      const [uni, weth, usdc] = ["UNI", "WETH", "USDC"].map((s) => asset(s).address);
      const r = await venue.route(uni, usdc, 3000);
      expect(r.fee1).to.equal(3000n);
      expect(r.fee2).to.equal(500n);
      expect(r.pool2).to.not.equal(ethers.ZeroAddress);
      expect(relDiff(await venue.spotPrice(uni, usdc, 3000), 8n * WAD)).to.be.lessThan(1e-6);
      // UNI/WETH holds 500 WETH of depth ($1.5M), WETH/USDC 0.05 % $5M: in series, 1.5·5/6.5 M
      expect(relDiff(await venue.depthUsd(uni, usdc, 3000), (1_500_000n * 5_000_000n * WAD) / 6_500_000n)).to.be.lessThan(1e-6);
      // buying UNI with USDC takes the same pools the other way round
      const back = await venue.route(usdc, uni, 3000);
      expect([back.pool1, back.pool2]).to.deep.equal([r.pool2, r.pool1]);
      void weth;
    });

    it("the TWAP lags a move that spot shows at once", async () => {
      const sys = await loadFixture(systemWithUniswap);
      const { venue, asset } = sys;
      const [weth, usdc] = [asset("WETH").address, asset("USDC").address];
      await (await strangerBuys(sys, weth, 3000, USDC(40_000n))).wait(); // ~4 % up
      const spot: bigint = await venue.spotPrice(weth, usdc, 3000);
      expect(spot).to.be.greaterThan(3100n * WAD);
      const twapNow: bigint = await venue.twapPrice(weth, usdc, 3000, TWAP_WINDOW);
      expect(relDiff(twapNow, 3000n * WAD)).to.be.lessThan(1e-3);
      await time.increase(TWAP_WINDOW);
      expect(relDiff(await venue.twapPrice(weth, usdc, 3000, TWAP_WINDOW), spot)).to.be.lessThan(1e-3);
    });
  });

  describe("swaps", () => {
    it("quote is exactly what the swap through the router pays, direct and through WETH; minOut is enforced", async () => {
      const { venue, tokens, asset, stranger } = await loadFixture(systemWithUniswap);
      const [link, uni, usdc] = ["LINK", "UNI", "USDC"].map((s) => asset(s).address);
      const v = as(venue, stranger);
      for (const [tokenIn, sym, amount] of [[link, "LINK", 1000n * WAD], [uni, "UNI", 2000n * WAD]] as const) {
        await (await tokens[sym].mint(stranger.address, amount * 2n)).wait();
        await (await as(tokens[sym], stranger).approve(await venue.getAddress(), amount * 2n)).wait();
        const [expected, fee] = await venue.quote(tokenIn, usdc, 3000, amount);
        const params = { tokenIn, tokenOut: usdc, feeTier: 3000, amountIn: amount, minAmountOut: expected + 1n, recipient: stranger.address, deadline: BigInt(await time.latest()) + 600n };
        await expect(v.swapExactInput(params)).to.be.revertedWith("Too little received");
        const before: bigint = await tokens.USDC.balanceOf(stranger.address);
        const [out, feeOut] = await v.swapExactInput.staticCall({ ...params, minAmountOut: expected });
        await (await v.swapExactInput({ ...params, minAmountOut: expected })).wait();
        expect((await tokens.USDC.balanceOf(stranger.address)) - before).to.equal(expected);
        expect(out).to.equal(expected);
        expect(feeOut).to.equal(fee);
        expect(await tokens[sym].balanceOf(await venue.getAddress())).to.equal(0n); // holds nothing between calls
      }
      const [, twoHopFee] = await venue.quote(uni, usdc, 3000, 1_000_000n);
      expect(twoHopFee).to.equal(1_000_000n - (997_000n * 999_500n) / 1_000_000n); // 1 − 0.997·0.9995
    });

    it("only moves the caller's own tokens", async () => {
      const { venue, tokens, asset, stranger, keeper } = await loadFixture(systemWithUniswap);
      await (await tokens.LINK.mint(keeper.address, WAD)).wait();
      await (await as(tokens.LINK, keeper).approve(await venue.getAddress(), WAD)).wait();
      // the keeper approved the venue; a stranger cannot spend that approval
      await expect(
        as(venue, stranger).swapExactInput({
          tokenIn: asset("LINK").address, tokenOut: asset("USDC").address, feeTier: 3000, amountIn: WAD, minAmountOut: 1n, recipient: stranger.address,
          deadline: BigInt(await time.latest()) + 600n,
        }),
      ).to.be.revertedWithCustomError(tokens.LINK, "ERC20InsufficientAllowance");
      expect(await tokens.LINK.balanceOf(keeper.address)).to.equal(WAD);
    });
  });

  describe("the rebalancer's pre-trade checks through Uniswap", () => {
    it("rebalances through the pools, every trade at most 1 % of the pool's depth and within the oracle floor", async () => {
      const { rebalancer, venue, keeper, asset } = await loadFixture(rebalancerOnUniswap);
      const usdc = asset("USDC").address;
      const depthBefore: Record<string, bigint> = {};
      for (const s of ["WETH", "WBTC", "LINK", "UNI"]) depthBefore[asset(s).address] = await venue.depthUsd(asset(s).address, usdc, 3000);
      const receipt = await (await as(rebalancer, keeper).rebalance()).wait();
      const trades = eventsOf(rebalancer, receipt, "Trade");
      expect(trades.length).to.be.greaterThan(0);
      const vault = (await ethers.getContractAt("Vault", await rebalancer.vault())) as unknown as Contract;
      let capped = 0;
      for (const t of trades) {
        const riskAsset = t.args.tokenIn === usdc ? t.args.tokenOut : t.args.tokenIn;
        const usd = ((t.args.amountIn as bigint) * (t.args.priceInUsd as bigint)) / 10n ** BigInt(await vault.decimalsOf(t.args.tokenIn));
        const cap = depthBefore[riskAsset] / 100n;
        expect(usd <= cap + WAD).to.equal(true, `trade of $${ethers.formatEther(usd)} above the cap $${ethers.formatEther(cap)}`);
        if (usd + WAD >= cap) capped++;
      }
      expect(capped).to.be.greaterThan(0); // the plan asked for more than the depth allows
    });

    it("refuses a rebalance in the block where a stranger pushed the pool 100 bps (spot off the oracle)", async () => {
      const sys = await loadFixture(rebalancerOnUniswap);
      const { rebalancer, venue, keeper, asset, vault } = sys;
      const [weth, usdc] = [asset("WETH").address, asset("USDC").address];
      const balance = async () => sys.tokens.WETH.balanceOf(await vault.getAddress());
      const held: bigint = await balance();
      // ~0.5 % of the 2M depth in USDC moves the price ~1 %
      await fundStranger(sys, USDC(10_000n));
      await ethers.provider.send("evm_setAutomine", [false]);
      try {
        const push = await strangerSwaps(sys, weth, 3000, USDC(10_000n), { gasLimit: 500_000n });
        const reb = await as(rebalancer, keeper).rebalance({ gasLimit: 5_000_000n });
        await ethers.provider.send("evm_mine", []);
        expect((await push.wait())!.status).to.equal(1);
        expect((await ethers.provider.getTransactionReceipt(reb.hash))!.status).to.equal(0);
        expect((await push.wait())!.blockNumber).to.equal((await ethers.provider.getTransactionReceipt(reb.hash))!.blockNumber);
      } finally {
        await ethers.provider.send("evm_setAutomine", [true]);
      }
      const spot: bigint = await venue.spotPrice(weth, usdc, 3000);
      expect(relDiff(spot, 3000n * WAD)).to.be.greaterThan(0.0095);
      await expect(as(rebalancer, keeper).rebalance()).to.be.revertedWithCustomError(rebalancer, "VenuePriceOff").withArgs(weth, spot, 3000n * WAD);
      expect(await balance()).to.equal(held);
    });

    it("refuses when the stranger pushed for the whole window and put spot back (the TWAP is off)", async () => {
      const sys = await loadFixture(rebalancerOnUniswap);
      const { rebalancer, venue, keeper, asset, uni, stranger, tokens } = sys;
      const [weth, usdc] = [asset("WETH").address, asset("USDC").address];
      const window = 600; // a 10-minute TWAP, so the oracle's feeds stay fresh through the push
      await (await rebalancer.setVenueConfig([50, window, 100])).wait();
      await (await strangerBuys(sys, weth, 3000, USDC(20_000n))).wait(); // ~2 % up
      await time.increase(window);
      // sell back what was bought: spot returns to about the oracle (less two fees)
      const got: bigint = await tokens.WETH.balanceOf(stranger.address);
      await (await as(tokens.WETH, stranger).approve(uni.addresses.SwapRouter, got)).wait();
      await (
        await as(uni.swapRouter, stranger).exactInputSingle({
          tokenIn: weth, tokenOut: usdc, fee: 3000, recipient: stranger.address,
          deadline: BigInt(await time.latest()) + 600n, amountIn: got, amountOutMinimum: 1n, sqrtPriceLimitX96: 0n,
        })
      ).wait();
      expect(relDiff(await venue.spotPrice(weth, usdc, 3000), 3000n * WAD)).to.be.lessThan(0.005);
      const twap: bigint = await venue.twapPrice(weth, usdc, 3000, window);
      expect(relDiff(twap, 3000n * WAD)).to.be.greaterThan(0.005);
      await expect(as(rebalancer, keeper).rebalance()).to.be.revertedWithCustomError(rebalancer, "VenuePriceOff").withArgs(
        weth,
        (v: bigint) => relDiff(v, twap) < 1e-3, // the TWAP one second later, in the rebalance's block
        3000n * WAD,
      );
    });

    it("harvests a loss through the pool and refuses one above the depth cap", async () => {
      const { rebalancer, venue, keeper, asset } = await loadFixture(rebalancerOnUniswap);
      const [link, usdc] = [asset("LINK").address, asset("USDC").address];
      const now = BigInt(await time.latest());
      const small = 1000n * WAD; // $15k of a $2M pool: under its 1 % cap
      const [expected] = await venue.quote(link, usdc, 3000, small);
      const receipt = await (await as(rebalancer, keeper).harvestLoss(link, small, 0n, now + 31n * DAY, now + 600n)).wait();
      const [lh] = eventsOf(rebalancer, receipt, "LossHarvested");
      expect(lh.args.amountOut).to.equal(expected); // 0.3 % fee and ~0.75 % impact off $15k
      expect(lh.args.amountOut).to.be.greaterThan(USDC(14_775n)); // the oracle floor (1.5 %)
      await expect(as(rebalancer, keeper).harvestLoss(link, 2000n * WAD, 0n, now + 31n * DAY, now + 600n)).to.be.revertedWithCustomError(
        rebalancer,
        "TradeAboveDepth",
      );
    });
  });

  describe("what a trade reports, and its deadline", () => {
    /** Whole stablecoin per whole risk asset of a fill, WAD, and its shortfall against the oracle's price in bps. */
    async function fillOf(vault: Contract, usdc: string, tokenIn: string, tokenOut: string, amountIn: bigint, amountOut: bigint, oracle: bigint) {
      const selling = tokenOut === usdc;
      const [assetToken, assetAmount, stableAmount] = selling ? [tokenIn, amountIn, amountOut] : [tokenOut, amountOut, amountIn];
      const assetWad = assetAmount * 10n ** (18n - BigInt(await vault.decimalsOf(assetToken)));
      const price = (stableAmount * 10n ** 12n * WAD) / assetWad;
      const diff = selling ? oracle - price : price - oracle;
      return { price, impactBps: (diff * 10_000n) / oracle };
    }

    it("every Trade names the asset's pool (its own leg through WETH) with the realised price and its impact vs the oracle", async () => {
      const { rebalancer, venue, keeper, asset, uni, oracle } = await loadFixture(rebalancerOnUniswap);
      const usdc = asset("USDC").address;
      const vault = (await ethers.getContractAt("Vault", await rebalancer.vault())) as unknown as Contract;
      const receipt = await (await as(rebalancer, keeper).rebalance()).wait();
      const trades = eventsOf(rebalancer, receipt, "Trade");
      const symbols = new Set<string>();
      for (const t of trades) {
        const riskAsset: string = t.args.tokenIn === usdc ? t.args.tokenOut : t.args.tokenIn;
        const symbol = ["WETH", "WBTC", "LINK", "UNI"].find((s) => asset(s).address === riskAsset)!;
        symbols.add(symbol);
        // UNI has no USDC pool: its trade goes UNI/WETH then WETH/USDC and reports the UNI/WETH pool
        const expectedPool = symbol === "UNI"
          ? await uni.factory.getPool(riskAsset, asset("WETH").address, 3000)
          : await uni.factory.getPool(riskAsset, usdc, 3000);
        expect(t.args.pool).to.equal(expectedPool, symbol);
        expect(t.args.pool).to.equal(await venue.poolOf(riskAsset, usdc, 3000));
        const oraclePrice = ((await oracle.priceOf(riskAsset)) * WAD) / (await oracle.priceOf(usdc));
        const fill = await fillOf(vault, usdc, t.args.tokenIn, t.args.tokenOut, t.args.amountIn, t.args.amountOut, oraclePrice);
        expect(t.args.realisedPrice).to.equal(fill.price, symbol);
        expect(t.args.priceImpactBps).to.equal(fill.impactBps, symbol);
        // a real pool: the fee (30 bps, 50 through two pools) and the impact of up to 1 % of the depth, within the 150 bps floor
        expect(t.args.priceImpactBps).to.be.greaterThanOrEqual(30n, symbol);
        expect(t.args.priceImpactBps).to.be.lessThanOrEqual(150n, symbol);
      }
      expect(symbols.has("UNI") && symbols.size >= 3).to.equal(true, [...symbols].join(","));
    });

    it("LossHarvested reports the same fields", async () => {
      const { rebalancer, keeper, asset, uni, oracle } = await loadFixture(rebalancerOnUniswap);
      const [link, usdc] = [asset("LINK").address, asset("USDC").address];
      const vault = (await ethers.getContractAt("Vault", await rebalancer.vault())) as unknown as Contract;
      const now = BigInt(await time.latest());
      const receipt = await (await as(rebalancer, keeper).harvestLoss(link, 1000n * WAD, 0n, now + 31n * DAY, now + 600n)).wait();
      const [lh] = eventsOf(rebalancer, receipt, "LossHarvested");
      expect(lh.args.pool).to.equal(await uni.factory.getPool(link, usdc, 3000));
      const oraclePrice = ((await oracle.priceOf(link)) * WAD) / (await oracle.priceOf(usdc));
      const fill = await fillOf(vault, usdc, link, usdc, lh.args.amountIn, lh.args.amountOut, oraclePrice);
      expect(lh.args.realisedPrice).to.equal(fill.price);
      expect(lh.args.priceImpactBps).to.equal(fill.impactBps);
      expect(lh.args.priceImpactBps).to.be.greaterThan(30n); // the 0.3 % fee plus ~0.75 % impact of $15k in a $2M pool
    });

    it("a keeper cannot give harvestLoss a deadline more than an hour ahead, nor an expired one", async () => {
      const { rebalancer, keeper, asset } = await loadFixture(rebalancerOnUniswap);
      const link = asset("LINK").address;
      const now = BigInt(await time.latest());
      const limit = await rebalancer.MAX_DEADLINE_DELAY();
      expect(limit).to.equal(3600n);
      await expect(as(rebalancer, keeper).harvestLoss(link, WAD, 0n, now + 31n * DAY, now + 7200n))
        .to.be.revertedWithCustomError(rebalancer, "DeadlineTooFar")
        .withArgs(now + 7200n, (latest: bigint) => latest >= now + limit && latest < now + 7200n); // the call's block time + 1 h
      await expect(as(rebalancer, keeper).harvestLoss(link, WAD, 0n, now + 31n * DAY, now)).to.be.revertedWithCustomError(rebalancer, "DeadlineExpired");
      const at = BigInt(await time.latest()) + 10n;
      await time.setNextBlockTimestamp(at);
      await (await as(rebalancer, keeper).harvestLoss(link, WAD, 0n, at + 31n * DAY, at + limit)).wait(); // the bound itself passes
    });

    it("the venue refuses a swap past its deadline, before Uniswap's router would", async () => {
      const { venue, tokens, asset, stranger } = await loadFixture(systemWithUniswap);
      await (await tokens.LINK.mint(stranger.address, WAD)).wait();
      await (await as(tokens.LINK, stranger).approve(await venue.getAddress(), WAD)).wait();
      const deadline = BigInt(await time.latest());
      await expect(
        as(venue, stranger).swapExactInput({
          tokenIn: asset("LINK").address, tokenOut: asset("USDC").address, feeTier: 3000, amountIn: WAD, minAmountOut: 1n,
          recipient: stranger.address, deadline,
        }),
      ).to.be.revertedWithCustomError(venue, "DeadlineExpired").withArgs(deadline);
      expect(await tokens.LINK.balanceOf(stranger.address)).to.equal(WAD);
    });
  });
});

describe("UniswapV3Venue: its own input bounds", () => {
  it("refuses a zero address for each of factory, router, oracle and hub at construction", async () => {
    const { uni, venue } = await loadFixture(systemWithUniswap);
    const factory = await ethers.getContractFactory("UniswapV3Venue");
    const good: [string, string, string, string] = [uni.addresses.UniswapV3Factory, uni.addresses.SwapRouter, await venue.oracle(), await venue.hub()];
    for (let i = 0; i < 4; i++) {
      const args = [...good];
      args[i] = ethers.ZeroAddress;
      await expect(factory.deploy(args[0], args[1], args[2], args[3], 500)).to.be.revertedWithCustomError(venue, "ZeroAddress");
    }
    const ok = await factory.deploy(good[0], good[1], good[2], good[3], 500);
    expect(await ok.hub()).to.equal(good[3]);
  });

  it("refuses a zero TWAP window, a zero quote and a zero swap", async () => {
    const { venue, asset, stranger } = await loadFixture(systemWithUniswap);
    const [link, usdc] = [asset("LINK").address, asset("USDC").address];
    await expect(venue.twapPrice(link, usdc, 3000, 0)).to.be.revertedWithCustomError(venue, "ZeroWindow");
    await expect(venue.quote(link, usdc, 3000, 0)).to.be.revertedWithCustomError(venue, "ZeroAmount");
    const deadline = BigInt(await time.latest()) + 600n;
    await expect(
      as(venue, stranger).swapExactInput({ tokenIn: link, tokenOut: usdc, feeTier: 3000, amountIn: 0n, minAmountOut: 0n, recipient: stranger.address, deadline }),
    ).to.be.revertedWithCustomError(venue, "ZeroAmount");
  });
});

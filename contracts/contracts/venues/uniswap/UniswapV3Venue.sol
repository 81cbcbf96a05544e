// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {FullMath} from "@uniswap/v4-core/src/libraries/FullMath.sol";
import {TickMath} from "@uniswap/v4-core/src/libraries/TickMath.sol";
import {SqrtPriceMath} from "@uniswap/v4-core/src/libraries/SqrtPriceMath.sol";
import {IVenue} from "../IVenue.sol";
import {IOracleHub} from "../../interfaces/IOracleHub.sol";
import {FixedPointMath} from "../../libraries/FixedPointMath.sol";
import {IUniswapV3FactoryReads, IUniswapV3PoolReads, IUniswapV3SwapRouter} from "./IUniswapV3.sol";

/// @title UniswapV3Venue
/// @notice The venue interface over Uniswap v3 pools (deployed from Uniswap's own bytecode):
///         - spot price from the pool's slot0, TWAP from `observe` over the asked window (mean tick);
///         - depth from the pool's in-range liquidity: its virtual reserve of the quote side, L·√P, valued at the
///           oracle — a trade worth q USD fills about q / depth below spot, as in the constant-product pool the
///           in-range liquidity behaves like (an under-estimate of impact once a trade leaves the active range);
///         - quote by exact in-range math (v4-core's SqrtPriceMath), exact while the trade stays inside the pool's
///           current initialised-tick range (the quoter contract cannot answer inside a view);
///         - the swap through Uniswap's SwapRouter with the caller's minimum out.
///         A pair without a pool at the asked tier is routed through `hub` (WETH): the asset's leg at the asked tier,
///         the hub's leg against the other token at `hubFeeTier`; prices multiply, and so do the legs' fills, so the
///         route's depth is the legs' in series (1/D = 1/D₁ + 1/D₂).
///         It holds no funds between calls: it pulls tokenIn from the caller and the router pays the recipient.
contract UniswapV3Venue is IVenue {
    using SafeERC20 for IERC20;
    using FixedPointMath for uint256;

    uint256 private constant FEE_DENOMINATOR = 1_000_000;
    uint256 private constant WAD_DECIMALS = 18;

    error ZeroAddress();
    error ZeroAmount();
    error ZeroWindow();
    error DeadlineExpired(uint256 deadline);
    error NoRoute(address tokenIn, address tokenOut, uint24 feeTier);

    IUniswapV3FactoryReads public immutable factory;
    IUniswapV3SwapRouter public immutable swapRouter;
    IOracleHub public immutable oracle;
    /// @notice The token two-hop routes go through (WETH).
    address public immutable hub;
    /// @notice The fee tier of the hub's pools against the other token of a two-hop route.
    uint24 public immutable hubFeeTier;

    /// @dev A route of one or two pools; `pool2 == address(0)` for a single pool.
    struct Route {
        address pool1;
        uint24 fee1;
        address pool2;
        uint24 fee2;
    }

    constructor(
        IUniswapV3FactoryReads factory_,
        IUniswapV3SwapRouter swapRouter_,
        IOracleHub oracle_,
        address hub_,
        uint24 hubFeeTier_
    ) {
        if (
            address(factory_) == address(0) || address(swapRouter_) == address(0) || address(oracle_) == address(0)
                || hub_ == address(0)
        ) revert ZeroAddress();
        factory = factory_;
        swapRouter = swapRouter_;
        oracle = oracle_;
        hub = hub_;
        hubFeeTier = hubFeeTier_;
    }

    // ---- IVenue reads ----

    function spotPrice(address asset, address quoteToken, uint24 feeTier) external view returns (uint256) {
        Route memory r = route(asset, quoteToken, feeTier);
        if (r.pool2 == address(0)) return _spot(r.pool1, asset, quoteToken);
        return _spot(r.pool1, asset, hub).mulWadDown(_spot(r.pool2, hub, quoteToken));
    }

    function twapPrice(address asset, address quoteToken, uint24 feeTier, uint32 window) external view returns (uint256) {
        if (window == 0) revert ZeroWindow();
        Route memory r = route(asset, quoteToken, feeTier);
        if (r.pool2 == address(0)) return _twap(r.pool1, asset, quoteToken, window);
        return _twap(r.pool1, asset, hub, window).mulWadDown(_twap(r.pool2, hub, quoteToken, window));
    }

    function depthUsd(address asset, address quoteToken, uint24 feeTier) external view returns (uint256) {
        Route memory r = route(asset, quoteToken, feeTier);
        uint256 quoteUsd = oracle.priceOf(quoteToken);
        if (r.pool2 == address(0)) return _reserveUsd(r.pool1, quoteToken, quoteUsd);
        uint256 hubUsd = _spot(r.pool2, hub, quoteToken).mulWadDown(quoteUsd);
        uint256 assetLeg = _reserveUsd(r.pool1, hub, hubUsd);
        uint256 quoteLeg = _reserveUsd(r.pool2, quoteToken, quoteUsd);
        if (assetLeg == 0 || quoteLeg == 0) return 0;
        // the legs' impacts add up: 1/depth = 1/assetLeg + 1/quoteLeg
        return FullMath.mulDiv(assetLeg, quoteLeg, assetLeg + quoteLeg);
    }

    /// @notice The pair's own pool, or on a two-hop route the asset's leg against the hub (route's first pool).
    function poolOf(address asset, address quoteToken, uint24 feeTier) external view returns (address) {
        return route(asset, quoteToken, feeTier).pool1;
    }

    function quote(address tokenIn, address tokenOut, uint24 feeTier, uint256 amountIn)
        external
        view
        returns (uint256 amountOut, uint256 feeAmountIn)
    {
        if (amountIn == 0) revert ZeroAmount();
        Route memory r = route(tokenIn, tokenOut, feeTier);
        if (r.pool2 == address(0)) {
            amountOut = _quoteInRange(r.pool1, tokenIn, tokenOut, r.fee1, amountIn);
        } else {
            uint256 mid = _quoteInRange(r.pool1, tokenIn, hub, r.fee1, amountIn);
            amountOut = _quoteInRange(r.pool2, hub, tokenOut, r.fee2, mid);
        }
        feeAmountIn = _feeIn(r, amountIn);
    }

    /// @notice The pools a swap of tokenIn for tokenOut at `feeTier` goes through: the pair's own pool, else
    ///         tokenIn → hub → tokenOut with `feeTier` on the leg of the token that is not the other's quote.
    function route(address tokenIn, address tokenOut, uint24 feeTier) public view returns (Route memory r) {
        address direct = factory.getPool(tokenIn, tokenOut, feeTier);
        if (direct != address(0)) return Route(direct, feeTier, address(0), 0);
        if (tokenIn != hub && tokenOut != hub) {
            // tokenIn is the asset: its leg at feeTier, the hub's against tokenOut at hubFeeTier
            r = Route(factory.getPool(tokenIn, hub, feeTier), feeTier, factory.getPool(hub, tokenOut, hubFeeTier), hubFeeTier);
            if (r.pool1 != address(0) && r.pool2 != address(0)) return r;
            // tokenOut is the asset
            r = Route(factory.getPool(tokenIn, hub, hubFeeTier), hubFeeTier, factory.getPool(hub, tokenOut, feeTier), feeTier);
            if (r.pool1 != address(0) && r.pool2 != address(0)) return r;
        }
        revert NoRoute(tokenIn, tokenOut, feeTier);
    }

    // ---- the swap ----

    /// @dev The caller's deadline is checked here (a named error) and handed on to Uniswap's router.
    function swapExactInput(ExactInputParams calldata p) external returns (uint256 amountOut, uint256 feeAmountIn) {
        if (p.amountIn == 0) revert ZeroAmount();
        if (block.timestamp > p.deadline) revert DeadlineExpired(p.deadline);
        Route memory r = route(p.tokenIn, p.tokenOut, p.feeTier);
        IERC20(p.tokenIn).safeTransferFrom(msg.sender, address(this), p.amountIn);
        IERC20(p.tokenIn).forceApprove(address(swapRouter), p.amountIn);
        if (r.pool2 == address(0)) {
            amountOut = swapRouter.exactInputSingle(
                IUniswapV3SwapRouter.ExactInputSingleParams({
                    tokenIn: p.tokenIn,
                    tokenOut: p.tokenOut,
                    fee: r.fee1,
                    recipient: p.recipient,
                    deadline: p.deadline,
                    amountIn: p.amountIn,
                    amountOutMinimum: p.minAmountOut,
                    sqrtPriceLimitX96: 0
                })
            );
        } else {
            amountOut = swapRouter.exactInput(
                IUniswapV3SwapRouter.ExactInputParams({
                    path: abi.encodePacked(p.tokenIn, r.fee1, hub, r.fee2, p.tokenOut),
                    recipient: p.recipient,
                    deadline: p.deadline,
                    amountIn: p.amountIn,
                    amountOutMinimum: p.minAmountOut
                })
            );
        }
        feeAmountIn = _feeIn(r, p.amountIn);
    }

    // ---- internals ----

    /// @dev The share of amountIn the route's pools keep as fees: 1 − Π(1 − fee_i), rounded up.
    function _feeIn(Route memory r, uint256 amountIn) private pure returns (uint256) {
        uint256 keptPpm2 = (FEE_DENOMINATOR - r.fee1) * (r.pool2 == address(0) ? FEE_DENOMINATOR : FEE_DENOMINATOR - r.fee2);
        return amountIn - FullMath.mulDiv(amountIn, keptPpm2, FEE_DENOMINATOR * FEE_DENOMINATOR);
    }

    function _spot(address pool, address base, address quoteToken) private view returns (uint256) {
        (uint160 sqrtPriceX96,,,,,,) = IUniswapV3PoolReads(pool).slot0();
        return _priceWad(sqrtPriceX96, base, quoteToken);
    }

    /// @dev Price at the arithmetic mean tick over `window` seconds (rounded toward −∞, as the pool's own ticks are).
    function _twap(address pool, address base, address quoteToken, uint32 window) private view returns (uint256) {
        uint32[] memory ago = new uint32[](2);
        ago[0] = window;
        (int56[] memory cumulative,) = IUniswapV3PoolReads(pool).observe(ago);
        int56 delta = cumulative[1] - cumulative[0];
        int24 meanTick = int24(delta / int56(uint56(window)));
        if (delta < 0 && delta % int56(uint56(window)) != 0) meanTick--;
        return _priceWad(TickMath.getSqrtPriceAtTick(meanTick), base, quoteToken);
    }

    /// @dev Price of one whole `base` in whole `quoteToken` (WAD) from a pool's √P (token1 per token0, Q64.96).
    function _priceWad(uint160 sqrtPriceX96, address base, address quoteToken) private view returns (uint256) {
        uint256 scale = 10 ** (uint256(IERC20Metadata(base).decimals()) + WAD_DECIMALS - IERC20Metadata(quoteToken).decimals());
        bool baseIsToken0 = base < quoteToken;
        if (sqrtPriceX96 <= type(uint128).max) {
            uint256 ratioX192 = uint256(sqrtPriceX96) * sqrtPriceX96;
            return baseIsToken0 ? FullMath.mulDiv(ratioX192, scale, 1 << 192) : FullMath.mulDiv(1 << 192, scale, ratioX192);
        }
        uint256 ratioX128 = FullMath.mulDiv(sqrtPriceX96, sqrtPriceX96, 1 << 64);
        return baseIsToken0 ? FullMath.mulDiv(ratioX128, scale, 1 << 128) : FullMath.mulDiv(1 << 128, scale, ratioX128);
    }

    /// @dev The in-range liquidity's virtual reserve of `side` (L/√P of token0, L·√P of token1) at `sideUsd` per whole token.
    function _reserveUsd(address pool, address side, uint256 sideUsd) private view returns (uint256) {
        (uint160 sqrtPriceX96,,,,,,) = IUniswapV3PoolReads(pool).slot0();
        uint256 liquidity = IUniswapV3PoolReads(pool).liquidity();
        bool sideIsToken0 = side == IUniswapV3PoolReads(pool).token0();
        uint256 reserve = sideIsToken0
            ? FullMath.mulDiv(liquidity, 1 << 96, sqrtPriceX96)
            : FullMath.mulDiv(liquidity, sqrtPriceX96, 1 << 96);
        return reserve.toUsdDown(IERC20Metadata(side).decimals(), sideUsd);
    }

    /// @dev What the pool pays for `amountIn` if the swap stays within the active liquidity.
    function _quoteInRange(address pool, address tokenIn, address tokenOut, uint24 fee, uint256 amountIn)
        private
        view
        returns (uint256)
    {
        (uint160 sqrtPriceX96,,,,,,) = IUniswapV3PoolReads(pool).slot0();
        uint128 liquidity = IUniswapV3PoolReads(pool).liquidity();
        uint256 lessFee = FullMath.mulDiv(amountIn, FEE_DENOMINATOR - fee, FEE_DENOMINATOR);
        bool zeroForOne = tokenIn < tokenOut;
        uint160 next = SqrtPriceMath.getNextSqrtPriceFromInput(sqrtPriceX96, liquidity, lessFee, zeroForOne);
        return zeroForOne
            ? SqrtPriceMath.getAmount1Delta(next, sqrtPriceX96, liquidity, false)
            : SqrtPriceMath.getAmount0Delta(sqrtPriceX96, next, liquidity, false);
    }
}

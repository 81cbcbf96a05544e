// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {FullMath} from "@uniswap/v4-core/src/libraries/FullMath.sol";
import {TickMath} from "@uniswap/v4-core/src/libraries/TickMath.sol";
import {SqrtPriceMath} from "@uniswap/v4-core/src/libraries/SqrtPriceMath.sol";

interface IObservations {
    function observe(uint32[] calldata secondsAgos) external view returns (int56[] memory, uint160[] memory);
}

/// @title RangeMath
/// @dev Linked (its functions are public) so that v4-core's tick math is deployed once beside the manager,
///      which would otherwise exceed the contract size limit.
/// @notice The liquidity manager's range arithmetic in tick space (ticks of 1.0001, so a log-price distance d
///         is d / ln(1.0001) ticks). Under geometric Brownian motion the log price over h oracle rounds has
///         standard deviation σ·√h; a range of half-width k·σ·√h around the TWAP holds the price for about
///         k²·h rounds: a Brownian motion started at distances a and b (log price) from the two edges leaves
///         the interval after a·b/σ² rounds on average.
library RangeMath {
    uint256 internal constant WAD = 1e18;
    /// @notice ln(1.0001) in WAD: one tick in log price.
    uint256 internal constant LN_TICK_WAD = 99_995_000_333_308;

    /// @notice k·σ·√h in ticks (rounded down, at least one tick); k and σ in WAD, h in rounds.
    function halfWidthTicks(uint256 k, uint256 sigma, uint256 horizonRounds) public pure returns (uint256 ticks) {
        uint256 logWidth = FullMath.mulDiv(FullMath.mulDiv(k, sigma, WAD), Math.sqrt(horizonRounds * WAD * WAD), WAD);
        ticks = logWidth / LN_TICK_WAD;
        if (ticks == 0) ticks = 1;
        if (ticks > uint256(int256(TickMath.MAX_TICK))) ticks = uint256(int256(TickMath.MAX_TICK));
    }

    /// @notice [centre − half, centre + half] widened outward to the tick spacing and clamped to the usable ticks.
    function rangeAround(int24 centre, uint256 half, int24 spacing) public pure returns (int24 lower, int24 upper) {
        int256 lo = int256(centre) - int256(half);
        int256 hi = int256(centre) + int256(half);
        int256 minUsable = -(int256(TickMath.MAX_TICK) / spacing) * spacing;
        lower = int24(lo < minUsable ? minUsable : floorTo(lo, spacing));
        upper = int24(hi > -minUsable ? -minUsable : ceilTo(hi, spacing));
    }

    function floorTo(int256 t, int24 spacing) internal pure returns (int256 r) {
        r = (t / spacing) * spacing;
        if (t < 0 && r != t) r -= spacing;
    }

    function ceilTo(int256 t, int24 spacing) internal pure returns (int256 r) {
        r = (t / spacing) * spacing;
        if (t > 0 && r != t) r += spacing;
    }

    /// @notice Expected seconds before the price (at `tick`) leaves [lower, upper): a·b/σ² rounds of
    ///         `roundSeconds`, a and b the log distances to the edges; 0 outside the range.
    function expectedSecondsInRange(int24 tick, int24 lower, int24 upper, uint256 sigma, uint256 roundSeconds)
        public
        pure
        returns (uint256)
    {
        if (tick < lower || tick >= upper) return 0;
        uint256 a = uint256(int256(tick) - lower) * LN_TICK_WAD;
        uint256 b = uint256(int256(upper) - tick) * LN_TICK_WAD;
        return FullMath.mulDiv(a * b, roundSeconds, sigma * sigma);
    }

    /// @notice token0 and token1 that `liquidity` over [lower, upper) holds at `sqrtPriceX96` (rounded down).
    function amounts(uint160 sqrtPriceX96, int24 lower, int24 upper, uint128 liquidity)
        public
        pure
        returns (uint256 amount0, uint256 amount1)
    {
        uint160 sl = TickMath.getSqrtPriceAtTick(lower);
        uint160 su = TickMath.getSqrtPriceAtTick(upper);
        if (sqrtPriceX96 <= sl) {
            amount0 = SqrtPriceMath.getAmount0Delta(sl, su, liquidity, false);
        } else if (sqrtPriceX96 < su) {
            amount0 = SqrtPriceMath.getAmount0Delta(sqrtPriceX96, su, liquidity, false);
            amount1 = SqrtPriceMath.getAmount1Delta(sl, sqrtPriceX96, liquidity, false);
        } else {
            amount1 = SqrtPriceMath.getAmount1Delta(sl, su, liquidity, false);
        }
    }

    /// @notice The tick of the price num/den (token1 base units per token0 base unit), rounded down.
    function tickOf(uint256 num, uint256 den) public pure returns (int24) {
        return TickMath.getTickAtSqrtPrice(uint160(Math.sqrt(FullMath.mulDiv(num, 1 << 192, den))));
    }

    /// @notice The pool's mean tick over the last `window` seconds (rounded toward −∞, as the pool's ticks are).
    function twapTick(address pool, uint32 window) public view returns (int24 t) {
        uint32[] memory ago = new uint32[](2);
        ago[0] = window;
        (int56[] memory cumulative,) = IObservations(pool).observe(ago);
        int56 delta = cumulative[1] - cumulative[0];
        t = int24(delta / int56(uint56(window)));
        if (delta < 0 && delta % int56(uint56(window)) != 0) t--;
    }

    /// @notice `amount` of one token of a pool in base units of the other at √P (`isToken0`: the amount is of
    ///         token0, valued in token1), rounded down.
    function token0In1(uint256 amount, uint160 sqrtPriceX96, bool isToken0) public pure returns (uint256) {
        return isToken0
            ? FullMath.mulDiv(FullMath.mulDiv(amount, sqrtPriceX96, 1 << 96), sqrtPriceX96, 1 << 96)
            : FullMath.mulDiv(FullMath.mulDiv(amount, 1 << 96, sqrtPriceX96), 1 << 96, sqrtPriceX96);
    }
}

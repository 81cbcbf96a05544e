// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {FullMath} from "@uniswap/v4-core/src/libraries/FullMath.sol";
import {TickMath} from "@uniswap/v4-core/src/libraries/TickMath.sol";
import {IUniswapV3PoolReads} from "../venues/uniswap/IUniswapV3.sol";

/// @title PoolTwap
/// @notice The time-weighted price of a Uniswap v3 pool over a window, read through `observe`: the price at the
///         arithmetic mean tick (rounded toward −∞, as the pool's own ticks are), so one tick (1 bp) is its
///         resolution. `tryPrice` returns false instead of reverting when the pool cannot answer the window
///         (younger than the window, or too few observations kept).
library PoolTwap {
    uint256 private constant WAD_DECIMALS = 18;

    /// @return ok whether the pool answered
    /// @return priceWad whole `quoteToken` per whole `base` at the window's mean tick (WAD)
    function tryPrice(address pool, address base, uint8 baseDecimals, address quoteToken, uint8 quoteDecimals, uint32 window)
        internal
        view
        returns (bool ok, uint256 priceWad)
    {
        uint32[] memory ago = new uint32[](2);
        ago[0] = window;
        try IUniswapV3PoolReads(pool).observe(ago) returns (int56[] memory cumulative, uint160[] memory) {
            int56 delta = cumulative[1] - cumulative[0];
            int24 meanTick = int24(delta / int56(uint56(window)));
            if (delta < 0 && delta % int56(uint56(window)) != 0) meanTick--;
            return (true, priceAtTick(meanTick, base < quoteToken, baseDecimals, quoteDecimals));
        } catch {
            return (false, 0);
        }
    }

    /// @notice Whole quote per whole base (WAD) at `tick` (token1 per token0 = 1.0001^tick in base units).
    function priceAtTick(int24 tick, bool baseIsToken0, uint8 baseDecimals, uint8 quoteDecimals) internal pure returns (uint256) {
        uint160 sqrtPriceX96 = TickMath.getSqrtPriceAtTick(tick);
        uint256 scale = 10 ** (uint256(baseDecimals) + WAD_DECIMALS - quoteDecimals);
        if (sqrtPriceX96 <= type(uint128).max) {
            uint256 ratioX192 = uint256(sqrtPriceX96) * sqrtPriceX96;
            return baseIsToken0 ? FullMath.mulDiv(ratioX192, scale, 1 << 192) : FullMath.mulDiv(1 << 192, scale, ratioX192);
        }
        uint256 ratioX128 = FullMath.mulDiv(sqrtPriceX96, sqrtPriceX96, 1 << 64);
        return baseIsToken0 ? FullMath.mulDiv(ratioX128, scale, 1 << 128) : FullMath.mulDiv(1 << 128, scale, ratioX128);
    }
}

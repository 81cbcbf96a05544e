// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ISwapRouter} from "../interfaces/ISwapRouter.sol";

/// @title IVenue
/// @notice What the rebalancer needs from a place to trade a risk asset against the stablecoin: the swap
///         itself (ISwapRouter) and the reads its pre-trade checks use. Venue-agnostic: a mock priced from
///         the oracle implements it today, a Uniswap v3 adapter (spot from slot0, TWAP from observe, depth
///         from the active liquidity) implements the same functions.
///         Prices are of one whole `asset` in whole `quoteToken`, 18-decimal fixed point.
interface IVenue is ISwapRouter {
    /// @notice What swapExactInput would return now, and the fee it keeps (in tokenIn).
    function quote(address tokenIn, address tokenOut, uint24 feeTier, uint256 amountIn)
        external
        view
        returns (uint256 amountOut, uint256 feeAmountIn);

    /// @notice The pool's marginal price now (moved by trades in this very block).
    function spotPrice(address asset, address quoteToken, uint24 feeTier) external view returns (uint256);

    /// @notice The pool's time-weighted average price over the last `window` seconds.
    function twapPrice(address asset, address quoteToken, uint24 feeTier, uint32 window) external view returns (uint256);

    /// @notice The pool a trade of `asset` against `quoteToken` at `feeTier` is reported against: the pair's own
    ///         pool, or on a two-hop route the asset's own leg (the pool whose price is the asset's).
    function poolOf(address asset, address quoteToken, uint24 feeTier) external view returns (address);

    /// @notice The pool's depth in USD (WAD): a trade worth q USD moves its price by about q / depthUsd.
    function depthUsd(address asset, address quoteToken, uint24 feeTier) external view returns (uint256);
}

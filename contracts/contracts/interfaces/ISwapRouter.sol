// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice The router the rebalancer swaps through (exact input), refusing the swap after `deadline`.
interface ISwapRouter {
    struct ExactInputParams {
        address tokenIn;
        address tokenOut;
        uint24 feeTier; // hundredths of a basis point: 500 = 0.05 %, 3000 = 0.3 %, 10000 = 1 %
        uint256 amountIn;
        uint256 minAmountOut;
        address recipient;
        /// @dev the swap reverts once block.timestamp is past it
        uint256 deadline;
    }

    /// @return amountOut tokens sent to the recipient
    /// @return feeAmountIn the fee kept by the pool, in tokenIn, part of amountIn
    function swapExactInput(ExactInputParams calldata params) external returns (uint256 amountOut, uint256 feeAmountIn);
}

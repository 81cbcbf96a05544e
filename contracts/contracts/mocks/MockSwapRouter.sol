// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ISwapRouter} from "../interfaces/ISwapRouter.sol";
import {IOracleHub} from "../interfaces/IOracleHub.sol";
import {FixedPointMath} from "../libraries/FixedPointMath.sol";

/// @notice A DEX priced from the oracle, with Uniswap-style fee tiers and constant-product-like price impact:
///         out = (amountIn − fee) · pIn / pOut · depth / (depth + tradeUsd), where depth is the pool's USD depth.
///         It pays out of its own inventory (mock tokens minted to it at deployment).
contract MockSwapRouter is ISwapRouter {
    using SafeERC20 for IERC20;
    using FixedPointMath for uint256;

    uint256 private constant FEE_DENOMINATOR = 1_000_000;

    error UnsupportedFeeTier(uint24 feeTier);
    error TooLittleReceived(uint256 amountOut, uint256 minAmountOut);
    error ZeroAmount();

    IOracleHub public immutable oracle;
    /// @notice USD depth (WAD) of the virtual pool; larger means less price impact.
    uint256 public depthUsd;
    /// @notice Extra adverse slippage in bps on top of fee and impact (to simulate a manipulated pool).
    uint256 public extraSlippageBps;

    constructor(IOracleHub oracle_, uint256 depthUsd_) {
        oracle = oracle_;
        depthUsd = depthUsd_;
    }

    function setDepthUsd(uint256 depthUsd_) external {
        depthUsd = depthUsd_;
    }

    function setExtraSlippageBps(uint256 bps) external {
        extraSlippageBps = bps;
    }

    function quote(address tokenIn, address tokenOut, uint24 feeTier, uint256 amountIn)
        public
        view
        returns (uint256 amountOut, uint256 feeAmountIn)
    {
        if (feeTier != 500 && feeTier != 3000 && feeTier != 10000) revert UnsupportedFeeTier(feeTier);
        if (amountIn == 0) revert ZeroAmount();
        feeAmountIn = FixedPointMath.mulDivUp(amountIn, feeTier, FEE_DENOMINATOR);
        uint256 pIn = oracle.priceOf(tokenIn);
        uint256 pOut = oracle.priceOf(tokenOut);
        uint256 usdIn = (amountIn - feeAmountIn).toUsdDown(IERC20Metadata(tokenIn).decimals(), pIn);
        uint256 usdOut = FixedPointMath.mulDivDown(usdIn, depthUsd, depthUsd + usdIn);
        usdOut = FixedPointMath.bpsDown(usdOut, FixedPointMath.MAX_BPS - extraSlippageBps);
        amountOut = usdOut.fromUsdDown(IERC20Metadata(tokenOut).decimals(), pOut);
    }

    function swapExactInput(ExactInputParams calldata p) external returns (uint256 amountOut, uint256 feeAmountIn) {
        (amountOut, feeAmountIn) = quote(p.tokenIn, p.tokenOut, p.feeTier, p.amountIn);
        if (amountOut < p.minAmountOut) revert TooLittleReceived(amountOut, p.minAmountOut);
        IERC20(p.tokenIn).safeTransferFrom(msg.sender, address(this), p.amountIn);
        IERC20(p.tokenOut).safeTransfer(p.recipient, amountOut);
    }
}

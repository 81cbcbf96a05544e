// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IVenue} from "../venues/IVenue.sol";
import {IOracleHub} from "../interfaces/IOracleHub.sol";
import {FixedPointMath} from "../libraries/FixedPointMath.sol";

/// @notice A DEX priced from the oracle, with Uniswap-style fee tiers and constant-product-like price impact:
///         out = (amountIn − fee) · pIn / pOut · depth / (depth + tradeUsd), where depth is the pool's USD depth
///         and each token's price is the oracle's moved by its `skewBps` (a pool pushed off the oracle: anyone
///         may push it, as anyone may trade a real pool). Its TWAP is the oracle's price: a push shows in spot
///         only, as a push in the same block would on a real pool. It pays out of its own inventory (mock
///         tokens minted to it at deployment).
contract MockSwapRouter is IVenue {
    using SafeERC20 for IERC20;
    using FixedPointMath for uint256;

    uint256 private constant FEE_DENOMINATOR = 1_000_000;

    error UnsupportedFeeTier(uint24 feeTier);
    error TooLittleReceived(uint256 amountOut, uint256 minAmountOut);
    error ZeroAmount();
    error InvalidSkew(int256 skewBps);
    error DeadlineExpired(uint256 deadline);

    IOracleHub public immutable oracle;
    /// @notice USD depth (WAD) of the virtual pool; larger means less price impact.
    uint256 public poolDepthUsd;
    /// @notice Extra adverse slippage in bps on top of fee and impact (to simulate a manipulated pool).
    uint256 public extraSlippageBps;
    /// @notice How far the pool's price of a token is pushed from the oracle's, in bps (negative = cheaper).
    mapping(address => int256) public skewBps;

    constructor(IOracleHub oracle_, uint256 depthUsdWad) {
        oracle = oracle_;
        poolDepthUsd = depthUsdWad;
    }

    function setDepthUsd(uint256 depthUsdWad) external {
        poolDepthUsd = depthUsdWad;
    }

    function setExtraSlippageBps(uint256 bps) external {
        extraSlippageBps = bps;
    }

    function setSkewBps(address token, int256 bps) external {
        if (bps <= -int256(FixedPointMath.MAX_BPS) || bps >= int256(FixedPointMath.MAX_BPS)) revert InvalidSkew(bps);
        skewBps[token] = bps;
    }

    function quote(address tokenIn, address tokenOut, uint24 feeTier, uint256 amountIn)
        public
        view
        returns (uint256 amountOut, uint256 feeAmountIn)
    {
        _requireFeeTier(feeTier);
        if (amountIn == 0) revert ZeroAmount();
        feeAmountIn = FixedPointMath.mulDivUp(amountIn, feeTier, FEE_DENOMINATOR);
        uint256 usdIn = (amountIn - feeAmountIn).toUsdDown(IERC20Metadata(tokenIn).decimals(), _poolPrice(tokenIn));
        uint256 usdOut = FixedPointMath.mulDivDown(usdIn, poolDepthUsd, poolDepthUsd + usdIn);
        usdOut = FixedPointMath.bpsDown(usdOut, FixedPointMath.MAX_BPS - extraSlippageBps);
        amountOut = usdOut.fromUsdDown(IERC20Metadata(tokenOut).decimals(), _poolPrice(tokenOut));
    }

    function spotPrice(address asset, address quoteToken, uint24 feeTier) external view returns (uint256) {
        _requireFeeTier(feeTier);
        return _poolPrice(asset).divWadDown(_poolPrice(quoteToken));
    }

    function twapPrice(address asset, address quoteToken, uint24 feeTier, uint32) external view returns (uint256) {
        _requireFeeTier(feeTier);
        return oracle.priceOf(asset).divWadDown(oracle.priceOf(quoteToken));
    }

    function depthUsd(address, address, uint24 feeTier) external view returns (uint256) {
        _requireFeeTier(feeTier);
        return poolDepthUsd;
    }

    /// @notice The mock is its own (single, virtual) pool.
    function poolOf(address, address, uint24 feeTier) external view returns (address) {
        _requireFeeTier(feeTier);
        return address(this);
    }

    function swapExactInput(ExactInputParams calldata p) external returns (uint256 amountOut, uint256 feeAmountIn) {
        if (block.timestamp > p.deadline) revert DeadlineExpired(p.deadline);
        (amountOut, feeAmountIn) = quote(p.tokenIn, p.tokenOut, p.feeTier, p.amountIn);
        if (amountOut < p.minAmountOut) revert TooLittleReceived(amountOut, p.minAmountOut);
        IERC20(p.tokenIn).safeTransferFrom(msg.sender, address(this), p.amountIn);
        IERC20(p.tokenOut).safeTransfer(p.recipient, amountOut);
    }

    function _poolPrice(address token) private view returns (uint256) {
        int256 s = skewBps[token];
        uint256 p = oracle.priceOf(token);
        return s >= 0 ? p.bpsDown(FixedPointMath.MAX_BPS + uint256(s)) : p.bpsDown(FixedPointMath.MAX_BPS - uint256(-s));
    }

    function _requireFeeTier(uint24 feeTier) private pure {
        if (feeTier != 500 && feeTier != 3000 && feeTier != 10000) revert UnsupportedFeeTier(feeTier);
    }
}

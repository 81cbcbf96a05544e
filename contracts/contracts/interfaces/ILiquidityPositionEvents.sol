// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Events of a liquidity position adapter (UniswapV3LiquidityPosition): the subgraph's LiquidityPosition
///         follows them. Amounts are base units of the position's asset and stablecoin.
interface ILiquidityPositionEvents {
    event ControllerSet(address indexed controller);
    /// @notice Liquidity added to the position `positionId` (the venue's id); amounts in base units.
    event LiquidityAdded(uint256 indexed positionId, uint128 liquidity, uint256 assetAmount, uint256 stableAmount);
    /// @notice Liquidity removed from `positionId` and its tokens sent to `to`: the principal plus every fee the
    ///         position earned (an exit collects both).
    event LiquidityRemoved(
        uint256 indexed positionId, address indexed to, uint128 liquidity, uint256 assetAmount, uint256 stableAmount
    );
}
